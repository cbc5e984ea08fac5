// Host/port handling after Go's src/net/ipsock.go, port.go and the port half
// of lookup.go: SplitHostPort, JoinHostPort, parsePort, and Go's built-in
// service-name table with Resolver.LookupPort's rules and error texts.

import { AddrError, DNSError, UnknownNetworkError } from "./errors.js";

/**
 * SplitHostPort splits a network address of the form "host:port", "host%zone:port",
 * "[host]:port" or "[host%zone]:port" into [host, port]. A literal IPv6 address must be enclosed
 * in square brackets. It throws AddrError with Go's texts (`missing port in address`, `too many
 * colons in address`, `missing ']' in address`, `unexpected '[' in address`, `unexpected ']' in
 * address`).
 *
 * @example
 * SplitHostPort("[::1%lo0]:80") // ["::1%lo0", "80"]
 */
export function SplitHostPort(hostport: string): [host: string, port: string] {
  const missingPort = "missing port in address";
  const tooManyColons = "too many colons in address";
  let j = 0;
  let k = 0;
  let host: string;

  // The port starts after the last colon.
  const i = hostport.lastIndexOf(":");
  if (i < 0) throw new AddrError(missingPort, hostport);

  if (hostport[0] === "[") {
    // Expect the first ']' just before the last ':'.
    const end = hostport.indexOf("]");
    if (end < 0) throw new AddrError("missing ']' in address", hostport);
    switch (end + 1) {
      case hostport.length:
        // There can't be a ':' behind the ']' now.
        throw new AddrError(missingPort, hostport);
      case i:
        // The expected result.
        break;
      default:
        // Either ']' isn't followed by a colon, or it is followed by a colon that is not the last one.
        if (hostport[end + 1] === ":") throw new AddrError(tooManyColons, hostport);
        throw new AddrError(missingPort, hostport);
    }
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1; // there can't be a '[' resp. ']' before these positions
  } else {
    host = hostport.slice(0, i);
    if (host.includes(":")) throw new AddrError(tooManyColons, hostport);
  }
  if (hostport.indexOf("[", j) >= 0) throw new AddrError("unexpected '[' in address", hostport);
  if (hostport.indexOf("]", k) >= 0) throw new AddrError("unexpected ']' in address", hostport);
  return [host, hostport.slice(i + 1)];
}

/**
 * JoinHostPort combines host and port into "host:port"; a host containing a colon, as a literal
 * IPv6 address does, is bracketed: "[host]:port".
 *
 * @example
 * JoinHostPort("::1", "80") // "[::1]:80"
 */
export function JoinHostPort(host: string, port: string): string {
  if (host.includes(":")) return "[" + host + "]:" + port;
  return host + ":" + port;
}

/**
 * parsePort parses service as a decimal integer, as Go's parsePort: it returns [port, false] for a
 * number (which may be out of range: the caller checks 0..65535, and huge values saturate at
 * ±2^30 as in Go), [0, false] for "", and [0, true] when service must be looked up as a name.
 * Internal.
 */
export function parsePort(service: string): [port: number, needsLookup: boolean] {
  if (service === "") return [0, false]; // the legacy behavior: "" means port 0 (golang.org/issue/13610)
  const max = 0xffffffff;
  const cutoff = 1 << 30;
  let neg = false;
  let s = service;
  if (s[0] === "+") {
    s = s.slice(1);
  } else if (s[0] === "-") {
    neg = true;
    s = s.slice(1);
  }
  let n = 0; // uint32 arithmetic, wrapping as Go's does
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 0x30 || c > 0x39) return [0, true];
    const d = c - 0x30;
    if (n >= cutoff) {
      n = max;
      break;
    }
    n = (n * 10) >>> 0;
    const nn = (n + d) >>> 0;
    if (nn < n) {
      n = max;
      break;
    }
    n = nn;
  }
  let port: number;
  if (!neg && n >= cutoff) port = cutoff - 1;
  else if (neg && n > cutoff) port = cutoff;
  else port = n;
  if (neg) port = port === 0 ? 0 : -port;
  return [port, false];
}

/**
 * services is Go's built-in table of service names for platforms without a services database
 * (lookup.go), per network. Names are matched case-insensitively (ASCII).
 */
export const services: Readonly<Record<"tcp" | "udp", ReadonlyMap<string, number>>> = {
  udp: new Map([["domain", 53]]),
  tcp: new Map([
    ["ftp", 21],
    ["ftps", 990],
    ["gopher", 70],
    ["http", 80],
    ["https", 443],
    ["imap2", 143],
    ["imap3", 220],
    ["imaps", 993],
    ["pop3", 110],
    ["pop3s", 995],
    ["smtp", 25],
    ["submissions", 465],
    ["ssh", 22],
    ["telnet", 23],
  ]),
};

function lookupPortMapWithNetwork(network: "tcp" | "udp", errNetwork: string, service: string): number {
  // Go folds ASCII case only (lowerASCIIBytes); its 25-byte buffer cannot change the outcome,
  // since every name in the table is shorter.
  const port = services[network].get(service.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  if (port !== undefined) return port;
  throw new DNSError({ Err: "unknown port", Name: errNetwork + "/" + service, IsNotFound: true });
}

/**
 * lookupPortMap looks service up in Go's built-in services table for network, as Go's
 * lookupPortMap: it throws DNSError `lookup tcp/nosuch: unknown port` (IsNotFound) for an unknown
 * name and DNSError `unknown network` for a network other than ip, tcp* or udp*. Internal.
 */
export function lookupPortMap(network: string, service: string): number {
  switch (network) {
    case "ip":
      try {
        return lookupPortMapWithNetwork("tcp", "ip", service);
      } catch {
        return lookupPortMapWithNetwork("udp", "ip", service);
      }
    case "tcp":
    case "tcp4":
    case "tcp6":
      return lookupPortMapWithNetwork("tcp", "tcp", service);
    case "udp":
    case "udp4":
    case "udp6":
      return lookupPortMapWithNetwork("udp", "udp", service);
  }
  throw new DNSError({ Err: "unknown network", Name: network + "/" + service });
}

/**
 * LookupPortFunc looks a service name up for a network ("ip", "tcp*", "udp*") and returns its
 * port or throws (a platform's services database; lookupPortMap is the built-in one).
 */
export type LookupPortFunc = (network: string, service: string) => number | Promise<number>;

/**
 * resolvePort implements Go's Resolver.LookupPort: a decimal service is used as is, a name is
 * looked up with lookupName (default: Go's built-in table) for network "tcp*", "udp*", "ip" or ""
 * (AddrError `unknown network` otherwise), and the result must be 0..65535 (AddrError
 * `invalid port`). Internal.
 */
export async function resolvePort(network: string, service: string, lookupName: LookupPortFunc = lookupPortMap): Promise<number> {
  let [port, needsLookup] = parsePort(service);
  if (needsLookup) {
    switch (network) {
      case "tcp":
      case "tcp4":
      case "tcp6":
      case "udp":
      case "udp4":
      case "udp6":
      case "ip":
        break;
      case "": // a hint wildcard for Go 1.0 undocumented behavior
        network = "ip";
        break;
      default:
        throw new AddrError("unknown network", network);
    }
    port = await lookupName(network, service);
  }
  if (port < 0 || port > 65535) throw new AddrError("invalid port", service);
  return port;
}

/**
 * splitNetworkAddress classifies address for network as the first step of Go's internetAddrList:
 * for tcp/udp networks a non-empty address is split with SplitHostPort (so the port must be
 * present), for ip networks the whole address is the host, and any other network throws
 * UnknownNetworkError. The port is returned unparsed (see resolvePort). Internal.
 */
export function splitNetworkAddress(network: string, address: string): { host: string; port: string } {
  switch (network) {
    case "tcp":
    case "tcp4":
    case "tcp6":
    case "udp":
    case "udp4":
    case "udp6": {
      if (address === "") return { host: "", port: "" };
      const [host, port] = SplitHostPort(address);
      return { host, port };
    }
    case "ip":
    case "ip4":
    case "ip6":
      return { host: address, port: "" };
    default:
      throw new UnknownNetworkError(network);
  }
}
