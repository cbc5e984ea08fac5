// gonet/tls on node:tls: the Conn conformance suite over TLS-on-TCP and
// TLS-on-Pipe, then Go's crypto/tls behaviour with certificates made by the
// `openssl` command at test time: verification on by default and each failure
// with Go's text and type (unknown authority, host name, expired, version
// mismatch), mutual TLS under every ClientAuthType, ALPN, ConnectionState,
// X509KeyPair's errors, STARTTLS-style upgrades of a live Conn.

import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { TCPAddr } from "../../src/addr.js";
import { As, ErrClosed, ErrContextDeadlineExceeded, ErrDeadlineExceeded, Is, OpError } from "../../src/errors.js";
import { EOF } from "../../src/io.js";
import type { Conn, Listener } from "../../src/net.js";
import { Pipe } from "../../src/pipe.js";
import { Dial as netDial, Dialer, Listen as netListen } from "../../src-node/dial.js";
import * as tls from "../../src-node/tls/index.js";
import { testConn } from "../conformance/conn.js";
import { makeCerts, type TestCerts } from "../helpers/certs.js";
import { skipWithoutIPv6, skipWithoutLocalhost } from "../helpers/capabilities.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

// The certificates are made once, before any test registers its pairs (top-level await).
const certs: TestCerts = await makeCerts();
after(() => certs.cleanup());

const serverCert = tls.X509KeyPair(certs.server.cert, certs.server.key);
const clientCert = tls.X509KeyPair(certs.client.cert, certs.client.key);
const roots = tls.NewCertPool();
assert.ok(roots.AppendCertsFromPEM(certs.ca.cert));

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

async function closeQuietly(c: { Close(): Promise<void> }): Promise<void> {
  await c.Close().catch(() => {});
}

/** serve listens with config and answers each conn with handler; the listener is closed after the test. */
async function serve(t: Ctx, config: tls.Config, handler: (c: tls.TLSConn) => Promise<void> = echo): Promise<{ l: tls.TLSListener; port: number; errors: unknown[] }> {
  const l = await tls.Listen("tcp", "127.0.0.1:0", config);
  const errors: unknown[] = [];
  const conns: tls.TLSConn[] = [];
  void (async () => {
    for await (const c of l) {
      conns.push(c);
      handler(c).catch((err: unknown) => errors.push(err));
    }
  })();
  t.after(async () => {
    await closeQuietly(l);
    await Promise.all(conns.map(closeQuietly));
  });
  return { l, port: (l.Addr() as TCPAddr).Port, errors };
}

async function echo(c: tls.TLSConn): Promise<void> {
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await c.Read(buf);
    if (n === null) break;
    await c.Write(buf.subarray(0, n));
  }
  await c.Close();
}

async function rejects(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof Error, `threw a non-Error ${String(err)}`);
    return err;
  }
  assert.fail("expected a rejection");
}

// ---- conformance ------------------------------------------------------------------------------

await testConn("TLS over TCP conformance", async () => {
  const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [serverCert] });
  const port = (l.Addr() as TCPAddr).Port;
  // As in Go, the server's handshake runs on its side (the accepting goroutine) while Dial waits.
  const accepted = l.Accept().then(async (c) => {
    await c.Handshake();
    return c;
  });
  const [c1, c2] = await Promise.all([tls.Dial("tcp", `127.0.0.1:${port}`, { RootCAs: roots }), accepted]);
  return {
    c1,
    c2,
    stop: async () => {
      await Promise.all([closeQuietly(c1), closeQuietly(c2), closeQuietly(l)]);
    },
  };
});

await testConn("TLS over Pipe conformance", async () => {
  const [a, b] = Pipe();
  const c1 = tls.Client(a, { ServerName: "localhost", RootCAs: roots });
  const c2 = tls.Server(b, { Certificates: [serverCert] });
  await Promise.all([c1.Handshake(), c2.Handshake()]);
  return {
    c1,
    c2,
    stop: async () => {
      await Promise.all([closeQuietly(c1), closeQuietly(c2)]);
    },
  };
});

// ---- verification -----------------------------------------------------------------------------

function keyPair(p: { cert: string; key: string }): tls.Certificate {
  return tls.X509KeyPair(p.cert, p.key);
}

const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

describe("tls verification (client side)", () => {
  it("verifies by default: a server from an unknown CA fails Dial with Go's text and types", { skip: skipWithoutLocalhost }, async (t) => {
    const { port } = await serve(t, { Certificates: [serverCert] });
    // No RootCAs: the platform's roots, which do not hold the test CA.
    const err = await rejects(tls.Dial("tcp", `localhost:${port}`));
    assert.ok(err instanceof tls.CertificateVerificationError, err.message);
    assert.equal(err.message, "tls: failed to verify certificate: x509: certificate signed by unknown authority");
    assert.ok(err.Err instanceof tls.UnknownAuthorityError);
    assert.equal(err.UnverifiedCertificates[0]?.Subject.CommonName, "localhost");
    assert.equal(err.cause, err.Err);
  });

  it("rejects a chain from a CA that is not in RootCAs", async (t) => {
    const { port } = await serve(t, { Certificates: [keyPair(certs.untrusted)] });
    const err = await rejects(tls.Dial("tcp", `127.0.0.1:${port}`, { RootCAs: roots }));
    assert.equal(err.message, "tls: failed to verify certificate: x509: certificate signed by unknown authority");
    assert.ok(err instanceof tls.CertificateVerificationError && err.Err instanceof tls.UnknownAuthorityError);
  });

  it("InsecureSkipVerify accepts any certificate and still reports it", async (t) => {
    const { port } = await serve(t, { Certificates: [keyPair(certs.untrusted)] });
    const c = await tls.Dial("tcp", `127.0.0.1:${port}`, { InsecureSkipVerify: true });
    t.after(() => closeQuietly(c));
    assert.equal(c.ConnectionState().PeerCertificates[0]?.Issuer.CommonName, "gonet untrusted CA");
    await c.Write(enc("ping"));
    const buf = new Uint8Array(8);
    assert.equal(dec(buf.subarray(0, (await c.Read(buf))!)), "ping");
  });

  it("checks the host name as Go's VerifyHostname, with Go's HostnameError texts", { skip: skipWithoutLocalhost }, async (t) => {
    const other = await serve(t, { Certificates: [keyPair(certs.otherHost)] });
    const ours = await serve(t, { Certificates: [serverCert] });
    const cases: { addr: string; serverName?: string; want: string }[] = [
      { addr: `localhost:${other.port}`, want: "x509: certificate is valid for example.com, www.example.com, not localhost" },
      { addr: `127.0.0.1:${other.port}`, want: "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs" },
      { addr: `127.0.0.1:${ours.port}`, serverName: "10.1.2.3", want: "x509: certificate is valid for 127.0.0.1, ::1, not 10.1.2.3" },
      { addr: `127.0.0.1:${ours.port}`, serverName: "example.org", want: "x509: certificate is valid for localhost, not example.org" },
    ];
    for (const tc of cases) {
      const cfg: tls.Config = { RootCAs: roots };
      if (tc.serverName !== undefined) cfg.ServerName = tc.serverName;
      const err = await rejects(tls.Dial("tcp", tc.addr, cfg));
      assert.equal(err.message, "tls: failed to verify certificate: " + tc.want, tc.addr);
      assert.ok(err instanceof tls.CertificateVerificationError && err.Err instanceof tls.HostnameError, tc.addr);
    }
    // Matching names pass, case-insensitively, and a wildcard covers one label.
    for (const name of ["localhost", "LOCALHOST", "127.0.0.1"]) {
      const c = await tls.Dial("tcp", `127.0.0.1:${ours.port}`, { RootCAs: roots, ServerName: name });
      await c.Close();
    }
    const err = await rejects(tls.Dial("tcp", `127.0.0.1:${other.port}`, { RootCAs: roots, ServerName: "a.www.example.com" }));
    assert.ok(err instanceof tls.CertificateVerificationError && err.Err instanceof tls.HostnameError);
    assert.equal((err.Err as tls.HostnameError).Host, "a.www.example.com");
  });

  it("matches names by Go's VerifyHostname rules in a real handshake", async (t) => {
    // crypto/x509 verify.go: a bare "*" is not a valid pattern (validHostname: "Bare wildcards
    // are not allowed"), so it matches no real name; a SAN ending in a dot is not a valid pattern
    // either, so it matches only exactly (matchExactly), never the name without the dot.
    const wild = await serve(t, { Certificates: [keyPair(certs.bareWildcard)] });
    const dotted = await serve(t, { Certificates: [keyPair(certs.dottedHost)] });
    const cases: { port: number; serverName: string; want: string }[] = [
      { port: wild.port, serverName: "localhost", want: "x509: certificate is valid for *, not localhost" },
      { port: wild.port, serverName: "www.localhost", want: "x509: certificate is valid for *, not www.localhost" },
      { port: dotted.port, serverName: "localhost", want: "x509: certificate is valid for localhost., not localhost" },
    ];
    for (const tc of cases) {
      const err = await rejects(tls.Dial("tcp", `127.0.0.1:${tc.port}`, { RootCAs: roots, ServerName: tc.serverName }));
      assert.equal(err.message, "tls: failed to verify certificate: " + tc.want, tc.serverName);
      assert.ok(err instanceof tls.CertificateVerificationError && err.Err instanceof tls.HostnameError, tc.serverName);
      assert.equal((err.Err as tls.HostnameError).Host, tc.serverName);
    }
    for (const [port, name] of [[dotted.port, "localhost."]] as const) {
      const c = await tls.Dial("tcp", `127.0.0.1:${port}`, { RootCAs: roots, ServerName: name });
      assert.equal(c.ConnectionState().HandshakeComplete, true, name);
      await c.Close();
    }
  });

  it("rejects an expired certificate with Go's CertificateInvalidError text", { skip: skipWithoutLocalhost }, async (t) => {
    const { port } = await serve(t, { Certificates: [keyPair(certs.expired)] });
    const notAfter = new X509Certificate(certs.expired.cert).validTo;
    const err = await rejects(tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots }));
    assert.ok(err instanceof tls.CertificateVerificationError, err.message);
    assert.ok(err.Err instanceof tls.CertificateInvalidError);
    assert.equal(err.Err.Reason, tls.Expired);
    assert.equal(err.code, "GONET_ERR_X509_EXPIRED");
    const re = new RegExp(
      `^tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ is after ${rfc3339(new Date(notAfter))}$`,
    );
    assert.match(err.message, re);
  });

  it("dials an IPv6 literal: the bracketed host is matched against the IP SANs", { skip: skipWithoutIPv6 }, async (t) => {
    const l = await tls.Listen("tcp", "[::1]:0", { Certificates: [serverCert] });
    t.after(() => closeQuietly(l));
    const accepted = l.Accept().then(async (s) => {
      await s.Handshake();
      return s;
    });
    const c = await tls.Dial("tcp", `[::1]:${(l.Addr() as TCPAddr).Port}`, { RootCAs: roots });
    const s = await accepted;
    t.after(() => Promise.all([closeQuietly(c), closeQuietly(s)]).then(() => {}));
    assert.equal(c.ConnectionState().ServerName, "[::1]");
    assert.equal(s.ConnectionState().ServerName, "", "no SNI is sent for an IP address");
  });

  it("fails a server that does not speak TLS with Go's RecordHeaderError", { skip: skipWithoutLocalhost }, async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    void l.Accept().then(async (c) => {
      await c.Write(enc("HTTP/1.0 400 Bad Request\r\n\r\n"));
      await c.Close();
    });
    const err = await rejects(tls.Dial("tcp", `localhost:${(l.Addr() as TCPAddr).Port}`, { RootCAs: roots }));
    assert.ok(err instanceof tls.RecordHeaderError, `${err.constructor.name}: ${err.message}`);
    assert.equal(err.message, "tls: first record does not look like a TLS handshake");
  });

  it("reports a peer that hangs up mid-handshake as Go's EOF", { skip: skipWithoutLocalhost }, async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    void l.Accept().then((c) => c.Close());
    const err = await rejects(tls.Dial("tcp", `localhost:${(l.Addr() as TCPAddr).Port}`, { RootCAs: roots }));
    assert.equal(err, EOF, `${err.constructor.name}: ${err.message}`);
  });
});

describe("tls versions, ALPN and ConnectionState", () => {
  it("fails a version mismatch on both sides, each with Go's error", { skip: skipWithoutLocalhost }, async (t) => {
    // Go's readClientHello (crypto/tls handshake_server.go): fmt.Errorf("tls: client offered only
    // unsupported versions: %x", clientVersions), the supported_versions extension or, without
    // it, supportedVersionsFromMax(the hello's legacy version); %x of a []uint16 is [303 302].
    const cases: { server: tls.Config; client: tls.Config; want: string }[] = [
      // A client capped at TLS 1.2 sends no supported_versions: Go lists 1.2 and below.
      { server: { MinVersion: tls.VersionTLS13 }, client: { MaxVersion: tls.VersionTLS12 }, want: "tls: client offered only unsupported versions: [303 302 301]" },
      // A TLS 1.3-only client lists just 1.3 in supported_versions.
      { server: { MaxVersion: tls.VersionTLS12 }, client: { MinVersion: tls.VersionTLS13 }, want: "tls: client offered only unsupported versions: [304]" },
    ];
    for (const tc of cases) {
      let serverErr: unknown = null;
      let serverDone!: () => void;
      const served = new Promise<void>((resolve) => (serverDone = resolve));
      const { port } = await serve(t, { Certificates: [serverCert], ...tc.server }, async (c) => {
        serverErr = await c.Handshake().then(() => "the handshake succeeded", (e: unknown) => e);
        serverDone();
        await closeQuietly(c);
      });
      const err = await rejects(tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots, ...tc.client }));
      assert.ok(err instanceof OpError, `${err.constructor.name}: ${err.message}`);
      assert.equal(err.Op, "remote error");
      assert.equal(err.message, "remote error: tls: protocol version not supported");
      assert.ok(err.Err instanceof tls.AlertError);
      assert.equal(err.Err.alert, 70);
      await served;
      assert.ok(serverErr instanceof tls.TLSError, String(serverErr));
      assert.equal((serverErr as Error).message, tc.want);
    }
  });

  it("rejects a Config whose MinVersion is above its MaxVersion before dialing a byte", async () => {
    const [a] = Pipe();
    const c = tls.Client(a, { ServerName: "localhost", MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS12 });
    const err = await rejects(c.Handshake());
    assert.equal(err.message, "tls: no supported versions satisfy MinVersion and MaxVersion");
    await closeQuietly(c);
  });

  it("negotiates TLS 1.2 or 1.3 as configured and reports it in ConnectionState", { skip: skipWithoutLocalhost }, async (t) => {
    for (const [max, want] of [
      [tls.VersionTLS12, tls.VersionTLS12],
      [tls.VersionTLS13, tls.VersionTLS13],
    ] as const) {
      const { port } = await serve(t, { Certificates: [serverCert] });
      const c = await tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots, MaxVersion: max });
      t.after(() => closeQuietly(c));
      const st = c.ConnectionState();
      assert.equal(st.HandshakeComplete, true);
      assert.equal(st.Version, want, tls.VersionName(st.Version));
      assert.equal(st.ServerName, "localhost");
      assert.notEqual(st.CipherSuite, 0);
      if (want === tls.VersionTLS13) assert.match(tls.CipherSuiteName(st.CipherSuite), /^TLS_(AES|CHACHA20)_/);
      else assert.match(tls.CipherSuiteName(st.CipherSuite), /^TLS_ECDHE_ECDSA_WITH_/, "an ECDSA server key");
      assert.equal(st.PeerCertificates.length, 1, "the server sent its leaf only; the local root is not a peer certificate");
      assert.equal(st.PeerCertificates[0]?.Subject.CommonName, "localhost");
      assert.deepEqual(st.PeerCertificates[0]?.DNSNames, ["localhost"]);
      assert.deepEqual(st.PeerCertificates[0]?.IPAddresses.map((ip) => ip.String()), ["127.0.0.1", "::1"]);
    }
  });

  it("ConnectionState is empty before the handshake", async () => {
    const [a, b] = Pipe();
    const c = tls.Client(a, { ServerName: "localhost", RootCAs: roots });
    const s = tls.Server(b, { Certificates: [serverCert] });
    assert.deepEqual({ ...c.ConnectionState(), PeerCertificates: null }, {
      Version: 0,
      HandshakeComplete: false,
      DidResume: false,
      CipherSuite: 0,
      NegotiatedProtocol: "",
      NegotiatedProtocolIsMutual: true,
      ServerName: "",
      PeerCertificates: null,
    });
    await Promise.all([c.Handshake(), s.Handshake()]);
    assert.equal(c.ConnectionState().HandshakeComplete, true);
    assert.equal(s.ConnectionState().ServerName, "localhost", "the server sees the SNI");
    assert.deepEqual(s.ConnectionState().PeerCertificates, [], "no client certificate was asked for");
    await Promise.all([c.Close(), s.Close()]);
  });

  it("negotiates ALPN in the server's order of preference", { skip: skipWithoutLocalhost }, async (t) => {
    const cases: { server?: string[]; client?: string[]; want: string }[] = [
      { server: ["h2", "http/1.1"], client: ["http/1.1", "h2"], want: "h2" },
      { server: ["http/1.1"], client: ["h2", "http/1.1"], want: "http/1.1" },
      { server: ["h2"], want: "" },
      { client: ["h2"], want: "" },
    ];
    for (const tc of cases) {
      const scfg: tls.Config = { Certificates: [serverCert] };
      if (tc.server !== undefined) scfg.NextProtos = tc.server;
      let serverProto: string | null = null;
      const { port } = await serve(t, scfg, async (s) => {
        await s.Handshake();
        serverProto = s.ConnectionState().NegotiatedProtocol;
        await echo(s);
      });
      const ccfg: tls.Config = { RootCAs: roots };
      if (tc.client !== undefined) ccfg.NextProtos = tc.client;
      const c = await tls.Dial("tcp", `localhost:${port}`, ccfg);
      await c.Write(enc("x"));
      await c.Read(new Uint8Array(1)); // the server has finished its handshake once it echoes
      assert.equal(c.ConnectionState().NegotiatedProtocol, tc.want, JSON.stringify(tc));
      assert.equal(serverProto, tc.want, JSON.stringify(tc));
      await c.Close();
    }
  });

  it("fails ALPN without a common protocol as Go's server does, naming the client's protocols", { skip: skipWithoutLocalhost }, async (t) => {
    // Go's negotiateALPN (crypto/tls handshake_server.go):
    // fmt.Errorf("tls: client requested unsupported application protocols (%q)", clientProtos).
    const cases: { client: string[]; want: string }[] = [
      { client: ["spdy/3"], want: 'tls: client requested unsupported application protocols (["spdy/3"])' },
      { client: ["foo", 'b"ar'], want: 'tls: client requested unsupported application protocols (["foo" "b\\"ar"])' },
    ];
    for (const tc of cases) {
      let serverErr: unknown = null;
      let serverDone!: () => void;
      const served = new Promise<void>((resolve) => (serverDone = resolve));
      const { port } = await serve(t, { Certificates: [serverCert], NextProtos: ["h2", "x"] }, async (s) => {
        serverErr = await s.Handshake().then(() => "the handshake succeeded", (e: unknown) => e);
        serverDone();
      });
      const err = await rejects(tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots, NextProtos: tc.client }));
      assert.equal(err.message, "remote error: tls: no application protocol");
      assert.ok(err instanceof OpError && err.Err instanceof tls.AlertError && err.Err.alert === 120);
      await served;
      assert.equal((serverErr as Error | null)?.message, tc.want);
    }
  });
});

// ---- mutual TLS -------------------------------------------------------------------------------

describe("tls client authentication (ClientAuthType)", () => {
  // One client handshake against a server with auth; resolves what each side saw.
  async function mtls(
    t: Ctx,
    auth: tls.ClientAuthType,
    client: tls.Certificate | null,
  ): Promise<{ clientErr: Error | null; serverErr: Error | null; peerCN: string | null }> {
    let resolveServer!: (v: { err: Error | null; peerCN: string | null }) => void;
    const server = new Promise<{ err: Error | null; peerCN: string | null }>((resolve) => (resolveServer = resolve));
    const { port } = await serve(t, { Certificates: [serverCert], ClientAuth: auth, ClientCAs: roots }, async (s) => {
      try {
        await s.Handshake();
        resolveServer({ err: null, peerCN: s.ConnectionState().PeerCertificates[0]?.Subject.CommonName ?? null });
        await echo(s);
      } catch (err) {
        resolveServer({ err: err as Error, peerCN: null });
      }
    });
    const cfg: tls.Config = { RootCAs: roots };
    if (client !== null) cfg.Certificates = [client];
    let clientErr: Error | null = null;
    try {
      const c = await tls.Dial("tcp", `localhost:${port}`, cfg);
      t.after(() => closeQuietly(c));
      // In TLS 1.3 the client is done before the server has judged its certificate: the verdict
      // arrives with the first read, as in Go.
      await c.Write(enc("hi"));
      const n = await c.Read(new Uint8Array(8));
      if (n !== 2) clientErr = new Error(`read ${String(n)}`);
    } catch (err) {
      clientErr = err as Error;
    }
    const s = await server;
    return { clientErr, serverErr: s.err, peerCN: s.peerCN };
  }

  const client = clientCert;
  const untrusted = keyPair(certs.untrustedClient);
  const unknownCA = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
  const noCert = "tls: client didn't provide a certificate";
  const cases: { name: string; auth: tls.ClientAuthType; cert: tls.Certificate | null; server: string | null; peer: string | null }[] = [
    { name: "NoClientCert ignores a certificate", auth: tls.NoClientCert, cert: client, server: null, peer: null },
    { name: "RequestClientCert takes an unverified one", auth: tls.RequestClientCert, cert: untrusted, server: null, peer: "gonet client" },
    { name: "RequestClientCert takes none", auth: tls.RequestClientCert, cert: null, server: null, peer: null },
    { name: "RequireAnyClientCert takes an unverified one", auth: tls.RequireAnyClientCert, cert: untrusted, server: null, peer: "gonet client" },
    { name: "RequireAnyClientCert demands one", auth: tls.RequireAnyClientCert, cert: null, server: noCert, peer: null },
    { name: "VerifyClientCertIfGiven takes none", auth: tls.VerifyClientCertIfGiven, cert: null, server: null, peer: null },
    { name: "VerifyClientCertIfGiven verifies one given", auth: tls.VerifyClientCertIfGiven, cert: untrusted, server: unknownCA, peer: null },
    { name: "RequireAndVerifyClientCert accepts a trusted one", auth: tls.RequireAndVerifyClientCert, cert: client, server: null, peer: "gonet client" },
    { name: "RequireAndVerifyClientCert rejects an untrusted one", auth: tls.RequireAndVerifyClientCert, cert: untrusted, server: unknownCA, peer: null },
    { name: "RequireAndVerifyClientCert demands one", auth: tls.RequireAndVerifyClientCert, cert: null, server: noCert, peer: null },
  ];
  for (const tc of cases) {
    it(tc.name, { skip: skipWithoutLocalhost }, async (t) => {
      const got = await mtls(t, tc.auth, tc.cert);
      if (tc.server === null) {
        assert.equal(got.serverErr, null, String(got.serverErr));
        assert.equal(got.clientErr, null, String(got.clientErr));
        assert.equal(got.peerCN, tc.peer);
        return;
      }
      assert.ok(got.serverErr !== null, "the server's handshake should fail");
      assert.equal(got.serverErr.message, tc.server);
      if (tc.server === unknownCA) assert.ok(got.serverErr instanceof tls.CertificateVerificationError && got.serverErr.Err instanceof tls.UnknownAuthorityError);
      else assert.ok(got.serverErr instanceof tls.TLSError);
      assert.ok(got.clientErr !== null, "the client must not see a working conn");
      if (tc.server === noCert) {
        // OpenSSL sends the certificate_required alert, which the client reads as Go's does.
        const alert = As(got.clientErr, tls.AlertError);
        assert.ok(alert !== null, `client error ${got.clientErr.constructor.name}: ${got.clientErr.message}`);
        assert.equal(alert.alert, 116);
        assert.equal(got.clientErr.message, "remote error: tls: certificate required");
        assert.ok(got.clientErr instanceof OpError && got.clientErr.Op === "remote error");
      }
    });
  }
});

// ---- key pairs and pools ----------------------------------------------------------------------

describe("X509KeyPair, LoadX509KeyPair and CertPool", () => {
  it("loads a key pair from PEM files and parses the leaf", async () => {
    const c = await tls.LoadX509KeyPair(certs.server.certFile, certs.server.keyFile);
    assert.equal(c.Certificate.length, 1);
    assert.equal(c.Leaf?.Subject.CommonName, "localhost");
    assert.equal(c.Leaf?.Issuer.CommonName, "gonet test CA");
    assert.equal(c.Leaf?.IsCA, false);
    assert.ok(c.Leaf!.NotBefore < c.Leaf!.NotAfter);
    assert.equal(typeof c.Leaf?.SerialNumber, "bigint");
    const err = await rejects(tls.LoadX509KeyPair(certs.dir + "/missing.pem", certs.server.keyFile));
    assert.equal((err as { code?: string }).code, "ENOENT");
  });

  it("fails bad PEM input with Go's texts", () => {
    const cases: { name: string; cert: string; key: string; want: string }[] = [
      { name: "empty cert", cert: "", key: certs.server.key, want: "tls: failed to find any PEM data in certificate input" },
      {
        name: "switched",
        cert: certs.server.key,
        key: certs.server.cert,
        want: "tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched",
      },
      { name: "empty key", cert: certs.server.cert, key: "no pem here", want: "tls: failed to find any PEM data in key input" },
      { name: "cert as key", cert: certs.server.cert, key: certs.ca.cert, want: "tls: found a certificate rather than a key in the PEM for the private key" },
      { name: "mismatched", cert: certs.server.cert, key: certs.client.key, want: "tls: private key does not match public key" },
    ];
    for (const tc of cases) {
      assert.throws(() => tls.X509KeyPair(tc.cert, tc.key), (err: Error) => err instanceof tls.TLSError && err.message === tc.want, tc.name);
    }
  });

  it("AppendCertsFromPEM adds certificates only, and reports whether it added any", () => {
    const pool = tls.NewCertPool();
    assert.equal(pool.AppendCertsFromPEM("garbage"), false);
    assert.equal(pool.AppendCertsFromPEM(certs.server.key), false, "a key is no certificate");
    assert.equal(pool.AppendCertsFromPEM(new TextEncoder().encode(certs.ca.cert + certs.otherCA.cert)), true);
    const again = tls.NewCertPool();
    again.AppendCertsFromPEM(certs.otherCA.cert + certs.ca.cert);
    assert.ok(pool.Equal(again));
    assert.ok(!pool.Equal(roots));
    assert.ok(pool.Clone().Equal(pool));
    assert.ok(tls.SystemCertPool().Equal(tls.SystemCertPool()));
    assert.ok(!tls.SystemCertPool().Equal(tls.NewCertPool()));
  });
});

// ---- upgrades, deadlines, misuse --------------------------------------------------------------

describe("tls over an existing Conn", () => {
  it("upgrades a live TCP conn after a plaintext exchange (STARTTLS)", async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    let hello = "";
    const served = (async () => {
      const raw = await l.Accept();
      const buf = new Uint8Array(9);
      await ReadFullOf(raw, buf);
      hello = dec(buf);
      await raw.Write(enc("220 go\n"));
      const s = tls.Server(raw, { Certificates: [serverCert] });
      await echo(s);
    })();
    const raw = await netDial("tcp", `127.0.0.1:${(l.Addr() as TCPAddr).Port}`);
    t.after(() => closeQuietly(raw));
    await raw.Write(enc("STARTTLS\n"));
    const ok = new Uint8Array(7);
    await ReadFullOf(raw, ok);
    assert.equal(hello, "STARTTLS\n");
    assert.equal(dec(ok), "220 go\n");
    const c = tls.Client(raw, { ServerName: "localhost", RootCAs: roots });
    assert.equal(c.NetConn(), raw);
    await c.Write(enc("secret"));
    const buf = new Uint8Array(16);
    assert.equal(dec(buf.subarray(0, (await c.Read(buf))!)), "secret");
    assert.equal(c.ConnectionState().HandshakeComplete, true);
    await c.CloseWrite();
    assert.equal(await c.Read(buf), null, "the server closed after our close_notify");
    await c.Close();
    await served;
  });

  it("fails the handshake at the conn's deadline, and DialWithDialer's Timeout as context deadline exceeded", { skip: skipWithoutLocalhost }, async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    const silent: Conn[] = [];
    void (async () => {
      for await (const c of l) silent.push(c); // accepts, never answers
    })();
    t.after(() => Promise.all(silent.map(closeQuietly)).then(() => {}));
    const port = (l.Addr() as TCPAddr).Port;
    const raw = await netDial("tcp", `127.0.0.1:${port}`);
    const c = tls.Client(raw, { ServerName: "localhost", RootCAs: roots });
    c.SetDeadline(Date.now() + 30);
    const err = await rejects(c.Handshake());
    assert.ok(Is(err, ErrDeadlineExceeded), err.message);
    assert.ok(err instanceof OpError && err.Timeout());
    assert.match(err.message, /^(read|write) tcp 127\.0\.0\.1:\d+->127\.0\.0\.1:\d+: i\/o timeout$/);
    assert.equal(await rejects(c.Read(new Uint8Array(1))), err, "the failed handshake is sticky");
    await closeQuietly(c);

    const derr = await rejects(tls.DialWithDialer(new Dialer({ Timeout: 50 }), "tcp", `localhost:${port}`, { RootCAs: roots }));
    assert.equal(derr, ErrContextDeadlineExceeded);
  });

  it("a server still waiting for the ClientHello keeps its deadline, Close, and Go's texts for non-TLS or a cut hello", async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    const port = (l.Addr() as TCPAddr).Port;
    const serverSide = async (send: Uint8Array | null, closeAfter: boolean, setup: (s: tls.TLSConn) => void = () => {}): Promise<Error> => {
      const accepted = l.Accept();
      const client = await netDial("tcp", `127.0.0.1:${port}`);
      t.after(() => closeQuietly(client));
      const s = tls.Server(await accepted, { Certificates: [serverCert] });
      setup(s);
      const hs = rejects(s.Handshake());
      if (send !== null) await client.Write(send);
      if (closeAfter) await client.Close();
      const err = await hs;
      await closeQuietly(s);
      return err;
    };
    // Nothing arrives: the deadline ends the wait.
    const timeout = await serverSide(null, false, (s) => s.SetDeadline(Date.now() + 50));
    assert.ok(Is(timeout, ErrDeadlineExceeded), timeout.message);
    // Close during the wait fails the handshake, as any I/O after Close.
    const closed = await serverSide(null, false, (s) => void setTimeout(() => void s.Close(), 30));
    assert.ok(closed instanceof Error);
    // Not TLS: handed to node:tls at once, which fails it as Go's RecordHeaderError.
    const http = await serverSide(enc("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), false);
    assert.ok(http instanceof tls.RecordHeaderError, `${http.constructor.name}: ${http.message}`);
    // A hello cut short by the peer's close is Go's EOF.
    const cut = await serverSide(Uint8Array.from([22, 3, 1, 0, 200, 1, 0, 0, 196, 3, 3]), true);
    assert.equal(cut, EOF, `${cut.constructor.name}: ${cut.message}`);
  });

  it("refuses misuse with Go's texts", async (t) => {
    const [a, b] = Pipe();
    t.after(() => Promise.all([closeQuietly(a), closeQuietly(b)]).then(() => {}));
    const noName = tls.Client(a, {});
    assert.equal((await rejects(noName.Handshake())).message, "tls: either ServerName or InsecureSkipVerify must be specified in the tls.Config");
    const noCerts = tls.Server(b, {});
    assert.equal((await rejects(noCerts.Handshake())).message, "tls: no certificates configured");
    await assert.rejects(tls.Listen("tcp", "127.0.0.1:0", {}), { message: "tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config" });
    const [c1] = Pipe();
    const early = tls.Client(c1, { ServerName: "localhost" });
    await assert.rejects(early.CloseWrite(), { message: "tls: CloseWrite called before handshake complete" });
    await early.Close();
    const closedErr = await rejects(early.Read(new Uint8Array(1)));
    assert.ok(Is(closedErr, ErrClosed), closedErr.message);
    // Close while a Read waits on the handshake: the Read fails as closed.
    const [p1, p2] = Pipe();
    t.after(() => closeQuietly(p2));
    const mid = tls.Client(p1, { ServerName: "localhost" });
    const waiting = mid.Read(new Uint8Array(1));
    assert.ok((await p2.Read(new Uint8Array(5))) !== null, "the ClientHello arrives: the handshake is under way");
    await mid.Close();
    const midErr = await rejects(waiting);
    assert.ok(Is(midErr, ErrClosed), midErr.message);
  });

  it("wraps any Listener with NewListener", async (t) => {
    const inner: Listener = await netListen("tcp", "127.0.0.1:0");
    const l = tls.NewListener(inner, { Certificates: [serverCert] });
    t.after(() => closeQuietly(l));
    assert.equal(l.Addr(), inner.Addr());
    const accepted = l.Accept().then(async (s) => {
      await echo(s);
    });
    const c = await tls.Dial("tcp", `127.0.0.1:${(l.Addr() as TCPAddr).Port}`, { RootCAs: roots });
    await c.Write(enc("via NewListener"));
    const buf = new Uint8Array(32);
    assert.equal(dec(buf.subarray(0, (await c.Read(buf))!)), "via NewListener");
    await c.Close();
    await accepted;
  });
});

async function ReadFullOf(c: Conn, buf: Uint8Array): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const n = await c.Read(buf.subarray(off));
    if (n === null) throw new Error("unexpected EOF");
    off += n;
  }
}

describe("tls on a TCP conn of this backend", () => {
  it("runs node:tls natively on the socket: the raw conn is handed over, and a write-then-Close reads as data then end of stream", async () => {
    const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [serverCert] });
    after(() => l.Close().catch(() => {}));
    // As in Go, an accepted conn's handshake runs when the server side first uses it.
    const acc = l.Accept().then(async (sc) => {
      await sc.Handshake();
      return sc;
    });
    const raw = await netDial("tcp", l.Addr().String());
    const c = tls.Client(raw, { RootCAs: roots, ServerName: "localhost" });
    await c.Handshake();
    // The TCP conn no longer owns the socket: using it is ErrClosed, as after a hand-over.
    assert.ok(Is(await raw.Read(new Uint8Array(1)).catch((e: unknown) => e), ErrClosed));
    const s = await acc;
    await c.Write(enc("last words"));
    await c.Close(); // at once, before the server's session tickets are read: close_notify first
    let got = "";
    const buf = new Uint8Array(64);
    for (;;) {
      const n = await s.Read(buf);
      if (n === null) break;
      got += dec(buf.subarray(0, n));
    }
    assert.equal(got, "last words");
    await s.Close();
  });

  it("a conn that was already read from keeps the Duplex path and still works", async () => {
    const nl = await netListen("tcp", "127.0.0.1:0");
    after(() => nl.Close().catch(() => {}));
    const acc = nl.Accept();
    const raw = await netDial("tcp", nl.Addr().String());
    const sraw = await acc;
    // STARTTLS-style: a plain-text exchange first, then TLS on the same conns.
    await raw.Write(enc("STARTTLS\n"));
    const p = new Uint8Array(9);
    assert.equal(await sraw.Read(p), 9);
    const c = tls.Client(raw, { RootCAs: roots, ServerName: "localhost" });
    const s = tls.Server(sraw, { Certificates: [serverCert] });
    await Promise.all([c.Handshake(), s.Handshake()]);
    await c.Write(enc("secret"));
    const q = new Uint8Array(6);
    assert.equal(await s.Read(q), 6);
    assert.equal(dec(q), "secret");
    await c.Close();
    await s.Close();
  });
});
