// Go's net.Pipe (src/net/pipe.go): two in-memory Conns joined back to back.
// There is no buffer: a Write waits in a queue until Reads on the other end
// have copied all of it, straight from the writer's bytes into the reader's.
// Writes are served one at a time in call order (Go's wrMu), so concurrent
// Writes never interleave; Reads are served in call order, and one Read takes
// bytes from one Write only.
//
// Errors are Go's: after the local end closed, Read and Write throw
// io.ErrClosedPipe itself (not wrapped); after the remote end closed, Read
// resolves null and Write throws ErrClosedPipe; a deadline throws
// OpError{Op, Net: "pipe", Err: ErrDeadlineExceeded} with no addresses
// (`read pipe: i/o timeout`), as pipe.go builds it.

import { ErrDeadlineExceeded, GoError, OpError } from "./errors.js";
import { Deadline } from "./deadline.js";
import { ErrClosedPipe } from "./io.js";
import type { Addr, Conn, DeadlineInput } from "./net.js";

// The chunk size of the readable stream and of the async iterator.
const chunkSize = 32 * 1024;

class pipeAddr implements Addr {
  Network(): string {
    return "pipe";
  }
  String(): string {
    return "pipe";
  }
}

const theAddr: Addr = new pipeAddr();

// op is one waiting Read or Write; it holds its deadline while it waits.
class op<T> {
  readonly promise: Promise<T>;
  #resolve!: (v: T) => void;
  #reject!: (e: Error) => void;
  readonly #deadline: Deadline;
  #done = false;

  constructor(deadline: Deadline) {
    this.#deadline = deadline;
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    deadline.hold();
  }

  resolve(v: T): void {
    if (this.#done) return;
    this.#done = true;
    this.#deadline.release();
    this.#resolve(v);
  }

  reject(e: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#deadline.release();
    this.#reject(e);
  }
}

class readOp extends op<number | null> {
  constructor(
    readonly p: Uint8Array,
    deadline: Deadline,
  ) {
    super(deadline);
  }
}

class writeOp extends op<number> {
  off = 0;
  constructor(
    readonly p: Uint8Array,
    deadline: Deadline,
  ) {
    super(deadline);
  }
}

// halfPipe is one direction: Writes of one end waiting for Reads of the other.
class halfPipe {
  reads: readOp[] = [];
  writes: writeOp[] = [];

  match(): void {
    while (this.reads.length > 0 && this.writes.length > 0) {
      const w = this.writes[0] as writeOp;
      const r = this.reads.shift() as readOp;
      const n = Math.min(r.p.length, w.p.length - w.off);
      r.p.set(w.p.subarray(w.off, w.off + n));
      w.off += n;
      r.resolve(n);
      if (w.off === w.p.length) {
        this.writes.shift();
        w.resolve(w.p.length);
      }
    }
  }

  dropRead(r: readOp): boolean {
    const i = this.reads.indexOf(r);
    if (i < 0) return false;
    this.reads.splice(i, 1);
    return true;
  }

  settleReads(f: (r: readOp) => void): void {
    const reads = this.reads;
    this.reads = [];
    for (const r of reads) f(r);
  }

  settleWrites(f: (w: writeOp) => void): void {
    const writes = this.writes;
    this.writes = [];
    for (const w of writes) f(w);
  }
}

function timeoutError(opName: "read" | "write", bytesWritten?: number): OpError {
  const init = { Op: opName, Net: "pipe", Err: ErrDeadlineExceeded };
  return new OpError(bytesWritten === undefined ? init : { ...init, bytesWritten });
}

/**
 * ClosedPipeWriteError is what a Write cut short by a Close throws once the other end's Reads
 * have taken part of it: Go's pipe returns that count with io.ErrClosedPipe, which this error
 * wraps (Is(err, ErrClosedPipe) holds; the message and code are ErrClosedPipe's). A Write that
 * wrote nothing throws ErrClosedPipe itself, as in Go.
 */
class ClosedPipeWriteError extends GoError {
  static override readonly brandName: string = "ClosedPipeWriteError";
  /** code is ErrClosedPipe's. */
  readonly code = ErrClosedPipe.code;
  /** Err is ErrClosedPipe. */
  readonly Err: Error = ErrClosedPipe;
  /** bytesWritten is how many bytes of the Write the other end's Reads took (Go's n). */
  readonly bytesWritten: number;
  constructor(bytesWritten: number) {
    super(ErrClosedPipe.message, { cause: ErrClosedPipe });
    this.bytesWritten = bytesWritten;
  }
  /** Unwrap returns ErrClosedPipe. */
  Unwrap(): Error {
    return ErrClosedPipe;
  }
}

// closedPipe is the error of a pending Write w when either end closes.
function closedPipe(w: writeOp): Error {
  return w.off === 0 ? ErrClosedPipe : new ClosedPipeWriteError(w.off);
}

class pipe implements Conn {
  #closed = false;
  #peer!: pipe;
  readonly #rx: halfPipe; // the peer writes, this end reads
  readonly #tx: halfPipe; // this end writes, the peer reads
  readonly #readDeadline: Deadline;
  readonly #writeDeadline: Deadline;
  #readable: ReadableStream<Uint8Array> | undefined = undefined;
  #writable: WritableStream<Uint8Array> | undefined = undefined;

  private constructor(rx: halfPipe, tx: halfPipe) {
    this.#rx = rx;
    this.#tx = tx;
    this.#readDeadline = new Deadline(() => this.#rx.settleReads((r) => r.reject(timeoutError("read"))));
    this.#writeDeadline = new Deadline(() => this.#tx.settleWrites((w) => w.reject(timeoutError("write", w.off))));
  }

  static pair(): [pipe, pipe] {
    const ab = new halfPipe();
    const ba = new halfPipe();
    const a = new pipe(ba, ab);
    const b = new pipe(ab, ba);
    a.#peer = b;
    b.#peer = a;
    return [a, b];
  }

  LocalAddr(): Addr {
    return theAddr;
  }

  RemoteAddr(): Addr {
    return theAddr;
  }

  // startRead runs pipe.go's checks and queues a Read; a number or null is an immediate result.
  #startRead(p: Uint8Array): readOp | number | null {
    if (this.#closed) throw ErrClosedPipe;
    if (this.#peer.#closed) return null;
    if (this.#readDeadline.expired) throw timeoutError("read");
    // Go's pipe would wait for a Write and copy nothing; an empty read has nothing to wait for.
    if (p.length === 0) return 0;
    const r = new readOp(p, this.#readDeadline);
    this.#rx.reads.push(r);
    this.#rx.match();
    return r;
  }

  /** Read reads into p, waiting for a Write on the other end; it resolves null once that end has closed. */
  async Read(p: Uint8Array): Promise<number | null> {
    const r = this.#startRead(p);
    return r instanceof readOp ? r.promise : r;
  }

  /**
   * Write resolves p.length once Reads on the other end have consumed all of p. A Write cut short
   * by its deadline throws an OpError whose bytesWritten is what those Reads took (Go's n); one
   * cut short by a Close, after Reads took part of it, an error that Is ErrClosedPipe, with
   * bytesWritten.
   */
  async Write(p: Uint8Array): Promise<number> {
    if (this.#closed || this.#peer.#closed) throw ErrClosedPipe;
    if (this.#writeDeadline.expired) throw timeoutError("write", 0);
    // Go's pipe would hand an empty slice to a reader, making its Read return 0; gonet's Reads never do.
    if (p.length === 0) return 0;
    const w = new writeOp(p, this.#writeDeadline);
    this.#tx.writes.push(w);
    this.#tx.match();
    return w.promise;
  }

  /**
   * Close closes this end: its pending and future Reads and Writes throw ErrClosedPipe, the other
   * end's pending and future Reads resolve null and its Writes throw ErrClosedPipe. Closing again
   * resolves, as Go's returns nil.
   */
  async Close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rx.settleReads((r) => r.reject(ErrClosedPipe));
    this.#tx.settleWrites((w) => w.reject(closedPipe(w)));
    this.#tx.settleReads((r) => r.resolve(null));
    this.#rx.settleWrites((w) => w.reject(closedPipe(w)));
    // Deadlines on either end can no longer be set (Go returns ErrClosedPipe), so no timer is needed.
    this.#readDeadline.stop();
    this.#writeDeadline.stop();
    this.#peer.#readDeadline.stop();
    this.#peer.#writeDeadline.stop();
  }

  #checkOpen(): void {
    if (this.#closed || this.#peer.#closed) throw ErrClosedPipe;
  }

  /** SetDeadline sets the read and write deadlines; it throws ErrClosedPipe once either end has closed. */
  SetDeadline(t: DeadlineInput): void {
    this.#checkOpen();
    this.#readDeadline.set(t);
    this.#writeDeadline.set(t);
  }

  /** SetReadDeadline sets the deadline for pending and future Reads; it throws ErrClosedPipe once either end has closed. */
  SetReadDeadline(t: DeadlineInput): void {
    this.#checkOpen();
    this.#readDeadline.set(t);
  }

  /** SetWriteDeadline sets the deadline for pending and future Writes; it throws ErrClosedPipe once either end has closed. */
  SetWriteDeadline(t: DeadlineInput): void {
    this.#checkOpen();
    this.#writeDeadline.set(t);
  }

  /**
   * readable is a ReadableStream of what Read returns, created on first use. It pulls only when
   * its consumer reads (no read-ahead, so Writes on the other end still wait for a consumer); it
   * closes when the other end closes and errors with what Read throws. Cancelling it withdraws its
   * pending Read, so no bytes are lost, and leaves the Conn open.
   */
  get readable(): ReadableStream<Uint8Array> {
    if (this.#readable === undefined) this.#readable = this.#newReadable();
    return this.#readable;
  }

  #newReadable(): ReadableStream<Uint8Array> {
    const scratch = new Uint8Array(chunkSize);
    let pending: readOp | null = null;
    let cancelled = false;
    return new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          const r = this.#startRead(scratch);
          let n: number | null;
          if (r instanceof readOp) {
            pending = r;
            try {
              n = await r.promise;
            } finally {
              pending = null;
            }
          } else {
            n = r;
          }
          if (cancelled) return;
          if (n === null) controller.close();
          else if (n > 0) controller.enqueue(scratch.slice(0, n));
        },
        cancel: () => {
          cancelled = true;
          if (pending !== null && this.#rx.dropRead(pending)) pending.resolve(null);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /**
   * writable is a WritableStream whose chunks are written with Write, created on first use. A
   * Pipe has no half-close, so closing or aborting it closes the Conn; abort does not wait for a
   * Write that no Read on the other end is taking.
   */
  get writable(): WritableStream<Uint8Array> {
    if (this.#writable === undefined) this.#writable = this.#newWritable();
    return this.#writable;
  }

  #newWritable(): WritableStream<Uint8Array> {
    return new WritableStream<Uint8Array>({
      start: (controller) => {
        // @types/node 20 lacks WritableStreamDefaultController.signal; Node 20 and browsers have it.
        const signal = (controller as { signal?: AbortSignal }).signal;
        signal?.addEventListener("abort", () => void this.Close(), { once: true });
      },
      write: async (chunk) => {
        if (!(chunk instanceof Uint8Array)) throw new TypeError("gonet: Pipe writable takes Uint8Array chunks");
        await this.Write(chunk);
      },
      close: () => this.Close(),
      abort: () => this.Close(),
    });
  }

  /** [Symbol.asyncIterator] yields the chunks Read returns until the other end closes; breaking out leaves the Conn open. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    const buf = new Uint8Array(chunkSize);
    for (;;) {
      const n = await this.Read(buf);
      if (n === null) return;
      yield buf.slice(0, n);
    }
  }

  /** [Symbol.asyncDispose] closes the Conn (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.Close();
  }
}

/**
 * Pipe creates a synchronous, in-memory, full duplex network connection; both ends implement the
 * Conn interface (Go's net.Pipe). Reads on one end are matched with Writes on the other, copying
 * data directly between the two; there is no internal buffering, so a Write resolves only once
 * Reads on the other end have consumed all of it, possibly in several Reads. Concurrent Writes do
 * not interleave and, like concurrent Reads, are served in call order. Deadlines work as on any
 * Conn; both addresses are `pipe`.
 *
 * Differences from Go, both forced by gonet's rule that Read resolves 0 only for an empty buffer:
 * a Read or Write of an empty buffer resolves 0 at once instead of waiting for the other end.
 *
 * @example
 * import { Pipe } from "gonet";
 * const [client, server] = Pipe();
 * const reply = server.Read(new Uint8Array(5));
 * await client.Write(new TextEncoder().encode("hello")); // resolves once the server has read it
 * console.log(await reply); // 5
 */
export function Pipe(): [Conn, Conn] {
  return pipe.pair();
}
