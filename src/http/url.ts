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

import { Parse, ParseRequestURI, type URL as GoURL } from "../url.js";
import { EscapeError, URLError } from "../url/errors.js";
import { escape, unescape, validEncoded } from "../url/escape.js";
import { parseQuery, Values } from "../url/query.js";
import { HTTPError } from "./errors.js";

export { URLError, Values };

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

/** goEscapedPath returns what Go's URL.EscapedPath returns for a URL whose path was written as raw. Internal. */
export function goEscapedPath(raw: string): string {
  let p: string;
  try {
    p = unescape(raw, "path");
  } catch {
    return raw; // Go's parser would have rejected it; keep it as written
  }
  if (raw !== "" && validEncoded(raw, "path")) return raw;
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
  const escaped = rawPath !== "" && validEncoded(rawPath, "path") && unescapePath(rawPath) === path ? rawPath : path === "*" ? "*" : escape(path, "path");
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

/** GoURLParts is the result of parseGoURL: the fields of Go's url.URL, the path escaped as written. Internal. */
export interface GoURLParts {
  scheme: string;
  opaque: string;
  host: string;
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

/**
 * parseGoURL parses raw with gonet/url's Parse (viaRequest false) or ParseRequestURI (viaRequest
 * true) and returns its parts; it throws URLError with Go's text. Internal.
 */
export function parseGoURL(raw: string, viaRequest = false): GoURLParts {
  const u: GoURL = viaRequest ? ParseRequestURI(raw) : Parse(raw);
  const rawPath = u.RawPath !== "" ? u.RawPath : u.Path === "*" ? "*" : escape(u.Path, "path");
  return { scheme: u.Scheme, opaque: u.Opaque, host: u.Host, rawPath, rawQuery: u.RawQuery, forceQuery: u.ForceQuery, fragment: u.EscapedFragment() };
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
 * parseQueryInto parses a URL-encoded query into m as Go's url.ParseQuery does, and returns the
 * first error (a semicolon separator, a malformed escape) or null; the pairs that parse are kept.
 * Internal.
 */
export function parseQueryInto(m: Values, query: string): HTTPError | null {
  const err = parseQuery(m, query);
  if (err === null) return null;
  return new HTTPError(err.message, err instanceof EscapeError ? "GONET_HTTP_ERR_URL_ESCAPE" : err.code === "GONET_URL_ERR_QUERY_SEMICOLON" ? "GONET_HTTP_ERR_QUERY_SEMICOLON" : "GONET_HTTP_ERR_QUERY_PARAMS");
}

/** ParseQuery parses the URL-encoded query string and returns a Values map (Go's url.ParseQuery); it throws the first error. */
export function ParseQuery(query: string): Values {
  const m = new Values();
  const err = parseQueryInto(m, query);
  if (err !== null) throw err;
  return m;
}
