// UDP: 512-byte ping-pong through gonet's UDPConn against raw node:dgram, both ends in-process.

import dgram from "node:dgram";
import { net } from "./gonet.js";
import { best, report, type Result } from "./report.js";

async function raw(rounds: number): Promise<number> {
  const server = dgram.createSocket("udp4");
  server.on("message", (m, r) => server.send(m, r.port, r.address));
  await new Promise<void>((r) => server.bind(0, "127.0.0.1", r));
  const client = dgram.createSocket("udp4");
  await new Promise<void>((r) => client.connect(server.address().port, "127.0.0.1", r));
  const msg = Buffer.alloc(512, 1);
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    let i = 0;
    client.on("message", () => (++i === rounds ? resolve() : client.send(msg)));
    client.send(msg);
  });
  const dt = performance.now() - t0;
  client.close();
  server.close();
  return rounds / (dt / 1000);
}

async function gonet(rounds: number): Promise<number> {
  const pc = await net.ListenPacket("udp4", "127.0.0.1:0");
  const serving = (async () => {
    const b = new Uint8Array(2048);
    for (;;) {
      let n: number, from;
      try {
        [n, from] = await pc.ReadFrom(b);
      } catch {
        return;
      }
      await pc.WriteTo(b.subarray(0, n), from);
    }
  })();
  const c = await net.Dial("udp4", pc.LocalAddr().String());
  const msg = new Uint8Array(512).fill(1);
  const p = new Uint8Array(2048);
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    await c.Write(msg);
    await c.Read(p);
  }
  const dt = performance.now() - t0;
  await c.Close();
  await pc.Close();
  await serving;
  return rounds / (dt / 1000);
}

/** runUDP runs the UDP benchmark. */
export async function runUDP(quick: boolean): Promise<Result[]> {
  const rounds = quick ? 5000 : 50000;
  await raw(2000);
  await gonet(2000);
  const [r, g] = await best(3, () => raw(rounds), () => gonet(rounds));
  const out: Result[] = [{ name: "udp ping-pong 512 B", unit: "round trips/s", raw: r, gonet: g, target: 0.95 }];
  report(out);
  return out;
}
