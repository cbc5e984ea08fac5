import { test } from "node:test";
import assert from "node:assert/strict";
import type { IPZone } from "../src/addr.js";
import { AddrError, DNSError, ErrCanceled, Is, UnknownNetworkError } from "../src/errors.js";
import { IP, ParseIP } from "../src/ip.js";
import {
  absDomainName,
  DefaultResolver,
  isDomainName,
  LookupHost,
  LookupIP,
  LookupMX,
  Resolver,
  reverseaddr,
  setDefaultResolver,
  sortMX,
  sortSRV,
  type MX,
  type ResolverInit,
  type SRV,
  type SystemResolver,
} from "../src/lookup.js";
import { startDoHServer, type DoHTestServer, type ZoneRecord } from "./helpers/dohserver.js";

const zone: ZoneRecord[] = [
  { name: "host.test", type: "A", ttl: 300, data: "192.0.2.1" },
  { name: "host.test", type: "A", ttl: 300, data: "192.0.2.2" },
  { name: "host.test", type: "AAAA", ttl: 300, data: "2001:db8::1" },
  { name: "v4only.test", type: "A", ttl: 300, data: "192.0.2.4" },
  { name: "v6only.test", type: "AAAA", ttl: 300, data: "2001:db8::6" },
  { name: "nosuchhost.invalid", type: "TXT", ttl: 1, data: "never asked: the server answers NXDOMAIN only for missing names" },
  { name: "www.test", type: "CNAME", ttl: 300, data: "edge.test" },
  { name: "edge.test", type: "CNAME", ttl: 300, data: "host.test" },
  { name: "dangling.test", type: "CNAME", ttl: 300, data: "void.test" },
  { name: "two.test", type: "CNAME", ttl: 300, data: "hop.test" },
  { name: "hop.test", type: "CNAME", ttl: 300, data: "v4only.test" },
  { name: "bad.test", type: "CNAME", ttl: 300, data: "bad!name.test" },
  { name: "bad!name.test", type: "A", ttl: 300, data: "192.0.2.66" },
  { name: "mail.test", type: "MX", ttl: 300, data: { preference: 20, exchange: "mx2.test" } },
  { name: "mail.test", type: "MX", ttl: 300, data: { preference: 10, exchange: "mx1.test" } },
  { name: "mail.test", type: "MX", ttl: 300, data: { preference: 30, exchange: "mx3.test" } },
  { name: "badmx.test", type: "MX", ttl: 300, data: { preference: 10, exchange: "ok.test" } },
  { name: "badmx.test", type: "MX", ttl: 300, data: { preference: 20, exchange: "not ok.test" } },
  { name: "txt.test", type: "TXT", ttl: 300, data: ["v=spf1 ", "-all"] },
  { name: "txt.test", type: "TXT", ttl: 300, data: "second" },
  { name: "zone.test", type: "NS", ttl: 300, data: "ns1.zone.test" },
  { name: "zone.test", type: "NS", ttl: 300, data: "ns2.zone.test" },
  { name: "_xmpp-server._tcp.chat.test", type: "SRV", ttl: 300, data: { priority: 20, weight: 0, port: 5270, target: "c.chat.test" } },
  { name: "_xmpp-server._tcp.chat.test", type: "SRV", ttl: 300, data: { priority: 10, weight: 5, port: 5269, target: "a.chat.test" } },
  { name: "_xmpp-server._tcp.chat.test", type: "SRV", ttl: 300, data: { priority: 10, weight: 5, port: 5269, target: "b.chat.test" } },
  { name: "srv.direct.test", type: "SRV", ttl: 300, data: { priority: 1, weight: 1, port: 80, target: "t.test" } },
  { name: "1.2.0.192.in-addr.arpa", type: "PTR", ttl: 300, data: "host.test" },
  { name: "1.2.0.192.in-addr.arpa", type: "PTR", ttl: 300, data: "alias.host.test" },
];

async function setup(t: { after(fn: () => unknown): void }, init: ResolverInit = {}): Promise<[DoHTestServer, Resolver]> {
  const srv = await startDoHServer({ zone: structuredClone(zone) });
  t.after(() => srv.close());
  return [srv, new Resolver({ DoH: srv.url, ...init })];
}

async function rejects(p: Promise<unknown>): Promise<DNSError>;
async function rejects<E extends Error>(p: Promise<unknown>, cls: abstract new (...a: never[]) => E): Promise<E>;
async function rejects(p: Promise<unknown>, cls: abstract new (...a: never[]) => Error = DNSError): Promise<Error> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof cls, `want ${cls.name}, got ${String(err)}`);
    return err;
  }
  assert.fail("lookup succeeded, want an error");
}

test("isDomainName follows Go's dnsname_test.go table", () => {
  const char63 = "a".repeat(63);
  const longDomain = (char63 + ".").repeat(5) + "example";
  const cases: [string, boolean][] = [
    ["_xmpp-server._tcp.google.com", true],
    ["foo.com", true],
    ["1foo.com", true],
    ["26.0.0.73.com", true],
    ["fo-o.com", true],
    ["fo1o.com", true],
    ["foo1.com", true],
    ["a.b..com", false],
    ["a.b-.com", false],
    ["a.b.com-", false],
    ["a.b..", false],
    ["b.com.", true],
    [char63 + ".com", true],
    [char63 + "a.com", false],
    [longDomain.slice(-253), true],
    [longDomain.slice(-253) + ".", true],
    [longDomain.slice(-254), false],
    [".", true],
    ["", false],
    ["123", false],
    ["1.2.3", false],
    ["-a.com", false],
    ["a b.com", false],
    ["bücher.de", false],
  ];
  for (const [name, want] of cases) assert.equal(isDomainName(name), want, JSON.stringify(name));
});

test("reverseaddr follows Go's revAddrTests table", async () => {
  const cases: [string, string][] = [
    ["1.2.3.4", "4.3.2.1.in-addr.arpa."],
    ["245.110.36.114", "114.36.110.245.in-addr.arpa."],
    ["::ffff:12.34.56.78", "78.56.34.12.in-addr.arpa."],
    ["::1", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa."],
    ["1::", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.ip6.arpa."],
    ["1234:567::89a:bcde", "e.d.c.b.a.9.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.7.6.5.0.4.3.2.1.ip6.arpa."],
    ["1234:567:fefe:bcbc:adad:9e4a:89a:bcde", "e.d.c.b.a.9.8.0.a.4.e.9.d.a.d.a.c.b.c.b.e.f.e.f.7.6.5.0.4.3.2.1.ip6.arpa."],
  ];
  for (const [addr, want] of cases) assert.equal(reverseaddr(addr), want, addr);
  for (const bad of ["1.2.3", "1.2.3.4.5", "1234:567:bcbca::89a:bcde", "1234:567::bcbc:adad::89a:bcde"]) {
    assert.throws(() => reverseaddr(bad), (e: unknown) => e instanceof DNSError && e.message === `lookup ${bad}: unrecognized address`);
  }
  assert.equal(absDomainName("localhost"), "localhost");
  assert.equal(absDomainName("a.b"), "a.b.");
  assert.equal(absDomainName("a.b."), "a.b.");
});

test("IP literals are answered without a query", async (t) => {
  const [srv, r] = await setup(t);
  assert.deepEqual(await r.LookupHost(null, "127.0.0.1"), ["127.0.0.1"]);
  assert.deepEqual(await r.LookupHost(null, "::1"), ["::1"]);
  assert.deepEqual(await r.LookupHost(null, "fe80::1%eth0"), ["fe80::1%eth0"]);
  assert.deepEqual(await r.LookupHost(null, "::ffff:192.0.2.1"), ["::ffff:192.0.2.1"], "as given, like Go");
  const [a] = await r.LookupIPAddr(null, "fe80::1%eth0");
  assert.equal(a!.IP.String(), "fe80::1");
  assert.equal(a!.Zone, "eth0");
  const [v4] = await r.LookupIPAddr(null, "192.0.2.1");
  assert.equal(v4!.IP.length, 16, "Go returns the 16-byte form for literals");
  assert.deepEqual((await r.LookupIP(null, "ip4", "192.0.2.1")).map(String), ["192.0.2.1"]);
  assert.deepEqual((await r.LookupIP(null, "ip", "::")).map(String), ["::", "0.0.0.0"], "Go issue 18806");
  const noV4 = await rejects(r.LookupIP(null, "ip4", "::1"), AddrError);
  assert.equal(noV4.message, "address ::1: no suitable address found");
  const noV6 = await rejects(r.LookupIP(null, "ip6", "192.0.2.1"), AddrError);
  assert.equal(noV6.message, "address 192.0.2.1: no suitable address found");
  assert.equal(srv.log.length, 0);
});

test("empty, invalid and .onion names are `no such host` without a query or a server", async (t) => {
  const [srv, r] = await setup(t);
  const cases: [string, () => Promise<unknown>][] = [
    ["", () => r.LookupHost(null, "")],
    ["", () => r.LookupIPAddr(null, "")],
    ["", () => r.LookupIP(null, "ip", "")],
    ["", () => r.LookupCNAME(null, "")],
    ["a..b", () => r.LookupHost(null, "a..b")],
    ["-a.test", () => r.LookupHost(null, "-a.test")],
    ["a b.test", () => r.LookupIP(null, "ip4", "a b.test")],
    ["bücher.test", () => r.LookupHost(null, "bücher.test")],
    ["1.2.3", () => r.LookupHost(null, "1.2.3")],
    ["x".repeat(64) + ".test", () => r.LookupMX(null, "x".repeat(64) + ".test")],
    ["bad name", () => r.LookupTXT(null, "bad name")],
    ["facebookcorewwwi.onion", () => r.LookupHost(null, "facebookcorewwwi.onion")],
    ["x.onion.", () => r.LookupTXT(null, "x.onion.")],
  ];
  for (const [name, call] of cases) {
    const err = await rejects(call());
    assert.equal(err.message, `lookup ${name}: no such host`);
    assert.equal(err.IsNotFound, true);
    assert.equal(err.Server, "");
  }
  assert.equal(srv.log.length, 0);
});

test("localhost names are loopback without asking DoH (RFC 6761), other types are not found", async (t) => {
  const [srv, r] = await setup(t);
  for (const h of ["localhost", "LOCALHOST", "localhost.", "app.localhost", "localhost.localdomain"]) {
    assert.deepEqual(await r.LookupHost(null, h), ["127.0.0.1", "::1"], h);
  }
  assert.deepEqual((await r.LookupIP(null, "ip6", "localhost")).map(String), ["::1"]);
  assert.deepEqual((await r.LookupIP(null, "ip4", "localhost")).map(String), ["127.0.0.1"]);
  assert.equal(await r.LookupCNAME(null, "localhost"), "localhost");
  const txt = await rejects(r.LookupTXT(null, "localhost"));
  assert.equal(txt.message, "lookup localhost: no such host");
  assert.equal(srv.log.length, 0);
});

test("LookupHost asks A and AAAA in parallel and returns IPv4 then IPv6", async (t) => {
  const [srv, r] = await setup(t);
  assert.deepEqual(await r.LookupHost(null, "host.test"), ["192.0.2.1", "192.0.2.2", "2001:db8::1"]);
  assert.deepEqual(srv.log.map((q) => q.type).sort(), ["A", "AAAA"]);
  const ips = await r.LookupIPAddr(null, "host.test.");
  assert.deepEqual(ips.map((a) => [a.IP.String(), a.IP.length, a.Zone]), [["192.0.2.1", 4, ""], ["192.0.2.2", 4, ""], ["2001:db8::1", 16, ""]]);
  assert.ok(ips[0]!.IP instanceof IP);
  assert.equal(srv.log.length, 2, "the trailing-dot form hit the cache");
  assert.deepEqual(await r.LookupHost(null, "v6only.test"), ["2001:db8::6"]);
  assert.deepEqual(await r.LookupHost(null, "www.test"), ["192.0.2.1", "192.0.2.2", "2001:db8::1"]);
});

test("LookupIP asks only the family of ip4/ip6 and validates the network as Go's parseNetwork", async (t) => {
  const [srv, r] = await setup(t);
  assert.deepEqual((await r.LookupIP(null, "ip4", "host.test")).map(String), ["192.0.2.1", "192.0.2.2"]);
  assert.deepEqual(srv.log.map((q) => q.type), ["A"]);
  assert.deepEqual((await r.LookupIP(null, "ip6", "host.test")).map(String), ["2001:db8::1"]);
  assert.deepEqual((await r.LookupIP(null, "ip4:icmp", "v4only.test")).map(String), ["192.0.2.4"]);
  assert.deepEqual((await r.LookupIP(null, "ip6:58", "v6only.test")).map(String), ["2001:db8::6"]);
  const unknownNet = await rejects(r.LookupIP(null, "tcp", "host.test"), UnknownNetworkError);
  assert.equal(unknownNet.message, "unknown network tcp");
  assert.equal((await rejects(r.LookupIP(null, "ipx", "host.test"), UnknownNetworkError)).message, "unknown network ipx");
  assert.equal((await rejects(r.LookupIP(null, "ip4:nosuchproto", "host.test"), AddrError)).message, "address nosuchproto: unknown IP protocol specified");
  const none = await rejects(r.LookupIP(null, "ip6", "v4only.test"));
  assert.equal(none.message, `lookup v4only.test on ${srv.url}: no such host`);
});

test("lookup failures carry Go's texts: NXDOMAIN, no records, SERVFAIL, timeout, abort", async (t) => {
  const [srv, r] = await setup(t);
  const nx = await rejects(r.LookupHost(null, "nosuchhost.invalid"));
  // The zone has a TXT record there, so this is NODATA for A/AAAA; a missing name is NXDOMAIN.
  assert.equal(nx.message, `lookup nosuchhost.invalid on ${srv.url}: no such host`);
  assert.equal(nx.IsNotFound, true);
  const gone = await rejects(r.LookupHost(null, "gone.test"));
  assert.equal(gone.message, `lookup gone.test on ${srv.url}: no such host`);
  assert.equal(gone.IsNotFound, true);
  assert.equal(gone.code, "ENOTFOUND");

  srv.behave("sf.test", { rcode: "SERVFAIL" });
  const sf = await rejects(r.LookupHost(null, "sf.test"));
  assert.equal(sf.message, `lookup sf.test on ${srv.url}: server misbehaving`);
  assert.equal(sf.IsTemporary, true);
  assert.equal(sf.IsNotFound, false);

  srv.behave("slow.test", { hang: true });
  const slow = await rejects(new Resolver({ DoH: srv.url, Timeout: 50 }).LookupHost(null, "slow.test"));
  assert.equal(slow.message, `lookup slow.test on ${srv.url}: i/o timeout`);
  assert.equal(slow.IsTimeout, true);

  srv.behave("hang.test", { hang: true });
  const patient = new Resolver({ DoH: srv.url, Timeout: 0 });
  const ac = new AbortController();
  const before = srv.log.length;
  const p = patient.LookupHost(ac.signal, "hang.test");
  await srv.waitForRequests(before + 2); // A and AAAA are both in flight
  ac.abort();
  const canceled = await rejects(p);
  assert.equal(canceled.message, "lookup hang.test: operation was canceled");
  assert.ok(Is(canceled, ErrCanceled));

  const pre = await rejects(r.LookupMX(AbortSignal.abort(), "mail.test"));
  assert.equal(pre.message, "lookup mail.test: operation was canceled");
});

test("one family failing still returns the other; StrictErrors makes a temporary failure fatal", async (t) => {
  const [srv, r] = await setup(t);
  srv.behave("host.test", { rcode: "SERVFAIL" }, "AAAA");
  assert.deepEqual(await r.LookupHost(null, "host.test"), ["192.0.2.1", "192.0.2.2"]);
  const strict = new Resolver({ DoH: srv.url, StrictErrors: true });
  const err = await rejects(strict.LookupHost(null, "host.test"));
  assert.equal(err.message, `lookup host.test on ${srv.url}: server misbehaving`);
  // A non-temporary failure (no AAAA records) is not fatal even when strict.
  assert.deepEqual(await strict.LookupHost(null, "v4only.test"), ["192.0.2.4"]);
});

test("LookupCNAME returns the canonical name with a trailing dot", async (t) => {
  const [srv, r] = await setup(t);
  assert.equal(await r.LookupCNAME(null, "www.test"), "host.test.");
  assert.equal(await r.LookupCNAME(null, "host.test"), "host.test.", "no CNAME, but addresses");
  assert.equal(await r.LookupCNAME(null, "two.test"), "v4only.test.", "the end of the chain, not the first hop");
  assert.equal(await r.LookupCNAME(null, "dangling.test"), "void.test.", "an alias whose target has no addresses");
  assert.deepEqual(srv.requestsFor("dangling.test").map((q) => q.type).sort(), ["A", "AAAA", "CNAME"]);
  const gone = await rejects(r.LookupCNAME(null, "gone.test"));
  assert.equal(gone.message, `lookup gone.test on ${srv.url}: no such host`);
  const bad = await rejects(r.LookupCNAME(null, "bad.test"));
  assert.equal(bad.message, "lookup bad.test: DNS response contained records which contain invalid names");
});

test("LookupMX sorts by preference; malformed hosts are rejected as Go's", async (t) => {
  const [, r] = await setup(t);
  const mxs = await r.LookupMX(null, "mail.test");
  assert.deepEqual(mxs, [{ Host: "mx1.test.", Pref: 10 }, { Host: "mx2.test.", Pref: 20 }, { Host: "mx3.test.", Pref: 30 }]);
  const bad = await rejects(r.LookupMX(null, "badmx.test"));
  assert.equal(bad.message, "lookup badmx.test: DNS response contained records which contain invalid names");
});

test("LookupTXT concatenates the strings of each record; LookupNS returns hosts", async (t) => {
  const [, r] = await setup(t);
  assert.deepEqual((await r.LookupTXT(null, "txt.test")).sort(), ["second", "v=spf1 -all"]);
  assert.deepEqual(await r.LookupNS(null, "zone.test"), [{ Host: "ns1.zone.test." }, { Host: "ns2.zone.test." }]);
});

test("LookupSRV asks _service._proto.name and orders by priority", async (t) => {
  const [srv, r] = await setup(t);
  const [cname, srvs] = await r.LookupSRV(null, "xmpp-server", "tcp", "chat.test");
  assert.equal(cname, "_xmpp-server._tcp.chat.test.");
  assert.deepEqual(srv.log.map((q) => `${q.name} ${q.type}`), ["_xmpp-server._tcp.chat.test SRV"]);
  assert.deepEqual(srvs.map((s) => s.Priority), [10, 10, 20]);
  assert.deepEqual(srvs.slice(0, 2).map((s) => s.Target).sort(), ["a.chat.test.", "b.chat.test."]);
  assert.deepEqual(srvs[2], { Target: "c.chat.test.", Port: 5270, Priority: 20, Weight: 0 });
  const [direct, d] = await r.LookupSRV(null, "", "", "srv.direct.test");
  assert.equal(direct, "srv.direct.test.");
  assert.equal(d.length, 1);
  const missing = await rejects(r.LookupSRV(null, "ldap", "tcp", "chat.test"));
  assert.equal(missing.message, `lookup _ldap._tcp.chat.test on ${srv.url}: no such host`);
});

test("sortSRV is Go's byPriorityWeight: priority groups, weight-proportional picks, zero weights last", () => {
  const mk = (p: number, w: number, t: string): SRV => ({ Target: t, Port: 1, Priority: p, Weight: w });
  const input = (): SRV[] => [mk(2, 5, "p2"), mk(1, 20, "w20"), mk(1, 0, "w0"), mk(1, 10, "w10")];
  // randIntn always 0: the first record whose running weight sum exceeds 0 is picked.
  assert.deepEqual(sortSRV(input(), () => 0).map((s) => s.Target), ["w10", "w20", "w0", "p2"]);
  // randIntn always n-1: the last non-zero-weight record is picked first.
  assert.deepEqual(sortSRV(input(), (n) => n - 1).map((s) => s.Target), ["w20", "w10", "w0", "p2"]);
  const zeros = [mk(1, 0, "a"), mk(1, 0, "b")];
  assert.deepEqual(sortSRV(zeros, () => assert.fail("no random pick among zero weights")).map((s) => s.Target), ["a", "b"]);
});

test("sortMX shuffles then orders by preference (Go's byPref.sort)", () => {
  const mx = (h: string, p: number): MX => ({ Host: h, Pref: p });
  const picks: number[] = [];
  const out = sortMX([mx("c", 30), mx("a", 10), mx("b1", 20), mx("b2", 20)], (n) => {
    picks.push(n);
    return 0;
  });
  assert.deepEqual(picks, [1, 2, 3, 4], "one Fisher-Yates draw per record");
  assert.deepEqual(out.map((m) => m.Pref), [10, 20, 20, 30]);
});

test("LookupAddr asks the PTR of the in-addr.arpa name; names keep their trailing dot", async (t) => {
  const [srv, r] = await setup(t);
  assert.deepEqual(await r.LookupAddr(null, "192.0.2.1"), ["host.test.", "alias.host.test."]);
  assert.deepEqual(srv.log.map((q) => `${q.name} ${q.type}`), ["1.2.0.192.in-addr.arpa PTR"]);
  const miss = await rejects(r.LookupAddr(null, "2001:db8::1"));
  assert.equal(miss.message, `lookup ${reverseaddr("2001:db8::1")} on ${srv.url}: no such host`);
  const bad = await rejects(r.LookupAddr(null, "not-an-ip"));
  assert.equal(bad.message, "lookup not-an-ip: unrecognized address");
});

test("LookupPort uses Go's services table and Go's errors", async () => {
  const r = new Resolver({ DoH: "https://dns.invalid/dns-query" });
  const ok: [string, string, number][] = [
    ["tcp", "http", 80],
    ["tcp4", "HTTPS", 443],
    ["udp", "domain", 53],
    ["ip", "ssh", 22],
    ["", "smtp", 25],
    ["tcp", "8080", 8080],
    ["tcp", "", 0],
    ["tcp", "+443", 443],
  ];
  for (const [network, service, want] of ok) assert.equal(await r.LookupPort(null, network, service), want, `${network}/${service}`);
  assert.equal((await rejects(r.LookupPort(null, "tcp", "65536"), AddrError)).message, "address 65536: invalid port");
  assert.equal((await rejects(r.LookupPort(null, "tcp", "-1"), AddrError)).message, "address -1: invalid port");
  assert.equal((await rejects(r.LookupPort(null, "sctp", "http"), AddrError)).message, "address sctp: unknown network");
  const unknown = await rejects(r.LookupPort(null, "tcp", "nosuchservice"));
  assert.equal(unknown.message, "lookup tcp/nosuchservice: unknown port");
  assert.equal(unknown.IsNotFound, true);
});

test("Method POST and the cache work through Resolver; ClearCache drops it", async (t) => {
  const [srv, r] = await setup(t, { Method: "POST" });
  await r.LookupHost(null, "host.test");
  await r.LookupHost(null, "HOST.test");
  assert.equal(srv.log.length, 2);
  assert.ok(srv.log.every((q) => q.method === "POST"));
  r.ClearCache();
  await r.LookupHost(null, "host.test");
  assert.equal(srv.log.length, 4);
  assert.equal(r.DoH, srv.url);
});

test("DoH endpoints must be https or loopback http", () => {
  assert.throws(() => new Resolver({ DoH: "http://dns.example/dns-query" }), TypeError);
  assert.equal(new Resolver({ DoH: "https://dns.example/dns-query{?dns}" }).DoH, "https://dns.example/dns-query");
});

function fakeSystem(calls: string[]): SystemResolver {
  const ip = (s: string): IPZone => ({ IP: ParseIP(s)!, Zone: "" });
  return {
    async lookupIPAddr(_s, network, host) {
      calls.push(`ip ${network} ${host}`);
      if (host === "fail.test") throw new Error("boom");
      if (host === "hang.test") return new Promise<never>(() => {});
      return [ip("192.0.2.10"), { IP: ParseIP("fe80::1")!, Zone: "lo" }];
    },
    async lookupCNAME(_s, host) {
      calls.push(`cname ${host}`);
      return "canon.test.";
    },
    async lookupAddr(_s, addr) {
      calls.push(`addr ${addr}`);
      return ["localhost", "bad name"];
    },
    async lookupTXT(_s, name) {
      calls.push(`txt ${name}`);
      return ["t"];
    },
    async lookupMX(_s, name) {
      calls.push(`mx ${name}`);
      return [{ Host: "b.test.", Pref: 20 }, { Host: "a.test.", Pref: 10 }];
    },
    async lookupNS(_s, name) {
      calls.push(`ns ${name}`);
      return [{ Host: "ns.test." }];
    },
    async lookupSRV(_s, target) {
      calls.push(`srv ${target}`);
      return [target + ".", [{ Target: "x.test.", Port: 1, Priority: 2, Weight: 0 }, { Target: "y.test.", Port: 1, Priority: 1, Weight: 0 }]];
    },
    lookupPort(network, service) {
      calls.push(`port ${network} ${service}`);
      if (service === "custom") return 4242;
      throw new DNSError({ Err: "unknown port", Name: `${network}/${service}`, IsNotFound: true });
    },
  };
}

test("without DoH the SystemResolver answers, sorted and filtered as Go's", async () => {
  const calls: string[] = [];
  const r = new Resolver({}, fakeSystem(calls));
  assert.equal(r.DoH, "");
  assert.deepEqual(await r.LookupHost(null, "sys.test"), ["192.0.2.10", "fe80::1%lo"]);
  assert.deepEqual((await r.LookupIP(null, "ip4", "sys.test")).map(String), ["192.0.2.10"]);
  assert.equal(await r.LookupCNAME(null, "sys.test"), "canon.test.");
  assert.deepEqual(await r.LookupMX(null, "sys.test"), [{ Host: "a.test.", Pref: 10 }, { Host: "b.test.", Pref: 20 }]);
  assert.deepEqual((await r.LookupSRV(null, "s", "tcp", "sys.test"))[1].map((s) => s.Target), ["y.test.", "x.test."]);
  assert.deepEqual(await r.LookupTXT(null, "sys.test"), ["t"]);
  assert.deepEqual(await r.LookupNS(null, "sys.test"), [{ Host: "ns.test." }]);
  assert.equal((await rejects(r.LookupAddr(null, "127.0.0.1"))).Err, "DNS response contained records which contain invalid names");
  assert.equal((await rejects(r.LookupAddr(null, "nope"))).message, "lookup nope: unrecognized address");
  assert.equal(await r.LookupPort(null, "tcp", "custom"), 4242);
  assert.equal(await r.LookupPort(null, "tcp", "80"), 80, "numbers need no lookup");
  assert.deepEqual(calls, [
    "ip ip sys.test", "ip ip4 sys.test", "cname sys.test", "mx sys.test", "srv _s._tcp.sys.test", "txt sys.test",
    "ns sys.test", "addr 127.0.0.1", "port tcp custom",
  ]);
  const wrapped = await rejects(r.LookupHost(null, "fail.test"));
  assert.equal(wrapped.message, "lookup fail.test: boom");
  assert.equal((wrapped.cause as Error).message, "boom");
});

test("the SystemResolver call gets the caller's signal and the Timeout", async () => {
  const r = new Resolver({ Timeout: 20 }, fakeSystem([]));
  const err = await rejects(r.LookupHost(null, "hang.test"));
  assert.equal(err.message, "lookup hang.test: i/o timeout");
  assert.equal(err.IsTimeout, true);
  const ac = new AbortController();
  const p = new Resolver({}, fakeSystem([])).LookupHost(ac.signal, "hang.test");
  ac.abort();
  assert.equal((await rejects(p)).message, "lookup hang.test: operation was canceled");
});

test("DoH, PreferGo and a platform's defaultSystem choose where questions go", async (t) => {
  const [srv] = await setup(t);
  const calls: string[] = [];
  const sys = fakeSystem(calls);
  class Platform extends Resolver {
    static override DefaultDoH = srv.url;
    protected static override defaultSystem(): SystemResolver | null {
      return sys;
    }
  }
  assert.equal(new Platform().DoH, "", "the platform's system resolver by default");
  assert.deepEqual(await new Platform().LookupHost(null, "sys.test"), ["192.0.2.10", "fe80::1%lo"]);
  assert.equal(new Platform({ PreferGo: true }).DoH, srv.url, "PreferGo: gonet's own resolver at DefaultDoH");
  assert.deepEqual(await new Platform({ PreferGo: true }).LookupHost(null, "v4only.test"), ["192.0.2.4"]);
  assert.deepEqual(await new Platform({ DoH: srv.url }).LookupHost(null, "v6only.test"), ["2001:db8::6"]);
  assert.equal(new Platform({}, null).DoH, srv.url, "null: DoH only");
  assert.equal(new Resolver().DoH, Resolver.DefaultDoH, "the core Resolver has no system resolver");
  assert.deepEqual(calls, ["ip ip sys.test"]);
});

test("setDefaultResolver changes what the package-level functions use", async (t) => {
  const [srv, r] = await setup(t);
  const before = DefaultResolver();
  assert.equal(before, DefaultResolver(), "one lazily created default");
  setDefaultResolver(r);
  t.after(() => setDefaultResolver(null));
  assert.equal(DefaultResolver(), r);
  assert.deepEqual(await LookupHost("host.test"), ["192.0.2.1", "192.0.2.2", "2001:db8::1"]);
  assert.deepEqual((await LookupIP("v6only.test")).map(String), ["2001:db8::6"]);
  assert.equal((await LookupMX("mail.test"))[0]!.Host, "mx1.test.");
  assert.ok(srv.log.length > 0);
  setDefaultResolver(null);
  assert.equal(DefaultResolver(), before);
});
