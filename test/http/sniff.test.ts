// DetectContentType: the table of Go's src/net/http/sniff_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DetectContentType } from "../../src/http/sniff.js";

// b turns a Go byte-string literal into bytes: each \xNN escape (a code unit below 0x100) is one
// byte. (Go would UTF-8 encode the "À" of the AVI samples; only their first 12 bytes matter.)
function b(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
}

test("DetectContentType (TestDetectContentType)", () => {
  const cases: [string, Uint8Array | string, string][] = [
    // Some nonsense.
    ["Empty", new Uint8Array(0), "text/plain; charset=utf-8"],
    ["Binary", new Uint8Array([1, 2, 3]), "application/octet-stream"],
    ["HTML document #1", "<HtMl><bOdY>blah blah blah</body></html>", "text/html; charset=utf-8"],
    ["HTML document #2", "<HTML></HTML>", "text/html; charset=utf-8"],
    ["HTML document #3 (leading whitespace)", "   <!DOCTYPE HTML>...", "text/html; charset=utf-8"],
    ["HTML document #4 (leading CRLF)", "\r\n<html>...", "text/html; charset=utf-8"],
    ["Plain text", "This is not HTML. It has ☃ though.", "text/plain; charset=utf-8"],
    ["XML", "\n<?xml!", "text/xml; charset=utf-8"],
    // Image types.
    ["Windows icon", b("\x00\x00\x01\x00"), "image/x-icon"],
    ["Windows cursor", b("\x00\x00\x02\x00"), "image/x-icon"],
    ["BMP image", "BM...", "image/bmp"],
    ["GIF 87a", "GIF87a", "image/gif"],
    ["GIF 89a", "GIF89a...", "image/gif"],
    ["WEBP image", b("RIFF\x00\x00\x00\x00WEBPVP"), "image/webp"],
    ["PNG image", b("\x89PNG\x0D\x0A\x1A\x0A"), "image/png"],
    ["JPEG image", b("\xFF\xD8\xFF"), "image/jpeg"],
    // Audio types.
    ["MIDI audio", b("MThd\x00\x00\x00\x06\x00\x01"), "audio/midi"],
    ["MP3 audio/MPEG audio", b("ID3\x03\x00\x00\x00\x00\x0f"), "audio/mpeg"],
    ["WAV audio #1", b("RIFFb\xb8\x00\x00WAVEfmt \x12\x00\x00\x00\x06"), "audio/wave"],
    ["WAV audio #2", b("RIFF,\x00\x00\x00WAVEfmt \x12\x00\x00\x00\x06"), "audio/wave"],
    ["AIFF audio #1", b("FORM\x00\x00\x00\x00AIFFCOMM\x00\x00\x00\x12\x00\x01\x00\x00\x57\x55\x00\x10\x40\x0d\xf3\x34"), "audio/aiff"],
    ["OGG audio", b("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x7e\x46\x00\x00\x00\x00\x00\x00\x1f\xf6\xb4\xfc\x01\x1e\x01\x76\x6f\x72"), "application/ogg"],
    ["Must not match OGG", b("owow\x00"), "application/octet-stream"],
    ["Must not match OGG", b("oooS\x00"), "application/octet-stream"],
    ["Must not match OGG", b("oggS\x00"), "application/octet-stream"],
    // Video types.
    ["MP4 video", b("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom<\x06t\xbfmdat"), "video/mp4"],
    ["AVI video #1", b("RIFF,O\n\x00AVI LISTÀ"), "video/avi"],
    ["AVI video #2", b("RIFF,\n\x00\x00AVI LISTÀ"), "video/avi"],
    // Font types.
    ["TTF sample  I", b("\x00\x01\x00\x00\x00\x17\x01\x00\x00\x04\x01\x60\x4f"), "font/ttf"],
    ["TTF sample II", b("\x00\x01\x00\x00\x00\x0e\x00\x80\x00\x03\x00\x60\x46"), "font/ttf"],
    ["OTTO sample  I", b("\x4f\x54\x54\x4f\x00\x0e\x00\x80\x00\x03\x00\x60\x42\x41\x53\x45"), "font/otf"],
    ["woff sample  I", b("\x77\x4f\x46\x46\x00\x01\x00\x00\x00\x00\x30\x54\x00\x0d\x00\x00"), "font/woff"],
    ["woff2 sample", b("\x77\x4f\x46\x32\x00\x01\x00\x00\x00"), "font/woff2"],
    ["wasm sample", b("\x00\x61\x73\x6d\x01\x00"), "application/wasm"],
    ["EOT", b("\x00".repeat(34) + "LP"), "application/vnd.ms-fontobject"],
    // Archive types.
    ["RAR v1.5-v4.0", b("Rar!\x1A\x07\x00"), "application/x-rar-compressed"],
    ["RAR v5+", b("Rar!\x1A\x07\x01\x00"), "application/x-rar-compressed"],
    ["Incorrect RAR v1.5-v4.0", b("Rar \x1A\x07\x00"), "application/octet-stream"],
    ["Incorrect RAR v5+", b("Rar \x1A\x07\x01\x00"), "application/octet-stream"],
    ["gzip", b("\x1F\x8B\x08rest"), "application/x-gzip"],
    ["zip", b("PK\x03\x04"), "application/zip"],
    ["PDF", "%PDF-1.4", "application/pdf"],
    ["PostScript", "%!PS-Adobe-3.0", "application/postscript"],
    ["UTF-8 BOM", b("\xEF\xBB\xBFhi"), "text/plain; charset=utf-8"],
    ["UTF-16BE BOM", b("\xFE\xFF\x00h"), "text/plain; charset=utf-16be"],
    ["tag needs a terminator", "<htmlx>", "text/plain; charset=utf-8"],
    ["only the first 512 bytes count", "a".repeat(512) + "\x01", "text/plain; charset=utf-8"],
  ];
  for (const [desc, data, want] of cases) assert.equal(DetectContentType(data), want, desc);
});
