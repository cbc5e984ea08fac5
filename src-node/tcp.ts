// TCP on node:net (Go's tcpsock_posix.go): dialing one resolved address,
// listening, and wrapping sockets into TCPConns.

import net from "node:net";
import { TCPAddr } from "../src/addr.js";
import type { BackendDialOptions, BackendListenOptions } from "../src/backend.js";
import { kAddrSource, type AddrSource, type ConnSink } from "../src/conn.js";
import { ParseIP } from "../src/ip.js";
import { TCPConn, TCPListener } from "../src/tcp.js";
import { connectSocket, listenServer, NodeListenerTransport, SocketTransport } from "./socket.js";

// One buffer serves every dialed socket: the onread callback copies out of it synchronously.
const sharedReadBuffer = new Uint8Array(64 * 1024);

function tcpAddrOf(address: string | undefined, port: number | undefined): TCPAddr {
  if (address === undefined) return new TCPAddr({ IP: null, Port: port ?? 0 });
  const pct = address.indexOf("%");
  const ip = ParseIP(pct < 0 ? address : address.slice(0, pct));
  return new TCPAddr({ IP: ip, Port: port ?? 0, Zone: pct < 0 ? "" : address.slice(pct + 1) });
}

function hostOf(a: TCPAddr, network: string): string {
  if (a.IP === null || a.IP.length === 0) return network === "tcp4" ? "0.0.0.0" : "::";
  const s = a.IP.String();
  return a.Zone !== "" ? `${s}%${a.Zone}` : s;
}

// The socket's addresses are read at wrap time (they are gone once the handle closes) and made
// into TCPAddrs only when asked for; the transport is the conn's AddrSource, so an idle
// connection carries two strings and two numbers, no closures.
class TCPSocketTransport extends SocketTransport implements AddrSource {
  readonly [kAddrSource] = true as const;
  readonly #la: string | undefined;
  readonly #lp: number | undefined;
  readonly #ra: string | undefined;
  readonly #rp: number | undefined;

  readonly #local: TCPAddr | null;

  // local, when given, is the listener's own address: accepted conns share it (no getsockname).
  constructor(s: net.Socket, local: TCPAddr | null) {
    super(s);
    this.#local = local;
    if (local === null) {
      this.#la = s.localAddress;
      this.#lp = s.localPort;
    }
    this.#ra = s.remoteAddress;
    this.#rp = s.remotePort;
  }

  localAddr(): TCPAddr {
    return this.#local ?? tcpAddrOf(this.#la, this.#lp);
  }

  remoteAddr(): TCPAddr {
    return tcpAddrOf(this.#ra, this.#rp);
  }
}

/** wrapTCP makes a TCPConn of a connected socket. @internal */
export function wrapTCP(s: net.Socket, network: string, local: TCPAddr | null = null, accepted = false): TCPConn {
  const t = new TCPSocketTransport(s, local);
  const c = new TCPConn({ net: network, localAddr: t, remoteAddr: t, startPaused: accepted }, t);
  c.attach(t);
  t.bind(c);
  return c;
}

/** dialTCP connects to one resolved address. @internal */
export function dialTCP(network: string, raddr: TCPAddr, laddr: TCPAddr | null, opts: BackendDialOptions): Promise<TCPConn> {
  const v4 = raddr.IP !== null && raddr.IP.To4() !== null;
  // Reads land in one shared buffer and are copied straight into the waiting Read (node's
  // onread): no Readable machinery and no allocation per chunk on the dialing side.
  let sink: ConnSink | null = null;
  const o: net.TcpNetConnectOpts = {
    host: hostOf(raddr, network),
    port: raddr.Port,
    family: v4 ? 4 : 6,
    allowHalfOpen: true,
    noDelay: true,
    keepAlive: opts.keepAlive >= 0,
    keepAliveInitialDelay: opts.keepAlive >= 0 ? opts.keepAlive : 0,
    onread: { buffer: sharedReadBuffer, callback: (n, buf) => (sink === null ? true : sink.pushCopy(buf.subarray(0, n))) },
  };
  if (laddr !== null) {
    if (laddr.IP !== null) o.localAddress = hostOf(laddr, network);
    if (laddr.Port !== 0) o.localPort = laddr.Port;
  }
  return connectSocket(o, opts.signal, (s) => {
    const c = wrapTCP(s, network);
    sink = c;
    return c;
  });
}

/** listenTCP listens on one resolved address. @internal */
export function listenTCP(network: string, laddr: TCPAddr, opts: BackendListenOptions): Promise<TCPListener> {
  const server = net.createServer({
    allowHalfOpen: true,
    pauseOnConnect: true,
    noDelay: true,
    keepAlive: opts.keepAlive >= 0,
    keepAliveInitialDelay: opts.keepAlive >= 0 ? opts.keepAlive : 0,
  });
  return listenServer(server, { host: hostOf(laddr, network), port: laddr.Port, ipv6Only: network === "tcp6", exclusive: true }, () => {
    const a = server.address() as net.AddressInfo;
    const addr = tcpAddrOf(a.address, a.port);
    const l = new TCPListener({ net: network, addr, ...(opts.backlog !== undefined ? { backlog: opts.backlog } : {}) });
    // A listener bound to one address is every accepted conn's local address.
    const shared = addr.IP !== null && !addr.IP.IsUnspecified() ? addr : null;
    l.attach(new NodeListenerTransport(server, l, (s) => wrapTCP(s, network, shared, true)));
    return l;
  });
}
