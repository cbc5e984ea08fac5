// The Transport's per-host connection pool (Go's Transport idle pool): one undici Client per
// connection, so the pool knows which connections are idle and can keep Go's limits. undici's own
// Pool has a connection cap but no idle cap; Go closes a connection that comes back when the
// host already has MaxIdleConnsPerHost idle ones, and so does this pool.
//
// The pools hang off a PoolAgent (one per Transport) rather than undici's Agent, whose
// bookkeeping closes a host's pool whenever its connection count, as told by events, reaches
// zero: with connections coming and going one by one that would close a pool in use. Requests
// come in through Dispatcher.request, whose handler has undici's callback form (onConnect …
// onComplete / onError); that is the only form handled here.

import { Client, Dispatcher, errors } from "undici";

/** HostPoolOptions are the limits of each host's pool, plus the options of its Clients. */
export interface HostPoolOptions {
  /** maxIdle is how many idle connections the host keeps (Go's MaxIdleConnsPerHost, made >= 0). */
  maxIdle: number;
  /** maxConns caps the connections, active and idle; 0 means no cap (Go's MaxConnsPerHost). */
  maxConns: number;
  /** client holds the options each connection's Client is made with. */
  client: Client.Options;
}

interface Entry {
  readonly client: Client;
  readonly pool: HostPool;
  busy: boolean;
}

// The idle connections of every host, oldest first, for Go's MaxIdleConns.
class IdleLRU {
  readonly set = new Set<Entry>();
  constructor(readonly max: number) {}

  add(e: Entry): void {
    this.set.add(e);
    if (this.max > 0 && this.set.size > this.max) {
      const oldest = this.set.values().next().value as Entry;
      oldest.pool.evict(oldest);
    }
  }
}

interface Waiting {
  readonly opts: Dispatcher.DispatchOptions;
  readonly handler: Dispatcher.DispatchHandler;
  readonly signal: AbortSignal | null;
  onAbort: (() => void) | null;
}

// Forwards undici's callbacks to the caller's handler and gives the connection back to the pool
// once, when the request has completed, failed or taken the socket (upgrade).
class TrackedHandler implements Dispatcher.DispatchHandler {
  readonly #inner: Dispatcher.DispatchHandler;
  readonly #pool: HostPool;
  readonly #entry: Entry;
  #released = false;

  constructor(inner: Dispatcher.DispatchHandler, pool: HostPool, entry: Entry) {
    this.#inner = inner;
    this.#pool = pool;
    this.#entry = entry;
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#pool.release(this.#entry);
  }

  onConnect(abort: (err?: Error) => void, context?: unknown): void {
    (this.#inner.onConnect as ((abort: (err?: Error) => void, context?: unknown) => void) | undefined)?.call(this.#inner, abort, context);
  }

  onResponseStarted(): void {
    this.#inner.onResponseStarted?.();
  }

  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean {
    return this.#inner.onHeaders?.(statusCode, headers, resume, statusText) ?? true;
  }

  onData(chunk: Buffer): boolean {
    return this.#inner.onData?.(chunk) ?? true;
  }

  onBodySent(chunkSize: number, totalBytesSent: number): void {
    this.#inner.onBodySent?.(chunkSize, totalBytesSent);
  }

  onComplete(trailers: string[] | null): void {
    try {
      this.#inner.onComplete?.(trailers);
    } finally {
      this.#release();
    }
  }

  onError(err: Error): void {
    try {
      this.#inner.onError?.(err);
    } finally {
      this.#release();
    }
  }

  onUpgrade(statusCode: number, headers: Buffer[] | string[] | null, socket: import("node:stream").Duplex): void {
    try {
      this.#inner.onUpgrade?.(statusCode, headers, socket);
    } finally {
      this.#release();
    }
  }
}

/**
 * HostPool is one origin's connections: at most one request per connection, an idle connection
 * is reused most-recent-first as Go does, a connection that finishes while maxIdle others are
 * idle is closed, and requests beyond maxConns wait in order (leaving the line when their signal
 * aborts). Internal: PoolAgent makes and drops them.
 */
class HostPool {
  readonly #origin: string;
  readonly #o: HostPoolOptions;
  readonly #lru: IdleLRU;
  readonly #onEmpty: (p: HostPool) => void;
  readonly #entries = new Set<Entry>();
  readonly #idle: Entry[] = [];
  readonly #waiting: Waiting[] = [];
  #closed = false;
  #onQuiet: (() => void) | null = null;

  constructor(origin: string, o: HostPoolOptions, lru: IdleLRU, onEmpty: (p: HostPool) => void) {
    this.#origin = origin;
    this.#o = o;
    this.#lru = lru;
    this.#onEmpty = onEmpty;
  }

  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    const e = this.#take();
    if (e !== null) {
      this.#run(e, opts, handler);
      return;
    }
    const sig = (opts as { signal?: unknown }).signal;
    const signal = sig instanceof AbortSignal ? sig : null;
    const w: Waiting = { opts, handler, signal, onAbort: null };
    if (signal !== null) {
      w.onAbort = () => {
        const i = this.#waiting.indexOf(w);
        if (i < 0) return;
        this.#waiting.splice(i, 1);
        handler.onError?.(signal.reason instanceof Error ? signal.reason : new errors.RequestAbortedError());
        this.#settled();
      };
      signal.addEventListener("abort", w.onAbort, { once: true });
    }
    this.#waiting.push(w);
  }

  // An idle connection (the most recently used, as Go's idle list), a new one under the cap, or null.
  #take(): Entry | null {
    const e = this.#idle.pop();
    if (e !== undefined) {
      this.#lru.set.delete(e);
      return e;
    }
    if (this.#o.maxConns > 0 && this.#entries.size >= this.#o.maxConns) return null;
    const client = new Client(this.#origin, this.#o.client);
    const entry: Entry = { client, pool: this, busy: false };
    client.on("disconnect", () => {
      // An idle connection the server (or its keep-alive timer) closed is gone for good. (A
      // busy Client may already ride a new socket when the old one's close comes in.)
      if (!entry.busy && !client.stats.connected) {
        this.#drop(entry);
        this.#settled();
      }
    });
    this.#entries.add(entry);
    return entry;
  }

  #run(e: Entry, opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): void {
    e.busy = true;
    e.client.dispatch(opts, new TrackedHandler(handler, this, e));
  }

  /** release takes a connection back when its request is over (TrackedHandler). */
  release(e: Entry): void {
    e.busy = false;
    if (!this.#entries.has(e)) return;
    const keep = this.#o.maxIdle > 0 && !this.#closed && !e.client.closed && !e.client.destroyed;
    // A waiting request gets the connection first (Go's tryPutIdleConn hands it to a waiter).
    if (keep && this.#serveWaiting(e)) return;
    // An upgraded request took the socket, and a closed one is no use idle.
    if (!keep || !e.client.stats.connected || this.#idle.length >= this.#o.maxIdle) {
      this.#drop(e);
      this.#serveWaiting(null);
    } else {
      this.#idle.push(e);
      this.#lru.add(e);
    }
    this.#settled();
  }

  // Starts the first waiting request on e, or on a new connection when e is null; false if none ran.
  #serveWaiting(e: Entry | null): boolean {
    if (this.#waiting.length === 0) return false;
    const conn = e ?? this.#take();
    if (conn === null) return false;
    const w = this.#waiting.shift() as Waiting;
    if (w.signal !== null && w.onAbort !== null) w.signal.removeEventListener("abort", w.onAbort);
    this.#run(conn, w.opts, w.handler);
    return true;
  }

  /** evict closes the idle connection e (the oldest of all hosts, past MaxIdleConns). */
  evict(e: Entry): void {
    this.#drop(e);
    this.#settled();
  }

  /** closeIdle closes the idle connections; requests in flight keep theirs, which stay usable. */
  closeIdle(): void {
    for (const e of [...this.#idle]) this.#drop(e);
    this.#settled();
  }

  #drop(e: Entry): void {
    this.#lru.set.delete(e);
    if (!this.#entries.delete(e)) return;
    const i = this.#idle.indexOf(e);
    if (i >= 0) this.#idle.splice(i, 1);
    if (!e.client.closed && !e.client.destroyed) e.client.close().catch(() => {});
  }

  // After a request or a connection went: wake close() once nothing runs or waits, and tell the
  // agent once the pool holds nothing at all.
  #settled(): void {
    if (this.#waiting.length > 0) return;
    for (const e of this.#entries) if (e.busy) return;
    if (this.#onQuiet !== null) {
      const f = this.#onQuiet;
      this.#onQuiet = null;
      f();
    }
    if (this.#entries.size === 0) this.#onEmpty(this);
  }

  /** close lets the requests in flight and in line finish, then closes every connection. */
  async close(): Promise<void> {
    this.#closed = true;
    await new Promise<void>((resolve) => {
      this.#onQuiet = resolve;
      this.#settled();
    });
    await Promise.all([...this.#entries].map((e) => (e.client.closed || e.client.destroyed ? undefined : e.client.close().catch(() => {}))));
    for (const e of this.#entries) this.#lru.set.delete(e);
    this.#entries.clear();
    this.#idle.length = 0;
  }

  /** destroy fails the requests in line with err and destroys every connection at once. */
  async destroy(err: Error): Promise<void> {
    this.#closed = true;
    for (const w of this.#waiting.splice(0)) {
      if (w.signal !== null && w.onAbort !== null) w.signal.removeEventListener("abort", w.onAbort);
      w.handler.onError?.(err);
    }
    await Promise.all([...this.#entries].map((e) => e.client.destroy(err).catch(() => {})));
    for (const e of this.#entries) this.#lru.set.delete(e);
    this.#entries.clear();
    this.#idle.length = 0;
    const f = this.#onQuiet;
    this.#onQuiet = null;
    f?.();
  }
}

/**
 * PoolAgent is the Transport's dispatcher (in place of undici's Agent): one HostPool per origin,
 * made on the first request and dropped when it holds no connection and no request. Internal.
 */
export class PoolAgent extends Dispatcher {
  readonly #o: HostPoolOptions;
  readonly #lru: IdleLRU;
  readonly #pools = new Map<string, HostPool>();
  #closed = false;
  #destroyed = false;

  /** PoolAgent takes the per-host limits and maxIdleTotal, Go's MaxIdleConns (0: no limit). */
  constructor(o: HostPoolOptions, maxIdleTotal: number) {
    super();
    this.#o = o;
    this.#lru = new IdleLRU(maxIdleTotal);
  }

  /** closeIdle closes the idle connections of every host (Go's CloseIdleConnections). */
  closeIdle(): void {
    for (const p of [...this.#pools.values()]) p.closeIdle();
  }

  /** closed reports whether close or destroy was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** destroyed reports whether destroy was called. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    try {
      if (this.#closed) throw this.#destroyed ? new errors.ClientDestroyedError() : new errors.ClientClosedError();
      const origin = opts.origin;
      if ((typeof origin !== "string" || origin === "") && !(origin instanceof URL)) throw new errors.InvalidArgumentError("opts.origin must be a non-empty string or URL.");
      const key = String(origin);
      let p = this.#pools.get(key);
      if (p === undefined) {
        p = new HostPool(key, this.#o, this.#lru, (empty) => {
          if (this.#pools.get(key) === empty) this.#pools.delete(key);
        });
        this.#pools.set(key, p);
      }
      p.dispatch(opts, handler);
      return true;
    } catch (err) {
      if (typeof handler.onError !== "function") throw err;
      handler.onError(err as Error);
      return false;
    }
  }

  /** close lets every request finish, then closes every connection. */
  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.#closed = true;
    const p = Promise.all([...this.#pools.values()].map((h) => h.close())).then(() => {});
    this.#pools.clear();
    if (callback === undefined) return p;
    void p.then(callback);
  }

  /** destroy fails every request with err and destroys every connection. */
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === "function" || a === undefined || a === null ? new errors.ClientDestroyedError() : a;
    const callback = typeof a === "function" ? a : b;
    this.#closed = true;
    this.#destroyed = true;
    const p = Promise.all([...this.#pools.values()].map((h) => h.destroy(err))).then(() => {});
    this.#pools.clear();
    if (callback === undefined) return p;
    void p.then(callback);
  }
}
