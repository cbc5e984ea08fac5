// Held load: 10,000 keep-alive + 5,000 slowloris connections (--quick: 1,000 + 500) opened by a
// child process against one server with a 2 s header timeout, while a stream of real requests
// from a gonet Client is timed (test/soak/load.ts, whose checks run in `npm run soak`). The
// gonet Server (dist/) beside a raw node:http server with the same timeouts; latency of the real
// requests (p50, p99) and heap per held connection.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { percentile, runLoad, summary, type LoadOptions, type LoadResult } from "../test/soak/load.js";
import { net as gonetNet } from "./gonet.js";
import { report, type Result } from "./report.js";

const gonetHTTP = (await import(new URL("../dist/src-node/http/index.js", import.meta.url).href)) as typeof import("../src-node/http/index.js");

async function rawServe(readHeaderTimeout: number): Promise<{ addr: string; stop: () => Promise<void> }> {
  const s = http.createServer(
    // The timeouts the gonet Server sets for these options (src-node/http/server.ts).
    { headersTimeout: readHeaderTimeout, requestTimeout: 0, keepAliveTimeout: 120_000, connectionsCheckingInterval: Math.floor(readHeaderTimeout / 4) },
    (_req, res) => res.end("ok"),
  );
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return {
    addr: `127.0.0.1:${(s.address() as AddressInfo).port}`,
    stop: async () => {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    },
  };
}

/** runHeldLoad runs the held-load benchmark and prints it; quick holds a tenth of the connections. */
export async function runHeldLoad(quick: boolean): Promise<Result[]> {
  const o: LoadOptions = quick ? { keepAlive: 1000, slowloris: 500, readHeaderTimeout: 2000, drip: 1000 } : { keepAlive: 10_000, slowloris: 5_000, readHeaderTimeout: 2000, drip: 1000 };
  const raw: LoadResult = await runLoad({ ...o, serve: rawServe, http: gonetHTTP });
  console.log("raw   " + summary(o, raw));
  const gonet: LoadResult = await runLoad({ ...o, http: gonetHTTP, Listen: gonetNet.Listen });
  console.log("gonet " + summary(o, gonet));
  const name = `held ${o.keepAlive} keep-alive + ${o.slowloris} slowloris`;
  const out: Result[] = [
    { name: `${name}: latency p50`, unit: "ms", raw: percentile(raw.latencies, 50), gonet: percentile(gonet.latencies, 50), target: 1.25, lowerIsBetter: true },
    { name: `${name}: latency p99`, unit: "ms", raw: percentile(raw.latencies, 99), gonet: percentile(gonet.latencies, 99), target: 1.25, lowerIsBetter: true },
    { name: `${name}: heap/conn`, unit: "KiB", raw: raw.heapPerConn / 1024, gonet: gonet.heapPerConn / 1024, target: 1.25, lowerIsBetter: true },
  ];
  report(out);
  return out;
}
