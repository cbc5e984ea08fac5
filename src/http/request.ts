// Request after Go's net/http/request.go: the fields of http.Request, its
// methods (cookies, forms, basic auth, path values, contexts) and
// NewRequest / NewRequestWithContext with Go's validation.
//
// Translation notes: Context() is an AbortSignal; ParseForm, FormValue and
// PostFormValue read the body and so return Promises; the URL is a WHATWG URL
// (see url.ts for how Go's view of the path and host is kept beside it).

import { ReadAll } from "../io.js";
import type { Body, BodyInit } from "./body.js";
import { BytesBody, maxBytesReader, NoBody, toBody } from "./body.js";
import { Cookie, ErrNoCookie, readCookies, sanitizeCookieName, sanitizeCookieValue } from "./cookie.js";
import { HTTPError } from "./errors.js";
import { Header, type HeaderInit } from "./header.js";
import { asciiEqualFold, backgroundSignal, byteLength, goQuote, isToken, utf8Decode, utf8Encode } from "./internal.js";
import type { Response } from "./response.js";
import { cloneURL, parseQueryInto, parseURL, urlHost, urlRawQuery, Values } from "./url.js";
import { NewReader as newMultipartReader, type File as MultipartFile, type FileHeader, type Form, type MultipartReader } from "../mime/multipart.js";
import { parseMediaType } from "../mime/mediatype.js";

/**
 * TLSConnectionState is the part of tls.ConnectionState that a Request or Response carries for a
 * TLS connection (gonet/tls's ConnectionState has these fields and more).
 */
export interface TLSConnectionState {
  Version: number;
  HandshakeComplete: boolean;
  ServerName: string;
}

/** RequestInit holds the fields a Request is created with; URL may be a string, parsed as Go's url.Parse does. */
export interface RequestInit {
  Method?: string;
  URL?: URL | string;
  Proto?: string;
  ProtoMajor?: number;
  ProtoMinor?: number;
  Header?: Header | HeaderInit;
  Body?: BodyInit | null;
  GetBody?: (() => Promise<Body>) | null;
  ContentLength?: number;
  TransferEncoding?: string[];
  Close?: boolean;
  Host?: string;
  Form?: Values | null;
  PostForm?: Values | null;
  Trailer?: Header | null;
  RemoteAddr?: string;
  RequestURI?: string;
  TLS?: TLSConnectionState | null;
  Response?: Response | null;
  Pattern?: string;
  /** signal is the request's context (Go's ctx); null or absent means context.Background. */
  signal?: AbortSignal | null;
}

/** The form limit: 10 MB of url-encoded form, as Go. */
const maxFormSize = 10 << 20;

// Go's defaultMaxMemory: what FormValue and FormFile give ParseMultipartForm.
const defaultMaxMemory = 32 << 20;

/** ErrNotMultipart is thrown when a request's Content-Type is not multipart/form-data (Go's http.ErrNotMultipart). */
export const ErrNotMultipart = new HTTPError("request Content-Type isn't multipart/form-data", "GONET_HTTP_ERR_NOT_MULTIPART");

/** ErrMissingBoundary is thrown when a multipart Content-Type has no boundary parameter (Go's http.ErrMissingBoundary). */
export const ErrMissingBoundary = new HTTPError("no multipart boundary param in Content-Type", "GONET_HTTP_ERR_MISSING_BOUNDARY");

/** ErrMissingFile is thrown by FormFile when the form has no file for the key (Go's http.ErrMissingFile). */
export const ErrMissingFile = new HTTPError("http: no such file", "GONET_HTTP_ERR_MISSING_FILE");

/**
 * ServerRequest is the Request a server hands its Handler: Go's server always sets Body (NoBody
 * for a request without one), so here Body is never null and a handler reads `r.Body` without a
 * null check. A client Request's Body may be null, as Go's may be nil. WithContext and Clone of
 * a ServerRequest are ServerRequests; httptest's NewRequest makes one for handler tests.
 */
export type ServerRequest = Request & { Body: Body };

/**
 * Request represents an HTTP request received by a server or to be sent by a client (Go's
 * http.Request). The fields are Go's; Body is null where Go's is nil (a client request without a
 * body), and a server's Body is always non-null. Unlike Go's zero Request, a Request created
 * without those fields has Proto "HTTP/1.1" (1.1) and the URL of the empty reference.
 *
 * @example
 * const r = new Request({ Method: "GET", URL: "http://example.com/items/42?x=1" });
 * r.URL.searchParams.get("x"); // "1"
 */
export class Request {
  /** Method specifies the HTTP method (GET, POST, PUT, etc.); "" means GET for a client. */
  Method: string;
  // URL and Header are declared, not defined, fields: the constructor assigns them, so a
  // subclass may make them lazy accessors (the server's Request does) without deleting own
  // properties, which would drop every instance into V8's slow dictionary mode.
  /** URL specifies the URI being requested (server) or the URL to access (client). */
  declare URL: URL;
  /** Proto is the protocol version of an incoming request, such as "HTTP/1.1". */
  Proto: string;
  /** ProtoMajor is the major protocol version (1). */
  ProtoMajor: number;
  /** ProtoMinor is the minor protocol version (1). */
  ProtoMinor: number;
  /** Header contains the request header fields. */
  declare Header: Header;
  /** Body is the request's body, or null for none. */
  Body: Body | null;
  /** GetBody, when set, returns a new copy of Body (for redirects that must resend it). */
  GetBody: (() => Promise<Body>) | null;
  /** ContentLength records the length of the body; -1 means unknown. */
  ContentLength: number;
  /** TransferEncoding lists the transfer encodings from outermost to innermost. */
  TransferEncoding: string[];
  /** Close indicates whether to close the connection after this request (server) or response (client). */
  Close: boolean;
  /** Host specifies the host on which the URL is sought (the Host header, or the URL's host). */
  Host: string;
  /** Form contains the parsed form data (query and body), available after ParseForm. */
  Form: Values | null;
  /** PostForm contains the parsed form data from the body, available after ParseForm. */
  PostForm: Values | null;
  /** Trailer specifies additional headers sent after the request body. */
  Trailer: Header | null;
  /** RemoteAddr is the network address ("IP:port") that sent the request (server). */
  RemoteAddr: string;
  /** RequestURI is the unmodified request-target of the Request-Line as sent by the client (server). */
  RequestURI: string;
  /** TLS is the state of the TLS connection the request arrived on, or null. */
  TLS: TLSConnectionState | null;
  /** Response is the redirect response which caused this request to be created (client). */
  Response: Response | null;
  /** Pattern is the ServeMux pattern that matched the request, or "". */
  Pattern: string;
  /**
   * MultipartForm is the parsed multipart form, file uploads included, after ParseMultipartForm
   * (or FormFile, FormValue) has run; null before.
   */
  MultipartForm: Form | null = null;

  #ctx: AbortSignal | null;
  #pathValues: Map<string, string>;

  constructor(init: RequestInit = {}) {
    this.Method = init.Method ?? "";
    this.URL = init.URL === undefined ? parseURL("") : typeof init.URL === "string" ? parseURL(init.URL) : init.URL;
    this.Proto = init.Proto ?? "HTTP/1.1";
    this.ProtoMajor = init.ProtoMajor ?? 1;
    this.ProtoMinor = init.ProtoMinor ?? 1;
    this.Header = init.Header instanceof Header ? init.Header : new Header(init.Header ?? null);
    this.Body = init.Body === undefined || init.Body === null ? null : toBody(init.Body);
    this.GetBody = init.GetBody ?? null;
    this.ContentLength = init.ContentLength ?? 0;
    this.TransferEncoding = init.TransferEncoding ?? [];
    this.Close = init.Close ?? false;
    this.Host = init.Host ?? "";
    this.Form = init.Form ?? null;
    this.PostForm = init.PostForm ?? null;
    this.Trailer = init.Trailer ?? null;
    this.RemoteAddr = init.RemoteAddr ?? "";
    this.RequestURI = init.RequestURI ?? "";
    this.TLS = init.TLS ?? null;
    this.Response = init.Response ?? null;
    this.Pattern = init.Pattern ?? "";
    this.#ctx = init.signal ?? null;
    this.#pathValues = new Map();
  }

  /**
   * Context returns the request's context as an AbortSignal. It defaults to a signal that never
   * aborts (context.Background). For a server request it aborts when the client's connection
   * closes or ServeHTTP returns; for a client request it cancels the request.
   */
  Context(): AbortSignal {
    return this.#ctx ?? backgroundSignal;
  }

  #copy(): Request {
    const r2 = new Request();
    Object.assign(r2, this);
    r2.#ctx = this.#ctx;
    r2.#pathValues = this.#pathValues;
    return r2;
  }

  /** WithContext returns a shallow copy of r with its context changed to signal (a ServerRequest's copy is one too). */
  WithContext(this: ServerRequest, signal: AbortSignal): ServerRequest;
  WithContext(signal: AbortSignal): Request;
  WithContext(signal: AbortSignal): Request {
    if (signal === null || signal === undefined) throw new TypeError("nil context");
    const r2 = this.#copy();
    r2.#ctx = signal;
    return r2;
  }

  /**
   * Clone returns a deep copy of r with its context changed to signal (or kept, if signal is
   * omitted): URL, Header, Trailer, TransferEncoding, Form, PostForm and the path values are
   * copied; Body is shared.
   */
  Clone(this: ServerRequest, signal?: AbortSignal | null): ServerRequest;
  Clone(signal?: AbortSignal | null): Request;
  Clone(signal?: AbortSignal | null): Request {
    const r2 = this.#copy();
    if (signal !== undefined) r2.#ctx = signal;
    r2.URL = cloneURL(this.URL);
    r2.Header = this.Header.Clone();
    r2.Trailer = this.Trailer === null ? null : this.Trailer.Clone();
    r2.TransferEncoding = [...this.TransferEncoding];
    r2.Form = this.Form === null ? null : this.Form.Clone();
    r2.PostForm = this.PostForm === null ? null : this.PostForm.Clone();
    r2.MultipartForm = this.MultipartForm;
    r2.#pathValues = new Map(this.#pathValues);
    return r2;
  }

  /** ProtoAtLeast reports whether the HTTP protocol used in the request is at least major.minor. */
  ProtoAtLeast(major: number, minor: number): boolean {
    return this.ProtoMajor > major || (this.ProtoMajor === major && this.ProtoMinor >= minor);
  }

  /** UserAgent returns the client's User-Agent, if sent in the request. */
  UserAgent(): string {
    return this.Header.Get("User-Agent");
  }

  /** Referer returns the referring URL, if sent in the request (misspelled as in the header). */
  Referer(): string {
    return this.Header.Get("Referer");
  }

  /** Cookies parses and returns the HTTP cookies sent with the request. */
  Cookies(): Cookie[] {
    return readCookies(this.Header, "");
  }

  /** CookiesNamed parses and returns the named HTTP cookies sent with the request, or an empty array if none match. */
  CookiesNamed(name: string): Cookie[] {
    if (name === "") return [];
    return readCookies(this.Header, name);
  }

  /** Cookie returns the named cookie provided in the request; it throws ErrNoCookie if not found. */
  Cookie(name: string): Cookie {
    if (name === "") throw ErrNoCookie;
    const c = readCookies(this.Header, name)[0];
    if (c === undefined) throw ErrNoCookie;
    return c;
  }

  /**
   * AddCookie adds a cookie to the request. Per RFC 6265 section 5.4, AddCookie does not attach
   * more than one Cookie header field: all cookies are written into the same line, separated by
   * semicolons. AddCookie only sanitizes c's name and value.
   */
  AddCookie(c: Cookie): void {
    const s = sanitizeCookieName(c.Name) + "=" + sanitizeCookieValue(c.Value, c.Quoted);
    const prev = this.Header.Get("Cookie");
    this.Header.Set("Cookie", prev !== "" ? prev + "; " + s : s);
  }

  /**
   * BasicAuth returns the username and password provided in the request's Authorization header,
   * if the request uses HTTP Basic Authentication: [username, password, ok].
   */
  BasicAuth(): [username: string, password: string, ok: boolean] {
    const auth = this.Header.Get("Authorization");
    if (auth === "") return ["", "", false];
    return parseBasicAuth(auth);
  }

  /** SetBasicAuth sets the request's Authorization header to use HTTP Basic Authentication with the username and password. */
  SetBasicAuth(username: string, password: string): void {
    this.Header.Set("Authorization", "Basic " + base64Encode(utf8Encode(username + ":" + password)));
  }

  /** PathValue returns the value for the named path wildcard in the ServeMux pattern that matched the request, or "". */
  PathValue(name: string): string {
    return this.#pathValues.get(name) ?? "";
  }

  /** SetPathValue sets name to value, so that subsequent calls to PathValue(name) return value. */
  SetPathValue(name: string, value: string): void {
    this.#pathValues.set(name, value);
  }

  /**
   * ParseForm populates Form and PostForm. For all requests it parses the raw query from the URL
   * into Form. For POST, PUT and PATCH requests with Content-Type
   * application/x-www-form-urlencoded it also reads the body (at most 10 MB unless it is a
   * MaxBytesReader) into PostForm and Form, body values first. It is idempotent. Errors (such as
   * `invalid semicolon separator in query`) are thrown after Form and PostForm are set.
   * multipart/form-data bodies are left to ParseMultipartForm.
   */
  async ParseForm(): Promise<void> {
    let err: unknown = null;
    if (this.PostForm === null) {
      if (this.Method === "POST" || this.Method === "PUT" || this.Method === "PATCH") {
        [this.PostForm, err] = await parsePostForm(this);
      }
      this.PostForm ??= new Values();
    }
    if (this.Form === null) {
      const form = new Values();
      if (this.PostForm.size > 0) for (const [k, vs] of this.PostForm) form.set(k, [...vs]);
      const newValues = new Values();
      const e = parseQueryInto(newValues, urlRawQuery(this.URL));
      err ??= e;
      for (const [k, vs] of newValues) for (const v of vs) form.Add(k, v);
      this.Form = form;
    }
    if (err !== null) throw err;
  }

  /**
   * FormValue returns the first value for the named component of the query; POST, PUT and PATCH
   * body parameters take precedence over URL query string values. It calls ParseForm if
   * necessary and ignores its errors. If key is not present, FormValue returns "".
   */
  async FormValue(key: string): Promise<string> {
    if (this.Form === null) await this.ParseMultipartForm(defaultMaxMemory).catch(() => {});
    return this.Form?.Get(key) ?? "";
  }

  /** PostFormValue returns the first value for the named component of the POST, PUT or PATCH body (URL query ignored), or "". */
  async PostFormValue(key: string): Promise<string> {
    if (this.PostForm === null) await this.ParseMultipartForm(defaultMaxMemory).catch(() => {});
    return this.PostForm?.Get(key) ?? "";
  }

  /**
   * ParseMultipartForm parses a multipart/form-data body (Go's Request.ParseMultipartForm): up to
   * maxMemory bytes of its file parts are kept, and its values join Form and PostForm. It calls
   * ParseForm first. Go spills file parts past maxMemory to disk; gonet keeps everything in
   * memory, so such a body fails with multipart's ErrMessageTooLarge. A body that is not
   * multipart/form-data throws ErrNotMultipart.
   */
  async ParseMultipartForm(maxMemory: number): Promise<void> {
    if (this.#multipartByReader) throw new HTTPError("http: multipart handled by MultipartReader", "GONET_HTTP_ERR_MULTIPART_BY_READER");
    let parseFormErr: unknown = null;
    if (this.Form === null) await this.ParseForm().catch((e: unknown) => (parseFormErr = e));
    if (this.MultipartForm !== null) return;
    const mr = this.#multipartReader(false);
    const f = await mr.ReadForm(maxMemory);
    this.PostForm ??= new Values();
    for (const [k, vs] of f.Value) {
      for (const v of vs) {
        this.Form!.Add(k, v);
        this.PostForm.Add(k, v);
      }
    }
    this.MultipartForm = f;
    if (parseFormErr !== null) throw parseFormErr;
  }

  /**
   * FormFile returns the first file for the form key, as `[file, header]`, calling
   * ParseMultipartForm (32 MiB) if needed. It throws ErrMissingFile when there is none.
   */
  async FormFile(key: string): Promise<[file: MultipartFile, header: FileHeader]> {
    if (this.#multipartByReader) throw new HTTPError("http: multipart handled by MultipartReader", "GONET_HTTP_ERR_MULTIPART_BY_READER");
    if (this.MultipartForm === null) await this.ParseMultipartForm(defaultMaxMemory);
    const fh = this.MultipartForm?.File.get(key)?.[0];
    if (fh === undefined) throw ErrMissingFile;
    return [await fh.Open(), fh];
  }

  /**
   * MultipartReader returns a reader of a multipart/form-data or multipart/mixed body, to process
   * it as a stream of parts instead of ParseMultipartForm.
   */
  MultipartReader(): MultipartReader {
    if (this.#multipartByReader) throw new HTTPError("http: MultipartReader called twice", "GONET_HTTP_ERR_MULTIPART_BY_READER");
    if (this.MultipartForm !== null) throw new HTTPError("http: multipart handled by ParseMultipartForm", "GONET_HTTP_ERR_MULTIPART_BY_READER");
    this.#multipartByReader = true;
    return this.#multipartReader(true);
  }

  #multipartByReader = false;

  #multipartReader(allowMixed: boolean): MultipartReader {
    const v = this.Header.Get("Content-Type");
    if (v === "") throw ErrNotMultipart;
    if (this.Body === null) throw new HTTPError("missing form body", "GONET_HTTP_ERR_MISSING_FORM_BODY");
    let d: string;
    let params: Map<string, string>;
    try {
      [d, params] = parseMediaType(v);
    } catch {
      throw ErrNotMultipart;
    }
    if (!(d === "multipart/form-data" || (allowMixed && d === "multipart/mixed"))) throw ErrNotMultipart;
    const boundary = params.get("boundary");
    if (boundary === undefined) throw ErrMissingBoundary;
    return newMultipartReader(this.Body, boundary);
  }
}

// Go's mime.ParseMediaType, reduced to the media type itself and its validation.
function mediaType(v: string): string {
  const semi = v.indexOf(";");
  const mt = (semi >= 0 ? v.slice(0, semi) : v).trim().toLowerCase();
  const slash = mt.indexOf("/");
  if (mt === "") throw new HTTPError("mime: no media type", "GONET_HTTP_ERR_MIME");
  const major = slash < 0 ? mt : mt.slice(0, slash);
  if (!isToken(major)) throw new HTTPError("mime: expected token after slash", "GONET_HTTP_ERR_MIME");
  if (slash < 0) return mt;
  const sub = mt.slice(slash + 1);
  if (!isToken(sub)) throw new HTTPError("mime: expected token after slash", "GONET_HTTP_ERR_MIME");
  return mt;
}

// parsePostForm returns the values parsed (null when none could be) and the first error, as Go's.
async function parsePostForm(r: Request): Promise<[Values | null, unknown]> {
  if (r.Body === null) return [null, new HTTPError("missing form body", "GONET_HTTP_ERR_MISSING_FORM_BODY")];
  let ct = r.Header.Get("Content-Type");
  // RFC 7231, section 3.1.1.5 - empty type MAY be treated as application/octet-stream.
  if (ct === "") ct = "application/octet-stream";
  try {
    ct = mediaType(ct);
  } catch (e) {
    return [null, e];
  }
  if (ct !== "application/x-www-form-urlencoded") return [null, null];
  const limited = r.Body instanceof maxBytesReader;
  let b: Uint8Array;
  try {
    b = await ReadAll(limited ? r.Body : limitReader(r.Body, maxFormSize + 1));
  } catch (e) {
    return [null, e];
  }
  if (!limited && b.length > maxFormSize) return [null, new HTTPError("http: POST too large", "GONET_HTTP_ERR_POST_TOO_LARGE")];
  const vs = new Values();
  return [vs, parseQueryInto(vs, utf8Decode(b))];
}

function limitReader(r: Body, n: number): { Read(p: Uint8Array): Promise<number | null> } {
  let left = n;
  return {
    async Read(p: Uint8Array): Promise<number | null> {
      if (left <= 0) return null;
      if (p.length > left) p = p.subarray(0, left);
      const m = await r.Read(p);
      if (m !== null) left -= m;
      return m;
    },
  };
}

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function base64Encode(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] as number) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += b64[(n >> 18) & 63];
    out += b64[(n >> 12) & 63];
    out += i + 1 < b.length ? b64[(n >> 6) & 63] : "=";
    out += i + 2 < b.length ? b64[n & 63] : "=";
  }
  return out;
}

// Go's base64.StdEncoding.DecodeString: padding required, CR and LF ignored.
function base64Decode(s: string): Uint8Array | null {
  s = s.replace(/[\r\n]/g, "");
  if (s.length % 4 !== 0) return null;
  if (!/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return null;
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const c = [0, 1, 2, 3].map((j) => (s[i + j] === "=" ? 0 : b64.indexOf(s[i + j] as string)));
    const n = ((c[0] as number) << 18) | ((c[1] as number) << 12) | ((c[2] as number) << 6) | (c[3] as number);
    out.push((n >> 16) & 255);
    if (s[i + 2] !== "=") out.push((n >> 8) & 255);
    if (s[i + 3] !== "=") out.push(n & 255);
  }
  return Uint8Array.from(out);
}

// parseBasicAuth parses "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" into ["Aladdin", "open sesame", true].
function parseBasicAuth(auth: string): [string, string, boolean] {
  const prefix = "Basic ";
  // Case insensitive prefix match (Go issue 22736).
  if (auth.length < prefix.length || !asciiEqualFold(auth.slice(0, prefix.length), prefix)) return ["", "", false];
  const c = base64Decode(auth.slice(prefix.length));
  if (c === null) return ["", "", false];
  const cs = utf8Decode(c);
  const colon = cs.indexOf(":");
  if (colon < 0) return ["", "", false];
  return [cs.slice(0, colon), cs.slice(colon + 1), true];
}

/**
 * ParseHTTPVersion parses an HTTP version string according to RFC 7230, section 2.6: "HTTP/1.0"
 * returns [1, 0, true]. Strings without a minor version, such as "HTTP/2", are not valid.
 */
export function ParseHTTPVersion(vers: string): [major: number, minor: number, ok: boolean] {
  switch (vers) {
    case "HTTP/1.1":
      return [1, 1, true];
    case "HTTP/1.0":
      return [1, 0, true];
  }
  if (!vers.startsWith("HTTP/") || vers.length !== "HTTP/X.Y".length || vers[6] !== ".") return [0, 0, false];
  const maj = vers.charCodeAt(5) - 0x30;
  const min = vers.charCodeAt(7) - 0x30;
  if (maj < 0 || maj > 9 || min < 0 || min > 9) return [0, 0, false];
  return [maj, min, true];
}

// removeEmptyPort strips the empty port in "host:" as mandated by RFC 3986 Section 6.2.3.
function removeEmptyPort(host: string): string {
  const hasPort = host.lastIndexOf(":") > host.lastIndexOf("]");
  return hasPort && host.endsWith(":") ? host.slice(0, -1) : host;
}

/**
 * NewRequest wraps NewRequestWithContext using the background context.
 *
 * @example
 * const req = NewRequest("POST", "http://example.com/upload", "payload");
 * req.ContentLength; // 7
 */
export function NewRequest(method: string, url: string, body?: BodyInit | null): Request {
  return NewRequestWithContext(null, method, url, body);
}

/**
 * NewRequestWithContext returns a new Request given a signal (Go's ctx; null for none), a method,
 * a URL and an optional body. An empty method means GET; any other method must be a token, or it
 * throws HTTPError `net/http: invalid method "…"`. The URL is parsed as Go's url.Parse does
 * (URLError on failure; a relative URL such as "/path" is allowed). For a Uint8Array or string
 * body ContentLength is its length, GetBody is set, and a zero-length body becomes NoBody; any
 * other Reader or async iterable is used as the Body with ContentLength 0 (unknown).
 */
export function NewRequestWithContext(signal: AbortSignal | null, method: string, url: string, body?: BodyInit | null): Request {
  if (method === "") method = "GET";
  if (!isToken(method)) throw new HTTPError(`net/http: invalid method ${goQuote(method)}`, "GONET_HTTP_ERR_INVALID_METHOD");
  const u = parseURL(url);
  const req = new Request({ Method: method, URL: u, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Host: removeEmptyPort(urlHost(u)), signal });
  if (body !== undefined && body !== null) {
    if (typeof body === "string" || body instanceof Uint8Array) {
      const bytes = typeof body === "string" ? utf8Encode(body) : body;
      req.ContentLength = typeof body === "string" ? byteLength(body) : body.length;
      if (req.ContentLength === 0) {
        req.Body = NoBody;
        req.GetBody = () => Promise.resolve(NoBody);
      } else {
        req.Body = new BytesBody(bytes);
        req.GetBody = () => Promise.resolve(new BytesBody(bytes));
      }
    } else if (body instanceof BytesBody) {
      req.ContentLength = body.Len();
      req.Body = body.Len() === 0 ? NoBody : body;
    } else {
      req.Body = toBody(body);
      if (body === NoBody) req.ContentLength = 0;
    }
  }
  return req;
}
