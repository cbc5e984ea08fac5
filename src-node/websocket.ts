// gonet/websocket for Node (github.com/coder/websocket): Dial over the `ws`
// client and Accept inside a gonet http handler (the server hands the upgrade
// request's socket to ws's handleUpgrade). Both make the platform-free Conn of
// src/websocket.ts over a small transport on ws's WebSocket; every ws event is
// handled here, so no WebSocket error can crash the process. coder/websocket's
// checks of the handshake (accept.go, dial.go) run before ws's, with their
// error texts.
//
// @example
// import { Accept, Dial, MessageText, StatusNormalClosure } from "gonet/websocket";
// mux.HandleFunc("/echo", async (w, r) => {
//   const c = await Accept(w, r, { Subprotocols: ["echo"] });
//   for (;;) {
//     const msg = await c.Read().catch(() => null); // a CloseError once the peer closes
//     if (msg === null) return;
//     await c.Write(...msg);
//   }
// });
// const c = await Dial(ts.URL.replace("http", "ws") + "/echo");
// await c.Write(MessageText, "hi");
// await c.Close(StatusNormalClosure, "");

import { createHash } from "node:crypto";
import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { TCPAddr } from "../src/addr.js";
import { DNSError, ErrClosed, ErrContextDeadlineExceeded, ErrUnsupported, GoError, OpError } from "../src/errors.js";
import type { Client, CookieJar } from "../src/http/client.js";
import { readSetCookies, sanitizeCookieName, sanitizeCookieValue } from "../src/http/cookie.js";
import type { ResponseWriter } from "../src/http/handler.js";
import { NewResponseController } from "../src/http/responsecontroller.js";
import { Header } from "../src/http/header.js";
import type { Request } from "../src/http/request.js";
import { URLError } from "../src/http/url.js";
import { EOF } from "../src/io.js";
import { ParseIP } from "../src/ip.js";
import { JoinHostPort } from "../src/ipsock.js";
import type { Conn as NetConnection } from "../src/net.js";
import { goQuote } from "../src/quote.js";
import {
  authenticateOrigin,
  Conn,
  contextError,
  selectSubprotocol,
  verifyClientRequest,
  verifyServerResponse,
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
import { HandshakeError, WSAddr, type HandshakeResponse } from "../src/websocket-conn.js";
import { ConnDuplex } from "./duplex.js";
import { translate } from "./errors.js";
import { isServerWriter, nodeUpgrade } from "./http/server.js";

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
export { Server } from "./websocket-server.js";
export type { RateLimit, ServerConn, ServerOptions } from "./websocket-server.js";
export { Hub } from "./websocket-hub.js";

const defaultReadLimit = 32768;
const noBody = new Uint8Array(0);

// ---- the transport over ws ------------------------------------------------------------------

interface Receiver {
  _maxPayload?: number;
  prependListener(event: "error", fn: (err: Error & { code?: string }) => void): unknown;
}

// sendError maps an error of ws.send's or ws.ping's callback.
function sendError(err: Error): Error {
  if (/not open/.test(err.message)) return ErrClosed;
  return translate(err, "write");
}

class WSTransport implements MessageTransport {
  readonly ws: WebSocket;
  readonly subprotocol: string;
  sink!: MessageSink;
  readonly #receiver: Receiver | null;
  errored = false;

  constructor(ws: WebSocket, subprotocol: string) {
    this.ws = ws;
    this.subprotocol = subprotocol;
    // ws bounds a message with its receiver's maxPayload, fixed when the socket was set; the
    // read limit moves it (limit+1 bytes, so that Read reports coder/websocket's text).
    const r = (ws as unknown as { _receiver?: Receiver })._receiver;
    this.#receiver = r !== undefined && typeof r._maxPayload === "number" && typeof r.prependListener === "function" ? r : null;
  }

  bind(sink: MessageSink): void {
    this.sink = sink;
    // A message over the limit: the Conn sends its close frame (with coder/websocket's reason)
    // before ws sends its own bare 1009.
    this.#receiver?.prependListener("error", (err) => {
      if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") this.sink.onTooBig();
    });
  }

  send(type: MessageType, data: Uint8Array, done: (err: Error | null) => void): void {
    this.ws.send(data, { binary: type === MessageBinary, compress: false }, (err) => done(err ? sendError(err) : null));
  }

  readonly ping = (payload: Uint8Array, done: (err: Error | null) => void): void => {
    this.ws.ping(payload, undefined, (err?: Error) => done(err ? sendError(err) : null));
  };

  close(code: number, reason: string): void {
    if (code === 1005) this.ws.close();
    else this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  setReadLimit(n: number): void {
    if (this.#receiver !== null) this.#receiver._maxPayload = n < 0 ? 0 : n + 1;
  }

  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }
}

function onMessage(this: WebSocket, data: Buffer, isBinary: boolean): void {
  // A plain Uint8Array over ws's Buffer (no copy): Read hands out what the browser's Read does.
  transportOf(this).sink.onMessage(isBinary ? MessageBinary : MessageText, new Uint8Array(data.buffer, data.byteOffset, data.length));
}

function onPong(this: WebSocket, data: Buffer): void {
  transportOf(this).sink.onPong(data);
}

function onError(this: WebSocket, err: Error & { code?: string }): void {
  const t = transportOf(this);
  if (err.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
    // Already reported by the receiver hook; without it (another ws), report it now.
    t.sink.onTooBig();
    return;
  }
  t.errored = true;
  if (typeof err.code === "string" && err.code.startsWith("WS_ERR_")) t.sink.onError(new WebSocketError(err.message, null, err));
  else {
    const inner = translate(err, "read");
    t.sink.onError(new WebSocketError(`failed to read frame header: ${inner.message}`, inner));
  }
}

function onClose(this: WebSocket, code: number, reason: Buffer): void {
  const t = transportOf(this);
  // ws reports 1006 when no close frame came: the connection dropped (coder/websocket: EOF).
  if (code === 1006 && !t.errored) t.sink.onError(wsWrap("failed to read frame header", EOF));
  t.sink.onClose(code, reason.toString("utf8"));
}

const kTransport = Symbol("gonet.websocket.transport");

function transportOf(ws: WebSocket): WSTransport {
  return (ws as unknown as { [kTransport]: WSTransport })[kTransport];
}

// wrap makes the Conn of an open ws WebSocket and takes over its events.
function wrap(ws: WebSocket, net: string, laddr: () => WSAddr, raddr: WSAddr | (() => WSAddr), subprotocol: string, response: HandshakeResponse | null): Conn {
  ws.binaryType = "nodebuffer";
  const t = new WSTransport(ws, subprotocol);
  const { conn, sink } = newConn({ transport: t, net, localAddr: laddr, remoteAddr: raddr, response });
  t.bind(sink);
  (ws as unknown as { [kTransport]: WSTransport })[kTransport] = t;
  ws.on("message", onMessage);
  ws.on("pong", onPong);
  ws.on("error", onError);
  ws.on("close", onClose);
  return conn;
}

function hostPort(address: string | undefined, port: number | undefined): string {
  return JoinHostPort(address ?? "", String(port ?? 0));
}

function headerOf(raw: string[]): Header {
  const h = new Header();
  for (let i = 0; i + 1 < raw.length; i += 2) h.Add(raw[i]!, raw[i + 1]!);
  return h;
}

// ---- Dial ---------------------------------------------------------------------------------

// dialError maps what ws reports when the handshake request fails before any response.
function dialError(err: Error & { code?: string; syscall?: string; address?: string; port?: number; hostname?: string }, host: string): Error {
  // A gonet Conn under the request (an HTTPClient's Transport) failed with gonet's own error (a TLS alert, …).
  if (err instanceof GoError) return err;
  const code = err.code ?? "";
  // The connection ended before any answer (node's "socket hang up"): Go's Transport says io.EOF.
  if (code === "ECONNRESET" && err.syscall === undefined && err.message === "socket hang up") return EOF;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_NODATA") {
    const dns = new DNSError({ Err: code === "EAI_AGAIN" ? "server misbehaving" : "no such host", Name: err.hostname ?? host, IsNotFound: code !== "EAI_AGAIN", IsTemporary: code === "EAI_AGAIN", cause: err });
    return new OpError({ Op: "dial", Net: "tcp", Err: dns });
  }
  if (err.syscall === "connect" && /^E[A-Z0-9]+$/.test(code)) {
    const ip = err.address !== undefined ? ParseIP(err.address) : null;
    return new OpError({ Op: "dial", Net: "tcp", Addr: ip !== null ? new TCPAddr({ IP: ip, Port: err.port ?? 0 }) : null, Err: translate(err, "connect") });
  }
  if (/^E[A-Z0-9]+$/.test(code)) return translate(err, "connect");
  return new WebSocketError(err.message, null, err);
}

function flatHeaders(h: DialOptions["HTTPHeader"]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (h === undefined || h === null) return out;
  const hh = h instanceof Header ? h : new Header(h);
  for (const [k, vs] of hh) {
    // Go's Client sends Request.Host, never a Host header field; the WebSocket fields are Dial's.
    if (/^(host|connection|upgrade|sec-websocket-(key|version|protocol|extensions))$/i.test(k)) continue;
    out[k] = [...vs];
  }
  return out;
}

function secWebSocketAccept(key: string): string {
  return createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}

/**
 * Dial performs the WebSocket handshake on url (ws://, wss://, http:// or https://) and resolves
 * the Conn (coder/websocket's Dial; the handshake response is on `conn.response`). A failed
 * handshake rejects with coder/websocket's text: a HandshakeError for an answer other than a
 * valid 101 (`failed to WebSocket dial: expected handshake response status code 101 but got
 * 403`, its `response` holding the answer), a WebSocketError around the net error when no
 * answer came (`failed to WebSocket dial: failed to send handshake request: Get
 * "http://127.0.0.1:1": dial tcp 127.0.0.1:1: connect: connection refused`).
 *
 * With opts.HTTPClient, its gonet/http Transport makes the connection, as the Transport makes its
 * own: DialContext dials it, and for wss gonet/tls secures it with TLSClientConfig (a private CA
 * in RootCAs, ServerName, InsecureSkipVerify, client Certificates) within TLSHandshakeTimeout, so
 * a bad certificate fails with Go's text (`… Get "https://127.0.0.1:8443/": tls: failed to
 * verify certificate: x509: certificate signed by unknown authority`). The Client's Timeout bounds
 * the handshake (`… context deadline exceeded`) and its Jar's cookies are sent and stored. A
 * Transport other than gonet/http's rejects with ErrUnsupported.
 *
 * @example
 * const conn = await Dial("ws://127.0.0.1:8080/chat", { Subprotocols: ["chat.v1"], signal: AbortSignal.timeout(5000) });
 * const pool = NewCertPool();
 * pool.AppendCertsFromPEM(caPEM);
 * const tr = new Transport({ TLSClientConfig: { RootCAs: pool } });
 * const secure = await Dial("wss://internal.example:8443/feed", { HTTPClient: new Client({ Transport: tr }) });
 */
export function Dial(url: string, opts: DialOptions = {}): Promise<Conn> {
  const fail = (inner: Error): WebSocketError => wsWrap("failed to WebSocket dial", inner);
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    return Promise.reject(fail(new WebSocketError(`failed to parse url: ${new URLError("parse", url, "invalid URL").message}`, null, err)));
  }
  const scheme = u.protocol.slice(0, -1);
  const httpScheme = scheme === "ws" ? "http" : scheme === "wss" ? "https" : scheme;
  if (httpScheme !== "http" && httpScheme !== "https") return Promise.reject(fail(new WebSocketError(`unexpected url scheme: ${goQuote(scheme)}`)));
  const net = httpScheme === "https" ? "wss" : "ws";
  // The request's URL as Go prints it in a client error (`Get "http://host/path"`).
  const reqURL = httpScheme + url.slice(url.indexOf(":"));
  const target: DialTarget = { u, net, reqURL, wsURL: `${net}:${url.slice(url.indexOf(":") + 1)}`, fail };
  const client = opts.HTTPClient ?? null;
  // coder/websocket's default is http.DefaultClient: wss goes through DefaultTransport, so the
  // TLS is gonet/tls's, with Go's certificate checks and texts; plain ws keeps ws's own socket.
  if (client === null && net === "ws") return handshake(target, opts, opts.signal ?? null, null, null);
  return dialWithClient(target, opts, client);
}

// DialTarget is what Dial made of its url.
interface DialTarget {
  u: URL;
  net: "ws" | "wss";
  reqURL: string;
  wsURL: string;
  fail: (inner: Error) => WebSocketError;
}

// ConnectFunc makes the connection a handshake rides (an HTTPClient's Transport).
type ConnectFunc = (signal: AbortSignal | null) => Promise<NetConnection>;

type TransportModule = typeof import("./http/transport.js");
let transportModule: Promise<TransportModule> | null = null;

// dialWithClient dials through opts.HTTPClient (coder/websocket's HTTPClient.Do; null means
// DefaultClient). The Transport module (and undici under it) is loaded only by Dials that use it.
async function dialWithClient(d: DialTarget, opts: DialOptions, client: Client | null): Promise<Conn> {
  const mod = await (transportModule ??= import("./http/transport.js"));
  const rt = client?.Transport ?? mod.DefaultTransport;
  if (!(rt instanceof mod.Transport)) {
    throw d.fail(
      new WebSocketError(
        "unsupported operation (HTTPClient.Transport must be gonet/http's Transport: only its connections can be handed over to the WebSocket after the handshake)",
        ErrUnsupported,
      ),
    );
  }
  // coder/websocket: a Client's Timeout becomes the handshake's context timeout.
  let signal = opts.signal ?? null;
  let stop = noop;
  if (client !== null && client.Timeout > 0) {
    const parent = signal;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(ErrContextDeadlineExceeded), client.Timeout);
    const onParent = (): void => ac.abort(parent!.reason);
    if (parent !== null) {
      if (parent.aborted) onParent();
      else parent.addEventListener("abort", onParent, { once: true });
    }
    stop = () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParent);
    };
    signal = ac.signal;
  }
  const https = d.net === "wss";
  // Plain ws without a DialContext rides ws's own socket, as the Transport rides undici's.
  const connect: ConnectFunc | null = https || rt.DialContext !== null ? (sig) => mod.dialTransportConn(rt, sig, https, d.u.hostname, d.u.port) : null;
  try {
    return await handshake(d, opts, signal, connect, client?.Jar ?? null);
  } finally {
    stop();
  }
}

// socketLocal is the local address of the socket a handshake rode, as "host:port".
function socketLocal(s: Duplex): string {
  const la = s as { localAddress?: string; localPort?: number; conn?: NetConnection };
  if (la.localAddress !== undefined) return hostPort(la.localAddress, la.localPort);
  return la.conn?.LocalAddr().String() ?? "";
}

function handshake(d: DialTarget, opts: DialOptions, signal: AbortSignal | null, connect: ConnectFunc | null, jar: CookieJar | null): Promise<Conn> {
  const { u, net, reqURL, wsURL, fail } = d;
  const sendFailed = (inner: Error): WebSocketError => fail(new WebSocketError(`failed to send handshake request: ${new URLError("Get", reqURL, inner).message}`, inner));
  if (signal?.aborted) return Promise.reject(sendFailed(contextError(signal)));
  const subprotocols = opts.Subprotocols ?? [];
  const headers = flatHeaders(opts.HTTPHeader);
  // Offered by hand (not as ws's protocols): coder/websocket accepts a server that picks none.
  if (subprotocols.length > 0) headers["Sec-WebSocket-Protocol"] = [subprotocols.join(",")];
  // Go's Client.send: the jar's cookies go into the one Cookie field (Request.AddCookie), and
  // the response's cookies, whatever its status, go back into the jar.
  const jarURL = jar !== null ? new URL(reqURL) : null;
  if (jar !== null) {
    for (const c of jar.Cookies(jarURL!)) {
      const kv = sanitizeCookieName(c.Name) + "=" + sanitizeCookieValue(c.Value, c.Quoted);
      const prev = headers["Cookie"]?.[0] ?? "";
      headers["Cookie"] = [prev !== "" ? prev + "; " + kv : kv];
    }
  }
  const storeCookies = (h: Header): void => {
    if (jar === null) return;
    const rc = readSetCookies(h);
    if (rc.length > 0) jar.SetCookies(jarURL!, rc);
  };
  const raddr = new WSAddr(net, new URL(wsURL).href);

  return new Promise((resolve, reject) => {
    let failure: Error | null = null;
    // The Transport's connection, handed to node's http client through ws (createConnection in
    // its callback form) as a Duplex over the Conn, as the Transport hands its own to undici. (A
    // dialed TCPConn's socket cannot be handed over instead: its reads go to the conn through
    // node's onread, never as 'data'.) A connection that comes after the handshake gave up is
    // closed by node, the request being destroyed by then.
    const createConnection: http.ClientRequestArgs["createConnection"] =
      connect === null
        ? undefined
        : (_o, cb): undefined => {
            connect(signal).then(
              (conn) => cb(null, new ConnDuplex(conn)),
              (err: unknown) => {
                const e = err instanceof Error ? err : new Error(String(err));
                failure ??= sendFailed(e);
                cb(e, undefined as unknown as Duplex); // node reads no socket with an error
              },
            );
            return undefined;
          };
    let ws: WebSocket;
    try {
      ws = new WebSocket(wsURL, [], {
        perMessageDeflate: false,
        maxPayload: defaultReadLimit + 1,
        skipUTF8Validation: true, // coder/websocket hands text messages over as they came
        followRedirects: false,
        headers,
        ...(createConnection !== undefined ? { createConnection } : {}),
      });
    } catch (err) {
      reject(fail(new WebSocketError(`failed to parse url: ${(err as Error).message}`, null, err)));
      return;
    }
    let response: HandshakeResponse | null = null;
    let subprotocol = "";
    let local = "";
    const settle = (): void => {
      ws.off("upgrade", onUpgrade);
      ws.off("unexpected-response", onUnexpected);
      ws.off("open", onOpen);
      signal?.removeEventListener("abort", onAbort);
    };
    const abort = (err: Error): void => {
      failure ??= err;
      ws.terminate(); // ws then reports an error, which rejects with failure
    };
    const onUpgrade = (res: http.IncomingMessage): void => {
      const h = headerOf(res.rawHeaders);
      storeCookies(h);
      response = { StatusCode: res.statusCode ?? 101, Header: h, Body: noBody };
      local = socketLocal(res.socket);
      // The key ws sent (its request is still at hand while it emits "upgrade").
      const sent = (ws as unknown as { _req?: http.ClientRequest | null })._req?.getHeader("sec-websocket-key");
      const key = typeof sent === "string" ? sent : null;
      const bad = verifyServerResponse(h, key, key !== null ? secWebSocketAccept(key) : null, subprotocols);
      if (bad !== null) {
        abort(new HandshakeError(`failed to WebSocket dial: ${bad}`, null, response));
        return;
      }
      subprotocol = h.Get("Sec-WebSocket-Protocol");
      delete res.headers["sec-websocket-protocol"]; // checked above; ws knows of no offer
    };
    const onUnexpected = (req: http.ClientRequest, res: http.IncomingMessage): void => {
      storeCookies(headerOf(res.rawHeaders));
      if (res.statusCode === 101) {
        // A 101 that node did not take as an upgrade (no Connection: Upgrade): coder/websocket's check says why.
        const h = headerOf(res.rawHeaders);
        const key = req.getHeader("sec-websocket-key");
        const bad = verifyServerResponse(h, typeof key === "string" ? key : null, typeof key === "string" ? secWebSocketAccept(key) : null, subprotocols);
        if (bad !== null) {
          req.destroy();
          abort(new HandshakeError(`failed to WebSocket dial: ${bad}`, null, { StatusCode: 101, Header: h, Body: noBody }));
          return;
        }
      }
      // coder/websocket keeps the first 1024 bytes of the body, read for at most 3 s.
      const chunks: Buffer[] = [];
      let n = 0;
      const done = (): void => {
        clearTimeout(timer);
        res.off("data", onData);
        res.off("end", done);
        res.off("error", done);
        const body = new Uint8Array(Buffer.concat(chunks).subarray(0, 1024));
        const r: HandshakeResponse = { StatusCode: res.statusCode ?? 0, Header: headerOf(res.rawHeaders), Body: body };
        req.destroy();
        abort(new HandshakeError(`failed to WebSocket dial: expected handshake response status code 101 but got ${r.StatusCode}`, null, r));
      };
      const onData = (c: Buffer): void => {
        chunks.push(c);
        n += c.length;
        if (n >= 1024) done();
      };
      const timer = setTimeout(done, 3000);
      res.on("data", onData);
      res.once("end", done);
      res.once("error", done);
    };
    const onOpen = (): void => {
      settle();
      const laddr = local;
      ws.off("error", onDialError);
      resolve(wrap(ws, net, () => new WSAddr(net, `${net}://${laddr}`), raddr, subprotocol, response));
    };
    const onDialError = (err: Error): void => {
      ws.off("error", onDialError);
      ws.on("error", noop); // a late error of the dropped handshake must not crash
      settle();
      if (failure !== null) {
        reject(failure);
        return;
      }
      const msg = err.message;
      // ws's own checks of a 101 (the ones coder/websocket does not make first).
      if (/^(Invalid|Server sent|Server indicated)/.test(msg)) reject(new HandshakeError(`failed to WebSocket dial: ${msg}`, err, response));
      else reject(sendFailed(dialError(err, u.hostname)));
    };
    const onAbort = (): void => abort(sendFailed(contextError(signal!)));
    ws.on("upgrade", onUpgrade);
    ws.on("unexpected-response", onUnexpected);
    ws.on("open", onOpen);
    ws.on("error", onDialError);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function noop(): void {}

// ---- Accept -------------------------------------------------------------------------------

interface PendingAccept {
  subprotocol: string;
  extra: string[];
  reject: (err: Error) => void;
}

const pending = new WeakMap<http.IncomingMessage, PendingAccept>();
let server: WebSocketServer | null = null;

// One ws server for every Accept: per request state (the chosen subprotocol, the handler's
// extra headers) is looked up by the node request.
function wsServer(): WebSocketServer {
  if (server !== null) return server;
  const s = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    clientTracking: false,
    skipUTF8Validation: true,
    maxPayload: defaultReadLimit + 1,
    handleProtocols: (_offered, req) => pending.get(req)?.subprotocol || false,
  });
  s.on("headers", (headers: string[], req: http.IncomingMessage) => {
    const p = pending.get(req);
    if (p !== undefined) headers.push(...p.extra);
  });
  // ws found the request malformed after all: answer it here, as coder/websocket would have.
  s.on("wsClientError", (err: Error, socket: Duplex, req: http.IncomingMessage) => {
    socket.on("error", noop);
    const body = err.message + "\n";
    socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    pending.get(req)?.reject(new WebSocketError(err.message, null, err));
  });
  s.on("error", noop);
  server = s;
  return s;
}

// Fields ws writes in the 101 itself.
const ownHeaders = /^(upgrade|connection|sec-websocket-(accept|protocol|extensions))$/i;

// extraHeaderLines is the handler's header as the lines of the 101 (ws joins them with CRLF and
// writes the head as UTF-8, so a value goes out as its UTF-8 bytes). They are Go's wire format
// (Header.WriteSubset, as Go's server writes any response head): sorted keys, names that are not
// tokens dropped, CR and LF in a value turned into spaces, so request data a handler copies into
// a header cannot split the 101 (inject a Set-Cookie line or end the head).
function extraHeaderLines(h: Header): string[] {
  const own = new Set<string>();
  for (const k of h.keys()) if (ownHeaders.test(k)) own.add(k);
  const wire = h.wireFormat(own);
  return wire === "" ? [] : wire.slice(0, -2).split("\r\n");
}

/**
 * serverWriter finds the gonet server's ResponseWriter behind w: w itself, or the writer reached
 * through Unwrap (Go's rwUnwrapper, as ResponseController walks it), or null. A wrapper's own
 * Hijack is not called: ws needs node's socket, which only the server's writer can hand over.
 */
function serverWriter(w: ResponseWriter): ResponseWriter | null {
  let rw = w as ResponseWriter & { Unwrap?: () => ResponseWriter };
  for (let i = 0; i < 1000; i++) {
    if (isServerWriter(rw)) return rw;
    if (typeof rw.Unwrap !== "function") return null;
    rw = rw.Unwrap() as typeof rw;
  }
  return null;
}

/**
 * refuse answers the handshake with code and msg as coder/websocket's http.Error does, and sends
 * it at once, complete (with its Content-Length, as Go's server would add for so short a body):
 * Accept then rejects, and a handler that lets that propagate (`const c = await Accept(w, r)`)
 * ends with the refusal already on its way, which the server then does not replace.
 */
async function refuse(w: ResponseWriter, msg: string, code: number): Promise<void> {
  const body = msg + "\n";
  const h = w.Header();
  h.Del("Content-Encoding");
  h.Set("Content-Type", "text/plain; charset=utf-8");
  h.Set("X-Content-Type-Options", "nosniff");
  h.Set("Content-Length", String(Buffer.byteLength(body)));
  w.WriteHeader(code);
  await w.Write(body);
  await NewResponseController(w).Flush().catch(noop);
}

/**
 * Accept upgrades the request of a gonet http handler to a WebSocket and resolves its Conn
 * (coder/websocket's Accept). It refuses cross-origin requests unless OriginPatterns allows
 * the origin or InsecureSkipVerify is set, and negotiates one of opts.Subprotocols. On any
 * failure it writes the HTTP error itself (coder/websocket's text, e.g. 403 `request Origin
 * "evil.example" is not authorized for Host "127.0.0.1:8080"`) and rejects with
 * `failed to accept WebSocket connection: …`; that refusal is sent before Accept rejects, so it
 * reaches the client even when the handler lets the rejection propagate. w may be a middleware's
 * wrapper: Accept reaches the server's writer through Unwrap (as ResponseController does) and
 * calls w.WriteHeader(101), so the middleware sees the 101. The headers the handler set on w go
 * out with the 101. After Accept the handler may return; the Conn lives on.
 *
 * @example
 * mux.HandleFunc("/ws", async (w, r) => {
 *   const c = await Accept(w, r, { OriginPatterns: ["app.example.com"] });
 *   await c.Write(MessageText, "welcome");
 *   await c.Close(StatusNormalClosure, "");
 * });
 */
export async function Accept(w: ResponseWriter, r: Request, opts: AcceptOptions = {}): Promise<Conn> {
  const fail = (inner: Error): WebSocketError => wsWrap("failed to accept WebSocket connection", inner);
  const bad = verifyClientRequest(w, r);
  if (bad !== null) {
    await refuse(w, bad[1].message, bad[0]);
    throw fail(bad[1]);
  }
  if (opts.InsecureSkipVerify !== true) {
    const o = authenticateOrigin(r, opts.OriginPatterns ?? []);
    if (o !== null) {
      let err = o[0];
      if (o[1]) {
        console.error(`websocket: ${err.message}`); // coder/websocket logs a bad pattern and answers 403 alone
        err = new WebSocketError("Forbidden");
      }
      await refuse(w, err.message, 403);
      throw fail(err);
    }
  }
  // coder/websocket's hijacker(w): the ResponseWriter is unwrapped as ResponseController does,
  // so Accept works behind middleware whose wrapper has Unwrap.
  const inner = serverWriter(w);
  if (inner === null) {
    await refuse(w, "Not Implemented", 501).catch(noop);
    throw fail(new WebSocketError("http.ResponseWriter does not implement http.Hijacker"));
  }
  let up: { req: http.IncomingMessage; socket: Duplex; head: Buffer };
  try {
    up = nodeUpgrade(inner);
  } catch (e) {
    await refuse(w, "Internal Server Error", 500).catch(noop);
    throw fail(wsWrap("failed to hijack connection", e as Error));
  }
  // coder/websocket's w.WriteHeader(http.StatusSwitchingProtocols), through w so that a
  // middleware sees (and logs) the 101; ws writes it, the server's writer has let go.
  w.WriteHeader(101);
  const subprotocol = selectSubprotocol(r, opts.Subprotocols ?? []);
  const extra = extraHeaderLines(w.Header());
  const { req, socket, head } = up;
  const net = r.TLS !== null ? "wss" : "ws";
  // A TCP socket, or the Duplex over a gonet Conn of a Server on another Listener.
  const la = socket as { localAddress?: string; localPort?: number; conn?: NetConnection };
  const local = la.localAddress !== undefined ? hostPort(la.localAddress, la.localPort) : (la.conn?.LocalAddr().String() ?? "");
  const remote = r.RemoteAddr;
  const target = r.RequestURI;
  return new Promise((resolve, reject) => {
    const onGone = (): void => {
      pending.delete(req);
      reject(fail(wsWrap("failed to hijack connection", ErrClosed)));
    };
    pending.set(req, {
      subprotocol,
      extra,
      reject: (err) => {
        socket.off("close", onGone);
        pending.delete(req);
        reject(fail(err));
      },
    });
    socket.once("close", onGone);
    wsServer().handleUpgrade(req, socket, head, (ws) => {
      socket.off("close", onGone);
      pending.delete(req);
      resolve(
        wrap(
          ws,
          net,
          () => new WSAddr(net, `${net}://${local}${target}`),
          () => new WSAddr(net, `${net}://${remote}`),
          ws.protocol,
          null,
        ),
      );
    });
  });
}
