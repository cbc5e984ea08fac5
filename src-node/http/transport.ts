// The Node HTTP Transport (Go's http.Transport) on undici 7: one PoolAgent per
// Transport keeps the keep-alive pools (pool.ts); with DialContext or
// TLSClientConfig the connector dials through gonet instead (any
// gonet Conn: a TCPConn, a Pipe, a WebSocket NetConn, TLS over any of them).

import { buildConnector, type Client, type Dispatcher } from "undici";
import { TCPAddr } from "../../src/addr.js";
import { DNSError, OpError, ErrDeadlineExceeded } from "../../src/errors.js";
import { EOF, ReadAll } from "../../src/io.js";
import { ParseIP } from "../../src/ip.js";
import type { Conn, NetworkName } from "../../src/net.js";
import { BytesBody, NoBody, type Body } from "../../src/http/body.js";
import { checkTransportRequest, ClientError, contextError, type RoundTripper } from "../../src/http/client.js";
import { HTTPError } from "../../src/http/errors.js";
import { CanonicalHeaderKey, Header } from "../../src/http/header.js";
import type { Request } from "../../src/http/request.js";
import { Response } from "../../src/http/response.js";
import { StatusText } from "../../src/http/status.js";
import { requestURI, urlHost } from "../../src/http/url.js";
import { backgroundSignal } from "../../src/http/internal.js";
import type { Config as TLSConfig } from "../../src/tls.js";
import { Dialer } from "../dial.js";
import { translate } from "../errors.js";
import { ConnDuplex } from "../duplex.js";
import { Client as tlsClient } from "../tls/index.js";
import { ReadableBody } from "./body.js";
import { PoolAgent } from "./pool.js";

/** DialContextFunc dials a connection for the Transport: network is "tcp", address "host:port". */
export type DialContextFunc = (signal: AbortSignal, network: NetworkName, address: string) => Promise<Conn>;

/** TransportInit holds the fields a Transport is created with (Go's http.Transport struct literal). */
export interface TransportInit {
  /** DialContext dials the connections; null means undici's native sockets for http and gonet's Dialer for https. */
  DialContext?: DialContextFunc | null;
  /** TLSClientConfig is the gonet/tls Config for https; null means the platform's defaults. */
  TLSClientConfig?: TLSConfig | null;
  /** TLSHandshakeTimeout bounds the TLS handshake in ms; 0 means none. */
  TLSHandshakeTimeout?: number;
  /** DisableKeepAlives, if true, uses a connection for a single request. */
  DisableKeepAlives?: boolean;
  /** MaxIdleConnsPerHost is how many idle keep-alive connections each host keeps; 0 means DefaultMaxIdleConnsPerHost, a negative value none. */
  MaxIdleConnsPerHost?: number;
  /** MaxConnsPerHost limits the connections per host, active and idle; 0 means no limit. */
  MaxConnsPerHost?: number;
  /** MaxIdleConns limits the idle connections across all hosts (the oldest is closed first); 0 means no limit. */
  MaxIdleConns?: number;
  /** IdleConnTimeout is how long in ms an idle keep-alive connection stays open; 0 means no limit (the server's Keep-Alive hint still applies). */
  IdleConnTimeout?: number;
  /** ResponseHeaderTimeout bounds the wait for the response headers after the request was written, in ms; 0 means none. */
  ResponseHeaderTimeout?: number;
}

/** DefaultMaxIdleConnsPerHost is the default value of Transport's MaxIdleConnsPerHost (2). */
export const DefaultMaxIdleConnsPerHost = 2;

const userAgent = "Go-http-client/1.1";
const neverAborts = new AbortController().signal;

function hostOnly(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

function dialAddr(host: string, port: string): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

// translateError turns what undici threw into the errors Go's Transport reports.
function translateError(err: unknown, req: Request): Error {
  const signal = req.Context();
  if (signal.aborted) return contextError(signal);
  if (!(err instanceof Error)) return new HTTPError(String(err), "GONET_HTTP_ERR_TRANSPORT");
  const e = err as Error & { code?: string; syscall?: string; address?: string; port?: number; hostname?: string; cause?: unknown };
  // Errors from a gonet DialContext or the gonet TLS handshake are gonet's already.
  if (err instanceof OpError || err instanceof DNSError || typeof (err as { Timeout?: unknown }).Timeout === "function") return err;
  const code = e.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_NODATA") {
    const name = e.hostname ?? hostOnly(req.URL.hostname);
    return new OpError({
      Op: "dial",
      Net: "tcp",
      Source: null,
      Addr: null,
      Err: new DNSError({ Err: code === "EAI_AGAIN" ? "server misbehaving" : "no such host", Name: name, IsNotFound: code !== "EAI_AGAIN", IsTemporary: code === "EAI_AGAIN", cause: err }),
    });
  }
  if (e.syscall === "connect" && /^E[A-Z]+$/.test(code)) {
    const ip = e.address !== undefined ? ParseIP(e.address) : null;
    return new OpError({ Op: "dial", Net: "tcp", Source: null, Addr: ip !== null ? new TCPAddr({ IP: ip, Port: e.port ?? 0 }) : null, Err: translate(err, "connect") });
  }
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return new OpError({ Op: "dial", Net: "tcp", Source: null, Addr: null, Err: ErrDeadlineExceeded });
    case "UND_ERR_HEADERS_TIMEOUT":
      return new ClientError("net/http: timeout awaiting response headers", "GONET_HTTP_ERR_HEADERS_TIMEOUT", true, err);
    case "UND_ERR_SOCKET":
    case "ECONNRESET":
      // The server closed the connection before answering: Go's Transport reports io.EOF.
      return EOF;
    case "UND_ERR_ABORTED":
    case "ABORT_ERR":
      return contextError(signal.aborted ? signal : AbortSignal.abort());
  }
  if (e.cause instanceof Error && e.cause !== err) return translateError(e.cause, req);
  return new HTTPError(err.message, "GONET_HTTP_ERR_TRANSPORT", { cause: err });
}

function bodyReadError(e: Error): Error {
  const code = (e as { code?: string }).code;
  if (code === "UNEXPECTED_EOF" || code === "UND_ERR_SOCKET" || code === "ECONNRESET") return new HTTPError("unexpected EOF", "GONET_HTTP_ERR_UNEXPECTED_EOF", { cause: e });
  if (code === "UND_ERR_ABORTED" || e.name === "AbortError") return new ClientError("context canceled", "GONET_HTTP_ERR_CANCELED", false, e);
  return new HTTPError(e.message, "GONET_HTTP_ERR_BODY", { cause: e });
}

// An unread client body: a small rest is drained so the connection is reused, else it is dropped.
const dumpLimit = 128 * 1024;
async function closeResponseBody(s: import("node:stream").Readable, ended: boolean): Promise<void> {
  if (ended) return;
  const dump = (s as { dump?: (o: { limit: number }) => Promise<void> }).dump;
  if (typeof dump === "function") await dump.call(s, { limit: dumpLimit }).catch(() => {});
  else s.destroy();
}

async function* requestChunks(body: Body): AsyncGenerator<Uint8Array> {
  try {
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await body.Read(buf);
      if (n === null) return;
      if (n > 0) yield buf.slice(0, n);
    }
  } finally {
    await body.Close().catch(() => {});
  }
}

// The canonical form of the (lowercase) header names undici hands over, remembered: responses
// repeat the same few names.
const canonCache = new Map<string, string>();
function canonicalKey(k: string): string {
  let c = canonCache.get(k);
  if (c === undefined) {
    c = CanonicalHeaderKey(k);
    if (canonCache.size >= 512) canonCache.clear();
    canonCache.set(k, c);
  }
  return c;
}

/**
 * Transport is an implementation of RoundTripper on undici (Go's http.Transport): HTTP/1.1 with
 * keep-alive pools per origin, https through gonet/tls (Go's certificate checks and errors), and
 * DialContext to carry HTTP over any gonet Conn. Each host keeps at most MaxIdleConnsPerHost idle
 * connections (a connection that comes back when the host has that many idle is closed, as in
 * Go), at most MaxConnsPerHost in all (further requests wait for one), and an idle connection
 * closes after IdleConnTimeout or the server's Keep-Alive hint. Responses are not transparently
 * decompressed (Go's DisableCompression behaviour), and proxies are not supported.
 *
 * @example
 * const tr = new Transport({ DialContext: (signal, network, addr) => dialer.DialContext(signal, network, addr) });
 * const c = new Client({ Transport: tr });
 */
export class Transport implements RoundTripper {
  /** DialContext dials the connections; null means native sockets. */
  DialContext: DialContextFunc | null;
  /** TLSClientConfig is the gonet/tls Config used for https. */
  TLSClientConfig: TLSConfig | null;
  /** TLSHandshakeTimeout bounds the TLS handshake in ms; 0 means none. */
  TLSHandshakeTimeout: number;
  /** DisableKeepAlives uses one connection per request. */
  DisableKeepAlives: boolean;
  /** MaxIdleConnsPerHost is the per-host idle limit; 0 means DefaultMaxIdleConnsPerHost, negative none. */
  MaxIdleConnsPerHost: number;
  /** MaxConnsPerHost limits the connections per host; 0 means no limit. */
  MaxConnsPerHost: number;
  /** MaxIdleConns limits the idle connections across all hosts; 0 means no limit. */
  MaxIdleConns: number;
  /** IdleConnTimeout is the idle keep-alive limit in ms; 0 means none. */
  IdleConnTimeout: number;
  /** ResponseHeaderTimeout bounds the wait for response headers in ms; 0 means none. */
  ResponseHeaderTimeout: number;

  #agent: PoolAgent | null = null;

  constructor(init: TransportInit = {}) {
    this.DialContext = init.DialContext ?? null;
    this.TLSClientConfig = init.TLSClientConfig ?? null;
    this.TLSHandshakeTimeout = init.TLSHandshakeTimeout ?? 0;
    this.DisableKeepAlives = init.DisableKeepAlives ?? false;
    this.MaxIdleConnsPerHost = init.MaxIdleConnsPerHost ?? 0;
    this.MaxConnsPerHost = init.MaxConnsPerHost ?? 0;
    this.MaxIdleConns = init.MaxIdleConns ?? 0;
    this.IdleConnTimeout = init.IdleConnTimeout ?? 0;
    this.ResponseHeaderTimeout = init.ResponseHeaderTimeout ?? 0;
  }

  // The Agent is made on first use from the fields of that moment, as Go reads them then. Each
  // host gets a HostPool, which keeps Go's idle and connection limits.
  #dispatcher(): PoolAgent {
    if (this.#agent !== null) return this.#agent;
    const client: Client.Options = {
      headersTimeout: this.ResponseHeaderTimeout,
      bodyTimeout: 0,
      keepAliveTimeout: this.IdleConnTimeout > 0 ? this.IdleConnTimeout : 600_000,
      keepAliveMaxTimeout: this.IdleConnTimeout > 0 ? this.IdleConnTimeout : 600_000,
    };
    // Plain HTTP without a DialContext rides undici's own sockets; https always goes through
    // gonet/tls, so certificate errors read as Go's (`tls: failed to verify certificate: x509: …`).
    const native = this.DialContext === null ? buildConnector({}) : null;
    client.connect = (o, cb) => {
      if (native !== null && o.protocol !== "https:") {
        native(o as buildConnector.Options, cb);
        return;
      }
      void this.#connect(o, cb as unknown as (err: Error | null, socket: import("node:stream").Duplex | null) => void);
    };
    // Go: 0 means DefaultMaxIdleConnsPerHost; a negative value, or DisableKeepAlives, keeps none.
    const perHost = this.MaxIdleConnsPerHost;
    const maxIdle = this.DisableKeepAlives || perHost < 0 ? 0 : perHost === 0 ? DefaultMaxIdleConnsPerHost : perHost;
    const maxConns = this.MaxConnsPerHost > 0 ? this.MaxConnsPerHost : 0;
    this.#agent = new PoolAgent({ maxIdle, maxConns, client }, this.MaxIdleConns > 0 ? this.MaxIdleConns : 0);
    return this.#agent;
  }

  async #connect(o: { hostname: string; protocol: string; port: string; servername?: string | null }, cb: (err: Error | null, socket: import("node:stream").Duplex | null) => void): Promise<void> {
    let conn: Conn;
    try {
      conn = await dialTransportConn(this, null, o.protocol === "https:", o.hostname, o.port, o.servername);
    } catch (e) {
      cb(e as Error, null);
      return;
    }
    cb(null, new ConnDuplex(conn));
  }

  /** RoundTrip sends req and resolves the response (any status); it throws Go's transport errors. */
  async RoundTrip(req: Request): Promise<Response> {
    const scheme = checkTransportRequest(req);
    const u = req.URL;
    const signal = req.Context();
    const body = req.Body !== null && req.Body !== NoBody ? req.Body : null;
    if (signal.aborted) {
      void body?.Close().catch(() => {});
      throw contextError(signal);
    }
    const method = req.Method === "" ? "GET" : req.Method;
    const headers: string[] = [];
    let hasUA = false;
    for (const [k, vv] of req.Header) {
      if (k === "User-Agent") hasUA = true;
      if (k === "Host") continue;
      for (const v of vv) headers.push(k, v);
    }
    if (!hasUA) headers.push("User-Agent", userAgent);
    if (req.Host !== "" && req.Host !== urlHost(u)) headers.push("Host", req.Host);
    if (req.Close || this.DisableKeepAlives) headers.push("Connection", "close");
    let payload: Uint8Array | AsyncIterable<Uint8Array> | null = null;
    if (body !== null) {
      if (body instanceof BytesBody) {
        payload = await ReadAll(body);
        await body.Close();
      } else {
        payload = requestChunks(body);
      }
      if (req.ContentLength > 0) headers.push("Content-Length", String(req.ContentLength));
    }
    const opts: Dispatcher.RequestOptions = {
      origin: scheme + "://" + u.host,
      path: requestURI(u),
      method: method as Dispatcher.HttpMethod,
      headers,
      body: payload as Exclude<Dispatcher.RequestOptions["body"], undefined>,
      reset: req.Close || this.DisableKeepAlives,
    };
    if (signal !== backgroundSignal) opts.signal = signal;
    let data: Dispatcher.ResponseData;
    try {
      data = await this.#dispatcher().request(opts);
    } catch (e) {
      throw translateError(e, req);
    }
    return this.#response(req, method, data);
  }

  #response(req: Request, method: string, data: Dispatcher.ResponseData): Response {
    const h = new Header();
    const raw = data.headers;
    for (const k in raw) {
      const v = raw[k];
      if (v === undefined) continue;
      const key = canonicalKey(k);
      const prev = h.get(key);
      if (typeof v === "string") {
        if (prev === undefined) h.set(key, [v]);
        else prev.push(v);
      } else if (prev === undefined) h.set(key, [...v]);
      else prev.push(...v);
    }
    const code = data.statusCode;
    const text = StatusText(code);
    // The keys are canonical already: plain Map lookups.
    const cl = h.get("Content-Length")?.[0] ?? "";
    let contentLength = cl !== "" && /^[0-9]+$/.test(cl) ? Number(cl) : -1;
    const chunked = h.has("Transfer-Encoding");
    if (chunked) h.delete("Transfer-Encoding");
    const noBody = method === "HEAD" || code === 204 || code === 304 || (code >= 100 && code < 200);
    if (code === 204 || code === 304) contentLength = 0;
    let trailer: Header | null = null;
    const declared = h.get("Trailer");
    if (declared !== undefined) {
      trailer = new Header();
      for (const line of declared) for (const k of line.split(",")) if (k.trim() !== "") trailer.set(k.trim(), []);
    }
    const resp = new Response({
      Status: text !== "" ? `${code} ${text}` : `${code}`,
      StatusCode: code,
      Proto: "HTTP/1.1",
      ProtoMajor: 1,
      ProtoMinor: 1,
      Header: h,
      ContentLength: contentLength,
      TransferEncoding: chunked ? ["chunked"] : [],
      Close: (h.get("Connection")?.[0] ?? "").toLowerCase() === "close",
      Trailer: trailer,
      Request: req,
    });
    if (noBody) {
      data.body.resume();
      resp.Body = NoBody;
    } else {
      const onEnd = (): void => {
        const t = data.trailers;
        if (t !== undefined && Object.keys(t).length > 0) {
          resp.Trailer ??= new Header();
          for (const k in t) {
            const v: unknown = t[k];
            resp.Trailer.Del(k);
            if (typeof v === "string") resp.Trailer.Add(k, v);
            else if (Array.isArray(v)) for (const x of v) resp.Trailer.Add(k, String(x));
          }
        }
      };
      resp.Body = new ReadableBody(data.body, closeResponseBody, bodyReadError, onEnd);
    }
    return resp;
  }

  /** CloseIdleConnections closes the connections that are idle; requests in flight finish on theirs, which are kept. */
  CloseIdleConnections(): void {
    this.#agent?.closeIdle();
  }

  /**
   * Clone returns a new Transport with the same settings and no connections. As Go's, it clones
   * TLSClientConfig (a shallow copy, as tls.Config.Clone), so changing one side's config leaves
   * the other's alone.
   */
  Clone(): Transport {
    return new Transport({
      DialContext: this.DialContext,
      TLSClientConfig: this.TLSClientConfig === null ? null : { ...this.TLSClientConfig },
      TLSHandshakeTimeout: this.TLSHandshakeTimeout,
      DisableKeepAlives: this.DisableKeepAlives,
      MaxIdleConnsPerHost: this.MaxIdleConnsPerHost,
      MaxConnsPerHost: this.MaxConnsPerHost,
      MaxIdleConns: this.MaxIdleConns,
      IdleConnTimeout: this.IdleConnTimeout,
      ResponseHeaderTimeout: this.ResponseHeaderTimeout,
    });
  }
}

/**
 * dialTransportConn dials the connection that t carries a request to hostname:port on, as
 * Transport's own connections (Go's Transport.dialConn): through t.DialContext (gonet's Dialer
 * when it is null) and, for https, the gonet/tls handshake with t.TLSClientConfig (ServerName
 * defaulting to servername, else the host; ALPN http/1.1) bounded by t.TLSHandshakeTimeout
 * (`net/http: TLS handshake timeout`). signal (null: none) aborts the dial and the handshake.
 * A failed handshake closes the connection. gonet/websocket's Dial uses it for an HTTPClient.
 * @internal
 */
export async function dialTransportConn(
  t: Pick<Transport, "DialContext" | "TLSClientConfig" | "TLSHandshakeTimeout">,
  signal: AbortSignal | null,
  https: boolean,
  hostname: string,
  port: string,
  servername?: string | null,
): Promise<Conn> {
  const host = hostOnly(hostname);
  const addr = dialAddr(host, port !== "" ? port : https ? "443" : "80");
  const dialSignal = signal ?? neverAborts;
  const conn = t.DialContext !== null ? await t.DialContext(dialSignal, "tcp", addr) : await new Dialer({}).DialContext(dialSignal, "tcp", addr);
  if (!https) return conn;
  const config: TLSConfig = { ...(t.TLSClientConfig ?? {}) };
  if (config.ServerName === undefined || config.ServerName === "") config.ServerName = servername ?? host;
  config.NextProtos = ["http/1.1"];
  const tc = tlsClient(conn, config);
  let timer: NodeJS.Timeout | null = null;
  try {
    const hs = tc.HandshakeContext(signal);
    if (t.TLSHandshakeTimeout > 0) {
      await Promise.race([
        hs,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ClientError("net/http: TLS handshake timeout", "GONET_HTTP_ERR_TLS_HANDSHAKE_TIMEOUT", true)), t.TLSHandshakeTimeout);
        }),
      ]);
    } else await hs;
  } catch (e) {
    await tc.Close().catch(() => {});
    throw e;
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
  return tc;
}

/** DefaultTransport is the default RoundTripper, used by DefaultClient and by any Client without a Transport. */
export const DefaultTransport: Transport = new Transport({ TLSHandshakeTimeout: 10_000, IdleConnTimeout: 90_000, MaxIdleConns: 100 });
