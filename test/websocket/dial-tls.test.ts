// gonet/websocket's Dial through DialOptions.HTTPClient (coder/websocket's HTTPClient): the
// Client's gonet/http Transport dials the connection (DialContext) and secures wss with gonet/tls
// (TLSClientConfig: RootCAs, ServerName, InsecureSkipVerify, client Certificates;
// TLSHandshakeTimeout), with Go's texts inside coder/websocket's wrap. Real TLS on loopback with
// certificates made by test/helpers/certs.ts, served by httptest's TLS server running Accept. The
// browser backend refuses an HTTPClient.

import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it, type TestContext } from "node:test";
import * as browser from "../../src-browser/websocket.js";
import { Dialer } from "../../src-node/dial.js";
import { Transport, type TransportInit } from "../../src-node/http/transport.js";
import { NewTLSServer, NewUnstartedServer, type Server } from "../../src-node/httptest.js";
import { X509KeyPair } from "../../src-node/tls/index.js";
import { Accept, Conn, Dial, MessageText, NetConn, WebSocketError } from "../../src-node/websocket.js";
import { As, ErrCanceled, ErrContextDeadlineExceeded, ErrUnsupported, Is, OpError } from "../../src/errors.js";
import { Client, type CookieJar, type RoundTripper } from "../../src/http/client.js";
import { Cookie } from "../../src/http/cookie.js";
import { HandlerFunc } from "../../src/http/handler.js";
import type { Request } from "../../src/http/request.js";
import { EOF } from "../../src/io.js";
import { Response } from "../../src/http/response.js";
import type { NetworkName, Conn as NetConnection } from "../../src/net.js";
import { AlertError, CertificateVerificationError, HostnameError, NewCertPool, RequireAndVerifyClientCert, UnknownAuthorityError, type Config as TLSConfig } from "../../src/tls.js";
import { makeCerts, type PEMPair, type TestCerts } from "../helpers/certs.js";
import { rejects } from "../helpers/errors.js";

const dec = new TextDecoder();

let certs: TestCerts;
before(async () => {
  certs = await makeCerts();
});
after(async () => {
  await certs.cleanup();
});

function pool(...pems: string[]): ReturnType<typeof NewCertPool> {
  const p = NewCertPool();
  for (const pem of pems) assert.ok(p.AppendCertsFromPEM(pem));
  return p;
}

function keyPair(p: PEMPair): ReturnType<typeof X509KeyPair> {
  return X509KeyPair(p.cert, p.key);
}

/** EchoServer is an httptest server whose handler Accepts and echoes every message. */
interface EchoServer {
  ts: Server;
  /** addr is the listener's "127.0.0.1:port". */
  addr: string;
  /** requests are the handshake requests the handler saw. */
  requests: Request[];
}

// echoServer serves Accept + echo over TLS with tlsConfig, or plain HTTP when it is null.
async function echoServer(t: TestContext, tlsConfig: TLSConfig | null, setCookie = ""): Promise<EchoServer> {
  const requests: Request[] = [];
  const conns: Conn[] = [];
  const ts = NewUnstartedServer(
    HandlerFunc(async (w, r) => {
      requests.push(r);
      if (setCookie !== "") w.Header().Add("Set-Cookie", setCookie);
      let c: Conn;
      try {
        c = await Accept(w, r);
      } catch {
        return;
      }
      conns.push(c);
      void (async () => {
        for (;;) {
          const [type, data] = await c.Read();
          await c.Write(type, data);
        }
      })().catch(() => c.CloseNow().catch(() => {})); // ended or failed: the client sees the close, not a hang
    }),
  );
  ts.Config.ErrorLog = () => {}; // the refused TLS handshakes are logged, as Go's server logs them
  if (tlsConfig !== null) {
    ts.Config.TLSConfig = tlsConfig;
    await ts.StartTLS();
  } else {
    await ts.Start();
  }
  t.after(async () => {
    await Promise.all(conns.map((c) => c.CloseNow().catch(() => {})));
    await ts.Close();
  });
  return { ts, addr: ts.Listener!.Addr().String(), requests };
}

function clientWith(init: TransportInit, extra: { Timeout?: number; Jar?: CookieJar } = {}): Client {
  return new Client({ Transport: new Transport(init), ...extra });
}

async function dial(t: TestContext, url: string, client: Client | null): Promise<Conn> {
  const c = await Dial(url, { HTTPClient: client });
  t.after(() => c.CloseNow().catch(() => {}));
  return c;
}

// until waits for event, failing if p (a Dial) settles first: the Dial did not get that far.
async function until(event: Promise<void>, p: Promise<unknown>): Promise<void> {
  const early = p.then(
    () => Promise.reject(new Error("Dial resolved first")),
    (e: unknown) => Promise.reject(new Error(`Dial failed first: ${String(e)}`)),
  );
  early.catch(() => {});
  await Promise.race([event, early]);
}

async function assertEcho(c: Conn, text: string): Promise<void> {
  await c.Write(MessageText, text);
  const [type, data] = await c.Read();
  assert.equal(type, MessageText);
  assert.equal(dec.decode(data), text);
}

// assertDialFailed checks coder/websocket's wrap around a failed handshake request and returns the inner error.
async function assertDialFailed(p: Promise<unknown>, message: string): Promise<Error> {
  const err = await rejects(p);
  assert.ok(err instanceof WebSocketError, `want a WebSocketError, got ${String(err)}`);
  assert.equal(err.message, message);
  const send = err.Err;
  assert.ok(send instanceof WebSocketError, "the wrap holds coder/websocket's `failed to send handshake request`");
  assert.ok(send.Err !== null);
  return send.Err;
}

describe("Dial with an HTTPClient: wss through the Transport's TLSClientConfig", { timeout: 30_000 }, () => {
  it("echoes over wss to a server whose certificate a private CA in RootCAs signed", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)] });
    const c = await dial(t, `wss://${s.addr}/echo`, clientWith({ TLSClientConfig: { RootCAs: pool(certs.ca.cert) } }));
    await assertEcho(c, "over a private CA");
    await assertEcho(c, "twice");
    assert.equal(c.response?.StatusCode, 101);
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0]!.TLS?.HandshakeComplete, true);
    assert.equal(s.requests[0]!.Host, s.addr);
    const nc = NetConn(c, MessageText);
    assert.equal(nc.RemoteAddr().String(), `wss://${s.addr}/echo`);
    // The local address is the TLS connection's, not a placeholder.
    assert.match(nc.LocalAddr().String(), /^wss:\/\/127\.0\.0\.1:[1-9][0-9]*$/);
  });

  it("dials httptest's TLS server with ts.Client(), as Go's tests do", async (t) => {
    const conns: Conn[] = [];
    const ts = await NewTLSServer(
      HandlerFunc(async (w, r) => {
        const c = await Accept(w, r);
        conns.push(c);
        const [type, data] = await c.Read();
        await c.Write(type, data);
      }),
    );
    t.after(async () => {
      await Promise.all(conns.map((c) => c.CloseNow().catch(() => {})));
      await ts.Close();
    });
    const c = await dial(t, ts.URL + "/", ts.Client()); // an https URL is a wss one
    await assertEcho(c, "httptest");
  });

  const unknownAuthority = "tls: failed to verify certificate: x509: certificate signed by unknown authority";
  const cases: Array<{ name: string; server: () => PEMPair; config: () => TLSConfig | null; want: string; inner: abstract new (...a: never[]) => Error }> = [
    { name: "without RootCAs (the system roots)", server: () => certs.server, config: () => ({}), want: unknownAuthority, inner: UnknownAuthorityError },
    { name: "with a null TLSClientConfig", server: () => certs.server, config: () => null, want: unknownAuthority, inner: UnknownAuthorityError },
    { name: "with RootCAs of another CA", server: () => certs.untrusted, config: () => ({ RootCAs: pool(certs.ca.cert) }), want: unknownAuthority, inner: UnknownAuthorityError },
    {
      name: "with a ServerName the certificate does not name",
      server: () => certs.server,
      config: () => ({ RootCAs: pool(certs.ca.cert), ServerName: "example.com" }),
      want: "tls: failed to verify certificate: x509: certificate is valid for localhost, not example.com",
      inner: HostnameError,
    },
    {
      name: "to an IP the certificate has no SAN for",
      server: () => certs.otherHost,
      config: () => ({ RootCAs: pool(certs.ca.cert) }),
      want: "tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs",
      inner: HostnameError,
    },
  ];
  for (const tc of cases) {
    it(`fails with Go's text ${tc.name}`, async (t) => {
      const s = await echoServer(t, { Certificates: [keyPair(tc.server())] });
      const inner = await assertDialFailed(
        Dial(`wss://${s.addr}/`, { HTTPClient: clientWith({ TLSClientConfig: tc.config() }) }),
        `failed to WebSocket dial: failed to send handshake request: Get "https://${s.addr}/": ${tc.want}`,
      );
      assert.ok(inner instanceof CertificateVerificationError, `inner is ${inner.constructor.name}`);
      assert.ok(inner.Err instanceof tc.inner, `x509 error is ${inner.Err.constructor.name}`);
      assert.ok(As(inner, CertificateVerificationError) !== null);
      assert.equal(s.requests.length, 0, "no request reached the server");
    });
  }

  it("a Client without a Transport uses DefaultTransport (the system roots)", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)] });
    await assertDialFailed(Dial(`wss://${s.addr}/`, { HTTPClient: new Client() }), `failed to WebSocket dial: failed to send handshake request: Get "https://${s.addr}/": ${unknownAuthority}`);
  });

  it("Dial without an HTTPClient checks wss as DefaultClient does, with Go's texts", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)] });
    const inner = await assertDialFailed(Dial(`wss://${s.addr}/`), `failed to WebSocket dial: failed to send handshake request: Get "https://${s.addr}/": ${unknownAuthority}`);
    assert.ok(inner instanceof CertificateVerificationError, `inner is ${inner.constructor.name}`);
  });

  it("ServerName picks the name checked (and sent as SNI) when dialing an IP", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.otherHost)] });
    const c = await dial(t, `wss://${s.addr}/`, clientWith({ TLSClientConfig: { RootCAs: pool(certs.ca.cert), ServerName: "www.example.com" } }));
    await assertEcho(c, "by name");
    assert.equal(s.requests[0]!.TLS?.ServerName, "www.example.com");
  });

  it("InsecureSkipVerify accepts a certificate nobody trusts", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.untrusted)] });
    const c = await dial(t, `wss://${s.addr}/`, clientWith({ TLSClientConfig: { InsecureSkipVerify: true } }));
    await assertEcho(c, "unverified");
  });

  it("mTLS: a server that requires a client certificate accepts the one in Certificates", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)], ClientAuth: RequireAndVerifyClientCert, ClientCAs: pool(certs.ca.cert) });
    const c = await dial(t, `wss://${s.addr}/`, clientWith({ TLSClientConfig: { RootCAs: pool(certs.ca.cert), Certificates: [keyPair(certs.client)] } }));
    await assertEcho(c, "mutual");
  });

  it("mTLS: without a client certificate the server's alert fails the handshake request", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)], ClientAuth: RequireAndVerifyClientCert, ClientCAs: pool(certs.ca.cert) });
    // TLS 1.3: the client's handshake is done before the server judges it; the alert comes on the first read.
    const inner = await assertDialFailed(
      Dial(`wss://${s.addr}/`, { HTTPClient: clientWith({ TLSClientConfig: { RootCAs: pool(certs.ca.cert) } }) }),
      `failed to WebSocket dial: failed to send handshake request: Get "https://${s.addr}/": remote error: tls: certificate required`,
    );
    assert.ok(inner instanceof OpError);
    assert.ok(inner.Err instanceof AlertError);
    assert.equal(s.requests.length, 0);
  });

  it("mTLS: a client certificate from another CA is refused", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)], ClientAuth: RequireAndVerifyClientCert, ClientCAs: pool(certs.ca.cert) });
    // gonet's TLS server drops the connection without an alert (Go's would send bad_certificate):
    // the request ends before any answer, which Go's Transport reports as io.EOF.
    const inner = await assertDialFailed(
      Dial(`wss://${s.addr}/`, { HTTPClient: clientWith({ TLSClientConfig: { RootCAs: pool(certs.ca.cert), Certificates: [keyPair(certs.untrustedClient)] } }) }),
      `failed to WebSocket dial: failed to send handshake request: Get "https://${s.addr}/": EOF`,
    );
    assert.equal(inner, EOF);
    assert.equal(s.requests.length, 0);
  });

  it("TLSHandshakeTimeout bounds a handshake the server never answers", async (t) => {
    const sockets: net.Socket[] = [];
    const mute = net.createServer((sock) => sockets.push(sock)); // reads the ClientHello, says nothing
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    t.after(async () => {
      for (const sock of sockets) sock.destroy();
      await new Promise((resolve) => mute.close(resolve));
    });
    const addr = `127.0.0.1:${(mute.address() as net.AddressInfo).port}`;
    const inner = await assertDialFailed(
      Dial(`wss://${addr}/`, { HTTPClient: clientWith({ TLSClientConfig: { InsecureSkipVerify: true }, TLSHandshakeTimeout: 50 }) }),
      `failed to WebSocket dial: failed to send handshake request: Get "https://${addr}/": net/http: TLS handshake timeout`,
    );
    assert.equal((inner as unknown as { Timeout(): boolean }).Timeout(), true);
  });
});

describe("Dial with an HTTPClient: the Transport's DialContext", { timeout: 30_000 }, () => {
  // countingDial records each call and dials addr (or the address asked for) with gonet's Dialer.
  function countingDial(addr: string | null, wrapped = false) {
    const calls: Array<{ network: string; address: string; signal: AbortSignal }> = [];
    const reads = { n: 0 };
    const DialContext = async (signal: AbortSignal, network: string, address: string): Promise<NetConnection> => {
      calls.push({ network, address, signal });
      const c = await new Dialer({}).DialContext(signal, network as NetworkName, addr ?? address);
      if (!wrapped) return c;
      return wrapConn(c, { onRead: () => reads.n++ });
    };
    return { calls, reads, DialContext };
  }

  it("dials wss through DialContext, once, with the URL's host:port", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)] });
    const d = countingDial(null);
    const c = await dial(t, `wss://${s.addr}/x`, clientWith({ DialContext: d.DialContext, TLSClientConfig: { RootCAs: pool(certs.ca.cert) } }));
    await assertEcho(c, "dialed by the caller");
    assert.deepEqual(
      d.calls.map((x) => [x.network, x.address]),
      [["tcp", s.addr]],
    );
  });

  it("a DialContext for ws may dial another address than the URL's (the Host stays the URL's)", async (t) => {
    const s = await echoServer(t, null);
    for (const wrapConn of [false, true]) {
      const d = countingDial(s.addr, wrapConn);
      const c = await dial(t, "ws://gonet.invalid:8080/elsewhere", clientWith({ DialContext: d.DialContext }));
      await assertEcho(c, `wrapped=${wrapConn}`);
      assert.deepEqual(
        d.calls.map((x) => [x.network, x.address]),
        [["tcp", "gonet.invalid:8080"]],
      );
      assert.equal(s.requests.at(-1)!.Host, "gonet.invalid:8080");
      if (wrapConn) assert.ok(d.reads.n > 0, "the caller's Conn carried the WebSocket");
      await c.CloseNow();
    }
    assert.equal(s.requests.length, 2);
  });

  it("a DialContext for wss to another address still checks the URL's host", async (t) => {
    const s = await echoServer(t, { Certificates: [keyPair(certs.server)] });
    const d = countingDial(s.addr);
    const trusted = clientWith({ DialContext: d.DialContext, TLSClientConfig: { RootCAs: pool(certs.ca.cert) } });
    const c = await dial(t, "wss://localhost:1/", trusted);
    await assertEcho(c, "as localhost");
    await assertDialFailed(Dial("wss://gonet.invalid/", { HTTPClient: trusted }), 'failed to WebSocket dial: failed to send handshake request: Get "https://gonet.invalid/": tls: failed to verify certificate: x509: certificate is valid for localhost, not gonet.invalid');
    assert.deepEqual(
      d.calls.map((x) => x.address),
      ["localhost:1", "gonet.invalid:443"],
    );
  });

  it("a DialContext error is the handshake request's error", async () => {
    const l = net.createServer();
    await new Promise<void>((resolve) => l.listen(0, "127.0.0.1", resolve));
    const port = (l.address() as net.AddressInfo).port;
    await new Promise((resolve) => l.close(resolve));
    const d = countingDial(`127.0.0.1:${port}`);
    const err = await rejects(Dial("ws://gonet.invalid/", { HTTPClient: clientWith({ DialContext: d.DialContext }) }));
    const inner = await assertDialFailed(
      Promise.reject(err),
      `failed to WebSocket dial: failed to send handshake request: Get "http://gonet.invalid/": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    assert.ok(inner instanceof OpError);
    assert.equal((err as WebSocketError).code, "ECONNREFUSED");
    assert.equal(d.calls.length, 1);
  });

  it("opts.signal reaches DialContext and cancels the dial", async () => {
    let called!: () => void;
    const dialing = new Promise<void>((resolve) => (called = resolve));
    let seen: AbortSignal | null = null;
    const DialContext = (signal: AbortSignal): Promise<NetConnection> => {
      seen = signal;
      called();
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(new OpError({ Op: "dial", Net: "tcp", Err: ErrCanceled })), { once: true }));
    };
    const ac = new AbortController();
    const p = Dial("ws://gonet.invalid/", { HTTPClient: clientWith({ DialContext }), signal: ac.signal });
    await until(dialing, p);
    ac.abort();
    const inner = await assertDialFailed(p, 'failed to WebSocket dial: failed to send handshake request: Get "http://gonet.invalid/": context canceled');
    assert.ok(Is(inner, ErrCanceled));
    assert.equal(seen!.aborted, true);
  });

  it("a connection that comes after the handshake gave up is closed", async (t) => {
    const s = await echoServer(t, null);
    let called!: () => void;
    const dialing = new Promise<void>((resolve) => (called = resolve));
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    let closed!: () => void;
    const wasClosed = new Promise<void>((resolve) => (closed = resolve));
    const DialContext = async (_signal: AbortSignal, network: string): Promise<NetConnection> => {
      called();
      await late; // ignores the signal, as a careless DialContext may
      const c = await new Dialer({}).DialContext(new AbortController().signal, network as NetworkName, s.addr);
      return wrapConn(c, { onClose: closed });
    };
    const ac = new AbortController();
    const p = Dial("ws://gonet.invalid/", { HTTPClient: clientWith({ DialContext }), signal: ac.signal });
    await until(dialing, p);
    ac.abort();
    await assertDialFailed(p, 'failed to WebSocket dial: failed to send handshake request: Get "http://gonet.invalid/": context canceled');
    release();
    await wasClosed;
    assert.equal(s.requests.length, 0);
  });
});

describe("Dial with an HTTPClient: the Client's own fields", { timeout: 30_000 }, () => {
  it("Timeout bounds the handshake as a context timeout (coder/websocket)", async () => {
    const DialContext = (signal: AbortSignal): Promise<NetConnection> =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(new OpError({ Op: "dial", Net: "tcp", Err: ErrCanceled })), { once: true }));
    const err = await rejects(Dial("ws://gonet.invalid/", { HTTPClient: clientWith({ DialContext }, { Timeout: 20 }) }));
    assert.ok(err instanceof WebSocketError);
    assert.equal(err.message, 'failed to WebSocket dial: failed to send handshake request: Get "http://gonet.invalid/": context deadline exceeded');
    assert.ok(Is(err, ErrContextDeadlineExceeded));
    assert.equal(err.Timeout(), true);
  });

  it("the Jar's cookies go with the handshake and the 101's cookies come back to it", async (t) => {
    const s = await echoServer(t, null, "session=abc; Path=/");
    const stored: Array<[string, string[]]> = [];
    const asked: string[] = [];
    const jar: CookieJar = {
      Cookies: (u) => {
        asked.push(u.href);
        return [new Cookie({ Name: "a", Value: "1" }), new Cookie({ Name: "b", Value: "two words" })];
      },
      SetCookies: (u, cs) => stored.push([u.href, cs.map((c) => `${c.Name}=${c.Value}`)]),
    };
    const client = new Client({ Transport: new Transport({ DialContext: countingDialTo(s.addr) }), Jar: jar });
    const c = await Dial(`ws://${s.addr}/j?q=1`, { HTTPClient: client, HTTPHeader: { Cookie: ["pre=0"] } });
    t.after(() => c.CloseNow().catch(() => {}));
    assert.equal(s.requests[0]!.Header.Get("Cookie"), 'pre=0; a=1; b="two words"');
    assert.deepEqual(asked, [`http://${s.addr}/j?q=1`]);
    assert.deepEqual(stored, [[`http://${s.addr}/j?q=1`, ["session=abc"]]]);
  });

  it("a Transport that is not gonet/http's is refused with ErrUnsupported, before any request", async () => {
    let trips = 0;
    const rt: RoundTripper = {
      RoundTrip: async () => {
        trips++;
        return new Response({ StatusCode: 101 });
      },
    };
    const err = await rejects(Dial("ws://127.0.0.1:1/", { HTTPClient: new Client({ Transport: rt }) }));
    assert.ok(err instanceof WebSocketError);
    assert.equal(
      err.message,
      "failed to WebSocket dial: unsupported operation (HTTPClient.Transport must be gonet/http's Transport: only its connections can be handed over to the WebSocket after the handshake)",
    );
    assert.ok(Is(err, ErrUnsupported));
    assert.equal(err.code, "GONET_ERR_UNSUPPORTED");
    assert.equal(trips, 0);
  });

  it("a server that hangs up before answering reads as Go's EOF, with or without an HTTPClient", async (t) => {
    const hangup = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.once("data", () => sock.end()); // reads the request, answers nothing
    });
    await new Promise<void>((resolve) => hangup.listen(0, "127.0.0.1", resolve));
    t.after(() => new Promise((resolve) => hangup.close(resolve)));
    const addr = `127.0.0.1:${(hangup.address() as net.AddressInfo).port}`;
    for (const client of [null, clientWith({ DialContext: countingDialTo(addr) })]) {
      const inner = await assertDialFailed(Dial(`ws://${addr}/`, { HTTPClient: client }), `failed to WebSocket dial: failed to send handshake request: Get "http://${addr}/": EOF`);
      assert.equal(inner, EOF);
    }
  });

  it("a null HTTPClient is the default: ws's own connection", async (t) => {
    const s = await echoServer(t, null);
    const c = await dial(t, `ws://${s.addr}/`, null);
    await assertEcho(c, "default");
  });
});

// WrappedConn is a Conn of the caller's own around c (not one gonet can take the socket from, so
// it rides a Duplex), with hooks on Read and Close.
class WrappedConn implements NetConnection {
  readonly #c: NetConnection;
  readonly #hooks: { onRead?: () => void; onClose?: () => void };
  constructor(c: NetConnection, hooks: { onRead?: () => void; onClose?: () => void }) {
    this.#c = c;
    this.#hooks = hooks;
  }
  Read(p: Uint8Array): Promise<number | null> {
    this.#hooks.onRead?.();
    return this.#c.Read(p);
  }
  Write(p: Uint8Array): Promise<number> {
    return this.#c.Write(p);
  }
  Close(): Promise<void> {
    this.#hooks.onClose?.();
    return this.#c.Close();
  }
  LocalAddr(): ReturnType<NetConnection["LocalAddr"]> {
    return this.#c.LocalAddr();
  }
  RemoteAddr(): ReturnType<NetConnection["RemoteAddr"]> {
    return this.#c.RemoteAddr();
  }
  SetDeadline(d: Parameters<NetConnection["SetDeadline"]>[0]): void {
    this.#c.SetDeadline(d);
  }
  SetReadDeadline(d: Parameters<NetConnection["SetReadDeadline"]>[0]): void {
    this.#c.SetReadDeadline(d);
  }
  SetWriteDeadline(d: Parameters<NetConnection["SetWriteDeadline"]>[0]): void {
    this.#c.SetWriteDeadline(d);
  }
  get readable(): ReadableStream<Uint8Array> {
    return this.#c.readable;
  }
  get writable(): WritableStream<Uint8Array> {
    return this.#c.writable;
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.#c[Symbol.asyncIterator]();
  }
  [Symbol.asyncDispose](): Promise<void> {
    return this.Close();
  }
}

function wrapConn(c: NetConnection, hooks: { onRead?: () => void; onClose?: () => void }): NetConnection {
  return new WrappedConn(c, hooks);
}

// countingDialTo is a DialContext that dials addr whatever it is asked for.
function countingDialTo(addr: string): (signal: AbortSignal, network: string) => Promise<NetConnection> {
  return (signal, network) => new Dialer({}).DialContext(signal, network as NetworkName, addr);
}

describe("browser backend: HTTPClient", { timeout: 30_000 }, () => {
  const g = globalThis as { WebSocket?: unknown };
  const saved = g.WebSocket;
  let made = 0;
  before(() => {
    // A stand-in WebSocket global that only counts: the refusal must come before any is made.
    g.WebSocket = class {
      constructor() {
        made++;
        throw new Error("no WebSocket may be opened");
      }
    };
  });
  after(() => {
    g.WebSocket = saved;
  });

  it("refuses an HTTPClient with ErrUnsupported: the page's WebSocket picks its own connection and TLS", async () => {
    const tr = new Transport({ TLSClientConfig: { InsecureSkipVerify: true } });
    for (const client of [new Client(), new Client({ Transport: tr })]) {
      const err = await rejects(browser.Dial("wss://127.0.0.1:1/", { HTTPClient: client }));
      assert.ok(err instanceof WebSocketError, `want a WebSocketError, got ${String(err)}`);
      assert.ok(err instanceof browser.WebSocketError);
      assert.equal(
        err.message,
        "failed to WebSocket dial: unsupported operation (the browser's WebSocket picks its own connection and TLS: a page cannot dial it through an HTTPClient; Dial without one)",
      );
      assert.ok(Is(err, ErrUnsupported));
      assert.ok(err.Err instanceof WebSocketError);
      assert.equal(err.Err.Err, ErrUnsupported);
      assert.equal(err.code, "GONET_ERR_UNSUPPORTED");
    }
    assert.equal(made, 0);
  });

  it("a null HTTPClient is no refusal: the page's WebSocket is asked for", async () => {
    const err = await rejects(browser.Dial("ws://127.0.0.1:1/", { HTTPClient: null }));
    assert.equal((err as Error).message, "failed to WebSocket dial: no WebSocket may be opened");
    assert.equal(made, 1);
  });
});
