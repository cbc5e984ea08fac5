// HTTP: a hello-world gonet Server against a raw node:http server under the same load generator
// (wrk when installed, else an undici Pool; N keep-alive connections), and the gonet Client
// against raw undici.request on the same raw server. The generator and the raw server for the
// client run in another process (wrk, or bench/http-peer.ts), so what is measured has this
// process to itself. Runs alternate and the best of each side is kept, to damp the noise of a shared machine.

import { fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
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

// The peer process (bench/http-peer.ts), with the side under test alone in this one. Its
// messages arrive in order on next().
function peer(args: string[]): { child: ChildProcess; next: () => Promise<Record<string, unknown>> } {
  const child = fork(new URL("./http-peer.ts", import.meta.url).pathname, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const queue: Record<string, unknown>[] = [];
  let waiting: ((m: Record<string, unknown>) => void) | null = null;
  let failed: Error | null = null;
  let fail: ((e: Error) => void) | null = null;
  child.on("message", (m) => {
    const w = waiting;
    waiting = null;
    fail = null;
    if (w !== null) w(m as Record<string, unknown>);
    else queue.push(m as Record<string, unknown>);
  });
  child.once("exit", (code) => {
    failed = new Error(`bench/http-peer.ts ${args[0]} exited with ${code}`);
    fail?.(failed);
  });
  const next = (): Promise<Record<string, unknown>> => {
    const m = queue.shift();
    if (m !== undefined) return Promise.resolve(m);
    if (failed !== null) return Promise.reject(failed);
    return new Promise((resolve, reject) => {
      waiting = resolve;
      fail = reject;
    });
  };
  return { child, next };
}

/** Measure is one run: requests per second, and this process's CPU time per request in µs. */
interface Measure {
  rps: number;
  cpu: number;
}

// Requests served by the server under test (its handler counts them), for CPU per request.
let served = 0;

function cpuNow(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

// wrk (Debian's package) is the load generator when it is installed, as a C client costs the
// machine less than a node one; else the peer process drives the load with an undici Pool.
const wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p)) ?? null;

/** generator names the load generator the server figures come from. */
export const generator = wrk !== null ? `wrk (${wrk}), 1 thread` : "undici Pool in a second node process (apt-get install -y wrk to use wrk)";

/** load drives url with conns keep-alive connections for ms, from wrk or the peer process. */
async function load(url: string, conns: number, ms: number): Promise<Measure> {
  if (wrk !== null) return loadWrk(wrk, url, conns, ms);
  const { next } = peer(["load", url, String(conns), String(ms)]);
  await next(); // the counted window starts
  const c0 = cpuNow();
  const n0 = served;
  const { rps } = (await next()) as { rps: number };
  return { rps, cpu: (cpuNow() - c0) / Math.max(1, served - n0) };
}

async function loadWrk(bin: string, url: string, conns: number, ms: number): Promise<Measure> {
  const c0 = cpuNow();
  const n0 = served;
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(bin, ["-t1", `-c${conns}`, `-d${Math.max(1, Math.round(ms / 1000))}s`, url + "/"], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => (text += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}: ${text}`))));
  });
  const m = /Requests\/sec:\s+([0-9.]+)/.exec(out);
  if (m === null) throw new Error(`no Requests/sec in wrk's output: ${out}`);
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`wrk saw errors: ${out}`);
  return { rps: Number(m[1]), cpu: (cpuNow() - c0) / Math.max(1, served - n0) };
}

async function rawServer(): Promise<[string, () => Promise<void>]> {
  const s = http.createServer((_req, res) => {
    served++;
    // The everyday node:http hello world; it sends the same bytes as gonet's (Content-Type,
    // Content-Length, Date, keep-alive). node:http's quickest form, writeHead with a flat header
    // array, costs about 4 µs less per request than either (see the README).
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
  const srv = new Server({
    Handler: HandlerFunc((w) => {
      served++;
      return w.Write(body);
    }),
    IdleTimeout: 5000,
  });
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

async function serverRun(make: () => Promise<[string, () => Promise<void>]>, conns: number, ms: number): Promise<Measure> {
  const [url, stop] = await make();
  try {
    return await load(url, conns, ms);
  } finally {
    await stop();
  }
}

/** clientRun issues GETs from conns concurrent loops for ms. */
async function clientRun(get: () => Promise<string>, conns: number, ms: number): Promise<Measure> {
  let n = 0;
  let stop = false;
  await Promise.all(Array.from({ length: conns }, get));
  const t0 = performance.now();
  const c0 = cpuNow();
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
  return { rps: n / ((performance.now() - t0) / 1000), cpu: (cpuNow() - c0) / Math.max(1, n) };
}

// Both figures of a pair of measures: req/s (target 0.97x) and CPU per request (at most 1/0.97x).
function results(name: string, [raw, gonet, rounds]: [Measure, Measure, [Measure, Measure][]]): Result[] {
  return [
    { name, unit: "req/s", raw: raw.rps, gonet: gonet.rps, target: 0.97, paired: rounds.map(([r, g]) => g.rps / r.rps) },
    { name: `${name}: CPU/req`, unit: "µs", raw: raw.cpu, gonet: gonet.cpu, target: 1.03, lowerIsBetter: true, paired: rounds.map(([r, g]) => g.cpu / r.cpu) },
  ];
}

// Best of several alternating rounds: on a shared machine the best run is the least disturbed.
// Each round's pair is kept too, for the median of the paired ratios.
async function bestOf(rounds: number, raw: () => Promise<Measure>, gonet: () => Promise<Measure>): Promise<[Measure, Measure, [Measure, Measure][]]> {
  const r: Measure = { rps: 0, cpu: Infinity };
  const g: Measure = { rps: 0, cpu: Infinity };
  const pairs: [Measure, Measure][] = [];
  for (let i = 0; i < rounds; i++) {
    const x = await raw();
    const y = await gonet();
    pairs.push([x, y]);
    for (const [m, v] of [
      [r, x],
      [g, y],
    ] as const) {
      m.rps = Math.max(m.rps, v.rps);
      m.cpu = Math.min(m.cpu, v.cpu);
    }
  }
  return [r, g, pairs];
}

/** runHTTP runs the HTTP benchmarks and prints them; quick uses shorter runs. */
export async function runHTTP(quick: boolean): Promise<Result[]> {
  const ms = quick ? 1000 : 2000;
  const rounds = quick ? 3 : 7;
  const out: Result[] = [];
  console.log(`server load generator: ${generator}`);
  for (const conns of [1, 50]) {
    const measured = await bestOf(
      rounds,
      () => serverRun(rawServer, conns, ms),
      () => serverRun(gonetServer, conns, ms),
    );
    out.push(...results(`http server hello world, ${conns} conn${conns > 1 ? "s" : ""}`, measured));
  }

  // The client side runs here against the raw server in the peer process.
  const server = peer(["server"]);
  const url = (await server.next()).url as string;
  try {
    for (const conns of [1, 50]) {
      const agent = new Agent({ connections: conns });
      // As a Go program would for this load: room for every connection in the idle pool.
      const tr = new Transport({ MaxConnsPerHost: conns, MaxIdleConnsPerHost: conns });
      const client = new Client({ Transport: tr });
      const rawGet = async (): Promise<string> => (await request(url, { dispatcher: agent })).body.text();
      const gonetGet = async (): Promise<string> => (await client.Get(url)).text();
      const measured = await bestOf(
        rounds,
        () => clientRun(rawGet, conns, ms),
        () => clientRun(gonetGet, conns, ms),
      );
      await agent.close();
      tr.CloseIdleConnections();
      out.push(...results(`http client GET vs undici.request, ${conns} conn${conns > 1 ? "s" : ""}`, measured));
    }
  } finally {
    server.child.disconnect();
  }
  report(out);
  return out;
}
