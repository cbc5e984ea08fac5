// gonet/websocket in the browser (github.com/coder/websocket's wasm side): Dial
// over the platform's WebSocket, with the same Conn as in Node. What the
// browser's WebSocket cannot do is said, not faked: no handshake headers
// (HTTPHeader rejects), no chosen connection or TLS (HTTPClient rejects), no
// pings (Ping rejects with ErrUnsupported), no close
// without a handshake (CloseNow starts a close with no status), only codes
// 1000 and 3000-4999 can be sent (others close without a status), no
// backpressure on reading (messages queue until Read). Accept needs a server:
// it rejects with ErrUnsupported.
//
// @example
// import { Dial, MessageText, StatusNormalClosure } from "gonet/websocket";
// const c = await Dial("wss://example.com/echo");
// await c.Write(MessageText, "hi");
// const [type, data] = await c.Read();
// await c.Close(StatusNormalClosure, "");

import { ErrClosed, ErrUnsupported, OpError } from "../src/errors.js";
import type { ResponseWriter } from "../src/http/handler.js";
import { Header } from "../src/http/header.js";
import type { Request } from "../src/http/request.js";
import { goQuote } from "../src/quote.js";
import {
  Conn,
  contextError,
  MessageBinary,
  MessageText,
  newConn,
  WebSocketError,
  wsWrap,
  type AcceptOptions,
  type DialOptions,
  type MessageSink,
  type MessageTransport,
  type MessageType,
} from "../src/websocket.js";
import { CloseError, statusCodeString, WSAddr } from "../src/websocket-conn.js";
import { handshakeClosed, openWebSocket, quietly, type CloseEventLike, type WebSocketLike } from "./ws.js";

export {
  Conn,
  NetConn,
  MessageText,
  MessageBinary,
  WebSocketError,
  ErrMessageTooBig,
  CloseError,
  CloseStatus,
  HandshakeError,
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
} from "../src/websocket.js";
export type { AcceptOptions, CloseErrorInit, DialOptions, HandshakeResponse, MessageType } from "../src/websocket.js";
export { Hub, Server } from "./websocket-server.js";
export type { RateLimit, ServerConn, ServerOptions } from "./websocket-server.js";

// The part of the browser's WebSocket this backend uses.
type BrowserWebSocket = WebSocketLike;

const writeHighWaterMark = 1 << 20; // bufferedAmount above which a Write waits
const pollInterval = 5; // ms between looks at bufferedAmount (the browser has no drain event)
const decoder = new TextDecoder();
const encoder = new TextEncoder();

// The browser lets a script send only 1000 and 3000-4999.
function sendableCode(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999);
}

class BrowserTransport implements MessageTransport {
  readonly #ws: BrowserWebSocket;
  readonly ping = null;
  // Writes waiting for bufferedAmount to fall, in order.
  #waiting: Array<(err: Error | null) => void> = [];
  #poll: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(ws: BrowserWebSocket) {
    this.#ws = ws;
  }

  get subprotocol(): string {
    return this.#ws.protocol;
  }

  send(type: MessageType, data: Uint8Array, done: (err: Error | null) => void): void {
    if (this.#ws.readyState !== 1) {
      done(ErrClosed); // a closing WebSocket drops what it is given without a word
      return;
    }
    // The browser copies what it is given: the caller may reuse data at once.
    this.#ws.send(type === MessageText ? decoder.decode(data) : data);
    if (this.#waiting.length === 0 && this.#ws.bufferedAmount <= writeHighWaterMark) {
      done(null);
      return;
    }
    this.#waiting.push(done);
    this.#poll ??= setTimeout(this.#check, pollInterval);
  }

  readonly #check = (): void => {
    this.#poll = undefined;
    if (this.#waiting.length === 0) return;
    if (this.#ws.readyState !== 1) {
      this.failWaiting();
      return;
    }
    if (this.#ws.bufferedAmount > writeHighWaterMark) {
      this.#poll = setTimeout(this.#check, pollInterval);
      return;
    }
    const w = this.#waiting;
    this.#waiting = [];
    for (const done of w) done(null);
  };

  failWaiting(): void {
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    this.#poll = undefined;
    const w = this.#waiting;
    this.#waiting = [];
    for (const done of w) done(ErrClosed);
  }

  close(code: number, reason: string): void {
    // Other codes are the browser's own to send: a script closes without a status then.
    quietly(() => (sendableCode(code) ? this.#ws.close(code, reason) : this.#ws.close()));
  }

  terminate(): void {
    // A page cannot drop a WebSocket: the nearest is a close without a status.
    quietly(() => this.#ws.close());
  }

  setReadLimit(): void {
    // The browser hands over whole messages; the Conn checks each against the limit.
  }
}

function bind(ws: BrowserWebSocket, sink: MessageSink, t: BrowserTransport): void {
  ws.addEventListener("message", (ev: { data: unknown }) => {
    const d: unknown = ev.data;
    if (typeof d === "string") sink.onMessage(MessageText, encoder.encode(d));
    else if (d instanceof ArrayBuffer) sink.onMessage(MessageBinary, new Uint8Array(d));
  });
  ws.addEventListener("close", (ev: CloseEventLike) => {
    t.failWaiting();
    // coder/websocket's wasm Conn: a close that was not clean is `unclean connection close`.
    if (!ev.wasClean) {
      sink.onError(new CloseError({ Code: ev.code, Reason: ev.reason, text: `unclean connection close: status = ${statusCodeString(ev.code)} and reason = ${goQuote(ev.reason)}` }));
    }
    sink.onClose(ev.code, ev.reason);
  });
}

function hasHeaders(h: DialOptions["HTTPHeader"]): boolean {
  if (h === undefined || h === null) return false;
  return (h instanceof Header ? h : new Header(h)).size > 0;
}

/**
 * Dial opens a WebSocket to url (ws://, wss://, http:// or https://) with the browser's
 * WebSocket and resolves the Conn; `conn.response` is a 101 with an empty header (the browser
 * shows no more). The browser tells nothing about a failed handshake (refused, DNS, TLS and a
 * non-101 answer look the same): it rejects with a HandshakeError naming the close code.
 * HTTPHeader cannot be sent from a page, nor can an HTTPClient carry the handshake (the browser
 * picks the connection and its TLS): Dial rejects with ErrUnsupported when either is set.
 *
 * @example
 * const conn = await Dial("wss://example.com/chat", { Subprotocols: ["chat.v1"] });
 */
export function Dial(url: string, opts: DialOptions = {}): Promise<Conn> {
  const fail = (inner: Error): WebSocketError => wsWrap("failed to WebSocket dial", inner);
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    return Promise.reject(fail(new WebSocketError(`failed to parse url: parse ${goQuote(url)}: invalid URL`, null, err)));
  }
  const scheme = u.protocol.slice(0, -1);
  const net = scheme === "wss" || scheme === "https" ? "wss" : scheme === "ws" || scheme === "http" ? "ws" : "";
  if (net === "") return Promise.reject(fail(new WebSocketError(`unexpected url scheme: ${goQuote(scheme)}`)));
  if (hasHeaders(opts.HTTPHeader)) {
    return Promise.reject(fail(new WebSocketError("unsupported operation (a page cannot set the headers of a WebSocket handshake; pass them in the URL or in the first message)", ErrUnsupported)));
  }
  if (opts.HTTPClient !== undefined && opts.HTTPClient !== null) {
    return Promise.reject(
      fail(new WebSocketError("unsupported operation (the browser's WebSocket picks its own connection and TLS: a page cannot dial it through an HTTPClient; Dial without one)", ErrUnsupported)),
    );
  }
  const wsURL = `${net}:${url.slice(url.indexOf(":") + 1)}`;
  const signal = opts.signal ?? null;
  if (signal?.aborted) return Promise.reject(fail(contextError(signal)));
  return openWebSocket(wsURL, opts.Subprotocols ?? [], signal, {
    missing: () => fail(new WebSocketError("unsupported operation (this platform has no WebSocket)", ErrUnsupported)),
    construct: (err) => fail(new WebSocketError(err instanceof Error ? err.message : String(err), null, err)),
    closed: handshakeClosed,
    aborted: (sig) => fail(contextError(sig)),
  }).then((ws) => {
    const t = new BrowserTransport(ws);
    const remote = new WSAddr(net, new URL(wsURL).href);
    const { conn, sink } = newConn({
      transport: t,
      net,
      // The browser does not say where a WebSocket is bound; coder/websocket's NetConn does not either.
      localAddr: () => new WSAddr(net, "websocket/unknown-addr"),
      remoteAddr: remote,
      response: { StatusCode: 101, Header: new Header(), Body: new Uint8Array(0) },
    });
    bind(ws, sink, t);
    return conn;
  });
}

/**
 * Accept needs an HTTP server, which a page cannot run: it rejects with an OpError wrapping
 * ErrUnsupported (`accept ws: unsupported operation (…)`).
 */
export function Accept(_w: ResponseWriter, _r: Request, _opts?: AcceptOptions): Promise<Conn> {
  return Promise.reject(
    new OpError({ Op: "accept", Net: "ws", Err: ErrUnsupported, Hint: "a page cannot accept WebSocket connections; Accept in a Node gonet http handler and Dial it from the page" }),
  );
}
