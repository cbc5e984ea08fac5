// Cookies after Go's net/http/cookie.go (Go 1.23+: Quoted, Partitioned,
// ParseCookie, ParseSetCookie, the 3000-cookie limit). Where Go logs about an
// invalid attribute (log.Printf) and drops it, gonet drops it silently.

import { SentinelError } from "../errors.js";
import { ParseIP } from "../ip.js";
import { HTTPError } from "./errors.js";
import type { Header } from "./header.js";
import type { ResponseWriter } from "./handler.js";
import { asciiToLower, goQuoteByte, isToken, trimString } from "./internal.js";
import { formatHTTPDate, layoutCookie, layoutRFC1123, parseTime } from "./time.js";

/**
 * SameSite allows a server to define a cookie attribute making it impossible for the browser to
 * send this cookie along with cross-site requests. 0 means the attribute is not set.
 */
export type SameSite = 0 | 1 | 2 | 3 | 4;

/** SameSiteDefaultMode is the SameSite value that writes no SameSite attribute ("SameSite" with no or an unknown value when read). */
export const SameSiteDefaultMode: SameSite = 1;
/** SameSiteLaxMode is SameSite=Lax. */
export const SameSiteLaxMode: SameSite = 2;
/** SameSiteStrictMode is SameSite=Strict. */
export const SameSiteStrictMode: SameSite = 3;
/** SameSiteNoneMode is SameSite=None. */
export const SameSiteNoneMode: SameSite = 4;

/** ErrNoCookie is thrown by Request.Cookie when a cookie is not found. */
export const ErrNoCookie = new SentinelError("http: named cookie not present", "GONET_HTTP_ERR_NO_COOKIE", { name: "ErrNoCookie" });

const errBlankCookie = () => new HTTPError("http: blank cookie", "GONET_HTTP_ERR_BLANK_COOKIE");
const errEqualNotFoundInCookie = () => new HTTPError("http: '=' not found in cookie", "GONET_HTTP_ERR_COOKIE_NO_EQUAL");
const errInvalidCookieName = () => new HTTPError("http: invalid cookie name", "GONET_HTTP_ERR_COOKIE_NAME");
const errInvalidCookieValue = () => new HTTPError("http: invalid cookie value", "GONET_HTTP_ERR_COOKIE_VALUE");
const errCookieNumLimitExceeded = () => new HTTPError("http: number of cookies exceeded limit", "GONET_HTTP_ERR_COOKIE_LIMIT");

/** defaultCookieMaxNum is Go's limit on the number of cookies parsed from one request or response (GODEBUG httpcookiemaxnum's default). */
const defaultCookieMaxNum = 3000;

/** CookieInit holds the fields a Cookie is created with; every field is optional. */
export interface CookieInit {
  Name?: string;
  Value?: string;
  Quoted?: boolean;
  Path?: string;
  Domain?: string;
  Expires?: Date | null;
  RawExpires?: string;
  MaxAge?: number;
  Secure?: boolean;
  HttpOnly?: boolean;
  SameSite?: SameSite;
  Partitioned?: boolean;
  Raw?: string;
  Unparsed?: string[];
}

/**
 * Cookie represents an HTTP cookie as sent in the Set-Cookie header of an HTTP response or the
 * Cookie header of an HTTP request (Go's http.Cookie). Expires is a Date, or null for Go's zero
 * time (no Expires attribute).
 *
 * @example
 * const c = new Cookie({ Name: "session", Value: "abc", Path: "/", HttpOnly: true, MaxAge: 3600 });
 * c.String(); // "session=abc; Path=/; Max-Age=3600; HttpOnly"
 */
export class Cookie {
  /** Name is the cookie name. */
  Name: string;
  /** Value is the cookie value. */
  Value: string;
  /** Quoted indicates whether the Value was originally quoted. */
  Quoted: boolean;
  /** Path is the optional Path attribute. */
  Path: string;
  /** Domain is the optional Domain attribute. */
  Domain: string;
  /** Expires is the optional Expires attribute; null means none. */
  Expires: Date | null;
  /** RawExpires is the Expires attribute as read (for reading cookies only). */
  RawExpires: string;
  /** MaxAge=0 means no Max-Age attribute; MaxAge<0 means delete the cookie now (Max-Age: 0); MaxAge>0 is the attribute in seconds. */
  MaxAge: number;
  /** Secure is the Secure attribute. */
  Secure: boolean;
  /** HttpOnly is the HttpOnly attribute. */
  HttpOnly: boolean;
  /** SameSite is the SameSite attribute (0: not set). */
  SameSite: SameSite;
  /** Partitioned is the Partitioned attribute. */
  Partitioned: boolean;
  /** Raw is the Set-Cookie line the cookie was read from. */
  Raw: string;
  /** Unparsed holds the raw text of unparsed attribute-value pairs. */
  Unparsed: string[];

  constructor(init: CookieInit = {}) {
    this.Name = init.Name ?? "";
    this.Value = init.Value ?? "";
    this.Quoted = init.Quoted ?? false;
    this.Path = init.Path ?? "";
    this.Domain = init.Domain ?? "";
    this.Expires = init.Expires ?? null;
    this.RawExpires = init.RawExpires ?? "";
    this.MaxAge = init.MaxAge ?? 0;
    this.Secure = init.Secure ?? false;
    this.HttpOnly = init.HttpOnly ?? false;
    this.SameSite = init.SameSite ?? 0;
    this.Partitioned = init.Partitioned ?? false;
    this.Raw = init.Raw ?? "";
    this.Unparsed = init.Unparsed ?? [];
  }

  /**
   * String returns the serialization of the cookie for use in a Cookie header (if only Name and
   * Value are set) or a Set-Cookie response header (if other fields are set). If the Name is
   * invalid, the empty string is returned. Invalid bytes of Value and Path are dropped; an invalid
   * Domain or an Expires before 1601 is left out, as in Go (without Go's log line).
   */
  String(): string {
    if (!isToken(this.Name)) return "";
    let b = this.Name + "=" + sanitizeCookieValue(this.Value, this.Quoted);
    if (this.Path.length > 0) b += "; Path=" + sanitizeCookiePath(this.Path);
    if (this.Domain.length > 0 && validCookieDomain(this.Domain)) {
      // A leading dot is okay but won't be sent.
      b += "; Domain=" + (this.Domain[0] === "." ? this.Domain.slice(1) : this.Domain);
    }
    if (validCookieExpires(this.Expires)) b += "; Expires=" + formatHTTPDate(this.Expires as Date);
    if (this.MaxAge > 0) b += "; Max-Age=" + String(Math.trunc(this.MaxAge));
    else if (this.MaxAge < 0) b += "; Max-Age=0";
    if (this.HttpOnly) b += "; HttpOnly";
    if (this.Secure) b += "; Secure";
    switch (this.SameSite) {
      case SameSiteNoneMode:
        b += "; SameSite=None";
        break;
      case SameSiteLaxMode:
        b += "; SameSite=Lax";
        break;
      case SameSiteStrictMode:
        b += "; SameSite=Strict";
        break;
      default:
        // SameSiteDefaultMode: the default is obtained by not emitting the attribute.
        break;
    }
    if (this.Partitioned) b += "; Partitioned";
    return b;
  }

  /** toString returns String(). */
  toString(): string {
    return this.String();
  }

  /**
   * Valid reports whether the cookie is valid: it returns normally, or throws an HTTPError with
   * Go's text (`http: invalid Cookie.Name`, `http: invalid byte '"' in Cookie.Value`, …).
   */
  Valid(): void {
    if (!isToken(this.Name)) throw new HTTPError("http: invalid Cookie.Name", "GONET_HTTP_ERR_COOKIE_INVALID");
    if (this.Expires !== null && !validCookieExpires(this.Expires)) throw new HTTPError("http: invalid Cookie.Expires", "GONET_HTTP_ERR_COOKIE_INVALID");
    for (let i = 0; i < this.Value.length; i++) {
      const c = this.Value.charCodeAt(i);
      if (!validCookieValueByte(c)) throw new HTTPError(`http: invalid byte ${quoteFirstByte(this.Value, i)} in Cookie.Value`, "GONET_HTTP_ERR_COOKIE_INVALID");
    }
    for (let i = 0; i < this.Path.length; i++) {
      const c = this.Path.charCodeAt(i);
      if (!validCookiePathByte(c)) throw new HTTPError(`http: invalid byte ${quoteFirstByte(this.Path, i)} in Cookie.Path`, "GONET_HTTP_ERR_COOKIE_INVALID");
    }
    if (this.Domain.length > 0 && !validCookieDomain(this.Domain)) throw new HTTPError("http: invalid Cookie.Domain", "GONET_HTTP_ERR_COOKIE_INVALID");
    if (this.Partitioned && !this.Secure) throw new HTTPError("http: partitioned cookies must be set with Secure", "GONET_HTTP_ERR_COOKIE_INVALID");
  }
}

// The first UTF-8 byte of the character at s[i], as Go's %q prints a byte.
function quoteFirstByte(s: string, i: number): string {
  const c = s.codePointAt(i) ?? 0;
  if (c < 0x80) return goQuoteByte(c);
  const first = new TextEncoder().encode(String.fromCodePoint(c))[0] as number;
  return goQuoteByte(first);
}

/**
 * ParseCookie parses a Cookie header value and returns all the cookies which were set in it.
 * Since the same cookie name can appear multiple times the returned values can contain more than
 * one value for a given key. It throws HTTPError with Go's texts (`http: blank cookie`, `http: '='
 * not found in cookie`, `http: invalid cookie name`, `http: invalid cookie value`, `http: number
 * of cookies exceeded limit`).
 */
export function ParseCookie(line: string): Cookie[] {
  if (line.split(";").length > defaultCookieMaxNum) throw errCookieNumLimitExceeded();
  const parts = trimString(line).split(";");
  if (parts.length === 1 && parts[0] === "") throw errBlankCookie();
  const cookies: Cookie[] = [];
  for (let s of parts) {
    s = trimString(s);
    const eq = s.indexOf("=");
    if (eq < 0) throw errEqualNotFoundInCookie();
    const name = s.slice(0, eq);
    if (!isToken(name)) throw errInvalidCookieName();
    const [value, quoted, ok] = parseCookieValue(s.slice(eq + 1), true);
    if (!ok) throw errInvalidCookieValue();
    cookies.push(new Cookie({ Name: name, Value: value, Quoted: quoted }));
  }
  return cookies;
}

/**
 * ParseSetCookie parses a Set-Cookie header value and returns a cookie. It throws HTTPError on a
 * syntax error in the name=value pair; unknown or malformed attributes go to Unparsed.
 *
 * @example
 * const c = ParseSetCookie("id=a3fWa; Max-Age=2592000; Secure; SameSite=Lax");
 * c.MaxAge; // 2592000
 */
export function ParseSetCookie(line: string): Cookie {
  const parts = trimString(line).split(";");
  if (parts.length === 1 && parts[0] === "") throw errBlankCookie();
  const first = trimString(parts[0] as string);
  const eq = first.indexOf("=");
  if (eq < 0) throw errEqualNotFoundInCookie();
  const name = trimString(first.slice(0, eq));
  if (!isToken(name)) throw errInvalidCookieName();
  const [value, quoted, ok] = parseCookieValue(first.slice(eq + 1), true);
  if (!ok) throw errInvalidCookieValue();
  const c = new Cookie({ Name: name, Value: value, Quoted: quoted, Raw: line });
  for (let i = 1; i < parts.length; i++) {
    const part = trimString(parts[i] as string);
    if (part.length === 0) continue;
    const aeq = part.indexOf("=");
    const attr = aeq < 0 ? part : part.slice(0, aeq);
    const rawVal = aeq < 0 ? "" : part.slice(aeq + 1);
    const [lowerAttr, isASCII] = asciiToLower(attr);
    if (!isASCII) continue;
    const [val, , vok] = parseCookieValue(rawVal, false);
    if (!vok) {
      c.Unparsed.push(part);
      continue;
    }
    switch (lowerAttr) {
      case "samesite": {
        const [lowerVal, ascii] = asciiToLower(val);
        if (!ascii) c.SameSite = SameSiteDefaultMode;
        else if (lowerVal === "lax") c.SameSite = SameSiteLaxMode;
        else if (lowerVal === "strict") c.SameSite = SameSiteStrictMode;
        else if (lowerVal === "none") c.SameSite = SameSiteNoneMode;
        else c.SameSite = SameSiteDefaultMode;
        continue;
      }
      case "secure":
        c.Secure = true;
        continue;
      case "httponly":
        c.HttpOnly = true;
        continue;
      case "domain":
        c.Domain = val;
        continue;
      case "max-age": {
        const secs = atoi(val);
        if (secs === null || (secs !== 0 && val[0] === "0")) break;
        c.MaxAge = secs <= 0 ? -1 : secs;
        continue;
      }
      case "expires": {
        c.RawExpires = val;
        const t = parseTime(layoutRFC1123, val) ?? parseTime(layoutCookie, val);
        c.Expires = t;
        if (t === null) break;
        continue;
      }
      case "path":
        c.Path = val;
        continue;
      case "partitioned":
        c.Partitioned = true;
        continue;
    }
    c.Unparsed.push(part);
  }
  return c;
}

// Go's strconv.Atoi for the decimal forms it accepts: an optional sign and digits.
function atoi(s: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * readSetCookies parses all "Set-Cookie" values from the header h and returns the successfully
 * parsed Cookies (none if there are more than 3000 lines, as Go). Internal (Response.Cookies).
 */
export function readSetCookies(h: Header): Cookie[] {
  const lines = h.get("Set-Cookie");
  if (lines === undefined || lines.length === 0) return [];
  if (lines.length > defaultCookieMaxNum) return [];
  const cookies: Cookie[] = [];
  for (const line of lines) {
    try {
      cookies.push(ParseSetCookie(line));
    } catch {
      // skipped, as Go skips lines that do not parse
    }
  }
  return cookies;
}

/**
 * readCookies parses all "Cookie" values from the header h and returns the successfully parsed
 * Cookies; if filter isn't empty, only cookies of that name. Internal (Request.Cookies).
 */
export function readCookies(h: Header, filter: string): Cookie[] {
  const lines = h.get("Cookie");
  if (lines === undefined || lines.length === 0) return [];
  let count = 0;
  for (const line of lines) count += line.split(";").length;
  if (count > defaultCookieMaxNum) return [];
  const cookies: Cookie[] = [];
  for (let line of lines) {
    line = trimString(line);
    while (line.length > 0) {
      let part: string;
      const semi = line.indexOf(";");
      if (semi >= 0) {
        part = line.slice(0, semi);
        line = line.slice(semi + 1);
      } else {
        part = line;
        line = "";
      }
      part = trimString(part);
      if (part === "") continue;
      const eq = part.indexOf("=");
      const name = trimString(eq < 0 ? part : part.slice(0, eq));
      const rawVal = eq < 0 ? "" : part.slice(eq + 1);
      if (!isToken(name)) continue;
      if (filter !== "" && filter !== name) continue;
      const [val, quoted, ok] = parseCookieValue(rawVal, true);
      if (!ok) continue;
      cookies.push(new Cookie({ Name: name, Value: val, Quoted: quoted }));
    }
  }
  return cookies;
}

/**
 * SetCookie adds a Set-Cookie header to the provided ResponseWriter's headers. The provided cookie
 * must have a valid Name. Invalid cookies may be silently dropped.
 */
export function SetCookie(w: ResponseWriter, cookie: Cookie): void {
  const v = cookie.String();
  if (v !== "") w.Header().Add("Set-Cookie", v);
}

// validCookieDomain reports whether v is a valid cookie domain-value.
function validCookieDomain(v: string): boolean {
  if (isCookieDomainName(v)) return true;
  return ParseIP(v) !== null && !v.includes(":");
}

// validCookieExpires: RFC 6265 Section 5.1.1.5, the year must not be less than 1601.
function validCookieExpires(t: Date | null): boolean {
  return t !== null && !Number.isNaN(t.getTime()) && t.getUTCFullYear() >= 1601;
}

// isCookieDomainName reports whether s is a valid domain name or one with a leading dot.
function isCookieDomainName(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  if (s[0] === ".") s = s.slice(1);
  let last = ".";
  let ok = false; // ok once we've seen a letter
  let partlen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) {
      // No '_' allowed here (in contrast to package net).
      ok = true;
      partlen++;
    } else if (c >= "0" && c <= "9") {
      partlen++;
    } else if (c === "-") {
      // Byte before dash cannot be dot.
      if (last === ".") return false;
      partlen++;
    } else if (c === ".") {
      // Byte before dot cannot be dot, dash.
      if (last === "." || last === "-") return false;
      if (partlen > 63 || partlen === 0) return false;
      partlen = 0;
    } else {
      return false;
    }
    last = c;
  }
  if (last === "-" || partlen > 63) return false;
  return ok;
}

function validCookieValueByte(b: number): boolean {
  return b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x3b && b !== 0x5c;
}

function validCookiePathByte(b: number): boolean {
  return b >= 0x20 && b < 0x7f && b !== 0x3b;
}

// Non-ASCII characters are multi-byte in UTF-8 and every one of their bytes is invalid, so
// dropping the UTF-16 unit drops exactly the bytes Go drops.
function sanitize(valid: (b: number) => boolean, v: string): string {
  let out = "";
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (valid(c)) out += v[i];
  }
  return out;
}

/**
 * sanitizeCookieValue produces a suitable cookie-value from v: invalid bytes are dropped, and the
 * value is quoted if it contains a space or a comma, or was quoted (an empty quoted value is `""`,
 * as in current Go's cookie_test.go). Internal.
 */
export function sanitizeCookieValue(v: string, quoted: boolean): string {
  v = sanitize(validCookieValueByte, v);
  if (v.includes(" ") || v.includes(",") || quoted) return '"' + v + '"';
  return v;
}

/** sanitizeCookiePath drops the bytes not allowed in a Path attribute. Internal. */
export function sanitizeCookiePath(v: string): string {
  return sanitize(validCookiePathByte, v);
}

/** sanitizeCookieName replaces CR and LF with "-". Internal (Request.AddCookie). */
export function sanitizeCookieName(n: string): string {
  return n.replace(/[\r\n]/g, "-");
}

// parseCookieValue parses a cookie-value (allowDoubleQuote) or a cookie-av value.
function parseCookieValue(raw: string, allowDoubleQuote: boolean): [value: string, quoted: boolean, ok: boolean] {
  let quoted = false;
  if (allowDoubleQuote && raw.length > 1 && raw[0] === '"' && raw[raw.length - 1] === '"') {
    raw = raw.slice(1, -1);
    quoted = true;
  }
  for (let i = 0; i < raw.length; i++) if (!validCookieValueByte(raw.charCodeAt(i))) return ["", quoted, false];
  return [raw, quoted, true];
}
