// The WebSocket Conn on Node (src/websocket-conn.ts + src-node/ws.ts): the shared Conn
// conformance suite, then coder/websocket NetConn's semantics (netconn.go, close.go,
// statuscode_string.go), message by message against a raw `ws` peer.

import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { after, before, describe, it, type TestContext } from "node:test";
import { WebSocket } from "ws";
import * as browser from "../../src-browser/dial.js";
import * as nodeDial from "../../src-node/dial.js";
import { dialWebSocket, listenWebSocket } from "../../src-node/ws.js";
import type { NetworkName, Conn, Listener } from "../../src/net.js";
import { ErrClosed, ErrDeadlineExceeded, ErrUnsupported, Is, OpError, SyscallError } from "../../src/errors.js";
import { ReadAll, ReadFull } from "../../src/io.js";
import { CloseError, CloseStatus, ErrMessageTooBig, ErrReceiveQueueFull, HandshakeError, goQuote, statusCodeString, webSocketURL, WSAddr } from "../../src/websocket-conn.js";
import { testConn } from "../conformance/conn.js";
import { assertOpError, rejects } from "../helpers/errors.js";
import { skipWithoutIPv6 } from "../helpers/capabilities.js";
import { rawPeer, wsPair } from "../helpers/ws-pair.js";

await testConn("ws Conn (dialed <-> accepted)", () => wsPair(), { api: { describe, it } });

const enc = new TextEncoder();
const dec = new TextDecoder();

async function peerOf(t: TestContext, ...args: Parameters<typeof rawPeer>) {
  const p = await rawPeer(...args);
  t.after(p.stop);
  return p;
}

describe("Write and Read framing (NetConn)", () => {
  it("sends every Write as one binary message", async (t) => {
    const { conn, received, messages } = await peerOf(t);
    for (const s of ["hello", "a", "0123456789".repeat(100)]) assert.equal(await conn.Write(enc.encode(s)), s.length);
    await messages(3);
    assert.deepEqual(
      received.map(([bin, b]) => [bin, b.toString()]),
      [
        [true, "hello"],
        [true, "a"],
        [true, "0123456789".repeat(100)],
      ],
    );
  });

  it("reads across message boundaries, splitting and joining messages", async (t) => {
    const { conn, peer } = await peerOf(t);
    for (const s of ["abc", "defg", "h", "ijklmnop"]) peer.send(Buffer.from(s));
    const two = new Uint8Array(2);
    assert.equal(await conn.Read(two), 2);
    assert.equal(dec.decode(two), "ab");
    const rest = new Uint8Array(14);
    assert.equal(await ReadFull(conn, rest), 14);
    assert.equal(dec.decode(rest), "cdefghijklmnop");
  });

  it("delivers text messages as their UTF-8 bytes", async (t) => {
    const { conn, peer } = await peerOf(t);
    const text = "héllo, 世界 🌍";
    peer.send(text); // a string is a text message
    const want = enc.encode(text);
    const got = new Uint8Array(want.length);
    assert.equal(await ReadFull(conn, got), want.length);
    assert.deepEqual(got, want);
  });

  it("skips empty messages: a Read never resolves 0", async (t) => {
    const { conn, peer } = await peerOf(t);
    peer.send(Buffer.alloc(0));
    peer.send("");
    peer.send(Buffer.from("x"));
    peer.close(1000);
    const buf = new Uint8Array(8);
    assert.equal(await conn.Read(buf), 1);
    assert.equal(buf[0], 0x78);
    assert.equal(await conn.Read(buf), null);
  });
});

describe("close codes", () => {
  for (const code of [1000, 1001]) {
    it(`${code} reads as end of stream after the data`, async (t) => {
      const { conn, peer } = await peerOf(t);
      peer.send(Buffer.from("last words"));
      peer.close(code, "done");
      assert.equal(dec.decode(await ReadAll(conn)), "last words");
      assert.equal(await conn.Read(new Uint8Array(1)), null);
    });
  }

  const table: Array<{ code: number; reason: string; text: string }> = [
    { code: 4000, reason: "bye", text: 'failed to get reader: received close frame: status = StatusCode(4000) and reason = "bye"' },
    { code: 1011, reason: "oops", text: 'failed to get reader: received close frame: status = StatusInternalError and reason = "oops"' },
    { code: 3001, reason: 'say "hi"\n', text: 'failed to get reader: received close frame: status = StatusCode(3001) and reason = "say \\"hi\\"\\n"' },
    { code: 1008, reason: "", text: 'failed to get reader: received close frame: status = StatusPolicyViolation and reason = ""' },
  ];
  for (const { code, reason, text } of table) {
    it(`${code} is an error naming the code and the reason, after the data`, async (t) => {
      const { conn, peer } = await peerOf(t);
      peer.send(Buffer.from("data"));
      peer.close(code, reason);
      const buf = new Uint8Array(4);
      assert.equal(await ReadFull(conn, buf), 4);
      const err = await rejects(conn.Read(buf));
      const op = assertOpError(err, { Op: "read", Net: "ws", inner: CloseError, Addr: conn.RemoteAddr().String() });
      assert.equal(op.message, `read ws ${conn.LocalAddr().String()}->${conn.RemoteAddr().String()}: ${text}`);
      const ce = op.Err as CloseError;
      assert.equal(ce.Code, code);
      assert.equal(ce.Reason, reason);
      assert.equal(CloseStatus(err), code);
      // The error is sticky, and Writes fail too.
      assert.equal(CloseStatus(await rejects(conn.Read(buf))), code);
      assert.ok((await rejects(conn.Write(buf))) instanceof Error);
    });
  }

  it("an abnormal drop (no close frame) is an error with status 1006", async (t) => {
    const { conn, peer } = await peerOf(t);
    peer.terminate();
    const err = await rejects(conn.Read(new Uint8Array(4)));
    assert.equal(CloseStatus(err), 1006);
    assert.match((err as Error).message, /status = StatusAbnormalClosure and reason = ""$/);
  });

  it("Close sends 1000: the peer sees a normal closure", async (t) => {
    const { conn, peer } = await peerOf(t);
    const closed = new Promise<[number, string]>((resolve) => peer.once("close", (code: number, reason: Buffer) => resolve([code, reason.toString()])));
    await conn.Close();
    assert.deepEqual(await closed, [1000, ""]);
    assertOpError(await rejects(conn.Close()), { Op: "close", Net: "ws", inner: ErrClosed });
  });

  it("CloseWrite is unsupported, with a hint", async (t) => {
    const { conn } = await peerOf(t);
    const err = assertOpError(await rejects(conn.CloseWrite()), { Op: "close", Net: "ws", inner: ErrUnsupported });
    assert.match(err.message, /unsupported operation \(a WebSocket has no half-close; use Close, which sends close status 1000\)$/);
  });
});

describe("limits", () => {
  it("an oversize message fails the reader cleanly (1009) and tells the sender", async (t) => {
    const p = await wsPairFor(t, { maxPayload: 1024 });
    await p.c1.Write(new Uint8Array(2048)); // the client's limit is the default: the send itself succeeds
    const serverErr = await rejects(p.c2.Read(new Uint8Array(16)));
    const op = assertOpError(serverErr, { Op: "read", Net: "ws", inner: CloseError });
    // coder/websocket read.go: limitReader fails with fmt.Errorf("%w: %v", ErrMessageTooBig,
    // reason), msgReader.Read wraps it in "failed to read: %w", and writeError sends the reason
    // ("read limited at %d bytes", the limit being one more than the largest message) to the peer.
    assert.equal(op.Err.message, "failed to read: websocket: message too big: read limited at 1025 bytes");
    assert.ok(Is(serverErr, ErrMessageTooBig));
    assert.equal(CloseStatus(serverErr), 1009);
    const clientErr = await rejects(p.c1.Read(new Uint8Array(16)));
    assert.equal(CloseStatus(clientErr), 1009);
    assert.match((clientErr as Error).message, /: failed to get reader: received close frame: status = StatusMessageTooBig and reason = "read limited at 1025 bytes"$/);
    // The listener still serves.
    const again = await dialWebSocket("ws", p.l.Addr().String(), null);
    t.after(() => again.Close().catch(() => {}));
    const c = await p.l.Accept();
    t.after(() => c.Close().catch(() => {}));
    await again.Write(enc.encode("ok"));
    const buf = new Uint8Array(2);
    assert.equal(await ReadFull(c, buf), 2);
  });

  it("Write stalls against a peer that never reads; memory stays bounded; the data survives the deadline", async (t) => {
    const { conn, peer } = await peerOf(t);
    peer.pause(); // the peer never reads
    const chunk = new Uint8Array(64 * 1024);
    let accepted = 0;
    conn.SetWriteDeadline(Date.now() + 300);
    let err: unknown = null;
    for (;;) {
      try {
        accepted += await conn.Write(chunk);
      } catch (e) {
        err = e;
        break;
      }
      if (accepted > 512 << 20) break; // never: Write must stall long before
    }
    assertOpError(err, { Op: "write", Net: "ws", inner: ErrDeadlineExceeded, timeout: true });
    assert.ok(accepted < 64 << 20, `accepted ${accepted} bytes before stalling`);
    // The expired deadline did not close the WebSocket: the peer gets every accepted byte.
    let got = 0;
    const all = new Promise<void>((resolve) => {
      peer.on("message", (d: Buffer) => {
        got += d.length;
        if (got >= accepted) resolve();
      });
    });
    peer.resume();
    await all;
    assert.ok(got >= accepted);
  });

  it("without pause (the browser's case) unread data past the limit fails loudly with ErrReceiveQueueFull", async (t) => {
    const { conn, peer } = await peerOf(t, {}, { pausable: false, conn: { readHighWaterMark: 64 * 1024, unreadLimit: 256 * 1024 } });
    const closed = new Promise<number>((resolve) => peer.once("close", (code: number) => resolve(code)));
    const msg = Buffer.alloc(32 * 1024, 7);
    for (let i = 0; i < 64; i++) peer.send(msg); // 2 MiB, never read while it arrives
    assert.equal(await closed, 1008);
    let n = 0;
    let err: unknown;
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      try {
        const k = await conn.Read(buf);
        assert.notEqual(k, null);
        n += k!;
      } catch (e) {
        err = e;
        break;
      }
    }
    assert.ok(Is(err, ErrReceiveQueueFull), String(err));
    assert.equal((err as Error).message.endsWith("websocket: receive queue full: the peer sent more than the unread limit"), true);
    assert.ok(n <= 64 * 1024 + 256 * 1024 + msg.length, `buffered ${n} bytes`);
  });

  it("with pause (Node) a fast sender is throttled, not failed: everything arrives", async (t) => {
    const { conn, peer } = await peerOf(t, {}, { conn: { readHighWaterMark: 64 * 1024, unreadLimit: 64 * 1024 } });
    const msg = Buffer.alloc(32 * 1024);
    for (let i = 0; i < 128; i++) {
      msg.fill(i);
      peer.send(Buffer.from(msg));
    }
    peer.close(1000);
    await new Promise((r) => setTimeout(r, 50)); // let it pile up unread; pause must hold it back
    const all = await ReadAll(conn);
    assert.equal(all.length, 128 * msg.length);
    for (let i = 0; i < 128; i++) assert.equal(all[i * msg.length], i);
  });
});

async function wsPairFor(t: TestContext, opts: Parameters<typeof wsPair>[0]) {
  const p = await wsPair(opts);
  t.after(p.stop);
  return p;
}

// The lines the lead adds to src-node/dial.ts, exercised here on subclasses.
class WSDialer extends nodeDial.Dialer {
  protected override async dispatchDial(...args: Parameters<nodeDial.Dialer["dispatchDial"]>): Promise<Conn> {
    const [parsed, network, address, whole] = args;
    if (parsed.family === "ws") return await dialWebSocket(network, address, whole.signal);
    return await super.dispatchDial(...args);
  }
}
class WSListenConfig extends nodeDial.ListenConfig {
  protected override async dispatchListen(...args: Parameters<nodeDial.ListenConfig["dispatchListen"]>): Promise<Listener> {
    const [parsed, signal, network, address] = args;
    if (parsed.family === "ws") return await listenWebSocket(network, address, { signal });
    return await super.dispatchListen(...args);
  }
}

describe("Dial and Listen", () => {
  it("Listen(ws) returns a Listener at a ws:// URL; Dial(ws) reaches it by URL and by host:port", async (t) => {
    const l = await new WSListenConfig().Listen(null, "ws", "127.0.0.1:0");
    t.after(() => l.Close().catch(() => {}));
    assert.equal(l.Addr().Network(), "ws");
    assert.match(l.Addr().String(), /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const hostport = new URL(l.Addr().String()).host;
    for (const address of [l.Addr().String(), hostport]) {
      const [c1, c2] = await Promise.all([new WSDialer().Dial("ws", address), l.Accept()]);
      t.after(() => c1.Close().catch(() => {}));
      t.after(() => c2.Close().catch(() => {}));
      assert.ok(c1.RemoteAddr() instanceof WSAddr);
      assert.equal(c1.RemoteAddr().String(), l.Addr().String());
      assert.equal(c1.RemoteAddr().Network(), "ws");
      assert.equal(c2.LocalAddr().String(), l.Addr().String());
      assert.match(c2.RemoteAddr().String(), /^ws:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(c2.RemoteAddr().String(), c1.LocalAddr().String());
      await c2.Write(enc.encode("pong"));
      const buf = new Uint8Array(4);
      assert.equal(await ReadFull(c1, buf), 4);
      assert.equal(dec.decode(buf), "pong");
    }
  });

  it("Listen(ws, :0) listens on every address; bad ports fail as AddrErrors", { skip: skipWithoutIPv6 }, async (t) => {
    const l = await listenWebSocket("ws", ":0");
    t.after(() => l.Close().catch(() => {}));
    const m = /^ws:\/\/\[::\]:(\d+)\/$/.exec(l.Addr().String());
    assert.ok(m !== null, l.Addr().String());
    const [c] = await Promise.all([dialWebSocket("ws", `127.0.0.1:${m[1]}`, null), l.Accept().then((c2) => t.after(() => c2.Close()))]);
    t.after(() => c.Close().catch(() => {}));
    for (const [address, want] of [
      ["127.0.0.1:no-such-service", "listen ws: lookup tcp/no-such-service: unknown port"],
      ["127.0.0.1:70000", "listen ws: address 127.0.0.1:70000: invalid port"],
      ["127.0.0.1", "listen ws: address 127.0.0.1: missing port in address"],
    ] as const) {
      assert.equal(((await rejects(listenWebSocket("ws", address))) as Error).message, want);
    }
  });

  it("a path restricts the upgrades accepted: others fail the dial with Go's handshake text", async (t) => {
    const l = await listenWebSocket("ws", "ws://127.0.0.1:0/tunnel");
    t.after(() => l.Close().catch(() => {}));
    assert.match(l.Addr().String(), /^ws:\/\/127\.0\.0\.1:\d+\/tunnel$/);
    const base = new URL(l.Addr().String());
    const err = await rejects(dialWebSocket("ws", `ws://${base.host}/elsewhere`, null));
    const op = assertOpError(err, { Op: "dial", Net: "ws", inner: HandshakeError, Addr: `ws://${base.host}/elsewhere` });
    assert.equal(op.Err.message, "failed to WebSocket dial: expected handshake response status code 101 but got 404");
    const [c] = await Promise.all([dialWebSocket("ws", l.Addr().String(), null), l.Accept().then((c2) => t.after(() => c2.Close()))]);
    t.after(() => c.Close().catch(() => {}));
  });

  it("a refused dial keeps the errno: dial ws ws://…: connect: connection refused", async () => {
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}/`;
    const err = await rejects(new WSDialer().Dial("ws", url));
    assertOpError(err, { Op: "dial", Net: "ws", inner: { syscall: "connect", errno: "ECONNREFUSED" }, message: `dial ws ${url}: connect: connection refused` });
  });

  it("a Dialer Timeout cuts a handshake that never completes: i/o timeout", async (t) => {
    // A TCP server that accepts and never answers the HTTP upgrade.
    const server = net.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const sockets: net.Socket[] = [];
    server.on("connection", (s) => sockets.push(s));
    t.after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    const err = await rejects(new WSDialer({ Timeout: 100 }).Dial("ws", `127.0.0.1:${port}`));
    assertOpError(err, { Op: "dial", Net: "ws", inner: ErrDeadlineExceeded, timeout: true, message: `dial ws ws://127.0.0.1:${port}/: i/o timeout` });
  });

  it("an aborted signal cancels the dial", async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await rejects(new WSDialer().DialContext(ac.signal, "ws", "127.0.0.1:9"));
    assertOpError(err, { Op: "dial", Net: "ws", message: /operation was canceled$/ });
  });

  it("bad addresses fail as AddrErrors inside OpErrors", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["ws", "127.0.0.1", /^dial ws: address 127\.0\.0\.1: missing port in address$/],
      ["ws", "wss://127.0.0.1:1/", /^dial ws: address wss:\/\/127\.0\.0\.1:1\/: URL scheme wss does not match network ws$/],
      ["wss", "ws://127.0.0.1:1/", /^dial wss: address ws:\/\/127\.0\.0\.1:1\/: URL scheme ws does not match network wss$/],
      ["ws", "ws://[::1/", /^dial ws: address ws:\/\/\[::1\/: invalid URL$/],
    ];
    for (const [network, address, want] of cases) {
      const err = await rejects(dialWebSocket(network, address, null));
      assert.ok(err instanceof OpError);
      assert.match((err as Error).message, want);
    }
  });

  it("Listen(wss) is unsupported, with a hint; Listen on a port in use fails with bind", async (t) => {
    const err = await rejects(new WSListenConfig().Listen(null, "wss", "127.0.0.1:0"));
    assertOpError(err, { Op: "listen", Net: "wss", inner: ErrUnsupported });
    assert.match((err as Error).message, /\(Listen\("wss"\) has no certificate to serve; Listen\("ws", …\) behind a TLS terminator\)$/);
    const l = await listenWebSocket("ws", "127.0.0.1:0");
    t.after(() => l.Close().catch(() => {}));
    const port = new URL(l.Addr().String()).port;
    const err2 = await rejects(listenWebSocket("ws", `127.0.0.1:${port}`));
    assertOpError(err2, { Op: "listen", Net: "ws", inner: { syscall: "bind", errno: "EADDRINUSE" } });
  });

  it("a plain HTTP request gets 426 and the listener goes on", async (t) => {
    const l = await listenWebSocket("ws", "127.0.0.1:0");
    t.after(() => l.Close().catch(() => {}));
    const res = await fetch(l.Addr().String().replace("ws:", "http:"));
    assert.equal(res.status, 426);
    await res.arrayBuffer();
    const [c] = await Promise.all([dialWebSocket("ws", l.Addr().String(), null), l.Accept().then((c2) => t.after(() => c2.Close()))]);
    t.after(() => c.Close().catch(() => {}));
  });

  it("closing the Listener leaves accepted Conns open and fails Accept with ErrClosed", async (t) => {
    const p = await wsPairFor(t, {});
    await p.l.Close();
    assertOpError(await rejects(p.l.Accept()), { Op: "accept", Net: "ws", inner: ErrClosed });
    await p.c1.Write(enc.encode("still"));
    const buf = new Uint8Array(5);
    assert.equal(await ReadFull(p.c2, buf), 5);
  });

  it("a peer that resets the TCP connection is a read error, never a crash", async (t) => {
    const p = await wsPairFor(t, {});
    const raw = new WebSocket(p.l.Addr().String());
    raw.on("error", () => {});
    await new Promise((r) => raw.once("open", r));
    const c = await p.l.Accept();
    t.after(() => c.Close().catch(() => {}));
    // Reset the TCP connection under the client: no close frame ever comes.
    (raw as unknown as { _socket: net.Socket })._socket.resetAndDestroy();
    const err = await rejects(c.Read(new Uint8Array(4)));
    assert.ok(err instanceof OpError);
    assert.ok(CloseStatus(err) === 1006 || (err as OpError).Err instanceof SyscallError, String(err));
  });
});

describe("helpers", () => {
  it("statusCodeString follows coder/websocket's stringer", () => {
    const table: Array<[number, string]> = [
      [1000, "StatusNormalClosure"],
      [1001, "StatusGoingAway"],
      [1003, "StatusUnsupportedData"],
      [1004, "StatusCode(1004)"],
      [1005, "StatusNoStatusRcvd"],
      [1006, "StatusAbnormalClosure"],
      [1009, "StatusMessageTooBig"],
      [1015, "StatusTLSHandshake"],
      [1016, "StatusCode(1016)"],
      [4000, "StatusCode(4000)"],
    ];
    for (const [code, want] of table) assert.equal(statusCodeString(code), want);
  });

  it("goQuote matches Go's %q", () => {
    const table: Array<[string, string]> = [
      ["", '""'],
      ["bye", '"bye"'],
      ['a"b\\c', '"a\\"b\\\\c"'],
      ["\x00\x07\x1b\x7f", '"\\x00\\a\\x1b\\x7f"'],
      ["tab\there\r\n", '"tab\\there\\r\\n"'],
      ["héllo 世界", '"héllo 世界"'],
    ];
    for (const [s, want] of table) assert.equal(goQuote(s), want);
  });

  it("CloseError is found through OpError by CloseStatus and survives a second copy's instanceof", () => {
    const ce = new CloseError({ Code: 4001, Reason: "x" });
    const op = new OpError({ Op: "read", Net: "ws", Err: ce });
    assert.equal(CloseStatus(op), 4001);
    assert.equal(CloseStatus(new Error("no")), -1);
    assert.equal(CloseStatus(null), -1);
    const foreign = Object.defineProperty(new Error("copy"), Symbol.for("gonet.error.CloseError"), { value: true });
    assert.ok(foreign instanceof CloseError);
  });

  it("webSocketURL takes URLs and host:port", () => {
    assert.equal(webSocketURL("ws", "127.0.0.1:80").href, "ws://127.0.0.1/");
    assert.equal(webSocketURL("ws", "[::1]:8080").href, "ws://[::1]:8080/");
    assert.equal(webSocketURL("wss", "wss://example.com/a?b=c").href, "wss://example.com/a?b=c");
  });
});

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}


// The browser backend, run in Node on ws's WebSocket (the browser's API: addEventListener,
// binaryType, bufferedAmount, no pause, no drain event). e2e/ runs it in Chromium.
describe("browser backend (src-browser) on a WebSocket global", async () => {
  const g = globalThis as { WebSocket?: unknown };
  const saved = g.WebSocket;
  before(() => {
    g.WebSocket = WebSocket;
  });
  after(() => {
    g.WebSocket = saved;
  });

  const browserPair = async () => {
    const l = await listenWebSocket("ws", "127.0.0.1:0");
    const [c1, c2] = await Promise.all([browser.Dial("ws", l.Addr().String()), l.Accept()]);
    return {
      c1,
      c2,
      stop: async () => {
        await Promise.all([c1.Close().catch(() => {}), c2.Close().catch(() => {}), l.Close().catch(() => {})]);
      },
    };
  };
  // A browser WebSocket has handed a waiting Write's bytes to send() already: they go out, so the
  // Write resolves at its deadline instead of failing (e2e/page.ts's browserSkips says the same).
  await testConn("browser ws Conn <-> Node accepted Conn", browserPair, { api: { describe, it }, skip: ["WriteDeadlineTiming"] });

  it("Dial(ws) round-trips, and its addresses are WSAddrs", async (t) => {
    const p = await browserPair();
    t.after(p.stop);
    assert.equal(p.c1.RemoteAddr().Network(), "ws");
    assert.match(p.c1.RemoteAddr().String(), /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(p.c1.LocalAddr().String(), "websocket/unknown-addr");
    await p.c1.Write(enc.encode("hi"));
    const buf = new Uint8Array(2);
    assert.equal(await ReadFull(p.c2, buf), 2);
    await p.c2.Close();
    assert.equal(await p.c1.Read(buf), null);
  });

  it("a failed handshake is a HandshakeError naming the close code", async (t) => {
    const l = await listenWebSocket("ws", "ws://127.0.0.1:0/only");
    t.after(() => l.Close().catch(() => {}));
    const url = l.Addr().String().replace("/only", "/other");
    const err = await rejects(browser.Dial("ws", url));
    const op = assertOpError(err, { Op: "dial", Net: "ws", inner: HandshakeError, Addr: url });
    assert.equal(op.Err.message, "failed to WebSocket dial: the connection failed with close code 1006");
  });

  it("a Dialer Timeout bounds the handshake", async (t) => {
    const server = net.createServer(() => {});
    const sockets: net.Socket[] = [];
    server.on("connection", (s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    t.after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    const err = await rejects(new browser.Dialer({ Timeout: 100 }).Dial("ws", `127.0.0.1:${port}`));
    assertOpError(err, { Op: "dial", Net: "ws", inner: ErrDeadlineExceeded, timeout: true });
  });

  const tcpHint = "(browsers cannot open TCP sockets; use Dial(\"wss\", url) to a gonet WebSocket listener)";
  const listenHint = '(browsers cannot accept connections; Listen("ws", …) in Node and Dial("wss", url) to it from the browser)';
  const cases: Array<[string, () => Promise<unknown>, string, string, string]> = [
    ["Dial tcp", () => browser.Dial("tcp", "example.com:80"), "dial", "tcp", `dial tcp: unsupported operation ${tcpHint}`],
    ["DialTimeout tcp4", () => browser.DialTimeout("tcp4", "127.0.0.1:80", 1000), "dial", "tcp4", `dial tcp4: unsupported operation ${tcpHint}`],
    ["Dial udp", () => browser.Dial("udp", "127.0.0.1:53"), "dial", "udp", 'dial udp: unsupported operation (browsers cannot open UDP sockets; use Dial("wss", url) to a gonet WebSocket listener)'],
    ["Dial unix", () => browser.Dial("unix", "/tmp/x.sock"), "dial", "unix", 'dial unix: unsupported operation (browsers cannot open unix sockets; use Dial("wss", url) to a gonet WebSocket listener)'],
    ["Listen ws", () => browser.Listen("ws", "127.0.0.1:0"), "listen", "ws", `listen ws: unsupported operation ${listenHint}`],
    ["Listen tcp", () => browser.Listen("tcp", ":0"), "listen", "tcp", `listen tcp: unsupported operation ${listenHint}`],
    ["ListenConfig tcp", () => new browser.ListenConfig().Listen(null, "tcp", ":0"), "listen", "tcp", `listen tcp: unsupported operation ${listenHint}`],
    ["DialTCP", () => browser.DialTCP("tcp", null, null), "dial", "tcp", `dial tcp: unsupported operation ${tcpHint}`],
    ["ListenTCP", () => browser.ListenTCP("tcp", null), "listen", "tcp", `listen tcp: unsupported operation ${listenHint}`],
    ["DialUnix", () => browser.DialUnix("unix", null, null), "dial", "unix", 'dial unix: unsupported operation (browsers cannot open unix sockets; use Dial("wss", url) to a gonet WebSocket listener)'],
    ["ListenUnix", () => browser.ListenUnix("unix", null), "listen", "unix", `listen unix: unsupported operation ${listenHint}`],
  ];
  for (const [name, call, op, netName, message] of cases) {
    it(`${name} fails with ErrUnsupported and a hint`, async () => {
      const err = await rejects(call());
      assertOpError(err, { Op: op, Net: netName, inner: ErrUnsupported, message });
      assert.ok(Is(err, ErrUnsupported));
    });
  }

  it("unknown networks are still UnknownNetworkErrors", async () => {
    assert.match(((await rejects(browser.Dial("foo" as NetworkName, "x"))) as Error).message, /^dial foo: unknown network foo$/);
    assert.match(((await rejects(browser.DialTCP("udp", null, null))) as Error).message, /^dial udp: unknown network udp$/);
  });

  it("exports the same names as src-node/dial.ts", async () => {
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(nodeDial).sort());
  });
});

// A WebSocket Write is one message: it went through whole or it failed. ws reports success for
// sends a destroyed socket dropped (node:net's write callbacks do), so a Write pending when the
// peer resets must still fail, never resolve.
describe("write accounting on ws", () => {
  it("a Write pending when the peer resets fails; it never resolves", async (t) => {
    const { conn, peer } = await peerOf(t);
    const sock = (peer as unknown as { _socket: net.Socket })._socket;
    sock.pause();
    const w = conn.Write(new Uint8Array(8 << 20).fill(7));
    w.catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    sock.resetAndDestroy();
    const err = await rejects(w);
    assert.ok(err instanceof OpError && err.Op === "write", `got ${String(err)}`);
    assert.equal((err as OpError).bytesWritten, undefined);
  });
});
