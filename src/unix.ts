// UnixConn and UnixListener over the shared StreamConn and StreamListener (Go's unixsock.go).

import { StreamConn } from "./conn.js";
import { StreamListener } from "./listener.js";
import type { UnixAddr } from "./addr.js";

/** UnixConn is a Conn for connections to Unix domain sockets (Go's net.UnixConn); it has CloseWrite and CloseRead. */
export class UnixConn extends StreamConn {
  /** LocalAddr returns the local UnixAddr. */
  override LocalAddr(): UnixAddr {
    return super.LocalAddr() as UnixAddr;
  }

  /** RemoteAddr returns the remote UnixAddr. */
  override RemoteAddr(): UnixAddr {
    return super.RemoteAddr() as UnixAddr;
  }
}

/** UnixListener is a Unix domain socket listener (Go's net.UnixListener). */
export class UnixListener extends StreamListener<UnixConn> {
  /** AcceptUnix accepts the next incoming call and returns the new UnixConn. */
  AcceptUnix(): Promise<UnixConn> {
    return this.Accept();
  }

  /** Addr returns the listener's UnixAddr. */
  override Addr(): UnixAddr {
    return super.Addr() as UnixAddr;
  }
}
