// The platform-free UDPConn over a scripted transport: the branches a real socket rarely takes.
// Go's texts (udpsock.go, udpsock_posix.go, net.go OpError.Error): WriteTo with an address that is
// not a UDPAddr is EINVAL, port 0 is sendto's EINVAL, an IPv4 socket refuses an IPv6 destination
// (`address ::1: non-IPv4 address`), a pending socket error fails the next read once under the
// reader's syscall name, and a closed conn fails every call with `use of closed network connection`.

import assert from "node:assert/strict";
import { test } from "node:test";
import { UDPAddr } from "../src/addr.js";
import { Errno, ErrClosed, ErrDeadlineExceeded, ErrUnsupported, Is, OpError, SyscallError } from "../src/errors.js";
import { IPv4, ParseIP } from "../src/ip.js";
import { UnixAddr } from "../src/addr.js";
import { UDPConn, type UDPTransport } from "../src/udp.js";

const local = new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 1000 });
const peer = new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 2000 });

interface Script {
  sent: [Uint8Array, UDPAddr | null][];
  /** fail makes the next sends reject with this value. */
  fail: unknown;
  /** hold keeps sends pending until released. */
  hold: boolean;
  release: (() => void)[];
}

function udp(opts: { remote?: UDPAddr | null; family?: 4 | 6; queueLength?: number; buffers?: boolean } = {}): [UDPConn, Script] {
  const s: Script = { sent: [], fail: undefined, hold: false, release: [] };
  const transport: UDPTransport = {
    send: (p, addr) => {
      s.sent.push([p, addr]);
      if (s.fail !== undefined) return Promise.reject(s.fail);
      if (s.hold) return new Promise<void>((resolve) => s.release.push(resolve));
      return Promise.resolve();
    },
    close: async () => {},
  };
  if (opts.buffers === true) {
    transport.setReadBuffer = (n) => {
      if (n < 0) throw new SyscallError("setsockopt", Errno.of("EINVAL"));
    };
    transport.setWriteBuffer = () => {};
  }
  const c = new UDPConn({
    net: "udp",
    family: opts.family ?? 4,
    localAddr: local,
    remoteAddr: opts.remote === undefined ? null : opts.remote,
    transport,
    ...(opts.queueLength !== undefined ? { queueLength: opts.queueLength } : {}),
  });
  return [c, s];
}

const rejection = async (p: Promise<unknown>): Promise<OpError> => {
  const e = await p.then(
    () => assert.fail("resolved"),
    (err: unknown) => err,
  );
  assert.ok(e instanceof OpError, String(e));
  return e;
};

test("WriteTo refuses what Go's does, with Go's texts", async () => {
  const [c] = udp();
  const unix = new UnixAddr({ Name: "/tmp/x", Net: "unixgram" });
  assert.equal((await rejection(c.WriteTo(new Uint8Array(1), unix))).message, "write udp 127.0.0.1:1000->/tmp/x: invalid argument");
  const port0 = new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 });
  assert.equal((await rejection(c.WriteTo(new Uint8Array(1), port0))).message, "write udp 127.0.0.1:1000->127.0.0.1:0: sendto: invalid argument");
  const v6 = new UDPAddr({ IP: ParseIP("::1"), Port: 53 });
  assert.equal((await rejection(c.WriteToUDP(new Uint8Array(1), v6))).message, "write udp 127.0.0.1:1000->[::1]:53: address ::1: non-IPv4 address");
  assert.equal((await rejection(c.WriteToUDP(new Uint8Array(1), null))).message, "write udp 127.0.0.1:1000: missing address");
  assert.equal((await rejection(c.Write(new Uint8Array(1)))).message, "write udp 127.0.0.1:1000: write: destination address required");
  const [connected] = udp({ remote: peer });
  assert.equal((await rejection(connected.WriteTo(new Uint8Array(1), peer))).message, "write udp 127.0.0.1:1000->127.0.0.1:2000: use of WriteTo with pre-connected connection");
});

test("a failed send is the write OpError: errno under the call's syscall name, other errors as they are", async () => {
  const [c, s] = udp();
  s.fail = new SyscallError("send", Errno.of("ECONNREFUSED"));
  assert.equal((await rejection(c.WriteTo(new Uint8Array(1), peer))).message, "write udp 127.0.0.1:1000->127.0.0.1:2000: sendto: connection refused");
  s.fail = new Error("platform said no");
  assert.equal((await rejection(c.WriteTo(new Uint8Array(1), peer))).message, "write udp 127.0.0.1:1000->127.0.0.1:2000: platform said no");
  s.fail = "not an Error";
  assert.equal((await rejection(c.WriteTo(new Uint8Array(1), peer))).message, "write udp 127.0.0.1:1000->127.0.0.1:2000: not an Error");
  await c.Close();
});

test("the write deadline fails a pending send and later ones; the platform got a copy of p", async () => {
  const [c, s] = udp({ remote: peer });
  s.hold = true;
  c.SetWriteDeadline(Date.now() + 30);
  const p = new Uint8Array([1, 2, 3]);
  const err = await rejection(c.Write(p));
  assert.ok(Is(err, ErrDeadlineExceeded));
  assert.equal(err.message, "write udp 127.0.0.1:1000->127.0.0.1:2000: i/o timeout");
  assert.notEqual(s.sent[0]?.[0], p, "a send under a deadline gets its own copy");
  assert.ok(Is(await rejection(c.Write(p)), ErrDeadlineExceeded));
  // The late completion of the timed-out send is ignored.
  for (const r of s.release) r();
  c.SetDeadline(0);
  s.hold = false;
  assert.equal(await c.Write(p), 3);
  await c.Close();
});

test("reads: pending socket errors fail one read under the reader's syscall name; the queue drops past its length", async () => {
  const [c] = udp({ queueLength: 2 });
  c.pushError(new SyscallError("recvmsg", Errno.of("ECONNREFUSED")));
  assert.equal((await rejection(c.ReadFrom(new Uint8Array(4)))).message, "read udp 127.0.0.1:1000: recvfrom: connection refused");
  c.pushError(new Error("odd failure"));
  assert.equal((await rejection(c.Read(new Uint8Array(4)))).message, "read udp 127.0.0.1:1000: odd failure");
  // A waiting reader gets the error at once.
  const waiting = c.Read(new Uint8Array(4));
  c.pushError(new SyscallError("recvmsg", Errno.of("EHOSTUNREACH")));
  assert.equal((await rejection(waiting)).message, "read udp 127.0.0.1:1000: read: no route to host");
  c.pushDatagram(new Uint8Array([1]), peer);
  c.pushDatagram(new Uint8Array([2]), peer);
  c.pushDatagram(new Uint8Array([3]), peer);
  assert.equal(c.dropped, 1);
  const buf = new Uint8Array(4);
  assert.deepEqual(await c.ReadFromUDP(buf), [1, peer]);
  assert.equal(buf[0], 1);
  assert.equal(await c.Read(new Uint8Array(0)), 0, "an empty p reads 0 at once");
  assert.deepEqual(await c.readChunk(), new Uint8Array([2]));
  await c.Close();
  // After Close: pushes are ignored, reads fail, chunks end.
  c.pushDatagram(new Uint8Array([9]), peer);
  c.pushError(new Error("ignored"));
  assert.equal(await c.readChunk(), null);
  assert.ok(Is(await rejection(c.ReadFrom(new Uint8Array(1))), ErrClosed));
});

test("a long queue is compacted as it drains and keeps datagram order", async () => {
  const [c] = udp({ queueLength: 5000 });
  for (let i = 0; i < 3000; i++) c.pushDatagram(new Uint8Array([i & 0xff, i >> 8]), peer);
  for (let i = 0; i < 3000; i++) {
    const d = await c.readChunk();
    assert.equal((d![0]! | (d![1]! << 8)), i);
  }
  await c.Close();
});

test("the read deadline fails pending reads; Close fails pending writes; set calls after Close fail", async () => {
  const [c, s] = udp({ remote: peer });
  const r1 = c.Read(new Uint8Array(1));
  const r2 = c.ReadFrom(new Uint8Array(1));
  c.SetReadDeadline(Date.now() + 20);
  for (const r of [r1, r2]) assert.equal((await rejection(r)).message, "read udp 127.0.0.1:1000->127.0.0.1:2000: i/o timeout");
  s.hold = true;
  const w = c.Write(new Uint8Array(1));
  c.SetReadDeadline(0);
  const chunk = c.readChunk();
  await c.Close();
  assert.equal((await rejection(w)).message, "write udp 127.0.0.1:1000->127.0.0.1:2000: use of closed network connection");
  assert.equal(await chunk, null);
  assert.equal((await rejection(c.Close())).message, "close udp 127.0.0.1:1000->127.0.0.1:2000: use of closed network connection");
  assert.throws(() => c.SetDeadline(0), (e: unknown) => e instanceof OpError && e.message === "set udp 127.0.0.1:1000: use of closed network connection");
  assert.throws(() => c.SetReadBuffer(1), (e: unknown) => e instanceof OpError && Is(e, ErrClosed));
});

test("socket buffer sizes: unsupported without the platform hook, the platform's error otherwise", async () => {
  const [bare] = udp();
  assert.throws(() => bare.SetReadBuffer(1 << 20), (e: unknown) => e instanceof OpError && Is(e, ErrUnsupported) && e.Op === "set");
  assert.throws(() => bare.SetWriteBuffer(1 << 20), (e: unknown) => e instanceof OpError && Is(e, ErrUnsupported));
  const [c] = udp({ buffers: true });
  c.SetReadBuffer(1 << 20);
  c.SetWriteBuffer(1 << 20);
  assert.throws(() => c.SetReadBuffer(-1), (e: unknown) => e instanceof OpError && e.message === "set udp 127.0.0.1:1000: setsockopt: invalid argument");
  await bare.Close();
  await c.Close();
});

test("streams: writable sends each chunk and closes (or aborts) the conn; readable and iteration end at Close", async () => {
  const [c, s] = udp({ remote: peer });
  const w = c.writable.getWriter();
  await w.write(new Uint8Array([7]));
  await w.close();
  assert.equal(c.closed, true);
  assert.deepEqual(s.sent.map(([p]) => [...p]), [[7]]);
  const [c2] = udp({ remote: peer });
  await c2.writable.getWriter().abort(new Error("stop"));
  assert.equal(c2.closed, true);
  const [c3] = udp();
  c3.pushDatagram(new Uint8Array([1, 2]), peer);
  const got: number[][] = [];
  const loop = (async () => {
    for await (const d of c3) got.push([...d]);
  })();
  await new Promise((resolve) => setImmediate(resolve));
  await c3[Symbol.asyncDispose]();
  await loop;
  assert.deepEqual(got, [[1, 2]]);
  await c3[Symbol.asyncDispose]();
  assert.equal(c3.RemoteAddr(), null);
  assert.equal(c3.LocalAddr(), local);
});
