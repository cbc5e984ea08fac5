// Unix domain stream sockets on node:net (Go's unixsock_posix.go). Node does
// not report unix peer names; as in Go, an unnamed end prints "@".

import net from "node:net";
import { UnixAddr } from "../src/addr.js";
import type { BackendDialOptions, BackendListenOptions } from "../src/backend.js";
import { ErrCanceled } from "../src/errors.js";
import { UnixConn, UnixListener } from "../src/unix.js";
import { translate } from "./errors.js";
import { NodeListenerTransport, SocketTransport } from "./socket.js";

function wrapUnix(s: net.Socket, network: string, laddr: UnixAddr, raddr: UnixAddr): UnixConn {
  const t = new SocketTransport(s);
  const c = new UnixConn({ net: network, localAddr: laddr, remoteAddr: raddr });
  c.attach(t);
  t.bind(c);
  return c;
}

/** dialUnix connects to a unix socket path. @internal */
export function dialUnix(network: string, raddr: UnixAddr, laddr: UnixAddr | null, opts: BackendDialOptions): Promise<UnixConn> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) {
      reject(ErrCanceled);
      return;
    }
    const s = net.connect({ path: raddr.Name, allowHalfOpen: true });
    const onAbort = (): void => {
      s.destroy();
      done();
      reject(ErrCanceled);
    };
    const onErr = (err: Error): void => {
      done();
      s.destroy();
      reject(translate(err, "connect"));
    };
    const onConnect = (): void => {
      done();
      resolve(wrapUnix(s, network, laddr ?? new UnixAddr({ Name: "@", Net: network }), raddr));
    };
    const done = (): void => {
      opts.signal.removeEventListener("abort", onAbort);
      s.off("error", onErr);
      s.off("connect", onConnect);
    };
    opts.signal.addEventListener("abort", onAbort, { once: true });
    s.on("error", onErr);
    s.on("connect", onConnect);
  });
}

/** listenUnix listens on a unix socket path; Close removes the socket file, as Go's. @internal */
export function listenUnix(network: string, laddr: UnixAddr, opts: BackendListenOptions): Promise<UnixListener> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    const onErr = (err: Error): void => {
      server.off("listening", onListening);
      reject(translate(err, "bind"));
    };
    const onListening = (): void => {
      server.off("error", onErr);
      const l = new UnixListener({ net: network, addr: laddr, ...(opts.backlog !== undefined ? { backlog: opts.backlog } : {}) });
      const peer = new UnixAddr({ Name: "@", Net: network });
      l.attach(new NodeListenerTransport(server, l, (s) => wrapUnix(s, network, laddr, peer)));
      resolve(l);
    };
    server.once("error", onErr);
    server.once("listening", onListening);
    server.listen({ path: laddr.Name, exclusive: true });
  });
}
