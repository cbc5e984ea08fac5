// Node's Dial, Listen, Dialer and ListenConfig: the portable core bound to the
// Node backend and the Node default resolver.

import type { NetworkName } from "../src/net.js";
import { ResolveTCPAddr as resolveTCP, ResolveUDPAddr as resolveUDP, TCPAddr, UDPAddr, UnixAddr } from "../src/addr.js";
import type { Backend } from "../src/backend.js";
import { checkNetwork, DialerCore, ListenConfigCore, lookupIPFunc, tcpNetworks, unixDialNetworks, unixListenNetworks, type AddrResolver, type DialerInit } from "../src/dial.js";
import { ErrMissingAddress, OpError } from "../src/errors.js";
import type { Conn, Listener } from "../src/net.js";
import type { TCPConn, TCPListener } from "../src/tcp.js";
import type { UnixConn, UnixListener } from "../src/unix.js";
import { backend } from "./backend.js";
import { dialWebSocket, listenWebSocket } from "./ws.js";
import { dialUDPNetwork, listenPacketNetwork } from "./udp.js";
import type { UDPConn } from "../src/udp.js";
import { defaultResolver } from "./resolver.js";

/**
 * Dialer contains options for connecting to an address (Go's net.Dialer): Timeout, Deadline,
 * LocalAddr, KeepAlive, FallbackDelay (Happy Eyeballs) and Resolver.
 *
 * @example
 * const d = new Dialer({ Timeout: 5000, KeepAlive: -1 });
 * const conn = await d.DialContext(AbortSignal.timeout(1000), "tcp", "127.0.0.1:8080");
 */
export class Dialer extends DialerCore {
  protected backend(): Backend {
    return backend;
  }
  protected defaultResolver(): AddrResolver {
    return defaultResolver();
  }
  protected override async dispatchDial(...args: Parameters<DialerCore["dispatchDial"]>): Promise<Conn> {
    const [parsed, network, address, whole] = args;
    if (parsed.family === "ws") return await dialWebSocket(network, address, whole.signal);
    if (parsed.family === "udp") return await dialUDPNetwork(this.Resolver ?? this.defaultResolver(), this.LocalAddr, whole.signal, network, address);
    return await super.dispatchDial(...args);
  }
}

/**
 * ListenConfig contains options for listening to an address (Go's net.ListenConfig).
 *
 * @example
 * const l = await new ListenConfig({ KeepAlive: -1 }).Listen(null, "tcp", "127.0.0.1:0");
 */
export class ListenConfig extends ListenConfigCore {
  protected backend(): Backend {
    return backend;
  }
  protected defaultResolver(): AddrResolver {
    return defaultResolver();
  }
  protected override async dispatchListen(...args: Parameters<ListenConfigCore["dispatchListen"]>): Promise<Listener> {
    const [parsed, signal, network, address] = args;
    if (parsed.family === "ws") return await listenWebSocket(network, address, { signal });
    return await super.dispatchListen(...args);
  }
  /** ListenPacket announces on the local network address for "udp", "udp4" or "udp6" (Go's ListenConfig.ListenPacket). */
  ListenPacket(signal: AbortSignal | null, network: NetworkName, address: string): Promise<UDPConn> {
    return listenPacketNetwork(this.defaultResolver(), signal, network, address);
  }
}

/**
 * Dial connects to the address on the named network: "tcp", "tcp4", "tcp6", "unix" (and, once
 * their packages are loaded, "udp", "ws", "wss"). Names are resolved with the default resolver.
 *
 * @example
 * await using conn = await Dial("tcp", "127.0.0.1:8080");
 * await conn.Write(new TextEncoder().encode("hello"));
 */
export function Dial(network: NetworkName, address: string): Promise<Conn> {
  return new Dialer().Dial(network, address);
}

/** DialTimeout acts like Dial but takes a timeout in milliseconds, which includes name resolution. */
export function DialTimeout(network: NetworkName, address: string, timeout: number): Promise<Conn> {
  return new Dialer({ Timeout: timeout }).Dial(network, address);
}

/**
 * Listen announces on the local network address: "tcp", "tcp4", "tcp6" or "unix". An empty or
 * zero port picks one; `l.Addr()` tells which.
 *
 * @example
 * await using l = await Listen("tcp", "127.0.0.1:0");
 * for await (const conn of l) void serve(conn);
 */
export function Listen(network: NetworkName, address: string): Promise<Listener> {
  return new ListenConfig().Listen(null, network, address);
}

/** DialTCP acts like Dial for TCP networks, with resolved addresses; laddr may be null. */
export async function DialTCP(network: NetworkName, laddr: TCPAddr | null, raddr: TCPAddr | null): Promise<TCPConn> {
  checkNetwork("dial", network, tcpNetworks, laddr, raddr);
  if (raddr === null) throw new OpError({ Op: "dial", Net: network, Source: laddr, Addr: null, Err: ErrMissingAddress });
  const d = new Dialer({ LocalAddr: laddr });
  return (await d.Dial(network, raddr.String())) as TCPConn;
}

/** ListenTCP acts like Listen for TCP networks; a null laddr or port 0 picks a port. */
export async function ListenTCP(network: NetworkName, laddr: TCPAddr | null): Promise<TCPListener> {
  checkNetwork("listen", network, tcpNetworks, null, laddr);
  return (await Listen(network, (laddr ?? new TCPAddr()).String())) as TCPListener;
}

/** DialUnix acts like Dial for unix networks; laddr may be null. */
export async function DialUnix(network: NetworkName, laddr: UnixAddr | null, raddr: UnixAddr | null): Promise<UnixConn> {
  checkNetwork("dial", network, unixDialNetworks, laddr, raddr);
  if (raddr === null) throw new OpError({ Op: "dial", Net: network, Source: laddr, Addr: null, Err: ErrMissingAddress });
  return (await new Dialer({ LocalAddr: laddr }).Dial(network, raddr.Name)) as UnixConn;
}

/** ListenUnix acts like Listen for unix networks. */
export async function ListenUnix(network: NetworkName, laddr: UnixAddr | null): Promise<UnixListener> {
  checkNetwork("listen", network, unixListenNetworks, null, laddr);
  if (laddr === null) throw new OpError({ Op: "listen", Net: network, Err: ErrMissingAddress });
  return (await Listen(network, laddr.Name)) as UnixListener;
}

export type { DialerInit };

/** ResolveTCPAddr returns an address of a TCP end point, resolving names with the default resolver. */
export function ResolveTCPAddr(network: NetworkName, address: string): Promise<TCPAddr> {
  return resolveTCP(network, address, lookupIPFunc(defaultResolver()));
}

/** ResolveUDPAddr returns an address of a UDP end point, resolving names with the default resolver. */
export function ResolveUDPAddr(network: NetworkName, address: string): Promise<UDPAddr> {
  return resolveUDP(network, address, lookupIPFunc(defaultResolver()));
}
export { ListenPacket, ListenUDP, DialUDP } from "./udp.js";
