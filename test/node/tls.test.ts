// gonet/tls on node:tls: the Conn conformance suite over TLS-on-TCP and
// TLS-on-Pipe, then Go's crypto/tls behaviour with certificates made by the
// `openssl` command at test time: verification on by default and each failure
// with Go's text and type (unknown authority, host name, expired, version
// mismatch), mutual TLS under every ClientAuthType, ALPN, ConnectionState,
// X509KeyPair's errors, STARTTLS-style upgrades of a live Conn.

import assert from "node:assert/strict";
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
