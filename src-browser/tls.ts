// gonet/tls in the browser: a page cannot run TLS over its own sockets (the browser does TLS for
// wss:// and https:// itself), so every entry point fails with an OpError wrapping ErrUnsupported
// that says what to use instead. The platform-free parts (constants, CertPool, error classes)
// are the same as in Node.

import { ErrUnsupported, OpError } from "../src/errors.js";
import type { Conn, Listener } from "../src/net.js";
import type { Certificate, Config } from "../src/tls.js";
import type { CertPool } from "../src/tls.js";
import type { Dialer } from "./dial.js";

export * from "../src/tls-api.js";

const hint = "browsers do TLS themselves: Dial(\"wss\", url) for a secure Conn, or fetch over https";

function unsupported(op: string, net = "tls"): OpError {
  return new OpError({ Op: op, Net: net, Err: ErrUnsupported, Hint: hint });
}

/** TLSConn is a TLS connection (Go's tls.Conn); in the browser it cannot be made. */
export class TLSConn {
  /** The constructor always throws: browsers do TLS themselves. */
  constructor() {
    throw unsupported("tls");
  }
}

/** Conn is a TLS connection (Go's tls.Conn): the class TLSConn. */
export type { TLSConn as Conn };

/** TLSListener is a TLS Listener (Go's tls.listener); in the browser it cannot be made. */
export class TLSListener {
  /** The constructor always throws: browsers cannot listen. */
  constructor() {
    throw unsupported("listen");
  }
}

/** Client fails in the browser: use Dial("wss", url), the browser does the TLS. */
export function Client(_conn: Conn, _config: Config): TLSConn {
  throw unsupported("tls");
}

/** Server fails in the browser: browsers cannot accept connections. */
export function Server(_conn: Conn, _config: Config): TLSConn {
  throw unsupported("tls");
}

/** NewListener fails in the browser: browsers cannot accept connections. */
export function NewListener(_inner: Listener, _config: Config): TLSListener {
  throw unsupported("listen");
}

/** Listen fails in the browser: browsers cannot accept connections. */
export async function Listen(network: string, _laddr: string, _config: Config): Promise<TLSListener> {
  throw unsupported("listen", network);
}

/** DialWithDialer fails in the browser: use Dial("wss", url). */
export async function DialWithDialer(_dialer: Dialer, network: string, _addr: string, _config: Config | null = null): Promise<TLSConn> {
  throw unsupported("dial", network);
}

/** Dial fails in the browser: use Dial("wss", url) from gonet. */
export async function Dial(network: string, _addr: string, _config: Config | null = null): Promise<TLSConn> {
  throw unsupported("dial", network);
}

/** X509KeyPair fails in the browser: a page holds no server keys. */
export function X509KeyPair(_certPEMBlock: string | Uint8Array, _keyPEMBlock: string | Uint8Array): Certificate {
  throw unsupported("tls");
}

/** LoadX509KeyPair fails in the browser: a page reads no key files. */
export async function LoadX509KeyPair(_certFile: string, _keyFile: string): Promise<Certificate> {
  throw unsupported("tls");
}

/** SystemCertPool fails in the browser: the browser's roots are not readable by a page. */
export function SystemCertPool(): CertPool {
  throw unsupported("tls");
}
