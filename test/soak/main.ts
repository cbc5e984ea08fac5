// npm run soak: the long fault soak (test/soak/faults.ts) and the full held load
// (test/soak/load.ts: 10,000 keep-alive + 5,000 slowloris connections, ReadHeaderTimeout 2 s),
// with the same checks as the short versions in the unit run (test/soak/*.test.ts).
// SOAK_SEED=<n> replays a fault run; SOAK_OPS (default 20000) and SOAK_SECONDS (default 120)
// bound it, SOAK_CONCURRENCY (default 16) sets the ops in flight. Exits 1 on any failed check.

import { gcFn, heapAfterGC, resourceCounts, runFaultSoak, seedFromEnv, settleResources, watchProcess } from "./faults.js";
import { runLoad, summary, type LoadOptions } from "./load.js";

const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  if (!ok) failures.push(what);
};

// ---- faults ----
/** heapBound is the heap growth allowed over the long fault run, after full GCs. */
const heapBound = 32 << 20;
const seed = seedFromEnv();
const ops = Number(process.env["SOAK_OPS"] ?? 20000);
const seconds = Number(process.env["SOAK_SECONDS"] ?? 120);
console.log(`soak seed ${seed} (SOAK_SEED=${seed} replays it), up to ${ops} ops or ${seconds} s`);
const gc = await gcFn();
const watch = watchProcess();
await runFaultSoak({ seed: seed ^ 1, ops: 50, concurrency: 4, deadlineMs: 5000 });
await settleResources(resourceCounts(), 0);
const base = resourceCounts();
const heap0 = heapAfterGC(gc);
const concurrency = Number(process.env["SOAK_CONCURRENCY"] ?? 16);
const stats = await runFaultSoak({ seed, ops, concurrency, deadlineMs: seconds * 1000 });
const left = await settleResources(base, 5000);
const growth = heapAfterGC(gc) - heap0;
console.log(`faults: ${stats.ops} ops ${JSON.stringify(stats.byKind)}, faults ${JSON.stringify(stats.faults)}, ${stats.bytesVerified} bytes verified, heap growth ${(growth / 1024).toFixed(0)} KiB (bound ${heapBound >> 20} MiB)`);
for (const f of stats.failures) failures.push(`faults: ${f}`);
check(left === "", `resources above baseline: ${left}`);
check(growth < heapBound, `heap grew ${growth} bytes`);

// ---- held load ----
const o: LoadOptions = { keepAlive: 10_000, slowloris: 5_000, readHeaderTimeout: 2000, drip: 1000 };
const r = await runLoad(o);
console.log(summary(o, r));
for (const f of r.failures) failures.push(`load: real request failed: ${f}`);
check(r.latencies.length > 10, `load: only ${r.latencies.length} real requests`);
const late = r.slowClosedAfter.filter((ms) => ms < o.readHeaderTimeout * 0.9 || ms > o.readHeaderTimeout + 3000);
check(late.length === 0, `load: ${late.length} slowloris sockets closed outside [0.9 x ReadHeaderTimeout, ReadHeaderTimeout + 3 s]: ${late.slice(0, 10).join(", ")} ms`);
check(r.reused === o.keepAlive, `load: ${r.reused}/${o.keepAlive} keep-alive conns reused`);
check(r.heapPerConn < 64 * 1024, `load: heap per conn ${r.heapPerConn}`);
check(r.heapDrift < 32 << 20, `load: heap drift ${r.heapDrift}`);

watch.stop();
for (const e of watch.events) failures.push(e);
if (failures.length > 0) {
  console.error(`soak FAILED (seed ${seed}):\n` + failures.join("\n"));
  process.exit(1);
}
console.log("soak ok");
