// The Transport's connection pool (src-node/http/pool.ts) through undici's Dispatcher API: close
// lets requests in flight and in line finish and then closes every connection, destroy fails them
// at once, both refuse later requests with undici's ClientClosedError / ClientDestroyedError, a
// request waiting for a connection leaves the line when its signal aborts, and an upgrade gives
// its connection back to the pool without keeping it.

import assert from "node:assert/strict";
import * as http from "node:http";
import type { Socket } from "node:net";
import { describe, it, type TestContext } from "node:test";
import { errors, type Dispatcher } from "undici";
import { PoolAgent } from "../../src-node/http/pool.js";

interface Peer {
  origin: string;
  /** release answers the requests held so far. */
  release(): void;
  /** held resolves once n requests are being held. */
  held(n: number): Promise<void>;
  /** closed resolves once n connections have closed. */
  closed(n: number): Promise<void>;
}

/** peer starts a server that holds every request to /hold until release, and answers others at once. */
async function peer(t: TestContext): Promise<Peer> {
  const holding: http.ServerResponse[] = [];
  const sockets = new Set<Socket>();
  let nClosed = 0;
  const waiters = new Set<() => void>();
  const changed = (): void => {
    for (const w of [...waiters]) w();
  };
  const until = (pred: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (pred()) {
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
    });
  const srv = http.createServer((req, res) => {
    if (req.url === "/hold") {
      holding.push(res);
      changed();
      return;
    }
    res.end("ok");
  });
  srv.on("upgrade", (_req, socket: Socket) => {
    socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
    socket.pipe(socket);
  });
  srv.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => {
      sockets.delete(s);
      nClosed++;
      changed();
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  t.after(async () => {
    for (const r of holding) if (!r.writableEnded) r.end();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => srv.close(resolve));
  });
  return {
    origin: `http://127.0.0.1:${(srv.address() as { port: number }).port}`,
    release: () => {
      for (const r of holding.splice(0)) r.end("released");
    },
    held: (n) => until(() => holding.length >= n),
    closed: (n) => until(() => nClosed >= n),
  };
}

function agent(t: TestContext, maxConns = 0, maxIdle = 2): PoolAgent {
  const a = new PoolAgent({ maxIdle, maxConns, client: {} }, 0);
  t.after(() => a.destroy().catch(() => {}));
  return a;
}

const body = async (p: ReturnType<PoolAgent["request"]>): Promise<string> => (await p).body.text();

describe("PoolAgent.close", () => {
  it("waits for the requests in flight and in line, then closes every connection; later requests fail with ClientClosedError", async (t) => {
    const p = await peer(t);
    const a = agent(t, 1);
    const first = body(a.request({ origin: p.origin, path: "/hold", method: "GET" }));
    await p.held(1);
    const second = body(a.request({ origin: p.origin, path: "/next", method: "GET" }));
    let closed = false;
    const closing = a.close().then(() => (closed = true));
    assert.equal(a.closed, true);
    assert.equal(a.destroyed, false);
    await assert.rejects(a.request({ origin: p.origin, path: "/", method: "GET" }), (e: unknown) => e instanceof errors.ClientClosedError);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, false, "close waits for the request in flight");
    p.release();
    assert.equal(await first, "released");
    assert.equal(await second, "ok", "the request in line still runs");
    await closing;
    await p.closed(1);
  });

  it("close(callback) calls back once the pool is closed", async (t) => {
    const p = await peer(t);
    const a = agent(t);
    assert.equal(await body(a.request({ origin: p.origin, path: "/", method: "GET" })), "ok");
    await new Promise<void>((resolve) => a.close(resolve));
    await p.closed(1);
  });
});

describe("PoolAgent.destroy", () => {
  it("fails the requests in flight and in line with the given error at once; later requests fail with ClientDestroyedError", async (t) => {
    const p = await peer(t);
    const a = agent(t, 1);
    const first = a.request({ origin: p.origin, path: "/hold", method: "GET" });
    await p.held(1);
    const second = a.request({ origin: p.origin, path: "/next", method: "GET" });
    const boom = new Error("boom");
    const failed = [assert.rejects(first, (e: unknown) => e === boom), assert.rejects(second, (e: unknown) => e === boom)];
    await a.destroy(boom);
    assert.equal(a.closed, true);
    assert.equal(a.destroyed, true);
    await Promise.all(failed);
    await assert.rejects(a.request({ origin: p.origin, path: "/", method: "GET" }), (e: unknown) => e instanceof errors.ClientDestroyedError);
    await p.closed(1);
  });

  it("destroy() and destroy(callback) fail requests with ClientDestroyedError", async (t) => {
    const p = await peer(t);
    const a = agent(t);
    const inFlight = assert.rejects(a.request({ origin: p.origin, path: "/hold", method: "GET" }), (e: unknown) => e instanceof errors.ClientDestroyedError);
    await p.held(1);
    await new Promise<void>((resolve) => a.destroy(resolve));
    await inFlight;
    const b = agent(t);
    const other = assert.rejects(b.request({ origin: p.origin, path: "/hold", method: "GET" }), (e: unknown) => e instanceof errors.ClientDestroyedError);
    await p.held(2);
    await b.destroy();
    await other;
    const c = agent(t);
    await new Promise<void>((resolve) => c.destroy(null, resolve));
    assert.equal(c.destroyed, true);
  });
});

describe("PoolAgent requests", () => {
  it("a request waiting for a connection leaves the line when its signal aborts, with the signal's reason", async (t) => {
    const p = await peer(t);
    const a = agent(t, 1);
    const first = body(a.request({ origin: p.origin, path: "/hold", method: "GET" }));
    await p.held(1);
    const ac = new AbortController();
    const waiting = a.request({ origin: p.origin, path: "/never", method: "GET", signal: ac.signal });
    const why = new Error("no longer needed");
    ac.abort(why);
    await assert.rejects(waiting, (e: unknown) => e === why);
    const ac2 = new AbortController();
    const waiting2 = a.request({ origin: p.origin, path: "/never", method: "GET", signal: ac2.signal });
    ac2.abort("not an Error");
    await assert.rejects(waiting2, (e: unknown) => e instanceof errors.RequestAbortedError || e === "not an Error");
    p.release();
    assert.equal(await first, "released");
    // The line is empty again: the next request gets the connection.
    assert.equal(await body(a.request({ origin: p.origin, path: "/after", method: "GET" })), "ok");
  });

  it("an origin that is not a string or URL fails with undici's InvalidArgumentError", async (t) => {
    const a = agent(t);
    await assert.rejects(a.request({ origin: "", path: "/", method: "GET" }), (e: unknown) => e instanceof errors.InvalidArgumentError);
    // Without an onError the dispatch throws.
    assert.throws(() => a.dispatch({ origin: "", path: "/", method: "GET" }, {} as never), (e: unknown) => e instanceof errors.InvalidArgumentError);
  });

  it("an upgrade takes its socket out of the pool: the next request dials a new connection", async (t) => {
    const p = await peer(t);
    const a = agent(t);
    // An Agent-style dispatcher takes the origin in the options (undici's types list it only for request).
    const upgrade = a.upgrade.bind(a) as unknown as (o: Dispatcher.UpgradeOptions & { origin: string }) => Promise<Dispatcher.UpgradeData>;
    const up = await upgrade({ origin: p.origin, path: "/", method: "GET", protocol: "echo" });
    assert.equal(up.headers["upgrade"], "echo");
    const echoed = await new Promise<string>((resolve) => {
      up.socket.once("data", (d: Buffer) => resolve(d.toString()));
      up.socket.write("ping");
    });
    assert.equal(echoed, "ping");
    up.socket.destroy();
    assert.equal(await body(a.request({ origin: p.origin, path: "/", method: "GET" })), "ok");
    await a.close();
  });
});
