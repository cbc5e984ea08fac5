// gonet/websocket's server toolkit on Node: Server, an http.Handler that accepts WebSocket
// connections and runs each as an actor (OnConnect, then OnMessage one message at a time, then
// OnClose exactly once), with heartbeats, admission limits and write backpressure. The frames are
// ws's (its Receiver enforces RFC 6455: masking, RSV bits, opcodes, control frames, close codes,
// UTF-8, the message size); this file owns the lifecycle. Every ws and socket event is handled,
// and every user callback is caught, so nothing reaches the process.
//
// @example
// const srv = new Server({ async OnMessage(c, type, data) { await c.Write(type, data); } });
// mux.Handle("GET /echo", srv);

import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import * as wsModule from "ws";
import { WebSocket, WebSocketServer } from "ws";
import { ErrClosed } from "../src/errors.js";
import { Error as httpError, type Handler, type ResponseWriter } from "../src/http/handler.js";
import type { Request } from "../src/http/request.js";
import { ParseIP } from "../src/ip.js";
import { SplitHostPort } from "../src/ipsock.js";
import type { Listener } from "../src/net.js";
import { authenticateOrigin, MessageBinary, MessageText, messageTypeString, selectSubprotocol, verifyClientRequest, WebSocketError, wsWrap, type MessageType } from "../src/websocket.js";
import type { ServerConn, ServerOptions } from "../src/websocket-server.js";
import { nodeUpgrade, Server as HTTPServer } from "./http/server.js";

export type { RateLimit, ServerConn, ServerOptions } from "../src/websocket-server.js";

const defaultReadLimit = 16 << 20;
const defaultPingInterval = 30_000;
const defaultPongTimeout = 10_000;
const defaultWriteBufferLimit = 1 << 20;
const readQueueLimit = 1 << 20; // queued message bytes past which a conn stops reading
const closeTimeout = 5000; // each closing handshake may take this long before the socket is dropped
const maxCloseReason = 123;
const encoder = new TextEncoder();

function noop(): void {}

// closeReason cuts s to a close frame's 123 bytes, on a UTF-8 boundary.
function closeReason(s: string): string {
  const b = encoder.encode(s);
  if (b.length <= maxCloseReason) return s;
  let n = maxCloseReason;
  while (n > 0 && (b[n]! & 0xc0) === 0x80) n--;
  return new TextDecoder().decode(b.subarray(0, n));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// wsStatus is the close status ws's Receiver (8.23, lib/receiver.js) sends with each error code
// that is not a plain 1002 protocol error.
const wsStatus: Record<string, number> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009, // a message over ReadLimit
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009, // a 64-bit length past 2^53 - 1
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
};

// statusOf is the close status ws sent for a protocol error it reported (null: not one).
function statusOf(err: Error & { code?: string }): number | null {
  const code = err.code;
  if (typeof code !== "string" || !code.startsWith("WS_ERR_")) return null;
  return wsStatus[code] ?? 1002;
}

// ---- prepared frames (the Hub's broadcast) ------------------------------------------------

type Frame = Array<Buffer | string>;

// ws internals the broadcast uses, checked against ws 8.23: the static Sender.frame (documented
// for broadcasting) and a socket's Sender, whose sendFrame writes an already framed message. A
// Sender in another state (compressing, reading a Blob) queues: then the frame must queue too.
interface WSSender {
  _state?: number;
  sendFrame?: (list: Frame, cb?: (err?: Error) => void) => void;
}
type FrameFunc = (data: Buffer, opts: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean }) => Frame;

// ws's ESM entry exports Sender (its types do not declare it).
const senderFrame: FrameFunc | null = (() => {
  const f = (wsModule as unknown as { Sender?: { frame?: unknown } }).Sender?.frame;
  return typeof f === "function" ? (f as FrameFunc).bind((wsModule as unknown as { Sender: unknown }).Sender) : null;
})();

/**
 * PreparedMessage is a message framed once, to be written to many connections. @internal
 */
export interface PreparedMessage {
  type: MessageType;
  data: Buffer;
  frame: Frame | null;
}

/** prepareMessage frames data once (a string is text, bytes binary, unless type says). @internal */
export function prepareMessage(data: Uint8Array | string, type?: MessageType): PreparedMessage {
  const t: MessageType = type ?? (typeof data === "string" ? MessageText : MessageBinary);
  // One copy of the caller's bytes (the sockets send them later; the caller may reuse its array).
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
  const frame = senderFrame !== null ? senderFrame(buf, { fin: true, rsv1: false, opcode: t === MessageText ? 1 : 2, mask: false, readOnly: false }) : null;
  return { type: t, data: buf, frame };
}

/**
 * sendPrepared writes m to c unless c is still above its WriteBufferLimit, which closes c with
 * 1008 instead (a broadcast never waits for one member). @internal
 */
export function sendPrepared(c: ServerConn, m: PreparedMessage): void {
  if (c instanceof conn) c.sendPrepared(m);
}

// ---- the connection -----------------------------------------------------------------------

interface Queued {
  type: MessageType;
  data: Buffer;
}

const kNew = Symbol("gonet.websocket.conn");

// conn is a ServerConn over ws's WebSocket.
class conn implements ServerConn {
  readonly #srv: Server;
  readonly #ws: WebSocket;
  readonly #socket: Duplex;
  readonly #remote: string;
  readonly #ac = new AbortController();
  readonly #queue: Queued[] = [];
  #queued = 0;
  #paused = false;
  #busy = true; // OnConnect runs first
  #accepted = false;
  #ended = false;
  #finished = false;
  // The close we started (or decided: a protocol error, a heartbeat timeout): what OnClose reports.
  #local: { code: number; reason: string } | null = null;
  #peer: { code: number; reason: string } = { code: 1006, reason: "" };
  #closeTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #expected: Buffer | null = null;
  #writes: Promise<void> = Promise.resolve();
  #drainWaiters: Array<() => void> = [];
  // ended settles when the connection is gone; done when OnClose has also returned.
  readonly ended: Promise<void>;
  #resolveEnded!: () => void;
  readonly done: Promise<void>;
  #resolveDone!: () => void;

  constructor(key: symbol, srv: Server, ws: WebSocket, socket: Duplex, remote: string) {
    if (key !== kNew) throw new TypeError("websocket: a ServerConn is made by a Server");
    this.#srv = srv;
    this.#ws = ws;
    this.#socket = socket;
    this.#remote = remote;
    this.ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer, isBinary: boolean) => this.#onMessage(data, isBinary));
    ws.on("pong", (data: Buffer) => this.#onPong(data));
    ws.on("error", (err: Error & { code?: string }) => this.#onError(err));
    ws.on("close", (code: number, reason: Buffer) => this.#onClose(code, reason));
    socket.on("drain", this.#wakeWriters);
    const interval = srv.pingInterval;
    if (interval > 0) {
      this.#pingTimer = setInterval(() => this.#ping(), interval);
    }
  }

  get signal(): AbortSignal {
    return this.#ac.signal;
  }

  Subprotocol(): string {
    return this.#ws.protocol;
  }

  RemoteAddr(): string {
    return this.#remote;
  }

  Write(typ: MessageType, data: Uint8Array | string): Promise<void> {
    if (typ !== MessageText && typ !== MessageBinary) return Promise.reject(wsWrap("failed to write msg", new WebSocketError(`unexpected message type: ${messageTypeString(typ)}`)));
    // Each Write waits for the ones before it to be handed to ws, so messages keep their order.
    let sent!: Promise<void>;
    const turn = this.#writes.then(async () => {
      await this.#belowLimit();
      sent = new Promise((resolve, reject) => {
        const fail = (): void => reject(wsWrap("failed to write msg", wsWrap("failed to write frame", ErrClosed)));
        if (this.#ws.readyState !== WebSocket.OPEN || this.#local !== null) {
          fail();
          return;
        }
        this.#ws.send(data, { binary: typ === MessageBinary, compress: false }, (err) => (err ? fail() : resolve()));
      });
      sent.catch(noop);
    });
    this.#writes = turn.catch(noop);
    return turn.then(() => sent);
  }

  async Close(code: number, reason: string): Promise<void> {
    if (!(code === 1000 || (code >= 1001 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999))) {
      throw wsWrap("failed to close WebSocket", new WebSocketError(`status code ${code} cannot be set`));
    }
    if (encoder.encode(reason).length > maxCloseReason) {
      throw wsWrap("failed to close WebSocket", new WebSocketError(`reason string max is ${maxCloseReason} but got ${JSON.stringify(reason)} with length ${encoder.encode(reason).length}`));
    }
    this.closeWith(code, reason);
    // The connection's end, not OnClose: OnClose waits for the OnMessage that may be awaiting this.
    await this.ended;
  }

  CloseNow(): void {
    if (this.#ended) return;
    this.#local ??= { code: 1006, reason: "" };
    this.#ws.terminate();
  }

  // bufferedAmount is the bytes queued to the socket (ws's bufferedAmount).
  get #buffered(): number {
    return this.#ws.bufferedAmount;
  }

  readonly #wakeWriters = (): void => {
    const ws = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const f of ws) f();
  };

  async #belowLimit(): Promise<void> {
    const limit = this.#srv.writeBufferLimit;
    while (this.#buffered > limit && !this.#ended && this.#local === null) {
      await new Promise<void>((resolve) => this.#drainWaiters.push(resolve));
    }
  }

  sendPrepared(m: PreparedMessage): void {
    if (this.#ended || this.#local !== null || this.#ws.readyState !== WebSocket.OPEN) return;
    if (this.#buffered > this.#srv.writeBufferLimit) {
      this.closeWith(1008, "write buffer limit exceeded");
      return;
    }
    const sender = (this.#ws as unknown as { _sender?: WSSender })._sender;
    if (m.frame !== null && sender !== undefined && sender._state === 0 && typeof sender.sendFrame === "function") {
      sender.sendFrame(m.frame, noop);
      return;
    }
    // ws changed shape (or its Sender is busy): frame it for this conn alone.
    this.#ws.send(m.data, { binary: m.type === MessageBinary, compress: false }, noop);
  }

  // closeWith starts the closing handshake we decided on; OnClose will report code and reason.
  closeWith(code: number, reason: string): void {
    if (this.#ended || this.#local !== null) return;
    this.#local = { code, reason };
    this.#dropQueue();
    this.#wakeWriters();
    try {
      this.#ws.close(code, closeReason(reason));
    } catch {
      this.#ws.terminate();
    }
    this.#armCloseTimer();
  }

  #armCloseTimer(): void {
    if (this.#closeTimer !== undefined || this.#ended) return;
    this.#closeTimer = setTimeout(() => this.#ws.terminate(), closeTimeout);
  }

  #dropQueue(): void {
    this.#queue.length = 0;
    this.#queued = 0;
    if (this.#paused) {
      this.#paused = false;
      this.#ws.resume(); // the peer's close frame must still be read
    }
  }

  #ping(): void {
    if (this.#expected !== null || this.#ended || this.#local !== null) return;
    const payload = randomBytes(8);
    this.#expected = payload;
    this.#pongTimer = setTimeout(() => {
      // No pong in time: the peer (or the path to it) is gone; no close handshake is possible.
      if (this.#ended) return;
      this.#local ??= { code: 1006, reason: "" };
      this.#ws.terminate();
    }, this.#srv.pongTimeout);
    try {
      this.#ws.ping(payload, false, noop);
    } catch {
      // not open any more: the close event follows
    }
  }

  #onPong(data: Buffer): void {
    if (this.#expected === null || !data.equals(this.#expected)) return; // unsolicited or stale
    this.#expected = null;
    clearTimeout(this.#pongTimer);
  }

  #onMessage(data: Buffer, isBinary: boolean): void {
    if (this.#local !== null || this.#ended) return; // we are closing: later messages are dropped
    this.#queue.push({ type: isBinary ? MessageBinary : MessageText, data });
    this.#queued += data.length;
    if (this.#queued > readQueueLimit && !this.#paused) {
      this.#paused = true;
      this.#ws.pause();
    }
    void this.pump();
  }

  #onError(err: Error & { code?: string }): void {
    const status = statusOf(err);
    // ws closes with status after a protocol error; report it with ws's text as the reason.
    if (status !== null && this.#local === null) {
      this.#local = { code: status, reason: closeReason(err.message) };
      this.#dropQueue();
      this.#armCloseTimer();
    }
  }

  #onClose(code: number, reason: Buffer): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#peer = { code, reason: reason.toString("utf8") };
    clearTimeout(this.#closeTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#socket.off("drain", this.#wakeWriters);
    this.#wakeWriters();
    this.#ac.abort(ErrClosed);
    this.#resolveEnded();
    // Messages that arrived whole before the end are still handed to OnMessage (unless we closed).
    if (!this.#busy) {
      if (this.#accepted) void this.pump();
      else this.#finish();
    }
  }

  // start runs OnConnect, then the messages that queued meanwhile.
  async start(r: Request): Promise<void> {
    try {
      await this.#srv.onConnect?.(this, r);
      this.#accepted = true;
    } catch (e) {
      this.closeWith(1008, errorText(e));
    }
    this.#busy = false;
    if (this.#accepted) void this.pump();
    else if (this.#ended) this.#finish();
  }

  async pump(): Promise<void> {
    if (this.#busy || !this.#accepted) return;
    this.#busy = true;
    while (this.#queue.length > 0 && this.#local === null) {
      const m = this.#queue.shift()!;
      let failure: { err: unknown } | null = null;
      try {
        const data = m.type === MessageText ? m.data.toString("utf8") : new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.length);
        await this.#srv.onMessage?.(this, m.type, data);
      } catch (err) {
        failure = { err };
      }
      this.#queued -= m.data.length;
      if (failure !== null) {
        this.closeWith(1011, errorText(failure.err));
        this.#queue.length = 0; // also when the connection had ended already
        this.#queued = 0;
      }
      if (this.#paused && this.#queued <= readQueueLimit && !this.#ended) {
        this.#paused = false;
        this.#ws.resume();
      }
    }
    this.#busy = false;
    if (this.#ended) this.#finish();
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#srv.forget(this);
    const { code, reason } = this.#local ?? this.#peer;
    if (!this.#accepted) {
      this.#resolveDone();
      return;
    }
    void (async () => {
      try {
        await this.#srv.onClose?.(this, code, reason);
      } catch {
        // OnClose has nobody to report to: the conn is gone already.
      }
      this.#resolveDone();
    })();
  }
}

// ---- admission ----------------------------------------------------------------------------

interface Bucket {
  tokens: number;
  at: number;
}

const sweepAt = 10_000; // buckets past which full ones are dropped
const maxBuckets = 100_000; // buckets past which the least recently used are dropped

/**
 * rateLimiter is a token bucket per remote IP (PerSecond, Burst). The buckets live in a Map in
 * least-recently-used order; a full bucket is the same as none, so sweeps drop those (a sweep
 * runs when the map has doubled since the last one, so its cost is amortised), and past
 * maxBuckets the older half goes too (those peers get a fresh burst, but memory stays bounded). @internal
 */
export class rateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #buckets = new Map<string, Bucket>();
  #nextSweep = sweepAt;

  constructor(perSecond: number, burst: number) {
    this.#perSecond = perSecond;
    this.#burst = Math.max(1, burst);
  }

  allow(key: string, now: number): boolean {
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    this.#buckets.delete(key);
    b.tokens = Math.min(this.#burst, b.tokens + (Math.max(0, now - b.at) / 1000) * this.#perSecond);
    b.at = now;
    this.#buckets.set(key, b);
    if (this.#buckets.size > this.#nextSweep) this.#sweep(now);
    if (this.#buckets.size > maxBuckets) this.#evictOldest();
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  // evictOldest drops the least recently used half in one pass (dropping one at a time from the
  // front of a Map costs a walk over the holes each time).
  #evictOldest(): void {
    let n = this.#buckets.size >> 1;
    for (const k of this.#buckets.keys()) {
      if (n-- <= 0) break;
      this.#buckets.delete(k);
    }
    this.#nextSweep = Math.max(sweepAt, 2 * this.#buckets.size);
  }

  #sweep(now: number): void {
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.#perSecond >= this.#burst) this.#buckets.delete(k);
    }
    this.#nextSweep = Math.max(sweepAt, 2 * this.#buckets.size);
  }

  /** size is the number of buckets kept (for tests). */
  get size(): number {
    return this.#buckets.size;
  }
}

/**
 * rateKey is the bucket of a remote address: an IPv4 address, or the /64 of an IPv6 one (one
 * host usually owns a whole /64, so counting single IPv6 addresses would be no limit at all). @internal
 */
export function rateKey(remoteAddr: string): string {
  let host = remoteAddr;
  try {
    host = SplitHostPort(remoteAddr)[0];
  } catch {
    // not host:port: count it as given
  }
  const ip = ParseIP(host.replace(/%.*$/, ""));
  if (ip === null) return host;
  const v4 = ip.To4();
  if (v4 !== null) return v4.String();
  return `${[...ip.subarray(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")}::/64`;
}

// ---- Server -------------------------------------------------------------------------------

interface PendingUpgrade {
  subprotocol: string;
  extra: string[];
  fail: (err: Error) => void;
}

/**
 * Server accepts WebSocket connections and runs each one as an actor: OnConnect after the
 * handshake, OnMessage once per message (one call at a time per connection, in order, while
 * later messages queue up to about 1 MiB and then the connection stops reading), OnClose exactly
 * once for each connection OnConnect accepted. It is an http Handler (mount it on a ServeMux
 * path) and can also listen itself. A ping goes out every PingInterval and its pong must come
 * back within PongTimeout, else the connection is dropped (OnClose gets 1006). Protocol errors
 * close the connection as RFC 6455 says: 1002 for a broken frame, 1007 for invalid UTF-8, 1009
 * for a message over ReadLimit. MaxConnections and ConnRateLimit turn handshakes away with HTTP
 * 503 and 429. A throwing OnMessage closes its connection with 1011; nothing a handler throws
 * reaches the process.
 *
 * @example
 * const hub = new Hub();
 * const srv = new Server({
 *   OnConnect(c, r) { hub.Join(c, r.PathValue("room") || "lobby"); },
 *   async OnMessage(c, type, data) { await hub.Broadcast("lobby", data, type); },
 * });
 * mux.Handle("GET /ws/{room}", srv);
 * // later: await srv.Shutdown(AbortSignal.timeout(5000));
 */
export class Server implements Handler {
  readonly #opts: ServerOptions;
  readonly #wss: WebSocketServer;
  readonly #pending = new WeakMap<http.IncomingMessage, PendingUpgrade>();
  readonly #conns = new Set<conn>();
  readonly #limiter: rateLimiter | null;
  readonly #http: HTTPServer[] = [];
  #upgrading = 0;
  #shutdown = false;

  /** Server makes a server with opts (see ServerOptions for the defaults). */
  constructor(opts: ServerOptions = {}) {
    this.#opts = { ...opts };
    const rl = opts.ConnRateLimit ?? null;
    this.#limiter = rl !== null ? new rateLimiter(rl.PerSecond, rl.Burst) : null;
    const readLimit = opts.ReadLimit ?? defaultReadLimit;
    this.#wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      clientTracking: false,
      skipUTF8Validation: false,
      maxPayload: readLimit,
      handleProtocols: (_offered, req) => this.#pending.get(req)?.subprotocol || false,
    });
    this.#wss.on("headers", (headers: string[], req: http.IncomingMessage) => {
      const p = this.#pending.get(req);
      if (p !== undefined) headers.push(...p.extra);
    });
    this.#wss.on("wsClientError", (err: Error, socket: Duplex, req: http.IncomingMessage) => {
      socket.on("error", noop);
      const body = err.message + "\n";
      socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      this.#pending.get(req)?.fail(err);
    });
    this.#wss.on("error", noop);
  }

  /** @internal */
  get pingInterval(): number {
    return this.#opts.PingInterval ?? defaultPingInterval;
  }
  /** @internal */
  get pongTimeout(): number {
    return this.#opts.PongTimeout ?? defaultPongTimeout;
  }
  /** @internal */
  get writeBufferLimit(): number {
    return this.#opts.WriteBufferLimit ?? defaultWriteBufferLimit;
  }
  /** @internal */
  get onConnect(): ServerOptions["OnConnect"] {
    return this.#opts.OnConnect;
  }
  /** @internal */
  get onMessage(): ServerOptions["OnMessage"] {
    return this.#opts.OnMessage;
  }
  /** @internal */
  get onClose(): ServerOptions["OnClose"] {
    return this.#opts.OnClose;
  }
  /** @internal */
  forget(c: conn): void {
    this.#conns.delete(c);
  }

  /**
   * ServeHTTP performs the handshake of one request (an http Handler): admission (503 over
   * MaxConnections or after Shutdown, 429 over ConnRateLimit), coder/websocket's checks (426,
   * 405, 400 for a malformed upgrade, 403 for a foreign Origin), then the 101. It resolves once
   * the connection is handed to OnConnect; the connection lives on after it.
   */
  async ServeHTTP(w: ResponseWriter, r: Request): Promise<void> {
    if (this.#shutdown) {
      await httpError(w, "Service Unavailable", 503);
      return;
    }
    if (this.#limiter !== null && !this.#limiter.allow(rateKey(r.RemoteAddr), Date.now())) {
      await httpError(w, "Too Many Requests", 429);
      return;
    }
    const max = this.#opts.MaxConnections ?? 0;
    if (max > 0 && this.#conns.size + this.#upgrading >= max) {
      await httpError(w, "Service Unavailable", 503);
      return;
    }
    const bad = verifyClientRequest(w, r);
    if (bad !== null) {
      await httpError(w, bad[1].message, bad[0]);
      return;
    }
    if (this.#opts.InsecureSkipVerify !== true) {
      const o = authenticateOrigin(r, this.#opts.OriginPatterns ?? []);
      if (o !== null) {
        await httpError(w, o[1] ? "Forbidden" : o[0].message, 403);
        return;
      }
    }
    let up: { req: http.IncomingMessage; socket: Duplex; head: Buffer };
    try {
      up = nodeUpgrade(w);
    } catch (e) {
      const hijack = (e as { code?: unknown }).code === "GONET_HTTP_ERR_NOT_HIJACKABLE";
      await httpError(w, hijack ? "Not Implemented" : "Internal Server Error", hijack ? 501 : 500).catch(noop);
      return;
    }
    const { req, socket, head } = up;
    const h = w.Header();
    const own = new Set<string>();
    for (const k of h.keys()) if (/^(upgrade|connection|sec-websocket-(accept|protocol|extensions))$/i.test(k)) own.add(k);
    const wire = h.wireFormat(own);
    const extra = wire === "" ? [] : wire.slice(0, -2).split("\r\n");
    this.#upgrading++;
    const ws = await new Promise<WebSocket | null>((resolve) => {
      const gone = (): void => {
        this.#pending.delete(req);
        resolve(null);
      };
      socket.once("close", gone);
      this.#pending.set(req, {
        subprotocol: selectSubprotocol(r, this.#opts.Subprotocols ?? []),
        extra,
        fail: () => {
          socket.off("close", gone);
          this.#pending.delete(req);
          resolve(null);
        },
      });
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        socket.off("close", gone);
        this.#pending.delete(req);
        resolve(ws);
      });
    });
    this.#upgrading--;
    if (ws === null) return;
    const c = new conn(kNew, this, ws, socket, r.RemoteAddr);
    this.#conns.add(c);
    if (this.#shutdown) c.closeWith(1001, "");
    void c.start(r);
  }

  /** Serve accepts connections on l with an http Server whose Handler is this one; it rejects with http.ErrServerClosed after Shutdown. */
  Serve(l: Listener): Promise<never> {
    return this.#httpServer("").Serve(l);
  }

  /** ListenAndServe listens on the TCP address addr and serves it (see Serve). */
  ListenAndServe(addr: string): Promise<never> {
    return this.#httpServer(addr).ListenAndServe();
  }

  /** ListenAndServeTLS listens on addr and serves TLS with the certificate and key files (see Serve). */
  ListenAndServeTLS(addr: string, certFile: string, keyFile: string): Promise<never> {
    return this.#httpServer(addr).ListenAndServeTLS(certFile, keyFile);
  }

  #httpServer(addr: string): HTTPServer {
    const s = new HTTPServer({ Addr: addr, Handler: this, ReadHeaderTimeout: 10_000 });
    this.#http.push(s);
    if (this.#shutdown) void s.Shutdown().catch(noop);
    return s;
  }

  /**
   * Shutdown stops accepting (handshakes get 503; the http Servers this Server started stop
   * listening), closes every connection with 1001 (going away) and resolves once each has ended
   * and its OnClose returned. If signal aborts first, it rejects with its reason; the connections
   * still close.
   */
  async Shutdown(signal?: AbortSignal | null): Promise<void> {
    this.#shutdown = true;
    const all = Promise.all([...this.#http.map((s) => s.Shutdown().catch(noop)), ...[...this.#conns].map((c) => (c.closeWith(1001, ""), c.done))]);
    if (signal === undefined || signal === null) {
      await all;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error("context canceled"));
      if (signal.aborted) {
        onAbort();
        return;
      }
      signal.addEventListener("abort", onAbort, { once: true });
      void all.then(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }
}
