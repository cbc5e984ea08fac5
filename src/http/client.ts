// The HTTP client after Go's net/http/client.go: Client with its redirect
// policy, cookie jar and timeout, the package-level Get/Head/Post/PostForm,
// and the RoundTripper interface that the platform transports implement
// (undici in Node, fetch in browsers). Platform-free: the default transport is
// registered by the platform's gonet/http entry point.

import { ErrCanceled, ErrContextDeadlineExceeded } from "../errors.js";
import { CopyN, Discard } from "../io.js";
import { NoBody, type Body, type BodyInit } from "./body.js";
import type { Cookie } from "./cookie.js";
import { HTTPError } from "./errors.js";
import { CanonicalHeaderKey, Header } from "./header.js";
import { asciiToLower, backgroundSignal } from "./internal.js";
import { NewRequest, Request } from "./request.js";
import type { Response } from "./response.js";
import { escapedPath, isRelativeURL, parseURL, URLError, urlHost, type Values } from "./url.js";

/**
 * RoundTripper is the ability to execute a single HTTP transaction, obtaining the Response for a
 * given Request (Go's http.RoundTripper). RoundTrip must not interpret the response (a 404 or a
 * redirect is a Response, not an error), must close the request Body, and throws only when no
 * response was obtained.
 */
export interface RoundTripper {
  /** RoundTrip executes a single HTTP transaction. */
  RoundTrip(req: Request): Promise<Response>;
}

/**
 * CookieJar manages storage and use of cookies in HTTP requests (Go's http.CookieJar):
 * SetCookies handles the receipt of the cookies in a reply for the given URL, Cookies returns the
 * cookies to send in a request for it.
 */
export interface CookieJar {
  /** SetCookies handles the receipt of the cookies in a reply for the given URL. */
  SetCookies(u: URL, cookies: Cookie[]): void;
  /** Cookies returns the cookies to send in a request for the given URL. */
  Cookies(u: URL): Cookie[];
}

/**
 * CheckRedirectFunc decides whether the Client follows a redirect: req is the upcoming request,
 * via the requests made so far, oldest first. Returning (or throwing) an error stops the redirects
 * and Do throws it wrapped in a URLError; returning ErrUseLastResponse makes Do return the most
 * recent response with its body unclosed.
 */
export type CheckRedirectFunc = (req: Request, via: Request[]) => Error | null | undefined | void | Promise<Error | null | undefined | void>;

/** ClientInit holds the fields a Client is created with (Go's Client struct literal). */
export interface ClientInit {
  /** Transport specifies the mechanism by which requests are made; null means DefaultTransport. */
  Transport?: RoundTripper | null;
  /** CheckRedirect specifies the policy for handling redirects; null means Go's default (stop after 10). */
  CheckRedirect?: CheckRedirectFunc | null;
  /** Jar specifies the cookie jar; null means cookies are only sent if explicitly set on the Request. */
  Jar?: CookieJar | null;
  /** Timeout is a time limit in milliseconds for requests made by this Client, including redirects and reading the body; 0 means none. */
  Timeout?: number;
}

const kClientError = Symbol.for("gonet.error.HTTPClientError");

/**
 * ClientError is the inner error of a client URLError that Go reports as its own httpError: a
 * Client.Timeout (`context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
 * Timeout() true) or a cancelled context (`context canceled`). cause is the sentinel it stands
 * for (ErrContextDeadlineExceeded, ErrCanceled), so Is works on it.
 */
export class ClientError extends HTTPError {
  readonly #timeout: boolean;
  constructor(message: string, code: string, timeout: boolean, cause?: unknown) {
    super(message, code, cause === undefined ? undefined : { cause });
    this.name = "ClientError";
    this.#timeout = timeout;
    Object.defineProperty(this, kClientError, { value: true });
  }
  /** Timeout reports whether the request timed out. */
  override Timeout(): boolean {
    return this.#timeout;
  }
  /** Temporary reports the same as Timeout, as Go's httpError. */
  override Temporary(): boolean {
    return this.#timeout;
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[kClientError] === true;
  }
}

/** ErrUseLastResponse can be returned by Client.CheckRedirect hooks to control how redirects are processed: the next request is not sent and the most recent response is returned with its body unclosed. */
export const ErrUseLastResponse = new HTTPError("net/http: use last response", "GONET_HTTP_ERR_USE_LAST_RESPONSE");

/**
 * contextError returns the error a transport throws when signal aborted, as Go's transports
 * return ctx.Err(): a timeout (a TimeoutError reason, or any reason whose Timeout() is true) is
 * `context deadline exceeded` (Timeout() true), anything else `context canceled`. For transports.
 */
export function contextError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  const isTimeout =
    (reason instanceof Error && reason.name === "TimeoutError") ||
    (typeof reason === "object" && reason !== null && typeof (reason as { Timeout?: unknown }).Timeout === "function" && (reason as { Timeout(): boolean }).Timeout());
  if (isTimeout) return new ClientError("context deadline exceeded", "GONET_HTTP_ERR_DEADLINE_EXCEEDED", true, ErrContextDeadlineExceeded);
  return new ClientError("context canceled", "GONET_HTTP_ERR_CANCELED", false, ErrCanceled);
}

/**
 * checkTransportRequest applies the checks Go's Transport.roundTrip makes before sending, throwing
 * its error text: `unsupported protocol scheme "ftp"`, `http: no Host in request URL`,
 * `net/http: invalid method "…"` is checked by NewRequest. It returns the scheme ("http" or
 * "https"). For transports.
 */
export function checkTransportRequest(req: Request): "http" | "https" {
  const scheme = isRelativeURL(req.URL) ? "" : req.URL.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") {
    void req.Body?.Close().catch(() => {});
    throw new HTTPError(`unsupported protocol scheme "${scheme}"`, "GONET_HTTP_ERR_UNSUPPORTED_SCHEME");
  }
  if (urlHost(req.URL) === "" && req.URL.host === "") {
    void req.Body?.Close().catch(() => {});
    throw new HTTPError("http: no Host in request URL", "GONET_HTTP_ERR_NO_HOST");
  }
  return scheme;
}

/** goURLString returns Go's url.URL.String() for u (the host and path as written when u came from a string). Internal. */
export function goURLString(u: URL): string {
  if (isRelativeURL(u)) return escapedPath(u) + u.search + u.hash;
  let auth = "";
  if (u.username !== "" || u.password !== "") auth = u.username + (u.password !== "" ? ":" + u.password : "") + "@";
  let path = escapedPath(u);
  if (path !== "" && path[0] !== "/" && urlHost(u) !== "") path = "/" + path;
  return `${u.protocol}//${auth}${urlHost(u) || u.host}${path}${u.search}${u.hash}`;
}

function stripPassword(u: URL): string {
  const s = goURLString(u);
  if (u.password === "") return s;
  return s.replace(u.username + ":" + u.password + "@", u.username + ":***@");
}

function urlErrorOp(method: string): string {
  if (method === "") return "Get";
  const [lower, ok] = asciiToLower(method);
  if (ok) return method.slice(0, 1) + lower.slice(1);
  return method;
}

/**
 * shouldCopyHeaderOnRedirect reports whether the sensitive headers of a request to initial may go
 * on to dest (Go's shouldCopyHeaderOnRedirect, client.go): only to the same host or a subdomain of
 * it. Hosts are compared without their ports and schemes, in their IDNA ASCII form (the WHATWG
 * parser's hostname, which is also lowercased: Go compares the host as written). Internal.
 */
export function shouldCopyHeaderOnRedirect(initial: URL, dest: URL): boolean {
  // Permit sending auth/cookie headers from "foo.com" to "sub.foo.com". Cookies set explicitly
  // on the initial request have no known scope, so *.domain is assumed, as in Go.
  return isDomainOrSubdomain(idnaASCIIFromURL(dest), idnaASCIIFromURL(initial));
}

// Go's idnaASCIIFromURL: the URL's Hostname() in ASCII (IPv6 literals without their brackets).
function idnaASCIIFromURL(u: URL): string {
  const h = u.hostname;
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

/**
 * isDomainOrSubdomain reports whether sub is a subdomain (or exact match) of the parent domain
 * (Go's isDomainOrSubdomain); both must be canonical. A sub containing ":" or "%" (an IPv6
 * address, perhaps with a zone) matches only exactly. Internal.
 */
export function isDomainOrSubdomain(sub: string, parent: string): boolean {
  if (sub === parent) return true;
  // "::1%.www.example.com" is not a subdomain of "www.example.com".
  if (sub.includes(":") || sub.includes("%")) return false;
  if (!sub.endsWith(parent)) return false;
  return sub[sub.length - parent.length - 1] === ".";
}

// The headers Go's makeHeadersCopier drops once a redirect left the initial domain.
function isSensitiveHeader(k: string): boolean {
  switch (CanonicalHeaderKey(k)) {
    case "Authorization":
    case "Www-Authenticate":
    case "Cookie":
    case "Cookie2":
    case "Proxy-Authorization":
    case "Proxy-Authenticate":
      return true;
  }
  return false;
}

// Go's refererForURL: no Referer from https to http, and never the userinfo.
function refererForURL(last: URL, next: URL): string {
  if (last.protocol === "https:" && next.protocol === "http:") return "";
  let ref = goURLString(last);
  if (last.username !== "" || last.password !== "") {
    const auth = last.username + (last.password !== "" ? ":" + last.password : "") + "@";
    ref = ref.replace(auth, "");
  }
  return ref;
}

// Go's redirectBehavior.
function redirectBehavior(reqMethod: string, resp: Response, ireq: Request): [method: string, shouldRedirect: boolean, includeBody: boolean] {
  switch (resp.StatusCode) {
    case 301:
    case 302:
    case 303:
      return [reqMethod !== "GET" && reqMethod !== "HEAD" ? "GET" : reqMethod, true, false];
    case 307:
    case 308:
      // A body that must be resent but cannot be: return this response, as Go 1.7 did.
      if (ireq.GetBody === null && outgoingLength(ireq) !== 0) return [reqMethod, false, true];
      return [reqMethod, true, true];
  }
  return [reqMethod, false, false];
}

function outgoingLength(r: Request): number {
  if (r.Body === null || r.Body === NoBody) return 0;
  if (r.ContentLength !== 0) return r.ContentLength;
  return -1;
}


function defaultCheckRedirect(_req: Request, via: Request[]): Error | null {
  if (via.length >= 10) return new HTTPError("stopped after 10 redirects", "GONET_HTTP_ERR_TOO_MANY_REDIRECTS");
  return null;
}

let defaultTransport: RoundTripper | null = null;

/** setDefaultTransport installs the platform's DefaultTransport (called by the gonet/http entry points). Internal. */
export function setDefaultTransport(rt: RoundTripper): void {
  defaultTransport = rt;
}

/**
 * cancelTimerBody stops the Client.Timeout timer when the body is closed or fully read, and
 * reports a read failure after the timeout as Go does
 * (`… (Client.Timeout or context cancellation while reading body)`, Timeout() true).
 */
class cancelTimerBody implements Body {
  readonly #rc: Body;
  readonly #stop: () => void;
  readonly #didTimeout: () => boolean;
  constructor(rc: Body, stop: () => void, didTimeout: () => boolean) {
    this.#rc = rc;
    this.#stop = stop;
    this.#didTimeout = didTimeout;
  }
  async Read(p: Uint8Array): Promise<number | null> {
    try {
      const n = await this.#rc.Read(p);
      if (n === null) this.#stop();
      return n;
    } catch (e) {
      if (this.#didTimeout()) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new ClientError(msg + " (Client.Timeout or context cancellation while reading body)", "GONET_HTTP_ERR_TIMEOUT", true, e);
      }
      throw e;
    }
  }
  async Close(): Promise<void> {
    try {
      await this.#rc.Close();
    } finally {
      this.#stop();
    }
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const buf = new Uint8Array(32 * 1024);
      const n = await this.Read(buf);
      if (n === null) return;
      if (n > 0) yield buf.subarray(0, n);
    }
  }
}

/**
 * Client is an HTTP client (Go's http.Client): it sends requests through its Transport and applies
 * the policy on top: redirects (301/302/303 are followed with GET and no body, 307/308 with the
 * same method and body, at most 10 by default; the initial request's headers are copied into
 * each redirect, except Authorization, Www-Authenticate, Cookie, Cookie2, Proxy-Authorization
 * and Proxy-Authenticate once a redirect has gone to a host that is neither the first request's
 * host nor a subdomain of it: from then on they stay stripped, even back on the first host; ports
 * and schemes do not count), cookies through Jar, and Timeout. Its errors are URLErrors such as
 * `Get "http://127.0.0.1:1": dial tcp 127.0.0.1:1: connect: connection refused`; Timeout() on the
 * error reports whether the request timed out. A Client is safe to share.
 *
 * @example
 * const c = new Client({ Timeout: 5000 });
 * const res = await c.Get("http://example.com/");
 * console.log(res.StatusCode, await res.text());
 */
export class Client {
  /** Transport specifies the mechanism by which requests are made; null means DefaultTransport. */
  Transport: RoundTripper | null;
  /** CheckRedirect specifies the policy for handling redirects; null means stop after 10. */
  CheckRedirect: CheckRedirectFunc | null;
  /** Jar specifies the cookie jar, or null. */
  Jar: CookieJar | null;
  /** Timeout is the time limit in milliseconds for a request (redirects and body included); 0 means none. */
  Timeout: number;

  constructor(init: ClientInit = {}) {
    this.Transport = init.Transport ?? null;
    this.CheckRedirect = init.CheckRedirect ?? null;
    this.Jar = init.Jar ?? null;
    this.Timeout = init.Timeout ?? 0;
  }

  #transport(): RoundTripper | null {
    return this.Transport ?? defaultTransport;
  }

  /** Get issues a GET to the specified URL, following redirects as Do does. */
  async Get(url: string): Promise<Response> {
    return this.Do(NewRequest("GET", url));
  }

  /** Head issues a HEAD to the specified URL, following redirects as Do does. */
  async Head(url: string): Promise<Response> {
    return this.Do(NewRequest("HEAD", url));
  }

  /** Post issues a POST to the specified URL with the given Content-Type and body (closed after the request if it has Close). */
  async Post(url: string, contentType: string, body: BodyInit | null): Promise<Response> {
    const req = NewRequest("POST", url, body);
    req.Header.Set("Content-Type", contentType);
    return this.Do(req);
  }

  /** PostForm issues a POST to the specified URL with data's keys and values URL-encoded as the body (Content-Type application/x-www-form-urlencoded). */
  async PostForm(url: string, data: Values): Promise<Response> {
    return this.Post(url, "application/x-www-form-urlencoded", data.Encode());
  }

  /** CloseIdleConnections closes the idle keep-alive connections of its Transport, if it has that method. */
  CloseIdleConnections(): void {
    const t = this.#transport() as { CloseIdleConnections?: () => void } | null;
    if (t !== null && typeof t.CloseIdleConnections === "function") t.CloseIdleConnections();
  }

  /**
   * Do sends an HTTP request and returns an HTTP response, following policy (redirects, cookies,
   * timeout) as configured on the client. A non-2xx status is no error. It throws a URLError when
   * the request could not be made or CheckRedirect failed (in which case the last response's body
   * was closed). The request Body is closed, even on errors.
   */
  async Do(req: Request): Promise<Response> {
    const deadline = this.Timeout > 0 ? Date.now() + this.Timeout : 0;
    const reqs: Request[] = [];
    let resp: Response | null = null;
    // The header copier is needed only for redirects, but with a Jar it must see the request
    // before send adds the jar's cookies to it.
    let copyHeaders: ((req: Request, stripSensitiveHeaders: boolean) => void) | null = this.Jar !== null ? this.#makeHeadersCopier(req) : null;
    let reqBodyClosed = false;
    // Once a redirect leaves the initial domain, the sensitive headers stay stripped for the rest
    // of the chain, even when it comes back (Go 1.22.11/1.23.5, CVE-2024-45336, go.dev/issue/70530).
    let stripSensitiveHeaders = false;
    let redirectMethod = "";
    let includeBody = false;

    const uerr = (err: unknown): URLError => {
      if (!reqBodyClosed) void req.Body?.Close().catch(() => {});
      const u = resp !== null && resp.Request !== null ? resp.Request.URL : req.URL;
      const e = err instanceof Error ? err : new Error(String(err));
      return new URLError(urlErrorOp((reqs[0] ?? req).Method), stripPassword(u), e);
    };

    for (;;) {
      if (reqs.length > 0 && resp !== null) {
        const loc = resp.Header.Get("Location");
        if (loc === "") return resp; // 3xx without Location: hand it over (Go issues #17773, #49281)
        let u: URL;
        try {
          parseURL(loc);
          u = new URL(loc, req.URL.href);
        } catch (e) {
          await resp.Body.Close().catch(() => {});
          const text = e instanceof URLError ? e.message : e instanceof Error ? e.message : String(e);
          throw uerr(new HTTPError(`failed to parse Location header ${JSON.stringify(loc)}: ${text}`, "GONET_HTTP_ERR_LOCATION"));
        }
        let host = "";
        if (req.Host !== "" && req.Host !== urlHost(req.URL)) {
          // A custom Host header survives a relative redirect (Go issue 22233).
          let abs = true;
          try {
            abs = !isRelativeURL(parseURL(loc)) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(loc);
          } catch {
            abs = true;
          }
          if (!abs) host = req.Host;
        }
        const ireq = reqs[0] as Request;
        const next = new Request({ Method: redirectMethod, Response: resp, URL: u, Header: new Header(), Host: host, signal: ireq.Context() });
        if (includeBody && ireq.GetBody !== null) {
          try {
            next.Body = await ireq.GetBody();
          } catch (e) {
            await resp.Body.Close().catch(() => {});
            throw uerr(e);
          }
          next.ContentLength = ireq.ContentLength;
          next.GetBody = ireq.GetBody;
        }
        req = next;
        // Copy the original headers before setting the Referer, in case the user set one. The
        // destination is compared with the first request's, not the previous hop's.
        if (!stripSensitiveHeaders && urlHost(ireq.URL) !== urlHost(req.URL)) {
          if (!shouldCopyHeaderOnRedirect(ireq.URL, req.URL)) stripSensitiveHeaders = true;
        }
        copyHeaders ??= this.#makeHeadersCopier(ireq);
        copyHeaders(req, stripSensitiveHeaders);
        const last = reqs[reqs.length - 1] as Request;
        const ref = refererForURL(last.URL, req.URL);
        if (ref !== "") req.Header.Set("Referer", ref);

        let err: unknown = null;
        try {
          err = (await (this.CheckRedirect ?? defaultCheckRedirect)(req, reqs)) ?? null;
        } catch (e) {
          err = e;
        }
        if (err === ErrUseLastResponse) return resp;
        // Close the previous body, reading a little of it so a small one lets the conn be reused.
        const maxBodySlurpSize = 2 << 10;
        if (resp.ContentLength === -1 || resp.ContentLength <= maxBodySlurpSize) {
          await CopyN(Discard, resp.Body, maxBodySlurpSize).catch(() => {});
        }
        await resp.Body.Close().catch(() => {});
        if (err !== null) {
          // Go returns the response (body closed) and the error; here the error carries the URL of
          // the refused Location, as Go's.
          if (!reqBodyClosed) void req.Body?.Close().catch(() => {});
          const e = err instanceof Error ? err : new Error(String(err));
          throw new URLError(urlErrorOp((reqs[0] as Request).Method), loc, e);
        }
      }

      reqs.push(req);
      let sent: [Response, () => boolean] | Error;
      sent = await this.#send(req, deadline);
      if (sent instanceof Error) {
        reqBodyClosed = true; // send always closes req.Body
        throw uerr(sent);
      }
      resp = sent[0];
      let shouldRedirect: boolean;
      [redirectMethod, shouldRedirect, includeBody] = redirectBehavior(req.Method, resp, reqs[0] as Request);
      if (!shouldRedirect) return resp;
      void req.Body?.Close().catch(() => {});
    }
  }

  // send issues one request through the transport, with the jar's cookies and the deadline;
  // it returns the Error instead of throwing, and always closes req.Body.
  async #send(ireq: Request, deadline: number): Promise<[Response, () => boolean] | Error> {
    if (this.Jar !== null) for (const c of this.Jar.Cookies(ireq.URL)) ireq.AddCookie(c);
    const rt = this.#transport();
    let req = ireq;
    const closeBody = () => void ireq.Body?.Close().catch(() => {});
    if (rt === null) {
      closeBody();
      return new HTTPError("http: no Client.Transport or DefaultTransport", "GONET_HTTP_ERR_NO_TRANSPORT");
    }
    if (req.RequestURI !== "") {
      closeBody();
      return new HTTPError("http: Request.RequestURI can't be set in client requests", "GONET_HTTP_ERR_REQUEST_URI");
    }
    if ((req.URL.username !== "" || req.URL.password !== "") && req.Header.Get("Authorization") === "") {
      req = req.WithContext(req.Context());
      req.Header = ireq.Header.Clone();
      req.SetBasicAuth(decodeURIComponent(ireq.URL.username), decodeURIComponent(ireq.URL.password));
    }

    let timedOut = false;
    let stop = (): void => {};
    if (deadline !== 0) {
      const ac = new AbortController();
      const parent = req.Context();
      const timer = setTimeout(
        () => {
          timedOut = true;
          ac.abort(ErrContextDeadlineExceeded);
        },
        Math.max(0, deadline - Date.now()),
      );
      const onParent = (): void => ac.abort(parent.reason);
      if (parent !== backgroundSignal) {
        if (parent.aborted) onParent();
        else parent.addEventListener("abort", onParent, { once: true });
      }
      stop = () => {
        clearTimeout(timer);
        parent.removeEventListener("abort", onParent);
      };
      req = req.WithContext(ac.signal);
    }
    const didTimeout = (): boolean => timedOut;

    let resp: Response;
    try {
      resp = await rt.RoundTrip(req);
    } catch (e) {
      stop();
      let err = e instanceof Error ? e : new Error(String(e));
      if (deadline !== 0 && timedOut) {
        err = new ClientError(err.message + " (Client.Timeout exceeded while awaiting headers)", "GONET_HTTP_ERR_TIMEOUT", true, err);
      }
      return err;
    }
    if ((resp as Response | null) === null || resp === undefined) {
      stop();
      return new HTTPError("http: RoundTripper implementation returned a nil *Response with a nil error", "GONET_HTTP_ERR_NIL_RESPONSE");
    }
    if (deadline !== 0) resp.Body = new cancelTimerBody(resp.Body, stop, didTimeout);
    if (this.Jar !== null) {
      const rc = resp.Cookies();
      if (rc.length > 0) this.Jar.SetCookies(ireq.URL, rc);
    }
    return [resp, didTimeout];
  }

  // Go's makeHeadersCopier: the headers of the very first request, adjusted for cookies the
  // jar replaced, are copied into every redirect, the sensitive ones only while Do has not
  // decided to strip them.
  // Without a Jar the snapshot is taken at the first redirect: nothing changes the initial
  // header before then but the caller, who must not touch a request in flight.
  #makeHeadersCopier(ireq: Request): (req: Request, stripSensitiveHeaders: boolean) => void {
    let ireqhdr: Header | null = null;
    let icookies: Map<string, Cookie[]> | null = null;
    const jarCookies = this.Jar !== null && ireq.Header.Get("Cookie") !== "";
    const snapshot = (): Header => {
      if (ireqhdr !== null) return ireqhdr;
      ireqhdr = ireq.Header.Clone();
      if (jarCookies) {
        icookies = new Map();
        for (const c of ireq.Cookies()) {
          const l = icookies.get(c.Name);
          if (l === undefined) icookies.set(c.Name, [c]);
          else l.push(c);
        }
      }
      return ireqhdr;
    };
    // With a Jar, send adds the jar's cookies to the request itself: snapshot before that.
    if (this.Jar !== null) snapshot();
    return (req: Request, stripSensitiveHeaders: boolean) => {
      const ireqhdr = snapshot();
      if (this.Jar !== null && icookies !== null && req.Response !== null) {
        let changed = false;
        for (const c of req.Response.Cookies()) {
          if (icookies.has(c.Name)) {
            icookies.delete(c.Name);
            changed = true;
          }
        }
        if (changed) {
          ireqhdr.Del("Cookie");
          const ss: string[] = [];
          for (const cs of icookies.values()) for (const c of cs) ss.push(c.Name + "=" + c.Value);
          ss.sort();
          ireqhdr.Set("Cookie", ss.join("; "));
        }
      }
      for (const [k, vv] of ireqhdr) {
        if (!(stripSensitiveHeaders && isSensitiveHeader(k))) req.Header.set(k, vv);
      }
    };
  }
}

/** DefaultClient is the default Client, used by Get, Head, Post and PostForm. */
export const DefaultClient: Client = new Client();

/**
 * Get issues a GET to the specified URL with DefaultClient, following up to 10 redirects.
 *
 * @example
 * const res = await Get("http://127.0.0.1:8080/items/42");
 * const item = await res.json();
 */
export async function Get(url: string): Promise<Response> {
  return DefaultClient.Get(url);
}

/** Head issues a HEAD to the specified URL with DefaultClient. */
export async function Head(url: string): Promise<Response> {
  return DefaultClient.Head(url);
}

/** Post issues a POST to the specified URL with DefaultClient. */
export async function Post(url: string, contentType: string, body: BodyInit | null): Promise<Response> {
  return DefaultClient.Post(url, contentType, body);
}

/** PostForm issues a POST with data URL-encoded as the body, with DefaultClient. */
export async function PostForm(url: string, data: Values): Promise<Response> {
  return DefaultClient.PostForm(url, data);
}
