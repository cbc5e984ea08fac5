// Tables from Go's src/net/ip_test.go (TestSplitHostPort, TestJoinHostPort),
// port_test.go (parsePortTests) and lookup.go's port rules, run against src/ipsock.ts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { JoinHostPort, SplitHostPort, lookupPortMap, parsePort, resolvePort, services, splitNetworkAddress } from "../src/ipsock.js";
import { AddrError, DNSError, UnknownNetworkError } from "../src/errors.js";

test("SplitHostPort: Go's success table", () => {
  const table: [string, string, string][] = [
    // Host name
    ["localhost:http", "localhost", "http"],
    ["localhost:80", "localhost", "80"],
    // Go-specific host name with zone identifier
    ["localhost%lo0:http", "localhost%lo0", "http"],
    ["localhost%lo0:80", "localhost%lo0", "80"],
    ["[localhost%lo0]:http", "localhost%lo0", "http"], // Go 1 behavior
    ["[localhost%lo0]:80", "localhost%lo0", "80"], // Go 1 behavior
    // IP literal
    ["127.0.0.1:http", "127.0.0.1", "http"],
    ["127.0.0.1:80", "127.0.0.1", "80"],
    ["[::1]:http", "::1", "http"],
    ["[::1]:80", "::1", "80"],
    // IP literal with zone identifier
    ["[::1%lo0]:http", "::1%lo0", "http"],
    ["[::1%lo0]:80", "::1%lo0", "80"],
    // Go-specific wildcard for host name
    [":http", "", "http"], // Go 1 behavior
    [":80", "", "80"], // Go 1 behavior
    // Go-specific wildcard for service name or transport port number
    ["golang.org:", "golang.org", ""], // Go 1 behavior
    ["127.0.0.1:", "127.0.0.1", ""], // Go 1 behavior
    ["[::1]:", "::1", ""], // Go 1 behavior
    // Opaque service name
    ["golang.org:https%foo", "golang.org", "https%foo"], // Go 1 behavior
    // More shapes that follow from Go's algorithm.
    [":", "", ""],
    ["[]:80", "", "80"],
    ["[fe80::1%eth0]:80", "fe80::1%eth0", "80"],
    ["[::ffff:1.2.3.4]:443", "::ffff:1.2.3.4", "443"],
    ["a:-1", "a", "-1"],
    ["host:99999", "host", "99999"],
    ["[host]:port", "host", "port"],
  ];
  for (const [hostport, host, port] of table) {
    assert.deepStrictEqual(SplitHostPort(hostport), [host, port], `SplitHostPort(${JSON.stringify(hostport)})`);
  }
});

test("SplitHostPort: Go's error table, AddrError with Go's texts", () => {
  const table: [string, string][] = [
    ["golang.org", "missing port in address"],
    ["127.0.0.1", "missing port in address"],
    ["[::1]", "missing port in address"],
    ["[fe80::1%lo0]", "missing port in address"],
    ["[localhost%lo0]", "missing port in address"],
    ["localhost%lo0", "missing port in address"],
    ["::1", "too many colons in address"],
    ["fe80::1%lo0", "too many colons in address"],
    ["fe80::1%lo0:80", "too many colons in address"],
    // Test cases that didn't fail in Go 1
    ["[foo:bar]", "missing port in address"],
    ["[foo:bar]baz", "missing port in address"],
    ["[foo]bar:baz", "missing port in address"],
    ["[foo]:[bar]:baz", "too many colons in address"],
    ["[foo]:[bar]baz", "unexpected '[' in address"],
    ["foo[bar]:baz", "unexpected '[' in address"],
    ["foo]bar:baz", "unexpected ']' in address"],
    // And the rest of the brief's list.
    ["[::1:80", "missing ']' in address"],
    ["[127.0.0.1:80", "missing ']' in address"],
    ["", "missing port in address"],
    ["1.2.3.4:5:6", "too many colons in address"],
    ["[::1]]:80", "missing port in address"], // ']' not followed by the last ':'
    ["[[::1]:80", "unexpected '[' in address"],
    ["host]:80", "unexpected ']' in address"],
  ];
  for (const [hostport, why] of table) {
    assert.throws(
      () => SplitHostPort(hostport),
      (err: unknown) => {
        assert.ok(err instanceof AddrError, `SplitHostPort(${JSON.stringify(hostport)}) throws AddrError`);
        assert.equal(err.Err, why, `SplitHostPort(${JSON.stringify(hostport)}).Err`);
        assert.equal(err.Addr, hostport);
        assert.equal(err.message, hostport === "" ? why : `address ${hostport}: ${why}`);
        return true;
      },
    );
  }
});

test("JoinHostPort: Go's table, and SplitHostPort inverts it", () => {
  const table: [string, string, string][] = [
    // Host name
    ["localhost", "http", "localhost:http"],
    ["localhost", "80", "localhost:80"],
    // Go-specific host name with zone identifier
    ["localhost%lo0", "http", "localhost%lo0:http"],
    ["localhost%lo0", "80", "localhost%lo0:80"],
    // IP literal
    ["127.0.0.1", "http", "127.0.0.1:http"],
    ["127.0.0.1", "80", "127.0.0.1:80"],
    ["::1", "http", "[::1]:http"],
    ["::1", "80", "[::1]:80"],
    // IP literal with zone identifier
    ["::1%lo0", "http", "[::1%lo0]:http"],
    ["::1%lo0", "80", "[::1%lo0]:80"],
    // Go-specific wildcard for host name
    ["", "http", ":http"], // Go 1 behavior
    ["", "80", ":80"], // Go 1 behavior
    // Go-specific wildcard for service name or transport port number
    ["golang.org", "", "golang.org:"], // Go 1 behavior
    ["127.0.0.1", "", "127.0.0.1:"], // Go 1 behavior
    ["::1", "", "[::1]:"], // Go 1 behavior
    // Opaque service name
    ["golang.org", "https%foo", "golang.org:https%foo"], // Go 1 behavior
    ["fe80::1%eth0", "443", "[fe80::1%eth0]:443"],
  ];
  for (const [host, port, hostport] of table) {
    assert.equal(JoinHostPort(host, port), hostport, `JoinHostPort(${host}, ${port})`);
    assert.deepStrictEqual(SplitHostPort(hostport), [host, port], `SplitHostPort(JoinHostPort(${host}, ${port}))`);
  }
});

test("parsePort: Go's parsePortTests", () => {
  const table: [string, number, boolean][] = [
    ["", 0, false],
    // Decimal number literals
    ["-1073741825", -(1 << 30), false],
    ["-1073741824", -(1 << 30), false],
    ["-1073741823", -((1 << 30) - 1), false],
    ["-123456789", -123456789, false],
    ["-1", -1, false],
    ["-0", 0, false],
    ["0", 0, false],
    ["+0", 0, false],
    ["+1", 1, false],
    ["65535", 65535, false],
    ["65536", 65536, false],
    ["123456789", 123456789, false],
    ["1073741822", (1 << 30) - 2, false],
    ["1073741823", (1 << 30) - 1, false],
    ["1073741824", (1 << 30) - 1, false],
    ["1073741825", (1 << 30) - 1, false],
    // Others
    ["abc", 0, true],
    ["9pfs", 0, true],
    ["123badport", 0, true],
    ["bad123port", 0, true],
    ["badport123", 0, true],
    ["123456789badport", 0, true],
    ["-2147483649badport", 0, true],
    ["2147483649badport", 0, true],
    // Go's loop stops at the cutoff before it sees later characters, and wraps in uint32.
    ["99999999999999x", (1 << 30) - 1, false],
    ["5000000000", 705032704, false],
    ["http", 0, true],
    ["８０", 0, true], // full-width digits are not digits
    [" 80", 0, true],
    ["80 ", 0, true],
    ["0x50", 0, true],
    ["+", 0, false],
    ["-", 0, false],
    ["007", 7, false],
  ];
  for (const [service, port, needsLookup] of table) {
    assert.deepStrictEqual(parsePort(service), [port, needsLookup], `parsePort(${JSON.stringify(service)})`);
  }
});

test("services: Go's built-in table", () => {
  const tcp: [string, number][] = [
    ["ftp", 21],
    ["ftps", 990],
    ["gopher", 70],
    ["http", 80],
    ["https", 443],
    ["imap2", 143],
    ["imap3", 220],
    ["imaps", 993],
    ["pop3", 110],
    ["pop3s", 995],
    ["smtp", 25],
    ["submissions", 465],
    ["ssh", 22],
    ["telnet", 23],
  ];
  assert.equal(services.tcp.size, tcp.length);
  for (const [name, port] of tcp) {
    assert.equal(lookupPortMap("tcp", name), port, `tcp/${name}`);
    assert.equal(lookupPortMap("tcp4", name.toUpperCase()), port, `tcp4/${name.toUpperCase()}`);
    assert.equal(lookupPortMap("ip", name), port, `ip/${name}`);
  }
  assert.equal(services.udp.size, 1);
  assert.equal(lookupPortMap("udp", "domain"), 53);
  assert.equal(lookupPortMap("udp6", "DoMaIn"), 53);
  assert.equal(lookupPortMap("ip", "domain"), 53, "ip tries tcp, then udp");
});

test("lookupPortMap: Go's DNSError texts", () => {
  const table: [string, string, string, boolean][] = [
    ["tcp", "nosuchservice", "lookup tcp/nosuchservice: unknown port", true],
    ["tcp6", "domain", "lookup tcp/domain: unknown port", true],
    ["udp", "http", "lookup udp/http: unknown port", true],
    ["udp4", "nosuch", "lookup udp/nosuch: unknown port", true],
    ["ip", "nosuch", "lookup ip/nosuch: unknown port", true],
    ["tcp", "http" + "x".repeat(30), "lookup tcp/http" + "x".repeat(30) + ": unknown port", true],
    ["tcp", "constructor", "lookup tcp/constructor: unknown port", true],
    ["tcp", "HTTP\u0130", "lookup tcp/HTTP\u0130: unknown port", true], // only ASCII is folded
    ["unix", "http", "lookup unix/http: unknown network", false],
  ];
  for (const [network, service, message, notFound] of table) {
    assert.throws(
      () => lookupPortMap(network, service),
      (err: unknown) => {
        assert.ok(err instanceof DNSError, `lookupPortMap(${network}, ${service})`);
        assert.equal(err.message, message);
        assert.equal(err.IsNotFound, notFound);
        return true;
      },
    );
  }
});

test("resolvePort: Go's Resolver.LookupPort rules", async () => {
  const ok: [string, string, number][] = [
    ["tcp", "80", 80],
    ["tcp", "0", 0],
    ["tcp", "", 0],
    ["tcp", "65535", 65535],
    ["tcp", "+443", 443],
    ["tcp", "-0", 0],
    ["tcp", "http", 80],
    ["tcp6", "HTTPS", 443],
    ["udp", "domain", 53],
    ["", "ssh", 22], // "" is a wildcard for "ip"
    ["ip", "domain", 53],
    ["unix", "80", 80], // a number needs no lookup, so the network is not checked
  ];
  for (const [network, service, want] of ok) assert.equal(await resolvePort(network, service), want, `resolvePort(${network}, ${service})`);

  const bad: [string, string, string, new (...a: never[]) => Error][] = [
    ["tcp", "65536", "address 65536: invalid port", AddrError],
    ["tcp", "-1", "address -1: invalid port", AddrError],
    ["udp", "99999999999", "address 99999999999: invalid port", AddrError],
    ["tcp", "nosuch", "lookup tcp/nosuch: unknown port", DNSError],
    ["udp", "http", "lookup udp/http: unknown port", DNSError],
    ["unix", "http", "address unix: unknown network", AddrError],
    ["ip4", "http", "address ip4: unknown network", AddrError],
  ];
  for (const [network, service, message, cls] of bad) {
    await assert.rejects(resolvePort(network, service), (err: unknown) => {
      assert.ok(err instanceof cls, `resolvePort(${network}, ${service}) class`);
      assert.equal((err as Error).message, message);
      return true;
    });
  }

  // A platform services database replaces only the name lookup; the range check still applies.
  const calls: string[] = [];
  const db = async (network: string, service: string): Promise<number> => {
    calls.push(`${network}/${service}`);
    return service === "huge" ? 70000 : 8080;
  };
  assert.equal(await resolvePort("tcp4", "webcache", db), 8080);
  assert.equal(await resolvePort("", "webcache", db), 8080);
  assert.equal(await resolvePort("tcp", "81", db), 81);
  await assert.rejects(resolvePort("tcp", "huge", db), { message: "address huge: invalid port" });
  assert.deepStrictEqual(calls, ["tcp4/webcache", "ip/webcache", "tcp/huge"]);
});

test("splitNetworkAddress: the first step of Go's internetAddrList", () => {
  const table: [string, string, string, string][] = [
    ["tcp", "127.0.0.1:80", "127.0.0.1", "80"],
    ["tcp4", ":http", "", "http"],
    ["tcp6", "[::1%lo0]:443", "::1%lo0", "443"],
    ["udp", "example.com:domain", "example.com", "domain"],
    ["udp4", "", "", ""],
    ["udp6", "[::]:0", "::", "0"],
    ["tcp", "", "", ""],
    ["ip", "fe80::1%eth0", "fe80::1%eth0", ""],
    ["ip4", "127.0.0.1", "127.0.0.1", ""],
    ["ip6", "", "", ""],
  ];
  for (const [network, address, host, port] of table) {
    assert.deepStrictEqual(splitNetworkAddress(network, address), { host, port }, `splitNetworkAddress(${network}, ${address})`);
  }
  assert.throws(() => splitNetworkAddress("tcp", "127.0.0.1"), { message: "address 127.0.0.1: missing port in address" });
  assert.throws(() => splitNetworkAddress("udp", "::1:53"), { message: "address ::1:53: too many colons in address" });
  for (const network of ["unix", "foo", "", "TCP", "tcp5"]) {
    assert.throws(
      () => splitNetworkAddress(network, "127.0.0.1:80"),
      (err: unknown) => err instanceof UnknownNetworkError && err.message === `unknown network ${network}`,
    );
  }
});
