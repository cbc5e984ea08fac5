// Go's mime/multipart (src/mime/multipart/multipart.go, formdata.go, writer.go) over gonet io
// Readers and Writers, platform-free. One deliberate difference: Go's ReadForm spills file parts
// past maxMemory to temporary files; gonet has no file system in the browser, so such a form
// fails with ErrMessageTooLarge instead (raise maxMemory, or stream the parts with NextPart).
// Not ported: Go's NextPart decodes a Content-Transfer-Encoding of quoted-printable (a mail
// feature no browser sends); gonet's NextPart returns every part raw, as Go's NextRawPart.

import { GoError } from "../errors.js";
import { NewReaderSize, type Reader as BufReader } from "../bufio.js";
import { EOF, ErrUnexpectedEOF, type Reader as IOReader, type Writer as IOWriter } from "../io.js";
import { CanonicalMIMEHeaderKey, Header } from "../http/header.js";
import { isToken } from "../http/internal.js";
import { parseMediaType } from "./mediatype.js";

export { MIMEError } from "./mediatype.js";

/** MultipartError is an error of the multipart reader or writer, with Go's text. */
export class MultipartError extends GoError {
  static override readonly brandName: string = "MultipartError";
  /** code is GONET_ERR_MULTIPART, or GONET_ERR_MULTIPART_TOO_LARGE for ErrMessageTooLarge. */
  readonly code: string;

  constructor(message: string, options?: ErrorOptions & { code?: string }) {
    super(message, options);
    this.code = options?.code ?? "GONET_ERR_MULTIPART";
  }
}

/** ErrMessageTooLarge is thrown by ReadForm when the form is larger than its limits allow (Go's multipart.ErrMessageTooLarge). */
export const ErrMessageTooLarge = new MultipartError("multipart: message too large", { code: "GONET_ERR_MULTIPART_TOO_LARGE" });

const peekBufferSize = 4096;
const maxMIMEHeaderSize = 10 << 20;
const maxMIMEHeaders = 10000;
const maxParts = 1000;
const enc = new TextEncoder();
const dec = new TextDecoder();

// Go's filepath.Base with "/" separators (RFC 7578 4.2: the path of a filename is not used).
function baseName(p: string): string {
  if (p === "") return ".";
  p = p.replace(/\/+$/, "");
  if (p === "") return "/";
  const i = p.lastIndexOf("/");
  return i >= 0 ? p.slice(i + 1) : p;
}

function startsWith(buf: Uint8Array, prefix: Uint8Array): boolean {
  if (buf.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}

function indexOf(buf: Uint8Array, sub: Uint8Array): number {
  const first = sub[0]!;
  for (let i = buf.indexOf(first); i >= 0 && i + sub.length <= buf.length; i = buf.indexOf(first, i + 1)) {
    if (startsWith(buf.subarray(i), sub)) return i;
  }
  return -1;
}

// matchAfterPrefix is Go's: +1 if buf (which starts with prefix) is a boundary, -1 if not, 0 if
// more data is needed to tell.
function matchAfterPrefix(buf: Uint8Array, prefix: Uint8Array, readErr: unknown): number {
  if (buf.length === prefix.length) return readErr !== null ? 1 : 0;
  const c = buf[prefix.length]!;
  if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) return 1;
  if (c === 0x2d) {
    if (buf.length === prefix.length + 1) return readErr !== null ? -1 : 0;
    if (buf[prefix.length + 1] === 0x2d) return 1;
  }
  return -1;
}

// scanUntilBoundary is Go's: how many bytes of buf are body data before a boundary, and the error
// (end of part: EOF) to give after them.
function scanUntilBoundary(buf: Uint8Array, dashBoundary: Uint8Array, nlDashBoundary: Uint8Array, total: number, readErr: unknown): [number, unknown] {
  if (total === 0) {
    // At the beginning of the body, allow dashBoundary.
    if (startsWith(buf, dashBoundary)) {
      switch (matchAfterPrefix(buf, dashBoundary, readErr)) {
        case -1:
          return [dashBoundary.length, null];
        case 0:
          return [0, null];
        default:
          return [0, EOF];
      }
    }
    if (startsWith(dashBoundary, buf)) return [0, readErr];
  }
  const i = indexOf(buf, nlDashBoundary);
  if (i >= 0) {
    switch (matchAfterPrefix(buf.subarray(i), nlDashBoundary, readErr)) {
      case -1:
        return [i + nlDashBoundary.length, null];
      case 0:
        return [i, null];
      default:
        return [i, EOF];
    }
  }
  if (startsWith(nlDashBoundary, buf)) return [0, readErr];
  // Anything up to the final \n (or \r) cannot be part of a boundary; nor can what follows it
  // if it is not a prefix of one.
  const j = buf.lastIndexOf(nlDashBoundary[0]!);
  if (j >= 0 && startsWith(nlDashBoundary, buf.subarray(j))) return [j, null];
  return [buf.length, readErr];
}

/**
 * Part is one part of a multipart body (Go's multipart.Part): its Header, and its body through
 * Read, up to the next boundary.
 */
export class Part implements IOReader {
  /** Header is the part's MIME header, keys canonicalized. */
  Header: Header = new Header();
  readonly #mr: MultipartReader;
  #disposition: string | null = null;
  #dispositionParams: Map<string, string> = new Map();
  #n = 0; // known data bytes waiting in the buffer
  #total = 0; // total data bytes read already
  #err: unknown = null; // error to return when n == 0
  #readErr: unknown = null; // read error observed from the underlying reader

  /** @internal */
  constructor(mr: MultipartReader) {
    this.#mr = mr;
  }

  #parseContentDisposition(): void {
    try {
      [this.#disposition, this.#dispositionParams] = parseMediaType(this.Header.Get("Content-Disposition"));
    } catch {
      this.#disposition = "";
      this.#dispositionParams = new Map();
    }
  }

  /** FormName returns the name parameter if the Content-Disposition is form-data, else "". */
  FormName(): string {
    if (this.#disposition === null) this.#parseContentDisposition();
    if (this.#disposition !== "form-data") return "";
    return this.#dispositionParams.get("name") ?? "";
  }

  /** FileName returns the base name of the Content-Disposition filename parameter, or "". */
  FileName(): string {
    if (this.#disposition === null) this.#parseContentDisposition();
    const filename = this.#dispositionParams.get("filename") ?? "";
    return filename === "" ? "" : baseName(filename);
  }

  /**
   * Read reads the body of the part, after its headers and before the next boundary, and
   * resolves null at its end. A body cut off before its boundary throws ErrUnexpectedEOF.
   */
  async Read(d: Uint8Array): Promise<number | null> {
    const br = this.#mr.bufReader;
    while (this.#n === 0 && this.#err === null) {
      const peek = br.Buffered() > 0 ? await br.Peek(br.Buffered()) : new Uint8Array(0);
      [this.#n, this.#err] = scanUntilBoundary(peek, this.#mr.dashBoundary, this.#mr.nlDashBoundary, this.#total, this.#readErr);
      if (this.#n === 0 && this.#err === null) {
        // Force buffered I/O to read more into the buffer.
        try {
          await br.Peek(peek.length + 1);
        } catch (err) {
          this.#readErr = err === EOF ? ErrUnexpectedEOF : err;
        }
      }
    }
    if (this.#n === 0) {
      if (this.#err === EOF) return null;
      throw this.#err;
    }
    if (d.length === 0) return 0;
    const n = (await br.Read(d.subarray(0, Math.min(d.length, this.#n)))) ?? 0;
    this.#total += n;
    this.#n -= n;
    return n;
  }

  /** Close reads the rest of the part, so the next one can be read. */
  async Close(): Promise<void> {
    const buf = new Uint8Array(peekBufferSize);
    while ((await this.Read(buf)) !== null);
  }
}

/**
 * MultipartReader iterates over the parts of a MIME multipart body (Go's multipart.Reader; the
 * name keeps it apart from io's Reader). Make one with NewReader.
 */
export class MultipartReader {
  /** @internal */
  readonly bufReader: BufReader;
  /** @internal */
  readonly dashBoundary: Uint8Array;
  /** @internal */
  readonly nlDashBoundary: Uint8Array;
  #nl: Uint8Array;
  #dashBoundaryDash: Uint8Array;
  #currentPart: Part | null = null;
  #partsRead = 0;

  /** @internal */
  constructor(r: IOReader, boundary: string) {
    const b = enc.encode("\r\n--" + boundary + "--");
    this.bufReader = NewReaderSize(r, peekBufferSize);
    this.#nl = b.subarray(0, 2);
    this.nlDashBoundary = b.subarray(0, b.length - 2);
    this.dashBoundary = b.subarray(2, b.length - 2);
    this.#dashBoundaryDash = b.subarray(2);
  }

  /**
   * NextPart returns the next part, or null after the last one. It reads what is left of the
   * previous part first. Its errors have Go's texts (`multipart: NextPart: EOF` for a body cut
   * off before its closing boundary).
   */
  NextPart(): Promise<Part | null> {
    return this.#nextPart(maxMIMEHeaderSize, maxMIMEHeaders);
  }

  /** @internal */
  async nextPartLimited(maxHeaderSize: number, maxHeaders: number): Promise<Part | null> {
    return this.#nextPart(maxHeaderSize, maxHeaders);
  }

  async #nextPart(maxHeaderSize: number, maxHeaders: number): Promise<Part | null> {
    if (this.#currentPart !== null) await this.#currentPart.Close();
    if (this.dashBoundary.length === 2) throw new MultipartError("multipart: boundary is empty");
    let expectNewPart = false;
    for (;;) {
      let line: Uint8Array | null;
      try {
        line = await this.bufReader.ReadSlice(0x0a);
      } catch (err) {
        throw new MultipartError(`multipart: NextPart: ${(err as Error).message}`, { cause: err });
      }
      const atEOF = line === null || line[line.length - 1] !== 0x0a;
      line ??= new Uint8Array(0);
      if (atEOF && this.#isFinalBoundary(line)) return null;
      if (atEOF) throw new MultipartError("multipart: NextPart: EOF", { cause: EOF });
      if (this.#isBoundaryDelimiterLine(line)) {
        this.#partsRead++;
        const p = new Part(this);
        p.Header = await readMIMEHeader(this.bufReader, maxHeaderSize, maxHeaders);
        this.#currentPart = p;
        return p;
      }
      if (this.#isFinalBoundary(line)) return null;
      if (expectNewPart) throw new MultipartError(`multipart: expecting a new Part; got line ${JSON.stringify(dec.decode(line))}`);
      if (this.#partsRead === 0) continue; // skip the preamble
      // Consume the separator between the previous part's body and the boundary line.
      if (line.length === this.#nl.length && startsWith(line, this.#nl)) {
        expectNewPart = true;
        continue;
      }
      throw new MultipartError(`multipart: unexpected line in Next(): ${JSON.stringify(dec.decode(line))}`);
    }
  }

  // isFinalBoundary reports whether line is the final boundary line ("--boundary--").
  #isFinalBoundary(line: Uint8Array): boolean {
    if (!startsWith(line, this.#dashBoundaryDash)) return false;
    const rest = skipLWSPChar(line.subarray(this.#dashBoundaryDash.length));
    return rest.length === 0 || (rest.length === this.#nl.length && startsWith(rest, this.#nl));
  }

  // isBoundaryDelimiterLine reports whether line is a boundary line; the first one may end in a
  // bare "\n", and then every line separator is "\n".
  #isBoundaryDelimiterLine(line: Uint8Array): boolean {
    if (!startsWith(line, this.dashBoundary)) return false;
    let rest = line.subarray(this.dashBoundary.length);
    rest = skipLWSPChar(rest);
    if (this.#partsRead === 0 && rest.length === 1 && rest[0] === 0x0a) {
      this.#nl = this.#nl.subarray(1);
      const b = enc.encode("\n--" + dec.decode(this.dashBoundary.subarray(2)));
      (this as { nlDashBoundary: Uint8Array }).nlDashBoundary = b;
    }
    return rest.length === this.#nl.length && startsWith(rest, this.#nl);
  }

  /**
   * ReadForm parses an entire multipart/form-data body: values into Value, files into File. At
   * most maxMemory bytes of file content are kept (Go writes the rest to disk; gonet fails with
   * ErrMessageTooLarge), plus 10 MiB for the other parts; more than 1000 parts is
   * ErrMessageTooLarge, as in Go.
   */
  async ReadForm(maxMemory: number): Promise<Form> {
    const form = new Form();
    let maxFileMemoryBytes = maxMemory;
    let maxMemoryBytes = maxMemory + (10 << 20);
    if (maxMemoryBytes <= 0) maxMemoryBytes = maxMemory < 0 ? 0 : Number.MAX_SAFE_INTEGER;
    let parts = maxParts;
    let headers = maxMIMEHeaders;
    const mapEntryOverhead = 200;
    const fileHeaderSize = 100;
    for (;;) {
      const p = await this.#nextPart(maxMemoryBytes, headers);
      if (p === null) break;
      if (parts <= 0) throw ErrMessageTooLarge;
      parts--;
      const name = p.FormName();
      if (name === "") continue;
      const filename = p.FileName();
      maxMemoryBytes -= enc.encode(name).length + mapEntryOverhead;
      if (maxMemoryBytes < 0) throw ErrMessageTooLarge;
      if (filename === "") {
        const b = await readUpTo(p, maxMemoryBytes + 1);
        maxMemoryBytes -= b.length;
        if (maxMemoryBytes < 0) throw ErrMessageTooLarge;
        const vs = form.Value.get(name);
        if (vs === undefined) form.Value.set(name, [dec.decode(b)]);
        else vs.push(dec.decode(b));
        continue;
      }
      maxMemoryBytes -= mimeHeaderSize(p.Header) + mapEntryOverhead + fileHeaderSize;
      if (maxMemoryBytes < 0) throw ErrMessageTooLarge;
      for (const vs of p.Header.values()) headers -= vs.length;
      const b = await readUpTo(p, maxFileMemoryBytes + 1);
      if (b.length > maxFileMemoryBytes) throw ErrMessageTooLarge;
      maxFileMemoryBytes -= b.length;
      maxMemoryBytes -= b.length;
      const fh = new FileHeader(filename, p.Header, b);
      const fs = form.File.get(name);
      if (fs === undefined) form.File.set(name, [fh]);
      else fs.push(fh);
    }
    return form;
  }
}

function skipLWSPChar(b: Uint8Array): Uint8Array {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09)) i++;
  return b.subarray(i);
}

function mimeHeaderSize(h: Header): number {
  let size = 400;
  for (const [k, vs] of h) {
    size += k.length + 200;
    for (const v of vs) size += v.length;
  }
  return size;
}

async function readUpTo(r: IOReader, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(32 * 1024);
  while (total < limit) {
    const n = await r.Read(buf.subarray(0, Math.min(buf.length, limit - total)));
    if (n === null) break;
    chunks.push(buf.slice(0, n));
    total += n;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

// readMIMEHeader is textproto's ReadMIMEHeader, with its limits on size and count.
async function readMIMEHeader(br: BufReader, lim: number, maxHeaders: number): Promise<Header> {
  const h = new Header();
  const readLine = async (): Promise<string | null> => {
    let line = "";
    for (;;) {
      const r = await br.ReadLine();
      if (r === null) return line === "" ? null : line;
      lim -= r[0].length;
      if (lim < 0) throw ErrMessageTooLarge;
      line += dec.decode(r[0]);
      if (!r[1]) return line;
    }
  };
  let first = true;
  let pending: string | null = null;
  for (;;) {
    let kv = pending ?? (await readLine());
    pending = null;
    if (kv === null) throw new MultipartError("multipart: NextPart: EOF", { cause: EOF });
    if (kv === "") return h;
    if (first && (kv.startsWith(" ") || kv.startsWith("\t"))) throw new MultipartError(`malformed MIME header initial line: ${kv}`);
    first = false;
    // Continuation lines (obs-fold) join the value with one space.
    for (;;) {
      const next = await readLine();
      if (next !== null && (next.startsWith(" ") || next.startsWith("\t"))) {
        kv += " " + next.replace(/^[ \t]+/, "");
        continue;
      }
      pending = next ?? null;
      break;
    }
    if (pending === null) throw new MultipartError("multipart: NextPart: EOF", { cause: EOF });
    const colon = kv.indexOf(":");
    if (colon < 0) throw new MultipartError(`malformed MIME header line: ${kv}`);
    const rawKey = kv.slice(0, colon);
    if (rawKey !== "" && !isToken(rawKey)) throw new MultipartError(`malformed MIME header line: ${kv}`);
    const value = kv.slice(colon + 1).replace(/^[ \t]+/, "").replace(/[ \t]+$/, "");
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new MultipartError(`malformed MIME header line: ${kv}`);
    if (rawKey === "") continue; // an empty key is skipped, as Go's
    if (--maxHeaders < 0) throw ErrMessageTooLarge;
    const key = CanonicalMIMEHeaderKey(rawKey);
    if (!h.has(key)) lim -= key.length + 100;
    lim -= value.length;
    if (lim < 0) throw ErrMessageTooLarge;
    const vs = h.get(key);
    if (vs === undefined) h.set(key, [value]);
    else vs.push(value);
  }
}

/** NewReader makes a MultipartReader reading from r with the given boundary (the Content-Type's boundary parameter). */
export function NewReader(r: IOReader, boundary: string): MultipartReader {
  return new MultipartReader(r, boundary);
}

/** Form is a parsed multipart form (Go's multipart.Form): Value for the fields, File for the files. */
export class Form {
  /** Value holds the values of the non-file parts, by name. */
  Value: Map<string, string[]> = new Map();
  /** File holds the file parts, by name. */
  File: Map<string, FileHeader[]> = new Map();

  /** RemoveAll releases the form's files (kept in memory, so it only forgets them). */
  async RemoveAll(): Promise<void> {
    this.File.clear();
  }
}

/** File is an open file of a multipart form: a Reader with ReadAt and Close (Go's multipart.File). */
export interface File extends IOReader {
  /** ReadAt reads len(p) bytes at offset off, resolving the count, or null at the end. */
  ReadAt(p: Uint8Array, off: number): Promise<number | null>;
  /** Close releases the file. */
  Close(): Promise<void>;
}

/** FileHeader describes a file part of a multipart form (Go's multipart.FileHeader). */
export class FileHeader {
  /** Filename is the file's base name as the client gave it. */
  readonly Filename: string;
  /** Header is the part's MIME header. */
  readonly Header: Header;
  /** Size is the file's size in bytes. */
  readonly Size: number;
  readonly #content: Uint8Array;

  /** @internal */
  constructor(filename: string, header: Header, content: Uint8Array) {
    this.Filename = filename;
    this.Header = header;
    this.Size = content.length;
    this.#content = content;
  }

  /** Open opens the file's content for reading. */
  async Open(): Promise<File> {
    const content = this.#content;
    let off = 0;
    return {
      async Read(p: Uint8Array): Promise<number | null> {
        if (off >= content.length) return p.length === 0 ? 0 : null;
        const n = Math.min(p.length, content.length - off);
        p.set(content.subarray(off, off + n));
        off += n;
        return n;
      },
      async ReadAt(p: Uint8Array, at: number): Promise<number | null> {
        if (at < 0) throw new MultipartError("multipart: negative offset");
        if (at >= content.length) return p.length === 0 ? 0 : null;
        const n = Math.min(p.length, content.length - at);
        p.set(content.subarray(at, at + n));
        return n;
      },
      async Close(): Promise<void> {},
    };
  }
}

/**
 * MultipartWriter generates multipart messages (Go's multipart.Writer; the name keeps it apart
 * from io's Writer). Make one with NewWriter; Close it to write the closing boundary.
 */
export class MultipartWriter {
  readonly #w: IOWriter;
  #boundary: string;
  #lastpart: { closed: boolean } | null = null;

  /** @internal */
  constructor(w: IOWriter) {
    this.#w = w;
    const b = new Uint8Array(30);
    globalThis.crypto.getRandomValues(b);
    this.#boundary = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  /** Boundary returns the Writer's boundary. */
  Boundary(): string {
    return this.#boundary;
  }

  /**
   * SetBoundary overrides the random boundary; it must be 1 to 70 characters of RFC 2046's set
   * and be called before any part is created, or it throws with Go's text.
   */
  SetBoundary(boundary: string): void {
    if (this.#lastpart !== null) throw new MultipartError("mime: SetBoundary called after write");
    if (boundary.length < 1 || boundary.length > 70) throw new MultipartError("mime: invalid boundary length");
    const end = boundary.length - 1;
    for (let i = 0; i < boundary.length; i++) {
      const b = boundary[i]!;
      if (/[A-Za-z0-9'()+_,\-./:=?]/.test(b)) continue;
      if (b === " " && i !== end) continue;
      throw new MultipartError("mime: invalid boundary character");
    }
    this.#boundary = boundary;
  }

  /** FormDataContentType returns the Content-Type for a multipart/form-data body with this boundary. */
  FormDataContentType(): string {
    let b = this.#boundary;
    if (/[()<>@,;:\\"/[\]?= ]/.test(b)) b = `"${b}"`;
    return "multipart/form-data; boundary=" + b;
  }

  /**
   * CreatePart writes a new part's boundary and header (keys sorted) and returns a Writer for its
   * body, valid until the next part or Close.
   */
  async CreatePart(header: Header): Promise<IOWriter> {
    if (this.#lastpart !== null) this.#lastpart.closed = true;
    let b = this.#lastpart !== null ? `\r\n--${this.#boundary}\r\n` : `--${this.#boundary}\r\n`;
    for (const k of [...header.keys()].sort()) for (const v of header.get(k) ?? []) b += `${k}: ${v}\r\n`;
    b += "\r\n";
    await this.#w.Write(enc.encode(b));
    const part = { closed: false };
    this.#lastpart = part;
    const w = this.#w;
    return {
      async Write(p: Uint8Array): Promise<number> {
        if (part.closed) throw new MultipartError("multipart: can't write to finished part");
        return w.Write(p);
      },
    };
  }

  /** CreateFormFile creates a form-data part for a file, with Content-Type application/octet-stream. */
  CreateFormFile(fieldname: string, filename: string): Promise<IOWriter> {
    const h = new Header();
    h.Set("Content-Disposition", FileContentDisposition(fieldname, filename));
    h.Set("Content-Type", "application/octet-stream");
    return this.CreatePart(h);
  }

  /** CreateFormField creates a form-data part for a field. */
  CreateFormField(fieldname: string): Promise<IOWriter> {
    const h = new Header();
    h.Set("Content-Disposition", `form-data; name="${escapeQuotes(fieldname)}"`);
    return this.CreatePart(h);
  }

  /** WriteField writes a form-data field with the given value. */
  async WriteField(fieldname: string, value: string): Promise<void> {
    const p = await this.CreateFormField(fieldname);
    await p.Write(enc.encode(value));
  }

  /** Close finishes the message, writing the closing boundary. */
  async Close(): Promise<void> {
    if (this.#lastpart !== null) {
      this.#lastpart.closed = true;
      this.#lastpart = null;
    }
    await this.#w.Write(enc.encode(`\r\n--${this.#boundary}--\r\n`));
  }
}

function escapeQuotes(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** FileContentDisposition returns the Content-Disposition value of a form-data file part (Go 1.23). */
export function FileContentDisposition(fieldname: string, filename: string): string {
  return `form-data; name="${escapeQuotes(fieldname)}"; filename="${escapeQuotes(filename)}"`;
}

/** NewWriter returns a MultipartWriter with a random boundary, writing to w. */
export function NewWriter(w: IOWriter): MultipartWriter {
  return new MultipartWriter(w);
}

