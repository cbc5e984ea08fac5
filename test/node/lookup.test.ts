import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import * as dnsPacket from "dns-packet";
import { DNSError, ErrCanceled, Is } from "../../src/errors.js";
import { ParseIP } from "../../src/ip.js";
import { setDefaultResolver, Resolver as CoreResolver } from "../../src/lookup.js";
import { DefaultResolver, LookupAddr, LookupHost, newSystemResolver, nodeDNSError, Resolver, systemResolver } from "../../src-node/lookup.js";
import { skipWithoutLocalhost } from "../helpers/capabilities.js";

// A DNS server on UDP 127.0.0.1, port 0, for the c-ares half (dns-packet encodes the answers).
interface UDPDNS {
  port: number;
  server: string;
  asked: string[];
  close(): Promise<void>;
}

type Mode = "servfail" | "refused" | "hang";

async function startUDPDNS(t: { after(fn: () => unknown): void }, zone: dnsPacket.Answer[], modes: Record<string, Mode> = {}): Promise<UDPDNS> {
  const sock = createSocket("udp4");
  const asked: string[] = [];
  sock.on("message", (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions![0]!;
    const name = question.name.toLowerCase();
    asked.push(`${name} ${question.type}`);
    const mode = modes[name];
    if (mode === "hang") return;
    const answers: dnsPacket.Answer[] = [];
    let cur = name;
    for (let i = 0; i < 8; i++) {
      const recs = zone.filter((r) => r.name === cur && r.type === question.type);
      if (recs.length > 0) {
        answers.push(...recs);
        break;
      }
      const c = zone.find((r) => r.name === cur && r.type === "CNAME") as dnsPacket.StringAnswer | undefined;
      if (c === undefined || question.type === "CNAME") break;
      answers.push(c);
      cur = c.data;
    }
    const exists = zone.some((r) => r.name === cur);
    const rcode = mode === "servfail" ? 2 : mode === "refused" ? 5 : answers.length > 0 || exists ? 0 : 3;
    const soa: dnsPacket.Answer = { name: "test", type: "SOA", ttl: 5, data: { mname: "ns.test", rname: "h.test", minimum: 5 } };
    const out = dnsPacket.encode({
      type: "response",
      id: q.id ?? 0,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: [question],
      answers: rcode === 0 ? answers : [],
      authorities: rcode === 3 || (rcode === 0 && answers.length === 0) ? [soa] : [],
    });
    sock.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, "127.0.0.1", () => resolve()));
  const port = (sock.address() as AddressInfo).port;
  const srv: UDPDNS = { port, server: `127.0.0.1:${port}`, asked, close: () => new Promise<void>((r) => sock.close(() => r())) };
  t.after(() => srv.close());
  return srv;
}

const zone: dnsPacket.Answer[] = [
  { name: "host.test", type: "A", ttl: 60, data: "192.0.2.1" },
  { name: "www.test", type: "CNAME", ttl: 60, data: "edge.test" },
  { name: "edge.test", type: "CNAME", ttl: 60, data: "host.test" },
  { name: "mail.test", type: "MX", ttl: 60, data: { preference: 20, exchange: "mx2.test" } },
  { name: "mail.test", type: "MX", ttl: 60, data: { preference: 10, exchange: "mx1.test" } },
  { name: "txt.test", type: "TXT", ttl: 60, data: ["v=spf1 ", "-all"] },
  { name: "zone.test", type: "NS", ttl: 60, data: "ns1.zone.test" },
  { name: "_xmpp._tcp.chat.test", type: "SRV", ttl: 60, data: { priority: 20, weight: 0, port: 5270, target: "b.chat.test" } },
  { name: "_xmpp._tcp.chat.test", type: "SRV", ttl: 60, data: { priority: 10, weight: 0, port: 5269, target: "a.chat.test" } },
];

async function rejects(p: Promise<unknown>): Promise<DNSError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DNSError, `want DNSError, got ${String(err)}`);
    return err;
  }
  assert.fail("lookup succeeded, want an error");
}

// The addresses /etc/hosts gives a name, as getaddrinfo's "files" source reads them.
function hostsAddrs(name: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync("/etc/hosts", "utf8").split("\n")) {
    const f = line.replace(/#.*/, "").trim().split(/\s+/);
    if (f.length >= 2 && f.slice(1).includes(name) && ParseIP(f[0]!) !== null) out.push(ParseIP(f[0]!)!.String());
  }
  return out;
}

test("the Node Resolver answers from the system resolver; LookupHost(localhost) honours /etc/hosts", { skip: skipWithoutLocalhost }, async () => {
  const r = new Resolver();
  assert.equal(r.DoH, "");
  assert.ok(r instanceof CoreResolver);
  const want = hostsAddrs("localhost");
  assert.ok(want.length > 0, "this test needs a localhost line in /etc/hosts");
  const got = await r.LookupHost(null, "localhost");
  assert.deepEqual([...got].sort(), [...new Set(want)].sort());
  for (const ip of await r.LookupIP(null, "ip4", "localhost")) assert.equal(ip.length, 4, "getaddrinfo IPv4 answers are 4 bytes, as Go's cgo");
  assert.deepEqual(await LookupHost("localhost"), got, "the package-level function uses the Node default");
});

test("nosuchhost.invalid is Go's `no such host`, answered without asking any server (RFC 6761)", async () => {
  const r = new Resolver();
  for (const call of [() => r.LookupHost(null, "nosuchhost.invalid"), () => r.LookupMX(null, "nosuchhost.invalid"), () => r.LookupCNAME(null, "nosuchhost.invalid.")]) {
    const err = await rejects(call());
    assert.match(err.message, /^lookup nosuchhost\.invalid\.?: no such host$/);
    assert.equal(err.IsNotFound, true);
    assert.equal(err.Server, "");
    assert.equal(err.code, "ENOTFOUND");
  }
});

test("LookupAddr uses getnameinfo, so 127.0.0.1 is found in /etc/hosts", { skip: skipWithoutLocalhost }, async () => {
  const names = await LookupAddr("127.0.0.1");
  assert.equal(names.length, 1);
  assert.ok(hostsAddrs(names[0]!.replace(/\.$/, "")).includes("127.0.0.1"), `${names[0]} maps to 127.0.0.1 in /etc/hosts`);
  const bad = await rejects(new Resolver().LookupAddr(null, "256.1.1.1"));
  assert.equal(bad.message, "lookup 256.1.1.1: unrecognized address");
});

test("MX, TXT, NS, SRV and CNAME go to the configured DNS servers via c-ares", async (t) => {
  const dns = await startUDPDNS(t, zone);
  const r = new Resolver({}, newSystemResolver({ servers: [dns.server], timeout: 1000, tries: 1 }));
  assert.deepEqual(await r.LookupMX(null, "mail.test"), [{ Host: "mx1.test.", Pref: 10 }, { Host: "mx2.test.", Pref: 20 }]);
  assert.deepEqual(await r.LookupTXT(null, "txt.test"), ["v=spf1 -all"]);
  assert.deepEqual(await r.LookupNS(null, "zone.test"), [{ Host: "ns1.zone.test." }]);
  const [cname, srvs] = await r.LookupSRV(null, "xmpp", "tcp", "chat.test");
  assert.equal(cname, "_xmpp._tcp.chat.test.");
  assert.deepEqual(srvs.map((s) => [s.Target, s.Port, s.Priority]), [["a.chat.test.", 5269, 10], ["b.chat.test.", 5270, 20]]);
  assert.equal(await r.LookupCNAME(null, "www.test"), "host.test.");
  assert.equal(await r.LookupCNAME(null, "host.test"), "host.test.", "no CNAME but an address");
  assert.ok(dns.asked.includes("mail.test MX") && dns.asked.includes("_xmpp._tcp.chat.test SRV"));
});

test("c-ares failures become Go's DNSErrors with the server", async (t) => {
  const dns = await startUDPDNS(t, zone, { "sf.test": "servfail", "ref.test": "refused", "slow.test": "hang" });
  const r = new Resolver({}, newSystemResolver({ servers: [dns.server], timeout: 100, tries: 1 }));
  const on = `on ${dns.server}`;
  const cases: [() => Promise<unknown>, string, { IsNotFound?: boolean; IsTemporary?: boolean; IsTimeout?: boolean }][] = [
    [() => r.LookupMX(null, "gone.test"), `lookup gone.test ${on}: no such host`, { IsNotFound: true }],
    [() => r.LookupTXT(null, "host.test"), `lookup host.test ${on}: no such host`, { IsNotFound: true }],
    [() => r.LookupMX(null, "sf.test"), `lookup sf.test ${on}: server misbehaving`, { IsTemporary: true }],
    [() => r.LookupNS(null, "ref.test"), `lookup ref.test ${on}: server misbehaving`, {}],
    [() => r.LookupTXT(null, "slow.test"), `lookup slow.test ${on}: i/o timeout`, { IsTimeout: true, IsTemporary: true }],
    [() => r.LookupSRV(null, "x", "udp", "gone.test"), `lookup _x._udp.gone.test ${on}: no such host`, { IsNotFound: true }],
  ];
  for (const [call, text, flags] of cases) {
    const err = await rejects(call());
    assert.equal(err.message, text);
    assert.equal(err.IsNotFound, flags.IsNotFound ?? false, text);
    assert.equal(err.IsTemporary, flags.IsTemporary ?? false, text);
    assert.equal(err.IsTimeout, flags.IsTimeout ?? false, text);
    assert.ok(err.cause instanceof Error && typeof (err.cause as { code?: unknown }).code === "string", "node's error stays on cause");
  }
});

test("the caller's signal and the Resolver's Timeout cancel a c-ares question", async (t) => {
  const dns = await startUDPDNS(t, zone, { "slow.test": "hang" });
  const sys = newSystemResolver({ servers: [dns.server], timeout: 60_000, tries: 1 });
  const ac = new AbortController();
  const p = new Resolver({}, sys).LookupMX(ac.signal, "slow.test");
  ac.abort();
  const canceled = await rejects(p);
  assert.equal(canceled.message, "lookup slow.test: operation was canceled");
  assert.ok(Is(canceled, ErrCanceled));
  const timed = await rejects(new Resolver({ Timeout: 50 }, sys).LookupTXT(null, "slow.test"));
  assert.equal(timed.message, "lookup slow.test: i/o timeout");
  assert.equal(timed.IsTimeout, true);
});

test("nodeDNSError maps node:dns codes to Go's texts", () => {
  const cases: [string, string, string, boolean, boolean, boolean][] = [
    // code, Err, Server, IsNotFound, IsTemporary, IsTimeout
    ["ENOTFOUND", "no such host", "s:53", true, false, false],
    ["ENODATA", "no such host", "s:53", true, false, false],
    ["EBADNAME", "no such host", "", true, false, false],
    ["ESERVFAIL", "server misbehaving", "s:53", false, true, false],
    ["EREFUSED", "server misbehaving", "s:53", false, false, false],
    ["EFORMERR", "server misbehaving", "s:53", false, false, false],
    ["ENOTIMP", "server misbehaving", "s:53", false, false, false],
    ["EBADRESP", "cannot unmarshal DNS message", "s:53", false, false, false],
    ["ETIMEOUT", "i/o timeout", "s:53", false, true, true],
    ["ECANCELLED", "operation was canceled", "", false, false, false],
    ["ECONNREFUSED", "connection refused", "s:53", false, true, false],
    ["EAI_AGAIN", "Temporary failure in name resolution", "", false, true, false],
    ["EAI_FAIL", "Non-recoverable failure in name resolution", "", false, false, false],
  ];
  for (const [code, text, server, notFound, temporary, timeout] of cases) {
    const orig = Object.assign(new Error(`queryA ${code} x.test`), { code });
    const e = nodeDNSError(orig, "x.test", "s:53");
    assert.equal(e.Err, text, code);
    assert.equal(e.Server, server, code);
    assert.deepEqual([e.IsNotFound, e.IsTemporary, e.IsTimeout], [notFound, temporary, timeout], code);
    assert.equal(e.cause, orig);
  }
  const other = nodeDNSError(Object.assign(new Error("weird"), { code: "EWEIRD" }), "x.test");
  assert.equal(other.message, "lookup x.test: weird");
});

test("LookupPort reads the services database (Go's readServices), then Go's table", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "gonet-services-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "services");
  writeFileSync(path, "# comment\ngonet-test\t4242/tcp\tgt-alias # trailing comment\nbroken\tx/tcp\nudp-only 5353/udp\n");
  const r = new Resolver({}, newSystemResolver({ servicesPath: path }));
  assert.equal(await r.LookupPort(null, "tcp", "gonet-test"), 4242);
  assert.equal(await r.LookupPort(null, "tcp6", "GT-ALIAS"), 4242);
  assert.equal(await r.LookupPort(null, "ip", "udp-only"), 5353);
  assert.equal(await r.LookupPort(null, "tcp", "http"), 80, "Go's built-in table");
  const miss = await rejects(r.LookupPort(null, "udp", "gonet-test"));
  assert.equal(miss.message, "lookup udp/gonet-test: unknown port");
  assert.equal(typeof systemResolver.lookupPort, "function");
});

test("setDefaultResolver overrides the Node default, null restores it", async (t) => {
  const before = DefaultResolver();
  assert.ok(before instanceof Resolver);
  const custom = new CoreResolver({ DoH: "https://dns.invalid/dns-query" });
  setDefaultResolver(custom);
  t.after(() => setDefaultResolver(null));
  assert.equal(DefaultResolver(), custom);
  setDefaultResolver(null);
  assert.equal(DefaultResolver(), before);
});
