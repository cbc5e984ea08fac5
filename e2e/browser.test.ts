// End-to-end: the browser backend (src-browser/index.ts bundled by esbuild, platform browser)
// in real headless Chromium, talking to a Node gonet Listen("ws") server on 127.0.0.1. The
// assertions run here, on what page.evaluate returns. Chromium comes from apt if missing.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { connTestNames, connTimingTestNames, connWriteTestNames } from "../test/conformance/conn.js";
import { openPage, type Browser } from "./chromium.js";
import type { E2EScenarios } from "./page.js";
import { startServers, type E2EServers } from "./server.js";

// The same list as browserSkips in page.ts (importing page.ts here would pull DOM code into Node).
const browserSkipsHere: readonly string[] = ["CloseUnblocks", "WriteDeadlineTiming", "CloseDuringWrite", "DeadlineDuringWrite"];

type Name = keyof E2EScenarios;
type Result<N extends Name> = Awaited<ReturnType<E2EScenarios[N]>>;

describe("browser backend in Chromium", () => {
  let servers: E2EServers;
  let browser: Browser;
  let page: Page;

  before(async () => {
    servers = await startServers();
    browser = await openPage(servers.page, "gonetE2EReady");
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    await servers?.close().catch(() => {});
  });

  function run<N extends Name>(name: N, arg?: string): Promise<Result<N>> {
    return page.evaluate(
      ([n, a]) => {
        const s = (globalThis as unknown as { gonetE2E: Record<string, (x?: string) => Promise<unknown>> }).gonetE2E;
        return s[n]!(a);
      },
      [name, arg] as const,
    ) as Promise<Result<N>>;
  }

  it("round-trips small messages through a Node Listen(ws) echo server", async () => {
    const r = await run("roundTrip", servers.ws);
    assert.equal(r.text, r.want);
    assert.equal(r.n, r.want.length);
    assert.equal(r.network, "ws");
    assert.equal(r.remote, `${servers.ws}/echo`);
  });

  it("round-trips a 4 MiB payload byte-exact", async () => {
    const r = await run("big", servers.ws);
    assert.equal(r.n, r.size);
    assert.equal(r.firstDiff, -1);
  });

  it("a read deadline fails the Read with i/o timeout and leaves the conn usable", async () => {
    const r = await run("deadline", servers.ws);
    assert.ok(r.err !== null);
    assert.equal(r.err.isDeadline, true);
    assert.equal(r.err.timeout, true);
    assert.equal(r.err.isOpError, true);
    assert.equal(r.err.message, `read ws websocket/unknown-addr->${servers.ws}/echo: i/o timeout`);
    assert.equal(r.n, 5);
    assert.equal(r.text, "again");
  });

  it("a 1000 close reads as end of stream (null), after the data", async () => {
    const r = await run("cleanClose", servers.ws);
    assert.equal(r.text, "bye");
    assert.equal(r.end, null);
    assert.equal(r.again, null);
  });

  it("a 4000 close is an error naming the code and the reason, after the data", async () => {
    const r = await run("close4000", servers.raw4000);
    assert.equal(r.text, "before");
    assert.ok(r.err !== null);
    assert.equal(r.err.closeStatus, 4000);
    assert.equal(r.err.isOpError, true);
    assert.equal(
      r.err.message,
      `read ws websocket/unknown-addr->${servers.raw4000}: failed to get reader: received close frame: status = StatusCode(4000) and reason = "custom reason"`,
    );
  });

  it("a peer that floods a conn nobody reads fails it loudly with ErrReceiveQueueFull, memory bounded", async () => {
    const r = await run("flood", servers.ws);
    assert.ok(r.err !== null && r.writeErr !== null);
    assert.equal(r.isQueueFull, true);
    assert.equal(r.err.message, `read ws websocket/unknown-addr->${servers.ws}/flood: websocket: receive queue full: the peer sent more than the unread limit`);
    // At most the read high-water mark (256 KiB), the unread limit (16 MiB) and one message.
    assert.ok(r.n <= (256 << 10) + (16 << 20) + (64 << 10), `read ${r.n} bytes`);
    assert.ok(r.n > 16 << 20, `read ${r.n} bytes: the limit was hit early`);
  });

  it("Listen and Dial(tcp) fail with ErrUnsupported and say what to use instead", async () => {
    const r = await run("unsupported");
    assert.ok(r.listen !== null && r.dialTCP !== null);
    assert.equal(r.listen.isUnsupported, true);
    assert.equal(r.listen.isOpError, true);
    assert.equal(r.listen.message, 'listen ws: unsupported operation (browsers cannot accept connections; Listen("ws", …) in Node and Dial("wss", url) to it from the browser)');
    assert.equal(r.dialTCP.isUnsupported, true);
    assert.equal(r.dialTCP.message, 'dial tcp: unsupported operation (browsers cannot open TCP sockets; use Dial("wss", url) to a gonet WebSocket listener)');
  });

  it("looks names up through the DoH server the test runs", async () => {
    const r = await run("lookup", servers.doh);
    assert.deepEqual(r.hosts, ["192.0.2.10", "2001:db8::10"]);
    assert.equal(r.cname, "app.gonet.test.");
    assert.deepEqual(r.missing, { message: `lookup missing.gonet.test on ${servers.doh}: no such host`, notFound: true, server: servers.doh });
  });

  describe("Conn conformance suite on Pipe in Chromium", () => {
    let results: Result<"pipeConformance"> | undefined;
    before(async () => {
      results = await run("pipeConformance");
    });
    for (const name of [...connTestNames, ...connTimingTestNames, ...connWriteTestNames]) {
      it(name, () => {
        const r = results?.find((x) => x.name === name);
        assert.ok(r !== undefined, `${name} did not run`);
        assert.equal(r.ok, true, r.error);
      });
    }
  });

  describe("Conn conformance suite in Chromium (two browser Conns joined by a Node bridge)", () => {
    let results: Result<"conformance"> | undefined;
    before(async () => {
      results = await run("conformance", servers.ws);
    });
    for (const name of [...connTestNames, ...connTimingTestNames, ...connWriteTestNames]) {
      // Why each skip is needed is written beside browserSkips in page.ts.
      const skip = browserSkipsHere.includes(name) ? "a browser WebSocket cannot pause (see browserSkips in e2e/page.ts)" : false;
      it(name, { skip }, () => {
        const r = results?.find((x) => x.name === name);
        assert.ok(r !== undefined, `${name} did not run`);
        assert.equal(r.ok, true, r.error);
      });
    }
  });
});
