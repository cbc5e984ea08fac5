// The platform-free part of gonet/tls (Go's crypto/tls and the x509 errors it
// returns): versions, client-auth modes, cipher-suite ids, the Config and
// ConnectionState shapes, CertPool, and the error classes with Go's exact
// texts. The handshake itself is the platform's (src-node/tls/).

import { GoError } from "./errors.js";
import { ParseIP, type IP } from "./ip.js";

/** VersionTLS10 is TLS 1.0's protocol version number (Go's tls.VersionTLS10). */
export const VersionTLS10 = 0x0301;
/** VersionTLS11 is TLS 1.1's protocol version number. */
export const VersionTLS11 = 0x0302;
/** VersionTLS12 is TLS 1.2's protocol version number. */
export const VersionTLS12 = 0x0303;
/** VersionTLS13 is TLS 1.3's protocol version number. */
export const VersionTLS13 = 0x0304;
/** VersionSSL30 is SSL 3.0's protocol version number; no implementation accepts it. */
export const VersionSSL30 = 0x0300;

/**
 * VersionName returns the name of a TLS version number, "TLS 1.3", or a hex fallback
 * ("0x0305") as Go's tls.VersionName.
 */
export function VersionName(version: number): string {
  switch (version) {
    case VersionSSL30:
      return "SSLv3";
    case VersionTLS10:
      return "TLS 1.0";
    case VersionTLS11:
      return "TLS 1.1";
    case VersionTLS12:
      return "TLS 1.2";
    case VersionTLS13:
      return "TLS 1.3";
  }
  return "0x" + version.toString(16).toUpperCase().padStart(4, "0");
}

/** ClientAuthType declares the policy a server follows for TLS client authentication (Go's tls.ClientAuthType). */
export type ClientAuthType = 0 | 1 | 2 | 3 | 4;
/** NoClientCert: the server asks for no client certificate (the default). */
export const NoClientCert: ClientAuthType = 0;
/** RequestClientCert: the server asks for a certificate but does not require or verify it. */
export const RequestClientCert: ClientAuthType = 1;
/** RequireAnyClientCert: the client must send a certificate, which is not verified. */
export const RequireAnyClientCert: ClientAuthType = 2;
/** VerifyClientCertIfGiven: a certificate is optional, but one that is sent must verify against ClientCAs. */
export const VerifyClientCertIfGiven: ClientAuthType = 3;
/** RequireAndVerifyClientCert: the client must send a certificate that verifies against ClientCAs. */
export const RequireAndVerifyClientCert: ClientAuthType = 4;

// Go's cipher suite ids by their IANA (and OpenSSL "standard") names.
const suites: ReadonlyArray<readonly [string, number]> = [
  ["TLS_AES_128_GCM_SHA256", 0x1301],
  ["TLS_AES_256_GCM_SHA384", 0x1302],
  ["TLS_CHACHA20_POLY1305_SHA256", 0x1303],
  ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b],
  ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c],
  ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f],
  ["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030],
  ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8],
  ["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca9],
  ["TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc009],
  ["TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xc00a],
  ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc013],
  ["TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xc014],
  ["TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc023],
  ["TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc027],
  ["TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009c],
  ["TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009d],
  ["TLS_RSA_WITH_AES_128_CBC_SHA", 0x002f],
  ["TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035],
  ["TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003c],
];
const suiteByName = new Map(suites);
const suiteById = new Map(suites.map(([n, id]) => [id, n] as const));

/** TLS_AES_128_GCM_SHA256 is a TLS 1.3 cipher suite id. */
export const TLS_AES_128_GCM_SHA256 = 0x1301;
/** TLS_AES_256_GCM_SHA384 is a TLS 1.3 cipher suite id. */
export const TLS_AES_256_GCM_SHA384 = 0x1302;
/** TLS_CHACHA20_POLY1305_SHA256 is a TLS 1.3 cipher suite id. */
export const TLS_CHACHA20_POLY1305_SHA256 = 0x1303;
/** TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 is a TLS 1.2 cipher suite id. */
export const TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b;
/** TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is a TLS 1.2 cipher suite id. */
export const TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c;
/** TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 is a TLS 1.2 cipher suite id. */
export const TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f;
/** TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 is a TLS 1.2 cipher suite id. */
export const TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030;

/** CipherSuiteName returns the standard name of a cipher suite id, or a hex fallback ("0x1234") as Go's. */
export function CipherSuiteName(id: number): string {
  return suiteById.get(id) ?? "0x" + id.toString(16).toUpperCase().padStart(4, "0");
}

/** cipherSuiteID returns the id of a standard cipher suite name, or 0. @internal */
export function cipherSuiteID(name: string): number {
  return suiteByName.get(name) ?? 0;
}

/** PKIXName is the part of a certificate's subject or issuer gonet reports (Go's pkix.Name). */
export interface PKIXName {
  /** CommonName is the CN attribute, or "". */
  CommonName: string;
  /** Organization lists the O attributes. */
  Organization: string[];
  /** String returns the name as "CN=…,O=…". */
  String(): string;
}

/**
 * X509Certificate is a parsed certificate: the fields of Go's x509.Certificate that gonet fills
 * in (PeerCertificates, UnverifiedCertificates, Certificate.Leaf).
 */
export interface X509Certificate {
  /** Raw is the complete DER encoding. */
  Raw: Uint8Array;
  /** Subject is the certificate's subject. */
  Subject: PKIXName;
  /** Issuer is the certificate's issuer. */
  Issuer: PKIXName;
  /** SerialNumber is the serial number. */
  SerialNumber: bigint;
  /** NotBefore is the start of the validity period. */
  NotBefore: Date;
  /** NotAfter is the end of the validity period. */
  NotAfter: Date;
  /** DNSNames are the DNS subject alternative names. */
  DNSNames: string[];
  /** IPAddresses are the IP subject alternative names. */
  IPAddresses: IP[];
  /** EmailAddresses are the email subject alternative names. */
  EmailAddresses: string[];
  /** IsCA reports whether the basic constraints mark a CA. */
  IsCA: boolean;
  /** hasSANExtension reports whether the certificate has a subject alternative name extension. */
  hasSANExtension: boolean;
}

/**
 * Certificate is a chain of one or more certificates, leaf first, with the leaf's private key
 * (Go's tls.Certificate). Make one with X509KeyPair or LoadX509KeyPair.
 */
export interface Certificate {
  /** Certificate is the DER chain, leaf first. */
  Certificate: Uint8Array[];
  /** PrivateKey is the platform's key object for the leaf's public key. */
  PrivateKey: unknown;
  /** Leaf is the parsed leaf certificate. */
  Leaf: X509Certificate | null;
}

// ---- CertPool -------------------------------------------------------------------------------

const kCertPool = Symbol.for("gonet.tls.CertPool");

function decodeBase64(s: string): Uint8Array | null {
  const clean = s.replace(/[\r\n\t ]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return null;
  const bin = atob(clean);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** PEMBlock is one decoded PEM block (Go's pem.Block, without headers). @internal */
export interface PEMBlock {
  Type: string;
  Bytes: Uint8Array;
}

/** decodePEM returns every well-formed PEM block of text, in order (Go's pem.Decode in a loop). @internal */
export function decodePEM(text: string | Uint8Array): PEMBlock[] {
  const s = typeof text === "string" ? text : new TextDecoder().decode(text);
  const out: PEMBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    // Header lines ("Proc-Type: …") end with a blank line; the base64 follows.
    let body = m[2]!;
    const blank = body.search(/\r?\n\r?\n/);
    if (body.includes(":") && blank >= 0) body = body.slice(blank);
    const bytes = decodeBase64(body);
    if (bytes !== null) out.push({ Type: m[1]!, Bytes: bytes });
  }
  return out;
}

/** encodePEM encodes one PEM block with 64-column lines. @internal */
export function encodePEM(type: string, der: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < der.length; i++) bin += String.fromCharCode(der[i]!);
  const b64 = btoa(bin);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${type}-----\n${lines.join("\n")}\n-----END ${type}-----\n`;
}

/**
 * CertPool is a set of certificates (Go's x509.CertPool): the type of Config.RootCAs and
 * Config.ClientCAs. Make one with NewCertPool (empty) or SystemCertPool (the platform's roots).
 *
 * @example
 * const pool = NewCertPool();
 * if (!pool.AppendCertsFromPEM(caPEM)) throw new Error("no certificates in ca.pem");
 * const conn = await Dial("tcp", "localhost:443", { RootCAs: pool });
 */
export class CertPool {
  readonly #ders: Uint8Array[] = [];
  readonly #seen = new Set<string>();

  constructor() {
    Object.defineProperty(this, kCertPool, { value: true });
  }

  /**
   * AppendCertsFromPEM appends the CERTIFICATE blocks of pemCerts to the pool and reports whether
   * any was added; other blocks and malformed ones are skipped, as in Go.
   */
  AppendCertsFromPEM(pemCerts: string | Uint8Array): boolean {
    let ok = false;
    for (const b of decodePEM(pemCerts)) {
      if (b.Type !== "CERTIFICATE" || b.Bytes.length < 2 || b.Bytes[0] !== 0x30) continue;
      ok = true;
      const key = encodePEM("CERTIFICATE", b.Bytes);
      if (this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.#ders.push(b.Bytes);
    }
    return ok;
  }

  /** AddCert adds a parsed certificate to the pool. */
  AddCert(cert: X509Certificate): void {
    const key = encodePEM("CERTIFICATE", cert.Raw);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#ders.push(cert.Raw);
  }

  /** Clone returns a copy of the pool. */
  Clone(): CertPool {
    const c = new CertPool();
    for (const d of this.#ders) c.AddCert({ Raw: d } as X509Certificate);
    return c;
  }

  /** Equal reports whether the pools hold the same certificates. */
  Equal(other: CertPool | null): boolean {
    if (other === null) return false;
    const a = this.pems();
    const b = other.pems();
    return a.length === b.length && a.every((p) => b.includes(p));
  }

  /** size is the number of certificates in the pool. @internal */
  get size(): number {
    return this.#ders.length;
  }

  /** pems returns the certificates as PEM text, one string each. @internal */
  pems(): string[] {
    return this.#ders.map((d) => encodePEM("CERTIFICATE", d));
  }

  static [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[kCertPool] === true;
  }
}

/** NewCertPool returns a new, empty CertPool (Go's x509.NewCertPool). */
export function NewCertPool(): CertPool {
  return new CertPool();
}

// ---- Config and ConnectionState ---------------------------------------------------------------

/**
 * Config configures a TLS client or server (Go's tls.Config). Every field is optional; a
 * config must not be changed once passed to a TLS function.
 */
export interface Config {
  /** Certificates are the chains to present: the server's, or the client's for mutual TLS. */
  Certificates?: Certificate[];
  /** RootCAs are the CAs a client trusts; null or unset means the platform's roots. */
  RootCAs?: CertPool | null;
  /** ServerName is the host name checked against the server's certificate and sent as SNI. */
  ServerName?: string;
  /** InsecureSkipVerify turns off the client's checks of the server's chain and host name. */
  InsecureSkipVerify?: boolean;
  /** NextProtos are the ALPN protocols, in order of preference. */
  NextProtos?: string[];
  /** MinVersion is the lowest TLS version accepted (default VersionTLS12). */
  MinVersion?: number;
  /** MaxVersion is the highest TLS version accepted (default VersionTLS13). */
  MaxVersion?: number;
  /** ClientAuth is the server's policy for client certificates (default NoClientCert). */
  ClientAuth?: ClientAuthType;
  /** ClientCAs are the CAs a server trusts for client certificates. */
  ClientCAs?: CertPool | null;
}

/** ConnectionState records basic TLS details about a connection (Go's tls.ConnectionState). */
export interface ConnectionState {
  /** Version is the negotiated TLS version (VersionTLS13, …), 0 before the handshake. */
  Version: number;
  /** HandshakeComplete is true once the handshake has concluded. */
  HandshakeComplete: boolean;
  /** DidResume is true if this connection resumed a previous session. */
  DidResume: boolean;
  /** CipherSuite is the negotiated cipher suite id (TLS_AES_128_GCM_SHA256, …). */
  CipherSuite: number;
  /** NegotiatedProtocol is the ALPN protocol, or "". */
  NegotiatedProtocol: string;
  /** NegotiatedProtocolIsMutual is always true (deprecated in Go). */
  NegotiatedProtocolIsMutual: boolean;
  /** ServerName is the SNI the client sent (server side) or asked for (client side). */
  ServerName: string;
  /** PeerCertificates are the certificates the peer sent, leaf first. */
  PeerCertificates: X509Certificate[];
}

// ---- errors ---------------------------------------------------------------------------------

/** UnknownAuthorityError says that a certificate chains to no trusted root: `x509: certificate signed by unknown authority`. */
export class UnknownAuthorityError extends GoError {
  static override readonly brandName: string = "UnknownAuthorityError";
  /** Cert is the certificate that could not be verified. */
  readonly Cert: X509Certificate | null;
  /** code is always GONET_ERR_X509_UNKNOWN_AUTHORITY. */
  readonly code = "GONET_ERR_X509_UNKNOWN_AUTHORITY";
  constructor(cert: X509Certificate | null, cause?: unknown) {
    super("x509: certificate signed by unknown authority", cause !== undefined ? { cause } : undefined);
    this.Cert = cert;
  }
}


/** HostnameError says that a certificate is not valid for the host name asked for, with Go's text. */
export class HostnameError extends GoError {
  static override readonly brandName: string = "HostnameError";
  /** Certificate is the certificate that does not match. */
  readonly Certificate: X509Certificate;
  /** Host is the name (or IP) that was asked for. */
  readonly Host: string;
  /** code is always GONET_ERR_X509_HOSTNAME. */
  readonly code = "GONET_ERR_X509_HOSTNAME";
  constructor(cert: X509Certificate, host: string, isIP: boolean) {
    super(hostnameErrorText(cert, host, isIP));
    this.Certificate = cert;
    this.Host = host;
  }
}

// Go's HostnameError.Error.
function hostnameErrorText(c: X509Certificate, host: string, isIP: boolean): string {
  if (!c.hasSANExtension && c.Subject.CommonName !== "" && matchHostnames(c.Subject.CommonName, host)) {
    return "x509: certificate relies on legacy Common Name field, use SANs instead";
  }
  let valid: string;
  if (isIP) {
    if (c.IPAddresses.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    valid = c.IPAddresses.map((ip) => ip.String()).join(", ");
  } else {
    valid = c.DNSNames.join(", ");
  }
  if (valid === "") return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${valid}, not ${host}`;
}

// Go's toLowerCaseASCII: only A-Z change, so no Unicode case rule touches a DNS label.
function toLowerCaseASCII(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// Go's validHostname (crypto/x509 verify.go): RFC 6125 2.2 with Go's leniency ("_" allowed, "-"
// not first). A pattern may have "*" as its whole leftmost label; an input may end with a dot.
function validHostname(host: string, isPattern: boolean): boolean {
  if (!isPattern) host = host.replace(/\.$/, "");
  if (host.length === 0) return false;
  // Bare wildcards are not allowed: they are not valid DNS names, nor allowed by RFC 6125.
  if (host === "*") return false;
  const parts = host.split(".");
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === "") return false;
    if (isPattern && i === 0 && part === "*") continue;
    for (let j = 0; j < part.length; j++) {
      const c = part[j]!;
      if ((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || (c >= "A" && c <= "Z") || c === "_") continue;
      if (c === "-" && j !== 0) continue;
      return false;
    }
  }
  return true;
}

// Go's matchExactly: what a name that is not a valid host name can still match.
function matchExactly(hostA: string, hostB: string): boolean {
  if (hostA === "" || hostA === "." || hostB === "" || hostB === ".") return false;
  return toLowerCaseASCII(hostA) === toLowerCaseASCII(hostB);
}

/**
 * matchHostnames reports whether host matches pattern as Go's x509 matchHostnames does:
 * ASCII-case-insensitive, a trailing dot of host ignored, a "*" leftmost label standing for any
 * one label. Callers check the names' validity first, as Go's VerifyHostname. @internal
 */
export function matchHostnames(pattern: string, host: string): boolean {
  pattern = toLowerCaseASCII(pattern);
  host = toLowerCaseASCII(host.replace(/\.$/, ""));
  if (pattern.length === 0 || host.length === 0) return false;
  const p = pattern.split(".");
  const h = host.split(".");
  if (p.length !== h.length) return false;
  for (let i = 0; i < p.length; i++) {
    if (i === 0 && p[0] === "*") continue;
    if (p[i] !== h[i]) return false;
  }
  return true;
}

/**
 * verifyHostname returns null if cert is valid for the named host, else a HostnameError, as Go's
 * Certificate.VerifyHostname: an IP (optionally in brackets) matches only IP SANs; a name matches
 * DNS SANs, with wildcard and trailing-dot handling only when both the name and the SAN are valid
 * host names, and exactly otherwise. The Common Name is ignored. @internal
 */
export function verifyHostname(cert: X509Certificate, h: string): HostnameError | null {
  let candidateIP = h;
  if (h.length >= 3 && h.startsWith("[") && h.endsWith("]")) candidateIP = h.slice(1, -1);
  const ip = ParseIP(candidateIP);
  if (ip !== null) {
    if (cert.IPAddresses.some((a) => a.Equal(ip))) return null;
    return new HostnameError(cert, candidateIP, true);
  }
  const candidateName = toLowerCaseASCII(h);
  const validCandidateName = validHostname(candidateName, false);
  for (const match of cert.DNSNames) {
    if (validCandidateName && validHostname(match, true)) {
      if (matchHostnames(match, candidateName)) return null;
    } else if (matchExactly(match, candidateName)) {
      return null;
    }
  }
  return new HostnameError(cert, h, false);
}

/** InvalidReason says why a certificate is invalid (Go's x509.InvalidReason). */
export type InvalidReason = number;
/** NotAuthorizedToSign: a certificate that is not a CA signed another one. */
export const NotAuthorizedToSign: InvalidReason = 0;
/** Expired: the certificate has expired or is not yet valid. */
export const Expired: InvalidReason = 1;
/** IncompatibleUsage: the certificate's key usage does not allow this use. */
export const IncompatibleUsage: InvalidReason = 4;


/** CertificateInvalidError says that a certificate is invalid: `x509: certificate has expired or is not yet valid: …`. */
export class CertificateInvalidError extends GoError {
  static override readonly brandName: string = "CertificateInvalidError";
  /** Cert is the invalid certificate. */
  readonly Cert: X509Certificate | null;
  /** Reason is why it is invalid: Expired, IncompatibleUsage, NotAuthorizedToSign, … */
  readonly Reason: InvalidReason;
  /** Detail is the extra text, for Expired `current time … is after …`. */
  readonly Detail: string;
  /** code is GONET_ERR_X509_EXPIRED, GONET_ERR_X509_INCOMPATIBLE_USAGE or GONET_ERR_X509_INVALID. */
  readonly code: string;
  constructor(cert: X509Certificate | null, reason: InvalidReason, detail: string, cause?: unknown) {
    super(invalidText(reason, detail), cause !== undefined ? { cause } : undefined);
    this.Cert = cert;
    this.Reason = reason;
    this.Detail = detail;
    this.code = reason === Expired ? "GONET_ERR_X509_EXPIRED" : reason === IncompatibleUsage ? "GONET_ERR_X509_INCOMPATIBLE_USAGE" : "GONET_ERR_X509_INVALID";
  }
}

function invalidText(reason: InvalidReason, detail: string): string {
  switch (reason) {
    case NotAuthorizedToSign:
      return "x509: certificate is not authorized to sign other certificates";
    case Expired:
      return "x509: certificate has expired or is not yet valid: " + detail;
    case IncompatibleUsage:
      return "x509: certificate specifies an incompatible key usage";
  }
  return "x509: " + (detail || "certificate is invalid");
}

/** rfc3339 formats a time as Go's time.RFC3339 in UTC ("2026-12-01T12:00:00Z"). @internal */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}


/**
 * CertificateVerificationError is returned by a handshake when the peer's certificates cannot be
 * verified: `tls: failed to verify certificate: x509: …` (Go's tls.CertificateVerificationError).
 */
export class CertificateVerificationError extends GoError {
  static override readonly brandName: string = "CertificateVerificationError";
  /** UnverifiedCertificates are the certificates the peer sent, leaf first. */
  readonly UnverifiedCertificates: X509Certificate[];
  /** Err is the x509 error: UnknownAuthorityError, HostnameError, CertificateInvalidError, … */
  readonly Err: Error;
  /** code is the wrapped error's code. */
  readonly code: string;
  constructor(certs: X509Certificate[], err: Error) {
    super("tls: failed to verify certificate: " + err.message, { cause: err });
    this.UnverifiedCertificates = certs;
    this.Err = err;
    this.code = String((err as { code?: unknown }).code ?? "GONET_ERR_TLS_VERIFY");
  }
  /** Unwrap returns Err. */
  Unwrap(): Error {
    return this.Err;
  }
}

const alertText: Record<number, string> = {
  0: "close notify",
  10: "unexpected message",
  20: "bad record MAC",
  21: "decryption failed",
  22: "record overflow",
  30: "decompression failure",
  40: "handshake failure",
  42: "bad certificate",
  43: "unsupported certificate",
  44: "revoked certificate",
  45: "expired certificate",
  46: "unknown certificate",
  47: "illegal parameter",
  48: "unknown certificate authority",
  49: "access denied",
  50: "error decoding message",
  51: "error decrypting message",
  60: "export restriction",
  70: "protocol version not supported",
  71: "insufficient security level",
  80: "internal error",
  86: "inappropriate fallback",
  90: "user canceled",
  100: "no renegotiation",
  109: "missing extension",
  110: "unsupported extension",
  111: "certificate unobtainable",
  112: "unrecognized name",
  113: "bad certificate status response",
  114: "bad certificate hash value",
  115: "unknown PSK identity",
  116: "certificate required",
  120: "no application protocol",
  121: "encrypted client hello required",
};


/**
 * AlertError is a TLS alert (Go's tls.AlertError): `tls: bad certificate`. An alert the peer sent
 * arrives wrapped in an OpError with Op "remote error": `remote error: tls: bad certificate`.
 */
export class AlertError extends GoError {
  static override readonly brandName: string = "AlertError";
  /** alert is the alert number (42 for bad_certificate, …). */
  readonly alert: number;
  /** code is GONET_ERR_TLS_ALERT_<number>. */
  readonly code: string;
  constructor(alert: number, cause?: unknown) {
    super("tls: " + (alertText[alert] ?? `alert(${alert})`), cause !== undefined ? { cause } : undefined);
    this.alert = alert;
    this.code = `GONET_ERR_TLS_ALERT_${alert}`;
  }
}


/** RecordHeaderError is returned when the peer does not speak TLS: `tls: first record does not look like a TLS handshake`. */
export class RecordHeaderError extends GoError {
  static override readonly brandName: string = "RecordHeaderError";
  /** Msg is the text of the error. */
  readonly Msg: string;
  /** code is always GONET_ERR_TLS_RECORD_HEADER. */
  readonly code = "GONET_ERR_TLS_RECORD_HEADER";
  constructor(msg: string, cause?: unknown) {
    super(msg, cause !== undefined ? { cause } : undefined);
    this.Msg = msg;
  }
}


/**
 * TLSError is any other TLS failure, with Go's text where Go has one (`tls: client didn't provide
 * a certificate`, `tls: no supported versions satisfy MinVersion and MaxVersion`); `code` is the
 * platform's code (Node's ERR_SSL_…) or a GONET_ERR_TLS_… name.
 */
export class TLSError extends GoError {
  static override readonly brandName: string = "TLSError";
  /** code names the failure. */
  readonly code: string;
  constructor(message: string, code: string, cause?: unknown) {
    super(message, cause !== undefined ? { cause } : undefined);
    this.code = code;
  }
}
