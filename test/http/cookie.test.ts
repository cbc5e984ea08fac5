// Tables from Go's src/net/http/cookie_test.go (Go 1.23+).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Is } from "../../src/errors.js";
import {
  Cookie,
  type CookieInit,
  ErrNoCookie,
  ParseCookie,
  ParseSetCookie,
  readCookies,
  readSetCookies,
  SameSiteDefaultMode,
  SameSiteLaxMode,
  SameSiteNoneMode,
  SameSiteStrictMode,
  sanitizeCookiePath,
  sanitizeCookieValue,
  SetCookie,
} from "../../src/http/cookie.js";
import { HTTPError } from "../../src/http/errors.js";
import { Header } from "../../src/http/header.js";
import { NewRecorder } from "../../src/http/recorder.js";
import { NewRequest } from "../../src/http/request.js";
import { Response } from "../../src/http/response.js";

const C = (init: CookieInit) => new Cookie(init);

test("Cookie.String (TestWriteSetCookies)", () => {
  const cases: [Cookie, string][] = [
    [C({ Name: "cookie-1", Value: "v$1" }), "cookie-1=v$1"],
    [C({ Name: "cookie-2", Value: "two", MaxAge: 3600 }), "cookie-2=two; Max-Age=3600"],
    [C({ Name: "cookie-3", Value: "three", Domain: ".example.com" }), "cookie-3=three; Domain=example.com"],
    [C({ Name: "cookie-4", Value: "four", Path: "/restricted/" }), "cookie-4=four; Path=/restricted/"],
    [C({ Name: "cookie-5", Value: "five", Domain: "wrong;bad.abc" }), "cookie-5=five"],
    [C({ Name: "cookie-6", Value: "six", Domain: "bad-.abc" }), "cookie-6=six"],
    [C({ Name: "cookie-7", Value: "seven", Domain: "127.0.0.1" }), "cookie-7=seven; Domain=127.0.0.1"],
    [C({ Name: "cookie-8", Value: "eight", Domain: "::1" }), "cookie-8=eight"],
    [C({ Name: "cookie-9", Value: "expiring", Expires: new Date(1257894000 * 1000) }), "cookie-9=expiring; Expires=Tue, 10 Nov 2009 23:00:00 GMT"],
    // According to IETF 6265 Section 5.1.1.5, the year cannot be less than 1601.
    [C({ Name: "cookie-10", Value: "expiring-1601", Expires: new Date(Date.UTC(1601, 0, 1, 1, 1, 1, 0)) }), "cookie-10=expiring-1601; Expires=Mon, 01 Jan 1601 01:01:01 GMT"],
    [C({ Name: "cookie-11", Value: "invalid-expiry", Expires: new Date(Date.UTC(1600, 0, 1, 1, 1, 1, 0)) }), "cookie-11=invalid-expiry"],
    [C({ Name: "cookie-12", Value: "samesite-default", SameSite: SameSiteDefaultMode }), "cookie-12=samesite-default"],
    [C({ Name: "cookie-13", Value: "samesite-lax", SameSite: SameSiteLaxMode }), "cookie-13=samesite-lax; SameSite=Lax"],
    [C({ Name: "cookie-14", Value: "samesite-strict", SameSite: SameSiteStrictMode }), "cookie-14=samesite-strict; SameSite=Strict"],
    [C({ Name: "cookie-15", Value: "samesite-none", SameSite: SameSiteNoneMode }), "cookie-15=samesite-none; SameSite=None"],
    [
      C({ Name: "cookie-16", Value: "partitioned", SameSite: SameSiteNoneMode, Secure: true, Path: "/", Partitioned: true }),
      "cookie-16=partitioned; Path=/; Secure; SameSite=None; Partitioned",
    ],
    // Values with commas or spaces, disallowed by RFC 6265 but common, are quoted.
    [C({ Name: "special-1", Value: "a z" }), 'special-1="a z"'],
    [C({ Name: "special-2", Value: " z" }), 'special-2=" z"'],
    [C({ Name: "special-3", Value: "a " }), 'special-3="a "'],
    [C({ Name: "special-4", Value: " " }), 'special-4=" "'],
    [C({ Name: "special-5", Value: "a,z" }), 'special-5="a,z"'],
    [C({ Name: "special-6", Value: ",z" }), 'special-6=",z"'],
    [C({ Name: "special-7", Value: "a," }), 'special-7="a,"'],
    [C({ Name: "special-8", Value: "," }), 'special-8=","'],
    [C({ Name: "empty-value", Value: "" }), "empty-value="],
    [C({ Name: "" }), ""],
    [C({ Name: "\t" }), ""],
    [C({ Name: "\r" }), ""],
    [C({ Name: "a\nb", Value: "v" }), ""],
    [C({ Name: "a\rb", Value: "v" }), ""],
    // Quoted values (issue #46443)
    [C({ Name: "cookie", Value: "quoted", Quoted: true }), 'cookie="quoted"'],
    [C({ Name: "cookie", Value: "quoted with spaces", Quoted: true }), 'cookie="quoted with spaces"'],
    [C({ Name: "cookie", Value: "quoted,with,commas", Quoted: true }), 'cookie="quoted,with,commas"'],
    // All attributes, in Go's order.
    [
      C({ Name: "cookie-9", Value: "i3e01nf61b6t23bvfmplnanol3", Expires: new Date(1257894000 * 1000), Path: "/restricted/", Domain: ".example.com", MaxAge: 3600 }),
      "cookie-9=i3e01nf61b6t23bvfmplnanol3; Path=/restricted/; Domain=example.com; Expires=Tue, 10 Nov 2009 23:00:00 GMT; Max-Age=3600",
    ],
    [C({ Name: "del", Value: "x", MaxAge: -1, HttpOnly: true }), "del=x; Max-Age=0; HttpOnly"],
  ];
  for (const [c, raw] of cases) assert.equal(c.String(), raw, JSON.stringify(c));
  assert.equal(`${C({ Name: "a", Value: "b" })}`, "a=b");
});

test("SetCookie (TestSetCookie)", () => {
  const rec = NewRecorder();
  SetCookie(rec, C({ Name: "cookie-1", Value: "one", Path: "/restricted/" }));
  SetCookie(rec, C({ Name: "cookie-2", Value: "two", MaxAge: 3600 }));
  SetCookie(rec, C({ Name: "bad name", Value: "dropped" }));
  assert.deepEqual(rec.Header().get("Set-Cookie"), ["cookie-1=one; Path=/restricted/", "cookie-2=two; Max-Age=3600"]);
});

test("Request.AddCookie (TestAddCookie)", () => {
  const cases: [Cookie[], string][] = [
    [[], ""],
    [[C({ Name: "cookie-1", Value: "v$1" })], "cookie-1=v$1"],
    [[C({ Name: "cookie-1", Value: "v$1" }), C({ Name: "cookie-2", Value: "v$2" }), C({ Name: "cookie-3", Value: "v$3" })], "cookie-1=v$1; cookie-2=v$2; cookie-3=v$3"],
    [
      [C({ Name: "cookie-1", Value: "quoted", Quoted: true }), C({ Name: "cookie-2", Value: "quoted with spaces", Quoted: true }), C({ Name: "cookie-3", Value: "quoted,with,commas", Quoted: true })],
      'cookie-1="quoted"; cookie-2="quoted with spaces"; cookie-3="quoted,with,commas"',
    ],
  ];
  for (const [cookies, raw] of cases) {
    const req = NewRequest("GET", "http://example.com/");
    for (const c of cookies) req.AddCookie(c);
    assert.equal(req.Header.Get("Cookie"), raw);
    assert.ok((req.Header.get("Cookie") ?? []).length <= 1);
  }
});

const sc = (line: string) => new Header([["Set-Cookie", line]]);

test("readSetCookies and ParseSetCookie (TestReadSetCookies, TestParseSetCookie)", () => {
  const cases: [string, CookieInit][] = [
    ["Cookie-1=v$1", { Name: "Cookie-1", Value: "v$1" }],
    [
      "NID=99=YsDT5i3E-CXax-; expires=Wed, 23-Nov-2011 01:05:03 GMT; path=/; domain=.google.ch; HttpOnly",
      { Name: "NID", Value: "99=YsDT5i3E-CXax-", Path: "/", Domain: ".google.ch", HttpOnly: true, Expires: new Date(Date.UTC(2011, 10, 23, 1, 5, 3)), RawExpires: "Wed, 23-Nov-2011 01:05:03 GMT" },
    ],
    [
      ".ASPXAUTH=7E3AA; expires=Wed, 07-Mar-2012 14:25:06 GMT; path=/; HttpOnly",
      { Name: ".ASPXAUTH", Value: "7E3AA", Path: "/", Expires: new Date(Date.UTC(2012, 2, 7, 14, 25, 6)), RawExpires: "Wed, 07-Mar-2012 14:25:06 GMT", HttpOnly: true },
    ],
    ["ASP.NET_SessionId=foo; path=/; HttpOnly", { Name: "ASP.NET_SessionId", Value: "foo", Path: "/", HttpOnly: true }],
    ["samesitedefault=foo; SameSite", { Name: "samesitedefault", Value: "foo", SameSite: SameSiteDefaultMode }],
    ["samesiteinvalidisdefault=foo; SameSite=invalid", { Name: "samesiteinvalidisdefault", Value: "foo", SameSite: SameSiteDefaultMode }],
    ["samesitelax=foo; SameSite=Lax", { Name: "samesitelax", Value: "foo", SameSite: SameSiteLaxMode }],
    ["samesitestrict=foo; SameSite=Strict", { Name: "samesitestrict", Value: "foo", SameSite: SameSiteStrictMode }],
    ["samesitenone=foo; SameSite=None", { Name: "samesitenone", Value: "foo", SameSite: SameSiteNoneMode }],
    // Read back the Set-Cookie headers we create for values with spaces or commas.
    ["special-1=a z", { Name: "special-1", Value: "a z" }],
    ['special-2=" z"', { Name: "special-2", Value: " z", Quoted: true }],
    ['special-3="a "', { Name: "special-3", Value: "a ", Quoted: true }],
    ['special-4=" "', { Name: "special-4", Value: " ", Quoted: true }],
    ["special-5=a,z", { Name: "special-5", Value: "a,z" }],
    ['special-6=",z"', { Name: "special-6", Value: ",z", Quoted: true }],
    ["special-7=a,", { Name: "special-7", Value: "a," }],
    ['special-8=","', { Name: "special-8", Value: ",", Quoted: true }],
    // Names with spaces around them.
    ['special-9 =","', { Name: "special-9", Value: ",", Quoted: true }],
    // Quoted values (issue #46443)
    ['cookie="quoted"', { Name: "cookie", Value: "quoted", Quoted: true }],
    // Attributes Go does not know, or cannot parse, go to Unparsed.
    ["u=1; Priority=High; max-age=abc; expires=never; max-age=010", { Name: "u", Value: "1", RawExpires: "never", Unparsed: ["Priority=High", "max-age=abc", "expires=never", "max-age=010"] }],
    ["p=1; Partitioned; Secure; Max-Age=0; Domain=x.com", { Name: "p", Value: "1", Partitioned: true, Secure: true, MaxAge: -1, Domain: "x.com" }],
    ["rfc=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT", { Name: "rfc", Value: "1", Expires: new Date(Date.UTC(1994, 10, 6, 8, 49, 37)), RawExpires: "Sun, 06 Nov 1994 08:49:37 GMT" }],
    ["v=1; Sécure; HttpOnly", { Name: "v", Value: "1", HttpOnly: true }], // a non-ASCII attribute is skipped
    ['v=1; Path="/x"', { Name: "v", Value: "1", Unparsed: ['Path="/x"'] }], // attribute values are not unquoted
  ];
  for (const [line, init] of cases) {
    const want = C({ ...init, Raw: line });
    assert.deepEqual(ParseSetCookie(line), want, line);
    for (let n = 0; n < 2; n++) assert.deepEqual(readSetCookies(sc(line)), [want], line); // twice: no mutation
  }
  // Errors.
  const errs: [string, string][] = [
    ["", "http: blank cookie"],
    ["equal-not-found", "http: '=' not found in cookie"],
    ["=v1", "http: invalid cookie name"],
    ["k1=\\", "http: invalid cookie value"],
  ];
  for (const [line, msg] of errs) {
    assert.throws(() => ParseSetCookie(line), (e: unknown) => e instanceof HTTPError && e.message === msg, line);
    assert.deepEqual(readSetCookies(sc(line)), [], line);
  }
  // More than 3000 Set-Cookie lines are all dropped.
  const many = new Header();
  many.set("Set-Cookie", Array.from({ length: 3001 }, () => "a="));
  assert.deepEqual(readSetCookies(many), []);
  many.set("Set-Cookie", Array.from({ length: 3000 }, () => "a="));
  assert.equal(readSetCookies(many).length, 3000);
});

test("readCookies (TestReadCookies)", () => {
  const cases: [string[], string, CookieInit[]][] = [
    [["Cookie-1=v$1", "c2=v2"], "", [{ Name: "Cookie-1", Value: "v$1" }, { Name: "c2", Value: "v2" }]],
    [["Cookie-1=v$1", "c2=v2"], "c2", [{ Name: "c2", Value: "v2" }]],
    [["Cookie-1=v$1; c2=v2"], "", [{ Name: "Cookie-1", Value: "v$1" }, { Name: "c2", Value: "v2" }]],
    [["Cookie-1=v$1; c2=v2"], "c2", [{ Name: "c2", Value: "v2" }]],
    [['Cookie-1="v$1"; c2="v2"'], "", [{ Name: "Cookie-1", Value: "v$1", Quoted: true }, { Name: "c2", Value: "v2", Quoted: true }]],
    [['Cookie-1="v$1"; c2=v2;'], "", [{ Name: "Cookie-1", Value: "v$1", Quoted: true }, { Name: "c2", Value: "v2" }]],
    [[""], "", []],
    [["bad name=1; ok=2; v=a\\b; flag"], "", [{ Name: "ok", Value: "2" }, { Name: "flag", Value: "" }]],
  ];
  for (const [lines, filter, want] of cases) {
    const h = new Header();
    h.set("Cookie", lines);
    for (let n = 0; n < 2; n++) assert.deepEqual(readCookies(h, filter), want.map(C), lines.join("|"));
  }
  const many = new Header();
  many.set("Cookie", [";a=".repeat(3001).slice(1)]);
  assert.deepEqual(readCookies(many, ""), []);
});

test("Response.Cookies with quoted attribute values (TestSetCookieDoubleQuotes)", () => {
  const res = new Response();
  res.Header.Add("Set-Cookie", "quoted0=none; max-age=30");
  res.Header.Add("Set-Cookie", 'quoted1="cookieValue"; max-age=31');
  res.Header.Add("Set-Cookie", 'quoted2=cookieAV; max-age="32"');
  res.Header.Add("Set-Cookie", 'quoted3="both"; max-age="33"');
  const got = res.Cookies().map((c) => [c.Name, c.Value, c.MaxAge]);
  assert.deepEqual(got, [
    ["quoted0", "none", 30],
    ["quoted1", "cookieValue", 31],
    ["quoted2", "cookieAV", 0],
    ["quoted3", "both", 0],
  ]);
});

test("sanitizeCookieValue and sanitizeCookiePath (TestCookieSanitizeValue, TestCookieSanitizePath)", () => {
  const values: [string, boolean, string][] = [
    ["foo", false, "foo"],
    ["foo;bar", false, "foobar"],
    ["foo\\bar", false, "foobar"],
    ['foo"bar', false, "foobar"],
    ["\x00\x7e\x7f\x80", false, "\x7e"],
    ["withquotes", true, '"withquotes"'],
    ['"withquotes"', true, '"withquotes"'], // double quotes are not valid octets
    ["a z", false, '"a z"'],
    [" z", false, '" z"'],
    ["a ", false, '"a "'],
    ["a,z", false, '"a,z"'],
    [",z", false, '",z"'],
    ["a,", false, '"a,"'],
    ["", true, '""'],
    ["", false, ""],
    ["café", false, "caf"],
  ];
  for (const [input, quoted, want] of values) assert.equal(sanitizeCookieValue(input, quoted), want, input);
  const paths: [string, string][] = [
    ["/path", "/path"],
    ["/path with space/", "/path with space/"],
    ["/just;no;semicolon\x00orstuff/", "/justnosemicolonorstuff/"],
  ];
  for (const [input, want] of paths) assert.equal(sanitizeCookiePath(input), want, input);
});

test("Cookie.Valid (TestCookieValid)", () => {
  const cases: [Cookie, string | null][] = [
    [C({ Name: "" }), "http: invalid Cookie.Name"],
    [C({ Name: "invalid-value", Value: 'foo"bar' }), "http: invalid byte '\"' in Cookie.Value"],
    [C({ Name: "invalid-path", Path: "/foo;bar/" }), "http: invalid byte ';' in Cookie.Path"],
    [C({ Name: "invalid-secure-for-partitioned", Value: "foo", Path: "/", Secure: false, Partitioned: true }), "http: partitioned cookies must be set with Secure"],
    [C({ Name: "invalid-domain", Domain: "example.com:80" }), "http: invalid Cookie.Domain"],
    [C({ Name: "invalid-expiry", Value: "", Expires: new Date(Date.UTC(1600, 0, 1, 1, 1, 1)) }), "http: invalid Cookie.Expires"],
    [C({ Name: "invalid-control", Value: "a\x01" }), "http: invalid byte '\\x01' in Cookie.Value"],
    [C({ Name: "valid-empty" }), null],
    [C({ Name: "valid-expires", Value: "foo", Path: "/bar", Domain: "example.com", Expires: new Date(0) }), null],
    [C({ Name: "valid-max-age", Value: "foo", Path: "/bar", Domain: "example.com", MaxAge: 60 }), null],
    [C({ Name: "valid-all-fields", Value: "foo", Path: "/bar", Domain: "example.com", Expires: new Date(0), MaxAge: 0 }), null],
    [C({ Name: "valid-partitioned", Value: "foo", Path: "/", Secure: true, Partitioned: true }), null],
  ];
  for (const [c, msg] of cases) {
    if (msg === null) c.Valid();
    else assert.throws(() => c.Valid(), (e: unknown) => e instanceof HTTPError && e.message === msg, c.Name);
  }
});

test("ParseCookie (TestParseCookie)", () => {
  const cases: [string, CookieInit[] | string][] = [
    ["Cookie-1=v$1", [{ Name: "Cookie-1", Value: "v$1" }]],
    ["Cookie-1=v$1;c2=v2", [{ Name: "Cookie-1", Value: "v$1" }, { Name: "c2", Value: "v2" }]],
    ['Cookie-1="v$1";c2="v2"', [{ Name: "Cookie-1", Value: "v$1", Quoted: true }, { Name: "c2", Value: "v2", Quoted: true }]],
    ["k1=", [{ Name: "k1", Value: "" }]],
    ["", "http: blank cookie"],
    ["equal-not-found", "http: '=' not found in cookie"],
    ["=v1", "http: invalid cookie name"],
    ["k1=\\", "http: invalid cookie value"],
    [";a=".repeat(3001).slice(1), "http: number of cookies exceeded limit"],
  ];
  for (const [line, want] of cases) {
    if (typeof want === "string") assert.throws(() => ParseCookie(line), (e: unknown) => e instanceof HTTPError && e.message === want, line.slice(0, 20));
    else assert.deepEqual(ParseCookie(line), want.map(C), line);
  }
  assert.equal(ParseCookie(";a=".repeat(3000).slice(1)).length, 3000);
});

test("Request.Cookie, Cookies and CookiesNamed (TestRequestCookie, TestRequestCookiesByName)", () => {
  const req = NewRequest("GET", "http://example.com/");
  req.AddCookie(C({ Name: "foo", Value: "foo-1" }));
  req.AddCookie(C({ Name: "bar", Value: "bar" }));
  req.AddCookie(C({ Name: "foo", Value: "foo-2" }));
  assert.equal(req.Cookie("foo").Value, "foo-1");
  assert.deepEqual(req.CookiesNamed("foo").map((c) => c.Value), ["foo-1", "foo-2"]);
  assert.deepEqual(req.CookiesNamed("baz"), []);
  assert.deepEqual(req.Cookies().map((c) => c.Name), ["foo", "bar", "foo"]);
  assert.throws(() => req.Cookie("missing"), (e: unknown) => e === ErrNoCookie && Is(e, ErrNoCookie));
  // Issue 53181: an empty name never matches, even if a cookie has one.
  const r2 = NewRequest("GET", "http://example.com/");
  r2.AddCookie(C({ Name: "", Value: "" }));
  assert.throws(() => r2.Cookie(""), { message: "http: named cookie not present" });
});
