#!/usr/bin/env node
// Runs every *.test.ts below the given folders (or the given files) with node's test runner via tsx.
// (Node 20's --test takes no recursive globs, so the files are listed here.)
//
// With --coverage, every process the run starts writes V8 coverage to a
// temporary folder (NODE_V8_COVERAGE), and the line, branch and function
// totals of src/, src-node/ and src-browser/ print after the tests
// (scripts/coverage.mjs; COVERAGE=files or COVERAGE=uncovered for detail, COVERAGE=off to skip:
// collecting costs about a fifth more CPU, mostly a fixed cost per test process).
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { format, summarise } from "./coverage.mjs";

const args = process.argv.slice(2);
const coverage = args.includes("--coverage") && process.env.COVERAGE !== "off";
const roots = args.filter((a) => a !== "--coverage");
if (roots.length === 0) roots.push("test");
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.ts")) files.push(p);
  }
}
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r);
  else files.push(r);
}
if (files.length === 0) {
  console.error(`no test files under ${roots.join(", ")}`);
  process.exit(1);
}
const env = { ...process.env };
const covDir = coverage ? mkdtempSync(join(tmpdir(), "gonet-coverage-")) : undefined;
if (covDir !== undefined) env.NODE_V8_COVERAGE = covDir;
// With GONET_TEST_TALLY set (npm test sets it), a second TAP report goes to a file, and this
// run's totals are appended to the tally for scripts/test-summary.mjs's closing line.
const tally = process.env.GONET_TEST_TALLY;
const tapFile = tally ? join(mkdtempSync(join(tmpdir(), "gonet-tap-")), "report.tap") : undefined;
const reporters = tapFile ? ["--test-reporter=tap", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${tapFile}`] : [];
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-timeout=120000", ...reporters, ...files], {
  stdio: "inherit",
  env,
});
if (tapFile !== undefined) {
  const tap = readFileSync(tapFile, "utf8");
  const count = (k) => Number(tap.match(new RegExp(`^# ${k} (\\d+)$`, "m"))?.[1] ?? 0);
  appendFileSync(tally, JSON.stringify({ suite: roots.join(" "), pass: count("pass"), fail: count("fail"), skipped: count("skipped"), status: r.status }) + "\n");
  rmSync(join(tapFile, ".."), { recursive: true, force: true });
}
if (covDir !== undefined) {
  try {
    const detail = process.env.COVERAGE ?? "";
    const table = format(summarise(covDir), {
      perFile: detail === "files" || detail === "uncovered",
      uncovered: detail === "uncovered",
    });
    console.log(`\n${table}`);
  } finally {
    rmSync(covDir, { recursive: true, force: true });
  }
}
process.exit(r.status ?? 1);
