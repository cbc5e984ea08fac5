// Go's net/url, platform-free: URL with Go's fields, Parse and ParseRequestURI, Values, the
// escape functions and Go's error types, with texts byte for byte from src/net/url/url.go.
//
// Like Go, the parser does not normalise: "/a/../b", backslashes and "*" stay as written in
// Path, the host keeps its port as given, and a relative reference keeps an empty Host. Only
// ResolveReference and JoinPath remove dot segments, as Go's do.
//
// Go strings are bytes and a JavaScript string is UTF-16, so escaping works on the UTF-8 bytes of
// the string, and a %-escape that decodes to invalid UTF-8 ("%ff") becomes U+FFFD in the result.
//
// The host rules follow Go 1.26: a bracketed host must be an IPv6 literal (netip.ParseAddr), a "["
// elsewhere in the host is an invalid IP-literal, and an http or https host may carry one colon
// only (urlstrictcolons); ParseQuery refuses more than 10000 parameters (urlmaxqueryparams).

import { GoError } from "./errors.js";
import { pathClean } from "./http/internal.js";
import { EscapeError, ParseError, URLError } from "./url/errors.js";
import { escape, isAlnum, isHex, unescape, unhex, validEncoded } from "./url/escape.js";
import { parseQuery, Values } from "./url/query.js";
import { goQuote } from "./quote.js";

export { EscapeError, InvalidHostError, ParseError, URLError, URLError as Error } from "./url/errors.js";
export { Values } from "./url/query.js";

/**
 * QueryEscape escapes the string so it can be safely placed inside a URL query (Go's
 * url.QueryEscape): `QueryEscape("a b&c")` is `"a+b%26c"`.
 */
export function QueryEscape(s: string): string {
  return escape(s, "query");
}

/**
 * QueryUnescape does the inverse transformation of QueryEscape (Go's url.QueryUnescape),
 * converting "%AB" into the byte 0xAB and "+" into a space; it throws EscapeError
 * (`invalid URL escape "%zz"`) when a % is not followed by two hexadecimal digits.
 */
export function QueryUnescape(s: string): string {
  return unescape(s, "query");
}

/**
 * PathEscape escapes the string so it can be safely placed inside a URL path segment, replacing
 * special characters (including /) with %XX sequences as needed (Go's url.PathEscape).
 */
export function PathEscape(s: string): string {
  return escape(s, "pathSegment");
}

/**
 * PathUnescape does the inverse transformation of PathEscape (Go's url.PathUnescape): like
 * QueryUnescape but "+" stays "+". It throws EscapeError for a malformed escape.
 */
export function PathUnescape(s: string): string {
  return unescape(s, "pathSegment");
}

/**
 * Userinfo is the immutable username and optional password of a URL (Go's *url.Userinfo). Make one
 * with User or UserPassword.
 */
export class Userinfo {
  readonly #username: string;
  readonly #password: string;
  readonly #passwordSet: boolean;

  constructor(username: string, password: string, passwordSet: boolean) {
    this.#username = username;
    this.#password = password;
    this.#passwordSet = passwordSet;
  }
  /** Username returns the username. */
  Username(): string {
    return this.#username;
  }
  /** Password returns the password in case it is set, and whether it is set. */
  Password(): [password: string, set: boolean] {
    return [this.#password, this.#passwordSet];
  }
  /** String returns the encoded userinfo in the standard form of "username[:password]". */
  String(): string {
    let s = escape(this.#username, "userPassword");
    if (this.#passwordSet) s += ":" + escape(this.#password, "userPassword");
    return s;
  }
  /** toString returns String(), so template literals print the encoded form. */
  toString(): string {
    return this.String();
  }
}

/** User returns a Userinfo containing the provided username and no password set (Go's url.User). */
export function User(username: string): Userinfo {
  return new Userinfo(username, "", false);
}

/**
 * UserPassword returns a Userinfo containing the provided username and password (Go's
 * url.UserPassword). RFC 2396 warns that passing credentials in a URL "is NOT RECOMMENDED".
 */
export function UserPassword(username: string, password: string): Userinfo {
  return new Userinfo(username, password, true);
}

/** URLFields lists the fields of a URL, for `new URL({ … })` as Go's `&url.URL{…}` literal. */
export interface URLFields {
  Scheme: string;
  Opaque: string;
  User: Userinfo | null;
  Host: string;
  Path: string;
  RawPath: string;
  OmitHost: boolean;
  ForceQuery: boolean;
  RawQuery: string;
  Fragment: string;
  RawFragment: string;
}

/**
 * URL is a parsed URL (technically, a URI reference), Go's url.URL:
 * `[scheme:][//[userinfo@]host][/]path[?query][#fragment]`, or `scheme:opaque[?query][#fragment]`
 * when nothing starts with a slash after the scheme. Path is stored decoded ("/%47%6f%2f" is
 * "/Go/"); RawPath keeps the original encoding when it differs from the default one. The fields
 * are plain and writable, as in Go. Convert to a WHATWG URL with toURL(), and back with FromURL.
 *
 * @example
 * const u = Parse("http://example.com/a/../b%2Fc?q=1");
 * u.Path === "/a/../b/c"; u.EscapedPath() === "/a/../b%2Fc"; u.Query().Get("q") === "1";
 */
export class URL implements URLFields {
  /** Scheme is the lower-cased scheme ("http"), or "". */
  Scheme = "";
  /** Opaque is the encoded opaque data of a URL like "mailto:a@b" ("a@b"). */
  Opaque = "";
  /** User is the username and password information, or null. */
  User: Userinfo | null = null;
  /** Host is the host or host:port, unescaped ("[fe80::1%en0]:8080"). */
  Host = "";
  /** Path is the path, unescaped (relative paths may omit the leading slash). */
  Path = "";
  /** RawPath is the encoded path hint (see EscapedPath); "" when the default encoding is right. */
  RawPath = "";
  /** OmitHost tells String not to emit an empty host (authority): "mailto:/x", not "mailto:///x". */
  OmitHost = false;
  /** ForceQuery appends a "?" even if RawQuery is empty. */
  ForceQuery = false;
  /** RawQuery is the encoded query values, without "?". */
  RawQuery = "";
  /** Fragment is the fragment for references, unescaped, without "#". */
  Fragment = "";
  /** RawFragment is the encoded fragment hint (see EscapedFragment). */
  RawFragment = "";

  constructor(init?: Partial<URLFields>) {
    if (init !== undefined) Object.assign(this, init);
  }

  /** clone returns a copy of u (Go's `u2 := *u`); the Userinfo, being immutable, is shared. */
  clone(): URL {
    return new URL(this);
  }

  /**
   * EscapedPath returns the escaped form of Path: RawPath when it is a valid escaping of Path,
   * else Path escaped on its own ("*" stays "*"). String and RequestURI use it.
   */
  EscapedPath(): string {
    if (this.RawPath !== "" && validEncoded(this.RawPath, "path")) {
      try {
        if (unescape(this.RawPath, "path") === this.Path) return this.RawPath;
      } catch {
        // an invalid RawPath is ignored
      }
    }
    if (this.Path === "*") return "*";
    return escape(this.Path, "path");
  }

  /** EscapedFragment returns the escaped form of Fragment: RawFragment when valid for it, else Fragment escaped. */
  EscapedFragment(): string {
    if (this.RawFragment !== "" && validEncoded(this.RawFragment, "fragment")) {
      try {
        if (unescape(this.RawFragment, "fragment") === this.Fragment) return this.RawFragment;
      } catch {
        // an invalid RawFragment is ignored
      }
    }
    return escape(this.Fragment, "fragment");
  }

  /**
   * String reassembles the URL into a valid URL string (Go's URL.String): `scheme:opaque?query#fragment`
   * or `scheme://userinfo@host/path?query#fragment`, non-ASCII host bytes escaped, the path from
   * EscapedPath, and "./" before a relative path whose first segment has a colon.
   */
  String(): string {
    let buf = "";
    if (this.Scheme !== "") buf += this.Scheme + ":";
    if (this.Opaque !== "") {
      buf += this.Opaque;
    } else {
      if (this.Scheme !== "" || this.Host !== "" || this.User !== null) {
        if (!(this.OmitHost && this.Host === "" && this.User === null)) {
          if (this.Host !== "" || this.Path !== "" || this.User !== null) buf += "//";
          if (this.User !== null) buf += this.User.String() + "@";
          if (this.Host !== "") buf += escape(this.Host, "host");
        }
      }
      const path = this.EscapedPath();
      if (path !== "" && path[0] !== "/" && this.Host !== "") buf += "/";
      if (buf === "") {
        // RFC 3986 §4.2: "this:that" would be taken for a scheme; write "./this:that".
        const slash = path.indexOf("/");
        if ((slash < 0 ? path : path.slice(0, slash)).includes(":")) buf += "./";
      }
      buf += path;
    }
    if (this.ForceQuery || this.RawQuery !== "") buf += "?" + this.RawQuery;
    if (this.Fragment !== "") buf += "#" + this.EscapedFragment();
    return buf;
  }

  /** toString returns String(), so template literals and String(u) print the URL. */
  toString(): string {
    return this.String();
  }

  /** toJSON returns String(), so JSON.stringify writes the URL as a string. */
  toJSON(): string {
    return this.String();
  }

  /** Redacted is like String but replaces any password with "xxxxx". */
  Redacted(): string {
    const ru = this.clone();
    if (ru.User !== null && ru.User.Password()[1]) ru.User = UserPassword(ru.User.Username(), "xxxxx");
    return ru.String();
  }

  /** IsAbs reports whether the URL is absolute: whether it has a non-empty scheme. */
  IsAbs(): boolean {
    return this.Scheme !== "";
  }

  /**
   * Parse parses a URL in the context of the receiver (Go's URL.Parse): ref may be relative or
   * absolute; the result is ResolveReference's. It throws Error as the package's Parse does.
   */
  Parse(ref: string): URL {
    return this.ResolveReference(Parse(ref));
  }

  /**
   * ResolveReference resolves a URI reference to an absolute URI from the base u, per RFC 3986
   * §5.2, removing dot segments from the result. It always returns a new URL; an absolute ref is
   * copied with its own path cleaned.
   */
  ResolveReference(ref: URL): URL {
    const url = ref.clone();
    if (ref.Scheme === "") url.Scheme = this.Scheme;
    if (ref.Scheme !== "" || ref.Host !== "" || ref.User !== null) {
      // The "absoluteURI" or "net_path" cases.
      setPath(url, resolvePath(ref.EscapedPath(), ""));
      return url;
    }
    if (ref.Opaque !== "") {
      url.User = null;
      url.Host = "";
      url.Path = "";
      return url;
    }
    if (ref.Path === "" && !ref.ForceQuery && ref.RawQuery === "") {
      url.RawQuery = this.RawQuery;
      if (ref.Fragment === "") {
        url.Fragment = this.Fragment;
        url.RawFragment = this.RawFragment;
      }
    }
    if (ref.Path === "" && this.Opaque !== "") {
      url.Opaque = this.Opaque;
      url.User = null;
      url.Host = "";
      url.Path = "";
      return url;
    }
    // The "abs_path" or "rel_path" cases.
    url.Host = this.Host;
    url.User = this.User;
    setPath(url, resolvePath(this.EscapedPath(), ref.EscapedPath()));
    return url;
  }

  /** Query parses RawQuery and returns the corresponding values, silently discarding malformed pairs (use ParseQuery to see errors). */
  Query(): Values {
    const v = new Values();
    parseQuery(v, this.RawQuery);
    return v;
  }

  /** RequestURI returns the encoded path?query or opaque?query string that would be used in an HTTP request for u. */
  RequestURI(): string {
    let result = this.Opaque;
    if (result === "") {
      result = this.EscapedPath();
      if (result === "") result = "/";
    } else if (result.startsWith("//")) {
      result = this.Scheme + ":" + result;
    }
    if (this.ForceQuery || this.RawQuery !== "") result += "?" + this.RawQuery;
    return result;
  }

  /** Hostname returns Host without any valid port, and without the square brackets of an IPv6 literal. */
  Hostname(): string {
    return splitHostPort(this.Host)[0];
  }

  /** Port returns the port part of Host, without the colon, or "" when Host has no valid numeric port. */
  Port(): string {
    return splitHostPort(this.Host)[1];
  }

  /**
   * JoinPath returns a new URL with the provided path elements (already escaped, as PathEscape
   * makes them) joined to the existing path, the result cleaned of ./ and ../ elements and of
   * repeated slashes; a trailing slash of the last element is kept. When the joined path has a
   * malformed escape, the copy keeps u's path, as Go's does.
   */
  JoinPath(...elem: string[]): URL {
    try {
      return joinPath(this, elem);
    } catch (e) {
      if (e instanceof EscapeError) return this.clone();
      throw e;
    }
  }

  /**
   * toURL returns the WHATWG URL of u (`new URL(u.String(), base)`), for fetch and other web APIs.
   * A relative u needs a base. It throws Error (Op "parse") when the WHATWG parser refuses the
   * string. The WHATWG URL normalises what Go keeps: dot segments, default ports, an IDN host.
   */
  toURL(base?: string | globalThis.URL): globalThis.URL {
    const s = this.String();
    try {
      return base === undefined ? new globalThis.URL(s) : new globalThis.URL(s, base);
    } catch (e) {
      throw new URLError("parse", s, new ParseError("invalid URL", "GONET_URL_ERR_WHATWG"), { cause: e });
    }
  }
}

// setPath sets Path and RawPath from the escaped path p (Go's setPath), keeping RawPath empty
// when the default encoding of Path gives p back. It throws EscapeError.
function setPath(u: URL, p: string): void {
  const path = unescape(p, "path");
  u.Path = path;
  u.RawPath = escape(path, "path") === p ? "" : p;
}

// setFragment is setPath for Fragment and RawFragment.
function setFragment(u: URL, f: string): void {
  const frag = unescape(f, "fragment");
  u.Fragment = frag;
  u.RawFragment = escape(frag, "fragment") === f ? "" : f;
}

// joinPath is Go's URL.joinPath: it throws EscapeError when the joined path has a bad escape.
function joinPath(u: URL, elems: string[]): URL {
  const elem = [u.EscapedPath(), ...elems];
  let p: string;
  if (!(elem[0] as string).startsWith("/")) {
    // Return a relative path if u is relative, but ensure that it contains no ../ elements.
    elem[0] = "/" + elem[0];
    p = pathJoin(elem).slice(1);
  } else {
    p = pathJoin(elem);
  }
  // path.Join removes trailing slashes; keep one.
  if ((elem[elem.length - 1] as string).endsWith("/") && !p.endsWith("/")) p += "/";
  const url = u.clone();
  setPath(url, p);
  return url;
}

// pathJoin is Go's path.Join.
function pathJoin(elem: string[]): string {
  for (let i = 0; i < elem.length; i++) {
    if (elem[i] !== "") return pathClean(elem.slice(i).join("/"));
  }
  return "";
}

/**
 * FromURL converts a WHATWG URL to a Go URL: Parse(x.href). It throws Error when Go's parser
 * refuses the href (a WHATWG path may keep an invalid escape such as "%zz").
 */
export function FromURL(x: globalThis.URL): URL {
  return Parse(x.href);
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

// splitHostPort is Go's splitHostPort in url.go (numeric ports only, no host validation).
function splitHostPort(hostPort: string): [host: string, port: string] {
  let host = hostPort;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, port];
}

// resolvePath is Go's resolvePath: RFC 3986 §5.2 merge and remove_dot_segments.
function resolvePath(base: string, ref: string): string {
  let full: string;
  if (ref === "") full = base;
  else if (ref[0] !== "/") full = base.slice(0, base.lastIndexOf("/") + 1) + ref;
  else full = ref;
  if (full === "") return "";
  let elem = "";
  let dst = "/";
  let first = true;
  let remaining = full;
  let found = true;
  while (found) {
    const i = remaining.indexOf("/");
    found = i >= 0;
    elem = found ? remaining.slice(0, i) : remaining;
    remaining = found ? remaining.slice(i + 1) : "";
    if (elem === ".") {
      first = false;
      continue;
    }
    if (elem === "..") {
      const str = dst.slice(1);
      const index = str.lastIndexOf("/");
      dst = "/";
      if (index === -1) first = true;
      else dst += str.slice(0, index);
    } else {
      if (!first) dst += "/";
      dst += elem;
      first = false;
    }
  }
  if (elem === "." || elem === "..") dst += "/";
  return dst.length > 1 && dst[1] === "/" ? dst.slice(1) : dst;
}

// getScheme is Go's getScheme: [a-zA-Z][a-zA-Z0-9+.-]* before a colon, else no scheme.
function getScheme(raw: string): [scheme: string, rest: string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) continue;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === 0x3a) {
      if (i === 0) throw new ParseError("missing protocol scheme", "GONET_URL_ERR_MISSING_SCHEME");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

/**
 * Parse parses a raw URL into a URL (Go's url.Parse). The URL may be relative (a path, without a
 * host) or absolute (starting with a scheme). Nothing is normalised. It throws Error (Op "parse")
 * wrapping EscapeError, InvalidHostError or ParseError with Go's text.
 *
 * @example
 * Parse("http://a b.com/") // throws: parse "http://a b.com/": invalid character " " in host name
 */
export function Parse(rawURL: string): URL {
  const h = rawURL.indexOf("#");
  const u = h < 0 ? rawURL : rawURL.slice(0, h);
  const frag = h < 0 ? "" : rawURL.slice(h + 1);
  let url: URL;
  try {
    url = parse(u, false);
  } catch (e) {
    throw wrap(e, u);
  }
  if (frag === "") return url;
  try {
    setFragment(url, frag);
  } catch (e) {
    throw wrap(e, rawURL);
  }
  return url;
}

/**
 * ParseRequestURI parses a raw URL received in an HTTP request (Go's url.ParseRequestURI): only
 * an absolute URI or an absolute path ("*" too) is accepted, and "#" is not a fragment.
 */
export function ParseRequestURI(rawURL: string): URL {
  try {
    return parse(rawURL, true);
  } catch (e) {
    throw wrap(e, rawURL);
  }
}

function wrap(e: unknown, raw: string): unknown {
  return e instanceof GoError ? new URLError("parse", raw, e) : e;
}

function parse(rawURL: string, viaRequest: boolean): URL {
  for (let i = 0; i < rawURL.length; i++) {
    const c = rawURL.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw new ParseError("net/url: invalid control character in URL", "GONET_URL_ERR_CTL");
  }
  if (rawURL === "" && viaRequest) throw new ParseError("empty url", "GONET_URL_ERR_EMPTY");
  const url = new URL();
  if (rawURL === "*") {
    url.Path = "*";
    return url;
  }
  let [scheme, rest] = getScheme(rawURL);
  url.Scheme = scheme.toLowerCase();
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) {
    url.ForceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      url.RawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (url.Scheme !== "") {
      // Rootless paths per RFC 3986 are opaque.
      url.Opaque = rest;
      return url;
    }
    if (viaRequest) throw new ParseError("invalid URI for request", "GONET_URL_ERR_REQUEST_URI");
    // RFC 3986 §3.3: a relative-path reference's first segment cannot contain a colon
    // (golang.org/issue/16822: cache_object:foo/bar).
    const slash = rest.indexOf("/");
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(":")) {
      throw new ParseError("first path segment in URL cannot contain colon", "GONET_URL_ERR_COLON");
    }
  }
  if ((url.Scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    let authority = rest.slice(2);
    rest = "";
    const slash = authority.indexOf("/");
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    [url.User, url.Host] = parseAuthority(url.Scheme, authority);
  } else if (url.Scheme !== "" && rest.startsWith("/")) {
    // An empty host (authority): "mailto:/x" stays "mailto:/x" (golang.org/issue/46059).
    url.OmitHost = true;
  }
  setPath(url, rest);
  return url;
}

function parseAuthority(scheme: string, authority: string): [Userinfo | null, string] {
  const i = authority.lastIndexOf("@");
  const host = parseHost(scheme, i < 0 ? authority : authority.slice(i + 1));
  if (i < 0) return [null, host];
  const userinfo = authority.slice(0, i);
  if (!validUserinfo(userinfo)) throw new ParseError("net/url: invalid userinfo", "GONET_URL_ERR_USERINFO");
  const colon = userinfo.indexOf(":");
  if (colon < 0) return [User(unescape(userinfo, "userPassword")), host];
  const username = unescape(userinfo.slice(0, colon), "userPassword");
  const password = unescape(userinfo.slice(colon + 1), "userPassword");
  return [UserPassword(username, password), host];
}

function invalidPort(colonPort: string): ParseError {
  return new ParseError(`invalid port ${goQuote(colonPort)} after host`, "GONET_URL_ERR_PORT");
}

// parseHost is Go 1.26's parseHost: host[:port], an IP-literal in brackets (RFC 3986, RFC 6874
// zones) that must be an IPv6 address, and one colon at most in an http or https host.
function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf("[");
  if (open > 0) throw new ParseError("invalid IP-literal", "GONET_URL_ERR_IP_LITERAL");
  if (open === 0) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw new ParseError("missing ']' in host", "GONET_URL_ERR_BRACKET");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw invalidPort(colonPort);
    const unescapedColonPort = unescape(colonPort, "host");
    const hostname = host.slice(1, close);
    // RFC 6874: %25 introduces the zone, which may %-encode more than the host may.
    const zone = hostname.indexOf("%25");
    const unescapedHostname = zone >= 0 ? unescape(hostname.slice(0, zone), "host") + unescape(hostname.slice(zone), "zone") : unescape(hostname, "host");
    // RFC 3986: only an IPv6 address may be bracketed (an IPv4-mapped one included).
    const addr = netipParseAddr(unescapedHostname);
    if (typeof addr === "string") throw new ParseError("invalid host: " + addr, "GONET_URL_ERR_IP_LITERAL");
    if (addr.is4) throw new ParseError("invalid IP-literal", "GONET_URL_ERR_IP_LITERAL");
    return "[" + unescapedHostname + "]" + unescapedColonPort;
  }
  let i = host.indexOf(":");
  if (i !== -1) {
    const last = host.lastIndexOf(":");
    // RFC 3986 allows no colon in a host, but database URLs list "h1:1,h2:2": the strict rule is
    // for http and https only (go.dev/issue/75223, go.dev/issue/78077).
    if (last !== i && scheme !== "http" && scheme !== "https") i = last;
    const colonPort = host.slice(i);
    if (!validOptionalPort(colonPort)) throw invalidPort(colonPort);
  }
  return unescape(host, "host");
}

// validUserinfo is Go's validUserinfo (RFC 3986 §3.2.1, plus "@" as in "user:p@ssword").
function validUserinfo(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) continue;
    if ("-._:~!$&'()*+,;=%@".includes(s[i] as string)) continue;
    return false;
  }
  return true;
}

// netipParseAddr mirrors Go's netip.ParseAddr closely enough to report its error text
// (`ParseAddr("x"): unable to parse IP`), which parseHost wraps in "invalid host: ".
function netipParseAddr(s: string): { is4: boolean } | string {
  const fail = (msg: string, at = ""): string => `ParseAddr(${goQuote(s)}): ${msg}` + (at !== "" ? ` (at ${goQuote(at)})` : "");
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ".") {
      const err = ipv4Fields(s, 0, s.length);
      return err === null ? { is4: true } : fail(err[0], err[1]);
    }
    if (c === ":") return parseIPv6(s, fail);
    if (c === "%") return fail("missing IPv6 address");
  }
  return fail("unable to parse IP");
}

// ipv4Fields is netip's parseIPv4Fields over in[off:end]: null, or [message, at].
function ipv4Fields(input: string, off: number, end: number): [string, string] | null {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digLen === 1 && val === 0) return ["IPv4 field has octet with leading zero", ""];
      val = val * 10 + (c - 0x30);
      digLen++;
      if (val > 255) return ["IPv4 field has value >255", ""];
    } else if (c === 0x2e) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") return ["IPv4 field must have at least one digit", s.slice(i)];
      if (pos === 3) return ["IPv4 address too long", ""];
      pos++;
      val = 0;
      digLen = 0;
    } else {
      return ["unexpected character", s.slice(i)];
    }
  }
  if (pos < 3) return ["IPv4 address too short", ""];
  return null;
}

// parseIPv6 is netip's parseIPv6, for its errors.
function parseIPv6(input: string, fail: (msg: string, at?: string) => string): { is4: boolean } | string {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") return fail("zone must be a non-empty string");
  }
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { is4: false };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s.charCodeAt(off);
      const v = isHex(c) ? unhex(c) : -1;
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) return fail("each group must have 4 or less digits", s);
      if (acc > 0xffff) return fail("IPv6 field has value >=2^16", s);
    }
    if (off === 0) return fail("each colon-separated field must have at least one digit", s);
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) return fail("embedded IPv4 address must replace the final 2 fields of the address", s);
      if (i + 4 > 16) return fail("too many hex fields to fit an embedded IPv4 at the end of the address", s);
      let end = input.length;
      if (zone.length > 0) end -= zone.length + 1;
      const err = ipv4Fields(input, end - s.length, end);
      if (err !== null) return fail(err[0], err[1]);
      s = "";
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":") return fail("unexpected character, want colon", s);
    if (s.length === 1) return fail("colon must be followed by more characters", s);
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return fail("multiple :: in address", s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return fail("trailing garbage after address", s);
  if (i < 16) {
    if (ellipsis < 0) return fail("address string too short");
  } else if (ellipsis >= 0) {
    return fail("the :: must expand to at least one field of zeros");
  }
  return { is4: false };
}

/**
 * ParseQuery parses the URL-encoded query string and returns the values for each key (Go's
 * url.ParseQuery). Where Go returns the valid pairs together with the first error, ParseQuery
 * throws that error (EscapeError, or ParseError for a ";" separator or more than 10000
 * parameters); URL.Query() returns the valid pairs and drops the error, as Go's does.
 */
export function ParseQuery(query: string): Values {
  const m = new Values();
  const err = parseQuery(m, query);
  if (err !== null) throw err;
  return m;
}

/**
 * JoinPath returns the URL string base with the provided path elements (already escaped) joined
 * to its path and the result cleaned of ./ and ../ elements (Go's url.JoinPath). It throws Error
 * when base does not parse, EscapeError when the joined path has a malformed escape.
 */
export function JoinPath(base: string, ...elem: string[]): string {
  return joinPath(Parse(base), elem).String();
}
