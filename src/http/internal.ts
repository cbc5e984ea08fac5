// Small helpers shared by the files of gonet/http, after the pieces of Go's
// standard library that net/http leans on: strconv.Quote (error texts),
// httpguts token tables, textproto.TrimString, path.Clean and path.Split.
// Nothing here is re-exported by the package index.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** utf8Encode returns the UTF-8 bytes of s. Internal. */
export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** utf8Decode decodes UTF-8 bytes, replacing invalid sequences with U+FFFD as Go's string conversions print them. Internal. */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** byteLength returns the number of bytes of the UTF-8 encoding of s (Go's len(s)). Internal. */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export { goQuote } from "../quote.js";

/** goQuoteByte formats one byte as Go's %q does for a byte value (a rune literal: 'x', '\x00'). Internal. */
export function goQuoteByte(b: number): string {
  switch (b) {
    case 0x27:
      return "'\\''";
    case 0x5c:
      return "'\\\\'";
    case 0x07:
      return "'\\a'";
    case 0x08:
      return "'\\b'";
    case 0x0c:
      return "'\\f'";
    case 0x0a:
      return "'\\n'";
    case 0x0d:
      return "'\\r'";
    case 0x09:
      return "'\\t'";
    case 0x0b:
      return "'\\v'";
  }
  if (b < 0x20 || b === 0x7f) return "'\\x" + b.toString(16).padStart(2, "0") + "'";
  // Go's strconv.IsPrint rejects the C1 controls, NO-BREAK SPACE and SOFT HYPHEN of Latin-1.
  if ((b >= 0x80 && b <= 0xa0) || b === 0xad) return "'\\u" + b.toString(16).padStart(4, "0") + "'";
  return "'" + String.fromCharCode(b) + "'";
}

// RFC 7230 tchar: "!#$%&'*+-.^_`|~", DIGIT, ALPHA.
const tokenTable: boolean[] = (() => {
  const t: boolean[] = new Array<boolean>(128).fill(false);
  for (let c = 0x30; c <= 0x39; c++) t[c] = true;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = true;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = true;
  for (const ch of "!#$%&'*+-.^_`|~") t[ch.charCodeAt(0)] = true;
  return t;
})();

/** isTokenChar reports whether the UTF-16 code unit c is an RFC 7230 tchar (httpguts.IsTokenRune). Internal. */
export function isTokenChar(c: number): boolean {
  return c < 128 && tokenTable[c] === true;
}

/** isToken reports whether s is a non-empty RFC 7230 token (httpguts.ValidHeaderFieldName, Go's isToken). Internal. */
export function isToken(s: string): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; i++) if (!isTokenChar(s.charCodeAt(i))) return false;
  return true;
}

// httpguts' validHostByte: the bytes of a reg-name, an IP literal, a zone, or a port.
const validHostByte = /^[0-9A-Za-z!$%&()*+,\-.:;=\[\]'_~]*$/;

/**
 * validHostHeader reports whether h is a valid Host header value (httpguts.ValidHostHeader):
 * Go is lenient and only refuses a byte that fits none of a host's forms. Internal.
 */
export function validHostHeader(h: string): boolean {
  return validHostByte.test(h);
}

function isASCIISpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** trimString trims leading and trailing ASCII space, tab, CR and LF (textproto.TrimString). Internal. */
export function trimString(s: string): string {
  let i = 0;
  let j = s.length;
  while (i < j && isASCIISpace(s.charCodeAt(i))) i++;
  while (j > i && isASCIISpace(s.charCodeAt(j - 1))) j--;
  return s.slice(i, j);
}

/** asciiEqualFold reports whether s and t are equal under ASCII case folding (internal/ascii.EqualFold). Internal. */
export function asciiEqualFold(s: string, t: string): boolean {
  if (s.length !== t.length) return false;
  for (let i = 0; i < s.length; i++) {
    let a = s.charCodeAt(i);
    let b = t.charCodeAt(i);
    if (a >= 0x41 && a <= 0x5a) a += 0x20;
    if (b >= 0x41 && b <= 0x5a) b += 0x20;
    if (a !== b) return false;
  }
  return true;
}

/** asciiToLower lowers ASCII letters and reports whether s was all ASCII (internal/ascii.ToLower). Internal. */
export function asciiToLower(s: string): [lower: string, ok: boolean] {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return ["", false];
  return [s.toLowerCase(), true];
}

/** pathClean is Go's path.Clean: the shortest path name equivalent to p by purely lexical processing. Internal. */
export function pathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p[0] === "/";
  const n = p.length;
  let out = "";
  let r = 0;
  let dotdot = 0;
  if (rooted) {
    out = "/";
    r = 1;
    dotdot = 1;
  }
  while (r < n) {
    if (p[r] === "/") {
      r++;
    } else if (p[r] === "." && (r + 1 === n || p[r + 1] === "/")) {
      r++;
    } else if (p[r] === "." && p[r + 1] === "." && (r + 2 === n || p[r + 2] === "/")) {
      r += 2;
      if (out.length > dotdot) {
        // backtrack to the last slash after dotdot
        let w = out.length - 1;
        while (w > dotdot && out[w] !== "/") w--;
        out = out.slice(0, w);
      } else if (!rooted) {
        if (out.length > 0) out += "/";
        out += "..";
        dotdot = out.length;
      }
    } else {
      if ((rooted && out.length !== 1) || (!rooted && out.length !== 0)) out += "/";
      while (r < n && p[r] !== "/") out += p[r++];
    }
  }
  if (out === "") return ".";
  return out;
}

/** pathSplit is Go's path.Split: the directory (through the last slash) and the file name. Internal. */
export function pathSplit(p: string): [dir: string, file: string] {
  const i = p.lastIndexOf("/");
  return [p.slice(0, i + 1), p.slice(i + 1)];
}

/** backgroundSignal is the signal of Go's context.Background: it never aborts. Internal. */
export const backgroundSignal: AbortSignal = new AbortController().signal;
