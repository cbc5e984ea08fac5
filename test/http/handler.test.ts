// Helper handlers of Go's server.go, driven through NewRecorder. Tables from Go's serve_test.go
// (TestRedirect, TestRedirectContentTypeAndBody, TestRedirectBadPath, TestStripPrefix,
// TestStripPrefixNotModifyRequest, TestTimeoutHandler*).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ErrCanceled, Is } from "../../src/errors.js";
import { MaxBytesError, NoBody } from "../../src/http/body.js";
import {
  AllowQuerySemicolons,
  checkWriteHeaderCode,
  Error as HTTPErrorReply,
  ErrHandlerTimeout,
  HandlerFunc,
  MaxBytesHandler,
  NotFound,
  NotFoundHandler,
  Redirect,
  RedirectHandler,
  StripPrefix,
  TimeoutHandler,
} from "../../src/http/handler.js";
import { NewRecorder, NewTestRequest } from "../../src/http/recorder.js";
import { NewRequest, Request } from "../../src/http/request.js";
import { escapedPath, parseURL, urlPath, urlRawQuery, withPath } from "../../src/http/url.js";
import { ReadAll } from "../../src/io.js";

test("Error replaces the content headers", async () => {
  const rec = NewRecorder();
  rec.Header().Set("Content-Length", "100");
  rec.Header().Set("Content-Encoding", "gzip");
  rec.Header().Set("Content-Type", "application/json");
  rec.Header().Set("X-Keep", "1");
  await HTTPErrorReply(rec, "bad thing", 418);
  assert.equal(rec.Code, 418);
  assert.equal(rec.Body?.String(), "bad thing\n");
  const h = rec.Result().Header;
  assert.deepEqual(
    [h.Get("Content-Length"), h.Get("Content-Encoding"), h.Get("Content-Type"), h.Get("X-Content-Type-Options"), h.Get("X-Keep")],
    ["", "", "text/plain; charset=utf-8", "nosniff", "1"],
  );
  const nf = NewRecorder();
  await NotFound(nf, NewTestRequest("GET", "/"));
  assert.deepEqual([nf.Code, nf.Body?.String()], [404, "404 page not found\n"]);
  const nfh = NewRecorder();
  await NotFoundHandler().ServeHTTP(nfh, NewTestRequest("GET", "/"));
  assert.equal(nfh.Code, 404);
});

test("Redirect resolves relative URLs (TestRedirect)", async () => {
  const req = NewRequest("GET", "http://example.com/qux/");
  const cases: [string, string][] = [
    ["http://foobar.com/baz", "http://foobar.com/baz"], // normal http
    ["https://foobar.com/baz", "https://foobar.com/baz"], // normal https
    ["test://foobar.com/baz", "test://foobar.com/baz"], // custom scheme
    ["//foobar.com/baz", "//foobar.com/baz"], // schemeless
    ["/foobar.com/baz", "/foobar.com/baz"], // relative to the root
    ["foobar.com/baz", "/qux/foobar.com/baz"], // relative to the current path
    ["../quux/foobar.com/baz", "/quux/foobar.com/baz"], // relative, going upwards
    ["///foobar.com/baz", "/foobar.com/baz"], // incorrect number of slashes
    // Verifies we don't path.Clean() on the wrong parts in redirects:
    ["/foo?next=http://bar.com/", "/foo?next=http://bar.com/"],
    ["http://localhost:8080/_ah/login?continue=http://localhost:8080/", "http://localhost:8080/_ah/login?continue=http://localhost:8080/"],
    ["/фубар", "/%d1%84%d1%83%d0%b1%d0%b0%d1%80"],
    ["http://foo.com/фубар", "http://foo.com/%d1%84%d1%83%d0%b1%d0%b0%d1%80"],
    ["", "/qux/"],
    ["a/b/", "/qux/a/b/"],
    ["%zz", "%zz"], // does not parse: used as is
  ];
  for (const [input, want] of cases) {
    const rec = NewRecorder();
    await Redirect(rec, req, input, 302);
    assert.equal(rec.Code, 302, input);
    assert.equal(rec.Header().Get("Location"), want, input);
  }
});

test("Redirect's Content-Type and body (TestRedirectContentTypeAndBody)", async () => {
  const cases: [method: string, ct: string[] | null, wantCT: string, wantBody: string][] = [
    ["GET", null, "text/html; charset=utf-8", '<a href="/foo">Found</a>.\n\n'],
    ["HEAD", null, "text/html; charset=utf-8", ""],
    ["POST", null, "", ""],
    ["DELETE", null, "", ""],
    ["foo", null, "", ""],
    ["GET", ["application/test"], "application/test", ""],
    ["GET", [], "", ""],
  ];
  for (const [method, ct, wantCT, wantBody] of cases) {
    const req = NewTestRequest(method, "http://example.com/qux/");
    const rec = NewRecorder();
    if (ct !== null) rec.Header().set("Content-Type", ct);
    await Redirect(rec, req, "/foo", 302);
    assert.equal(rec.Code, 302, method);
    assert.equal(rec.Header().Get("Content-Type"), wantCT, method);
    assert.equal(await rec.Result().text(), wantBody, method);
  }
  // The body escapes the URL.
  const rec = NewRecorder();
  await Redirect(rec, NewTestRequest("GET", "/"), `/a?b="<c>&'d'`, 301);
  assert.equal(rec.Body?.String(), `<a href="/a?b=&#34;&lt;c&gt;&amp;&#39;d&#39;">Moved Permanently</a>.\n\n`);
  // A bogus path without a leading slash does not crash (TestRedirectBadPath).
  const rr = NewRecorder();
  await Redirect(rr, new Request({ Method: "GET", URL: withPath(parseURL("http://x"), "not-empty-but-no-leading-slash", "") }), "", 304);
  assert.equal(rr.Code, 304);
  // RedirectHandler.
  const rh = NewRecorder();
  await RedirectHandler("/elsewhere", 307).ServeHTTP(rh, NewTestRequest("POST", "/here/x"));
  assert.deepEqual([rh.Code, rh.Header().Get("Location"), rh.Header().Get("Content-Type")], [307, "/elsewhere", ""]);
});

test("StripPrefix (TestStripPrefix, TestStripPrefixNotModifyRequest)", async () => {
  const h = HandlerFunc((w, r) => {
    w.Header().Set("X-Path", urlPath(r.URL));
    const ep = escapedPath(r.URL);
    w.Header().Set("X-EscapedPath", ep);
    w.Header().Set("X-Query", urlRawQuery(r.URL));
  });
  const cases: [reqPath: string, path: string, escaped: string][] = [
    ["/foo/bar/qux", "/qux", "/qux"],
    ["/foo/bar%2Fqux", "/qux", "%2Fqux"], // RawPath "%2Fqux"
    ["/foo%2Fbar/qux", "", ""], // escaped prefix does not match
    ["/bar", "", ""], // no prefix match
    ["/foo/bar/a%20b?x=1", "/a b", "/a%20b"],
  ];
  for (const [reqPath, path, escaped] of cases) {
    const rec = NewRecorder();
    await StripPrefix("/foo/bar", h).ServeHTTP(rec, NewTestRequest("GET", reqPath));
    if (path === "") {
      assert.equal(rec.Code, 404, reqPath);
      continue;
    }
    assert.equal(rec.Code, 200, reqPath);
    assert.equal(rec.Header().Get("X-Path"), path, reqPath);
    assert.equal(rec.Header().Get("X-EscapedPath"), escaped, reqPath);
    if (reqPath.includes("?")) assert.equal(rec.Header().Get("X-Query"), "x=1");
  }
  const req = NewTestRequest("GET", "/foo/bar");
  await StripPrefix("/foo", NotFoundHandler()).ServeHTTP(NewRecorder(), req);
  assert.equal(urlPath(req.URL), "/foo/bar");
  assert.equal(StripPrefix("", h), h);
});

test("TimeoutHandler passes a fast handler's response through", async () => {
  const h = TimeoutHandler(
    HandlerFunc(async (w) => {
      w.Header().Set("X-A", "1");
      w.WriteHeader(201);
      await w.Write("hi");
    }),
    60_000,
    "",
  );
  const rec = NewRecorder();
  await h.ServeHTTP(rec, NewTestRequest("GET", "/"));
  assert.deepEqual([rec.Code, rec.Body?.String(), rec.Header().Get("X-A")], [201, "hi", "1"]);
  // An empty response is a 200 (TestTimeoutHandlerEmptyResponse).
  const empty = NewRecorder();
  await TimeoutHandler(HandlerFunc(() => {}), 60_000, "").ServeHTTP(empty, NewTestRequest("GET", "/"));
  assert.deepEqual([empty.Code, empty.Body?.String()], [200, ""]);
  // A thrown error (Go's panic) propagates (TestTimeoutHandlerPanicRecovery).
  await assert.rejects(
    Promise.resolve(TimeoutHandler(HandlerFunc(() => { throw new Error("intentional death for testing"); }), 60_000, "").ServeHTTP(NewRecorder(), NewTestRequest("GET", "/"))),
    { message: "intentional death for testing" },
  );
});

test("TimeoutHandler times out: 503 with the message, later writes throw ErrHandlerTimeout", async () => {
  for (const [msg, wantBody] of [
    ["custom timeout body", "custom timeout body"],
    ["", "<html><head><title>Timeout</title></head><body><h1>Timeout</h1></body></html>"],
  ] as const) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let finished!: (e: unknown) => void;
    const writeErr = new Promise<unknown>((r) => (finished = r));
    let abortReason: unknown = null;
    const slow = HandlerFunc(async (w, r) => {
      // Wait for the deadline: the request's context aborts when it passes.
      await new Promise<void>((resolve) => r.Context().addEventListener("abort", () => resolve(), { once: true }));
      abortReason = r.Context().reason;
      await released;
      try {
        await w.Write("late");
        finished(null);
      } catch (e) {
        finished(e);
      }
    });
    const rec = NewRecorder();
    await TimeoutHandler(slow, 5, msg).ServeHTTP(rec, NewTestRequest("GET", "/"));
    assert.equal(rec.Code, 503);
    assert.equal(rec.Body?.String(), wantBody);
    assert.ok(abortReason instanceof DOMException && abortReason.name === "TimeoutError");
    release();
    const err = await writeErr;
    assert.equal(err, ErrHandlerTimeout);
    assert.ok(Is(err, ErrHandlerTimeout) && (err as Error).message === "http: Handler timeout");
    assert.equal(rec.Body?.String(), wantBody); // the late write went nowhere
  }
});

test("TimeoutHandler: a canceled request gets 503 without a body", async () => {
  const ac = new AbortController();
  let finished!: (e: unknown) => void;
  const writeErr = new Promise<unknown>((r) => (finished = r));
  let entered!: () => void;
  const inHandler = new Promise<void>((r) => (entered = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const h = TimeoutHandler(
    HandlerFunc(async (w) => {
      entered();
      await released;
      try {
        await w.Write("x");
        finished(null);
      } catch (e) {
        finished(e);
      }
    }),
    60_000,
    "msg",
  );
  const rec = NewRecorder();
  const served = h.ServeHTTP(rec, NewTestRequest("GET", "/", null, ac.signal));
  await inHandler;
  ac.abort(ErrCanceled);
  await served;
  assert.equal(rec.Code, 503);
  assert.equal(rec.Body?.String(), "");
  release();
  assert.equal(await writeErr, ErrCanceled);
});

test("MaxBytesHandler limits the request body", async () => {
  let err: unknown = null;
  let got = "";
  const h = MaxBytesHandler(
    HandlerFunc(async (_w, r) => {
      try {
        got = new TextDecoder().decode(await ReadAll(r.Body ?? NoBody));
      } catch (e) {
        err = e;
      }
    }),
    4,
  );
  await h.ServeHTTP(NewRecorder(), NewTestRequest("POST", "/", "12345"));
  assert.ok(err instanceof MaxBytesError && err.Limit === 4);
  err = null;
  await h.ServeHTTP(NewRecorder(), NewTestRequest("POST", "/", "1234"));
  assert.deepEqual([err, got], [null, "1234"]);
});

test("AllowQuerySemicolons rewrites ';' to '&'", async () => {
  let q = "";
  let form = "";
  const h = AllowQuerySemicolons(
    HandlerFunc(async (_w, r) => {
      q = urlRawQuery(r.URL);
      form = await r.FormValue("b");
    }),
  );
  const r = NewTestRequest("GET", "/a/../x?a=1;b=2");
  await h.ServeHTTP(NewRecorder(), r);
  assert.deepEqual([q, form], ["a=1&b=2", "2"]);
  assert.equal(urlRawQuery(r.URL), "a=1;b=2"); // the caller's request is not modified
});

test("checkWriteHeaderCode accepts three digits only", () => {
  for (const c of [100, 200, 599, 999]) checkWriteHeaderCode(c);
  for (const c of [0, 99, 1000, 200.5]) assert.throws(() => checkWriteHeaderCode(c), { message: `invalid WriteHeader code ${c}` });
});
