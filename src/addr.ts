// Network end point addresses after Go's tcpsock.go, udpsock.go and
// unixsock.go (TCPAddr, UDPAddr, UnixAddr and their Resolve functions), with
// the address-list logic of ipsock.go (internetAddrList, filterAddrList,
// first, partition, forResolve) that the dial code shares.

import { DNSError, UnknownNetworkError, AddrError, ErrUnsupported } from "./errors.js";
import { IP, IPv4zero, IPv6len, IPv6unspecified, asIP, ipEmptyString, parseIPZone } from "./ip.js";
import { JoinHostPort, resolvePort, splitNetworkAddress } from "./ipsock.js";
import type { LookupPortFunc } from "./ipsock.js";
import type { Addr } from "./net.js";

/** IPPortAddrInit carries the fields of a TCPAddr or UDPAddr; missing fields are Go's zero values. */
export interface IPPortAddrInit {
  IP?: Uint8Array | null;
  Port?: number;
  Zone?: string;
}

// Go's TCPAddr.String / UDPAddr.String: JoinHostPort(ip[%zone], port), "" for a nil IP.
function ipPortString(ip: IP | null, port: number, zone: string): string {
  const host = ipEmptyString(ip);
  return JoinHostPort(zone !== "" ? host + "%" + zone : host, String(port));
}

/**
 * IPPortAddr is what TCPAddr and UDPAddr share: an IP, a port and a zone, printed as Go prints
 * them. Each subclass names its network.
 */
export abstract class IPPortAddr implements Addr {
  /** IP is the address, or null for the unspecified address. */
  IP: IP | null;
  /** Port is the port. */
  Port: number;
  /** Zone is the IPv6 scoped addressing zone, or "". */
  Zone: string;

  constructor(init: IPPortAddrInit = {}) {
    this.IP = asIP(init.IP);
    this.Port = init.Port ?? 0;
    this.Zone = init.Zone ?? "";
  }

  /** Network returns the address's network name. */
  abstract Network(): string;

  /** String returns "ip:port", "[ipv6%zone]:port" or ":port" exactly as Go's TCPAddr/UDPAddr.String. */
  String(): string {
    return ipPortString(this.IP, this.Port, this.Zone);
  }

  /** toString returns String(). */
  toString(): string {
    return this.String();
  }

  /** isWildcard reports whether the IP is null or unspecified (Go's isWildcard). */
  isWildcard(): boolean {
    return this.IP === null || this.IP.length === 0 || this.IP.IsUnspecified();
  }
}

/**
 * TCPAddr represents the address of a TCP end point (Go's net.TCPAddr). A null IP is the
 * unspecified address of either family, and prints as ":port".
 *
 * @example
 * new TCPAddr({ IP: ParseIP("fe80::1"), Port: 80, Zone: "eth0" }).String() // "[fe80::1%eth0]:80"
 */
export class TCPAddr extends IPPortAddr {
  /** Network returns the address's network name, "tcp". */
  Network(): string {
    return "tcp";
  }
}

/**
 * UDPAddr represents the address of a UDP end point (Go's net.UDPAddr). A null IP is the
 * unspecified address of either family, and prints as ":port".
 *
 * @example
 * new UDPAddr({ IP: ParseIP("::1"), Port: 53 }).String() // "[::1]:53"
 */
export class UDPAddr extends IPPortAddr {
  /** Network returns the address's network name, "udp". */
  Network(): string {
    return "udp";
  }
}

/** UnixAddrInit carries the fields of a UnixAddr. */
export interface UnixAddrInit {
  Name?: string;
  Net?: string;
}

/**
 * UnixAddr represents the address of a Unix domain socket end point (Go's net.UnixAddr): Name is
 * the path, Net one of "unix", "unixgram" or "unixpacket".
 *
 * @example
 * new UnixAddr({ Name: "/tmp/s.sock", Net: "unix" }).String() // "/tmp/s.sock"
 */
export class UnixAddr implements Addr {
  /** Name is the socket path (or abstract name). */
  Name: string;
  /** Net is the network: "unix", "unixgram" or "unixpacket". */
  Net: string;

  constructor(init: UnixAddrInit = {}) {
    this.Name = init.Name ?? "";
    this.Net = init.Net ?? "";
  }

  /** Network returns the address's network name, Net. */
  Network(): string {
    return this.Net;
  }

  /** String returns Name. */
  String(): string {
    return this.Name;
  }

  /** toString returns String(). */
  toString(): string {
    return this.String();
  }
}

/**
 * LookupIPFunc resolves a host name to its addresses for network "ip", "ip4" or "ip6" (the
 * family Go's resolver asks for), as `Resolver.LookupIP(signal, network, host)` does. It should
 * throw DNSError on failure; anything else it throws is wrapped in one.
 */
export type LookupIPFunc = (host: string, network: string) => Promise<IP[]>;

/** IPZone is an IP with its zone, the element of a resolved address list (Go's IPAddr). */
export interface IPZone {
  /** IP is the address. */
  IP: IP;
  /** Zone is the IPv6 zone, or "". */
  Zone: string;
}

/** InetAddr is an internet end point address: a TCPAddr or a UDPAddr. */
export type InetAddr = TCPAddr | UDPAddr;

/** isIPv4Addr reports whether addr is a TCPAddr or UDPAddr holding an IPv4 address (Go's isIPv4). Internal. */
export function isIPv4Addr(addr: Addr): boolean {
  if (addr instanceof TCPAddr || addr instanceof UDPAddr) return addr.IP !== null && addr.IP.To4() !== null;
  return false;
}

/** isNotIPv4Addr is the negation of isIPv4Addr (Go's isNotIPv4). Internal. */
export function isNotIPv4Addr(addr: Addr): boolean {
  return !isIPv4Addr(addr);
}

/** ipv4only reports whether ip is an IPv4 address (Go's ipv4only filter). Internal. */
export function ipv4only(a: IPZone): boolean {
  return a.IP.To4() !== null;
}

/** ipv6only reports whether ip is an IPv6 address other than IPv4-mapped (Go's ipv6only filter). Internal. */
export function ipv6only(a: IPZone): boolean {
  return a.IP.length === IPv6len && a.IP.To4() === null;
}

/**
 * firstAddr returns the first address satisfying strategy, or else the first address (Go's
 * addrList.first). addrs must not be empty. Internal.
 */
export function firstAddr<A extends Addr>(addrs: readonly A[], strategy: (a: Addr) => boolean): A {
  for (const a of addrs) if (strategy(a)) return a;
  return addrs[0]!;
}

/**
 * partitionAddrs splits addrs into [primaries, fallbacks]: the first address and every address
 * with the same strategy label are primaries (Go's addrList.partition, used for dual-stack dials).
 * Internal.
 */
export function partitionAddrs<A extends Addr>(addrs: readonly A[], strategy: (a: Addr) => boolean): [primaries: A[], fallbacks: A[]] {
  const primaries: A[] = [];
  const fallbacks: A[] = [];
  let primaryLabel = false;
  addrs.forEach((a, i) => {
    const label = strategy(a);
    if (i === 0 || label === primaryLabel) {
      primaryLabel = label;
      primaries.push(a);
    } else {
      fallbacks.push(a);
    }
  });
  return [primaries, fallbacks];
}

/**
 * forResolve returns the address Resolve*Addr returns from a list: IPv4 is preferred unless the
 * address is a bracketed (IPv6) literal on "tcp"/"udp" (Go's addrList.forResolve). Internal.
 */
export function forResolve<A extends Addr>(addrs: readonly A[], network: string, address: string): A {
  let want6 = false;
  switch (network) {
    case "ip":
      want6 = address.includes(":");
      break;
    case "tcp":
    case "udp":
      want6 = address.includes("[");
      break;
  }
  return firstAddr(addrs, want6 ? isNotIPv4Addr : isIPv4Addr);
}

/**
 * filterAddrList keeps the ips that pass filter (null keeps all) and builds addresses with inetaddr;
 * it throws AddrError `no suitable address found` for originalAddr when none is left (Go's
 * filterAddrList). Internal.
 */
export function filterAddrList<A extends Addr>(
  filter: ((a: IPZone) => boolean) | null,
  ips: readonly IPZone[],
  inetaddr: (a: IPZone) => A,
  originalAddr: string,
): A[] {
  const addrs: A[] = [];
  for (const ip of ips) if (filter === null || filter(ip)) addrs.push(inetaddr(ip));
  if (addrs.length === 0) throw new AddrError("no suitable address found", originalAddr);
  return addrs;
}

function ipVersionNetwork(network: string): "ip" | "ip4" | "ip6" {
  const last = network[network.length - 1];
  return last === "4" ? "ip4" : last === "6" ? "ip6" : "ip";
}

async function lookupIPAddr(host: string, network: string, lookup: LookupIPFunc | undefined): Promise<IPZone[]> {
  if (host === "") throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
  const [ip, zone] = parseIPZone(host);
  if (ip !== null) return [{ IP: ip, Zone: zone }];
  if (lookup === undefined) {
    throw new DNSError({
      Err: "unsupported operation: no lookup function was given to resolve host names",
      Name: host,
      cause: ErrUnsupported,
    });
  }
  let ips: IP[];
  try {
    ips = await lookup(host, ipVersionNetwork(network));
  } catch (err) {
    if (err instanceof DNSError) throw err;
    const e = err as { Timeout?: () => boolean; Temporary?: () => boolean };
    throw new DNSError({
      Err: err instanceof Error ? err.message : String(err),
      Name: host,
      IsTimeout: typeof e?.Timeout === "function" && e.Timeout(),
      IsTemporary: typeof e?.Temporary === "function" && e.Temporary(),
      cause: err,
    });
  }
  // Kept as the resolver returns them: Go's DNS answers carry 4-byte IPv4 addresses.
  return ips.map((x) => ({ IP: asIP(x), Zone: "" }));
}

/**
 * internetAddrList resolves address, a literal "host:port" or a name, into the TCPAddr/UDPAddr
 * list Go's Resolver.internetAddrList returns for a tcp* or udp* network: an empty address or host
 * gives one address with a null IP; a literal IP (with zone) needs no lookup; a name is resolved
 * with lookup; the network's 4/6 suffix filters the family (AddrError `no suitable address found`);
 * a lone "::" is followed by 0.0.0.0 (Go issue 18806). Ports are resolved with resolvePort.
 * Internal; the dial code uses it.
 */
export async function internetAddrList(
  network: string,
  address: string,
  lookup?: LookupIPFunc,
  lookupPort?: LookupPortFunc,
): Promise<InetAddr[]> {
  let make: (ip: IP | null, zone: string, port: number) => InetAddr;
  switch (network) {
    case "tcp":
    case "tcp4":
    case "tcp6":
      make = (ip, zone, port) => new TCPAddr({ IP: ip, Port: port, Zone: zone });
      break;
    case "udp":
    case "udp4":
    case "udp6":
      make = (ip, zone, port) => new UDPAddr({ IP: ip, Port: port, Zone: zone });
      break;
    default:
      // ip networks need Go's IPAddr, which this module does not define.
      throw new UnknownNetworkError(network);
  }
  const { host, port } = splitNetworkAddress(network, address);
  const portnum = address !== "" ? await resolvePort(network, port, lookupPort) : 0;
  const inetaddr = (a: IPZone): InetAddr => make(a.IP, a.Zone, portnum);
  if (host === "") return [make(null, "", portnum)];
  const ips = await lookupIPAddr(host, network, lookup);
  if (ips.length === 1 && ips[0]!.IP.Equal(IPv6unspecified)) ips.push({ IP: IPv4zero, Zone: "" });
  const v = network[network.length - 1];
  const filter = v === "4" ? ipv4only : v === "6" ? ipv6only : null;
  return filterAddrList(filter, ips, inetaddr, host);
}

/**
 * ResolveTCPAddr returns the address of a TCP end point for network "tcp", "tcp4" or "tcp6" ("" means
 * "tcp") and an address "host:port". A literal IP or an empty host needs no lookup; a host name is
 * resolved with lookup (the platform passes its resolver) and, as in Go, only one address is
 * returned: IPv4 first unless the network or a bracketed literal asks for IPv6. Service names
 * ("http") are looked up with lookupPort, by default Go's built-in table. Errors are Go's:
 * UnknownNetworkError, AddrError (`missing port in address`, `invalid port`, `no suitable address
 * found`), DNSError (`unknown port`, lookup failures).
 *
 * @example
 * const a = await ResolveTCPAddr("tcp", "[::1]:http"); a.String() === "[::1]:80"
 */
export async function ResolveTCPAddr(network: string, address: string, lookup?: LookupIPFunc, lookupPort?: LookupPortFunc): Promise<TCPAddr> {
  switch (network) {
    case "tcp":
    case "tcp4":
    case "tcp6":
      break;
    case "": // a hint wildcard for Go 1.0 undocumented behavior
      network = "tcp";
      break;
    default:
      throw new UnknownNetworkError(network);
  }
  const addrs = await internetAddrList(network, address, lookup, lookupPort);
  return forResolve(addrs, network, address) as TCPAddr;
}

/**
 * ResolveUDPAddr returns the address of a UDP end point for network "udp", "udp4" or "udp6" ("" means
 * "udp"), exactly as ResolveTCPAddr does for TCP.
 *
 * @example
 * const a = await ResolveUDPAddr("udp4", "127.0.0.1:domain"); a.Port === 53
 */
export async function ResolveUDPAddr(network: string, address: string, lookup?: LookupIPFunc, lookupPort?: LookupPortFunc): Promise<UDPAddr> {
  switch (network) {
    case "udp":
    case "udp4":
    case "udp6":
      break;
    case "": // a hint wildcard for Go 1.0 undocumented behavior
      network = "udp";
      break;
    default:
      throw new UnknownNetworkError(network);
  }
  const addrs = await internetAddrList(network, address, lookup, lookupPort);
  return forResolve(addrs, network, address) as UDPAddr;
}

/**
 * ResolveUnixAddr returns the address of a Unix domain socket end point for network "unix",
 * "unixgram" or "unixpacket"; any other network throws UnknownNetworkError.
 *
 * @example
 * const a = await ResolveUnixAddr("unix", "/tmp/s.sock"); a.Network() === "unix"
 */
export async function ResolveUnixAddr(network: string, address: string): Promise<UnixAddr> {
  switch (network) {
    case "unix":
    case "unixgram":
    case "unixpacket":
      return new UnixAddr({ Name: address, Net: network });
    default:
      throw new UnknownNetworkError(network);
  }
}
