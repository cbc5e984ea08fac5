// gonet/websocket's platform-free core, after coder/websocket (conn.go, read.go,
// write.go, close.go, netconn.go): one Conn class owns the behaviour (the
// message queue and the read limit, call order, Ping waiting for its pong,
// the close handshake with its timeout, coder/websocket's error texts), and
// each platform (ws in Node, the browser's WebSocket) hands it a tiny
// MessageTransport and forwards the WebSocket's events to its MessageSink.
// NetConn turns a Conn into a net Conn through the WebSocket net Conn adapter
// of websocket-conn.ts, so deadlines, streams and close codes behave as for
// Dial("ws").
//
// Model: Hono's WSContext + WSContextInit; coder/websocket's Conn.

import { ErrCanceled, ErrClosed, ErrContextDeadlineExceeded, ErrUnsupported, GoError, SentinelError } from "./errors.js";
import type { Client } from "./http/client.js";
import type { ResponseWriter } from "./http/handler.js";
import type { Header, HeaderInit } from "./http/header.js";
import type { Request } from "./http/request.js";
import { parseGoURL } from "./http/url.js";
import type { Addr, Conn as NetConnection } from "./net.js";
import { goQuote } from "./quote.js";
import {
  CloseError,
  defaultUnreadLimit,
  ErrMessageTooBig,
  ErrReceiveQueueFull,
  newWebSocketConn,
  statusCodeString,
  StatusMessageTooBig,
  StatusPolicyViolation,
  StatusNoStatusRcvd,
  StatusUnsupportedData,
  type HandshakeResponse,
  type WebSocketInit,
  type WebSocketTransport,
} from "./websocket-conn.js";

export {
  StatusNormalClosure,
  StatusGoingAway,
  StatusProtocolError,
  StatusUnsupportedData,
  StatusNoStatusRcvd,
  StatusAbnormalClosure,
  StatusInvalidFramePayloadData,
  StatusPolicyViolation,
  StatusMessageTooBig,
  StatusMandatoryExtension,
  StatusInternalError,
  StatusServiceRestart,
  StatusTryAgainLater,
  StatusBadGateway,
  StatusTLSHandshake,
  CloseError,
  CloseStatus,
  ErrMessageTooBig,
  HandshakeError,
} from "./websocket-conn.js";
export type { CloseErrorInit, HandshakeResponse } from "./websocket-conn.js";

/** MessageText is the type of a UTF-8 text message (JSON, …); coder/websocket's MessageText (1). */
export const MessageText: 1 = 1;
/** MessageBinary is the type of a binary message; coder/websocket's MessageBinary (2). */
export const MessageBinary: 2 = 2;
/** MessageType is the type of a WebSocket message: MessageText or MessageBinary. */
export type MessageType = typeof MessageText | typeof MessageBinary;

/** messageTypeString prints a MessageType as coder/websocket's stringer does (`MessageBinary`, `MessageType(3)`). @internal */
export function messageTypeString(t: number): string {
  return t === MessageText ? "MessageText" : t === MessageBinary ? "MessageBinary" : `MessageType(${t})`;
}

/**
 * WebSocketError is an error of a WebSocket operation with coder/websocket's text: what failed,
 * then the error it wraps (`failed to get reader: use of closed network connection`). Err is
 * the wrapped error (null for a violation that wraps nothing); `code` is Err's code, or
 * GONET_ERR_WS. Is and As walk through it.
 */
export class WebSocketError extends GoError {
  static override readonly brandName: string = "WebSocketError";
  /** Err is the wrapped error, or null. */
  readonly Err: Error | null;
  /** code is the wrapped error's code (`GONET_ERR_CLOSED`, `ECONNREFUSED`, …), or GONET_ERR_WS. */
  readonly code: string;

  constructor(message: string, err: Error | null = null, cause?: unknown) {
    const c = cause ?? err ?? undefined;
    super(message, c !== undefined ? { cause: c } : undefined);
    this.Err = err;
    const code = err !== null ? (err as { code?: unknown }).code : undefined;
    this.code = code !== undefined ? String(code) : "GONET_ERR_WS";
  }
  /** Timeout reports whether the wrapped error is a timeout. */
  override Timeout(): boolean {
    return this.Err !== null && typeof (this.Err as { Timeout?: unknown }).Timeout === "function" && (this.Err as GoError).Timeout();
  }
  /** Temporary reports whether the wrapped error is temporary. */
  override Temporary(): boolean {
    return this.Err !== null && typeof (this.Err as { Temporary?: unknown }).Temporary === "function" && (this.Err as GoError).Temporary();
  }
  /** Unwrap returns Err. */
  Unwrap(): Error | null {
    return this.Err;
  }
}

/** wsWrap returns err behind prefix, as Go's fmt.Errorf("prefix: %w", err). @internal */
export function wsWrap(prefix: string, err: Error): WebSocketError {
  return new WebSocketError(`${prefix}: ${err.message}`, err);
}

/** DialOptions are Dial's options (coder/websocket's DialOptions). */
export interface DialOptions {
  /** HTTPHeader holds extra headers for the handshake request (Node only: a browser cannot set them). */
  HTTPHeader?: Header | HeaderInit | null;
  /** Subprotocols lists the subprotocols to offer, in order of preference. */
  Subprotocols?: string[];
  /** signal aborts the handshake (coder/websocket's ctx); it does not bound the Conn afterwards. */
  signal?: AbortSignal | null;
  /**
   * HTTPClient is the http Client whose Transport carries the handshake (Node only: a page's
   * WebSocket picks its own connection). Its Transport must be gonet/http's Transport (null:
   * DefaultTransport): DialContext dials the connection, and for wss TLSClientConfig (RootCAs,
   * ServerName, InsecureSkipVerify, Certificates, …) and TLSHandshakeTimeout secure it through
   * gonet/tls. A Timeout bounds the handshake as a signal would (coder/websocket), and Jar's
   * cookies go with the request. null means the platform's own connection and TLS.
   */
  HTTPClient?: Client | null;
}

/** AcceptOptions are Accept's options (coder/websocket's AcceptOptions). */
export interface AcceptOptions {
  /**
   * Subprotocols lists the subprotocols Accept negotiates, in order of preference; the first
   * one the client also offers is chosen. No subprotocol ("") is always acceptable.
   */
  Subprotocols?: string[];
  /** InsecureSkipVerify disables the origin check (prefer OriginPatterns). */
  InsecureSkipVerify?: boolean;
  /**
   * OriginPatterns are host patterns (path.Match syntax, matched case-insensitively) of the
   * origins allowed besides the request's own host; a pattern with "://" is matched against
   * "scheme://host". An Origin longer than 4096 bytes (no real one is: a host name is at most
   * 253 bytes) matches no pattern, which bounds the matching work.
   */
  OriginPatterns?: string[];
}

/**
 * MessageTransport is the platform side of a Conn: the calls the Conn makes on ws's WebSocket
 * or the browser's. Events go the other way, through the MessageSink newConn returns.
 * @internal
 */
export interface MessageTransport {
  /** subprotocol is the negotiated subprotocol ("" for none). */
  readonly subprotocol: string;
  /** send transmits one message; done is called once, when the platform is done with data (or failed). */
  send(type: MessageType, data: Uint8Array, done: (err: Error | null) => void): void;
  /** ping sends a ping carrying payload (null when the platform cannot send pings). */
  readonly ping: ((payload: Uint8Array, done: (err: Error | null) => void) => void) | null;
  /** close sends a close frame (no status for StatusNoStatusRcvd): the closing handshake starts. */
  close(code: number, reason: string): void;
  /** terminate drops the connection without a close frame, as far as the platform can. */
  terminate(): void;
  /** setReadLimit bounds a message the platform buffers to n+1 bytes (-1: no bound). */
  setReadLimit(n: number): void;
  /** pause stops reading from the network (absent when the platform cannot). */
  pause?(): void;
  /** resume reads from the network again. */
  resume?(): void;
}

/**
 * MessageSink is what a platform calls when its WebSocket reports something.
 * @internal
 */
export interface MessageSink {
  /** onMessage delivers one message (the Conn keeps data). */
  onMessage(type: MessageType, data: Uint8Array): void;
  /** onPong delivers the payload of a pong. */
  onPong(payload: Uint8Array): void;
  /**
   * onTooBig says that the platform refused a message over the read limit. The Conn sends its
   * close frame before it returns, so a platform calls it before closing on its own.
   */
  onTooBig(): void;
  /** onError records why the connection failed (a socket or protocol error, a drop); onClose follows. */
  onError(err: Error): void;
  /** onClose says that the connection is gone; without onError, code and reason are the peer's close frame. */
  onClose(code: number, reason: string): void;
}

/** ConnInit is what a platform makes a Conn with. @internal */
export interface ConnInit {
  transport: MessageTransport;
  /** net is "ws" or "wss" (for NetConn's addresses and errors). */
  net: string;
  localAddr: Addr | (() => Addr);
  remoteAddr: Addr | (() => Addr);
  /** response is the handshake's response (Dial), or null (Accept). */
  response: HandshakeResponse | null;
  /** closeTimeout bounds each half of the closing handshake (ms, default 5000, as coder/websocket's). */
  closeTimeout?: number;
}

const defaultReadLimit = 32768;
const defaultCloseTimeout = 5000;
const readHighWaterMark = 1 << 20; // queued bytes past which the platform stops reading
const maxCloseReason = 123;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Message {
  type: MessageType;
  data: Uint8Array;
}

interface PendingRead {
  resolve: (m: [MessageType, Uint8Array]) => void;
  reject: (e: Error) => void;
  done: () => void; // removes the signal listener
}

/**
 * contextError is ctx.Err() for an aborted signal: `context deadline exceeded` for a timeout
 * (a TimeoutError reason, or one whose Timeout() is true), `context canceled` otherwise.
 * @internal
 */
export function contextError(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  const timeout =
    (r instanceof Error && r.name === "TimeoutError") ||
    (typeof r === "object" && r !== null && typeof (r as { Timeout?: unknown }).Timeout === "function" && (r as { Timeout(): boolean }).Timeout());
  return timeout ? ErrContextDeadlineExceeded : new WebSocketError("context canceled", ErrCanceled);
}

function closed(prefix: string): WebSocketError {
  return wsWrap(prefix, ErrClosed);
}

// closePayloadError is coder/websocket's CloseError.bytesErr check: the reason fits in a
// control frame and the code may be sent.
function closePayloadError(code: number, reason: string): Error | null {
  if (code === StatusNoStatusRcvd) return null; // an empty close frame
  const n = encoder.encode(reason).length;
  let err: string | null = null;
  if (n > maxCloseReason) err = `reason string max is ${maxCloseReason} but got ${goQuote(reason)} with length ${n}`;
  else if (!validWireCloseCode(code)) err = `status code ${statusCodeString(code)} cannot be set`;
  return err === null ? null : new WebSocketError(`failed to marshal close frame: ${err}`);
}

/** validWireCloseCode reports whether code may be sent in a close frame (coder/websocket's). @internal */
export function validWireCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code === 1004 || code === 1005 || code === 1006 || code === 1015) return false;
  return (code >= 1000 && code <= 1014) || (code >= 3000 && code <= 4999);
}

const kInit: unique symbol = Symbol("gonet.websocket.init");
let sinkOf: (c: Conn) => MessageSink;
let attachNetConn: (c: Conn, t: MessageType) => NetConnection;

/**
 * Conn is a WebSocket connection (coder/websocket's Conn), made by Dial or Accept. Every method
 * may be called concurrently: Reads are served in call order, Writes keep their message
 * boundaries and go out in call order. Read messages promptly: the platform stops reading past
 * 1 MiB of unread messages, and then pongs and close frames wait too; a browser cannot stop, so
 * there a Conn more than 16 MiB behind fails with ErrReceiveQueueFull and closes. As in coder/websocket, a
 * message over the read limit and an aborted Read or Write close the connection.
 *
 * @example
 * const conn = await Dial("ws://127.0.0.1:8080/echo");
 * await conn.Write(MessageText, "hello");
 * const [type, data] = await conn.Read();
 * await conn.Close(StatusNormalClosure, "");
 */
export class Conn implements AsyncDisposable {
  /** response is the server's answer to the handshake of a dialed Conn (null for an accepted one). */
  readonly response: HandshakeResponse | null;

  readonly #t: MessageTransport;
  readonly #net: string;
  readonly #laddr: Addr | (() => Addr);
  readonly #raddr: Addr | (() => Addr);
  readonly #closeTimeout: number;

  #readLimit = defaultReadLimit;
  #queue: Array<Message | Error> = [];
  #queued = 0; // bytes of the queued messages
  #paused = false;
  #readers: PendingRead[] = [];
  #readErr: Error | null = null; // what the next Read reports once the queue is empty (the peer's close)

  #closing = false; // coder/websocket's casClosing: Close or CloseNow ran, or the transport went away
  #local = false; // this end started closing (Close, CloseNow, the read limit, NetConn, a signal)
  #failure: Error | null = null; // the platform's error
  #gone: { code: number; reason: string } | null = null;
  #closeTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  #timedOut = false;
  #waiters: Array<() => void> = [];

  #pingCounter = 0;
  #pings = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();

  #nc: WebSocketTransport | null = null; // NetConn's transport, once NetConn took the Conn over
  #ncType: MessageType = MessageBinary;

  readonly #sink: MessageSink = {
    onMessage: (type, data) => this.#onMessage(type, data),
    onPong: (payload) => this.#pings.get(decoder.decode(payload))?.resolve(),
    onTooBig: () => this.#onTooBig(),
    onError: (err) => {
      this.#failure ??= err;
    },
    onClose: (code, reason) => this.#onClose(code, reason),
  };

  static {
    sinkOf = (c) => c.#sink;
    attachNetConn = (c, t) => c.#attachNetConn(t);
  }

  /** Conn is made by Dial and Accept; the constructor is internal. @internal */
  constructor(key: symbol, init: ConnInit) {
    if (key !== kInit) throw new TypeError("websocket: a Conn is made by Dial or Accept");
    this.#t = init.transport;
    this.#net = init.net;
    this.#laddr = init.localAddr;
    this.#raddr = init.remoteAddr;
    this.response = init.response;
    this.#closeTimeout = init.closeTimeout ?? defaultCloseTimeout;
  }

  /** Subprotocol returns the negotiated subprotocol; "" means the default protocol. */
  Subprotocol(): string {
    return this.#t.subprotocol;
  }

  /**
   * SetReadLimit sets the largest message Read accepts, in bytes (default 32768); -1 removes the
   * limit. A larger message fails the Read with ErrMessageTooBig and closes the Conn with
   * StatusMessageTooBig.
   */
  SetReadLimit(n: number): void {
    this.#readLimit = n < 0 ? -1 : Math.floor(n);
    this.#t.setReadLimit(this.#readLimit);
  }

  /**
   * Read resolves the next message: its type and its bytes. After the peer's close frame it
   * rejects with a CloseError (`failed to get reader: received close frame: status = …`; use
   * CloseStatus), then with an error that Is ErrClosed. signal aborting (coder/websocket's ctx)
   * rejects it with `context canceled` and closes the Conn.
   */
  Read(signal?: AbortSignal | null): Promise<[MessageType, Uint8Array]> {
    if (this.#nc !== null) return Promise.reject(new WebSocketError("failed to get reader: the Conn is read by its NetConn"));
    if (signal?.aborted === true) {
      this.#abort();
      return Promise.reject(wsWrap("failed to get reader", contextError(signal)));
    }
    if (this.#queue.length > 0 && this.#readers.length === 0) {
      const item = this.#take();
      if (item instanceof Error) return Promise.reject(item);
      const err = this.#checkLimit(item);
      return err !== null ? Promise.reject(err) : Promise.resolve([item.type, item.data]);
    }
    const end = this.#readEnd();
    if (end !== null) return Promise.reject(end);
    return new Promise((resolve, reject) => {
      let done: () => void = noop;
      const pr: PendingRead = { resolve, reject, done: () => done() };
      if (signal) {
        const onAbort = (): void => {
          const i = this.#readers.indexOf(pr);
          if (i < 0) return;
          this.#readers.splice(i, 1);
          reject(wsWrap("failed to get reader", contextError(signal)));
          this.#abort();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        done = () => signal.removeEventListener("abort", onAbort);
      }
      this.#readers.push(pr);
    });
  }

  /**
   * Write sends data as one message of type typ (a string is sent as its UTF-8 bytes); it
   * resolves once the platform has taken it. Concurrent Writes go out whole, in call order.
   */
  Write(typ: MessageType, data: Uint8Array | string, signal?: AbortSignal | null): Promise<void> {
    if (typ !== MessageText && typ !== MessageBinary) return Promise.reject(wsWrap("failed to write msg", new WebSocketError(`unexpected message type: ${messageTypeString(typ)}`)));
    if (this.#gone !== null) return Promise.reject(closed("failed to write msg"));
    if (this.#local) return Promise.reject(wsWrap("failed to write msg", closed("failed to write frame")));
    if (signal?.aborted === true) {
      this.#abort();
      return Promise.reject(wsWrap("failed to write msg", wsWrap("failed to write frame", contextError(signal))));
    }
    const p = typeof data === "string" ? encoder.encode(data) : data;
    return new Promise((resolve, reject) => {
      let settled = false;
      let onAbort: (() => void) | null = null;
      const settle = (err: Error | null): void => {
        if (settled) return;
        settled = true;
        if (onAbort !== null) signal?.removeEventListener("abort", onAbort);
        if (err === null) resolve();
        else reject(wsWrap("failed to write msg", wsWrap("failed to write frame", err)));
      };
      if (signal) {
        onAbort = () => {
          settle(contextError(signal));
          this.#abort();
        };
        signal.addEventListener("abort", onAbort, { once: true });
      }
      try {
        this.#t.send(typ, p, settle);
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /**
   * Ping sends a ping and resolves when the peer's pong arrives. The pong is read by the Conn
   * itself, but only while unread messages stay under 1 MiB. signal aborting rejects it
   * (`failed to ping: failed to wait for pong: context canceled`) and leaves the Conn open. A
   * browser cannot send pings: there Ping rejects with ErrUnsupported.
   */
  Ping(signal?: AbortSignal | null): Promise<void> {
    const ping = this.#t.ping;
    if (ping === null) {
      return Promise.reject(
        wsWrap("failed to ping", new WebSocketError("unsupported operation (the browser's WebSocket cannot send pings; it answers the peer's pings itself)", ErrUnsupported)),
      );
    }
    const ctl = "failed to write control frame opPing";
    if (this.#gone !== null) return Promise.reject(wsWrap("failed to ping", closed(ctl)));
    if (this.#local) return Promise.reject(wsWrap("failed to ping", wsWrap(ctl, closed("failed to write frame"))));
    if (signal?.aborted === true) return Promise.reject(wsWrap("failed to ping", wsWrap("failed to wait for pong", contextError(signal))));
    const id = String(++this.#pingCounter);
    return new Promise((resolve, reject) => {
      let onAbort: (() => void) | null = null;
      const finish = (): void => {
        this.#pings.delete(id);
        if (onAbort !== null) signal?.removeEventListener("abort", onAbort);
      };
      this.#pings.set(id, {
        resolve: () => {
          finish();
          resolve();
        },
        reject: (e) => {
          finish();
          reject(e);
        },
      });
      if (signal) {
        onAbort = () => this.#pings.get(id)?.reject(wsWrap("failed to ping", wsWrap("failed to wait for pong", contextError(signal))));
        signal.addEventListener("abort", onAbort, { once: true });
      }
      ping(encoder.encode(id), (err) => {
        if (err !== null) this.#pings.get(id)?.reject(wsWrap("failed to ping", wsWrap(ctl, wsWrap("failed to write frame", err))));
      });
    });
  }

  /**
   * Close performs the closing handshake: it sends a close frame with code and reason (at most
   * 123 bytes), waits up to 5 s for the peer's, then closes the connection. It resolves when the
   * peer answered with the same code; messages that arrive meanwhile are discarded. A second
   * Close (or one after the peer closed) rejects with `failed to close WebSocket: use of closed
   * network connection`.
   */
  async Close(code: number, reason: string): Promise<void> {
    const prefix = "failed to close WebSocket";
    if (this.#closing) {
      await this.#closedOrTimeout();
      throw closed(prefix);
    }
    this.#closing = true;
    this.#discardReads();
    const bad = closePayloadError(code, reason);
    if (bad !== null) {
      // coder/websocket closes the connection even when the close frame cannot be made.
      this.#local = true;
      this.#t.terminate();
      await this.#closedOrTimeout();
      throw wsWrap(prefix, bad);
    }
    this.#startClose(code, reason);
    await this.#closedOrTimeout();
    // The timer fired first: coder/websocket's waitCloseHandshake reports ctx.Err().
    if (this.#gone === null || this.#timedOut) throw wsWrap(prefix, ErrContextDeadlineExceeded);
    if (this.#failure !== null) throw wsWrap(prefix, this.#failure);
    if (this.#gone.code !== code) throw wsWrap(prefix, new CloseError({ Code: this.#gone.code, Reason: this.#gone.reason, context: "received close frame" }));
  }

  /**
   * CloseNow closes the connection without the closing handshake. After Close or CloseNow (or
   * the peer's close) it rejects with `failed to immediately close WebSocket: use of closed
   * network connection`. In a browser, which cannot drop a WebSocket, it starts a close without
   * a status and resolves without waiting for the peer.
   */
  async CloseNow(): Promise<void> {
    if (this.#closing) {
      await this.#closedOrTimeout();
      throw closed("failed to immediately close WebSocket");
    }
    this.#closing = true;
    this.#local = true;
    this.#discardReads();
    this.#t.terminate();
    if (this.#gone === null) this.#armTimer();
    await this.#closedOrTimeout();
  }

  /** [Symbol.asyncDispose] closes the connection now (CloseNow), unless it is closed already. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#closing) return;
    await this.CloseNow();
  }

  // ---- internals ---------------------------------------------------------------------------

  #take(): Message | Error {
    const item = this.#queue.shift()!;
    if (!(item instanceof Error)) {
      this.#queued -= item.data.length;
      if (this.#paused && this.#queued < readHighWaterMark) {
        this.#paused = false;
        this.#t.resume?.();
      }
    }
    return item;
  }

  // checkLimit fails a message over the read limit (coder/websocket's limitReader): the Read
  // gets the error, the peer a close frame with StatusMessageTooBig.
  #checkLimit(m: Message): Error | null {
    if (this.#readLimit < 0 || m.data.length <= this.#readLimit) return null;
    const [err, reason] = this.#tooBig();
    this.#discardReads();
    this.#startClose(StatusMessageTooBig, reason);
    return err;
  }

  #tooBig(): [Error, string] {
    const reason = `read limited at ${this.#readLimit + 1} bytes`;
    return [new WebSocketError(`failed to read: ${ErrMessageTooBig.message}: ${reason}`, ErrMessageTooBig), reason];
  }

  // readEnd is what a Read gets with nothing queued: the peer's close (once), or ErrClosed once
  // the Conn is closed or closing; null while it is open.
  #readEnd(): Error | null {
    if (this.#readErr !== null) {
      const e = this.#readErr;
      this.#readErr = null;
      return e;
    }
    if (this.#local || this.#gone !== null) return closed("failed to get reader");
    return null;
  }

  #discardReads(): void {
    this.#queue = [];
    this.#queued = 0;
    if (this.#paused) {
      this.#paused = false;
      this.#t.resume?.();
    }
    const readers = this.#readers;
    this.#readers = [];
    for (const r of readers) {
      r.done();
      r.reject(closed("failed to get reader"));
    }
  }

  #startClose(code: number, reason: string): void {
    this.#local = true;
    if (this.#gone !== null) return;
    if (this.#paused) {
      // The peer's close frame is queued behind data: keep reading so that it arrives.
      this.#paused = false;
      this.#t.resume?.();
    }
    try {
      this.#t.close(code, reason);
    } catch (err) {
      this.#failure ??= err instanceof Error ? err : new Error(String(err));
      this.#t.terminate();
    }
    this.#armTimer();
  }

  #armTimer(): void {
    if (this.#closeTimer !== undefined || this.#gone !== null) return;
    this.#closeTimer = setTimeout(() => {
      this.#closeTimer = undefined;
      if (this.#gone !== null) return;
      this.#timedOut = true;
      this.#t.terminate();
      this.#wake();
    }, this.#closeTimeout);
  }

  // abort closes the Conn for an aborted signal, as coder/websocket's timeoutLoop does.
  #abort(): void {
    this.#closing = true;
    if (this.#local) return;
    this.#local = true;
    this.#discardReads();
    this.#t.terminate();
    this.#armTimer();
  }

  #closedOrTimeout(): Promise<void> {
    if (this.#gone !== null || this.#timedOut) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w();
  }

  #onMessage(type: MessageType, data: Uint8Array): void {
    if (this.#gone !== null) return;
    const nc = this.#nc;
    if (nc !== null) {
      if (type !== this.#ncType) {
        const err = new WebSocketError(`unexpected frame type read (expected ${messageTypeString(this.#ncType)}): ${messageTypeString(type)}`);
        nc.fail(err, StatusUnsupportedData, err.message);
        return;
      }
      if (this.#readLimit >= 0 && data.length > this.#readLimit) {
        const [err, reason] = this.#tooBig();
        nc.fail(err, StatusMessageTooBig, reason);
        return;
      }
      nc.onMessage(data);
      return;
    }
    if (this.#local) return; // closing: coder/websocket discards the messages of the handshake
    const m: Message = { type, data };
    if (this.#queue.length === 0 && this.#readers.length > 0) {
      const r = this.#readers.shift()!;
      r.done();
      const err = this.#checkLimit(m);
      if (err !== null) r.reject(err);
      else r.resolve([type, data]);
      return;
    }
    this.#queue.push(m);
    this.#queued += data.length;
    if (this.#t.pause === undefined) {
      // A platform that cannot pause (the browser) would queue without end behind a slow
      // reader: past the unread limit the Conn fails loudly, as the WebSocket net Conn does.
      if (this.#queued > defaultUnreadLimit) this.#queueFull();
    } else if (!this.#paused && this.#queued >= readHighWaterMark) {
      this.#paused = true;
      this.#t.pause();
    }
  }

  // queueFull drops the unread messages (their memory is the point), fails the next Read with
  // ErrReceiveQueueFull, and closes with 1008.
  #queueFull(): void {
    this.#queue = [new WebSocketError(`failed to read: ${ErrReceiveQueueFull.message}`, ErrReceiveQueueFull)];
    this.#queued = 0;
    this.#startClose(StatusPolicyViolation, "receive queue full");
  }

  #onTooBig(): void {
    if (this.#gone !== null || this.#local) return;
    const [err, reason] = this.#tooBig();
    if (this.#nc !== null) {
      this.#nc.fail(err, StatusMessageTooBig, reason);
      return;
    }
    if (this.#queue.length === 0 && this.#readers.length > 0) {
      const r = this.#readers.shift()!;
      r.done();
      r.reject(err);
    } else this.#queue.push(err);
    this.#startClose(StatusMessageTooBig, reason);
  }

  #onClose(code: number, reason: string): void {
    if (this.#gone !== null) return;
    this.#gone = { code, reason };
    this.#closing = true;
    if (this.#closeTimer !== undefined) clearTimeout(this.#closeTimer);
    this.#closeTimer = undefined;
    for (const p of [...this.#pings.values()]) p.reject(closed("failed to ping"));
    const nc = this.#nc;
    if (nc !== null) {
      if (this.#failure !== null) nc.onError(this.#failure);
      nc.onClose(code, reason);
    } else {
      // The peer closed (or the connection failed): Reads drain the queue, then get this once.
      if (!this.#local) this.#readErr = this.#failure !== null ? wsWrap("failed to get reader", this.#failure) : new CloseError({ Code: code, Reason: reason });
      const readers = this.#readers;
      this.#readers = [];
      for (const r of readers) {
        r.done();
        r.reject(this.#readEnd()!);
      }
    }
    this.#wake();
  }

  #attachNetConn(typ: MessageType): NetConnection {
    if (this.#nc !== null) throw new WebSocketError("websocket: NetConn was already called for this Conn");
    const t = this.#t;
    const init: WebSocketInit = {
      reportsSent: true,
      send: (p) => {
        let sync = true;
        let early: { err: Error | null } | null = null;
        t.send(typ, p, (err) => {
          if (sync) early = { err };
          else transport.onSent(err);
        });
        sync = false;
        if (early === null) return false;
        const e = (early as { err: Error | null }).err;
        if (e !== null) throw e;
        return true;
      },
      close: (code, reason) => {
        this.#closing = true;
        if (!this.#local) this.#startClose(code, reason);
      },
      bufferedAmount: () => 0,
      ...(t.pause !== undefined ? { pause: () => t.pause?.(), resume: () => t.resume?.() } : {}),
    };
    const { conn, transport } = newWebSocketConn(init, {
      net: this.#net,
      localAddr: this.#laddr,
      remoteAddr: this.#raddr,
      // Close resolves after 1 s at most, as Dial("ws")'s; the handshake goes on behind it
      // (a peer that stopped reading never sees the close frame).
    });
    this.#nc = transport;
    this.#ncType = typ;
    // What arrived before NetConn goes first, in order; Reads still waiting cannot be served.
    const queued = this.#queue;
    this.#queue = [];
    this.#queued = 0;
    if (this.#paused) {
      this.#paused = false;
      t.resume?.();
    }
    const readers = this.#readers;
    this.#readers = [];
    for (const r of readers) {
      r.done();
      r.reject(new WebSocketError("failed to get reader: the Conn is read by its NetConn"));
    }
    const gone = this.#gone;
    this.#gone = null; // replay the messages as if they arrived now
    for (const item of queued) {
      if (item instanceof Error) transport.fail(item, StatusMessageTooBig, "");
      else this.#onMessage(item.type, item.data);
    }
    this.#gone = gone;
    if (gone !== null) {
      if (this.#failure !== null) transport.onError(this.#failure);
      transport.onClose(gone.code, gone.reason);
    }
    return conn;
  }
}

function noop(): void {}

/**
 * newConn makes a Conn over a platform's transport and returns the sink the platform forwards
 * its WebSocket's events to.
 * @internal
 */
export function newConn(init: ConnInit): { conn: Conn; sink: MessageSink } {
  const conn = new Conn(kInit, init);
  return { conn, sink: sinkOf(conn) };
}

/**
 * NetConn turns c into a net Conn (coder/websocket's NetConn), for tunnelling a byte stream
 * over a WebSocket: every Write sends one message of type typ, Read drains messages across
 * their boundaries. A message of the other type fails the Conn (closed with
 * StatusUnsupportedData), the read limit applies to each message, and close codes 1000 and
 * 1001 read as end of stream (null) while any other close is an error with the code (use
 * CloseStatus). Close sends StatusNormalClosure. Deadlines fail the pending Reads or Writes
 * without closing the WebSocket. From then on c must not be Read.
 *
 * @example
 * const nc = NetConn(await Dial("wss://example.com/tunnel"), MessageBinary);
 * await nc.Write(new TextEncoder().encode("hello"));
 */
export function NetConn(c: Conn, typ: MessageType): NetConnection {
  return attachNetConn(c, typ);
}

// ---- the handshake checks of coder/websocket (accept.go, dial.go) ----------------------------

// headerTokens is coder/websocket's: every comma-separated token of every value of key.
function headerTokens(h: Header, key: string): string[] {
  const out: string[] = [];
  for (const v of h.Values(key)) for (const t of v.trim().split(",")) out.push(t.trim());
  return out;
}

function containsToken(h: Header, key: string, token: string): boolean {
  const want = token.toLowerCase();
  return headerTokens(h, key).some((t) => t.toLowerCase() === want);
}

function equalFold(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * verifyServerResponse is Dial's check of a 101 answer (coder/websocket's dial.go): the
 * violation's text, or null. accept is the Sec-WebSocket-Accept the key calls for (null: ws
 * checks it).
 * @internal
 */
export function verifyServerResponse(h: Header, key: string | null, accept: string | null, subprotocols: string[]): string | null {
  if (!containsToken(h, "Connection", "Upgrade")) return `WebSocket protocol violation: Connection header ${goQuote(h.Get("Connection"))} does not contain Upgrade`;
  if (!containsToken(h, "Upgrade", "WebSocket")) return `WebSocket protocol violation: Upgrade header ${goQuote(h.Get("Upgrade"))} does not contain websocket`;
  if (key !== null && accept !== null && h.Get("Sec-WebSocket-Accept") !== accept) {
    return `WebSocket protocol violation: invalid Sec-WebSocket-Accept ${goQuote(h.Get("Sec-WebSocket-Accept"))}, key ${goQuote(key)}`;
  }
  const proto = h.Get("Sec-WebSocket-Protocol");
  if (proto !== "" && !subprotocols.some((sp) => equalFold(sp, proto))) return `WebSocket protocol violation: unexpected Sec-WebSocket-Protocol from server: ${goQuote(proto)}`;
  return null;
}

/**
 * verifyClientRequest is Accept's check of the request (coder/websocket's accept.go): the
 * status to answer and the error, or null. It sets the headers coder/websocket sets on w.
 * @internal
 */
export function verifyClientRequest(w: ResponseWriter, r: Request): [number, WebSocketError] | null {
  const bad = (status: number, msg: string): [number, WebSocketError] => [status, new WebSocketError(msg)];
  if (!r.ProtoAtLeast(1, 1)) return bad(426, `WebSocket protocol violation: handshake request must be at least HTTP/1.1: ${goQuote(r.Proto)}`);
  if (!containsToken(r.Header, "Connection", "Upgrade")) {
    w.Header().Set("Connection", "Upgrade");
    w.Header().Set("Upgrade", "websocket");
    return bad(426, `WebSocket protocol violation: Connection header ${goQuote(r.Header.Get("Connection"))} does not contain Upgrade`);
  }
  if (!containsToken(r.Header, "Upgrade", "websocket")) {
    w.Header().Set("Connection", "Upgrade");
    w.Header().Set("Upgrade", "websocket");
    return bad(426, `WebSocket protocol violation: Upgrade header ${goQuote(r.Header.Get("Upgrade"))} does not contain websocket`);
  }
  if (r.Method !== "GET") return bad(405, `WebSocket protocol violation: handshake request method is not GET but ${goQuote(r.Method)}`);
  if (r.Header.Get("Sec-WebSocket-Version") !== "13") {
    w.Header().Set("Sec-WebSocket-Version", "13");
    return bad(400, `unsupported WebSocket protocol version (only 13 is supported): ${goQuote(r.Header.Get("Sec-WebSocket-Version"))}`);
  }
  const keys = r.Header.Values("Sec-WebSocket-Key");
  if (keys.length === 0) return bad(400, "WebSocket protocol violation: missing Sec-WebSocket-Key");
  if (keys.length > 1) return bad(400, "WebSocket protocol violation: multiple Sec-WebSocket-Key headers");
  const key = keys[0]!.trim();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(key)) return bad(400, `WebSocket protocol violation: invalid Sec-WebSocket-Key ${goQuote(key)}, must be a 16 byte base64 encoded string`);
  return null;
}

// Go's path.ErrBadPattern text: a malformed OriginPatterns entry.
const errBadPattern = "syntax error in pattern";

/**
 * maxOriginMatchBytes bounds the Origin that Accept matches against OriginPatterns. An Origin is
 * scheme "://" host [":" port] (RFC 6454 §6.2) and a DNS name is at most 253 bytes (RFC 1035
 * §2.3.4), so a real one is a few hundred bytes at most; a longer one (Go's server lets a
 * header be up to 1 MiB) matches no pattern and is refused with the usual 403 text. With it,
 * one match is at most about 2·4097·len(pattern) steps (see pathMatch).
 * @internal
 */
export const maxOriginMatchBytes = 4096;

/**
 * authenticateOrigin is Accept's origin check (coder/websocket's accept.go): null when the
 * Origin is the request's host or matches a pattern (path.Match on both lowercased), else the
 * error and whether a pattern was malformed. An Origin over maxOriginMatchBytes matches no
 * pattern. counter, when given, adds up the matching steps (for tests).
 * @internal
 */
export function authenticateOrigin(r: Request, patterns: string[], counter?: MatchCounter): [WebSocketError, boolean] | null {
  const origin = r.Header.Get("Origin");
  if (origin === "") return null;
  let host: string;
  let scheme: string;
  try {
    const u = parseGoURL(origin);
    host = u.host;
    scheme = u.scheme;
  } catch (err) {
    return [new WebSocketError(`failed to parse Origin header ${goQuote(origin)}: ${(err as Error).message}`, null, err), false];
  }
  if (equalFold(r.Host, host)) return null;
  if (encoder.encode(origin).length <= maxOriginMatchBytes) {
    for (const pattern of patterns) {
      const target = pattern.includes("://") ? `${scheme}://${host}` : host;
      const m = pathMatch(goToLower(pattern), goToLower(target), counter);
      if (m === null) return [new WebSocketError(`failed to parse path pattern ${goQuote(pattern)}: ${errBadPattern}`), true];
      if (m) return null;
    }
  }
  if (host === "") return [new WebSocketError(`request Origin ${goQuote(origin)} is not a valid URL with a host`), false];
  return [new WebSocketError(`request Origin ${goQuote(host)} is not authorized for Host ${goQuote(r.Host)}`), false];
}

/**
 * goToLower is Go's strings.ToLower: each rune to its simple lowercase mapping (unicode.ToLower),
 * one rune for one and without context (JS's toLowerCase turns İ into i + U+0307 and a final Σ
 * into ς).
 */
function goToLower(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) ascii = s.charCodeAt(i) < 0x80;
  if (ascii) return s.toLowerCase();
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    const first = l.codePointAt(0)!;
    out += l.length === (first > 0xffff ? 2 : 1) ? l : String.fromCodePoint(first);
  }
  return out;
}

/** MatchCounter adds up the steps pathMatch takes (a test's measure of its work). @internal */
export interface MatchCounter {
  steps: number;
}

const badPattern = -2;
const noMatch = -1;

/**
 * pathMatch is Go's path.Match (src/path/match.go): whether name matches the shell pattern, or
 * null for a malformed pattern (ErrBadPattern). Like Go it works on the UTF-8 bytes, `?` and
 * `[…]` decoding one rune and a star skipping byte by byte, on positions in the two byte arrays
 * (no copies). As in Go, a chunk after a star is tried at each position of the name and the first
 * match is kept (no backtracking past it), so the work is at most about
 * 2·(len(name)+1)·(len(pattern)+1) steps: linear in the name for a given pattern.
 * @internal
 */
export function pathMatch(pattern: string, name: string, counter?: MatchCounter): boolean | null {
  const p = encoder.encode(pattern);
  const s = encoder.encode(name);
  const c: MatchCounter = counter ?? { steps: 0 };
  let pi = 0; // the rest of the pattern: p[pi:]
  let ni = 0; // the rest of the name: s[ni:]
  outer: while (pi < p.length) {
    const [star, cs, ce] = scanChunk(p, pi, c);
    pi = ce;
    // Trailing * matches rest of string unless it has a /.
    if (star && cs === ce) return s.indexOf(0x2f, ni) < 0;
    // Look for match at current position.
    const t = matchChunk(p, cs, ce, s, ni, c);
    // If this is the last chunk, it must exhaust the name.
    if (t >= 0 && (t === s.length || pi < p.length)) {
      ni = t;
      continue;
    }
    if (t === badPattern) return null;
    if (star) {
      // Look for match skipping i+1 bytes. Cannot skip /.
      for (let i = ni; i < s.length && s[i] !== 0x2f; i++) {
        c.steps++;
        const t2 = matchChunk(p, cs, ce, s, i + 1, c);
        if (t2 >= 0) {
          if (pi === p.length && t2 < s.length) continue;
          ni = t2;
          continue outer;
        }
        if (t2 === badPattern) return null;
      }
    }
    // Before returning false, check that the remainder of the pattern is well formed.
    while (pi < p.length) {
      const [, cs2, ce2] = scanChunk(p, pi, c);
      pi = ce2;
      if (matchChunk(p, cs2, ce2, s, s.length, c) === badPattern) return null;
    }
    return false;
  }
  return ni === s.length;
}

// scanChunk gets the next segment of the pattern from pi, a non-star run possibly preceded by
// stars: [star, chunk start, chunk end (where the rest begins)].
function scanChunk(p: Uint8Array, pi: number, c: MatchCounter): [star: boolean, start: number, end: number] {
  let i = pi;
  let star = false;
  while (i < p.length && p[i] === 0x2a) {
    i++;
    star = true;
  }
  const start = i;
  let inrange = false;
  for (; i < p.length; i++) {
    c.steps++;
    switch (p[i]) {
      case 0x5c: // '\\': the error check is matchChunk's
        if (i + 1 < p.length) i++;
        break;
      case 0x5b: // '['
        inrange = true;
        break;
      case 0x5d: // ']'
        inrange = false;
        break;
      case 0x2a: // '*'
        if (!inrange) return [star, start, i];
    }
  }
  return [star, start, p.length];
}

// matchChunk checks whether the chunk p[cs:ce] matches the beginning of s[si:]: the index of
// the rest of s after the match, noMatch, or badPattern. After the match fails it keeps going
// through the chunk (not s), to check that the pattern is well formed.
function matchChunk(p: Uint8Array, cs: number, ce: number, s: Uint8Array, siIn: number, c: MatchCounter): number {
  let i = cs;
  let si = siIn;
  let failed = false;
  while (i < ce) {
    c.steps++;
    if (!failed && si >= s.length) failed = true;
    switch (p[i]) {
      case 0x5b: {
        // '[': a character class
        let r = 0;
        if (!failed) {
          const d = decodeRune(s, si, s.length);
          r = d >> 3;
          si += d & 7;
        }
        i++;
        let negated = false;
        if (i < ce && p[i] === 0x5e) {
          negated = true;
          i++;
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          c.steps++;
          if (i < ce && p[i] === 0x5d && nrange > 0) {
            i++;
            break;
          }
          const lo = getEsc(p, i, ce);
          if (lo === null) return badPattern;
          i = lo[1];
          let hi = lo[0];
          if (p[i] === 0x2d) {
            const h = getEsc(p, i + 1, ce);
            if (h === null) return badPattern;
            hi = h[0];
            i = h[1];
          }
          if (lo[0] <= r && r <= hi) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case 0x3f: // '?'
        if (!failed) {
          if (s[si] === 0x2f) failed = true;
          si += decodeRune(s, si, s.length) & 7;
        }
        i++;
        break;
      default:
        if (p[i] === 0x5c) {
          // '\\' c matches c
          i++;
          if (i >= ce) return badPattern;
        }
        if (!failed) {
          if (p[i] !== s[si]) failed = true;
          si++;
        }
        i++;
    }
  }
  return failed ? noMatch : si;
}

// getEsc gets a possibly escaped character from the chunk p[i:ce], for a character class: the
// rune and where the chunk goes on, or null (ErrBadPattern).
function getEsc(p: Uint8Array, iIn: number, ce: number): [rune: number, next: number] | null {
  let i = iIn;
  if (i >= ce || p[i] === 0x2d || p[i] === 0x5d) return null;
  if (p[i] === 0x5c) {
    i++;
    if (i >= ce) return null;
  }
  const d = decodeRune(p, i, ce);
  if (d >> 3 === 0xfffd && (d & 7) === 1) return null;
  i += d & 7;
  if (i >= ce) return null;
  return [d >> 3, i];
}

// decodeRune is utf8.DecodeRuneInString on b[i:end] (i < end): rune<<3 | size, U+FFFD of size 1
// for a byte that does not start a valid encoding.
function decodeRune(b: Uint8Array, i: number, end: number): number {
  const b0 = b[i]!;
  if (b0 < 0x80) return (b0 << 3) | 1;
  const bad = (0xfffd << 3) | 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < end && b[i + k]! >= lo && b[i + k]! <= hi;
  if (b0 < 0xc2 || b0 > 0xf4) return bad;
  if (b0 < 0xe0) return cont(1) ? ((((b0 & 0x1f) << 6) | (b[i + 1]! & 0x3f)) << 3) | 2 : bad;
  if (b0 < 0xf0) {
    if (!cont(1, b0 === 0xe0 ? 0xa0 : 0x80, b0 === 0xed ? 0x9f : 0xbf) || !cont(2)) return bad;
    return ((((b0 & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f)) << 3) | 3;
  }
  if (!cont(1, b0 === 0xf0 ? 0x90 : 0x80, b0 === 0xf4 ? 0x8f : 0xbf) || !cont(2) || !cont(3)) return bad;
  return ((((b0 & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f)) * 8) + 4;
}

/** selectSubprotocol is coder/websocket's: the first of ours the client offers, as it spelt it. @internal */
export function selectSubprotocol(r: Request, ours: string[]): string {
  const offered = headerTokens(r.Header, "Sec-WebSocket-Protocol");
  for (const sp of ours) for (const c of offered) if (equalFold(sp, c)) return c;
  return "";
}
