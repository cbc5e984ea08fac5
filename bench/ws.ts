// WebSocket: gonet's WebSocket Conn (Dial("ws")/Listen("ws")) against raw `ws` on loopback, both
// ends in-process: 64-byte ping-pong, 64 KiB bulk, and server memory per idle connection.

import { fork } from "node:child_process";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import type { Conn } from "../src/net.js";
import { net } from "./gonet.js";
import { best, report, type Result } from "./report.js";

const MiB = 1024 * 1024;

async function rawPair(): Promise<[WebSocket, WebSocket, () => Promise<void>]> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", r));
  const accepted = new Promise<WebSocket>((r) => wss.once("connection", r));
  const c = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`);
  await new Promise<void>((r) => c.once("open", () => r()));
  const s = await accepted;
  return [c, s, async () => { c.terminate(); s.terminate(); await new Promise((r) => wss.close(r)); }];
}

async function gonetPair(): Promise<[Conn, Conn, () => Promise<void>]> {
  const l = await net.Listen("ws", "127.0.0.1:0");
  const acc = l.Accept();
  const c = await net.Dial("ws", l.Addr().String());
  const s = await acc;
  return [c, s, async () => { await c.Close().catch(() => {}); await s.Close().catch(() => {}); await l.Close(); }];
}

async function pingRaw(rounds: number): Promise<number> {
  const [c, s, stop] = await rawPair();
  s.on("message", (d: Buffer) => s.send(d));
  const msg = Buffer.alloc(64, 1);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let i = 0;
    c.on("message", () => (++i === rounds ? resolve() : c.send(msg)));
    c.send(msg);
  });
  const dt = performance.now() - t0;
  await stop();
  return rounds / (dt / 1000);
}

async function readFull(c: Conn, p: Uint8Array): Promise<void> {
  let n = 0;
  while (n < p.length) {
    const k = await c.Read(n === 0 ? p : p.subarray(n));
    if (k === null) throw new Error("eof");
    n += k;
  }
}

async function pingGonet(rounds: number): Promise<number> {
  const [c, s, stop] = await gonetPair();
  const msg = new Uint8Array(64).fill(1);
  const t0 = performance.now();
  const echo = (async () => {
    const p = new Uint8Array(64);
    for (let i = 0; i < rounds; i++) {
      await readFull(s, p);
      await s.Write(p);
    }
  })();
  const p = new Uint8Array(64);
  for (let i = 0; i < rounds; i++) {
    await c.Write(msg);
    await readFull(c, p);
  }
  await echo;
  const dt = performance.now() - t0;
  await stop();
  return rounds / (dt / 1000);
}

async function bulkRaw(total: number): Promise<number> {
  const [c, s, stop] = await rawPair();
  const buf = Buffer.alloc(64 * 1024, 7);
  let n = 0;
  const got = new Promise<void>((resolve) => s.on("message", (d: Buffer) => ((n += d.length) >= total ? resolve() : undefined)));
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += buf.length) {
    await new Promise<void>((r, j) => c.send(buf, (err) => (err ? j(err) : r())));
  }
  await got;
  const dt = performance.now() - t0;
  await stop();
  return total / MiB / (dt / 1000);
}

async function bulkGonet(total: number): Promise<number> {
  const [c, s, stop] = await gonetPair();
  const buf = new Uint8Array(64 * 1024).fill(7);
  const reader = (async () => {
    let n = 0;
    for await (const d of s) {
      n += d.length;
      if (n >= total) return;
    }
  })();
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += buf.length) await c.Write(buf);
  await reader;
  const dt = performance.now() - t0;
  await stop();
  return total / MiB / (dt / 1000);
}

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function idle(n: number, kind: "raw" | "gonet"): Promise<{ heap: number; rss: number }> {
  const kept: unknown[] = [];
  let port: number;
  let stop: () => Promise<void>;
  if (kind === "raw") {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, backlog: 1024 });
    await new Promise<void>((r) => wss.once("listening", r));
    wss.on("connection", (ws) => {
      ws.on("message", () => {});
      ws.on("error", () => {});
      kept.push(ws);
    });
    port = (wss.address() as AddressInfo).port;
    stop = async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => wss.close(r));
    };
  } else {
    const l = await net.Listen("ws", "127.0.0.1:0");
    const one = new Uint8Array(1);
    void (async () => {
      for await (const c of l) {
        kept.push(c);
        c.Read(one).catch(() => {});
      }
    })();
    port = Number(new URL(l.Addr().String()).port);
    stop = async () => {
      await Promise.all((kept as Conn[]).map((c) => c.Close().catch(() => {})));
      await l.Close();
    };
  }
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const heap0 = heapNow();
  const child = fork(new URL("./idle-ws-clients.ts", import.meta.url).pathname, [String(port), String(n)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`clients exited ${code}`)));
  });
  while (kept.length < n) await new Promise((r) => setTimeout(r, 20));
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  global.gc?.();
  const out = { heap: (heapNow() - heap0) / n, rss: (process.memoryUsage().rss - rss0) / n };
  child.kill();
  await stop();
  return out;
}

/** runWS runs the WebSocket benchmarks. */
export async function runWS(quick: boolean): Promise<Result[]> {
  const rounds = quick ? 3000 : 30000;
  await pingRaw(1000);
  await pingGonet(1000);
  const [pr, pg] = await best(3, () => pingRaw(rounds), () => pingGonet(rounds));
  const total = quick ? 64 * MiB : 512 * MiB;
  const [br, bg] = await best(2, () => bulkRaw(total), () => bulkGonet(total));
  const n = quick ? 2000 : 15000;
  const ir = await idle(n, "raw");
  const ig = await idle(n, "gonet");
  const out: Result[] = [
    { name: "ws ping-pong 64 B", unit: "round trips/s", raw: pr, gonet: pg, target: 0.95 },
    { name: `ws bulk ${total / MiB} MiB, 64 KiB messages`, unit: "MiB/s", raw: br, gonet: bg, target: 0.95 },
    { name: `ws server RSS per idle conn (${n})`, unit: "bytes", raw: ir.rss, gonet: ig.rss, target: 1.2, lowerIsBetter: true },
    { name: `ws server JS heap per idle conn (${n})`, unit: "bytes", raw: ir.heap, gonet: ig.heap, target: 1.2, lowerIsBetter: true },
  ];
  report(out);
  return out;
}
