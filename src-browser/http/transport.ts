// The browser HTTP Transport (Go's http.Transport) on fetch. What the browser
// decides stays the browser's: connections and keep-alive, TLS, cookies
// (credentials), forbidden request headers (Host, Connection, Content-Length,
// …, silently dropped), and redirects, which fetch follows itself by default.
// See Transport for the limits.

import { ReadAll } from "../../src/io.js";
import type { Conn } from "../../src/net.js";
import { NoBody, type Body } from "../../src/http/body.js";
import { checkTransportRequest, contextError, type RoundTripper } from "../../src/http/client.js";
import { HTTPError } from "../../src/http/errors.js";
import { Header } from "../../src/http/header.js";
import { backgroundSignal } from "../../src/http/internal.js";
import type { Request } from "../../src/http/request.js";
import { Response } from "../../src/http/response.js";
import { StatusText } from "../../src/http/status.js";

/** DialContextFunc is the type of Node's Transport.DialContext; a browser Transport cannot use one. */
export type DialContextFunc = (signal: AbortSignal, network: string, address: string) => Promise<Conn>;

/** TransportInit holds the fields a browser Transport is created with. */
export interface TransportInit {
  /**
   * Redirect is fetch's redirect mode. "follow" (the default) lets the browser follow redirects
   * itself; "manual" hands 3xx responses to the Client's redirect policy where the platform shows
   * them (Node's fetch, a service worker), and fails where it hides them (a page sees an opaque
   * redirect); "error" fails on any redirect.
   */
  Redirect?: RequestRedirect;
  /** Credentials is fetch's credentials mode (default "same-origin"): whether cookies and auth go along. */
  Credentials?: RequestCredentials;
  /** Mode is fetch's request mode (default "cors"). */
  Mode?: RequestMode;
  /** Cache is fetch's cache mode (default "default"). */
  Cache?: RequestCache;
  /** DisableKeepAlives is accepted for Go compatibility; a page cannot control connection reuse. */
  DisableKeepAlives?: boolean;
}

/** DefaultMaxIdleConnsPerHost is Go's default per-host idle limit (2); the browser manages its own pool. */
export const DefaultMaxIdleConnsPerHost = 2;

// Headers fetch refuses to let a page set (the browser writes them): not sent, as the browser would drop them.
const forbidden = new Set(["Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Te", "Trailer", "Expect"]);

/** streamBody is a Body over a fetch response's ReadableStream, read chunk by chunk as it arrives. */
class streamBody implements Body {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #signal: AbortSignal;
  #chunk: Uint8Array | null = null;
  #done = false;
  #closed = false;

  constructor(stream: ReadableStream<Uint8Array>, signal: AbortSignal) {
    this.#reader = stream.getReader();
    this.#signal = signal;
  }

  async #next(): Promise<Uint8Array | null> {
    try {
      const r = await this.#reader.read();
      if (r.done) {
        this.#done = true;
        return null;
      }
      return r.value;
    } catch (e) {
      if (this.#signal.aborted) throw contextError(this.#signal);
      throw new HTTPError(e instanceof Error ? e.message : String(e), "GONET_HTTP_ERR_BODY", { cause: e });
    }
  }

  async Read(p: Uint8Array): Promise<number | null> {
    if (this.#closed) throw new HTTPError("http: invalid Read on closed Body", "GONET_HTTP_ERR_BODY_CLOSED");
    if (p.length === 0) return 0;
    while (this.#chunk === null || this.#chunk.length === 0) {
      if (this.#done) return null;
      this.#chunk = await this.#next();
      if (this.#chunk === null) return null;
    }
    const n = Math.min(p.length, this.#chunk.length);
    p.set(this.#chunk.subarray(0, n));
    this.#chunk = n === this.#chunk.length ? null : this.#chunk.subarray(n);
    return n;
  }

  async Close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#done) await this.#reader.cancel().catch(() => {});
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#closed) throw new HTTPError("http: invalid Read on closed Body", "GONET_HTTP_ERR_BODY_CLOSED");
    if (this.#chunk !== null && this.#chunk.length > 0) {
      const c = this.#chunk;
      this.#chunk = null;
      yield c;
    }
    for (;;) {
      if (this.#done || this.#closed) return;
      const c = await this.#next();
      if (c === null) return;
      if (c.length > 0) yield c;
    }
  }
}

/**
 * Transport is a RoundTripper on the platform's fetch (Go's http.Transport, for browsers).
 * Response bodies stream as they arrive; the request's context signal aborts the fetch and the
 * body. Limits, all the browser's: request bodies are sent whole (fetch streams uploads only
 * over HTTP/2 with duplex "half"), redirects are followed by the browser unless Redirect is
 * "manual" (so CheckRedirect and the 10-redirect limit do not apply to them, and Response.Request
 * carries the final URL), forbidden headers are not sent, Set-Cookie is never visible, a
 * cross-origin response shows only the headers its CORS policy exposes, and a network failure
 * is reported only as fetch's TypeError text.
 *
 * @example
 * const c = new Client({ Transport: new Transport({ Credentials: "include" }) });
 */
export class Transport implements RoundTripper {
  /** Redirect is fetch's redirect mode ("follow" by default). */
  Redirect: RequestRedirect;
  /** Credentials is fetch's credentials mode. */
  Credentials: RequestCredentials;
  /** Mode is fetch's request mode. */
  Mode: RequestMode;
  /** Cache is fetch's cache mode. */
  Cache: RequestCache;
  /** DisableKeepAlives is kept for Go compatibility; the browser decides about connection reuse. */
  DisableKeepAlives: boolean;

  constructor(init: TransportInit = {}) {
    this.Redirect = init.Redirect ?? "follow";
    this.Credentials = init.Credentials ?? "same-origin";
    this.Mode = init.Mode ?? "cors";
    this.Cache = init.Cache ?? "default";
    this.DisableKeepAlives = init.DisableKeepAlives ?? false;
  }

  /** RoundTrip sends req with fetch and resolves the response as soon as its headers arrive. */
  async RoundTrip(req: Request): Promise<Response> {
    checkTransportRequest(req);
    const signal = req.Context();
    const body = req.Body !== null && req.Body !== NoBody ? req.Body : null;
    if (signal.aborted) {
      void body?.Close().catch(() => {});
      throw contextError(signal);
    }
    const method = req.Method === "" ? "GET" : req.Method;
    const headers = new Headers();
    for (const [k, vv] of req.Header) {
      if (forbidden.has(k)) continue;
      for (const v of vv) headers.append(k, v);
    }
    let payload: Uint8Array | null = null;
    if (body !== null) {
      try {
        payload = await ReadAll(body);
      } finally {
        await body.Close().catch(() => {});
      }
    }
    const init: RequestInit = {
      method,
      headers,
      redirect: this.Redirect,
      credentials: this.Credentials,
      mode: this.Mode,
      cache: this.Cache,
    };
    if (payload !== null && method !== "GET" && method !== "HEAD") init.body = payload as BodyInit;
    if (signal !== backgroundSignal) init.signal = signal;
    let res: globalThis.Response;
    try {
      res = await fetch(req.URL.href, init);
    } catch (e) {
      if (signal.aborted) throw contextError(signal);
      throw new HTTPError(e instanceof Error ? e.message : String(e), "GONET_HTTP_ERR_FETCH", { cause: e });
    }
    if (res.type === "opaqueredirect") {
      throw new HTTPError('http: the browser hides redirect responses from pages (fetch redirect "manual"); use Transport Redirect "follow"', "GONET_HTTP_ERR_OPAQUE_REDIRECT");
    }
    return this.#response(req, method, res, signal);
  }

  #response(req: Request, method: string, res: globalThis.Response, signal: AbortSignal): Response {
    const h = new Header();
    res.headers.forEach((v, k) => h.Add(k, v));
    const code = res.status;
    const cl = h.Get("Content-Length");
    let contentLength = cl !== "" && /^[0-9]+$/.test(cl) ? Number(cl) : -1;
    let uncompressed = false;
    if (h.Get("Content-Encoding") !== "") {
      // fetch has decoded the body already, as Go's Transport does for gzip.
      uncompressed = true;
      h.Del("Content-Encoding");
      h.Del("Content-Length");
      contentLength = -1;
    }
    let request = req;
    if (res.redirected && res.url !== "") {
      request = req.WithContext(signal);
      request.URL = new URL(res.url);
    }
    const text = res.statusText !== "" ? res.statusText : StatusText(code);
    const resp = new Response({
      Status: text !== "" ? `${code} ${text}` : `${code}`,
      StatusCode: code,
      Proto: "HTTP/1.1",
      ProtoMajor: 1,
      ProtoMinor: 1,
      Header: h,
      ContentLength: code === 204 || code === 304 ? 0 : contentLength,
      Uncompressed: uncompressed,
      Request: request,
    });
    if (res.body === null || method === "HEAD") {
      void res.body?.cancel().catch(() => {});
      resp.Body = NoBody;
    } else resp.Body = new streamBody(res.body, signal);
    return resp;
  }

  /** CloseIdleConnections does nothing: the browser owns its connections. */
  CloseIdleConnections(): void {}
}

/** DefaultTransport is the default RoundTripper, used by DefaultClient and by any Client without a Transport. */
export const DefaultTransport: Transport = new Transport();
