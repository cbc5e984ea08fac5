// The other end of the HTTP benchmarks, in its own process so the side under test has a core to
// itself: `load URL CONNS MS` drives URL with an undici Pool (CONNS keep-alive connections, one
// request in flight on each), says when its counted window starts, and sends back requests/s; `server` starts a raw node:http
// hello-world server and sends back its URL, then serves until it is told to stop.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";

const send = (m: unknown): void => {
  process.send?.(m);
};

const [mode, url, connsArg, msArg] = process.argv.slice(2);
if (mode === "load") {
  const conns = Number(connsArg);
  const ms = Number(msArg);
  const pool = new Pool(url as string, { connections: conns, pipelining: 1 });
  const get = async (): Promise<void> => {
    const r = await pool.request({ path: "/", method: "GET" });
    await r.body.text();
  };
  // Warm the connections up before counting.
  await Promise.all(Array.from({ length: conns }, get));
  let n = 0;
  let stop = false;
  send({ started: true });
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
  const dt = performance.now() - t0;
  await pool.close();
  send({ rps: n / (dt / 1000) });
  process.disconnect?.();
} else if (mode === "server") {
  const s = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Hello, World!");
  });
  s.listen(0, "127.0.0.1", () => send({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }));
  process.on("disconnect", () => {
    s.closeAllConnections();
    s.close();
  });
} else {
  console.error("usage: http-peer.ts load URL CONNS MS | server");
  process.exit(2);
}
