// StreamListener is the one Listener implementation behind every stream
// transport (TCP, unix, WebSocket, TLS-wrapped): the platform pushes accepted
// Conns; this class owns Accept order, the bounded accept queue, the accept
// deadline and close semantics.

import { Deadline } from "./deadline.js";
import { ErrClosed, ErrDeadlineExceeded, OpError } from "./errors.js";
import type { Addr, Conn, DeadlineInput, Listener } from "./net.js";

/** ListenerTransport is the platform side of a StreamListener. @internal */
export interface ListenerTransport {
  /** close stops accepting and releases the handle; it resolves once the handle is gone. */
  close(): Promise<void>;
}

/** StreamListenerInit configures a StreamListener. @internal */
export interface StreamListenerInit {
  net: string;
  addr: Addr;
  /** backlog bounds the accepted Conns waiting for Accept; past it new connections are closed. */
  backlog?: number;
}

interface PendingAccept<C> {
  resolve: (c: C) => void;
  reject: (e: Error) => void;
}

/** defaultBacklog is the accept queue bound, Linux's default somaxconn. */
export const defaultBacklog = 4096;

/**
 * StreamListener implements Listener over pushed connections.
 * @internal
 */
export class StreamListener<C extends Conn = Conn> implements Listener {
  readonly #net: string;
  readonly #addr: Addr;
  readonly #backlog: number;
  #transport!: ListenerTransport;
  #queue: C[] = [];
  #waiters: PendingAccept<C>[] = [];
  #err: Error | null = null;
  #closed = false;
  #closing: Promise<void> | null = null;
  #dl: Deadline | undefined = undefined;
  #dropped = 0;

  /** A StreamListener is made by its platform (Listen); the constructor is internal. @internal */
  constructor(init: StreamListenerInit) {
    this.#net = init.net;
    this.#addr = init.addr;
    this.#backlog = init.backlog ?? defaultBacklog;
  }

  /** attach binds the platform transport. @internal */
  attach(t: ListenerTransport): void {
    this.#transport = t;
  }

  #opError(op: string, err: Error): OpError {
    return new OpError({ Op: op, Net: this.#net, Source: null, Addr: this.#addr, Err: err });
  }

  /** push hands over an accepted connection. @internal */
  push(c: C): void {
    if (this.#closed) {
      void c.Close().catch(() => {});
      return;
    }
    const w = this.#waiters.shift();
    if (w !== undefined) {
      this.#dl?.release();
      w.resolve(c);
      return;
    }
    if (this.#queue.length >= this.#backlog) {
      // A full backlog: the kernel would refuse; we close the newcomer and count it.
      this.#dropped++;
      void c.Close().catch(() => {});
      return;
    }
    this.#queue.push(c);
  }

  /** pushError fails pending and future Accepts (the listening handle broke). @internal */
  pushError(err: Error): void {
    if (this.#closed || this.#err !== null) return;
    this.#err = err instanceof OpError ? err : this.#opError("accept", err);
    this.#failWaiters(this.#err);
  }

  #failWaiters(err: Error): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) {
      this.#dl?.release();
      w.reject(err);
    }
  }

  /** dropped counts the connections closed because the accept queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Accept waits for and returns the next connection, in call order. */
  Accept(): Promise<C> {
    if (this.#closed) return Promise.reject(this.#opError("accept", ErrClosed));
    if (this.#waiters.length === 0) {
      const c = this.#queue.shift();
      if (c !== undefined) return Promise.resolve(c);
      if (this.#err !== null) return Promise.reject(this.#err);
    }
    if (this.#dl?.expired) return Promise.reject(this.#opError("accept", ErrDeadlineExceeded));
    return new Promise<C>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#dl?.hold();
    });
  }

  /** SetDeadline sets the deadline for pending and future Accept calls (Go's TCPListener.SetDeadline). */
  SetDeadline(t: DeadlineInput): void {
    if (this.#closed) throw new OpError({ Op: "set", Net: this.#net, Source: null, Addr: this.#addr, Err: ErrClosed });
    if (this.#dl === undefined) {
      if (t === null || t === 0) return;
      this.#dl = new Deadline(() => this.#failWaiters(this.#opError("accept", ErrDeadlineExceeded)));
      for (let i = 0; i < this.#waiters.length; i++) this.#dl.hold();
    }
    this.#dl.set(t);
  }

  /** Close stops listening; pending Accepts reject with ErrClosed, queued Conns are closed. A second Close fails. */
  Close(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#opError("close", ErrClosed));
    this.#closed = true;
    this.#dl?.stop();
    const queued = this.#queue;
    this.#queue = [];
    // Pending Accepts fail just before Close resolves (see StreamConn.Close).
    this.#closing = Promise.all([this.#transport.close(), ...queued.map((c) => c.Close().catch(() => {}))]).then(() => {
      this.#failWaiters(this.#opError("accept", ErrClosed));
    });
    return this.#closing;
  }

  /** Addr returns the listener's network address. */
  Addr(): Addr {
    return this.#addr;
  }

  /** Symbol.asyncIterator yields accepted Conns until the listener is closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<C> {
    for (;;) {
      let c: C;
      try {
        c = await this.Accept();
      } catch (err) {
        if (this.#closed) return;
        throw err;
      }
      yield c;
    }
  }

  /** Symbol.asyncDispose closes the listener if it is still open. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed) await this.Close();
    else if (this.#closing !== null) await this.#closing;
  }
}
