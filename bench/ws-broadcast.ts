// WebSocket Hub: the cost of sending one message to 1,000 members. Hub.Broadcast frames it once
// and hands the same bytes to every socket; against it, (1) the server's synchronous work when
// each member is framed alone (a Broadcast to a room of one, per member: the same path but the
// framing), and (2) a loop of c.Write, timed from the send until every member has the message.
// The members are raw TCP sockets that did the handshake by hand and only count bytes, so the
// clients cost next to nothing and the same on both sides.

import { randomBytes } from "node:crypto";
import net from "node:net";
import type { ServerConn } from "../src/websocket-server.js";
import { net as gonet, websocket } from "./gonet.js";
import { best, report, type Result } from "./report.js";

interface Member {
  socket: net.Socket;
  received: number;
}

async function connect(port: number): Promise<Member> {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.on("error", () => {});
  const m: Member = { socket, received: 0 };
  await new Promise<void>((resolve) => {
    let head = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      socket.off("data", onData);
      m.received += head.length - end - 4;
      socket.on("data", (x: Buffer) => (m.received += x.length));
      resolve();
    };
    socket.on("data", onData);
    socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n\r\n`);
  });
  return m;
}

// measure runs rounds of send() and returns the mean µs per round: of send() alone (sync), or
// from the send until all members have the message.
async function measure(members: Member[], wireSize: number, rounds: number, sync: boolean, send: () => void): Promise<number> {
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const want = members.map((m) => m.received + wireSize);
    const t0 = performance.now();
    send();
    if (sync) total += performance.now() - t0;
    for (let i = 0; i < 100_000 && members.some((m, j) => m.received < want[j]!); i++) await new Promise((res) => setImmediate(res));
    if (!sync) total += performance.now() - t0;
  }
  return (total / rounds) * 1000;
}

/** runWSBroadcast prints the cost of one message to 1,000 members: a Hub broadcast against c.Write to each. */
export async function runWSBroadcast(quick: boolean): Promise<Result[]> {
  const n = 1000;
  const rounds = quick ? 50 : 300;
  const hub = new websocket.Hub();
  const conns: ServerConn[] = [];
  const srv = new websocket.Server({
    PingInterval: 0,
    WriteBufferLimit: 64 << 20,
    OnConnect(c) {
      conns.push(c);
      hub.Join(c, "all");
      hub.Join(c, `m${conns.length}`);
    },
  });
  const l = await gonet.Listen("tcp", "127.0.0.1:0");
  const served = srv.Serve(l).catch(() => {});
  const port = Number(l.Addr().String().split(":").pop());
  const members: Member[] = [];
  for (let i = 0; i < n; i++) members.push(await connect(port));
  for (let i = 0; i < 1000 && conns.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  const out: Result[] = [];
  for (const size of [64, 1024, 16 << 10]) {
    const text = "x".repeat(size);
    const wire = size + (size < 126 ? 2 : 4);
    await measure(members, wire, 5, true, () => void hub.Broadcast("all", text));
    const [alone, once] = await best(
      3,
      () => measure(members, wire, rounds, true, () => {
        for (let i = 1; i <= n; i++) void hub.Broadcast(`m${i}`, text);
      }),
      () => measure(members, wire, rounds, true, () => void hub.Broadcast("all", text)),
      true,
    );
    out.push({ name: `ws send ${size} B to ${n}: server sync work`, unit: "µs", raw: alone, gonet: once, target: 1, lowerIsBetter: true });
    const [each, onceE2E] = await best(
      3,
      () => measure(members, wire, rounds, false, () => {
        for (const c of conns) c.Write(websocket.MessageText, text).catch(() => {});
      }),
      () => measure(members, wire, rounds, false, () => void hub.Broadcast("all", text)),
      true,
    );
    out.push({ name: `ws send ${size} B to ${n}: until all have it`, unit: "µs", raw: each, gonet: onceE2E, target: 1, lowerIsBetter: true });
  }
  console.log("(gonet: Hub.Broadcast, framed once; raw: sync work = each member framed alone, until all have it = c.Write to each member)");
  report(out);
  for (const m of members) m.socket.destroy();
  await srv.Shutdown(AbortSignal.timeout(10_000)).catch(() => {});
  await served;
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await runWSBroadcast(process.argv.includes("--quick"));
