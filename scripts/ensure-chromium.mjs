#!/usr/bin/env node
// Makes sure Debian's Chromium is installed for the e2e suite (playwright-core drives
// /usr/bin/chromium and downloads no browser). Run before the e2e tests, outside the test
// runner's per-file timeout, since a fresh machine's apt-get can take minutes.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const chromium = "/usr/bin/chromium";
if (existsSync(chromium)) process.exit(0);
console.log(`${chromium} is missing: installing Debian's chromium with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
for (const args of [["update"], ["install", "-y", "chromium"]]) {
  const r = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`apt-get ${args.join(" ")} failed with status ${String(r.status)}`);
    process.exit(1);
  }
}
if (!existsSync(chromium)) {
  console.error(`${chromium} is still missing after apt-get install chromium`);
  process.exit(1);
}
