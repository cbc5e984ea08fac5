// IP address manipulation, after Go's src/net/ip.go. Parsing follows
// net/netip.ParseAddr, which current Go's ParseIP and ParseCIDR are built on:
// leading zeros in IPv4 octets are rejected, each IPv6 group has at most four
// hex digits, and zones are rejected by ParseIP and ParseCIDR.
//
// An IP is a Uint8Array of 4 or 16 bytes, exactly as Go's IP is a []byte; an
// empty IP plays the part of Go's nil IP (String() is "<nil>"). Functions that
// Go documents as returning nil return null here.

import { ParseError } from "./errors.js";

/** IPv4len is the length in bytes of an IPv4 address. */
export const IPv4len = 4;
/** IPv6len is the length in bytes of an IPv6 address. */
export const IPv6len = 16;

const hexDigit = "0123456789abcdef";

function hexString(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += hexDigit[c >> 4]! + hexDigit[c & 0xf]!;
  return s;
}

function bytesEqual(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function isZeros(p: Uint8Array): boolean {
  for (const c of p) if (c !== 0) return false;
  return true;
}

function allFF(b: Uint8Array): boolean {
  for (const c of b) if (c !== 0xff) return false;
  return true;
}

const v4InV6Prefix = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

function hasV4InV6Prefix(ip: Uint8Array): boolean {
  return ip.length === IPv6len && bytesEqual(ip.subarray(0, 12), v4InV6Prefix);
}

/**
 * asIP views b as an IP without copying (Go's conversion IP(b)); an IP is returned unchanged and
 * null stays null. Internal.
 */
export function asIP(b: Uint8Array): IP;
export function asIP(b: Uint8Array | null | undefined): IP | null;
export function asIP(b: Uint8Array | null | undefined): IP | null {
  if (b === null || b === undefined) return null;
  if (b instanceof IP) return b;
  return new IP(b.buffer as ArrayBuffer, b.byteOffset, b.length);
}

/**
 * IP is a single IP address, a Uint8Array of 4 (IPv4) or 16 (IPv6) bytes, as Go's net.IP. A
 * 16-byte IP can still be an IPv4 address (the IPv4-mapped form ::ffff:a.b.c.d, which is what
 * ParseIP and IPv4 return). Sub-arrays (subarray, slice) are IPs too.
 *
 * @example
 * const ip = ParseIP("192.0.2.1")!; ip.length === 16; ip.String() === "192.0.2.1"; ip.To4()!.length === 4
 */
export class IP extends Uint8Array {
  /** String returns the string form of ip: "<nil>", dotted decimal, RFC 5952 IPv6, or "?" + hex. */
  String(): string {
    if (this.length === 0) return "<nil>";
    if (this.length !== IPv4len && this.length !== IPv6len) return "?" + hexString(this);
    const p4 = this.To4();
    if (p4 !== null) return `${p4[0]}.${p4[1]}.${p4[2]}.${p4[3]}`;
    return ipv6String(this);
  }

  /** subarray returns an IP viewing the same memory (typed as IP; Symbol.species does the rest). */
  override subarray(begin?: number, end?: number): IP {
    return super.subarray(begin, end) as IP;
  }

  /** slice returns an IP copy of a section (typed as IP; Symbol.species does the rest). */
  override slice(start?: number, end?: number): IP & Uint8Array<ArrayBuffer> {
    return super.slice(start, end) as IP & Uint8Array<ArrayBuffer>;
  }

  /** toString returns String(), so template literals print the address. */
  override toString(): string {
    return this.String();
  }

  /** toJSON returns String(), so JSON carries the textual form. */
  toJSON(): string {
    return this.String();
  }

  /** Equal reports whether ip and x are the same address; an IPv4 address equals its IPv6 form. */
  Equal(x: Uint8Array | null): boolean {
    const y = x ?? empty;
    if (this.length === y.length) return bytesEqual(this, y);
    if (this.length === IPv4len && y.length === IPv6len) return hasV4InV6Prefix(y) && bytesEqual(this, y.subarray(12));
    if (this.length === IPv6len && y.length === IPv4len) return hasV4InV6Prefix(this) && bytesEqual(this.subarray(12), y);
    return false;
  }

  /** To4 converts an IPv4 address to its 4-byte form (sharing memory, as Go's slice), or returns null. */
  To4(): IP | null {
    if (this.length === IPv4len) return this;
    if (this.length === IPv6len && isZeros(this.subarray(0, 10)) && this[10] === 0xff && this[11] === 0xff) {
      return new IP(this.buffer, this.byteOffset + 12, 4);
    }
    return null;
  }

  /** To16 converts ip to its 16-byte form, or returns null if ip has the wrong length. */
  To16(): IP | null {
    if (this.length === IPv4len) return IPv4(this[0]!, this[1]!, this[2]!, this[3]!);
    if (this.length === IPv6len) return this;
    return null;
  }

  /** DefaultMask returns the classful default mask of an IPv4 address, or null for anything else. */
  DefaultMask(): IPMask | null {
    const ip = this.To4();
    if (ip === null) return null;
    const b = ip[0]!;
    if (b < 0x80) return IPv4Mask(0xff, 0, 0, 0);
    if (b < 0xc0) return IPv4Mask(0xff, 0xff, 0, 0);
    return IPv4Mask(0xff, 0xff, 0xff, 0);
  }

  /** Mask returns the result of masking ip with mask, or null if their lengths do not match. */
  Mask(mask: Uint8Array | null): IP | null {
    let m: Uint8Array = mask ?? empty;
    let ip: Uint8Array = this;
    if (m.length === IPv6len && ip.length === IPv4len && allFF(m.subarray(0, 12))) m = m.subarray(12);
    if (m.length === IPv4len && ip.length === IPv6len && hasV4InV6Prefix(ip)) ip = ip.subarray(12);
    const n = ip.length;
    if (n !== m.length) return null;
    const out = new IP(n);
    for (let i = 0; i < n; i++) out[i] = ip[i]! & m[i]!;
    return out;
  }

  /** IsUnspecified reports whether ip is 0.0.0.0 or ::. */
  IsUnspecified(): boolean {
    return this.Equal(IPv4zero) || this.Equal(IPv6unspecified);
  }

  /** IsLoopback reports whether ip is a loopback address (127/8 or ::1). */
  IsLoopback(): boolean {
    const ip4 = this.To4();
    if (ip4 !== null) return ip4[0] === 127;
    return this.Equal(IPv6loopback);
  }

  /** IsPrivate reports whether ip is a private address (RFC 1918 for IPv4, RFC 4193 fc00::/7 for IPv6). */
  IsPrivate(): boolean {
    const ip4 = this.To4();
    if (ip4 !== null) {
      return ip4[0] === 10 || (ip4[0] === 172 && (ip4[1]! & 0xf0) === 16) || (ip4[0] === 192 && ip4[1] === 168);
    }
    return this.length === IPv6len && (this[0]! & 0xfe) === 0xfc;
  }

  /** IsMulticast reports whether ip is a multicast address. */
  IsMulticast(): boolean {
    const ip4 = this.To4();
    if (ip4 !== null) return (ip4[0]! & 0xf0) === 0xe0;
    return this.length === IPv6len && this[0] === 0xff;
  }

  /** IsInterfaceLocalMulticast reports whether ip is an IPv6 interface-local multicast address. */
  IsInterfaceLocalMulticast(): boolean {
    return this.length === IPv6len && this[0] === 0xff && (this[1]! & 0x0f) === 0x01;
  }

  /** IsLinkLocalMulticast reports whether ip is a link-local multicast address (224.0.0/24, ff02::/16). */
  IsLinkLocalMulticast(): boolean {
    const ip4 = this.To4();
    if (ip4 !== null) return ip4[0] === 224 && ip4[1] === 0 && ip4[2] === 0;
    return this.length === IPv6len && this[0] === 0xff && (this[1]! & 0x0f) === 0x02;
  }

  /** IsLinkLocalUnicast reports whether ip is a link-local unicast address (169.254/16, fe80::/10). */
  IsLinkLocalUnicast(): boolean {
    const ip4 = this.To4();
    if (ip4 !== null) return ip4[0] === 169 && ip4[1] === 254;
    return this.length === IPv6len && this[0] === 0xfe && (this[1]! & 0xc0) === 0x80;
  }

  /**
   * IsGlobalUnicast reports whether ip is a global unicast address: not broadcast, unspecified,
   * loopback, multicast or link-local (private addresses are global unicast, as in Go).
   */
  IsGlobalUnicast(): boolean {
    return (
      (this.length === IPv4len || this.length === IPv6len) &&
      !this.Equal(IPv4bcast) &&
      !this.IsUnspecified() &&
      !this.IsLoopback() &&
      !this.IsMulticast() &&
      !this.IsLinkLocalUnicast()
    );
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `IP(${this.String()})`;
  }
}

const empty = new IP(0);

/** IPMask is a bitmask used to manipulate IP addresses (Go's net.IPMask): 4 or 16 bytes. */
export class IPMask extends Uint8Array {
  /** Size returns [ones, bits]: the leading one bits and the total bits, or [0, 0] if not canonical. */
  Size(): [ones: number, bits: number] {
    const ones = simpleMaskLength(this);
    if (ones === -1) return [0, 0];
    return [ones, this.length * 8];
  }

  /** String returns the hexadecimal form of m with no punctuation, or "<nil>" for an empty mask. */
  String(): string {
    if (this.length === 0) return "<nil>";
    return hexString(this);
  }

  /** subarray returns an IPMask viewing the same memory. */
  override subarray(begin?: number, end?: number): IPMask {
    return super.subarray(begin, end) as IPMask;
  }

  /** slice returns an IPMask copy of a section. */
  override slice(start?: number, end?: number): IPMask & Uint8Array<ArrayBuffer> {
    return super.slice(start, end) as IPMask & Uint8Array<ArrayBuffer>;
  }

  /** toString returns String(). */
  override toString(): string {
    return this.String();
  }

  /** toJSON returns String(). */
  toJSON(): string {
    return this.String();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `IPMask(${this.String()})`;
  }
}

function asMask(b: Uint8Array | null | undefined): IPMask {
  if (b === null || b === undefined) return new IPMask(0);
  if (b instanceof IPMask) return b;
  return new IPMask(b.buffer as ArrayBuffer, b.byteOffset, b.length);
}

// If mask is a sequence of 1 bits followed by 0 bits, return the number of 1 bits; else -1.
function simpleMaskLength(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    let v = mask[i]!;
    if (v === 0xff) {
      n += 8;
      continue;
    }
    while ((v & 0x80) !== 0) {
      n++;
      v = (v << 1) & 0xff;
    }
    if (v !== 0) return -1;
    for (i++; i < mask.length; i++) if (mask[i] !== 0) return -1;
    break;
  }
  return n;
}

/** IPNetInit carries the fields of an IPNet; a missing or null field is Go's nil. */
export interface IPNetInit {
  IP?: Uint8Array | null;
  Mask?: Uint8Array | null;
}

/**
 * networkNumberAndMask returns the network number (4-byte for IPv4) and the mask matching it in
 * length, or [null, null] when they do not fit together — Go's helper of the same name. Internal.
 */
export function networkNumberAndMask(n: IPNet): [IP | null, IPMask | null] {
  let ip = n.IP.To4();
  if (ip === null) {
    ip = n.IP;
    if (ip.length !== IPv6len) return [null, null];
  }
  let m = n.Mask;
  switch (m.length) {
    case IPv4len:
      if (ip.length !== IPv4len) return [null, null];
      break;
    case IPv6len:
      if (ip.length === IPv4len) m = new IPMask(m.buffer, m.byteOffset + 12, 4);
      break;
    default:
      return [null, null];
  }
  return [ip, m];
}

/**
 * IPNet represents an IP network (Go's net.IPNet). An empty IP or Mask is Go's nil.
 *
 * @example
 * const [, n] = ParseCIDR("192.0.2.1/24"); n.String() === "192.0.2.0/24"; n.Contains(ParseIP("192.0.2.77"))
 */
export class IPNet {
  /** IP is the network number. */
  IP: IP;
  /** Mask is the network mask. */
  Mask: IPMask;

  constructor(init: IPNetInit = {}) {
    this.IP = asIP(init.IP) ?? new IP(0);
    this.Mask = asMask(init.Mask);
  }

  /** Contains reports whether the network includes ip. */
  Contains(ip: Uint8Array | null): boolean {
    const [nn, m] = networkNumberAndMask(this);
    let x: Uint8Array = ip ?? empty;
    const x4 = asIP(x).To4();
    if (x4 !== null) x = x4;
    // As in Go, a network that does not fit together behaves as a nil network number.
    if (x.length !== (nn?.length ?? 0)) return false;
    for (let i = 0; i < x.length; i++) if ((nn![i]! & m![i]!) !== (x[i]! & m![i]!)) return false;
    return true;
  }

  /** Network returns the address's network name, "ip+net". */
  Network(): string {
    return "ip+net";
  }

  /** String returns the CIDR notation ("192.0.2.0/24"), or IP/hexmask for a non-canonical mask, or "<nil>". */
  String(): string {
    const [nn, m] = networkNumberAndMask(this);
    if (nn === null || m === null) return "<nil>";
    const l = simpleMaskLength(m);
    if (l === -1) return nn.String() + "/" + m.String();
    return nn.String() + "/" + String(l);
  }

  /** toString returns String(). */
  toString(): string {
    return this.String();
  }

  /** toJSON returns String(). */
  toJSON(): string {
    return this.String();
  }
}

/** IPv4 returns the IP address (in 16-byte form) of the IPv4 address a.b.c.d. */
export function IPv4(a: number, b: number, c: number, d: number): IP {
  const p = new IP(IPv6len);
  p.set(v4InV6Prefix);
  p[12] = a;
  p[13] = b;
  p[14] = c;
  p[15] = d;
  return p;
}

/** IPv4Mask returns the IP mask (in 4-byte form) of the IPv4 mask a.b.c.d. */
export function IPv4Mask(a: number, b: number, c: number, d: number): IPMask {
  return new IPMask([a, b, c, d]);
}

/**
 * CIDRMask returns an IPMask of `ones` 1 bits followed by 0s up to `bits` bits (32 or 128), or
 * null (Go's nil) for any other combination.
 */
export function CIDRMask(ones: number, bits: number): IPMask | null {
  if (bits !== 8 * IPv4len && bits !== 8 * IPv6len) return null;
  if (!Number.isInteger(ones) || ones < 0 || ones > bits) return null;
  const l = bits / 8;
  const m = new IPMask(l);
  let n = ones;
  for (let i = 0; i < l; i++) {
    if (n >= 8) {
      m[i] = 0xff;
      n -= 8;
      continue;
    }
    m[i] = ~(0xff >> n) & 0xff;
    n = 0;
  }
  return m;
}

/** IPv4bcast is the limited broadcast address 255.255.255.255 (16-byte form). */
export const IPv4bcast = IPv4(255, 255, 255, 255);
/** IPv4allsys is the all-systems multicast address 224.0.0.1. */
export const IPv4allsys = IPv4(224, 0, 0, 1);
/** IPv4allrouter is the all-routers multicast address 224.0.0.2. */
export const IPv4allrouter = IPv4(224, 0, 0, 2);
/** IPv4zero is the all-zeros address 0.0.0.0. */
export const IPv4zero = IPv4(0, 0, 0, 0);
/** IPv6zero is the all-zeros IPv6 address ::. */
export const IPv6zero = new IP(16);
/** IPv6unspecified is the unspecified IPv6 address ::. */
export const IPv6unspecified = new IP(16);
/** IPv6loopback is the IPv6 loopback address ::1. */
export const IPv6loopback = new IP([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
/** IPv6interfacelocalallnodes is the interface-local all-nodes multicast address ff01::1. */
export const IPv6interfacelocalallnodes = new IP([0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]);
/** IPv6linklocalallnodes is the link-local all-nodes multicast address ff02::1. */
export const IPv6linklocalallnodes = new IP([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]);
/** IPv6linklocalallrouters is the link-local all-routers multicast address ff02::2. */
export const IPv6linklocalallrouters = new IP([0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02]);

// RFC 5952 text of a 16-byte address: lower-case hex, the first longest run of two or more zero
// groups replaced by "::" (netip's string6).
function ipv6String(p: Uint8Array): string {
  const group = (i: number): number => (p[2 * i]! << 8) | p[2 * i + 1]!;
  let zeroStart = -1;
  let zeroEnd = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && group(j) === 0) j++;
    const l = j - i;
    if (l >= 2 && l > zeroEnd - zeroStart) {
      zeroStart = i;
      zeroEnd = j;
    }
  }
  let s = "";
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      s += "::";
      i = zeroEnd;
      if (i >= 8) break;
    } else if (i > 0) {
      s += ":";
    }
    s += group(i).toString(16);
  }
  return s;
}

/** ParsedAddr is the result of parseAddr: 16 bytes (IPv4 in mapped form), the family, the zone. */
export interface ParsedAddr {
  /** ip is the address in 16-byte form. */
  ip: IP;
  /** is4 is true for an IPv4 literal (netip's Is4; false for ::ffff:a.b.c.d). */
  is4: boolean;
  /** zone is the IPv6 zone, or "". */
  zone: string;
}

// netip.parseIPv4Fields: exactly four decimal fields, no leading zeros, each <= 255.
function parseIPv4Fields(s: string, out: Uint8Array, off: number): boolean {
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digLen === 1 && val === 0) return false; // leading zero
      val = val * 10 + (c - 0x30);
      digLen++;
      if (val > 255) return false;
    } else if (c === 0x2e) {
      if (i === 0 || i === s.length - 1 || s.charCodeAt(i - 1) === 0x2e) return false;
      if (pos === 3) return false; // too long
      out[off + pos] = val;
      pos++;
      val = 0;
      digLen = 0;
    } else {
      return false;
    }
  }
  if (pos < 3) return false;
  out[off + 3] = val;
  return true;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

// netip.parseIPv6.
function parseIPv6(input: string): ParsedAddr | null {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") return null; // zone must be a non-empty string
  }
  const ip = new IP(16);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { ip, is4: false, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const v = hexVal(s.charCodeAt(off));
      if (v < 0) break;
      acc = acc * 16 + v;
      if (off > 3) return null; // more than 4 digits in group
    }
    if (off === 0) return null; // each colon-separated field must have at least one digit
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) return null; // embedded IPv4 must replace the final 2 fields
      if (i + 4 > 16) return null;
      if (!parseIPv4Fields(s, ip, i)) return null;
      s = "";
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return null; // multiple ::
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null; // trailing garbage
  if (i < 16) {
    if (ellipsis < 0) return null; // too short
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return null; // the :: must expand to at least one field of zeros
  }
  return { ip, is4: false, zone };
}

/**
 * parseAddr parses s as Go's netip.ParseAddr does (dotted decimal, IPv6, IPv6 with a zone), or
 * returns null. Internal.
 */
export function parseAddr(s: string): ParsedAddr | null {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ".") {
      const ip = IPv4(0, 0, 0, 0);
      return parseIPv4Fields(s, ip, 12) ? { ip, is4: true, zone: "" } : null;
    }
    if (c === ":") return parseIPv6(s);
    if (c === "%") return null; // missing IPv6 address
  }
  return null;
}

/**
 * ParseIP parses s as an IP address: IPv4 dotted decimal ("192.0.2.1"), IPv6 ("2001:db8::68") or
 * IPv4-mapped IPv6 ("::ffff:192.0.2.1"). It returns the 16-byte form, or null when s is not a valid
 * address — including leading-zero octets ("010.1.1.1"), short forms ("127.1"), hex octets, and
 * zones ("fe80::1%eth0"), exactly as Go.
 *
 * @example
 * ParseIP("::ffff:1.2.3.4")!.String() === "1.2.3.4"; ParseIP("fe80::1%eth0") === null
 */
export function ParseIP(s: string): IP | null {
  const a = parseAddr(s);
  if (a === null || a.zone !== "") return null;
  return a.ip;
}

/**
 * parseIPZone parses a literal IP with an optional IPv6 zone ("fe80::1%eth0"), as Go's resolver
 * does for the host part of an address, returning [ip (16-byte form), zone], or [null, ""] when
 * host is not an IP literal. Internal.
 */
export function parseIPZone(host: string): [IP | null, string] {
  const a = parseAddr(host);
  if (a === null) return [null, ""];
  return [a.ip, a.zone];
}

/** ipEmptyString is like ip.String() except that it returns "" for an unset (null or empty) ip. Internal. */
export function ipEmptyString(ip: Uint8Array | null): string {
  if (ip === null || ip.length === 0) return "";
  return asIP(ip).String();
}

// Go's dtoi: decimal digits, stopping at the first non-digit, failing at 0xFFFFFF.
function dtoi(s: string): [n: number, i: number, ok: boolean] {
  const big = 0xffffff;
  let n = 0;
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
    if (n >= big) return [big, i, false];
  }
  if (i === 0) return [0, 0, false];
  return [n, i, true];
}

/**
 * ParseCIDR parses s as a CIDR notation IP address and prefix length ("192.0.2.0/24",
 * "2001:db8::/32") and returns [ip, network]: ParseCIDR("192.0.2.1/24") gives 192.0.2.1 and
 * 192.0.2.0/24. It throws ParseError (`invalid CIDR address: …`) as Go does.
 *
 * @example
 * const [ip, net] = ParseCIDR("2001:db8::1/48"); ip.String() === "2001:db8::1"; net.String() === "2001:db8::/48"
 */
export function ParseCIDR(s: string): [IP, IPNet] {
  const slash = s.indexOf("/");
  if (slash < 0) throw new ParseError("CIDR address", s);
  const addr = s.slice(0, slash);
  const mask = s.slice(slash + 1);
  const a = parseAddr(addr);
  if (a === null || a.zone !== "") throw new ParseError("CIDR address", s);
  const bitLen = a.is4 ? 32 : 128;
  const [n, i, ok] = dtoi(mask);
  if (!ok || i !== mask.length || n < 0 || n > bitLen) throw new ParseError("CIDR address", s);
  const m = CIDRMask(n, bitLen)!;
  return [a.ip, new IPNet({ IP: a.ip.Mask(m), Mask: m })];
}
