// HTTP: a hello-world gonet Server against a raw node:http server under the same load generator
// (undici Pool, N keep-alive connections, one request in flight on each), and the gonet Client
// against raw undici.request on the same raw server. The generator and the raw server for the
// client run in a second process (bench/http-peer.ts), so what is measured has this process to
// itself. Runs alternate and the best of each side is kept, to damp the noise of a shared machine.

import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";
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

// The peer process (bench/http-peer.ts), with the side under test alone in this one.
function peer(args: string[]): { child: ChildProcess; first: Promise<Record<string, unknown>> } {
  const child = fork(new URL("./http-peer.ts", import.meta.url).pathname, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const first = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Record<string, unknown>));
    child.once("exit", (code) => reject(new Error(`bench/http-peer.ts ${args[0]} exited with ${code}`)));
  });
  return { child, first };
}

/** load drives url from the peer process with conns keep-alive connections for ms and returns requests/s. */
async function load(url: string, conns: number, ms: number): Promise<number> {
  const { first } = peer(["load", url, String(conns), String(ms)]);
  return (await first).rps as number;
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

  // The client side runs here against the raw server in the peer process.
  const server = peer(["server"]);
  const url = (await server.first).url as string;
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
    server.child.disconnect();
  }
  report(out);
  return out;
}
