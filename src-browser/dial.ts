// The browser's Dial, Listen, Dialer and ListenConfig, with the same names as
// Node's. A browser can only dial "ws" and "wss" (ws.ts); every other network
// fails at once, before any name lookup, with an OpError whose Err is
// ErrUnsupported and whose message says what to use instead. Names resolve
// over DoH (src/lookup.ts's default resolver).

import type { NetworkName } from "../src/net.js";
import { ResolveTCPAddr as resolveTCP, ResolveUDPAddr as resolveUDP, type TCPAddr, type UDPAddr, type UnixAddr } from "../src/addr.js";
import type { Backend } from "../src/backend.js";
import { checkNetwork, DialerCore, ListenConfigCore, lookupIPFunc, tcpNetworks, unixDialNetworks, unixListenNetworks, type AddrResolver, type DialerInit } from "../src/dial.js";
import { ErrUnsupported, OpError } from "../src/errors.js";
import { DefaultResolver } from "../src/lookup.js";
import type { Conn, Listener } from "../src/net.js";
import type { TCPConn, TCPListener } from "../src/tcp.js";
import type { UnixConn, UnixListener } from "../src/unix.js";
import type { DialedUDPConn, UDPConn } from "../src/udp.js";
import { backend, unsupportedHint } from "./backend.js";
import { dialWebSocket } from "./ws.js";

function unsupported(op: "dial" | "listen", network: string, source: TCPAddr | UnixAddr | null = null, addr: TCPAddr | UnixAddr | null = null): OpError {
  return new OpError({ Op: op, Net: network, Source: source, Addr: addr, Err: ErrUnsupported, Hint: unsupportedHint(op, network) });
}

/**
 * Dialer contains options for connecting to an address (Go's net.Dialer). In the browser only
 * "ws" and "wss" can be dialed; Timeout, Deadline and the signal of DialContext bound the
 * WebSocket handshake.
 *
 * @example
 * const d = new Dialer({ Timeout: 5000 });
 * const conn = await d.DialContext(AbortSignal.timeout(1000), "wss", "wss://example.com/tunnel");
 */
export class Dialer extends DialerCore {
  protected backend(): Backend {
    return backend;
  }
  protected defaultResolver(): AddrResolver {
    return DefaultResolver();
  }
  /** dispatchDial dials ws and wss with the browser's WebSocket and refuses every other network. @internal */
  protected override async dispatchDial(...args: Parameters<DialerCore["dispatchDial"]>): Promise<Conn> {
    const [parsed, network, address, whole] = args;
    if (parsed.family === "ws") return await dialWebSocket(network, address, whole.signal);
    throw unsupported("dial", network);
  }
}

/**
 * ListenConfig contains options for listening to an address (Go's net.ListenConfig). A browser
 * cannot listen: Listen always fails with ErrUnsupported.
 *
 * @example
 * await new ListenConfig().Listen(null, "tcp", ":0"); // throws: listen tcp: unsupported operation (…)
 */
export class ListenConfig extends ListenConfigCore {
  protected backend(): Backend {
    return backend;
  }
  protected defaultResolver(): AddrResolver {
    return DefaultResolver();
  }
  /** dispatchListen refuses every network: browsers cannot accept connections. @internal */
  protected override dispatchListen(...args: Parameters<ListenConfigCore["dispatchListen"]>): Promise<Listener> {
    return Promise.reject(unsupported("listen", args[2]));
  }
  /** ListenPacket fails in the browser: a page cannot open UDP sockets. */
  ListenPacket(_signal: AbortSignal | null, network: NetworkName, _address: string): Promise<UDPConn> {
    return Promise.reject(unsupported("listen", network));
  }
}

/** ListenPacket fails in the browser: a page cannot open UDP sockets (use a WebSocket or WebRTC). */
export function ListenPacket(network: NetworkName, address: string): Promise<UDPConn> {
  return new ListenConfig().ListenPacket(null, network, address);
}

/** ListenUDP fails in the browser: a page cannot open UDP sockets. */
export async function ListenUDP(network: NetworkName, _laddr: UDPAddr | null): Promise<UDPConn> {
  throw unsupported("listen", network);
}

/** DialUDP fails in the browser: a page cannot open UDP sockets. */
export async function DialUDP(network: NetworkName, _laddr: UDPAddr | null, _raddr: UDPAddr | null): Promise<DialedUDPConn> {
  throw unsupported("dial", network);
}

/**
 * Dial connects to the address on the named network. In the browser the network must be "ws"
 * or "wss" and the address a URL or host:port; any other network throws an OpError whose Err is
 * ErrUnsupported (`dial tcp: unsupported operation (browsers cannot open TCP sockets; use
 * Dial("wss", url) to a gonet WebSocket listener)`).
 *
 * @example
 * await using conn = await Dial("wss", "wss://example.com/tunnel");
 * await conn.Write(new TextEncoder().encode("hello"));
 */
export function Dial(network: NetworkName, address: string): Promise<Conn> {
  return new Dialer().Dial(network, address);
}

/** DialTimeout acts like Dial but takes a timeout in milliseconds for the WebSocket handshake. */
export function DialTimeout(network: NetworkName, address: string, timeout: number): Promise<Conn> {
  return new Dialer({ Timeout: timeout }).Dial(network, address);
}

/**
 * Listen fails in the browser with an OpError whose Err is ErrUnsupported: browsers cannot
 * accept connections. Listen("ws", …) in Node and dial it from the browser instead.
 *
 * @example
 * try { await Listen("tcp", ":0"); } catch (err) { Is(err, ErrUnsupported) === true }
 */
export function Listen(network: NetworkName, address: string): Promise<Listener> {
  return new ListenConfig().Listen(null, network, address);
}

/** DialTCP fails in the browser with ErrUnsupported (browsers cannot open TCP sockets); the network is checked first, as Go does. */
export function DialTCP(network: NetworkName, laddr: TCPAddr | null, raddr: TCPAddr | null): Promise<TCPConn> {
  return new Promise(() => {
    checkNetwork("dial", network, tcpNetworks, laddr, raddr);
    throw unsupported("dial", network, laddr, raddr);
  });
}

/** ListenTCP fails in the browser with ErrUnsupported (browsers cannot accept connections). */
export function ListenTCP(network: NetworkName, laddr: TCPAddr | null): Promise<TCPListener> {
  return new Promise(() => {
    checkNetwork("listen", network, tcpNetworks, null, laddr);
    throw unsupported("listen", network, null, laddr);
  });
}

/** DialUnix fails in the browser with ErrUnsupported (browsers cannot open unix sockets). */
export function DialUnix(network: NetworkName, laddr: UnixAddr | null, raddr: UnixAddr | null): Promise<UnixConn> {
  return new Promise(() => {
    checkNetwork("dial", network, unixDialNetworks, laddr, raddr);
    throw unsupported("dial", network, laddr, raddr);
  });
}

/** ListenUnix fails in the browser with ErrUnsupported (browsers cannot accept connections). */
export function ListenUnix(network: NetworkName, laddr: UnixAddr | null): Promise<UnixListener> {
  return new Promise(() => {
    checkNetwork("listen", network, unixListenNetworks, null, laddr);
    throw unsupported("listen", network, null, laddr);
  });
}

export type { DialerInit };

/** ResolveTCPAddr returns an address of a TCP end point, resolving names over DoH with the default resolver. */
export function ResolveTCPAddr(network: NetworkName, address: string): Promise<TCPAddr> {
  return resolveTCP(network, address, lookupIPFunc(DefaultResolver()));
}

/** ResolveUDPAddr returns an address of a UDP end point, resolving names over DoH with the default resolver. */
export function ResolveUDPAddr(network: NetworkName, address: string): Promise<UDPAddr> {
  return resolveUDP(network, address, lookupIPFunc(DefaultResolver()));
}
