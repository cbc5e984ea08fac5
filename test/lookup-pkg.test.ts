// The platform-free package-level Lookup functions (src/lookup.ts, the browser's): each asks
// DefaultResolver, as Go's net.LookupX asks net.DefaultResolver (lookup.go); here a DoH test
// server given through setDefaultResolver answers from a controlled zone.

import assert from "node:assert/strict";
import { test } from "node:test";
import { DNSError } from "../src/errors.js";
import {
  DefaultResolver,
  LookupAddr,
  LookupCNAME,
  LookupHost,
  LookupIP,
  LookupMX,
  LookupNS,
  LookupPort,
  LookupSRV,
  LookupTXT,
  Resolver,
  setDefaultResolver,
} from "../src/lookup.js";
import { startDoHServer, type ZoneRecord } from "./helpers/dohserver.js";

const zone: ZoneRecord[] = [
  { name: "host.test", type: "A", ttl: 300, data: "192.0.2.1" },
  { name: "alias.test", type: "CNAME", ttl: 300, data: "host.test" },
  { name: "txt.test", type: "TXT", ttl: 300, data: ["a", "b"] },
  { name: "zone.test", type: "NS", ttl: 300, data: "ns.zone.test" },
  { name: "mx.test", type: "MX", ttl: 300, data: { preference: 5, exchange: "mail.mx.test" } },
  { name: "_imap._tcp.mail.test", type: "SRV", ttl: 300, data: { priority: 1, weight: 2, port: 143, target: "imap.mail.test" } },
  { name: "1.2.0.192.in-addr.arpa", type: "PTR", ttl: 300, data: "host.test" },
];

test("package-level Lookup functions use DefaultResolver (setDefaultResolver's)", async (t) => {
  const srv = await startDoHServer({ zone: structuredClone(zone) });
  const r = new Resolver({ DoH: srv.url });
  setDefaultResolver(r);
  t.after(async () => {
    setDefaultResolver(null);
    await srv.close();
  });
  assert.equal(DefaultResolver(), r);
  assert.deepEqual(await LookupHost("alias.test"), ["192.0.2.1"]);
  assert.deepEqual((await LookupIP("host.test")).map(String), ["192.0.2.1"]);
  assert.equal(await LookupCNAME("alias.test"), "host.test.");
  assert.deepEqual(await LookupTXT("txt.test"), ["ab"]);
  assert.deepEqual(await LookupNS("zone.test"), [{ Host: "ns.zone.test." }]);
  assert.deepEqual(await LookupMX("mx.test"), [{ Host: "mail.mx.test.", Pref: 5 }]);
  assert.deepEqual(await LookupSRV("imap", "tcp", "mail.test"), ["_imap._tcp.mail.test.", [{ Target: "imap.mail.test.", Port: 143, Priority: 1, Weight: 2 }]]);
  assert.deepEqual(await LookupAddr("192.0.2.1"), ["host.test."]);
  // Go's LookupPort: numbers, then the services table (no DNS question).
  assert.equal(await LookupPort("tcp", "8080"), 8080);
  assert.equal(await LookupPort("tcp", "https"), 443);
  await assert.rejects(LookupPort("udp", "nope"), (e: unknown) => e instanceof DNSError && e.message === "lookup udp/nope: unknown port");
  const before = srv.log.length;
  await assert.rejects(LookupCNAME("missing.test"), (e: unknown) => e instanceof DNSError && e.IsNotFound);
  assert.ok(srv.log.length > before, "the DoH server was asked");
});
