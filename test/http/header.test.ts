// Tables from Go's net/textproto TestCanonicalMIMEHeaderKey and net/http header_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CanonicalHeaderKey, hasToken, Header, ParseTime, TimeParseError } from "../../src/http/header.js";

test("CanonicalHeaderKey (textproto canonicalHeaderKeyTests)", () => {
  const cases: [string, string][] = [
    ["a-b-c", "A-B-C"],
    ["a-1-c", "A-1-C"],
    ["User-Agent", "User-Agent"],
    ["uSER-aGENT", "User-Agent"],
    ["user-agent", "User-Agent"],
    ["USER-AGENT", "User-Agent"],
    ["x-FOO-bar", "X-Foo-Bar"],
    // Other valid tchar bytes in tokens:
    ["foo-bar_baz", "Foo-Bar_baz"],
    ["foo-bar$baz", "Foo-Bar$baz"],
    ["foo-bar~baz", "Foo-Bar~baz"],
    ["foo-bar*baz", "Foo-Bar*baz"],
    // Non-ASCII or anything with spaces or non-token chars is unchanged:
    ["üser-agenT", "üser-agenT"],
    ["a B", "a B"],
    // This caused a panic due to mishandling of a space:
    ["C Ontent-Transfer-Encoding", "C Ontent-Transfer-Encoding"],
    ["foo bar", "foo bar"],
    ["x:y", "x:y"],
    ["", ""],
  ];
  for (const [input, want] of cases) assert.equal(CanonicalHeaderKey(input), want, input);
});

// refCanonicalMIMEHeaderKey is Go's textproto.CanonicalMIMEHeaderKey written straightforwardly
// (net/textproto/reader.go: validHeaderFieldByte over RFC 7230's tchar, then upper case for the
// first letter and each letter after a hyphen, lower case for the rest), with no fast path, as
// the reference the implementation's fast paths must agree with.
const tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function refCanonicalMIMEHeaderKey(s: string): string {
  for (const c of s) if (!tchars.includes(c)) return s; // a space, a separator, a control or non-ASCII byte
  let out = "";
  let upper = true;
  for (const c of s) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === "-";
  }
  return out;
}

test("CanonicalHeaderKey agrees with Go's algorithm on every string of 1 to 3 characters", () => {
  // Every token character, plus non-token ones: space, tab, colon, quote, parenthesis, comma,
  // slash, DEL, NUL, a Latin-1 letter and a non-Latin one.
  const alphabet = [...tchars, " ", "\t", ":", '"', "(", ",", "/", "\x7f", "\x00", "é", "ü", "ſ", "K"];
  let checked = 0;
  const bad: string[] = [];
  const check = (s: string): void => {
    checked++;
    const got = CanonicalHeaderKey(s);
    if (got !== refCanonicalMIMEHeaderKey(s) && bad.length < 10) bad.push(`${JSON.stringify(s)}: got ${JSON.stringify(got)}, want ${JSON.stringify(refCanonicalMIMEHeaderKey(s))}`);
  };
  for (const a of alphabet) {
    check(a);
    for (const b of alphabet) {
      check(a + b);
      for (const c of alphabet) check(a + b + c);
    }
  }
  assert.equal(checked, alphabet.length + alphabet.length ** 2 + alphabet.length ** 3);
  assert.deepEqual(bad, []);
});

test("CanonicalHeaderKey canonicalizes common header names in every case (Go's commonHeader and more)", () => {
  // Go's textproto commonHeader table (reader.go initCommonHeader), as Go spells them, plus
  // names whose canonical form is not their usual spelling (Etag, Www-Authenticate, Te, Dnt).
  const canonical = [
    "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Cache-Control", "Cc", "Connection",
    "Content-Id", "Content-Language", "Content-Length", "Content-Transfer-Encoding", "Content-Type", "Cookie", "Date",
    "Dkim-Signature", "Etag", "Expires", "From", "Host", "If-Modified-Since", "If-None-Match", "In-Reply-To", "Last-Modified",
    "Location", "Message-Id", "Mime-Version", "Pragma", "Received", "Return-Path", "Server", "Set-Cookie", "Subject", "To",
    "User-Agent", "Via", "X-Forwarded-For", "X-Imforwards", "X-Powered-By",
    "Www-Authenticate", "Authorization", "Proxy-Authorization", "Sec-Websocket-Key", "Sec-Websocket-Accept",
    "Sec-Websocket-Version", "Sec-Websocket-Protocol", "Sec-Websocket-Extensions", "Te", "Dnt", "Trailer",
    "Transfer-Encoding", "Upgrade", "Vary", "Content-Md5", "Content-Encoding", "Content-Range", "Content-Disposition",
    "If-Range", "If-Match", "If-Unmodified-Since", "Range", "Referer", "Origin", "Expect", "Keep-Alive", "Allow",
    "Retry-After", "Access-Control-Allow-Origin", "X-Content-Type-Options", "X-Requested-With", "X-Real-Ip",
    "Strict-Transport-Security", "Alt-Svc", "Link", "Age", "Warning", "Forwarded",
  ];
  const mixed = (s: string): string => [...s].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join("");
  for (const want of canonical) {
    assert.equal(refCanonicalMIMEHeaderKey(want), want, `table entry ${want} is not canonical`);
    for (const input of [want, want.toLowerCase(), want.toUpperCase(), mixed(want)]) {
      assert.equal(CanonicalHeaderKey(input), want, input);
    }
    // Not a header key: returned unchanged, whatever its case.
    for (const input of [`${want.toLowerCase()} `, `${want.toLowerCase()}:`]) assert.equal(CanonicalHeaderKey(input), input, input);
  }
});

test("Header methods canonicalize; the Map is Go's map", () => {
  const h = new Header();
  h.Add("x-trace", "a");
  h.Add("X-TRACE", "b");
  assert.deepEqual(h.Values("X-Trace"), ["a", "b"]);
  assert.equal(h.Get("x-trace"), "a");
  assert.deepEqual(h.get("X-Trace"), ["a", "b"]);
  assert.equal(h.get("x-trace"), undefined); // direct map access is exact
  h.Set("x-trace", "c");
  assert.deepEqual(h.get("X-Trace"), ["c"]);
  h.Del("X-TRACE");
  assert.equal(h.has("X-Trace"), false);
  assert.equal(h.Get("Missing"), "");
  assert.deepEqual(h.Values("Missing"), []);
  // Non-canonical keys set through the map are only reachable through the map.
  h.set("lower", ["v"]);
  assert.equal(h.Get("lower"), "");
  assert.deepEqual(h.get("lower"), ["v"]);
  // An empty value list reads as "".
  h.set("Empty", []);
  assert.equal(h.Get("Empty"), "");
  // Values returns the header's own array, as Go returns its slice.
  h.Add("Multi", "1");
  h.Values("Multi").push("2");
  assert.deepEqual(h.get("Multi"), ["1", "2"]);
  assert.deepEqual([...h.keys()], ["lower", "Empty", "Multi"]);
});

test("Header construction from an object, entries, or another Header", () => {
  const fromObject = new Header({ "content-type": "text/plain", "set-cookie": ["a=1", "b=2"] });
  assert.deepEqual([...fromObject], [
    ["Content-Type", ["text/plain"]],
    ["Set-Cookie", ["a=1", "b=2"]],
  ]);
  const fromEntries = new Header([
    ["x-a", "1"],
    ["X-A", "2"],
    ["x-b", ["3"]],
  ]);
  assert.deepEqual(fromEntries.get("X-A"), ["1", "2"]);
  assert.deepEqual(fromEntries.get("X-B"), ["3"]);
  const copy = new Header(fromEntries);
  assert.deepEqual([...copy], [...fromEntries]);
  assert.notEqual(copy.get("X-A"), fromEntries.get("X-A"));
  const clone = fromEntries.Clone();
  clone.Add("X-A", "3");
  assert.deepEqual(fromEntries.get("X-A"), ["1", "2"]);
  assert.deepEqual(clone.get("X-A"), ["1", "2", "3"]);
  assert.ok(clone instanceof Header && clone instanceof Map);
});

test("Header.WriteSubset (TestHeaderWrite)", async () => {
  const cases: [Header, Record<string, boolean> | null, string][] = [
    [new Header(), null, ""],
    [new Header({ "Content-Type": "text/html; charset=UTF-8", "Content-Length": "0" }), null, "Content-Length: 0\r\nContent-Type: text/html; charset=UTF-8\r\n"],
    [new Header({ "Content-Length": ["0", "1", "2"] }), null, "Content-Length: 0\r\nContent-Length: 1\r\nContent-Length: 2\r\n"],
    [new Header({ Expires: "-1", "Content-Length": "0", "Content-Encoding": "gzip" }), { "Content-Length": true }, "Content-Encoding: gzip\r\nExpires: -1\r\n"],
    [new Header({ Expires: "-1", "Content-Length": ["0", "1", "2"], "Content-Encoding": "gzip" }), { "Content-Length": true }, "Content-Encoding: gzip\r\nExpires: -1\r\n"],
    [new Header({ Expires: "-1", "Content-Length": "0", "Content-Encoding": "gzip" }), { "Content-Length": true, Expires: true, "Content-Encoding": true }, ""],
    [
      (() => {
        const h = new Header();
        h.set("Nil", []);
        h.set("Empty", []);
        h.set("Blank", [""]);
        h.set("Double-Blank", ["", ""]);
        return h;
      })(),
      null,
      "Blank: \r\nDouble-Blank: \r\nDouble-Blank: \r\n",
    ],
    [
      (() => {
        const h = new Header();
        for (let i = 1; i <= 9; i++) h.set(`k${i}`, [`${i}a`, `${i}b`]);
        return h;
      })(),
      { k5: true },
      "k1: 1a\r\nk1: 1b\r\nk2: 2a\r\nk2: 2b\r\nk3: 3a\r\nk3: 3b\r\nk4: 4a\r\nk4: 4b\r\nk6: 6a\r\nk6: 6b\r\nk7: 7a\r\nk7: 7b\r\nk8: 8a\r\nk8: 8b\r\nk9: 9a\r\nk9: 9b\r\n",
    ],
    // Newlines become spaces, values are trimmed, invalid field names are dropped.
    [new Header([["User-Agent", "evil\r\nX-Evil: evil"], ["Bad Name", "x"], ["Trim", "  v \t"]]), null, "Trim: v\r\nUser-Agent: evil  X-Evil: evil\r\n"],
  ];
  for (const [h, exclude, want] of cases) {
    const chunks: Uint8Array[] = [];
    await h.WriteSubset({ Write: async (p) => (chunks.push(p.slice()), p.length) }, exclude);
    assert.equal(new TextDecoder().decode(Buffer.concat(chunks)), want);
    assert.equal(h.wireFormat(exclude === null ? null : new Set(Object.keys(exclude))), want);
  }
});

test("ParseTime (TestParseTime)", () => {
  const expect = Date.UTC(1994, 10, 6, 8, 49, 37);
  const cases: [string, boolean][] = [
    ["", true],
    ["invalid", true],
    ["1994-11-06T08:49:37Z00:00", true],
    ["Sun, 06 Nov 1994 08:49:37 GMT", false],
    ["Sunday, 06-Nov-94 08:49:37 GMT", false],
    ["Sun Nov  6 08:49:37 1994", false],
    ["Sun, 31 Nov 1994 08:49:37 GMT", true], // day out of range
    ["Sun, 06 Nov 1994 24:49:37 GMT", true], // hour out of range
    ["Sun, 06 Nov 1994 08:49:37 PST", true], // TimeFormat hard-codes GMT
  ];
  for (const [text, isErr] of cases) {
    if (isErr) assert.throws(() => ParseTime(text), TimeParseError, text);
    else assert.equal(ParseTime(text).getTime(), expect, text);
  }
  // Go's *time.ParseError text, for the last layout tried (time.ANSIC).
  assert.throws(() => ParseTime("invalid"), { message: 'parsing time "invalid" as "Mon Jan _2 15:04:05 2006": cannot parse "invalid" as "Mon"' });
  assert.throws(() => ParseTime("Sun Nov  6 08:49:37 1994 x"), { message: 'parsing time "Sun Nov  6 08:49:37 1994 x": extra text: " x"' });
});

test("hasToken (TestHasToken)", () => {
  const cases: [string, string, boolean][] = [
    ["", "", false],
    ["", "foo", false],
    ["foo", "foo", true],
    ["foo ", "foo", true],
    [" foo", "foo", true],
    [" foo ", "foo", true],
    ["foo,bar", "foo", true],
    ["bar,foo", "foo", true],
    ["bar, foo", "foo", true],
    ["bar,foo, baz", "foo", true],
    ["bar, foo,baz", "foo", true],
    ["bar,foo, baz", "foo", true],
    ["bar, foo, baz", "foo", true],
    ["FOO", "foo", true],
    ["FOO ", "foo", true],
    [" FOO", "foo", true],
    [" FOO ", "foo", true],
    ["FOO,BAR", "foo", true],
    ["BAR,FOO", "foo", true],
    ["BAR, FOO", "foo", true],
    ["BAR,FOO, baz", "foo", true],
    ["BAR, FOO,BAZ", "foo", true],
    ["BAR,FOO, BAZ", "foo", true],
    ["BAR, FOO, BAZ", "foo", true],
    ["foobar", "foo", false],
    ["barfoo ", "foo", false],
  ];
  for (const [header, token, want] of cases) assert.equal(hasToken(header, token), want, `${header} ${token}`);
});
