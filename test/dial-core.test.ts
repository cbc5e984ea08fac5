// The portable Dialer over a scripted backend and resolver, for the paths real sockets make hard to
// reach: Go's dialSerial (each address in turn, the first error kept), dialParallel (Happy
// Eyeballs: the fallback family starts after FallbackDelay, or at once when the primaries fail;
// the loser is canceled; a connection that arrives late is closed), a dial timeout, mismatched
// local addresses and networks (dial.go, ipsock.go).

import assert from "node:assert/strict";
import { test } from "node:test";
import { TCPAddr, UnixAddr } from "../src/addr.js";
import type { Backend } from "../src/backend.js";
import { DialerCore, type AddrResolver, type DialerInit } from "../src/dial.js";
import { Errno, ErrDeadlineExceeded, Is, OpError, SyscallError, UnknownNetworkError } from "../src/errors.js";
import { ParseIP } from "../src/ip.js";
import type { NetworkName, Conn } from "../src/net.js";
import { Pipe } from "../src/pipe.js";

type Behaviour = "refuse" | "hang" | "ok" | { okAfter: number } | { refuseAfter: number };

interface Rig {
  dialer: DialerCore;
  /** attempts lists the addresses dialed, in order; aborted those whose signal aborted. */
  attempts: string[];
  aborted: string[];
  /** conns are the conns the backend made; peers their other ends. */
  conns: Conn[];
  peers: Conn[];
}

function rig(behaviours: Record<string, Behaviour>, zone: Record<string, string[]>, init: DialerInit = {}): Rig {
  const attempts: string[] = [];
  const aborted: string[] = [];
  const conns: Conn[] = [];
  const peers: Conn[] = [];
  const be: Backend = {
    name: "node",
    dialTCP: (_network, raddr, _laddr, opts) => {
      const key = raddr.String();
      attempts.push(key);
      opts.signal.addEventListener("abort", () => aborted.push(key), { once: true });
      const b = behaviours[key] ?? "refuse";
      const refused = (): SyscallError => new SyscallError("connect", Errno.of("ECONNREFUSED"));
      const made = (): Conn => {
        const [a, b] = Pipe();
        conns.push(a);
        peers.push(b);
        return a;
      };
      if (b === "refuse") return Promise.reject(refused());
      if (b === "ok") return Promise.resolve(made());
      if (b === "hang") return new Promise<Conn>(() => {});
      if ("okAfter" in b) return new Promise<Conn>((resolve) => setTimeout(() => resolve(made()), b.okAfter));
      return new Promise<Conn>((_, reject) => setTimeout(() => reject(refused()), b.refuseAfter));
    },
    listenTCP: () => Promise.reject(new Error("unused")),
    dialUnix: () => Promise.reject(new SyscallError("connect", Errno.of("ENOENT"))),
    listenUnix: () => Promise.reject(new Error("unused")),
    unsupportedHint: () => "",
  };
  const resolver: AddrResolver = {
    LookupIPAddr: async (_signal, host) => {
      const ips = zone[host];
      if (ips === undefined) throw new Error(`no zone entry for ${host}`);
      return ips.map((ip) => ({ IP: ParseIP(ip)!, Zone: "" }));
    },
    LookupPort: async (_signal, _network, service) => Number(service),
  };
  class TestDialer extends DialerCore {
    protected backend(): Backend {
      return be;
    }
    protected defaultResolver(): AddrResolver {
      return resolver;
    }
  }
  return { dialer: new TestDialer(init), attempts, aborted, conns, peers };
}

const zone = {
  "two.test": ["192.0.2.1", "192.0.2.2"],
  "dual.test": ["192.0.2.1", "2001:db8::1"],
};

test("dialSerial tries each address in turn and reports the first error", async () => {
  const ok = rig({ "192.0.2.2:80": "ok" }, zone);
  const c = await ok.dialer.Dial("tcp4", "two.test:80");
  assert.equal(c, ok.conns[0]);
  assert.deepEqual(ok.attempts, ["192.0.2.1:80", "192.0.2.2:80"]);
  const bad = rig({}, zone);
  const err = await bad.dialer.Dial("tcp4", "two.test:80").then(
    () => assert.fail("dialed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpError);
  assert.equal(err.message, "dial tcp4 192.0.2.1:80: connect: connection refused");
  assert.deepEqual(bad.attempts, ["192.0.2.1:80", "192.0.2.2:80"]);
});

test("Happy Eyeballs: the fallback starts after FallbackDelay, wins, and cancels the primary", async () => {
  const r = rig({ "192.0.2.1:80": "hang", "[2001:db8::1]:80": "ok" }, zone, { FallbackDelay: 30 });
  const started = Date.now();
  const c = await r.dialer.Dial("tcp", "dual.test:80");
  assert.ok(Date.now() - started >= 25, "the fallback waited for FallbackDelay");
  assert.equal(c, r.conns[0]);
  assert.deepEqual(r.attempts, ["192.0.2.1:80", "[2001:db8::1]:80"]);
  assert.ok(r.aborted.includes("192.0.2.1:80"), "the primary attempt was canceled");
});

test("Happy Eyeballs: a failed primary starts the fallback at once; both failing report the primary's error", async () => {
  const r = rig({ "192.0.2.1:80": "refuse", "[2001:db8::1]:80": "ok" }, zone, { FallbackDelay: 10_000 });
  const started = Date.now();
  await r.dialer.Dial("tcp", "dual.test:80");
  assert.ok(Date.now() - started < 5_000, "no wait for FallbackDelay");
  const both = rig({ "192.0.2.1:80": { refuseAfter: 20 }, "[2001:db8::1]:80": "refuse" }, zone, { FallbackDelay: 1 });
  const err = await both.dialer.Dial("tcp", "dual.test:80").then(
    () => assert.fail("dialed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpError);
  assert.equal(err.message, "dial tcp 192.0.2.1:80: connect: connection refused");
});

test("Happy Eyeballs: a connection the loser makes after the race is closed", async () => {
  const r = rig({ "192.0.2.1:80": { okAfter: 40 }, "[2001:db8::1]:80": "ok" }, zone, { FallbackDelay: 1 });
  const c = await r.dialer.Dial("tcp", "dual.test:80");
  assert.equal(c, r.conns[0]);
  // The primary connects 40 ms later; its peer then reads end of stream, as the dialer closed it.
  for (let i = 0; i < 100 && r.peers.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(r.conns.length, 2, "the primary connected late");
  assert.equal(await r.peers[1]!.Read(new Uint8Array(1)), null, "the late connection was closed");
  await c.Close();
});

test("a negative FallbackDelay dials serially; a timeout fails with Go's i/o timeout", async () => {
  const r = rig({ "192.0.2.1:80": "refuse", "[2001:db8::1]:80": "ok" }, zone, { FallbackDelay: -1 });
  await r.dialer.Dial("tcp", "dual.test:80");
  assert.deepEqual(r.attempts, ["192.0.2.1:80", "[2001:db8::1]:80"]);
  const slow = rig({ "192.0.2.1:80": "hang" }, zone, { Timeout: 30 });
  const err = await slow.dialer.Dial("tcp4", "192.0.2.1:80").then(
    () => assert.fail("dialed"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpError && Is(err, ErrDeadlineExceeded), String(err));
  assert.equal(err.message, "dial tcp4 192.0.2.1:80: i/o timeout");
  assert.equal(err.Timeout(), true);
});

test("mismatched local addresses and unknown networks fail as Go's", async () => {
  const tcp = rig({}, zone, { LocalAddr: new UnixAddr({ Name: "/tmp/s", Net: "unix" }) });
  await assert.rejects(tcp.dialer.Dial("tcp", "192.0.2.1:80"), (e: unknown) => e instanceof OpError && e.message === "dial tcp: address /tmp/s: mismatched local address type");
  const unix = rig({}, zone, { LocalAddr: new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: 1 }) });
  await assert.rejects(unix.dialer.Dial("unix", "/tmp/s"), (e: unknown) => e instanceof OpError && e.message === "dial unix: address 127.0.0.1:1: mismatched local address type");
  const u = rig({}, zone);
  await assert.rejects(u.dialer.Dial("unix", ""), (e: unknown) => e instanceof OpError && e.message === "dial unix: missing address");
  await assert.rejects(u.dialer.Dial("unix", "/nonexistent.sock"), (e: unknown) => e instanceof OpError && e.message === "dial unix /nonexistent.sock: connect: no such file or directory");
  for (const network of ["ip4:", "ip:!", "tcp7", "ip9:icmp"]) {
    await assert.rejects(u.dialer.Dial(network as NetworkName, "x"), (e: unknown) => e instanceof OpError && e.Err instanceof UnknownNetworkError && e.message === `dial ${network}: unknown network ${network}`, network);
  }
});
