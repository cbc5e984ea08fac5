// WebSocket Conns on Node with the `ws` package: Dial("ws"/"wss", url) and
// Listen("ws", "host:port"), each Conn a StreamConn over WebSocketTransport
// (src/websocket-conn.ts). Every ws event is handled here, so no WebSocket
// error (an oversize message, a broken frame, a reset) can crash the process.

import http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import type { StreamConn } from "../src/conn.js";
import { AddrError, ErrCanceled, ErrDeadlineExceeded, ErrUnsupported, Errno, OpError, SyscallError } from "../src/errors.js";
import { JoinHostPort, SplitHostPort } from "../src/ipsock.js";
import { StreamListener } from "../src/listener.js";
import type { ListenerTransport } from "../src/listener.js";
import {
  CloseError,
  ErrMessageTooBig,
  HandshakeError,
  newWebSocketConn,
  StatusMessageTooBig,
  webSocketURL,
  WSAddr,
  type WebSocketConnOptions,
  type WebSocketInit,
  type WebSocketTransport,
} from "../src/websocket-conn.js";
import { translate } from "./errors.js";
import { defaultResolver } from "./resolver.js";

/** defaultMaxPayload is the largest message a Node WebSocket Conn accepts by default: 16 MiB (ws's own default is 100 MiB). */
export const defaultMaxPayload = 16 << 20;

/** WebSocketDialOptions tunes dialWebSocket. */
export interface WebSocketDialOptions {
  /** maxPayload is the largest message accepted, in bytes (default 16 MiB); a larger one fails the Conn with status 1009. */
  maxPayload?: number;
  /** headers are extra HTTP headers for the handshake. */
  headers?: Record<string, string>;
  /** protocols are the subprotocols to offer. */
  protocols?: string[];
  /** conn tunes the Conn (high-water marks, close wait). */
  conn?: Partial<Pick<WebSocketConnOptions, "readHighWaterMark" | "closeWait">>;
}

/** WebSocketListenOptions tunes listenWebSocket. */
export interface WebSocketListenOptions {
  /** path is the only request path accepted (default: the address URL's path, or any path); others get 404. */
  path?: string;
  /** maxPayload is the largest message accepted, in bytes (default 16 MiB). */
  maxPayload?: number;
  /** signal aborts the set-up (not the listener). */
  signal?: AbortSignal | null;
  /** backlog bounds the accepted Conns waiting for Accept. */
  backlog?: number;
  /** conn tunes each Conn (high-water marks, close wait). */
  conn?: Partial<Pick<WebSocketConnOptions, "readHighWaterMark" | "closeWait">>;
}

const sendOpts = { binary: true, compress: false } as const;

// wsError maps an error ws emits on an open WebSocket to gonet's: protocol and size errors
// become CloseErrors with the status ws closed the connection with, socket errors SyscallErrors.
function wsError(err: Error, maxPayload: number): Error {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("WS_ERR_")) {
    if (code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
      return tooBig(maxPayload);
    }
    const status = code === "WS_ERR_INVALID_UTF8" ? 1007 : 1002;
    return new CloseError({ Code: status, Reason: err.message, context: "failed to read", text: `failed to read: ${err.message}` });
  }
  return translate(err, "read");
}

// tooBigReason is the close reason for a message over maxPayload: coder/websocket's limitReader
// (read.go) says `read limited at %d bytes` with its limit, one more than the largest message.
function tooBigReason(maxPayload: number): string {
  return `read limited at ${maxPayload + 1} bytes`;
}

// tooBig is the error of a Read that met a message over maxPayload, with coder/websocket's text
// (msgReader.Read wraps limitReader's `fmt.Errorf("%w: %v", ErrMessageTooBig, reason)` in
// `failed to read: %w`), as a CloseError with StatusMessageTooBig that wraps ErrMessageTooBig.
function tooBig(maxPayload: number): CloseError {
  const reason = tooBigReason(maxPayload);
  return new CloseError({
    Code: StatusMessageTooBig,
    Reason: reason,
    text: `failed to read: ${ErrMessageTooBig.message}: ${reason}`,
    cause: ErrMessageTooBig,
  });
}

// sendError maps an error of ws.send's callback.
function sendError(err: Error): Error {
  if (/not open/.test(err.message)) return new SyscallError("write", Errno.of("EPIPE"), err);
  return translate(err, "write");
}

function hostPort(address: string | undefined, port: number | undefined): string {
  return JoinHostPort(address ?? "", String(port ?? 0));
}

/**
 * wrapWebSocket makes the net Conn of an open ws WebSocket and takes over its events.
 * `pausable: false` makes the Conn behave as the browser's (no pause; the unread limit applies),
 * for tests.
 * @internal
 */
export function wrapWebSocket(
  ws: WebSocket,
  net: string,
  localAddr: WSAddr | (() => WSAddr),
  remoteAddr: WSAddr | (() => WSAddr),
  opts: { maxPayload?: number; pausable?: boolean; conn?: Partial<WebSocketConnOptions> } = {},
): StreamConn {
  ws.binaryType = "nodebuffer";
  const init = opts.pausable === false ? new WSInit(ws, opts.maxPayload ?? defaultMaxPayload) : new PausableWSInit(ws, opts.maxPayload ?? defaultMaxPayload);
  const { conn, transport } = newWebSocketConn(init, { ...opts.conn, net, localAddr, remoteAddr });
  init.transport = transport;
  (ws as unknown as Tagged)[kInit] = init;
  ws.on("message", onWSMessage);
  ws.on("error", onWSError);
  ws.on("close", onWSClose);
  // A message over maxPayload: send 1009 with coder/websocket's reason (its writeError) before ws
  // closes with a bare 1009 (ws's own close is then a no-op).
  const receiver = (ws as unknown as { _receiver?: { prependListener?: (e: "error", fn: (err: Error & { code?: string }) => void) => unknown } })._receiver;
  receiver?.prependListener?.("error", (err) => {
    if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH" && ws.readyState === WebSocket.OPEN) ws.close(StatusMessageTooBig, tooBigReason(init.maxPayload));
  });
  return conn;
}

// The platform init of one WebSocket Conn. Methods live on the prototype and the ws listeners
// are shared functions that find their init through a symbol, so an idle conn carries no
// closures (the send callback is made on the first send).
const kInit = Symbol("gonet.wsInit");

interface Tagged {
  [kInit]: WSInit;
}

class WSInit implements WebSocketInit {
  readonly reportsSent = true;
  transport!: WebSocketTransport;
  readonly ws: WebSocket;
  readonly maxPayload: number;
  #onSent: ((err?: Error | null) => void) | undefined = undefined;

  constructor(ws: WebSocket, maxPayload: number) {
    this.ws = ws;
    this.maxPayload = maxPayload;
  }

  send(p: Uint8Array): boolean {
    // Once the socket is going (a reset, a close), ws reports success for the sends it dropped,
    // as node:net's write callbacks do: those are left to the close event, which fails them.
    this.#onSent ??= (err) => {
      if (!err && this.ws.readyState !== WebSocket.OPEN) return;
      this.transport.onSent(err ? sendError(err) : null);
    };
    this.ws.send(p, sendOpts, this.#onSent);
    // Everything went through iff nothing is left queued: then ws holds no reference to p.
    return this.ws.bufferedAmount === 0;
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  // What a Close drops (it terminates while anything is queued): ws's bufferedAmount, the bytes
  // not yet written to the socket plus those the socket has not handed to the kernel. It counts
  // frame headers too, so it errs on the side of a Write not gone through.
  unsent(): number {
    return this.ws.bufferedAmount;
  }

  bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
}

class PausableWSInit extends WSInit {
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }
}

function onWSMessage(this: WebSocket, data: Buffer): void {
  (this as unknown as Tagged)[kInit].transport.onMessage(data);
}

function onWSError(this: WebSocket, err: Error): void {
  const init = (this as unknown as Tagged)[kInit];
  init.transport.onError(wsError(err, init.maxPayload));
}

function onWSClose(this: WebSocket, code: number, reason: Buffer): void {
  (this as unknown as Tagged)[kInit].transport.onClose(code, reason.toString("utf8"));
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r === ErrDeadlineExceeded || (r instanceof Error && r.name === "TimeoutError")) return ErrDeadlineExceeded;
  return ErrCanceled;
}

// dialError maps a ws handshake failure: a refused or reset connection keeps its errno; an HTTP
// answer other than 101 reads as coder/websocket's.
function dialError(err: Error): Error {
  const m = /^Unexpected server response: (\d+)$/.exec(err.message);
  if (m !== null) return new HandshakeError(`failed to WebSocket dial: expected handshake response status code 101 but got ${m[1]}`, err);
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) return translate(err, "connect");
  return new HandshakeError(`failed to WebSocket dial: ${err.message}`, err);
}

/**
 * dialWebSocket connects to a WebSocket server and returns its net Conn: network is "ws" or
 * "wss", address a URL (`ws://host:port/path`) or `host:port`. Errors are OpErrors
 * (`dial ws ws://127.0.0.1:1/: connect: connection refused`). The Node Dialer calls it for the
 * ws family.
 *
 * @example
 * const conn = await dialWebSocket("ws", "ws://127.0.0.1:8080/tunnel", null);
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
  const maxPayload = opts.maxPayload ?? defaultMaxPayload;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, opts.protocols ?? [], {
      perMessageDeflate: false,
      maxPayload,
      ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
    });
    let local = "";
    const onUpgrade = (res: http.IncomingMessage): void => {
      local = hostPort(res.socket.localAddress, res.socket.localPort);
    };
    const onOpen = (): void => {
      done();
      const laddr = local;
      resolve(wrapWebSocket(ws, network, () => new WSAddr(network, `${network}://${laddr}`), raddr, { maxPayload, ...(opts.conn ? { conn: opts.conn } : {}) }));
    };
    const onError = (err: Error): void => {
      done();
      ws.on("error", () => {}); // a late error of the dropped handshake must not crash
      ws.terminate();
      reject(fail(dialError(err)));
    };
    const onAbort = (): void => {
      done();
      ws.on("error", () => {});
      ws.terminate();
      reject(fail(abortReason(signal!)));
    };
    const done = (): void => {
      ws.off("upgrade", onUpgrade);
      ws.off("open", onOpen);
      ws.off("error", onError);
      signal?.removeEventListener("abort", onAbort);
    };
    ws.on("upgrade", onUpgrade);
    ws.on("open", onOpen);
    ws.on("error", onError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

// A plain HTTP answer on a socket that asked for something else than a WebSocket here.
function refuse(socket: Duplex, status: number, text: string): void {
  socket.on("error", () => {});
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.once("finish", () => socket.destroy());
}

class WSListenerTransport implements ListenerTransport {
  readonly #server: http.Server;
  readonly #wss: WebSocketServer;
  #closed: Promise<void> | null = null;

  constructor(server: http.Server, wss: WebSocketServer) {
    this.#server = server;
    this.#wss = wss;
  }

  close(): Promise<void> {
    this.#closed ??= new Promise((resolve) => {
      this.#server.close();
      this.#wss.close();
      // The listening handle is released in the next loop iteration's close phase; accepted
      // WebSockets stay open, as Go's accepted conns outlive their listener.
      setImmediate(() => setImmediate(resolve));
    });
    return this.#closed;
  }
}

/**
 * listenWebSocket announces a WebSocket server and returns a Listener whose Conns are
 * WebSocket connections carrying binary messages. network is "ws"; address is `host:port`
 * (port 0 picks one) or `ws://host:port/path`. Only upgrades to the path (if any) are accepted:
 * other requests get 404, plain HTTP 426. `l.Addr().String()` is the URL to dial. "wss" fails
 * with ErrUnsupported: it needs a certificate (serve "ws" behind a TLS terminator).
 *
 * @example
 * await using l = await listenWebSocket("ws", "127.0.0.1:0");
 * const conn = await dialWebSocket("ws", l.Addr().String(), null);
 */
export async function listenWebSocket(network: string, address: string, opts: WebSocketListenOptions = {}): Promise<StreamListener> {
  if (network !== "ws") {
    throw new OpError({
      Op: "listen",
      Net: network,
      Err: ErrUnsupported,
      Hint: network === "wss" ? `Listen("wss") has no certificate to serve; Listen("ws", …) behind a TLS terminator` : `unknown WebSocket network ${network}`,
    });
  }
  let host: string;
  let port: number;
  let urlPath: string | null = null;
  try {
    if (address.includes("://")) {
      const url = webSocketURL(network, address);
      host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      port = url.port === "" ? 80 : Number(url.port);
      urlPath = url.pathname;
    } else {
      // host:port as for TCP; an empty host listens on every address (":0").
      const [h, p] = SplitHostPort(address);
      host = h;
      if (p === "") port = 0;
      else if (/^[0-9]+$/.test(p)) {
        if (Number(p) > 65535) throw new AddrError("invalid port", address);
        port = Number(p);
      } else port = await defaultResolver().LookupPort(opts.signal ?? null, "tcp", p); // a service name ("http")

    }
  } catch (err) {
    throw new OpError({ Op: "listen", Net: network, Err: err as Error });
  }
  const path = opts.path ?? urlPath;
  const maxPayload = opts.maxPayload ?? defaultMaxPayload;
  const signal = opts.signal ?? null;
  if (signal?.aborted) throw new OpError({ Op: "listen", Net: network, Err: abortReason(signal) });

  const server = http.createServer((_req, res) => {
    res.writeHead(426, { Connection: "close", Upgrade: "websocket", "Content-Length": "0" });
    res.end();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, clientTracking: false, maxPayload });
  wss.on("error", () => {}); // errors of single upgrades are handled per socket
  await new Promise<void>((resolve, reject) => {
    const onErr = (err: Error): void => {
      signal?.removeEventListener("abort", onAbort);
      reject(new OpError({ Op: "listen", Net: network, Addr: new WSAddr(network, `${network}://${JoinHostPort(host, String(port))}${path ?? "/"}`), Err: translate(err, "bind") }));
    };
    const onAbort = (): void => {
      server.off("error", onErr);
      server.close();
      reject(new OpError({ Op: "listen", Net: network, Err: abortReason(signal!) }));
    };
    server.once("error", onErr);
    signal?.addEventListener("abort", onAbort, { once: true });
    server.listen({ host: host === "" ? "::" : host, port, exclusive: true }, () => {
      server.off("error", onErr);
      signal?.removeEventListener("abort", onAbort);
      resolve();
    });
  });
  const a = server.address() as import("node:net").AddressInfo;
  const base = `${network}://${hostPort(a.address, a.port)}`;
  const l = new StreamListener({ net: network, addr: new WSAddr(network, base + (path ?? "/")), ...(opts.backlog !== undefined ? { backlog: opts.backlog } : {}) });
  l.attach(new WSListenerTransport(server, wss));
  server.on("error", (err: Error) => l.pushError(translate(err, "accept")));
  server.on("clientError", (_err: Error, socket: Duplex) => socket.destroy());
  server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => {}); // a reset during the handshake is not the listener's failure
    const reqPath = (req.url ?? "/").split("?")[0] ?? "/";
    if (path !== null && reqPath !== path) {
      refuse(socket, 404, "Not Found");
      return;
    }
    const s = req.socket;
    const la = s.localAddress;
    const lp = s.localPort;
    const ra = s.remoteAddress;
    const rp = s.remotePort;
    const reqURL = req.url ?? "/";
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = wrapWebSocket(
        ws,
        network,
        () => new WSAddr(network, `${network}://${hostPort(la, lp)}${reqURL}`),
        () => new WSAddr(network, `${network}://${hostPort(ra, rp)}`),
        { maxPayload, ...(opts.conn ? { conn: opts.conn } : {}) },
      );
      l.push(conn);
    });
  });
  return l;
}
