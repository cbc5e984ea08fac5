// Go's bufio package (src/bufio/bufio.go, scan.go), translated by the rules of docs/api.md:
// over any gonet Reader or Writer (a Conn, a Pipe end, an http Body). Where Go returns data
// together with io.EOF (ReadString, ReadBytes, ReadSlice at the end of input), gonet resolves the
// data and the next call resolves null; every other error is thrown. Reader keeps one pending
// error, as Go's does, and hands over the bytes buffered before it first.

import { SentinelError } from "./errors.js";
import { EOF, ErrNoProgress, type Reader as IOReader, type Writer as IOWriter } from "./io.js";

/** ErrInvalidUnreadByte is thrown by UnreadByte when the last operation was not a read of a byte. */
export const ErrInvalidUnreadByte = new SentinelError("bufio: invalid use of UnreadByte", "GONET_ERR_BUFIO_INVALID_UNREAD_BYTE", { name: "ErrInvalidUnreadByte" });
/** ErrInvalidUnreadRune is thrown by UnreadRune when the last operation was not ReadRune. */
export const ErrInvalidUnreadRune = new SentinelError("bufio: invalid use of UnreadRune", "GONET_ERR_BUFIO_INVALID_UNREAD_RUNE", { name: "ErrInvalidUnreadRune" });
/** ErrBufferFull is thrown when a Peek or ReadSlice needs more bytes than the buffer holds. */
export const ErrBufferFull = new SentinelError("bufio: buffer full", "GONET_ERR_BUFIO_BUFFER_FULL", { name: "ErrBufferFull" });
/** ErrNegativeCount is thrown for a negative count (Peek, Discard). */
export const ErrNegativeCount = new SentinelError("bufio: negative count", "GONET_ERR_BUFIO_NEGATIVE_COUNT", { name: "ErrNegativeCount" });
/** ErrTooLong is the Scanner's error for a token longer than its maximum token size. */
export const ErrTooLong = new SentinelError("bufio.Scanner: token too long", "GONET_ERR_BUFIO_TOO_LONG", { name: "ErrTooLong" });
/** ErrNegativeAdvance is the Scanner's error for a SplitFunc that returned a negative advance. */
export const ErrNegativeAdvance = new SentinelError("bufio.Scanner: SplitFunc returns negative advance count", "GONET_ERR_BUFIO_NEGATIVE_ADVANCE", {
  name: "ErrNegativeAdvance",
});
/** ErrAdvanceTooFar is the Scanner's error for a SplitFunc that advanced past its input. */
export const ErrAdvanceTooFar = new SentinelError("bufio.Scanner: SplitFunc returns advance count beyond input", "GONET_ERR_BUFIO_ADVANCE_TOO_FAR", {
  name: "ErrAdvanceTooFar",
});
/** ErrBadReadCount is the Scanner's error for a Reader that resolved an impossible count. */
export const ErrBadReadCount = new SentinelError("bufio.Scanner: Read returned impossible count", "GONET_ERR_BUFIO_BAD_READ_COUNT", { name: "ErrBadReadCount" });
/**
 * ErrFinalToken is the special value a SplitFunc returns as the third element of its result to
 * say that the token it returns is the last one: Scan stops after it without an error.
 */
export const ErrFinalToken = new SentinelError("final token", "GONET_ERR_BUFIO_FINAL_TOKEN", { name: "ErrFinalToken" });

/** MaxScanTokenSize is the Scanner's default maximum token size (64 KiB). */
export const MaxScanTokenSize = 64 * 1024;

const defaultBufSize = 4096;
const minReadBufferSize = 16;
const maxConsecutiveEmptyReads = 100;
const startBufSize = 4096;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function delimByte(delim: number | string): number {
  const b = typeof delim === "string" ? (delim.length === 1 ? delim.charCodeAt(0) : -1) : delim;
  if (!Number.isInteger(b) || b < 0 || b > 0xff) throw new RangeError(`bufio: delimiter must be one byte, got ${JSON.stringify(delim)}`);
  return b;
}

/** Reader implements buffering for a gonet io Reader (Go's bufio.Reader). Make one with NewReader. */
export class Reader implements IOReader {
  #buf: Uint8Array;
  #rd: IOReader;
  #r = 0;
  #w = 0;
  #err: unknown = null; // a pending error from the underlying Reader
  #eof = false;
  #lastByte = -1;
  #lastRuneSize = -1;

  /** Reader's constructor is NewReaderSize's: size below 16 is raised to 16. */
  constructor(rd: IOReader, size = defaultBufSize) {
    this.#buf = new Uint8Array(Math.max(size, minReadBufferSize));
    this.#rd = rd;
  }

  /** Size returns the size of the underlying buffer in bytes. */
  Size(): number {
    return this.#buf.length;
  }

  /** Buffered returns the number of bytes that can be read from the buffer without a Read of the underlying Reader. */
  Buffered(): number {
    return this.#w - this.#r;
  }

  /** Reset discards any buffered data and state and makes the Reader read from r. */
  Reset(r: IOReader): void {
    this.#rd = r;
    this.#r = this.#w = 0;
    this.#err = null;
    this.#eof = false;
    this.#lastByte = this.#lastRuneSize = -1;
  }

  // fill reads one more chunk into the buffer (Go's fill).
  async #fill(): Promise<void> {
    if (this.#r > 0) {
      this.#buf.copyWithin(0, this.#r, this.#w);
      this.#w -= this.#r;
      this.#r = 0;
    }
    if (this.#w >= this.#buf.length) throw new Error("bufio: tried to fill full buffer");
    for (let i = maxConsecutiveEmptyReads; i > 0; i--) {
      let n: number | null;
      try {
        n = await this.#rd.Read(this.#buf.subarray(this.#w));
      } catch (err) {
        this.#err = err;
        return;
      }
      if (n === null) {
        this.#eof = true;
        return;
      }
      if (n < 0 || n > this.#buf.length - this.#w) throw new Error("bufio: reader returned negative or impossible count");
      this.#w += n;
      if (n > 0) return;
    }
    this.#err = ErrNoProgress;
  }

  // done reports whether the underlying Reader has nothing more to give.
  #done(): boolean {
    return this.#eof || this.#err !== null;
  }

  // end throws the pending error, or resolves null at end of input.
  #end(): null {
    const err = this.#err;
    if (err !== null) {
      this.#err = null;
      throw err;
    }
    return null;
  }

  /**
   * Peek returns the next n bytes without advancing the reader; they stay valid until the next
   * read. It throws ErrBufferFull if n is larger than the buffer, and the underlying error (EOF at
   * end of input) if fewer than n bytes can be had; the bytes stay buffered either way.
   */
  async Peek(n: number): Promise<Uint8Array> {
    if (n < 0) throw ErrNegativeCount;
    this.#lastByte = this.#lastRuneSize = -1;
    while (this.#w - this.#r < n && this.#w - this.#r < this.#buf.length && !this.#done()) await this.#fill();
    if (n > this.#buf.length) throw ErrBufferFull;
    const avail = this.#w - this.#r;
    if (avail < n) {
      if (this.#err !== null) this.#end();
      throw EOF;
    }
    return this.#buf.subarray(this.#r, this.#r + n);
  }

  /**
   * Discard skips the next n bytes and resolves the number discarded, which is less than n only
   * at end of input. A failure of the underlying Reader is thrown.
   */
  async Discard(n: number): Promise<number> {
    if (n < 0) throw ErrNegativeCount;
    this.#lastByte = this.#lastRuneSize = -1;
    let remain = n;
    for (;;) {
      const skip = Math.min(this.#w - this.#r, remain);
      this.#r += skip;
      remain -= skip;
      if (remain === 0) return n;
      if (this.#done()) {
        if (this.#err !== null) this.#end();
        return n - remain;
      }
      await this.#fill();
    }
  }

  /**
   * Read reads into p and resolves the number of bytes read, or null at end of input. The bytes
   * come from at most one Read of the underlying Reader; a large p with an empty buffer is read
   * into directly.
   */
  async Read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0) {
      if (this.Buffered() > 0) return 0;
      if (this.#err !== null) this.#end();
      return 0;
    }
    if (this.#r === this.#w) {
      if (this.#done()) return this.#end();
      if (p.length >= this.#buf.length) {
        // Large read, empty buffer: read directly into p to avoid a copy.
        const n = await this.#rd.Read(p);
        if (n !== null && n > 0) {
          this.#lastByte = p[n - 1]!;
          this.#lastRuneSize = -1;
        }
        return n;
      }
      this.#r = this.#w = 0;
      await this.#fill();
      if (this.#r === this.#w) return this.#end();
    }
    const n = Math.min(p.length, this.#w - this.#r);
    p.set(this.#buf.subarray(this.#r, this.#r + n));
    this.#r += n;
    this.#lastByte = this.#buf[this.#r - 1]!;
    this.#lastRuneSize = -1;
    return n;
  }

  /** ReadByte reads and returns a single byte, or null at end of input. */
  async ReadByte(): Promise<number | null> {
    this.#lastRuneSize = -1;
    while (this.#r === this.#w) {
      if (this.#done()) return this.#end();
      await this.#fill();
    }
    const c = this.#buf[this.#r++]!;
    this.#lastByte = c;
    return c;
  }

  /** UnreadByte unreads the last byte. Only the most recently read byte can be unread. */
  UnreadByte(): void {
    if (this.#lastByte < 0 || (this.#r === 0 && this.#w > 0)) throw ErrInvalidUnreadByte;
    if (this.#r > 0) this.#r--;
    else this.#w = 1; // r == 0 and w == 0
    this.#buf[this.#r] = this.#lastByte;
    this.#lastByte = this.#lastRuneSize = -1;
  }

  /**
   * ReadRune reads a single UTF-8 encoded character and resolves `[rune, size]` (the code point
   * and its size in bytes), or null at end of input. An invalid encoding reads as U+FFFD with
   * size 1, as in Go.
   */
  async ReadRune(): Promise<[rune: number, size: number] | null> {
    while (this.#r + 4 > this.#w && !decodeRuneComplete(this.#buf.subarray(this.#r, this.#w)) && !this.#done() && this.#w - this.#r < this.#buf.length) {
      await this.#fill();
    }
    this.#lastRuneSize = -1;
    if (this.#r === this.#w) return this.#end();
    const [rune, size] = decodeRune(this.#buf.subarray(this.#r, this.#w));
    this.#r += size;
    this.#lastByte = this.#buf[this.#r - 1]!;
    this.#lastRuneSize = size;
    return [rune, size];
  }

  /** UnreadRune unreads the last rune. It throws ErrInvalidUnreadRune unless the last call was ReadRune. */
  UnreadRune(): void {
    if (this.#lastRuneSize < 0 || this.#r < this.#lastRuneSize) throw ErrInvalidUnreadRune;
    this.#r -= this.#lastRuneSize;
    this.#lastByte = this.#lastRuneSize = -1;
  }

  // readSlice is Go's ReadSlice: the bytes up to and including delim, a view into the buffer;
  // `full` when the buffer filled without delim, `end` when input ended without it.
  async #readSlice(delim: number): Promise<{ line: Uint8Array; full: boolean; end: boolean }> {
    let s = 0; // search start index
    for (;;) {
      const i = this.#buf.subarray(this.#r + s, this.#w).indexOf(delim);
      if (i >= 0) {
        const line = this.#buf.subarray(this.#r, this.#r + s + i + 1);
        this.#r += s + i + 1;
        return this.#took(line, false, false);
      }
      if (this.#done()) {
        const line = this.#buf.subarray(this.#r, this.#w);
        this.#r = this.#w;
        return this.#took(line, false, true);
      }
      if (this.Buffered() >= this.#buf.length) {
        const line = this.#buf.subarray(this.#r, this.#w);
        this.#r = this.#w;
        return this.#took(line, true, false);
      }
      s = this.#w - this.#r; // do not rescan the area we scanned before
      await this.#fill();
    }
  }

  #took(line: Uint8Array, full: boolean, end: boolean): { line: Uint8Array; full: boolean; end: boolean } {
    if (line.length > 0) {
      this.#lastByte = line[line.length - 1]!;
      this.#lastRuneSize = -1;
    }
    return { line, full, end };
  }

  /**
   * ReadSlice reads until the first occurrence of delim and returns a view of the buffer holding
   * the bytes up to and including it, valid until the next read. At end of input it returns what
   * is left without delim, then null. If the buffer fills without delim it throws ErrBufferFull and,
   * unlike Go (which returns the full buffer with the error), leaves the bytes buffered for Read.
   * Prefer ReadBytes or ReadString.
   */
  async ReadSlice(delim: number | string): Promise<Uint8Array | null> {
    const d = delimByte(delim);
    const { line, full, end } = await this.#readSlice(d);
    if (full) {
      this.#r = this.#w - line.length; // leave the bytes for Read
      this.#lastByte = -1;
      throw ErrBufferFull;
    }
    if (end && line.length === 0) return this.#end();
    return line;
  }

  /**
   * ReadLine returns one line, without its end-of-line bytes ("\n" or "\r\n"), as
   * `[line, isPrefix]`, or null at end of input. isPrefix is true when the line was too long for
   * the buffer; the rest comes in the following calls. The line is a view of the buffer, valid
   * until the next read. Most callers should use ReadString("\n") or a Scanner.
   */
  async ReadLine(): Promise<[line: Uint8Array, isPrefix: boolean] | null> {
    let { line, full, end } = await this.#readSlice(0x0a);
    if (full) {
      // Handle the case where "\r\n" straddles the buffer.
      if (line.length > 0 && line[line.length - 1] === 0x0d) {
        if (this.#r === 0) throw new Error("bufio: tried to rewind past start of buffer");
        this.#r--;
        line = line.subarray(0, line.length - 1);
      }
      return [line, true];
    }
    if (line.length === 0) {
      if (end) return this.#end();
      return [line, false];
    }
    if (line[line.length - 1] === 0x0a) {
      let drop = 1;
      if (line.length > 1 && line[line.length - 2] === 0x0d) drop = 2;
      line = line.subarray(0, line.length - drop);
    }
    return [line, false];
  }

  /**
   * ReadBytes reads until the first occurrence of delim and resolves a new array holding the
   * bytes up to and including it. At end of input it resolves what is left without delim, then
   * null.
   */
  async ReadBytes(delim: number | string): Promise<Uint8Array | null> {
    const d = delimByte(delim);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { line, full, end } = await this.#readSlice(d);
      if (!full) {
        if (end && line.length === 0 && total === 0) return this.#end();
        if (parts.length === 0) return line.slice();
        parts.push(line.slice());
        total += line.length;
        break;
      }
      parts.push(line.slice());
      total += line.length;
    }
    const out = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }

  /**
   * ReadString reads until the first occurrence of delim and resolves the text up to and
   * including it (decoded as UTF-8). At end of input it resolves what is left without delim, then
   * null: `while ((line = await r.ReadString("\n")) !== null)` reads every line.
   */
  async ReadString(delim: number | string): Promise<string | null> {
    const b = await this.ReadBytes(delim);
    return b === null ? null : decoder.decode(b);
  }

  /**
   * WriteTo writes everything up to end of input to w (buffered bytes first) and resolves the
   * number of bytes written.
   */
  async WriteTo(w: IOWriter): Promise<number> {
    this.#lastByte = this.#lastRuneSize = -1;
    let n = 0;
    for (;;) {
      if (this.#r < this.#w) {
        const m = await w.Write(this.#buf.subarray(this.#r, this.#w));
        this.#r = this.#w;
        n += m;
      }
      if (this.#done()) {
        this.#end();
        return n;
      }
      await this.#fill();
    }
  }
}

/** NewReader returns a Reader whose buffer has the default size (4096 bytes). */
export function NewReader(rd: IOReader): Reader {
  return rd instanceof Reader && rd.Size() >= defaultBufSize ? rd : new Reader(rd);
}

/** NewReaderSize returns a Reader whose buffer has at least the given size (16 at the least). */
export function NewReaderSize(rd: IOReader, size: number): Reader {
  return rd instanceof Reader && rd.Size() >= size ? rd : new Reader(rd, size);
}

/**
 * Writer implements buffering for a gonet io Writer (Go's bufio.Writer). After all data has been
 * written, call Flush. After a write error, every later call throws that error, as in Go.
 */
export class Writer implements IOWriter {
  #buf: Uint8Array;
  #n = 0;
  #wr: IOWriter;
  #err: unknown = null;

  /** Writer's constructor is NewWriterSize's: a size of 0 or less means the default, 4096. */
  constructor(w: IOWriter, size = defaultBufSize) {
    this.#buf = new Uint8Array(size <= 0 ? defaultBufSize : size);
    this.#wr = w;
  }

  /** Size returns the size of the underlying buffer in bytes. */
  Size(): number {
    return this.#buf.length;
  }
  /** Buffered returns the number of bytes written into the buffer and not yet flushed. */
  Buffered(): number {
    return this.#n;
  }
  /** Available returns how many bytes are unused in the buffer. */
  Available(): number {
    return this.#buf.length - this.#n;
  }
  /** Reset discards any unflushed data and the error, and makes the Writer write to w. */
  Reset(w: IOWriter): void {
    this.#wr = w;
    this.#n = 0;
    this.#err = null;
  }

  /** Flush writes any buffered data to the underlying Writer. */
  async Flush(): Promise<void> {
    if (this.#err !== null) throw this.#err;
    if (this.#n === 0) return;
    try {
      await this.#wr.Write(this.#buf.subarray(0, this.#n));
    } catch (err) {
      this.#err = err;
      throw err;
    }
    this.#n = 0;
  }

  /**
   * Write writes p into the buffer, flushing as needed, and resolves p.length. A p at least as
   * large as an empty buffer is written through directly.
   */
  async Write(p: Uint8Array): Promise<number> {
    let nn = 0;
    while (p.length > this.Available()) {
      if (this.#err !== null) throw this.#err;
      let n: number;
      if (this.#n === 0) {
        // Large write, empty buffer: write directly from p to avoid a copy.
        try {
          n = await this.#wr.Write(p);
        } catch (err) {
          this.#err = err;
          throw err;
        }
      } else {
        n = this.Available();
        this.#buf.set(p.subarray(0, n), this.#n);
        this.#n += n;
        await this.Flush();
      }
      nn += n;
      p = p.subarray(n);
    }
    if (this.#err !== null) throw this.#err;
    this.#buf.set(p, this.#n);
    this.#n += p.length;
    return nn + p.length;
  }

  /** WriteByte writes a single byte. */
  async WriteByte(c: number): Promise<void> {
    if (this.#err !== null) throw this.#err;
    if (this.Available() <= 0) await this.Flush();
    this.#buf[this.#n++] = c;
  }

  /** WriteString writes s as UTF-8 and resolves the number of bytes written. */
  WriteString(s: string): Promise<number> {
    return this.Write(encoder.encode(s));
  }

  /** WriteRune writes the UTF-8 encoding of the code point r and resolves its size. */
  WriteRune(r: number): Promise<number> {
    return this.Write(encoder.encode(String.fromCodePoint(r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff) ? 0xfffd : r)));
  }

  /** ReadFrom copies r into the buffered Writer until end of input and resolves the bytes read. */
  async ReadFrom(r: IOReader): Promise<number> {
    if (this.#err !== null) throw this.#err;
    let n = 0;
    let empties = 0;
    for (;;) {
      if (this.Available() === 0) await this.Flush();
      const m = await r.Read(this.#buf.subarray(this.#n));
      if (m === null) return n;
      if (m === 0) {
        if (++empties >= maxConsecutiveEmptyReads) throw ErrNoProgress;
        continue;
      }
      empties = 0;
      this.#n += m;
      n += m;
    }
  }
}

/** NewWriter returns a Writer whose buffer has the default size (4096 bytes). */
export function NewWriter(w: IOWriter): Writer {
  return w instanceof Writer && w.Size() >= defaultBufSize ? w : new Writer(w);
}

/** NewWriterSize returns a Writer whose buffer has at least the given size. */
export function NewWriterSize(w: IOWriter, size: number): Writer {
  return w instanceof Writer && w.Size() >= size ? w : new Writer(w, size);
}

/**
 * SplitFunc is the signature of the function a Scanner uses to cut its input into tokens (Go's
 * bufio.SplitFunc). It is given the unprocessed data and whether the input has ended, and returns
 * `[advance, token]`: how many bytes to consume, and the token (null for none yet, to ask for
 * more data). A third element ErrFinalToken makes the token the last one. Any other error is
 * thrown, and Scan stops with it.
 */
export type SplitFunc = (data: Uint8Array, atEOF: boolean) => [advance: number, token: Uint8Array | null, final?: typeof ErrFinalToken];

/**
 * Scanner reads input split into tokens: lines by default (Go's bufio.Scanner). Make one with
 * NewScanner; `while (await s.Scan()) use(s.Text())`, then check `s.Err()`.
 */
export class Scanner {
  #r: IOReader;
  #split: SplitFunc = ScanLines;
  #maxTokenSize = MaxScanTokenSize;
  #token: Uint8Array | null = null;
  #buf: Uint8Array = new Uint8Array(0);
  #start = 0;
  #end = 0;
  #err: unknown = null;
  #eof = false;
  #empties = 0;
  #scanCalled = false;
  #done = false;

  /** Scanner's constructor is NewScanner's. */
  constructor(r: IOReader) {
    this.#r = r;
  }

  /** Err returns the first error the Scanner met, or null if it ended at end of input. */
  Err(): unknown {
    return this.#err;
  }

  /** Bytes returns the most recent token, a view valid until the next Scan. */
  Bytes(): Uint8Array {
    return this.#token ?? new Uint8Array(0);
  }

  /** Text returns the most recent token, decoded as UTF-8. */
  Text(): string {
    return this.#token === null ? "" : decoder.decode(this.#token);
  }

  /**
   * Buffer sets the initial buffer and the maximum token size (the larger of max and the
   * buffer's length). It throws if called after Scan has started, as Go's panics.
   */
  Buffer(buf: Uint8Array, max: number): void {
    if (this.#scanCalled) throw new Error("Buffer called after Scan");
    this.#buf = buf.subarray(0, buf.length);
    this.#maxTokenSize = max;
  }

  /** Split sets the split function; it throws if called after Scan has started, as Go's panics. */
  Split(split: SplitFunc): void {
    if (this.#scanCalled) throw new Error("Split called after Scan");
    this.#split = split;
  }

  #setErr(err: unknown): void {
    if (this.#err === null) this.#err = err;
  }

  #advance(n: number): boolean {
    if (n < 0) {
      this.#setErr(ErrNegativeAdvance);
      return false;
    }
    if (n > this.#end - this.#start) {
      this.#setErr(ErrAdvanceTooFar);
      return false;
    }
    this.#start += n;
    return true;
  }

  /**
   * Scan advances to the next token, available through Bytes or Text, and resolves false when
   * the input ends or an error stops the scan (then Err says which, or null at end of input).
   */
  async Scan(): Promise<boolean> {
    if (this.#done) return false;
    this.#scanCalled = true;
    for (;;) {
      // See if we can get a token with what we already have.
      if (this.#end > this.#start || this.#eof || this.#err !== null) {
        let advance: number;
        let token: Uint8Array | null;
        let final: unknown;
        try {
          [advance, token, final] = this.#split(this.#buf.subarray(this.#start, this.#end), this.#eof || this.#err !== null);
        } catch (err) {
          if (err === ErrFinalToken) {
            this.#token = null;
            this.#done = true;
            return false;
          }
          this.#setErr(err);
          this.#done = true;
          return false;
        }
        if (final === ErrFinalToken) {
          this.#token = token;
          this.#done = true;
          // A null token with ErrFinalToken stops the scan without one (Go 1.22).
          return token !== null;
        }
        if (!this.#advance(advance)) {
          this.#done = true;
          return false;
        }
        this.#token = token;
        if (token !== null) {
          if ((!this.#eof && this.#err === null) || advance > 0) this.#empties = 0;
          else if (++this.#empties > maxConsecutiveEmptyReads) throw new Error("bufio.Scan: too many empty tokens without progressing");
          return true;
        }
      }
      // We cannot generate a token with what we are holding. If we've already hit EOF or an
      // error, give up.
      if (this.#eof || this.#err !== null) {
        this.#start = this.#end = 0;
        this.#done = true;
        return false;
      }
      // Must read more data. First, shift data to the beginning of the buffer if there's lots of
      // empty space or space is needed.
      if (this.#start > 0 && (this.#end === this.#buf.length || this.#start > this.#buf.length / 2)) {
        this.#buf.copyWithin(0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
      }
      // Is the buffer full? If so, resize.
      if (this.#end === this.#buf.length) {
        if (this.#buf.length >= this.#maxTokenSize) {
          this.#setErr(ErrTooLong);
          this.#done = true;
          return false;
        }
        const newSize = Math.min(this.#buf.length === 0 ? startBufSize : this.#buf.length * 2, this.#maxTokenSize);
        const nb = new Uint8Array(newSize);
        nb.set(this.#buf.subarray(this.#start, this.#end));
        this.#end -= this.#start;
        this.#start = 0;
        this.#buf = nb;
      }
      // Finally we can read some input, giving up after too many empty reads.
      for (let loop = 0; ; ) {
        let n: number | null;
        try {
          n = await this.#r.Read(this.#buf.subarray(this.#end));
        } catch (err) {
          this.#setErr(err);
          break;
        }
        if (n === null) {
          this.#eof = true;
          break;
        }
        if (n < 0 || this.#buf.length - this.#end < n) {
          this.#setErr(ErrBadReadCount);
          break;
        }
        this.#end += n;
        if (n > 0) {
          this.#empties = 0;
          break;
        }
        if (++loop > maxConsecutiveEmptyReads) {
          this.#setErr(ErrNoProgress);
          break;
        }
      }
    }
  }
}

/** NewScanner returns a Scanner that reads r, splitting it into lines (ScanLines). */
export function NewScanner(r: IOReader): Scanner {
  return new Scanner(r);
}

/** ScanBytes is a SplitFunc that returns each byte as a token. */
export const ScanBytes: SplitFunc = (data, atEOF) => {
  if (atEOF && data.length === 0) return [0, null];
  return [1, data.subarray(0, 1)];
};

const replacement = new Uint8Array([0xef, 0xbf, 0xbd]);

/**
 * ScanRunes is a SplitFunc that returns each UTF-8 encoded character as a token. An encoding
 * error yields U+FFFD's three bytes for one byte of input, as in Go.
 */
export const ScanRunes: SplitFunc = (data, atEOF) => {
  if (atEOF && data.length === 0) return [0, null];
  if (data[0]! < 0x80) return [1, data.subarray(0, 1)];
  if (!atEOF && !decodeRuneComplete(data)) return [0, null]; // incomplete; get more bytes
  const [rune, width] = decodeRune(data);
  if (rune === 0xfffd && width === 1) return [1, replacement];
  return [width, data.subarray(0, width)];
};

function dropCR(data: Uint8Array): Uint8Array {
  return data.length > 0 && data[data.length - 1] === 0x0d ? data.subarray(0, data.length - 1) : data;
}

/**
 * ScanLines is a SplitFunc that returns each line of text without its end-of-line marker (an
 * optional "\r" then a "\n"). The last non-empty line is returned even without a newline.
 */
export const ScanLines: SplitFunc = (data, atEOF) => {
  if (atEOF && data.length === 0) return [0, null];
  const i = data.indexOf(0x0a);
  if (i >= 0) return [i + 1, dropCR(data.subarray(0, i))];
  if (atEOF) return [data.length, dropCR(data)];
  return [0, null];
};

// isSpace is Go's scan.go isSpace: the Unicode White_Space code points.
function isSpace(r: number): boolean {
  if (r <= 0xff) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  if (r >= 0x2000 && r <= 0x200a) return true;
  return r === 0x1680 || r === 0x2028 || r === 0x2029 || r === 0x202f || r === 0x205f || r === 0x3000;
}

/**
 * ScanWords is a SplitFunc that returns each space-separated word, with the surrounding spaces
 * (Unicode White_Space, as Go's isSpace) removed. It never returns an empty token.
 */
export const ScanWords: SplitFunc = (data, atEOF) => {
  let start = 0;
  while (start < data.length) {
    const [r, width] = decodeRune(data.subarray(start));
    if (!isSpace(r)) break;
    start += width;
  }
  for (let i = start; i < data.length; ) {
    const [r, width] = decodeRune(data.subarray(i));
    if (isSpace(r)) return [i + width, data.subarray(start, i)];
    i += width;
  }
  if (atEOF && data.length > start) return [data.length, data.subarray(start)];
  return [start, null];
};

// decodeRuneComplete reports whether p begins with a full UTF-8 encoding or an invalid one (Go's
// utf8.FullRune).
function decodeRuneComplete(p: Uint8Array): boolean {
  if (p.length === 0) return false;
  const c = p[0]!;
  const need = c < 0x80 ? 1 : c < 0xc2 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 1;
  if (p.length >= need) return true;
  // An invalid continuation byte already makes it complete (it decodes as RuneError, width 1).
  for (let i = 1; i < p.length; i++) if ((p[i]! & 0xc0) !== 0x80) return true;
  if (need >= 3 && p.length >= 2) {
    const b = p[1]!;
    if ((c === 0xe0 && b < 0xa0) || (c === 0xed && b > 0x9f) || (c === 0xf0 && b < 0x90) || (c === 0xf4 && b > 0x8f)) return true;
  }
  return false;
}

// decodeRune is Go's utf8.DecodeRune: the first code point of p and its width, or (U+FFFD, 1)
// for an invalid or incomplete encoding ((U+FFFD, 0) for empty input).
function decodeRune(p: Uint8Array): [number, number] {
  const n = p.length;
  if (n < 1) return [0xfffd, 0];
  const c0 = p[0]!;
  if (c0 < 0x80) return [c0, 1];
  if (c0 < 0xc2 || c0 > 0xf4) return [0xfffd, 1];
  const c1 = p[1];
  if (c1 === undefined) return [0xfffd, 1];
  let lo = 0x80;
  let hi = 0xbf;
  if (c0 === 0xe0) lo = 0xa0;
  else if (c0 === 0xed) hi = 0x9f;
  else if (c0 === 0xf0) lo = 0x90;
  else if (c0 === 0xf4) hi = 0x8f;
  if (c1 < lo || c1 > hi) return [0xfffd, 1];
  if (c0 < 0xe0) return [((c0 & 0x1f) << 6) | (c1 & 0x3f), 2];
  const c2 = p[2];
  if (c2 === undefined || (c2 & 0xc0) !== 0x80) return [0xfffd, 1];
  if (c0 < 0xf0) return [((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f), 3];
  const c3 = p[3];
  if (c3 === undefined || (c3 & 0xc0) !== 0x80) return [0xfffd, 1];
  return [((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f), 4];
}
