// The parts of Go's net/url that net/http depends on, over WHATWG URL.
//
// gonet/http exposes URLs as WHATWG `URL` objects, but a WHATWG URL normalizes
// away things Go's url.URL keeps and ServeMux depends on: dot segments
// ("/a/../b" becomes "/b"), an empty host ("/foo" cannot be represented), the
// port written as given. parseURL therefore validates a string as Go's
// url.Parse does, builds the WHATWG URL, and remembers Go's view (the escaped
// path as written and the host) beside it in a WeakMap, keyed to the URL's
// href at creation: as soon as the URL is modified, the WHATWG view wins.
//
// A relative reference ("/foo?x=1", as in Go's NewRequest("GET", "/foo", nil))
// has no host, which a WHATWG http: URL cannot express; it is resolved against
// the placeholder base "gonet-relative:/" so that URL.host is "" as in Go.

import { HTTPError } from "./errors.js";
import { goQuote, utf8Decode, utf8Encode } from "./internal.js";

const kURLError = Symbol.for("gonet.error.URLError");

/**
 * URLError reports an error and the operation and URL that caused it (Go's *url.Error): its
 * message is Go's `parse "http://a b.com/": invalid character " " in host name`.
 */
export class URLError extends Error {
  /** Op is the operation: "parse", or the method ("Get", "Post", …) of a client request. */
  readonly Op: string;
  /** URL is the URL as given. */
  readonly URL: string;
  /** Err is the underlying error: its text for a parse error, the error itself for a client request. */
  readonly Err: string | Error;
  /**
   * code is Err's code when Err is an error that has one (a client request refused by its peer:
   * `ECONNREFUSED`; a timeout: its code), as WebSocketError's is; else GONET_HTTP_ERR_URL (a
   * parse error, or a cause without a code).
   */
  readonly code: string;

  constructor(op: string, url: string, err: string | Error, options?: { cause?: unknown }) {
    const cause = options?.cause ?? (typeof err === "string" ? undefined : err);
    super(`${op} ${goQuote(url)}: ${typeof err === "string" ? err : err.message}`, cause === undefined ? undefined : { cause });
    this.name = "URLError";
    this.Op = op;
    this.URL = url;
    this.Err = err;
    const c = typeof err === "string" ? undefined : (err as { code?: unknown }).code;
    this.code = typeof c === "string" && c !== "" ? c : "GONET_HTTP_ERR_URL";
    Object.defineProperty(this, kURLError, { value: true });
  }
  /** Timeout reports whether Err is a timeout (a client request that timed out); parsing never times out. */
  Timeout(): boolean {
    const e = this.Err as { Timeout?: () => boolean };
    return typeof e === "object" && typeof e.Timeout === "function" && e.Timeout();
  }
  /** Temporary reports whether Err is temporary. */
  Temporary(): boolean {
    const e = this.Err as { Temporary?: () => boolean };
    return typeof e === "object" && typeof e.Temporary === "function" && e.Temporary();
  }
  /** Error returns the message, as Go's error.Error(). */
  Error(): string {
    return this.message;
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[kURLError] === true;
  }
}

type Mode = "path" | "pathSegment" | "query" | "host" | "fragment";

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return c - 0x41 + 10;
}

// Go's shouldEscape for the modes net/http uses.
function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if (mode === "host" && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ("-_.~".includes(ch)) return false;
  if ("$&+,/:;=?@".includes(ch)) {
    switch (mode) {
      case "path":
        return ch === "?";
      case "pathSegment":
        return ch === "/" || ch === ";" || ch === "," || ch === "?";
      case "query":
        return true;
      case "fragment":
        return false;
      case "host":
        break;
    }
  }
  if (mode === "fragment" && "!()*".includes(ch)) return false;
  return true;
}

class EscapeError extends Error {}

// Go's unescape: throws EscapeError with Go's text for a malformed escape or host.
function unescape(s: string, mode: Mode): string {
  let n = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      n++;
      if (i + 2 >= s.length || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) {
        throw new EscapeError("invalid URL escape " + goQuote(s.slice(i, i + 3)));
      }
      if (mode === "host" && unhex(s.charCodeAt(i + 1)) < 8 && s.slice(i, i + 3) !== "%25") {
        throw new EscapeError("invalid URL escape " + goQuote(s.slice(i, i + 3)));
      }
      i += 3;
    } else {
      if (mode === "host" && c < 0x80 && shouldEscape(c, mode)) {
        throw new EscapeError("invalid character " + goQuote(s[i] as string) + " in host name");
      }
      i++;
    }
  }
  if (n === 0 && !(mode === "query" && s.includes("+"))) return s;
  const bytes = utf8Encode(s);
  const out = new Uint8Array(bytes.length);
  let w = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b === 0x25) {
      out[w++] = (unhex(bytes[i + 1] as number) << 4) | unhex(bytes[i + 2] as number);
      i += 3;
    } else if (b === 0x2b && mode === "query") {
      out[w++] = 0x20;
      i++;
    } else {
      out[w++] = b;
      i++;
    }
  }
  return utf8Decode(out.subarray(0, w));
}

// Go's escape.
function escape(s: string, mode: Mode): string {
  let out = "";
  for (const b of utf8Encode(s)) {
    if (shouldEscape(b, mode)) {
      if (b === 0x20 && mode === "query") out += "+";
      else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
    } else out += String.fromCharCode(b);
  }
  return out;
}

/** pathUnescape is Go's url.PathUnescape, returning null for a malformed escape. Internal. */
export function pathUnescape(s: string): string | null {
  try {
    return unescape(s, "pathSegment");
  } catch {
    return null;
  }
}

/** unescapePath unescapes a whole escaped path (Go's URL.Path from its raw form), or returns it as is when malformed. Internal. */
export function unescapePath(s: string): string {
  try {
    return unescape(s, "path");
  } catch {
    return s;
  }
}

/** escapePath escapes a path as Go's url.URL.String does (encodePath: "?" and non-path bytes, not "/"). Internal. */
export function escapePath(s: string): string {
  return escape(s, "path");
}

/** QueryEscape escapes s so it can be safely placed inside a URL query (Go's url.QueryEscape). */
export function QueryEscape(s: string): string {
  return escape(s, "query");
}

/** QueryUnescape is the inverse of QueryEscape (Go's url.QueryUnescape); it throws Go's `invalid URL escape "%zz"`. */
export function QueryUnescape(s: string): string {
  try {
    return unescape(s, "query");
  } catch (e) {
    if (e instanceof EscapeError) throw new HTTPError(e.message, "GONET_HTTP_ERR_URL_ESCAPE");
    throw e;
  }
}

// Go's validEncoded for encodePath.
function validEncoded(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if ("!$&'()*+,;=:@[]%".includes(ch)) continue;
    if (shouldEscape(s.charCodeAt(i), "path")) return false;
  }
  return true;
}

/** goEscapedPath returns what Go's URL.EscapedPath returns for a URL whose path was written as raw. Internal. */
export function goEscapedPath(raw: string): string {
  let p: string;
  try {
    p = unescape(raw, "path");
  } catch {
    return raw; // Go's parser would have rejected it; keep it as written
  }
  if (raw !== "" && validEncoded(raw)) return raw;
  if (p === "*") return "*";
  return escape(p, "path");
}

interface GoView {
  href: string;
  path: string; // Go's EscapedPath()
  host: string; // Go's URL.Host
}

const goViews = new WeakMap<URL, GoView>();

function viewOf(u: URL): GoView | null {
  const v = goViews.get(u);
  return v !== undefined && v.href === u.href ? v : null;
}

function remember(u: URL, path: string, host: string): URL {
  goViews.set(u, { href: u.href, path, host });
  return u;
}

/** relativeBase is the placeholder base of URLs parsed from relative references. Internal. */
export const relativeBase = "gonet-relative:/";

/** isRelativeURL reports whether u came from a relative reference (Go's URL with no scheme and no host). Internal. */
export function isRelativeURL(u: URL): boolean {
  return u.protocol === "gonet-relative:";
}

/** escapedPath returns Go's r.URL.EscapedPath() for u: the path as written when u came from parseURL, else u.pathname. Internal. */
export function escapedPath(u: URL): string {
  return viewOf(u)?.path ?? goEscapedPath(u.pathname);
}

/** urlPath returns Go's r.URL.Path (the unescaped path) for u. Internal. */
export function urlPath(u: URL): string {
  return unescapePath(escapedPath(u));
}

/** urlHost returns Go's r.URL.Host for u: the host as written (port kept, "" for a relative or origin-form URL). Internal. */
export function urlHost(u: URL): string {
  const v = viewOf(u);
  if (v !== null) return v.host;
  return isRelativeURL(u) ? "" : u.host;
}

/** urlRawQuery returns Go's r.URL.RawQuery for u (the query without "?"). Internal. */
export function urlRawQuery(u: URL): string {
  return u.search.startsWith("?") ? u.search.slice(1) : u.search;
}

/** requestURI returns Go's URL.RequestURI(): the escaped path (or "/") and the query. Internal. */
export function requestURI(u: URL): string {
  let result = escapedPath(u);
  if (result === "") result = "/";
  const q = urlRawQuery(u);
  if (q !== "" || u.href.endsWith("?")) result += "?" + q;
  return result;
}

/** cloneURL returns a copy of u that keeps Go's view of it. Internal. */
export function cloneURL(u: URL): URL {
  const c = new URL(u.href);
  const v = viewOf(u);
  if (v !== null) remember(c, v.path, v.host);
  return c;
}

/**
 * withPath returns a copy of u whose Go Path is path and Go RawPath is rawPath ("" for the default
 * encoding), as StripPrefix sets them. The WHATWG pathname of the copy always starts with "/".
 * Internal.
 */
export function withPath(u: URL, path: string, rawPath: string): URL {
  const escaped = rawPath !== "" && validEncoded(rawPath) && unescapePath(rawPath) === path ? rawPath : path === "*" ? "*" : escape(path, "path");
  const c = new URL(u.href);
  c.pathname = escaped;
  return remember(c, escaped, urlHost(u));
}

/** withQuery returns a copy of u whose query is rawQuery, keeping Go's view of its path and host. Internal. */
export function withQuery(u: URL, rawQuery: string): URL {
  const path = escapedPath(u);
  const host = urlHost(u);
  const c = new URL(u.href);
  c.search = rawQuery === "" ? "" : "?" + rawQuery;
  return remember(c, path, host);
}

/** GoURLParts is the result of parseGoURL: the fields of Go's url.URL, escaped as written. Internal. */
export interface GoURLParts {
  scheme: string;
  opaque: string;
  host: string;
  hasAuthority: boolean;
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

function getScheme(raw: string): [scheme: string, rest: string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new EscapeError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw]; // an invalid character: no scheme
  }
  return ["", raw];
}

function validOptionalPort(port: string): boolean {
  if (port === "") return true;
  if (port[0] !== ":") return false;
  for (let i = 1; i < port.length; i++) {
    const c = port.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const i = host.lastIndexOf("]");
    if (i < 0) throw new EscapeError("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new EscapeError(`invalid port ${goQuote(colonPort)} after host`);
    // An RFC 6874 zone ("%25en0") is unescaped with the rest.
  } else {
    const i = host.lastIndexOf(":");
    if (i !== -1) {
      const colonPort = host.slice(i);
      if (!validOptionalPort(colonPort)) throw new EscapeError(`invalid port ${goQuote(colonPort)} after host`);
    }
  }
  return unescape(host, "host");
}

function validUserinfo(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) continue;
    if ("-._:~!$&'()*+,;=%@".includes(s[i] as string)) continue;
    return false;
  }
  return true;
}

/**
 * parseGoURL validates raw as Go's url.Parse (viaRequest false) or url.ParseRequestURI (viaRequest
 * true) does and returns its parts; it throws URLError with Go's text. Internal.
 */
export function parseGoURL(raw: string, viaRequest = false): GoURLParts {
  try {
    return parseParts(raw, viaRequest);
  } catch (e) {
    if (e instanceof EscapeError) throw new URLError("parse", raw, e.message);
    throw e;
  }
}

function parseParts(rawURL: string, viaRequest: boolean): GoURLParts {
  let raw = rawURL;
  let fragment = "";
  if (!viaRequest) {
    const h = raw.indexOf("#");
    if (h >= 0) {
      fragment = raw.slice(h + 1);
      raw = raw.slice(0, h);
    }
  }
  const parts: GoURLParts = { scheme: "", opaque: "", host: "", hasAuthority: false, rawPath: "", rawQuery: "", forceQuery: false, fragment };
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw new EscapeError("net/url: invalid control character in URL");
  }
  if (raw === "" && viaRequest) throw new EscapeError("empty url");
  if (raw === "*") {
    parts.rawPath = "*";
    return parts;
  }
  let [scheme, rest] = getScheme(raw);
  parts.scheme = scheme.toLowerCase();
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    parts.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      parts.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (parts.scheme !== "") {
      // An opaque URL ("mailto:x"): no path of its own.
      parts.opaque = rest;
      return parts;
    }
    if (viaRequest) throw new EscapeError("invalid URI for request");
    // A colon in the first segment would be mistaken for a scheme (RFC 3986 §3.3).
    const seg = rest.split("/")[0] as string;
    if (seg.includes(":")) throw new EscapeError("first path segment in URL cannot contain colon");
  }
  if ((parts.scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    const slash = authority.indexOf("/");
    rest = "";
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf("@");
    parts.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if (at >= 0 && !validUserinfo(authority.slice(0, at))) throw new EscapeError("net/url: invalid userinfo");
    parts.hasAuthority = true;
  }
  unescape(rest, "path"); // validate the escapes, as Go's setPath does
  parts.rawPath = rest;
  if (fragment !== "") unescape(fragment, "fragment");
  return parts;
}

function whatwg(input: string, raw: string, base?: string): URL {
  try {
    return base === undefined ? new URL(input) : new URL(input, base);
  } catch (e) {
    throw new URLError("parse", raw, "invalid URL", { cause: e });
  }
}

/**
 * parseURL parses rawURL as Go's url.Parse does (relative references allowed; Go's errors thrown
 * as URLError) and returns a WHATWG URL that remembers Go's view of the path and host, which
 * ServeMux and Request use. Internal (the package's NewRequest and Request constructor call it).
 */
export function parseURL(rawURL: string): URL {
  const p = parseGoURL(rawURL);
  const u = p.scheme !== "" ? whatwg(rawURL, rawURL) : whatwg(rawURL, rawURL, relativeBase);
  return remember(u, p.opaque !== "" ? p.opaque : goEscapedPath(p.rawPath), p.host);
}

/**
 * requestURL builds the URL of an incoming request from its request-target, as Go's
 * http.ReadRequest does: an authority-form CONNECT target ("example.com:443") becomes a URL whose
 * Go Host is that target, an origin-form target ("/a/../b?x") a URL whose Go Host is "" and whose
 * Go path is kept as written (ServeMux redirects it to the cleaned path), "*" the path "*", and an
 * absolute-form target is parsed as is. The WHATWG view of an origin-form target carries
 * scheme://host, with host taken from the Host header (or "localhost" when it is unusable). It
 * throws URLError for a target Go's parser rejects (a 400 Bad Request in Go's server). For the
 * server backends; not re-exported.
 */
export function requestURL(method: string, target: string, host: string, scheme = "http"): URL {
  if (method === "CONNECT" && !target.startsWith("/")) {
    const p = parseGoURL(scheme + "://" + target, true);
    return remember(whatwg(scheme + "://" + target, target), "", p.host);
  }
  const p = parseGoURL(target, true);
  if (p.scheme !== "") return remember(whatwg(target, target), p.opaque !== "" ? p.opaque : goEscapedPath(p.rawPath), p.host);
  const u = new URL(scheme + "://localhost/");
  if (host !== "") {
    try {
      u.host = host;
    } catch {
      // keep localhost
    }
  }
  u.pathname = p.rawPath;
  if (p.rawQuery !== "") u.search = "?" + p.rawQuery;
  return remember(u, goEscapedPath(p.rawPath), "");
}

/**
 * Values maps a string key to a list of values (Go's url.Values), as Request.Form and
 * Request.PostForm hold them. Like Header it is a Map, with Go's methods on top; keys are case
 * sensitive.
 */
export class Values extends Map<string, string[]> {
  /** Get gets the first value associated with the given key, or "" if there are none. */
  Get(key: string): string {
    const vs = this.get(key);
    return vs !== undefined && vs.length > 0 ? (vs[0] as string) : "";
  }
  /** Set sets the key to value, replacing any existing values. */
  Set(key: string, value: string): void {
    this.set(key, [value]);
  }
  /** Add adds the value to key, appending to any existing values. */
  Add(key: string, value: string): void {
    const vs = this.get(key);
    if (vs === undefined) this.set(key, [value]);
    else vs.push(value);
  }
  /** Del deletes the values associated with key. */
  Del(key: string): void {
    this.delete(key);
  }
  /** Has reports whether the key is set. */
  Has(key: string): boolean {
    return this.has(key);
  }
  /** Encode encodes the values into "URL encoded" form ("bar=baz&foo=quux") sorted by key. */
  Encode(): string {
    const keys = [...this.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const k of keys) {
      const ke = QueryEscape(k);
      for (const v of this.get(k) ?? []) parts.push(ke + "=" + QueryEscape(v));
    }
    return parts.join("&");
  }
  /** Clone returns a copy with new value arrays. */
  Clone(): Values {
    const c = new Values();
    for (const [k, vs] of this) c.set(k, [...vs]);
    return c;
  }
}

/**
 * parseQueryInto parses a URL-encoded query into m as Go's url.ParseQuery does, and returns the
 * first error (a semicolon separator, a malformed escape) or null; the pairs that parse are kept.
 * Internal.
 */
export function parseQueryInto(m: Values, query: string): HTTPError | null {
  let err: HTTPError | null = null;
  while (query !== "") {
    let key: string;
    const amp = query.indexOf("&");
    if (amp >= 0) {
      key = query.slice(0, amp);
      query = query.slice(amp + 1);
    } else {
      key = query;
      query = "";
    }
    if (key.includes(";")) {
      err = new HTTPError("invalid semicolon separator in query", "GONET_HTTP_ERR_QUERY_SEMICOLON");
      continue;
    }
    if (key === "") continue;
    let value = "";
    const eq = key.indexOf("=");
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    try {
      key = unescape(key, "query");
      value = unescape(value, "query");
    } catch (e) {
      if (!(e instanceof EscapeError)) throw e;
      err ??= new HTTPError(e.message, "GONET_HTTP_ERR_URL_ESCAPE");
      continue;
    }
    m.Add(key, value);
  }
  return err;
}

/** ParseQuery parses the URL-encoded query string and returns a Values map (Go's url.ParseQuery); it throws the first error. */
export function ParseQuery(query: string): Values {
  const m = new Values();
  const err = parseQueryInto(m, query);
  if (err !== null) throw err;
  return m;
}
