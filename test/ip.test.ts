// Tables from Go's src/net/ip_test.go (current, netip-based ParseIP) and
// src/net/netip/netip_test.go (TestParseAddr), run against src/ip.ts.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CIDRMask,
  IP,
  IPMask,
  IPNet,
  IPv4,
  IPv4Mask,
  IPv4allrouter,
  IPv4allsys,
  IPv4bcast,
  IPv4len,
  IPv4zero,
  IPv6interfacelocalallnodes,
  IPv6len,
  IPv6linklocalallnodes,
  IPv6linklocalallrouters,
  IPv6loopback,
  IPv6unspecified,
  IPv6zero,
  ParseCIDR,
  ParseIP,
  ipEmptyString,
  networkNumberAndMask,
  parseIPZone,
} from "../src/ip.js";
import { ParseError } from "../src/errors.js";

const ip = (...b: number[]): IP => new IP(b);
const mask = (...b: number[]): IPMask => new IPMask(b);
const P = (s: string): IP => {
  const r = ParseIP(s);
  assert.ok(r !== null, `ParseIP(${s}) must succeed`);
  return r;
};
const M = (s: string): IPMask => new IPMask(P(s));

test("ParseIP: Go's parseIPTests", () => {
  const table: [string, IP | null][] = [
    ["127.0.1.2", IPv4(127, 0, 1, 2)],
    ["127.0.0.1", IPv4(127, 0, 0, 1)],
    ["::ffff:127.1.2.3", IPv4(127, 1, 2, 3)],
    ["::ffff:7f01:0203", IPv4(127, 1, 2, 3)],
    ["0:0:0:0:0000:ffff:127.1.2.3", IPv4(127, 1, 2, 3)],
    ["0:0:0:0::ffff:127.1.2.3", IPv4(127, 1, 2, 3)],
    ["2001:4860:0:2001::68", ip(0x20, 0x01, 0x48, 0x60, 0, 0, 0x20, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0x68)],
    ["2001:4860:0000:2001:0000:0000:0000:0068", ip(0x20, 0x01, 0x48, 0x60, 0, 0, 0x20, 0x01, 0, 0, 0, 0, 0, 0, 0x00, 0x68)],
    ["-0.0.0.0", null],
    ["0.-1.0.0", null],
    ["0.0.-2.0", null],
    ["0.0.0.-3", null],
    ["127.0.0.256", null],
    ["abc", null],
    ["123:", null],
    ["fe80::1%lo0", null],
    ["fe80::1%911", null],
    ["", null],
    ["0:0:0:0:000000:ffff:127.1.2.3", null], // 6 zeroes in one group
    ["0:0:0:0:00000:ffff:127.1.2.3", null], // 5 zeroes in one group
    ["a1:a2:a3:a4::b1:b2:b3:b4", null], // Issue 6628
    ["127.001.002.003", null],
    ["::ffff:127.001.002.003", null],
    ["123.000.000.000", null],
    ["1.2..4", null],
    ["0123.0.0.1", null],
  ];
  for (const [input, want] of table) {
    assert.deepStrictEqual(ParseIP(input), want, `ParseIP(${JSON.stringify(input)})`);
  }
});

test("ParseIP: the strictness the API promises", () => {
  const rejected = ["010.1.1.1", "127.1", "0x7f.0.0.1", "1.2.3", "fe80::1%eth0", "1.2.3.4.5", "1.2.3.4%eth0", "%eth0", " 1.2.3.4", "1.2.3.4 ", "[::1]", "::1]", "1.2.3.4:80"];
  for (const s of rejected) assert.equal(ParseIP(s), null, `ParseIP(${JSON.stringify(s)})`);
  const mapped = P("::ffff:1.2.3.4");
  assert.equal(mapped.length, 16);
  assert.equal(mapped.String(), "1.2.3.4");
  assert.deepStrictEqual(mapped, IPv4(1, 2, 3, 4));
  assert.ok(mapped instanceof IP);
  assert.equal(P("0.0.0.0").length, IPv6len, "IPv4 literals parse to the 16-byte form");
});

test("ParseIP: netip TestParseAddr valid inputs round-trip through String", () => {
  const valid: [string, string][] = [
    ["0.0.0.0", "0.0.0.0"],
    ["192.168.140.255", "192.168.140.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["fd7a:115c:a1e0:ab12:4843:cd96:626b:430b", "fd7a:115c:a1e0:ab12:4843:cd96:626b:430b"],
    ["fd7a:115c::626b:430b", "fd7a:115c::626b:430b"],
    ["fd7a:115c:a1e0:ab12:4843:cd96::", "fd7a:115c:a1e0:ab12:4843:cd96::"],
    ["fd7a:115c:a1e0:ab12:4843:cd96:626b::", "fd7a:115c:a1e0:ab12:4843:cd96:626b:0"],
    ["fd7a:115c:a1e0::4843:cd96:626b:430b", "fd7a:115c:a1e0:0:4843:cd96:626b:430b"],
    // net.IP prints IPv4-mapped addresses dotted (netip would keep the ::ffff: prefix).
    ["::ffff:192.168.140.255", "192.168.140.255"],
    ["FD9E:1A04:F01D::1", "fd9e:1a04:f01d::1"],
    ["1:2::ffff:192.168.140.255", "1:2::ffff:c0a8:8cff"],
    ["::ffff:c000:0280", "192.0.2.128"],
    ["1::CAFE", "1::cafe"],
    ["fe80::01", "fe80::1"],
    ["::0:0:1", "::1"],
    ["1:0:0:0:0:0:0:0", "1::"],
    ["0:0:0:0:0:0:0:1", "::1"],
    ["::1.2.3.4", "::102:304"],
  ];
  for (const [input, want] of valid) {
    const got = P(input);
    assert.equal(got.String(), want, `ParseIP(${input}).String()`);
    assert.deepStrictEqual(ParseIP(got.String()), got, `ParseIP(String()) is the identity for ${input}`);
  }
  // Zoned forms are valid netip addresses, which ParseIP rejects for having a zone.
  for (const s of ["fd7a:115c:a1e0:ab12:4843:cd96:626b:430b%eth0", "1:2::ffff:192.168.140.255%eth1", "::ffff:192.168.140.255%eth1"]) {
    assert.equal(ParseIP(s), null, s);
  }
});

test("ParseIP: netip TestParseAddr invalid inputs", () => {
  const invalid = [
    "",
    "bad",
    "1234",
    "1.2.3.4%eth0",
    ".1.2.3",
    "1.2.3.",
    "1..2.3",
    "1.2.3.4.5",
    "0300.0250.0214.0377",
    "0xc0.0xa8.0x8c.0xff",
    "192.168.12345",
    "127.0.1",
    "192.1234567",
    "127.1",
    "192.168.300.1",
    "192.168.0.1.5.6",
    "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4::5:6:7:8",
    "fe801::1",
    "fe80:tail:scal:e::",
    "fe80::1%",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255",
    "ffff::ffff:ffff:ffff:ffff:ffff:ffff:192.168.140.255",
    "::ffff:192.168.140.bad",
    "fe80::1::1",
    "fe80:1?:1",
    "fe80:",
    "0:0:0:0:0:ffff:0:00000",
    "0:0:0:0:00000:ffff:127.1.2.3",
    "010.000.015.001",
    "000001.00000002.00000003.000000004",
    "::ffff:1.2.03.4",
    "::ffff:1.2.3.z",
    ":",
    ":::",
    "1:::2",
    "::1:",
    ":1::",
    "1:2:3:4:5:6:7:8::",
    "::1:2:3:4:5:6:7:8",
    "::ffff:1.2.3",
    "1.2.3.4::",
  ];
  for (const s of invalid) assert.equal(ParseIP(s), null, `ParseIP(${JSON.stringify(s)})`);
});

test("IP.String: Go's ipStringTests", () => {
  const table: [IP, string][] = [
    [ip(192, 0, 2, 1), "192.0.2.1"],
    [ip(0, 0, 0, 0), "0.0.0.0"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1), "192.0.2.1"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0), "0.0.0.0"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1), "2001:db8::123:12:1"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1), "2001:db8::1"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1), "2001:db8:0:1:0:1:0:1"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0x1, 0, 0, 0, 0x1, 0, 0, 0, 0x1, 0, 0), "2001:db8:1:0:1:0:1:0"],
    [ip(0x20, 0x1, 0, 0, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001::1:0:0:1"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0), "2001:db8:0:0:1::"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0x1, 0, 0, 0, 0, 0, 0x1), "2001:db8::1:0:0:1"],
    [ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0xa, 0, 0xb, 0, 0xc, 0, 0xd), "2001:db8::a:b:c:d"],
    [IPv6unspecified, "::"],
    [new IP(0), "<nil>"],
    [ip(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef), "?0123456789abcdef"],
    // More of RFC 5952: a single zero group is not shortened, the first of equal runs wins.
    [ip(0xfd, 0x7a, 0x11, 0x5c, 0xa1, 0xe0, 0, 0, 0x48, 0x43, 0xcd, 0x96, 0x62, 0x6b, 0x43, 0x0b), "fd7a:115c:a1e0:0:4843:cd96:626b:430b"],
    [ip(0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4), "1::2:0:0:3:4"],
    [ip(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), "0:0:1::"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "::1"],
    [ip(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4), "::fffe:102:304"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4), "::102:304"],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 1, 2, 3, 4), "::1:ffff:102:304"],
    [ip(1, 2, 3), "?010203"],
    [ip(0xab), "?ab"],
    [ip(255, 255, 255, 255), "255.255.255.255"],
    [IPv4bcast, "255.255.255.255"],
    [IPv4allsys, "224.0.0.1"],
    [IPv4allrouter, "224.0.0.2"],
    [IPv4zero, "0.0.0.0"],
    [IPv6zero, "::"],
    [IPv6loopback, "::1"],
    [IPv6interfacelocalallnodes, "ff01::1"],
    [IPv6linklocalallnodes, "ff02::1"],
    [IPv6linklocalallrouters, "ff02::2"],
  ];
  for (const [input, want] of table) {
    assert.equal(input.String(), want, `IP(${Array.from(input).join(",")}).String()`);
    assert.equal(input.toString(), want, "toString() is String()");
    assert.equal(`${input}`, want, "template literal");
    assert.equal(JSON.stringify(input), JSON.stringify(want), "toJSON() is String()");
  }
});

test("IP.Mask: Go's ipMaskTests", () => {
  const table: [IP, IPMask, IP][] = [
    [IPv4(192, 168, 1, 127), IPv4Mask(255, 255, 255, 128), IPv4(192, 168, 1, 0)],
    [IPv4(192, 168, 1, 127), M("255.255.255.192"), IPv4(192, 168, 1, 64)],
    [IPv4(192, 168, 1, 127), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffe0"), IPv4(192, 168, 1, 96)],
    [IPv4(192, 168, 1, 127), IPv4Mask(255, 0, 255, 0), IPv4(192, 0, 1, 0)],
    [P("2001:db8::1"), M("ffff:ff80::"), P("2001:d80::")],
    [P("2001:db8::1"), M("f0f0:0f0f::"), P("2000:d08::")],
  ];
  for (const [input, m, want] of table) {
    const out = input.Mask(m);
    assert.ok(out !== null && want.Equal(out), `IP(${input}).Mask(${m}) = ${out}, want ${want}`);
    assert.ok(out instanceof IP);
  }
  // The byte lengths Go returns, and its nil for mismatched lengths.
  assert.equal(IPv4(10, 1, 2, 3).Mask(IPv4Mask(255, 0, 0, 0))!.length, 4, "v4-mapped & 4-byte mask is 4 bytes");
  assert.deepStrictEqual(ip(10, 1, 2, 3).Mask(CIDRMask(120, 128)), ip(10, 1, 2, 0), "4-byte ip & v4-mapped mask");
  assert.equal(ip(10, 1, 2, 3).Mask(CIDRMask(64, 128)), null, "4-byte ip & non-ff-prefixed 16-byte mask");
  assert.equal(P("2001:db8::1").Mask(IPv4Mask(255, 0, 0, 0)), null, "IPv6 & 4-byte mask");
  assert.equal(ip(1, 2, 3).Mask(IPv4Mask(255, 0, 0, 0)), null, "bad length");
  assert.equal(ip(1, 2, 3, 4).Mask(null), null, "nil mask");
});

test("IPMask.String: Go's ipMaskStringTests", () => {
  const table: [IPMask, string][] = [
    [IPv4Mask(255, 255, 255, 240), "fffffff0"],
    [IPv4Mask(255, 0, 128, 0), "ff008000"],
    [M("ffff:ff80::"), "ffffff80000000000000000000000000"],
    [M("ef00:ff80::cafe:0"), "ef00ff800000000000000000cafe0000"],
    [new IPMask(0), "<nil>"],
  ];
  for (const [m, want] of table) {
    assert.equal(m.String(), want);
    assert.equal(`${m}`, want);
  }
});

test("IPMask.Size: inverse of CIDRMask, [0, 0] when not canonical", () => {
  for (const bits of [32, 128]) {
    for (let ones = 0; ones <= bits; ones++) {
      assert.deepStrictEqual(CIDRMask(ones, bits)!.Size(), [ones, bits], `CIDRMask(${ones}, ${bits}).Size()`);
    }
  }
  const nonCanonical: IPMask[] = [IPv4Mask(255, 0, 255, 0), IPv4Mask(0, 0, 255, 252), mask(0xfe, 0xff, 0, 0), mask(0x80, 0, 0, 1), M("ffff:0:ffff::")];
  for (const m of nonCanonical) assert.deepStrictEqual(m.Size(), [0, 0], `${m}.Size()`);
  assert.deepStrictEqual(mask(0xff, 0xff, 0xff).Size(), [24, 24], "any length counts, as in Go");
  assert.deepStrictEqual(new IPMask(0).Size(), [0, 0]);
});

test("ParseCIDR: Go's parseCIDRTests", () => {
  const ok: [string, IP, IP, IPMask][] = [
    ["135.104.0.0/32", IPv4(135, 104, 0, 0), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 255)],
    ["0.0.0.0/24", IPv4(0, 0, 0, 0), IPv4(0, 0, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["135.104.0.0/24", IPv4(135, 104, 0, 0), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["135.104.0.1/32", IPv4(135, 104, 0, 1), IPv4(135, 104, 0, 1), IPv4Mask(255, 255, 255, 255)],
    ["135.104.0.1/24", IPv4(135, 104, 0, 1), IPv4(135, 104, 0, 0), IPv4Mask(255, 255, 255, 0)],
    ["::1/128", P("::1"), P("::1"), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")],
    ["abcd:2345::/127", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")],
    ["abcd:2345::/65", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff:8000::")],
    ["abcd:2345::/64", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:ffff::")],
    ["abcd:2345::/63", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:ffff:fffe::")],
    ["abcd:2345::/33", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff:8000::")],
    ["abcd:2345::/32", P("abcd:2345::"), P("abcd:2345::"), M("ffff:ffff::")],
    ["abcd:2344::/31", P("abcd:2344::"), P("abcd:2344::"), M("ffff:fffe::")],
    ["abcd:2300::/24", P("abcd:2300::"), P("abcd:2300::"), M("ffff:ff00::")],
    ["abcd:2345::/24", P("abcd:2345::"), P("abcd:2300::"), M("ffff:ff00::")],
    ["2001:DB8::/48", P("2001:DB8::"), P("2001:DB8::"), M("ffff:ffff:ffff::")],
    ["2001:DB8::1/48", P("2001:DB8::1"), P("2001:DB8::"), M("ffff:ffff:ffff::")],
    // Go's dtoi reads the prefix length, so leading zeros there are accepted (netip.ParsePrefix
    // rejects them; net.ParseCIDR does not — see golang/go#63850).
    ["192.0.2.1/024", IPv4(192, 0, 2, 1), IPv4(192, 0, 2, 0), IPv4Mask(255, 255, 255, 0)],
    ["0.0.0.0/0", IPv4(0, 0, 0, 0), IPv4(0, 0, 0, 0), IPv4Mask(0, 0, 0, 0)],
    ["::/0", P("::"), P("::"), new IPMask(16)],
    ["::ffff:1.2.3.4/120", P("1.2.3.4"), P("1.2.3.0"), M("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ff00")],
  ];
  for (const [input, wantIP, wantNetIP, wantMask] of ok) {
    const [gotIP, gotNet] = ParseCIDR(input);
    assert.ok(wantIP.Equal(gotIP), `ParseCIDR(${input}) ip = ${gotIP}, want ${wantIP}`);
    assert.ok(wantNetIP.Equal(gotNet.IP), `ParseCIDR(${input}) net.IP = ${gotNet.IP}, want ${wantNetIP}`);
    assert.deepStrictEqual(gotNet.Mask, wantMask, `ParseCIDR(${input}) net.Mask`);
    assert.ok(gotIP instanceof IP && gotNet.IP instanceof IP && gotNet.Mask instanceof IPMask);
  }
  const bad = [
    "192.168.1.1/255.255.255.0",
    "192.168.1.1/35",
    "2001:db8::1/-1",
    "2001:db8::1/-0",
    "-0.0.0.0/32",
    "0.-1.0.0/32",
    "0.0.-2.0/32",
    "0.0.0.-3/32",
    "0.0.0.0/-0",
    "127.000.000.001/32",
    "",
    // And what the API promises beyond Go's table.
    "1.2.3.4/33",
    "::1/129",
    "fe80::1%eth0/64",
    "1.2.3.4",
    "1.2.3.4/",
    "/24",
    "1.2.3.4/+24",
    "1.2.3.4/24 ",
    "1.2.3.4/2x",
    "1.2.3.4/24/24",
    "010.1.1.1/8",
    "1.2.3/24",
    "::ffff:1.2.3.4/129",
    "1.2.3.4/99999999999",
  ];
  for (const input of bad) {
    assert.throws(
      () => ParseCIDR(input),
      (err: unknown) => {
        assert.ok(err instanceof ParseError, `ParseCIDR(${input}) throws ParseError`);
        assert.equal(err.Type, "CIDR address");
        assert.equal(err.Text, input);
        assert.equal(err.message, `invalid CIDR address: ${input}`);
        return true;
      },
    );
  }
});

test("ParseCIDR: returned shapes are Go's", () => {
  const [ip4, net4] = ParseCIDR("192.0.2.1/24");
  assert.equal(ip4.length, 16, "the IP is in 16-byte form");
  assert.equal(net4.IP.length, 4, "an IPv4 network number is 4 bytes (IP.Mask with a 4-byte mask)");
  assert.equal(net4.Mask.length, 4);
  assert.equal(net4.String(), "192.0.2.0/24");
  const [ip6, net6] = ParseCIDR("2001:db8::1/48");
  assert.equal(ip6.length, 16);
  assert.equal(net6.IP.length, 16);
  assert.equal(net6.String(), "2001:db8::/48");
  assert.equal(ParseCIDR("::ffff:1.2.3.4/120")[1].String(), "1.2.3.0/24", "Go prints the v4 network with the v4 part of the mask");
});

test("IPNet.Contains: Go's ipNetContainsTests", () => {
  const table: [IP, IPNet, boolean][] = [
    [IPv4(172, 16, 1, 1), new IPNet({ IP: IPv4(172, 16, 0, 0), Mask: CIDRMask(12, 32) }), true],
    [IPv4(172, 24, 0, 1), new IPNet({ IP: IPv4(172, 16, 0, 0), Mask: CIDRMask(13, 32) }), false],
    [IPv4(192, 168, 0, 3), new IPNet({ IP: IPv4(192, 168, 0, 0), Mask: IPv4Mask(0, 0, 255, 252) }), true],
    [IPv4(192, 168, 0, 4), new IPNet({ IP: IPv4(192, 168, 0, 0), Mask: IPv4Mask(0, 255, 0, 252) }), false],
    [P("2001:db8:1:2::1"), new IPNet({ IP: P("2001:db8:1::"), Mask: CIDRMask(47, 128) }), true],
    [P("2001:db8:1:2::1"), new IPNet({ IP: P("2001:db8:2::"), Mask: CIDRMask(47, 128) }), false],
    [P("2001:db8:1:2::1"), new IPNet({ IP: P("2001:db8:1::"), Mask: M("ffff:0:ffff::") }), true],
    [P("2001:db8:1:2::1"), new IPNet({ IP: P("2001:db8:1::"), Mask: M("0:0:0:ffff::") }), false],
    // Families do not mix; 4-byte and 16-byte IPv4 forms do.
    [ip(172, 16, 1, 1), new IPNet({ IP: IPv4(172, 16, 0, 0), Mask: CIDRMask(12, 32) }), true],
    [IPv4(172, 16, 1, 1), new IPNet({ IP: ip(172, 16, 0, 0), Mask: CIDRMask(108, 128) }), true],
    [P("::ffff:172.16.1.1"), ParseCIDR("172.16.0.0/12")[1], true],
    [P("2001:db8::1"), ParseCIDR("0.0.0.0/0")[1], false],
    [IPv4(1, 2, 3, 4), ParseCIDR("::/0")[1], false],
    [P("::1"), ParseCIDR("::/0")[1], true],
    [ip(1, 2, 3), ParseCIDR("0.0.0.0/0")[1], false],
    [new IP(0), ParseCIDR("0.0.0.0/0")[1], false],
  ];
  for (const [x, n, want] of table) assert.equal(n.Contains(x), want, `IPNet(${n}).Contains(${x})`);
  assert.equal(ParseCIDR("10.0.0.0/8")[1].Contains(null), false);
});

test("IPNet.String and Network: Go's ipNetStringTests", () => {
  const table: [IPNet, string][] = [
    [new IPNet({ IP: IPv4(192, 168, 1, 0), Mask: CIDRMask(26, 32) }), "192.168.1.0/26"],
    [new IPNet({ IP: IPv4(192, 168, 1, 0), Mask: IPv4Mask(255, 0, 255, 0) }), "192.168.1.0/ff00ff00"],
    [new IPNet({ IP: P("2001:db8::"), Mask: CIDRMask(55, 128) }), "2001:db8::/55"],
    [new IPNet({ IP: P("2001:db8::"), Mask: M("8000:f123:0:cafe::") }), "2001:db8::/8000f1230000cafe0000000000000000"],
    [new IPNet(), "<nil>"],
    [new IPNet({ IP: P("2001:db8::"), Mask: IPv4Mask(255, 0, 0, 0) }), "<nil>"],
    [new IPNet({ IP: IPv4(10, 0, 0, 0), Mask: null }), "<nil>"],
  ];
  for (const [n, want] of table) {
    assert.equal(n.String(), want);
    assert.equal(`${n}`, want);
    assert.equal(n.Network(), "ip+net");
  }
});

test("CIDRMask: Go's cidrMaskTests", () => {
  const table: [number, number, IPMask | null][] = [
    [0, 32, IPv4Mask(0, 0, 0, 0)],
    [12, 32, IPv4Mask(255, 240, 0, 0)],
    [24, 32, IPv4Mask(255, 255, 255, 0)],
    [32, 32, IPv4Mask(255, 255, 255, 255)],
    [0, 128, mask(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [4, 128, mask(0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [48, 128, mask(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)],
    [128, 128, mask(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)],
    [33, 32, null],
    [32, 33, null],
    [-1, 128, null],
    [128, -1, null],
    [8, 64, null],
    [0, 0, null],
  ];
  for (const [ones, bits, want] of table) assert.deepStrictEqual(CIDRMask(ones, bits), want, `CIDRMask(${ones}, ${bits})`);
});

test("networkNumberAndMask: Go's networkNumberAndMaskTests", () => {
  const v4addr = ip(192, 168, 0, 1);
  const v4mappedv6addr = ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 1);
  const v6addr = ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1);
  const v4mask = mask(255, 255, 255, 0);
  const v4mappedv6mask = mask(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 255, 255, 255, 0);
  const v6mask = mask(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
  const badaddr = ip(192, 168, 0);
  const badmask = mask(255, 255, 0);
  const v4maskzero = mask(0, 0, 0, 0);
  const table: [IP, IPMask, IP | null, IPMask | null][] = [
    [v4addr, v4mask, v4addr, v4mask],
    [v4addr, v4mappedv6mask, v4addr, v4mask],
    [v4mappedv6addr, v4mappedv6mask, v4addr, v4mask],
    [v4mappedv6addr, v6mask, v4addr, v4maskzero],
    [v4addr, v6mask, v4addr, v4maskzero],
    [v6addr, v6mask, v6addr, v6mask],
    [v6addr, v4mappedv6mask, v6addr, v4mappedv6mask],
    [v6addr, v4mask, null, null],
    [v4addr, badmask, null, null],
    [v4mappedv6addr, badmask, null, null],
    [v6addr, badmask, null, null],
    [badaddr, v4mask, null, null],
    [badaddr, v4mappedv6mask, null, null],
    [badaddr, v6mask, null, null],
    [badaddr, badmask, null, null],
  ];
  for (const [inIP, inMask, outIP, outMask] of table) {
    const [gotIP, gotMask] = networkNumberAndMask(new IPNet({ IP: inIP, Mask: inMask }));
    assert.deepStrictEqual(gotIP, outIP, `networkNumberAndMask(${inIP}, ${inMask}) ip`);
    assert.deepStrictEqual(gotMask, outMask, `networkNumberAndMask(${inIP}, ${inMask}) mask`);
  }
});

test("To4 and To16: Go's ipAddrFamilyTests", () => {
  const table: [IP, boolean, boolean][] = [
    [IPv4bcast, true, false],
    [IPv4allsys, true, false],
    [IPv4allrouter, true, false],
    [IPv4zero, true, false],
    [IPv4(224, 0, 0, 1), true, false],
    [IPv4(127, 0, 0, 1), true, false],
    [IPv4(240, 0, 0, 1), true, false],
    [IPv6unspecified, false, true],
    [IPv6loopback, false, true],
    [IPv6interfacelocalallnodes, false, true],
    [IPv6linklocalallnodes, false, true],
    [IPv6linklocalallrouters, false, true],
    [P("ff05::a:b:c:d"), false, true],
    [P("fe80::1:2:3:4"), false, true],
    [P("2001:db8::123:12:1"), false, true],
  ];
  for (const [x, af4, af6] of table) {
    assert.equal(x.To4() !== null, af4, `IPv4 family of ${x}`);
    assert.equal(x.length === IPv6len && x.To4() === null, af6, `IPv6 family of ${x}`);
  }
});

test("To4, To16: lengths, sharing and null", () => {
  const mapped = IPv4(10, 20, 30, 40);
  const four = mapped.To4()!;
  assert.ok(four instanceof IP);
  assert.deepStrictEqual(four, ip(10, 20, 30, 40));
  four[0] = 11; // Go's To4 is a sub-slice: it shares memory.
  assert.equal(mapped[12], 11);
  assert.equal(ip(1, 2, 3, 4).To4()!.length, IPv4len);
  assert.deepStrictEqual(ip(1, 2, 3, 4).To16(), IPv4(1, 2, 3, 4));
  assert.equal(P("::1").To4(), null);
  assert.equal(ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4).To4(), null);
  assert.equal(ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 1, 2, 3, 4).To4(), null);
  assert.equal(ip(1, 2, 3).To4(), null);
  assert.equal(ip(1, 2, 3).To16(), null);
  assert.equal(new IP(0).To16(), null);
  const v6 = P("2001:db8::1");
  assert.equal(v6.To16(), v6, "a 16-byte IP is its own To16");
});

test("Symbol.species: sub-arrays of IP and IPMask keep their class", () => {
  const x = IPv4(1, 2, 3, 4);
  assert.ok(x.subarray(12) instanceof IP);
  assert.equal(x.subarray(12).String(), "1.2.3.4");
  assert.ok(x.slice(12) instanceof IP);
  assert.equal(x.slice(12).String(), "1.2.3.4");
  assert.ok(x.map((b) => b) instanceof IP);
  const m = CIDRMask(24, 32)!;
  assert.ok(m.subarray(1) instanceof IPMask);
  assert.equal(m.slice(0, 2).String(), "ffff");
});

test("Equal: IPv4 equals its IPv6 form, lengths otherwise must match", () => {
  const table: [IP, Uint8Array | null, boolean][] = [
    [ip(1, 2, 3, 4), IPv4(1, 2, 3, 4), true],
    [IPv4(1, 2, 3, 4), ip(1, 2, 3, 4), true],
    [IPv4(1, 2, 3, 4), IPv4(1, 2, 3, 4), true],
    [ip(1, 2, 3, 4), ip(1, 2, 3, 5), false],
    [ip(1, 2, 3, 4), ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4), false],
    [ip(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4), ip(1, 2, 3, 4), false],
    [P("::1"), P("::1"), true],
    [P("::1"), P("::2"), false],
    [ip(1, 2, 3), ip(1, 2, 3), true],
    [ip(1, 2, 3), ip(1, 2, 3, 4), false],
    [new IP(0), null, true],
    [new IP(0), new Uint8Array(0), true],
    [ip(1, 2, 3, 4), null, false],
    [ip(1, 2, 3, 4), new Uint8Array([1, 2, 3, 4]), true],
  ];
  for (const [a, b, want] of table) assert.equal(a.Equal(b), want, `${a}.Equal(${b})`);
});

test("DefaultMask: classful masks for IPv4 only", () => {
  const table: [IP, IPMask | null][] = [
    [IPv4(10, 0, 0, 1), IPv4Mask(255, 0, 0, 0)],
    [IPv4(127, 255, 255, 255), IPv4Mask(255, 0, 0, 0)],
    [IPv4(128, 0, 0, 1), IPv4Mask(255, 255, 0, 0)],
    [ip(191, 255, 0, 1), IPv4Mask(255, 255, 0, 0)],
    [IPv4(192, 0, 2, 1), IPv4Mask(255, 255, 255, 0)],
    [IPv4(255, 255, 255, 255), IPv4Mask(255, 255, 255, 0)],
    [P("2001:db8::1"), null],
    [ip(1, 2, 3), null],
  ];
  for (const [x, want] of table) assert.deepStrictEqual(x.DefaultMask(), want, `${x}.DefaultMask()`);
});

type Pred = (x: IP) => boolean;
const pred = (name: keyof IP & `Is${string}`): [string, Pred] => [name, (x: IP) => (x[name] as () => boolean).call(x)];

test("IsXxx predicates: Go's ipAddrScopeTests (and their To4 forms)", () => {
  const [IsUnspecified, IsLoopback, IsMulticast, IsInterfaceLocalMulticast, IsLinkLocalMulticast, IsLinkLocalUnicast, IsGlobalUnicast, IsPrivate] = [
    pred("IsUnspecified"),
    pred("IsLoopback"),
    pred("IsMulticast"),
    pred("IsInterfaceLocalMulticast"),
    pred("IsLinkLocalMulticast"),
    pred("IsLinkLocalUnicast"),
    pred("IsGlobalUnicast"),
    pred("IsPrivate"),
  ];
  const nil = new IP(0);
  const table: [[string, Pred], IP, boolean][] = [
    [IsUnspecified, IPv4zero, true],
    [IsUnspecified, IPv4(127, 0, 0, 1), false],
    [IsUnspecified, IPv6unspecified, true],
    [IsUnspecified, IPv6interfacelocalallnodes, false],
    [IsUnspecified, nil, false],
    [IsLoopback, IPv4(127, 0, 0, 1), true],
    [IsLoopback, IPv4(127, 255, 255, 254), true],
    [IsLoopback, IPv4(128, 1, 2, 3), false],
    [IsLoopback, IPv6loopback, true],
    [IsLoopback, IPv6linklocalallrouters, false],
    [IsLoopback, nil, false],
    [IsMulticast, IPv4(224, 0, 0, 0), true],
    [IsMulticast, IPv4(239, 0, 0, 0), true],
    [IsMulticast, IPv4(240, 0, 0, 0), false],
    [IsMulticast, IPv6linklocalallnodes, true],
    [IsMulticast, ip(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    [IsMulticast, ip(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    [IsMulticast, nil, false],
    [IsInterfaceLocalMulticast, IPv4(224, 0, 0, 0), false],
    [IsInterfaceLocalMulticast, IPv4(0xff, 0x01, 0, 0), false],
    [IsInterfaceLocalMulticast, IPv6interfacelocalallnodes, true],
    [IsInterfaceLocalMulticast, nil, false],
    [IsLinkLocalMulticast, IPv4(224, 0, 0, 0), true],
    [IsLinkLocalMulticast, IPv4(239, 0, 0, 0), false],
    [IsLinkLocalMulticast, IPv4(0xff, 0x02, 0, 0), false],
    [IsLinkLocalMulticast, IPv6linklocalallrouters, true],
    [IsLinkLocalMulticast, ip(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    [IsLinkLocalMulticast, nil, false],
    [IsLinkLocalUnicast, IPv4(169, 254, 0, 0), true],
    [IsLinkLocalUnicast, IPv4(169, 255, 0, 0), false],
    [IsLinkLocalUnicast, IPv4(0xfe, 0x80, 0, 0), false],
    [IsLinkLocalUnicast, ip(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    [IsLinkLocalUnicast, ip(0xfe, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    [IsLinkLocalUnicast, nil, false],
    [IsGlobalUnicast, IPv4(240, 0, 0, 0), true],
    [IsGlobalUnicast, IPv4(232, 0, 0, 0), false],
    [IsGlobalUnicast, IPv4(169, 254, 0, 0), false],
    [IsGlobalUnicast, IPv4bcast, false],
    [IsGlobalUnicast, ip(0x20, 0x1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0x1, 0x23, 0, 0x12, 0, 0x1), true],
    [IsGlobalUnicast, ip(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    [IsGlobalUnicast, ip(0xff, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
    [IsGlobalUnicast, nil, false],
    [IsPrivate, nil, false],
    [IsPrivate, IPv4(1, 1, 1, 1), false],
    [IsPrivate, IPv4(9, 255, 255, 255), false],
    [IsPrivate, IPv4(10, 0, 0, 0), true],
    [IsPrivate, IPv4(10, 255, 255, 255), true],
    [IsPrivate, IPv4(11, 0, 0, 0), false],
    [IsPrivate, IPv4(172, 15, 255, 255), false],
    [IsPrivate, IPv4(172, 16, 0, 0), true],
    [IsPrivate, IPv4(172, 16, 255, 255), true],
    [IsPrivate, IPv4(172, 23, 18, 255), true],
    [IsPrivate, IPv4(172, 31, 255, 255), true],
    [IsPrivate, IPv4(172, 31, 0, 0), true],
    [IsPrivate, IPv4(172, 32, 0, 0), false],
    [IsPrivate, IPv4(192, 167, 255, 255), false],
    [IsPrivate, IPv4(192, 168, 0, 0), true],
    [IsPrivate, IPv4(192, 168, 255, 255), true],
    [IsPrivate, IPv4(192, 169, 0, 0), false],
    [IsPrivate, ip(0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), false],
    [IsPrivate, ip(0xfc, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), true],
    [IsPrivate, ip(0xfc, 0xff, 0x12, 0, 0, 0, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0), true],
    [IsPrivate, ip(0xfd, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), true],
    [IsPrivate, ip(0xfe, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), false],
  ];
  for (const [[name, f], x, want] of table) {
    assert.equal(f(x), want, `${name}(${x})`);
    const x4 = x.To4();
    if (x4 !== null) assert.equal(f(x4), want, `${name}(${x4}) in 4-byte form`);
  }
});

test("parseIPZone and ipEmptyString (internal helpers of the address code)", () => {
  const table: [string, string | null, string][] = [
    ["fe80::1%eth0", "fe80::1", "eth0"],
    ["::1%911", "::1", "911"],
    ["::1", "::1", ""],
    ["127.0.0.1", "127.0.0.1", ""],
    ["fe80::1%a%b", "fe80::1", "a%b"], // netip splits at the first '%'
    ["fe80::1%", null, ""],
    ["1.2.3.4%eth0", null, ""],
    ["%eth0", null, ""],
    ["localhost", null, ""],
    ["", null, ""],
  ];
  for (const [input, wantIP, wantZone] of table) {
    const [gotIP, zone] = parseIPZone(input);
    assert.equal(gotIP === null ? null : gotIP.String(), wantIP, `parseIPZone(${input}) ip`);
    assert.equal(zone, wantZone, `parseIPZone(${input}) zone`);
    if (gotIP !== null) assert.equal(gotIP.length, 16);
  }
  assert.equal(ipEmptyString(null), "");
  assert.equal(ipEmptyString(new IP(0)), "");
  assert.equal(ipEmptyString(IPv4(1, 2, 3, 4)), "1.2.3.4");
  assert.equal(ipEmptyString(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])), "::1");
});
