// TCP and unix sockets on Node: the conformance suite, Go's error structure and texts, deadline,
// close, half-close, reset, backpressure, Happy Eyeballs and handle-leak behaviour.

import type { NetworkName } from "../../src/net.js";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  AddrError,
  DNSError,
  Dial,
  DialTCP,
  DialTimeout,
  DialUnix,
  Dialer,
  ErrCanceled,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrUnsupported,
  Is,
  Listen,
  ListenConfig,
  ListenTCP,
  ListenUnix,
  OpError,
  ParseIP,
  TCPAddr,
  TCPConn,
  UnixAddr,
  UnknownNetworkError,
  type Conn,
  type Listener,
} from "../../src-node/index.js";
import type { AddrResolver } from "../../src/dial.js";
import { testConn } from "../conformance/conn.js";
import { blackhole } from "../helpers/blackhole.js";
import { assertOpError, rejects } from "../helpers/errors.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

async function tcpPair(): Promise<{ l: Listener; c: Conn; s: Conn; stop: () => Promise<void> }> {
  const l = await Listen("tcp", "127.0.0.1:0");
  const acc = l.Accept();
  const c = await Dial("tcp", l.Addr().String());
  const s = await acc;
  const stop = async (): Promise<void> => {
    for (const x of [c, s, l]) await x.Close().catch(() => {});
  };
  return { l, c, s, stop };
}

const dir = mkdtempSync(join(tmpdir(), "gonet-unix-"));
after(() => rmSync(dir, { recursive: true, force: true }));
let sockN = 0;

async function unixPair(): Promise<{ l: Listener; c: Conn; s: Conn; stop: () => Promise<void> }> {
  const path = join(dir, `s${sockN++}.sock`);
  const l = await Listen("unix", path);
  const acc = l.Accept();
  const c = await Dial("unix", path);
  const s = await acc;
  const stop = async (): Promise<void> => {
    for (const x of [c, s, l]) await x.Close().catch(() => {});
  };
  return { l, c, s, stop };
}

await testConn("TCP conformance", async () => {
  const { c, s, stop } = await tcpPair();
  return { c1: c, c2: s, stop };
});

await testConn("unix conformance", async () => {
  const { c, s, stop } = await unixPair();
  return { c1: c, c2: s, stop };
});

async function readAllString(c: Conn): Promise<string> {
  let out = "";
  const p = new Uint8Array(1024);
  for (;;) {
    const n = await c.Read(p);
    if (n === null) return out;
    out += dec.decode(p.subarray(0, n));
  }
}

describe("TCP errors have Go's structure and text", () => {
  it("dial to a closed port: connect: connection refused", async () => {
    // Find a port nobody listens on: listen, note it, close.
    const l = await Listen("tcp", "127.0.0.1:0");
    const addr = l.Addr().String();
    await l.Close();
    const err = await rejects(Dial("tcp", addr));
    assertOpError(err, { Op: "dial", Net: "tcp", Source: null, Addr: addr, inner: { syscall: "connect", errno: "ECONNREFUSED" }, message: `dial tcp ${addr}: connect: connection refused`, timeout: false });
  });

  const table: { name: string; network: string; address: string; message: string; inner: abstract new (...a: never[]) => Error }[] = [
    { name: "unknown network", network: "foo", address: "127.0.0.1:80", message: "dial foo: unknown network foo", inner: UnknownNetworkError },
    { name: "missing port", network: "tcp", address: "1.2.3.4", message: "dial tcp: address 1.2.3.4: missing port in address", inner: AddrError },
    { name: "too many colons", network: "tcp", address: "::1:80", message: "dial tcp: address ::1:80: too many colons in address", inner: AddrError },
    { name: "invalid port", network: "tcp", address: "127.0.0.1:99999", message: "dial tcp: address 99999: invalid port", inner: AddrError },
    { name: "ipv4 address on tcp6", network: "tcp6", address: "127.0.0.1:80", message: "dial tcp6: address 127.0.0.1: no suitable address found", inner: AddrError },
    { name: "unknown host", network: "tcp", address: "nosuchhost.invalid:80", message: "dial tcp: lookup nosuchhost.invalid: no such host", inner: DNSError },
  ];
  for (const tc of table) {
    it(tc.name, async () => {
      const err = await rejects(Dial(tc.network as NetworkName, tc.address));
      assertOpError(err, { Op: "dial", Net: tc.network, Source: null, Addr: null, inner: tc.inner, message: tc.message });
    });
  }

  it("empty address: missing address", async () => {
    const err = await rejects(Dial("tcp", ""));
    assertOpError(err, { Op: "dial", Net: "tcp", message: "dial tcp: missing address" });
  });

  it("listen on a port in use: bind: address already in use", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    after(() => l.Close().catch(() => {}));
    const addr = l.Addr().String();
    const err = await rejects(Listen("tcp", addr));
    assertOpError(err, { Op: "listen", Net: "tcp", Source: null, Addr: addr, inner: { syscall: "bind", errno: "EADDRINUSE" }, message: `listen tcp ${addr}: bind: address already in use` });
  });

  it("listen udp on a stream Listen: unexpected address type", async () => {
    const err = await rejects(Listen("udp", "127.0.0.1:0"));
    assertOpError(err, { Op: "listen", Net: "udp", Addr: "127.0.0.1:0", inner: AddrError, message: "listen udp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type" });
  });

  it("unixgram is unsupported on Node and says what to use", async () => {
    const err = await rejects(Dial("unixgram", join(dir, "x.sock")));
    const op = assertOpError(err, { Op: "dial", Net: "unixgram" });
    assert.ok(Is(op, ErrUnsupported), op.message);
    assert.match(op.message, /use "unix"/);
  });

  it("read and write after Close, Close twice", async () => {
    const { c, stop } = await tcpPair();
    after(stop);
    const la = c.LocalAddr().String();
    const ra = c.RemoteAddr().String();
    await c.Close();
    assertOpError(await rejects(c.Read(new Uint8Array(1))), { Op: "read", Net: "tcp", Source: la, Addr: ra, inner: ErrClosed, message: `read tcp ${la}->${ra}: use of closed network connection` });
    assertOpError(await rejects(c.Write(enc.encode("x"))), { Op: "write", Net: "tcp", Source: la, Addr: ra, inner: ErrClosed });
    assertOpError(await rejects(c.Close()), { Op: "close", Net: "tcp", Source: la, Addr: ra, inner: ErrClosed, message: `close tcp ${la}->${ra}: use of closed network connection` });
  });

  it("Accept after Close and a second Close", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    const addr = l.Addr().String();
    const pending = l.Accept();
    await l.Close();
    assertOpError(await rejects(pending), { Op: "accept", Net: "tcp", Source: null, Addr: addr, inner: ErrClosed, message: `accept tcp ${addr}: use of closed network connection` });
    assertOpError(await rejects(l.Accept()), { Op: "accept", Net: "tcp", inner: ErrClosed });
    assertOpError(await rejects(l.Close()), { Op: "close", Net: "tcp", Addr: addr, inner: ErrClosed });
  });

  it("a read deadline gives read tcp L->R: i/o timeout and the conn recovers", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    s.SetReadDeadline(Date.now() + 30);
    const err = await rejects(s.Read(new Uint8Array(8)));
    assertOpError(err, { Op: "read", Net: "tcp", Source: s.LocalAddr().String(), Addr: s.RemoteAddr().String(), inner: ErrDeadlineExceeded, timeout: true, message: `read tcp ${s.LocalAddr().String()}->${s.RemoteAddr().String()}: i/o timeout` });
    s.SetReadDeadline(null);
    await c.Write(enc.encode("ok"));
    const p = new Uint8Array(8);
    assert.equal(await s.Read(p), 2);
    assert.equal(dec.decode(p.subarray(0, 2)), "ok");
  });

  it("a peer reset gives read: connection reset by peer", async () => {
    const server = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.once("data", () => sock.resetAndDestroy());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const c = await Dial("tcp", `127.0.0.1:${port}`);
    after(() => c.Close().catch(() => {}));
    await c.Write(enc.encode("reset me"));
    const err = await rejects(c.Read(new Uint8Array(8)));
    assertOpError(err, { Op: "read", Net: "tcp", Source: c.LocalAddr().String(), Addr: `127.0.0.1:${port}`, inner: { syscall: "read", errno: "ECONNRESET" }, message: `read tcp ${c.LocalAddr().String()}->127.0.0.1:${port}: read: connection reset by peer` });
    // The error is sticky, as on a dead socket.
    assertOpError(await rejects(c.Read(new Uint8Array(8))), { Op: "read", Net: "tcp", inner: { syscall: "read", errno: "ECONNRESET" } });
  });
});

describe("Dialer options", () => {
  it("LocalAddr binds the dialing end", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    after(() => l.Close().catch(() => {}));
    // Pick a free local port by listening on it first.
    const probe = await Listen("tcp", "127.0.0.1:0");
    const local = probe.Addr() as TCPAddr;
    await probe.Close();
    const acc = l.Accept();
    const c = await new Dialer({ LocalAddr: new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: local.Port }) }).Dial("tcp", l.Addr().String());
    after(() => c.Close().catch(() => {}));
    assert.equal(c.LocalAddr().String(), `127.0.0.1:${local.Port}`);
    assert.equal((await acc).RemoteAddr().String(), `127.0.0.1:${local.Port}`);
  });

  it("a LocalAddr of another kind is a mismatched local address type", async () => {
    const err = await rejects(new Dialer({ LocalAddr: new UnixAddr({ Name: "/tmp/x", Net: "unix" }) }).Dial("tcp", "127.0.0.1:1"));
    assertOpError(err, { Op: "dial", Net: "tcp", inner: AddrError, message: "dial tcp: address /tmp/x: mismatched local address type" });
  });
});

describe("no crash on platform errors", () => {
  it("a reset with no Read pending surfaces on the next Read, and nothing is thrown at the process", async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): void => void uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    after(() => process.off("uncaughtException", onUncaught));
    let resetDone!: () => void;
    const wasReset = new Promise<void>((r) => (resetDone = r));
    const server = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.once("data", () => {
        sock.resetAndDestroy();
        resetDone();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const c = await Dial("tcp", `127.0.0.1:${port}`);
    after(() => c.Close().catch(() => {}));
    await c.Write(enc.encode("go"));
    await wasReset;
    await new Promise((r) => setTimeout(r, 50)); // let the RST arrive while nothing reads
    assertOpError(await rejects(c.Read(new Uint8Array(4))), { Op: "read", Net: "tcp", inner: { syscall: "read", errno: "ECONNRESET" } });
    assertOpError(await rejects(c.Write(enc.encode("more"))), { Op: "write", Net: "tcp", inner: { syscall: "read", errno: "ECONNRESET" } });
    assert.deepEqual(uncaught, []);
  });
});

describe("dial timeouts and cancellation", () => {
  it("DialTimeout to a listener that never answers: dial tcp ADDR: i/o timeout", async () => {
    const bh = await blackhole();
    after(() => bh.close());
    const err = await rejects(DialTimeout("tcp", bh.addr, 200));
    assertOpError(err, { Op: "dial", Net: "tcp", Source: null, Addr: bh.addr, inner: ErrDeadlineExceeded, timeout: true, message: `dial tcp ${bh.addr}: i/o timeout` });
  });

  it("Dialer.Deadline in the past fails at once with i/o timeout", async () => {
    const err = await rejects(new Dialer({ Deadline: Date.now() - 1000 }).Dial("tcp", "127.0.0.1:1"));
    assertOpError(err, { Op: "dial", Net: "tcp", timeout: true, message: "dial tcp 127.0.0.1:1: i/o timeout" });
  });

  it("an aborted signal: operation was canceled", async () => {
    const bh = await blackhole();
    after(() => bh.close());
    const ac = new AbortController();
    const p = new Dialer().DialContext(ac.signal, "tcp", bh.addr);
    setTimeout(() => ac.abort(), 50);
    const err = await rejects(p);
    assertOpError(err, { Op: "dial", Net: "tcp", Addr: bh.addr, inner: ErrCanceled, timeout: false, message: `dial tcp ${bh.addr}: operation was canceled` });
  });

  it("a signal that timed out reads as i/o timeout", async () => {
    const bh = await blackhole();
    after(() => bh.close());
    const err = await rejects(new Dialer().DialContext(AbortSignal.timeout(50), "tcp", bh.addr));
    assertOpError(err, { Op: "dial", Net: "tcp", Addr: bh.addr, timeout: true, message: `dial tcp ${bh.addr}: i/o timeout` });
  });
});

describe("Happy Eyeballs", () => {
  function fixedResolver(ips: string[], delayMs = 0): AddrResolver {
    return {
      async LookupIPAddr() {
        if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
        return ips.map((s) => ({ IP: ParseIP(s)!, Zone: "" }));
      },
      async LookupPort() {
        throw new Error("not used");
      },
    };
  }

  it("falls back to IPv4 when the IPv6 primary is refused", async () => {
    const l = await Listen("tcp4", "127.0.0.1:0");
    after(() => l.Close().catch(() => {}));
    const port = (l.Addr() as TCPAddr).Port;
    const acc = l.Accept();
    const c = await new Dialer({ Resolver: fixedResolver(["::1", "127.0.0.1"]), FallbackDelay: 5000 }).Dial("tcp", `example.test:${port}`);
    after(() => c.Close().catch(() => {}));
    assert.equal(c.RemoteAddr().String(), `127.0.0.1:${port}`);
    (await acc).Close();
  });

  it("races the fallback when the primary hangs, and the primary error wins when all fail", async () => {
    const bh = await blackhole();
    after(() => bh.close());
    const bhPort = Number(bh.addr.split(":")[1]);
    // Primary 127.0.0.1 (blackholed) hangs; fallback ::1 on the same port is refused: both fail
    // only when the timeout cuts the primary, so the error is the primary's.
    const d = new Dialer({ Resolver: fixedResolver(["127.0.0.1", "::1"]), FallbackDelay: 20, Timeout: 300 });
    const err = await rejects(d.Dial("tcp", `example.test:${bhPort}`));
    assertOpError(err, { Op: "dial", Net: "tcp", Addr: bh.addr, timeout: true });
  });

  // listenV6 listens on [::1]:port with node:net and counts the connections it accepts; it
  // resolves null when that port is taken on ::1 or IPv6 is missing.
  async function listenV6(port: number): Promise<{ accepts: () => number; close: () => Promise<void> } | null> {
    const conns: net.Socket[] = [];
    const server = net.createServer((s) => {
      s.on("error", () => {});
      conns.push(s);
    });
    const ok = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen({ host: "::1", port, exclusive: true }, () => resolve(true));
    });
    if (!ok) return null;
    return {
      accepts: () => conns.length,
      close: async () => {
        for (const s of conns) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  // dualStack gives a port with primary as 127.0.0.1:port (a blackhole that never answers, or
  // a listener that accepts) and a counting listener on [::1]:port as the fallback. It skips the
  // test when ::1 cannot be used.
  async function dualStack(t: { skip(msg: string): void }, primary: "hang" | "accept") {
    for (let i = 0; i < 5; i++) {
      let port: number;
      let closePrimary: () => Promise<void>;
      if (primary === "hang") {
        const bh = await blackhole();
        port = Number(bh.addr.split(":")[1]);
        closePrimary = () => bh.close();
      } else {
        const l = await Listen("tcp4", "127.0.0.1:0");
        port = (l.Addr() as TCPAddr).Port;
        const accepted: Conn[] = [];
        void (async () => {
          for (;;) accepted.push(await l.Accept());
        })().catch(() => {});
        closePrimary = async () => {
          await l.Close().catch(() => {});
          for (const c of accepted) await c.Close().catch(() => {});
        };
      }
      const v6 = await listenV6(port);
      if (v6 !== null) {
        after(async () => {
          await v6.close();
          await closePrimary();
        });
        return { port, fallbackAccepts: v6.accepts };
      }
      await closePrimary();
    }
    t.skip("cannot listen on [::1] at the primary's port (no IPv6 loopback?)");
    return null;
  }

  // Go's TestDialerFallbackDelay (src/net/dial_test.go): with the primary hanging, the dial
  // succeeds through the fallback no sooner than FallbackDelay (300 ms when 0), and soon after.
  for (const tc of [
    { fallbackDelay: 150, expect: 150 },
    { fallbackDelay: 0, expect: 300 },
  ]) {
    it(`a hanging primary: the fallback wins after FallbackDelay ${tc.fallbackDelay} (${tc.expect} ms)`, async (t) => {
      const ds = await dualStack(t, "hang");
      if (ds === null) return;
      const d = new Dialer({ Resolver: fixedResolver(["127.0.0.1", "::1"]), FallbackDelay: tc.fallbackDelay });
      const t0 = Date.now();
      const c = await d.DialContext(AbortSignal.timeout(5000), "tcp", `example.test:${ds.port}`);
      const elapsed = Date.now() - t0;
      after(() => c.Close().catch(() => {}));
      assert.equal(c.RemoteAddr().String(), `[::1]:${ds.port}`);
      // Go: expectMin := tt.expectElapsed - 1*time.Millisecond (timer slack).
      assert.ok(elapsed >= tc.expect - 1, `dial took ${elapsed} ms; want at least FallbackDelay (${tc.expect} ms)`);
      assert.ok(elapsed <= tc.expect + 1500, `dial took ${elapsed} ms; want at most ${tc.expect + 1500} ms`);
      assert.equal(ds.fallbackAccepts(), 1);
    });
  }

  // Go's TestDialParallel (src/net/dial_test.go), its fast-primary cases: the primary connects
  // at once, so the fallback is never dialed, not even when FallbackDelay has passed since.
  it("a fast primary: the dial is quick and the fallback listener accepts nothing", async (t) => {
    const ds = await dualStack(t, "accept");
    if (ds === null) return;
    const fallbackDelay = 1000;
    const d = new Dialer({ Resolver: fixedResolver(["127.0.0.1", "::1"]), FallbackDelay: fallbackDelay });
    const t0 = Date.now();
    const c = await d.Dial("tcp", `example.test:${ds.port}`);
    const elapsed = Date.now() - t0;
    after(() => c.Close().catch(() => {}));
    assert.equal(c.RemoteAddr().String(), `127.0.0.1:${ds.port}`);
    assert.ok(elapsed < fallbackDelay, `dial took ${elapsed} ms; want less than FallbackDelay (${fallbackDelay} ms)`);
    await new Promise((r) => setTimeout(r, fallbackDelay + 200 - (Date.now() - t0)));
    assert.equal(ds.fallbackAccepts(), 0, "the fallback was dialed although the primary connected at once");
  });

  // Go's Dialer.dualStack: a negative FallbackDelay disables the race; the addresses are dialed
  // one after another, so a hanging primary holds the dial and the fallback is not tried.
  it("a negative FallbackDelay disables the race", async (t) => {
    const ds = await dualStack(t, "hang");
    if (ds === null) return;
    const d = new Dialer({ Resolver: fixedResolver(["127.0.0.1", "::1"]), FallbackDelay: -1 });
    const err = await rejects(d.DialContext(AbortSignal.timeout(400), "tcp", `example.test:${ds.port}`));
    // Go's dialSerial checks ctx.Done() before each address, so the error names the next one.
    assertOpError(err, { Op: "dial", Net: "tcp", Addr: `[::1]:${ds.port}`, inner: ErrDeadlineExceeded, timeout: true });
    assert.equal(ds.fallbackAccepts(), 0, "the fallback was dialed although FallbackDelay is negative");
  });

  it("tcp4 and tcp6 filter the resolved family", async () => {
    const l = await Listen("tcp4", "127.0.0.1:0");
    after(() => l.Close().catch(() => {}));
    const port = (l.Addr() as TCPAddr).Port;
    const acc = l.Accept();
    const c = await new Dialer({ Resolver: fixedResolver(["::1", "127.0.0.1"]) }).Dial("tcp4", `example.test:${port}`);
    assert.equal(c.RemoteAddr().String(), `127.0.0.1:${port}`);
    await c.Close();
    await (await acc).Close();
    const err = await rejects(new Dialer({ Resolver: fixedResolver(["127.0.0.1"]) }).Dial("tcp6", `example.test:${port}`));
    assertOpError(err, { Op: "dial", Net: "tcp6", inner: AddrError, message: "dial tcp6: address example.test: no suitable address found" });
  });
});

describe("TCPConn behaviour", () => {
  it("typed DialTCP/ListenTCP and TCPConn options", async () => {
    const l = await ListenTCP("tcp", new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: 0 }));
    after(() => l.Close().catch(() => {}));
    const acc = l.AcceptTCP();
    const c = await DialTCP("tcp", null, l.Addr());
    after(() => c.Close().catch(() => {}));
    assert.ok(c instanceof TCPConn);
    c.SetNoDelay(false);
    c.SetKeepAlive(true);
    c.SetKeepAlivePeriod(30000);
    const s = await acc;
    assert.equal(s.RemoteAddr().String(), c.LocalAddr().String());
    await s.Close();
    await c.Close();
    assertOpError(await rejects((async () => c.SetNoDelay(true))()), { Op: "set", Net: "tcp", inner: ErrClosed });
    const bad = await rejects(DialTCP("udp", null, l.Addr()));
    assertOpError(bad, { Op: "dial", Net: "udp", inner: UnknownNetworkError, message: `dial udp ${l.Addr().String()}: unknown network udp` });
  });

  it("half-close works both ways", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    await c.Write(enc.encode("request"));
    await (c as TCPConn).CloseWrite();
    assert.equal(await readAllString(s), "request");
    // The server can still answer after the client's FIN.
    await s.Write(enc.encode("response"));
    await (s as TCPConn).CloseWrite();
    assert.equal(await readAllString(c), "response");
    const err = await rejects(c.Write(enc.encode("late")));
    assertOpError(err, { Op: "write", Net: "tcp", message: /write: broken pipe$/ });
  });

  it("CloseRead makes reads see end of stream while writes go on", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const pending = s.Read(new Uint8Array(4));
    await (s as TCPConn).CloseRead();
    assert.equal(await pending, null);
    assert.equal(await s.Read(new Uint8Array(4)), null);
    await c.Write(enc.encode("ignored"));
    await s.Write(enc.encode("still"));
    const p = new Uint8Array(5);
    assert.equal(await c.Read(p), 5);
    assert.equal(dec.decode(p), "still");
  });

  it("Close unblocks a pending Read and Accept with ErrClosed", async () => {
    const { s, l, stop } = await tcpPair();
    after(stop);
    const r = rejects(s.Read(new Uint8Array(4)));
    const a = rejects(l.Accept());
    await s.Close();
    await l.Close();
    assert.ok(Is(await r, ErrClosed));
    assert.ok(Is(await a, ErrClosed));
  });

  it("Accept deadline: accept tcp ADDR: i/o timeout, then recovers", async () => {
    const l = (await Listen("tcp", "127.0.0.1:0")) as import("../../src/tcp.js").TCPListener;
    after(() => l.Close().catch(() => {}));
    l.SetDeadline(Date.now() + 30);
    const err = await rejects(l.Accept());
    assertOpError(err, { Op: "accept", Net: "tcp", Addr: l.Addr().String(), inner: ErrDeadlineExceeded, timeout: true, message: `accept tcp ${l.Addr().String()}: i/o timeout` });
    l.SetDeadline(null);
    const acc = l.Accept();
    const c = await Dial("tcp", l.Addr().String());
    await (await acc).Close();
    await c.Close();
  });

  it("a writer facing a reader that never reads waits instead of growing memory (1 GiB)", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const chunk = new Uint8Array(64 * 1024).fill(0x5a);
    const total = 1024 * 1024 * 1024;
    let written = 0;
    let stalled = false;
    const base = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    const writer = (async () => {
      while (written < total) {
        await c.Write(chunk);
        written += chunk.length;
      }
    })();
    // Wait until the writer stops making progress: the kernel buffers and the reader's bounded
    // queue are full.
    let last = -1;
    while (!stalled) {
      await new Promise((r) => setTimeout(r, 100));
      if (written === last) stalled = true;
      last = written;
    }
    assert.ok(written < 64 * 1024 * 1024, `writer got ${written} bytes ahead of a reader that does not read`);
    const grown = process.memoryUsage().arrayBuffers + process.memoryUsage().external - base;
    assert.ok(grown < 64 * 1024 * 1024, `memory grew by ${grown} bytes`);
    // Now read all of it: every byte arrives, memory stays bounded throughout.
    const p = new Uint8Array(256 * 1024);
    let got = 0;
    let peak = 0;
    while (got < total) {
      const n = await s.Read(p);
      assert.notEqual(n, null);
      got += n!;
      if ((got & 0x3ffffff) < p.length) {
        const m = process.memoryUsage().arrayBuffers + process.memoryUsage().external - base;
        if (m > peak) peak = m;
      }
    }
    await writer;
    assert.equal(got, total);
    assert.ok(peak < 128 * 1024 * 1024, `memory peaked ${peak} bytes above the start`);
  });

  it("a reader that does not read pushes back on the sender (bounded read queue)", async () => {
    const server = net.createServer({ allowHalfOpen: true });
    const sockP = new Promise<net.Socket>((r) => server.once("connection", r));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const c = await Dial("tcp", `127.0.0.1:${port}`);
    after(() => c.Close().catch(() => {}));
    const raw = await sockP;
    after(() => raw.destroy());
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    for (;;) {
      if (!raw.write(chunk)) {
        const drained = await Promise.race([new Promise((r) => raw.once("drain", () => r(true))), new Promise((r) => setTimeout(() => r(false), 300))]);
        if (!drained) break;
      }
      sent += chunk.length;
      assert.ok(sent < 256 * 1024 * 1024, "the sender was never pushed back");
    }
    // Draining it all delivers every byte.
    let got = 0;
    const p = new Uint8Array(64 * 1024);
    const target = sent + raw.writableLength;
    while (got < target) got += (await c.Read(p)) ?? 0;
    assert.equal(got, target);
  });

  it("concurrent Reads and Writes are served in call order", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const writes = Array.from({ length: 20 }, (_, i) => c.Write(enc.encode(String(i).padStart(3, "0"))));
    await Promise.all(writes);
    // Twenty Reads issued at once: each gets bytes in call order.
    const got: string[] = [];
    const ps = Array.from({ length: 20 }, () => new Uint8Array(3));
    const rs = ps.map((p) => s.Read(p));
    const ns = await Promise.all(rs);
    let all = "";
    ps.forEach((p, i) => (all += dec.decode(p.subarray(0, ns[i]!))));
    for (let i = 0; i < all.length; i += 3) got.push(all.slice(i, i + 3));
    assert.deepEqual(got.slice(0, 20), Array.from({ length: 20 }, (_, i) => String(i).padStart(3, "0")));
  });

  it("for await and Web Streams carry the bytes", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const w = c.writable.getWriter();
    await w.write(enc.encode("streams "));
    await w.write(enc.encode("work"));
    await w.close(); // CloseWrite on TCP
    let text = "";
    for await (const chunk of s) text += dec.decode(chunk);
    assert.equal(text, "streams work");
  });

  it("await using closes the conn", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    after(() => l.Close().catch(() => {}));
    let conn: Conn;
    {
      await using c = await Dial("tcp", l.Addr().String());
      conn = c;
    }
    assert.ok(Is(await rejects(conn.Read(new Uint8Array(1))), ErrClosed));
  });
});

describe("unix sockets", () => {
  it("typed DialUnix/ListenUnix, addresses and socket-file removal", async () => {
    const path = join(dir, "typed.sock");
    const l = await ListenUnix("unix", new UnixAddr({ Name: path, Net: "unix" }));
    assert.equal(l.Addr().String(), path);
    assert.equal(l.Addr().Network(), "unix");
    const acc = l.AcceptUnix();
    const c = await DialUnix("unix", null, new UnixAddr({ Name: path, Net: "unix" }));
    const s = await acc;
    assert.equal(c.RemoteAddr().String(), path);
    assert.equal(c.LocalAddr().String(), "@");
    assert.equal(s.LocalAddr().String(), path);
    await c.Write(enc.encode("hi"));
    await c.CloseWrite();
    assert.equal(await readAllString(s), "hi");
    await s.Close();
    await c.Close();
    await l.Close();
    assert.equal(existsSync(path), false, "Close removes the socket file, as Go's UnixListener");
  });

  it("dial to a missing path: connect: no such file or directory", async () => {
    const path = join(dir, "missing.sock");
    const err = await rejects(Dial("unix", path));
    assertOpError(err, { Op: "dial", Net: "unix", Source: null, Addr: path, inner: { syscall: "connect", errno: "ENOENT" }, message: `dial unix ${path}: connect: no such file or directory` });
  });

  it("listen in a missing directory: bind: no such file or directory", async () => {
    // libuv says EACCES here; Go reports bind(2)'s ENOENT.
    const path = join(dir, "no-such-dir", "x.sock");
    const err = await rejects(Listen("unix", path));
    assertOpError(err, { Op: "listen", Net: "unix", Addr: path, inner: { syscall: "bind", errno: "ENOENT" }, message: `listen unix ${path}: bind: no such file or directory` });
  });

  it("listen twice on one path: bind: address already in use", async () => {
    const path = join(dir, "twice.sock");
    const l = await Listen("unix", path);
    after(() => l.Close().catch(() => {}));
    const err = await rejects(Listen("unix", path));
    assertOpError(err, { Op: "listen", Net: "unix", Addr: path, inner: { syscall: "bind", errno: "EADDRINUSE" }, message: `listen unix ${path}: bind: address already in use` });
  });
});

describe("resources", () => {
  it("no handle or timer is left after Close", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap").sort();
    const lc = new ListenConfig();
    const l = await lc.Listen(null, "tcp", "127.0.0.1:0");
    const acc = l.Accept();
    const c = await Dial("tcp", l.Addr().String());
    const s = await acc;
    c.SetDeadline(Date.now() + 60_000);
    s.SetReadDeadline(Date.now() + 60_000);
    const pending = s.Read(new Uint8Array(1));
    await c.Write(enc.encode("x"));
    assert.equal(await pending, 1);
    await c.Close();
    await s.Close();
    await l.Close();
    await new Promise((r) => setImmediate(r));
    const now = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap").sort();
    assert.deepEqual(now, before);
  });
});


// Nothing is reported as written that was not. Go's internal/poll FD.Write returns the count the
// kernel took beside the error that stopped it (waitWrite: ErrNetClosing on Close, mapped to
// net.ErrClosed; ErrDeadlineExceeded on the deadline), and conn.Write wraps it in an OpError
// with Op "write"; gonet puts the count on the error as bytesWritten.
describe("write accounting on TCP", () => {
  const big = 8 << 20;

  // pendingWrite writes 8 MiB to a peer that reads nothing, and resolves once it is blocked.
  async function pendingWrite(c: Conn): Promise<{ w: Promise<number> }> {
    const w = c.Write(new Uint8Array(big).fill(7));
    w.catch(() => {});
    const early = await Promise.race([w.then(() => true, () => true), new Promise<false>((r) => setTimeout(() => r(false), 100))]);
    assert.equal(early, false, "an 8 MiB Write to a peer that reads nothing did not block");
    return { w };
  }

  async function drain(c: Conn): Promise<number> {
    const p = new Uint8Array(256 * 1024);
    let n = 0;
    for (;;) {
      const k = await c.Read(p).catch(() => null);
      if (k === null) return n;
      n += k;
    }
  }

  it("a Write pending at Close fails with write …: use of closed network connection and the count the kernel took", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const { w } = await pendingWrite(c);
    await c.Close();
    const err = assertOpError(await rejects(w), {
      Op: "write",
      Net: "tcp",
      Source: c.LocalAddr().String(),
      Addr: c.RemoteAddr().String(),
      inner: ErrClosed,
      message: `write tcp ${c.LocalAddr().String()}->${c.RemoteAddr().String()}: use of closed network connection`,
    });
    assert.ok(Is(err, ErrClosed));
    const n = err.bytesWritten;
    assert.ok(n !== undefined && n > 0 && n < big, `bytesWritten = ${String(n)}`);
    assert.equal(await drain(s), n, "the peer receives exactly bytesWritten");
  });

  it("Writes the kernel took before Close still resolve with their length", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    const words = ["one", "two", "three"].map((w) => enc.encode(w));
    const writes = words.map((w) => c.Write(w));
    await c.Close();
    assert.deepEqual(await Promise.all(writes), [3, 3, 5]);
    assert.equal(dec.decode(await ReadAllBytes(s)), "onetwothree");
  });

  it("a Write cut short by its deadline fails with i/o timeout and the count the kernel took", async () => {
    const { c, s, stop } = await tcpPair();
    after(stop);
    c.SetWriteDeadline(Date.now() + 200);
    const err = assertOpError(await rejects(c.Write(new Uint8Array(big).fill(7))), {
      Op: "write",
      Net: "tcp",
      inner: ErrDeadlineExceeded,
      message: `write tcp ${c.LocalAddr().String()}->${c.RemoteAddr().String()}: i/o timeout`,
      timeout: true,
    });
    const n = err.bytesWritten;
    assert.ok(n !== undefined && n > 0 && n < big, `bytesWritten = ${String(n)}`);
    c.SetWriteDeadline(null);
    await c.Close();
    // The kernel's bytes reach the peer (and, unlike Go, what Node still queued may follow).
    assert.ok((await drain(s)) >= n);
  });

  it("a Write pending when the peer resets fails; it never resolves", async () => {
    const server = net.createServer((sock) => {
      sock.on("error", () => {});
      sock.pause();
      sock.once("readable", () => setTimeout(() => sock.resetAndDestroy(), 100));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    const port = (server.address() as net.AddressInfo).port;
    const c = await Dial("tcp", `127.0.0.1:${port}`);
    after(() => c.Close().catch(() => {}));
    const w = c.Write(new Uint8Array(big).fill(7));
    const err = await rejects(w);
    assert.ok(err instanceof OpError && err.Op === "write", `got ${String(err)}`);
    const errno = (err as OpError).code;
    assert.ok(errno === "ECONNRESET" || errno === "EPIPE", `errno ${errno}`);
  });
});

async function ReadAllBytes(c: Conn): Promise<Uint8Array> {
  const out: number[] = [];
  const p = new Uint8Array(1024);
  for (;;) {
    const n = await c.Read(p);
    if (n === null) return Uint8Array.from(out);
    out.push(...p.subarray(0, n));
  }
}
