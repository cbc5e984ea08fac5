// httptest.ResponseRecorder and NewRequest. Tables from Go's httptest/recorder_test.go and
// httptest_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ReadAll } from "../../src/io.js";
import { NoBody } from "../../src/http/body.js";
import { HandlerFunc, type ResponseWriter } from "../../src/http/handler.js";
import { CanonicalHeaderKey } from "../../src/http/header.js";
import { BytesBuffer, DefaultRemoteAddr, NewRecorder, NewTestRequest, ResponseRecorder } from "../../src/http/recorder.js";
import type { Request } from "../../src/http/request.js";
import { escapedPath, urlHost } from "../../src/http/url.js";

type Check = (rec: ResponseRecorder) => Promise<void> | void;

const hasStatus = (want: number): Check => (rec) => assert.equal(rec.Code, want);
const hasResultStatus = (want: string): Check => (rec) => assert.equal(rec.Result().Status, want);
const hasResultStatusCode = (want: number): Check => (rec) => assert.equal(rec.Result().StatusCode, want);
const hasResultContents = (want: string): Check => async (rec) => assert.equal(new TextDecoder().decode(await ReadAll(rec.Result().Body)), want);
const hasContents = (want: string): Check => (rec) => assert.equal(rec.Body?.String(), want);
const hasFlush = (want: boolean): Check => (rec) => assert.equal(rec.Flushed, want);
const hasOldHeader = (key: string, want: string): Check => (rec) => assert.equal(rec.HeaderMap?.Get(key) ?? "", want, key);
const hasHeader = (key: string, want: string): Check => (rec) => assert.equal(rec.Result().Header.Get(key), want, key);
const hasNotHeaders = (...keys: string[]): Check => (rec) => {
  for (const k of keys) assert.equal(rec.Result().Header.has(CanonicalHeaderKey(k)), false, k);
};
const hasTrailer = (key: string, want: string): Check => (rec) => assert.equal(rec.Result().Trailer?.Get(key), want, key);
const hasNotTrailers = (...keys: string[]): Check => (rec) => {
  for (const k of keys) assert.equal(rec.Result().Trailer?.has(CanonicalHeaderKey(k)) ?? false, false, k);
};
const hasContentLength = (want: number): Check => (rec) => assert.equal(rec.Result().ContentLength, want);

test("ResponseRecorder (TestRecorder)", async () => {
  const cases: [string, (w: ResponseWriter, r: Request) => void | Promise<void>, Check[]][] = [
    ["200 default", () => {}, [hasStatus(200), hasContents("")]],
    [
      "first code only",
      async (w) => {
        w.WriteHeader(201);
        w.WriteHeader(202);
        await w.Write("hi");
      },
      [hasStatus(201), hasContents("hi")],
    ],
    [
      "write sends 200",
      async (w) => {
        await w.Write("hi first");
        w.WriteHeader(201);
        w.WriteHeader(202);
      },
      [hasStatus(200), hasContents("hi first"), hasFlush(false)],
    ],
    ["write string", (w) => w.Write("hi first").then(() => {}), [hasStatus(200), hasContents("hi first"), hasFlush(false), hasHeader("Content-Type", "text/plain; charset=utf-8")]],
    [
      "flush",
      async (w) => {
        await w.Flush?.(); // also sends a 200
        w.WriteHeader(201);
      },
      [hasStatus(200), hasFlush(true), hasContentLength(-1)],
    ],
    ["Content-Type detection", (w) => w.Write("<html>").then(() => {}), [hasHeader("Content-Type", "text/html; charset=utf-8")]],
    [
      "no Content-Type detection with Transfer-Encoding",
      async (w) => {
        w.Header().Set("Transfer-Encoding", "some encoding");
        await w.Write("<html>");
      },
      [hasHeader("Content-Type", "")],
    ],
    [
      "no Content-Type detection if set explicitly",
      async (w) => {
        w.Header().Set("Content-Type", "some/type");
        await w.Write("<html>");
      },
      [hasHeader("Content-Type", "some/type")],
    ],
    [
      "Content-Type detection doesn't crash if HeaderMap is null",
      async (w) => {
        (w as ResponseRecorder).HeaderMap = null;
        await w.Write("<html>");
      },
      [hasHeader("Content-Type", "text/html; charset=utf-8")],
    ],
    [
      "Header is not changed after write",
      (w) => {
        const hdr = w.Header();
        hdr.Set("Key", "correct");
        w.WriteHeader(200);
        hdr.Set("Key", "incorrect");
      },
      [hasHeader("Key", "correct")],
    ],
    [
      "Trailer headers are correctly recorded",
      async (w) => {
        w.Header().Set("Non-Trailer", "correct");
        w.Header().Set("Trailer", "Trailer-A");
        w.Header().Add("Trailer", "Trailer-B");
        w.Header().Add("Trailer", "Trailer-C");
        await w.Write("<html>");
        w.Header().Set("Non-Trailer", "incorrect");
        w.Header().Set("Trailer-A", "valuea");
        w.Header().Set("Trailer-C", "valuec");
        w.Header().Set("Trailer-NotDeclared", "should be omitted");
        w.Header().Set("Trailer:Trailer-D", "with prefix");
      },
      [
        hasStatus(200),
        hasHeader("Content-Type", "text/html; charset=utf-8"),
        hasHeader("Non-Trailer", "correct"),
        hasNotHeaders("Trailer-A", "Trailer-B", "Trailer-C", "Trailer-NotDeclared"),
        hasTrailer("Trailer-A", "valuea"),
        hasTrailer("Trailer-C", "valuec"),
        hasNotTrailers("Non-Trailer", "Trailer-B", "Trailer-NotDeclared"),
        hasTrailer("Trailer-D", "with prefix"),
      ],
    ],
    [
      "Header set without any write", // Go issue 15560
      (w) => {
        w.Header().Set("X-Foo", "1");
        // As if created without NewRecorder, which sets Code to 200.
        (w as ResponseRecorder).Code = 0;
      },
      [hasOldHeader("X-Foo", "1"), hasStatus(0), hasHeader("X-Foo", "1"), hasResultStatus("200 OK"), hasResultStatusCode(200)],
    ],
    [
      "HeaderMap vs FinalHeaders", // more for Go issue 15560
      async (w) => {
        const h = w.Header();
        h.Set("X-Foo", "1");
        await w.Write("hi");
        h.Set("X-Foo", "2");
        h.Set("X-Bar", "2");
      },
      [hasOldHeader("X-Foo", "2"), hasOldHeader("X-Bar", "2"), hasHeader("X-Foo", "1"), hasNotHeaders("X-Bar")],
    ],
    [
      "setting Content-Length header",
      async (w) => {
        const body = "Some body";
        w.Header().Set("Content-Length", String(body.length));
        await w.Write(body);
      },
      [hasStatus(200), hasContents("Some body"), hasContentLength(9)],
    ],
    [
      "null ResponseRecorder.Body", // Go issue 26642
      async (w) => {
        (w as ResponseRecorder).Body = null;
        await w.Write("hi");
      },
      [hasResultContents("")],
    ],
    [
      "bytes and strings are recorded alike",
      async (w) => {
        await w.Write(new Uint8Array([0x68, 0xc3, 0xa9]));
        await w.Write("!");
      },
      [hasContents("hé!"), hasResultContents("hé!"), hasHeader("Content-Type", "text/plain; charset=utf-8")],
    ],
    ["binary sniffing", (w) => w.Write(new Uint8Array([1, 2, 3])).then(() => {}), [hasHeader("Content-Type", "application/octet-stream")]],
  ];
  for (const [name, h, checks] of cases) {
    const r = NewTestRequest("GET", "http://foo.com/");
    const rec = NewRecorder();
    await HandlerFunc(h).ServeHTTP(rec, r);
    for (const check of checks) await check(rec);
    assert.equal(rec.Result(), rec.Result(), name); // cached
  }
});

test("Result's ContentLength parsing (TestParseContentLength)", () => {
  const cases: [string, number][] = [
    ["3", 3],
    ["+3", -1],
    ["-3", -1],
    ["9223372036854775807", 9223372036854775807], // max int64
    ["9223372036854775808", -1],
    ["", -1],
    [" 12 ", 12],
    ["1e3", -1],
  ];
  for (const [cl, want] of cases) {
    const rec = NewRecorder();
    if (cl !== "") rec.Header().Set("Content-Length", cl);
    assert.equal(rec.Result().ContentLength, want, cl);
  }
});

test("WriteHeader validates the code; Result's body is a snapshot", async () => {
  const rec = NewRecorder();
  assert.throws(() => rec.WriteHeader(99), { message: "invalid WriteHeader code 99" });
  await rec.Write("abc");
  const res = rec.Result();
  await rec.Write("def");
  assert.equal(await res.text(), "abc");
  assert.equal(rec.Body?.String(), "abcdef");
  // A recorder built without NewRecorder works too.
  const bare = new ResponseRecorder();
  await bare.Write("x");
  assert.deepEqual([bare.Code, bare.Body, bare.Result().Body === NoBody], [200, null, true]);
  const buf = new BytesBuffer();
  buf.WriteString("é");
  buf.Write(new Uint8Array(100).fill(0x61));
  assert.equal(buf.Len(), 102);
  assert.equal(buf.String().slice(0, 2), "éa");
  buf.Reset();
  assert.equal(`${buf}`, "");
});

test("NewTestRequest (httptest.NewRequest, TestNewRequest)", async () => {
  type Want = { method: string; host: string; url: string; path: string; uri: string; remote: string; tls: boolean; cl: number; body: string };
  const cases: [method: string, target: string, body: string | null, want: Want][] = [
    ["GET", "/", null, { method: "GET", host: "example.com", url: "http://example.com/", path: "/", uri: "/", remote: "192.0.2.1:1234", tls: false, cl: 0, body: "" }],
    ["", "/", null, { method: "GET", host: "example.com", url: "http://example.com/", path: "/", uri: "/", remote: "192.0.2.1:1234", tls: false, cl: 0, body: "" }],
    ["POST", "/", "foo", { method: "POST", host: "example.com", url: "http://example.com/", path: "/", uri: "/", remote: "192.0.2.1:1234", tls: false, cl: 3, body: "foo" }],
    ["GET", "http://foo.com/path/%2f/bar/", null, { method: "GET", host: "foo.com", url: "http://foo.com/path/%2f/bar/", path: "/path/%2f/bar/", uri: "http://foo.com/path/%2f/bar/", remote: "192.0.2.1:1234", tls: false, cl: 0, body: "" }],
    ["GET", "https://foo.com/path/", null, { method: "GET", host: "foo.com", url: "https://foo.com/path/", path: "/path/", uri: "https://foo.com/path/", remote: "192.0.2.1:1234", tls: true, cl: 0, body: "" }],
    ["CONNECT", "foo.com:443", null, { method: "CONNECT", host: "foo.com:443", url: "http://foo.com:443/", path: "", uri: "foo.com:443", remote: "192.0.2.1:1234", tls: false, cl: 0, body: "" }],
    ["GET", "/a/../b?x=1", null, { method: "GET", host: "example.com", url: "http://example.com/b?x=1", path: "/a/../b", uri: "/a/../b?x=1", remote: "192.0.2.1:1234", tls: false, cl: 0, body: "" }],
  ];
  for (const [method, target, body, want] of cases) {
    const r = NewTestRequest(method, target, body);
    const got: Want = {
      method: r.Method,
      host: r.Host,
      url: r.URL.href,
      path: escapedPath(r.URL),
      uri: r.RequestURI,
      remote: r.RemoteAddr,
      tls: r.TLS !== null,
      cl: r.ContentLength,
      body: new TextDecoder().decode(await ReadAll(r.Body ?? NoBody)),
    };
    assert.deepEqual(got, want, `${method} ${target}`);
    assert.equal(r.Proto, "HTTP/1.1");
  }
  const https = NewTestRequest("GET", "https://foo.com/");
  assert.deepEqual(https.TLS, { Version: 0x0303, HandshakeComplete: true, ServerName: "foo.com" });
  assert.equal(urlHost(NewTestRequest("GET", "/x").URL), "");
  assert.equal(NewTestRequest("POST", "/", { Read: async () => null }).ContentLength, -1);
  assert.throws(() => NewTestRequest("GET", "bogus"), { message: 'invalid NewRequest arguments; parse "bogus": invalid URI for request' });
  assert.equal(DefaultRemoteAddr, "1.2.3.4");
});
