import { test } from "node:test";
import assert from "node:assert/strict";
import * as dnsPacket from "dns-packet";
import {
  base64url,
  ClassINET,
  DNSMessageError,
  DoHClient,
  equalASCIIName,
  extendedRCode,
  packQuery,
  parseDoHURL,
  parseMessage,
  TypeA,
  TypeAAAA,
  TypeCNAME,
  TypeMX,
  TypeNS,
  TypePTR,
  TypeSOA,
  TypeSRV,
  TypeTXT,
  type DoHClientInit,
} from "../src/doh.js";
import { DNSError, ErrCanceled, ErrContextDeadlineExceeded, Is } from "../src/errors.js";
import { startDoHServer, type DoHServerOptions, type DoHTestServer, type ZoneRecord } from "./helpers/dohserver.js";

const zone: ZoneRecord[] = [
  { name: "a.test", type: "A", ttl: 300, data: "192.0.2.1" },
  { name: "a.test", type: "A", ttl: 200, data: "192.0.2.2" },
  { name: "a.test", type: "AAAA", ttl: 300, data: "2001:db8::1" },
  { name: "mx.test", type: "MX", ttl: 300, data: { preference: 10, exchange: "mail.test" } },
  { name: "alias.test", type: "CNAME", ttl: 50, data: "mid.test" },
  { name: "mid.test", type: "CNAME", ttl: 40, data: "a.test" },
  { name: "loop1.test", type: "CNAME", ttl: 60, data: "loop2.test" },
  { name: "loop2.test", type: "CNAME", ttl: 60, data: "loop1.test" },
  { name: "zero.test", type: "A", ttl: 0, data: "192.0.2.9" },
];

async function setup(t: { after(fn: () => unknown): void }, opts: DoHServerOptions = {}, client: Partial<DoHClientInit> = {}): Promise<[DoHTestServer, DoHClient]> {
  const srv = await startDoHServer({ zone: structuredClone(zone), ...opts });
  t.after(() => srv.close());
  return [srv, new DoHClient({ URL: srv.url, ...client })];
}

async function rejects(p: Promise<unknown>): Promise<DNSError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DNSError, `want DNSError, got ${String(err)}`);
    return err;
  }
  assert.fail("lookup succeeded, want an error");
}

test("packQuery builds what dns-packet decodes: ID, RD, one question, EDNS(0) OPT of 1232", () => {
  const cases: [string, number, string][] = [
    ["example.com.", TypeA, "A"],
    ["example.com", TypeAAAA, "AAAA"],
    ["_sip._tcp.example.com.", TypeSRV, "SRV"],
    ["4.3.2.1.in-addr.arpa.", TypePTR, "PTR"],
    ["Mixed.Case.Test.", TypeMX, "MX"],
    ["txt.test.", TypeTXT, "TXT"],
    ["ns.test.", TypeNS, "NS"],
    ["c.test.", TypeCNAME, "CNAME"],
    [".", TypeNS, "NS"],
  ];
  for (const [name, qtype, typeName] of cases) {
    const q = dnsPacket.decode(Buffer.from(packQuery(0x1234, name, qtype)));
    assert.equal(q.id, 0x1234);
    assert.equal(q.type, "query");
    assert.equal((q.flags ?? 0) & dnsPacket.RECURSION_DESIRED, dnsPacket.RECURSION_DESIRED, name);
    assert.deepEqual(q.questions, [{ name: name === "." ? "." : name.replace(/\.$/, ""), type: typeName, class: "IN" }]);
    const opt = q.additionals?.[0] as dnsPacket.OptAnswer;
    assert.equal(opt.type, "OPT");
    assert.equal(opt.udpPayloadSize, 1232);
  }
});

test("packQuery rejects names that do not fit the wire format", () => {
  for (const name of ["a".repeat(64) + ".test", "a..b", (("a".repeat(63) + ".").repeat(4) + "x"), "bücher.test"]) {
    assert.throws(() => packQuery(0, name, TypeA), DNSMessageError, name);
  }
  // 63-byte labels and 255 bytes on the wire are fine.
  assert.equal(packQuery(0, ("a".repeat(63) + ".").repeat(3) + "a".repeat(61), TypeA).length > 255, true);
});

test("parseMessage decodes every record type dns-packet encodes", () => {
  const wire = dnsPacket.encode({
    type: "response",
    id: 7,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: "x.test", type: "A", class: "IN" }],
    answers: [
      { name: "x.test", type: "A", ttl: 1, data: "192.0.2.1" },
      { name: "x.test", type: "AAAA", ttl: 2, data: "2001:db8::ff" },
      { name: "x.test", type: "CNAME", ttl: 3, data: "y.test" },
      { name: "x.test", type: "NS", ttl: 4, data: "ns1.test" },
      { name: "1.2.0.192.in-addr.arpa", type: "PTR", ttl: 5, data: "x.test" },
      { name: "x.test", type: "MX", ttl: 6, data: { preference: 10, exchange: "mail.test" } },
      { name: "_s._tcp.x.test", type: "SRV", ttl: 7, data: { priority: 1, weight: 2, port: 443, target: "t.test" } },
      { name: "x.test", type: "TXT", ttl: 8, data: ["hello ", "wörld", ""] },
      { name: "x.test", type: "HINFO", ttl: 9, data: { cpu: "c", os: "o" } },
    ],
    authorities: [{ name: "test", type: "SOA", ttl: 60, data: { mname: "ns.test", rname: "h.test", serial: 5, refresh: 6, retry: 7, expire: 8, minimum: 9 } }],
  });
  const m = parseMessage(wire);
  assert.deepEqual(m.Header, {
    ID: 7, Response: true, OpCode: 0, Authoritative: true, Truncated: false, RecursionDesired: true,
    RecursionAvailable: true, AuthenticData: false, CheckingDisabled: false, RCode: 0,
  });
  assert.deepEqual(m.Questions, [{ Name: "x.test.", Type: TypeA, Class: ClassINET }]);
  const [a, aaaa, cname, ns, ptr, mx, srv, txt, hinfo] = m.Answers;
  assert.deepEqual([...a!.IP!], [192, 0, 2, 1]);
  assert.equal(a!.TTL, 1);
  assert.deepEqual([...aaaa!.IP!], [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]);
  assert.equal(cname!.Target, "y.test.");
  assert.equal(ns!.Target, "ns1.test.");
  assert.equal(ptr!.Name, "1.2.0.192.in-addr.arpa.");
  assert.equal(ptr!.Target, "x.test.");
  assert.deepEqual([mx!.Pref, mx!.Target], [10, "mail.test."]);
  assert.deepEqual([srv!.Priority, srv!.Weight, srv!.Port, srv!.Target], [1, 2, 443, "t.test."]);
  assert.deepEqual(txt!.TXT, ["hello ", "wörld", ""]);
  assert.equal(hinfo!.Type, 13);
  assert.equal(hinfo!.Target, undefined);
  assert.equal(hinfo!.Data.length, 4);
  const soa = m.Authorities[0]!;
  assert.equal(soa.Type, TypeSOA);
  assert.deepEqual(soa.SOA, { NS: "ns.test.", MBox: "h.test.", Serial: 5, Refresh: 6, Retry: 7, Expire: 8, MinTTL: 9 });
});

// A hand-built answer with RFC 1035 name compression (dns-packet does not compress).
function compressed(): Uint8Array {
  const b = [0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0];
  b.push(1, 0x61, 4, 0x74, 0x65, 0x73, 0x74, 0); // offset 12: a.test.
  b.push(0, 5, 0, 1);
  b.push(0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 4, 1, 0x62, 0xc0, 14); // a.test CNAME b.(test.)
  b.push(1, 0x62, 0xc0, 14, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 7); // b.test A 192.0.2.7
  return new Uint8Array(b);
}

test("parseMessage follows compression pointers and rejects bad ones", () => {
  const m = parseMessage(compressed());
  assert.equal(m.Questions[0]!.Name, "a.test.");
  assert.equal(m.Answers[0]!.Name, "a.test.");
  assert.equal(m.Answers[0]!.Target, "b.test.");
  assert.equal(m.Answers[1]!.Name, "b.test.");
  assert.deepEqual([...m.Answers[1]!.IP!], [192, 0, 2, 7]);

  const forward = compressed();
  forward[25] = 50; // the first answer's owner (offset 24) now points forward
  assert.throws(() => parseMessage(forward), /pointer/);
  const loop = compressed();
  loop[39] = 36; // the CNAME target "b" + pointer (offset 36) points back at its own start
  assert.throws(() => parseMessage(loop), /pointer/);
  const badLabel = compressed();
  badLabel[12] = 0x41; // label type 01
  assert.throws(() => parseMessage(badLabel), DNSMessageError);
});

test("parseMessage rejects every truncation and trailing bytes, like Go's parser", () => {
  const whole = compressed();
  for (let n = 0; n < whole.length; n++) {
    assert.throws(() => parseMessage(whole.subarray(0, n)), DNSMessageError, `prefix of ${n} bytes`);
  }
  assert.throws(() => parseMessage(new Uint8Array([...whole, 0])), /trailing/);
  const shortA = dnsPacket.encode({ type: "response", questions: [], answers: [{ name: "x", type: "A", data: "1.2.3.4" }] });
  shortA[shortA.length - 5] = 3; // RDLENGTH 3 for an A record
  assert.throws(() => parseMessage(shortA.subarray(0, shortA.length - 1)), /A record length/);
});

test("extendedRCode combines the OPT record's upper bits with the header RCODE", () => {
  const m = parseMessage(dnsPacket.encode({ type: "response", flags: 2, questions: [], additionals: [{ name: ".", type: "OPT", udpPayloadSize: 1232, extendedRcode: 1, flags: 0, options: [] } as unknown as dnsPacket.Answer] }));
  assert.equal(m.Header.RCode, 2);
  assert.equal(extendedRCode(m), (1 << 4) | 2);
  assert.equal(extendedRCode(parseMessage(dnsPacket.encode({ type: "response", flags: 3, questions: [] }))), 3);
});

test("base64url is RFC 4648 §5 without padding", () => {
  const samples = [[], [0], [0xfb], [0xfb, 0xff], [0xfb, 0xff, 0xbf], [1, 2, 3, 4], [0xff, 0xfe, 0xfd, 0xfc, 0xfb], [...Array(64).keys()]];
  for (const s of samples) {
    const b = new Uint8Array(s);
    assert.equal(base64url(b), Buffer.from(b).toString("base64url"));
    assert.doesNotMatch(base64url(b), /[=+/]/);
  }
  assert.equal(base64url(new Uint8Array([0xfb, 0xff])), "-_8");
});

test("parseDoHURL accepts https, http only on loopback, and strips an RFC 8484 {?dns} template", () => {
  assert.equal(parseDoHURL("https://dns.example/dns-query{?dns}").href, "https://dns.example/dns-query");
  assert.equal(parseDoHURL(new URL("https://dns.example/q")).href, "https://dns.example/q");
  for (const u of ["http://127.0.0.1:8053/dns-query", "http://[::1]/dns-query", "http://localhost/dns-query", "http://127.9.9.9/x"]) {
    assert.equal(parseDoHURL(u).protocol, "http:", u);
  }
  for (const u of ["http://dns.example/dns-query", "http://10.0.0.1/dns-query", "ftp://127.0.0.1/x", "not a url", "https//x"]) {
    assert.throws(() => parseDoHURL(u), TypeError, u);
  }
});

test("equalASCIIName ignores ASCII case only", () => {
  assert.equal(equalASCIIName("Example.COM.", "example.com."), true);
  assert.equal(equalASCIIName("example.com", "example.com."), false);
  assert.equal(equalASCIIName("\u00c0.test.", "\u00e0.test."), false);
});

test("GET sends ?dns= base64url without padding, Accept, ID 0, RD and EDNS(0)", async (t) => {
  const [srv, c] = await setup(t);
  const a = await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(a.Name, "a.test.");
  assert.deepEqual(a.Records.map((r) => [...r.IP!].join(".")), ["192.0.2.1", "192.0.2.2"]);
  assert.equal(srv.log.length, 1);
  const r = srv.log[0]!;
  assert.equal(r.method, "GET");
  assert.equal(r.accept, "application/dns-message");
  assert.equal(r.dns, base64url(packQuery(0, "a.test.", TypeA)));
  assert.doesNotMatch(r.dns!, /[=+/]/);
  assert.equal(r.id, 0);
  assert.equal(r.recursionDesired, true);
  assert.deepEqual([r.name, r.type, r.opt, r.udpPayloadSize], ["a.test", "A", true, 1232]);
  assert.equal(c.Server, srv.url);
});

test("POST sends the message as application/dns-message", async (t) => {
  const [srv, c] = await setup(t, {}, { Method: "POST" });
  const a = await c.Lookup(null, "a.test.", TypeAAAA, "a.test");
  assert.equal(a.Records.length, 1);
  const r = srv.log[0]!;
  assert.deepEqual([r.method, r.contentType, r.accept, r.dns, r.id], ["POST", "application/dns-message", "application/dns-message", null, 0]);
  assert.throws(() => new DoHClient({ URL: srv.url, Method: "PUT" as "GET" }), TypeError);
});

test("answer failures map to Go's DNSError texts and flags", async (t) => {
  const [srv, c] = await setup(t);
  srv.behave("servfail.test", { rcode: "SERVFAIL" });
  srv.behave("refused.test", { rcode: "REFUSED" });
  srv.behave("lame.test", { lame: true });
  srv.behave("ctype.test", { contentType: "text/html; charset=utf-8" });
  srv.behave("status.test", { status: 503 });
  srv.behave("notfound.test", { status: 404 });
  srv.behave("short.test", { truncate: 20 });
  srv.behave("cut.test", { cutBody: true });
  srv.behave("id.test", { id: 4242 });
  srv.behave("question.test", { question: "other.test" });
  srv.behave("qtype.test", { questionType: "AAAA" });
  srv.behave("notresp.test", { notResponse: true });
  const on = `on ${srv.url}`;
  const cases: [string, string, Partial<Record<"IsNotFound" | "IsTemporary" | "IsTimeout", boolean>>][] = [
    ["nosuchhost.test", `lookup nosuchhost.test ${on}: no such host`, { IsNotFound: true }],
    ["mx.test", `lookup mx.test ${on}: no such host`, { IsNotFound: true }], // NODATA
    ["servfail.test", `lookup servfail.test ${on}: server misbehaving`, { IsTemporary: true }],
    ["refused.test", `lookup refused.test ${on}: server misbehaving`, {}],
    ["lame.test", `lookup lame.test ${on}: lame referral`, {}],
    ["ctype.test", `lookup ctype.test ${on}: invalid DNS response: content-type "text/html", want "application/dns-message"`, {}],
    ["status.test", `lookup status.test ${on}: invalid DNS response: HTTP status 503 Service Unavailable`, { IsTemporary: true }],
    ["notfound.test", `lookup notfound.test ${on}: invalid DNS response: HTTP status 404 Not Found`, {}],
    ["short.test", `lookup short.test ${on}: cannot unmarshal DNS message`, {}],
    ["id.test", `lookup id.test ${on}: invalid DNS response`, {}],
    ["question.test", `lookup question.test ${on}: invalid DNS response`, {}],
    ["qtype.test", `lookup qtype.test ${on}: invalid DNS response`, {}],
    ["notresp.test", `lookup notresp.test ${on}: invalid DNS response`, {}],
    ["loop1.test", `lookup loop1.test ${on}: too many redirects`, {}],
  ];
  for (const [name, text, flags] of cases) {
    const err = await rejects(c.Lookup(null, name + ".", TypeA, name));
    assert.equal(err.message, text);
    assert.equal(err.Name, name);
    assert.equal(err.Server, srv.url);
    assert.equal(err.IsNotFound, flags.IsNotFound ?? false, name);
    assert.equal(err.IsTemporary, flags.IsTemporary ?? false, name);
    assert.equal(err.IsTimeout, false, name);
    assert.equal(err.Temporary(), flags.IsTemporary ?? false, name);
  }
  const id = await rejects(c.Lookup(null, "id.test.", TypeA, "id.test"));
  assert.match(String((id.cause as Error).message), /response ID 4242, want 0/);
  const q = await rejects(c.Lookup(null, "question.test.", TypeA, "question.test"));
  assert.match(String((q.cause as Error).message), /other\.test/);
  assert.ok((await rejects(c.Lookup(null, "short.test.", TypeA, "short.test"))).cause instanceof DNSMessageError);
  // A body cut short at the HTTP level is a transport failure, temporary as Go's socket errors.
  const cut = await rejects(c.Lookup(null, "cut.test.", TypeA, "cut.test"));
  assert.match(cut.message, new RegExp(`^lookup cut\\.test ${on.replace(/[.?]/g, "\\$&")}: `));
  assert.equal(cut.IsTemporary, true);
  assert.equal(cut.IsNotFound, false);
  assert.equal(err2code(cut), "ESERVFAIL");
});

function err2code(e: DNSError): string {
  return e.code;
}

test("a question answered with a differently cased name is accepted (Go's equalASCIIName)", async (t) => {
  const [srv, c] = await setup(t);
  srv.behave("a.test", { question: "A.TEST" });
  const a = await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(a.Records.length, 2);
});

test("an unreachable endpoint is a temporary DNSError with the errno text", async (t) => {
  const srv = await startDoHServer();
  const url = srv.url;
  await srv.close();
  const c = new DoHClient({ URL: url });
  const err = await rejects(c.Lookup(null, "a.test.", TypeA, "a.test"));
  assert.equal(err.message, `lookup a.test on ${url}: connection refused`);
  assert.equal(err.IsTemporary, true);
  assert.ok(err.cause instanceof TypeError);
  void t;
});

test("CNAME chains are followed to the records; a partial chain is asked again for its target", async (t) => {
  const [srv, c] = await setup(t);
  const a = await c.Lookup(null, "alias.test.", TypeA, "alias.test");
  assert.equal(a.Name, "a.test.");
  assert.equal(a.Records.length, 2);
  assert.equal(srv.log.length, 1);

  srv.behave("alias.test", { noChase: true }, "AAAA");
  const aaaa = await c.Lookup(null, "alias.test.", TypeAAAA, "alias.test");
  assert.equal(aaaa.Name, "a.test.");
  assert.deepEqual(srv.log.slice(1).map((r) => `${r.name} ${r.type}`), ["alias.test AAAA", "mid.test AAAA"]);

  // NODATA at the end of a chased chain (an SOA in the answer) is final: nothing is asked again.
  const before = srv.log.length;
  const nodata = await rejects(c.Lookup(null, "alias.test.", TypeMX, "alias.test"));
  assert.equal(nodata.IsNotFound, true);
  assert.equal(srv.log.length, before + 1);

  // A CNAME question is answered with the alias itself, not chased.
  const cn = await c.Lookup(null, "alias.test.", TypeCNAME, "alias.test");
  assert.equal(cn.Records[0]!.Target, "mid.test.");
});

test("answers are cached for the minimum TTL of the chain, with an injectable clock", async (t) => {
  let now = 1_000_000;
  const [srv, c] = await setup(t, {}, { now: () => now });
  await c.Lookup(null, "a.test.", TypeA, "a.test");
  await c.Lookup(null, "A.TEST.", TypeA, "A.TEST");
  assert.equal(srv.log.length, 1, "second lookup from the cache");
  now += 199_999; // the A set's minimum TTL is 200 s
  await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(srv.log.length, 1);
  now += 1;
  await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(srv.log.length, 2, "expired after 200 s");

  // alias (50 s) -> mid (40 s) -> a (200 s): cached for 40 s.
  await c.Lookup(null, "alias.test.", TypeA, "alias.test");
  assert.equal(srv.log.length, 3);
  now += 39_999;
  await c.Lookup(null, "alias.test.", TypeA, "alias.test");
  assert.equal(srv.log.length, 3);
  now += 1;
  await c.Lookup(null, "alias.test.", TypeA, "alias.test");
  assert.equal(srv.log.length, 4);

  // TTL 0 is never cached.
  await c.Lookup(null, "zero.test.", TypeA, "zero.test");
  await c.Lookup(null, "zero.test.", TypeA, "zero.test");
  assert.equal(srv.requestsFor("zero.test").length, 2);

  c.ClearCache();
  await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(srv.requestsFor("a.test", "A").length, 3);
});

test("negative answers are cached for min(SOA TTL, SOA MINIMUM); without an SOA, and failures, are not", async (t) => {
  let now = 0;
  const [srv, c] = await setup(t, { soaTTL: 60, soaMinimum: 30 }, { now: () => now });
  await rejects(c.Lookup(null, "gone.test.", TypeA, "gone.test"));
  now += 29_999;
  const again = await rejects(c.Lookup(null, "gone.test.", TypeA, "gone.test"));
  assert.equal(again.IsNotFound, true);
  assert.equal(srv.requestsFor("gone.test").length, 1, "NXDOMAIN cached");
  now += 1;
  await rejects(c.Lookup(null, "gone.test.", TypeA, "gone.test"));
  assert.equal(srv.requestsFor("gone.test").length, 2, "expired after 30 s");

  srv.soaMinimum = 3600;
  srv.soaTTL = 10;
  await rejects(c.Lookup(null, "mx.test.", TypeA, "mx.test")); // NODATA
  now += 9_999;
  await rejects(c.Lookup(null, "mx.test.", TypeA, "mx.test"));
  assert.equal(srv.requestsFor("mx.test").length, 1, "NODATA cached for the SOA TTL (10 s)");
  now += 1;
  await rejects(c.Lookup(null, "mx.test.", TypeA, "mx.test"));
  assert.equal(srv.requestsFor("mx.test").length, 2, "not for the SOA MINIMUM (3600 s)");

  srv.behave("nosoa.test", { noSOA: true });
  await rejects(c.Lookup(null, "nosoa.test.", TypeA, "nosoa.test"));
  await rejects(c.Lookup(null, "nosoa.test.", TypeA, "nosoa.test"));
  assert.equal(srv.requestsFor("nosoa.test").length, 2);

  srv.behave("sf.test", { rcode: "SERVFAIL" });
  await rejects(c.Lookup(null, "sf.test.", TypeA, "sf.test"));
  await rejects(c.Lookup(null, "sf.test.", TypeA, "sf.test"));
  assert.equal(srv.requestsFor("sf.test").length, 2);
});

test("the cache is bounded and evicts the least recently used question", async (t) => {
  const [srv, c] = await setup(t, { zone: [
    { name: "one.test", type: "A", ttl: 300, data: "192.0.2.1" },
    { name: "two.test", type: "A", ttl: 300, data: "192.0.2.2" },
    { name: "three.test", type: "A", ttl: 300, data: "192.0.2.3" },
  ] }, { cacheSize: 2 });
  const ask = (n: string): Promise<unknown> => c.Lookup(null, n + ".", TypeA, n);
  await ask("one.test");
  await ask("two.test");
  await ask("one.test"); // hit: one is now the most recent
  await ask("three.test"); // evicts two
  assert.equal(srv.log.length, 3);
  await ask("one.test");
  await ask("three.test");
  assert.equal(srv.log.length, 3);
  await ask("two.test");
  assert.equal(srv.log.length, 4);

  const [srv0, c0] = await setup(t, {}, { cacheSize: 0 });
  await c0.Lookup(null, "a.test.", TypeA, "a.test");
  await c0.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(srv0.log.length, 2);
});

test("concurrent identical questions share one request", async (t) => {
  const [srv, c] = await setup(t);
  const [x, y] = await Promise.all([c.Lookup(null, "a.test.", TypeA, "a.test"), c.Lookup(null, "A.test.", TypeA, "A.test")]);
  assert.equal(srv.log.length, 1);
  assert.deepEqual(x, y);
  assert.notEqual(x.Records, y.Records, "each caller gets its own array");
});

test("Timeout is Go's i/o timeout, with the server in the error, and the request is dropped", async (t) => {
  const [srv, c] = await setup(t, {}, { Timeout: 50 });
  srv.behave("slow.test", { hang: true });
  const err = await rejects(c.Lookup(null, "slow.test.", TypeA, "slow.test"));
  assert.equal(err.message, `lookup slow.test on ${srv.url}: i/o timeout`);
  assert.equal(err.IsTimeout, true);
  assert.equal(err.Timeout(), true);
  assert.equal(err.Temporary(), true);
  assert.ok(Is(err, ErrContextDeadlineExceeded));
  await srv.waitForAborted(1);
});

test("an aborted signal is `operation was canceled`; an already aborted one sends nothing", async (t) => {
  const [srv, c] = await setup(t);
  srv.behave("slow.test", { hang: true });
  const ac = new AbortController();
  const p = c.Lookup(ac.signal, "slow.test.", TypeA, "slow.test");
  await srv.waitForRequests(1);
  ac.abort();
  const err = await rejects(p);
  assert.equal(err.message, "lookup slow.test: operation was canceled");
  assert.equal(err.IsTimeout, false);
  assert.equal(err.IsNotFound, false);
  assert.ok(Is(err, ErrCanceled));
  await srv.waitForAborted(1);

  const pre = await rejects(c.Lookup(AbortSignal.abort(), "a.test.", TypeA, "a.test"));
  assert.equal(pre.message, "lookup a.test: operation was canceled");
  assert.equal(srv.requestsFor("a.test").length, 0);

  const timed = await rejects(c.Lookup(AbortSignal.timeout(10), "slow.test.", TypeA, "slow.test"));
  assert.equal(timed.message, "lookup slow.test: i/o timeout");
  assert.equal(timed.IsTimeout, true);
});

test("one caller's abort leaves a shared request running for the others", async (t) => {
  const [srv, c] = await setup(t);
  srv.behave("a.test", { hang: true });
  const ac = new AbortController();
  const first = c.Lookup(ac.signal, "a.test.", TypeA, "a.test");
  const second = c.Lookup(null, "a.test.", TypeA, "a.test");
  await srv.waitForRequests(1);
  ac.abort();
  assert.equal((await rejects(first)).Err, "operation was canceled");
  srv.release();
  assert.equal((await second).Records.length, 2);
  assert.equal(srv.aborted, 0);
  assert.equal(srv.log.length, 1);
});

test("an injected fetch is used for every exchange", async (t) => {
  const [srv] = await setup(t);
  const seen: string[] = [];
  const c = new DoHClient({
    URL: srv.url,
    fetch: (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    },
  });
  await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.equal(seen.length, 1);
  assert.ok(seen[0]!.startsWith(srv.url + "?dns="));
});

test("a body longer than any DNS message stops being read: cannot unmarshal, the rest is dropped", async (t) => {
  // A DNS message is at most 65535 bytes; a server that sends more (here, without end) must not
  // make the client buffer it. The Timeout is far above what the capped read takes.
  const [srv, c] = await setup(t, {}, { Timeout: 10_000 });
  srv.behave("huge.test", { endless: true });
  const err = await rejects(c.Lookup(null, "huge.test.", TypeA, "huge.test"));
  assert.equal(err.message, `lookup huge.test on ${srv.url}: cannot unmarshal DNS message`);
  assert.equal(err.IsTemporary, false);
  assert.ok(err.cause instanceof DNSMessageError);
  await srv.waitForAborted(1);
  assert.ok(srv.endlessBytes < 16 << 20, `the server sent ${srv.endlessBytes} bytes before the client went away`);
  // A body that announces more than 65535 bytes is refused before it is read.
  srv.behave("huge.test", undefined);
  const announced = new DoHClient({
    URL: srv.url,
    fetch: async () => new Response(new Uint8Array(70_000), { status: 200, headers: { "content-type": "application/dns-message", "content-length": "70000" } }),
  });
  assert.equal((await rejects(announced.Lookup(null, "a.test.", TypeA, "a.test"))).Err, "cannot unmarshal DNS message");
});

test("a redirect is a failed exchange, never followed", async (t) => {
  const [srv, c] = await setup(t);
  const other = await startDoHServer({ zone: structuredClone(zone) });
  t.after(() => other.close());
  srv.behave("a.test", { redirect: other.url });
  const err = await rejects(c.Lookup(null, "a.test.", TypeA, "a.test"));
  assert.equal(err.message, `lookup a.test on ${srv.url}: invalid DNS response: HTTP status 302 Found`);
  assert.equal(err.IsTemporary, false);
  assert.equal(other.log.length, 0, "the redirect target was not asked");
  // POST too.
  const post = new DoHClient({ URL: srv.url, Method: "POST" });
  assert.equal((await rejects(post.Lookup(null, "a.test.", TypeA, "a.test"))).Err, "invalid DNS response: HTTP status 302 Found");
  assert.equal(other.log.length, 0);
});

test("an answer with the TC bit is used as Go uses one over a stream transport", async (t) => {
  // Go's exchange (net/dnsclient_unix.go) retries a truncated UDP answer over TCP but returns a
  // truncated TCP answer as it is (glibc's behaviour, go.dev/issue/64896). DoH, like TCP, has no
  // size limit that would make a server truncate, so the answer is taken as a TCP one.
  const [srv, c] = await setup(t);
  srv.behave("a.test", { truncated: true });
  const a = await c.Lookup(null, "a.test.", TypeA, "a.test");
  assert.deepEqual(a.Records.map((r) => [...r.IP!].join(".")), ["192.0.2.1", "192.0.2.2"]);
  assert.equal(srv.log.length, 1);
});
