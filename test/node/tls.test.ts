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
import { ErrClosed, ErrContextDeadlineExceeded, ErrDeadlineExceeded, Is, OpError } from "../../src/errors.js";
import { EOF } from "../../src/io.js";
import type { Conn, Listener } from "../../src/net.js";
import { Pipe } from "../../src/pipe.js";
import { Dial as netDial, Dialer, Listen as netListen } from "../../src-node/dial.js";
import * as tls from "../../src-node/tls/index.js";
import { testConn } from "../conformance/conn.js";
import { makeCerts, type TestCerts } from "../helpers/certs.js";

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
  it("verifies by default: a server from an unknown CA fails Dial with Go's text and types", async (t) => {
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

  it("checks the host name as Go's VerifyHostname, with Go's HostnameError texts", async (t) => {
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

  it("rejects an expired certificate with Go's CertificateInvalidError text", async (t) => {
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

  it("dials an IPv6 literal: the bracketed host is matched against the IP SANs", async (t) => {
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

  it("fails a server that does not speak TLS with Go's RecordHeaderError", async (t) => {
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

  it("reports a peer that hangs up mid-handshake as Go's EOF", async (t) => {
    const l = await netListen("tcp", "127.0.0.1:0");
    t.after(() => closeQuietly(l));
    void l.Accept().then((c) => c.Close());
    const err = await rejects(tls.Dial("tcp", `localhost:${(l.Addr() as TCPAddr).Port}`, { RootCAs: roots }));
    assert.equal(err, EOF, `${err.constructor.name}: ${err.message}`);
  });
});

describe("tls versions, ALPN and ConnectionState", () => {
  it("fails a version mismatch on both sides, each with Go's error", async (t) => {
    let serverErr: unknown = null;
    const { port } = await serve(t, { Certificates: [serverCert], MinVersion: tls.VersionTLS13 }, async (c) => {
      serverErr = await rejects(c.Handshake());
      await closeQuietly(c);
    });
    const err = await rejects(tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots, MaxVersion: tls.VersionTLS12 }));
    assert.ok(err instanceof OpError, `${err.constructor.name}: ${err.message}`);
    assert.equal(err.Op, "remote error");
    assert.equal(err.message, "remote error: tls: protocol version not supported");
    assert.ok(err.Err instanceof tls.AlertError);
    assert.equal(err.Err.alert, 70);
    for (let i = 0; i < 1000 && serverErr === null; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(serverErr instanceof tls.TLSError, String(serverErr));
    assert.equal((serverErr as Error).message, "tls: client offered only unsupported versions");
  });

  it("rejects a Config whose MinVersion is above its MaxVersion before dialing a byte", async () => {
    const [a] = Pipe();
    const c = tls.Client(a, { ServerName: "localhost", MinVersion: tls.VersionTLS13, MaxVersion: tls.VersionTLS12 });
    const err = await rejects(c.Handshake());
    assert.equal(err.message, "tls: no supported versions satisfy MinVersion and MaxVersion");
    await closeQuietly(c);
  });

  it("negotiates TLS 1.2 or 1.3 as configured and reports it in ConnectionState", async (t) => {
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

  it("negotiates ALPN in the server's order of preference", async (t) => {
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

  it("fails ALPN without a common protocol as Go's server does", async (t) => {
    let serverErr: unknown = null;
    const { port } = await serve(t, { Certificates: [serverCert], NextProtos: ["h2"] }, async (s) => {
      serverErr = await rejects(s.Handshake());
    });
    const err = await rejects(tls.Dial("tcp", `localhost:${port}`, { RootCAs: roots, NextProtos: ["spdy/3"] }));
    assert.equal(err.message, "remote error: tls: no application protocol");
    assert.ok(err instanceof OpError && err.Err instanceof tls.AlertError && err.Err.alert === 120);
    for (let i = 0; i < 1000 && serverErr === null; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal((serverErr as Error | null)?.message, "tls: client requested unsupported application protocols");
  });
});
