// TCP: gonet's TCPConn against raw node:net on loopback, both ends in this process.

import net from "node:net";
import type { Conn } from "../src/net.js";
import { net as gonet } from "./gonet.js";

const { Dial, Listen } = gonet;
import { best, report, type Result } from "./report.js";

const MiB = 1024 * 1024;

async function rawPair(): Promise<[net.Socket, net.Socket, () => Promise<void>]> {
  const server = net.createServer({ noDelay: true });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once("connection", r));
  const c = net.connect({ port, host: "127.0.0.1", noDelay: true });
  await new Promise<void>((r) => c.once("connect", () => r()));
  const s = await accepted;
  return [c, s, async () => { c.destroy(); s.destroy(); await new Promise((r) => server.close(r)); }];
}

async function gonetPair(): Promise<[Conn, Conn, () => Promise<void>]> {
  const l = await Listen("tcp", "127.0.0.1:0");
  const acc = l.Accept();
  const c = await Dial("tcp", l.Addr().String());
  const s = await acc;
  return [c, s, async () => { await c.Close(); await s.Close(); await l.Close(); }];
}

/** bulkRaw writes total bytes in chunk-sized writes honouring 'drain'; the reader counts 'data'. */
async function bulkRaw(total: number, chunk: number): Promise<number> {
  const [c, s, stop] = await rawPair();
  const buf = Buffer.alloc(chunk, 7);
  const t0 = performance.now();
  const got = new Promise<void>((resolve) => {
    let n = 0;
    s.on("data", (d: Buffer) => { n += d.length; if (n >= total) resolve(); });
  });
  let sent = 0;
  while (sent < total) {
    sent += chunk;
    if (!c.write(buf)) await new Promise((r) => c.once("drain", r));
  }
  await got;
  const dt = performance.now() - t0;
  await stop();
  return total / MiB / (dt / 1000);
}

/** bulkGonet: the same transfer through Write and Read(p) with a 64 KiB buffer. */
async function bulkGonet(total: number, chunk: number, iterate: boolean): Promise<number> {
  const [c, s, stop] = await gonetPair();
  const buf = new Uint8Array(chunk).fill(7);
  const t0 = performance.now();
  const reader = (async () => {
    let n = 0;
    if (iterate) {
      for await (const d of s) { n += d.length; if (n >= total) break; }
    } else {
      const p = new Uint8Array(64 * 1024);
      while (n < total) { const k = await s.Read(p); if (k === null) break; n += k; }
    }
  })();
  let sent = 0;
  while (sent < total) { await c.Write(buf); sent += chunk; }
  await reader;
  const dt = performance.now() - t0;
  await stop();
  return total / MiB / (dt / 1000);
}

async function pingPongRaw(conns: number, rounds: number): Promise<number> {
  const pairs = await Promise.all(Array.from({ length: conns }, () => rawPair()));
  const msg = Buffer.alloc(64, 1);
  const t0 = performance.now();
  await Promise.all(pairs.map(([c, s]) => new Promise<void>((resolve) => {
    let i = 0;
    s.on("data", (d: Buffer) => s.write(d));
    let got = 0;
    c.on("data", (d: Buffer) => {
      got += d.length;
      while (got >= 64) { got -= 64; if (++i === rounds) { resolve(); return; } c.write(msg); }
    });
    c.write(msg);
  })));
  const dt = performance.now() - t0;
  await Promise.all(pairs.map(([, , stop]) => stop()));
  return (conns * rounds) / (dt / 1000);
}

async function readFull(c: Conn, p: Uint8Array): Promise<void> {
  let n = 0;
  while (n < p.length) { const k = await c.Read(n === 0 ? p : p.subarray(n)); if (k === null) throw new Error("eof"); n += k; }
}

async function pingPongGonet(conns: number, rounds: number): Promise<number> {
  const pairs = await Promise.all(Array.from({ length: conns }, () => gonetPair()));
  const msg = new Uint8Array(64).fill(1);
  const t0 = performance.now();
  await Promise.all(pairs.map(async ([c, s]) => {
    const echo = (async () => {
      const p = new Uint8Array(64);
      for (let i = 0; i < rounds; i++) { await readFull(s, p); await s.Write(p); }
    })();
    const p = new Uint8Array(64);
    for (let i = 0; i < rounds; i++) { await c.Write(msg); await readFull(c, p); }
    await echo;
  }));
  const dt = performance.now() - t0;
  await Promise.all(pairs.map(([, , stop]) => stop()));
  return (conns * rounds) / (dt / 1000);
}

async function idleRaw(n: number): Promise<Mem> {
  const server = net.createServer({ noDelay: true });
  const kept: net.Socket[] = [];
  server.on("connection", (s) => { s.on("data", () => {}); s.on("error", () => {}); kept.push(s); });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", 1024, r));
  const port = (server.address() as net.AddressInfo).port;
  return await idleMeasure(n, port, () => kept.length, async () => { for (const s of kept) s.destroy(); await new Promise((r) => server.close(r)); });
}

async function idleGonet(n: number): Promise<Mem> {
  const l = await Listen("tcp", "127.0.0.1:0");
  const kept: Conn[] = [];
  const one = new Uint8Array(1);
  void (async () => { for await (const c of l) { kept.push(c); c.Read(one).catch(() => {}); } })();
  const port = Number(l.Addr().String().split(":").pop());
  return await idleMeasure(n, port, () => kept.length, async () => { await Promise.all(kept.map((c) => c.Close())); await l.Close(); });
}

interface Mem {
  heap: number;
  rss: number;
}

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

// Clients live in a child process so the server process's memory is the server's alone. The
// gonet server holds a pending Read per conn, as a Go server's goroutine would; the raw server a
// 'data' listener.
async function idleMeasure(n: number, port: number, count: () => number, stop: () => Promise<void>): Promise<Mem> {
  const { fork } = await import("node:child_process");
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const heap0 = heapNow();
  const child = fork(new URL("./idle-clients.ts", import.meta.url).pathname, [String(port), String(n)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`clients exited ${code}`)));
  });
  while (count() < n) await new Promise((r) => setTimeout(r, 20));
  global.gc?.();
  await new Promise((r) => setTimeout(r, 200));
  global.gc?.();
  const after = process.memoryUsage().rss;
  const heap1 = heapNow();
  child.kill();
  await stop();
  return { heap: (heap1 - heap0) / n, rss: (after - before) / n };
}

/** runTCP runs the TCP benchmarks and returns their results. */
export async function runTCP(quick: boolean): Promise<Result[]> {
  const total = quick ? 256 * MiB : 1024 * MiB;
  const out: Result[] = [];
  // Best of three, alternating, so that a moment of noise on a small machine does not decide.
  const [rawBulk, gBulk] = await best(3, () => bulkRaw(total, 64 * 1024), () => bulkGonet(total, 64 * 1024, false));
  const gBulkIt = Math.max(await bulkGonet(total, 64 * 1024, true), await bulkGonet(total, 64 * 1024, true), await bulkGonet(total, 64 * 1024, true));
  out.push({ name: "tcp bulk 1 GiB, 64 KiB writes, Read(p)", unit: "MiB/s", raw: rawBulk, gonet: gBulk, target: 0.97 });
  out.push({ name: "tcp bulk 1 GiB, 64 KiB writes, for await", unit: "MiB/s", raw: rawBulk, gonet: gBulkIt, target: 0.97 });
  for (const conns of [1, 100]) {
    const rounds = quick ? 2000 : conns === 1 ? 50000 : 2000;
    await pingPongRaw(conns, 200);
    await pingPongGonet(conns, 200);
    const [r, g] = await best(3, () => pingPongRaw(conns, rounds), () => pingPongGonet(conns, rounds));
    out.push({ name: `tcp ping-pong 64 B, ${conns} conn${conns > 1 ? "s" : ""}`, unit: "round trips/s", raw: r, gonet: g, target: 0.95 });
  }
  const idle = quick ? 2000 : 15000;
  const ri = await idleRaw(idle);
  const gi = await idleGonet(idle);
  out.push({ name: `tcp server RSS per idle conn (${idle})`, unit: "bytes", raw: ri.rss, gonet: gi.rss, target: 1.2, lowerIsBetter: true });
  out.push({ name: `tcp server JS heap per idle conn (${idle})`, unit: "bytes", raw: ri.heap, gonet: gi.heap, target: 1.2, lowerIsBetter: true });
  report(out);
  return out;
}
