// DNS over HTTPS (RFC 8484), shared by Node and the browser: a small RFC 1035
// message codec on Uint8Array/DataView, and DoHClient, which sends one
// question per HTTP exchange (GET with ?dns= base64url by default, or POST),
// checks the answer as Go's resolver checks a DNS reply (dnsclient_unix.go:
// checkResponse, checkHeader, skipToAnswer), follows CNAME chains, caches
// answers for their TTL (negative answers per RFC 2308) and merges concurrent
// identical questions into one request (as Go's lookupGroup does).
//
// The codec is written here rather than taken from the dns-packet package
// because dns-packet does `require('buffer')` and calls Buffer methods on its
// input, so it neither bundles for the browser nor decodes a Uint8Array.

import { DNSError, Errno, ErrCanceled, ErrContextDeadlineExceeded } from "./errors.js";

/** TypeA is the DNS resource record type of an IPv4 address (RFC 1035). */
export const TypeA = 1;
/** TypeNS is the DNS resource record type of a name server. */
export const TypeNS = 2;
/** TypeCNAME is the DNS resource record type of a canonical name (alias). */
export const TypeCNAME = 5;
/** TypeSOA is the DNS resource record type of a start of authority. */
export const TypeSOA = 6;
/** TypePTR is the DNS resource record type of a domain name pointer. */
export const TypePTR = 12;
/** TypeMX is the DNS resource record type of a mail exchange. */
export const TypeMX = 15;
/** TypeTXT is the DNS resource record type of text strings. */
export const TypeTXT = 16;
/** TypeAAAA is the DNS resource record type of an IPv6 address (RFC 3596). */
export const TypeAAAA = 28;
/** TypeSRV is the DNS resource record type of a service location (RFC 2782). */
export const TypeSRV = 33;
/** TypeOPT is the EDNS(0) pseudo resource record type (RFC 6891). */
export const TypeOPT = 41;
/** ClassINET is the Internet class. */
export const ClassINET = 1;

/** RCodeSuccess is the DNS response code for no error. */
export const RCodeSuccess = 0;
/** RCodeFormatError is the DNS response code for a query the server could not interpret. */
export const RCodeFormatError = 1;
/** RCodeServerFailure is the DNS response code SERVFAIL. */
export const RCodeServerFailure = 2;
/** RCodeNameError is the DNS response code NXDOMAIN: the name does not exist. */
export const RCodeNameError = 3;
/** RCodeNotImplemented is the DNS response code for an unsupported kind of query. */
export const RCodeNotImplemented = 4;
/** RCodeRefused is the DNS response code for a query refused by policy. */
export const RCodeRefused = 5;

/** DoHMediaType is the media type of an RFC 8484 DNS message. */
export const DoHMediaType = "application/dns-message";

// Go's errors from dnsclient_unix.go and net.go, text for text.
const errNoSuchHost = "no such host";
const errCannotUnmarshal = "cannot unmarshal DNS message";
const errCannotMarshal = "cannot marshal DNS message";
const errServerMisbehaving = "server misbehaving";
const errInvalidResponse = "invalid DNS response";
const errLameReferral = "lame referral";
const errTimeout = "i/o timeout";
const errCanceled = "operation was canceled";
// Go's old answer() loop stopped after 10 CNAME hops with this text.
const errTooManyRedirects = "too many redirects";
const maxCNAMEHops = 10;
// Go's maxDNSPacketSize (dnsflagday.net/2020), advertised in the EDNS(0) OPT record as Go does.
const ednsUDPSize = 1232;
const maxMessageSize = 65535;

/** DNSHeader is the header of a DNS message, with the field names of Go's dnsmessage.Header. */
export interface DNSHeader {
  ID: number;
  Response: boolean;
  OpCode: number;
  Authoritative: boolean;
  Truncated: boolean;
  RecursionDesired: boolean;
  RecursionAvailable: boolean;
  AuthenticData: boolean;
  CheckingDisabled: boolean;
  /** RCode is the 4-bit header response code (see ExtendedRCode for EDNS). */
  RCode: number;
}

/** DNSQuestion is a question of a DNS message; Name is fully qualified with a trailing dot. */
export interface DNSQuestion {
  Name: string;
  Type: number;
  Class: number;
}

/** SOAData is the body of an SOA record. */
export interface SOAData {
  NS: string;
  MBox: string;
  Serial: number;
  Refresh: number;
  Retry: number;
  Expire: number;
  MinTTL: number;
}

/**
 * DNSResource is a resource record. Name is fully qualified with a trailing dot; Data is the raw
 * RDATA and the typed fields are set for the types gonet looks up: A and AAAA (IP), CNAME, NS and
 * PTR (Target), MX (Pref, Target), SRV (Priority, Weight, Port, Target), TXT (TXT) and SOA (SOA).
 */
export interface DNSResource {
  Name: string;
  Type: number;
  Class: number;
  TTL: number;
  Data: Uint8Array;
  IP?: Uint8Array;
  Target?: string;
  Pref?: number;
  Priority?: number;
  Weight?: number;
  Port?: number;
  TXT?: string[];
  SOA?: SOAData;
}

/** DNSMessage is a parsed DNS message. */
export interface DNSMessage {
  Header: DNSHeader;
  Questions: DNSQuestion[];
  Answers: DNSResource[];
  Authorities: DNSResource[];
  Additionals: DNSResource[];
}

/** DNSMessageError is thrown by parseMessage and packQuery for a malformed message or name. */
export class DNSMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DNSMessageError";
  }
}

function lowerASCII(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 0x20) : s[i]!;
  }
  return out;
}

/** equalASCIIName reports whether two names are equal, ignoring ASCII case (Go's equalASCIIName). */
export function equalASCIIName(x: string, y: string): boolean {
  return x.length === y.length && lowerASCII(x) === lowerASCII(y);
}

/** fqdn returns name with a trailing dot. */
export function fqdn(name: string): string {
  return name.endsWith(".") ? name : name + ".";
}

// appendName writes a presentation-format name (no escapes: callers pass names that passed
// isDomainName) in wire format.
function packName(name: string, out: number[]): void {
  const n = fqdn(name);
  if (n === ".") {
    out.push(0);
    return;
  }
  let total = 1;
  for (const label of n.slice(0, -1).split(".")) {
    if (label.length === 0 || label.length > 63) throw new DNSMessageError(`invalid label length in ${JSON.stringify(name)}`);
    total += label.length + 1;
    out.push(label.length);
    for (let i = 0; i < label.length; i++) {
      const c = label.charCodeAt(i);
      if (c > 0x7f) throw new DNSMessageError(`non-ASCII name ${JSON.stringify(name)}`);
      out.push(c);
    }
  }
  if (total > 255) throw new DNSMessageError(`name too long: ${JSON.stringify(name)}`);
  out.push(0);
}

function push16(out: number[], v: number): void {
  out.push((v >> 8) & 0xff, v & 0xff);
}

/**
 * packQuery builds a recursive query (RD set) for one question, with an EDNS(0) OPT record
 * advertising 1232 bytes as Go's newRequest does. It throws DNSMessageError for a name that does
 * not fit the wire format.
 */
export function packQuery(id: number, name: string, qtype: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  push16(out, id);
  push16(out, 0x0100); // RD
  push16(out, 1); // QDCOUNT
  push16(out, 0);
  push16(out, 0);
  push16(out, 1); // ARCOUNT: OPT
  packName(name, out);
  push16(out, qtype);
  push16(out, ClassINET);
  out.push(0); // OPT owner: root
  push16(out, TypeOPT);
  push16(out, ednsUDPSize);
  out.push(0, 0, 0, 0); // extended RCODE, version, flags
  push16(out, 0); // RDLENGTH
  return new Uint8Array(out);
}

class Reader {
  readonly b: Uint8Array;
  readonly v: DataView;
  off = 0;
  constructor(b: Uint8Array) {
    this.b = b;
    this.v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  need(n: number): void {
    if (this.off + n > this.b.length) throw new DNSMessageError("message truncated");
  }
  u16(): number {
    this.need(2);
    const x = this.v.getUint16(this.off);
    this.off += 2;
    return x;
  }
  u32(): number {
    this.need(4);
    const x = this.v.getUint32(this.off);
    this.off += 4;
    return x;
  }
}

// readName decodes a possibly compressed name at off; it returns the name and the offset after
// it. Pointers must point backwards, so a message cannot loop.
function readName(b: Uint8Array, start: number): [string, number] {
  let off = start;
  let end = -1;
  let name = "";
  let wireLen = 1;
  let ptrs = 0;
  let runStart = start;
  for (;;) {
    if (off >= b.length) throw new DNSMessageError("name truncated");
    const c = b[off]!;
    if (c === 0) {
      off++;
      break;
    }
    switch (c & 0xc0) {
      case 0x00: {
        if (off + 1 + c > b.length) throw new DNSMessageError("name truncated");
        wireLen += c + 1;
        if (wireLen > 255) throw new DNSMessageError("name too long");
        for (let i = off + 1; i <= off + c; i++) {
          const ch = b[i]!;
          // Escape what would change the meaning of the presentation form (isDomainName rejects it).
          if (ch === 0x2e || ch === 0x5c) name += "\\" + String.fromCharCode(ch);
          else name += String.fromCharCode(ch);
        }
        name += ".";
        off += c + 1;
        break;
      }
      case 0xc0: {
        if (off + 1 >= b.length) throw new DNSMessageError("name truncated");
        const ptr = ((c & 0x3f) << 8) | b[off + 1]!;
        if (end < 0) end = off + 2;
        // Only pointers to prior data (RFC 1035 §4.1.4), each before the last: no loops.
        if (ptr >= runStart || ++ptrs > 10) throw new DNSMessageError("invalid name compression pointer");
        off = ptr;
        runStart = ptr;
        break;
      }
      default:
        throw new DNSMessageError("invalid label type");
    }
  }
  return [name === "" ? "." : name, end < 0 ? off : end];
}

function readCharacterStrings(d: Uint8Array): string[] {
  const dec = new TextDecoder();
  const out: string[] = [];
  let off = 0;
  while (off < d.length) {
    const n = d[off]!;
    if (off + 1 + n > d.length) throw new DNSMessageError("TXT string truncated");
    out.push(dec.decode(d.subarray(off + 1, off + 1 + n)));
    off += 1 + n;
  }
  return out;
}

function readResource(r: Reader): DNSResource {
  const [name, next] = readName(r.b, r.off);
  r.off = next;
  const type = r.u16();
  const klass = r.u16();
  const ttl = r.u32();
  const len = r.u16();
  r.need(len);
  const start = r.off;
  const data = r.b.subarray(start, start + len);
  r.off += len;
  const rr: DNSResource = { Name: name, Type: type, Class: klass, TTL: ttl, Data: data };
  const end = start + len;
  const nameIn = (off: number): string => {
    const [n, after] = readName(r.b, off);
    if (after !== end) throw new DNSMessageError("invalid resource length");
    return n;
  };
  const dv = new DataView(r.b.buffer, r.b.byteOffset + start, len);
  switch (type) {
    case TypeA:
      if (len !== 4) throw new DNSMessageError("invalid A record length");
      rr.IP = data.slice();
      break;
    case TypeAAAA:
      if (len !== 16) throw new DNSMessageError("invalid AAAA record length");
      rr.IP = data.slice();
      break;
    case TypeCNAME:
    case TypeNS:
    case TypePTR:
      rr.Target = nameIn(start);
      break;
    case TypeMX:
      if (len < 3) throw new DNSMessageError("invalid MX record length");
      rr.Pref = dv.getUint16(0);
      rr.Target = nameIn(start + 2);
      break;
    case TypeSRV:
      if (len < 7) throw new DNSMessageError("invalid SRV record length");
      rr.Priority = dv.getUint16(0);
      rr.Weight = dv.getUint16(2);
      rr.Port = dv.getUint16(4);
      rr.Target = nameIn(start + 6);
      break;
    case TypeTXT:
      rr.TXT = readCharacterStrings(data);
      break;
    case TypeSOA: {
      const [ns, a] = readName(r.b, start);
      const [mbox, b] = readName(r.b, a);
      if (b + 20 !== end) throw new DNSMessageError("invalid SOA record length");
      const v = new DataView(r.b.buffer, r.b.byteOffset + b, 20);
      rr.SOA = { NS: ns, MBox: mbox, Serial: v.getUint32(0), Refresh: v.getUint32(4), Retry: v.getUint32(8), Expire: v.getUint32(12), MinTTL: v.getUint32(16) };
      break;
    }
  }
  return rr;
}

/** parseMessage decodes a DNS message; it throws DNSMessageError if b is not a whole, valid message. */
export function parseMessage(b: Uint8Array): DNSMessage {
  const r = new Reader(b);
  const id = r.u16();
  const bits = r.u16();
  const qd = r.u16();
  const an = r.u16();
  const ns = r.u16();
  const ar = r.u16();
  const Header: DNSHeader = {
    ID: id,
    Response: (bits & 0x8000) !== 0,
    OpCode: (bits >> 11) & 0xf,
    Authoritative: (bits & 0x0400) !== 0,
    Truncated: (bits & 0x0200) !== 0,
    RecursionDesired: (bits & 0x0100) !== 0,
    RecursionAvailable: (bits & 0x0080) !== 0,
    AuthenticData: (bits & 0x0020) !== 0,
    CheckingDisabled: (bits & 0x0010) !== 0,
    RCode: bits & 0xf,
  };
  const Questions: DNSQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    const [name, next] = readName(b, r.off);
    r.off = next;
    Questions.push({ Name: name, Type: r.u16(), Class: r.u16() });
  }
  const section = (n: number): DNSResource[] => {
    const out: DNSResource[] = [];
    for (let i = 0; i < n; i++) out.push(readResource(r));
    return out;
  };
  const Answers = section(an);
  const Authorities = section(ns);
  const Additionals = section(ar);
  if (r.off !== b.length) throw new DNSMessageError("trailing data after message");
  return { Header, Questions, Answers, Authorities, Additionals };
}

/** extendedRCode combines the header RCODE with the upper bits of an OPT record, as Go's extractExtendedRCode. */
export function extendedRCode(m: DNSMessage): number {
  const opt = m.Additionals.find((rr) => rr.Type === TypeOPT);
  if (opt === undefined) return m.Header.RCode;
  return ((opt.TTL >>> 24) << 4) | m.Header.RCode;
}

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** base64url encodes b in the URL-safe alphabet without padding (RFC 4648 §5), as RFC 8484 requires for GET. */
export function base64url(b: Uint8Array): string {
  let s = "";
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += b64[n >> 18]! + b64[(n >> 12) & 63]! + b64[(n >> 6) & 63]! + b64[n & 63]!;
  }
  if (i + 1 === b.length) {
    const n = b[i]! << 16;
    s += b64[n >> 18]! + b64[(n >> 12) & 63]!;
  } else if (i + 2 === b.length) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8);
    s += b64[n >> 18]! + b64[(n >> 12) & 63]! + b64[(n >> 6) & 63]!;
  }
  return s;
}

/**
 * DoHFailure is why a DoH question failed, before it becomes a DNSError for the name the caller
 * asked about (concurrent and cached lookups share one failure).
 */
interface DoHFailure {
  Err: string;
  IsNotFound?: boolean;
  IsTemporary?: boolean;
  IsTimeout?: boolean;
  /** noServer is true when the failure did not come from the server (a name that cannot be sent). */
  noServer?: boolean;
  cause?: unknown;
}

/** DoHAnswer is the outcome of a successful question: the records of the asked type. */
export interface DoHAnswer {
  /** Name is the canonical name (after following CNAMEs), fully qualified with a trailing dot. */
  Name: string;
  /** Records are the answer records of the asked type whose owner is Name. */
  Records: DNSResource[];
}

type Outcome = { ok: true; answer: DoHAnswer; ttl: number } | { ok: false; failure: DoHFailure; ttl: number };

interface Flight {
  promise: Promise<Outcome>;
  controller: AbortController;
  waiters: number;
}

interface CacheEntry {
  expires: number;
  outcome: Outcome;
}

/** DoHClientInit configures a DoHClient. */
export interface DoHClientInit {
  /** URL is the DoH endpoint: https, or http for a loopback host. A trailing `{?dns}` template is accepted. */
  URL: string | URL;
  /** Method is the HTTP method: GET (default, cache friendly) or POST. */
  Method?: "GET" | "POST";
  /** Timeout bounds each HTTP exchange, in ms; 0 means none. Default 5000 (Go's resolv.conf default). */
  Timeout?: number;
  /** fetch replaces the global fetch (for tests, proxies, or a fetch with a custom agent). */
  fetch?: typeof globalThis.fetch;
  /** cacheSize is the maximum number of cached questions; 0 disables the cache. Default 512. */
  cacheSize?: number;
  /** now returns the current time in epoch ms, for the cache (injectable for tests). */
  now?: () => number;
}

const isLoopbackHost = (h: string): boolean => {
  const host = h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
  if (host === "::1" || host === "localhost" || host.endsWith(".localhost")) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
};

/**
 * parseDoHURL validates a DoH endpoint as Resolver and DoHClient accept it: https, or http for a
 * loopback host, with an optional `{?dns}` template suffix. It throws a TypeError otherwise.
 */
export function parseDoHURL(u: string | URL): URL {
  const raw = typeof u === "string" ? u.replace(/\{\?dns\}$/, "") : u.href;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`gonet: invalid DoH URL ${JSON.stringify(String(u))}`);
  }
  if (url.protocol === "https:") return url;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return url;
  throw new TypeError(`gonet: DoH URL ${JSON.stringify(url.href)} must be https (http is accepted only for loopback hosts)`);
}

// An RFC 2181 §8 TTL with the top bit set is treated as zero.
const ttlOf = (rr: DNSResource): number => (rr.TTL > 0x7fffffff ? 0 : rr.TTL);

// RFC 2308 §5: a negative answer lives for min(SOA TTL, SOA MINIMUM); without an SOA it is not cached.
function negativeTTL(m: DNSMessage): number {
  const soa = m.Authorities.find((rr) => rr.Type === TypeSOA && rr.SOA !== undefined);
  if (soa === undefined) return 0;
  return Math.min(ttlOf(soa), soa.SOA!.MinTTL);
}

const kTimeout = Symbol("gonet.doh.timeout");

function errnoText(err: unknown): string | null {
  for (let e: unknown = err, i = 0; e !== null && typeof e === "object" && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z0-9]+$/.test(code)) {
      const t = Errno.of(code).message;
      if (!t.startsWith("errno ")) return t;
    }
  }
  return null;
}

/**
 * abortError turns an aborted signal's reason into the DNSError Go returns for a done context
 * (lookup.go, mapErr): a TimeoutError reason (AbortSignal.timeout, a deadline) is `i/o timeout`
 * (IsTimeout, wrapping ErrContextDeadlineExceeded), anything else `operation was canceled`
 * (wrapping ErrCanceled). Internal.
 */
export function abortError(reason: unknown, name: string): DNSError {
  const timeout = typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";
  return timeout
    ? new DNSError({ Err: errTimeout, Name: name, IsTimeout: true, IsTemporary: true, cause: ErrContextDeadlineExceeded })
    : new DNSError({ Err: errCanceled, Name: name, cause: ErrCanceled });
}

/** Aborted is what raceAbort rejects with when its signal aborts first. Internal. */
export class Aborted {
  /** reason is the signal's reason. */
  readonly reason: unknown;
  constructor(reason: unknown) {
    this.reason = reason;
  }
}

/** raceAbort resolves with p, or rejects with Aborted when signal aborts first. Internal. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal | null): Promise<T> {
  if (signal === null) return p;
  if (signal.aborted) return Promise.reject(new Aborted(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Aborted(signal.reason));
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
 * readBounded reads a response body of at most max bytes; it returns null, having stopped reading
 * and cancelled the rest, as soon as the body (or its announced Content-Length) is longer.
 */
async function readBounded(res: Response, max: number): Promise<Uint8Array | null> {
  const announced = res.headers.get("content-length");
  if (announced !== null && /^\d+$/.test(announced.trim()) && Number(announced.trim()) > max) {
    void res.body?.cancel().catch(() => {});
    return null;
  }
  if (res.body === null) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) {
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

/**
 * DoHClient asks one RFC 8484 endpoint. Errors are DNSErrors with Go's texts and `Server` set to
 * the endpoint URL: NXDOMAIN and empty answers are `no such host` (IsNotFound), SERVFAIL is
 * `server misbehaving` (IsTemporary), a timeout is `i/o timeout` (IsTimeout), an abort is
 * `operation was canceled`, and an answer that is not a reply to the question (wrong ID or
 * question, not a response) is `invalid DNS response`. Redirects are not followed (`invalid DNS
 * response: HTTP status 302 Found`), and a body longer than 65535 bytes, the most a DNS message can
 * be, is not read past that (`cannot unmarshal DNS message`).
 *
 * @example
 * const c = new DoHClient({ URL: "https://cloudflare-dns.com/dns-query" });
 * const { Records } = await c.Lookup(null, "example.com.", TypeA, "example.com");
 */
export class DoHClient {
  /** Server is the endpoint URL as it appears in DNSError.Server. */
  readonly Server: string;
  readonly #url: URL;
  readonly #method: "GET" | "POST";
  readonly #timeout: number;
  readonly #fetch: typeof globalThis.fetch | undefined;
  readonly #cacheSize: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inflight = new Map<string, Flight>();

  constructor(init: DoHClientInit) {
    this.#url = parseDoHURL(init.URL);
    this.Server = this.#url.href;
    this.#method = init.Method ?? "GET";
    if (this.#method !== "GET" && this.#method !== "POST") throw new TypeError(`gonet: DoH Method must be "GET" or "POST", not ${JSON.stringify(init.Method)}`);
    this.#timeout = init.Timeout ?? 5000;
    this.#fetch = init.fetch;
    this.#cacheSize = Math.max(0, Math.floor(init.cacheSize ?? 512));
    this.#now = init.now ?? Date.now;
  }

  /**
   * Lookup asks for the records of qtype at name (fully qualified, already validated), following
   * CNAMEs. errName is the name reported in a DNSError (Go reports the name as the caller gave it).
   */
  async Lookup(signal: AbortSignal | null, name: string, qtype: number, errName: string): Promise<DoHAnswer> {
    let outcome: Outcome;
    try {
      outcome = await this.#get(signal, fqdn(name), qtype, 0);
    } catch (e) {
      if (e instanceof Aborted) throw abortError(e.reason, errName);
      throw e;
    }
    if (outcome.ok) return { Name: outcome.answer.Name, Records: outcome.answer.Records.slice() };
    const f = outcome.failure;
    throw new DNSError({
      Err: f.Err,
      Name: errName,
      Server: f.noServer === true ? "" : this.Server,
      IsNotFound: f.IsNotFound ?? false,
      IsTemporary: f.IsTemporary ?? false,
      IsTimeout: f.IsTimeout ?? false,
      cause: f.cause,
    });
  }

  /** ClearCache drops every cached answer. */
  ClearCache(): void {
    this.#cache.clear();
  }

  #key(name: string, qtype: number): string {
    return `${qtype} ${lowerASCII(name)}`;
  }

  // #get answers from the cache, joins an identical question in flight, or starts one. It rejects
  // only with Aborted (signal); every other failure is an Outcome.
  async #get(signal: AbortSignal | null, name: string, qtype: number, hops: number): Promise<Outcome> {
    const key = this.#key(name, qtype);
    const hit = this.#cacheGet(key);
    if (hit !== null) return hit;
    if (signal?.aborted === true) throw new Aborted(signal.reason);
    let flight = this.#inflight.get(key);
    if (flight === undefined) {
      const controller = new AbortController();
      const f: Flight = { controller, waiters: 0, promise: Promise.resolve(null as unknown as Outcome) };
      f.promise = this.#resolve(controller.signal, name, qtype, hops).then((o) => {
        if (this.#inflight.get(key) === f) this.#inflight.delete(key);
        if (o.ttl > 0) this.#cacheSet(key, o);
        return o;
      });
      this.#inflight.set(key, f);
      flight = f;
    }
    flight.waiters++;
    try {
      return await raceAbort(flight.promise, signal);
    } catch (e) {
      // The last waiter gone: cancel the exchange (Go's ForgetUnshared + cancel).
      if (flight.waiters === 1 && this.#inflight.get(key) === flight) {
        this.#inflight.delete(key);
        flight.controller.abort(e instanceof Aborted ? e.reason : e);
      }
      throw e;
    } finally {
      flight.waiters--;
    }
  }

  #cacheGet(key: string): Outcome | null {
    if (this.#cacheSize === 0) return null;
    const e = this.#cache.get(key);
    if (e === undefined) return null;
    if (this.#now() >= e.expires) {
      this.#cache.delete(key);
      return null;
    }
    // Refresh recency: Map iteration order is insertion order, so the first key is the LRU one.
    this.#cache.delete(key);
    this.#cache.set(key, e);
    // The remaining lifetime, so that an answer built on this one does not outlive it.
    return { ...e.outcome, ttl: (e.expires - this.#now()) / 1000 };
  }

  #cacheSet(key: string, outcome: Outcome): void {
    if (this.#cacheSize === 0) return;
    this.#cache.delete(key);
    this.#cache.set(key, { expires: this.#now() + outcome.ttl * 1000, outcome });
    while (this.#cache.size > this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest === undefined) break;
      this.#cache.delete(oldest);
    }
  }

  // #resolve asks name/qtype and follows the CNAME chain, asking again for the target when the
  // server did not include its records. It never rejects.
  async #resolve(signal: AbortSignal, name: string, qtype: number, hops: number): Promise<Outcome> {
    const r = await this.#exchange(signal, name, qtype);
    if (!r.ok) return r;
    const m = r.msg;
    const rcode = extendedRCode(m);
    if (rcode === RCodeNameError) {
      return { ok: false, failure: { Err: errNoSuchHost, IsNotFound: true }, ttl: negativeTTL(m) };
    }
    if (rcode === RCodeSuccess && !m.Header.Authoritative && !m.Header.RecursionAvailable && m.Answers.length === 0 && m.Additionals.length === 0) {
      return { ok: false, failure: { Err: errLameReferral }, ttl: 0 };
    }
    if (rcode !== RCodeSuccess) {
      const temporary = rcode === RCodeServerFailure;
      return { ok: false, failure: { Err: errServerMisbehaving, IsTemporary: temporary }, ttl: 0 };
    }
    let cur = name;
    let ttl = Infinity;
    for (;;) {
      const recs = m.Answers.filter((rr) => rr.Type === qtype && rr.Class === ClassINET && equalASCIIName(rr.Name, cur));
      if (recs.length > 0) {
        for (const rr of recs) ttl = Math.min(ttl, ttlOf(rr));
        return { ok: true, answer: { Name: cur, Records: recs }, ttl };
      }
      const c = m.Answers.find((rr) => rr.Type === TypeCNAME && rr.Class === ClassINET && equalASCIIName(rr.Name, cur));
      if (c === undefined || c.Target === undefined) break;
      if (++hops > maxCNAMEHops) return { ok: false, failure: { Err: errTooManyRedirects }, ttl: 0 };
      ttl = Math.min(ttl, ttlOf(c));
      cur = c.Target;
    }
    const soaTTL = negativeTTL(m);
    const hasSOA = m.Authorities.some((rr) => rr.Type === TypeSOA);
    if (cur !== name && !hasSOA) {
      // The answer stopped at an alias without saying the target has no data (RFC 2308 puts an
      // SOA in such a NODATA answer): ask for the alias target (bounded by maxCNAMEHops).
      let sub: Outcome;
      try {
        sub = await this.#get(signal, cur, qtype, hops);
      } catch (e) {
        return { ok: false, failure: this.#transportFailure(e, signal), ttl: 0 };
      }
      return { ...sub, ttl: Math.min(ttl, sub.ttl) } as Outcome;
    }
    return { ok: false, failure: { Err: errNoSuchHost, IsNotFound: true }, ttl: Math.min(ttl, soaTTL) };
  }

  #transportFailure(e: unknown, signal: AbortSignal): DoHFailure {
    const reason = e instanceof Aborted ? e.reason : signal.aborted ? signal.reason : undefined;
    if (reason === kTimeout) return { Err: errTimeout, IsTimeout: true, IsTemporary: true, cause: ErrContextDeadlineExceeded };
    if (reason !== undefined) return { Err: errCanceled, cause: ErrCanceled };
    // Go marks socket-level errors temporary (tryOneName); fetch reports them as a TypeError.
    return { Err: errnoText(e) ?? (e instanceof Error ? e.message : String(e)), IsTemporary: true, cause: e };
  }

  async #exchange(signal: AbortSignal, name: string, qtype: number): Promise<{ ok: true; msg: DNSMessage } | { ok: false; failure: DoHFailure; ttl: 0 }> {
    const fail = (failure: DoHFailure): { ok: false; failure: DoHFailure; ttl: 0 } => ({ ok: false, failure, ttl: 0 });
    let query: Uint8Array<ArrayBuffer>;
    try {
      // RFC 8484 §4.1: ID 0 in every request, for HTTP cache friendliness.
      query = packQuery(0, name, qtype);
    } catch (e) {
      return fail({ Err: errCannotMarshal, noServer: true, cause: e });
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    const timer = this.#timeout > 0 && this.#timeout <= 0x7fffffff ? setTimeout(() => controller.abort(kTimeout), this.#timeout) : undefined;
    try {
      const url = new URL(this.#url.href);
      // A redirect is a failed exchange, never followed: the configured endpoint is the only one
      // trusted to answer (Go's resolver talks only to the servers it was given).
      const init: RequestInit = { method: this.#method, headers: { accept: DoHMediaType }, signal: controller.signal, credentials: "omit", redirect: "manual" };
      if (this.#method === "GET") {
        url.searchParams.set("dns", base64url(query));
      } else {
        init.headers = { accept: DoHMediaType, "content-type": DoHMediaType };
        init.body = query;
      }
      const doFetch = this.#fetch ?? globalThis.fetch;
      let res: Response;
      let body: Uint8Array;
      try {
        res = await doFetch(url, init);
        if (res.type === "opaqueredirect") {
          // A browser hides a refused redirect's status and Location.
          return fail({ Err: `${errInvalidResponse}: HTTP redirect` });
        }
        if (res.status !== 200) {
          void res.body?.cancel().catch(() => {});
          return fail({ Err: `${errInvalidResponse}: HTTP status ${res.status}${res.statusText !== "" ? " " + res.statusText : ""}`, IsTemporary: res.status >= 500 || res.status === 429 });
        }
        const ct = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
        if (ct !== DoHMediaType) {
          void res.body?.cancel().catch(() => {});
          return fail({ Err: `${errInvalidResponse}: content-type ${JSON.stringify(ct)}, want ${JSON.stringify(DoHMediaType)}` });
        }
        const b = await readBounded(res, maxMessageSize);
        if (b === null) return fail({ Err: errCannotUnmarshal, cause: new DNSMessageError("message longer than 65535 bytes") });
        body = b;
      } catch (e) {
        return fail(this.#transportFailure(controller.signal.aborted ? new Aborted(controller.signal.reason) : e, controller.signal));
      }
      let msg: DNSMessage;
      try {
        msg = parseMessage(body);
      } catch (e) {
        return fail({ Err: errCannotUnmarshal, cause: e });
      }
      const q = msg.Questions[0];
      let why = "";
      if (!msg.Header.Response) why = "message is not a response";
      else if (msg.Header.ID !== 0) why = `response ID ${msg.Header.ID}, want 0`;
      else if (q === undefined) why = "response has no question";
      else if (q.Type !== qtype || q.Class !== ClassINET || !equalASCIIName(q.Name, name)) why = `response is for ${q.Name} type ${q.Type} class ${q.Class}, want ${name} type ${qtype} class ${ClassINET}`;
      if (why !== "") return fail({ Err: errInvalidResponse, cause: new DNSMessageError(why) });
      return { ok: true, msg };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    }
  }
}
