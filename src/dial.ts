// The portable half of Go's dial.go: network and address parsing, name
// resolution, Dialer deadlines and signals, Happy Eyeballs (RFC 6555, Go's
// dialParallel/dialSerial), ListenConfig. A Backend only opens handles.

import { internetAddrList, isIPv4Addr, partitionAddrs, TCPAddr, UnixAddr, type LookupIPFunc } from "./addr.js";
import type { LookupPortFunc } from "./ipsock.js";
import type { Backend } from "./backend.js";
import {
  AddrError,
  DNSError,
  ErrCanceled,
  ErrDeadlineExceeded,
  ErrMissingAddress,
  ErrUnsupported,
  OpError,
  UnknownNetworkError,
} from "./errors.js";
import { IPv4, IPv6loopback, parseIPZone, type IP } from "./ip.js";
import { SplitHostPort } from "./ipsock.js";
import type { Addr, Conn, Listener, NetworkName } from "./net.js";
import { toDeadline } from "./deadline.js";

/** IPAddrLike is an address answer of a resolver: Go's net.IPAddr. */
export interface IPAddrLike {
  IP: IP;
  Zone: string;
}

/** AddrResolver is the part of Resolver that dialing needs (Go's Resolver.LookupIPAddr and LookupPort). */
export interface AddrResolver {
  LookupIPAddr(signal: AbortSignal | null, host: string): Promise<IPAddrLike[]>;
  LookupPort(signal: AbortSignal | null, network: string, service: string): Promise<number>;
}

/** DialerInit holds the options of a Dialer, with Go's field names. Durations are milliseconds. */
export interface DialerInit {
  /** Timeout is the maximum time a dial waits for a connection to complete, including name resolution; 0 for none. */
  Timeout?: number;
  /** Deadline is the absolute time after which dials fail; null or 0 for none. */
  Deadline?: Date | number | null;
  /** LocalAddr is the local address to use when dialing; it must be of the dialed network's kind. */
  LocalAddr?: Addr | null;
  /** KeepAlive is the keep-alive period (default 15 s); negative disables keep-alives. */
  KeepAlive?: number;
  /** FallbackDelay is how long to wait before spawning the RFC 6555 fallback; 0 means 300 ms, negative disables it. */
  FallbackDelay?: number;
  /** Resolver resolves names; null for the platform's default. */
  Resolver?: AddrResolver | null;
}

/** ListenConfigInit holds the options of a ListenConfig. */
export interface ListenConfigInit {
  /** KeepAlive is the keep-alive period of accepted connections (default 15 s); negative disables. */
  KeepAlive?: number;
}

type Family = "tcp" | "unix" | "udp" | "ws" | "ip" | "unixgram" | "unixpacket";

interface ParsedNetwork {
  afnet: string;
  family: Family;
}

/** parseNetwork splits a network name as Go's parseNetwork does. @internal */
export function parseNetwork(network: string): ParsedNetwork {
  const i = network.lastIndexOf(":");
  if (i < 0) {
    switch (network) {
      case "tcp":
      case "tcp4":
      case "tcp6":
        return { afnet: network, family: "tcp" };
      case "udp":
      case "udp4":
      case "udp6":
        return { afnet: network, family: "udp" };
      case "unix":
        return { afnet: network, family: "unix" };
      case "unixgram":
        return { afnet: network, family: "unixgram" };
      case "unixpacket":
        return { afnet: network, family: "unixpacket" };
      case "ws":
      case "wss":
        return { afnet: network, family: "ws" };
    }
    throw new UnknownNetworkError(network);
  }
  const afnet = network.slice(0, i);
  if (afnet === "ip" || afnet === "ip4" || afnet === "ip6") {
    const proto = network.slice(i + 1);
    if (proto === "" || !/^[0-9a-z-]+$/i.test(proto)) throw new UnknownNetworkError(network);
    return { afnet, family: "ip" };
  }
  throw new UnknownNetworkError(network);
}

/** The networks each typed entry point (DialTCP, ListenUnix, …) takes, as Go's. @internal */
export const tcpNetworks: readonly string[] = ["tcp", "tcp4", "tcp6"];
/** @internal */
export const unixDialNetworks: readonly string[] = ["unix", "unixgram", "unixpacket"];
/** @internal */
export const unixListenNetworks: readonly string[] = ["unix", "unixpacket"];

/**
 * checkNetwork throws Go's `dial foo …: unknown network foo` OpError unless network is one of
 * allowed; the typed entry points of every platform check this before anything else. @internal
 */
export function checkNetwork(op: "dial" | "listen", network: string, allowed: readonly string[], source: Addr | null, addr: Addr | null): void {
  if (!allowed.includes(network)) throw new OpError({ Op: op, Net: network, Source: source, Addr: addr, Err: new UnknownNetworkError(network) });
}

/**
 * lookupIPFunc adapts a resolver to the LookupIPFunc of addr.ts: the addresses of host, of the
 * family "ip4" or "ip6" asks for (any for "ip"). @internal
 */
export function lookupIPFunc(resolver: AddrResolver, signal: AbortSignal | null = null): LookupIPFunc {
  return async (host, network) => {
    const ips = (await resolver.LookupIPAddr(signal, host)).map((a) => a.IP);
    if (network === "ip4") return ips.filter((ip) => ip.To4() !== null);
    if (network === "ip6") return ips.filter((ip) => ip.To4() === null);
    return ips;
  };
}

/** resolveTCPAddrList resolves "host:port" into the candidate addresses for a network and local-address hint, as Go's resolveAddrList. @internal */
export async function resolveTCPAddrList(
  resolver: AddrResolver,
  signal: AbortSignal | null,
  op: "dial" | "listen",
  afnet: string,
  address: string,
  hint: Addr | null,
): Promise<TCPAddr[]> {
  if (op === "dial" && address === "") throw ErrMissingAddress;
  const lookup = lookupIPFunc(resolver, signal);
  const lookupPort: LookupPortFunc = (network, service) => resolver.LookupPort(signal, network, service);
  const addrs = (await internetAddrList(afnet, address, lookup, lookupPort)) as TCPAddr[];
  if (op !== "dial" || !(hint instanceof TCPAddr)) return addrs;
  // Keep the addresses of the local address's family, as Go does for Dialer.LocalAddr.
  const wildcard = hint.isWildcard();
  const kept = addrs.filter((a) => wildcard || a.isWildcard() || (a.IP!.To4() !== null) === (hint.IP!.To4() !== null));
  if (kept.length === 0) throw new AddrError("no suitable address found", hint.String());
  return kept;
}

/** partialDeadline divides the time left among the addresses still to try, as Go's. @internal */
export function partialDeadline(now: number, deadline: number, addrsRemaining: number): number {
  if (deadline === 0) return 0;
  const remaining = deadline - now;
  if (remaining <= 0) throw ErrDeadlineExceeded;
  let timeout = remaining / addrsRemaining;
  const saneMinimum = 2000;
  if (timeout < saneMinimum) timeout = remaining < saneMinimum ? remaining : saneMinimum;
  return now + timeout;
}

// The reason an attempt was aborted, so that errors say "i/o timeout" or "operation was canceled".
function abortError(signal: AbortSignal, timedOut: boolean): Error {
  if (timedOut) return ErrDeadlineExceeded;
  const r: unknown = signal.reason;
  if (r === ErrDeadlineExceeded || (r instanceof Error && r.name === "TimeoutError")) return ErrDeadlineExceeded;
  return ErrCanceled;
}

interface Attempt {
  signal: AbortSignal;
  timedOut(): boolean;
  abort(): void;
  dispose(): void;
}

// attempt makes an AbortSignal that fires at deadline (0: never) or when parent aborts.
function attempt(parent: AbortSignal | null, deadline: number): Attempt {
  const ac = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const onAbort = (): void => ac.abort(parent?.reason);
  if (parent !== null) {
    if (parent.aborted) ac.abort(parent.reason);
    else parent.addEventListener("abort", onAbort, { once: true });
  }
  if (deadline !== 0 && !ac.signal.aborted) {
    const delay = deadline - Date.now();
    if (delay <= 0) {
      timedOut = true;
      ac.abort(ErrDeadlineExceeded);
    } else {
      timer = setTimeout(() => {
        timedOut = true;
        ac.abort(ErrDeadlineExceeded);
      }, Math.min(delay, 0x7fffffff));
    }
  }
  return {
    signal: ac.signal,
    timedOut: () => timedOut,
    abort: () => ac.abort(ErrCanceled),
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener("abort", onAbort);
    },
  };
}

// raceAbort settles with p, or rejects as soon as the signal aborts.
function raceAbort<T>(p: Promise<T>, a: Attempt, onLateValue?: (v: T) => void): Promise<T> {
  if (a.signal.aborted) {
    p.then(onLateValue, () => {});
    return Promise.reject(abortError(a.signal, a.timedOut()));
  }
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const onAbort = (): void => {
      if (done) return;
      done = true;
      reject(abortError(a.signal, a.timedOut()));
    };
    a.signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        a.signal.removeEventListener("abort", onAbort);
        if (done) onLateValue?.(v);
        else {
          done = true;
          resolve(v);
        }
      },
      (e: unknown) => {
        a.signal.removeEventListener("abort", onAbort);
        if (!done) {
          done = true;
          reject(e);
        }
      },
    );
  });
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function closeQuietly(c: { Close(): Promise<void> }): void {
  c.Close().catch(() => {});
}

/**
 * DialerCore holds the options and the portable logic of Dialer; each platform's Dialer extends it
 * with its backend and default resolver.
 * @internal
 */
export abstract class DialerCore {
  /** Timeout is the maximum time a dial waits for a connection to complete (ms); 0 for none. */
  Timeout: number;
  /** Deadline is the absolute time after which dials fail; null for none. */
  Deadline: Date | number | null;
  /** LocalAddr is the local address to use when dialing. */
  LocalAddr: Addr | null;
  /** KeepAlive is the keep-alive period in ms (0: 15 s); negative disables keep-alives. */
  KeepAlive: number;
  /** FallbackDelay is the Happy Eyeballs delay in ms (0: 300 ms); negative disables the fallback. */
  FallbackDelay: number;
  /** Resolver resolves names; null for the platform's default. */
  Resolver: AddrResolver | null;

  protected abstract backend(): Backend;
  protected abstract defaultResolver(): AddrResolver;

  constructor(init: DialerInit = {}) {
    this.Timeout = init.Timeout ?? 0;
    this.Deadline = init.Deadline ?? null;
    this.LocalAddr = init.LocalAddr ?? null;
    this.KeepAlive = init.KeepAlive ?? 0;
    this.FallbackDelay = init.FallbackDelay ?? 0;
    this.Resolver = init.Resolver ?? null;
  }

  /** Dial connects to the address on the named network. */
  Dial(network: NetworkName, address: string): Promise<Conn> {
    return this.DialContext(null, network, address);
  }

  // deadline returns the earliest of now+Timeout and Deadline, as Go's Dialer.deadline.
  #deadline(now: number): number {
    let d = 0;
    if (this.Timeout > 0) d = now + this.Timeout;
    const dl = toDeadline(this.Deadline);
    if (dl !== 0 && (d === 0 || dl < d)) d = dl;
    return d;
  }

  /**
   * DialContext connects to the address on the named network using the signal, as Go's
   * Dialer.DialContext with a context. An aborted signal fails with "operation was canceled".
   */
  async DialContext(signal: AbortSignal | null, network: NetworkName, address: string): Promise<Conn> {
    const deadline = this.#deadline(Date.now());
    const whole = attempt(signal, deadline);
    try {
      let parsed: ParsedNetwork;
      try {
        parsed = parseNetwork(network);
      } catch (err) {
        throw new OpError({ Op: "dial", Net: network, Err: toError(err) });
      }
      return await this.dispatchDial(parsed, network, address, whole, deadline);
    } finally {
      whole.dispose();
    }
  }

  /** dispatchDial routes a parsed network to its family's dialer; platforms extend it for more families. @internal */
  protected async dispatchDial(parsed: ParsedNetwork, network: string, address: string, whole: Attempt, deadline: number): Promise<Conn> {
    const be = this.backend();
    switch (parsed.family) {
      case "tcp":
        return await this.#dialTCP(be, network, address, whole, deadline);
      case "unix":
        return await this.#dialUnix(be, network, address, whole);
      default:
        throw new OpError({ Op: "dial", Net: network, Err: ErrUnsupported, Hint: be.unsupportedHint("dial", network) || `gonet cannot dial ${network} here` });
    }
  }

  async #dialUnix(be: Backend, network: string, address: string, whole: Attempt): Promise<Conn> {
    if (address === "") throw new OpError({ Op: "dial", Net: network, Err: ErrMissingAddress });
    const raddr = new UnixAddr({ Name: address, Net: network });
    const la = this.LocalAddr;
    if (la !== null && !(la instanceof UnixAddr)) {
      throw new OpError({ Op: "dial", Net: network, Err: new AddrError("mismatched local address type", la.String()) });
    }
    const hint = be.unsupportedHint("dial", network);
    if (hint !== "") throw new OpError({ Op: "dial", Net: network, Source: la, Addr: raddr, Err: ErrUnsupported, Hint: hint });
    try {
      return await raceAbort(be.dialUnix(network, raddr, la, { signal: whole.signal, keepAlive: -1 }), whole, closeQuietly);
    } catch (err) {
      throw new OpError({ Op: "dial", Net: network, Source: la, Addr: raddr, Err: toError(err) });
    }
  }

  async #dialTCP(be: Backend, network: string, address: string, whole: Attempt, deadline: number): Promise<Conn> {
    const la = this.LocalAddr;
    if (la !== null && !(la instanceof TCPAddr)) {
      throw new OpError({ Op: "dial", Net: network, Err: new AddrError("mismatched local address type", la.String()) });
    }
    const hint = be.unsupportedHint("dial", network);
    let addrs: TCPAddr[];
    try {
      const resolving = resolveTCPAddrList(this.Resolver ?? this.defaultResolver(), whole.signal, "dial", network, address, la);
      // A literal address needs no lookup, so an expired deadline shows in the dial itself, as in Go.
      addrs = await (literalHost(address) ? resolving : raceAbort(resolving, whole));
    } catch (err) {
      throw new OpError({ Op: "dial", Net: network, Err: lookupAbort(toError(err), address) });
    }
    if (hint !== "") throw new OpError({ Op: "dial", Net: network, Source: la, Addr: addrs[0] ?? null, Err: ErrUnsupported, Hint: hint });
    // An empty or unspecified host dials the local system, as Go does.
    addrs = addrs.map((a) => (a.IP === null || a.IP.IsUnspecified() ? localSystem(a, network) : a));
    let primaries = addrs;
    let fallbacks: TCPAddr[] = [];
    if (this.FallbackDelay >= 0 && network === "tcp") [primaries, fallbacks] = partitionAddrs(addrs, isIPv4Addr);
    if (fallbacks.length === 0) return await this.#dialSerial(be, network, primaries, whole, deadline);
    return await this.#dialParallel(be, network, primaries, fallbacks, whole, deadline);
  }

  async #dialSerial(be: Backend, network: string, ras: TCPAddr[], parent: Attempt, deadline: number): Promise<Conn> {
    let firstErr: Error | null = null;
    const la = this.LocalAddr as TCPAddr | null;
    const keepAlive = this.KeepAlive === 0 ? 15000 : this.KeepAlive;
    for (let i = 0; i < ras.length; i++) {
      const ra = ras[i]!;
      if (parent.signal.aborted) {
        throw new OpError({ Op: "dial", Net: network, Source: la, Addr: ra, Err: abortError(parent.signal, parent.timedOut()) });
      }
      let part: number;
      try {
        part = partialDeadline(Date.now(), deadline, ras.length - i);
      } catch (err) {
        firstErr ??= new OpError({ Op: "dial", Net: network, Source: la, Addr: ra, Err: toError(err) });
        break;
      }
      const one = attempt(parent.signal, part);
      try {
        return await raceAbort(be.dialTCP(network, ra, la, { signal: one.signal, keepAlive }), one, closeQuietly);
      } catch (err) {
        firstErr ??= new OpError({ Op: "dial", Net: network, Source: la, Addr: ra, Err: toError(err) });
      } finally {
        one.dispose();
      }
    }
    throw firstErr ?? new OpError({ Op: "dial", Net: network, Err: ErrMissingAddress });
  }

  #dialParallel(be: Backend, network: string, primaries: TCPAddr[], fallbacks: TCPAddr[], whole: Attempt, deadline: number): Promise<Conn> {
    const delay = this.FallbackDelay > 0 ? this.FallbackDelay : 300;
    return new Promise<Conn>((resolve, reject) => {
      const primaryAC = attempt(whole.signal, 0);
      const fallbackAC = attempt(whole.signal, 0);
      let settled = false;
      let primaryErr: Error | null = null;
      let fallbackErr: Error | null = null;
      let fallbackStarted = false;
      const finish = (): void => {
        clearTimeout(timer);
        primaryAC.dispose();
        fallbackAC.dispose();
      };
      const win = (c: Conn, primary: boolean): void => {
        if (settled) {
          closeQuietly(c);
          return;
        }
        settled = true;
        // Cancel the other racer; a connection it makes later is closed by raceAbort.
        (primary ? fallbackAC : primaryAC).abort();
        finish();
        resolve(c);
      };
      const lose = (err: Error, primary: boolean): void => {
        if (primary) primaryErr = err;
        else fallbackErr = err;
        if (settled) return;
        if (primaryErr !== null && (fallbackErr !== null || !fallbackStarted && fallbacks.length === 0)) {
          settled = true;
          finish();
          reject(primaryErr);
          return;
        }
        if (primary && !fallbackStarted) startFallback();
      };
      const run = (ras: TCPAddr[], a: Attempt, primary: boolean): void => {
        this.#dialSerial(be, network, ras, a, deadline).then(
          (c) => win(c, primary),
          (e: unknown) => lose(toError(e), primary),
        );
      };
      const startFallback = (): void => {
        if (fallbackStarted || settled) return;
        fallbackStarted = true;
        clearTimeout(timer);
        run(fallbacks, fallbackAC, false);
      };
      const timer = setTimeout(startFallback, delay);
      run(primaries, primaryAC, true);
    });
  }
}

function literalHost(address: string): boolean {
  try {
    const [host, port] = SplitHostPort(address);
    return (host === "" || parseIPZone(host)[0] !== null) && /^[0-9]*$/.test(port);
  } catch {
    return true; // a malformed address fails in the resolver without any lookup
  }
}

function localSystem(a: TCPAddr, network: string): TCPAddr {
  const v6 = network === "tcp6" || (a.IP !== null && a.IP.To4() === null);
  return new TCPAddr({ IP: v6 ? IPv6loopback : IPv4(127, 0, 0, 1), Port: a.Port, Zone: a.Zone });
}

// A resolution cut short by the dial's timeout or signal reads as Go's: a DNSError for the name.
function lookupAbort(err: Error, address: string): Error {
  if (err !== ErrCanceled && err !== ErrDeadlineExceeded) return err;
  let host = address;
  try {
    host = SplitHostPort(address)[0];
  } catch {
    return err;
  }
  if (host === "" || parseIPZone(host)[0] !== null) return err;
  return new DNSError({ Err: err.message, Name: host, IsTimeout: err === ErrDeadlineExceeded, cause: err });
}

/**
 * ListenConfigCore holds the options and portable logic of ListenConfig.
 * @internal
 */
export abstract class ListenConfigCore {
  /** KeepAlive is the keep-alive period for accepted connections (ms; 0: 15 s; negative disables). */
  KeepAlive: number;

  protected abstract backend(): Backend;
  protected abstract defaultResolver(): AddrResolver;

  constructor(init: ListenConfigInit = {}) {
    this.KeepAlive = init.KeepAlive ?? 0;
  }

  /** Listen announces on the local network address; the signal aborts the set-up, not the listener. */
  async Listen(signal: AbortSignal | null, network: NetworkName, address: string): Promise<Listener> {
    let parsed: ParsedNetwork;
    try {
      parsed = parseNetwork(network);
    } catch (err) {
      throw new OpError({ Op: "listen", Net: network, Err: toError(err) });
    }
    return await this.dispatchListen(parsed, signal, network, address);
  }

  /** dispatchListen routes a parsed network to its family; platforms extend it. @internal */
  protected async dispatchListen(parsed: ParsedNetwork, signal: AbortSignal | null, network: string, address: string): Promise<Listener> {
    const be = this.backend();
    const keepAlive = this.KeepAlive === 0 ? 15000 : this.KeepAlive;
    switch (parsed.family) {
      case "tcp": {
        let la: TCPAddr;
        try {
          const addrs = await resolveTCPAddrList(this.defaultResolver(), signal, "listen", network, address, null);
          la = addrs.find((a) => a.IP === null || a.IP.To4() !== null) ?? addrs[0]!;
        } catch (err) {
          throw new OpError({ Op: "listen", Net: network, Err: toError(err) });
        }
        const hint = be.unsupportedHint("listen", network);
        if (hint !== "") throw new OpError({ Op: "listen", Net: network, Addr: la, Err: ErrUnsupported, Hint: hint });
        try {
          return await be.listenTCP(network, la, { signal, keepAlive });
        } catch (err) {
          throw new OpError({ Op: "listen", Net: network, Addr: la, Err: toError(err) });
        }
      }
      case "unix": {
        const la = new UnixAddr({ Name: address, Net: network });
        const hint = be.unsupportedHint("listen", network);
        if (hint !== "") throw new OpError({ Op: "listen", Net: network, Addr: la, Err: ErrUnsupported, Hint: hint });
        try {
          return await be.listenUnix(network, la, { signal, keepAlive: -1 });
        } catch (err) {
          throw new OpError({ Op: "listen", Net: network, Addr: la, Err: toError(err) });
        }
      }
      case "udp": {
        // Go: a packet network is no stream listener.
        let la: Addr | null = null;
        try {
          const addrs = await resolveTCPAddrList(this.defaultResolver(), signal, "listen", network, address, null);
          const first = addrs[0]!;
          la = new UDPAddrView(first);
        } catch (err) {
          throw new OpError({ Op: "listen", Net: network, Err: toError(err) });
        }
        throw new OpError({ Op: "listen", Net: network, Addr: la, Err: new AddrError("unexpected address type", address) });
      }
      default:
        throw new OpError({ Op: "listen", Net: network, Err: ErrUnsupported, Hint: be.unsupportedHint("listen", network) || `gonet cannot listen on ${network} here` });
    }
  }
}

// The address Go reports for Listen("udp", …): the resolved UDPAddr's text.
class UDPAddrView implements Addr {
  readonly #a: TCPAddr;
  constructor(a: TCPAddr) {
    this.#a = a;
  }
  Network(): string {
    return "udp";
  }
  String(): string {
    return this.#a.String();
  }
}
