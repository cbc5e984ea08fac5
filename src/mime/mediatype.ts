// Go's mime.ParseMediaType and FormatMediaType's quoting (src/mime/mediatype.go, grammar.go),
// for Content-Type and Content-Disposition values: the media type lowercased, its parameters
// with names lowercased, quoted strings unquoted, RFC 2231 continuations and encodings joined.

import { GoError } from "../errors.js";

/** MIMEError is an error of mime's media type parser, with Go's text (`mime: no media type`). */
export class MIMEError extends GoError {
  static override readonly brandName: string = "MIMEError";
  /** code is GONET_ERR_MIME. */
  readonly code = "GONET_ERR_MIME";
}

/** ErrInvalidMediaParameter is thrown when a media type parameter does not parse (Go's mime.ErrInvalidMediaParameter). */
export const ErrInvalidMediaParameter = new MIMEError("mime: invalid media parameter");

const tspecials = '()<>@,;:\\"/[]?=';

function isTSpecial(c: string): boolean {
  return tspecials.includes(c);
}

function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return code > 0x20 && code < 0x7f && !isTSpecial(c);
}

// isSpace is unicode.IsSpace over the characters a header can hold.
function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r" || c === "\u0085" || c === "\u00a0";
}

function trimLeftSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  return s.slice(i);
}

function consumeToken(v: string): [token: string, rest: string] {
  let i = 0;
  while (i < v.length && isTokenChar(v[i]!)) i++;
  return [v.slice(0, i), v.slice(i)];
}

function consumeValue(v: string): [value: string, rest: string] {
  if (v === "") return ["", ""];
  if (v[0] !== '"') return consumeToken(v);
  let out = "";
  for (let i = 1; i < v.length; i++) {
    const r = v[i]!;
    if (r === '"') return [out, v.slice(i + 1)];
    // An unnecessary backslash escape is taken as MSIE's literal backslash (Go's comment).
    if (r === "\\" && i + 1 < v.length && isTSpecial(v[i + 1]!)) {
      out += v[i + 1];
      i++;
      continue;
    }
    if (r === "\r" || r === "\n") return ["", v];
    out += r;
  }
  return ["", v]; // no closing quote
}

function consumeMediaParam(v: string): [param: string, value: string, rest: string] {
  let rest = trimLeftSpace(v);
  if (!rest.startsWith(";")) return ["", "", v];
  rest = trimLeftSpace(rest.slice(1));
  let param: string;
  [param, rest] = consumeToken(rest);
  param = param.toLowerCase();
  if (param === "") return ["", "", v];
  rest = trimLeftSpace(rest);
  if (!rest.startsWith("=")) return ["", "", v];
  rest = trimLeftSpace(rest.slice(1));
  const [value, rest2] = consumeValue(rest);
  if (value === "" && rest2 === rest) return ["", "", v];
  return [param, value, rest2];
}

function checkMediaTypeDisposition(s: string): void {
  const [typ, rest] = consumeToken(s);
  if (typ === "") throw new MIMEError("mime: no media type");
  if (rest === "") return;
  if (!rest.startsWith("/")) throw new MIMEError("mime: expected slash after first token");
  const [subtype, rest2] = consumeToken(rest.slice(1));
  if (subtype === "") throw new MIMEError("mime: expected token after slash");
  if (rest2 !== "") throw new MIMEError("mime: unexpected content after media subtype");
}

function percentHexUnescape(s: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      bytes.push(...new TextEncoder().encode(s[i]!));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function decode2231Enc(v: string): string | null {
  const first = v.indexOf("'");
  const second = first < 0 ? -1 : v.indexOf("'", first + 1);
  if (second < 0) return null;
  const charset = v.slice(0, first).toLowerCase();
  if (charset !== "us-ascii" && charset !== "utf-8") return null;
  return percentHexUnescape(v.slice(second + 1));
}

/**
 * parseMediaType is Go's mime.ParseMediaType: it returns the lowercased media type and its
 * parameters, and throws MIMEError with Go's text for a value that does not parse.
 * @internal
 */
export function parseMediaType(v: string): [mediatype: string, params: Map<string, string>] {
  const semi = v.indexOf(";");
  const base = semi < 0 ? v : v.slice(0, semi);
  const mediatype = base.toLowerCase().trim();
  checkMediaTypeDisposition(mediatype);
  const params = new Map<string, string>();
  let continuation: Map<string, Map<string, string>> | null = null;
  v = v.slice(base.length);
  while (v.length > 0) {
    v = trimLeftSpace(v);
    if (v.length === 0) break;
    const [key, value, rest] = consumeMediaParam(v);
    if (key === "") {
      if (rest.trim() === ";") break; // a trailing semicolon is not an error
      throw ErrInvalidMediaParameter;
    }
    let pmap = params;
    const star = key.indexOf("*");
    if (star >= 0) {
      continuation ??= new Map();
      const baseName = key.slice(0, star);
      let m = continuation.get(baseName);
      if (m === undefined) continuation.set(baseName, (m = new Map()));
      pmap = m;
    }
    const existing = pmap.get(key);
    if (existing !== undefined && existing !== value) throw new MIMEError("mime: duplicate parameter name");
    pmap.set(key, value);
    v = rest;
  }
  for (const [key, pieces] of continuation ?? []) {
    const single = pieces.get(key + "*");
    if (single !== undefined) {
      const dec = decode2231Enc(single);
      if (dec !== null) params.set(key, dec);
      continue;
    }
    let joined = "";
    let valid = false;
    for (let n = 0; ; n++) {
      const simple = pieces.get(`${key}*${n}`);
      if (simple !== undefined) {
        valid = true;
        joined += simple;
        continue;
      }
      const encoded = pieces.get(`${key}*${n}*`);
      if (encoded === undefined) break;
      valid = true;
      joined += (n === 0 ? decode2231Enc(encoded) : percentHexUnescape(encoded)) ?? "";
    }
    if (valid) params.set(key, joined);
  }
  return [mediatype, params];
}
