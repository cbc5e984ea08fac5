// UDP on node:dgram (Go's udpsock.go + udpsock_posix.go): binding and
// connecting one resolved address, the UDPTransport over a dgram Socket, and
// Go's ListenPacket, ListenUDP and DialUDP with their address resolution.

import dgram from "node:dgram";
import { UDPAddr, internetAddrList, type LookupIPFunc } from "../src/addr.js";
import type { AddrResolver } from "../src/dial.js";
import { AddrError, Errno, ErrCanceled, ErrDeadlineExceeded, ErrMissingAddress, ErrUnsupported, OpError, SyscallError, UnknownNetworkError } from "../src/errors.js";
import { ParseIP } from "../src/ip.js";
import type { Addr } from "../src/net.js";
import { UDPConn, type DialedUDPConn, type UDPTransport } from "../src/udp.js";
import { translate } from "./errors.js";
import { defaultResolver } from "./resolver.js";

// Cache of the last peer address text: a server usually hears from few peers in a row.
let lastHost = "";
let lastIP: ReturnType<typeof ParseIP> = null;

// The text node:dgram reported for a peer address, by the UDPAddr made of it: answering a peer
// (WriteTo(p, from)) then needs no formatting. Checked against the IP object, which a caller may
// replace.
const peerText = new WeakMap<UDPAddr, { ip: UDPAddr["IP"]; text: string }>();

function udpAddrOf(address: string, port: number): UDPAddr {
  const pct = address.indexOf("%");
  const host = pct < 0 ? address : address.slice(0, pct);
  if (host !== lastHost) {
    lastHost = host;
    lastIP = ParseIP(host);
  }
  const a = new UDPAddr({ IP: lastIP, Port: port, Zone: pct < 0 ? "" : address.slice(pct + 1) });
  peerText.set(a, { ip: a.IP, text: address });
  return a;
}

// The host text to hand node:dgram for addr on a socket of the given family.
function hostOf(a: UDPAddr | null, family: 4 | 6): string {
  if (a === null || a.IP === null || a.IP.length === 0) return family === 4 ? "0.0.0.0" : "::";
  const known = peerText.get(a);
  if (known !== undefined && known.ip === a.IP && (family === 6 || !known.text.includes(":"))) return known.text;
  const v4 = a.IP.To4();
  if (family === 4) return v4 !== null ? v4.String() : a.IP.String();
  // An IPv4 peer of a dual-stack socket is reached through its IPv4-mapped address.
  if (v4 !== null) return v4.IsUnspecified() ? "::" : `::ffff:${v4.String()}`;
  const s = a.IP.String();
  return a.Zone !== "" ? `${s}%${a.Zone}` : s;
}

function isWildcard(a: UDPAddr | null): boolean {
  return a === null || a.isWildcard();
}

// The family Go's favoriteAddrFamily picks: "udp" on a wildcard listens dual-stack (IPv6).
function familyFor(network: string, laddr: UDPAddr | null, raddr: UDPAddr | null, mode: "listen" | "dial"): 4 | 6 {
  if (network === "udp4") return 4;
  if (network === "udp6") return 6;
  const v4 = (a: UDPAddr | null): boolean => a === null || a.IP === null || a.IP.length === 0 || a.IP.To4() !== null;
  if (mode === "listen" && isWildcard(laddr)) return 6;
  return v4(laddr) && v4(raddr) ? 4 : 6;
}

// The only lookup the socket ever needs: every address handed to it is a literal.
function literalLookup(host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  cb(null, host, host.includes(":") ? 6 : 4);
}

class DgramTransport implements UDPTransport {
  readonly #s: dgram.Socket;
  readonly #family: 4 | 6;
  #closed = false;
  #onClose: Promise<void> | null = null;

  constructor(s: dgram.Socket, family: 4 | 6) {
    this.#s = s;
    this.#family = family;
    s.on("close", () => {
      this.#closed = true;
    });
  }

  send(p: Uint8Array, addr: UDPAddr | null): Promise<void> {
    return new Promise((resolve, reject) => {
      const cb = (err: Error | null): void => {
        if (err) reject(translate(err, "send"));
        else resolve();
      };
      try {
        if (addr === null) this.#s.send(p, cb);
        else this.#s.send(p, addr.Port, hostOf(addr, this.#family), cb);
      } catch (err) {
        reject(translate(err, "send"));
      }
    });
  }

  setReadBuffer(bytes: number): void {
    this.#setBuffer(bytes, (n) => this.#s.setRecvBufferSize(n));
  }

  setWriteBuffer(bytes: number): void {
    this.#setBuffer(bytes, (n) => this.#s.setSendBufferSize(n));
  }

  // Go passes the size to setsockopt as is; a negative one is the kernel's EINVAL.
  #setBuffer(bytes: number, set: (n: number) => void): void {
    if (!Number.isInteger(bytes) || bytes < 0) throw new SyscallError("setsockopt", Errno.of("EINVAL"));
    try {
      set(Math.max(bytes, 1));
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause;
      throw translate(cause instanceof Error ? cause : err, "setsockopt");
    }
  }

  close(): Promise<void> {
    this.#onClose ??= new Promise((resolve) => {
      if (this.#closed) {
        resolve();
        return;
      }
      this.#s.close(() => resolve());
    });
    return this.#onClose;
  }
}

/** UDPSocketOptions tunes the sockets that listenUDPAddr and dialUDPAddr open. @internal */
export interface UDPSocketOptions {
  /** queueLength bounds the datagrams waiting for a read (default 1024). */
  queueLength?: number;
}

function wrap(s: dgram.Socket, network: string, family: 4 | 6, connected: boolean, opts: UDPSocketOptions): UDPConn {
  const la = s.address();
  let raddr: UDPAddr | null = null;
  if (connected) {
    const ra = s.remoteAddress();
    raddr = udpAddrOf(ra.address, ra.port);
  }
  const c = new UDPConn({ net: network, family, localAddr: udpAddrOf(la.address, la.port), remoteAddr: raddr, transport: new DgramTransport(s, family),
    ...(opts.queueLength !== undefined ? { queueLength: opts.queueLength } : {}),
  });
  // A connected socket hears only from its peer: every datagram shares the one remote address.
  const peer = raddr;
  if (peer !== null) s.on("message", (msg: Buffer) => c.pushDatagram(msg, peer));
  else s.on("message", (msg: Buffer, rinfo: dgram.RemoteInfo) => c.pushDatagram(msg, udpAddrOf(rinfo.address, rinfo.port)));
  s.on("error", (err: Error) => c.pushError(translate(err, "read")));
  return c;
}

function createSocket(network: string, family: 4 | 6): dgram.Socket {
  return dgram.createSocket({ type: family === 4 ? "udp4" : "udp6", ipv6Only: network === "udp6", lookup: literalLookup });
}

function bind(s: dgram.Socket, laddr: UDPAddr | null, family: 4 | 6): Promise<void> {
  return new Promise((resolve, reject) => {
    const onErr = (err: Error): void => {
      s.off("listening", onListening);
      s.close();
      reject(translate(err, "bind"));
    };
    const onListening = (): void => {
      s.off("error", onErr);
      resolve();
    };
    s.once("error", onErr);
    s.once("listening", onListening);
    s.bind({ port: laddr?.Port ?? 0, address: hostOf(laddr, family), exclusive: true });
  });
}

function checkFamily(laddr: UDPAddr | null, family: 4 | 6): void {
  if (family === 4 && laddr !== null && laddr.IP !== null && laddr.IP.length > 0 && laddr.IP.To4() === null) {
    throw new AddrError("non-IPv4 address", laddr.IP.String());
  }
}

/**
 * listenUDPAddr binds a socket to one resolved address. Errors are translated, not wrapped.
 * @internal
 */
export async function listenUDPAddr(network: string, laddr: UDPAddr, opts: UDPSocketOptions = {}): Promise<UDPConn> {
  const family = familyFor(network, laddr, null, "listen");
  checkFamily(laddr, family);
  const s = createSocket(network, family);
  await bind(s, laddr, family);
  return wrap(s, network, family, false, opts);
}

/**
 * dialUDPAddr connects a socket (bound to laddr, if given) to one resolved address. Errors are
 * translated, not wrapped.
 * @internal
 */
export async function dialUDPAddr(network: string, laddr: UDPAddr | null, raddr: UDPAddr, opts: UDPSocketOptions = {}): Promise<UDPConn> {
  const family = familyFor(network, laddr, raddr, "dial");
  checkFamily(laddr, family);
  checkFamily(raddr, family);
  const s = createSocket(network, family);
  if (laddr !== null) await bind(s, laddr, family);
  // Dialing the unspecified address reaches the local system, as Go's (and the kernel's) dial does.
  const host = isWildcard(raddr) ? (family === 4 ? "127.0.0.1" : "::1") : hostOf(raddr, family);
  await new Promise<void>((resolve, reject) => {
    s.connect(raddr.Port, host, (err?: Error) => {
      if (err) {
        s.close();
        reject(translate(err, "connect"));
      } else {
        resolve();
      }
    });
  });
  return wrap(s, network, family, true, opts);
}

function udpNetwork(network: string): boolean {
  return network === "udp" || network === "udp4" || network === "udp6";
}

/**
 * ListenUDP acts like ListenPacket for UDP networks (Go's net.ListenUDP): network is "udp",
 * "udp4" or "udp6"; a null laddr, or one with a null IP or port 0, picks the address. On "udp"
 * a wildcard address listens on both IPv6 and IPv4, and LocalAddr prints "[::]:port", as in Go.
 *
 * @example
 * await using pc = await ListenUDP("udp4", new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 }));
 * console.log(pc.LocalAddr().String()); // "127.0.0.1:54321"
 */
export async function ListenUDP(network: string, laddr: UDPAddr | null): Promise<UDPConn> {
  if (!udpNetwork(network)) throw new OpError({ Op: "listen", Net: network, Addr: laddr, Err: new UnknownNetworkError(network) });
  const la = laddr ?? new UDPAddr();
  try {
    return await listenUDPAddr(network, la);
  } catch (err) {
    throw new OpError({ Op: "listen", Net: network, Addr: la, Err: toError(err) });
  }
}

/**
 * DialUDP acts like Dial for UDP networks (Go's net.DialUDP): laddr may be null (the system
 * picks); raddr is required (`dial udp: missing address`). The conn is connected: it reads only
 * the peer's datagrams and writes with Write; WriteTo fails with ErrWriteToConnected.
 *
 * @example
 * await using c = await DialUDP("udp", null, new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 53 }));
 * await c.Write(query);
 */
export async function DialUDP(network: string, laddr: UDPAddr | null, raddr: UDPAddr | null): Promise<DialedUDPConn> {
  if (!udpNetwork(network)) throw new OpError({ Op: "dial", Net: network, Source: laddr, Addr: raddr, Err: new UnknownNetworkError(network) });
  if (raddr === null) throw new OpError({ Op: "dial", Net: network, Source: laddr, Addr: null, Err: ErrMissingAddress });
  try {
    return (await dialUDPAddr(network, laddr, raddr)) as DialedUDPConn;
  } catch (err) {
    throw new OpError({ Op: "dial", Net: network, Source: laddr, Addr: raddr, Err: toError(err) });
  }
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  if (r === ErrDeadlineExceeded || (r instanceof Error && r.name === "TimeoutError")) return ErrDeadlineExceeded;
  return ErrCanceled;
}

// Settles with p, or rejects as soon as the signal aborts.
function raceSignal<T>(p: Promise<T>, signal: AbortSignal | null): Promise<T> {
  if (signal === null) return p;
  if (signal.aborted) {
    p.catch(() => {});
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/**
 * resolveUDPAddrList resolves address for a udp network as Go's Resolver.resolveAddrList does,
 * with the resolver's lookups: for a dial, a local address hint must be a UDPAddr (`mismatched
 * local address type`) and keeps only the addresses of its family (`no suitable address found`).
 * @internal
 */
export async function resolveUDPAddrList(
  resolver: AddrResolver,
  signal: AbortSignal | null,
  op: "dial" | "listen",
  network: string,
  address: string,
  hint: Addr | null,
): Promise<UDPAddr[]> {
  if (op === "dial" && address === "") throw ErrMissingAddress;
  const lookup: LookupIPFunc = async (host) => (await resolver.LookupIPAddr(signal, host)).map((a) => a.IP);
  const addrs = (await internetAddrList(network, address, lookup, (net, service) => resolver.LookupPort(signal, net, service))) as UDPAddr[];
  if (op !== "dial" || hint === null) return addrs;
  if (!(hint instanceof UDPAddr)) throw new AddrError("mismatched local address type", hint.String());
  const wildcard = hint.isWildcard();
  const out = addrs.filter((a) => wildcard || a.isWildcard() || sameFamily(a, hint));
  if (out.length === 0) throw new AddrError("no suitable address found", hint.String());
  return out;
}

function sameFamily(a: UDPAddr, b: UDPAddr): boolean {
  return (a.IP!.To4() !== null) === (b.IP!.To4() !== null);
}

/**
 * dialUDPNetwork is Dial("udp…", address) for a Dialer: it resolves address with the dialer's
 * resolver, honours its LocalAddr and its signal (timeout, deadline), and tries the addresses in
 * order, as Go's dialSerial. Errors are Go's OpErrors (`dial udp: lookup …`, `dial udp
 * 127.0.0.1:0: mismatched local address type`).
 * @internal
 */
export async function dialUDPNetwork(resolver: AddrResolver, laddr: Addr | null, signal: AbortSignal | null, network: string, address: string): Promise<DialedUDPConn> {
  let addrs: UDPAddr[];
  try {
    addrs = await raceSignal(resolveUDPAddrList(resolver, signal, "dial", network, address, laddr), signal);
  } catch (err) {
    throw new OpError({ Op: "dial", Net: network, Err: toError(err) });
  }
  const la = laddr as UDPAddr | null;
  let firstErr: Error | null = null;
  for (const ra of addrs) {
    if (signal?.aborted) throw new OpError({ Op: "dial", Net: network, Source: la, Addr: ra, Err: abortReason(signal) });
    try {
      const c = await raceSignal(dialUDPAddr(network, la, ra), signal);
      return c as DialedUDPConn;
    } catch (err) {
      firstErr ??= new OpError({ Op: "dial", Net: network, Source: la, Addr: ra, Err: toError(err) });
    }
  }
  throw firstErr ?? new OpError({ Op: "dial", Net: network, Err: ErrMissingAddress });
}

/**
 * listenPacketNetwork is ListenConfig.ListenPacket: it resolves address, takes the first IPv4
 * address if there is one (Go's addrs.first(isIPv4)) and binds it. Stream networks fail as Go's
 * do: `listen tcp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type`.
 * @internal
 */
export async function listenPacketNetwork(resolver: AddrResolver, signal: AbortSignal | null, network: string, address: string): Promise<UDPConn> {
  switch (network) {
    case "udp":
    case "udp4":
    case "udp6":
      break;
    case "tcp":
    case "tcp4":
    case "tcp6": {
      let la: Addr;
      try {
        const addrs = await internetAddrList(network, address, async (host) => (await resolver.LookupIPAddr(signal, host)).map((a) => a.IP));
        la = addrs.find((a) => a.IP !== null && a.IP.To4() !== null) ?? addrs[0]!;
      } catch (err) {
        throw new OpError({ Op: "listen", Net: network, Err: toError(err) });
      }
      throw new OpError({ Op: "listen", Net: network, Addr: la, Err: new AddrError("unexpected address type", address) });
    }
    case "unixgram":
    case "unix":
    case "unixpacket":
      throw new OpError({ Op: "listen", Net: network, Err: ErrUnsupported, Hint: `Node has no ${network} datagram sockets; use "udp"` });
    default:
      throw new OpError({ Op: "listen", Net: network, Err: new UnknownNetworkError(network) });
  }
  let la: UDPAddr;
  try {
    const addrs = await raceSignal(resolveUDPAddrList(resolver, signal, "listen", network, address, null), signal);
    la = addrs.find((a) => a.IP !== null && a.IP.To4() !== null) ?? addrs[0]!;
  } catch (err) {
    throw new OpError({ Op: "listen", Net: network, Err: toError(err) });
  }
  try {
    return await listenUDPAddr(network, la);
  } catch (err) {
    throw new OpError({ Op: "listen", Net: network, Addr: la, Err: toError(err) });
  }
}

/**
 * ListenPacket announces on the local network address (Go's net.ListenPacket): network "udp",
 * "udp4" or "udp6"; an empty host or port 0 picks them, and LocalAddr tells which. Names are
 * resolved with the default resolver.
 *
 * @example
 * await using pc = await ListenPacket("udp", "127.0.0.1:0");
 * const [n, from] = await pc.ReadFrom(new Uint8Array(1500));
 */
export function ListenPacket(network: string, address: string): Promise<UDPConn> {
  return listenPacketNetwork(defaultResolver(), null, network, address);
}
