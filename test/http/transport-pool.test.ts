// The Transport's connection pool against a raw node:http server that counts connections: Go's
// MaxIdleConnsPerHost (0 means DefaultMaxIdleConnsPerHost, negative keeps none), MaxConnsPerHost
// (requests wait for a connection, and leave the line when canceled), MaxIdleConns across hosts
// (oldest first), CloseIdleConnections, and an idle connection the server closed is not used again.

import assert from "node:assert/strict";
import * as http from "node:http";
import type { Socket } from "node:net";
import { describe, it, type TestContext } from "node:test";
import { ErrCanceled, Is } from "../../src/errors.js";
import { Client, DefaultMaxIdleConnsPerHost, NewRequestWithContext, Transport, URLError, type TransportInit } from "../../src-node/http/index.js";

interface Peer {
  url: string;
  /** opened counts the connections the server accepted. */
  readonly opened: () => number;
  /** open is how many are open now; maxOpen the most open at once. */
  readonly open: () => number;
  readonly maxOpen: () => number;
  /** until resolves once pred holds, checked at every connection event (fails after 10 s). */
  until(pred: () => boolean, what: string): Promise<void>;
}

async function peer(t: TestContext, handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Peer> {
  const srv = http.createServer(handler);
  const sockets = new Set<Socket>();
  let opened = 0;
  let maxOpen = 0;
  const waiters = new Set<() => void>();
  const changed = (): void => {
    for (const w of [...waiters]) w();
  };
  srv.on("connection", (s: Socket) => {
    opened++;
    sockets.add(s);
    maxOpen = Math.max(maxOpen, sockets.size);
    s.on("close", () => {
      sockets.delete(s);
      changed();
    });
    changed();
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  t.after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => srv.close(resolve));
  });
  const port = (srv.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    opened: () => opened,
    open: () => sockets.size,
    maxOpen: () => maxOpen,
    until(pred, what) {
      if (pred()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const guard = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`gave up waiting for ${what}: ${sockets.size} open, ${opened} opened`));
        }, 10_000);
        const check = (): void => {
          if (!pred()) return;
          clearTimeout(guard);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
  };
}

/** barrier answers the requests only once n of them are in, so n connections are open at once. */
function barrier(n: number): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  let held: http.ServerResponse[] = [];
  return (_req, res) => {
    held.push(res);
    if (held.length < n) return;
    for (const r of held) r.end("ok");
    held = [];
  };
}

/** holdFirst answers every request at once but the first, which waits for release. */
function holdFirst(): { handler: (req: http.IncomingMessage, res: http.ServerResponse) => void; inHandler: Promise<void>; release: () => void } {
  let held: http.ServerResponse | null = null;
  let entered = (): void => {};
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  let n = 0;
  return {
    handler: (_req, res) => {
      if (++n > 1) return void res.end("ok");
      held = res;
      entered();
    },
    inHandler,
    release: () => held?.end("ok"),
  };
}

function transport(t: TestContext, init: TransportInit): Client {
  const tr = new Transport(init);
  t.after(() => tr.CloseIdleConnections());
  return new Client({ Transport: tr });
}

async function getAll(c: Client, url: string, n: number): Promise<void> {
  const bodies = await Promise.all(Array.from({ length: n }, async () => (await c.Get(url)).text()));
  assert.deepEqual(bodies, Array(n).fill("ok"));
}

describe("Transport connection pool", () => {
  const cases: { init: TransportInit; idle: number }[] = [
    { init: { MaxIdleConnsPerHost: 1 }, idle: 1 },
    { init: {}, idle: DefaultMaxIdleConnsPerHost },
    { init: { MaxIdleConnsPerHost: 3 }, idle: 3 },
    { init: { MaxIdleConnsPerHost: 4 }, idle: 4 },
  ];
  for (const { init, idle } of cases) {
    it(`keeps ${idle} idle connections after 4 at once with MaxIdleConnsPerHost ${init.MaxIdleConnsPerHost ?? 0}`, async (t) => {
      let burst = true;
      const hold = barrier(4);
      const p = await peer(t, (req, res) => (burst ? hold(req, res) : res.end("ok")));
      const c = transport(t, init);
      await getAll(c, p.url, 4);
      assert.equal(p.opened(), 4);
      await p.until(() => p.open() === idle, `${idle} open connections`);
      // The kept ones are reused: sequential and parallel requests up to the idle count open none.
      burst = false;
      for (let i = 0; i < 3; i++) await getAll(c, p.url, 1);
      await getAll(c, p.url, idle);
      assert.equal(p.opened(), 4, "no new connection while idle ones are there");
      assert.equal(p.open(), idle);
    });
  }

  it("keeps no connection with a negative MaxIdleConnsPerHost", async (t) => {
    const p = await peer(t, (_req, res) => res.end("ok"));
    const c = transport(t, { MaxIdleConnsPerHost: -1 });
    for (let i = 0; i < 3; i++) await getAll(c, p.url, 1);
    assert.equal(p.opened(), 3, "every request dials");
    await p.until(() => p.open() === 0, "every connection closed");
  });

  it("reuses one connection for sequential requests", async (t) => {
    const p = await peer(t, (_req, res) => res.end("ok"));
    const c = transport(t, {});
    for (let i = 0; i < 5; i++) await getAll(c, p.url, 1);
    assert.equal(p.opened(), 1);
  });

  it("lets requests wait for a connection under MaxConnsPerHost, and serves them all", async (t) => {
    const p = await peer(t, (_req, res) => setImmediate(() => res.end("ok")));
    const c = transport(t, { MaxConnsPerHost: 2, MaxIdleConnsPerHost: 2 });
    await getAll(c, p.url, 7);
    assert.equal(p.maxOpen(), 2, "never more than MaxConnsPerHost at once");
    assert.equal(p.opened(), 2, "the waiting requests ride the connections that come back");
  });

  it("takes a canceled request out of the line for a connection at once", async (t) => {
    const { handler, inHandler, release } = holdFirst();
    const p = await peer(t, handler);
    const c = transport(t, { MaxConnsPerHost: 1 });
    const first = c.Get(p.url);
    await inHandler;
    const ac = new AbortController();
    const second = c.Do(NewRequestWithContext(ac.signal, "GET", p.url)).catch((e: unknown) => e);
    ac.abort();
    const err = await second;
    assert.ok(err instanceof URLError, String(err));
    assert.equal(err.message, `Get "${p.url}": context canceled`);
    assert.ok(Is(err, ErrCanceled));
    // The first request still holds the only connection; it finishes, and the next one reuses it.
    release();
    assert.equal(await (await first).text(), "ok");
    await getAll(c, p.url, 1);
    assert.equal(p.opened(), 1);
  });

  it("does not reuse an idle connection the server closed", async (t) => {
    let n = 0;
    const p = await peer(t, (_req, res) => {
      if (++n === 1) res.setHeader("Connection", "close");
      res.end("ok");
    });
    const c = transport(t, {});
    await getAll(c, p.url, 1);
    await p.until(() => p.open() === 0, "the server's close");
    await getAll(c, p.url, 1);
    await getAll(c, p.url, 1);
    assert.equal(p.opened(), 2);
  });

  it("CloseIdleConnections closes the idle connections", async (t) => {
    const p = await peer(t, barrier(2));
    const tr = new Transport({});
    const c = new Client({ Transport: tr });
    await getAll(c, p.url, 2);
    await p.until(() => p.open() === 2, "two idle connections");
    tr.CloseIdleConnections();
    await p.until(() => p.open() === 0, "no connection after CloseIdleConnections");
  });

  it("closes the oldest idle connection of any host past MaxIdleConns", async (t) => {
    const a = await peer(t, (_req, res) => res.end("ok"));
    const b = await peer(t, (_req, res) => res.end("ok"));
    const c = transport(t, { MaxIdleConns: 1 });
    await getAll(c, a.url, 1);
    assert.equal(a.open(), 1);
    await getAll(c, b.url, 1);
    await a.until(() => a.open() === 0, "host a's idle connection closed for host b's");
    assert.equal(b.open(), 1);
    await getAll(c, b.url, 1);
    assert.equal(b.opened(), 1, "host b's connection was kept");
  });

  it("CloseIdleConnections leaves a request in flight its connection, which is reused after", async (t) => {
    const { handler, inHandler, release } = holdFirst();
    const p = await peer(t, handler);
    const tr = new Transport({});
    t.after(() => tr.CloseIdleConnections());
    const c = new Client({ Transport: tr });
    const first = c.Get(p.url);
    await inHandler;
    tr.CloseIdleConnections();
    release();
    assert.equal(await (await first).text(), "ok");
    await getAll(c, p.url, 1);
    assert.equal(p.opened(), 1);
  });
});
