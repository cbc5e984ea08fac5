// UDP on node:dgram against raw node:dgram peers on loopback: Go's UDPConn
// behaviour (udpsock.go, udpsock_posix.go, poll/fd_unix.go) — one datagram per
// read, truncation, empty datagrams, the bounded receive queue, deadlines,
// close, and Go's error texts and structure.

import assert from "node:assert/strict";
import dgram from "node:dgram";
import { describe, it } from "node:test";
import { TCPAddr, UDPAddr, UnixAddr } from "../../src/addr.js";
import type { AddrResolver } from "../../src/dial.js";
import {
  AddrError,
  DNSError,
  Errno,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrMissingAddress,
  ErrUnsupported,
  ErrWriteToConnected,
  Is,
  OpError,
  SyscallError,
  UnknownNetworkError,
} from "../../src/errors.js";
import { IPv4, IPv6loopback, ParseIP } from "../../src/ip.js";
import { UDPConn, defaultUDPQueueLength, type UDPTransport } from "../../src/udp.js";
import { DialUDP, ListenPacket, ListenUDP, dialUDPNetwork, listenPacketNetwork, listenUDPAddr } from "../../src-node/udp.js";
import { assertOpError, rejects } from "../helpers/errors.js";
import { skipWithoutIPv6 } from "../helpers/capabilities.js";
import { timeDeadline } from "../helpers/timing.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const loopback = IPv4(127, 0, 0, 1);
// nettest's aLongTimeAgo (epoch 0 would clear a deadline).
const aLongTimeAgo = new Date(233431200 * 1000);

interface Ctx {
  after(fn: () => Promise<void> | void): void;
}

async function listen(t: Ctx, network = "udp4", address = "127.0.0.1:0"): Promise<UDPConn> {
  const pc = await ListenPacket(network, address);
  t.after(async () => {
    if (!pc.closed) await pc.Close();
  });
  return pc;
}

async function rawPeer(t: Ctx, type: "udp4" | "udp6" = "udp4", host = "127.0.0.1"): Promise<dgram.Socket> {
  const s = dgram.createSocket(type);
  await new Promise<void>((resolve) => s.bind(0, host, resolve));
  t.after(() => new Promise<void>((resolve) => s.close(() => resolve())));
  return s;
}

function send(s: dgram.Socket, p: Uint8Array, port: number, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => s.send(p, port, host, (err) => (err ? reject(err) : resolve())));
}

function nextMessage(s: dgram.Socket): Promise<[Buffer, dgram.RemoteInfo]> {
  return new Promise((resolve) => s.once("message", (m: Buffer, r: dgram.RemoteInfo) => resolve([m, r])));
}

// A port nothing listens on: bound, read, released.
async function deadPort(): Promise<number> {
  const s = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// The platform-free UDPConn over a transport that records what it sends.
function fakeConn(opts: { remote?: UDPAddr | null; queueLength?: number; family?: 4 | 6 } = {}): { c: UDPConn; sent: [Uint8Array, UDPAddr | null][] } {
  const sent: [Uint8Array, UDPAddr | null][] = [];
  const transport: UDPTransport = {
    send: async (p, addr) => {
      sent.push([p, addr]);
    },
    close: async () => {},
  };
  const c = new UDPConn({
    net: "udp",
    family: opts.family ?? 4,
    localAddr: new UDPAddr({ IP: loopback, Port: 1000 }),
    remoteAddr: opts.remote ?? null,
    transport,
    ...(opts.queueLength !== undefined ? { queueLength: opts.queueLength } : {}),
  });
  return { c, sent };
}

const from = new UDPAddr({ IP: loopback, Port: 2000 });

describe("UDPConn core", () => {
  it("queues up to queueLength datagrams and counts the ones it drops", async () => {
    const { c } = fakeConn({ queueLength: 3 });
    for (let i = 0; i < 5; i++) c.pushDatagram(new Uint8Array([i]), from);
    assert.equal(c.dropped, 2);
    const p = new Uint8Array(1);
    for (let i = 0; i < 3; i++) {
      const [n, addr] = await c.ReadFrom(p);
      assert.equal(n, 1);
      assert.equal(p[0], i, "the oldest datagrams are kept, the newest dropped");
      assert.equal(addr.String(), "127.0.0.1:2000");
    }
    c.pushDatagram(new Uint8Array([9]), from);
    assert.equal(c.dropped, 2, "room again once read");
    assert.deepEqual(await c.ReadFrom(p), [1, from]);
    await c.Close();
  });

  it("defaults to a queue of 1024 datagrams", async () => {
    const { c } = fakeConn();
    assert.equal(defaultUDPQueueLength, 1024);
    for (let i = 0; i < 1030; i++) c.pushDatagram(new Uint8Array([i & 255]), from);
    assert.equal(c.dropped, 6);
    await c.Close();
  });

  it("hands datagrams to waiting readers in call order, none dropped", async () => {
    const { c } = fakeConn({ queueLength: 1 });
    const bufs = [new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)];
    const reads = bufs.map((b) => c.ReadFrom(b));
    c.pushDatagram(enc("a"), from);
    c.pushDatagram(enc("bb"), from);
    c.pushDatagram(enc("ccc"), from);
    const got = await Promise.all(reads);
    assert.deepEqual(got.map(([n]) => n), [1, 2, 3]);
    assert.deepEqual(bufs.map((b, i) => dec(b.subarray(0, got[i]![0]))), ["a", "bb", "ccc"]);
    assert.equal(c.dropped, 0);
    await c.Close();
  });

  it("reports a pushed socket error once, on the next read, with the reader's syscall", async () => {
    const { c } = fakeConn({ remote: from });
    const refused = new SyscallError("recvmsg", Errno.of("ECONNREFUSED"));
    c.pushError(refused);
    const err = await rejects(c.Read(new Uint8Array(4)));
    assertOpError(err, { Op: "read", Net: "udp", Source: "127.0.0.1:1000", Addr: "127.0.0.1:2000", inner: { syscall: "read", errno: "ECONNREFUSED" } });
    c.pushError(refused);
    const err2 = await rejects(c.ReadFrom(new Uint8Array(4)));
    assertOpError(err2, { Op: "read", Net: "udp", inner: { syscall: "recvfrom", errno: "ECONNREFUSED" }, message: "read udp 127.0.0.1:1000->127.0.0.1:2000: recvfrom: connection refused" });
    c.pushDatagram(enc("ok"), from);
    assert.equal(await c.Read(new Uint8Array(4)), 2, "the conn works after the error");
    await c.Close();
  });

  it("checks WriteTo's arguments in Go's order", async () => {
    const connected = fakeConn({ remote: from }).c;
    const unconnected = fakeConn().c;
    const v4only = fakeConn({ family: 4 }).c;
    const cases: { name: string; p: Promise<unknown>; message: string; inner: unknown }[] = [
      {
        name: "WriteTo on a connected conn",
        p: connected.WriteTo(enc("x"), new UDPAddr({ IP: loopback, Port: 3000 })),
        message: "write udp 127.0.0.1:1000->127.0.0.1:3000: use of WriteTo with pre-connected connection",
        inner: ErrWriteToConnected,
      },
      {
        name: "WriteTo a non-UDP address",
        p: unconnected.WriteTo(enc("x"), new UnixAddr({ Name: "/tmp/x", Net: "unix" })),
        message: "write udp 127.0.0.1:1000->/tmp/x: invalid argument",
        inner: Errno.of("EINVAL"),
      },
      { name: "WriteToUDP(null)", p: unconnected.WriteToUDP(enc("x"), null), message: "write udp 127.0.0.1:1000: missing address", inner: ErrMissingAddress },
      {
        name: "IPv6 destination on an IPv4 socket",
        p: v4only.WriteToUDP(enc("x"), new UDPAddr({ IP: IPv6loopback, Port: 53 })),
        message: "write udp 127.0.0.1:1000->[::1]:53: address ::1: non-IPv4 address",
        inner: AddrError,
      },
      {
        name: "port 0",
        p: unconnected.WriteToUDP(enc("x"), new UDPAddr({ IP: loopback, Port: 0 })),
        message: "write udp 127.0.0.1:1000->127.0.0.1:0: sendto: invalid argument",
        inner: null,
      },
      {
        name: "Write on an unconnected conn",
        p: unconnected.Write(enc("x")),
        message: "write udp 127.0.0.1:1000: write: destination address required",
        inner: null,
      },
    ];
    for (const tc of cases) {
      const err = await rejects(tc.p);
      assert.ok(err instanceof OpError, tc.name);
      assert.equal(err.message, tc.message, tc.name);
      assert.equal(err.Op, "write", tc.name);
      if (tc.inner instanceof Error) assert.equal(err.Err, tc.inner, tc.name);
      else if (typeof tc.inner === "function") assert.ok(err.Err instanceof (tc.inner as typeof AddrError), tc.name);
    }
    await Promise.all([connected.Close(), unconnected.Close(), v4only.Close()]);
  });

  it("sends an empty Write as an empty datagram, and Read of an empty buffer resolves 0 at once", async () => {
    const { c, sent } = fakeConn({ remote: from });
    assert.equal(await c.Write(new Uint8Array(0)), 0);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]![0].length, 0);
    assert.equal(sent[0]![1], null, "a connected Write has no destination");
    assert.equal(await c.Read(new Uint8Array(0)), 0);
    await c.Close();
  });
});

describe("UDP on node:dgram", () => {
  it("ReadFrom resolves [n, sender] and WriteTo answers it", async (t) => {
    const pc = await listen(t);
    assert.match(pc.LocalAddr().String(), /^127\.0\.0\.1:\d+$/);
    assert.equal(pc.LocalAddr().Network(), "udp");
    assert.equal(pc.RemoteAddr(), null, "an unconnected conn has no remote address (Go's nil)");
    const peer = await rawPeer(t);
    await send(peer, enc("ping"), pc.LocalAddr().Port);
    const buf = new Uint8Array(64);
    const [n, addr] = await pc.ReadFrom(buf);
    assert.equal(dec(buf.subarray(0, n)), "ping");
    assert.ok(addr instanceof UDPAddr);
    assert.equal(addr.String(), `127.0.0.1:${peer.address().port}`);
    const reply = nextMessage(peer);
    assert.equal(await pc.WriteTo(enc("pong"), addr), 4);
    const [m, rinfo] = await reply;
    assert.equal(m.toString(), "pong");
    assert.equal(rinfo.port, pc.LocalAddr().Port);
  });

  it("truncates a datagram longer than the buffer and drops the rest (Go's ReadFrom)", async (t) => {
    const pc = await listen(t);
    const peer = await rawPeer(t);
    await send(peer, enc("0123456789"), pc.LocalAddr().Port);
    await send(peer, enc("next"), pc.LocalAddr().Port);
    const small = new Uint8Array(4);
    const [n] = await pc.ReadFromUDP(small);
    assert.equal(n, 4);
    assert.equal(dec(small), "0123");
    const buf = new Uint8Array(64);
    const [n2] = await pc.ReadFrom(buf);
    assert.equal(dec(buf.subarray(0, n2)), "next", "the truncated tail is gone, the next read gets the next datagram");
  });

  it("reads an empty datagram as 0, not end of stream", async (t) => {
    const pc = await listen(t);
    const peer = await rawPeer(t);
    await send(peer, new Uint8Array(0), pc.LocalAddr().Port);
    const [n, addr] = await pc.ReadFrom(new Uint8Array(8));
    assert.equal(n, 0);
    assert.equal(addr.Port, peer.address().port);

    const c = await DialUDP("udp", null, new UDPAddr({ IP: loopback, Port: peer.address().port }));
    t.after(() => c.Close().catch(() => {}));
    const got = nextMessage(peer);
    assert.equal(await c.Write(new Uint8Array(0)), 0);
    const [m, rinfo] = await got;
    assert.equal(m.length, 0, "an empty Write sends an empty datagram");
    await send(peer, new Uint8Array(0), rinfo.port);
    assert.equal(await c.Read(new Uint8Array(8)), 0);
  });

  it("an empty ReadFrom buffer consumes one datagram (recvfrom with 0 bytes)", async (t) => {
    const pc = await listen(t);
    const peer = await rawPeer(t);
    await send(peer, enc("gone"), pc.LocalAddr().Port);
    await send(peer, enc("kept"), pc.LocalAddr().Port);
    const [n] = await pc.ReadFrom(new Uint8Array(0));
    assert.equal(n, 0);
    const buf = new Uint8Array(8);
    const [n2] = await pc.ReadFrom(buf);
    assert.equal(dec(buf.subarray(0, n2)), "kept");
  });

  it("drops datagrams past the receive queue and counts them", async (t) => {
    const pc = await listenUDPAddr("udp4", new UDPAddr({ IP: loopback }), { queueLength: 4 });
    t.after(() => pc.Close().catch(() => {}));
    const peer = await rawPeer(t);
    for (let i = 0; i < 10; i++) await send(peer, new Uint8Array([i]), pc.LocalAddr().Port);
    // No event says "the kernel handed every datagram over": let the loop poll until it has.
    for (let i = 0; i < 1000 && pc.dropped < 6; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pc.dropped, 6);
    const p = new Uint8Array(1);
    for (let i = 0; i < 4; i++) {
      await pc.ReadFrom(p);
      assert.equal(p[0], i);
    }
    pc.SetReadDeadline(aLongTimeAgo);
    assertOpError(await rejects(pc.ReadFrom(p)), { Op: "read", Net: "udp4", inner: ErrDeadlineExceeded });
  });

  it("serves concurrent ReadFroms in call order", async (t) => {
    const pc = await listen(t);
    const peer = await rawPeer(t);
    const bufs = [new Uint8Array(8), new Uint8Array(8), new Uint8Array(8)];
    const reads = bufs.map((b) => pc.ReadFrom(b));
    for (const s of ["one", "two", "three"]) await send(peer, enc(s), pc.LocalAddr().Port);
    const got = await Promise.all(reads);
    assert.deepEqual(bufs.map((b, i) => dec(b.subarray(0, got[i]![0]))), ["one", "two", "three"]);
  });

  it("deadlines: past fails at once, pending reads time out, moving the deadline revives the conn", async (t) => {
    const pc = await listen(t);
    const laddr = pc.LocalAddr().String();
    pc.SetReadDeadline(aLongTimeAgo);
    const err = assertOpError(await rejects(pc.ReadFrom(new Uint8Array(8))), {
      Op: "read",
      Net: "udp4",
      Source: laddr,
      Addr: null,
      inner: ErrDeadlineExceeded,
      timeout: true,
      message: `read udp4 ${laddr}: i/o timeout`,
    });
    assert.ok(Is(err, ErrDeadlineExceeded));
    pc.SetReadDeadline(null);
    const pending = pc.ReadFrom(new Uint8Array(8));
    pc.SetReadDeadline(Date.now() + 20);
    assertOpError(await rejects(pending), { Op: "read", Net: "udp4", inner: ErrDeadlineExceeded, timeout: true });
    pc.SetDeadline(0);
    const peer = await rawPeer(t);
    await send(peer, enc("alive"), pc.LocalAddr().Port);
    const [n] = await pc.ReadFrom(new Uint8Array(8));
    assert.equal(n, 5);
    pc.SetWriteDeadline(aLongTimeAgo);
    const werr = await rejects(pc.WriteTo(enc("x"), new UDPAddr({ IP: loopback, Port: peer.address().port })));
    assertOpError(werr, { Op: "write", Net: "udp4", Addr: `127.0.0.1:${peer.address().port}`, inner: ErrDeadlineExceeded, timeout: true });
    pc.SetReadDeadline(aLongTimeAgo);
    pc.SetWriteDeadline(null);
    assert.equal(await pc.WriteTo(enc("x"), new UDPAddr({ IP: loopback, Port: peer.address().port })), 1, "a read deadline does not affect writes");
  });

  // Go's TestReadFromTimeout and TestWriteToTimeout (src/net/timeout_test.go), timed as its
  // fluctuation tests are (test/helpers/timing.ts): no earlier than the deadline, no later than
  // timeoutUpperBound; a past read deadline fails ReadFrom even with a datagram queued.
  it("deadlines are timed: ReadFrom and WriteTo fail no earlier than the deadline, and not long after", async (t) => {
    const pc = await listen(t);
    const peer = await rawPeer(t);
    const to = new UDPAddr({ IP: loopback, Port: peer.address().port });
    const read = await timeDeadline("ReadFrom", async (deadline) => {
      pc.SetReadDeadline(deadline);
      await pc.ReadFrom(new Uint8Array(8));
    });
    assert.equal(read.problem, "");
    assertOpError(read.last.err, { Op: "read", Net: "udp4", inner: ErrDeadlineExceeded, timeout: true });

    // A UDP write never waits, so WriteTo succeeds until the deadline passes, then fails.
    const write = await timeDeadline("WriteTo", async (deadline) => {
      pc.SetWriteDeadline(deadline);
      for (let i = 1; i <= 100_000; i++) {
        await pc.WriteTo(enc("WRITETO TIMEOUT TEST"), to);
        if (i % 16 === 0) await new Promise((r) => setTimeout(r, 0));
      }
    });
    assert.equal(write.problem, "");
    assertOpError(write.last.err, { Op: "write", Net: "udp4", inner: ErrDeadlineExceeded, timeout: true });

    pc.SetDeadline(null);
    await send(peer, enc("ready"), pc.LocalAddr().Port);
    const ready = await pc.ReadFrom(new Uint8Array(8)); // wait for one, then queue another
    assert.equal(ready[0], 5);
    await send(peer, enc("queued"), pc.LocalAddr().Port);
    await new Promise((r) => setTimeout(r, 50));
    pc.SetReadDeadline(aLongTimeAgo);
    assertOpError(await rejects(pc.ReadFrom(new Uint8Array(8))), { Op: "read", Net: "udp4", inner: ErrDeadlineExceeded, timeout: true });
    pc.SetReadDeadline(null);
    const [n] = await pc.ReadFrom(new Uint8Array(8));
    assert.equal(n, 6, "the queued datagram is still there once the deadline is cleared");
  });

  it("Close fails pending reads with ErrClosed, and a second Close fails as Go's", async (t) => {
    const pc = await listen(t);
    const laddr = pc.LocalAddr().String();
    const pending = pc.ReadFrom(new Uint8Array(8));
    await pc.Close();
    assertOpError(await rejects(pending), { Op: "read", Net: "udp4", Source: laddr, Addr: null, inner: ErrClosed, message: `read udp4 ${laddr}: use of closed network connection` });
    assertOpError(await rejects(pc.Close()), { Op: "close", Net: "udp4", inner: ErrClosed, message: `close udp4 ${laddr}: use of closed network connection` });
    assertOpError(await rejects(pc.ReadFrom(new Uint8Array(8))), { Op: "read", Net: "udp4", inner: ErrClosed });
    assertOpError(await rejects(pc.WriteTo(enc("x"), new UDPAddr({ IP: loopback, Port: 9 }))), { Op: "write", Net: "udp4", Addr: "127.0.0.1:9", inner: ErrClosed });
    for (const set of [() => pc.SetDeadline(null), () => pc.SetReadDeadline(Date.now() + 1000), () => pc.SetWriteDeadline(0)]) {
      let thrown: unknown = null;
      try {
        set();
      } catch (err) {
        thrown = err;
      }
      // Go's conn.SetDeadline: Source nil, Addr the local address.
      assertOpError(thrown, { Op: "set", Net: "udp4", Source: null, Addr: laddr, inner: ErrClosed, message: `set udp4 ${laddr}: use of closed network connection` });
    }
  });

  it("SetReadBuffer and SetWriteBuffer size the socket's buffers, with Go's errors", async (t) => {
    const pc = await listen(t);
    const laddr = pc.LocalAddr().String();
    pc.SetReadBuffer(1 << 20);
    pc.SetWriteBuffer(1 << 16);
    const bad = (() => {
      try {
        pc.SetReadBuffer(-1);
      } catch (err) {
        return err;
      }
      return null;
    })();
    assertOpError(bad, { Op: "set", Net: "udp4", Source: null, Addr: laddr, inner: { syscall: "setsockopt", errno: "EINVAL" }, message: `set udp4 ${laddr}: setsockopt: invalid argument` });
    await pc.Close();
    assert.throws(() => pc.SetWriteBuffer(4096), (err: Error) => err.message === `set udp4 ${laddr}: use of closed network connection`);
  });

  it("the port is free again once Close resolves", async () => {
    const pc = await ListenPacket("udp4", "127.0.0.1:0");
    const port = pc.LocalAddr().Port;
    await pc.Close();
    const again = await ListenPacket("udp4", `127.0.0.1:${port}`);
    assert.equal(again.LocalAddr().Port, port);
    await again.Close();
  });

  it("a dialed conn reads and writes its peer, and refuses WriteTo", async (t) => {
    const peer = await rawPeer(t);
    const raddr = new UDPAddr({ IP: loopback, Port: peer.address().port });
    const c = await DialUDP("udp", null, raddr);
    t.after(() => c.Close().catch(() => {}));
    assert.equal(c.RemoteAddr()?.String(), raddr.String());
    assert.match(c.LocalAddr().String(), /^127\.0\.0\.1:\d+$/);
    const got = nextMessage(peer);
    assert.equal(await c.Write(enc("hello")), 5);
    const [m, rinfo] = await got;
    assert.equal(m.toString(), "hello");
    assert.equal(rinfo.port, c.LocalAddr().Port);
    await send(peer, enc("world"), rinfo.port);
    const buf = new Uint8Array(16);
    const n = await c.Read(buf);
    assert.equal(dec(buf.subarray(0, n!)), "world");
    const err = await rejects(c.WriteTo(enc("x"), raddr));
    assertOpError(err, {
      Op: "write",
      Net: "udp",
      Source: c.LocalAddr().String(),
      Addr: raddr.String(),
      inner: ErrWriteToConnected,
      message: `write udp ${c.LocalAddr().String()}->${raddr.String()}: use of WriteTo with pre-connected connection`,
    });
  });

  it("a dialed conn does not see other senders' datagrams", async (t) => {
    const peer = await rawPeer(t);
    const stranger = await rawPeer(t);
    const c = await DialUDP("udp4", null, new UDPAddr({ IP: loopback, Port: peer.address().port }));
    t.after(() => c.Close().catch(() => {}));
    await send(stranger, enc("stranger"), c.LocalAddr().Port);
    await send(peer, enc("peer"), c.LocalAddr().Port);
    const buf = new Uint8Array(16);
    const [n, addr] = await c.ReadFrom(buf);
    assert.equal(dec(buf.subarray(0, n)), "peer");
    assert.equal(addr.Port, peer.address().port);
  });

  it("reports the ICMP port unreachable of a dialed conn as Go's connection refused", async (t) => {
    const port = await deadPort();
    const c = await DialUDP("udp4", null, new UDPAddr({ IP: loopback, Port: port }));
    t.after(() => c.Close().catch(() => {}));
    const read = c.Read(new Uint8Array(8));
    await c.Write(enc("anyone?"));
    const err = assertOpError(await rejects(read), {
      Op: "read",
      Net: "udp4",
      Source: c.LocalAddr().String(),
      Addr: `127.0.0.1:${port}`,
      inner: { syscall: "read", errno: "ECONNREFUSED" },
      message: `read udp4 ${c.LocalAddr().String()}->127.0.0.1:${port}: read: connection refused`,
    });
    assert.ok(Is(err, Errno.of("ECONNREFUSED")));
    assert.equal(err.code, "ECONNREFUSED");
  });

  it("fails a datagram too long for UDP with Go's message too long", async (t) => {
    const peer = await rawPeer(t);
    const c = await DialUDP("udp4", null, new UDPAddr({ IP: loopback, Port: peer.address().port }));
    t.after(() => c.Close().catch(() => {}));
    const err = await rejects(c.Write(new Uint8Array(70000)));
    assertOpError(err, { Op: "write", Net: "udp4", inner: { syscall: "write", errno: "EMSGSIZE" }, message: /^write udp4 .*->.*: write: message too long$/ });
    const pc = await listen(t);
    const err2 = await rejects(pc.WriteTo(new Uint8Array(70000), new UDPAddr({ IP: loopback, Port: peer.address().port })));
    assertOpError(err2, { Op: "write", Net: "udp4", inner: { syscall: "sendto", errno: "EMSGSIZE" } });
  });

  it("iterates datagrams as chunks until Close; readable and writable carry datagrams", async (t) => {
    const peer = await rawPeer(t);
    const c = await DialUDP("udp", null, new UDPAddr({ IP: loopback, Port: peer.address().port }));
    t.after(() => c.Close().catch(() => {}));
    const got = nextMessage(peer);
    const w = c.writable.getWriter();
    await w.write(enc("via writable"));
    w.releaseLock();
    const [m, rinfo] = await got;
    assert.equal(m.toString(), "via writable");
    await send(peer, enc("a"), rinfo.port);
    await send(peer, enc("bc"), rinfo.port);
    const r = c.readable.getReader();
    assert.equal(dec((await r.read()).value!), "a");
    r.releaseLock();
    const seen: string[] = [];
    for await (const chunk of c) {
      seen.push(dec(chunk));
      if (seen.length === 1) void c.Close();
    }
    assert.deepEqual(seen, ["bc"], "the iterator ends when the conn is closed");
  });

  it("listens dual-stack on a wildcard \"udp\" address, as Go prints it", { skip: skipWithoutIPv6 }, async (t) => {
    const pc = await ListenUDP("udp", null);
    t.after(() => pc.Close().catch(() => {}));
    assert.match(pc.LocalAddr().String(), /^\[::\]:\d+$/);
    const peer = await rawPeer(t);
    await send(peer, enc("v4"), pc.LocalAddr().Port);
    const [n, addr] = await pc.ReadFrom(new Uint8Array(8));
    assert.equal(n, 2);
    assert.equal(addr.String(), `127.0.0.1:${peer.address().port}`, "an IPv4-mapped sender prints as IPv4");
    const reply = nextMessage(peer);
    await pc.WriteTo(enc("back"), addr);
    assert.equal((await reply)[0].toString(), "back");
  });

  it("works on IPv6 loopback", { skip: skipWithoutIPv6 }, async (t) => {
    const pc = await listen(t, "udp6", "[::1]:0");
    assert.match(pc.LocalAddr().String(), /^\[::1\]:\d+$/);
    const peer = await rawPeer(t, "udp6", "::1");
    await send(peer, enc("six"), pc.LocalAddr().Port, "::1");
    const [n, addr] = await pc.ReadFrom(new Uint8Array(8));
    assert.equal(n, 3);
    assert.equal(addr.String(), `[::1]:${peer.address().port}`);
  });

  it("fails to bind a port in use with Go's bind error", async (t) => {
    const pc = await listen(t);
    const addr = pc.LocalAddr();
    const err = await rejects(ListenUDP("udp4", addr));
    assertOpError(err, { Op: "listen", Net: "udp4", Source: null, Addr: addr.String(), inner: { syscall: "bind", errno: "EADDRINUSE" }, message: `listen udp4 ${addr.String()}: bind: address already in use` });
  });

  it("rejects bad networks and addresses with Go's errors", async () => {
    const cases: { name: string; p: Promise<unknown>; message: string; inner: unknown }[] = [
      { name: "ListenUDP tcp", p: ListenUDP("tcp", null), message: "listen tcp: unknown network tcp", inner: UnknownNetworkError },
      { name: "DialUDP tcp", p: DialUDP("tcp", null, new UDPAddr({ IP: loopback, Port: 1 })), message: "dial tcp 127.0.0.1:1: unknown network tcp", inner: UnknownNetworkError },
      { name: "DialUDP null raddr", p: DialUDP("udp", null, null), message: "dial udp: missing address", inner: ErrMissingAddress },
      {
        name: "ListenUDP udp4 on IPv6",
        p: ListenUDP("udp4", new UDPAddr({ IP: IPv6loopback })),
        message: "listen udp4 [::1]:0: address ::1: non-IPv4 address",
        inner: AddrError,
      },
      {
        name: "ListenPacket tcp",
        p: ListenPacket("tcp", "127.0.0.1:0"),
        message: "listen tcp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type",
        inner: AddrError,
      },
      { name: "ListenPacket foo", p: ListenPacket("foo", "127.0.0.1:0"), message: "listen foo: unknown network foo", inner: UnknownNetworkError },
      { name: "ListenPacket bad port", p: ListenPacket("udp", "127.0.0.1:99999"), message: "listen udp: address 99999: invalid port", inner: AddrError },
      { name: "ListenPacket no port", p: ListenPacket("udp", "127.0.0.1"), message: "listen udp: address 127.0.0.1: missing port in address", inner: AddrError },
      { name: "ListenPacket unixgram", p: ListenPacket("unixgram", "/tmp/x"), message: 'listen unixgram: unsupported operation (Node has no unixgram datagram sockets; use "udp")', inner: ErrUnsupported },
    ];
    for (const tc of cases) {
      const err = await rejects(tc.p);
      assert.ok(err instanceof OpError, `${tc.name}: ${String(err)}`);
      assert.equal(err.message, tc.message, tc.name);
      if (tc.inner instanceof Error) assert.equal(err.Err, tc.inner, tc.name);
      else assert.ok(err.Err instanceof (tc.inner as typeof AddrError), `${tc.name}: inner ${err.Err.constructor.name}`);
    }
  });

  it("ListenPacket with an empty address listens on a wildcard port", async (t) => {
    const pc = await ListenPacket("udp4", ":0");
    t.after(() => pc.Close().catch(() => {}));
    assert.match(pc.LocalAddr().String(), /^0\.0\.0\.0:[1-9]\d*$/);
  });
});

describe("Dial(\"udp\") through a dialer", () => {
  const resolver: AddrResolver = {
    async LookupIPAddr(_signal, host) {
      if (host === "peer.test") return [{ IP: ParseIP("::1")!, Zone: "" }, { IP: loopback, Zone: "" }];
      throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
    },
    async LookupPort(_signal, _network, service) {
      if (service === "echo") return 7;
      throw new DNSError({ Err: "unknown port", Name: `${_network}/${service}` });
    },
  };

  it("resolves names with the dialer's resolver and honours the local address family", async (t) => {
    const peer = await rawPeer(t);
    const c = await dialUDPNetwork(resolver, new UDPAddr({ IP: loopback }), null, "udp", `peer.test:${peer.address().port}`);
    t.after(() => c.Close().catch(() => {}));
    assert.equal(c.RemoteAddr()?.String(), `127.0.0.1:${peer.address().port}`, "the IPv4 hint keeps the IPv4 answer");
    const got = nextMessage(peer);
    await c.Write(enc("hi"));
    assert.equal((await got)[0].toString(), "hi");
  });

  it("fails as Go's Dial does", async () => {
    const ac = new AbortController();
    ac.abort();
    const cases: { name: string; p: Promise<unknown>; message: string; inner?: unknown }[] = [
      { name: "no address", p: dialUDPNetwork(resolver, null, null, "udp", ""), message: "dial udp: missing address", inner: ErrMissingAddress },
      { name: "unknown host", p: dialUDPNetwork(resolver, null, null, "udp", "nosuch.test:53"), message: "dial udp: lookup nosuch.test: no such host", inner: DNSError },
      {
        name: "TCP local address",
        p: dialUDPNetwork(resolver, new TCPAddr({ IP: loopback }), null, "udp", "127.0.0.1:53"),
        message: "dial udp: address 127.0.0.1:0: mismatched local address type",
        inner: AddrError,
      },
      {
        name: "no address of the hint's family",
        p: dialUDPNetwork(resolver, new UDPAddr({ IP: loopback }), null, "udp", "[::1]:53"),
        message: "dial udp: address 127.0.0.1:0: no suitable address found",
        inner: AddrError,
      },
      { name: "aborted", p: dialUDPNetwork(resolver, null, ac.signal, "udp", "127.0.0.1:53"), message: "dial udp: operation was canceled" },
      { name: "udp4 on an IPv6 literal", p: dialUDPNetwork(resolver, null, null, "udp4", "[::1]:53"), message: "dial udp4: address ::1: no suitable address found", inner: AddrError },
    ];
    for (const tc of cases) {
      const err = await rejects(tc.p);
      assert.ok(err instanceof OpError, `${tc.name}: ${String(err)}`);
      assert.equal(err.message, tc.message, tc.name);
      if (tc.inner instanceof Error) assert.equal(err.Err, tc.inner, tc.name);
      else if (tc.inner !== undefined) assert.ok(err.Err instanceof (tc.inner as typeof AddrError), `${tc.name}: inner ${err.Err.constructor.name}`);
    }
  });

  it("ListenConfig.ListenPacket resolves a service name and takes the IPv4 address first", async (t) => {
    const pc = await listenPacketNetwork({ ...resolver, LookupIPAddr: async () => [{ IP: ParseIP("::1")!, Zone: "" }, { IP: loopback, Zone: "" }] }, null, "udp", "peer.test:0");
    t.after(() => pc.Close().catch(() => {}));
    assert.match(pc.LocalAddr().String(), /^127\.0\.0\.1:\d+$/);
  });
});

// A datagram goes whole or not at all: a Write still pending when its conn closes fails with
// Go's `write udp …: use of closed network connection` and no byte count, and never resolves.
describe("write accounting on UDP", () => {
  it("a Write pending at Close fails with ErrClosed and no count", async (t) => {
    const peer = await rawPeer(t);
    const c = await DialUDP("udp", null, new UDPAddr({ IP: loopback, Port: peer.address().port }));
    const w = c.Write(new Uint8Array(1000));
    w.catch(() => {});
    await c.Close();
    const err = assertOpError(await rejects(w), { Op: "write", Net: "udp", inner: ErrClosed });
    assert.equal(err.bytesWritten, undefined);
  });
});
