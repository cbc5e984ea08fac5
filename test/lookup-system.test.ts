// Resolver paths the other lookup tests leave unrun: a SystemResolver whose answers Go would
// refuse (an invalid SRV header name, NS hosts that are not domain names; lookup.go), platform
// errors that are timeouts or temporary, LookupIP's network argument (parseNetwork), and the DoH
// options a Resolver passes on (fetch, cacheSize, now).

import assert from "node:assert/strict";
import { test } from "node:test";
import { AddrError, DNSError, UnknownNetworkError } from "../src/errors.js";
import { ParseIP } from "../src/ip.js";
import { Resolver, type SystemResolver } from "../src/lookup.js";
import { startDoHServer } from "./helpers/dohserver.js";

function system(over: Partial<SystemResolver>): SystemResolver {
  const none = async (): Promise<never> => {
    throw new Error("not scripted");
  };
  return {
    lookupIPAddr: async () => [{ IP: ParseIP("192.0.2.7")!, Zone: "" }],
    lookupCNAME: none,
    lookupAddr: none,
    lookupTXT: none,
    lookupMX: none,
    lookupNS: none,
    lookupSRV: none,
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<DNSError> {
  const e = await p.then(
    () => assert.fail("resolved"),
    (err: unknown) => err,
  );
  assert.ok(e instanceof DNSError, String(e));
  return e;
}

test("answers Go refuses: an invalid SRV header name, SRV targets and NS hosts that are not domain names", async () => {
  const r = new Resolver({}, system({
    lookupSRV: async (_s, target) => (target.includes("badcname") ? ["bad name.", []] : [target + ".", [{ Target: "not ok.test.", Port: 1, Priority: 1, Weight: 1 }]]),
    lookupNS: async () => [{ Host: "ns1.test." }, { Host: "bad ns.test." }],
  }));
  const hdr = await failure(r.LookupSRV(null, "x", "tcp", "badcname.test"));
  assert.equal(hdr.message, "lookup badcname.test: SRV header name is invalid");
  const tgt = await failure(r.LookupSRV(null, "x", "tcp", "ok.test"));
  assert.equal(tgt.message, "lookup ok.test: DNS response contained records which contain invalid names");
  const ns = await failure(r.LookupNS(null, "zone.test"));
  assert.equal(ns.message, "lookup zone.test: DNS response contained records which contain invalid names");
});

test("a platform error keeps its Timeout and Temporary in the DNSError", async () => {
  class Flaky extends Error {
    constructor(readonly timeout: boolean, readonly temporary: boolean) {
      super("resolver hiccup");
    }
    Timeout(): boolean {
      return this.timeout;
    }
    Temporary(): boolean {
      return this.temporary;
    }
  }
  for (const [timeout, temporary] of [[true, false], [false, true]] as const) {
    const r = new Resolver({}, system({ lookupTXT: async () => Promise.reject(new Flaky(timeout, temporary)) }));
    const e = await failure(r.LookupTXT(null, "t.test"));
    assert.equal(e.message, "lookup t.test: resolver hiccup");
    assert.equal(e.IsTimeout, timeout);
    assert.equal(e.IsTemporary, temporary);
    assert.equal(e.Timeout(), timeout);
  }
  const r = new Resolver({}, system({ lookupTXT: async () => Promise.reject("a string") }));
  assert.equal((await failure(r.LookupTXT(null, "t.test"))).message, "lookup t.test: a string");
});

test("LookupIP takes Go's ip networks, with an optional protocol", async () => {
  const r = new Resolver({}, system({ lookupIPAddr: async () => [{ IP: ParseIP("192.0.2.7")!, Zone: "" }, { IP: ParseIP("2001:db8::7")!, Zone: "" }] }));
  const want: Record<string, string[]> = { ip: ["192.0.2.7", "2001:db8::7"], ip4: ["192.0.2.7"], ip6: ["2001:db8::7"] };
  for (const network of ["ip", "ip4", "ip6", "ip4:icmp", "ip4:1", "ip6:ipv6-icmp", "ip:TCP"]) {
    const afnet = network.split(":")[0] as string;
    assert.deepEqual((await r.LookupIP(null, network, "h.test")).map(String), want[afnet], network);
  }
  // Go's LookupIP for a family the name has no address of: no suitable address found.
  const v4only = new Resolver({}, system({}));
  await assert.rejects(v4only.LookupIP(null, "ip6", "h.test"), (e: unknown) => e instanceof AddrError && e.message === "address h.test: no suitable address found");
  await assert.rejects(r.LookupIP(null, "tcp", "h.test"), (e: unknown) => e instanceof UnknownNetworkError && e.message === "unknown network tcp");
  await assert.rejects(r.LookupIP(null, "ip:nonesuch", "h.test"), (e: unknown) => e instanceof AddrError && e.message === "address nonesuch: unknown IP protocol specified");
});

test("a Resolver passes fetch, cacheSize and now to its DoH client", async (t) => {
  const srv = await startDoHServer({ zone: [{ name: "c.test", type: "A", ttl: 60, data: "192.0.2.9" }] });
  t.after(() => srv.close());
  let fetches = 0;
  const fetchCounting: typeof fetch = (input, init) => {
    fetches++;
    return fetch(input, init);
  };
  let now = 1_000_000;
  const r = new Resolver({ DoH: srv.url, fetch: fetchCounting, cacheSize: 8, now: () => now, Method: "POST", Timeout: 5000 });
  assert.deepEqual(await r.LookupHost(null, "c.test"), ["192.0.2.9"]);
  const asked = fetches;
  assert.ok(asked >= 1);
  assert.ok(srv.log.every((l) => l.method === "POST"));
  await r.LookupHost(null, "c.test");
  assert.equal(fetches, asked, "answered from the cache within the TTL");
  now += 61_000;
  await r.LookupHost(null, "c.test");
  assert.ok(fetches > asked, "asked again once the TTL passed on the injected clock");
  const uncached = new Resolver({ DoH: srv.url, fetch: fetchCounting, cacheSize: 0 });
  const before = fetches;
  await uncached.LookupHost(null, "c.test");
  await uncached.LookupHost(null, "c.test");
  assert.ok(fetches >= before + 2, "cacheSize 0 disables the cache");
});
