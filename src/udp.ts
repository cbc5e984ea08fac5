// UDPConn: Go's net.UDPConn (udpsock.go, udpsock_posix.go) over a tiny
// platform datagram transport. This class owns the behaviour: the bounded
// receive queue (a full queue drops datagrams, as a kernel does), Go's
// truncation, call order, deadlines, close and error semantics; the platform
// only sends, closes and pushes what arrives.

import { UDPAddr } from "./addr.js";
import { readableOf } from "./conn.js";
import { Deadline } from "./deadline.js";
import { AddrError, Errno, ErrClosed, ErrDeadlineExceeded, ErrMissingAddress, ErrUnsupported, ErrWriteToConnected, OpError, SyscallError } from "./errors.js";
import type { Addr, Conn, DeadlineInput, PacketConn } from "./net.js";

/**
 * UDPTransport is the platform side of a UDPConn: one datagram socket.
 * @internal
 */
export interface UDPTransport {
  /**
   * send sends p as one datagram, to addr or (addr null) to the connected peer. It resolves once
   * the platform no longer needs p and rejects with a translated error (a SyscallError).
   */
  send(p: Uint8Array, addr: UDPAddr | null): Promise<void>;
  /** close releases the socket; it resolves once the handle is gone. */
  close(): Promise<void>;
  /** setReadBuffer sets the kernel's receive buffer size; it throws a translated error. */
  setReadBuffer?(bytes: number): void;
  /** setWriteBuffer sets the kernel's send buffer size; it throws a translated error. */
  setWriteBuffer?(bytes: number): void;
}

/** UDPConnInit configures a UDPConn. @internal */
export interface UDPConnInit {
  /** net is the network name used in errors: "udp", "udp4" or "udp6". */
  net: string;
  /** family is the socket's address family: an IPv4 socket cannot send to IPv6 addresses. */
  family: 4 | 6;
  /** localAddr is the bound address. */
  localAddr: UDPAddr;
  /** remoteAddr is the connected peer, or null for an unconnected (listening) conn. */
  remoteAddr: UDPAddr | null;
  /** transport sends and closes. */
  transport: UDPTransport;
  /** queueLength bounds the datagrams waiting for a read; later ones are dropped. Default 1024. */
  queueLength?: number;
}

/** defaultUDPQueueLength is the number of datagrams a UDPConn queues before it drops new ones. */
export const defaultUDPQueueLength = 1024;

// How a pending read takes its datagram, and the syscall name Go's errors carry for it.
type ReadKind = "read" | "from" | "chunk";

interface Datagram {
  data: Uint8Array;
  addr: UDPAddr;
}

interface QueuedError {
  err: Error; // an Errno (re-wrapped with the reader's syscall name) or another translated error
  cause: unknown;
}

type Item = Datagram | QueuedError;

interface PendingRead {
  kind: ReadKind;
  p: Uint8Array | null;
  resolve: (v: [number, UDPAddr] | Uint8Array | null) => void;
  reject: (e: Error) => void;
}

interface PendingWrite {
  reject: (e: Error) => void;
  done: boolean;
}

const syscallOf: Record<ReadKind, string> = { read: "read", from: "recvfrom", chunk: "read" };

/**
 * DialedUDPConn is a UDPConn made by DialUDP or Dial("udp", …): it has a remote address and
 * is also a Conn.
 */
export type DialedUDPConn = UDPConn & Conn;

/**
 * UDPConn is the implementation of the Conn and PacketConn interfaces for UDP network
 * connections (Go's net.UDPConn). A conn from ListenUDP or ListenPacket reads from and writes to
 * any peer with ReadFrom and WriteTo; a conn from DialUDP is connected to one peer and also
 * reads and writes with Read and Write. Each Read or ReadFrom takes one datagram: a datagram
 * longer than the buffer is truncated (the rest is lost, as in Go), an empty datagram reads as 0.
 * Datagrams that arrive while `queueLength` (default 1024) are waiting are dropped and counted
 * in `dropped`, as a kernel drops them when its receive buffer is full.
 *
 * @example
 * await using pc = await ListenUDP("udp", new UDPAddr({ IP: IPv4(127, 0, 0, 1) }));
 * const buf = new Uint8Array(1500);
 * const [n, from] = await pc.ReadFromUDP(buf);
 * await pc.WriteToUDP(buf.subarray(0, n), from);
 */
export class UDPConn implements PacketConn {
  readonly #net: string;
  readonly #family: 4 | 6;
  readonly #laddr: UDPAddr;
  readonly #raddr: UDPAddr | null;
  readonly #transport: UDPTransport;
  readonly #limit: number;

  #queue: Item[] = [];
  #head = 0; // index of the oldest queued item (the queue is compacted lazily)
  #readers: PendingRead[] = [];
  #writers: PendingWrite[] = [];
  #dropped = 0;
  #rdl: Deadline | undefined = undefined;
  #wdl: Deadline | undefined = undefined;
  #closed = false;
  #closing: Promise<void> | null = null;
  #readable: ReadableStream<Uint8Array> | undefined = undefined;
  #writable: WritableStream<Uint8Array> | undefined = undefined;

  /** @internal */
  constructor(init: UDPConnInit) {
    this.#net = init.net;
    this.#family = init.family;
    this.#laddr = init.localAddr;
    this.#raddr = init.remoteAddr;
    this.#transport = init.transport;
    this.#limit = init.queueLength ?? defaultUDPQueueLength;
  }

  #opError(op: string, err: Error, addr: Addr | null = this.#raddr): OpError {
    return new OpError({ Op: op, Net: this.#net, Source: this.#laddr, Addr: addr, Err: err });
  }

  // ---- what the platform calls --------------------------------------------------------------

  /** pushDatagram delivers a datagram from addr; the conn keeps data (it must not be reused). @internal */
  pushDatagram(data: Uint8Array, addr: UDPAddr): void {
    if (this.#closed) return;
    const r = this.#readers.shift();
    if (r !== undefined) {
      this.#rdl?.release();
      this.#deliver(r, { data, addr });
      return;
    }
    if (this.#queue.length - this.#head >= this.#limit) {
      this.#dropped++;
      return;
    }
    this.#queue.push({ data, addr });
  }

  /**
   * pushError reports a socket error (an ICMP "connection refused" on a connected socket, …),
   * already translated. As the kernel's pending socket error, it fails the next read once.
   * @internal
   */
  pushError(err: Error): void {
    if (this.#closed) return;
    const item: QueuedError = err instanceof SyscallError ? { err: err.Err, cause: err.cause } : { err, cause: err };
    const r = this.#readers.shift();
    if (r !== undefined) {
      this.#rdl?.release();
      this.#deliver(r, item);
      return;
    }
    this.#queue.push(item);
  }

  /** dropped counts the datagrams dropped because the receive queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  // ---- reading --------------------------------------------------------------------------------

  #readError(kind: ReadKind, item: QueuedError): OpError {
    const inner = item.err instanceof Errno ? new SyscallError(syscallOf[kind], item.err, item.cause) : item.err;
    return this.#opError("read", inner);
  }

  #deliver(r: PendingRead, item: Item): void {
    if ("err" in item) {
      r.reject(this.#readError(r.kind, item));
      return;
    }
    if (r.kind === "chunk") {
      r.resolve(item.data);
      return;
    }
    const p = r.p!;
    const n = Math.min(p.length, item.data.length);
    p.set(n === item.data.length ? item.data : item.data.subarray(0, n));
    r.resolve([n, item.addr]);
  }

  #shift(): Item | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const item = this.#queue[this.#head]!;
    this.#queue[this.#head] = undefined as unknown as Item;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  #read(kind: ReadKind, p: Uint8Array | null): Promise<[number, UDPAddr] | Uint8Array | null> {
    if (this.#closed) {
      if (kind === "chunk") return Promise.resolve(null);
      return Promise.reject(this.#opError("read", ErrClosed));
    }
    // A passed deadline fails the read even with a datagram queued, as Go's poll.FD.ReadFrom
    // checks the deadline (prepareRead) before recvfrom; the datagram stays queued.
    if (this.#rdl?.expired) return Promise.reject(this.#opError("read", ErrDeadlineExceeded));
    if (this.#readers.length === 0) {
      const item = this.#shift();
      if (item !== undefined) {
        return new Promise((resolve, reject) => this.#deliver({ kind, p, resolve, reject }, item));
      }
    }
    return new Promise((resolve, reject) => {
      this.#readers.push({ kind, p, resolve, reject });
      this.#rdl?.hold();
    });
  }

  /**
   * ReadFrom reads one datagram into p and resolves [n, addr], addr being the sender (Go's
   * UDPConn.ReadFrom). A datagram longer than p is truncated to p.length; an empty p consumes a
   * datagram and resolves 0.
   */
  ReadFrom(p: Uint8Array): Promise<[n: number, addr: UDPAddr]> {
    return this.#read("from", p) as Promise<[number, UDPAddr]>;
  }

  /** ReadFromUDP acts like ReadFrom but returns a UDPAddr (Go's UDPConn.ReadFromUDP). */
  ReadFromUDP(p: Uint8Array): Promise<[n: number, addr: UDPAddr]> {
    return this.ReadFrom(p);
  }

  /**
   * Read reads one datagram into p and resolves its length, truncated to p.length (Go's
   * UDPConn.Read). An empty datagram reads as 0: UDP has no end of stream. An empty p resolves 0
   * at once, as in Go.
   */
  async Read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0 && !this.#closed) return 0;
    const [n] = (await this.#read("read", p)) as [number, UDPAddr];
    return n;
  }

  /** readChunk resolves the next datagram as it arrived (no copy), or null once the conn is closed. @internal */
  readChunk(): Promise<Uint8Array | null> {
    return this.#read("chunk", null) as Promise<Uint8Array | null>;
  }

  // ---- writing --------------------------------------------------------------------------------

  #send(p: Uint8Array, addr: UDPAddr | null, syscall: string, errAddr: Addr | null): Promise<number> {
    if (this.#closed) return Promise.reject(this.#opError("write", ErrClosed, errAddr));
    if (this.#wdl?.expired) return Promise.reject(this.#opError("write", ErrDeadlineExceeded, errAddr));
    if (addr !== null && (addr.Port < 1 || addr.Port > 65535)) {
      // Linux's sendto refuses port 0 and the syscall package refuses ports past 65535.
      return Promise.reject(this.#opError("write", new SyscallError(syscall, Errno.of("EINVAL")), errAddr));
    }
    // A write deadline can fail a Write while the platform still holds p; the caller may reuse p
    // once Write settles, so the platform then gets a copy.
    const data = this.#wdl !== undefined && this.#wdl.at !== 0 ? p.slice() : p;
    const n = p.length;
    return new Promise<number>((resolve, reject) => {
      const w: PendingWrite = { reject, done: false };
      this.#writers.push(w);
      this.#wdl?.hold();
      const finish = (): boolean => {
        if (w.done) return false;
        w.done = true;
        const i = this.#writers.indexOf(w);
        if (i >= 0) this.#writers.splice(i, 1);
        this.#wdl?.release();
        return true;
      };
      this.#transport.send(data, addr).then(
        () => {
          if (finish()) resolve(n);
        },
        (err: unknown) => {
          if (!finish()) return;
          const e = err instanceof Error ? err : new Error(String(err));
          const inner = e instanceof SyscallError && e.Err instanceof Errno ? new SyscallError(syscall, e.Err, e.cause) : e;
          reject(this.#opError("write", inner, errAddr));
        },
      );
    });
  }

  /**
   * Write sends p as one datagram to the connected peer (Go's UDPConn.Write). On a conn that is
   * not connected it fails as Go's does: `write: destination address required`.
   */
  Write(p: Uint8Array): Promise<number> {
    if (this.#raddr === null && !this.#closed) {
      return Promise.reject(this.#opError("write", new SyscallError("write", Errno.of("EDESTADDRREQ"))));
    }
    return this.#send(p, null, "write", this.#raddr);
  }

  /**
   * WriteTo sends p as one datagram to addr, which must be a UDPAddr (Go's UDPConn.WriteTo). On a
   * connected conn it fails with ErrWriteToConnected: `write udp …: use of WriteTo with
   * pre-connected connection`.
   */
  WriteTo(p: Uint8Array, addr: Addr): Promise<number> {
    if (!(addr instanceof UDPAddr)) return Promise.reject(this.#opError("write", Errno.of("EINVAL"), addr));
    return this.WriteToUDP(p, addr);
  }

  /** WriteToUDP acts like WriteTo but takes a UDPAddr; null fails with `missing address` (Go's UDPConn.WriteToUDP). */
  WriteToUDP(p: Uint8Array, addr: UDPAddr | null): Promise<number> {
    if (this.#raddr !== null) return Promise.reject(this.#opError("write", ErrWriteToConnected, addr));
    if (addr === null) return Promise.reject(this.#opError("write", ErrMissingAddress, null));
    if (this.#family === 4 && addr.IP !== null && addr.IP.length > 0 && addr.IP.To4() === null) {
      return Promise.reject(this.#opError("write", new AddrError("non-IPv4 address", addr.IP.String()), addr));
    }
    return this.#send(p, addr, "sendto", addr);
  }

  #failWriters(err: Error): void {
    const ws = this.#writers;
    if (ws.length === 0) return;
    this.#writers = [];
    for (const w of ws) {
      if (w.done) continue;
      w.done = true;
      this.#wdl?.release();
      w.reject(err);
    }
  }

  #failReaders(err: Error | null): void {
    const rs = this.#readers;
    if (rs.length === 0) return;
    this.#readers = [];
    for (const r of rs) {
      this.#rdl?.release();
      if (r.kind === "chunk" && err === null) r.resolve(null);
      else r.reject(err ?? this.#opError("read", ErrClosed));
    }
  }

  // ---- deadlines ------------------------------------------------------------------------------

  /** SetDeadline sets the read and write deadlines (Date, epoch ms, or null/0 to clear). */
  SetDeadline(t: DeadlineInput): void {
    this.#checkSet();
    this.SetReadDeadline(t);
    this.SetWriteDeadline(t);
  }

  // Go's conn.SetDeadline on a closed conn: `set udp 127.0.0.1:1234: use of closed network connection`.
  #checkSet(): void {
    if (this.#closed) throw new OpError({ Op: "set", Net: this.#net, Source: null, Addr: this.#laddr, Err: ErrClosed });
  }

  /** SetReadDeadline sets the deadline for pending and future Read and ReadFrom calls; it throws on a closed conn. */
  SetReadDeadline(t: DeadlineInput): void {
    this.#checkSet();
    if (this.#rdl === undefined) {
      if (t === null || t === 0) return;
      this.#rdl = new Deadline(() => {
        const err = this.#opError("read", ErrDeadlineExceeded);
        const rs = this.#readers;
        this.#readers = [];
        for (const r of rs) {
          this.#rdl?.release();
          r.reject(err);
        }
      });
      for (let i = 0; i < this.#readers.length; i++) this.#rdl.hold();
    }
    this.#rdl.set(t);
  }

  /** SetWriteDeadline sets the deadline for pending and future Write and WriteTo calls; it throws on a closed conn. */
  SetWriteDeadline(t: DeadlineInput): void {
    this.#checkSet();
    if (this.#wdl === undefined) {
      if (t === null || t === 0) return;
      this.#wdl = new Deadline(() => this.#failWriters(this.#opError("write", ErrDeadlineExceeded)));
      for (let i = 0; i < this.#writers.length; i++) this.#wdl.hold();
    }
    this.#wdl.set(t);
  }

  // ---- socket options -------------------------------------------------------------------------

  #setOption(f: ((bytes: number) => void) | undefined, bytes: number): void {
    this.#checkSet();
    if (f === undefined) throw new OpError({ Op: "set", Net: this.#net, Source: null, Addr: this.#laddr, Err: ErrUnsupported, Hint: "this platform cannot size socket buffers" });
    try {
      f.call(this.#transport, bytes);
    } catch (err) {
      throw new OpError({ Op: "set", Net: this.#net, Source: null, Addr: this.#laddr, Err: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  /**
   * SetReadBuffer sets the size of the operating system's receive buffer (Go's
   * UDPConn.SetReadBuffer): a larger one makes the kernel drop fewer datagrams in bursts.
   */
  SetReadBuffer(bytes: number): void {
    this.#setOption(this.#transport.setReadBuffer, bytes);
  }

  /** SetWriteBuffer sets the size of the operating system's send buffer (Go's UDPConn.SetWriteBuffer). */
  SetWriteBuffer(bytes: number): void {
    this.#setOption(this.#transport.setWriteBuffer, bytes);
  }

  // ---- closing, addresses, streams ------------------------------------------------------------

  /**
   * Close closes the conn: pending reads and writes reject with ErrClosed (async iteration and
   * the readable end instead). A second Close fails with `close udp …: use of closed network
   * connection`.
   */
  Close(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#opError("close", ErrClosed));
    this.#closed = true;
    this.#rdl?.stop();
    this.#wdl?.stop();
    this.#queue = [];
    this.#head = 0;
    this.#failReaders(null);
    this.#failWriters(this.#opError("write", ErrClosed));
    this.#closing = this.#transport.close();
    return this.#closing;
  }

  /** closed reports whether Close was called. @internal */
  get closed(): boolean {
    return this.#closed;
  }

  /** LocalAddr returns the local UDPAddr. */
  LocalAddr(): UDPAddr {
    return this.#laddr;
  }

  /** RemoteAddr returns the connected peer's UDPAddr, or null when the conn is not connected (Go's nil). */
  RemoteAddr(): UDPAddr | null {
    return this.#raddr;
  }

  /** readable is a ReadableStream of the incoming datagrams (one chunk each); it ends when the conn is closed. */
  get readable(): ReadableStream<Uint8Array> {
    this.#readable ??= readableOf(this);
    return this.#readable;
  }

  /** writable is a WritableStream that sends each chunk as one datagram with Write; closing it closes the conn. */
  get writable(): WritableStream<Uint8Array> {
    this.#writable ??= new WritableStream<Uint8Array>(
      {
        write: async (chunk) => {
          await this.Write(chunk);
        },
        close: async () => {
          if (!this.#closed) await this.Close();
        },
        abort: async () => {
          if (!this.#closed) await this.Close();
        },
      },
      { highWaterMark: 1 },
    );
    return this.#writable;
  }

  /** Symbol.asyncIterator yields the incoming datagrams, one chunk each, until the conn is closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const c = await this.readChunk();
      if (c === null) return;
      yield c;
    }
  }

  /** Symbol.asyncDispose closes the conn if it is still open. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed) await this.Close();
    else if (this.#closing !== null) await this.#closing;
  }
}
