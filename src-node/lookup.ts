// The Node SystemResolver: what Go's cgo resolver does with the C library,
// done with node:dns. Host names go through getaddrinfo (dns.lookup), so
// /etc/hosts and nsswitch are honoured as Go's default resolution is; MX, TXT,
// SRV, NS and CNAME questions go through c-ares (dns.promises.Resolver, which
// reads /etc/resolv.conf as Go's own stub resolver does); reverse lookups use
// getnameinfo (dns.lookupService), as Go's cgoLookupPTR. Node's error codes
// are translated here, once, into DNSError with Go's texts; the original error
// stays on `cause`.

import * as dns from "node:dns";
import { readFileSync } from "node:fs";
import type { IPZone } from "../src/addr.js";
import { DNSError } from "../src/errors.js";
import { parseIPZone, type IP } from "../src/ip.js";
import { JoinHostPort, lookupPortMap } from "../src/ipsock.js";
import {
  absDomainName,
  customDefaultResolver,
  Resolver as CoreResolver,
  type MX,
  type NS,
  type SRV,
  type SystemResolver,
} from "../src/lookup.js";

/** NodeSystemResolverInit configures newSystemResolver. */
export interface NodeSystemResolverInit {
  /**
   * servers are the DNS servers for MX, TXT, SRV, NS and CNAME questions ("127.0.0.1:5353",
   * "[::1]:53", "10.0.0.1"); default: node:dns's current servers (from /etc/resolv.conf).
   */
  servers?: string[];
  /** timeout is c-ares's per-try timeout in ms; default: the system's (resolv.conf `options timeout`). */
  timeout?: number;
  /** tries is the number of c-ares attempts per server; default: the system's. */
  tries?: number;
  /** servicesPath is the services database for LookupPort (default /etc/services). */
  servicesPath?: string;
}

const fqdn = (s: string): string => (s.endsWith(".") ? s : s + ".");

// getaddrinfo's EAI_* codes, with glibc's gai_strerror texts, which Go's cgo resolver reports.
const gaiText: Record<string, string> = {
  EAI_AGAIN: "Temporary failure in name resolution",
  EAI_FAIL: "Non-recoverable failure in name resolution",
  EAI_MEMORY: "Memory allocation failure",
  EAI_BADFLAGS: "Bad value for ai_flags",
  EAI_FAMILY: "ai_family not supported",
  EAI_SOCKTYPE: "ai_socktype not supported",
  EAI_SERVICE: "Servname not supported for ai_socktype",
  EAI_SYSTEM: "System error",
  EAI_OVERFLOW: "Argument buffer overflow",
};

/**
 * nodeDNSError translates a node:dns error into Go's DNSError for name (and server, for c-ares
 * questions). ENOTFOUND and ENODATA (NXDOMAIN, no records) are `no such host` (IsNotFound),
 * ESERVFAIL is `server misbehaving` (IsTemporary), EREFUSED/EFORMERR/ENOTIMP are `server
 * misbehaving`, ETIMEOUT is `i/o timeout` (IsTimeout), ECANCELLED is `operation was canceled`,
 * EBADRESP is `cannot unmarshal DNS message`, EAI_AGAIN is glibc's temporary failure text.
 * Internal.
 */
export function nodeDNSError(err: unknown, name: string, server = ""): DNSError {
  if (err instanceof DNSError) return err;
  const code = typeof err === "object" && err !== null ? String((err as { code?: unknown }).code ?? "") : "";
  const mk = (Err: string, flags: { IsNotFound?: boolean; IsTemporary?: boolean; IsTimeout?: boolean } = {}, srv = server): DNSError =>
    new DNSError({ Err, Name: name, Server: srv, ...flags, cause: err });
  switch (code) {
    case "ENOTFOUND":
    case "ENODATA":
      return mk("no such host", { IsNotFound: true });
    case "EBADNAME":
      return mk("no such host", { IsNotFound: true }, "");
    case "ESERVFAIL":
      return mk("server misbehaving", { IsTemporary: true });
    case "EREFUSED":
    case "EFORMERR":
    case "ENOTIMP":
      return mk("server misbehaving");
    case "EBADRESP":
      return mk("cannot unmarshal DNS message");
    case "ETIMEOUT":
    case "ETIMEDOUT":
      return mk("i/o timeout", { IsTimeout: true, IsTemporary: true });
    case "ECANCELLED":
      return mk("operation was canceled", {}, "");
    case "ECONNREFUSED":
      return mk("connection refused", { IsTemporary: true });
  }
  const gai = gaiText[code];
  if (gai !== undefined) return mk(gai, { IsTemporary: code === "EAI_AGAIN" }, "");
  return mk(err instanceof Error ? err.message : String(err));
}

// RFC 6761 §6.4: "invalid" names never exist, and resolver libraries SHOULD answer them at once
// without asking anyone.
function isInvalidTLD(host: string): boolean {
  const h = (host.endsWith(".") ? host.slice(0, -1) : host).toLowerCase();
  return h === "invalid" || h.endsWith(".invalid");
}

function serverString(s: string | undefined): string {
  if (s === undefined) return "";
  if (s.startsWith("[") || /^[^:]+:\d+$/.test(s)) return s;
  return JoinHostPort(s, "53");
}

// Go's readServices (port_unix.go): "name port/net alias…", comments after '#'.
function readServices(path: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch {
    return out;
  }
  for (let line of text.split("\n")) {
    const hash = line.indexOf("#");
    if (hash >= 0) line = line.slice(0, hash);
    const f = line.split(/[ \t\r]+/).filter((x) => x !== "");
    if (f.length < 2) continue;
    const m = /^(\d+)\/(.+)$/.exec(f[1]!);
    if (m === null) continue;
    const port = Number(m[1]);
    if (!(port > 0) || port >= 0xffffff) continue;
    let byName = out.get(m[2]!);
    if (byName === undefined) out.set(m[2]!, (byName = new Map()));
    for (let i = 0; i < f.length; i++) if (i !== 1) byName.set(f[i]!, port);
  }
  return out;
}

/**
 * newSystemResolver returns the Node SystemResolver: getaddrinfo for hosts (/etc/hosts first, as
 * Go), c-ares for the other record types, getnameinfo for reverse lookups, /etc/services for ports.
 *
 * @example
 * const r = new Resolver({}, newSystemResolver({ servers: ["127.0.0.1:5353"] }));
 */
export function newSystemResolver(init: NodeSystemResolverInit = {}): SystemResolver {
  let services: Map<string, Map<string, number>> | null = null;
  const servicesPath = init.servicesPath ?? "/etc/services";

  // A c-ares channel per question, so that one question can be cancelled on its own.
  async function ask<T>(signal: AbortSignal, name: string, q: (r: dns.promises.Resolver) => Promise<T>): Promise<T> {
    const opts: dns.ResolverOptions = {};
    if (init.timeout !== undefined) opts.timeout = init.timeout;
    if (init.tries !== undefined) opts.tries = init.tries;
    const r = new dns.promises.Resolver(opts);
    const servers = init.servers ?? dns.getServers();
    r.setServers(servers);
    const cancel = (): void => r.cancel();
    signal.addEventListener("abort", cancel, { once: true });
    try {
      return await q(r);
    } catch (err) {
      throw nodeDNSError(err, name, serverString(servers[0]));
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  }

  return {
    async lookupIPAddr(_signal, network, host): Promise<IPZone[]> {
      if (isInvalidTLD(host)) throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
      let rs: dns.LookupAddress[];
      try {
        rs = await dns.promises.lookup(host, { all: true, family: network === "ip4" ? 4 : network === "ip6" ? 6 : 0 });
      } catch (err) {
        throw nodeDNSError(err, host);
      }
      const out: IPZone[] = [];
      for (const r of rs) {
        const [ip, zone] = parseIPZone(r.address);
        if (ip !== null) out.push({ IP: (r.family === 4 ? ip.To4() : ip) as IP, Zone: zone });
      }
      if (out.length === 0) throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
      return out;
    },

    async lookupCNAME(signal, host): Promise<string> {
      if (isInvalidTLD(host)) throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
      return ask(signal, host, async (r) => {
        let cur = host;
        for (let hops = 0; hops < 10; hops++) {
          let next: string[];
          try {
            next = await r.resolveCname(cur);
          } catch (err) {
            if ((err as { code?: unknown }).code !== "ENODATA") throw err;
            if (hops > 0) return fqdn(cur);
            // No CNAME: the name is its own canonical name if it has addresses (Go's LookupCNAME).
            const v4 = await r.resolve4(host).catch((e: unknown) => e as Error);
            if (Array.isArray(v4)) return fqdn(host);
            await r.resolve6(host);
            return fqdn(host);
          }
          if (next[0] === undefined) return fqdn(cur);
          cur = next[0];
        }
        return fqdn(cur);
      });
    },

    async lookupAddr(_signal, addr): Promise<string[]> {
      try {
        const { hostname } = await dns.promises.lookupService(addr, 0);
        if (parseIPZone(hostname)[0] !== null) throw Object.assign(new Error("no name"), { code: "ENOTFOUND" });
        return [absDomainName(hostname)];
      } catch (err) {
        throw nodeDNSError(err, addr);
      }
    },

    lookupTXT(signal, name): Promise<string[]> {
      if (isInvalidTLD(name)) return Promise.reject(new DNSError({ Err: "no such host", Name: name, IsNotFound: true }));
      return ask(signal, name, async (r) => (await r.resolveTxt(name)).map((chunks) => chunks.join("")));
    },

    lookupMX(signal, name): Promise<MX[]> {
      if (isInvalidTLD(name)) return Promise.reject(new DNSError({ Err: "no such host", Name: name, IsNotFound: true }));
      return ask(signal, name, async (r) => (await r.resolveMx(name)).map((m) => ({ Host: fqdn(m.exchange), Pref: m.priority })));
    },

    lookupNS(signal, name): Promise<NS[]> {
      if (isInvalidTLD(name)) return Promise.reject(new DNSError({ Err: "no such host", Name: name, IsNotFound: true }));
      return ask(signal, name, async (r) => (await r.resolveNs(name)).map((h) => ({ Host: fqdn(h) })));
    },

    lookupSRV(signal, target): Promise<[string, SRV[]]> {
      if (isInvalidTLD(target)) return Promise.reject(new DNSError({ Err: "no such host", Name: target, IsNotFound: true }));
      return ask(signal, target, async (r) => {
        const srvs = (await r.resolveSrv(target)).map((s) => ({ Target: fqdn(s.name), Port: s.port, Priority: s.priority, Weight: s.weight }));
        return [fqdn(target), srvs] as [string, SRV[]];
      });
    },

    lookupPort(network, service): number {
      services ??= readServices(servicesPath);
      const lower = service.replace(/[A-Z]/g, (c) => c.toLowerCase());
      const nets = network === "ip" ? ["tcp", "udp"] : network.startsWith("tcp") ? ["tcp"] : network.startsWith("udp") ? ["udp"] : [];
      for (const n of nets) {
        const port = services.get(n)?.get(lower);
        if (port !== undefined) return port;
      }
      return lookupPortMap(network, service); // Go's built-in table, and Go's errors
    },
  };
}

/** systemResolver is the Node SystemResolver with the system's configuration. */
export const systemResolver: SystemResolver = newSystemResolver();

/**
 * Resolver is gonet's Resolver for Node: without a DoH option it answers with the system resolver
 * (getaddrinfo, so /etc/hosts is honoured, and node:dns); with `DoH` it asks that endpoint.
 *
 * @example
 * const addrs = await new Resolver().LookupHost(null, "localhost");
 * const viaDoH = await new Resolver({ DoH: "https://cloudflare-dns.com/dns-query" }).LookupMX(null, "example.com");
 */
export class Resolver extends CoreResolver {
  /** defaultSystem returns the Node system resolver. */
  protected static override defaultSystem(): SystemResolver | null {
    return systemResolver;
  }
}

let nodeDefault: CoreResolver | null = null;

/**
 * DefaultResolver returns the resolver of Node's package-level Lookup functions and Dialers: the
 * one given to setDefaultResolver, else a Node Resolver on the system resolver.
 */
export function DefaultResolver(): CoreResolver {
  return customDefaultResolver() ?? (nodeDefault ??= new Resolver());
}

/**
 * LookupHost looks up host with the default resolver and returns its addresses.
 *
 * @example
 * await LookupHost("localhost") // ["127.0.0.1", …] from /etc/hosts
 */
export function LookupHost(host: string): Promise<string[]> {
  return DefaultResolver().LookupHost(null, host);
}

/** LookupIP looks up host with the default resolver and returns its IPv4 and IPv6 addresses. */
export async function LookupIP(host: string): Promise<IP[]> {
  return (await DefaultResolver().LookupIPAddr(null, host)).map((a) => a.IP);
}

/** LookupPort looks up the port of a service for network with the default resolver. */
export function LookupPort(network: string, service: string): Promise<number> {
  return DefaultResolver().LookupPort(null, network, service);
}

/** LookupCNAME returns the canonical name of host, using the default resolver. */
export function LookupCNAME(host: string): Promise<string> {
  return DefaultResolver().LookupCNAME(null, host);
}

/** LookupSRV resolves an SRV query of service, proto and name with the default resolver. */
export function LookupSRV(service: string, proto: string, name: string): Promise<[cname: string, srvs: SRV[]]> {
  return DefaultResolver().LookupSRV(null, service, proto, name);
}

/** LookupMX returns the MX records of name, sorted by preference, using the default resolver. */
export function LookupMX(name: string): Promise<MX[]> {
  return DefaultResolver().LookupMX(null, name);
}

/** LookupNS returns the NS records of name, using the default resolver. */
export function LookupNS(name: string): Promise<NS[]> {
  return DefaultResolver().LookupNS(null, name);
}

/** LookupTXT returns the TXT records of name, using the default resolver. */
export function LookupTXT(name: string): Promise<string[]> {
  return DefaultResolver().LookupTXT(null, name);
}

/** LookupAddr performs a reverse lookup of addr with the default resolver. */
export function LookupAddr(addr: string): Promise<string[]> {
  return DefaultResolver().LookupAddr(null, addr);
}
