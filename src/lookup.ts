// Go's net.Resolver (lookup.go, dnsclient.go, dnsclient_unix.go) for both
// platforms. The Resolver owns Go's behaviour — IP literals without a query,
// isDomainName, A+AAAA in parallel, StrictErrors, MX/SRV ordering, filtering
// of malformed names, error texts — and gets answers from one of two sources:
// a DoHClient (src/doh.ts) when a DoH endpoint is configured (or on a
// platform without a system resolver), or the platform's SystemResolver (Node:
// getaddrinfo and c-ares, in src-node/lookup.ts).

import type { IPZone } from "./addr.js";
import {
  abortError,
  Aborted,
  DoHClient,
  fqdn,
  raceAbort,
  TypeA,
  TypeAAAA,
  TypeCNAME,
  TypeMX,
  TypeNS,
  TypePTR,
  TypeSRV,
  TypeTXT,
  type DNSResource,
  type DoHAnswer,
} from "./doh.js";
import { AddrError, DNSError, UnknownNetworkError } from "./errors.js";
import { IP, IPv4, IPv4zero, IPv6loopback, IPv6unspecified, ParseIP, parseIPZone } from "./ip.js";
import { lookupPortMap, resolvePort, type LookupPortFunc } from "./ipsock.js";

/** MX represents a single DNS MX record (Go's net.MX). */
export interface MX {
  /** Host is the mail exchange, fully qualified with a trailing dot. */
  Host: string;
  /** Pref is the preference; lower is preferred. */
  Pref: number;
}

/** NS represents a single DNS NS record (Go's net.NS). */
export interface NS {
  /** Host is the name server, fully qualified with a trailing dot. */
  Host: string;
}

/** SRV represents a single DNS SRV record (Go's net.SRV). */
export interface SRV {
  Target: string;
  Port: number;
  Priority: number;
  Weight: number;
}

/**
 * SystemResolver is what a platform plugs into Resolver to answer with its own resolver when no
 * DoH endpoint is configured (Node: getaddrinfo, which honours /etc/hosts, and node:dns). The
 * Resolver has already rejected empty names and answered IP literals; it sorts and filters the
 * results as Go does. Methods should throw DNSError with Go's texts (anything else is wrapped in
 * one). The signal combines the caller's signal and the Resolver's Timeout.
 */
export interface SystemResolver {
  /** lookupIPAddr resolves host to addresses of network "ip", "ip4" or "ip6". */
  lookupIPAddr(signal: AbortSignal, network: "ip" | "ip4" | "ip6", host: string): Promise<IPZone[]>;
  /** lookupCNAME returns the canonical name of host, with a trailing dot. */
  lookupCNAME(signal: AbortSignal, host: string): Promise<string>;
  /** lookupAddr returns the names of a literal IP address (a valid ParseIP input). */
  lookupAddr(signal: AbortSignal, addr: string): Promise<string[]>;
  /** lookupTXT returns the TXT records of name, each record's strings concatenated. */
  lookupTXT(signal: AbortSignal, name: string): Promise<string[]>;
  /** lookupMX returns the MX records of name, in any order. */
  lookupMX(signal: AbortSignal, name: string): Promise<MX[]>;
  /** lookupNS returns the NS records of name. */
  lookupNS(signal: AbortSignal, name: string): Promise<NS[]>;
  /** lookupSRV looks target up (already "_service._proto.name") and returns [cname, records] in any order. */
  lookupSRV(signal: AbortSignal, target: string): Promise<[cname: string, srvs: SRV[]]>;
  /** lookupPort looks a service name up in the platform's services database; Go's table if absent. */
  lookupPort?: LookupPortFunc;
}

/** ResolverInit holds the options of a Resolver, with Go's field names; JS-only extras are camelCase. */
export interface ResolverInit {
  /**
   * DoH is an RFC 8484 endpoint ("https://dns.example/dns-query"; http only for loopback). When
   * set, every DNS question goes there, on every platform.
   */
  DoH?: string | URL;
  /** PreferGo, as Go's, prefers gonet's own resolver: with no DoH it uses the default DoH endpoint. */
  PreferGo?: boolean;
  /** StrictErrors makes a temporary error (timeout, SERVFAIL) of the A or AAAA half fail the whole lookup. */
  StrictErrors?: boolean;
  /** Timeout bounds each DNS exchange in ms (DoH default 5000, the system's own otherwise); 0 for none. */
  Timeout?: number;
  /** Method is the DoH HTTP method: "GET" (default) or "POST". */
  Method?: "GET" | "POST";
  /** fetch replaces the global fetch for DoH. */
  fetch?: typeof globalThis.fetch;
  /** cacheSize is the number of DoH questions cached for their TTL (default 512; 0 disables). */
  cacheSize?: number;
  /** now returns the time in epoch ms for the DoH cache (injectable for tests). */
  now?: () => number;
}

const errNoSuchHost = "no such host";
/** errMalformedDNSRecordsDetail is Go's text for answers whose names are not valid domain names. */
const errMalformedDNSRecordsDetail = "DNS response contained records which contain invalid names";

const noSuchHost = (name: string, server = ""): DNSError => new DNSError({ Err: errNoSuchHost, Name: name, Server: server, IsNotFound: true });

/**
 * isDomainName reports whether s is a presentation-format domain name that Go's resolver would
 * ask about (dnsclient.go): LDH labels and underscores, labels of 1..63 bytes, at most 253 bytes
 * (254 with the trailing dot), not all-numeric; "." is valid. Internal.
 */
export function isDomainName(s: string): boolean {
  if (s === ".") return true;
  const l = s.length;
  if (l === 0 || l > 254 || (l === 254 && s[l - 1] !== ".")) return false;
  let last = ".";
  let nonNumeric = false;
  let partlen = 0;
  for (let i = 0; i < l; i++) {
    const c = s[i]!;
    if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_") {
      nonNumeric = true;
      partlen++;
    } else if (c >= "0" && c <= "9") {
      partlen++;
    } else if (c === "-") {
      if (last === ".") return false;
      partlen++;
      nonNumeric = true;
    } else if (c === ".") {
      if (last === "." || last === "-") return false;
      if (partlen > 63 || partlen === 0) return false;
      partlen = 0;
    } else {
      return false;
    }
    last = c;
  }
  if (last === "-" || partlen > 63) return false;
  return nonNumeric;
}

/**
 * absDomainName adds a trailing dot to a name containing a dot, as Go's absDomainName (names
 * without dots, like "localhost", stay as they are). Internal.
 */
export function absDomainName(s: string): string {
  return s.includes(".") && !s.endsWith(".") ? s + "." : s;
}

const hexDigit = "0123456789abcdef";

/**
 * reverseaddr returns the in-addr.arpa. or ip6.arpa. name of a literal IP address for a PTR
 * lookup, or throws DNSError `unrecognized address` (Go's reverseaddr). Internal.
 */
export function reverseaddr(addr: string): string {
  const ip = ParseIP(addr);
  if (ip === null) throw new DNSError({ Err: "unrecognized address", Name: addr });
  const v4 = ip.To4();
  if (v4 !== null) return `${v4[3]}.${v4[2]}.${v4[1]}.${v4[0]}.in-addr.arpa.`;
  let s = "";
  for (let i = ip.length - 1; i >= 0; i--) s += hexDigit[ip[i]! & 0xf]! + "." + hexDigit[ip[i]! >> 4]! + ".";
  return s + "ip6.arpa.";
}

// RFC 6761 §6.3: localhost names are loopback and SHOULD NOT be sent to DNS. Go finds them in
// /etc/hosts (or defers to the myhostname NSS module: conf.go isLocalhost); a DoH resolver has no
// hosts file, so it answers them itself.
function isLocalhost(host: string): boolean {
  const h = host.endsWith(".") ? host.slice(0, -1) : host;
  const l = h.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return l === "localhost" || l === "localhost.localdomain" || l.endsWith(".localhost") || l.endsWith(".localhost.localdomain");
}

// RFC 7686: .onion names are never resolved (Go's avoidDNS).
function isOnion(host: string): boolean {
  const h = (host.endsWith(".") ? host.slice(0, -1) : host).toLowerCase();
  return h.endsWith(".onion");
}

const defaultRandIntn = (n: number): number => Math.floor(Math.random() * n);

/**
 * sortMX orders MX records as Go's byPref.sort (RFC 5321): shuffled, then by preference, so that
 * equal preferences come in random order. It sorts in place and returns mxs. Internal.
 */
export function sortMX(mxs: MX[], randIntn: (n: number) => number = defaultRandIntn): MX[] {
  for (let i = 0; i < mxs.length; i++) {
    const j = randIntn(i + 1);
    [mxs[i], mxs[j]] = [mxs[j]!, mxs[i]!];
  }
  return mxs.sort((a, b) => a.Pref - b.Pref);
}

function shuffleByWeight(addrs: SRV[], randIntn: (n: number) => number): void {
  let sum = 0;
  for (const a of addrs) sum += a.Weight;
  let start = 0;
  while (sum > 0 && addrs.length - start > 1) {
    let s = 0;
    const n = randIntn(sum);
    for (let i = start; i < addrs.length; i++) {
      s += addrs[i]!.Weight;
      if (s > n) {
        if (i > start) [addrs[start], addrs[i]] = [addrs[i]!, addrs[start]!];
        break;
      }
    }
    sum -= addrs[start]!.Weight;
    start++;
  }
}

/**
 * sortSRV orders SRV records as Go's byPriorityWeight.sort (RFC 2782): by ascending priority,
 * and within a priority randomly with probability proportional to weight (zero weights last). It
 * sorts in place and returns srvs. Internal.
 */
export function sortSRV(srvs: SRV[], randIntn: (n: number) => number = defaultRandIntn): SRV[] {
  srvs.sort((a, b) => a.Priority - b.Priority || a.Weight - b.Weight);
  let i = 0;
  for (let j = 1; j <= srvs.length; j++) {
    if (j === srvs.length || srvs[i]!.Priority !== srvs[j]!.Priority) {
      const group = srvs.slice(i, j);
      shuffleByWeight(group, randIntn);
      srvs.splice(i, j - i, ...group);
      i = j;
    }
  }
  return srvs;
}

// Go's protocols table (lookup.go), for LookupIP networks such as "ip4:icmp".
const protocols: ReadonlyMap<string, number> = new Map([
  ["icmp", 1],
  ["igmp", 2],
  ["tcp", 6],
  ["udp", 17],
  ["ipv6-icmp", 58],
]);

// parseIPNetwork is Go's parseNetwork(network, needsProto=false) restricted to what LookupIP accepts.
function parseIPNetwork(network: string): "ip" | "ip4" | "ip6" {
  const i = network.lastIndexOf(":");
  const afnet = i < 0 ? network : network.slice(0, i);
  if (afnet !== "ip" && afnet !== "ip4" && afnet !== "ip6") throw new UnknownNetworkError(network);
  if (i >= 0) {
    const proto = network.slice(i + 1);
    if (!/^[0-9]+$/.test(proto) && !protocols.has(proto.replace(/[A-Z]/g, (c) => c.toLowerCase()))) {
      throw new AddrError("unknown IP protocol specified", proto);
    }
  }
  return afnet;
}

function wrapError(err: unknown, name: string): DNSError {
  if (err instanceof DNSError) return err;
  const e = err as { Timeout?: () => boolean; Temporary?: () => boolean } | null;
  return new DNSError({
    Err: err instanceof Error ? err.message : String(err),
    Name: name,
    IsTimeout: typeof e?.Timeout === "function" && e.Timeout(),
    IsTemporary: typeof e?.Temporary === "function" && e.Temporary(),
    cause: err,
  });
}

function timeoutReason(): Error {
  const e = new Error("resolver timeout");
  e.name = "TimeoutError";
  return e;
}

const copyIP = (b: Uint8Array): IP => new IP(b);

/**
 * Resolver looks up names and numbers, as Go's net.Resolver. Methods take an AbortSignal first
 * where Go's take a context (`null` for none). IP literals are answered without a query; names
 * that are not valid domain names fail with `no such host` as in Go. With `DoH` (or on a platform
 * without a system resolver, such as the browser) every question goes to an RFC 8484 endpoint;
 * otherwise the platform's resolver answers (Node: getaddrinfo, so /etc/hosts is honoured).
 *
 * @example
 * const r = new Resolver({ DoH: "https://cloudflare-dns.com/dns-query" });
 * const addrs = await r.LookupHost(null, "example.com");
 * const mxs = await r.LookupMX(AbortSignal.timeout(2000), "example.com");
 */
export class Resolver {
  /**
   * DefaultDoH is the endpoint used when no DoH is given and the platform has no system resolver
   * (the browser), or with PreferGo. Assign it before creating resolvers to change it.
   */
  static DefaultDoH = "https://cloudflare-dns.com/dns-query";

  /** PreferGo is the PreferGo option. */
  readonly PreferGo: boolean;
  /** StrictErrors is the StrictErrors option. */
  readonly StrictErrors: boolean;
  /** DoH is the DoH endpoint in use, or "" when the platform's resolver answers. */
  readonly DoH: string;
  readonly #doh: DoHClient | null;
  readonly #system: SystemResolver | null;
  readonly #timeout: number;

  /**
   * defaultSystem returns the SystemResolver used when the constructor is given none: null (DoH
   * only) here; a platform's subclass returns its own.
   */
  protected static defaultSystem(): SystemResolver | null {
    return null;
  }

  /**
   * The constructor takes Go's options and, for platforms, the SystemResolver to delegate to
   * (default: the class's defaultSystem(); null means DoH only).
   */
  constructor(init: ResolverInit = {}, system?: SystemResolver | null) {
    const cls = new.target as typeof Resolver;
    this.PreferGo = init.PreferGo ?? false;
    this.StrictErrors = init.StrictErrors ?? false;
    this.#system = system !== undefined ? system : cls.defaultSystem();
    this.#timeout = init.Timeout ?? 0;
    if (init.DoH !== undefined || this.PreferGo || this.#system === null) {
      const opts: ConstructorParameters<typeof DoHClient>[0] = { URL: init.DoH ?? cls.DefaultDoH };
      if (init.Method !== undefined) opts.Method = init.Method;
      if (init.Timeout !== undefined) opts.Timeout = init.Timeout;
      if (init.fetch !== undefined) opts.fetch = init.fetch;
      if (init.cacheSize !== undefined) opts.cacheSize = init.cacheSize;
      if (init.now !== undefined) opts.now = init.now;
      this.#doh = new DoHClient(opts);
      this.DoH = this.#doh.Server;
    } else {
      this.#doh = null;
      this.DoH = "";
    }
  }

  /** LookupHost looks up host and returns its addresses as strings; an IP literal is returned as given. */
  async LookupHost(signal: AbortSignal | null, host: string): Promise<string[]> {
    if (host === "") throw noSuchHost(host);
    if (parseIPZone(host)[0] !== null) return [host];
    const addrs = await this.#lookupIPAddr(signal, "ip", host);
    return addrs.map((a) => (a.Zone !== "" ? `${a.IP.String()}%${a.Zone}` : a.IP.String()));
  }

  /** LookupIPAddr looks up host and returns its IPv4 and IPv6 addresses with zones (Go's []IPAddr). */
  async LookupIPAddr(signal: AbortSignal | null, host: string): Promise<IPZone[]> {
    return this.#lookupIPAddr(signal, "ip", host);
  }

  /**
   * LookupIP looks up host for network "ip", "ip4" or "ip6" (also with a protocol, "ip4:icmp") and
   * returns the addresses of that family; AddrError `no suitable address found` if there are none.
   */
  async LookupIP(signal: AbortSignal | null, network: string, host: string): Promise<IP[]> {
    const afnet = parseIPNetwork(network);
    if (host === "") throw noSuchHost(host);
    const ips = await this.#lookupIPAddr(signal, afnet, host);
    // Go issue 18806: "::" is followed by 0.0.0.0 for hosts that cannot reach themselves on "::".
    if (ips.length === 1 && ips[0]!.IP.Equal(IPv6unspecified)) ips.push({ IP: copyIP(IPv4zero), Zone: "" });
    const out = ips.filter((a) => (afnet === "ip4" ? a.IP.To4() !== null : afnet === "ip6" ? a.IP.length === 16 && a.IP.To4() === null : true)).map((a) => a.IP);
    if (out.length === 0) throw new AddrError("no suitable address found", host);
    return out;
  }

  /** LookupPort returns the port of a service ("http", "443") for network "tcp*", "udp*", "ip" or "". */
  async LookupPort(_signal: AbortSignal | null, network: string, service: string): Promise<number> {
    const sys = this.#system;
    const lookup: LookupPortFunc = sys?.lookupPort !== undefined ? sys.lookupPort.bind(sys) : lookupPortMap;
    return resolvePort(network, service, lookup);
  }

  /**
   * LookupCNAME returns the canonical name of host (after zero or more CNAMEs) with a trailing dot.
   * It does not fail for a host without CNAME records, as long as it has addresses.
   */
  async LookupCNAME(signal: AbortSignal | null, host: string): Promise<string> {
    let cname: string;
    if (this.#doh !== null) {
      cname = await this.#dohCNAME(signal, this.#doh, host);
    } else {
      const sys = this.#system!;
      cname = await this.#sys(signal, host, (s) => sys.lookupCNAME(s, host));
    }
    if (!isDomainName(cname)) throw new DNSError({ Err: errMalformedDNSRecordsDetail, Name: host });
    return cname;
  }

  /**
   * LookupSRV looks up _service._proto.name (name itself if service and proto are both "") and
   * returns [cname, records], sorted by priority and randomized by weight within a priority.
   */
  async LookupSRV(signal: AbortSignal | null, service: string, proto: string, name: string): Promise<[cname: string, srvs: SRV[]]> {
    const target = service === "" && proto === "" ? name : `_${service}._${proto}.${name}`;
    let cname: string;
    let srvs: SRV[];
    if (this.#doh !== null) {
      const a = await this.#dohLookup(signal, this.#doh, target, TypeSRV, target);
      cname = a.Name;
      srvs = a.Records.map((rr) => ({ Target: rr.Target!, Port: rr.Port!, Priority: rr.Priority!, Weight: rr.Weight! }));
    } else {
      const sys = this.#system!;
      [cname, srvs] = await this.#sys(signal, target, (s) => sys.lookupSRV(s, target));
      srvs = srvs.map((s) => ({ ...s }));
    }
    sortSRV(srvs);
    if (cname !== "" && !isDomainName(cname)) throw new DNSError({ Err: "SRV header name is invalid", Name: name });
    const filtered = srvs.filter((s) => isDomainName(s.Target));
    if (filtered.length !== srvs.length) throw new DNSError({ Err: errMalformedDNSRecordsDetail, Name: name });
    return [cname, filtered];
  }

  /** LookupMX returns the MX records of name, sorted by preference (equal preferences shuffled). */
  async LookupMX(signal: AbortSignal | null, name: string): Promise<MX[]> {
    let mxs: MX[];
    if (this.#doh !== null) {
      const a = await this.#dohLookup(signal, this.#doh, name, TypeMX, name);
      mxs = a.Records.map((rr) => ({ Host: rr.Target!, Pref: rr.Pref! }));
    } else {
      const sys = this.#system!;
      mxs = (await this.#sys(signal, name, (s) => sys.lookupMX(s, name))).map((m) => ({ ...m }));
    }
    sortMX(mxs);
    const filtered = mxs.filter((m) => isDomainName(m.Host));
    if (filtered.length !== mxs.length) throw new DNSError({ Err: errMalformedDNSRecordsDetail, Name: name });
    return filtered;
  }

  /** LookupNS returns the NS records of name. */
  async LookupNS(signal: AbortSignal | null, name: string): Promise<NS[]> {
    let nss: NS[];
    if (this.#doh !== null) {
      const a = await this.#dohLookup(signal, this.#doh, name, TypeNS, name);
      nss = a.Records.map((rr) => ({ Host: rr.Target! }));
    } else {
      const sys = this.#system!;
      nss = (await this.#sys(signal, name, (s) => sys.lookupNS(s, name))).map((n) => ({ ...n }));
    }
    const filtered = nss.filter((n) => isDomainName(n.Host));
    if (filtered.length !== nss.length) throw new DNSError({ Err: errMalformedDNSRecordsDetail, Name: name });
    return filtered;
  }

  /** LookupTXT returns the TXT records of name; the strings of one record are concatenated. */
  async LookupTXT(signal: AbortSignal | null, name: string): Promise<string[]> {
    if (this.#doh !== null) {
      const a = await this.#dohLookup(signal, this.#doh, name, TypeTXT, name);
      return a.Records.map((rr) => (rr.TXT ?? []).join(""));
    }
    const sys = this.#system!;
    return (await this.#sys(signal, name, (s) => sys.lookupTXT(s, name))).slice();
  }

  /**
   * LookupAddr performs a reverse lookup (PTR, via in-addr.arpa. or ip6.arpa.) of a literal
   * address and returns the names, with trailing dots as Go's.
   */
  async LookupAddr(signal: AbortSignal | null, addr: string): Promise<string[]> {
    let names: string[];
    if (this.#doh !== null) {
      const arpa = reverseaddr(addr);
      const a = await this.#dohLookup(signal, this.#doh, arpa, TypePTR, arpa);
      names = a.Records.map((rr) => rr.Target!);
    } else {
      reverseaddr(addr); // validates addr as Go's does, before the platform sees it
      const sys = this.#system!;
      names = (await this.#sys(signal, addr, (s) => sys.lookupAddr(s, addr))).slice();
    }
    const filtered = names.filter(isDomainName);
    if (filtered.length !== names.length) throw new DNSError({ Err: errMalformedDNSRecordsDetail, Name: addr });
    return filtered;
  }

  /** ClearCache drops the DoH answers cached by this resolver (a no-op for the system resolver). */
  ClearCache(): void {
    this.#doh?.ClearCache();
  }

  async #lookupIPAddr(signal: AbortSignal | null, network: "ip" | "ip4" | "ip6", host: string): Promise<IPZone[]> {
    if (host === "") throw noSuchHost(host);
    const [ip, zone] = parseIPZone(host);
    if (ip !== null) return [{ IP: copyIP(ip), Zone: zone }];
    if (signal?.aborted === true) throw abortError(signal.reason, host);
    if (this.#doh !== null) return this.#dohIPAddr(signal, this.#doh, network, host);
    const sys = this.#system!;
    const addrs = await this.#sys(signal, host, (s) => sys.lookupIPAddr(s, network, host));
    return addrs.map((a) => ({ IP: copyIP(a.IP), Zone: a.Zone }));
  }

  // #sys runs a SystemResolver call with the caller's signal and the Resolver's Timeout, mapping
  // an abort to Go's texts and anything that is not a DNSError into one.
  async #sys<T>(signal: AbortSignal | null, name: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal?.reason);
    if (signal?.aborted === true) throw abortError(signal.reason, name);
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = this.#timeout > 0 && this.#timeout <= 0x7fffffff ? setTimeout(() => controller.abort(timeoutReason()), this.#timeout) : undefined;
    try {
      return await raceAbort(call(controller.signal), controller.signal);
    } catch (err) {
      if (err instanceof Aborted) throw abortError(err.reason, name);
      if (controller.signal.aborted && !(err instanceof DNSError)) throw abortError(controller.signal.reason, name);
      throw wrapError(err, name);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  // #dohLookup is Go's Resolver.lookup: the name check, then one question (following CNAMEs).
  async #dohLookup(signal: AbortSignal | null, doh: DoHClient, name: string, qtype: number, errName: string): Promise<DoHAnswer> {
    if (!isDomainName(name) || isOnion(name) || isLocalhost(name)) throw noSuchHost(errName);
    try {
      return await doh.Lookup(signal, fqdn(name), qtype, errName);
    } catch (err) {
      throw wrapError(err, errName);
    }
  }

  // #dohAll asks the qtypes of name in parallel, as Go's goLookupIPCNAME does.
  async #dohAll(signal: AbortSignal | null, doh: DoHClient, host: string, qtypes: number[]): Promise<{ answers: (DoHAnswer | null)[]; lastErr: DNSError | null }> {
    const settled = await Promise.allSettled(qtypes.map((t) => doh.Lookup(signal, fqdn(host), t, host)));
    const answers: (DoHAnswer | null)[] = [];
    let lastErr: DNSError | null = null;
    let strictErr: DNSError | null = null;
    for (const r of settled) {
      if (r.status === "fulfilled") {
        answers.push(r.value);
      } else {
        answers.push(null);
        const e = wrapError(r.reason, host);
        if (this.StrictErrors && e.Temporary()) strictErr = e;
        lastErr = e;
      }
    }
    if (strictErr !== null) throw strictErr;
    return { answers, lastErr };
  }

  async #dohIPAddr(signal: AbortSignal | null, doh: DoHClient, network: "ip" | "ip4" | "ip6", host: string): Promise<IPZone[]> {
    if (isLocalhost(host)) return [{ IP: IPv4(127, 0, 0, 1), Zone: "" }, { IP: copyIP(IPv6loopback), Zone: "" }];
    if (!isDomainName(host) || isOnion(host)) throw noSuchHost(host);
    const qtypes = network === "ip4" ? [TypeA] : network === "ip6" ? [TypeAAAA] : [TypeA, TypeAAAA];
    const { answers, lastErr } = await this.#dohAll(signal, doh, host, qtypes);
    const addrs: IPZone[] = [];
    for (const a of answers) for (const rr of a?.Records ?? []) addrs.push({ IP: copyIP((rr as DNSResource).IP!), Zone: "" });
    if (addrs.length === 0) throw lastErr ?? noSuchHost(host, doh.Server);
    return addrs;
  }

  async #dohCNAME(signal: AbortSignal | null, doh: DoHClient, host: string): Promise<string> {
    if (isLocalhost(host)) return absDomainName(host);
    if (!isDomainName(host) || isOnion(host)) throw noSuchHost(host);
    const { answers, lastErr } = await this.#dohAll(signal, doh, host, [TypeA, TypeAAAA, TypeCNAME]);
    const [a, aaaa, cname] = answers;
    if (a) return a.Name;
    if (aaaa) return aaaa.Name;
    const target = cname?.Records[0]?.Target;
    if (target !== undefined) return target;
    throw lastErr ?? noSuchHost(host, doh.Server);
  }
}

let customDefault: Resolver | null = null;
let coreDefault: Resolver | null = null;

/**
 * setDefaultResolver makes r the resolver of the package-level Lookup functions and of Dialers
 * without a Resolver (Go's DefaultResolver); null restores the platform's default.
 *
 * @example
 * setDefaultResolver(new Resolver({ DoH: "https://dns.google/dns-query" }));
 */
export function setDefaultResolver(r: Resolver | null): void {
  customDefault = r;
}

/** customDefaultResolver returns the resolver given to setDefaultResolver, or null. Internal (for platforms). */
export function customDefaultResolver(): Resolver | null {
  return customDefault;
}

/**
 * DefaultResolver returns the resolver the package-level Lookup functions use: the one given to
 * setDefaultResolver, else a `new Resolver()` of this module (DoH only, at Resolver.DefaultDoH).
 * A platform with a system resolver exports its own DefaultResolver.
 */
export function DefaultResolver(): Resolver {
  return customDefault ?? (coreDefault ??= new Resolver());
}

/**
 * LookupHost looks up host with the default resolver and returns its addresses.
 *
 * @example
 * await LookupHost("example.com") // ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
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
