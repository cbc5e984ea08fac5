// Address types and resolution, after Go's tcpsock_test.go (resolveTCPAddrTests),
// udpsock_test.go (resolveUDPAddrTests), unixsock.go and ipsock_test.go
// (addrListTests, TestAddrListPartition), run against src/addr.ts.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ResolveTCPAddr,
  ResolveUDPAddr,
  ResolveUnixAddr,
  TCPAddr,
  UDPAddr,
  UnixAddr,
  filterAddrList,
  firstAddr,
  forResolve,
  internetAddrList,
  ipv4only,
  ipv6only,
  isIPv4Addr,
  partitionAddrs,
} from "../src/addr.js";
import type { IPZone, LookupIPFunc } from "../src/addr.js";
import { IP, IPv4, IPv6loopback, IPv4zero, IPv6unspecified, ParseIP } from "../src/ip.js";
import { AddrError, DNSError, ErrUnsupported, Is, UnknownNetworkError } from "../src/errors.js";
import type { Addr } from "../src/net.js";

const P = (s: string): IP => {
  const r = ParseIP(s);
  assert.ok(r !== null, `ParseIP(${s})`);
  return r;
};

// Go's lookupLocalhost test hook: "localhost" is 127.0.0.1 and ::1; anything else is not found.
const lookupLocalhost: LookupIPFunc = async (host) => {
  if (host === "localhost") return [IPv4(127, 0, 0, 1), IPv6loopback];
  throw new DNSError({ Err: "no such host", Name: host, IsNotFound: true });
};

test("TCPAddr and UDPAddr String and Network, as Go's", () => {
  const table: [ConstructorParameters<typeof TCPAddr>[0], string][] = [
    [{ IP: IPv4(127, 0, 0, 1), Port: 80 }, "127.0.0.1:80"],
    [{ IP: new IP([127, 0, 0, 1]), Port: 80 }, "127.0.0.1:80"],
    [{ IP: P("::1"), Port: 80 }, "[::1]:80"],
    [{ IP: P("fe80::1"), Port: 80, Zone: "eth0" }, "[fe80::1%eth0]:80"],
    [{ IP: P("::ffff:1.2.3.4"), Port: 443 }, "1.2.3.4:443"],
    [{ IP: P("::ffff:1.2.3.4"), Port: 443, Zone: "eth0" }, "1.2.3.4%eth0:443"],
    [{ IP: P("2001:db8::1"), Port: 0 }, "[2001:db8::1]:0"],
    [{ IP: P("::"), Port: 8080 }, "[::]:8080"],
    [{ IP: IPv4zero, Port: 8080 }, "0.0.0.0:8080"],
    [{ IP: null, Port: 80 }, ":80"],
    [{ Port: 80 }, ":80"],
    [{ IP: new IP(0), Port: 80 }, ":80"],
    [{ IP: null, Port: 80, Zone: "eth0" }, "%eth0:80"],
    [{}, ":0"],
    [{ IP: new IP([1, 2, 3]), Port: 1 }, "?010203:1"],
    [{ IP: IPv4(10, 0, 0, 1), Port: 65535 }, "10.0.0.1:65535"],
    [{ IP: IPv4(10, 0, 0, 1), Port: -1 }, "10.0.0.1:-1"],
    [{ IP: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), Port: 53 }, "[::1]:53"],
  ];
  for (const [init, want] of table) {
    const t = new TCPAddr(init);
    const u = new UDPAddr(init);
    assert.equal(t.String(), want, `TCPAddr${JSON.stringify(init)}`);
    assert.equal(u.String(), want, `UDPAddr${JSON.stringify(init)}`);
    assert.equal(`${t}`, want);
    assert.equal(t.Network(), "tcp");
    assert.equal(u.Network(), "udp");
    if (t.IP !== null) assert.ok(t.IP instanceof IP, "a Uint8Array IP is viewed as an IP");
  }
  const t = new TCPAddr();
  assert.deepStrictEqual([t.IP, t.Port, t.Zone], [null, 0, ""], "the zero TCPAddr");
  assert.ok(!(new TCPAddr() instanceof UDPAddr) && !(new UDPAddr() instanceof TCPAddr), "distinct types");
});

test("isWildcard: a null or unspecified IP", () => {
  const table: [TCPAddr | UDPAddr, boolean][] = [
    [new TCPAddr(), true],
    [new TCPAddr({ IP: IPv4zero }), true],
    [new UDPAddr({ IP: IPv6unspecified }), true],
    [new UDPAddr({ IP: new IP(0) }), true],
    [new TCPAddr({ IP: IPv4(127, 0, 0, 1) }), false],
    [new UDPAddr({ IP: IPv6loopback }), false],
  ];
  for (const [a, want] of table) assert.equal(a.isWildcard(), want, a.String());
});

test("UnixAddr: Network is Net, String is Name", () => {
  const table: [string, string][] = [
    ["/tmp/s.sock", "unix"],
    ["@abstract", "unixgram"],
    ["", "unixpacket"],
  ];
  for (const [name, net] of table) {
    const a = new UnixAddr({ Name: name, Net: net });
    assert.equal(a.String(), name);
    assert.equal(`${a}`, name);
    assert.equal(a.Network(), net);
  }
  assert.deepStrictEqual([new UnixAddr().Name, new UnixAddr().Net], ["", ""]);
});

test("ResolveUnixAddr: unix, unixgram, unixpacket; anything else is UnknownNetworkError", async () => {
  for (const net of ["unix", "unixgram", "unixpacket"]) {
    assert.deepStrictEqual(await ResolveUnixAddr(net, "/tmp/x.sock"), new UnixAddr({ Name: "/tmp/x.sock", Net: net }));
  }
  for (const net of ["tcp", "", "unix4", "UNIX"]) {
    await assert.rejects(ResolveUnixAddr(net, "/tmp/x.sock"), (err: unknown) => {
      assert.ok(err instanceof UnknownNetworkError);
      assert.equal(err.message, `unknown network ${net}`);
      return true;
    });
  }
});

type ResolveCase<A> = [network: string, address: string, want: A | null, err: string | null];

test("ResolveTCPAddr: Go's resolveTCPAddrTests (with the round trip through String)", async () => {
  const table: ResolveCase<TCPAddr>[] = [
    ["tcp", "127.0.0.1:0", new TCPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 }), null],
    ["tcp4", "127.0.0.1:65535", new TCPAddr({ IP: IPv4(127, 0, 0, 1), Port: 65535 }), null],
    ["tcp", "[::1]:0", new TCPAddr({ IP: P("::1"), Port: 0 }), null],
    ["tcp6", "[::1]:65535", new TCPAddr({ IP: P("::1"), Port: 65535 }), null],
    ["tcp", "[::1%en0]:1", new TCPAddr({ IP: P("::1"), Port: 1, Zone: "en0" }), null],
    ["tcp6", "[::1%911]:2", new TCPAddr({ IP: P("::1"), Port: 2, Zone: "911" }), null],
    ["", "127.0.0.1:0", new TCPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 }), null], // Go 1.0 behavior
    ["", "[::1]:0", new TCPAddr({ IP: P("::1"), Port: 0 }), null], // Go 1.0 behavior
    ["tcp", ":12345", new TCPAddr({ Port: 12345 }), null],
    ["http", "127.0.0.1:0", null, "unknown network http"],
    ["tcp", "127.0.0.1:http", new TCPAddr({ IP: P("127.0.0.1"), Port: 80 }), null],
    ["tcp", "[::ffff:127.0.0.1]:http", new TCPAddr({ IP: P("::ffff:127.0.0.1"), Port: 80 }), null],
    ["tcp", "[2001:db8::1]:http", new TCPAddr({ IP: P("2001:db8::1"), Port: 80 }), null],
    ["tcp4", "127.0.0.1:http", new TCPAddr({ IP: P("127.0.0.1"), Port: 80 }), null],
    ["tcp4", "[::ffff:127.0.0.1]:http", new TCPAddr({ IP: P("127.0.0.1"), Port: 80 }), null],
    ["tcp6", "[2001:db8::1]:http", new TCPAddr({ IP: P("2001:db8::1"), Port: 80 }), null],
    ["tcp4", "[2001:db8::1]:http", null, "address 2001:db8::1: no suitable address found"],
    ["tcp6", "127.0.0.1:http", null, "address 127.0.0.1: no suitable address found"],
    ["tcp6", "[::ffff:127.0.0.1]:http", null, "address ::ffff:127.0.0.1: no suitable address found"],
  ];
  for (const [network, address, want, err] of table) {
    if (err !== null) {
      await assert.rejects(ResolveTCPAddr(network, address, lookupLocalhost), { message: err }, `ResolveTCPAddr(${network}, ${address})`);
      continue;
    }
    const got = await ResolveTCPAddr(network, address, lookupLocalhost);
    assert.deepStrictEqual(got, want, `ResolveTCPAddr(${network}, ${address})`);
    const again = await ResolveTCPAddr(got.Network(), got.String(), lookupLocalhost);
    assert.deepStrictEqual(again, want, `ResolveTCPAddr(${got.Network()}, ${got.String()}) round trip`);
  }
});

test("ResolveUDPAddr: Go's resolveUDPAddrTests (with the round trip through String)", async () => {
  const table: ResolveCase<UDPAddr>[] = [
    ["udp", "127.0.0.1:0", new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 }), null],
    ["udp4", "127.0.0.1:65535", new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 65535 }), null],
    ["udp", "[::1]:0", new UDPAddr({ IP: P("::1"), Port: 0 }), null],
    ["udp6", "[::1]:65535", new UDPAddr({ IP: P("::1"), Port: 65535 }), null],
    ["udp", "[::1%en0]:1", new UDPAddr({ IP: P("::1"), Port: 1, Zone: "en0" }), null],
    ["udp6", "[::1%911]:2", new UDPAddr({ IP: P("::1"), Port: 2, Zone: "911" }), null],
    ["", "127.0.0.1:0", new UDPAddr({ IP: IPv4(127, 0, 0, 1), Port: 0 }), null], // Go 1.0 behavior
    ["", "[::1]:0", new UDPAddr({ IP: P("::1"), Port: 0 }), null], // Go 1.0 behavior
    ["udp", ":12345", new UDPAddr({ Port: 12345 }), null],
    ["http", "127.0.0.1:0", null, "unknown network http"],
    ["sip", "127.0.0.1:0", null, "unknown network sip"],
    ["udp", "127.0.0.1:domain", new UDPAddr({ IP: P("127.0.0.1"), Port: 53 }), null],
    ["udp", "[::ffff:127.0.0.1]:domain", new UDPAddr({ IP: P("::ffff:127.0.0.1"), Port: 53 }), null],
    ["udp", "[2001:db8::1]:domain", new UDPAddr({ IP: P("2001:db8::1"), Port: 53 }), null],
    ["udp4", "127.0.0.1:domain", new UDPAddr({ IP: P("127.0.0.1"), Port: 53 }), null],
    ["udp4", "[::ffff:127.0.0.1]:domain", new UDPAddr({ IP: P("127.0.0.1"), Port: 53 }), null],
    ["udp6", "[2001:db8::1]:domain", new UDPAddr({ IP: P("2001:db8::1"), Port: 53 }), null],
    ["udp4", "[2001:db8::1]:domain", null, "address 2001:db8::1: no suitable address found"],
    ["udp6", "127.0.0.1:domain", null, "address 127.0.0.1: no suitable address found"],
    ["udp6", "[::ffff:127.0.0.1]:domain", null, "address ::ffff:127.0.0.1: no suitable address found"],
  ];
  for (const [network, address, want, err] of table) {
    if (err !== null) {
      await assert.rejects(ResolveUDPAddr(network, address, lookupLocalhost), { message: err }, `ResolveUDPAddr(${network}, ${address})`);
      continue;
    }
    const got = await ResolveUDPAddr(network, address, lookupLocalhost);
    assert.deepStrictEqual(got, want, `ResolveUDPAddr(${network}, ${address})`);
    const again = await ResolveUDPAddr(got.Network(), got.String(), lookupLocalhost);
    assert.deepStrictEqual(again, want, `ResolveUDPAddr(${got.Network()}, ${got.String()}) round trip`);
  }
});

test("ResolveTCPAddr/ResolveUDPAddr: the error classes and texts Go returns", async () => {
  const table: [string, string, string, new (...a: never[]) => Error][] = [
    ["tcp", "127.0.0.1", "address 127.0.0.1: missing port in address", AddrError],
    ["tcp", "::1:80", "address ::1:80: too many colons in address", AddrError],
    ["tcp", "[::1:80", "address [::1:80: missing ']' in address", AddrError],
    ["tcp", "127.0.0.1:65536", "address 65536: invalid port", AddrError],
    ["tcp", "127.0.0.1:-1", "address -1: invalid port", AddrError],
    ["tcp", "127.0.0.1:nosuchport", "lookup tcp/nosuchport: unknown port", DNSError],
    ["tcp6", "[::1]:domain", "lookup tcp/domain: unknown port", DNSError],
    ["udp", "127.0.0.1:http", "lookup udp/http: unknown port", DNSError],
    ["udp4", "nosuchhost.invalid:53", "lookup nosuchhost.invalid: no such host", DNSError],
    ["tcp", "010.1.1.1:80", "lookup 010.1.1.1: no such host", DNSError], // not a literal, so looked up
    ["unix", "127.0.0.1:80", "unknown network unix", UnknownNetworkError],
    ["tcp4 ", "127.0.0.1:80", "unknown network tcp4 ", UnknownNetworkError],
  ];
  for (const [network, address, message, cls] of table) {
    const resolve = network.startsWith("udp") ? ResolveUDPAddr : ResolveTCPAddr;
    await assert.rejects(resolve(network, address, lookupLocalhost), (err: unknown) => {
      assert.ok(err instanceof cls, `${network} ${address}: ${String(err)}`);
      assert.equal((err as Error).message, message);
      return true;
    });
  }
  await assert.rejects(ResolveUDPAddr("udp", "127.0.0.1:0x35", lookupLocalhost), (err: unknown) => err instanceof DNSError && err.IsNotFound);
});

test("ResolveTCPAddr: names go through the injected lookup, with Go's family choice", async () => {
  const seen: [string, string][] = [];
  const lookup: LookupIPFunc = async (host, network) => {
    seen.push([host, network]);
    return lookupLocalhost(host, network);
  };
  const table: [string, string, string][] = [
    ["tcp", "localhost:80", "127.0.0.1:80"], // IPv4 is preferred
    ["tcp4", "localhost:80", "127.0.0.1:80"],
    ["tcp6", "localhost:80", "[::1]:80"],
    ["tcp", "[localhost]:http", "[::1]:80"], // a bracketed host asks for IPv6
    ["", "localhost:ssh", "127.0.0.1:22"],
  ];
  for (const [network, address, want] of table) {
    assert.equal((await ResolveTCPAddr(network, address, lookup)).String(), want, `ResolveTCPAddr(${network}, ${address})`);
  }
  assert.deepStrictEqual(seen, [
    ["localhost", "ip"],
    ["localhost", "ip4"],
    ["localhost", "ip6"],
    ["localhost", "ip"],
    ["localhost", "ip"],
  ]);
  assert.equal((await ResolveUDPAddr("udp6", "localhost:domain", lookup)).String(), "[::1]:53");

  // Literals and empty hosts never reach the lookup.
  seen.length = 0;
  for (const address of ["127.0.0.1:1", "[::1]:1", ":1", "", "[fe80::1%eth0]:1"]) await ResolveTCPAddr("tcp", address, lookup);
  assert.deepStrictEqual(seen, []);

  // Only IPv6 answers for tcp: the first address is taken.
  const only6: LookupIPFunc = async () => [P("2001:db8::2"), P("2001:db8::1")];
  assert.equal((await ResolveTCPAddr("tcp", "example.com:1", only6)).String(), "[2001:db8::2]:1");
  await assert.rejects(ResolveTCPAddr("tcp4", "example.com:1", only6), { message: "address example.com: no suitable address found" });
  const none: LookupIPFunc = async () => [];
  await assert.rejects(ResolveTCPAddr("tcp", "example.com:1", none), { message: "address example.com: no suitable address found" });

  // A service name database replaces the built-in table.
  const a = await ResolveTCPAddr("tcp", "127.0.0.1:webcache", lookup, (network, service) => (service === "webcache" ? 8080 : 0));
  assert.equal(a.Port, 8080);
});

test("ResolveTCPAddr: lookup failures become DNSError, a missing lookup is ErrUnsupported", async () => {
  const failing: LookupIPFunc = async () => {
    throw new Error("resolver exploded");
  };
  await assert.rejects(ResolveTCPAddr("tcp", "example.com:80", failing), (err: unknown) => {
    assert.ok(err instanceof DNSError);
    assert.equal(err.message, "lookup example.com: resolver exploded");
    assert.equal(err.Name, "example.com");
    assert.ok(err.cause instanceof Error && err.cause.message === "resolver exploded");
    return true;
  });
  const timeoutErr = Object.assign(new Error("i/o timeout"), { Timeout: () => true, Temporary: () => true });
  await assert.rejects(
    ResolveUDPAddr("udp", "example.com:53", async () => {
      throw timeoutErr;
    }),
    (err: unknown) => err instanceof DNSError && err.IsTimeout && err.Temporary() && err.message === "lookup example.com: i/o timeout",
  );
  await assert.rejects(ResolveTCPAddr("tcp", "example.com:80"), (err: unknown) => {
    assert.ok(err instanceof DNSError);
    assert.ok(Is(err, ErrUnsupported));
    assert.equal(err.Name, "example.com");
    return true;
  });
  // Literals need no lookup at all.
  assert.equal((await ResolveTCPAddr("tcp", "[fe80::1%eth0]:80")).String(), "[fe80::1%eth0]:80");
  assert.equal((await ResolveUDPAddr("udp", "")).String(), ":0");
});

test("internetAddrList: Go's address list rules", async () => {
  const strs = async (network: string, address: string): Promise<string[]> =>
    (await internetAddrList(network, address, lookupLocalhost)).map((a) => `${a.Network()} ${a.String()}`);
  assert.deepStrictEqual(await strs("tcp", "localhost:80"), ["tcp 127.0.0.1:80", "tcp [::1]:80"]);
  assert.deepStrictEqual(await strs("udp4", "localhost:53"), ["udp 127.0.0.1:53"]);
  assert.deepStrictEqual(await strs("udp6", "localhost:53"), ["udp [::1]:53"]);
  assert.deepStrictEqual(await strs("tcp", "[::]:80"), ["tcp [::]:80", "tcp 0.0.0.0:80"], "Go issue 18806: :: falls back to 0.0.0.0");
  assert.deepStrictEqual(await strs("tcp6", "[::]:80"), ["tcp [::]:80"]);
  assert.deepStrictEqual(await strs("tcp4", "[::]:80"), ["tcp 0.0.0.0:80"]);
  assert.deepStrictEqual(await strs("tcp", ""), ["tcp :0"]);
  assert.deepStrictEqual(await strs("tcp", ":80"), ["tcp :80"]);
  const [wild] = await internetAddrList("udp", ":53");
  assert.equal(wild!.IP, null, "an empty host is a null IP");
  const [lit] = await internetAddrList("tcp", "127.0.0.1:1");
  assert.equal(lit!.IP!.length, 16, "literal IPs are in 16-byte form, as Go's");
  const [fromDNS] = await internetAddrList("tcp", "h:1", async () => [new IP([192, 0, 2, 1])]);
  assert.equal(fromDNS!.IP!.length, 4, "resolver answers are kept as they are");
  await assert.rejects(internetAddrList("ip", "127.0.0.1"), UnknownNetworkError);
  await assert.rejects(internetAddrList("unix", "/x"), { message: "unknown network unix" });
});

const tcp = (ip: IP, zone = ""): TCPAddr => new TCPAddr({ IP: ip, Port: 5682, Zone: zone });
const testInetaddr = (a: IPZone): TCPAddr => tcp(a.IP, a.Zone);
const z = (ip: IP, zone = ""): IPZone => ({ IP: ip, Zone: zone });

test("filterAddrList, first, partition: Go's addrListTests", () => {
  const v4a = IPv4(127, 0, 0, 1);
  const v4b = IPv4(192, 168, 0, 1);
  const v6a = IPv6loopback;
  const v6b = P("fe80::1");
  type Row = [((a: IPZone) => boolean) | null, IPZone[], TCPAddr | null, TCPAddr[], TCPAddr[], string | null];
  const table: Row[] = [
    [null, [z(v4a), z(v6a)], tcp(v4a), [tcp(v4a)], [tcp(v6a)], null],
    [null, [z(v6a), z(v4a)], tcp(v4a), [tcp(v6a)], [tcp(v4a)], null],
    [null, [z(v4a), z(v4b)], tcp(v4a), [tcp(v4a), tcp(v4b)], [], null],
    [null, [z(v6a), z(v6b, "eth0")], tcp(v6a), [tcp(v6a), tcp(v6b, "eth0")], [], null],
    [null, [z(v4a), z(v4b), z(v6a), z(v6b, "eth0")], tcp(v4a), [tcp(v4a), tcp(v4b)], [tcp(v6a), tcp(v6b, "eth0")], null],
    [null, [z(v6a), z(v6b, "eth0"), z(v4a), z(v4b)], tcp(v4a), [tcp(v6a), tcp(v6b, "eth0")], [tcp(v4a), tcp(v4b)], null],
    [null, [z(v4a), z(v6a), z(v4b), z(v6b, "eth0")], tcp(v4a), [tcp(v4a), tcp(v4b)], [tcp(v6a), tcp(v6b, "eth0")], null],
    [null, [z(v6a), z(v4a), z(v6b, "eth0"), z(v4b)], tcp(v4a), [tcp(v6a), tcp(v6b, "eth0")], [tcp(v4a), tcp(v4b)], null],
    [ipv4only, [z(v4a), z(v6a)], tcp(v4a), [tcp(v4a)], [], null],
    [ipv4only, [z(v6a), z(v4a)], tcp(v4a), [tcp(v4a)], [], null],
    [ipv6only, [z(v4a), z(v6a)], tcp(v6a), [tcp(v6a)], [], null],
    [ipv6only, [z(v6a), z(v4a)], tcp(v6a), [tcp(v6a)], [], null],
    [null, [], null, [], [], "address ADDR: no suitable address found"],
    [ipv4only, [], null, [], [], "address ADDR: no suitable address found"],
    [ipv4only, [z(v6a)], null, [], [], "address ADDR: no suitable address found"],
    [ipv6only, [], null, [], [], "address ADDR: no suitable address found"],
    [ipv6only, [z(v4a)], null, [], [], "address ADDR: no suitable address found"],
  ];
  table.forEach(([filter, ips, first, primaries, fallbacks, err], i) => {
    if (err !== null) {
      assert.throws(() => filterAddrList(filter, ips, testInetaddr, "ADDR"), (e: unknown) => e instanceof AddrError && e.message === err, `#${i}`);
      return;
    }
    const addrs = filterAddrList(filter, ips, testInetaddr, "ADDR");
    assert.deepStrictEqual(firstAddr(addrs, isIPv4Addr), first, `#${i} first`);
    const [p, f] = partitionAddrs(addrs, isIPv4Addr);
    assert.deepStrictEqual(p, primaries, `#${i} primaries`);
    assert.deepStrictEqual(f, fallbacks, `#${i} fallbacks`);
    assert.equal(addrs.length, p.length + f.length, `#${i} length`);
  });
});

test("partitionAddrs: Go's TestAddrListPartition (inverting the label changes nothing)", () => {
  const addrs = [tcp(P("fe80::"), "eth0"), tcp(P("fe80::1"), "eth0"), tcp(P("fe80::2"), "eth0")];
  const cases: [number, TCPAddr[], TCPAddr[]][] = [
    [0, [addrs[0]!], [addrs[1]!, addrs[2]!]],
    [1, [addrs[0]!, addrs[2]!], [addrs[1]!]],
    [2, [addrs[0]!, addrs[1]!], [addrs[2]!]],
    [3, [addrs[0]!, addrs[1]!, addrs[2]!], []],
  ];
  for (const [lastByte, primaries, fallbacks] of cases) {
    for (const invert of [false, true]) {
      const [p, f] = partitionAddrs(addrs, (a: Addr) => {
        const ip = (a as TCPAddr).IP!;
        return (ip[ip.length - 1] === lastByte) !== invert;
      });
      assert.deepStrictEqual(p, primaries, `lastByte ${lastByte} invert ${invert} primaries`);
      assert.deepStrictEqual(f, fallbacks, `lastByte ${lastByte} invert ${invert} fallbacks`);
    }
  }
});

test("forResolve: IPv4 first unless a bracketed literal on tcp/udp", () => {
  const list = [tcp(IPv6loopback), tcp(IPv4(127, 0, 0, 1))];
  const table: [string, string, string][] = [
    ["tcp", "localhost:80", "127.0.0.1:5682"],
    ["tcp", "[localhost]:80", "[::1]:5682"],
    ["tcp4", "[::1]:80", "127.0.0.1:5682"], // only tcp and udp look at brackets
    ["tcp6", "[::1]:80", "127.0.0.1:5682"],
    ["udp", "[x]:1", "[::1]:5682"],
    ["ip", "::1", "[::1]:5682"],
    ["ip", "localhost", "127.0.0.1:5682"],
  ];
  for (const [network, address, want] of table) assert.equal(forResolve(list, network, address).String(), want, `${network} ${address}`);
  assert.equal(forResolve([tcp(IPv6loopback)], "tcp", "x:1").String(), "[::1]:5682", "falls back to the first address");
  assert.equal(isIPv4Addr(new UnixAddr({ Name: "/x", Net: "unix" })), false);
  assert.equal(isIPv4Addr(new UDPAddr({ IP: IPv4(1, 2, 3, 4) })), true);
  assert.equal(isIPv4Addr(new UDPAddr()), false);
});
