// End-to-end: gonet/websocket's browser backend (the native WebSocket) in real headless
// Chromium against a gonet Server (Node) whose handlers Accept, which also serves the page:
// Dial with a subprotocol, text and binary echo, Close with a code the server sees, and the
// CloseStatus of the server's close.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { bundlePage, openPage, type Browser } from "./chromium.js";
import { Listen } from "../src-node/dial.js";
import { ErrServerClosed, Server, ServeMux } from "../src-node/http/index.js";
import { Accept, CloseStatus, CloseError, MessageText, type Conn } from "../src-node/websocket.js";
import type { WSE2EScenarios } from "./websocket-page.js";

/** Seen is what /expect-close read when the page closed: the error, its CloseStatus and reason, the text before. */
interface Seen {
  message: string;
  code: number;
  reason: string;
  text: string;
}

function newMux(js: string, seen: Array<(s: Seen) => void>, conns: Set<Conn>): ServeMux {
  const track = (c: Conn): Conn => {
    conns.add(c);
    return c;
  };
  const mux = new ServeMux();
  mux.HandleFunc("GET /{$}", async (w) => {
    w.Header().Set("Content-Type", "text/html; charset=utf-8");
    await w.Write('<!doctype html><meta charset="utf-8"><title>gonet/websocket e2e</title><script type="module" src="/bundle.js"></script>');
  });
  mux.HandleFunc("GET /bundle.js", async (w) => {
    w.Header().Set("Content-Type", "text/javascript");
    await w.Write(js);
  });
  // The handlers hand their Conn to a loop and return: an accepted Conn outlives its handler.
  mux.HandleFunc("GET /echo", async (w, r) => {
    const c = track(await Accept(w, r, { Subprotocols: ["echo.v1"] }));
    void (async () => {
      try {
        for (;;) {
          const [typ, data] = await c.Read();
          await c.Write(typ, data);
        }
      } catch {
        // the page closed
      }
    })();
  });
  mux.HandleFunc("GET /expect-close", async (w, r) => {
    const c = track(await Accept(w, r));
    void (async () => {
      let text = "";
      try {
        for (;;) text += new TextDecoder().decode((await c.Read())[1]);
      } catch (e) {
        const report = seen.shift();
        report?.({ message: (e as Error).message, code: CloseStatus(e), reason: e instanceof CloseError ? e.Reason : "", text });
      }
    })();
  });
  mux.HandleFunc("GET /close4000", async (w, r) => {
    const c = track(await Accept(w, r));
    await c.Write(MessageText, "before");
    void c.Close(4000, "server says bye").catch(() => {});
  });
  return mux;
}

type Name = keyof WSE2EScenarios;

describe("gonet/websocket in Chromium against a gonet Server", () => {
  let srv: Server;
  let serving: Promise<unknown>;
  let browser: Browser;
  let page: Page;
  const seen: Array<(s: Seen) => void> = [];
  const conns = new Set<Conn>();

  before(async () => {
    srv = new Server({ Handler: newMux(await bundlePage("./websocket-page.ts"), seen, conns) });
    const l = await Listen("tcp", "127.0.0.1:0");
    const base = "http://" + l.Addr().String();
    serving = srv.Serve(l).catch((e: unknown) => e);
    browser = await openPage(base + "/", "gonetWSE2EReady");
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await Promise.all([...conns].map((c) => c.CloseNow().catch(() => {})));
    await srv?.Close().catch(() => {});
    if (serving !== undefined) assert.equal(await serving, ErrServerClosed);
  });

  function run<N extends Name>(name: N): Promise<Awaited<ReturnType<WSE2EScenarios[N]>>> {
    return page.evaluate((n) => (globalThis as unknown as { gonetWSE2E: Record<string, () => Promise<unknown>> }).gonetWSE2E[n]!(), name) as Promise<
      Awaited<ReturnType<WSE2EScenarios[N]>>
    >;
  }

  it("Dial negotiates the subprotocol and echoes text and binary messages byte for byte", async () => {
    const r = await run("echo");
    assert.equal(r.subprotocol, "echo.v1");
    assert.equal(r.status, 101);
    assert.equal(r.textType, 1);
    assert.equal(r.text, "héllo, 世界");
    assert.equal(r.binaryType, 2);
    assert.deepEqual(r.binary, Array.from({ length: 256 }, (_, i) => i));
    assert.equal(r.closed, "ok");
  });

  it("Close with a code: the server reads it with CloseStatus, the page's Close resolves on the echo", async () => {
    const got = new Promise<Seen>((resolve) => seen.push(resolve));
    const r = await run("closeWithCode");
    assert.equal(r.closed, "ok");
    const s = await got;
    assert.equal(s.text, "about to close");
    assert.equal(s.code, 4001);
    assert.equal(s.reason, "the page is done");
    assert.equal(s.message, 'failed to get reader: received close frame: status = StatusCode(4001) and reason = "the page is done"');
  });

  it("the server's close reads as a CloseError with its code and reason, then ErrClosed", async () => {
    const r = await run("serverClose");
    assert.equal(r.first, "before");
    assert.equal(r.isCloseError, true);
    assert.equal(r.closeStatus, 4000);
    assert.equal(r.code, 4000);
    assert.equal(r.reason, "server says bye");
    assert.equal(r.message, 'failed to get reader: received close frame: status = StatusCode(4000) and reason = "server says bye"');
    assert.equal(r.after, "failed to get reader: use of closed network connection");
  });

  it("Ping says the browser cannot send pings", async () => {
    const r = await run("ping");
    assert.equal(r.unsupported, true);
    assert.equal(r.message, "failed to ping: unsupported operation (the browser's WebSocket cannot send pings; it answers the peer's pings itself)");
  });
});
