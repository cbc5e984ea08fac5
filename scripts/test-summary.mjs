#!/usr/bin/env node
// The closing line of `npm test`: the totals over every suite the run-tests.mjs runs appended to
// the tally file (GONET_TEST_TALLY), as "N passed, N failed, N skipped". Exits non-zero if any
// suite failed or none ran.
import { readFileSync, rmSync } from "node:fs";

const tally = process.env.GONET_TEST_TALLY;
if (!tally) {
  console.error("test-summary: GONET_TEST_TALLY is not set");
  process.exit(1);
}
const rows = readFileSync(tally, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
rmSync(tally, { force: true });
let pass = 0;
let fail = 0;
let skipped = 0;
for (const r of rows) {
  pass += r.pass;
  fail += r.fail;
  skipped += r.skipped;
  console.log(`${r.suite}: ${r.pass} passed, ${r.fail} failed, ${r.skipped} skipped`);
}
console.log(`${pass} passed, ${fail} failed, ${skipped} skipped`);
process.exit(rows.length === 0 || fail > 0 || rows.some((r) => r.status !== 0) ? 1 : 0);
