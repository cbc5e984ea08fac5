// The WebSocket as a net Conn, after coder/websocket's NetConn (netconn.go):
// every Write sends one binary message, Read drains across message
// boundaries, close codes 1000 and 1001 read as end of stream and any other
// close is an error that names the code and the reason. The platform (ws in
// Node, the browser's WebSocket) passes a tiny init and forwards its events;
// StreamConn does the rest (read queue, call order, deadlines, streams), so a
// deadline that passes never closes the WebSocket.
//
// Model: Hono's WSContext + WSContextInit; ws's lib/stream.js.

import type { ConnSink, ConnTransport } from "./conn.js";
import { StreamConn } from "./conn.js";
import { AddrError, As, ErrClosed, GoError, SentinelError } from "./errors.js";
import { goQuote } from "./quote.js";

export { goQuote };
import { JoinHostPort, SplitHostPort } from "./ipsock.js";
import type { Header } from "./http/header.js";
import type { Addr } from "./net.js";

/** StatusNormalClosure is the close code of a normal close (1000); NetConn reads it as end of stream. */
export const StatusNormalClosure = 1000;
/** StatusGoingAway is the close code of an endpoint going away (1001); NetConn reads it as end of stream. */
export const StatusGoingAway = 1001;
/** StatusProtocolError is close code 1002: the peer broke the WebSocket protocol. */
export const StatusProtocolError = 1002;
/** StatusUnsupportedData is close code 1003, sent by NetConn when a message of the other type arrives. */
export const StatusUnsupportedData = 1003;
/** StatusNoStatusRcvd is code 1005: a close frame without a status. Close(StatusNoStatusRcvd, "") sends such a frame. */
export const StatusNoStatusRcvd = 1005;
/** StatusAbnormalClosure is close code 1006: the connection dropped without a close frame. */
export const StatusAbnormalClosure = 1006;
/** StatusInvalidFramePayloadData is close code 1007: a message's data did not match its type (bad UTF-8). */
export const StatusInvalidFramePayloadData = 1007;
/** StatusPolicyViolation is close code 1008, sent when the receive queue of a conn that cannot pause overflows. */
export const StatusPolicyViolation = 1008;
/** StatusMessageTooBig is close code 1009, sent when a message exceeds the read limit. */
export const StatusMessageTooBig = 1009;
/** StatusMandatoryExtension is close code 1010: the client needed an extension the server did not offer. */
export const StatusMandatoryExtension = 1010;
/** StatusInternalError is close code 1011: the endpoint hit an unexpected condition. */
export const StatusInternalError = 1011;
/** StatusServiceRestart is close code 1012: the service is restarting. */
export const StatusServiceRestart = 1012;
/** StatusTryAgainLater is close code 1013: the service is overloaded; try again later. */
export const StatusTryAgainLater = 1013;
/** StatusBadGateway is close code 1014: a gateway got a bad answer upstream. */
export const StatusBadGateway = 1014;
/** StatusTLSHandshake is code 1015: the TLS handshake failed (reported, never sent). */
export const StatusTLSHandshake = 1015;

// coder/websocket's stringer names (statuscode_string.go); other codes print as StatusCode(n).
const statusNames: Record<number, string> = {
  1000: "StatusNormalClosure",
  1001: "StatusGoingAway",
  1002: "StatusProtocolError",
  1003: "StatusUnsupportedData",
  1005: "StatusNoStatusRcvd",
  1006: "StatusAbnormalClosure",
  1007: "StatusInvalidFramePayloadData",
  1008: "StatusPolicyViolation",
  1009: "StatusMessageTooBig",
  1010: "StatusMandatoryExtension",
  1011: "StatusInternalError",
  1012: "StatusServiceRestart",
  1013: "StatusTryAgainLater",
  1014: "StatusBadGateway",
  1015: "StatusTLSHandshake",
};

/** statusCodeString formats a close code as coder/websocket's StatusCode.String does (`StatusCode(4000)`). */
export function statusCodeString(code: number): string {
  return statusNames[code] ?? `StatusCode(${code})`;
}



/** CloseErrorInit carries the fields of a CloseError. */
export interface CloseErrorInit {
  /** Code is the close status code. */
  Code: number;
  /** Reason is the close reason. */
  Reason: string;
  /** context is what the text says happened before the status (default `failed to get reader: received close frame`). */
  context?: string;
  /** text replaces the whole message (for local failures such as a read limit, which Go reports without the status). */
  text?: string;
  /** cause is the error the close stands for (ErrMessageTooBig for a read limit), walked by Is. */
  cause?: Error;
}

/**
 * CloseError is the error of a WebSocket that closed with a status other than 1000 or 1001
 * (coder/websocket's CloseError). Its message is coder/websocket's text, e.g.
 * `failed to get reader: received close frame: status = StatusCode(4000) and reason = "bye"`.
 * Read on a NetConn rejects with an OpError whose Err is the CloseError; use CloseStatus(err)
 * to get the code.
 */
export class CloseError extends GoError {
  static override readonly brandName: string = "CloseError";
  /** Code is the close status code (4000, 1011, 1006 for a dropped connection, …). */
  readonly Code: number;
  /** Reason is the close reason the peer sent (at most 123 bytes). */
  readonly Reason: string;
  /** code is a stable machine-readable name: always GONET_ERR_WS_CLOSE. */
  readonly code = "GONET_ERR_WS_CLOSE";

  constructor(init: CloseErrorInit) {
    super(
      init.text ?? `${init.context ?? "failed to get reader: received close frame"}: status = ${statusCodeString(init.Code)} and reason = ${goQuote(init.Reason)}`,
      init.cause !== undefined ? { cause: init.cause } : undefined,
    );
    this.Code = init.Code;
    this.Reason = init.Reason;
  }
}

/** CloseStatus returns the close code of the CloseError in err's chain, or -1 if there is none (coder/websocket's CloseStatus). */
export function CloseStatus(err: unknown): number {
  return As(err, CloseError)?.Code ?? -1;
}

/**
 * ErrMessageTooBig is wrapped by the error of a Read whose message is over the read limit
 * (`failed to read: websocket: message too big: read limited at 32769 bytes`); the Conn is then
 * closed with StatusMessageTooBig (coder/websocket's ErrMessageTooBig, errors.go).
 */
export const ErrMessageTooBig = new SentinelError("websocket: message too big", "GONET_ERR_WS_MESSAGE_TOO_BIG", { name: "ErrMessageTooBig" });

/**
 * ErrReceiveQueueFull fails a WebSocket Conn whose platform cannot pause the peer (the
 * browser's WebSocket) once more than its unread limit (default 16 MiB, WebSocketConnOptions.unreadLimit)
 * has arrived beyond the read queue's high-water mark without being Read. The WebSocket is then
 * closed with status 1008.
 */
export const ErrReceiveQueueFull = new SentinelError("websocket: receive queue full: the peer sent more than the unread limit", "GONET_ERR_WS_RECEIVE_QUEUE_FULL", {
  name: "ErrReceiveQueueFull",
});


/**
 * HandshakeResponse is what a WebSocket server answered to the opening handshake: its status
 * code, its header and (for a failed handshake) the first 1024 bytes of its body. In a browser
 * only the status of a successful handshake is known (101, an empty header).
 */
export interface HandshakeResponse {
  /** StatusCode is the HTTP status code (101 for a WebSocket). */
  StatusCode: number;
  /** Header is the response header. */
  Header: Header;
  /** Body is the start of the response body (at most 1024 bytes; empty for a 101). */
  Body: Uint8Array;
}

/**
 * HandshakeError says that a WebSocket opening handshake failed, with coder/websocket's text
 * (`failed to WebSocket dial: expected handshake response status code 101 but got 404`).
 * `response` is the server's answer when there was one (coder/websocket's Dial returns it
 * beside the error).
 */
export class HandshakeError extends GoError {
  static override readonly brandName: string = "HandshakeError";
  /** code is always GONET_ERR_WS_HANDSHAKE. */
  readonly code = "GONET_ERR_WS_HANDSHAKE";
  /** response is the server's answer to the handshake, or null when none came (or in a browser). */
  readonly response: HandshakeResponse | null;
  constructor(message: string, cause: unknown, response: HandshakeResponse | null = null) {
    super(message, { cause });
    this.response = response;
  }
}

/**
 * WSAddr is the address of a WebSocket end point: Network() is "ws" or "wss", String() the URL
 * (`ws://127.0.0.1:8080/path`).
 */
export class WSAddr implements Addr {
  /** Net is "ws" or "wss". */
  readonly Net: string;
  /** URL is the end point's URL. */
  readonly URL: string;

  constructor(net: string, url: string) {
    this.Net = net;
    this.URL = url;
  }
  /** Network returns "ws" or "wss". */
  Network(): string {
    return this.Net;
  }
  /** String returns the URL. */
  String(): string {
    return this.URL;
  }
}

/**
 * WebSocketInit is what a platform hands the WebSocket transport: the few calls it makes on the
 * platform's WebSocket. Events go the other way, through WebSocketTransport's onMessage,
 * onSent, onError and onClose.
 * @internal
 */
export interface WebSocketInit {
  /**
   * send transmits p as one binary message. It returns true when the platform no longer needs
   * p (it copied p, or wrote it out), false when it keeps p until it reports the send done
   * through onSent.
   */
  send(p: Uint8Array): boolean;
  /** close starts the closing handshake with code and reason. */
  close(code: number, reason: string): void;
  /**
   * terminate, if the platform can, drops the connection at once, without a closing handshake
   * and without sending what is still queued (Node's ws.terminate). The close event follows.
   */
  terminate?(): void;
  /** bufferedAmount is the number of bytes queued by send and not yet handed to the network. */
  bufferedAmount(): number;
  /**
   * unsent, if the platform can tell, returns how many of the bytes given to send() may still
   * be dropped rather than sent (see ConnTransport.unsent); 0 when whatever send() took will be
   * sent, even across a close (the browser sends its queue before its close frame).
   */
  unsent?(): number;
  /** pause stops reading from the network, if the platform can. */
  pause?(): void;
  /** resume reads from the network again. */
  resume?(): void;
  /**
   * reportsSent is true when the platform calls onSent once for every send, in order (Node's
   * ws.send callback). Otherwise Write backpressure polls bufferedAmount.
   */
  reportsSent?: boolean;
}

/** WebSocketConnOptions configures a WebSocket Conn. */
export interface WebSocketConnOptions {
  /** net is "ws" or "wss". */
  net: string;
  /** localAddr is the local address (or a function that makes it on first use). */
  localAddr: Addr | (() => Addr);
  /** remoteAddr is the remote address (or a function that makes it on first use). */
  remoteAddr: Addr | (() => Addr);
  /** readHighWaterMark bounds the unread bytes before the platform is paused (StreamConn's default if absent). */
  readHighWaterMark?: number;
  /** writeHighWaterMark is the bufferedAmount above which Write waits (default 1 MiB; polling platforms only). */
  writeHighWaterMark?: number;
  /**
   * unreadLimit bounds, for a platform that cannot pause (the browser), the bytes that may
   * arrive beyond the read high-water mark before the conn fails with ErrReceiveQueueFull
   * (default 16 MiB).
   */
  unreadLimit?: number;
  /** closeWait is how long Close waits for the closing handshake before it resolves (ms, default 1000). */
  closeWait?: number;
  /** pollInterval is how often a waiting Write looks at bufferedAmount (ms, default 5; polling platforms only). */
  pollInterval?: number;
}

/** defaultUnreadLimit is the default WebSocketConnOptions.unreadLimit: 16 MiB. */
export const defaultUnreadLimit = 16 << 20;
const defaultWriteHighWaterMark = 1 << 20;
const closeWriteHint = "a WebSocket has no half-close; use Close, which sends close status 1000";
const encoder = new TextEncoder();

/**
 * WebSocketTransport is the ConnTransport of a WebSocket. The platform forwards its WebSocket's
 * events to onMessage, onSent (if it reports sends), onError and onClose.
 * @internal
 */
export class WebSocketTransport implements ConnTransport {
  readonly #init: WebSocketInit;
  readonly #whwm: number;
  readonly #unreadLimit: number;
  readonly #closeWait: number;
  readonly #pollInterval: number;
  #sink!: ConnSink;

  // write side
  #sentSync: boolean[] = []; // reportsSent: one flag per send in flight, true if its write completed synchronously
  #waiting = 0; // polling: writes waiting for bufferedAmount to fall
  #poll: ReturnType<typeof setTimeout> | undefined = undefined;

  // read side
  #paused = false;
  #overflow = 0; // bytes pushed while paused, for platforms that cannot pause
  #localErr: Error | null = null; // this end failed the conn (receive queue full, a message NetConn refuses)

  #err: Error | null = null; // error reported before the close event
  #gone = false; // the close event came
  #closeErr: CloseError | null = null;
  #onGone: (() => void) | null = null;

  constructor(init: WebSocketInit, opts: WebSocketConnOptions) {
    this.#init = init;
    this.#whwm = opts.writeHighWaterMark ?? defaultWriteHighWaterMark;
    this.#unreadLimit = opts.unreadLimit ?? defaultUnreadLimit;
    this.#closeWait = opts.closeWait ?? 1000;
    this.#pollInterval = opts.pollInterval ?? 5;
  }

  /** bind connects the transport to its StreamConn. */
  bind(sink: ConnSink): void {
    this.#sink = sink;
  }

  // ---- events from the platform -----------------------------------------------------------

  /** onMessage delivers one message: bytes, or the text of a text message (delivered as UTF-8). */
  onMessage(data: Uint8Array | string): void {
    if (this.#gone || this.#localErr !== null) return;
    const p = typeof data === "string" ? encoder.encode(data) : data;
    if (p.length === 0) return; // an empty message carries no bytes for a stream
    if (this.#paused && this.#init.pause === undefined) {
      this.#overflow += p.length;
      if (this.#overflow > this.#unreadLimit) {
        this.fail(ErrReceiveQueueFull, StatusPolicyViolation, "receive queue full");
        return;
      }
    }
    this.#sink.push(p);
  }

  /**
   * fail ends the conn from this end: Reads get err (after the data already queued), later
   * messages are dropped, and the WebSocket is closed with code and reason.
   */
  fail(err: Error, code: number, reason: string): void {
    if (this.#gone || this.#localErr !== null) return;
    this.#localErr = err;
    this.#sink.pushError(err);
    this.#init.close(code, reason);
  }

  /** onSent reports that the oldest send is done (reportsSent platforms); err if it failed. */
  onSent(err?: Error | null): void {
    const sync = this.#sentSync.shift();
    if (sync === undefined) return; // already failed by onClose
    if (!sync) this.#sink.writeDone(err ?? null);
    else if (err) this.#sink.pushError(err, "write");
  }

  /** onError records a platform error (translated); the close event that follows reports it. */
  onError(err: Error): void {
    this.#err ??= err;
  }

  /** onClose reports the close event: the status code and reason (1006 for a dropped connection). */
  onClose(code: number, reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    const normal = code === StatusNormalClosure || code === StatusGoingAway;
    this.#closeErr = new CloseError({ Code: code, Reason: reason, context: "failed to write msg: WebSocket closed: received close frame" });
    const werr = this.#err ?? this.#closeErr;
    // Writes still in flight fail: the peer will not read them.
    const inFlight = this.#sentSync;
    this.#sentSync = [];
    for (const sync of inFlight) if (!sync) this.#sink.writeDone(werr);
    const waiting = this.#waiting;
    this.#waiting = 0;
    for (let i = 0; i < waiting; i++) this.#sink.writeDone(werr);
    if (this.#localErr === null) {
      if (this.#err !== null) this.#sink.pushError(this.#err);
      else if (normal) this.#sink.pushEOF();
      else this.#sink.pushError(new CloseError({ Code: code, Reason: reason }));
    }
    this.#onGone?.();
    this.#onGone = null;
  }

  // ---- ConnTransport ----------------------------------------------------------------------

  /** write sends p as one message; it returns false when the Write must wait (see ConnTransport.write). */
  write(p: Uint8Array): boolean {
    if (this.#gone) throw this.#err ?? this.#closeErr ?? ErrClosed;
    if (this.#localErr !== null) throw this.#localErr;
    const init = this.#init;
    if (init.reportsSent === true) {
      const sync = init.send(p);
      this.#sentSync.push(sync);
      return sync;
    }
    init.send(p);
    if (this.#waiting === 0 && init.bufferedAmount() <= this.#whwm) return true;
    this.#waiting++;
    this.#poll ??= setTimeout(this.#check, this.#pollInterval);
    return false;
  }

  // check completes the waiting writes once bufferedAmount is back under the mark.
  readonly #check = (): void => {
    this.#poll = undefined;
    if (this.#gone || this.#waiting === 0) return;
    if (this.#init.bufferedAmount() > this.#whwm) {
      this.#poll = setTimeout(this.#check, this.#pollInterval);
      return;
    }
    const n = this.#waiting;
    this.#waiting = 0;
    for (let i = 0; i < n; i++) this.#sink.writeDone(null);
  };

  /** pause is called when the read queue is full: the platform stops reading, or the unread limit starts counting. */
  pause(): void {
    this.#paused = true;
    this.#overflow = 0;
    this.#init.pause?.();
  }

  /** resume is called when the read queue has room again. */
  resume(): void {
    this.#paused = false;
    this.#overflow = 0;
    this.#init.resume?.();
  }

  /** unsent returns what the platform says may still be dropped of the bytes sent (see WebSocketInit.unsent). */
  unsent(): number | undefined {
    return this.#gone ? undefined : this.#init.unsent?.();
  }

  /**
   * destroy sends close status 1000 and resolves when the closing handshake is done, or after
   * closeWait. While messages are still queued, a platform that can (Node) drops the connection
   * instead, as Go's tls.Conn.Close does when a Write is in flight: the closing handshake would
   * wait behind them, and the conn has already failed their Writes.
   */
  destroy(): Promise<void> {
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    if (this.#gone) return Promise.resolve();
    // Keep reading so that the peer's close frame (queued behind data) gets through.
    if (this.#paused) this.#init.resume?.();
    this.#paused = false;
    if (this.#init.terminate !== undefined && this.#init.bufferedAmount() > 0) this.#init.terminate();
    else this.#init.close(StatusNormalClosure, "");
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#onGone = null;
        resolve();
      }, this.#closeWait);
      this.#onGone = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * newWebSocketConn makes the net Conn of a WebSocket: it returns the Conn and the transport the
 * platform forwards its WebSocket's events to.
 * @internal
 */
export function newWebSocketConn(init: WebSocketInit, opts: WebSocketConnOptions): { conn: StreamConn; transport: WebSocketTransport } {
  const conn = new StreamConn({
    net: opts.net,
    localAddr: opts.localAddr,
    remoteAddr: opts.remoteAddr,
    closeWriteUnsupported: closeWriteHint,
    messageWrites: true,
    ...(opts.readHighWaterMark !== undefined ? { readHighWaterMark: opts.readHighWaterMark } : {}),
  });
  const transport = new WebSocketTransport(init, opts);
  conn.attach(transport);
  transport.bind(conn);
  return { conn, transport };
}

/**
 * webSocketURL turns a ws/wss Dial or Listen address into a URL: a `ws://` or `wss://` URL is
 * taken as it is (its scheme must match the network), `host:port` becomes `ws://host:port/`.
 * Anything else throws an AddrError (callers wrap it in an OpError).
 * @internal
 */
export function webSocketURL(network: string, address: string): URL {
  if (address.includes("://")) {
    let u: URL;
    try {
      u = new URL(address);
    } catch {
      throw new AddrError("invalid URL", address);
    }
    const scheme = u.protocol.slice(0, -1);
    if (scheme !== network) throw new AddrError(`URL scheme ${scheme} does not match network ${network}`, address);
    return u;
  }
  const [host, port] = SplitHostPort(address);
  try {
    return new URL(`${network}://${JoinHostPort(host, port)}/`);
  } catch {
    throw new AddrError("invalid address", address);
  }
}
