// httptest's ResponseRecorder and NewRequest (src/net/http/httptest/recorder.go
// and httptest.go), platform-free: they work in Node and in browsers.

import { BytesBody, NoBody, toBody, type BodyInit } from "./body.js";
import { checkWriteHeaderCode, type ResponseWriter } from "./handler.js";
import { CanonicalHeaderKey, Header, TrailerPrefix } from "./header.js";
import { trimString, utf8Decode, utf8Encode } from "./internal.js";
import { Request, type ServerRequest, type TLSConnectionState } from "./request.js";
import { Response } from "./response.js";
import { DetectContentType } from "./sniff.js";
import { StatusText } from "./status.js";
import { requestURL, URLError, urlHost } from "./url.js";

/** DefaultRemoteAddr is the default remote address to return in RemoteAddr if an explicit one isn't set ("1.2.3.4"). */
export const DefaultRemoteAddr = "1.2.3.4";

/**
 * BytesBuffer is a growable byte buffer (the part of Go's bytes.Buffer that ResponseRecorder.Body
 * offers): Write and WriteString append, Bytes returns the contents, String decodes them as UTF-8.
 */
export class BytesBuffer {
  #buf = new Uint8Array(64);
  #len = 0;

  /** Write appends p and returns its length. */
  Write(p: Uint8Array): number {
    if (this.#len + p.length > this.#buf.length) {
      const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + p.length));
      grown.set(this.#buf.subarray(0, this.#len));
      this.#buf = grown;
    }
    this.#buf.set(p, this.#len);
    this.#len += p.length;
    return p.length;
  }
  /** WriteString appends the UTF-8 encoding of s and returns its length in bytes. */
  WriteString(s: string): number {
    return this.Write(utf8Encode(s));
  }
  /** Bytes returns the contents (a view that later writes may replace, as Go's slice). */
  Bytes(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }
  /** String returns the contents decoded as UTF-8. */
  String(): string {
    return utf8Decode(this.Bytes());
  }
  /** Len returns the number of bytes held. */
  Len(): number {
    return this.#len;
  }
  /** Reset empties the buffer. */
  Reset(): void {
    this.#len = 0;
  }
  /** toString returns String(). */
  toString(): string {
    return this.String();
  }
}

// RFC 7230 section 4.1.2: fields not allowed in trailers (httpguts.ValidTrailerHeader).
const badTrailer = new Set([
  "Authorization",
  "Cache-Control",
  "Connection",
  "Content-Encoding",
  "Content-Length",
  "Content-Range",
  "Content-Type",
  "Expect",
  "Host",
  "Keep-Alive",
  "Max-Forwards",
  "Pragma",
  "Proxy-Authenticate",
  "Proxy-Authorization",
  "Proxy-Connection",
  "Range",
  "Realm",
  "Te",
  "Trailer",
  "Transfer-Encoding",
  "Www-Authenticate",
]);

function validTrailerHeader(name: string): boolean {
  name = CanonicalHeaderKey(name);
  return !(name.startsWith("If-") || badTrailer.has(name));
}

// parseContentLength trims whitespace from cl and returns -1 if no value is set or it is not a
// valid non-negative int64 ("+3" and "-3" are invalid).
function parseContentLength(cl: string): number {
  cl = trimString(cl);
  if (cl === "" || !/^[0-9]+$/.test(cl)) return -1;
  if (BigInt(cl) > 9223372036854775807n) return -1;
  return Number(cl);
}

/**
 * ResponseRecorder is an implementation of ResponseWriter that records its mutations for later
 * inspection in tests (Go's httptest.ResponseRecorder). Its Write records synchronously, so a
 * handler that forgets to await a write is still recorded in full.
 *
 * @example
 * const rec = NewRecorder();
 * await mux.ServeHTTP(rec, NewTestRequest("GET", "/items/42"));
 * rec.Code;                           // 200
 * await rec.Result().text();          // the body
 */
export class ResponseRecorder implements ResponseWriter {
  /**
   * Code is the HTTP response code set by WriteHeader. If a handler never calls WriteHeader or
   * Write, it stays at its initial value (200 from NewRecorder); Result() reports 200 for 0.
   */
  Code = 0;
  /**
   * HeaderMap contains the headers explicitly set by the handler, including changes made after
   * the header was written. Deprecated in Go; use Result().Header, the snapshot taken at the first
   * write.
   */
  HeaderMap: Header | null = null;
  /** Body is the buffer the handler's writes go to; if null, they are discarded. */
  Body: BytesBuffer | null = null;
  /** Flushed is whether the handler called Flush. */
  Flushed = false;

  #result: Response | null = null;
  #snapHeader: Header | null = null;
  #wroteHeader = false;

  /** Header returns the response headers to mutate within a handler (HeaderMap, created if null). */
  Header(): Header {
    this.HeaderMap ??= new Header();
    return this.HeaderMap;
  }

  // writeHeader writes the header if it was not written yet, detecting Content-Type from the
  // start of the body if none is set and no Transfer-Encoding is.
  #writeHeader(b: Uint8Array): void {
    if (this.#wroteHeader) return;
    const m = this.Header();
    const hasType = m.has("Content-Type");
    const hasTE = m.Get("Transfer-Encoding") !== "";
    if (!hasType && !hasTE) m.Set("Content-Type", DetectContentType(b));
    this.WriteHeader(200);
  }

  /** Write records p (a string as UTF-8) in Body, if not null, writing the header first if needed. */
  Write(p: Uint8Array | string): Promise<number> {
    const b = typeof p === "string" ? utf8Encode(p) : p;
    this.#writeHeader(b);
    this.Body?.Write(b);
    return Promise.resolve(b.length);
  }

  /** WriteHeader records code (the first call wins) and snapshots the header. It throws for a code outside 100-999. */
  WriteHeader(code: number): void {
    if (this.#wroteHeader) return;
    checkWriteHeaderCode(code);
    this.Code = code;
    this.#wroteHeader = true;
    this.HeaderMap ??= new Header();
    this.#snapHeader = this.HeaderMap.Clone();
  }

  /** Flush records the call in Flushed, writing a 200 header first if none was written. */
  Flush(): Promise<void> {
    if (!this.#wroteHeader) this.WriteHeader(200);
    this.Flushed = true;
    return Promise.resolve();
  }

  /**
   * Result returns the response generated by the handler: StatusCode, Status, Header (a snapshot
   * at the first write, or at this call if there was none), Body (never null, reads never fail),
   * ContentLength from the Content-Length header (-1 if absent or invalid) and Trailer. It must
   * only be called after the handler has finished; later calls return the same Response.
   */
  Result(): Response {
    if (this.#result !== null) return this.#result;
    this.#snapHeader ??= (this.HeaderMap ?? new Header()).Clone();
    const code = this.Code === 0 ? 200 : this.Code;
    const res = new Response({
      Proto: "HTTP/1.1",
      ProtoMajor: 1,
      ProtoMinor: 1,
      StatusCode: code,
      Status: String(code).padStart(3, "0") + " " + StatusText(code),
      Header: this.#snapHeader,
      Body: this.Body !== null ? new BytesBody(this.Body.Bytes().slice()) : NoBody,
    });
    this.#result = res;
    res.ContentLength = parseContentLength(res.Header.Get("Content-Length"));

    const trailers = this.#snapHeader.get("Trailer");
    if (trailers !== undefined) {
      res.Trailer = new Header();
      for (const line of trailers) {
        for (let k of line.split(",")) {
          k = CanonicalHeaderKey(trimString(k));
          if (!validTrailerHeader(k)) continue; // forbidden by RFC 7230, section 4.1.2
          const vv = this.HeaderMap?.get(k);
          if (vv === undefined) continue;
          res.Trailer.set(k, [...vv]);
        }
      }
    }
    for (const [key, vv] of this.HeaderMap ?? []) {
      if (!key.startsWith(TrailerPrefix)) continue;
      res.Trailer ??= new Header();
      for (const v of vv) res.Trailer.Add(key.slice(TrailerPrefix.length), v);
    }
    return res;
  }
}

/**
 * NewRecorder returns an initialized ResponseRecorder: Code 200, an empty HeaderMap and an empty
 * Body buffer.
 */
export function NewRecorder(): ResponseRecorder {
  const rec = new ResponseRecorder();
  rec.HeaderMap = new Header();
  rec.Body = new BytesBuffer();
  rec.Code = 200;
  return rec;
}

/**
 * NewTestRequest returns a new incoming server Request, suitable for passing to a Handler for
 * testing (Go's httptest.NewRequest; export it as NewRequest from gonet/httptest). The target is
 * the RFC 7230 request-target: a path or an absolute URL; for a path, Host is "example.com". An
 * empty method means GET. Proto is HTTP/1.1, RemoteAddr "192.0.2.1:1234", TLS a dummy state for
 * an "https://" target. A Uint8Array or string body sets ContentLength; another body gives -1;
 * no body gives NoBody. It throws (Go panics) `invalid NewRequest arguments; …` for a target Go
 * rejects.
 *
 * @example
 * const r = NewTestRequest("POST", "/form", "a=1&b=2");
 * r.Header.Set("Content-Type", "application/x-www-form-urlencoded");
 */
export function NewTestRequest(method: string, target: string, body?: BodyInit | null, signal?: AbortSignal | null): ServerRequest {
  return NewTestRequestWithContext(signal ?? null, method, target, body);
}

/**
 * NewTestRequestWithContext is NewTestRequest with a context signal (Go's
 * httptest.NewRequestWithContext; export it as NewRequestWithContext from gonet/httptest).
 */
export function NewTestRequestWithContext(signal: AbortSignal | null, method: string, target: string, body?: BodyInit | null): ServerRequest {
  if (method === "") method = "GET";
  let url: URL;
  try {
    url = requestURL(method, target, "example.com", target.startsWith("https://") ? "https" : "http");
  } catch (e) {
    const text = e instanceof URLError ? e.message : String(e);
    throw new globalThis.Error("invalid NewRequest arguments; " + text, { cause: e });
  }
  let host = urlHost(url);
  if (host === "") host = "example.com";
  const req = new Request({
    Method: method,
    URL: url,
    Proto: "HTTP/1.1",
    ProtoMajor: 1,
    ProtoMinor: 1,
    Host: host,
    RequestURI: target,
    RemoteAddr: "192.0.2.1:1234",
    Body: NoBody,
    signal,
  });
  if (body !== undefined && body !== null) {
    if (typeof body === "string") req.ContentLength = utf8Encode(body).length;
    else if (body instanceof Uint8Array) req.ContentLength = body.length;
    else if (body instanceof BytesBody) req.ContentLength = body.Len();
    else req.ContentLength = -1;
    req.Body = toBody(body);
  }
  if (target.startsWith("https://")) {
    const tls: TLSConnectionState = { Version: 0x0303, HandshakeComplete: true, ServerName: req.Host };
    req.TLS = tls;
  }
  // Body is NoBody unless a body was given: a ServerRequest, as Go's httptest.NewRequest.
  return Object.assign(req, { Body: req.Body ?? NoBody });
}
