#!/usr/bin/env node
// Runs every *.test.ts below the given folders with node's test runner via tsx.
// (Node 20's --test takes no recursive globs, so the files are listed here.)
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = process.argv.slice(2);
if (roots.length === 0) roots.push("test");
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".test.ts")) files.push(p);
  }
}
for (const r of roots) walk(r);
if (files.length === 0) {
  console.error(`no test files under ${roots.join(", ")}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-timeout=120000", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
