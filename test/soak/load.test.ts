// The held load, scaled down (test/soak/load.ts; `npm run soak` runs 10,000 + 5,000): 1,000
// keep-alive connections and 500 slowloris ones against one gonet Server with ReadHeaderTimeout
// 1 s. Real requests keep being served (every one succeeds; their latency is printed, and timed
// in `npm run bench`), every slowloris socket is closed by the server within ReadHeaderTimeout
// + 2.5 s of its connect (node's connectionsCheckingInterval, a quarter of the timeout here, plus
// room for a loaded machine), the keep-alive connections still answer afterwards, and the heap
// is flat: at most 64 KiB per held connection, and less than 16 MiB more after the run than
// while everything was held.

import assert from "node:assert/strict";
import { it } from "node:test";
import { runLoad, summary, type LoadOptions } from "./load.js";

it("serves real requests while holding keep-alive and slowloris connections", async () => {
  const o: LoadOptions = { keepAlive: 1000, slowloris: 500, readHeaderTimeout: 1000, drip: 300 };
  const r = await runLoad(o);
  console.log(summary(o, r));
  assert.deepEqual(r.failures, []);
  assert.ok(r.latencies.length > 10, `only ${r.latencies.length} real requests ran`);
  assert.equal(r.slowClosedAfter.length, o.slowloris);
  for (const ms of r.slowClosedAfter) {
    assert.ok(ms >= o.readHeaderTimeout * 0.9, `a slowloris socket was closed after ${ms} ms, before ReadHeaderTimeout`);
    assert.ok(ms <= o.readHeaderTimeout + 2500, `a slowloris socket was closed after ${ms} ms (-1: never)`);
  }
  assert.equal(r.reused, o.keepAlive);
  assert.ok(r.heapPerConn < 64 * 1024, `heap per conn ${r.heapPerConn}`);
  assert.ok(r.heapDrift < 16 << 20, `heap drift ${r.heapDrift}`);
});
