// DetectContentType after Go's net/http/sniff.go: the WHATWG MIME sniffing
// algorithm (https://mimesniff.spec.whatwg.org/) over at most 512 bytes, with
// Go's signature table in Go's order.

import { utf8Encode } from "./internal.js";

// The algorithm uses at most sniffLen bytes to make its decision.
const sniffLen = 512;

type Sig = (data: Uint8Array, firstNonWS: number) => string;

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function exactSig(sig: string, ct: string): Sig {
  const p = bytes(sig);
  return (data) => {
    if (data.length < p.length) return "";
    for (let i = 0; i < p.length; i++) if (data[i] !== p[i]) return "";
    return ct;
  };
}

function maskedSig(mask: string, pat: string, ct: string, skipWS = false): Sig {
  const m = bytes(mask);
  const p = bytes(pat);
  return (data, firstNonWS) => {
    if (skipWS) data = data.subarray(firstNonWS);
    if (p.length !== m.length || data.length < p.length) return "";
    for (let i = 0; i < p.length; i++) if (((data[i] as number) & (m[i] as number)) !== p[i]) return "";
    return ct;
  };
}

// htmlSig matches an HTML tag, case-insensitively, followed by a space or ">".
function htmlSig(h: string): Sig {
  const p = bytes(h);
  return (data, firstNonWS) => {
    data = data.subarray(firstNonWS);
    if (data.length < p.length + 1) return "";
    for (let i = 0; i < p.length; i++) {
      const b = p[i] as number;
      let db = data[i] as number;
      if (b >= 0x41 && b <= 0x5a) db &= 0xdf;
      if (b !== db) return "";
    }
    const tt = data[p.length];
    if (tt !== 0x20 && tt !== 0x3e) return "";
    return "text/html; charset=utf-8";
  };
}

const mp4ftype = bytes("ftyp");
const mp4 = bytes("mp4");

// https://mimesniff.spec.whatwg.org/#signature-for-mp4
const mp4Sig: Sig = (data) => {
  if (data.length < 12) return "";
  const boxSize = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  if (data.length < boxSize || boxSize % 4 !== 0) return "";
  for (let i = 0; i < 4; i++) if (data[4 + i] !== mp4ftype[i]) return "";
  for (let st = 8; st < boxSize; st += 4) {
    if (st === 12) continue; // the minor version number of the major brand
    if (data[st] === mp4[0] && data[st + 1] === mp4[1] && data[st + 2] === mp4[2]) return "video/mp4";
  }
  return "";
};

// textSig: no binary data bytes (section 5, step 4).
const textSig: Sig = (data, firstNonWS) => {
  for (let i = firstNonWS; i < data.length; i++) {
    const b = data[i] as number;
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return "";
  }
  return "text/plain; charset=utf-8";
};

const sniffSignatures: readonly Sig[] = [
  htmlSig("<!DOCTYPE HTML"),
  htmlSig("<HTML"),
  htmlSig("<HEAD"),
  htmlSig("<SCRIPT"),
  htmlSig("<IFRAME"),
  htmlSig("<H1"),
  htmlSig("<DIV"),
  htmlSig("<FONT"),
  htmlSig("<TABLE"),
  htmlSig("<A"),
  htmlSig("<STYLE"),
  htmlSig("<TITLE"),
  htmlSig("<B"),
  htmlSig("<BODY"),
  htmlSig("<BR"),
  htmlSig("<P"),
  htmlSig("<!--"),
  maskedSig("\xFF\xFF\xFF\xFF\xFF", "<?xml", "text/xml; charset=utf-8", true),
  exactSig("%PDF-", "application/pdf"),
  exactSig("%!PS-Adobe-", "application/postscript"),

  // UTF BOMs.
  maskedSig("\xFF\xFF\x00\x00", "\xFE\xFF\x00\x00", "text/plain; charset=utf-16be"),
  maskedSig("\xFF\xFF\x00\x00", "\xFF\xFE\x00\x00", "text/plain; charset=utf-16le"),
  maskedSig("\xFF\xFF\xFF\x00", "\xEF\xBB\xBF\x00", "text/plain; charset=utf-8"),

  // Image types.
  exactSig("\x00\x00\x01\x00", "image/x-icon"),
  exactSig("\x00\x00\x02\x00", "image/x-icon"),
  exactSig("BM", "image/bmp"),
  exactSig("GIF87a", "image/gif"),
  exactSig("GIF89a", "image/gif"),
  maskedSig("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF", "RIFF\x00\x00\x00\x00WEBPVP", "image/webp"),
  exactSig("\x89PNG\x0D\x0A\x1A\x0A", "image/png"),
  exactSig("\xFF\xD8\xFF", "image/jpeg"),

  // Audio and video types, in the order the spec prescribes.
  maskedSig("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF", "FORM\x00\x00\x00\x00AIFF", "audio/aiff"),
  maskedSig("\xFF\xFF\xFF", "ID3", "audio/mpeg"),
  maskedSig("\xFF\xFF\xFF\xFF\xFF", "OggS\x00", "application/ogg"),
  maskedSig("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF", "MThd\x00\x00\x00\x06", "audio/midi"),
  maskedSig("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF", "RIFF\x00\x00\x00\x00AVI ", "video/avi"),
  maskedSig("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF", "RIFF\x00\x00\x00\x00WAVE", "audio/wave"),
  mp4Sig,
  exactSig("\x1A\x45\xDF\xA3", "video/webm"),

  // Font types.
  maskedSig("\x00".repeat(34) + "\xFF\xFF", "\x00".repeat(34) + "LP", "application/vnd.ms-fontobject"),
  exactSig("\x00\x01\x00\x00", "font/ttf"),
  exactSig("OTTO", "font/otf"),
  exactSig("ttcf", "font/collection"),
  exactSig("wOFF", "font/woff"),
  exactSig("wOF2", "font/woff2"),

  // Archive types.
  exactSig("\x1F\x8B\x08", "application/x-gzip"),
  exactSig("PK\x03\x04", "application/zip"),
  exactSig("Rar!\x1A\x07\x00", "application/x-rar-compressed"), // RAR v1.5-v4.0
  exactSig("Rar!\x1A\x07\x01\x00", "application/x-rar-compressed"), // RAR v5+

  exactSig("\x00\x61\x73\x6D", "application/wasm"),

  textSig, // should be last
];

function isWS(b: number): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
}

/**
 * DetectContentType implements the algorithm described at https://mimesniff.spec.whatwg.org/ to
 * determine the Content-Type of the given data. It considers at most the first 512 bytes (of
 * the UTF-8 encoding, for a string). It always returns a valid MIME type:
 * "application/octet-stream" if it cannot determine a more specific one.
 *
 * @example
 * DetectContentType("<html><body>hi") // "text/html; charset=utf-8"
 */
export function DetectContentType(data: Uint8Array | string): string {
  let b = typeof data === "string" ? utf8Encode(data.slice(0, sniffLen)) : data;
  if (b.length > sniffLen) b = b.subarray(0, sniffLen);
  let firstNonWS = 0;
  while (firstNonWS < b.length && isWS(b[firstNonWS] as number)) firstNonWS++;
  for (const sig of sniffSignatures) {
    const ct = sig(b, firstNonWS);
    if (ct !== "") return ct;
  }
  return "application/octet-stream"; // fallback
}
