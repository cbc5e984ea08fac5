// TCPConn and TCPListener: the TCP-specific surface over the shared StreamConn
// and StreamListener (Go's tcpsock.go).

import { StreamConn, type StreamConnInit } from "./conn.js";
import { ErrClosed, OpError } from "./errors.js";
import { StreamListener } from "./listener.js";
import type { TCPAddr } from "./addr.js";

/** TCPControl is the platform's handle on socket options. @internal */
export interface TCPControl {
  setNoDelay(noDelay: boolean): void;
  setKeepAlive(enable: boolean, periodMs: number): void;
}

/**
 * TCPConn is a Conn for TCP network connections (Go's net.TCPConn): a Conn plus CloseWrite,
 * CloseRead, SetNoDelay, SetKeepAlive and SetKeepAlivePeriod.
 */
export class TCPConn extends StreamConn {
  readonly #ctl: TCPControl;
  #keepAlivePeriod = 15000;

  /** @internal */
  constructor(init: StreamConnInit, ctl: TCPControl) {
    super(init);
    this.#ctl = ctl;
  }

  #check(): void {
    if (this.closed) throw new OpError({ Op: "set", Net: this.net, Source: this.LocalAddr(), Addr: this.RemoteAddr(), Err: ErrClosed });
  }

  /** SetNoDelay controls Nagle's algorithm; gonet, as Go, sets no-delay (true) on every TCP conn. */
  SetNoDelay(noDelay: boolean): void {
    this.#check();
    this.#ctl.setNoDelay(noDelay);
  }

  /** SetKeepAlive turns TCP keep-alive probes on or off. */
  SetKeepAlive(keepAlive: boolean): void {
    this.#check();
    this.#ctl.setKeepAlive(keepAlive, this.#keepAlivePeriod);
  }

  /** SetKeepAlivePeriod sets the idle time (ms) before keep-alive probes start, and enables them. */
  SetKeepAlivePeriod(ms: number): void {
    this.#check();
    this.#keepAlivePeriod = ms;
    this.#ctl.setKeepAlive(true, ms);
  }

  /** LocalAddr returns the local TCPAddr. */
  override LocalAddr(): TCPAddr {
    return super.LocalAddr() as TCPAddr;
  }

  /** RemoteAddr returns the remote TCPAddr. */
  override RemoteAddr(): TCPAddr {
    return super.RemoteAddr() as TCPAddr;
  }
}

/** TCPListener is a TCP network listener (Go's net.TCPListener): Accept, AcceptTCP, SetDeadline, Close, Addr. */
export class TCPListener extends StreamListener<TCPConn> {
  /** AcceptTCP accepts the next incoming call and returns the new TCPConn. */
  AcceptTCP(): Promise<TCPConn> {
    return this.Accept();
  }

  /** Addr returns the listener's TCPAddr. */
  override Addr(): TCPAddr {
    return super.Addr() as TCPAddr;
  }
}
