// End-to-end: gonet/http's browser client (fetch) in real headless Chromium against a gonet
// Server (Node), which also serves the page: Get, Post and Do, a streamed response read
// incrementally, an aborted request, a redirect chain.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { bundlePage, openPage, type Browser } from "./chromium.js";
import { ReadAll } from "../src/io.js";
import { Listen } from "../src-node/dial.js";
import { ErrServerClosed, HandlerFunc, Redirect, Server, ServeMux } from "../src-node/http/index.js";
import type { HTTPE2EScenarios } from "./http-page.js";

/** newMux is the app under test; release and entered coordinate the streaming and abort scenarios. */
function newMux(js: string): ServeMux {
  let release: () => void = () => {};
  let entered: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  let inHang = new Promise<void>((r) => (entered = r));
  const mux = new ServeMux();
  mux.HandleFunc("GET /{$}", async (w) => {
    w.Header().Set("Content-Type", "text/html; charset=utf-8");
    await w.Write('<!doctype html><meta charset="utf-8"><title>gonet/http e2e</title><script type="module" src="/bundle.js"></script>');
  });
  mux.HandleFunc("GET /bundle.js", async (w) => {
    w.Header().Set("Content-Type", "text/javascript");
    await w.Write(js);
  });
  mux.HandleFunc("GET /hello", async (w, r) => {
    w.Header().Set("X-Gonet", "yes");
    w.Header().Set("Access-Control-Expose-Headers", "X-Gonet");
    await w.Write(`hello ${r.URL.searchParams.get("name") ?? ""}`);
  });
  mux.HandleFunc("/echo", async (w, r) => {
    const body = new TextDecoder().decode(await ReadAll(r.Body!));
    await w.Write(`${r.Method} ${body}`);
  });
  mux.HandleFunc("GET /stream", async (w) => {
    await w.Write("first chunk;");
    await w.Flush?.();
    await gate;
    gate = new Promise<void>((r) => (release = r));
    await w.Write("the rest");
  });
  mux.HandleFunc("GET /release", async (w) => {
    release();
    await w.Write("released");
  });
  mux.HandleFunc("GET /hang", async (_w, r) => {
    entered();
    await new Promise<void>((resolve) => r.Context().addEventListener("abort", () => resolve(), { once: true }));
  });
  mux.HandleFunc("GET /entered", async (w) => {
    await inHang;
    inHang = new Promise<void>((r) => (entered = r));
    await w.Write("entered");
  });
  mux.HandleFunc("GET /chain", async (w, r) => {
    const n = Number(r.URL.searchParams.get("n") ?? "0");
    if (n < 3) {
      await Redirect(w, r, `/chain?n=${n + 1}`, 302);
      return;
    }
    await w.Write(`end of chain at ${n}`);
  });
  mux.Handle("GET /unused", HandlerFunc(() => {}));
  return mux;
}

type Name = keyof HTTPE2EScenarios;

describe("gonet/http in Chromium against a gonet Server", () => {
  let srv: Server;
  let serving: Promise<unknown>;
  let base = "";
  let browser: Browser;
  let page: Page;

  before(async () => {
    srv = new Server({ Handler: newMux(await bundlePage("./http-page.ts")) });
    const l = await Listen("tcp", "127.0.0.1:0");
    base = "http://" + l.Addr().String();
    serving = srv.Serve(l).catch((e: unknown) => e);
    browser = await openPage(base + "/", "gonetHTTPE2EReady");
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await srv?.Close().catch(() => {});
    if (serving !== undefined) assert.equal(await serving, ErrServerClosed);
  });

  function run<N extends Name>(name: N): Promise<Awaited<ReturnType<HTTPE2EScenarios[N]>>> {
    return page.evaluate((n) => (globalThis as unknown as { gonetHTTPE2E: Record<string, () => Promise<unknown>> }).gonetHTTPE2E[n]!(), name) as Promise<
      Awaited<ReturnType<HTTPE2EScenarios[N]>>
    >;
  }

  it("Get reads status, headers and body", async () => {
    const r = await run("get");
    assert.deepEqual(r, { status: 200, statusText: "200 OK", text: "hello chromium", contentType: "text/plain; charset=utf-8", header: "yes" });
  });

  it("Post and Do send bodies", async () => {
    assert.deepEqual(await run("post"), { status: 200, text: "POST posted from the page" });
    assert.deepEqual(await run("doPut"), { status: 200, text: "PUT put bytes" });
  });

  it("reads a streamed response incrementally", async () => {
    assert.deepEqual(await run("stream"), { first: "first chunk;", rest: "the rest" });
  });

  it("an aborted request fails with `context canceled`", async () => {
    const r = await run("abort");
    assert.equal(r.message, `Get "${base}/hang": context canceled`);
    assert.equal(r.isURLError, true);
    assert.equal(r.canceled, true);
  });

  it("follows a redirect chain", async () => {
    assert.deepEqual(await run("redirect"), { text: "end of chain at 3", finalURL: `${base}/chain?n=3` });
  });
});
