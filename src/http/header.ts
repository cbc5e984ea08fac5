// Header after Go's net/http/header.go and net/textproto's MIMEHeader:
// a map from canonical keys to lists of values. Header extends Map, so the
// map itself is Go's map: `h.get("X-Custom")` is Go's `h["X-Custom"]` (no
// canonicalization), while the Go methods (Get, Set, Add, Del, Values)
// canonicalize their key first.

import { GoError } from "../errors.js";
import type { Writer } from "../io.js";
import { isToken, isTokenChar, trimString, utf8Encode } from "./internal.js";
import { layoutANSIC, layoutRFC850, layoutTimeFormat, parseTimeErr } from "./time.js";

/**
 * TimeFormat is the time format to use when generating times in HTTP headers. It is like RFC 1123
 * but hard-codes GMT as the time zone. The time being formatted must be in UTC.
 */
export const TimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT";

/**
 * TrailerPrefix is a magic prefix for ResponseWriter.Header map keys that, if present, signals
 * that the map entry is actually for the response trailers, and not the response headers.
 */
export const TrailerPrefix = "Trailer:";

// Go's textproto commonHeader table: canonical keys are interned in Go; the
// table only matters for speed there, so it is not reproduced here.

/**
 * CanonicalHeaderKey returns the canonical format of the header key s. The canonicalization
 * converts the first letter and any letter following a hyphen to upper case; the rest are
 * converted to lowercase. For example, the canonical key for "accept-encoding" is
 * "Accept-Encoding". If s contains a space or invalid header field bytes, it is returned without
 * modifications.
 *
 * @example
 * CanonicalHeaderKey("x-FOO-bar") // "X-Foo-Bar"
 */
export function CanonicalHeaderKey(s: string): string {
  return CanonicalMIMEHeaderKey(s);
}

/**
 * CanonicalMIMEHeaderKey is textproto.CanonicalMIMEHeaderKey, which CanonicalHeaderKey wraps: it
 * returns s unchanged when it contains a byte that is not a token character (a space, a colon,
 * non-ASCII), and the canonical form otherwise.
 */
export function CanonicalMIMEHeaderKey(s: string): string {
  // Quick check for canonical encoding.
  let upper = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isTokenChar(c)) return s;
    if (upper && c >= 0x61 && c <= 0x7a) return canonicalize(s);
    if (!upper && c >= 0x41 && c <= 0x5a) return canonicalize(s);
    upper = c === 0x2d;
  }
  return s;
}

function canonicalize(s: string): string {
  // See if s looks like a header key; if not (a space, a non-token byte), return it unchanged.
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return s;
  let out = "";
  let upper = true;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (upper && c >= 0x61 && c <= 0x7a) c -= 0x20;
    else if (!upper && c >= 0x41 && c <= 0x5a) c += 0x20;
    out += String.fromCharCode(c);
    upper = c === 0x2d;
  }
  return out;
}

/** HeaderInit is what a Header can be built from: another Header, a plain object, or entries. */
export type HeaderInit =
  | Header
  | Readonly<Record<string, string | readonly string[]>>
  | Iterable<readonly [string, string | readonly string[]]>;

/**
 * Header represents the key-value pairs in an HTTP header (Go's http.Header). It is a
 * Map<string, string[]>: the Map methods (get, set, has, delete, iteration, size) are Go's direct
 * map access with exact keys, and Get, Set, Add, Del and Values canonicalize the key as Go's
 * methods do. A Header built from an object or entries adds each value as Add would, so its keys
 * are canonical.
 *
 * @example
 * const h = new Header({ "content-type": "text/plain" });
 * h.Add("X-Trace", "a");
 * h.Add("x-trace", "b");
 * h.Get("Content-Type"); // "text/plain"
 * h.Values("X-Trace");   // ["a", "b"]
 * h.get("X-Trace");      // ["a", "b"] (the map itself)
 */
export class Header extends Map<string, string[]> {
  constructor(init?: HeaderInit | null) {
    super();
    if (init === null || init === undefined) return;
    const entries: Iterable<readonly [string, string | readonly string[]]> =
      Symbol.iterator in (init as object)
        ? (init as Iterable<readonly [string, string | readonly string[]]>)
        : Object.entries(init as Record<string, string | readonly string[]>);
    for (const [k, v] of entries) {
      if (typeof v === "string") this.Add(k, v);
      else for (const vv of v) this.Add(k, vv);
    }
  }

  /** Add adds the key, value pair to the header. It appends to any existing values associated with key. */
  Add(key: string, value: string): void {
    const k = CanonicalMIMEHeaderKey(key);
    const vv = this.get(k);
    if (vv === undefined) this.set(k, [value]);
    else vv.push(value);
  }

  /** Set sets the header entries associated with key to the single element value, replacing any existing values. */
  Set(key: string, value: string): void {
    this.set(CanonicalMIMEHeaderKey(key), [value]);
  }

  /**
   * Get gets the first value associated with the given key. It is case insensitive;
   * CanonicalMIMEHeaderKey is used to canonicalize the provided key. If there are no values
   * associated with the key, Get returns "". To use non-canonical keys, use the map directly.
   */
  Get(key: string): string {
    const vv = this.get(CanonicalMIMEHeaderKey(key));
    return vv !== undefined && vv.length > 0 ? (vv[0] as string) : "";
  }

  /**
   * Values returns all values associated with the given key, canonicalized as by Get. The returned
   * array is the header's own (as Go returns its slice); it is empty when the key is absent.
   */
  Values(key: string): string[] {
    return this.get(CanonicalMIMEHeaderKey(key)) ?? [];
  }

  /** Del deletes the values associated with key. */
  Del(key: string): void {
    this.delete(CanonicalMIMEHeaderKey(key));
  }

  /** Clone returns a copy of h: new arrays of the same values, under the same (uncanonicalized) keys. */
  Clone(): Header {
    const h2 = new Header();
    for (const [k, vv] of this) h2.set(k, [...vv]);
    return h2;
  }

  /** Write writes the header in wire format to w: sorted keys, one "Key: value\r\n" line per value. */
  async Write(w: Writer): Promise<void> {
    await this.WriteSubset(w, null);
  }

  /**
   * WriteSubset writes the header in wire format. If exclude is not null, keys where exclude has
   * the key (a Set) or maps it to true (an object) are not written. As in Go, keys that are not
   * valid field names are dropped, and CR or LF inside a value become spaces.
   */
  async WriteSubset(w: Writer, exclude: ReadonlySet<string> | Readonly<Record<string, boolean>> | null): Promise<void> {
    const s = this.wireFormat(exclude);
    if (s !== "") await w.Write(utf8Encode(s));
  }

  /** wireFormat returns what WriteSubset writes, as a string (a JS extra for callers that build the head themselves). */
  wireFormat(exclude: ReadonlySet<string> | Readonly<Record<string, boolean>> | null = null): string {
    let out = "";
    wireFields(this, exclude, (k, v) => (out += k + ": " + v + "\r\n"));
    return out;
  }
}

/**
 * wireFields calls f with each field Go's Header.writeSubset writes, in its order: keys sorted,
 * keys that are not valid field names (httpguts.ValidHeaderFieldName) dropped, CR and LF inside a
 * value made spaces (headerNewlineToSpace) and the value trimmed (textproto.TrimString); every
 * other character is kept. Internal: Header.WriteSubset and the server's response head and
 * trailers share it.
 */
export function wireFields(h: Header, exclude: ReadonlySet<string> | Readonly<Record<string, boolean>> | null, f: (key: string, value: string) => void): void {
  const excluded = (k: string): boolean =>
    exclude === null ? false : exclude instanceof Set ? exclude.has(k) : (exclude as Readonly<Record<string, boolean>>)[k] === true;
  const keys = [...h.keys()];
  if (keys.length > 1) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const k of keys) {
    if (!isToken(k) || excluded(k)) continue;
    for (const v of h.get(k) ?? []) f(k, wireValue(v));
  }
}

const needsCleaning = /^[\t ]|[\r\n]|[\t ]$/;

/** wireValue is a header value as Go writes it: CR and LF made spaces, then trimmed. */
function wireValue(v: string): string {
  if (!needsCleaning.test(v)) return v;
  return trimString(v.replace(/[\r\n]/g, " "));
}

/**
 * ParseTime parses a time header (such as the Date: header), trying each of the three formats
 * allowed by HTTP/1.1: TimeFormat, time.RFC850, and time.ANSIC. It throws an Error when none
 * matches.
 */
export function ParseTime(text: string): Date {
  let message = "";
  for (const layout of [layoutTimeFormat, layoutRFC850, layoutANSIC]) {
    const t = parseTimeErr(layout, text);
    if (typeof t !== "string") return t;
    message = t;
  }
  throw new TimeParseError(text, message);
}

/**
 * TimeParseError is thrown by ParseTime for text in none of the HTTP date formats; its message is
 * Go's *time.ParseError text for the last layout tried (time.ANSIC).
 */
export class TimeParseError extends GoError {
  static override readonly brandName: string = "TimeParseError";
  /** Value is the text that could not be parsed. */
  readonly Value: string;
  /** code is always GONET_HTTP_ERR_TIME_PARSE. */
  readonly code = "GONET_HTTP_ERR_TIME_PARSE";
  constructor(value: string, message: string) {
    super(message);
    this.Value = value;
  }
}

/**
 * hasToken reports whether token appears within v, ASCII case-insensitive, with space or comma
 * boundaries (Go's hasToken; token must be lower case). Internal, for the server's
 * Connection/Expect handling.
 */
export function hasToken(v: string, token: string): boolean {
  if (token.length > v.length || token === "") return false;
  if (v === token) return true;
  const isBoundary = (c: string | undefined) => c === " " || c === "," || c === "\t";
  for (let sp = 0; sp <= v.length - token.length; sp++) {
    if (sp > 0 && !isBoundary(v[sp - 1])) continue;
    const end = sp + token.length;
    if (end !== v.length && !isBoundary(v[end])) continue;
    if (v.slice(sp, end).toLowerCase() === token) return true;
  }
  return false;
}
