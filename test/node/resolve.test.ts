// Node's package-level Lookup functions and ResolveTCPAddr/ResolveUDPAddr: on the system resolver
// (getaddrinfo, so /etc/hosts' localhost) and, through setDefaultResolver, on a DoH test server
// whose zone gives controlled answers. Go's behaviour: net/lookup.go (the package-level functions
// use DefaultResolver), net/tcpsock.go and udpsock.go (ResolveTCPAddr, ResolveUDPAddr), and the
// tables of tcpsock_test.go (resolveTCPAddrTests) and udpsock_test.go (resolveUDPAddrTests).

import type { NetworkName } from "../../src/net.js";
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { AddrError, DNSError, UnknownNetworkError } from "../../src/errors.js";
import { IPv4, ParseIP } from "../../src/ip.js";
import { Resolver as CoreResolver, setDefaultResolver } from "../../src/lookup.js";
import { TCPAddr, UDPAddr } from "../../src/addr.js";
import {
  LookupAddr,
  LookupCNAME,
  LookupHost,
  LookupIP,
  LookupMX,
  LookupNS,
  LookupPort,
  LookupSRV,
  LookupTXT,
  ResolveTCPAddr,
  ResolveUDPAddr,
} from "../../src-node/index.js";
import { startDoHServer, type ZoneRecord } from "../helpers/dohserver.js";

const zone: ZoneRecord[] = [
  { name: "host.test", type: "A", ttl: 300, data: "192.0.2.1" },
  { name: "host.test", type: "AAAA", ttl: 300, data: "2001:db8::1" },
  { name: "v6only.test", type: "AAAA", ttl: 300, data: "2001:db8::6" },
  { name: "www.test", type: "CNAME", ttl: 300, data: "host.test" },
  { name: "mail.test", type: "MX", ttl: 300, data: { preference: 20, exchange: "mx2.test" } },
  { name: "mail.test", type: "MX", ttl: 300, data: { preference: 10, exchange: "mx1.test" } },
  { name: "txt.test", type: "TXT", ttl: 300, data: ["v=spf1 ", "-all"] },
  { name: "zone.test", type: "NS", ttl: 300, data: "ns1.zone.test" },
  { name: "_sip._udp.voip.test", type: "SRV", ttl: 300, data: { priority: 10, weight: 0, port: 5060, target: "sip.voip.test" } },
  { name: "1.2.0.192.in-addr.arpa", type: "PTR", ttl: 300, data: "host.test" },
];

/** useDoH makes a DoH test server the default resolver for the rest of the test. */
async function useDoH(t: TestContext): Promise<void> {
  const srv = await startDoHServer({ zone: structuredClone(zone) });
  setDefaultResolver(new CoreResolver({ DoH: srv.url }));
  t.after(async () => {
    setDefaultResolver(null);
    await srv.close();
  });
}

test("package-level Lookup functions on the system resolver: localhost, literals and Go's port table", async () => {
  // /etc/hosts maps localhost to 127.0.0.1; LookupIP returns IPs, LookupHost strings.
  assert.ok((await LookupHost("localhost")).includes("127.0.0.1"));
  const ips = await LookupIP("localhost");
  assert.ok(ips.some((ip) => ip.Equal(IPv4(127, 0, 0, 1))), ips.map(String).join(","));
  // A literal is returned as is, with no lookup (Go's lookupIPAddr).
  assert.deepEqual((await LookupIP("127.0.0.1")).map(String), ["127.0.0.1"]);
  assert.deepEqual((await LookupIP("::1")).map(String), ["::1"]);
  // Go's LookupPort: numbers as they are, service names from the services database or Go's table.
  assert.equal(await LookupPort("tcp", "80"), 80);
  assert.equal(await LookupPort("tcp", "http"), 80);
  assert.equal(await LookupPort("udp", "domain"), 53);
  assert.equal(await LookupPort("tcp", "https"), 443);
  const bad = await LookupPort("tcp", "no-such-service-gonet").then(
    () => assert.fail("resolved"),
    (e: unknown) => e,
  );
  assert.ok(bad instanceof DNSError);
  assert.equal(bad.message, "lookup tcp/no-such-service-gonet: unknown port");
  const range = await LookupPort("tcp", "65536").then(
    () => assert.fail("resolved"),
    (e: unknown) => e,
  );
  assert.ok(range instanceof AddrError);
  assert.equal(range.message, "address 65536: invalid port");
  // LookupAddr of 127.0.0.1 finds localhost in /etc/hosts.
  assert.ok((await LookupAddr("127.0.0.1")).some((n) => n.replace(/\.$/, "") === "localhost"));
});

test("package-level Lookup functions ask DefaultResolver, here a DoH server with a controlled zone", async (t) => {
  await useDoH(t);
  assert.deepEqual(await LookupHost("host.test"), ["192.0.2.1", "2001:db8::1"]);
  assert.deepEqual((await LookupIP("www.test")).map(String), ["192.0.2.1", "2001:db8::1"]);
  assert.equal(await LookupCNAME("www.test"), "host.test.");
  assert.equal(await LookupCNAME("host.test"), "host.test.", "a name without a CNAME is its own canonical name");
  // Go's LookupMX sorts by preference.
  assert.deepEqual(await LookupMX("mail.test"), [
    { Host: "mx1.test.", Pref: 10 },
    { Host: "mx2.test.", Pref: 20 },
  ]);
  assert.deepEqual(await LookupNS("zone.test"), [{ Host: "ns1.zone.test." }]);
  // Go joins a TXT record's strings.
  assert.deepEqual(await LookupTXT("txt.test"), ["v=spf1 -all"]);
  const [cname, srvs] = await LookupSRV("sip", "udp", "voip.test");
  assert.equal(cname, "_sip._udp.voip.test.");
  assert.deepEqual(srvs, [{ Target: "sip.voip.test.", Port: 5060, Priority: 10, Weight: 0 }]);
  assert.deepEqual(await LookupAddr("192.0.2.1"), ["host.test."]);
  const nx = await LookupHost("nosuchhost.test").then(
    () => assert.fail("resolved"),
    (e: unknown) => e,
  );
  assert.ok(nx instanceof DNSError && nx.IsNotFound, String(nx));
  assert.equal(nx.Name, "nosuchhost.test");
});

test("ResolveTCPAddr and ResolveUDPAddr: Go's resolve tables on literals", async () => {
  // Go's tcpsock_test.go resolveTCPAddrTests (udpsock_test.go's are the same with udp).
  const ok: [string, string, string, number, string][] = [
    ["tcp", "127.0.0.1:0", "127.0.0.1", 0, ""],
    ["tcp4", "127.0.0.1:65535", "127.0.0.1", 65535, ""],
    ["tcp", "[::1]:0", "::1", 0, ""],
    ["tcp6", "[::1]:65535", "::1", 65535, ""],
    ["tcp", "[::1%en0]:1", "::1", 1, "en0"],
    ["tcp6", "[::1%911]:2", "::1", 2, "911"],
    ["", "127.0.0.1:0", "127.0.0.1", 0, ""],
    ["", "[::1]:0", "::1", 0, ""],
    ["tcp", ":12345", "", 12345, ""],
    ["tcp", "127.0.0.1:http", "127.0.0.1", 80, ""],
    ["tcp", "[::ffff:127.0.0.1]:http", "::ffff:127.0.0.1", 80, ""],
    ["tcp", "[2001:db8::1]:http", "2001:db8::1", 80, ""],
    ["tcp4", "127.0.0.1:http", "127.0.0.1", 80, ""],
    ["tcp4", "[::ffff:127.0.0.1]:http", "127.0.0.1", 80, ""],
    ["tcp6", "[2001:db8::1]:http", "2001:db8::1", 80, ""],
  ];
  for (const [network, address, ip, port, zoneName] of ok) {
    const want = ip === "" ? null : ParseIP(ip);
    const tcp = await ResolveTCPAddr(network as NetworkName, address);
    assert.ok(tcp instanceof TCPAddr);
    assert.equal(tcp.Port, port, `${network} ${address}`);
    assert.equal(tcp.Zone, zoneName);
    assert.ok(want === null ? tcp.IP === null || tcp.IP.length === 0 : tcp.IP?.Equal(want), `${network} ${address}: ${tcp.String()}`);
    // Go's service table knows http for tcp only (udp has domain), so UDP gets the number.
    const udpNet = network.replace("tcp", "udp");
    const udp = await ResolveUDPAddr(udpNet as NetworkName, address.replace(":http", ":80"));
    assert.ok(udp instanceof UDPAddr);
    assert.equal(udp.String(), tcp.String(), `${udpNet} ${address}`);
  }
  const fails: [string, string, string][] = [
    ["tcp4", "[2001:db8::1]:http", "address 2001:db8::1: no suitable address found"],
    ["tcp6", "127.0.0.1:http", "address 127.0.0.1: no suitable address found"],
    ["tcp6", "[::ffff:127.0.0.1]:http", "address ::ffff:127.0.0.1: no suitable address found"],
  ];
  for (const [network, address, msg] of fails) {
    await assert.rejects(ResolveTCPAddr(network as NetworkName, address), (e: unknown) => e instanceof AddrError && e.message === msg);
    await assert.rejects(ResolveUDPAddr(network.replace("tcp", "udp") as NetworkName, address.replace(":http", ":domain")), (e: unknown) => e instanceof AddrError && e.message === msg);
  }
  await assert.rejects(ResolveTCPAddr("http" as NetworkName, "127.0.0.1:0"), (e: unknown) => e instanceof UnknownNetworkError && e.message === "unknown network http");
  await assert.rejects(ResolveUDPAddr("tcp", "127.0.0.1:0"), (e: unknown) => e instanceof UnknownNetworkError && e.message === "unknown network tcp");
  await assert.rejects(ResolveTCPAddr("tcp", "127.0.0.1"), (e: unknown) => e instanceof AddrError && e.message === "address 127.0.0.1: missing port in address");
  await assert.rejects(ResolveUDPAddr("udp", "127.0.0.1:http"), (e: unknown) => e instanceof DNSError && e.message === "lookup udp/http: unknown port");
});

test("ResolveTCPAddr and ResolveUDPAddr resolve names with the default resolver: /etc/hosts, then DoH", async (t) => {
  assert.equal((await ResolveTCPAddr("tcp", "localhost:http")).String(), "127.0.0.1:80");
  assert.equal((await ResolveUDPAddr("udp4", "localhost:53")).String(), "127.0.0.1:53");
  await useDoH(t);
  // Go returns one address, IPv4 first (forResolve / first(isIPv4)) unless the network asks for v6.
  assert.equal((await ResolveTCPAddr("tcp", "host.test:443")).String(), "192.0.2.1:443");
  assert.equal((await ResolveTCPAddr("tcp6", "host.test:443")).String(), "[2001:db8::1]:443");
  assert.equal((await ResolveUDPAddr("udp", "v6only.test:53")).String(), "[2001:db8::6]:53");
  await assert.rejects(ResolveUDPAddr("udp4", "v6only.test:53"), (e: unknown) => e instanceof AddrError && e.message === "address v6only.test: no suitable address found");
  await assert.rejects(ResolveTCPAddr("tcp", "nosuchhost.test:80"), (e: unknown) => e instanceof DNSError && e.IsNotFound);
});
