// Handlers and the helper handlers of Go's net/http/server.go: Handler,
// HandlerFunc, ResponseWriter, Error, NotFound, Redirect, StripPrefix,
// TimeoutHandler, MaxBytesHandler, AllowQuerySemicolons, and the server's
// error values. Handlers may be synchronous or async; helpers that write a
// body return a Promise that resolves once the write was accepted.

import { ErrCanceled, SentinelError } from "../errors.js";
import { MaxBytesReader } from "./body.js";
import { Header } from "./header.js";
import { pathClean, pathSplit, utf8Encode } from "./internal.js";
import type { Request, ServerRequest } from "./request.js";
import { StatusOK, StatusServiceUnavailable, StatusText } from "./status.js";
import { escapedPath, escapePath, parseGoURL, urlPath, urlRawQuery, withPath, withQuery } from "./url.js";

/**
 * ResponseWriter is used by an HTTP handler to construct an HTTP response (Go's
 * http.ResponseWriter). Header returns the header map that WriteHeader sends; WriteHeader sends
 * the status line and headers (a second call is ignored); Write writes body bytes (a string is
 * written as UTF-8), calling WriteHeader(200) first if needed, and resolves the number of bytes
 * once they are accepted. Flush, when present, sends buffered data to the client (Go's Flusher).
 * A ResponseWriter may not be used after ServeHTTP has returned (or its Promise has settled).
 */
export interface ResponseWriter {
  /** Header returns the header map that will be sent by WriteHeader. */
  Header(): Header;
  /** Write writes p as part of the response body and resolves the number of bytes written. */
  Write(p: Uint8Array | string): Promise<number>;
  /** WriteHeader sends the response header with the given status code (100-999). */
  WriteHeader(statusCode: number): void;
  /** Flush, when implemented, sends any buffered data to the client. */
  Flush?(): Promise<void>;
}

/** Flusher is implemented by ResponseWriters that can flush buffered data to the client (Go's http.Flusher). */
export interface Flusher {
  /** Flush sends any buffered data to the client. */
  Flush(): Promise<void>;
}

/**
 * Handler responds to an HTTP request (Go's http.Handler). ServeHTTP should write reply headers
 * and data to the ResponseWriter and then return; for an async handler the request is finished
 * when its Promise settles. A thrown error (Go's panic) is the server's to handle. r is a
 * ServerRequest: its Body is never null (NoBody for a request without one), as Go's server
 * guarantees.
 */
export interface Handler {
  /** ServeHTTP writes the response to r into w. */
  ServeHTTP(w: ResponseWriter, r: ServerRequest): void | Promise<void>;
}

/**
 * HandlerFunction is the function type HandlerFunc adapts: (w, r) returning nothing or a Promise
 * (whose value is ignored, so `(w) => w.Write("hi")` is a HandlerFunction).
 */
export type HandlerFunction = (w: ResponseWriter, r: ServerRequest) => void | PromiseLike<unknown>;

/** handlerFunc is the Handler HandlerFunc returns; f is the adapted function. Internal. */
export class handlerFunc implements Handler {
  constructor(readonly f: HandlerFunction) {}
  /** ServeHTTP calls f(w, r). */
  ServeHTTP(w: ResponseWriter, r: ServerRequest): void | Promise<void> {
    const result = this.f(w, r);
    if (result !== undefined && result !== null && typeof result.then === "function") return Promise.resolve(result).then(() => {});
    return undefined;
  }
}

/**
 * HandlerFunc adapts an ordinary function to a Handler (Go's HandlerFunc conversion): the Handler's
 * ServeHTTP calls f(w, r).
 *
 * @example
 * const h = HandlerFunc(async (w, r) => { await w.Write("hello " + r.URL.pathname); });
 */
export function HandlerFunc(f: HandlerFunction): Handler {
  return new handlerFunc(f);
}

/** ErrBodyNotAllowed is thrown by ResponseWriter.Write when the request method or response status code does not permit a body. */
export const ErrBodyNotAllowed = new SentinelError("http: request method or response status code does not allow body", "GONET_HTTP_ERR_BODY_NOT_ALLOWED", {
  name: "ErrBodyNotAllowed",
});
/** ErrHijacked is thrown by ResponseWriter.Write when the underlying connection has been hijacked. */
export const ErrHijacked = new SentinelError("http: connection has been hijacked", "GONET_HTTP_ERR_HIJACKED", { name: "ErrHijacked" });
/** ErrContentLength is thrown by ResponseWriter.Write when a handler wrote more than the declared Content-Length. */
export const ErrContentLength = new SentinelError("http: wrote more than the declared Content-Length", "GONET_HTTP_ERR_CONTENT_LENGTH", {
  name: "ErrContentLength",
});
/** ErrHandlerTimeout is thrown by ResponseWriter.Write in handlers which have timed out (TimeoutHandler). */
export const ErrHandlerTimeout = new SentinelError("http: Handler timeout", "GONET_HTTP_ERR_HANDLER_TIMEOUT", { name: "ErrHandlerTimeout", timeout: true });
/** ErrAbortHandler is a sentinel a handler throws to abort its response without the server logging it (Go's panic(ErrAbortHandler)). */
export const ErrAbortHandler = new SentinelError("net/http: abort Handler", "GONET_HTTP_ERR_ABORT_HANDLER", { name: "ErrAbortHandler" });
/** ErrServerClosed is returned by Server's Serve, ListenAndServe and ListenAndServeTLS after Shutdown or Close. */
export const ErrServerClosed = new SentinelError("http: Server closed", "GONET_HTTP_ERR_SERVER_CLOSED", { name: "ErrServerClosed" });

/**
 * checkWriteHeaderCode throws Go's panic text for a status code that is not three digits. For
 * ResponseWriter implementations. Internal.
 */
export function checkWriteHeaderCode(code: number): void {
  if (!Number.isInteger(code) || code < 100 || code > 999) throw new globalThis.Error(`invalid WriteHeader code ${code}`);
}

/**
 * Error replies to the request with the specified error message and HTTP code. It does not
 * otherwise end the request; the caller should ensure no further writes are done to w. The
 * message should be plain text. Error deletes the Content-Length and Content-Encoding headers,
 * sets Content-Type to "text/plain; charset=utf-8" and X-Content-Type-Options to "nosniff", and
 * writes the message followed by a newline.
 *
 * @example
 * await Error(w, "bad input", StatusBadRequest);
 */
export async function Error(w: ResponseWriter, error: string, code: number): Promise<void> {
  const h = w.Header();
  // Delete headers which might be valid for some other content, but not for the error content.
  h.Del("Content-Length");
  h.Del("Content-Encoding");
  h.Set("Content-Type", "text/plain; charset=utf-8");
  h.Set("X-Content-Type-Options", "nosniff");
  w.WriteHeader(code);
  await w.Write(error + "\n");
}

/** NotFound replies to the request with an HTTP 404 not found error ("404 page not found"). */
export function NotFound(w: ResponseWriter, _r: Request): Promise<void> {
  return Error(w, "404 page not found", 404);
}

const notFoundHandler: Handler = new handlerFunc(NotFound);

/** NotFoundHandler returns a simple request handler that replies to each request with a "404 page not found" reply. */
export function NotFoundHandler(): Handler {
  return notFoundHandler;
}

/**
 * StripPrefix returns a handler that serves HTTP requests by removing the given prefix from the
 * request URL's Path (and RawPath if set) and invoking the handler h. It replies 404 to a request
 * whose path doesn't begin with prefix. The prefix must match exactly: if the prefix in the
 * request contains escaped characters the reply is also 404. The stripped URL's pathname starts
 * with "/" even where Go's Path would not (a WHATWG URL always has one).
 *
 * @example
 * mux.Handle("/static/", StripPrefix("/static", fileServer));
 */
export function StripPrefix(prefix: string, h: Handler): Handler {
  if (prefix === "") return h;
  return new handlerFunc((w, r) => {
    const path = urlPath(r.URL);
    const ep = escapedPath(r.URL);
    const rawPath = ep === escapePath(path) ? "" : ep; // Go's RawPath is "" for the default encoding
    const p = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const rp = rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath;
    if (p.length < path.length && (rawPath === "" || rp.length < rawPath.length)) {
      const r2 = r.WithContext(r.Context());
      r2.URL = withPath(r.URL, p, rp);
      return h.ServeHTTP(w, r2);
    }
    return NotFound(w, r);
  });
}

const htmlReplacements: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

/** htmlEscape escapes the five HTML special characters as Go's htmlReplacer does. Internal. */
export function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => htmlReplacements[c] as string);
}

/** hexEscapeNonASCII percent-escapes (lower-case hex, as Go) every byte of s that is not ASCII. Internal. */
export function hexEscapeNonASCII(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
  if (ascii) return s;
  let out = "";
  for (const b of utf8Encode(s)) out += b >= 0x80 ? "%" + b.toString(16) : String.fromCharCode(b);
  return out;
}

/**
 * Redirect replies to the request with a redirect to url, which may be a path relative to the
 * request path. The code should be in the 3xx range, usually StatusMovedPermanently, StatusFound
 * or StatusSeeOther. If the Content-Type header has not been set, Redirect sets it to
 * "text/html; charset=utf-8" (for GET and HEAD) and, for GET, writes a small HTML body. Setting
 * the Content-Type header to any value, including an empty list, disables that behavior.
 *
 * @example
 * await Redirect(w, r, "/login?next=" + encodeURIComponent(r.URL.pathname), StatusFound);
 */
export async function Redirect(w: ResponseWriter, r: Request, url: string, code: number): Promise<void> {
  let parsed = true;
  let scheme = "";
  let host = "";
  try {
    const u = parseGoURL(url);
    scheme = u.scheme;
    host = u.host;
  } catch {
    parsed = false;
  }
  if (parsed && scheme === "" && host === "") {
    // A relative url: make its path absolute by combining it with the request path (RFC 7231,
    // section 7.1.2); the client would do it, but doing it here is more reliable.
    let oldpath = urlPath(r.URL);
    if (oldpath === "") oldpath = "/"; // should not happen, but avoid a crash if it does
    // No leading http://server.
    if (url === "" || url[0] !== "/") {
      const [olddir] = pathSplit(oldpath);
      url = olddir + url;
    }
    let query = "";
    const q = url.indexOf("?");
    if (q !== -1) {
      query = url.slice(q);
      url = url.slice(0, q);
    }
    // Clean up but preserve a trailing slash.
    const trailing = url.endsWith("/");
    url = pathClean(url);
    if (trailing && !url.endsWith("/")) url += "/";
    url += query;
  }

  const h = w.Header();
  // RFC 7231 notes that a short HTML body is usually included in the response because older user
  // agents may not understand 301/307. Do it only if the response has no Content-Type header.
  const hadCT = h.has("Content-Type");
  h.Set("Location", hexEscapeNonASCII(url));
  if (!hadCT && (r.Method === "GET" || r.Method === "HEAD")) h.Set("Content-Type", "text/html; charset=utf-8");
  w.WriteHeader(code);
  // Shouldn't send the body for POST or HEAD; that leaves GET.
  if (!hadCT && r.Method === "GET") {
    const body = '<a href="' + htmlEscape(url) + '">' + StatusText(code) + "</a>.\n";
    await w.Write(body + "\n");
  }
}

/** redirectHandler redirects every request to url with code. Internal (its fields are inspected by tests). */
export class redirectHandler implements Handler {
  constructor(
    readonly url: string,
    readonly code: number,
  ) {}
  /** ServeHTTP redirects r to url with code. */
  ServeHTTP(w: ResponseWriter, r: Request): Promise<void> {
    return Redirect(w, r, this.url, this.code);
  }
}

/**
 * RedirectHandler returns a request handler that redirects each request it receives to the given
 * url using the given status code (usually StatusMovedPermanently, StatusFound or StatusSeeOther).
 */
export function RedirectHandler(url: string, code: number): Handler {
  return new redirectHandler(url, code);
}

/**
 * MaxBytesHandler returns a Handler that runs h with its ResponseWriter and Request.Body wrapped
 * by a MaxBytesReader of n bytes.
 */
export function MaxBytesHandler(h: Handler, n: number): Handler {
  return new handlerFunc((w, r) => {
    const r2 = r.WithContext(r.Context());
    r2.Body = MaxBytesReader(w, r.Body, n);
    return h.ServeHTTP(w, r2);
  });
}

/**
 * AllowQuerySemicolons returns a handler that serves requests by converting any unescaped
 * semicolons in the URL query to ampersands, and invoking the handler h (Go 1.17 stopped
 * treating ";" as a query separator).
 */
export function AllowQuerySemicolons(h: Handler): Handler {
  return new handlerFunc((w, r) => {
    const q = urlRawQuery(r.URL);
    if (q.includes(";")) {
      const r2 = r.WithContext(r.Context());
      r2.URL = withQuery(r.URL, q.replaceAll(";", "&"));
      return h.ServeHTTP(w, r2);
    }
    return h.ServeHTTP(w, r);
  });
}

/**
 * TimeoutHandler returns a Handler that runs h with the given time limit in milliseconds. If a
 * call runs for longer than its time limit, the handler responds with a 503 Service Unavailable
 * error and the given message in its body (a default HTML message if msg is empty), and h's
 * request context is aborted; after that, writes by h to its ResponseWriter throw
 * ErrHandlerTimeout. The ResponseWriter h sees buffers the response until h finishes, and does
 * not support Flush.
 *
 * @example
 * mux.Handle("/slow", TimeoutHandler(slowHandler, 5000, "too slow"));
 */
export function TimeoutHandler(h: Handler, dt: number, msg: string): Handler {
  return new timeoutHandler(h, dt, msg);
}

class timeoutHandler implements Handler {
  constructor(
    readonly handler: Handler,
    readonly dt: number,
    readonly body: string,
  ) {}

  errorBody(): string {
    if (this.body !== "") return this.body;
    return "<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>";
  }

  async ServeHTTP(w: ResponseWriter, r: ServerRequest): Promise<void> {
    const parent = r.Context();
    const ac = new AbortController();
    let deadlineExceeded = false;
    const timer = setTimeout(() => {
      deadlineExceeded = true;
      ac.abort(new DOMException("The operation timed out.", "TimeoutError"));
    }, Math.max(0, this.dt));
    const onParentAbort = () => ac.abort(parent.reason);
    if (parent.aborted) onParentAbort();
    else parent.addEventListener("abort", onParentAbort, { once: true });

    const r2 = r.WithContext(ac.signal);
    const tw = new timeoutWriter();
    const done = (async () => {
      await this.handler.ServeHTTP(tw, r2);
    })();
    const ctxDone = new Promise<void>((resolve) => {
      if (ac.signal.aborted) resolve();
      else ac.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    try {
      const which = await Promise.race([done.then(() => "done" as const), ctxDone.then(() => "ctx" as const)]);
      if (which === "done") {
        const dst = w.Header();
        for (const [k, vv] of tw.h) dst.set(k, vv);
        if (!tw.wroteHeader) tw.code = StatusOK;
        w.WriteHeader(tw.code);
        await w.Write(tw.bytes());
        return;
      }
      // The handler keeps running, as Go's goroutine does; what it throws from now on is dropped.
      done.catch(() => {});
      if (deadlineExceeded) {
        tw.err = ErrHandlerTimeout;
        w.WriteHeader(StatusServiceUnavailable);
        await w.Write(this.errorBody());
      } else {
        const reason: unknown = parent.reason;
        tw.err = reason instanceof globalThis.Error ? reason : ErrCanceled;
        w.WriteHeader(StatusServiceUnavailable);
      }
    } finally {
      clearTimeout(timer);
      parent.removeEventListener("abort", onParentAbort);
      // As Go's deferred cancel: the handler's context ends when ServeHTTP returns.
      if (!ac.signal.aborted) ac.abort(ErrCanceled);
    }
  }
}

class timeoutWriter implements ResponseWriter {
  readonly h = new Header();
  readonly #chunks: Uint8Array[] = [];
  err: unknown = null;
  wroteHeader = false;
  code = 0;

  Header(): Header {
    return this.h;
  }

  Write(p: Uint8Array | string): Promise<number> {
    if (this.err !== null) {
      // Go's handlers commonly ignore Write's error: one left unawaited must not be an
      // unhandled rejection (which ends a Node process); one awaited still rejects.
      const p = Promise.reject(this.err);
      p.catch(() => {});
      return p;
    }
    if (!this.wroteHeader) this.#writeHeader(StatusOK);
    const b = typeof p === "string" ? utf8Encode(p) : p.slice();
    this.#chunks.push(b);
    return Promise.resolve(b.length);
  }

  WriteHeader(code: number): void {
    this.#writeHeader(code);
  }

  #writeHeader(code: number): void {
    checkWriteHeaderCode(code);
    if (this.err !== null || this.wroteHeader) return; // Go logs a superfluous call; gonet ignores it
    this.wroteHeader = true;
    this.code = code;
  }

  bytes(): Uint8Array {
    let n = 0;
    for (const c of this.#chunks) n += c.length;
    const out = new Uint8Array(n);
    let off = 0;
    for (const c of this.#chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}
