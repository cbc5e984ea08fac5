// HTTP: a hello-world gonet Server against a raw node:http server under the same in-process load
// generator (undici Pool, N keep-alive connections, one request in flight on each), and the
// gonet Client against raw undici.request on the same raw server. Runs alternate and the best of
// each side is kept, to damp the noise of sharing one process.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, Pool, request } from "undici";
import { report, type Result } from "./report.js";

// As bench/gonet.ts: gonet is loaded from the built package (dist/, what users run; `npm run
// bench` builds first), since tsx's keepNames wrappers cost the sources a visible share of a
// request. Types come from the sources.
function dist(path: string): string {
  return new URL(`../dist/${path}`, import.meta.url).href;
}
const gonetHTTP = (await import(dist("src-node/http/index.js"))) as typeof import("../src-node/http/index.js");
const { net: gonetNet } = await import("./gonet.js");
const { Client, HandlerFunc, Server, Transport } = gonetHTTP;
const { Listen } = gonetNet;

const body = "Hello, World!";

/** load drives url with conns keep-alive connections for ms milliseconds and returns requests/s. */
async function load(url: string, conns: number, ms: number): Promise<number> {
  const pool = new Pool(url, { connections: conns, pipelining: 1 });
  let n = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop) {
      const r = await pool.request({ path: "/", method: "GET" });
      await r.body.text();
      n++;
    }
  };
  // Warm the connections up before counting.
  await Promise.all(Array.from({ length: conns }, () => pool.request({ path: "/", method: "GET" }).then((r) => r.body.text())));
  const t0 = performance.now();
  const timer = setTimeout(() => (stop = true), ms);
  await Promise.all(Array.from({ length: conns }, worker));
  clearTimeout(timer);
  const dt = performance.now() - t0;
  await pool.close();
  return n / (dt / 1000);
}

async function rawServer(): Promise<[string, () => Promise<void>]> {
  const s = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(body);
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return [
    url,
    async () => {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    },
  ];
}

async function gonetServer(): Promise<[string, () => Promise<void>]> {
  // IdleTimeout 5000 is node:http's default keepAliveTimeout: both servers run the same timers.
  const srv = new Server({ Handler: HandlerFunc((w) => w.Write(body)), IdleTimeout: 5000 });
  const l = await Listen("tcp", "127.0.0.1:0");
  const serving = srv.Serve(l).catch(() => {});
  return [
    "http://" + l.Addr().String(),
    async () => {
      await srv.Close();
      await serving;
    },
  ];
}

async function serverRun(make: () => Promise<[string, () => Promise<void>]>, conns: number, ms: number): Promise<number> {
  const [url, stop] = await make();
  try {
    return await load(url, conns, ms);
  } finally {
    await stop();
  }
}

/** clientRun issues GETs from conns concurrent loops for ms and returns requests/s. */
async function clientRun(get: () => Promise<string>, conns: number, ms: number): Promise<number> {
  let n = 0;
  let stop = false;
  await Promise.all(Array.from({ length: conns }, get));
  const t0 = performance.now();
  const timer = setTimeout(() => (stop = true), ms);
  await Promise.all(
    Array.from({ length: conns }, async () => {
      while (!stop) {
        await get();
        n++;
      }
    }),
  );
  clearTimeout(timer);
  return n / ((performance.now() - t0) / 1000);
}

/** runHTTP runs the HTTP benchmarks and prints them; quick uses shorter runs. */
export async function runHTTP(quick: boolean): Promise<Result[]> {
  // Best of several alternating rounds: on a shared machine the best run is the least disturbed.
  const ms = quick ? 1000 : 2000;
  const rounds = quick ? 3 : 5;
  const out: Result[] = [];
  for (const conns of [1, 50]) {
    let raw = 0;
    let gonet = 0;
    for (let i = 0; i < rounds; i++) {
      raw = Math.max(raw, await serverRun(rawServer, conns, ms));
      gonet = Math.max(gonet, await serverRun(gonetServer, conns, ms));
    }
    out.push({ name: `http server hello world, ${conns} conn${conns > 1 ? "s" : ""}`, unit: "req/s", raw, gonet, target: 0.97 });
  }

  const [url, stop] = await rawServer();
  try {
    for (const conns of [1, 50]) {
      const agent = new Agent({ connections: conns });
      // As a Go program would for this load: room for every connection in the idle pool.
      const tr = new Transport({ MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns });
      const client = new Client({ Transport: tr });
      const rawGet = async (): Promise<string> => (await request(url, { dispatcher: agent })).body.text();
      const gonetGet = async (): Promise<string> => (await client.Get(url)).text();
      let raw = 0;
      let gonet = 0;
      for (let i = 0; i < rounds; i++) {
        raw = Math.max(raw, await clientRun(rawGet, conns, ms));
        gonet = Math.max(gonet, await clientRun(gonetGet, conns, ms));
      }
      await agent.close();
      tr.CloseIdleConnections();
      out.push({ name: `http client GET vs undici.request, ${conns} conn${conns > 1 ? "s" : ""}`, unit: "req/s", raw, gonet, target: 0.97 });
    }
  } finally {
    await stop();
  }
  report(out);
  return out;
}
