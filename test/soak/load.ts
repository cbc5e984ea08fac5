// The held-load scenario: one gonet http Server with ReadHeaderTimeout holds KA keep-alive
// connections and SLOW slowloris connections (a header byte every DRIP ms), opened by a child
// process (test/soak/load-clients.ts; each process has its own file-descriptor limit), while a
// stream of real requests from a gonet Client measures latency. Shared by the unit test
// (scaled down), `npm run soak` (10,000 + 5,000) and `npm run bench` (the figures).

import { fork } from "node:child_process";
import { Listen as SrcListen } from "../../src-node/dial.js";
import * as srcHTTP from "../../src-node/http/index.js";
import { gcFn, heapAfterGC } from "./faults.js";

/** LoadOptions size a run. */
export interface LoadOptions {
  keepAlive: number;
  slowloris: number;
  /** readHeaderTimeout is the Server's ReadHeaderTimeout in ms. */
  readHeaderTimeout: number;
  /** drip is the slowloris clients' interval between header bytes, in ms. */
  drip: number;
  /** http and Listen are the gonet modules to run (the sources by default; bench passes dist/). */
  http?: Pick<typeof srcHTTP, "Server" | "Client" | "Transport" | "HandlerFunc">;
  Listen?: typeof SrcListen;
  /** serve, if set, starts the server under test instead of the gonet Server (bench: node:http). */
  serve?: (readHeaderTimeout: number) => Promise<{ addr: string; stop: () => Promise<void> }>;
}

/** LoadResult holds what a run measured. */
export interface LoadResult {
  /** latencies of the real requests in ms, in order; failures lists the ones that failed. */
  latencies: number[];
  failures: string[];
  /** slowClosedAfter: ms from each slowloris socket's connect to the server closing it (-1: still open). */
  slowClosedAfter: number[];
  /** reused: keep-alive connections that answered a second request after the slowloris phase. */
  reused: number;
  /** heapPerConn and rssPerConn: growth while every connection was held, per connection (bytes). */
  heapPerConn: number;
  rssPerConn: number;
  /** heapDrift: heap after the run less heap while everything was held (bytes; after GC). */
  heapDrift: number;
  ms: number;
}

/** runLoad runs the scenario and shuts its server and child down before resolving. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const { Server, Client, Transport, HandlerFunc } = o.http ?? srcHTTP;
  const Listen = o.Listen ?? SrcListen;
  const gc = await gcFn();
  const serve =
    o.serve ??
    (async (readHeaderTimeout: number) => {
      const srv = new Server({
        ErrorLog: () => {},
        ReadHeaderTimeout: readHeaderTimeout,
        // Long enough that the keep-alive connections are held through the run.
        IdleTimeout: 120_000,
        Handler: HandlerFunc((w) => w.Write("ok")),
      });
      const l = await Listen("tcp", "127.0.0.1:0");
      const serving = srv.Serve(l).catch(() => {});
      return {
        addr: l.Addr().String(),
        stop: async () => {
          await srv.Close();
          await serving;
        },
      };
    });
  const { addr, stop } = await serve(o.readHeaderTimeout);
  const port = addr.split(":")[1] as string;
  const transport = new Transport({});
  const client = new Client({ Transport: transport });
  // One request first, so what it loads and caches is in the baseline.
  await (await client.Get(`http://${addr}/`)).text();
  const heap0 = heapAfterGC(gc);
  const rss0 = process.memoryUsage().rss;
  const wait = o.readHeaderTimeout * 3 + 20_000;
  const child = fork(new URL("./load-clients.ts", import.meta.url).pathname, [port, String(o.keepAlive), String(o.slowloris), String(o.drip), String(wait)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const queue: Array<Record<string, unknown>> = [];
  let waiter: (() => void) | null = null;
  let exited = false;
  child.on("message", (m) => {
    queue.push(m as Record<string, unknown>);
    waiter?.();
  });
  child.on("exit", () => {
    exited = true;
    waiter?.();
  });
  const next = async (): Promise<Record<string, unknown>> => {
    while (queue.length === 0) {
      if (exited) throw new Error("test/soak/load-clients.ts exited early");
      await new Promise<void>((r) => (waiter = r));
      waiter = null;
    }
    return queue.shift() as Record<string, unknown>;
  };

  const result: LoadResult = { latencies: [], failures: [], slowClosedAfter: [], reused: 0, heapPerConn: 0, rssPerConn: 0, heapDrift: 0, ms: 0 };
  try {
    await next(); // every keep-alive connection is open and answered
    // The stream of real requests, one after another, for as long as the slowloris phase lasts.
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const t = performance.now();
        try {
          const res = await client.Get(`http://${addr}/`);
          const body = await res.text();
          if (res.StatusCode !== 200 || body !== "ok") result.failures.push(`status ${res.StatusCode}, body ${JSON.stringify(body)}`);
          result.latencies.push(performance.now() - t);
        } catch (e) {
          result.failures.push(String(e));
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // Memory while everything is held: sampled once the slowloris sockets are all open.
    let m = await next();
    const heapHeld = heapAfterGC(gc);
    const rssHeld = process.memoryUsage().rss;
    result.heapPerConn = (heapHeld - heap0) / (o.keepAlive + o.slowloris);
    result.rssPerConn = (rssHeld - rss0) / (o.keepAlive + o.slowloris);
    if (m.slow === undefined) m = await next();
    result.slowClosedAfter = m.slow as number[];
    streaming = false;
    await stream;
    child.send("check");
    let c = await next();
    while (c.reused === undefined) c = await next();
    result.reused = c.reused as number;
    result.heapDrift = heapAfterGC(gc) - heapHeld;
  } finally {
    if (!exited) child.kill();
    transport.CloseIdleConnections();
    await stop();
  }
  result.ms = performance.now() - t0;
  return result;
}

/** percentile returns the p-th percentile (0..100) of xs. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

/** summary is a one-line account of a run's figures. */
export function summary(o: LoadOptions, r: LoadResult): string {
  const closed = r.slowClosedAfter.filter((x) => x >= 0);
  return (
    `load: ${o.keepAlive} keep-alive + ${o.slowloris} slowloris conns (ReadHeaderTimeout ${o.readHeaderTimeout} ms) in ${(r.ms / 1000).toFixed(1)} s; ` +
    `${r.latencies.length} real requests, ${r.failures.length} failed, latency p50 ${percentile(r.latencies, 50).toFixed(1)} ms p99 ${percentile(r.latencies, 99).toFixed(1)} ms max ${Math.max(...r.latencies).toFixed(1)} ms; ` +
    `slowloris closed ${closed.length}/${r.slowClosedAfter.length} after ${Math.min(...closed).toFixed(0)}..${Math.max(...closed).toFixed(0)} ms; ` +
    `${r.reused}/${o.keepAlive} keep-alive conns reused; heap ${(r.heapPerConn / 1024).toFixed(1)} KiB/conn, rss ${(r.rssPerConn / 1024).toFixed(1)} KiB/conn, heap drift ${(r.heapDrift / 1024 / 1024).toFixed(1)} MiB`
  );
}
