// gonet/httptest on Node: NewServer and NewTLSServer are real loopback servers whose Client()
// talks to them (trusting the built-in certificate), Close stops them; the recorder is exported.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Client, Get, HandlerFunc, NewRequest as NewHTTPRequest, URLError } from "../../src-node/http/index.js";
import { NewRecorder, NewRequest, NewServer, NewTLSServer, NewUnstartedServer } from "../../src-node/httptest.js";

const hello = HandlerFunc(async (w, r) => {
  w.Header().Set("X-TLS", r.TLS === null ? "no" : `yes ${r.TLS.Version.toString(16)}`);
  await w.Write("hello " + r.URL.pathname);
});

describe("httptest.NewServer", () => {
  it("serves on 127.0.0.1 with a URL without trailing slash, and Close stops it", async (t) => {
    const ts = await NewServer(hello);
    t.after(() => ts.Close());
    assert.match(ts.URL, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await ts.Client().Get(ts.URL + "/a");
    assert.equal(await res.text(), "hello /a");
    assert.equal(res.Header.Get("X-TLS"), "no");
    await ts.Close();
    await assert.rejects(Get(ts.URL + "/a"), (e: unknown) => e instanceof URLError && /connect: connection refused$/.test(e.message));
  });

  it("NewUnstartedServer lets the Config change before Start", async (t) => {
    const ts = NewUnstartedServer(hello);
    ts.Config.MaxHeaderBytes = 1;
    await ts.Start();
    t.after(() => ts.Close());
    // Go allows 4096 bytes over MaxHeaderBytes; this header is past that.
    const req = NewHTTPRequest("GET", ts.URL + "/b");
    req.Header.Set("X-Big", "a".repeat(8192));
    const res = await ts.Client().Do(req);
    assert.equal(res.StatusCode, 431);
    await res.Body.Close();
  });
});

describe("httptest.NewTLSServer", () => {
  it("serves HTTPS that Client() trusts and a default client does not", async (t) => {
    const ts = await NewTLSServer(hello);
    t.after(() => ts.Close());
    assert.match(ts.URL, /^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await ts.Client().Get(ts.URL + "/secure");
    assert.equal(await res.text(), "hello /secure");
    assert.match(res.Header.Get("X-TLS"), /^yes 30[34]$/);
    const err = await new Client().Get(ts.URL).catch((e: unknown) => e);
    assert.ok(err instanceof URLError);
    assert.equal(err.message, `Get "${ts.URL}": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
  });
});

describe("httptest.NewRecorder", () => {
  it("records a handler's response", async () => {
    const rec = NewRecorder();
    await hello.ServeHTTP(rec, NewRequest("GET", "/rec"));
    const res = rec.Result();
    assert.equal(res.StatusCode, 200);
    assert.equal(await res.text(), "hello /rec");
  });
});
