// Unix domain stream sockets on node:net (Go's unixsock_posix.go). Node does
// not report unix peer names; as in Go, an unnamed end prints "@".

import { existsSync } from "node:fs";
import net from "node:net";
import { dirname } from "node:path";
import { UnixAddr } from "../src/addr.js";
import { Errno, SyscallError } from "../src/errors.js";
import type { BackendDialOptions, BackendListenOptions } from "../src/backend.js";
import { UnixConn, UnixListener } from "../src/unix.js";
import { connectSocket, listenServer, NodeListenerTransport, SocketTransport } from "./socket.js";

function wrapUnix(s: net.Socket, network: string, laddr: UnixAddr, raddr: UnixAddr, accepted = false): UnixConn {
  const t = new SocketTransport(s);
  const c = new UnixConn({ net: network, localAddr: laddr, remoteAddr: raddr, startPaused: accepted });
  c.attach(t);
  t.bind(c);
  return c;
}

/** dialUnix connects to a unix socket path. @internal */
export function dialUnix(network: string, raddr: UnixAddr, laddr: UnixAddr | null, opts: BackendDialOptions): Promise<UnixConn> {
  const local = laddr ?? new UnixAddr({ Name: "@", Net: network });
  return connectSocket({ path: raddr.Name, allowHalfOpen: true }, opts.signal, (s) => wrapUnix(s, network, local, raddr));
}

/** listenUnix listens on a unix socket path; Close removes the socket file, as Go's. @internal */
export async function listenUnix(network: string, laddr: UnixAddr, opts: BackendListenOptions): Promise<UnixListener> {
  const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
  try {
    return await listenServer(server, { path: laddr.Name, exclusive: true }, () => {
      const l = new UnixListener({ net: network, addr: laddr, ...(opts.backlog !== undefined ? { backlog: opts.backlog } : {}) });
      const peer = new UnixAddr({ Name: "@", Net: network });
      l.attach(new NodeListenerTransport(server, l, (s) => wrapUnix(s, network, laddr, peer, true)));
      return l;
    });
  } catch (err) {
    // libuv's uv_pipe_bind reports ENOENT as EACCES (for Windows' sake); bind(2), and so Go, says
    // ENOENT when the socket's directory is missing.
    if (err instanceof SyscallError && err.Err === Errno.of("EACCES") && !existsSync(dirname(laddr.Name))) {
      throw new SyscallError("bind", Errno.of("ENOENT"), err.cause);
    }
    throw err;
  }
}
