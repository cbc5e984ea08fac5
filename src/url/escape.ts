// Go's escaping rules (shouldEscape, escape, unescape, validEncoded in src/net/url/url.go), shared
// by gonet/url and gonet/http. Go strings are bytes: escaping works on the UTF-8 bytes of a
// string, and an escape that decodes to invalid UTF-8 becomes U+FFFD. Internal.

import { goQuote } from "../quote.js";
import { EscapeError, InvalidHostError } from "./errors.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });

/** Mode is Go's encoding: which part of a URL is escaped or unescaped. Internal. */
export type Mode = "path" | "pathSegment" | "host" | "zone" | "userPassword" | "query" | "fragment";

export function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return c - 0x41 + 10;
}

export function isAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
}

/** shouldEscape is Go's shouldEscape: whether byte c must be escaped in the given part of a URL. Internal. */
export function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if (mode === "host" || mode === "zone") {
    switch (c) {
      case 0x21: // ! $ & ' ( ) * + , ; = : [ ] < > "
      case 0x24:
      case 0x26:
      case 0x27:
      case 0x28:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x3b:
      case 0x3d:
      case 0x3a:
      case 0x5b:
      case 0x5d:
      case 0x3c:
      case 0x3e:
      case 0x22:
        return false;
    }
  }
  switch (c) {
    case 0x2d: // - _ . ~
    case 0x5f:
    case 0x2e:
    case 0x7e:
      return false;
    case 0x24: // $ & + , / : ; = ? @
    case 0x26:
    case 0x2b:
    case 0x2c:
    case 0x2f:
    case 0x3a:
    case 0x3b:
    case 0x3d:
    case 0x3f:
    case 0x40:
      switch (mode) {
        case "path":
          return c === 0x3f;
        case "pathSegment":
          return c === 0x2f || c === 0x3b || c === 0x2c || c === 0x3f;
        case "userPassword":
          return c === 0x40 || c === 0x2f || c === 0x3f || c === 0x3a;
        case "query":
          return true;
        case "fragment":
          return false;
        default:
          break;
      }
  }
  if (mode === "fragment") {
    switch (c) {
      case 0x21: // ! ( ) *
      case 0x28:
      case 0x29:
      case 0x2a:
        return false;
    }
  }
  return true;
}

// escapeText returns Go's EscapeError text for s[i:] cut to three bytes: a cut through a
// multi-byte character prints its bytes as \xNN, as strconv.Quote does.
function escapeError(s: string, i: number): EscapeError {
  const rest = s.slice(i, i + 3);
  const bytes = encoder.encode(rest);
  if (bytes.length <= 3) return new EscapeError(rest);
  const cut = bytes.subarray(0, 3);
  let n = 3;
  let prefix = "";
  for (; n > 0; n--) {
    try {
      prefix = strictDecoder.decode(cut.subarray(0, n));
      break;
    } catch {
      // shorten until the prefix is valid UTF-8
    }
  }
  let tail = "";
  for (const b of cut.subarray(n)) tail += "\\x" + b.toString(16).padStart(2, "0");
  return new EscapeError(decoder.decode(cut), goQuote(prefix).slice(0, -1) + tail + '"');
}

/** unescape is Go's unescape: it throws EscapeError or InvalidHostError. Internal. */
export function unescape(s: string, mode: Mode): string {
  let n = 0;
  let hasPlus = false;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      n++;
      if (i + 2 >= s.length || !isHex(s.charCodeAt(i + 1)) || !isHex(s.charCodeAt(i + 2))) throw escapeError(s, i);
      // RFC 3986 §3.2.2: in a host, %-encoding only for non-ASCII bytes; RFC 6874 adds %25.
      if (mode === "host" && unhex(s.charCodeAt(i + 1)) < 8 && s.slice(i, i + 3) !== "%25") throw new EscapeError(s.slice(i, i + 3));
      if (mode === "zone") {
        const v = (unhex(s.charCodeAt(i + 1)) << 4) | unhex(s.charCodeAt(i + 2));
        if (s.slice(i, i + 3) !== "%25" && v !== 0x20 && shouldEscape(v, "host")) throw new EscapeError(s.slice(i, i + 3));
      }
      i += 3;
    } else if (c === 0x2b) {
      hasPlus = mode === "query";
      i++;
    } else {
      if ((mode === "host" || mode === "zone") && c < 0x80 && shouldEscape(c, mode)) throw new InvalidHostError(s[i] as string);
      i++;
    }
  }
  if (n === 0 && !hasPlus) return s;
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length);
  let w = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x25) {
      out[w++] = (unhex(bytes[i + 1] as number) << 4) | unhex(bytes[i + 2] as number);
      i += 2;
    } else if (b === 0x2b) {
      out[w++] = mode === "query" ? 0x20 : 0x2b;
    } else {
      out[w++] = b;
    }
  }
  return decoder.decode(out.subarray(0, w));
}

const upperhex = "0123456789ABCDEF";

/** escape is Go's escape: %XX for every byte shouldEscape names ("+" for a space in a query). Internal. */
export function escape(s: string, mode: Mode): string {
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || shouldEscape(c, mode)) {
      plain = false;
      break;
    }
  }
  if (plain) return s;
  let out = "";
  for (const b of encoder.encode(s)) {
    if (b === 0x20 && mode === "query") out += "+";
    else if (shouldEscape(b, mode)) out += "%" + upperhex[b >> 4] + upperhex[b & 15];
    else out += String.fromCharCode(b);
  }
  return out;
}

/** validEncoded is Go's validEncoded: s has no byte that escaping in mode would change. Internal. */
export function validEncoded(s: string, mode: Mode): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x21: // ! $ & ' ( ) * + , ; = : @ [ ] %
      case 0x24:
      case 0x26:
      case 0x27:
      case 0x28:
      case 0x29:
      case 0x2a:
      case 0x2b:
      case 0x2c:
      case 0x3b:
      case 0x3d:
      case 0x3a:
      case 0x40:
      case 0x5b:
      case 0x5d:
      case 0x25:
        continue;
      default:
        if (c >= 0x80 || shouldEscape(c, mode)) return false;
    }
  }
  return true;
}

