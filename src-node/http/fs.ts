// Serving files after Go's net/http/fs.go: Dir (a directory tree that
// requests cannot leave: every name is cleaned as "/"+name first), FileServer
// and ServeFile with Go's redirects, index.html, directory listings,
// Last-Modified / If-Modified-Since / If-None-Match, and single byte ranges.

import { open, stat, readdir, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { Error as httpError, type Handler, type ResponseWriter } from "../../src/http/handler.js";
import { ParseTime } from "../../src/http/header.js";
import { pathClean } from "../../src/http/internal.js";
import type { Request } from "../../src/http/request.js";
import { DetectContentType } from "../../src/http/sniff.js";
import { urlPath, urlRawQuery } from "../../src/http/url.js";

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

class dirFile implements File {
  constructor(
    readonly full: string,
    readonly name: string,
    readonly fh: FileHandle | null,
  ) {}
  async ReadAt(p: Uint8Array, off: number): Promise<number> {
    if (this.fh === null) return 0;
    const { bytesRead } = await this.fh.read(p, 0, p.length, off);
    return bytesRead;
  }
  async Readdir(): Promise<FileInfo[]> {
    const ents = await readdir(this.full, { withFileTypes: true });
    return ents.map((e) => ({ Name: () => e.name, Size: () => 0, ModTime: () => new Date(0), IsDir: () => e.isDirectory() }));
  }
  async Stat(): Promise<FileInfo> {
    return infoOf(this.name, await stat(this.full));
  }
  async Close(): Promise<void> {
    await this.fh?.close();
  }
}

/**
 * Dir implements FileSystem using the native file system restricted to a specific directory
 * tree (Go's http.Dir): a name is cleaned as path.Clean("/"+name) before it is joined to root, so
 * ".." cannot climb out. As in Go, symbolic links inside the tree are followed and dot files are
 * served.
 *
 * @example
 * mux.Handle("/static/", StripPrefix("/static", FileServer(Dir("./public"))));
 */
export function Dir(root: string): FileSystem {
  const base = root === "" ? "." : root;
  return {
    async Open(name: string): Promise<File> {
      if (name.includes("\0")) throw Object.assign(new Error("http: invalid character in file path"), { code: "EINVAL" });
      const clean = pathClean("/" + name);
      const full = join(base, clean);
      const st = await stat(full);
      const leaf = clean === "/" ? "/" : clean.slice(clean.lastIndexOf("/") + 1);
      return new dirFile(full, leaf, st.isDirectory() ? null : await open(full, "r"));
    },
  };
}

// Go's toHTTPError: never the error text itself.
function toHTTPError(err: unknown): [string, number] {
  const code = (err as { code?: string } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return ["404 page not found", 404];
  if (code === "EACCES" || code === "EPERM") return ["403 Forbidden", 403];
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

function isZeroTime(t: Date): boolean {
  return t.getTime() === 0;
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

// checkIfModifiedSince reports false when the client's copy is current (Go's condFalse).
function modifiedSince(r: Request, modtime: Date): boolean | null {
  if (r.Method !== "GET" && r.Method !== "HEAD") return null;
  const ims = r.Header.Get("If-Modified-Since");
  if (ims === "" || isZeroTime(modtime)) return null;
  let t: Date;
  try {
    t = ParseTime(ims);
  } catch {
    return null;
  }
  return Math.floor(modtime.getTime() / 1000) * 1000 > t.getTime();
}

// checkIfNoneMatch: false when one of the listed ETags (weakly) matches the response's.
function noneMatch(w: ResponseWriter, r: Request): boolean | null {
  const inm = r.Header.Get("If-None-Match");
  if (inm === "") return null;
  const etag = w.Header().Get("Etag");
  for (const part of inm.split(",")) {
    const t = part.trim();
    if (t === "*") return false;
    if (t !== "" && etag !== "" && t.replace(/^W\//, "") === etag.replace(/^W\//, "")) return false;
  }
  return true;
}

interface httpRange {
  start: number;
  length: number;
}

// Go's parseRange; "no overlap" is reported as the string "noOverlap".
function parseRange(s: string, size: number): httpRange[] | "invalid" | "noOverlap" {
  if (s === "") return [];
  if (!s.startsWith("bytes=")) return "invalid";
  const ranges: httpRange[] = [];
  let noOverlap = false;
  for (let ra of s.slice(6).split(",")) {
    ra = ra.trim();
    if (ra === "") continue;
    const dash = ra.indexOf("-");
    if (dash < 0) return "invalid";
    const start = ra.slice(0, dash).trim();
    const end = ra.slice(dash + 1).trim();
    if (start === "") {
      if (end === "" || !/^[0-9]+$/.test(end)) return "invalid";
      const i = Math.min(Number(end), size);
      ranges.push({ start: size - i, length: i });
      continue;
    }
    if (!/^[0-9]+$/.test(start)) return "invalid";
    const i = Number(start);
    if (i >= size) {
      noOverlap = true;
      continue;
    }
    if (end === "") {
      ranges.push({ start: i, length: size - i });
      continue;
    }
    if (!/^[0-9]+$/.test(end) || i > Number(end)) return "invalid";
    const e = Math.min(Number(end), size - 1);
    ranges.push({ start: i, length: e - i + 1 });
  }
  if (noOverlap && ranges.length === 0) return "noOverlap";
  return ranges;
}

// serveContent after Go's: preconditions, Content-Type by extension or sniffing, one range.
async function serveContent(w: ResponseWriter, r: Request, name: string, d: FileInfo, f: File): Promise<void> {
  const modtime = d.ModTime();
  setLastModified(w, modtime);
  const nm = noneMatch(w, r);
  if (nm === false && (r.Method === "GET" || r.Method === "HEAD")) {
    writeNotModified(w);
    return;
  }
  if (nm === null && modifiedSince(r, modtime) === false) {
    writeNotModified(w);
    return;
  }
  const size = d.Size();
  const h = w.Header();
  if (!h.has("Content-Type")) {
    let ctype = typeByExtension(name);
    if (ctype === "") {
      const buf = new Uint8Array(512);
      const n = await f.ReadAt(buf, 0);
      ctype = DetectContentType(buf.subarray(0, n));
    }
    h.Set("Content-Type", ctype);
  }
  let code = 200;
  let start = 0;
  let sendSize = size;
  const ranges = parseRange(r.Header.Get("Range"), size);
  if (ranges === "noOverlap" && size !== 0) {
    h.Set("Content-Range", `bytes */${size}`);
    await httpError(w, "invalid range: failed to overlap", 416);
    return;
  }
  if (ranges === "invalid") {
    await httpError(w, "invalid range", 416);
    return;
  }
  // One range is served as such; several are served whole (Go sends multipart/byteranges).
  if (Array.isArray(ranges) && ranges.length === 1) {
    const ra = ranges[0] as httpRange;
    start = ra.start;
    sendSize = ra.length;
    code = 206;
    h.Set("Content-Range", `bytes ${ra.start}-${ra.start + ra.length - 1}/${size}`);
  }
  h.Set("Accept-Ranges", "bytes");
  if (code === 206 || h.Get("Content-Encoding") === "") h.Set("Content-Length", String(sendSize));
  w.WriteHeader(code);
  if (r.Method === "HEAD") return;
  const buf = new Uint8Array(64 * 1024);
  let off = start;
  let left = sendSize;
  while (left > 0) {
    const n = await f.ReadAt(left < buf.length ? buf.subarray(0, left) : buf, off);
    if (n === 0) break;
    await w.Write(buf.slice(0, n));
    off += n;
    left -= n;
  }
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c] as string);
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
    const href = encodeURI(name).replace(/[?#]/g, (c) => (c === "?" ? "%3F" : "%23"));
    out += `<a href="${href}">${htmlEscape(name)}</a>\n`;
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
    await httpError(w, msg, code);
    return;
  }
  try {
    try {
      d = await f.Stat();
    } catch (e) {
      const [msg, code] = toHTTPError(e);
      await httpError(w, msg, code);
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
          await httpError(w, "http: attempting to traverse a non-directory", 500);
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
      if (modifiedSince(r, d.ModTime()) === false) {
        writeNotModified(w);
        return;
      }
      setLastModified(w, d.ModTime());
      await dirList(w, r, f);
      return;
    }
    await serveContent(w, r, d.Name(), d, f);
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
 * extension or is sniffed, Last-Modified / If-Modified-Since / If-None-Match and a single Range
 * are honoured (several ranges are answered with the whole file, where Go sends
 * multipart/byteranges). The request path is cleaned first, so ".." cannot leave root.
 *
 * @example
 * await new Server({ Addr: ":8080", Handler: FileServer(Dir("./public")) }).ListenAndServe();
 */
export function FileServer(root: FileSystem): Handler {
  return {
    ServeHTTP(w: ResponseWriter, r: Request): Promise<void> {
      let upath = urlPath(r.URL);
      if (!upath.startsWith("/")) upath = "/" + upath;
      return serveFile(w, r, root, pathClean(upath), true);
    },
  };
}

/**
 * ServeFile replies to the request with the contents of the named file or directory (Go's
 * http.ServeFile). A relative name is relative to the current directory. As a precaution it
 * rejects (400 `invalid URL path`) requests whose URL path contains a ".." element.
 */
export async function ServeFile(w: ResponseWriter, r: Request, name: string): Promise<void> {
  if (containsDotDot(urlPath(r.URL))) {
    await httpError(w, "invalid URL path", 400);
    return;
  }
  const slash = name.lastIndexOf("/");
  const dir = slash >= 0 ? name.slice(0, slash + 1) : "";
  const file = slash >= 0 ? name.slice(slash + 1) : name;
  await serveFile(w, r, Dir(dir), file, false);
}
