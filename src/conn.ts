// StreamConn is the one Conn implementation behind every byte-stream
// transport (TCP, unix, TLS, WebSocket). The platform side is a small
// ConnTransport; this class owns the behaviour: the bounded read queue, call
// order, deadlines, close and error semantics, the Web Streams views.
//
// Hot paths allocate no closure per chunk: data is queued as the chunks the
// platform hands over (no copy until Read copies into the caller's buffer;
// the async iterator hands the chunks out as they are), and writes are
// tracked by sequence number so a write the platform took synchronously
// costs one resolved promise.

import { Deadline } from "./deadline.js";
import { Errno, ErrClosed, ErrDeadlineExceeded, ErrUnsupported, OpError, SyscallError } from "./errors.js";
import type { Addr, Conn, DeadlineInput } from "./net.js";

/**
 * ConnSink is what a transport calls into. Exactly one StreamConn is the sink of one transport.
 * @internal
 */
export interface ConnSink {
  /** push delivers bytes read from the peer; the sink keeps the chunk (it must not be reused). */
  push(chunk: Uint8Array): void;
  /** pushCopy delivers bytes from a buffer the platform will reuse; false asks it to pause. */
  pushCopy(chunk: Uint8Array): boolean;
  /** pushEOF says that the peer will send no more bytes. */
  pushEOF(): void;
  /**
   * pushError says that the transport failed; err is already translated (SyscallError, Errno…).
   * The failure is sticky: later Reads and Writes fail with it, each wrapped in its own OpError.
   * The op names where it was seen (informational).
   */
  pushError(err: Error, op?: "read" | "write"): void;
  /**
   * writeDone completes the oldest write for which write() returned false. A transport must
   * report a write done only once the platform has really passed its bytes on (Node's write
   * callbacks report success for writes a destroyed socket dropped): after Close, or after a
   * write deadline has failed the write, the conn no longer waits for these reports (see
   * ConnTransport.unsent).
   */
  writeDone(err?: Error | null): void;
}

/**
 * ConnTransport is the platform side of a StreamConn: a socket, a TLS socket or a WebSocket.
 * @internal
 */
export interface ConnTransport {
  /**
   * write hands p to the platform. It returns true when the platform no longer needs p (the
   * bytes went through), false when it will call sink.writeDone() for this write later, in order.
   */
  write(p: Uint8Array): boolean;
  /** pause stops delivering data (the read queue is full). */
  pause(): void;
  /** resume starts delivering data again. */
  resume(): void;
  /** closeWrite half-closes the write side; it resolves once the platform has sent the end. */
  closeWrite?(): Promise<void>;
  /** destroy releases the transport; it resolves once the handle is gone. */
  destroy(): Promise<void>;
  /**
   * unsent, if the platform can tell, returns how many of the bytes handed to write() have not
   * yet been passed on (to the kernel, for a socket): the newest ones. The conn asks it, right
   * before destroy() and when a write deadline passes, to tell the pending Writes whose bytes
   * all went through (they resolve) from the others (they fail, with the count that went
   * through). Without it every pending Write fails then, with no count.
   */
  unsent?(): number | undefined;
}

/** StreamConnInit configures a StreamConn. @internal */
export interface StreamConnInit {
  /** net is the network name used in errors ("tcp", "unix", "ws", …). */
  net: string;
  /**
   * localAddr is the local address, or what makes it on first use: a function, or an AddrSource
   * (typically the transport itself, which saves a closure per idle conn).
   */
  localAddr: Addr | AddrSource | (() => Addr);
  /** remoteAddr is the remote address, or what makes it on first use. */
  remoteAddr: Addr | AddrSource | (() => Addr);
  /** readHighWaterMark bounds the bytes queued for Read before the transport is paused. */
  readHighWaterMark?: number;
  /** closeWriteUnsupported is the message for CloseWrite when the transport has no half-close. */
  closeWriteUnsupported?: string;
  /**
   * messageWrites says that each Write is one message that arrives whole or not at all (a
   * WebSocket): a failed Write then carries no byte count, as the bytes passed on of a message
   * cut short are not data the peer can read.
   */
  messageWrites?: boolean;
  /**
   * startPaused says the transport is not reading yet (an accepted socket): it is resumed by the
   * first Read, so unread data waits in the kernel, as in Go, and an untouched conn can still
   * hand its socket over (TLS).
   */
  startPaused?: boolean;
}

/** AddrSource makes a connection's addresses on first use. @internal */
export interface AddrSource {
  readonly [kAddrSource]: true;
  localAddr(): Addr;
  remoteAddr(): Addr;
}

/** kAddrSource marks an AddrSource. @internal */
export const kAddrSource: unique symbol = Symbol("gonet.addrSource");

function isAddrSource(a: unknown): a is AddrSource {
  return typeof a === "object" && a !== null && (a as Partial<AddrSource>)[kAddrSource] === true;
}

interface Extra {
  hwm?: number;
  closeWriteUnsupported?: string;
  rdl?: Deadline | undefined;
  wdl?: Deadline | undefined;
  closing?: Promise<void> | undefined;
  readable?: ReadableStream<Uint8Array>;
  writable?: WritableStream<Uint8Array>;
}

const fPaused = 1;
const fEOF = 2;
const fReadClosed = 4;
const fWriteClosed = 8;
const fClosed = 16;
const fMessageWrites = 32;

interface PendingRead {
  p: Uint8Array | null; // null: take one whole chunk (async iterator, readable)
  resolve: (v: number | Uint8Array | null) => void;
  reject: (e: Error) => void;
}

interface PendingWrite {
  seq: number;
  n: number;
  end: number; // the count of bytes handed to the transport up to the end of this write
  resolve: (n: number) => void;
  reject: (e: Error) => void;
}

const defaultReadHighWaterMark = 256 * 1024;

interface WriteOutcome {
  w: PendingWrite;
  accepted: number | undefined; // bytes of w that went through, if known
}

const resolvedZero = Promise.resolve(0);
const noOutcomes: WriteOutcome[] = [];

// Shared empty queues; each conn replaces its own on first push (never push onto these).
const noChunks: Uint8Array[] = [];
const noReaders: PendingRead[] = [];
const noWriters: PendingWrite[] = [];

/**
 * StreamConn is the Conn of every byte-stream transport; platforms construct it with their
 * transport, then feed it through the ConnSink methods.
 * @internal
 */
export class StreamConn implements Conn, ConnSink {
  readonly #net: string;
  #laddr: Addr | AddrSource | (() => Addr);
  #raddr: Addr | AddrSource | (() => Addr);
  #transport!: ConnTransport;

  // Fields are few on purpose: an idle server holds thousands of these. Booleans share one
  // bit set, rarely used state lives in #x, and the queues start as a shared empty array that
  // is replaced on first push.
  #f = 0;
  #x: Extra | undefined = undefined;

  // read side
  #chunks: Uint8Array[] = noChunks;
  #offset = 0; // consumed bytes of #chunks[0]
  #buffered = 0;
  // The pending Reads: the first in #r0 (an idle server has one per conn), the rest in #readers.
  #r0: PendingRead | null = null;
  #readers: PendingRead[] = noReaders;

  // write side
  #wseq = 0;
  #wdone = 0;
  #wbytes = 0; // bytes handed to the transport, for unsent()
  #writers: PendingWrite[] = noWriters;
  #lastWriteN = -1;
  #lastWrite: Promise<number> | undefined = undefined;

  #err: Error | null = null; // sticky transport error (the inner error; each op wraps it)

  get #paused(): boolean {
    return (this.#f & fPaused) !== 0;
  }
  set #paused(v: boolean) {
    this.#f = v ? this.#f | fPaused : this.#f & ~fPaused;
  }
  get #eof(): boolean {
    return (this.#f & fEOF) !== 0;
  }
  set #eof(v: boolean) {
    this.#f = v ? this.#f | fEOF : this.#f & ~fEOF;
  }
  get #readClosed(): boolean {
    return (this.#f & fReadClosed) !== 0;
  }
  set #readClosed(v: boolean) {
    this.#f = v ? this.#f | fReadClosed : this.#f & ~fReadClosed;
  }
  get #writeClosed(): boolean {
    return (this.#f & fWriteClosed) !== 0;
  }
  set #writeClosed(v: boolean) {
    this.#f = v ? this.#f | fWriteClosed : this.#f & ~fWriteClosed;
  }
  get #closed(): boolean {
    return (this.#f & fClosed) !== 0;
  }
  set #closed(v: boolean) {
    this.#f = v ? this.#f | fClosed : this.#f & ~fClosed;
  }
  get #hwm(): number {
    return this.#x?.hwm ?? defaultReadHighWaterMark;
  }
  get #rdl(): Deadline | undefined {
    return this.#x?.rdl;
  }
  set #rdl(v: Deadline | undefined) {
    (this.#x ??= {}).rdl = v;
  }
  get #wdl(): Deadline | undefined {
    return this.#x?.wdl;
  }
  set #wdl(v: Deadline | undefined) {
    (this.#x ??= {}).wdl = v;
  }
  get #closing(): Promise<void> | null {
    return this.#x?.closing ?? null;
  }
  set #closing(v: Promise<void> | null) {
    (this.#x ??= {}).closing = v ?? undefined;
  }
  get #closeWriteUnsupported(): string | undefined {
    return this.#x?.closeWriteUnsupported;
  }

  /** A StreamConn is made by its platform (Dial, Accept); the constructor is internal. @internal */
  constructor(init: StreamConnInit) {
    this.#net = init.net;
    this.#laddr = init.localAddr;
    this.#raddr = init.remoteAddr;
    if (init.readHighWaterMark !== undefined) (this.#x ??= {}).hwm = init.readHighWaterMark;
    if (init.closeWriteUnsupported !== undefined) (this.#x ??= {}).closeWriteUnsupported = init.closeWriteUnsupported;
    if (init.startPaused === true) this.#f |= fPaused;
    if (init.messageWrites === true) this.#f |= fMessageWrites;
  }

  /** attach binds the transport; called once by the platform right after construction. @internal */
  attach(transport: ConnTransport): void {
    this.#transport = transport;
  }

  #opError(op: string, err: Error, bytesWritten?: number): OpError {
    const init = { Op: op, Net: this.#net, Source: this.LocalAddr(), Addr: this.RemoteAddr(), Err: err };
    return new OpError(bytesWritten === undefined ? init : { ...init, bytesWritten });
  }

  // ---- ConnSink -------------------------------------------------------------------------

  /** push delivers bytes from the peer; the sink keeps the chunk. @internal */
  push(chunk: Uint8Array): void {
    this.#push(chunk, false);
  }

  /**
   * pushCopy delivers bytes from a buffer the platform reuses (node's onread): they are copied
   * straight into a waiting Read's buffer, and only what no Read takes is copied into the queue.
   * It returns false when the platform should pause. @internal
   */
  pushCopy(chunk: Uint8Array): boolean {
    this.#push(chunk, true);
    return !this.#paused;
  }

  #push(chunk: Uint8Array, copy: boolean): void {
    if (this.#closed || this.#readClosed || chunk.length === 0) return;
    let off = 0;
    while (this.#r0 !== null && off < chunk.length) {
      const r = this.#shiftReader()!;
      this.#rdl?.release();
      if (r.p === null) {
        const rest = off === 0 ? chunk : chunk.subarray(off);
        r.resolve(copy ? rest.slice() : rest);
        return;
      }
      const n = Math.min(r.p.length, chunk.length - off);
      r.p.set(off === 0 && n === chunk.length ? chunk : chunk.subarray(off, off + n));
      off += n;
      r.resolve(n);
    }
    if (off < chunk.length) {
      const rest = off === 0 ? chunk : chunk.subarray(off);
      if (this.#chunks === noChunks) this.#chunks = [];
      this.#chunks.push(copy ? rest.slice() : rest);
      this.#buffered += rest.length;
      if (this.#buffered >= this.#hwm && !this.#paused) {
        this.#paused = true;
        if (!copy) this.#transport.pause(); // pushCopy's caller pauses on its return value
      }
    }
  }

  /** pushEOF says the peer sent its last byte. @internal */
  pushEOF(): void {
    if (this.#eof) return;
    this.#eof = true;
    if (this.#buffered === 0) this.#flushReaders(null, null);
  }

  /** pushError fails the connection with a translated platform error. @internal */
  pushError(err: Error, _op?: "read" | "write"): void {
    if (this.#closed || this.#err !== null) return;
    this.#err = err instanceof OpError ? err.Err : err;
    if (this.#buffered === 0 || this.#readClosed) this.#flushReaders(null, this.#opError("read", this.#err));
    this.#settleWriters(this.#takeWriters(), this.#err);
  }

  /** writeDone completes the oldest asynchronous write. @internal */
  writeDone(err?: Error | null): void {
    const seq = ++this.#wdone;
    const w = this.#writers[0];
    if (w === undefined || w.seq !== seq) {
      // The write already completed (timed out, or the conn failed): errors surface elsewhere.
      if (err) this.pushError(err, "write");
      return;
    }
    this.#writers.shift();
    this.#wdl?.release();
    if (err) {
      const e = err instanceof OpError ? err : this.#opError("write", err);
      w.reject(e);
      this.pushError(e, "write");
    } else {
      w.resolve(w.n);
    }
  }

  // ---- reading --------------------------------------------------------------------------

  #shiftReader(): PendingRead | null {
    const r = this.#r0;
    this.#r0 = this.#readers.length > 0 ? this.#readers.shift()! : null;
    return r;
  }

  #take(p: Uint8Array): number {
    let n = 0;
    while (n < p.length && this.#chunks.length > 0) {
      const c = this.#chunks[0]!;
      const avail = c.length - this.#offset;
      const k = Math.min(avail, p.length - n);
      p.set(this.#offset === 0 && k === c.length ? c : c.subarray(this.#offset, this.#offset + k), n);
      n += k;
      if (k === avail) {
        this.#chunks.shift();
        this.#offset = 0;
      } else {
        this.#offset += k;
      }
    }
    this.#buffered -= n;
    this.#afterTake();
    return n;
  }

  #takeChunk(): Uint8Array {
    const c = this.#chunks.shift()!;
    const out = this.#offset === 0 ? c : c.subarray(this.#offset);
    this.#offset = 0;
    this.#buffered -= out.length;
    this.#afterTake();
    return out;
  }

  #afterTake(): void {
    if (this.#paused && this.#buffered < this.#hwm / 2) {
      this.#paused = false;
      if (!this.#closed) this.#transport.resume();
    }
    if (this.#buffered === 0 && (this.#eof || this.#err !== null)) {
      // Readers queued behind the drained data get the end (or the error) next.
      queueMicrotask(() => {
        if (this.#buffered === 0 && this.#r0 !== null) this.#flushReaders(null, this.#eof || this.#err === null ? null : this.#opError("read", this.#err));
      });
    }
  }

  #flushReaders(v: null, err: Error | null): void {
    const r0 = this.#r0;
    if (r0 === null) return;
    const rs = this.#readers === noReaders ? [r0] : [r0, ...this.#readers];
    this.#r0 = null;
    this.#readers = noReaders;
    for (const r of rs) {
      this.#rdl?.release();
      if (err !== null) r.reject(err);
      else r.resolve(v);
    }
  }

  // Returns a settled value synchronously when possible, else undefined (caller waits).
  #readNow(p: Uint8Array | null): number | Uint8Array | null | Error | undefined {
    if (this.#closed) return this.#opError("read", ErrClosed);
    if (this.#readClosed) return null;
    // A passed deadline fails the Read even with data ready, as Go's poll.FD.Read checks the
    // deadline (prepareRead) before it reads; the data stays for a Read after the deadline moves.
    if (this.#rdl?.expired) return this.#opError("read", ErrDeadlineExceeded);
    if (this.#r0 === null && this.#buffered > 0) return p === null ? this.#takeChunk() : this.#take(p);
    if (this.#r0 === null) {
      if (this.#eof) return null;
      if (this.#err !== null) return this.#opError("read", this.#err);
    }
    return undefined;
  }

  #wait(p: Uint8Array | null): Promise<number | Uint8Array | null> {
    return new Promise((resolve, reject) => {
      const r: PendingRead = { p, resolve, reject };
      if (this.#r0 === null) this.#r0 = r;
      else {
        if (this.#readers === noReaders) this.#readers = [];
        this.#readers.push(r);
      }
      this.#rdl?.hold();
      if (this.#paused && this.#buffered < this.#hwm) {
        this.#paused = false;
        this.#transport.resume();
      }
    });
  }

  /** Read reads up to p.length bytes into p; it resolves null at end of stream. */
  Read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0 && !this.#closed) return resolvedZero;
    const v = this.#readNow(p);
    if (v === undefined) return this.#wait(p) as Promise<number | null>;
    if (v instanceof Error) return Promise.reject(v);
    return Promise.resolve(v as number | null);
  }

  /** readChunk resolves the next chunk as the transport delivered it (no copy), or null. @internal */
  readChunk(): Promise<Uint8Array | null> {
    const v = this.#readNow(null);
    if (v === undefined) return this.#wait(null) as Promise<Uint8Array | null>;
    if (v instanceof Error) return Promise.reject(v);
    return Promise.resolve(v as Uint8Array | null);
  }

  // ---- writing --------------------------------------------------------------------------

  /**
   * Write writes all of p; it resolves p.length once the transport has accepted the bytes. A
   * Write that fails throws an OpError whose bytesWritten, where the transport can tell, is the
   * count that went through first (Go's n beside the error).
   */
  Write(p: Uint8Array): Promise<number> {
    if (this.#closed) return Promise.reject(this.#opError("write", ErrClosed));
    if (this.#err !== null) return Promise.reject(this.#opError("write", this.#err));
    if (this.#writeClosed) return Promise.reject(this.#opError("write", ErrClosedWrite));
    if (this.#wdl?.expired) return Promise.reject(this.#opError("write", ErrDeadlineExceeded));
    if (p.length === 0) return resolvedZero;
    const seq = ++this.#wseq;
    const n = p.length;
    let sync: boolean;
    try {
      // A write deadline can fail a Write while the platform still holds its bytes (they are
      // sent later); the caller may reuse p once Write settles, so the platform gets a copy.
      sync = this.#transport.write(this.#wdl !== undefined && this.#wdl.at !== 0 ? p.slice() : p);
    } catch (err) {
      this.#wseq--;
      return Promise.reject(this.#opError("write", err instanceof Error ? err : new Error(String(err))));
    }
    this.#wbytes += n;
    if (sync) {
      this.#wdone = Math.max(this.#wdone, seq);
      // Writers usually repeat one size: reuse the settled promise rather than make one per call.
      if (this.#lastWriteN !== n) {
        this.#lastWriteN = n;
        this.#lastWrite = Promise.resolve(n);
      }
      return this.#lastWrite!;
    }
    return new Promise((resolve, reject) => {
      if (this.#writers === noWriters) this.#writers = [];
      this.#writers.push({ seq, n, end: this.#wbytes, resolve, reject });
      this.#wdl?.hold();
    });
  }

  // takeWriters takes the pending Writes away from the transport's completion reports (they are
  // about to become meaningless: Close, a deadline, a failure) and pairs each with the count of
  // its bytes that went through, where the transport can tell (see ConnTransport.unsent).
  #takeWriters(): WriteOutcome[] {
    const ws = this.#writers;
    if (ws.length === 0) return noOutcomes;
    this.#writers = noWriters;
    const unsent = this.#transport.unsent?.();
    // The transport passes bytes on in order: all but the newest `unsent` went through.
    const through = unsent === undefined ? -1 : this.#wbytes - unsent;
    return ws.map((w) => ({ w, accepted: through < 0 ? undefined : Math.max(0, Math.min(w.n, through - (w.end - w.n))) }));
  }

  // settleWriters ends Writes taken by takeWriters: one whose bytes all went through resolves, as
  // Go's returns len(p) with no error; the others reject with err and, for a byte stream, the
  // count that went through (Go's n).
  #settleWriters(outcomes: WriteOutcome[], err: Error): void {
    const counted = (this.#f & fMessageWrites) === 0;
    for (const { w, accepted } of outcomes) {
      this.#wdl?.release();
      if (accepted === w.n) w.resolve(w.n);
      else w.reject(this.#opError("write", err, counted ? accepted : undefined));
    }
  }

  // ---- deadlines ------------------------------------------------------------------------

  /** SetDeadline sets the read and write deadlines (Date, epoch ms, or null/0 to clear). */
  SetDeadline(t: DeadlineInput): void {
    this.SetReadDeadline(t);
    this.SetWriteDeadline(t);
  }

  /** SetReadDeadline sets the deadline for pending and future Read calls. */
  SetReadDeadline(t: DeadlineInput): void {
    if (this.#closed) throw this.#opError("set", ErrClosed);
    if (this.#rdl === undefined) {
      if (t === null || t === 0) return;
      this.#rdl = new Deadline(() => this.#flushReaders(null, this.#opError("read", ErrDeadlineExceeded)));
      const waiting = (this.#r0 === null ? 0 : 1) + this.#readers.length;
      for (let i = 0; i < waiting; i++) this.#rdl.hold();
    }
    this.#rdl.set(t);
  }

  /** SetWriteDeadline sets the deadline for pending and future Write calls. */
  SetWriteDeadline(t: DeadlineInput): void {
    if (this.#closed) throw this.#opError("set", ErrClosed);
    if (this.#wdl === undefined) {
      if (t === null || t === 0) return;
      this.#wdl = new Deadline(() => this.#settleWriters(this.#takeWriters(), ErrDeadlineExceeded));
      for (let i = 0; i < this.#writers.length; i++) this.#wdl.hold();
    }
    this.#wdl.set(t);
  }

  // ---- closing --------------------------------------------------------------------------

  /**
   * CloseWrite shuts down the writing side: the peer reads end of stream once the bytes written
   * before it are delivered; later Writes fail.
   */
  async CloseWrite(): Promise<void> {
    if (this.#closed) throw this.#opError("close", ErrClosed);
    const cw = this.#transport.closeWrite;
    if (cw === undefined) {
      throw new OpError({
        Op: "close",
        Net: this.#net,
        Source: this.LocalAddr(),
        Addr: this.RemoteAddr(),
        Err: ErrUnsupported,
        Hint: this.#closeWriteUnsupported ?? "this connection has no half-close; use Close",
      });
    }
    if (this.#writeClosed) return;
    this.#writeClosed = true;
    await cw.call(this.#transport);
  }

  /** CloseRead shuts down the reading side: pending and future Reads resolve null. */
  async CloseRead(): Promise<void> {
    if (this.#closed) throw this.#opError("close", ErrClosed);
    this.#readClosed = true;
    this.#chunks = noChunks;
    this.#buffered = 0;
    this.#offset = 0;
    this.#flushReaders(null, null);
    if (this.#paused) {
      this.#paused = false;
      this.#transport.resume(); // keep draining so the peer is not stalled; data is discarded
    }
  }

  /**
   * Close closes the connection; pending Reads and Writes reject with ErrClosed. A pending Write
   * whose bytes had all gone through (to the kernel) resolves; one cut short rejects with an
   * OpError wrapping ErrClosed whose bytesWritten, where known, is the count that went through.
   * A second Close fails.
   */
  Close(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#opError("close", ErrClosed));
    this.#closed = true;
    this.#rdl?.stop();
    this.#wdl?.stop();
    this.#chunks = noChunks;
    this.#buffered = 0;
    // What went through is judged now, while the transport can still tell: its write reports
    // after destroy() mean nothing (Node reports success for the writes a destroyed socket drops).
    const writes = this.#takeWriters();
    // Pending calls fail once the handle is gone, just before Close resolves: a caller that
    // awaits Close and then its pending Read sees a handled rejection, not an unhandled one.
    this.#closing = this.#transport.destroy().then(() => {
      this.#flushReaders(null, this.#opError("read", ErrClosed));
      this.#settleWriters(writes, ErrClosed);
    });
    return this.#closing;
  }

  /**
   * handOff gives the transport away, if the conn is untouched (nothing buffered, nothing
   * pending, no error, no end) and accept(transport) agrees: the conn then counts as closed,
   * without destroying the transport, whose new owner (node:tls on a TCP socket) takes over.
   * @internal
   */
  handOff(accept: (t: ConnTransport) => boolean): ConnTransport | null {
    if (this.#closed || this.#err !== null || this.#eof || this.#readClosed || this.#writeClosed) return null;
    if (this.#buffered !== 0 || this.#r0 !== null || this.#writers.length !== 0 || this.#wdone !== this.#wseq) return null;
    if (!accept(this.#transport)) return null;
    this.#closed = true;
    this.#rdl?.stop();
    this.#wdl?.stop();
    this.#closing = Promise.resolve();
    return this.#transport;
  }

  /** net is the network name of the conn ("tcp", "unix", …). @internal */
  get net(): string {
    return this.#net;
  }

  /** closed reports whether Close was called. @internal */
  get closed(): boolean {
    return this.#closed;
  }

  // ---- addresses, streams, iteration ------------------------------------------------------

  /** LocalAddr returns the local network address. */
  LocalAddr(): Addr {
    const a = this.#laddr;
    if (typeof a === "function") return (this.#laddr = a());
    if (isAddrSource(a)) return (this.#laddr = a.localAddr());
    return a;
  }

  /** RemoteAddr returns the remote network address. */
  RemoteAddr(): Addr {
    const a = this.#raddr;
    if (typeof a === "function") return (this.#raddr = a());
    if (isAddrSource(a)) return (this.#raddr = a.remoteAddr());
    return a;
  }

  /** readable is a ReadableStream of the bytes Read would return, created on first use. */
  get readable(): ReadableStream<Uint8Array> {
    const x = (this.#x ??= {});
    x.readable ??= readableOf(this);
    return x.readable;
  }

  /** writable is a WritableStream over Write, created on first use; closing it calls CloseWrite (or Close). */
  get writable(): WritableStream<Uint8Array> {
    const x = (this.#x ??= {});
    x.writable ??= new WritableStream<Uint8Array>(
      {
        write: async (chunk) => {
          await this.Write(chunk);
        },
        close: async () => {
          if (this.#transport.closeWrite !== undefined) await this.CloseWrite();
          else if (!this.#closed) await this.Close();
        },
        abort: async () => {
          if (!this.#closed) await this.Close();
        },
      },
      { highWaterMark: 1 },
    );
    return x.writable;
  }

  /**
   * Symbol.asyncIterator yields the incoming chunks, as the transport delivered them (no copy),
   * until end of stream. Breaking out of the loop leaves the conn open.
   */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    // A plain iterator rather than an async generator: one promise per chunk, not three.
    let done = false;
    const end: IteratorReturnResult<undefined> = { done: true, value: undefined };
    return {
      next: (): Promise<IteratorResult<Uint8Array>> => {
        if (done) return Promise.resolve(end);
        return this.readChunk().then((c) => {
          if (c !== null) return { done: false, value: c };
          done = true;
          return end;
        });
      },
      return: (): Promise<IteratorResult<Uint8Array>> => {
        done = true;
        return Promise.resolve(end);
      },
    };
  }

  /** Symbol.asyncDispose closes the conn if it is still open. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed) await this.Close();
    else if (this.#closing !== null) await this.#closing;
  }
}

/** readableOf makes a pull-based ReadableStream over a chunk reader (it reads only when pulled). @internal */
export function readableOf(src: { readChunk(): Promise<Uint8Array | null>; Close(): Promise<void>; readonly closed: boolean }): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        const c = await src.readChunk();
        if (c === null) controller.close();
        else controller.enqueue(c);
      },
      cancel: async () => {
        if (!src.closed) await src.Close();
      },
    },
    { highWaterMark: 0 },
  );
}

// A Write after CloseWrite fails as Go's does: the kernel's EPIPE.
const ErrClosedWrite = new SyscallError("write", Errno.of("EPIPE"));
