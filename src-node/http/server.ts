// The HTTP server after Go's net/http/server.go, on node:http's parser and
// response writer. Serve accepts ANY gonet Listener: a TCP listener made by
// gonet's Listen takes the fast path (its node:net sockets go straight to
// node:http), every other Listener (TLS, WebSocket, Pipe-based) is served
// through a node Duplex over each accepted Conn.

import http from "node:http";
import type { Socket } from "node:net";
import { createRequire } from "node:module";
import type { Duplex, Readable } from "node:stream";
import { ErrCanceled, ErrClosed, ErrDeadlineExceeded, OpError } from "../../src/errors.js";
import { Deadline } from "../../src/deadline.js";
import { TCPAddr } from "../../src/addr.js";
import { ParseIP } from "../../src/ip.js";
import { JoinHostPort } from "../../src/ipsock.js";
import type { Addr, Conn, DeadlineInput, Listener } from "../../src/net.js";
import { NoBody, type Body } from "../../src/http/body.js";
import { ReadableBody } from "./body.js";
import { ErrAbortHandler, ErrBodyNotAllowed, ErrContentLength, ErrHijacked, ErrServerClosed, checkWriteHeaderCode, handlerFunc, type Handler, type ResponseWriter } from "../../src/http/handler.js";
import { HTTPError } from "../../src/http/errors.js";
import { CanonicalHeaderKey, Header, TrailerPrefix, wireFields } from "../../src/http/header.js";
import { Request, type RequestInit, type ServerRequest, type TLSConnectionState } from "../../src/http/request.js";
import { DefaultServeMux } from "../../src/http/servemux.js";
import { DetectContentType } from "../../src/http/sniff.js";
import { parseGoURL, requestURL, urlHost } from "../../src/http/url.js";
import { validHostHeader } from "../../src/http/internal.js";
import type { Config as TLSConfig } from "../../src/tls.js";
import { Listen } from "../dial.js";
import { wrapTCP } from "../tcp.js";
import { listenerServers } from "../socket.js";
import { ConnDuplex } from "../duplex.js";
import { LoadX509KeyPair, NewListener } from "../tls/index.js";

/**
 * Hijacker is implemented by the server's ResponseWriter for every HTTP/1.x request, to let a
 * handler take over the connection (Go's http.Hijacker). Hijack resolves the Conn (the accepted
 * Conn itself: a TCPConn, a TLS Conn, …) and the bytes the client sent after the request head
 * that the handler has not read (the unread part of a Content-Length body; for an upgrade
 * request, what followed its head), which come before anything Read from the Conn. After it the
 * server writes nothing more on the connection, Write rejects with ErrHijacked, and Shutdown and
 * Close neither wait for nor close it (RegisterOnShutdown can). The request's context stays
 * valid until ServeHTTP returns.
 *
 * As in Go, a status set with WriteHeader alone is sent first (a 101 for a protocol switch);
 * unlike Go, Hijack after body bytes were written rejects (GONET_HTTP_ERR_HIJACK_WRITTEN).
 * node:http parses what a client sends as soon as it arrives, so bytes it has already parsed
 * past the handler's place cannot be handed back: Hijack rejects with an HTTPError
 * (GONET_HTTP_ERR_HIJACK_PARSED) when node:http has read a pipelined request (or the start of
 * one), when a chunked body was not read to EOF (its framing is gone), or when the body was
 * closed before it all arrived. A client should wait for the server's first bytes after its
 * request, as protocol switches do. Bare CRLFs between requests, which node's parser skips as
 * RFC 9112 section 2.2 allows, are not among the bytes handed back.
 *
 * @example
 * const [conn, head] = await (w as ResponseWriter & Hijacker).Hijack();
 * await conn.Write(new TextEncoder().encode("HTTP/1.1 101 Switching Protocols\r\nUpgrade: chat\r\nConnection: Upgrade\r\n\r\n"));
 */
export interface Hijacker {
  /** Hijack takes over the connection: it resolves the Conn and the client's unread bytes; the server writes nothing more on it. */
  Hijack(): Promise<[Conn, Uint8Array]>;
}

/**
 * nodeUpgrade hands the node:http objects of an upgrade request to a node library (for ws's
 * handleUpgrade in gonet/websocket's Accept); the server then leaves the socket alone. It throws
 * if w is not the ResponseWriter of an upgrade request, or was written to or taken already.
 * @internal
 */
export function nodeUpgrade(w: ResponseWriter): { req: http.IncomingMessage; socket: Duplex; head: Buffer } {
  if (!(w instanceof response)) throw new HTTPError("http: not a gonet server ResponseWriter", "GONET_HTTP_ERR_NOT_HIJACKABLE");
  return w.nodeUpgrade();
}

/**
 * isServerWriter reports whether w is the ResponseWriter gonet's server handed a handler (not a
 * wrapper around it). @internal
 */
export function isServerWriter(w: ResponseWriter): boolean {
  return w instanceof response;
}

/** ServerInit holds the fields a Server is created with (Go's http.Server struct literal). */
export interface ServerInit {
  /** Addr is the TCP address to listen on for ListenAndServe (":http" / ":https" if empty). */
  Addr?: string;
  /** Handler is the handler to invoke; null means DefaultServeMux. */
  Handler?: Handler | null;
  /** ReadTimeout is the maximum duration in ms for reading the entire request, including the body; 0 means none. */
  ReadTimeout?: number;
  /** ReadHeaderTimeout is the time in ms allowed to read request headers; 0 means ReadTimeout is used (none if that is 0: set it on a server facing the internet). */
  ReadHeaderTimeout?: number;
  /** WriteTimeout is the maximum duration in ms before timing out writes of the response; 0 means none. */
  WriteTimeout?: number;
  /** IdleTimeout is the maximum time in ms to wait for the next request on a keep-alive connection; 0 means ReadTimeout. */
  IdleTimeout?: number;
  /** MaxHeaderBytes controls the maximum number of bytes of the request header; 0 means DefaultMaxHeaderBytes (1 MB). */
  MaxHeaderBytes?: number;
  /** TLSConfig optionally provides a TLS configuration for ServeTLS and ListenAndServeTLS. */
  TLSConfig?: TLSConfig | null;
  /** ErrorLog receives the server's error messages (a handler that threw, …); default console.error. */
  ErrorLog?: ((msg: string) => void) | null;
}

/** DefaultMaxHeaderBytes is the maximum permitted size of the headers in an HTTP request (1 MB). */
export const DefaultMaxHeaderBytes = 1 << 20;

// Go's bufferBeforeChunkingSize: a response that fits is sent with a Content-Length.
const bufferBeforeChunkingSize = 2048;
const sniffLen = 512;

const kServing = Symbol("gonet.http.serving");
const kRemote = Symbol("gonet.http.remote");
const kConn = Symbol("gonet.http.conn");
const kUpgrade = Symbol("gonet.http.upgrade");
const kBodyClosed = Symbol("gonet.http.bodyClosed");
// The event a response's write deadline emits on its node response, to fail a Write waiting for 'drain'.
const kWriteTimeout = Symbol("gonet.http.writeTimeout");

interface TaggedSocket {
  [kRemote]?: string;
  [kConn]?: Conn;
}

function bodyAllowedForStatus(status: number): boolean {
  if (status >= 100 && status <= 199) return false;
  return status !== 204 && status !== 304;
}

function remoteAddrOf(s: Duplex): string {
  const t = s as unknown as TaggedSocket;
  let ra = t[kRemote];
  if (ra === undefined) {
    const conn = t[kConn];
    if (conn !== undefined) ra = conn.RemoteAddr().String();
    else {
      const sock = s as Socket;
      ra = sock.remoteAddress !== undefined ? JoinHostPort(sock.remoteAddress, String(sock.remotePort ?? 0)) : "";
    }
    t[kRemote] = ra;
  }
  return ra;
}

function tlsStateOf(s: Duplex): TLSConnectionState | null {
  const conn = (s as unknown as TaggedSocket)[kConn] as { ConnectionState?: () => TLSConnectionState } | undefined;
  if (conn === undefined || typeof conn.ConnectionState !== "function") return null;
  const st = conn.ConnectionState();
  return { Version: st.Version, HandshakeComplete: st.HandshakeComplete, ServerName: st.ServerName };
}

// A server request body: Close leaves the rest to node:http (it discards what was not read);
// Hijack needs to know it was closed.
const closeIncoming = (s: Readable): Promise<void> => {
  (s as unknown as { [kBodyClosed]?: boolean })[kBodyClosed] = true;
  return Promise.resolve();
};
const readError = (e: Error): Error => new OpError({ Op: "read", Net: "tcp", Source: null, Addr: null, Err: e });

/**
 * serverRequest is the Request a handler gets. Its context (an AbortController, which costs
 * about a tenth of a hello-world request) is made only when the handler asks for it; it aborts
 * when the client's connection closes or ServeHTTP returns.
 */
class serverRequest extends Request {
  // Go's server always sets Body (NoBody for none): serve passes body ?? NoBody.
  declare Body: Body;
  readonly #req: http.IncomingMessage;
  readonly #res: http.ServerResponse;
  readonly #host: string;
  readonly #scheme: string;
  #url: URL | null;
  #header: Header | null = null;
  #ac: AbortController | null = null;
  #done = false;

  constructor(req: http.IncomingMessage, res: http.ServerResponse, url: URL | null, host: string, scheme: string, init: RequestInit) {
    super(init);
    this.#req = req;
    this.#res = res;
    this.#url = url;
    this.#host = host;
    this.#scheme = scheme;
    // URL and Header are the prototype's lazy accessors below: Request declares them without
    // defining them, and the values its constructor assigned went to the setters before these
    // private fields existed, which ignore them.
  }

  static {
    Object.defineProperty(serverRequest.prototype, "URL", {
      configurable: true,
      enumerable: true,
      get(this: serverRequest): URL {
        return (this.#url ??= requestURL(this.Method, this.#req.url ?? "/", this.#host, this.#scheme));
      },
      set(this: serverRequest, v: URL) {
        if (#url in this) this.#url = v;
      },
    });
    Object.defineProperty(serverRequest.prototype, "Header", {
      configurable: true,
      enumerable: true,
      get(this: serverRequest): Header {
        if (this.#header === null) {
          const h = new Header();
          const raw = this.#req.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) h.Add(raw[i] as string, raw[i + 1] as string);
          h.delete("Host"); // Go moves it to Request.Host
          this.#header = h;
        }
        return this.#header;
      },
      set(this: serverRequest, v: Header) {
        if (#header in this) this.#header = v;
      },
    });
  }

  override Context(): AbortSignal {
    if (this.#ac === null) {
      const ac = new AbortController();
      this.#ac = ac;
      if (this.#done || this.#res.closed) ac.abort(ErrCanceled);
      else this.#res.once("close", () => ac.abort(ErrCanceled));
    }
    return this.#ac.signal;
  }

  override WithContext(this: ServerRequest, signal: AbortSignal): ServerRequest;
  override WithContext(signal: AbortSignal): Request;
  override WithContext(signal: AbortSignal): Request {
    const r2 = super.WithContext(signal);
    r2.URL = this.URL;
    r2.Header = this.Header;
    return r2;
  }

  override Clone(this: ServerRequest, signal?: AbortSignal | null): ServerRequest;
  override Clone(signal?: AbortSignal | null): Request;
  override Clone(signal?: AbortSignal | null): Request {
    return super.Clone(signal === undefined ? this.Context() : signal);
  }

  /** served is called when ServeHTTP has returned: the context ends. */
  served(): void {
    this.#done = true;
    if (this.#ac !== null && !this.#ac.signal.aborted) this.#ac.abort(ErrCanceled);
  }
}

// Shared stand-ins handed to the Request constructor for the fields serverRequest makes lazily.
const placeholderURL = new URL("http://localhost/");
const placeholderHeader = new Header();
const noEncodings: string[] = [];

type Chunk = Uint8Array | string;

function byteLen(c: Chunk): number {
  return typeof c === "string" ? Buffer.byteLength(c) : c.length;
}

/**
 * continueBody is the Body of a request that came with "Expect: 100-continue": its first Read
 * sends the "100 Continue" the client waits for (Go's expectContinueReader), unless a response
 * was sent first.
 */
class continueBody extends ReadableBody {
  #res: http.ServerResponse | null;

  constructor(res: http.ServerResponse, ...args: ConstructorParameters<typeof ReadableBody>) {
    super(...args);
    this.#res = res;
  }

  #continue(): void {
    const res = this.#res;
    if (res === null) return;
    this.#res = null;
    if (!res.headersSent && !res.writableEnded && !res.destroyed) res.writeContinue();
  }

  override Read(p: Uint8Array): Promise<number | null> {
    this.#continue();
    return super.Read(p);
  }

  override readChunk(): Promise<Uint8Array | null> {
    this.#continue();
    return super.readChunk();
  }
}

/**
 * response is the ResponseWriter a handler gets: headers are sent at the first flush, which
 * happens when more than 2 KB were written, on Flush, or when the handler returns (then with a
 * Content-Length, as Go's chunkWriter does); Write resolves once node has accepted the bytes,
 * awaiting 'drain' when its buffer is full.
 */
class response implements ResponseWriter {
  readonly #res: http.ServerResponse;
  readonly #req: http.IncomingMessage;
  #h: Header | null = null; // made on first Header()
  #status = 0;
  #wroteHeader = false;
  #committed = false;
  #buf: Chunk[] = [];
  #buffered = 0;
  #written = 0;
  #contentLength = -1;
  #declaredTrailers: string[] | null = null;
  #flat: string[] = [];
  #hasType = false;
  #hasTE = false;
  #wide = false; // the head has bytes past ASCII (see writeHead)
  #hijacked = false;
  #hijacking = false;
  handlerDone = false;
  /** body is the request's Body when it has one (Hijack hands back what the handler left of it). */
  body: ReadableBody | null = null;
  /** bodyChunked is true for a chunked request body; bodyEOF once the handler read it to EOF. */
  bodyChunked = false;
  bodyEOF = false;
  /** expectContinue is true when the client waits for "100 Continue" before its body. */
  expectContinue = false;
  /** bodyLength is the request's Content-Length (-1 when chunked). */
  bodyLength = 0;
  /** onHijack is the server's hook: called with true when the connection is hijacked. */
  onHijack: ((hijacked: boolean) => void) | null = null;
  #readDeadline: Deadline | null = null;
  #writeDeadline: Deadline | null = null;

  constructor(req: http.IncomingMessage, res: http.ServerResponse) {
    this.#req = req;
    this.#res = res;
  }

  Header(): Header {
    return (this.#h ??= new Header());
  }

  get committed(): boolean {
    return this.#committed;
  }

  WriteHeader(code: number): void {
    checkWriteHeaderCode(code);
    if (this.#hijacked) return; // Go logs "http: response.WriteHeader on hijacked connection"
    if (this.#wroteHeader) return; // Go logs "superfluous response.WriteHeader call"
    if (code >= 100 && code <= 199 && code !== 101) {
      // Informational headers go out at once; the final status comes later.
      if (code === 103) {
        const links: string[] = [];
        if (this.#h !== null) wireFields(this.#h, null, (k, v) => void (k === "Link" && links.push(v)));
        // node:http refuses Link values that are not of its own link syntax; those hints are
        // not sent (they are only hints), which must not fail the handler.
        try {
          if (links.length > 0) this.#res.writeEarlyHints({ link: links });
        } catch {
          // dropped
        }
      }
      return;
    }
    this.#wroteHeader = true;
    this.#status = code;
    const h = this.#h;
    if (h === null) return;
    // What is sent is the header as it is now (Go's snapshot at WriteHeader), as Go's
    // Header.writeSubset writes it: sorted, invalid names dropped (the "Trailer:" keys among
    // them), CR and LF in values made spaces. Lookups are by canonical key, as Go's chunkWriter
    // reads its header map.
    const flat: string[] = [];
    wireFields(h, null, (k, v) => void flat.push(k, v));
    this.#flat = flat;
    this.#hasType = h.has("Content-Type");
    this.#hasTE = (h.get("Transfer-Encoding")?.[0] ?? "") !== "";
    const cl = h.get("Content-Length")?.[0] ?? "";
    if (cl !== "") {
      const n = Number(cl);
      if (/^[0-9]+$/.test(cl) && Number.isSafeInteger(n)) this.#contentLength = n;
      else {
        // Go logs and drops an invalid Content-Length.
        const i = flat.indexOf("Content-Length");
        if (i >= 0) flat.splice(i, 2);
      }
    }
    const tr = h.get("Trailer");
    if (tr !== undefined) {
      this.#declaredTrailers = [];
      // Go's declareTrailer: canonical names, those RFC 7230 section 4.1.2 forbids left out.
      for (const line of tr) {
        for (const f of line.split(",")) {
          const k = CanonicalHeaderKey(f.trim());
          if (k !== "" && !badTrailer.has(k)) this.#declaredTrailers.push(k);
        }
      }
    }
  }

  /**
   * Hijack lets the handler take over the connection (Go's Hijacker; see Hijacker for what comes
   * back and when it rejects). It waits a turn of the event loop, for node:http to be out of its
   * parser (a handler may run inside its callbacks), then takes the socket from it as node does
   * for an upgrade.
   */
  async Hijack(): Promise<[Conn, Uint8Array]> {
    if (this.#hijacked || this.#hijacking) throw ErrHijacked;
    const up = (this.#res as unknown as { [kUpgrade]?: { socket: Duplex; head: Buffer } })[kUpgrade];
    this.#hijacking = true;
    try {
      // node:http may be inside its parser now, and an adapter's pump inside a push (a handler
      // runs from their callbacks): the socket is taken after they have returned.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const socket = up?.socket ?? this.#req.socket;
      this.#checkHijack(socket);
      const inner = (socket as unknown as TaggedSocket)[kConn];
      if (inner !== undefined && !Object.isExtensible(inner)) throw new HTTPError("http: Hijack needs a Conn it can extend (this one is frozen or sealed)", "GONET_HTTP_ERR_NOT_HIJACKABLE");
      const release = up === undefined ? parserRelease(socket, this.#req) : null;
      // Nothing fails from here on.
      this.#flushStatus();
      if (this.#res.socket === socket) this.#res.detachSocket(socket as Socket);
      release?.();
      this.#hijacked = true;
      this.stopDeadlines();
      this.onHijack?.(true);
      const [conn, buffered] = takeSocket(socket);
      const head = await this.#unreadBody(conn);
      if (up !== undefined) head.push(up.head);
      head.push(...buffered);
      return [conn, head.length === 1 ? (head[0] as Uint8Array) : Buffer.concat(head)];
    } finally {
      this.#hijacking = false;
    }
  }

  // checkHijack throws what Hijack rejects with for the state the response and socket are in.
  #checkHijack(socket: Duplex): void {
    if (this.#hijacked) throw ErrHijacked;
    if (this.handlerDone) throw new HTTPError("net/http: Hijack called after ServeHTTP finished", "GONET_HTTP_ERR_NOT_HIJACKABLE");
    if (this.#committed || this.#written > 0 || this.#res.headersSent) throw new HTTPError("http: Hijack after the response was written", "GONET_HTTP_ERR_HIJACK_WRITTEN");
    if (socket.destroyed || !socket.writable) throw hijackClosed();
    if (this.body === null) return;
    if (this.bodyChunked && !this.bodyEOF) throw new HTTPError("http: Hijack before a chunked request body was read to EOF; gonet cannot hand back its bytes", "GONET_HTTP_ERR_HIJACK_PARSED");
    const req = this.#req as http.IncomingMessage & { [kBodyClosed]?: boolean };
    if (req[kBodyClosed] === true && !req.complete) throw new HTTPError("http: Hijack after the request body was closed before it all arrived; gonet cannot hand back the rest", "GONET_HTTP_ERR_HIJACK_PARSED");
  }

  // flushStatus sends a status set by WriteHeader alone, as Go's Hijack flushes its chunkWriter.
  #flushStatus(): void {
    if (!this.#wroteHeader) return;
    this.#commit();
    this.#flushHead();
  }

  // flushHead sends the head now. node's flushHeaders writes it as a UTF-8 string, which would
  // re-encode the raw bytes of a head that is not ASCII; such a head goes out as latin1.
  #flushHead(): void {
    const res = this.#res as http.ServerResponse & { _send?: (data: string, encoding: string) => boolean };
    if (this.#wide && typeof res._send === "function") res._send("", "latin1");
    else res.flushHeaders();
  }

  // unreadBody resolves the request body bytes the handler has not read (node's parser is gone,
  // so they are all in the body's stream now); a closed body's rest was discarded, as Go's Close
  // discards it. conn is closed if the body fails.
  async #unreadBody(conn: Conn): Promise<Uint8Array[]> {
    const body = this.body;
    const out: Uint8Array[] = [];
    const req = this.#req as http.IncomingMessage & { [kBodyClosed]?: boolean };
    if (body === null || req[kBodyClosed] === true) return out;
    if (!req.complete && !req.destroyed) {
      // The message is over for the server. An IncomingMessage destroyed (it auto-destroys at
      // its end) while not complete would destroy the socket as an aborted request.
      req.complete = true;
      req.push(null);
    }
    try {
      for (let c = await body.readChunk(); c !== null; c = await body.readChunk()) out.push(c);
    } catch (e) {
      await conn.Close().catch(() => {});
      throw e;
    }
    return out;
  }

  /** nodeUpgrade hands the upgrade request's node objects to a node library (ws's handleUpgrade); the server then leaves the socket alone. Internal. */
  nodeUpgrade(): { req: http.IncomingMessage; socket: Duplex; head: Buffer } {
    const up = (this.#res as unknown as { [kUpgrade]?: { socket: Duplex; head: Buffer } })[kUpgrade];
    if (up === undefined) throw new HTTPError("http: nodeUpgrade is only for upgrade requests (Connection: Upgrade)", "GONET_HTTP_ERR_NOT_HIJACKABLE");
    if (this.#hijacking) throw ErrHijacked;
    const s = up.socket;
    this.#checkHijack(s);
    this.#res.detachSocket(s as Socket);
    this.#hijacked = true;
    this.stopDeadlines();
    this.onHijack?.(true);
    // Bytes the socket read past the head are the client's too.
    const extra: Buffer[] = [up.head];
    for (let c = s.read() as Buffer | null; c !== null; c = s.read() as Buffer | null) extra.push(c);
    return { req: this.#req, socket: s, head: extra.length === 1 ? up.head : Buffer.concat(extra) };
  }

  get hijacked(): boolean {
    return this.#hijacked;
  }

  /**
   * SetReadDeadline sets the deadline for reading the request body (Go's response.SetReadDeadline,
   * which sets the connection's): once it passes, a body Read that has to wait for the client
   * fails with `read tcp local->remote: i/o timeout` and the connection closes after the reply.
   * null or 0 lifts it. ResponseController.SetReadDeadline reaches it through middleware.
   */
  SetReadDeadline(deadline: DeadlineInput): void {
    const d = (this.#readDeadline ??= new Deadline(() => this.#readExpired()));
    d.set(deadline);
    if (!d.expired) this.body?.expire(null);
  }

  #readExpired(): void {
    const body = this.body;
    if (body === null || this.#hijacked) return;
    body.expire(deadlineError("read", this.#res.socket ?? this.#req.socket));
    // Go's connReader saw an error: the connection is not reused.
    if (!this.#res.headersSent) this.#res.shouldKeepAlive = false;
  }

  /**
   * SetWriteDeadline sets the deadline for writing the response (Go's response.SetWriteDeadline):
   * once it passes, a Write or Flush waiting for the client and every later one fails with
   * `write tcp local->remote: i/o timeout`, and the connection is closed, its response cut
   * (Go's server closes a connection whose write failed). null or 0 lifts it.
   */
  SetWriteDeadline(deadline: DeadlineInput): void {
    (this.#writeDeadline ??= new Deadline(() => this.#writeExpired())).set(deadline);
  }

  #writeExpired(): void {
    if (this.#hijacked) return;
    this.#res.emit(kWriteTimeout);
  }

  #writeTimedOut(): boolean {
    return this.#writeDeadline?.expired === true;
  }

  /**
   * EnableFullDuplex indicates that the handler interleaves body reads with response writes
   * (Go's response.EnableFullDuplex). node:http never stops a handler from reading the request
   * body once the response started, so there is nothing to switch on: it succeeds.
   */
  EnableFullDuplex(): void {}

  /** stopDeadlines ends the deadline timers: ServeHTTP returned or the connection was taken. */
  stopDeadlines(): void {
    this.#readDeadline?.stop();
    this.#writeDeadline?.stop();
  }

  // Write and Flush resolve Go's error values, which Go's handlers commonly ignore: a promise a
  // handler leaves unawaited must not end the process with an unhandled rejection, so each is
  // marked handled (one awaited still rejects).
  Write(p: Uint8Array | string): Promise<number> {
    return handled(this.#write(p));
  }

  Flush(): Promise<void> {
    return handled(this.#flush());
  }

  #write(p: Uint8Array | string): Promise<number> {
    if (this.#hijacked) return Promise.reject(ErrHijacked);
    if (this.#writeTimedOut()) return Promise.reject(this.#cutForWriteTimeout());
    if (!this.#wroteHeader) this.WriteHeader(200);
    const n = byteLen(p);
    if (n === 0) return Promise.resolve(0);
    if (!bodyAllowedForStatus(this.#status)) return Promise.reject(ErrBodyNotAllowed);
    if (this.#contentLength !== -1 && this.#written + n > this.#contentLength) return Promise.reject(ErrContentLength);
    this.#written += n;
    if (!this.#committed) {
      this.#buf.push(typeof p === "string" ? p : p.slice());
      this.#buffered += n;
      if (this.#buffered <= bufferBeforeChunkingSize) return Promise.resolve(n);
      this.#commit();
      return this.#writeOut(this.#takeBuffered()).then(() => n);
    }
    return this.#writeOut(p).then(() => n);
  }

  async #flush(): Promise<void> {
    if (this.#hijacked) throw ErrHijacked;
    if (this.#writeTimedOut()) throw this.#cutForWriteTimeout();
    if (!this.#wroteHeader) this.WriteHeader(200);
    if (!this.#committed) this.#commit();
    if (this.#buf.length > 0) await this.#writeOut(this.#takeBuffered());
    else if (!this.#res.headersSent) this.#flushHead();
  }

  /** requestTooLarge is MaxBytesReader's hook: the connection closes after this response. */
  requestTooLarge(): void {
    if (!this.#res.headersSent) this.#res.shouldKeepAlive = false;
  }

  // cutForWriteTimeout closes the connection after the write deadline passed (Go's server closes
  // a connection whose write failed) and returns the error of the write that found it so.
  #cutForWriteTimeout(): OpError {
    const err = deadlineError("write", this.#res.socket ?? this.#req.socket);
    this.#res.destroy();
    return err;
  }

  #takeBuffered(): Chunk {
    const b = this.#buf;
    this.#buf = [];
    this.#buffered = 0;
    if (b.length === 1) return b[0] as Chunk;
    return Buffer.concat(b.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  }

  // wire is what is handed to node for the body chunk c: bytes when the head is not ASCII, since
  // node sends the head in front of a first string chunk, both as UTF-8 (which would re-encode
  // the head's raw bytes).
  #wire(c: Chunk): Chunk {
    return this.#wide && typeof c === "string" ? Buffer.from(c) : c;
  }

  // writeOut hands c to node and settles once node accepted it: at once, or at 'drain'. It
  // rejects (Go's write error for a closed connection) when the response or its socket closes
  // first: the socket is watched too, since an upgrade request's response (made by #upgrade on
  // a socket node:http let go of) gets no 'close' when its socket closes before it is assigned.
  #writeOut(c: Chunk): Promise<void> {
    const res = this.#res;
    const sock = res.socket;
    if (res.destroyed || res.writableEnded || sock === null || sock.destroyed) return Promise.reject(writeClosed());
    if (res.write(this.#wire(c))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        res.off("drain", onDrain);
        res.off("close", onClose);
        res.off(kWriteTimeout, onTimeout);
        sock.off("close", onClose);
      };
      const onTimeout = (): void => {
        done();
        reject(this.#cutForWriteTimeout());
      };
      const onDrain = (): void => {
        done();
        resolve();
      };
      const onClose = (): void => {
        done();
        reject(writeClosed());
      };
      res.on("drain", onDrain);
      res.on("close", onClose);
      res.on(kWriteTimeout, onTimeout);
      sock.on("close", onClose);
    });
  }

  // commit sends the status line and headers (Go's chunkWriter.writeHeader).
  #commit(): void {
    this.#committed = true;
    const res = this.#res;
    const status = this.#status;
    const flat = this.#flat;
    const allowed = bodyAllowedForStatus(status);
    if (allowed && !this.#hasType && !this.#hasTE && this.#buffered > 0) {
      flat.push("Content-Type", sniff(this.#buf));
    }
    if (this.handlerDone && this.#declaredTrailers === null && allowed && !this.#hasTE && this.#contentLength === -1 && (this.#buffered > 0 || this.#req.method !== "HEAD")) {
      flat.push("Content-Length", String(this.#buffered));
    }
    if (res.headersSent) return;
    // Go's chunkWriter.writeHeader: a client offered a body on "Expect: 100-continue" and the
    // handler has not read it to EOF (Go's expectContinueReader.sawEOF, which a Read of the last
    // byte of a Content-Length body sets): the connection closes after the reply. (node:http's
    // own view lags: it may run the handler between a body's last bytes and its end.)
    if (this.expectContinue && !this.bodyEOF && !(this.bodyLength >= 0 && (this.body?.bytesRead ?? 0) >= this.bodyLength)) res.shouldKeepAlive = false;
    this.#writeHead(status, flat);
  }

  /**
   * writeHead hands the head to node as Go writes it. Go's strings are bytes: a value's UTF-8
   * bytes go out as they are, so a value that is not ASCII is given to node as the latin1 string
   * of its UTF-8 bytes (node writes header text as latin1). node refuses control bytes in values
   * (Go sends all but CR and LF, which wireFields made spaces) and a Trailer header on a response
   * it does not chunk: those fields reach node as placeholders that are then replaced, in the
   * head node built (its _header string), by the real lines. The head is only sent later.
   */
  #writeHead(status: number, flat: string[]): void {
    const res = this.#res;
    let patch = false;
    for (let i = 1; i < flat.length; i += 2) {
      const v = flat[i] as string;
      if (nonASCII.test(v)) {
        flat[i] = Buffer.from(v, "utf8").toString("latin1");
        this.#wide = true;
      }
      if (nodeRefusesValue.test(flat[i] as string) || (flat[i - 1] as string).toLowerCase() === "trailer") patch = true;
    }
    if (!patch) {
      res.writeHead(status, flat);
      return;
    }
    const give: string[] = [];
    let safe = "";
    let real = "";
    for (let i = 0; i < flat.length; i += 2) {
      const k = flat[i] as string;
      const v = flat[i + 1] as string;
      real += k + ": " + v + "\r\n";
      if (nodeRefusesValue.test(v) || k.toLowerCase() === "trailer") {
        give.push(placeholderKey, String(i));
        safe += placeholderKey + ": " + i + "\r\n";
      } else {
        give.push(k, v);
        safe += k + ": " + v + "\r\n";
      }
    }
    res.writeHead(status, give);
    const o = res as unknown as { _header?: unknown };
    const head = o._header;
    const at = typeof head === "string" ? head.indexOf("\r\n") + 2 : -1;
    if (typeof head !== "string" || at < 2 || head.slice(at, at + safe.length) !== safe) {
      throw new HTTPError(`http: cannot send header bytes node:http refuses: Node ${process.version} does not build its head as gonet expects`, "GONET_HTTP_ERR_RAW_HEADER");
    }
    o._header = head.slice(0, at) + real + head.slice(at + safe.length);
  }

  /** finish completes the response after the handler returned. */
  finish(): void {
    this.handlerDone = true;
    this.stopDeadlines();
    if (this.#hijacked) return;
    if (!this.#wroteHeader) this.WriteHeader(200);
    const res = this.#res;
    if (res.destroyed || res.writableEnded) return;
    if (this.#writeTimedOut()) {
      // Go's finishRequest flushes into a connection past its write deadline: that fails, and
      // the connection is closed.
      this.#cutForWriteTimeout();
      return;
    }
    // Go's shouldReuseConnection: a body shorter than its declared Content-Length leaves the
    // client waiting for bytes that will not come, so the connection closes after the reply.
    if (this.#contentLength !== -1 && this.#written !== this.#contentLength && this.#req.method !== "HEAD" && bodyAllowedForStatus(this.#status)) {
      const sock = res.socket;
      if (!res.headersSent) res.shouldKeepAlive = false;
      else if (sock !== null) res.once("finish", () => sock.end());
    }
    if (!this.#committed) {
      this.#commit();
      const body = this.#buffered > 0 ? this.#takeBuffered() : null;
      this.#addTrailers();
      if (body === null) res.end();
      else res.end(this.#wire(body));
      return;
    }
    if (this.#buf.length > 0) res.write(this.#wire(this.#takeBuffered()));
    this.#addTrailers();
    res.end();
  }

  // addTrailers hands node the trailers as Go's chunkWriter.close writes them: Go's
  // finalTrailers (the "Trailer:"-prefixed keys, then the declared ones), written by
  // Header.Write's rules, values as raw bytes (see writeHead).
  #addTrailers(): void {
    const h = this.#h;
    const res = this.#res;
    if (h === null || !res.chunkedEncoding) return;
    let t: Header | null = null;
    for (const [k, vv] of h) if (k.startsWith(TrailerPrefix)) (t ??= new Header()).set(k.slice(TrailerPrefix.length), vv);
    for (const k of this.#declaredTrailers ?? []) for (const v of h.get(k) ?? []) (t ??= new Header()).Add(k, v);
    if (t === null) return;
    const give: [string, string][] = [];
    let safe = "";
    let real = "";
    let patch = false;
    wireFields(t, null, (k, v) => {
      if (nonASCII.test(v)) v = Buffer.from(v, "utf8").toString("latin1");
      real += k + ": " + v + "\r\n";
      if (nodeRefusesValue.test(v)) {
        patch = true;
        v = String(give.length);
        k = placeholderKey;
      }
      give.push([k, v]);
      safe += k + ": " + v + "\r\n";
    });
    if (give.length === 0) return;
    res.addTrailers(give);
    if (!patch) return;
    const o = res as unknown as { _trailer?: unknown };
    if (o._trailer !== safe) throw new HTTPError(`http: cannot send trailer bytes node:http refuses: Node ${process.version} does not build its trailers as gonet expects`, "GONET_HTTP_ERR_RAW_HEADER");
    o._trailer = real;
  }

  /**
   * fail ends the response of a handler that threw, as Go's conn.serve does after a panic: it
   * closes the connection. What the response already sent (committed: a Flush, more than 2 KB
   * written, a refusal Accept sent) goes out first, so the client gets it, truncated where the
   * handler stopped; what was only buffered (a status or body the server had not sent yet) is
   * dropped, and a handler that threw before anything was sent leaves the client with no
   * response at all (Go sends no 500 either).
   */
  fail(): void {
    this.stopDeadlines();
    if (this.#hijacked) return;
    const res = this.#res;
    if (res.destroyed || res.writableEnded) return;
    this.#buf = [];
    this.#buffered = 0;
    res.shouldKeepAlive = false;
    const sock = res.socket;
    if (sock === null) {
      res.destroy();
      return;
    }
    // Go's c.close: flush what the connection holds, then close it.
    sock.end();
    setTimeout(() => sock.destroy(), 1000).unref();
  }
}

// DetectContentType is pure: the answers for short string bodies (the constant bodies handlers
// tend to write) are remembered, a bounded few.
const sniffCache = new Map<string, string>();

function sniff(chunks: Chunk[]): string {
  const first = chunks[0] as Chunk;
  if (chunks.length === 1) {
    if (typeof first !== "string") return DetectContentType(first.subarray(0, sniffLen));
    if (first.length > 256) return DetectContentType(first);
    let ct = sniffCache.get(first);
    if (ct === undefined) {
      ct = DetectContentType(first);
      if (sniffCache.size >= 256) sniffCache.clear();
      sniffCache.set(first, ct);
    }
    return ct;
  }
  const b = Buffer.concat(chunks.map((c) => (typeof c === "string" ? Buffer.from(c) : c)));
  return DetectContentType(b.subarray(0, sniffLen));
}

// addrOf is a node socket's address as a TCPAddr, or null.
function addrOf(address: string | undefined, port: number | undefined): TCPAddr | null {
  if (address === undefined) return null;
  const pct = address.indexOf("%");
  return new TCPAddr({ IP: ParseIP(pct < 0 ? address : address.slice(0, pct)), Port: port ?? 0, Zone: pct < 0 ? "" : address.slice(pct + 1) });
}

/** deadlineError is the error of a read or write past its deadline: Go's `read tcp local->remote: i/o timeout`. */
function deadlineError(op: "read" | "write", s: Duplex): OpError {
  const conn = (s as unknown as TaggedSocket)[kConn];
  let source: Addr | null = null;
  let addr: Addr | null = null;
  if (conn !== undefined) {
    source = conn.LocalAddr();
    addr = conn.RemoteAddr();
  } else {
    const sock = s as Socket;
    source = addrOf(sock.localAddress, sock.localPort);
    addr = addrOf(sock.remoteAddress, sock.remotePort);
  }
  return new OpError({ Op: op, Net: "tcp", Source: source, Addr: addr, Err: ErrDeadlineExceeded });
}

function writeClosed(): OpError {
  return new OpError({ Op: "write", Net: "tcp", Source: null, Addr: null, Err: ErrClosed });
}

const errorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n";

/**
 * badRequest answers a request Go's readRequest refuses with Go's bytes (conn.serve): for a
 * badRequestError(text), "HTTP/1.1 400 Bad Request: text" and the same as the body, else the
 * plain "400 Bad Request"; then the connection closes. It goes through node's response (so it
 * waits its turn behind a pipelined response in flight), with node's own Date, Content-Length
 * and Transfer-Encoding left out; for a HEAD request node sends no body.
 */
function badRequest(res: http.ServerResponse, text: string): void {
  const publicErr = text === "" ? "400 Bad Request" : "400 Bad Request: " + text;
  res.shouldKeepAlive = false;
  res.removeHeader("Date");
  res.removeHeader("Content-Length");
  res.removeHeader("Transfer-Encoding");
  res.writeHead(400, publicErr.slice(4), ["Content-Type", "text/plain; charset=utf-8", "Connection", "close"]);
  res.end(publicErr);
}

const ignore = (): void => {};

/** handled marks p as handled (a rejection nobody awaits is not reported) and returns it. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(ignore);
  return p;
}

const nonASCII = /[^\x00-\x7f]/;
// What node:http's checkInvalidHeaderChar refuses in a value (Go sends these bytes).
const nodeRefusesValue = /[^\t\x20-\x7e\x80-\xff]/;
// The name a field node refuses goes to node under; it is replaced before anything is sent.
const placeholderKey = "X-Gonet-Raw-Field";

// Go's badTrailer (httpguts.ValidTrailerHeader): fields RFC 7230 section 4.1.2 forbids in trailers.
const badTrailer = new Set([
  "Authorization", "Cache-Control", "Connection", "Content-Encoding", "Content-Length", "Content-Range", "Content-Type", "Expect", "Host",
  "Keep-Alive", "Max-Forwards", "Pragma", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "Range", "Realm", "Te", "Trailer",
  "Transfer-Encoding", "Www-Authenticate",
]);

// What Hijack of a request without Connection: Upgrade needs from node:http (Node 20's
// lib/_http_server.js and lib/_http_common.js): the socket's parser, the listeners
// connectionListenerInternal puts on the socket (bound functions, hence the names), and
// _http_common's freeParser. The only other internals gonet touches are a ServerResponse's
// _header and _trailer strings, patched (after a check of what node built) with header bytes
// node refuses, and its _send, to flush a head that is not ASCII as latin1 (response.writeHead).
interface nodeParser {
  incoming: unknown;
  _consumed?: boolean;
  unconsume(): void;
  finish(): unknown;
  headersCompleted(): boolean;
}

const parserListeners: readonly (readonly [string, string])[] = [
  ["data", "bound socketOnData"],
  ["end", "bound socketOnEnd"],
  ["close", "bound socketOnClose"],
  ["drain", "bound socketOnDrain"],
  ["error", "socketOnError"],
  ["timeout", "socketOnTimeout"],
];

type freeParserFunc = (parser: nodeParser, req: http.IncomingMessage, socket: Duplex) => void;
let freeParser: freeParserFunc | null | undefined;

function loadFreeParser(): freeParserFunc | null {
  try {
    const f = (createRequire(import.meta.url)("_http_common") as { freeParser?: unknown }).freeParser;
    return typeof f === "function" ? (f as freeParserFunc) : null;
  } catch {
    return null;
  }
}

/**
 * parserRelease prepares to take socket out of node:http after its request req, the way node's
 * own upgrade path does (onParserExecuteCommon in Node 20's lib/_http_server.js): it checks
 * everything that needs, then returns the step that does it (the server's listeners come off
 * the socket, the parser lets go of the handle and is finished and freed). It throws, having
 * changed nothing, if this Node's internals are not those (an HTTPError naming the Node
 * version, never a half-released socket) or if the parser has read past req: a pipelined
 * request, or the start of one, is parsed and its bytes are gone.
 */
function parserRelease(socket: Duplex, req: http.IncomingMessage): () => void {
  const s = socket as Duplex & { parser?: nodeParser | null; _handle?: unknown };
  const p = s.parser;
  if (p === null || p === undefined) throw hijackClosed();
  freeParser ??= loadFreeParser();
  const free = freeParser;
  const found: [string, (...args: unknown[]) => void][] = [];
  for (const [ev, name] of parserListeners) {
    const f = s.listeners(ev).find((l) => l.name === name);
    if (f !== undefined) found.push([ev, f as (...args: unknown[]) => void]);
  }
  if (free === null || found.length !== parserListeners.length || typeof p.unconsume !== "function" || typeof p.finish !== "function" || typeof p.headersCompleted !== "function") {
    throw new HTTPError(`http: Hijack of a request without Connection: Upgrade needs node:http internals that Node ${process.version} does not have`, "GONET_HTTP_ERR_NOT_HIJACKABLE");
  }
  if (p.incoming !== req || !p.headersCompleted()) {
    throw new HTTPError("http: Hijack after the server parsed bytes past this request (a pipelined request); gonet cannot hand them back", "GONET_HTTP_ERR_HIJACK_PARSED");
  }
  return () => {
    for (const [ev, f] of found) s.removeListener(ev, f);
    if (s._handle !== undefined && s._handle !== null) {
      // node's unconsume(): the parser stops reading the handle itself.
      if (p._consumed === true) p.unconsume();
      p._consumed = false;
      for (const ev of ["resume", "pause"]) for (const f of s.listeners(ev)) if (f.name === "onSocketResume" || f.name === "onSocketPause") s.removeListener(ev, f as (...args: unknown[]) => void);
    }
    p.finish();
    free(p, req, s);
  };
}

function hijackClosed(): HTTPError {
  return new HTTPError("http: Hijack of a closed connection", "GONET_HTTP_ERR_NOT_HIJACKABLE");
}

/**
 * takeSocket hands a socket that left node:http to a hijacker: it resolves the Conn and the
 * bytes the socket (or, on the adapter path, the Duplex over the accepted Conn) holds unread.
 * A TCP socket is made a TCPConn. An adapter Duplex's pump (duplex.ts) reads its Conn while the
 * Duplex wants data: it is made to have exactly one read in flight, whose result becomes the
 * Conn's first Read, and to read nothing after it. It must not be called from inside the pump
 * (Hijack waits a turn of the event loop first).
 */
function takeSocket(s: Duplex): [Conn, Uint8Array[]] {
  const inner = (s as unknown as TaggedSocket)[kConn];
  const buffered: Uint8Array[] = [];
  if (inner === undefined) {
    const sock = s as Socket;
    sock.setTimeout(0);
    (sock as { readableFlowing: boolean | null }).readableFlowing = null;
    for (let c = sock.read() as Buffer | null; c !== null; c = sock.read() as Buffer | null) buffered.push(c);
    return [wrapTCP(sock, "tcp"), buffered];
  }
  const o = s as unknown as { conn: Conn; push(c: Uint8Array | null): boolean; destroy(e?: Error): Duplex; _read(n: number): void; readableFlowing: boolean | null; read(): Uint8Array | null };
  let settle!: (r: Uint8Array | null | Error) => void;
  const inFlight = new Promise<Uint8Array | null | Error>((resolve) => (settle = resolve));
  // The pump ends its loop when push returns false; it destroys the Duplex on a read error.
  o.push = (c) => {
    settle(c);
    return false;
  };
  o.destroy = (e) => {
    settle(e ?? null);
    return s;
  };
  // A pump that reads with Read looks the method up on each read: it keeps the Conn's own.
  const c = inner as unknown as { Read(p: Uint8Array): Promise<number | null>; readChunk?: unknown };
  if (typeof c.readChunk !== "function") {
    o.conn = { Read: c.Read.bind(inner), Write: inner.Write.bind(inner), Close: inner.Close.bind(inner) } as unknown as Conn;
  }
  o.readableFlowing = null;
  for (let b = o.read(); b !== null; b = o.read()) buffered.push(b);
  o._read(0); // starts the pump if it is idle: then, too, exactly one read is in flight
  o._read = () => {};
  prefixReads(inner, inFlight);
  return [inner, buffered];
}

/**
 * prefixReads makes conn's next Read (and readChunk, gonet's copy-free read) return what first
 * resolves to before conn is read again; then conn's own methods are back.
 */
function prefixReads(conn: Conn, first: Promise<Uint8Array | null | Error>): void {
  const c = conn as unknown as { Read: (p: Uint8Array) => Promise<number | null>; readChunk?: () => Promise<Uint8Array | null> };
  const read = c.Read;
  const readChunk = c.readChunk;
  const own = { Read: Object.getOwnPropertyDescriptor(c, "Read"), readChunk: Object.getOwnPropertyDescriptor(c, "readChunk") };
  let taken = false;
  let left: Uint8Array | null = null;
  const restore = (): void => {
    for (const k of ["Read", "readChunk"] as const) {
      const d = own[k];
      if (d !== undefined) Object.defineProperty(c, k, d);
      else delete c[k];
    }
  };
  // next resolves the rest of the prefix, null once it is used up (then conn is read itself).
  const next = async (): Promise<Uint8Array | null> => {
    const r = await first;
    if (!taken) {
      taken = true;
      if (!(r instanceof Uint8Array)) {
        restore();
        if (r instanceof Error) throw r;
        return new Uint8Array(0); // end of stream: the Read below reports it
      }
      left = r;
    }
    return left;
  };
  c.Read = async (p: Uint8Array): Promise<number | null> => {
    const l = await next();
    if (l === null) return read.call(conn, p);
    if (l.length === 0) return null;
    const n = Math.min(p.length, l.length);
    p.set(l.subarray(0, n));
    left = n === l.length ? null : l.subarray(n);
    if (left === null) restore();
    return n;
  };
  if (typeof readChunk === "function") {
    c.readChunk = async (): Promise<Uint8Array | null> => {
      const l = await next();
      if (l === null) return readChunk.call(conn);
      if (l.length === 0) return null;
      left = null;
      restore();
      return l;
    };
  }
}

/**
 * Server defines parameters for running an HTTP server (Go's http.Server). Serve works on ANY
 * gonet Listener; ListenAndServe listens on Addr with TCP. Timeouts map onto node:http's
 * (ReadHeaderTimeout -> headersTimeout, ReadTimeout -> requestTimeout, IdleTimeout ->
 * keepAliveTimeout); hostile input is answered as Go does (a malformed request line: 400, headers
 * past MaxHeaderBytes: 431) and never stops the server. A handler that throws is Go's panic:
 * "http: panic serving …" is logged (not for ErrAbortHandler) and the connection is closed after
 * what the response had already sent, with no 500 put in its place. Response headers and trailers go out as Go's Header.Write writes them
 * (invalid names dropped, CR and LF made spaces, other characters as their UTF-8 bytes).
 *
 * As in Go, every timeout defaults to 0, none: this also switches off node:http's own defaults
 * (60 s for the request headers, 5 min for the request), so with the zero values a client that
 * sends its head a byte at a time (slowloris) holds a connection, and its memory, for as long
 * as it likes. A server facing the internet should set ReadHeaderTimeout (and ReadTimeout or
 * IdleTimeout as its handlers allow), as in the example.
 *
 * @example
 * const mux = new ServeMux();
 * mux.HandleFunc("GET /hello/{name}", (w, r) => w.Write(`hello ${r.PathValue("name")}\n`));
 * const srv = new Server({ Addr: "127.0.0.1:8080", Handler: mux, ReadHeaderTimeout: 5000 });
 * srv.ListenAndServe().catch((e) => { if (e !== ErrServerClosed) throw e; });
 * // later: await srv.Shutdown();
 */
export class Server {
  /** Addr is the TCP address to listen on ("host:port"); "" means ":http". */
  Addr: string;
  /** Handler is the handler to invoke; null means DefaultServeMux. */
  Handler: Handler | null;
  /** ReadTimeout is the maximum duration in ms for reading the entire request; 0 means none. */
  ReadTimeout: number;
  /** ReadHeaderTimeout is the time in ms allowed to read request headers; 0 means ReadTimeout. */
  ReadHeaderTimeout: number;
  /** WriteTimeout is the maximum duration in ms for writing the response; 0 means none. */
  WriteTimeout: number;
  /** IdleTimeout is the keep-alive idle limit in ms; 0 means ReadTimeout (and none if that is 0). */
  IdleTimeout: number;
  /** MaxHeaderBytes is the maximum size of the request header; 0 means DefaultMaxHeaderBytes. */
  MaxHeaderBytes: number;
  /** TLSConfig is the TLS configuration of ServeTLS and ListenAndServeTLS. */
  TLSConfig: TLSConfig | null;
  /** ErrorLog receives error messages; null means console.error. */
  ErrorLog: ((msg: string) => void) | null;

  #node: http.Server | null = null;
  #listeners = new Set<Listener>();
  #shutdown = false;
  #onShutdown: (() => void)[] = [];
  #active = 0;
  #idleWaiters: (() => void)[] = [];
  #keepAlives = true;
  #adapters = new Set<ConnDuplex>();

  constructor(init: ServerInit = {}) {
    this.Addr = init.Addr ?? "";
    this.Handler = init.Handler ?? null;
    this.ReadTimeout = init.ReadTimeout ?? 0;
    this.ReadHeaderTimeout = init.ReadHeaderTimeout ?? 0;
    this.WriteTimeout = init.WriteTimeout ?? 0;
    this.IdleTimeout = init.IdleTimeout ?? 0;
    this.MaxHeaderBytes = init.MaxHeaderBytes ?? 0;
    this.TLSConfig = init.TLSConfig ?? null;
    this.ErrorLog = init.ErrorLog ?? null;
  }

  #log(msg: string): void {
    (this.ErrorLog ?? console.error)(msg);
  }

  // The node:http server that parses and writes for every connection, made on first Serve with
  // the timeouts of that moment.
  #nodeServer(): http.Server {
    if (this.#node !== null) return this.#node;
    const headerTimeout = this.ReadHeaderTimeout > 0 ? this.ReadHeaderTimeout : this.ReadTimeout;
    const idle = this.IdleTimeout > 0 ? this.IdleTimeout : this.ReadTimeout;
    const check = [headerTimeout, this.ReadTimeout].filter((t) => t > 0);
    const opts: http.ServerOptions = {
      maxHeaderSize: (this.MaxHeaderBytes > 0 ? this.MaxHeaderBytes : DefaultMaxHeaderBytes) + 4096,
      requestTimeout: this.ReadTimeout > 0 ? Math.max(this.ReadTimeout, headerTimeout) : 0,
      headersTimeout: headerTimeout,
      keepAliveTimeout: idle,
      noDelay: true,
      // The Host header is checked in serve, with Go's answers.
      requireHostHeader: false,
      connectionsCheckingInterval: check.length > 0 ? Math.max(5, Math.min(1000, Math.floor(Math.min(...check) / 4))) : 30000,
    };
    const srv = http.createServer(opts, (req, res) => this.#serve(req, res, false));
    // node drops the headers past its maxHeadersCount (2000) without a word; Go has no count
    // limit, only MaxHeaderBytes (plus its 4096 bytes of bufio slop, initialReadLimitSize),
    // past which it answers 431 (maxHeaderSize above, and clientError). 0 is node's "no limit".
    srv.maxHeadersCount = 0;
    // Go sends "100 Continue" when the handler first reads the body, not before it runs.
    srv.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => this.#serve(req, res, true));
    srv.on("clientError", (err: Error & { code?: string }, socket: Duplex) => this.#clientError(err, socket));
    srv.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head));
    // node:http tracks connections (closeIdleConnections, the header timeout) once it saw
    // 'listening'; the sockets come from our listeners, so it never listens itself.
    srv.emit("listening");
    this.#node = srv;
    return srv;
  }

  // clientError answers what node:http could not parse with Go's bytes (server.go's conn.serve).
  #clientError(err: Error & { code?: string }, socket: Duplex): void {
    const code = err.code ?? "";
    let reply = "";
    if (socket.writable && !socket.destroyed && !(socket as Socket & { _httpMessage?: unknown })._httpMessage) {
      if (code === "HPE_HEADER_OVERFLOW") {
        const publicErr = "431 Request Header Fields Too Large";
        reply = "HTTP/1.1 " + publicErr + errorHeaders + publicErr;
      } else if (code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "ECONNRESET") {
        // A read timeout or a reset: Go does not reply.
      } else if (code === "HPE_INVALID_TRANSFER_ENCODING") {
        reply = "HTTP/1.1 501 Not Implemented" + errorHeaders + "Unsupported transfer encoding";
      } else {
        const publicErr = "400 Bad Request";
        reply = "HTTP/1.1 " + publicErr + errorHeaders + publicErr;
      }
    }
    if (reply === "") {
      // A response in flight (the parser failed in a body) is let out before the connection ends.
      if ((socket as Socket & { _httpMessage?: unknown })._httpMessage) {
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      } else socket.destroy();
      return;
    }
    // Go's closeWriteAndWait: send the reply, half-close, and let the client read it.
    socket.end(reply, () => socket.destroy());
    setTimeout(() => socket.destroy(), 1000).unref();
  }

  // An upgrade request (Connection: Upgrade) arrives without a response object: node:http let go
  // of the socket. It is served like any request, with a response on that socket, so a handler
  // can refuse it, or take the socket over (Hijack, or nodeUpgrade for a node library).
  #upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on("error", () => {});
    const res = new http.ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    // node:http took its listeners off the socket, socketOnDrain among them, which turns the
    // socket's 'drain' into the response's: without it a Write waiting for 'drain' (a refusal
    // with a body past the socket's buffer) would wait forever.
    socket.on("drain", () => {
      if (res.socket === socket && !res.writableEnded) res.emit("drain");
    });
    (res as unknown as { [kUpgrade]: { socket: Duplex; head: Buffer } })[kUpgrade] = { socket, head };
    res.once("finish", () => {
      if (res.socket !== null) {
        res.detachSocket(socket as Socket);
        socket.end();
      }
    });
    this.#serve(req, res, false);
  }

  #serve(req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean): void {
    const w = new response(req, res);
    const socket = req.socket;
    const method = req.method ?? "GET";
    const target = req.url ?? "/";
    // One pass over the raw headers for what the server needs now (req.headers would build a
    // second header object).
    const raw = req.rawHeaders;
    let hostHeader = "";
    let hosts = 0;
    let chunked = false;
    let teUnsupported = false;
    let cl = "";
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i] as string;
      if (k.length === 4 && k.toLowerCase() === "host") {
        if (hosts++ === 0) hostHeader = raw[i + 1] as string;
      }
      else if (k.length === 14 && k.toLowerCase() === "content-length") cl = raw[i + 1] as string;
      else if (k.length === 17 && k.toLowerCase() === "transfer-encoding") {
        // Go supports exactly one transfer coding, chunked (transfer.go); node's parser would
        // only fail on the body, after the handler was called.
        if (chunked || (raw[i + 1] as string).trim().toLowerCase() !== "chunked") teUnsupported = true;
        chunked = true;
      }
    }
    if (teUnsupported) {
      res.shouldKeepAlive = false;
      socket.end("HTTP/1.1 501 Not Implemented" + errorHeaders + "Unsupported transfer encoding");
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    const tls = tlsStateOf(socket);
    const scheme = tls !== null ? "https" : "http";
    let url: URL | null = null;
    try {
      // An origin-form target is only checked now; its URL is built when the handler asks.
      // Node's parser already refused control bytes and spaces, so without a "%" Go's parser
      // has nothing to refuse in an origin-form target.
      if (target.startsWith("/") && method !== "CONNECT") {
        if (target.includes("%")) parseGoURL(target, true);
      }
      else url = requestURL(method, target, hostHeader, scheme);
    } catch {
      badRequest(res, "");
      return;
    }
    // Go's (*conn).readRequest in server.go, after the request parsed.
    if (hosts === 0 && (req.httpVersionMajor > 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1)) && method !== "CONNECT") {
      badRequest(res, "missing required Host header");
      return;
    }
    if (hosts > 1) {
      badRequest(res, "too many Host headers");
      return;
    }
    if (hosts === 1 && !validHostHeader(hostHeader)) {
      badRequest(res, "malformed Host header");
      return;
    }
    const contentLength = chunked ? -1 : cl !== "" ? Number(cl) : 0;
    let body: ReadableBody | null = null;
    if (contentLength !== 0) {
      const onEnd = chunked || expectContinue ? () => (w.bodyEOF = true) : null;
      body = w.body = expectContinue ? new continueBody(res, req, closeIncoming, readError, onEnd) : new ReadableBody(req, closeIncoming, readError, onEnd);
      w.expectContinue = expectContinue;
      w.bodyLength = contentLength;
      w.bodyChunked = chunked;
    }
    const r = new serverRequest(req, res, url, hostHeader, scheme, {
      Method: method,
      URL: placeholderURL,
      Proto: req.httpVersionMajor === 1 && req.httpVersionMinor === 1 ? "HTTP/1.1" : "HTTP/" + req.httpVersion,
      ProtoMajor: req.httpVersionMajor,
      ProtoMinor: req.httpVersionMinor,
      Header: placeholderHeader,
      Body: body ?? NoBody,
      ContentLength: contentLength,
      TransferEncoding: chunked ? ["chunked"] : noEncodings,
      Close: !res.shouldKeepAlive,
      // Go's readRequest: the host of an absolute-form target wins over the Host header.
      Host: url !== null && urlHost(url) !== "" ? urlHost(url) : hostHeader,
      RemoteAddr: remoteAddrOf(socket),
      RequestURI: target,
      TLS: tls,
    });
    if (this.#shutdown || !this.#keepAlives) res.shouldKeepAlive = false;
    let writeTimer: NodeJS.Timeout | null = null;
    if (this.WriteTimeout > 0) writeTimer = setTimeout(() => res.destroy(), this.WriteTimeout);
    this.#active++;
    // done(true) is Hijack letting go of the connection: Shutdown no longer waits for it or
    // closes it, and the write timeout stops (Go clears the deadlines); the request's context
    // still ends only when ServeHTTP returns, with done().
    const done = (hijacked = false): void => {
      if (writeTimer !== null) clearTimeout(writeTimer);
      if (hijacked) this.#adapters.delete(socket as unknown as ConnDuplex);
      else r.served();
      if ((hijacked || !w.hijacked) && --this.#active === 0) this.#wakeIdle();
    };
    w.onHijack = done;
    const handler = this.Handler ?? DefaultServeMux;
    let result: void | PromiseLike<unknown>;
    try {
      // A HandlerFunc is called directly, without the Promise its ServeHTTP wraps around f's.
      result = handler instanceof handlerFunc ? handler.f(w, r) : handler.ServeHTTP(w, r);
    } catch (e) {
      this.#failed(e, w, r, done);
      return;
    }
    if (result !== undefined && result !== null && typeof result.then === "function") {
      result.then(
        () => this.#finish(w, r, done),
        (e: unknown) => this.#failed(e, w, r, done),
      );
      return;
    }
    this.#finish(w, r, done);
  }

  // finish completes the response after ServeHTTP returned. Whatever it throws (node:http
  // refusing what the handler left in the header, …) takes Go's panic path, as a panic in
  // Go's finishRequest would: logged, the connection cut; it never escapes, and done always runs.
  #finish(w: response, r: Request, done: () => void): void {
    try {
      w.finish();
    } catch (e) {
      this.#failed(e, w, r, done);
      return;
    }
    done();
  }

  #failed(e: unknown, w: response, r: Request, done: () => void): void {
    try {
      this.#panic(e, w, r);
    } finally {
      done();
    }
  }

  #panic(e: unknown, w: response, r: Request): void {
    if (e !== ErrAbortHandler) {
      try {
        const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
        this.#log(`http: panic serving ${r.RemoteAddr}: ${text}`);
      } catch {
        // ErrorLog (or the thrown value's stack getter) threw: the response still ends below.
      }
    }
    w.fail();
  }

  #wakeIdle(): void {
    const ws = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const f of ws) f();
  }

  /**
   * Serve accepts incoming connections on the Listener l and serves each with the Handler. It
   * always rejects: with ErrServerClosed after Shutdown or Close, or with the listener's error.
   * l is closed when Serve returns. A TCP listener from gonet's Listen hands its sockets to
   * node:http directly; any other Listener is served through a Duplex over each Conn.
   */
  async Serve(l: Listener): Promise<never> {
    if (this.#shutdown) {
      // Go's Serve closes l on every return (defer l.Close()), also this one: a ListenAndServe
      // whose Listen was still pending at Shutdown must not leave its listener open.
      await l.Close().catch(() => {});
      throw ErrServerClosed;
    }
    const srv = this.#nodeServer();
    this.#listeners.add(l);
    const raw = listenerServers.get(l);
    if (raw !== undefined) {
      // Fast path: take the sockets before the listener wraps them; the Conns accepted before
      // Serve started are served by the Accept loop below.
      raw.removeAllListeners("connection");
      raw.on("connection", (s: Socket) => {
        if (this.#shutdown) {
          s.destroy();
          return;
        }
        srv.emit("connection", s);
        s.resume();
      });
    }
    try {
      for (;;) {
        let c: Conn;
        try {
          c = await l.Accept();
        } catch (e) {
          if (this.#shutdown) throw ErrServerClosed;
          throw e;
        }
        if (this.#shutdown) {
          await c.Close().catch(() => {});
          throw ErrServerClosed;
        }
        this.#serveConn(srv, c);
      }
    } finally {
      this.#listeners.delete(l);
      await l.Close().catch(() => {});
    }
  }

  #serveConn(srv: http.Server, c: Conn): void {
    const d = new ConnDuplex(c);
    (d as unknown as TaggedSocket)[kConn] = c;
    (d as unknown as { [kServing]: Server })[kServing] = this;
    this.#adapters.add(d);
    d.once("close", () => this.#adapters.delete(d));
    d.on("error", () => {});
    srv.emit("connection", d);
  }

  /**
   * ServeTLS accepts connections on l and serves HTTPS: each Conn is upgraded with gonet/tls's
   * Server, with TLSConfig plus the key pair of certFile and keyFile when they are given.
   */
  async ServeTLS(l: Listener, certFile = "", keyFile = ""): Promise<never> {
    const config: TLSConfig = { ...(this.TLSConfig ?? {}) };
    config.NextProtos = config.NextProtos !== undefined && config.NextProtos.length > 0 ? config.NextProtos : ["http/1.1"];
    if ((config.Certificates?.length ?? 0) === 0 || certFile !== "" || keyFile !== "") {
      config.Certificates = [await LoadX509KeyPair(certFile, keyFile)];
    }
    return this.Serve(NewListener(l, config));
  }

  /** ListenAndServe listens on the TCP network address Addr and then calls Serve. It always rejects (ErrServerClosed after Shutdown or Close). */
  async ListenAndServe(): Promise<never> {
    if (this.#shutdown) throw ErrServerClosed;
    const l = await Listen("tcp", this.Addr !== "" ? this.Addr : ":http");
    return this.Serve(l);
  }

  /** ListenAndServeTLS listens on Addr and calls ServeTLS with the given certificate and key files (or TLSConfig's Certificates). */
  async ListenAndServeTLS(certFile = "", keyFile = ""): Promise<never> {
    if (this.#shutdown) throw ErrServerClosed;
    const l = await Listen("tcp", this.Addr !== "" ? this.Addr : ":https");
    try {
      return await this.ServeTLS(l, certFile, keyFile);
    } finally {
      // As Go's defer ln.Close(): a key pair that fails to load must not leave the port taken.
      await l.Close().catch(() => {});
    }
  }

  /** RegisterOnShutdown registers a function to call on Shutdown (to close hijacked or WebSocket conns). */
  RegisterOnShutdown(f: () => void): void {
    this.#onShutdown.push(f);
  }

  /** SetKeepAlivesEnabled controls whether HTTP keep-alives are enabled (enabled by default). */
  SetKeepAlivesEnabled(v: boolean): void {
    this.#keepAlives = v;
    if (!v) this.#node?.closeIdleConnections();
  }

  async #closeListeners(): Promise<void> {
    const ls = [...this.#listeners];
    await Promise.all(ls.map((l) => l.Close().catch(() => {})));
  }

  /**
   * Shutdown gracefully shuts down the server: it closes all listeners, then closes idle
   * connections, and waits for active requests to finish and their connections to go idle before
   * closing them. If signal aborts first, Shutdown rejects with its reason (the caller may then
   * Close). Serve and ListenAndServe reject with ErrServerClosed at once.
   */
  async Shutdown(signal?: AbortSignal | null): Promise<void> {
    this.#shutdown = true;
    await this.#closeListeners();
    for (const f of this.#onShutdown) queueMicrotask(f);
    const srv = this.#node;
    if (srv === null) return;
    srv.closeIdleConnections();
    while (this.#active > 0) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          this.#idleWaiters = this.#idleWaiters.filter((f) => f !== wake);
          reject(signal?.reason instanceof Error ? signal.reason : new Error("context canceled"));
        };
        const wake = (): void => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener("abort", onAbort, { once: true });
        this.#idleWaiters.push(wake);
      });
    }
    // The last responses are on their way; their connections close as they go idle.
    await new Promise<void>((resolve) => setImmediate(resolve));
    srv.closeIdleConnections();
    for (const d of this.#adapters) if (!(d as unknown as { _httpMessage?: unknown })._httpMessage) d.destroy();
    srv.close();
  }

  /** Close immediately closes all listeners and all connections, active or idle. For a graceful stop use Shutdown. */
  async Close(): Promise<void> {
    this.#shutdown = true;
    await this.#closeListeners();
    const srv = this.#node;
    if (srv === null) return;
    srv.closeAllConnections();
    for (const d of this.#adapters) d.destroy();
    srv.close();
  }

  /** Symbol.asyncDispose closes the server. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.Close();
  }
}

/**
 * ListenAndServe listens on the TCP network address addr and then serves requests with handler
 * (null means DefaultServeMux). It always rejects.
 */
export function ListenAndServe(addr: string, handler: Handler | null): Promise<never> {
  return new Server({ Addr: addr, Handler: handler }).ListenAndServe();
}

/** ListenAndServeTLS acts like ListenAndServe but serves HTTPS with the given certificate and key files. */
export function ListenAndServeTLS(addr: string, certFile: string, keyFile: string, handler: Handler | null): Promise<never> {
  return new Server({ Addr: addr, Handler: handler }).ListenAndServeTLS(certFile, keyFile);
}

/** Serve accepts connections on l and serves them with handler (null means DefaultServeMux). It always rejects. */
export function Serve(l: Listener, handler: Handler | null): Promise<never> {
  return new Server({ Handler: handler }).Serve(l);
}
