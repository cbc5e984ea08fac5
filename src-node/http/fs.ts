// Serving files after Go's net/http/fs.go: Dir (a directory tree that
// requests cannot leave: every name is cleaned as "/"+name, then localized as
// Go's filepath.Localize does), FileServer and ServeFile with Go's redirects,
// index.html, directory listings, and Go's serveContent: Last-Modified, the
// preconditions in checkPreconditions' order (If-Match, If-Unmodified-Since,
// If-None-Match, If-Modified-Since, If-Range), parseRange with its quirks, one
// range as 206 with Content-Range, several as 206 multipart/byteranges streamed
// part by part from the file (at most 100 parts: gonet's cap, not Go's).

import { randomBytes } from "node:crypto";
import * as nodefs from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import * as nodepath from "node:path";
import { HTTPError } from "../../src/http/errors.js";
import { Error as httpError, type Handler, type ResponseWriter } from "../../src/http/handler.js";
import { ParseTime } from "../../src/http/header.js";
import { pathClean, trimString, utf8Encode } from "../../src/http/internal.js";
import type { Request, ServerRequest } from "../../src/http/request.js";
import { DetectContentType } from "../../src/http/sniff.js";
import { escapePath, urlPath, urlRawQuery } from "../../src/http/url.js";

/** FileInfo describes a file served by FileServer (the part of Go's fs.FileInfo it uses). */
export interface FileInfo {
  Name(): string;
  Size(): number;
  ModTime(): Date;
  IsDir(): boolean;
}

/** File is what a FileSystem's Open returns (Go's http.File, with positional reads instead of Seek). */
export interface File {
  /** ReadAt reads into p from offset off and resolves the number of bytes read (0 at the end). */
  ReadAt(p: Uint8Array, off: number): Promise<number>;
  /** Readdir lists a directory's entries. */
  Readdir(): Promise<FileInfo[]>;
  /** Stat describes the file. */
  Stat(): Promise<FileInfo>;
  /** Close releases the file. */
  Close(): Promise<void>;
}

/** FileSystem implements access to a collection of named files; names are slash-separated and start with "/" (Go's http.FileSystem). */
export interface FileSystem {
  /** Open opens the named file; it throws an error with code ENOENT / EACCES for a missing / forbidden one. */
  Open(name: string): Promise<File>;
}

function infoOf(name: string, st: { size: number; mtime: Date; isDirectory(): boolean }): FileInfo {
  return { Name: () => name, Size: () => st.size, ModTime: () => st.mtime, IsDir: () => st.isDirectory() };
}

/**
 * dirOS is what a Dir needs from the operating system: its path rules (node:path, or path.win32 /
 * path.posix) and the file calls of node:fs/promises. Internal; tests pass path.win32 with a
 * translating file system to check the Windows rules on any platform.
 */
export interface dirOS {
  path: Pick<typeof nodepath, "sep" | "join" | "relative" | "isAbsolute">;
  stat(p: string): Promise<{ size: number; mtime: Date; isDirectory(): boolean }>;
  open(p: string, flags: "r"): Promise<Pick<FileHandle, "read" | "close">>;
  readdir(p: string, opts: { withFileTypes: true }): Promise<{ name: string; isDirectory(): boolean }[]>;
}

const nativeOS: dirOS = {
  path: nodepath,
  stat: (p) => nodefs.stat(p),
  open: (p, flags) => nodefs.open(p, flags),
  readdir: (p, opts) => nodefs.readdir(p, opts),
};

class dirFile implements File {
  constructor(
    readonly os: dirOS,
    readonly full: string,
    readonly name: string,
    readonly fh: Pick<FileHandle, "read" | "close"> | null,
  ) {}
  async ReadAt(p: Uint8Array, off: number): Promise<number> {
    if (this.fh === null) return 0;
    const { bytesRead } = await this.fh.read(p, 0, p.length, off);
    return bytesRead;
  }
  async Readdir(): Promise<FileInfo[]> {
    const ents = await this.os.readdir(this.full, { withFileTypes: true });
    return ents.map((e) => ({ Name: () => e.name, Size: () => 0, ModTime: () => new Date(0), IsDir: () => e.isDirectory() }));
  }
  async Stat(): Promise<FileInfo> {
    return infoOf(this.name, await this.os.stat(this.full));
  }
  async Close(): Promise<void> {
    await this.fh?.close();
  }
}

// Go's errInvalidUnsafePath (fs.go): Dir.Open's error for a name filepath.Localize refuses;
// FileServer answers it 404, as Go's toHTTPError does.
const errInvalidUnsafePathCode = "GONET_HTTP_ERR_INVALID_UNSAFE_PATH";
function errInvalidUnsafePath(): HTTPError {
  return new HTTPError("http: invalid or unsafe file path", errInvalidUnsafePathCode);
}

// Go's fs.ValidPath: valid UTF-8 (here: no lone surrogate), and no empty, "." or ".." element
// except the name "." itself.
function validPath(name: string): boolean {
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return false;
  if (name === ".") return true;
  return name.split("/").every((e) => e !== "" && e !== "." && e !== "..");
}

// Go's isReservedBaseName (internal/filepathlite/path_windows.go): Windows device names.
function isReservedBaseName(name: string): boolean {
  const up = name.slice(0, 3).toUpperCase();
  if (name.length === 3 && (up === "CON" || up === "PRN" || up === "AUX" || up === "NUL")) return true;
  if (name.length >= 4 && (up === "COM" || up === "LPT")) {
    const rest = name.slice(3);
    // Superscript ¹, ² and ³ are numbers as well.
    return (rest.length === 1 && rest >= "1" && rest <= "9") || rest === "\u00b9" || rest === "\u00b2" || rest === "\u00b3";
  }
  const u = name.toUpperCase();
  return u === "CONIN$" || u === "CONOUT$";
}

// Go's isReservedName (Windows): a device name, perhaps followed by a dot or a colon and
// anything, or by spaces. Go asks RtlIsDosDeviceName_U about a name with an extension such as
// "CON.txt" (no longer reserved since Windows 11); without that call it is refused, the safe side.
function isReservedName(name: string): boolean {
  let base = name;
  const cut = base.search(/[:.]/);
  if (cut >= 0) base = base.slice(0, cut);
  base = base.replace(/ +$/, "");
  return isReservedBaseName(base);
}

// localize is Go's filepath.Localize for the given separator: a valid slash-separated relative
// path becomes a native one, or null when the OS cannot name it safely: NUL anywhere; with
// backslash separators (Windows) also a backslash, a colon or a reserved device name.
function localize(p: string, sep: string): string | null {
  if (!validPath(p)) return null;
  if (sep === "/") return p.includes("\0") ? null : p;
  if (/[:\\\0]/.test(p)) return null;
  if (p.split("/").some(isReservedName)) return null;
  return p.replaceAll("/", sep);
}

// within reports whether full is root itself or lies below it.
function within(filepath: dirOS["path"], root: string, full: string): boolean {
  const rel = filepath.relative(root, full);
  if (filepath.isAbsolute(rel)) return false;
  return rel !== ".." && !rel.startsWith(".." + filepath.sep) && !rel.startsWith("../");
}

/** newDir is Dir on the given operating system (path rules and file calls). Internal (tests). */
export function newDir(root: string, os: dirOS): FileSystem {
  const base = root === "" ? "." : root;
  return {
    async Open(name: string): Promise<File> {
      const clean = pathClean("/" + name);
      // Go's Dir.Open: path.Clean("/"+name)[1:], then filepath.Localize, so a name holding the
      // OS's own separator ("..\..\x" where that is a backslash) or a device name never reaches
      // the file system.
      const local = localize(clean === "/" ? "." : clean.slice(1), os.path.sep);
      if (local === null) throw errInvalidUnsafePath();
      const full = os.path.join(base, local);
      // A last guard: whatever the rules above might miss, nothing outside root is opened.
      if (!within(os.path, base, full)) throw errInvalidUnsafePath();
      const st = await os.stat(full);
      const leaf = clean === "/" ? "/" : clean.slice(clean.lastIndexOf("/") + 1);
      return new dirFile(os, full, leaf, st.isDirectory() ? null : await os.open(full, "r"));
    },
  };
}

/**
 * Dir implements FileSystem using the native file system restricted to a specific directory
 * tree (Go's http.Dir): a name is cleaned as path.Clean("/"+name), so ".." cannot climb out, and
 * then localized as Go's filepath.Localize does: a name holding NUL, or on Windows a backslash,
 * a colon or a device name such as NUL or COM1, is refused with `http: invalid or unsafe file
 * path` (FileServer answers 404), so "/..%5c..%5cWindows%5cwin.ini" cannot leave the root where
 * the separator is a backslash. The joined path is checked to lie inside root as well. As in Go,
 * symbolic links inside the tree are followed and dot files are served.
 *
 * @example
 * mux.Handle("/static/", StripPrefix("/static", FileServer(Dir("./public"))));
 */
export function Dir(root: string): FileSystem {
  return newDir(root, nativeOS);
}

// Go's toHTTPError: never the error text itself.
function toHTTPError(err: unknown): [string, number] {
  const code = (err as { code?: string } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return ["404 page not found", 404];
  if (code === "EACCES" || code === "EPERM") return ["403 Forbidden", 403];
  if (code === errInvalidUnsafePathCode) return ["404 page not found", 404];
  return ["500 Internal Server Error", 500];
}

// Go's built-in mime table (mime.TypeByExtension without the system's mime.types).
const builtinTypes: Record<string, string> = {
  ".avif": "image/avif",
  ".css": "text/css; charset=utf-8",
  ".gif": "image/gif",
  ".htm": "text/html; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".jpeg": "image/jpeg",
  ".jpg": "image/jpeg",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".mjs": "text/javascript; charset=utf-8",
  ".pdf": "application/pdf",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
  ".webp": "image/webp",
  ".xml": "text/xml; charset=utf-8",
};

function typeByExtension(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot < 0) return "";
  const ext = name.slice(dot);
  return builtinTypes[ext] ?? builtinTypes[ext.toLowerCase()] ?? "";
}

function localRedirect(w: ResponseWriter, r: Request, newPath: string): void {
  const q = urlRawQuery(r.URL);
  if (q !== "") newPath += "?" + q;
  w.Header().Set("Location", newPath);
  w.WriteHeader(301);
}

// Go's zero time.Time (January 1, year 1, UTC) as a Date.
const goZeroTime = -62135596800000;

// isZeroTime reports whether t is obviously unspecified: Go's zero time or the Unix epoch.
function isZeroTime(t: Date): boolean {
  const ms = t.getTime();
  return ms === 0 || ms === goZeroTime;
}

// unixSeconds is Go's t.Unix(): whole seconds, rounded down.
function unixSeconds(t: Date): number {
  return Math.floor(t.getTime() / 1000);
}

function setLastModified(w: ResponseWriter, modtime: Date): void {
  if (!isZeroTime(modtime)) w.Header().Set("Last-Modified", modtime.toUTCString());
}

function writeNotModified(w: ResponseWriter): void {
  const h = w.Header();
  h.delete("Content-Type");
  h.delete("Content-Length");
  h.delete("Content-Encoding");
  if (h.Get("Etag") !== "") h.delete("Last-Modified");
  w.WriteHeader(304);
}

// serveError is Go's (1.23+): headers a caller set for the content (caching, encoding) do not
// describe the error text, so they are removed before Error writes it.
async function serveError(w: ResponseWriter, text: string, code: number): Promise<void> {
  const h = w.Header();
  for (const k of ["Cache-Control", "Content-Encoding", "Etag", "Last-Modified"]) h.Del(k);
  await httpError(w, text, code);
}

// The result of one precondition check (RFC 7232 section 3), as Go's condResult.
const condNone = 0;
const condTrue = 1;
const condFalse = 2;
type condResult = typeof condNone | typeof condTrue | typeof condFalse;

// scanETag returns the syntactically valid ETag at the start of s (after ASCII space) and the
// text after it, or ["", ""].
function scanETag(s: string): [string, string] {
  s = trimString(s);
  const start = s.startsWith("W/") ? 2 : 0;
  if (s.length - start < 2 || s[start] !== '"') return ["", ""];
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return [s.slice(0, i + 1), s.slice(i + 1)];
    if (!(c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80)) return ["", ""];
  }
  return ["", ""];
}

function etagStrongMatch(a: string, b: string): boolean {
  return a === b && a !== "" && a[0] === '"';
}

function etagWeakMatch(a: string, b: string): boolean {
  return a.replace(/^W\//, "") === b.replace(/^W\//, "");
}

// checkETagList walks a comma-separated If-Match / If-None-Match list as Go does: "*" gives star,
// an entry that matches gives matched, a malformed entry ends the walk.
function checkETagList(list: string, etag: string, match: (a: string, b: string) => boolean, star: condResult, matched: condResult, none: condResult): condResult {
  let buf = list;
  for (;;) {
    buf = trimString(buf);
    if (buf.length === 0) break;
    if (buf[0] === ",") {
      buf = buf.slice(1);
      continue;
    }
    if (buf[0] === "*") return star;
    const [tag, remain] = scanETag(buf);
    if (tag === "") break;
    if (match(tag, etag)) return matched;
    buf = remain;
  }
  return none;
}

function checkIfMatch(w: ResponseWriter, r: Request): condResult {
  const im = r.Header.Get("If-Match");
  if (im === "") return condNone;
  return checkETagList(im, w.Header().Get("Etag"), etagStrongMatch, condTrue, condTrue, condFalse);
}

function parseTimeOrNull(s: string): Date | null {
  try {
    return ParseTime(s);
  } catch {
    return null;
  }
}

// truncatedMs is modtime truncated to the second, as Last-Modified carries it.
function truncatedMs(modtime: Date): number {
  return unixSeconds(modtime) * 1000;
}

function checkIfUnmodifiedSince(r: Request, modtime: Date): condResult {
  const ius = r.Header.Get("If-Unmodified-Since");
  if (ius === "" || isZeroTime(modtime)) return condNone;
  const t = parseTimeOrNull(ius);
  if (t === null) return condNone;
  return truncatedMs(modtime) <= t.getTime() ? condTrue : condFalse;
}

function checkIfNoneMatch(w: ResponseWriter, r: Request): condResult {
  const inm = r.Header.Get("If-None-Match");
  if (inm === "") return condNone;
  return checkETagList(inm, w.Header().Get("Etag"), etagWeakMatch, condFalse, condFalse, condTrue);
}

function checkIfModifiedSince(r: Request, modtime: Date): condResult {
  if (r.Method !== "GET" && r.Method !== "HEAD") return condNone;
  const ims = r.Header.Get("If-Modified-Since");
  if (ims === "" || isZeroTime(modtime)) return condNone;
  const t = parseTimeOrNull(ims);
  if (t === null) return condNone;
  return truncatedMs(modtime) <= t.getTime() ? condFalse : condTrue;
}

// checkIfRange: an ETag must match strongly; otherwise the value is a date that must equal
// modtime to the second (golang.org/issue/8367).
function checkIfRange(w: ResponseWriter, r: Request, modtime: Date): condResult {
  if (r.Method !== "GET" && r.Method !== "HEAD") return condNone;
  const ir = r.Header.Get("If-Range");
  if (ir === "") return condNone;
  const [etag] = scanETag(ir);
  if (etag !== "") return etagStrongMatch(etag, w.Header().Get("Etag")) ? condTrue : condFalse;
  if (modtime.getTime() === goZeroTime) return condFalse;
  const t = parseTimeOrNull(ir);
  if (t === null) return condFalse;
  return unixSeconds(t) === unixSeconds(modtime) ? condTrue : condFalse;
}

// checkPreconditions follows RFC 7232 section 6 in Go's order: If-Match (else
// If-Unmodified-Since), If-None-Match (else If-Modified-Since), then If-Range decides whether
// the Range header counts. It returns null when it answered 412 or 304, else the Range header.
function checkPreconditions(w: ResponseWriter, r: Request, modtime: Date): string | null {
  let ch = checkIfMatch(w, r);
  if (ch === condNone) ch = checkIfUnmodifiedSince(r, modtime);
  if (ch === condFalse) {
    w.WriteHeader(412);
    return null;
  }
  switch (checkIfNoneMatch(w, r)) {
    case condFalse:
      if (r.Method === "GET" || r.Method === "HEAD") writeNotModified(w);
      else w.WriteHeader(412);
      return null;
    case condNone:
      if (checkIfModifiedSince(r, modtime) === condFalse) {
        writeNotModified(w);
        return null;
      }
  }
  let rangeHeader = r.Header.Get("Range");
  if (rangeHeader !== "" && checkIfRange(w, r, modtime) === condFalse) rangeHeader = "";
  return rangeHeader;
}

interface httpRange {
  start: number;
  length: number;
}

function contentRange(ra: httpRange, size: number): string {
  return `bytes ${ra.start}-${ra.start + ra.length - 1}/${size}`;
}

const errInvalidRange = "invalid range";
const errNoOverlap = "invalid range: failed to overlap";
const maxInt64 = 9223372036854775807n;
const minInt64 = -9223372036854775808n;

// parseInt64 is strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, in int64 range.
function parseInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const v = BigInt(s);
  return v > maxInt64 || v < minInt64 ? null : v;
}

// parseRange is Go's: it returns the ranges (none for an empty header) or the error text,
// errNoOverlap when every range starts at or after size.
function parseRange(s: string, size: number): httpRange[] | string {
  if (s === "") return [];
  const b = "bytes=";
  if (!s.startsWith(b)) return errInvalidRange;
  const big = BigInt(size);
  const ranges: httpRange[] = [];
  let noOverlap = false;
  for (let ra of s.slice(b.length).split(",")) {
    ra = trimString(ra);
    if (ra === "") continue;
    const dash = ra.indexOf("-");
    if (dash < 0) return errInvalidRange;
    const start = trimString(ra.slice(0, dash));
    const end = trimString(ra.slice(dash + 1));
    if (start === "") {
      // A suffix length: a non-negative integer (RFC 7233 section 2.1), so "--6" is invalid.
      if (end === "" || end[0] === "-") return errInvalidRange;
      let i = parseInt64(end);
      if (i === null || i < 0n) return errInvalidRange;
      if (i > big) i = big;
      const first = size - Number(i);
      ranges.push({ start: first, length: size - first });
      continue;
    }
    const i = parseInt64(start);
    if (i === null || i < 0n) return errInvalidRange;
    if (i >= big) {
      noOverlap = true;
      continue;
    }
    const first = Number(i);
    if (end === "") {
      ranges.push({ start: first, length: size - first });
      continue;
    }
    let e = parseInt64(end);
    if (e === null || i > e) return errInvalidRange;
    if (e >= big) e = big - 1n;
    ranges.push({ start: first, length: Number(e) - first + 1 });
  }
  if (noOverlap && ranges.length === 0) return errNoOverlap;
  return ranges;
}

/**
 * maxRangeParts is the most parts a multipart/byteranges reply has (gonet's, not Go's): a Range
 * with more ranges is coalesced (see coalesceRanges), and if more parts than this remain the
 * whole content is sent with 200, as Go does for ranges adding up to more than the content.
 */
const maxRangeParts = 100;

// coalesceRanges sorts the ranges by start and merges those that overlap or touch (RFC 9110
// section 14.3 allows it), for a Range with more than maxRangeParts ranges. Ranges are kept as
// asked otherwise, as in Go.
function coalesceRanges(ranges: httpRange[]): httpRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: httpRange[] = [];
  let cur = { ...(sorted[0] as httpRange) };
  for (const ra of sorted.slice(1)) {
    const end = cur.start + cur.length;
    if (ra.start <= end) {
      cur.length = Math.max(end, ra.start + ra.length) - cur.start;
      continue;
    }
    out.push(cur);
    cur = { ...ra };
  }
  out.push(cur);
  return out;
}

// The mime/multipart framing Go's multipart.Writer produces for one byte range: a CRLF before
// every boundary but the first, the part headers in sorted order, a blank line.
function partHeader(boundary: string, first: boolean, ra: httpRange, ctype: string, size: number): string {
  return `${first ? "" : "\r\n"}--${boundary}\r\nContent-Range: ${contentRange(ra, size)}\r\nContent-Type: ${ctype}\r\n\r\n`;
}

function closeDelimiter(boundary: string): string {
  return `\r\n--${boundary}--\r\n`;
}

// rangesMIMESize is the length of the whole multipart/byteranges body (Go counts it by writing
// the framing to a countingWriter).
function rangesMIMESize(ranges: httpRange[], boundary: string, ctype: string, size: number): number {
  let n = utf8Encode(closeDelimiter(boundary)).length;
  ranges.forEach((ra, i) => {
    n += utf8Encode(partHeader(boundary, i === 0, ra, ctype, size)).length + ra.length;
  });
  return n;
}

// randomBoundary is multipart's: 30 random bytes in hex.
function randomBoundary(): string {
  return randomBytes(30).toString("hex");
}

// Go's io.Copy buffer size.
const copyBufferSize = 32 * 1024;

// copyRange writes length bytes of f from off to w, one buffer at a time, awaiting each Write so
// a slow client holds the reads back. It reports false when the file ended early.
async function copyRange(w: ResponseWriter, f: File, off: number, length: number): Promise<boolean> {
  while (length > 0) {
    const buf = new Uint8Array(Math.min(length, copyBufferSize));
    const n = await f.ReadAt(buf, off);
    if (n <= 0) return false;
    await w.Write(n === buf.length ? buf : buf.subarray(0, n));
    off += n;
    length -= n;
  }
  return true;
}

// sniffContent reads up to the first 512 bytes (io.ReadFull, errors ignored) for DetectContentType.
async function sniffContent(f: File): Promise<string> {
  const buf = new Uint8Array(512);
  let n = 0;
  try {
    while (n < buf.length) {
      const m = await f.ReadAt(buf.subarray(n), n);
      if (m <= 0) break;
      n += m;
    }
  } catch {
    // as io.ReadFull's error: sniff what was read
  }
  return DetectContentType(buf.subarray(0, n));
}

// serveContent after Go's: Last-Modified, preconditions, Content-Type by extension or sniffing,
// then no range (200), one range (206 with Content-Range) or several (206 multipart/byteranges).
async function serveContent(w: ResponseWriter, r: Request, name: string, modtime: Date, size: number, f: File): Promise<void> {
  setLastModified(w, modtime);
  const rangeReq = checkPreconditions(w, r, modtime);
  if (rangeReq === null) return;
  const h = w.Header();
  // An unset Content-Type is found by extension or sniffed; one set to no values stays unset.
  const ctypes = h.get("Content-Type");
  let ctype = "";
  if (ctypes === undefined) {
    ctype = typeByExtension(name);
    if (ctype === "") ctype = await sniffContent(f);
    h.Set("Content-Type", ctype);
  } else if (ctypes.length > 0) {
    ctype = ctypes[0] as string;
  }
  let code = 200;
  let sendSize = size;
  const parsed = parseRange(rangeReq, size);
  let ranges: httpRange[];
  if (typeof parsed === "string") {
    if (parsed === errNoOverlap && size === 0) {
      // Some clients add a Range header to every request; an empty file is answered 200.
      ranges = [];
    } else {
      if (parsed === errNoOverlap) h.Set("Content-Range", `bytes */${size}`);
      await serveError(w, parsed, 416);
      return;
    }
  } else {
    ranges = parsed;
  }
  // Ranges adding up to more than the content are an attack or a dumb client: send it whole.
  if (ranges.reduce((n, ra) => n + ra.length, 0) > size) ranges = [];
  // Not in Go: many ranges are coalesced, and past maxRangeParts parts the whole content is sent,
  // so a reply is never much larger than the content (each part costs a header of its own).
  if (ranges.length > maxRangeParts) {
    ranges = coalesceRanges(ranges);
    if (ranges.length > maxRangeParts) ranges = [];
  }
  let boundary = "";
  if (ranges.length === 1) {
    // RFC 7233 section 4.1: a single range is never sent as multipart.
    const ra = ranges[0] as httpRange;
    sendSize = ra.length;
    code = 206;
    h.Set("Content-Range", contentRange(ra, size));
  } else if (ranges.length > 1) {
    boundary = randomBoundary();
    sendSize = rangesMIMESize(ranges, boundary, ctype, size);
    code = 206;
    h.Set("Content-Type", "multipart/byteranges; boundary=" + boundary);
  }
  h.Set("Accept-Ranges", "bytes");
  // Content-Length is left out when the caller set Content-Encoding (a compressing
  // ResponseWriter changes the bytes), except for range requests, as in Go.
  if (ranges.length > 0 || h.Get("Content-Encoding") === "") h.Set("Content-Length", String(sendSize));
  w.WriteHeader(code);
  if (r.Method === "HEAD") return;
  // As Go's io.CopyN, whose error serveContent ignores: a failed read or write ends the body.
  try {
    if (ranges.length <= 1) {
      await copyRange(w, f, ranges.length === 1 ? (ranges[0] as httpRange).start : 0, sendSize);
      return;
    }
    for (const [i, ra] of ranges.entries()) {
      await w.Write(partHeader(boundary, i === 0, ra, ctype, size));
      if (!(await copyRange(w, f, ra.start, ra.length))) return;
    }
    await w.Write(closeDelimiter(boundary));
  } catch {
    // the response is cut short, as Go's is when the copy fails
  }
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c] as string);
}

// relativePathURL is Go's url.URL{Path: p}.String(): EscapedPath ("*" as is, else escaped as a
// path: "?", "#", quotes, "<", ">", spaces, parentheses and non-ASCII bytes), with "./" in front
// when the first segment holds a colon (RFC 3986 section 4.2), so it cannot read as a scheme.
function relativePathURL(p: string): string {
  const path = p === "*" ? "*" : escapePath(p);
  const slash = path.indexOf("/");
  const segment = slash < 0 ? path : path.slice(0, slash);
  return (segment.includes(":") ? "./" : "") + path;
}

// dirList writes Go's directory listing, sorted by name, directories with a trailing slash.
async function dirList(w: ResponseWriter, r: Request, f: File): Promise<void> {
  let list: FileInfo[];
  try {
    list = await f.Readdir();
  } catch {
    await httpError(w, "Error reading directory", 500);
    return;
  }
  list.sort((a, b) => (a.Name() < b.Name() ? -1 : a.Name() > b.Name() ? 1 : 0));
  w.Header().Set("Content-Type", "text/html; charset=utf-8");
  let out = '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n';
  for (const d of list) {
    let name = d.Name();
    if (d.IsDir()) name += "/";
    // name may contain '?' or '#', which must be escaped to remain part of the URL path, and a
    // ':' in its first segment would make it a scheme ("javascript:"): Go writes it as
    // url.URL{Path: name}.String(), which escapes it and puts "./" before such a name.
    out += `<a href="${relativePathURL(name)}">${htmlEscape(name)}</a>\n`;
  }
  out += "</pre>\n";
  if (r.Method !== "HEAD") await w.Write(out);
}

async function serveFile(w: ResponseWriter, r: Request, fs: FileSystem, name: string, redirect: boolean): Promise<void> {
  const indexPage = "/index.html";
  const upath = urlPath(r.URL);
  if (upath.endsWith(indexPage)) {
    localRedirect(w, r, "./");
    return;
  }
  let f: File;
  let d: FileInfo;
  try {
    f = await fs.Open(name);
  } catch (e) {
    const [msg, code] = toHTTPError(e);
    await serveError(w, msg, code);
    return;
  }
  try {
    try {
      d = await f.Stat();
    } catch (e) {
      const [msg, code] = toHTTPError(e);
      await serveError(w, msg, code);
      return;
    }
    if (redirect) {
      if (d.IsDir()) {
        if (!upath.endsWith("/")) {
          localRedirect(w, r, baseName(upath) + "/");
          return;
        }
      } else if (upath.endsWith("/")) {
        const base = baseName(upath);
        if (base === "/" || base === ".") {
          await serveError(w, "http: attempting to traverse a non-directory", 500);
          return;
        }
        localRedirect(w, r, "../" + base);
        return;
      }
    }
    if (d.IsDir()) {
      if (upath === "" || !upath.endsWith("/")) {
        localRedirect(w, r, baseName(upath) + "/");
        return;
      }
      const index = name.replace(/\/$/, "") + indexPage;
      try {
        const ff = await fs.Open(index);
        const dd = await ff.Stat();
        await f.Close().catch(() => {});
        f = ff;
        d = dd;
      } catch {
        // no index.html: list the directory
      }
    }
    if (d.IsDir()) {
      if (checkIfModifiedSince(r, d.ModTime()) === condFalse) {
        writeNotModified(w);
        return;
      }
      setLastModified(w, d.ModTime());
      await dirList(w, r, f);
      return;
    }
    await serveContent(w, r, d.Name(), d.ModTime(), d.Size(), f);
  } finally {
    await f.Close().catch(() => {});
  }
}

// Go's path.Base.
function baseName(p: string): string {
  if (p === "") return ".";
  while (p.length > 1 && p.endsWith("/")) p = p.slice(0, -1);
  const i = p.lastIndexOf("/");
  const b = i >= 0 ? p.slice(i + 1) : p;
  return b === "" ? "/" : b;
}

function containsDotDot(v: string): boolean {
  if (!v.includes("..")) return false;
  return v.split(/[/\\]/).includes("..");
}

/**
 * FileServer returns a handler that serves HTTP requests with the contents of the file system
 * rooted at root (Go's http.FileServer): directories redirect to a trailing slash and serve
 * their index.html or a listing, "/index.html" redirects to "./", Content-Type comes from the
 * extension or is sniffed (a Content-Type header set to no values turns sniffing off). Files are
 * served as Go's ServeContent serves them: Last-Modified is sent; If-Match, If-Unmodified-Since
 * (412), If-None-Match and If-Modified-Since (304) are checked in Go's order, and an If-Range
 * (ETag or date) that does not match makes the Range header count for nothing. One range is
 * answered 206 with Content-Range; several are answered 206 with a `multipart/byteranges` body,
 * one part per range with its own Content-Type and Content-Range, its Content-Length computed up
 * front and its bytes read from the file part by part; ranges adding up to more than the file
 * are ignored (200 with the whole file). Unlike Go, a Range of more than 100 ranges has its
 * overlapping and adjacent ranges coalesced (sorted by start), and if more than 100 parts still
 * remain it is ignored too (200 with the whole file), so a reply is never much larger than the
 * file: Go serves 200,000 overlapping one-byte ranges as 200,000 parts, each with its own part
 * header (28 MB from a few hundred kilobytes). A Range of at most 100 ranges is served as Go
 * serves it. A Range that is malformed or starts past the end is
 * 416 (`invalid range`, or `invalid range: failed to overlap` with a Content-Range of
 * "bytes", an asterisk, a slash and the size). Error replies drop Cache-Control,
 * Content-Encoding, Etag and Last-Modified, as Go 1.23 does. HEAD gets the headers alone. The
 * request path is cleaned first, so ".." cannot leave root.
 *
 * @example
 * await new Server({ Addr: ":8080", Handler: FileServer(Dir("./public")) }).ListenAndServe();
 */
export function FileServer(root: FileSystem): Handler {
  return {
    ServeHTTP(w: ResponseWriter, r: ServerRequest): Promise<void> {
      let upath = urlPath(r.URL);
      if (!upath.startsWith("/")) upath = "/" + upath;
      return serveFile(w, r, root, pathClean(upath), true);
    },
  };
}

/**
 * ServeFile replies to the request with the contents of the named file or directory (Go's
 * http.ServeFile), with FileServer's Content-Type, precondition and Range handling (several
 * ranges give a multipart/byteranges reply; unlike Go, a Range of more than 100 ranges is
 * coalesced and past 100 parts answered 200 with the whole file, as FileServer describes). A relative name is relative to the current
 * directory. As a precaution it rejects (400 `invalid URL path`) requests whose URL path
 * contains a ".." element.
 */
export async function ServeFile(w: ResponseWriter, r: Request, name: string): Promise<void> {
  if (containsDotDot(urlPath(r.URL))) {
    await serveError(w, "invalid URL path", 400);
    return;
  }
  const slash = name.lastIndexOf("/");
  const dir = slash >= 0 ? name.slice(0, slash + 1) : "";
  const file = slash >= 0 ? name.slice(slash + 1) : name;
  await serveFile(w, r, Dir(dir), file, false);
}
