// WebSocket Conns in the browser: Dial("ws"/"wss", url) on the platform's
// WebSocket, each Conn a StreamConn over WebSocketTransport
// (src/websocket-conn.ts). The browser's WebSocket cannot pause, so the read
// queue is bounded by WebSocketConnOptions.unreadLimit (16 MiB by default;
// past it the Conn fails with ErrReceiveQueueFull), and it has no drain
// event, so a Write waiting for bufferedAmount polls it on a short timer.

import type { StreamConn } from "../src/conn.js";
import { ErrCanceled, ErrDeadlineExceeded, Errno, OpError, SyscallError } from "../src/errors.js";
import { HandshakeError, newWebSocketConn, webSocketURL, WSAddr, type WebSocketConnOptions, type WebSocketInit } from "../src/websocket-conn.js";

/** WebSocketDialOptions tunes dialWebSocket in the browser. */
export interface WebSocketDialOptions {
  /** protocols are the subprotocols to offer. */
  protocols?: string[];
  /** conn tunes the Conn: high-water marks, unreadLimit (default 16 MiB), close wait, poll interval. */
  conn?: Partial<Pick<WebSocketConnOptions, "readHighWaterMark" | "writeHighWaterMark" | "unreadLimit" | "closeWait" | "pollInterval">>;
}

/** WebSocketLike is the part of the browser's WebSocket the browser backend uses (here and in websocket.ts). @internal */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  send(data: Uint8Array | string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (ev: never) => void, opts?: { once?: boolean }): void;
  removeEventListener(type: string, listener: (ev: never) => void): void;
}

/** CloseEventLike is the part of the browser's CloseEvent the backend reads. @internal */
export interface CloseEventLike {
  code: number;
  reason: string;
  wasClean: boolean;
}

type WebSocketCtor = new (url: string, protocols: string[]) => WebSocketLike;

/** quietly runs a WebSocket call that may throw on a socket in the wrong state. @internal */
export function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // the socket is already closing or closed: nothing left to do
  }
}

function ignore(): void {}

// The browser does not say where a WebSocket is bound; coder/websocket's NetConn does not either.
const unknownLocal = "websocket/unknown-addr";

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r === ErrDeadlineExceeded || (r instanceof Error && r.name === "TimeoutError")) return ErrDeadlineExceeded;
  return ErrCanceled;
}

// closeCode reports whether the browser lets a script send code: only 1000 and 3000-4999.
function sendableCode(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999);
}

/**
 * wrapBrowserWebSocket makes the net Conn of an open browser WebSocket and takes over its events.
 * @internal
 */
export function wrapBrowserWebSocket(ws: WebSocketLike, net: string, remote: WSAddr, opts: WebSocketDialOptions["conn"] = {}): StreamConn {
  ws.binaryType = "arraybuffer";
  const init: WebSocketInit = {
    send(p) {
      // A closing WebSocket drops what it is given without a word: fail as a TCP write would.
      if (ws.readyState !== 1) throw new SyscallError("write", Errno.of("EPIPE"));
      ws.send(p); // the browser copies p: the caller may reuse it at once
      return true;
    },
    close(code, reason) {
      // Codes such as 1008 are the browser's own to send; a script closes without a status then.
      quietly(() => (sendableCode(code) ? ws.close(code, reason) : ws.close()));
    },
    bufferedAmount: () => ws.bufferedAmount,
    // What send() took is the browser's to send: it goes out ahead of the close frame, so a Write
    // waiting on bufferedAmount (backpressure) has already handed over all of its bytes.
    unsent: () => 0,
  };
  const { conn, transport } = newWebSocketConn(init, { ...opts, net, localAddr: () => new WSAddr(net, unknownLocal), remoteAddr: remote });
  ws.addEventListener("error", ignore); // the close event that follows says what happened
  ws.addEventListener("message", (ev: { data: unknown }) => {
    const d: unknown = ev.data;
    if (typeof d === "string") transport.onMessage(d);
    else if (d instanceof ArrayBuffer) transport.onMessage(new Uint8Array(d));
  });
  ws.addEventListener("close", (ev: CloseEventLike) => transport.onClose(ev.code, ev.reason));
  return conn;
}

/**
 * dialWebSocket connects to a WebSocket server with the browser's WebSocket and returns its net
 * Conn: network is "ws" or "wss", address a URL (`wss://host/path`) or `host:port`. The browser
 * tells nothing about a failed handshake (refused, DNS, TLS or a non-101 answer look the same),
 * so such a failure is a HandshakeError `failed to WebSocket dial: …` naming the close code.
 *
 * @example
 * const conn = await dialWebSocket("wss", "wss://example.com/tunnel", null);
 */
export function dialWebSocket(network: string, address: string, signal: AbortSignal | null, opts: WebSocketDialOptions = {}): Promise<StreamConn> {
  let url: URL;
  try {
    url = webSocketURL(network, address);
  } catch (err) {
    return Promise.reject(new OpError({ Op: "dial", Net: network, Err: err as Error }));
  }
  const raddr = new WSAddr(network, url.href);
  const fail = (err: Error): OpError => new OpError({ Op: "dial", Net: network, Addr: raddr, Err: err });
  if (signal?.aborted) return Promise.reject(fail(abortReason(signal)));
  return openWebSocket(url.href, opts.protocols ?? [], signal, {
    missing: () => fail(new HandshakeError("failed to WebSocket dial: this platform has no WebSocket", null)),
    construct: (err) => fail(new HandshakeError(`failed to WebSocket dial: ${err instanceof Error ? err.message : String(err)}`, err)),
    closed: (ev) => fail(handshakeClosed(ev)),
    aborted: (sig) => fail(abortReason(sig)),
  }).then((ws) => wrapBrowserWebSocket(ws, network, raddr, opts.conn));
}

/** handshakeClosed is the error of a browser WebSocket that closed before it opened (the browser says no more than the code). @internal */
export function handshakeClosed(ev: CloseEventLike): HandshakeError {
  return new HandshakeError(`failed to WebSocket dial: the connection failed with close code ${ev.code}${ev.reason !== "" ? ` (${ev.reason})` : ""}`, null);
}

/** OpenErrors make the errors openWebSocket rejects with, one per way the opening can fail. @internal */
export interface OpenErrors {
  /** missing: the platform has no WebSocket. */
  missing(): Error;
  /** construct: the WebSocket constructor threw (a bad URL, a bad subprotocol). */
  construct(err: unknown): Error;
  /** closed: the WebSocket closed before it opened. */
  closed(ev: CloseEventLike): Error;
  /** aborted: signal aborted first. */
  aborted(signal: AbortSignal): Error;
}

/**
 * openWebSocket opens the platform's WebSocket to url (binaryType "arraybuffer") and resolves it
 * once it is open, or rejects with the error errs makes for what went wrong; an abort closes it.
 * Both the net Conn (dialWebSocket) and gonet/websocket's Dial open their sockets here. @internal
 */
export function openWebSocket(url: string, protocols: string[], signal: AbortSignal | null, errs: OpenErrors): Promise<WebSocketLike> {
  const WS = (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (WS === undefined) return Promise.reject(errs.missing());
  return new Promise((resolve, reject) => {
    let ws: WebSocketLike;
    try {
      ws = new WS(url, protocols);
      ws.binaryType = "arraybuffer";
    } catch (err) {
      reject(errs.construct(err));
      return;
    }
    const onOpen = (): void => {
      done();
      resolve(ws);
    };
    const onClose = (ev: CloseEventLike): void => {
      done();
      reject(errs.closed(ev));
    };
    const onAbort = (): void => {
      done();
      quietly(() => ws.close());
      reject(errs.aborted(signal as AbortSignal));
    };
    const done = (): void => {
      ws.removeEventListener("open", onOpen);
      ws.removeEventListener("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    };
    ws.addEventListener("error", ignore); // the close event that follows says what happened
    ws.addEventListener("open", onOpen);
    ws.addEventListener("close", onClose);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
