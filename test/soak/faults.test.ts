// The fault soak, short (test/soak/faults.ts; `npm run soak` runs it long): random resets,
// half-closes, stalled readers, deadline storms and aborted requests against a gonet http
// Server, a WebSocket echo and a TCP echo. Afterwards: every acknowledged byte arrived intact,
// the process's active resources are back to their baseline, the heap grew less than 24 MiB
// (measured after full GCs), and no unhandled rejection or uncaught exception fired.
// SOAK_SEED=<n> replays a run.

import assert from "node:assert/strict";
import { it } from "node:test";
import { gcFn, heapAfterGC, resourceCounts, runFaultSoak, seedFromEnv, settleResources, watchProcess } from "./faults.js";

/** heapBound is the heap growth allowed over the short run, after full GCs. */
const heapBound = 24 << 20;

it("survives random faults with every byte accounted for and nothing leaked", async () => {
  const seed = seedFromEnv();
  console.log(`soak seed ${seed} (SOAK_SEED=${seed} replays it)`);
  const gc = await gcFn();
  const watch = watchProcess();
  // Warm up so lazily loaded modules and caches are in the baseline.
  await runFaultSoak({ seed: seed ^ 1, ops: 30, concurrency: 4, deadlineMs: 3000 });
  await settleResources(resourceCounts(), 0);
  const base = resourceCounts();
  const heap0 = heapAfterGC(gc);
  const stats = await runFaultSoak({ seed, ops: 1200, concurrency: 8, deadlineMs: 8000 });
  const left = await settleResources(base, 3000);
  const growth = heapAfterGC(gc) - heap0;
  watch.stop();
  console.log(`soak: ${stats.ops} ops ${JSON.stringify(stats.byKind)}, faults ${JSON.stringify(stats.faults)}, ${stats.bytesVerified} bytes verified, heap growth ${(growth / 1024).toFixed(0)} KiB`);
  assert.deepEqual(stats.failures, [], `seed ${seed}`);
  assert.ok(stats.ops >= 100, `only ${stats.ops} ops ran`);
  assert.ok(stats.bytesVerified > 0);
  assert.equal(left, "", `resources above baseline (seed ${seed})`);
  assert.ok(growth < heapBound, `heap grew ${growth} bytes (bound ${heapBound}, seed ${seed})`);
  assert.deepEqual(watch.events, [], `seed ${seed}`);
});
