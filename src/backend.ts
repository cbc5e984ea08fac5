// The one narrow interface between the portable core and a platform. The core
// (dial.ts, listen.ts, lookup.ts) parses networks and addresses, resolves
// names, runs Happy Eyeballs, applies timeouts and wraps every error in an
// OpError; a backend only opens the platform's handles. Each platform writes
// `export const backend: Backend = { … }`, so a missing piece fails the
// type-check, not a user.

import type { TCPAddr, UnixAddr } from "./addr.js";
import type { Conn, Listener } from "./net.js";

/** DialOptions are what the core hands a backend for one connection attempt. @internal */
export interface BackendDialOptions {
  /** signal aborts the attempt (timeout, deadline, caller's signal); the core maps the reason. */
  signal: AbortSignal;
  /** keepAlive is the keep-alive period in ms; negative disables keep-alive. */
  keepAlive: number;
}

/** BackendListenOptions are what the core hands a backend to listen. @internal */
export interface BackendListenOptions {
  signal: AbortSignal | null;
  keepAlive: number;
  backlog?: number;
}

/**
 * Backend is what a platform provides to the portable core. Errors it throws are already
 * translated (SyscallError, Errno, ErrUnsupported…); the core wraps them in OpError.
 * @internal
 */
export interface Backend {
  /** name is the platform's name, for messages. */
  readonly name: "node" | "browser";
  /** dialTCP connects to one resolved address. */
  dialTCP(network: string, raddr: TCPAddr, laddr: TCPAddr | null, opts: BackendDialOptions): Promise<Conn>;
  /** listenTCP listens on one resolved address. */
  listenTCP(network: string, laddr: TCPAddr, opts: BackendListenOptions): Promise<Listener>;
  /** dialUnix connects to a unix socket path. */
  dialUnix(network: string, raddr: UnixAddr, laddr: UnixAddr | null, opts: BackendDialOptions): Promise<Conn>;
  /** listenUnix listens on a unix socket path. */
  listenUnix(network: string, laddr: UnixAddr, opts: BackendListenOptions): Promise<Listener>;
  /** unsupportedHint says, for an operation this platform cannot do, what to use instead ("" if it can). */
  unsupportedHint(op: "dial" | "listen", network: string): string;
}
