// ServeMux, driven through NewRecorder. Tables from Go's server_test.go (TestFindHandler,
// TestRegisterErr, TestExactMatch, TestEscapedPathsAndPatterns, TestCleanPath), serve_test.go
// (TestServeMuxHandler, TestServeMuxHandlerRedirects, TestMuxRedirectLeadingSlashes,
// TestServeWithSlashRedirect*, TestMuxNoSlash*), pattern_test.go (TestRegisterConflict) and the
// examples of ServeMux's documentation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { HandlerFunc, redirectHandler, handlerFunc, type Handler, type ResponseWriter } from "../../src/http/handler.js";
import { cleanPath, parsePattern } from "../../src/http/pattern.js";
import { NoBody } from "../../src/http/body.js";
import { NewRecorder, NewTestRequest, type ResponseRecorder } from "../../src/http/recorder.js";
import { NewRequest, Request } from "../../src/http/request.js";
import { RoutingNode } from "../../src/http/routing.js";
import { DefaultServeMux, exactMatch, Handle, HandleFunc, NewServeMux, PatternError, ServeMux } from "../../src/http/servemux.js";
import { parseURL, urlRawQuery, withPath } from "../../src/http/url.js";

// pathURL is Go's &url.URL{Path: p}: a URL with only a path, kept as written.
const pathURL = (p: string): URL => withPath(parseURL(""), p, "");

const serve = (code: number): Handler => HandlerFunc((w) => w.WriteHeader(code));

async function run(h: Handler, r: Request): Promise<ResponseRecorder> {
  const rec = NewRecorder();
  // A handler gets a ServerRequest (Body never null, as Go's server sets it): a Request made
  // here becomes one with NoBody.
  await h.ServeHTTP(rec, Object.assign(r, { Body: r.Body ?? NoBody }));
  return rec;
}

// checkQueryStringHandler answers 200 if the query is "host/path" of the request, 500 otherwise.
const checkQueryStringHandler = HandlerFunc((w, r) => {
  w.WriteHeader("http://" + urlRawQuery(r.URL) === "http://" + r.Host + r.URL.pathname ? 200 : 500);
});

function serveMuxRegister(): ServeMux {
  const mux = NewServeMux();
  mux.Handle("/dir/", serve(200));
  mux.Handle("/search", serve(201));
  mux.Handle("codesearch.google.com/search", serve(202));
  mux.Handle("codesearch.google.com/", serve(203));
  mux.Handle("example.com/", checkQueryStringHandler);
  return mux;
}

test("ServeMux.Handler (TestServeMuxHandler)", async () => {
  const mux = serveMuxRegister();
  const cases: [method: string, host: string, path: string, code: number, pattern: string][] = [
    ["GET", "google.com", "/", 404, ""],
    ["GET", "google.com", "/dir", 301, "/dir/"],
    ["GET", "google.com", "/dir/", 200, "/dir/"],
    ["GET", "google.com", "/dir/file", 200, "/dir/"],
    ["GET", "google.com", "/search", 201, "/search"],
    ["GET", "google.com", "/search/", 404, ""],
    ["GET", "google.com", "/search/foo", 404, ""],
    ["GET", "codesearch.google.com", "/search", 202, "codesearch.google.com/search"],
    ["GET", "codesearch.google.com", "/search/", 203, "codesearch.google.com/"],
    ["GET", "codesearch.google.com", "/search/foo", 203, "codesearch.google.com/"],
    ["GET", "codesearch.google.com", "/", 203, "codesearch.google.com/"],
    ["GET", "codesearch.google.com:443", "/", 203, "codesearch.google.com/"],
    ["GET", "images.google.com", "/search", 201, "/search"],
    ["GET", "images.google.com", "/search/", 404, ""],
    ["GET", "images.google.com", "/search/foo", 404, ""],
    ["GET", "google.com", "/../search", 301, "/search"],
    ["GET", "google.com", "/dir/..", 301, ""],
    ["GET", "google.com", "/dir/./file", 301, "/dir/"],
    // The /foo -> /foo/ redirect applies to CONNECT requests but the path canonicalization does not.
    ["CONNECT", "google.com", "/dir", 301, "/dir/"],
    ["CONNECT", "google.com", "/../search", 404, ""],
    ["CONNECT", "google.com", "/dir/..", 200, "/dir/"],
    ["CONNECT", "google.com", "/dir/./file", 200, "/dir/"],
  ];
  for (const [method, host, path, code, pattern] of cases) {
    const r = new Request({ Method: method, Host: host, URL: pathURL(path) });
    const [h, pat] = mux.Handler(r);
    const rec = await run(h, r);
    assert.deepEqual([rec.Code, pat], [code, pattern], `${method} ${host} ${path}`);
  }
});

test("trailing-slash redirect reports the pattern it redirects to (Go issue 73688)", () => {
  const mux = NewServeMux();
  mux.Handle("/{x}/", serve(200));
  const [, p] = mux.Handler(NewRequest("POST", "/foo"));
  assert.equal(p, "/{x}/");
});

test("HandleFunc with a nil handler throws (TestServeMuxHandleFuncWithNilHandler)", () => {
  const mux = NewServeMux();
  assert.throws(() => mux.HandleFunc("/", null as unknown as () => void), (e: unknown) => e instanceof PatternError && e.message === "http: nil handler");
});

test("redirects keep the query string (TestServeMuxHandlerRedirects)", async () => {
  const mux = serveMuxRegister();
  const cases: [method: string, host: string, url: string, code: number, redirOk: boolean][] = [
    ["GET", "google.com", "/", 404, false],
    ["GET", "example.com", "/test/?example.com/test/", 200, false],
    ["GET", "example.com", "test/?example.com/test/", 200, true],
  ];
  for (const [method, host, url, code, redirOk] of cases) {
    let tries = 1; // at most one redirect if redirOk
    let turl = url;
    for (;;) {
      const r = new Request({ Method: method, Host: host, URL: turl });
      const [h] = mux.Handler(r);
      const rec = await run(h, r);
      if (rec.Code !== 301) {
        assert.equal(rec.Code, code, `${method} ${host} ${url}`);
        break;
      }
      assert.ok(redirOk, `${method} ${host} ${url}: unexpected redirect`);
      turl = rec.HeaderMap?.Get("Location") ?? "";
      tries--;
    }
    assert.ok(tries >= 0, `${url}: too many redirects`);
  }
});

test("leading slashes are cleaned for server requests (TestMuxRedirectLeadingSlashes)", async () => {
  for (const path of ["//foo.txt", "///foo.txt", "/../../foo.txt"]) {
    const mux = NewServeMux();
    const rec = await run(mux, NewTestRequest("GET", path));
    assert.equal(rec.Header().Get("Location"), "/foo.txt", path);
    assert.equal(rec.Code, 301, path);
  }
});

test("the implicit /tree redirect keeps the query (TestServeWithSlashRedirectKeepsQueryString)", async () => {
  const writeBackQuery: Handler = HandlerFunc((w, r) => w.Write(urlRawQuery(r.URL)));
  const mux = NewServeMux();
  mux.Handle("/testOne", writeBackQuery);
  mux.Handle("/testTwo/", writeBackQuery);
  mux.Handle("/testThree", writeBackQuery);
  mux.HandleFunc("/testThree/", async (w, r) => {
    await w.Write(urlRawQuery(r.URL) + ":bar");
  });
  const cases: [path: string, method: string, want: string, statusOk: boolean][] = [
    ["/testOne?this=that", "GET", "this=that", true],
    ["/testTwo?foo=bar", "GET", "foo=bar", true],
    ["/testTwo?a=1&b=2&a=3", "GET", "a=1&b=2&a=3", true],
    ["/testTwo?", "GET", "", true],
    ["/testThree?foo", "GET", "foo", true],
    ["/testThree/?foo", "GET", "foo:bar", true],
    ["/testThree?foo", "CONNECT", "foo", true],
    ["/testThree/?foo", "CONNECT", "foo:bar", true],
    // canonicalization or not
    ["/testOne/foo/..?foo", "GET", "foo", true],
    ["/testOne/foo/..?foo", "CONNECT", "404 page not found\n", false],
  ];
  for (const [path, method, want, statusOk] of cases) {
    // Follow redirects the way a client does.
    let target = path;
    let rec: ResponseRecorder;
    for (let hops = 0; ; hops++) {
      rec = await run(mux, NewTestRequest(method, target));
      if (rec.Code !== 301) break;
      assert.ok(hops < 3, path);
      target = rec.Header().Get("Location");
    }
    if (!statusOk) assert.equal(rec.Code, 404, path);
    assert.equal(rec.Body?.String(), want, `${method} ${path}`);
  }
});

test("the implicit /tree redirect with host patterns (TestServeWithSlashRedirectForHostPatterns)", async () => {
  const stringHandler = (s: string): Handler => HandlerFunc((w) => w.Header().Set("Result", s));
  const mux = NewServeMux();
  mux.Handle("example.com/pkg/foo/", stringHandler("example.com/pkg/foo/"));
  mux.Handle("example.com/pkg/bar", stringHandler("example.com/pkg/bar"));
  mux.Handle("example.com/pkg/bar/", stringHandler("example.com/pkg/bar/"));
  mux.Handle("example.com:3000/pkg/connect/", stringHandler("example.com:3000/pkg/connect/"));
  mux.Handle("example.com:9000/", stringHandler("example.com:9000/"));
  mux.Handle("/pkg/baz/", stringHandler("/pkg/baz/"));
  const cases: [method: string, url: string, code: number, loc: string, want: string][] = [
    ["GET", "http://example.com/", 404, "", ""],
    ["GET", "http://example.com/pkg/foo", 301, "/pkg/foo/", ""],
    ["GET", "http://example.com/pkg/bar", 200, "", "example.com/pkg/bar"],
    ["GET", "http://example.com/pkg/bar/", 200, "", "example.com/pkg/bar/"],
    ["GET", "http://example.com/pkg/baz", 301, "/pkg/baz/", ""],
    ["GET", "http://example.com:3000/pkg/foo", 301, "/pkg/foo/", ""],
    ["CONNECT", "http://example.com/", 404, "", ""],
    ["CONNECT", "http://example.com:3000/", 404, "", ""],
    ["CONNECT", "http://example.com:9000/", 200, "", "example.com:9000/"],
    ["CONNECT", "http://example.com/pkg/foo", 301, "/pkg/foo/", ""],
    ["CONNECT", "http://example.com:3000/pkg/foo", 404, "", ""],
    ["CONNECT", "http://example.com:3000/pkg/baz", 301, "/pkg/baz/", ""],
    ["CONNECT", "http://example.com:3000/pkg/connect", 301, "/pkg/connect/", ""],
  ];
  for (const [method, url, code, loc, want] of cases) {
    const rec = await run(mux, NewRequest(method, url));
    assert.equal(rec.Code, code, `${method} ${url}`);
    if (code === 301) assert.equal(rec.HeaderMap?.Get("Location"), loc, `${method} ${url}`);
    else assert.equal(rec.HeaderMap?.Get("Result"), want, `${method} ${url}`);
  }
});

test("no trailing-slash redirect or 405 for a path that already ends in a slash (Go issues 65624, 67657)", async () => {
  const mux = NewServeMux();
  mux.HandleFunc("/{x}/", async (w) => {
    await w.Write("ok\n");
  });
  assert.equal((await run(mux, NewRequest("GET", "/"))).Code, 404);
  const mux2 = NewServeMux();
  mux2.HandleFunc("GET /{x}/", async (w) => {
    await w.Write("ok\n");
  });
  assert.equal((await run(mux2, NewRequest("GET", "/"))).Code, 404);
});

test("findHandler (TestFindHandler)", () => {
  const mux = NewServeMux();
  const handlers = new Map<string, Handler>();
  for (const [pat, i] of [["/", 1], ["/foo/", 2], ["/foo", 3], ["/bar/", 4], ["//foo", 5]] as const) {
    const h = new handlerFunc(() => {});
    handlers.set(String(i), h);
    mux.Handle(pat, h);
  }
  type Want = { handler: number } | { url: string; code: number } | "notFound";
  const cases: [string, string, Want][] = [
    ["GET", "/", { handler: 1 }],
    ["GET", "//", { url: "/", code: 301 }],
    ["GET", "/foo/../bar/./..//baz", { url: "/baz", code: 301 }],
    ["GET", "/foo", { handler: 3 }],
    ["GET", "/foo/x", { handler: 2 }],
    ["GET", "/bar/x", { handler: 4 }],
    ["GET", "/bar", { url: "/bar/", code: 301 }],
    ["CONNECT", "", "notFound"],
    ["CONNECT", "/", { handler: 1 }],
    ["CONNECT", "//", { handler: 1 }],
    ["CONNECT", "//foo", { handler: 5 }],
    ["CONNECT", "/foo/../bar/./..//baz", { handler: 2 }],
    ["CONNECT", "/foo", { handler: 3 }],
    ["CONNECT", "/foo/x", { handler: 2 }],
    ["CONNECT", "/bar/x", { handler: 4 }],
    ["CONNECT", "/bar", { url: "/bar/", code: 301 }],
  ];
  for (const [method, path, want] of cases) {
    const r = new Request({ Method: method, Host: "example.com", URL: pathURL(path) });
    const [h] = mux.Handler(r);
    if (want === "notFound") {
      assert.ok(h instanceof handlerFunc, `${method} ${path}`);
    } else if ("handler" in want) {
      assert.equal(h, handlers.get(String(want.handler)), `${method} ${path}`);
    } else {
      assert.ok(h instanceof redirectHandler, `${method} ${path}`);
      assert.deepEqual([h.url, h.code], [want.url, want.code], `${method} ${path}`);
    }
  }
});

test("an empty ServeMux does not throw (TestEmptyServeMux)", () => {
  const [, p] = NewServeMux().Handler(new Request({ Method: "GET", Host: "example.com", URL: pathURL("/") }));
  assert.equal(p, "");
});

test("registration errors (TestRegisterErr and parse errors)", () => {
  const mux = NewServeMux();
  const h = serve(200);
  mux.Handle("/a", h);
  const cases: [pattern: string, handler: Handler | null, want: RegExp][] = [
    ["", h, /^http: invalid pattern$/],
    ["/", null, /^http: nil handler$/],
    ["/", new handlerFunc(null as unknown as () => void), /^http: nil handler$/],
    ["/{x", h, /^parsing "\/\{x": at offset 1: bad wildcard segment \(must end with '\}'\)$/],
    ["/a", h, /conflicts with pattern.* \(registered at .*servemux\.test\.ts:\d+/],
    ["GET //", h, /^parsing "GET \/\/": at offset 4: non-CONNECT pattern with unclean path can never match$/],
    ["A=B /", h, /^parsing "A=B \/": at offset 0: invalid method "A=B"$/],
    ["/{a...}/x", h, /^parsing "\/\{a\.\.\.\}\/x": at offset 1: \{\.\.\.\} wildcard not at end$/],
    ["/x/{y}/{y}", h, /^parsing "\/x\/\{y\}\/\{y\}": at offset 7: duplicate wildcard name "y"$/],
    ["{a}/b", h, /^parsing "\{a\}\/b": at offset 0: host contains '\{' \(missing initial '\/'\?\)$/],
    ["host.com", h, /^parsing "host\.com": at offset 0: host\/path missing \/$/],
  ];
  for (const [pattern, handler, want] of cases) {
    assert.throws(
      () => mux.Handle(pattern, handler as Handler),
      (e: unknown) => e instanceof PatternError && want.test(e.message) && e.Pattern === pattern,
      pattern,
    );
  }
});

test("conflict messages name both patterns (TestRegisterConflict and more)", () => {
  const cases: [existing: string[], pattern: string, want: string | null][] = [
    [["/a"], "/a", "/a matches the same requests as /a"],
    [["/a/{x}/"], "/a/{y}/{z...}", "/a/{y}/{z...} matches the same requests as /a/{x}/"],
    [["/"], "/{m...}", "/{m...} matches the same requests as /"],
    [["GET /"], "/index.html", "/index.html matches more methods than GET /, but has a more specific path pattern"],
    [["/index.html"], "GET /", "GET / matches fewer methods than /index.html, but has a more general path pattern"],
    [["POST /"], "/a", "/a matches more methods than POST /, but has a more specific path pattern"],
    [["GET /foo"], "HEAD /", "HEAD / matches fewer methods than GET /foo, but has a more general path pattern"],
    [
      ["/a/{x}"],
      "/{y}/b",
      '/{y}/b and /a/{x} both match some paths, like "/a/b".\nBut neither is more specific than the other.\n/{y}/b matches "/y/b", but /a/{x} doesn\'t.\n/a/{x} matches "/a/x", but /{y}/b doesn\'t.',
    ],
    [["example.com/a/{x}"], "example.com/{y}/a", "example.com/{y}/a and example.com/a/{x} both match some paths"],
    // Not conflicts: more specific, disjoint, or a host against none.
    [["/"], "/{$}", null],
    [["/images/"], "/images/thumbnails/", null],
    [["/{x}"], "/a", null],
    [["GET /a"], "POST /a", null],
    [["/a"], "example.com/a", null],
    [["a.com/x"], "b.com/x", null],
    [["GET /"], "GET /foo", null],
    [["/"], "GET /", null],
    [["/a/{x}"], "/a/{x}/{y}", null],
    [["/{x}/{y}"], "/{x}/a/{$}", null],
    [["GET /x"], "HEAD /x", null],
  ];
  for (const [existing, pattern, want] of cases) {
    const mux = NewServeMux();
    for (const p of existing) mux.Handle(p, serve(200));
    if (want === null) {
      mux.Handle(pattern, serve(200));
      continue;
    }
    assert.throws(
      () => mux.Handle(pattern, serve(200)),
      (e: unknown) => {
        if (!(e instanceof PatternError)) return false;
        const head = new RegExp(`^pattern "${escapeRe(pattern)}" \\(registered at [^)]+\\) conflicts with pattern "${escapeRe(existing[0] as string)}" \\(registered at [^)]+\\):\\n`);
        return head.test(e.message) && e.message.includes(want) && e.code === "GONET_HTTP_ERR_PATTERN_CONFLICT";
      },
      `${existing} + ${pattern}`,
    );
  }
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("exactMatch (TestExactMatch)", () => {
  const cases: [string, string, boolean][] = [
    ["", "/a", false],
    ["/", "/a", false],
    ["/a", "/a", true],
    ["/a/{x...}", "/a/b", false],
    ["/a/{x}", "/a/b", true],
    ["/a/b/", "/a/b/", true],
    ["/a/b/{$}", "/a/b/", true],
    ["/a/", "/a/b/", false],
  ];
  for (const [pattern, path, want] of cases) {
    let n: RoutingNode | null = null;
    if (pattern !== "") {
      n = new RoutingNode();
      n.pattern = parsePattern(pattern);
    }
    assert.equal(exactMatch(n, path), want, `${pattern} ${path}`);
  }
});

test("escaped paths and patterns (TestEscapedPathsAndPatterns)", () => {
  const matches: [pattern: string, paths: string[]][] = [
    ["/a", ["/a", "/%61"]], // this pattern matches a path that unescapes to "/a"
    ["/%62", ["/b", "/%62"]], // patterns are unescaped by segment
    ["/%7B/%7D", ["/{/}", "/%7b/}", "/{/%7d", "/%7B/%7D"]], // the only way to match '{' or '}'
    ["/%x", ["/%25x"]], // patterns that do not unescape are left unchanged
  ];
  const mux = NewServeMux();
  for (const [pattern] of matches) mux.HandleFunc(pattern, () => {});
  for (const [pattern, paths] of matches) {
    for (const p of paths) {
      const [, got] = mux.Handler(new Request({ URL: p }));
      assert.equal(got, pattern, p);
    }
  }
});

test("cleanPath (TestCleanPath)", () => {
  const cases: [string, string][] = [
    ["//", "/"],
    ["/x", "/x"],
    ["//x", "/x"],
    ["x//", "/x/"],
    ["a//b/////c", "/a/b/c"],
    ["/foo/../bar/./..//baz", "/baz"],
    ["", "/"],
    ["/a/b/", "/a/b/"],
    ["/a/./", "/a/"],
  ];
  for (const [input, want] of cases) assert.equal(cleanPath(input), want, input);
});

// The big routing table: one mux with the patterns of ServeMux's documentation and Go's tree
// tests, driven through ServeHTTP and NewRecorder.
test("routing table", async () => {
  let last: Request | null = null;
  const record: Handler = HandlerFunc((w, r) => {
    last = r;
    w.WriteHeader(200);
  });
  const mux = NewServeMux();
  for (const p of [
    "/index.html",
    "GET /static/",
    "example.com/",
    "example.com/{$}",
    "/b/{bucket}/o/{objectname...}",
    "/{$}",
    "/",
    "GET /items/{id}",
    "POST /items/{id}",
    "DELETE /items/{id}",
    "/items/{id}/edit",
    "GET /headwins",
    "HEAD /headwins",
    "/a",
    "/a/b",
    "/a/{x}",
    "/a/b/{x...}",
    "/a/b/{y}",
    "/a/b/{$}",
    "/g/h/i",
    "/g/{x}/j",
    "/users/{id}/posts/{post}",
    "GET api.example.com/v1/{rest...}",
    "/%7B/%7D",
    "/a%2fb/",
    "/files/{path...}",
    "/images/",
    "/images/thumbnails/",
    "/codesearch",
    "codesearch.google.com/",
  ]) {
    mux.Handle(p, record);
  }
  type Case = [method: string, host: string, target: string, code: number, pattern: string, values?: Record<string, string>, location?: string];
  const cases: Case[] = [
    ["GET", "example.org", "/index.html", 200, "/index.html"],
    ["POST", "example.org", "/index.html", 200, "/index.html"],
    ["GET", "x", "/static/app.js", 200, "GET /static/"],
    ["HEAD", "x", "/static/app.js", 200, "GET /static/"],
    ["POST", "x", "/static/app.js", 200, "/"],
    ["GET", "x", "/static", 301, "GET /static/", {}, "/static/"],
    ["GET", "example.com", "/anything", 200, "example.com/"],
    ["GET", "example.com", "/", 200, "example.com/{$}"],
    ["GET", "example.com:8080", "/", 200, "example.com/{$}"],
    ["GET", "other.com", "/", 200, "/{$}"],
    ["GET", "other.com", "/zzz", 200, "/"],
    ["GET", "x", "/b/mybucket/o/path/to/obj", 200, "/b/{bucket}/o/{objectname...}", { bucket: "mybucket", objectname: "path/to/obj" }],
    ["GET", "x", "/b/mybucket/o/", 200, "/b/{bucket}/o/{objectname...}", { bucket: "mybucket", objectname: "" }],
    ["GET", "x", "/b/mybucket/o", 301, "/b/{bucket}/o/{objectname...}", {}, "/b/mybucket/o/"],
    ["GET", "x", "/b/my%20bucket/o/a%2Fb", 200, "/b/{bucket}/o/{objectname...}", { bucket: "my bucket", objectname: "a/b" }],
    ["GET", "x", "/items/42", 200, "GET /items/{id}", { id: "42" }],
    ["HEAD", "x", "/items/42", 200, "GET /items/{id}", { id: "42" }],
    ["POST", "x", "/items/42", 200, "POST /items/{id}", { id: "42" }],
    ["DELETE", "x", "/items/42", 200, "DELETE /items/{id}", { id: "42" }],
    ["PUT", "x", "/items/42", 200, "/"],
    ["GET", "x", "/items/a%2Fb", 200, "GET /items/{id}", { id: "a/b" }],
    ["GET", "x", "/items/42/edit", 200, "/items/{id}/edit", { id: "42" }],
    ["GET", "x", "/headwins", 200, "GET /headwins"],
    ["HEAD", "x", "/headwins", 200, "HEAD /headwins"],
    ["GET", "x", "/a", 200, "/a"],
    ["GET", "x", "/a/b", 200, "/a/b"],
    ["GET", "x", "/a/%62", 200, "/a/b"],
    ["GET", "x", "/a/c", 200, "/a/{x}", { x: "c" }],
    ["GET", "x", "/a/b/", 200, "/a/b/{$}"],
    ["GET", "x", "/a/b/c", 200, "/a/b/{y}", { y: "c" }],
    ["GET", "x", "/a/b/c/d", 200, "/a/b/{x...}", { x: "c/d" }],
    ["GET", "x", "/g/h/i", 200, "/g/h/i"],
    ["GET", "x", "/g/h/j", 200, "/g/{x}/j", { x: "h" }],
    ["GET", "x", "/g/z/j", 200, "/g/{x}/j", { x: "z" }],
    ["GET", "x", "/users/7/posts/9", 200, "/users/{id}/posts/{post}", { id: "7", post: "9" }],
    ["GET", "api.example.com", "/v1/a/b", 200, "GET api.example.com/v1/{rest...}", { rest: "a/b" }],
    ["HEAD", "api.example.com", "/v1/a", 200, "GET api.example.com/v1/{rest...}", { rest: "a" }],
    ["POST", "api.example.com", "/v1/a", 200, "/"],
    ["GET", "x", "/%7B/%7D", 200, "/%7B/%7D"],
    ["GET", "x", "/{/}", 200, "/%7B/%7D"],
    ["GET", "x", "/a%2Fb/c", 200, "/a%2fb/"],
    ["GET", "x", "/a%2fb/", 200, "/a%2fb/"],
    ["GET", "x", "/files/x%2Fy/z", 200, "/files/{path...}", { path: "x/y/z" }],
    ["GET", "x", "/files/a%20b", 200, "/files/{path...}", { path: "a b" }],
    ["GET", "x", "/files/caf%C3%A9", 200, "/files/{path...}", { path: "café" }],
    ["GET", "x", "/images/x", 200, "/images/"],
    ["GET", "x", "/images/thumbnails/x", 200, "/images/thumbnails/"],
    ["GET", "x", "/images", 301, "/images/", {}, "/images/"],
    ["GET", "x", "/images?x=1&y=2", 301, "/images/", {}, "/images/?x=1&y=2"],
    ["GET", "x", "/images/thumbnails", 301, "/images/thumbnails/", {}, "/images/thumbnails/"],
    ["GET", "codesearch.google.com", "/", 200, "codesearch.google.com/"],
    ["GET", "www.google.com", "/codesearch", 200, "/codesearch"],
    ["GET", "codesearch.google.com", "/codesearch", 200, "codesearch.google.com/"],
    // Cleaned-path redirects, with the pattern that will match afterwards.
    ["GET", "x", "/a/../a", 301, "/a", {}, "/a"],
    ["GET", "x", "//a", 301, "/a", {}, "/a"],
    ["GET", "x", "/a/./b", 301, "/a/b", {}, "/a/b"],
    ["GET", "x", "/x/../static/js?q=1", 301, "GET /static/", {}, "/static/js?q=1"],
    ["GET", "x", "/items/5/../6", 301, "GET /items/{id}", {}, "/items/6"],
    ["GET", "x", "/a%2Fb/../c", 301, "/", {}, "/c"],
    ["GET", "x", "/a/x%2Fy/../c", 301, "/a/{x}", {}, "/a/c"],
    // CONNECT paths are used as they are.
    ["CONNECT", "x", "/a/../a", 200, "/"],
    ["CONNECT", "x", "/items/42", 200, "/"],
  ];
  assert.ok(cases.length >= 60);
  for (const [method, host, target, code, pattern, values, location] of cases) {
    last = null;
    const r = NewTestRequest(method, target);
    r.Host = host;
    const rec = await run(mux, r);
    const name = `${method} ${host} ${target}`;
    assert.equal(rec.Code, code, name);
    assert.equal(r.Pattern, pattern, name);
    assert.equal(mux.Handler(r)[1], pattern, name);
    if (code === 200) {
      assert.equal(last, r, name);
      for (const [k, v] of Object.entries(values ?? {})) assert.equal(r.PathValue(k), v, `${name} PathValue(${k})`);
    } else {
      assert.equal(last, null, name);
      assert.equal(rec.Header().Get("Location"), location, name);
      assert.equal(rec.Header().Get("Content-Type"), method === "GET" || method === "HEAD" ? "text/html; charset=utf-8" : "", name);
    }
  }
});

test("405 Method Not Allowed lists the allowed methods, sorted", async () => {
  const mux = NewServeMux();
  for (const p of ["GET /items/{id}", "POST /items/{id}", "DELETE /items/{id}", "GET /only/", "PUT b.com/x"]) mux.Handle(p, serve(200));
  const cases: [method: string, host: string, target: string, code: number, allow: string][] = [
    ["PUT", "x", "/items/1", 405, "DELETE, GET, HEAD, POST"],
    ["PATCH", "x", "/items/1", 405, "DELETE, GET, HEAD, POST"],
    ["HEAD", "x", "/items/1", 200, ""],
    ["POST", "x", "/only/x", 405, "GET, HEAD"],
    ["POST", "x", "/only", 405, "GET, HEAD"],
    ["GET", "x", "/nothing", 404, ""],
    ["GET", "b.com", "/x", 405, "PUT"],
    ["GET", "c.com", "/x", 404, ""],
  ];
  for (const [method, host, target, code, allow] of cases) {
    const r = NewTestRequest(method, target);
    r.Host = host;
    const rec = await run(mux, r);
    const name = `${method} ${host} ${target}`;
    assert.equal(rec.Code, code, name);
    assert.equal(rec.Header().Get("Allow"), allow, name);
    if (code === 405) {
      assert.equal(rec.Body?.String(), "Method Not Allowed\n", name);
      assert.equal(rec.Header().Get("Content-Type"), "text/plain; charset=utf-8", name);
      assert.equal(rec.Header().Get("X-Content-Type-Options"), "nosniff", name);
      assert.equal(mux.Handler(r)[1], "", name);
    }
    if (code === 404) assert.equal(rec.Body?.String(), "404 page not found\n", name);
  }
});

test("a request for * gets 400 with Connection: close", async () => {
  const mux = NewServeMux();
  mux.Handle("/", serve(200));
  const r = NewTestRequest("OPTIONS", "*");
  assert.equal(r.RequestURI, "*");
  const rec = await run(mux, r);
  assert.equal(rec.Code, 400);
  assert.equal(rec.Header().Get("Connection"), "close");
  const r10 = NewTestRequest("OPTIONS", "*");
  r10.ProtoMinor = 0;
  const rec10 = await run(mux, r10);
  assert.equal(rec10.Code, 400);
  assert.equal(rec10.Header().Get("Connection"), "");
});

test("async handlers are awaited through ServeHTTP; Handler does not set path values", async () => {
  const mux = NewServeMux();
  let step = "";
  mux.HandleFunc("/slow/{n}", async (w: ResponseWriter, r: Request) => {
    await Promise.resolve();
    step = "after";
    await w.Write("n=" + r.PathValue("n"));
  });
  const r = NewTestRequest("GET", "/slow/3");
  const [h, p] = mux.Handler(r);
  assert.equal(p, "/slow/{n}");
  assert.equal(r.PathValue("n"), "");
  assert.equal(r.Pattern, "");
  const rec = NewRecorder();
  await h.ServeHTTP(rec, r);
  assert.equal(rec.Body?.String(), "n=");
  const rec2 = await run(mux, NewTestRequest("GET", "/slow/3"));
  assert.equal(step, "after");
  assert.equal(rec2.Body?.String(), "n=3");
});

test("Handle accepts a plain function; the package-level Handle and HandleFunc use DefaultServeMux", async () => {
  const mux = NewServeMux();
  mux.Handle("/fn", (w: ResponseWriter) => w.WriteHeader(204));
  assert.equal((await run(mux, NewTestRequest("GET", "/fn"))).Code, 204);

  HandleFunc("/gonet-test-default/{x}", async (w, r) => {
    await w.Write(r.PathValue("x"));
  });
  Handle("/gonet-test-default2", serve(202));
  assert.equal((await run(DefaultServeMux, NewTestRequest("GET", "/gonet-test-default/q"))).Body?.String(), "q");
  assert.equal((await run(DefaultServeMux, NewTestRequest("GET", "/gonet-test-default2"))).Code, 202);
  assert.throws(
    () => Handle("/gonet-test-default2", serve(200)),
    (e: unknown) => e instanceof PatternError && /\(registered at .*servemux\.test\.ts:\d+:\d+\) conflicts/.test(e.message),
  );
});
