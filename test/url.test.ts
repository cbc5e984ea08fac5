// gonet/url: Go's net/url, tested with Go's own tables from src/net/url/url_test.go (the test
// named beside each table), expected values and error texts copied from there or from url.go.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as url from "../src/url.js";
import { EscapeError, FromURL, InvalidHostError, JoinPath, Parse, ParseError, ParseQuery, ParseRequestURI, PathEscape, PathUnescape, QueryEscape, QueryUnescape, URL, URLError, User, UserPassword, Values } from "../src/url.js";

type Fields = Partial<url.URLFields>;

function fields(u: URL): Record<string, unknown> {
  const [pass, set] = u.User?.Password() ?? ["", false];
  return {
    Scheme: u.Scheme,
    Opaque: u.Opaque,
    User: u.User === null ? null : u.User.Username(),
    Pass: set ? pass : null,
    Host: u.Host,
    Path: u.Path,
    RawPath: u.RawPath,
    OmitHost: u.OmitHost,
    ForceQuery: u.ForceQuery,
    RawQuery: u.RawQuery,
    Fragment: u.Fragment,
    RawFragment: u.RawFragment,
  };
}

// url_test.go urltests: [in, want fields, roundtrip ("" means in)].
const urltests: [string, Fields, string][] = [
  ["http://www.google.com", { Scheme: "http", Host: "www.google.com" }, ""],
  ["http://www.google.com/", { Scheme: "http", Host: "www.google.com", Path: "/" }, ""],
  ["http://www.google.com/file%20one%26two", { Scheme: "http", Host: "www.google.com", Path: "/file one&two", RawPath: "/file%20one%26two" }, ""],
  ["http://www.google.com/#file%20one%26two", { Scheme: "http", Host: "www.google.com", Path: "/", Fragment: "file one&two", RawFragment: "file%20one%26two" }, ""],
  ["ftp://webmaster@www.google.com/", { Scheme: "ftp", User: User("webmaster"), Host: "www.google.com", Path: "/" }, ""],
  ["ftp://john%20doe@www.google.com/", { Scheme: "ftp", User: User("john doe"), Host: "www.google.com", Path: "/" }, "ftp://john%20doe@www.google.com/"],
  ["http://www.google.com/?", { Scheme: "http", Host: "www.google.com", Path: "/", ForceQuery: true }, ""],
  ["http://www.google.com/?foo=bar?", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "foo=bar?" }, ""],
  ["http://www.google.com/?q=go+language", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "q=go+language" }, ""],
  ["http://www.google.com/?q=go%20language", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "q=go%20language" }, ""],
  ["http://www.google.com/a%20b?q=c+d", { Scheme: "http", Host: "www.google.com", Path: "/a b", RawQuery: "q=c+d" }, ""],
  ["http:www.google.com/?q=go+language", { Scheme: "http", Opaque: "www.google.com/", RawQuery: "q=go+language" }, "http:www.google.com/?q=go+language"],
  ["http:%2f%2fwww.google.com/?q=go+language", { Scheme: "http", Opaque: "%2f%2fwww.google.com/", RawQuery: "q=go+language" }, "http:%2f%2fwww.google.com/?q=go+language"],
  ["mailto:/webmaster@golang.org", { Scheme: "mailto", Path: "/webmaster@golang.org", OmitHost: true }, ""],
  ["mailto:webmaster@golang.org", { Scheme: "mailto", Opaque: "webmaster@golang.org" }, ""],
  ["/foo?query=http://bad", { Path: "/foo", RawQuery: "query=http://bad" }, ""],
  ["//foo", { Host: "foo" }, ""],
  ["//user@foo/path?a=b", { User: User("user"), Host: "foo", Path: "/path", RawQuery: "a=b" }, ""],
  ["///threeslashes", { Path: "///threeslashes" }, ""],
  ["http://user:password@google.com", { Scheme: "http", User: UserPassword("user", "password"), Host: "google.com" }, "http://user:password@google.com"],
  ["http://j@ne:password@google.com", { Scheme: "http", User: UserPassword("j@ne", "password"), Host: "google.com" }, "http://j%40ne:password@google.com"],
  ["http://jane:p@ssword@google.com", { Scheme: "http", User: UserPassword("jane", "p@ssword"), Host: "google.com" }, "http://jane:p%40ssword@google.com"],
  ["http://j@ne:password@google.com/p@th?q=@go", { Scheme: "http", User: UserPassword("j@ne", "password"), Host: "google.com", Path: "/p@th", RawQuery: "q=@go" }, "http://j%40ne:password@google.com/p@th?q=@go"],
  ["http://www.google.com/?q=go+language#foo", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "q=go+language", Fragment: "foo" }, ""],
  ["http://www.google.com/?q=go+language#foo&bar", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "q=go+language", Fragment: "foo&bar" }, "http://www.google.com/?q=go+language#foo&bar"],
  ["http://www.google.com/?q=go+language#foo%26bar", { Scheme: "http", Host: "www.google.com", Path: "/", RawQuery: "q=go+language", Fragment: "foo&bar", RawFragment: "foo%26bar" }, "http://www.google.com/?q=go+language#foo%26bar"],
  ["file:///home/adg/rabbits", { Scheme: "file", Host: "", Path: "/home/adg/rabbits" }, "file:///home/adg/rabbits"],
  ["file:///C:/FooBar/Baz.txt", { Scheme: "file", Host: "", Path: "/C:/FooBar/Baz.txt" }, "file:///C:/FooBar/Baz.txt"],
  ["MaIlTo:webmaster@golang.org", { Scheme: "mailto", Opaque: "webmaster@golang.org" }, "mailto:webmaster@golang.org"],
  ["a/b/c", { Path: "a/b/c" }, "a/b/c"],
  ["http://%3Fam:pa%3Fsword@google.com", { Scheme: "http", User: UserPassword("?am", "pa?sword"), Host: "google.com" }, ""],
  ["http://192.168.0.1/", { Scheme: "http", Host: "192.168.0.1", Path: "/" }, ""],
  ["http://192.168.0.1:8080/", { Scheme: "http", Host: "192.168.0.1:8080", Path: "/" }, ""],
  ["http://[fe80::1]/", { Scheme: "http", Host: "[fe80::1]", Path: "/" }, ""],
  ["http://[fe80::1]:8080/", { Scheme: "http", Host: "[fe80::1]:8080", Path: "/" }, ""],
  ["http://[fe80::1%25en0]/", { Scheme: "http", Host: "[fe80::1%en0]", Path: "/" }, ""],
  ["http://[fe80::1%25en0]:8080/", { Scheme: "http", Host: "[fe80::1%en0]:8080", Path: "/" }, ""],
  ["http://[fe80::1%25%65%6e%301-._~]/", { Scheme: "http", Host: "[fe80::1%en01-._~]", Path: "/" }, "http://[fe80::1%25en01-._~]/"],
  ["http://[fe80::1%25%65%6e%301-._~]:8080/", { Scheme: "http", Host: "[fe80::1%en01-._~]:8080", Path: "/" }, "http://[fe80::1%25en01-._~]:8080/"],
  ["http://rest.rsc.io/foo%2fbar/baz%2Fquux?alt=media", { Scheme: "http", Host: "rest.rsc.io", Path: "/foo/bar/baz/quux", RawPath: "/foo%2fbar/baz%2Fquux", RawQuery: "alt=media" }, ""],
  ["mysql://a,b,c/bar", { Scheme: "mysql", Host: "a,b,c", Path: "/bar" }, ""],
  ["scheme://!$&'()*+,;=hello!:1/path", { Scheme: "scheme", Host: "!$&'()*+,;=hello!:1", Path: "/path" }, ""],
  ["http://host/!$&'()*+,;=:@[hello]", { Scheme: "http", Host: "host", Path: "/!$&'()*+,;=:@[hello]", RawPath: "/!$&'()*+,;=:@[hello]" }, ""],
  ["http://example.com/oid/[order_id]", { Scheme: "http", Host: "example.com", Path: "/oid/[order_id]", RawPath: "/oid/[order_id]" }, ""],
  ["http://192.168.0.2:8080/foo", { Scheme: "http", Host: "192.168.0.2:8080", Path: "/foo" }, ""],
  ["http://192.168.0.2:/foo", { Scheme: "http", Host: "192.168.0.2:", Path: "/foo" }, ""],
  ["http://[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:8080/foo", { Scheme: "http", Host: "[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:8080", Path: "/foo" }, ""],
  ["http://[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:/foo", { Scheme: "http", Host: "[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:", Path: "/foo" }, ""],
  ["http://hello.世界.com/foo", { Scheme: "http", Host: "hello.世界.com", Path: "/foo" }, "http://hello.%E4%B8%96%E7%95%8C.com/foo"],
  ["http://hello.%e4%b8%96%e7%95%8c.com/foo", { Scheme: "http", Host: "hello.世界.com", Path: "/foo" }, "http://hello.%E4%B8%96%E7%95%8C.com/foo"],
  ["http://hello.%E4%B8%96%E7%95%8C.com/foo", { Scheme: "http", Host: "hello.世界.com", Path: "/foo" }, ""],
  ["http://example.com//foo", { Scheme: "http", Host: "example.com", Path: "//foo" }, ""],
  ['myscheme://authority<"hi">/foo', { Scheme: "myscheme", Host: 'authority<"hi">', Path: "/foo" }, ""],
  ["tcp://[2020::2020:20:2020:2020%25Windows%20Loves%20Spaces]:2020", { Scheme: "tcp", Host: "[2020::2020:20:2020:2020%Windows Loves Spaces]:2020" }, ""],
  ["magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn", { Scheme: "magnet", RawQuery: "xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn" }, "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn"],
  ["mailto:?subject=hi", { Scheme: "mailto", RawQuery: "subject=hi" }, "mailto:?subject=hi"],
  // go.dev/issue/75859: database URLs list several host:port pairs.
  ["postgres://host1:1,host2:2,host3:3", { Scheme: "postgres", Host: "host1:1,host2:2,host3:3" }, ""],
  ["postgresql://host1:1,host2:2,host3:3", { Scheme: "postgresql", Host: "host1:1,host2:2,host3:3" }, ""],
  ["mongodb://user:password@host1:1,host2:2,host3:3", { Scheme: "mongodb", User: UserPassword("user", "password"), Host: "host1:1,host2:2,host3:3" }, ""],
  ["mongodb+srv://user:password@host1:1,host2:2,host3:3", { Scheme: "mongodb+srv", User: UserPassword("user", "password"), Host: "host1:1,host2:2,host3:3" }, ""],
  ["//host.com", { Host: "host.com" }, ""],
];

describe("Parse (url_test.go TestParse, TestURLString)", () => {
  for (const [input, want, roundtrip] of urltests) {
    it(input, () => {
      const u = Parse(input);
      assert.deepEqual(fields(u), fields(new URL(want)));
      assert.equal(u.String(), roundtrip === "" ? input : roundtrip);
      assert.equal(`${u}`, u.String(), "toString");
    });
  }
});

describe("gonet-specific parse invariants", () => {
  // Go's parser does not normalise: dot segments, backslashes and "*" stay as written.
  const cases: [string, string, string][] = [
    ["/a/../b", "/a/../b", "/a/../b"],
    ["http://h/a/./b/../c", "/a/./b/../c", "http://h/a/./b/../c"],
    ["/a\\b", "/a\\b", "/a%5Cb"],
    ["/..%2f..%2fetc", "/../../etc", "/..%2f..%2fetc"],
    ["*", "*", "*"],
    ["/a*b", "/a*b", "/a*b"],
  ];
  for (const [input, path, str] of cases) {
    it(input, () => {
      const u = Parse(input);
      assert.equal(u.Path, path);
      assert.equal(u.String(), str);
    });
  }
  it("a Host keeps its port and case as written", () => {
    assert.equal(Parse("HTTP://Example.COM:80/").Host, "Example.COM:80");
    assert.equal(Parse("HTTP://Example.COM:80/").Scheme, "http");
  });
});

const pathThatLooksSchemeRelative = "//not.a.user@not.a.host/just/a/path";

// url_test.go parseRequestURLTests (Go 1.26, with the RFC 3986 IP-literal rows).
const parseRequestURLTests: [string, boolean][] = [
  ["http://foo.com", true],
  ["http://foo.com/", true],
  ["http://foo.com/path", true],
  ["/", true],
  [pathThatLooksSchemeRelative, true],
  ["//not.a.user@%66%6f%6f.com/just/a/path/also", true],
  ["*", true],
  ["http://192.168.0.1/", true],
  ["http://192.168.0.1:8080/", true],
  ["http://[fe80::1]/", true],
  ["http://[fe80::1]:8080/", true],
  ["http://[fe80::1%25en0]/", true],
  ["http://[fe80::1%25en0]:8080/", true],
  ["http://[fe80::1%25%65%6e%301-._~]/", true],
  ["http://[fe80::1%25%65%6e%301-._~]:8080/", true],
  ["foo.html", false],
  ["../dir/", false],
  [" http://foo.com", false],
  ["http://192.168.0.%31/", false],
  ["http://192.168.0.%31:8080/", false],
  ["http://[fe80::%31]/", false],
  ["http://[fe80::%31]:8080/", false],
  ["http://[fe80::%31%25en0]/", false],
  ["http://[fe80::%31%25en0]:8080/", false],
  ["http://[fe80::1%en0]/", false],
  ["http://[fe80::1%en0]:8080/", false],
  ["https://[1:2:3:4:5:6:7:8]", true],
  ["https://[2001:db8::a:b:c:d]", true],
  ["https://[fe80::1%25eth0]", true],
  ["https://[fe80::abc:def%254]", true],
  ["https://[2001:db8::1]/path", true],
  ["https://[fe80::1%25eth0]/path?query=1", true],
  ["https://[::ffff:192.0.2.1]", true],
  ["https://[:1] ", false],
  ["https://[1:2:3:4:5:6:7:8:9]", false],
  ["https://[1::1::1]", false],
  ["https://[1:2:3:]", false],
  ["https://[ffff::127.0.0.4000]", false],
  ["https://[0:0::test.com]:80", false],
  ["https://[2001:db8::test.com]", false],
  ["https://[test.com]", false],
  ["https://1:2:3:4:5:6:7:8", false],
  ["https://1:2:3:4:5:6:7:8:80", false],
  ["https://example.com:80:", false],
];

describe("ParseRequestURI (url_test.go TestParseRequestURI)", () => {
  for (const [input, valid] of parseRequestURLTests) {
    it(`${JSON.stringify(input)} ${valid ? "valid" : "invalid"}`, () => {
      if (valid) ParseRequestURI(input);
      else assert.throws(() => ParseRequestURI(input), URLError);
    });
  }
  it("keeps a path that looks scheme-relative", () => {
    assert.equal(ParseRequestURI(pathThatLooksSchemeRelative).Path, pathThatLooksSchemeRelative);
  });
  it("does not cut a fragment", () => {
    assert.equal(ParseRequestURI("/a#b").Path, "/a#b");
  });
});

// url_test.go stringURLTests.
const stringURLTests: [Fields, string][] = [
  [{ Scheme: "http", Host: "www.google.com", Path: "search" }, "http://www.google.com/search"],
  [{ Path: "this:that" }, "./this:that"],
  [{ Path: "here/this:that" }, "here/this:that"],
  [{ Scheme: "http", Host: "www.google.com", Path: "this:that" }, "http://www.google.com/this:that"],
  // OmitHost (golang.org/issue/46059).
  [{ Scheme: "file", OmitHost: true, Path: "/tmp/x" }, "file:/tmp/x"],
  [{ Scheme: "file", OmitHost: true, Host: "h", Path: "/tmp/x" }, "file://h/tmp/x"],
];

describe("URL.String (url_test.go stringURLTests)", () => {
  for (const [f, want] of stringURLTests) {
    it(want, () => assert.equal(new URL(f).String(), want));
  }
});

describe("URL.Redacted (url_test.go TestURLRedacted)", () => {
  const cases: [string, Fields, string][] = [
    ["non-blank Password", { Scheme: "http", Host: "host.tld", Path: "this:that", User: UserPassword("user", "password") }, "http://user:xxxxx@host.tld/this:that"],
    ["blank Password", { Scheme: "http", Host: "host.tld", Path: "this:that", User: User("user") }, "http://user@host.tld/this:that"],
    ["nil User", { Scheme: "http", Host: "host.tld", Path: "this:that", User: UserPassword("", "password") }, "http://:xxxxx@host.tld/this:that"],
    ["blank Username, blank Password", { Scheme: "http", Host: "host.tld", Path: "this:that" }, "http://host.tld/this:that"],
    ["empty URL", {}, ""],
  ];
  for (const [name, f, want] of cases) {
    it(name, () => assert.equal(new URL(f).Redacted(), want));
  }
  it("leaves the URL's own password alone", () => {
    const u = Parse("http://a:secret@h/");
    assert.equal(u.Redacted(), "http://a:xxxxx@h/");
    assert.deepEqual(u.User?.Password(), ["secret", true]);
  });
});

// url_test.go unescapeTests: [in, out, error text or null].
const unescapeTests: [string, string, string | null][] = [
  ["", "", null],
  ["abc", "abc", null],
  ["1%41", "1A", null],
  ["1%41%42%43", "1ABC", null],
  ["%4a", "J", null],
  ["%6F", "o", null],
  ["%", "", 'invalid URL escape "%"'],
  ["%a", "", 'invalid URL escape "%a"'],
  ["%1", "", 'invalid URL escape "%1"'],
  ["123%45%6", "", 'invalid URL escape "%6"'],
  ["%zzzzz", "", 'invalid URL escape "%zz"'],
  ["a+b", "a b", null],
  ["a%20b", "a b", null],
];

describe("QueryUnescape and PathUnescape (url_test.go TestUnescape)", () => {
  for (const [input, out, err] of unescapeTests) {
    it(JSON.stringify(input), () => {
      if (err !== null) {
        assert.throws(() => QueryUnescape(input), (e: unknown) => e instanceof EscapeError && e.message === err);
        assert.throws(() => PathUnescape(input), (e: unknown) => e instanceof EscapeError && e.message === err);
        return;
      }
      assert.equal(QueryUnescape(input), out);
      // PathUnescape keeps "+"; with "+" written as %20 it gives the same result.
      assert.equal(PathUnescape(input.replaceAll("+", "%20")), out);
      assert.equal(PathUnescape(input), QueryUnescape(input.replaceAll("+", "XXX")).replaceAll("XXX", "+"));
    });
  }
  it("an escape cut through a multi-byte character prints its bytes as strconv.Quote does", () => {
    assert.throws(() => QueryUnescape("%世"), { message: 'invalid URL escape "%\\xe4\\xb8"' });
    assert.throws(() => QueryUnescape("%é"), { message: 'invalid URL escape "%é"' });
  });
  it("decodes UTF-8 escapes", () => {
    assert.equal(QueryUnescape("%D0%A4%D0%BE%D1%82%D0%BA%D0%B8+%D1%81%D0%BE%D0%B1%D0%B0%D0%BA"), "Фотки собак");
  });
});

// url_test.go queryEscapeTests and pathEscapeTests: [in, out].
const queryEscapeTests: [string, string][] = [
  ["", ""],
  ["abc", "abc"],
  ["one two", "one+two"],
  ["10%", "10%25"],
  [" ?&=#+%!<>#\"{}|\\^[]`☺\t:/@$'()*,;", "+%3F%26%3D%23%2B%25%21%3C%3E%23%22%7B%7D%7C%5C%5E%5B%5D%60%E2%98%BA%09%3A%2F%40%24%27%28%29%2A%2C%3B"],
];
const pathEscapeTests: [string, string][] = [
  ["", ""],
  ["abc", "abc"],
  ["abc+def", "abc+def"],
  ["a/b", "a%2Fb"],
  ["one two", "one%20two"],
  ["10%", "10%25"],
  [" ?&=#+%!<>#\"{}|\\^[]`☺\t:/@$'()*,;", "%20%3F&=%23+%25%21%3C%3E%23%22%7B%7D%7C%5C%5E%5B%5D%60%E2%98%BA%09:%2F@$%27%28%29%2A%2C%3B"],
];
// url_test.go escapeBenchmarks: [unescaped, query, path].
const escapeBenchmarks: [string, string, string][] = [
  ["one two", "one+two", "one%20two"],
  ["Фотки собак", "%D0%A4%D0%BE%D1%82%D0%BA%D0%B8+%D1%81%D0%BE%D0%B1%D0%B0%D0%BA", "%D0%A4%D0%BE%D1%82%D0%BA%D0%B8%20%D1%81%D0%BE%D0%B1%D0%B0%D0%BA"],
  ["shortrun(break)shortrun", "shortrun%28break%29shortrun", "shortrun%28break%29shortrun"],
  ["longerrunofcharacters(break)anotherlongerrunofcharacters", "longerrunofcharacters%28break%29anotherlongerrunofcharacters", "longerrunofcharacters%28break%29anotherlongerrunofcharacters"],
  [
    "padded/with+various%characters?that=need$some@escaping+paddedsowebreak/256bytes".repeat(4),
    "padded%2Fwith%2Bvarious%25characters%3Fthat%3Dneed%24some%40escaping%2Bpaddedsowebreak%2F256bytes".repeat(4),
    "padded%2Fwith+various%25characters%3Fthat=need$some@escaping+paddedsowebreak%2F256bytes".repeat(4),
  ],
];

describe("QueryEscape (url_test.go TestQueryEscape)", () => {
  for (const [input, out] of queryEscapeTests) {
    it(JSON.stringify(input), () => {
      assert.equal(QueryEscape(input), out);
      assert.equal(QueryUnescape(out), input);
    });
  }
});

describe("PathEscape (url_test.go TestPathEscape)", () => {
  for (const [input, out] of pathEscapeTests) {
    it(JSON.stringify(input), () => {
      assert.equal(PathEscape(input), out);
      assert.equal(PathUnescape(out), input);
    });
  }
});

describe("escapes (url_test.go escapeBenchmarks)", () => {
  for (const [raw, query, path] of escapeBenchmarks) {
    it(raw.slice(0, 40), () => {
      assert.equal(QueryEscape(raw), query);
      assert.equal(PathEscape(raw), path);
      assert.equal(QueryUnescape(query), raw);
      assert.equal(PathUnescape(path), raw);
    });
  }
});

describe("Values.Encode (url_test.go TestEncodeQuery)", () => {
  const v = (o: Record<string, string[]>): Values => new Values(Object.entries(o));
  const cases: [Values, string][] = [
    [new Values(), ""],
    [v({ q: ["puppies"], oe: ["utf8"] }), "oe=utf8&q=puppies"],
    [v({ q: ["dogs", "&", "7"] }), "q=dogs&q=%26&q=7"],
    [v({ a: ["a1", "a2", "a3"], b: ["b1", "b2", "b3"], c: ["c1", "c2", "c3"] }), "a=a1&a=a2&a=a3&b=b1&b=b2&b=b3&c=c1&c=c2&c=c3"],
  ];
  for (const [m, want] of cases) {
    it(want === "" ? "(empty)" : want, () => assert.equal(m.Encode(), want));
  }
});

// url_test.go resolvePathTests, through ResolveReference on relative bases.
const resolvePathTests: [string, string, string][] = [
  ["a/b", ".", "/a/"],
  ["a/b", "c", "/a/c"],
  ["a/b", "..", "/"],
  ["a/", "..", "/"],
  ["a/", "../..", "/"],
  ["a/b/c", "..", "/a/"],
  ["a/b/c", "../d", "/a/d"],
  ["a/b/c", ".././d", "/a/d"],
  ["a/b", "./..", "/"],
  ["a/./b", ".", "/a/"],
  ["a/../", ".", "/"],
  ["a/.././b", "c", "/c"],
];

describe("resolvePath (url_test.go TestResolvePath)", () => {
  for (const [base, ref, want] of resolvePathTests) {
    it(`${base} + ${ref}`, () => assert.equal(new URL({ Path: base }).ResolveReference(new URL({ Path: ref })).Path, want));
  }
});

// url_test.go resolveReferenceTests: [base, rel, expected].
const resolveReferenceTests: [string, string, string][] = [
  ["http://foo.com?a=b", "https://bar.com/", "https://bar.com/"],
  ["http://foo.com/", "https://bar.com/?a=b", "https://bar.com/?a=b"],
  ["http://foo.com/", "https://bar.com/?", "https://bar.com/?"],
  ["http://foo.com/bar", "mailto:foo@example.com", "mailto:foo@example.com"],
  ["http://foo.com/bar", "/baz", "http://foo.com/baz"],
  ["http://foo.com/bar?a=b#f", "/baz", "http://foo.com/baz"],
  ["http://foo.com/bar?a=b", "/baz?", "http://foo.com/baz?"],
  ["http://foo.com/bar?a=b", "/baz?c=d", "http://foo.com/baz?c=d"],
  ["http://foo.com/bar", "http://foo.com//baz", "http://foo.com//baz"],
  ["http://foo.com/bar", "http://foo.com///baz/quux", "http://foo.com///baz/quux"],
  ["https://foo.com/bar?a=b", "//bar.com/quux", "https://bar.com/quux"],
  ["http://foo.com", ".", "http://foo.com/"],
  ["http://foo.com/bar", ".", "http://foo.com/"],
  ["http://foo.com/bar/", ".", "http://foo.com/bar/"],
  ["http://foo.com", "bar", "http://foo.com/bar"],
  ["http://foo.com/", "bar", "http://foo.com/bar"],
  ["http://foo.com/bar/baz", "quux", "http://foo.com/bar/quux"],
  ["http://foo.com/bar/baz", "../quux", "http://foo.com/quux"],
  ["http://foo.com/bar/baz", "../../../../../quux", "http://foo.com/quux"],
  ["http://foo.com/bar", "..", "http://foo.com/"],
  ["http://foo.com/bar/baz", "./..", "http://foo.com/"],
  ["http://foo.com/bar/baz", "quux/dotdot/../tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/../tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/.././tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/./../tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/dotdot/././../../tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/dotdot/./.././../tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/dotdot/dotdot/./../../.././././tail", "http://foo.com/bar/quux/tail"],
  ["http://foo.com/bar/baz", "quux/./dotdot/../dotdot/../dot/./tail/..", "http://foo.com/bar/quux/dot/"],
  ["http://foo.com/dot/./dotdot/../foo/bar", "../baz", "http://foo.com/dot/baz"],
  ["http://foo.com/bar", "...", "http://foo.com/..."],
  ["http://foo.com/bar", ".#frag", "http://foo.com/#frag"],
  ["http://example.org/", "#!$&%27()*+,;=", "http://example.org/#!$&%27()*+,;="],
  ["http://foo.com/foo%2fbar/", "../baz", "http://foo.com/baz"],
  ["http://foo.com/1/2%2f/3%2f4/5", "../../a/b/c", "http://foo.com/1/a/b/c"],
  ["http://foo.com/1/2/3", "./a%2f../../b/..%2fc", "http://foo.com/1/2/b/..%2fc"],
  ["http://foo.com/1/2%2f/3%2f4/5", "./a%2f../b/../c", "http://foo.com/1/2%2f/3%2f4/a%2f../c"],
  ["http://foo.com/foo%20bar/", "../baz", "http://foo.com/baz"],
  ["http://foo.com/foo", "../bar%2fbaz", "http://foo.com/bar%2fbaz"],
  ["http://foo.com/foo%2dbar/", "./baz-quux", "http://foo.com/foo%2dbar/baz-quux"],
  // RFC 3986 §5.4.1: normal examples.
  ["http://a/b/c/d;p?q", "g:h", "g:h"],
  ["http://a/b/c/d;p?q", "g", "http://a/b/c/g"],
  ["http://a/b/c/d;p?q", "./g", "http://a/b/c/g"],
  ["http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"],
  ["http://a/b/c/d;p?q", "/g", "http://a/g"],
  ["http://a/b/c/d;p?q", "//g", "http://g"],
  ["http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"],
  ["http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"],
  ["http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"],
  ["http://a/b/c/d;p?q", "g#s", "http://a/b/c/g#s"],
  ["http://a/b/c/d;p?q", "g?y#s", "http://a/b/c/g?y#s"],
  ["http://a/b/c/d;p?q", ";x", "http://a/b/c/;x"],
  ["http://a/b/c/d;p?q", "g;x", "http://a/b/c/g;x"],
  ["http://a/b/c/d;p?q", "g;x?y#s", "http://a/b/c/g;x?y#s"],
  ["http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"],
  ["http://a/b/c/d;p?q", ".", "http://a/b/c/"],
  ["http://a/b/c/d;p?q", "./", "http://a/b/c/"],
  ["http://a/b/c/d;p?q", "..", "http://a/b/"],
  ["http://a/b/c/d;p?q", "../", "http://a/b/"],
  ["http://a/b/c/d;p?q", "../g", "http://a/b/g"],
  ["http://a/b/c/d;p?q", "../..", "http://a/"],
  ["http://a/b/c/d;p?q", "../../", "http://a/"],
  ["http://a/b/c/d;p?q", "../../g", "http://a/g"],
  // RFC 3986 §5.4.2: abnormal examples.
  ["http://a/b/c/d;p?q", "../../../g", "http://a/g"],
  ["http://a/b/c/d;p?q", "../../../../g", "http://a/g"],
  ["http://a/b/c/d;p?q", "/./g", "http://a/g"],
  ["http://a/b/c/d;p?q", "/../g", "http://a/g"],
  ["http://a/b/c/d;p?q", "g.", "http://a/b/c/g."],
  ["http://a/b/c/d;p?q", ".g", "http://a/b/c/.g"],
  ["http://a/b/c/d;p?q", "g..", "http://a/b/c/g.."],
  ["http://a/b/c/d;p?q", "..g", "http://a/b/c/..g"],
  ["http://a/b/c/d;p?q", "./../g", "http://a/b/g"],
  ["http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/"],
  ["http://a/b/c/d;p?q", "g/./h", "http://a/b/c/g/h"],
  ["http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"],
  ["http://a/b/c/d;p?q", "g;x=1/./y", "http://a/b/c/g;x=1/y"],
  ["http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"],
  ["http://a/b/c/d;p?q", "g?y/./x", "http://a/b/c/g?y/./x"],
  ["http://a/b/c/d;p?q", "g?y/../x", "http://a/b/c/g?y/../x"],
  ["http://a/b/c/d;p?q", "g#s/./x", "http://a/b/c/g#s/./x"],
  ["http://a/b/c/d;p?q", "g#s/../x", "http://a/b/c/g#s/../x"],
  // Extras.
  ["https://a/b/c/d;p?q", "//g?q", "https://g?q"],
  ["https://a/b/c/d;p?q", "//g#s", "https://g#s"],
  ["https://a/b/c/d;p?q", "//g/d/e/f?y#s", "https://g/d/e/f?y#s"],
  ["https://a/b/c/d;p#s", "?y", "https://a/b/c/d;p?y"],
  ["https://a/b/c/d;p?q#s", "?y", "https://a/b/c/d;p?y"],
  // Empty path and query but with ForceQuery (issue 46033).
  ["https://a/b/c/d;p?q#s", "?", "https://a/b/c/d;p?"],
  // Opaque URLs (issue 66084).
  ["https://foo.com/bar?a=b", "http:opaque", "http:opaque"],
  ["http:opaque?x=y#zzz", "https:/foo?a=b#frag", "https:/foo?a=b#frag"],
  ["http:opaque?x=y#zzz", "https:foo:bar", "https:foo:bar"],
  ["http:opaque?x=y#zzz", "https:bar/baz?a=b#frag", "https:bar/baz?a=b#frag"],
  ["http:opaque?x=y#zzz", "https://user@host:1234?a=b#frag", "https://user@host:1234?a=b#frag"],
  ["http:opaque?x=y#zzz", "?a=b#frag", "http:opaque?a=b#frag"],
];

describe("ResolveReference and URL.Parse (url_test.go TestResolveReference)", () => {
  const opaque = new URL({ Scheme: "scheme", Opaque: "opaque" });
  for (const [base, rel, want] of resolveReferenceTests) {
    it(`${base} + ${rel}`, () => {
      const b = Parse(base);
      const u = b.ResolveReference(Parse(rel));
      assert.equal(u.String(), want);
      assert.notEqual(u, b, "a new URL");
      const p = b.Parse(rel);
      assert.equal(p.String(), want);
      assert.notEqual(p, b);
      // An opaque reference resets the URL.
      assert.deepEqual(fields(b.ResolveReference(opaque)), fields(opaque));
      assert.deepEqual(fields(b.Parse("scheme:opaque")), fields(opaque));
    });
  }
});

describe("URL.Query (url_test.go TestQueryValues)", () => {
  it("gets, is case sensitive, deletes", () => {
    const v = Parse("http://x.com?foo=bar&bar=1&bar=2").Query();
    assert.equal(v.size, 2);
    assert.equal(v.Get("foo"), "bar");
    assert.equal(v.Get("Foo"), "");
    assert.equal(v.Get("bar"), "1");
    assert.equal(v.Get("baz"), "");
    assert.equal(v.Has("bar"), true);
    v.Del("bar");
    assert.equal(v.Get("bar"), "");
    assert.equal(v.Has("bar"), false);
    v.Add("x", "1");
    v.Add("x", "2");
    v.Set("y", "3");
    assert.equal(v.Encode(), "foo=bar&x=1&x=2&y=3");
  });
});

// url_test.go parseTests: [query, valid values, ok].
const parseTests: [string, Record<string, string[]>, boolean][] = [
  ["a=1", { a: ["1"] }, true],
  ["a=1&b=2", { a: ["1"], b: ["2"] }, true],
  ["a=1&a=2&a=banana", { a: ["1", "2", "banana"] }, true],
  ["ascii=%3Ckey%3A+0x90%3E", { ascii: ["<key: 0x90>"] }, true],
  ["a=1;b=2", {}, false],
  ["a;b=1", {}, false],
  ["a=%3B", { a: [";"] }, true],
  ["a%3Bb=1", { "a;b": ["1"] }, true],
  ["a=1&a=2;a=banana", { a: ["1"] }, false],
  ["a;b&c=1", { c: ["1"] }, false],
  ["a=1&b=2;a=3&c=4", { a: ["1"], c: ["4"] }, false],
  ["a=1&b=2;c=3", { a: ["1"] }, false],
  [";", {}, false],
  ["a=1;", {}, false],
  ["a=1&;", { a: ["1"] }, false],
  [";a=1&b=2", { b: ["2"] }, false],
  ["a=1&b=2;", { a: ["1"] }, false],
];

describe("ParseQuery (url_test.go TestParseQuery)", () => {
  for (const [query, out, ok] of parseTests) {
    it(query, () => {
      // URL.Query keeps the valid pairs, as Go's ParseQuery returns them beside the error.
      assert.deepEqual(Object.fromEntries(new URL({ RawQuery: query }).Query()), out);
      if (ok) assert.deepEqual(Object.fromEntries(ParseQuery(query)), out);
      else assert.throws(() => ParseQuery(query), (e: unknown) => e instanceof ParseError && e.message === "invalid semicolon separator in query");
    });
  }
  it("throws the first error (url_test.go TestParseFailure)", () => {
    assert.throws(() => ParseQuery("%gh&%ij"), (e: unknown) => e instanceof EscapeError && e.message === 'invalid URL escape "%gh"');
  });
  it("refuses more than 10000 parameters (urlmaxqueryparams)", () => {
    assert.equal(ParseQuery("&".repeat(9999) + "a=1").Get("a"), "1");
    const over = "&".repeat(10000) + "a=1";
    assert.throws(() => ParseQuery(over), (e: unknown) => e instanceof ParseError && e.message === "number of URL query parameters exceeded limit");
    assert.equal(new URL({ RawQuery: over }).Query().size, 0);
  });
});

// url_test.go requritests: [fields, RequestURI].
const requritests: [Fields, string][] = [
  [{ Scheme: "http", Host: "example.com", Path: "" }, "/"],
  [{ Scheme: "http", Host: "example.com", Path: "/a b" }, "/a%20b"],
  [{ Scheme: "http", Host: "example.com", Opaque: "/%2F/%2F/" }, "/%2F/%2F/"],
  [{ Scheme: "http", Host: "example.com", Opaque: "//other.example.com/%2F/%2F/" }, "http://other.example.com/%2F/%2F/"],
  [{ Scheme: "http", Host: "example.com", Path: "/////", RawPath: "/%2F/%2F/" }, "/%2F/%2F/"],
  [{ Scheme: "http", Host: "example.com", Path: "/////", RawPath: "/WRONG/" }, "/////"],
  [{ Scheme: "http", Host: "example.com", Path: "/a b", RawQuery: "q=go+language" }, "/a%20b?q=go+language"],
  [{ Scheme: "http", Host: "example.com", Path: "/a b", RawPath: "/a b", RawQuery: "q=go+language" }, "/a%20b?q=go+language"],
  [{ Scheme: "http", Host: "example.com", Path: "/a?b", RawPath: "/a?b", RawQuery: "q=go+language" }, "/a%3Fb?q=go+language"],
  [{ Scheme: "myschema", Opaque: "opaque" }, "opaque"],
  [{ Scheme: "myschema", Opaque: "opaque", RawQuery: "q=go+language" }, "opaque?q=go+language"],
  [{ Scheme: "http", Host: "example.com", Path: "//foo" }, "//foo"],
  [{ Scheme: "http", Host: "example.com", Path: "/foo", ForceQuery: true }, "/foo?"],
];

describe("URL.RequestURI (url_test.go TestRequestURI, TestStarRequest)", () => {
  for (const [f, want] of requritests) {
    it(want, () => assert.equal(new URL(f).RequestURI(), want));
  }
  it("*", () => assert.equal(Parse("*").RequestURI(), "*"));
});

// url_test.go TestParseErrors: [in, wantErr], Go 1.26 rows included.
const parseErrorTests: [string, boolean][] = [
  ["http://[::1]", false],
  ["http://[::1]:80", false],
  ["http://[::1]:namedport", true],
  ["http://x:namedport", true],
  ["http://[::1]/", false],
  ["http://[::1]a", true],
  ["http://[::1]%23", true],
  ["http://[::1%25en0]", false],
  ["http://[::1]:", false],
  ["http://x:", false],
  ["http://[::1]:%38%30", true],
  ["http://[::1%25%41]", false],
  ["http://[%10::1]", true],
  ["http://[::1]/%48", false],
  ["http://%41:8080/", true],
  ["mysql://x@y(z:123)/foo", true],
  ["mysql://x@y(1.2.3.4:123)/foo", true],
  [" http://foo.com", true],
  ["ht tp://foo.com", true],
  ["ahttp://foo.com", false],
  ["1http://foo.com", true],
  ["http://[]%20%48%54%54%50%2f%31%2e%31%0a%4d%79%48%65%61%64%65%72%3a%20%31%32%33%0a%0a/", true],
  ["http://a b.com/", true],
  ["cache_object://foo", true],
  ["cache_object:foo", true],
  ["cache_object:foo/bar", true],
  ["cache_object/:foo/bar", false],
  ["http://[192.168.0.1]/", true],
  ["http://[192.168.0.1]:8080/", true],
  ["http://x[::1]/", true],
  ["http://[::1][::1]/", true],
  ["http://[::ffff:192.168.0.1]/", false],
];

describe("Parse errors (url_test.go TestParseErrors)", () => {
  for (const [input, wantErr] of parseErrorTests) {
    it(`${JSON.stringify(input)} ${wantErr ? "fails" : "parses"}`, () => {
      if (wantErr) assert.throws(() => Parse(input), URLError);
      else Parse(input);
    });
  }
});

// Error texts, built from url.go's format strings and netip's parseAddrError messages.
const errorTexts: [string, string][] = [
  ["http://a b.com/", 'parse "http://a b.com/": invalid character " " in host name'],
  ["http://[::1]:namedport", 'parse "http://[::1]:namedport": invalid port ":namedport" after host'],
  ["http://x:namedport", 'parse "http://x:namedport": invalid port ":namedport" after host'],
  ["http://[::1]%23", 'parse "http://[::1]%23": invalid port "%23" after host'],
  ["http://[::1]:%38%30", 'parse "http://[::1]:%38%30": invalid port ":%38%30" after host'],
  ["http://%41:8080/", 'parse "http://%41:8080/": invalid URL escape "%41"'],
  ["http://[%10::1]", 'parse "http://[%10::1]": invalid URL escape "%10"'],
  ["http://[fe80::1%en0]/", 'parse "http://[fe80::1%en0]/": invalid URL escape "%en"'],
  ["http://[::1", "parse \"http://[::1\": missing ']' in host"],
  ["http://x[::1]/", 'parse "http://x[::1]/": invalid IP-literal'],
  ["http://[192.168.0.1]/", 'parse "http://[192.168.0.1]/": invalid IP-literal'],
  ["https://[test.com]", 'parse "https://[test.com]": invalid host: ParseAddr("test.com"): unexpected character (at "test.com")'],
  ["https://[example]", 'parse "https://[example]": invalid host: ParseAddr("example"): unable to parse IP'],
  ["https://[1::1::1]", 'parse "https://[1::1::1]": invalid host: ParseAddr("1::1::1"): multiple :: in address (at ":1")'],
  ["https://[1:2:3:]", 'parse "https://[1:2:3:]": invalid host: ParseAddr("1:2:3:"): colon must be followed by more characters (at ":")'],
  ["https://[1:2:3:4:5:6:7:8:9]", 'parse "https://[1:2:3:4:5:6:7:8:9]": invalid host: ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")'],
  ["https://[ffff::127.0.0.4000]", 'parse "https://[ffff::127.0.0.4000]": invalid host: ParseAddr("ffff::127.0.0.4000"): IPv4 field has value >255'],
  ["https://[1:2]", 'parse "https://[1:2]": invalid host: ParseAddr("1:2"): address string too short'],
  ["https://1:2:3:4:5:6:7:8", 'parse "https://1:2:3:4:5:6:7:8": invalid port ":2:3:4:5:6:7:8" after host'],
  ["https://example.com:80:", 'parse "https://example.com:80:": invalid port ":80:" after host'],
  ["http://user^:passwo^rd@foo.com/", 'parse "http://user^:passwo^rd@foo.com/": net/url: invalid userinfo'],
  ["http://foo.com/?foo\nbar", 'parse "http://foo.com/?foo\\nbar": net/url: invalid control character in URL'],
  ["http\r://foo.com/", 'parse "http\\r://foo.com/": net/url: invalid control character in URL'],
  ["http://foo\x7f.com/", 'parse "http://foo\\x7f.com/": net/url: invalid control character in URL'],
  [":foo", 'parse ":foo": missing protocol scheme'],
  ["cache_object:foo/bar", 'parse "cache_object:foo/bar": first path segment in URL cannot contain colon'],
  ["http://h/%zz", 'parse "http://h/%zz": invalid URL escape "%zz"'],
  // A bad fragment is reported against the whole URL, the rest against the URL without it.
  ["http://h/#%zz", 'parse "http://h/#%zz": invalid URL escape "%zz"'],
  ["http://h/%zz#x", 'parse "http://h/%zz": invalid URL escape "%zz"'],
];

describe("error texts (url.go)", () => {
  for (const [input, want] of errorTexts) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => Parse(input),
        (e: unknown) => {
          assert.ok(e instanceof URLError && e instanceof url.Error);
          assert.equal(e.message, want);
          assert.equal(e.Op, "parse");
          assert.ok(e.Err instanceof globalThis.Error && e.Unwrap() === e.Err && e.cause === e.Err);
          return true;
        },
      );
    });
  }
  it("Err is typed", () => {
    const err = (input: string): unknown => {
      try {
        Parse(input);
      } catch (e) {
        return (e as URLError).Err;
      }
      return null;
    };
    assert.ok(err("http://a b/") instanceof InvalidHostError);
    assert.ok(err("/%zz") instanceof EscapeError);
    assert.equal((err("/%zz") as EscapeError).code, "GONET_URL_ERR_ESCAPE");
    assert.ok(err("http://x:y") instanceof ParseError);
  });
  it("ParseRequestURI texts", () => {
    assert.throws(() => ParseRequestURI(""), { message: 'parse "": empty url' });
    assert.throws(() => ParseRequestURI("foo.html"), { message: 'parse "foo.html": invalid URI for request' });
  });
  it("non-ASCII control bytes are accepted (url_test.go TestRejectControlCharacters)", () => {
    Parse("http://foo.com/ctl\x80");
  });
});

describe("URL.Hostname and URL.Port (url_test.go TestURLHostnameAndPort)", () => {
  const tests: [string, string, string][] = [
    ["foo.com:80", "foo.com", "80"],
    ["foo.com", "foo.com", ""],
    ["foo.com:", "foo.com", ""],
    ["FOO.COM", "FOO.COM", ""],
    ["1.2.3.4", "1.2.3.4", ""],
    ["1.2.3.4:80", "1.2.3.4", "80"],
    ["[1:2:3:4]", "1:2:3:4", ""],
    ["[1:2:3:4]:80", "1:2:3:4", "80"],
    ["[::1]:80", "::1", "80"],
    ["[::1]", "::1", ""],
    ["[::1]:", "::1", ""],
    ["localhost", "localhost", ""],
    ["localhost:443", "localhost", "443"],
    ["some.super.long.domain.example.org:8080", "some.super.long.domain.example.org", "8080"],
    ["[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:17000", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "17000"],
    ["[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", ""],
    ["[google.com]:80", "google.com", "80"],
    ["google.com]:80", "google.com]", "80"],
    ["google.com:80_invalid_port", "google.com:80_invalid_port", ""],
    ["[::1]extra]:80", "::1]extra", "80"],
    ["google.com]extra:extra", "google.com]extra:extra", ""],
  ];
  for (const [host, hostname, port] of tests) {
    it(host, () => {
      const u = new URL({ Host: host });
      assert.equal(u.Hostname(), hostname);
      assert.equal(u.Port(), port);
    });
  }
});

describe("Userinfo (url_test.go TestNilUser)", () => {
  it("a URL without user info has User null", () => {
    assert.equal(Parse("http://foo.com/").User, null);
  });
  it("escapes ':', '@', '/', '?' in String", () => {
    assert.equal(UserPassword("foo:bar", "p@ss/w?rd").String(), "foo%3Abar:p%40ss%2Fw%3Frd");
    assert.equal(User("a b").String(), "a%20b");
    assert.deepEqual(User("x").Password(), ["", false]);
  });
});

// url_test.go TestJoinPath: [base, elem, out ("" means an error)].
const joinPathTests: [string, string[], string][] = [
  ["https://go.googlesource.com", ["go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com/a/b/c", ["../../../go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com/", ["../go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com", ["../go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com", ["../go", "../../go", "../../../go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com/../go", [], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com/", ["./go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com//", ["/go"], "https://go.googlesource.com/go"],
  ["https://go.googlesource.com//", ["/go", "a", "b", "c"], "https://go.googlesource.com/go/a/b/c"],
  ["http://[fe80::1%en0]:8080/", ["/go"], ""],
  ["https://go.googlesource.com", ["go/"], "https://go.googlesource.com/go/"],
  ["https://go.googlesource.com", ["go//"], "https://go.googlesource.com/go/"],
  ["https://go.googlesource.com", [], "https://go.googlesource.com/"],
  ["https://go.googlesource.com/", [], "https://go.googlesource.com/"],
  ["https://go.googlesource.com/a%2fb", ["c"], "https://go.googlesource.com/a%2fb/c"],
  ["https://go.googlesource.com/a%2fb", ["c%2fd"], "https://go.googlesource.com/a%2fb/c%2fd"],
  ["https://go.googlesource.com/a/b", ["/go"], "https://go.googlesource.com/a/b/go"],
  ["/", [], "/"],
  ["a", [], "a"],
  ["a", ["b"], "a/b"],
  ["a", ["../b"], "b"],
  ["a", ["../../b"], "b"],
  ["", ["a"], "a"],
  ["", ["../a"], "a"],
];

describe("JoinPath (url_test.go TestJoinPath)", () => {
  for (const [base, elem, out] of joinPathTests) {
    it(`${base} + ${JSON.stringify(elem)}`, () => {
      if (out === "") {
        assert.throws(() => JoinPath(base, ...elem), URLError);
        assert.throws(() => Parse(base), URLError);
        return;
      }
      assert.equal(JoinPath(base, ...elem), out);
      assert.equal(Parse(base).JoinPath(...elem).String(), out);
    });
  }
  it("a malformed escape in an element fails JoinPath; URL.JoinPath keeps the path", () => {
    assert.throws(() => JoinPath("http://h/a", "%zz"), EscapeError);
    assert.equal(Parse("http://h/a").JoinPath("%zz").String(), "http://h/a");
  });
});

describe("shouldEscape through the escapers (url_test.go TestShouldEscape)", () => {
  it("unreserved characters are never escaped", () => {
    for (const c of "azAZ09-._~") {
      assert.equal(QueryEscape(c), c);
      assert.equal(PathEscape(c), c);
      assert.equal(new URL({ Fragment: c }).EscapedFragment(), c);
      assert.equal(User(c).String(), c);
    }
  });
  it("userinfo escapes only : / ? @ of the reserved set", () => {
    assert.equal(User(":/?@$&+,;=").String(), "%3A%2F%3F%40$&+,;=");
  });
  it("a host keeps its sub-delims, : [ ] < > and quote", () => {
    assert.equal(new URL({ Scheme: "s", Host: "!$&'()*+,;=:[]<>\"_-." }).String(), "s://!$&'()*+,;=:[]<>\"_-.");
  });
  it("a fragment keeps ! ( ) * and the reserved set, escapes ' and space", () => {
    assert.equal(new URL({ Fragment: "!()*$&+,/:;=?@' " }).EscapedFragment(), "!()*$&+,/:;=?@%27%20");
  });
});

describe("URL.Error Timeout and Temporary (url_test.go TestURLErrorImplementsNetError)", () => {
  const inner = (timeout: boolean, temporary: boolean): globalThis.Error => Object.assign(new globalThis.Error("x"), { Timeout: () => timeout, Temporary: () => temporary });
  for (const [t, p] of [
    [true, false],
    [false, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`timeout=${t} temporary=${p}`, () => {
      const e = new URLError("Get", "http://google.com/", inner(t, p));
      assert.equal(e.Timeout(), t);
      assert.equal(e.Temporary(), p);
      assert.equal(e.message, 'Get "http://google.com/": x');
    });
  }
  it("a plain error is neither", () => {
    const e = new URLError("Get", "http://google.com/", new globalThis.Error("EOF"));
    assert.equal(e.Timeout(), false);
    assert.equal(e.Temporary(), false);
  });
});

describe("WHATWG conversion", () => {
  it("toURL and FromURL round trip an absolute URL", () => {
    const u = Parse("https://user:pw@example.com:8443/a%2Fb?q=1#frag");
    const w = u.toURL();
    assert.ok(w instanceof globalThis.URL);
    assert.equal(w.href, "https://user:pw@example.com:8443/a%2Fb?q=1#frag");
    const back = FromURL(w);
    assert.equal(back.String(), u.String());
    assert.equal(back.Path, "/a/b");
    assert.equal(back.RawPath, "/a%2Fb");
  });
  it("the WHATWG URL normalises what Go keeps", () => {
    const u = Parse("http://h/a/../b");
    assert.equal(u.Path, "/a/../b");
    assert.equal(u.toURL().pathname, "/b");
  });
  it("a relative URL needs a base", () => {
    const u = Parse("/x?y=1");
    assert.throws(() => u.toURL(), (e: unknown) => e instanceof URLError && e.message === 'parse "/x?y=1": invalid URL');
    assert.equal(u.toURL("http://example.com").href, "http://example.com/x?y=1");
  });
  it("FromURL throws for an href Go's parser refuses", () => {
    assert.throws(() => FromURL(new globalThis.URL("http://h/%zz")), { message: 'parse "http://h/%zz": invalid URL escape "%zz"' });
  });
  it("JSON.stringify writes the string", () => {
    assert.equal(JSON.stringify({ u: Parse("http://h/a b") }), '{"u":"http://h/a%20b"}');
  });
});

// Seeded, bounded properties (fast-check): the escapes invert, and the parser only ever throws
// Error, with String() a fixed point of Parse on what it accepts.
describe("properties", () => {
  const seed = 20261204;
  const urlish = fc.string({ unit: fc.constantFrom(..."aZ09:/?#[]@!$&'()*+,;=%-._~ \\\"<>^`{|}é世\u0000\u007f"), maxLength: 40 });
  it("QueryUnescape(QueryEscape(s)) and PathUnescape(PathEscape(s)) give s back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => QueryUnescape(QueryEscape(s)) === s && PathUnescape(PathEscape(s)) === s),
      { seed, numRuns: 500 },
    );
  });
  it("Parse throws only Error, and String() is a fixed point of what it accepts", () => {
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom("", "http:", "https:", "mailto:", "x+y:"), fc.constantFrom("", "//", "///"), urlish), ([scheme, slashes, rest]) => {
        let u: URL;
        try {
          u = Parse(scheme + slashes + rest);
        } catch (e) {
          assert.ok(e instanceof URLError, String(e));
          return;
        }
        const s = u.String();
        assert.equal(Parse(s).String(), s);
      }),
      { seed, numRuns: 2000 },
    );
  });
});
