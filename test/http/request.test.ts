// Request, NewRequest, forms, basic auth, path values, contexts; URL handling; MaxBytesReader.
// Tables from Go's request_test.go and url_test.go where they apply.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ReadAll } from "../../src/io.js";
import { BytesBody, MaxBytesError, MaxBytesReader, NoBody } from "../../src/http/body.js";
import { HTTPError } from "../../src/http/errors.js";
import { NewRequest, NewRequestWithContext, ParseHTTPVersion, Request } from "../../src/http/request.js";
import { escapedPath, isRelativeURL, ParseQuery, parseURL, QueryEscape, requestURI, requestURL, urlHost, URLError, urlPath, Values } from "../../src/http/url.js";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

test("ParseHTTPVersion (parseHTTPVersionTests)", () => {
  const cases: [string, number, number, boolean][] = [
    ["HTTP/0.0", 0, 0, true],
    ["HTTP/0.9", 0, 9, true],
    ["HTTP/1.0", 1, 0, true],
    ["HTTP/1.1", 1, 1, true],
    ["HTTP", 0, 0, false],
    ["HTTP/one.one", 0, 0, false],
    ["HTTP/1.1/", 0, 0, false],
    ["HTTP/-1,0", 0, 0, false],
    ["HTTP/0,-1", 0, 0, false],
    ["HTTP/", 0, 0, false],
    ["HTTP/1,1", 0, 0, false],
    ["HTTP/+1.1", 0, 0, false],
    ["HTTP/1.+1", 0, 0, false],
    ["HTTP/0000000001.1", 0, 0, false],
    ["HTTP/1.0000000001", 0, 0, false],
    ["HTTP/3.14", 0, 0, false],
    ["HTTP/12.3", 0, 0, false],
  ];
  for (const [vers, major, minor, ok] of cases) assert.deepEqual(ParseHTTPVersion(vers), [major, minor, ok], vers);
});

test("NewRequest validates the method (TestRequestInvalidMethod)", () => {
  const r = NewRequest("", "http://example.com/");
  assert.equal(r.Method, "GET");
  for (const m of ["bad method", "GET\n", "Ü", "a:b"]) {
    assert.throws(
      () => NewRequest(m, "http://example.com/"),
      (e: unknown) => e instanceof HTTPError && e.message === `net/http: invalid method ${JSON.stringify(m)}`,
      m,
    );
  }
  assert.equal(NewRequest("M-SEARCH", "http://example.com/").Method, "M-SEARCH");
});

test("NewRequest Host (newRequestHostTests) and URL errors", () => {
  const cases: [string, string][] = [
    ["http://www.example.com/", "www.example.com"],
    ["http://www.example.com:8080/", "www.example.com:8080"],
    ["http://192.168.0.1/", "192.168.0.1"],
    ["http://192.168.0.1:8080/", "192.168.0.1:8080"],
    ["http://192.168.0.1:/", "192.168.0.1"],
    ["http://[fe80::1]/", "[fe80::1]"],
    ["http://[fe80::1]:8080/", "[fe80::1]:8080"],
    ["http://www.example.com:80/", "www.example.com:80"], // Go keeps the port as written
    ["/relative/path", ""],
  ];
  for (const [input, host] of cases) assert.equal(NewRequest("GET", input).Host, host, input);
  const bad: [string, string][] = [
    ["http://a b.com/", 'parse "http://a b.com/": invalid character " " in host name'],
    ["://x", 'parse "://x": missing protocol scheme'],
    ["http://x/%zz", 'parse "http://x/%zz": invalid URL escape "%zz"'],
    ["http://x:port/", 'parse "http://x:port/": invalid port ":port" after host'],
    ["1a:b", 'parse "1a:b": first path segment in URL cannot contain colon'],
    ["http://x/\x7f", 'parse "http://x/\\x7f": net/url: invalid control character in URL'],
    ["http://[::1/", "parse \"http://[::1/\": missing ']' in host"],
    ["http://u s@x/", 'parse "http://u s@x/": net/url: invalid userinfo'],
  ];
  for (const [input, msg] of bad) {
    assert.throws(() => NewRequest("GET", input), (e: unknown) => e instanceof URLError && e.message === msg && e.Op === "parse" && e.URL === input, input);
  }
  // A colon after the first segment is fine.
  assert.equal(NewRequest("GET", "x/a:b").URL.pathname, "/x/a:b");
});

test("NewRequest ContentLength and GetBody (TestNewRequestContentLength, TestNewRequestGetBody)", async () => {
  const cases: [Parameters<typeof NewRequest>[2], number, boolean][] = [
    ["123", 3, true],
    [new TextEncoder().encode("1234"), 4, true],
    ["12345", 5, true],
    ["", 0, true],
    [NoBody, 0, false],
    [new BytesBody("abc"), 3, false],
    [{ Read: async () => null }, 0, false], // not detected: 0 means unknown for a client
    ["héllo", 6, true],
  ];
  for (const [body, want, getBody] of cases) {
    const req = NewRequest("POST", "http://localhost/", body);
    assert.equal(req.ContentLength, want, String(body));
    assert.equal(req.GetBody !== null, getBody, String(body));
    if (want === 0 && getBody) assert.equal(req.Body, NoBody);
    if (getBody && req.Body !== null) {
      const slurp1 = await ReadAll(req.Body);
      const slurp2 = await ReadAll(await (req.GetBody as () => Promise<typeof NoBody>)());
      assert.deepEqual(slurp1, slurp2);
    }
  }
  assert.equal(NewRequest("GET", "http://x/").Body, null);
  // A body is an async iterable too.
  const chunks: string[] = [];
  for await (const c of NewRequest("POST", "http://x/", "chunked body").Body ?? NoBody) chunks.push(text(c));
  assert.equal(chunks.join(""), "chunked body");
});

test("BasicAuth and SetBasicAuth (TestGetBasicAuth, TestParseBasicAuth)", () => {
  for (const [u, p] of [
    ["Aladdin", "open sesame"],
    ["Aladdin", "open:sesame"],
    ["", ""],
    ["ünï", "cödé"],
  ]) {
    const r = NewRequest("GET", "http://example.com/");
    r.SetBasicAuth(u as string, p as string);
    assert.deepEqual(r.BasicAuth(), [u, p, true]);
  }
  const unauth = NewRequest("GET", "http://example.com/");
  assert.deepEqual(unauth.BasicAuth(), ["", "", false]);
  const b64 = (s: string) => btoa(s);
  const cases: [string, string, string, boolean][] = [
    ["Basic " + b64("Aladdin:open sesame"), "Aladdin", "open sesame", true],
    // Case doesn't matter:
    ["BASIC " + b64("Aladdin:open sesame"), "Aladdin", "open sesame", true],
    ["basic " + b64("Aladdin:open sesame"), "Aladdin", "open sesame", true],
    ["Basic " + b64("Aladdin:open:sesame"), "Aladdin", "open:sesame", true],
    ["Basic " + b64(":"), "", "", true],
    ["Basic" + b64("Aladdin:open sesame"), "", "", false],
    [b64("Aladdin:open sesame"), "", "", false],
    ["Basic ", "", "", false],
    ["Basic Aladdin:open sesame", "", "", false],
    ['Digest username="Aladdin"', "", "", false],
    ["Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ", "", "", false], // missing padding
    ["Basic " + b64("nocolon"), "", "", false],
  ];
  assert.equal(b64("Aladdin:open sesame"), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  for (const [header, u, p, ok] of cases) {
    const r = NewRequest("GET", "http://example.com/");
    r.Header.Set("Authorization", header);
    assert.deepEqual(r.BasicAuth(), [u, p, ok], header);
  }
});

test("ParseForm, FormValue, PostFormValue", async () => {
  const post = NewRequest("POST", "http://www.google.com/search?q=foo&q=bar&both=x&prio=1&orphan=nope&empty=not", "z=post&both=y&prio=2&=nokey&orphan&empty=&");
  post.Header.Set("Content-Type", "application/x-www-form-urlencoded; param=value");
  assert.equal(await post.FormValue("q"), "foo");
  assert.equal(await post.FormValue("z"), "post");
  assert.equal(await post.FormValue("prio"), "2"); // body first
  assert.equal(await post.FormValue("empty"), "");
  assert.equal(await post.PostFormValue("z"), "post");
  assert.equal(await post.PostFormValue("q"), "");
  assert.deepEqual(post.Form?.get("both"), ["y", "x"]);
  assert.deepEqual(post.Form?.get("q"), ["foo", "bar"]);
  assert.deepEqual(post.PostForm?.get("orphan"), [""]);
  assert.deepEqual(post.Form?.get("orphan"), ["", "nope"]);
  assert.deepEqual(post.Form?.get(""), ["nokey"]); // Go keeps an empty key after "="

  // GET: the body is not read.
  const get = NewRequest("GET", "http://x/?a=1+2&b=%41", "a=ignored");
  get.Header.Set("Content-Type", "application/x-www-form-urlencoded");
  await get.ParseForm();
  assert.deepEqual([...(get.Form ?? [])], [["a", ["1 2"]], ["b", ["A"]]]);
  assert.equal(get.PostForm?.size, 0);

  // Semicolons are no longer separators (Go 1.17); the error comes after the values are set.
  const semi = NewRequest("GET", "http://x/?a=1;b=2&c=3");
  await assert.rejects(semi.ParseForm(), (e: unknown) => e instanceof HTTPError && e.message === "invalid semicolon separator in query");
  assert.deepEqual([...(semi.Form ?? [])], [["c", ["3"]]]);
  assert.equal(await semi.FormValue("c"), "3");

  const badEscape = NewRequest("GET", "http://x/?a=%zz&b=1");
  await assert.rejects(badEscape.ParseForm(), { message: 'invalid URL escape "%zz"' });
  assert.equal(badEscape.Form?.Get("b"), "1");

  // A POST with no body, and a body that is not a form.
  const nobody = new Request({ Method: "POST", URL: "http://x/" });
  await assert.rejects(nobody.ParseForm(), { message: "missing form body" });
  const json = NewRequest("POST", "http://x/?k=v", '{"a":1}');
  json.Header.Set("Content-Type", "application/json");
  await json.ParseForm();
  assert.equal(json.PostForm?.size, 0);
  assert.equal(json.Form?.Get("k"), "v");
  const badCT = NewRequest("POST", "http://x/", "a=1");
  badCT.Header.Set("Content-Type", "/");
  await assert.rejects(badCT.ParseForm(), { message: "mime: expected token after slash" });

  // The body is limited to 10 MB unless it is a MaxBytesReader.
  const big = NewRequest("PUT", "http://x/", new Uint8Array((10 << 20) + 1).fill(0x61));
  big.Header.Set("Content-Type", "application/x-www-form-urlencoded");
  await assert.rejects(big.ParseForm(), { message: "http: POST too large" });
  const limited = NewRequest("PATCH", "http://x/", "a=123456");
  limited.Header.Set("Content-Type", "application/x-www-form-urlencoded");
  limited.Body = MaxBytesReader(null, limited.Body ?? NoBody, 3);
  await assert.rejects(limited.ParseForm(), (e: unknown) => e instanceof MaxBytesError && e.Limit === 3);
});

test("PathValue and SetPathValue; Clone copies them (TestRequestClonePathValue)", () => {
  const req = NewRequest("GET", "https://example.org/");
  req.SetPathValue("p1", "orig");
  const cloned = req.Clone(null);
  cloned.SetPathValue("p2", "copy");
  assert.equal(req.PathValue("p2"), "");
  assert.equal(req.PathValue("p1"), "orig");
  assert.equal(cloned.PathValue("p1"), "orig");
  assert.equal(cloned.PathValue("p2"), "copy");
});

test("Context, WithContext and Clone", () => {
  const req = NewRequest("POST", "https://example.org/a?b", "body");
  req.TransferEncoding = ["encoding1"];
  assert.equal(req.Context().aborted, false);
  const ac = new AbortController();
  const shallow = req.WithContext(ac.signal);
  assert.equal(shallow.Context(), ac.signal);
  assert.notEqual(req.Context(), ac.signal);
  assert.equal(shallow.Header, req.Header); // shallow
  assert.equal(shallow.Body, req.Body);
  const deep = req.Clone(ac.signal);
  assert.equal(deep.Context(), ac.signal);
  req.TransferEncoding[0] = "encoding2"; // TestRequestCloneTransferEncoding
  assert.equal(deep.TransferEncoding[0], "encoding1");
  req.Header.Set("X", "1");
  assert.equal(deep.Header.Get("X"), "");
  assert.notEqual(deep.URL, req.URL);
  assert.equal(deep.URL.href, req.URL.href);
  assert.equal(deep.Body, req.Body);
  const ctx = NewRequestWithContext(ac.signal, "GET", "http://x/");
  assert.equal(ctx.Context(), ac.signal);
  assert.throws(() => req.WithContext(null as unknown as AbortSignal), { message: "nil context" });
});

test("UserAgent, Referer, ProtoAtLeast", () => {
  const r = NewRequest("GET", "http://x/");
  r.Header.Set("user-agent", "ua/1");
  r.Header.Set("referer", "http://ref/");
  assert.equal(r.UserAgent(), "ua/1");
  assert.equal(r.Referer(), "http://ref/");
  assert.equal(r.ProtoAtLeast(1, 1), true);
  assert.equal(r.ProtoAtLeast(1, 2), false);
  assert.equal(r.ProtoAtLeast(0, 9), true);
});

test("MaxBytesReader (TestMaxBytesReaderDifferentLimits, TestMaxBytesReaderStickyError)", async () => {
  const testStr = "1234";
  const cases: [limit: number, lenP: number, wantN: number | null, wantErr: boolean][] = [
    [-123, 0, 0, false],
    [-100, 32 * 1024, null, true],
    [-2, 1, null, true],
    [-1, 2, null, true],
    [0, 3, null, true],
    [1, 4, 1, true], // Go returns 1 and the error together; gonet returns 1 and throws next
    [2, 5, 2, true],
    [3, 2, 2, false],
    [testStr.length, testStr.length, testStr.length, false],
    [100, 6, testStr.length, false],
    [Number.MAX_SAFE_INTEGER, testStr.length, testStr.length, false],
  ];
  for (const [limit, lenP, wantN, wantErr] of cases) {
    const rc = MaxBytesReader(null, new BytesBody(testStr), limit);
    const p = new Uint8Array(lenP);
    if (wantN === null) {
      await assert.rejects(rc.Read(p), (e: unknown) => e instanceof MaxBytesError && e.message === "http: request body too large", String(limit));
      continue;
    }
    assert.equal(await rc.Read(p), wantN, String(limit));
    if (wantErr) await assert.rejects(rc.Read(p), MaxBytesError, String(limit));
  }
  // The error is sticky.
  for (const [readable, limit] of [
    [99, 100],
    [100, 100],
    [101, 100],
  ] as const) {
    const rc = MaxBytesReader(null, new BytesBody(new Uint8Array(readable)), limit);
    const buf = new Uint8Array(1000);
    let total = 0;
    let first: unknown = null;
    for (;;) {
      try {
        const n = await rc.Read(buf);
        if (n === null) break;
        total += n;
      } catch (e) {
        first = e;
        break;
      }
    }
    assert.equal(total, Math.min(readable, limit));
    if (readable > limit) {
      assert.ok(first instanceof MaxBytesError);
      await assert.rejects(rc.Read(buf), (e: unknown) => e === first);
    } else {
      assert.equal(first, null);
      assert.equal(await rc.Read(buf), null); // EOF is sticky too
    }
  }
  // The server's ResponseWriter is told (requestTooLarge) so it can close the connection.
  let told = 0;
  const w = { Header: () => { throw new Error("unused"); }, Write: async () => 0, WriteHeader: () => {}, requestTooLarge: () => void told++ };
  const rc = MaxBytesReader(w as never, new BytesBody("abcdef"), 2);
  assert.equal(await rc.Read(new Uint8Array(10)), 2);
  assert.equal(told, 1);
});

test("parseURL keeps Go's view of the path and host", () => {
  const cases: [string, { path: string; host: string; relative: boolean; pathname: string }][] = [
    ["/a/../b?x=1", { path: "/a/../b", host: "", relative: true, pathname: "/b" }],
    ["http://Example.com:80//x/./y", { path: "//x/./y", host: "Example.com:80", relative: false, pathname: "//x/y" }],
    ["http://x/a%2Fb%20c", { path: "/a%2Fb%20c", host: "x", relative: false, pathname: "/a%2Fb%20c" }],
    ["http://x/a b", { path: "/a%20b", host: "x", relative: false, pathname: "/a%20b" }],
    ["http://x/a%2Fb c", { path: "/a/b%20c", host: "x", relative: false, pathname: "/a%2Fb%20c" }], // Go's EscapedPath quirk
    ["//host/p", { path: "/p", host: "host", relative: true, pathname: "/p" }],
    ["", { path: "", host: "", relative: true, pathname: "/" }],
    ["*", { path: "*", host: "", relative: true, pathname: "/*" }],
  ];
  for (const [input, want] of cases) {
    const u = parseURL(input);
    assert.equal(escapedPath(u), want.path, input);
    assert.equal(urlHost(u), want.host, input);
    assert.equal(isRelativeURL(u), want.relative, input);
    assert.equal(u.pathname, want.pathname, input);
  }
  // Modifying the URL drops Go's view.
  const u = parseURL("http://x/a/../b");
  assert.equal(escapedPath(u), "/a/../b");
  u.pathname = "/c";
  assert.equal(escapedPath(u), "/c");
  assert.equal(urlPath(parseURL("http://x/a%2Fb")), "/a/b");
  assert.equal(requestURI(parseURL("http://x/p%20q?r=s")), "/p%20q?r=s");
  assert.equal(requestURI(parseURL("http://x")), "/");
});

test("requestURL builds server request URLs as Go's ReadRequest does", () => {
  const cases: [method: string, target: string, host: string, want: { path: string; host: string; href: string }][] = [
    ["GET", "/a/../b?q=1", "example.com:8080", { path: "/a/../b", host: "", href: "http://example.com:8080/b?q=1" }],
    ["GET", "//evil.com/x", "example.com", { path: "//evil.com/x", host: "", href: "http://example.com//evil.com/x" }],
    ["CONNECT", "example.com:443", "", { path: "", host: "example.com:443", href: "http://example.com:443/" }],
    ["CONNECT", "/rpc", "h", { path: "/rpc", host: "", href: "http://h/rpc" }],
    ["GET", "http://abs.com/p", "ignored", { path: "/p", host: "abs.com", href: "http://abs.com/p" }],
    ["OPTIONS", "*", "h", { path: "*", host: "", href: "http://h/*" }],
    ["GET", "/x", "bad host@name", { path: "/x", host: "", href: "http://localhost/x" }],
  ];
  for (const [method, target, host, want] of cases) {
    const u = requestURL(method, target, host);
    assert.deepEqual({ path: escapedPath(u), host: urlHost(u), href: u.href }, want, `${method} ${target}`);
  }
  assert.throws(() => requestURL("GET", "relative", "h"), { message: 'parse "relative": invalid URI for request' });
  assert.throws(() => requestURL("GET", "", "h"), { message: 'parse "": empty url' });
});

test("Values and ParseQuery (url.Values)", () => {
  const v = ParseQuery("b=2&a=1&a=x+y&c=%26");
  assert.deepEqual([...v], [["b", ["2"]], ["a", ["1", "x y"]], ["c", ["&"]]]);
  assert.equal(v.Get("a"), "1");
  assert.equal(v.Has("c"), true);
  v.Set("a", "only");
  v.Add("d", "é ?");
  v.Del("b");
  assert.equal(v.Encode(), "a=only&c=%26&d=%C3%A9+%3F");
  assert.equal(new Values().Encode(), "");
  assert.equal(QueryEscape("a b/c?d=e&f"), "a+b%2Fc%3Fd%3De%26f");
  assert.throws(() => ParseQuery("a=1;b"), { message: "invalid semicolon separator in query" });
});
