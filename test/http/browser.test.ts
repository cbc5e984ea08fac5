// The browser gonet/http and gonet/httptest, run on Node's fetch against a real gonet Server:
// the fetch Transport (streamed bodies, abort, redirects both ways), the Server stub's
// ErrUnsupported, and the same export names as Node's entry points.

import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { ErrCanceled, ErrUnsupported, Is, OpError } from "../../src/errors.js";
import { ReadAll } from "../../src/io.js";
import * as browserHTTP from "../../src-browser/http/index.js";
import * as browserTest from "../../src-browser/httptest.js";
import * as nodeHTTP from "../../src-node/http/index.js";
import * as nodeTest from "../../src-node/httptest.js";

const { Client, NewRequestWithContext, Transport, URLError } = browserHTTP;

async function serve(t: TestContext, h: nodeHTTP.Handler, release?: () => void): Promise<nodeTest.Server> {
  const ts = await nodeTest.NewServer(h);
  t.after(async () => {
    release?.();
    await ts.Close();
  });
  return ts;
}

describe("browser Transport (fetch)", () => {
  it("sends method, headers and body, and reads status and headers", async (t) => {
    const ts = await serve(
      t,
      nodeHTTP.HandlerFunc(async (w, r) => {
        w.Header().Set("X-Echo", r.Header.Get("X-Test"));
        const b = r.Body === null ? new Uint8Array() : await ReadAll(r.Body);
        w.WriteHeader(201);
        await w.Write(`${r.Method} ${new TextDecoder().decode(b)}`);
      }),
    );
    const c = new Client({ Transport: new Transport() });
    const req = browserHTTP.NewRequest("PUT", ts.URL + "/x", "data");
    req.Header.Set("X-Test", "yes");
    const res = await c.Do(req);
    assert.equal(res.StatusCode, 201);
    assert.equal(res.Status, "201 Created");
    assert.equal(res.Header.Get("X-Echo"), "yes");
    assert.equal(await res.text(), "PUT data");
  });

  it("streams the response body as it arrives", async (t) => {
    let next!: () => void;
    const gate = new Promise<void>((r) => (next = r));
    const ts = await serve(
      t,
      nodeHTTP.HandlerFunc(async (w) => {
        await w.Write("first;");
        await w.Flush?.();
        await gate; // the second part is written only after the client read the first
        await w.Write("second");
      }),
      () => next(),
    );
    const res = await new Client({ Transport: new Transport() }).Get(ts.URL);
    const buf = new Uint8Array(64);
    const n = await res.Body.Read(buf);
    assert.equal(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "first;");
    next();
    assert.equal(await res.text(), "second");
  });

  it("aborts with the request's signal: `context canceled`", async (t) => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ts = await serve(
      t,
      nodeHTTP.HandlerFunc(async () => {
        entered();
        await gate;
      }),
      () => release(),
    );
    const ac = new AbortController();
    const pending = new Client({ Transport: new Transport() }).Do(NewRequestWithContext(ac.signal, "GET", ts.URL)).catch((e: unknown) => e);
    await inHandler;
    ac.abort();
    const err = await pending;
    assert.ok(err instanceof URLError);
    assert.equal(err.message, `Get "${ts.URL}": context canceled`);
    assert.ok(Is(err, ErrCanceled));
  });

  it("lets fetch follow a redirect chain by default; Response.Request has the final URL", async (t) => {
    const ts = await serve(
      t,
      nodeHTTP.HandlerFunc(async (w, r) => {
        const n = Number(r.URL.searchParams.get("n") ?? "0");
        if (n < 3) {
          await nodeHTTP.Redirect(w, r, `/chain?n=${n + 1}`, 302);
          return;
        }
        await w.Write(`n=${n}`);
      }),
    );
    const res = await new Client({ Transport: new Transport() }).Get(ts.URL + "/chain");
    assert.equal(await res.text(), "n=3");
    assert.equal(res.Request?.URL.href, ts.URL + "/chain?n=3");
  });

  it('with Redirect "manual", where the platform shows 3xx, the Client applies Go\'s policy', async (t) => {
    const ts = await serve(
      t,
      nodeHTTP.HandlerFunc(async (w, r) => {
        const n = Number(r.URL.searchParams.get("n") ?? "0");
        await nodeHTTP.Redirect(w, r, `/?n=${n + 1}`, 307);
      }),
    );
    const c = new Client({ Transport: new Transport({ Redirect: "manual" }) });
    await assert.rejects(c.Get(ts.URL), (e: unknown) => e instanceof URLError && e.message === 'Get "/?n=10": stopped after 10 redirects');
  });

  it("reports a network failure as a URLError", async () => {
    const l = await (await import("../../src-node/dial.js")).Listen("tcp", "127.0.0.1:0");
    const addr = l.Addr().String();
    await l.Close();
    const err = await new Client({ Transport: new Transport() }).Get(`http://${addr}/`).catch((e: unknown) => e);
    assert.ok(err instanceof URLError);
    assert.ok(err.message.startsWith(`Get "http://${addr}/": `));
  });
});

describe("browser Server and httptest", () => {
  it("Server, ListenAndServe and NewServer fail with ErrUnsupported and a hint", async () => {
    const check = (e: unknown): boolean => {
      assert.ok(e instanceof OpError);
      assert.ok(Is(e, ErrUnsupported));
      assert.match(e.message, /^listen tcp: unsupported operation \(.+\)$/);
      return true;
    };
    assert.throws(() => new browserHTTP.Server({}), check);
    await assert.rejects(browserHTTP.ListenAndServe(":8080", null), check);
    await assert.rejects(browserTest.NewServer(browserHTTP.HandlerFunc(() => {})), check);
    assert.throws(() => browserTest.NewUnstartedServer(browserHTTP.HandlerFunc(() => {})), check);
  });

  it("NewRecorder works in the browser build", async () => {
    const rec = browserTest.NewRecorder();
    await browserHTTP.HandlerFunc((w) => w.Write("hi")).ServeHTTP(rec, browserTest.NewRequest("GET", "/"));
    assert.equal(await rec.Result().text(), "hi");
  });

  it("gonet/http and gonet/httptest export the same names on both platforms", () => {
    assert.deepEqual(Object.keys(browserHTTP).sort(), Object.keys(nodeHTTP).sort());
    assert.deepEqual(Object.keys(browserTest).sort(), Object.keys(nodeTest).sort());
  });
});
