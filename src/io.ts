// Go's io package, translated by the rules of docs/api.md: Read resolves the number
// of bytes read or null at end of stream (Go's io.EOF), every other error is
// thrown. The helpers follow io.go and multi.go line by line; where Go returns
// a count together with an error, the error is thrown and the count is lost.
//
// One deliberate difference: a Reader that keeps resolving 0 without data or
// error would make Go's loops spin forever; in JavaScript such a loop never
// yields to the event loop and freezes every timer, so ReadAtLeast, ReadAll and
// Copy give up with ErrNoProgress after 100 consecutive empty reads (the limit
// Go's bufio uses).

import { SentinelError } from "./errors.js";

/**
 * EOF is Go's io.EOF: the error helpers throw to signal a graceful end of input where a count
 * cannot carry it (CopyN). Read itself reports end of stream by resolving null.
 */
export const EOF = new SentinelError("EOF", "GONET_ERR_EOF", { name: "EOF" });

/** ErrUnexpectedEOF means that the stream ended in the middle of reading a fixed-size block (ReadFull). */
export const ErrUnexpectedEOF = new SentinelError("unexpected EOF", "GONET_ERR_UNEXPECTED_EOF", { name: "ErrUnexpectedEOF" });

/** ErrClosedPipe is the error of a read or write on a closed pipe (Go's io.ErrClosedPipe; net.Pipe uses it too). */
export const ErrClosedPipe = new SentinelError("io: read/write on closed pipe", "GONET_ERR_CLOSED_PIPE", { name: "ErrClosedPipe" });

/** ErrShortWrite means that a write accepted fewer bytes than requested but failed to throw. */
export const ErrShortWrite = new SentinelError("short write", "GONET_ERR_SHORT_WRITE", { name: "ErrShortWrite" });

/** ErrShortBuffer means that a read required a longer buffer than was provided (ReadAtLeast). */
export const ErrShortBuffer = new SentinelError("short buffer", "GONET_ERR_SHORT_BUFFER", { name: "ErrShortBuffer" });

/** ErrNoProgress is thrown when many calls to Read resolved 0 without data, the sign of a broken Reader. */
export const ErrNoProgress = new SentinelError("multiple Read calls return no data or error", "GONET_ERR_NO_PROGRESS", {
  name: "ErrNoProgress",
});

// Go keeps errInvalidWrite unexported; so does gonet (match it by message).
const errInvalidWrite = new SentinelError("invalid write result", "GONET_ERR_INVALID_WRITE", { name: "errInvalidWrite" });

// bufio's maxConsecutiveEmptyReads.
const maxConsecutiveEmptyReads = 100;

/**
 * Reader is the interface that wraps the basic Read method (Go's io.Reader). Read reads up to
 * p.length bytes into p and resolves the number read, or null at end of stream; it resolves 0 only
 * for an empty p. Implementations must not retain p.
 */
export interface Reader {
  Read(p: Uint8Array): Promise<number | null>;
}

/**
 * Writer is the interface that wraps the basic Write method (Go's io.Writer). Write writes all of
 * p and resolves p.length, or throws. Implementations must not modify or retain p.
 */
export interface Writer {
  Write(p: Uint8Array): Promise<number>;
}

/** Closer is the interface that wraps the basic Close method (Go's io.Closer). */
export interface Closer {
  Close(): Promise<void>;
}

/** ReadWriter groups the basic Read and Write methods. */
export interface ReadWriter extends Reader, Writer {}

/** ReadCloser groups the basic Read and Close methods. */
export interface ReadCloser extends Reader, Closer {}

/** WriteCloser groups the basic Write and Close methods. */
export interface WriteCloser extends Writer, Closer {}

/** ReadWriteCloser groups the basic Read, Write and Close methods. */
export interface ReadWriteCloser extends Reader, Writer, Closer {}

/**
 * ReadAtLeast reads from r into buf until it has read at least min bytes and resolves the number
 * of bytes read (Go's io.ReadAtLeast). It resolves null if the stream ended before any byte was
 * read, throws ErrUnexpectedEOF if it ended after some but fewer than min bytes, and throws
 * ErrShortBuffer if min is greater than buf.length.
 */
export async function ReadAtLeast(r: Reader, buf: Uint8Array, min: number): Promise<number | null> {
  if (buf.length < min) throw ErrShortBuffer;
  let n = 0;
  let empty = 0;
  while (n < min) {
    const nn = await r.Read(buf.subarray(n));
    if (nn === null) {
      if (n > 0) throw ErrUnexpectedEOF;
      return null;
    }
    if (nn > 0) {
      n += nn;
      empty = 0;
    } else if (++empty >= maxConsecutiveEmptyReads) {
      throw ErrNoProgress;
    }
  }
  return n;
}

/**
 * ReadFull reads exactly buf.length bytes from r into buf and resolves buf.length (Go's
 * io.ReadFull). It resolves null if the stream ended before any byte was read and throws
 * ErrUnexpectedEOF if it ended after some but not all of them.
 *
 * @example
 * import { ReadFull } from "gonet/io";
 * const header = new Uint8Array(8);
 * if ((await ReadFull(conn, header)) === null) console.log("peer closed");
 */
export function ReadFull(r: Reader, buf: Uint8Array): Promise<number | null> {
  return ReadAtLeast(r, buf, buf.length);
}

/**
 * ReadAll reads from r until end of stream and resolves the data read (Go's io.ReadAll). The
 * buffer grows geometrically, so the total copying stays linear in the size of the data.
 *
 * @example
 * import { ReadAll } from "gonet/io";
 * const body = new TextDecoder().decode(await ReadAll(conn));
 */
export async function ReadAll(r: Reader): Promise<Uint8Array> {
  let b = new Uint8Array(512);
  let n = 0;
  let empty = 0;
  for (;;) {
    const nn = await r.Read(b.subarray(n));
    if (nn === null) return b.subarray(0, n);
    if (nn > 0) {
      n += nn;
      empty = 0;
    } else if (++empty >= maxConsecutiveEmptyReads) {
      throw ErrNoProgress;
    }
    if (n === b.length) {
      const grown = new Uint8Array(b.length * 2);
      grown.set(b);
      b = grown;
    }
  }
}

async function copyBuffer(dst: Writer, src: Reader, buf: Uint8Array | null): Promise<number> {
  if (buf === null) {
    let size = 32 * 1024;
    if (src instanceof LimitedReader && size > src.N) size = src.N < 1 ? 1 : src.N;
    buf = new Uint8Array(size);
  }
  let written = 0;
  let empty = 0;
  for (;;) {
    const nr = await src.Read(buf);
    if (nr === null) return written;
    if (nr > 0) {
      empty = 0;
      const nw = await dst.Write(buf.subarray(0, nr));
      if (nw < 0 || nr < nw) throw errInvalidWrite;
      written += nw;
      if (nr !== nw) throw ErrShortWrite;
    } else if (++empty >= maxConsecutiveEmptyReads) {
      throw ErrNoProgress;
    }
  }
}

/**
 * Copy copies from src to dst until end of stream on src and resolves the number of bytes copied
 * (Go's io.Copy). A successful Copy does not treat end of stream as an error; any error from Read
 * or Write is thrown. It stages through a 32 KiB buffer (smaller for a LimitedReader with less
 * left), which it reuses once each Write has resolved.
 *
 * @example
 * import { Copy } from "gonet/io";
 * const n = await Copy(dst, src); // e.g. an echo server: await Copy(conn, conn)
 */
export function Copy(dst: Writer, src: Reader): Promise<number> {
  return copyBuffer(dst, src, null);
}

/**
 * CopyBuffer is identical to Copy except that it stages through the provided buffer rather than
 * allocating one (Go's io.CopyBuffer). Like Go, it refuses an empty buffer (a RangeError, where
 * Go panics); null allocates one.
 */
export function CopyBuffer(dst: Writer, src: Reader, buf: Uint8Array | null): Promise<number> {
  if (buf !== null && buf.length === 0) throw new RangeError("empty buffer in io.CopyBuffer");
  return copyBuffer(dst, src, buf);
}

/**
 * CopyN copies n bytes from src to dst and resolves n (Go's io.CopyN). If src ends early it
 * throws EOF, as Go returns io.EOF; a negative or zero n copies nothing and resolves 0.
 */
export async function CopyN(dst: Writer, src: Reader, n: number): Promise<number> {
  const written = await Copy(dst, LimitReader(src, n));
  if (written === n) return n;
  // src stopped early; must have been end of stream.
  if (written < n) throw EOF;
  return written;
}

/**
 * LimitedReader reads from R but limits the amount of data returned to just N bytes (Go's
 * io.LimitedReader). Each call to Read updates N to reflect the new amount remaining; Read
 * resolves null when N <= 0 or when R ends.
 */
export class LimitedReader implements Reader {
  /** R is the underlying reader. */
  R: Reader;
  /** N is the maximum number of bytes remaining. */
  N: number;

  constructor(r: Reader, n: number) {
    this.R = r;
    this.N = n;
  }

  /** Read reads at most N bytes from R. */
  async Read(p: Uint8Array): Promise<number | null> {
    if (this.N <= 0) return null;
    if (p.length > this.N) p = p.subarray(0, this.N);
    const n = await this.R.Read(p);
    if (n !== null) this.N -= n;
    return n;
  }
}

/** LimitReader returns a Reader that reads from r but stops with end of stream after n bytes (Go's io.LimitReader). */
export function LimitReader(r: Reader, n: number): Reader {
  return new LimitedReader(r, n);
}

class multiReader implements Reader {
  #readers: Reader[];

  constructor(readers: Reader[]) {
    this.#readers = readers;
  }

  async Read(p: Uint8Array): Promise<number | null> {
    while (this.#readers.length > 0) {
      // Flatten nested multiReaders (Go issue 13558). The list is copied, so the inner
      // reader keeps its own position (Go issue 18232).
      if (this.#readers.length === 1) {
        const only = this.#readers[0];
        if (only instanceof multiReader) {
          this.#readers = only.#readers.slice();
          continue;
        }
      }
      const r = this.#readers[0] as Reader;
      const n = await r.Read(p);
      if (n !== null) return n;
      this.#readers.shift();
    }
    return null;
  }
}

/**
 * MultiReader returns a Reader that is the logical concatenation of the given readers (Go's
 * io.MultiReader). They are read sequentially; once all have ended, Read resolves null. If any of
 * them throws, Read throws that error.
 */
export function MultiReader(...readers: Reader[]): Reader {
  return new multiReader(readers.slice());
}

class multiWriter implements Writer {
  readonly writers: readonly Writer[];

  constructor(writers: readonly Writer[]) {
    this.writers = writers;
  }

  async Write(p: Uint8Array): Promise<number> {
    for (const w of this.writers) {
      const n = await w.Write(p);
      if (n !== p.length) throw ErrShortWrite;
    }
    return p.length;
  }
}

/**
 * MultiWriter creates a writer that duplicates its writes to all the provided writers, one after
 * the other, like the Unix tee(1) command (Go's io.MultiWriter). If a writer throws, the Write
 * throws that error and stops; a writer that accepts fewer bytes makes it throw ErrShortWrite.
 */
export function MultiWriter(...writers: Writer[]): Writer {
  const all: Writer[] = [];
  for (const w of writers) {
    if (w instanceof multiWriter) all.push(...w.writers);
    else all.push(w);
  }
  return new multiWriter(all);
}

/**
 * TeeReader returns a Reader that writes to w what it reads from r (Go's io.TeeReader). All reads
 * from r are matched by writes to w, with no internal buffering; the Write must complete before
 * the Read resolves, and an error from the Write is thrown by the Read.
 */
export function TeeReader(r: Reader, w: Writer): Reader {
  return {
    async Read(p: Uint8Array): Promise<number | null> {
      const n = await r.Read(p);
      if (n !== null && n > 0) await w.Write(p.subarray(0, n));
      return n;
    },
  };
}

/** Discard is a Writer on which all Write calls succeed without doing anything (Go's io.Discard). */
export const Discard: Writer = {
  Write(p: Uint8Array): Promise<number> {
    return Promise.resolve(p.length);
  },
};

/** NopCloser returns a ReadCloser with a no-op Close method wrapping r (Go's io.NopCloser). */
export function NopCloser(r: Reader): ReadCloser {
  return {
    Read: (p: Uint8Array) => r.Read(p),
    Close: () => Promise.resolve(),
  };
}

const encoder = new TextEncoder();

/**
 * WriteString writes the UTF-8 encoding of s to w (Go's io.WriteString). If w has a WriteString
 * method, it is called directly.
 */
export async function WriteString(w: Writer, s: string): Promise<number> {
  const sw = w as Writer & { WriteString?: unknown };
  if (typeof sw.WriteString === "function") return (sw.WriteString as (s: string) => Promise<number>).call(w, s);
  return w.Write(encoder.encode(s));
}
