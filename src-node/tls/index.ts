// gonet/tls for Node: Go's crypto/tls on node:tls. Dial, DialWithDialer,
// Listen and NewListener over gonet's own net Conns and Listeners; Client and
// Server over any Conn.

import { ErrCanceled, ErrContextDeadlineExceeded, ErrDeadlineExceeded } from "../../src/errors.js";
import type { Addr, Listener, NetworkName } from "../../src/net.js";
import { toDeadline } from "../../src/deadline.js";
import { TLSError, type Config } from "../../src/tls.js";
import { Dialer, Listen as netListen } from "../dial.js";
import { Client, Server, TLSConn } from "./conn.js";

export { Client, Server, TLSConn } from "./conn.js";
export { X509KeyPair, LoadX509KeyPair, SystemCertPool } from "./x509.js";
export * from "../../src/tls-api.js";

/** Conn is a TLS connection (Go's tls.Conn): the class TLSConn. */
export type { TLSConn as Conn } from "./conn.js";

/**
 * TLSListener is a Listener whose Accept returns server-side TLS conns (Go's tls.listener). The
 * handshake of an accepted conn runs on its first Read or Write (or Handshake), so a slow client
 * holds up nobody else's Accept.
 */
export class TLSListener implements Listener {
  readonly #inner: Listener;
  readonly #config: Config;

  /** @internal */
  constructor(inner: Listener, config: Config) {
    this.#inner = inner;
    this.#config = config;
  }

  /** Accept waits for the next connection and returns it as a server-side TLSConn. */
  async Accept(): Promise<TLSConn> {
    return Server(await this.#inner.Accept(), this.#config);
  }

  /** Close closes the inner listener. */
  Close(): Promise<void> {
    return this.#inner.Close();
  }

  /** Addr returns the inner listener's address. */
  Addr(): Addr {
    return this.#inner.Addr();
  }

  /** Symbol.asyncIterator yields accepted TLSConns until the listener is closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<TLSConn> {
    for await (const c of this.#inner) yield Server(c, this.#config);
  }

  /** Symbol.asyncDispose closes the listener if it is still open. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#inner[Symbol.asyncDispose]();
  }
}

/**
 * NewListener creates a Listener which accepts connections from inner and wraps each with Server
 * (Go's tls.NewListener). config must have at least one certificate.
 */
export function NewListener(inner: Listener, config: Config): TLSListener {
  return new TLSListener(inner, config);
}

/**
 * Listen creates a TLS listener accepting connections on the given network address using
 * net.Listen (Go's tls.Listen). config must have at least one certificate: `tls: neither
 * Certificates, GetCertificate, nor GetConfigForClient set in Config`.
 *
 * @example
 * const cert = await LoadX509KeyPair("server.pem", "server.key");
 * await using l = await Listen("tcp", "127.0.0.1:8443", { Certificates: [cert] });
 * for await (const conn of l) void serve(conn);
 */
export async function Listen(network: NetworkName, laddr: string, config: Config): Promise<TLSListener> {
  if (config === null || config === undefined || (config.Certificates ?? []).length === 0) {
    throw new TLSError("tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config", "GONET_ERR_TLS_NO_CERTIFICATES");
  }
  return NewListener(await netListen(network, laddr), config);
}

/**
 * DialWithDialer connects to the given network address using dialer.Dial and then initiates a
 * TLS handshake, resolving the conn once the handshake (and the verification of the server) has
 * succeeded (Go's tls.DialWithDialer). dialer.Timeout and dialer.Deadline cover the handshake
 * too. A missing config.ServerName is taken from addr's host.
 */
export async function DialWithDialer(dialer: Dialer, network: NetworkName, addr: string, config: Config | null = null): Promise<TLSConn> {
  let timeout = dialer.Timeout;
  const dl = toDeadline(dialer.Deadline);
  if (dl !== 0) {
    const left = dl - Date.now();
    if (timeout === 0 || left < timeout) timeout = left;
  }
  const ac = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (dialer.Timeout !== 0 || dl !== 0) {
    if (timeout <= 0) ac.abort(ErrDeadlineExceeded);
    else timer = setTimeout(() => ac.abort(ErrDeadlineExceeded), Math.min(timeout, 0x7fffffff));
  }
  try {
    const raw = await dialer.DialContext(ac.signal, network, addr);
    let cfg: Config = config ?? {};
    if ((cfg.ServerName ?? "") === "") {
      const colon = addr.lastIndexOf(":");
      cfg = { ...cfg, ServerName: colon < 0 ? addr : addr.slice(0, colon) };
    }
    const conn = Client(raw, cfg);
    try {
      await conn.HandshakeContext(ac.signal);
    } catch (err) {
      await raw.Close().catch(() => {});
      throw err === ErrCanceled && ac.signal.reason === ErrDeadlineExceeded ? ErrContextDeadlineExceeded : err;
    }
    return conn;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * Dial connects to the given network address using net.Dial and then initiates a TLS handshake,
 * returning the resulting TLS connection once the server is verified (Go's tls.Dial).
 *
 * @example
 * await using conn = await Dial("tcp", "example.com:443", { NextProtos: ["http/1.1"] });
 * console.log(conn.ConnectionState().Version === VersionTLS13);
 */
export function Dial(network: NetworkName, addr: string, config: Config | null = null): Promise<TLSConn> {
  return DialWithDialer(new Dialer(), network, addr, config);
}
