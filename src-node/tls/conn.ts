// tls.Conn on node:tls (Go's crypto/tls conn.go, handshake_client.go,
// handshake_server.go): TLS over ANY gonet Conn. The Conn is carried into
// node:tls by a Duplex; the TLS socket is a net.Socket, so the shared
// SocketTransport feeds the StreamConn that this class is. Verification is
// Go's, done here (node:tls is told not to reject): the leaf's validity
// period, then the host name, then the chain (OpenSSL's verdict against
// RootCAs / ClientCAs), each failing with Go's error text. No byte is read or
// written by the caller before the handshake has verified the peer.

import tls from "node:tls";
import { StreamConn } from "../../src/conn.js";
import type { ConnTransport } from "../../src/conn.js";
import { ErrCanceled, ErrClosed, ErrContextDeadlineExceeded, ErrDeadlineExceeded, OpError, SyscallError } from "../../src/errors.js";
import type { Conn, DeadlineInput } from "../../src/net.js";
import { toDeadline } from "../../src/deadline.js";
import { ParseIP } from "../../src/ip.js";
import {
  AlertError,
  CertificateInvalidError,
  CertificateVerificationError,
  Expired,
  NoClientCert,
  RequestClientCert,
  RequireAndVerifyClientCert,
  RequireAnyClientCert,
  TLSError,
  VerifyClientCertIfGiven,
  VersionTLS10,
  VersionTLS11,
  VersionTLS12,
  VersionTLS13,
  cipherSuiteID,
  verifyHostname,
  rfc3339,
  type CertPool,
  type Config,
  type ConnectionState,
  type X509Certificate,
} from "../../src/tls.js";
import { handOffSocket, TLSSocketTransport, type SocketTransport } from "../socket.js";
import type { Socket } from "node:net";
import { ConnDuplex } from "../duplex.js";
import { chainError, translateTLS, type ClientHelloSeen } from "./errors.js";
import { clientVersions, peekClientHello } from "./hello.js";
import { materialOf, parseCertificate } from "./x509.js";

const versionNames: Record<number, tls.SecureVersion> = {
  [VersionTLS10]: "TLSv1",
  [VersionTLS11]: "TLSv1.1",
  [VersionTLS12]: "TLSv1.2",
  [VersionTLS13]: "TLSv1.3",
};
const versionNumbers: Record<string, number> = { TLSv1: VersionTLS10, "TLSv1.1": VersionTLS11, "TLSv1.2": VersionTLS12, "TLSv1.3": VersionTLS13 };

// Before the handshake there is no socket yet: Close closes the raw conn (or the handshake in flight);
// after it, Close destroys the TLS socket and then the raw conn.
class LazyTransport implements ConnTransport {
  inner: SocketTransport | null = null;
  constructor(readonly destroyEarly: () => Promise<void>) {}
  write(p: Uint8Array): boolean {
    return this.inner!.write(p);
  }
  pause(): void {
    this.inner?.pause();
  }
  resume(): void {
    this.inner?.resume();
  }
  closeWrite(): Promise<void> {
    return this.inner !== null ? this.inner.closeWrite() : Promise.resolve();
  }
  destroy(): Promise<void> {
    // Destroying a TLS socket does not always destroy a non-socket stream under it: close the conn too.
    if (this.inner === null) return this.destroyEarly();
    return this.inner.destroy().then(() => this.destroyEarly());
  }
}

let systemRoots: Set<string> | null = null;

// The trust anchors a chain was checked against, as base64 DER.
function anchorsOf(pool: CertPool | null | undefined): Set<string> {
  if (pool !== null && pool !== undefined) return new Set(pool.pems().map(pemBody));
  systemRoots ??= new Set(tls.rootCertificates.map(pemBody));
  return systemRoots;
}

function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
}

/**
 * peerChain returns the certificates the peer sent, leaf first (Go's PeerCertificates). Node's
 * chain also ends with the trust anchor it found in the local store; that one is dropped.
 */
function peerChain(s: tls.TLSSocket, anchors: Set<string>): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<unknown>();
  let cur: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
  while (cur !== undefined && cur !== null && cur.raw !== undefined && !seen.has(cur)) {
    seen.add(cur);
    out.push(parseCertificate(cur.raw));
    if (cur.issuerCertificate === cur) break;
    cur = cur.issuerCertificate;
  }
  const last = out[out.length - 1];
  if (out.length > 1 && last !== undefined && last.Subject.String() === last.Issuer.String() && anchors.has(Buffer.from(last.Raw).toString("base64"))) out.pop();
  return out;
}

// OpenSSL's verdict on the client's chain. Node sets `authorized` only for sockets of a tls.Server
// (onServerSocketSecure); a bare server TLSSocket asks its handle, as that function does.
function serverVerifyError(s: tls.TLSSocket): string | null {
  const h = (s as unknown as { _handle?: { verifyError?: () => { code?: string } | null } })._handle;
  const e = h?.verifyError?.();
  if (e === null || e === undefined) return null;
  return e.code ?? "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
}

// Go's isValid for the leaf: now within [NotBefore, NotAfter].
function validityError(leaf: X509Certificate, now: Date): Error | null {
  if (now < leaf.NotBefore) return new CertificateInvalidError(leaf, Expired, `current time ${rfc3339(now)} is before ${rfc3339(leaf.NotBefore)}`);
  if (now > leaf.NotAfter) return new CertificateInvalidError(leaf, Expired, `current time ${rfc3339(now)} is after ${rfc3339(leaf.NotAfter)}`);
  return null;
}

function sniOf(name: string): string | undefined {
  if (name === "") return undefined;
  const bare = name.startsWith("[") && name.endsWith("]") ? name.slice(1, -1) : name;
  // SNI carries host names only (RFC 6066), as Go's hostnameInSNI.
  if (ParseIP(bare) !== null || bare.includes("%")) return undefined;
  return bare.replace(/\.$/, "");
}

function configError(config: Config, isClient: boolean): Error | null {
  const min = config.MinVersion ?? VersionTLS12;
  const max = config.MaxVersion ?? VersionTLS13;
  if (min > max || versionNames[min] === undefined && min > VersionTLS13 || versionNames[max] === undefined && max < VersionTLS10) {
    return new TLSError("tls: no supported versions satisfy MinVersion and MaxVersion", "GONET_ERR_TLS_VERSIONS");
  }
  if (isClient && (config.ServerName ?? "") === "" && config.InsecureSkipVerify !== true) {
    return new TLSError("tls: either ServerName or InsecureSkipVerify must be specified in the tls.Config", "GONET_ERR_TLS_CONFIG");
  }
  if (!isClient && (config.Certificates ?? []).length === 0) return new TLSError("tls: no certificates configured", "GONET_ERR_TLS_NO_CERTIFICATES");
  return null;
}

function versionRange(config: Config): { minVersion: tls.SecureVersion; maxVersion: tls.SecureVersion } {
  const clamp = (v: number): tls.SecureVersion => versionNames[Math.min(Math.max(v, VersionTLS10), VersionTLS13)]!;
  return { minVersion: clamp(config.MinVersion ?? VersionTLS12), maxVersion: clamp(config.MaxVersion ?? VersionTLS13) };
}

const emptyState: ConnectionState = {
  Version: 0,
  HandshakeComplete: false,
  DidResume: false,
  CipherSuite: 0,
  NegotiatedProtocol: "",
  NegotiatedProtocolIsMutual: true,
  ServerName: "",
  PeerCertificates: [],
};

/**
 * TLSConn is a secured connection (Go's tls.Conn): a Conn over another Conn, plus Handshake,
 * HandshakeContext, ConnectionState and NetConn. The handshake runs on the first Read or Write,
 * or when Handshake is called; if it fails, every later Read, Write and Handshake fails with the
 * same error, and the underlying conn is closed. Deadlines apply to the handshake too.
 */
export class TLSConn extends StreamConn {
  readonly #raw: Conn;
  readonly #config: Config;
  readonly #isClient: boolean;
  readonly #lazy: LazyTransport;
  #hs: Promise<void> | null = null;
  #done = false;
  #socket: tls.TLSSocket | null = null;
  #under: ConnDuplex | Socket | null = null;
  #duplex: ConnDuplex | null = null;
  #state: ConnectionState = emptyState;
  #rd = 0;
  #wd = 0;
  #rearm: (() => void) | null = null;
  #sawError = false;
  // What the server saw of the client's hello, for Go's error texts.
  readonly #hello: ClientHelloSeen = {};

  /** @internal */
  constructor(raw: Conn, config: Config, isClient: boolean) {
    const net = raw.LocalAddr().Network();
    super({ net, localAddr: () => raw.LocalAddr(), remoteAddr: () => raw.RemoteAddr() });
    this.#raw = raw;
    this.#config = config;
    this.#isClient = isClient;
    this.#lazy = new LazyTransport(() => this.#destroyEarly());
    this.attach(this.#lazy);
  }

  #destroyEarly(): Promise<void> {
    if (this.#socket !== null) this.#socket.destroy();
    // Still reading the ClientHello: the handed-off socket is ours to destroy.
    else if (this.#under !== null && this.#duplex === null) this.#under.destroy();
    return this.#duplex !== null ? this.#duplex.closeConn() : this.#raw.Close().catch(() => {});
  }

  /** NetConn returns the underlying conn (Go's tls.Conn.NetConn). */
  NetConn(): Conn {
    return this.#raw;
  }

  /** Handshake runs the client or server handshake if it has not yet been run; it is called by the first Read or Write. */
  Handshake(): Promise<void> {
    return this.HandshakeContext(null);
  }

  /**
   * HandshakeContext runs the handshake, as Handshake, aborting it when signal aborts (Go's
   * HandshakeContext): an abort fails the handshake, and the conn, with `operation was canceled`
   * or, for a timeout, `context deadline exceeded`.
   */
  HandshakeContext(signal: AbortSignal | null): Promise<void> {
    if (this.#hs === null) {
      if (this.closed) return Promise.reject(new OpError({ Op: "read", Net: this.LocalAddr().Network(), Source: this.LocalAddr(), Addr: this.RemoteAddr(), Err: ErrClosed }));
      this.#hs = this.#handshake(signal);
      this.#hs.catch(() => {});
    }
    return this.#hs;
  }

  #handshake(signal: AbortSignal | null): Promise<void> {
    const cfgErr = configError(this.#config, this.#isClient);
    if (cfgErr !== null) return Promise.reject(cfgErr);
    // A TCP or unix conn of this backend that has not been used yet hands its socket to
    // node:tls, which then runs natively on the handle; any other Conn goes through a Duplex.
    const native = handOffSocket(this.#raw);
    const duplex = native === null ? new ConnDuplex(this.#raw) : null;
    this.#duplex = duplex;
    const under = native ?? duplex!;
    this.#under = under;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let s: tls.TLSSocket | null = null;
      let settled = false;
      let stopPeek: (() => void) | null = null;
      const finish = (err: Error | null): void => {
        if (settled) return;
        settled = true;
        stopPeek?.();
        if (s !== null) {
          s.off("error", onError);
          s.off("close", onClose);
          s.off("end", onClose);
          s.off(this.#isClient ? "secureConnect" : "secure", onSecure);
        }
        signal?.removeEventListener("abort", onAbort);
        if (timer !== undefined) clearTimeout(timer);
        this.#rearm = null;
        if (err === null) {
          resolve();
          return;
        }
        // The socket may still report what ended it; that is this error, already reported.
        if (s !== null) {
          s.on("error", () => {});
          s.destroy();
        } else {
          under.on("error", () => {});
        }
        if (duplex !== null) void duplex.closeConn();
        else native!.destroy();
        reject(err);
      };
      const onError = (err: Error): void => finish(this.#wrap(translateTLS(err, !this.#isClient, this.#hello)));
      const onClose = (): void => finish(this.#wrap(translateTLS(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), !this.#isClient)));
      const onAbort = (): void => {
        const r: unknown = signal!.reason;
        finish(r === ErrDeadlineExceeded || (r instanceof Error && r.name === "TimeoutError") ? ErrContextDeadlineExceeded : ErrCanceled);
      };
      const onSecure = (): void => {
        const s = this.#socket!;
        let err: Error | null;
        try {
          err = this.#verify(s);
        } catch (e) {
          err = e instanceof Error ? e : new Error(String(e));
        }
        if (err !== null) {
          finish(err);
          return;
        }
        this.#state = this.#makeState(s);
        this.#done = true;
        finish(null);
        const t = new TLSSocketTransport(s);
        this.#lazy.inner = t;
        t.bind(this);
        // A TLS socket whose peer vanished without close_notify may close without 'end'.
        s.once("close", () => {
          if (!this.#sawError && !this.closed) this.pushEOF();
        });
      };
      // The conn's deadlines bound the handshake, as they bound Go's (its reads and writes).
      this.#rearm = () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        const ds = [this.#rd, this.#wd].filter((d) => d !== 0);
        if (ds.length === 0) return;
        const at = Math.min(...ds);
        const op = at === this.#rd ? "read" : "write";
        timer = setTimeout(
          () => finish(new OpError({ Op: op, Net: this.LocalAddr().Network(), Source: this.LocalAddr(), Addr: this.RemoteAddr(), Err: ErrDeadlineExceeded })),
          Math.max(0, Math.min(at - Date.now(), 0x7fffffff)),
        );
      };
      this.#rearm();
      const start = (): void => {
        stopPeek = null;
        if (settled) return;
        s = this.#isClient ? this.#startClient(under) : this.#startServer(under);
        this.#socket = s;
        s.on("error", onError);
        // The peer went away mid-handshake: Node may only say "end" (the socket waits to finish).
        s.on("close", onClose);
        s.on("end", onClose);
        s.on(this.#isClient ? "secureConnect" : "secure", onSecure);
      };
      if (signal !== null) {
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }
      if (settled) return;
      if (this.#isClient) {
        start();
      } else {
        // The server reads the ClientHello first, for what Go's errors name (the client's
        // versions), then gives every byte of it to node:tls.
        stopPeek = peekClientHello(
          under,
          (hello) => {
            const versions = hello !== null ? clientVersions(hello) : null;
            if (versions !== null) this.#hello.versions = versions;
            start();
          },
          (err) => {
            stopPeek = null;
            if (err !== null) onError(err);
            else onClose();
          },
        );
      }
    });
  }

  // A transport error during the handshake reads as Go's: the underlying conn's OpError.
  #wrap(err: Error): Error {
    if (err instanceof SyscallError) return new OpError({ Op: "read", Net: this.LocalAddr().Network(), Source: this.LocalAddr(), Addr: this.RemoteAddr(), Err: err });
    return err;
  }

  #startClient(duplex: ConnDuplex | Socket): tls.TLSSocket {
    const c = this.#config;
    const opts: tls.ConnectionOptions = {
      socket: duplex,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...versionRange(c),
    };
    const sni = sniOf(c.ServerName ?? "");
    if (sni !== undefined) opts.servername = sni;
    if (c.NextProtos !== undefined && c.NextProtos.length > 0) opts.ALPNProtocols = c.NextProtos;
    if (c.RootCAs !== undefined && c.RootCAs !== null) opts.ca = c.RootCAs.pems();
    const cert = c.Certificates?.[0];
    if (cert !== undefined) {
      const m = materialOf(cert);
      opts.cert = m.certPEM;
      opts.key = m.keyPEM;
    }
    return tls.connect(opts);
  }

  #startServer(duplex: ConnDuplex | Socket): tls.TLSSocket {
    const c = this.#config;
    const auth = c.ClientAuth ?? NoClientCert;
    const m = materialOf(c.Certificates![0]!);
    const ctxOpts: tls.SecureContextOptions = { cert: m.certPEM, key: m.keyPEM, ...versionRange(c) };
    if (c.ClientCAs !== undefined && c.ClientCAs !== null) ctxOpts.ca = c.ClientCAs.pems();
    const opts: tls.TLSSocketOptions = {
      isServer: true,
      secureContext: tls.createSecureContext(ctxOpts),
      requestCert: auth >= RequestClientCert,
      // On a bare server TLSSocket this only makes OpenSSL demand a certificate (certificate_required
      // alert); the chain is judged in #verify.
      rejectUnauthorized: auth === RequireAnyClientCert || auth === RequireAndVerifyClientCert,
    };
    const serverProtos = c.NextProtos ?? [];
    if (serverProtos.length > 0) {
      // Go's negotiateALPN: the first of the server's protocols the client also offers.
      opts.ALPNCallback = ({ protocols }) => {
        this.#hello.alpn = protocols;
        return serverProtos.find((p) => protocols.includes(p));
      };
    }
    return new tls.TLSSocket(duplex, opts);
  }

  #verify(s: tls.TLSSocket): Error | null {
    const c = this.#config;
    const now = new Date();
    const chain = peerChain(s, anchorsOf(this.#isClient ? c.RootCAs : c.ClientCAs));
    if (this.#isClient) {
      if (c.InsecureSkipVerify === true) return null;
      const leaf = chain[0];
      if (leaf === undefined) return new TLSError("tls: server didn't provide a certificate", "GONET_ERR_TLS_NO_CERTIFICATE");
      const err = validityError(leaf, now) ?? verifyHostname(leaf, c.ServerName ?? "") ?? (s.authorized ? null : chainError(String(s.authorizationError), leaf, now, chain.slice(1)));
      return err !== null ? new CertificateVerificationError(chain, err) : null;
    }
    const auth = c.ClientAuth ?? NoClientCert;
    const leaf = chain[0];
    if (leaf === undefined) {
      if (auth === RequireAnyClientCert || auth === RequireAndVerifyClientCert) return new TLSError("tls: client didn't provide a certificate", "GONET_ERR_TLS_NO_CERTIFICATE");
      return null;
    }
    if (auth !== VerifyClientCertIfGiven && auth !== RequireAndVerifyClientCert) return null;
    const verdict = serverVerifyError(s);
    const err = validityError(leaf, now) ?? (verdict === null ? null : chainError(verdict, leaf, now, chain.slice(1)));
    return err !== null ? new CertificateVerificationError(chain, err) : null;
  }

  #makeState(s: tls.TLSSocket): ConnectionState {
    const alpn = s.alpnProtocol;
    return {
      Version: versionNumbers[s.getProtocol() ?? ""] ?? 0,
      HandshakeComplete: true,
      DidResume: s.isSessionReused(),
      CipherSuite: cipherSuiteID(s.getCipher()?.standardName ?? ""),
      NegotiatedProtocol: typeof alpn === "string" ? alpn : "",
      NegotiatedProtocolIsMutual: true,
      ServerName: this.#isClient ? (this.#config.ServerName ?? "") : ((s as unknown as { servername?: string | false }).servername || ""),
      PeerCertificates: peerChain(s, anchorsOf(this.#isClient ? this.#config.RootCAs : this.#config.ClientCAs)),
    };
  }

  /** ConnectionState returns basic TLS details about the connection (zero values before the handshake). */
  ConnectionState(): ConnectionState {
    return { ...this.#state, PeerCertificates: [...this.#state.PeerCertificates] };
  }

  /** pushError maps TLS failures after the handshake (an alert from the peer, …) to Go's errors. @internal */
  override pushError(err: Error, op: "read" | "write" = "read"): void {
    // translate() leaves OpenSSL's errors inside a SyscallError; they are TLS errors, not the transport's.
    const code = err instanceof SyscallError ? (err.Err as { code?: unknown }).code : undefined;
    const inner = typeof code === "string" && code.startsWith("ERR_") ? translateTLS((err as SyscallError).Err, !this.#isClient) : err;
    this.#sawError = true;
    super.pushError(inner, op);
  }

  // An alert from the peer reads as Go's `remote error: tls: …`, not as a failed read of the conn.
  readonly #remote = (err: unknown): never => {
    if (err instanceof OpError && err.Op !== "remote error" && err.Err instanceof AlertError) throw new OpError({ Op: "remote error", Net: "", Err: err.Err });
    throw err;
  };

  // A handshake cut short by Close fails the calls waiting on it as closed, as any I/O after Close.
  #closedOr<T>(err: unknown, after: () => Promise<T>): Promise<T> {
    if (this.closed) return after();
    throw err;
  }

  /** Read reads decrypted bytes, running the handshake first if needed. */
  override Read(p: Uint8Array): Promise<number | null> {
    if (this.#done || this.closed) return super.Read(p).then(undefined, this.#remote);
    return this.Handshake().then(
      () => super.Read(p).then(undefined, this.#remote),
      (err: unknown) => this.#closedOr(err, () => super.Read(p)),
    );
  }

  /** readChunk resolves the next decrypted chunk, running the handshake first if needed. @internal */
  override readChunk(): Promise<Uint8Array | null> {
    if (this.#done || this.closed) return super.readChunk().then(undefined, this.#remote);
    return this.Handshake().then(
      () => super.readChunk().then(undefined, this.#remote),
      (err: unknown) => this.#closedOr(err, () => super.readChunk()),
    );
  }

  /** Write encrypts and writes p, running the handshake first if needed. */
  override Write(p: Uint8Array): Promise<number> {
    if (this.#done || this.closed) return super.Write(p).then(undefined, this.#remote);
    return this.Handshake().then(
      () => super.Write(p).then(undefined, this.#remote),
      (err: unknown) => this.#closedOr(err, () => super.Write(p)),
    );
  }

  /** CloseWrite sends close_notify; the peer reads end of stream. It fails before the handshake, as Go's. */
  override async CloseWrite(): Promise<void> {
    if (!this.#done && !this.closed) throw new TLSError("tls: CloseWrite called before handshake complete", "GONET_ERR_TLS_EARLY_CLOSE_WRITE");
    return super.CloseWrite();
  }

  /** SetReadDeadline sets the read deadline, which bounds a handshake in progress too. */
  override SetReadDeadline(t: DeadlineInput): void {
    this.#rd = toDeadline(t);
    super.SetReadDeadline(t);
    this.#rearm?.();
  }

  /** SetWriteDeadline sets the write deadline, which bounds a handshake in progress too. */
  override SetWriteDeadline(t: DeadlineInput): void {
    this.#wd = toDeadline(t);
    super.SetWriteDeadline(t);
    this.#rearm?.();
  }
}

/**
 * Client returns a new TLS client side connection using conn as the underlying transport (Go's
 * tls.Client). config must set ServerName or InsecureSkipVerify. The handshake runs on the first
 * Read or Write, or on Handshake().
 *
 * @example
 * const raw = await Dial("tcp", "mail.example.com:587"); // … STARTTLS exchange …
 * const conn = Client(raw, { ServerName: "mail.example.com" });
 * await conn.Handshake();
 */
export function Client(conn: Conn, config: Config): TLSConn {
  return new TLSConn(conn, config, true);
}

/**
 * Server returns a new TLS server side connection using conn as the underlying transport (Go's
 * tls.Server). config must have at least one certificate.
 *
 * @example
 * const [a, b] = Pipe();
 * const srv = Server(b, { Certificates: [cert] });
 */
export function Server(conn: Conn, config: Config): TLSConn {
  return new TLSConn(conn, config, false);
}
