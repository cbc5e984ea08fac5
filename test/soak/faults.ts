// The fault soak: a gonet http Server (echo, big and slow handlers, and a WebSocket echo via
// Accept), a gonet TCP echo Listener, and their clients (gonet http Client, gonet websocket Dial,
// gonet net Dial, raw node:net sockets for the faults), driven by a seeded PRNG through random
// resets (resetAndDestroy), half-closes, stalled readers, deadline storms (SetDeadline flapping
// on gonet Conns on both ends) and aborted requests. Every payload carries its sequence number;
// what each side read is checked against what the other side wrote: a connection that ended
// cleanly must deliver every byte whose Write resolved, and any connection must deliver a prefix
// of what was written (never a changed, lost-then-found or duplicated byte).
//
// runFaultSoak is shared by the unit test (test/soak/soak.test.ts, a few seconds) and
// `npm run soak` (test/soak/main.ts, minutes); it returns counts and the invariants' failures.

import { createHash } from "node:crypto";
import net from "node:net";
import { Dial, Listen } from "../../src-node/dial.js";
import { Client, HandlerFunc, NewRequestWithContext, Server, Transport, type Hijacker } from "../../src-node/http/index.js";
import { Accept, Dial as WSDial, MessageBinary, NetConn, StatusNormalClosure, type Conn as WSConn } from "../../src-node/websocket.js";
import { ErrDeadlineExceeded, Is } from "../../src/errors.js";
import { ReadAll } from "../../src/io.js";
import type { Conn, Listener } from "../../src/net.js";
import type { TCPConn } from "../../src/tcp.js";

/** Rand is a seeded PRNG (mulberry32): the same seed replays the same choices. */
export class Rand {
  #s: number;
  constructor(seed: number) {
    this.#s = seed >>> 0;
  }
  /** next returns a float in [0, 1). */
  next(): number {
    let t = (this.#s = (this.#s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** int returns an integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** bytes returns n pseudo-random bytes, the first 4 being seq (big-endian). */
  bytes(n: number, seq: number): Uint8Array {
    const b = new Uint8Array(Math.max(4, n));
    for (let i = 4; i < b.length; i++) b[i] = this.int(256);
    new DataView(b.buffer).setUint32(0, seq >>> 0);
    return b;
  }
}

/** seedFromEnv returns SOAK_SEED when set, else a fresh seed. */
export function seedFromEnv(): number {
  const s = process.env["SOAK_SEED"];
  return s !== undefined && s !== "" ? Number(s) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** Stats are the soak's counts and the invariant failures it found. */
export interface Stats {
  ops: number;
  /** byKind counts the ops started, by the op's function name. */
  byKind: Record<string, number>;
  faults: Record<string, number>;
  bytesVerified: number;
  failures: string[];
}

function sha(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function isPrefix(got: Uint8Array, of: Uint8Array): boolean {
  return got.length <= of.length && Buffer.compare(got, of.subarray(0, got.length)) === 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** flapper sets c's deadlines at random (past, near future, none) every few ms until stopped. */
function flapper(c: Conn, rnd: Rand, stats: Stats, which: "read" | "both"): () => void {
  let on = true;
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    if (!on) return;
    const r = rnd.int(4);
    const t = r === 0 ? Date.now() - 1 : r === 1 ? null : Date.now() + 1 + rnd.int(5);
    if (which === "both" && rnd.int(8) === 0) c.SetDeadline(t);
    else c.SetReadDeadline(t);
    stats.faults["deadline flaps"] = (stats.faults["deadline flaps"] ?? 0) + 1;
    timer = setTimeout(tick, 1 + rnd.int(4));
  };
  tick();
  return () => {
    on = false;
    clearTimeout(timer);
  };
}

/** readRetrying is c.Read that treats a deadline as "try again" (the storm's timeouts). */
async function readRetrying(c: Conn, buf: Uint8Array, stats: Stats): Promise<number | null> {
  for (;;) {
    try {
      return await c.Read(buf);
    } catch (e) {
      if (!Is(e, ErrDeadlineExceeded)) throw e;
      stats.faults["read timeouts"] = (stats.faults["read timeouts"] ?? 0) + 1;
      // A past deadline would fail at once again: clear it; the storm sets the next one.
      c.SetReadDeadline(null);
    }
  }
}

interface Env {
  rnd: Rand;
  stats: Stats;
  httpURL: string;
  httpPort: number;
  tcpAddr: string;
  tcpPort: number;
  client: Client;
}

function fault(stats: Stats, name: string): void {
  stats.faults[name] = (stats.faults[name] ?? 0) + 1;
}

// ---- TCP echo under deadline storms ---------------------------------------------------------

/** echoLoop echoes c's bytes back until end of stream or an error, under a deadline storm half the time. */
async function echoLoop(c: Conn, rnd: Rand, stats: Stats): Promise<void> {
  const stop = rnd.int(2) === 0 ? flapper(c, rnd, stats, "read") : () => {};
  const buf = new Uint8Array(8192);
  try {
    for (;;) {
      const n = await readRetrying(c, buf, stats);
      if (n === null) break;
      await c.Write(buf.slice(0, n));
    }
  } catch {
    // a reset peer: the loop ends, the conn closes below
  } finally {
    stop();
    await c.Close().catch(() => {});
  }
}

async function tcpEchoServe(l: Listener, rnd: Rand, stats: Stats, loops: Set<Promise<void>>): Promise<void> {
  for (;;) {
    let c: Conn;
    try {
      c = await l.Accept();
    } catch {
      return;
    }
    const p = echoLoop(c, rnd, stats);
    loops.add(p);
    void p.finally(() => loops.delete(p));
  }
}

async function opTCPEcho(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const c = (await Dial("tcp", env.tcpAddr)) as TCPConn;
  const stopRead = flapper(c, rnd, stats, rnd.int(3) === 0 ? "both" : "read");
  const written: Uint8Array[] = [];
  let acked = 0;
  let rejected = false;
  const got: Uint8Array[] = [];
  const reader = (async () => {
    const buf = new Uint8Array(4096);
    for (;;) {
      const n = await readRetrying(c, buf, stats);
      if (n === null) return;
      got.push(buf.slice(0, n));
    }
  })();
  const chunks = 1 + rnd.int(20);
  for (let i = 0; i < chunks; i++) {
    const p = rnd.bytes(1 + rnd.int(16384), i);
    written.push(p);
    try {
      await c.Write(p);
      acked += p.length;
    } catch (e) {
      if (!Is(e, ErrDeadlineExceeded)) throw e;
      fault(stats, "write timeouts");
      rejected = true;
      break;
    }
  }
  c.SetWriteDeadline(null);
  await c.CloseWrite();
  fault(stats, "half-closes");
  let readErr: unknown = null;
  await reader.catch((e: unknown) => (readErr = e));
  stopRead();
  await c.Close().catch(() => {});
  const all = concat(written);
  const recv = concat(got);
  stats.ops++;
  if (readErr !== null) stats.failures.push(`tcp echo: read failed: ${String(readErr)}`);
  else if (!isPrefix(recv, all)) stats.failures.push(`tcp echo: received ${recv.length} bytes that are not a prefix of the ${all.length} written`);
  else if (recv.length < acked) stats.failures.push(`tcp echo: ${acked} bytes acknowledged, ${recv.length} echoed (write rejected: ${rejected})`);
  else stats.bytesVerified += recv.length;
}

async function opTCPReset(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const s = net.connect(env.tcpPort, "127.0.0.1");
  s.on("error", () => {});
  await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
  s.write(rnd.bytes(1 + rnd.int(65536), 0));
  await sleep(rnd.int(5));
  s.resetAndDestroy();
  fault(stats, "resets");
  stats.ops++;
}

// ---- HTTP -------------------------------------------------------------------------------------

function httpServer(rnd: Rand, stats: Stats): Server {
  return new Server({
    ErrorLog: () => {},
    Handler: HandlerFunc(async (w, r) => {
      const path = r.URL.pathname;
      if (path === "/echo") {
        const body = r.Body === null ? new Uint8Array(0) : await ReadAll(r.Body);
        w.Header().Set("X-Sum", sha(body));
        await w.Write(body);
      } else if (path === "/big") {
        const chunk = new Uint8Array(64 * 1024);
        for (let i = 0; i < 32; i++) await w.Write(chunk);
      } else if (path === "/slow") {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 20);
          r.Context().addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
        });
        await w.Write("done");
      } else if (path === "/cut") {
        // A response cut short: Content-Length promises more than is sent before the close.
        const [c] = await (w as unknown as Hijacker).Hijack();
        await c.Write(new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(Number(r.URL.searchParams.get("n") ?? 0))));
        await c.Close();
      } else if (path === "/flood") {
        // A WebSocket server that writes until the peer goes away (the client stalls, then cuts).
        let c: WSConn;
        try {
          c = await Accept(w, r);
        } catch {
          return;
        }
        try {
          const m = new Uint8Array(16384);
          for (;;) await c.Write(MessageBinary, m);
        } catch {
          // the peer went away: the Write rejected instead of queueing without end
        } finally {
          await c.CloseNow().catch(() => {});
        }
      } else if (path === "/wscut") {
        // A WebSocket server that echoes a few messages, then drops the connection.
        let c: WSConn;
        try {
          c = await Accept(w, r);
        } catch {
          return;
        }
        try {
          for (let k = Number(r.URL.searchParams.get("k")); k > 0; k--) {
            const [t, d] = await c.Read();
            await c.Write(t, d);
          }
        } catch {
          // the peer went first
        } finally {
          await c.CloseNow().catch(() => {});
        }
      } else if (path === "/wsnet") {
        let c: WSConn;
        try {
          c = await Accept(w, r);
        } catch {
          return;
        }
        await echoLoop(NetConn(c, MessageBinary), rnd, stats);
      } else if (path === "/ws") {
        let c: WSConn;
        try {
          c = await Accept(w, r);
        } catch {
          return;
        }
        try {
          for (;;) {
            const [t, d] = await c.Read();
            await c.Write(t, d);
          }
        } catch {
          // closed or reset by the peer
        } finally {
          await c.CloseNow().catch(() => {});
        }
      } else {
        stats.failures.push(`http: unexpected path ${path}`);
      }
    }),
  });
}

async function opHTTPEcho(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const body = rnd.bytes(rnd.int(65536), stats.ops);
  const res = await env.client.Post(env.httpURL + "/echo", "application/octet-stream", body);
  const got = await res.bytes();
  stats.ops++;
  if (res.StatusCode !== 200 || Buffer.compare(got, body) !== 0 || res.Header.Get("X-Sum") !== sha(body)) {
    stats.failures.push(`http echo: status ${res.StatusCode}, ${got.length}/${body.length} bytes, sum ${res.Header.Get("X-Sum")}`);
  } else stats.bytesVerified += got.length;
}

async function opHTTPAbort(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const ac = new AbortController();
  const big = rnd.int(2) === 0;
  const req = big ? NewRequestWithContext(ac.signal, "GET", env.httpURL + "/big") : NewRequestWithContext(ac.signal, "POST", env.httpURL + "/echo", rnd.bytes(rnd.int(262144), 0));
  const byTimeout = rnd.int(3) === 0;
  const timer = byTimeout ? undefined : setTimeout(() => ac.abort(), rnd.int(15));
  fault(stats, byTimeout ? "client timeouts" : "aborted requests");
  const client = byTimeout ? new Client({ Transport: env.client.Transport ?? null, Timeout: 1 + rnd.int(15) }) : env.client;
  try {
    const res = await client.Do(req);
    await res.bytes();
  } catch {
    // canceled: the point of the fault
  } finally {
    clearTimeout(timer);
  }
  stats.ops++;
}

async function opHTTPClientFaults(env: Env): Promise<void> {
  const { rnd, stats } = env;
  if (rnd.int(2) === 0) {
    // A response cut short must fail to read, never pass as a whole body.
    const n = rnd.int(50000);
    fault(stats, "cut responses");
    try {
      const res = await env.client.Get(`${env.httpURL}/cut?n=${n}`);
      const b = await res.bytes();
      stats.failures.push(`http cut: a body cut at ${n} of 100000 bytes read as whole (${b.length} bytes)`);
    } catch {
      // unexpected EOF: what Go's client reports too
    }
  } else {
    // A stalled reader on the client: reads part of a 2 MiB body, then closes it.
    fault(stats, "stalled readers");
    const res = await env.client.Get(`${env.httpURL}/big`);
    const buf = new Uint8Array(1 + rnd.int(65536));
    const n = await res.Body.Read(buf);
    await sleep(rnd.int(20));
    await res.Body.Close();
    if (res.StatusCode !== 200 || n === null) stats.failures.push(`http stalled client: status ${res.StatusCode}, first read ${n}`);
  }
  stats.ops++;
}

async function opWSNetConnEcho(env: Env): Promise<void> {
  // A byte stream over a WebSocket (NetConn) under read-deadline storms on both ends: a deadline
  // fails the pending Read without closing the WebSocket (src/websocket.ts, NetConn), so no
  // byte may be lost or repeated.
  const { rnd, stats } = env;
  const c = NetConn(await WSDial(env.httpURL.replace(/^http/, "ws") + "/wsnet"), MessageBinary);
  const stop = flapper(c, rnd, stats, "read");
  const written: Uint8Array[] = [];
  for (let i = 1 + rnd.int(10); i > 0; i--) {
    const p = rnd.bytes(1 + rnd.int(16384), i);
    written.push(p);
    await c.Write(p);
  }
  const all = concat(written);
  const got: Uint8Array[] = [];
  let n = 0;
  const buf = new Uint8Array(4096);
  try {
    while (n < all.length) {
      const k = await readRetrying(c, buf, stats);
      if (k === null) break;
      got.push(buf.slice(0, k));
      n += k;
    }
  } finally {
    stop();
    await c.Close().catch(() => {});
  }
  const recv = concat(got);
  stats.ops++;
  if (Buffer.compare(recv, all) !== 0) stats.failures.push(`ws NetConn echo: ${recv.length} bytes back for ${all.length} written, prefix ${isPrefix(recv, all)}`);
  else stats.bytesVerified += recv.length;
}

async function opWSServerCut(env: Env): Promise<void> {
  // The server drops the connection after k echoes: the client's Reads and Writes must fail
  // (not hang), and the echoes before the cut must be intact.
  const { rnd, stats } = env;
  const k = rnd.int(5);
  const c = await WSDial(env.httpURL.replace(/^http/, "ws") + `/wscut?k=${k}`);
  fault(stats, "ws server cuts");
  const sent: Uint8Array[] = [];
  let ended = false;
  try {
    for (let i = 0; i < 50; i++) {
      const m = rnd.bytes(rnd.int(4096), i);
      await c.Write(MessageBinary, m);
      sent.push(m);
      const [, d] = await c.Read();
      if (Buffer.compare(d, m) !== 0) stats.failures.push(`ws cut: echo ${i} differs`);
      else stats.bytesVerified += d.length;
    }
  } catch {
    ended = true;
  } finally {
    await c.CloseNow().catch(() => {});
  }
  stats.ops++;
  if (!ended) stats.failures.push(`ws cut: 50 echoes through a server that cut after ${k}`);
  else if (sent.length < k) stats.failures.push(`ws cut: failed after ${sent.length} echoes, before the server's cut at ${k}`);
}

async function opWSFlood(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const c = await WSDial(env.httpURL.replace(/^http/, "ws") + "/flood");
  const reads = rnd.int(8);
  for (let i = 0; i < reads; i++) {
    const [, d] = await c.Read();
    if (d.length !== 16384) stats.failures.push(`ws flood: message of ${d.length} bytes`);
  }
  fault(stats, "stalled readers");
  await sleep(rnd.int(30));
  await c.CloseNow();
  stats.ops++;
}

/** dechunk decodes a whole chunked body (with its last-chunk), or returns null if it is malformed or cut. */
function dechunk(b: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = b.indexOf("\r\n", i);
    if (eol < 0) return null;
    const n = parseInt(b.subarray(i, eol).toString("latin1"), 16);
    if (!Number.isFinite(n)) return null;
    if (n === 0) return b.subarray(eol + 2).toString("latin1") === "\r\n" ? Buffer.concat(parts) : null;
    if (b.length < eol + 2 + n + 2) return null;
    parts.push(b.subarray(eol + 2, eol + 2 + n));
    i = eol + 2 + n + 2;
  }
}

/** raw opens a node:net socket to port and resolves it once connected. */
async function raw(port: number): Promise<net.Socket> {
  const s = net.connect(port, "127.0.0.1");
  s.on("error", () => {});
  await new Promise<void>((resolve, reject) => s.once("connect", resolve).once("error", reject));
  return s;
}

async function opHTTPRawFault(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const kind = rnd.int(3);
  const s = await raw(env.httpPort);
  if (kind === 0) {
    // A reset partway through a request (headers or body).
    const body = rnd.bytes(4096, 0);
    const req = Buffer.concat([Buffer.from(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    s.write(req.subarray(0, rnd.int(req.length)));
    await sleep(rnd.int(5));
    s.resetAndDestroy();
    fault(stats, "resets");
  } else if (kind === 1) {
    // A half-close after a whole request: the response must still arrive in full.
    const body = rnd.bytes(rnd.int(8192), 0);
    const got: Buffer[] = [];
    const closed = new Promise<void>((resolve) => s.on("close", () => resolve()));
    s.on("data", (d: Buffer) => got.push(d));
    s.end(Buffer.concat([Buffer.from(`POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    fault(stats, "half-closes");
    await closed;
    const resp = Buffer.concat(got);
    const sep = resp.indexOf("\r\n\r\n");
    const head = resp.subarray(0, Math.max(0, sep)).toString("latin1");
    const rbody = /\r\nTransfer-Encoding: chunked(\r\n|$)/.test(head) ? dechunk(resp.subarray(sep + 4)) : resp.subarray(sep + 4);
    if (sep < 0 || !head.startsWith("HTTP/1.1 200 ") || rbody === null || Buffer.compare(rbody, body) !== 0) {
      stats.failures.push(`http half-close: got ${JSON.stringify(head)} and ${rbody?.length ?? "malformed"}/${body.length} body bytes`);
    } else stats.bytesVerified += body.length;
  } else {
    // A stalled reader: asks for 2 MiB, reads none of it, then resets or closes.
    s.pause();
    s.write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
    fault(stats, "stalled readers");
    await sleep(5 + rnd.int(30));
    if (rnd.int(2) === 0) s.resetAndDestroy();
    else s.destroy();
  }
  stats.ops++;
}

// ---- WebSocket ------------------------------------------------------------------------------

async function opWS(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const c = await WSDial(env.httpURL.replace(/^http/, "ws") + "/ws");
  const n = 1 + rnd.int(20);
  const cutAt = rnd.int(3) === 0 ? rnd.int(n) : -1;
  const sent: Uint8Array[] = [];
  const got: Uint8Array[] = [];
  const reader = (async () => {
    while (got.length < n) {
      const [, d] = await c.Read();
      got.push(d);
    }
  })();
  reader.catch(() => {});
  let acked = 0;
  let rejected = false;
  for (let i = 0; i < n; i++) {
    if (i === cutAt) {
      await c.CloseNow();
      fault(stats, "ws CloseNow");
      break;
    }
    const m = rnd.bytes(rnd.int(32768), i);
    sent.push(m);
    try {
      await c.Write(MessageBinary, m);
      acked++;
    } catch {
      rejected = true;
      break;
    }
  }
  let readErr: unknown = null;
  await reader.catch((e: unknown) => (readErr = e));
  if (cutAt < 0) await c.Close(StatusNormalClosure, "").catch(() => {});
  else await c.CloseNow().catch(() => {});
  stats.ops++;
  // Every echo read is the message sent with the same index, intact.
  for (let i = 0; i < got.length; i++) {
    if (i >= sent.length || Buffer.compare(got[i] as Uint8Array, sent[i] as Uint8Array) !== 0) {
      stats.failures.push(`ws: echo ${i} differs from what was sent`);
      return;
    }
    stats.bytesVerified += (got[i] as Uint8Array).length;
  }
  if (cutAt < 0 && !rejected && (readErr !== null || got.length < acked)) stats.failures.push(`ws: ${acked} messages sent, ${got.length} echoed (${String(readErr)})`);
}

async function opWSRawReset(env: Env): Promise<void> {
  const { rnd, stats } = env;
  const s = await raw(env.httpPort);
  const upgraded = new Promise<void>((resolve) => s.once("data", () => resolve()));
  s.write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  await Promise.race([upgraded, sleep(200)]);
  // Half a masked binary frame, then a reset.
  s.write(Buffer.from([0x82, 0xfe, 0x10, 0x00, 1, 2, 3, 4, ...rnd.bytes(rnd.int(2048), 0)]));
  await sleep(rnd.int(5));
  s.resetAndDestroy();
  fault(stats, "resets");
  stats.ops++;
}

// ---- the run --------------------------------------------------------------------------------

/** SoakOptions bound a run: ops in all, run concurrency at a time. */
export interface SoakOptions {
  seed: number;
  ops: number;
  concurrency: number;
  /** deadlineMs stops starting new ops past it (the run is bounded in time as in count). */
  deadlineMs: number;
}

/** opHangMs is how long one op may take before it counts as hung. */
const opHangMs = 20_000;

/** runFaultSoak runs the fault soak and shuts everything it started down before resolving. */
export async function runFaultSoak(opts: SoakOptions): Promise<Stats> {
  const rnd = new Rand(opts.seed);
  const stats: Stats = { ops: 0, byKind: {}, faults: {}, bytesVerified: 0, failures: [] };
  const srv = httpServer(rnd, stats);
  const hl = await Listen("tcp", "127.0.0.1:0");
  const serving = srv.Serve(hl).catch(() => {});
  const tl = await Listen("tcp", "127.0.0.1:0");
  const echoLoops = new Set<Promise<void>>();
  const tcpServing = tcpEchoServe(tl, rnd, stats, echoLoops);
  const transport = new Transport({ MaxIdleConnsPerHost: opts.concurrency });
  const client = new Client({ Transport: transport });
  const httpAddr = hl.Addr().String();
  const tcpAddr = tl.Addr().String();
  const env: Env = { rnd, stats, client, httpURL: "http://" + httpAddr, httpPort: Number(httpAddr.split(":")[1]), tcpAddr, tcpPort: Number(tcpAddr.split(":")[1]) };
  const ops: Array<[number, (e: Env) => Promise<void>]> = [
    [4, opTCPEcho],
    [1, opTCPReset],
    [4, opHTTPEcho],
    [2, opHTTPAbort],
    [3, opHTTPRawFault],
    [3, opWS],
    [1, opWSRawReset],
    [2, opHTTPClientFaults],
    [1, opWSFlood],
    [2, opWSNetConnEcho],
    [1, opWSServerCut],
  ];
  const total = ops.reduce((a, [w]) => a + w, 0);
  const pick = (): ((e: Env) => Promise<void>) => {
    let x = rnd.int(total);
    for (const [w, f] of ops) {
      if (x < w) return f;
      x -= w;
    }
    return opHTTPEcho;
  };
  const end = Date.now() + opts.deadlineMs;
  let started = 0;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (started < opts.ops && Date.now() < end) {
        started++;
        const f = pick();
        stats.byKind[f.name] = (stats.byKind[f.name] ?? 0) + 1;
        let timer: NodeJS.Timeout | undefined;
        try {
          // A hang is a defect too: an op gets opHangMs, then counts as failed.
          await Promise.race([f(env), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${opHangMs} ms`)), opHangMs)))]);
        } catch (e) {
          stats.failures.push(`${f.name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        } finally {
          clearTimeout(timer);
        }
      }
    }),
  );
  transport.CloseIdleConnections();
  await srv.Close();
  await serving;
  await tl.Close();
  await tcpServing;
  await Promise.all(echoLoops);
  return stats;
}

/** resourceCounts counts process.getActiveResourcesInfo() by kind. */
export function resourceCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** resourcesAbove lists the kinds now held more than in base ("" when none). */
export function resourcesAbove(base: Map<string, number>): string {
  const now = resourceCounts();
  return [...now].filter(([k, n]) => n > (base.get(k) ?? 0)).map(([k, n]) => `${k}: ${n} (baseline ${base.get(k) ?? 0})`).join(", ");
}

/** settleResources polls (every 20 ms, at most ms) until no kind is above base; it returns what is left. */
export async function settleResources(base: Map<string, number>, ms: number): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const above = resourcesAbove(base);
    if (above === "" || Date.now() > end) return above;
    await sleep(20);
  }
}

/** gcFn returns a function that runs a full GC: global.gc when exposed, else one from V8's flag. */
export async function gcFn(): Promise<() => void> {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) return g;
  const v8 = await import("node:v8");
  const vm = await import("node:vm");
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

/** heapAfterGC returns heapUsed after two full collections. */
export function heapAfterGC(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Watch records every unhandled rejection and uncaught exception until stopped. */
export function watchProcess(): { events: string[]; stop: () => void } {
  const events: string[] = [];
  const onRej = (e: unknown): void => void events.push(`unhandledRejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const onExc = (e: unknown): void => void events.push(`uncaughtException: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.on("unhandledRejection", onRej);
  process.on("uncaughtException", onExc);
  return {
    events,
    stop: () => {
      process.off("unhandledRejection", onRej);
      process.off("uncaughtException", onExc);
    },
  };
}
