#!/usr/bin/env node
// Builds dist/ (npm run build) only when a source or build setting is newer than the build, so
// the examples start at once when dist/ is fresh. Prints which it did.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const root = join(import.meta.dirname, "..");
const inputs = ["src", "src-node", "src-browser", "package.json", "tsconfig.base.json", "tsconfig.build.json"];

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = 0;
  for (const name of readdirSync(p)) m = Math.max(m, newest(join(p, name)));
  return m;
}

let built = 0;
try {
  built = statSync(join(root, "dist/src-node/index.js")).mtimeMs;
} catch {
  // no build yet
}
const source = Math.max(...inputs.map((p) => newest(join(root, p))));
if (built > 0 && built >= source) {
  console.error("dist/ is fresh");
} else {
  console.error("building dist/");
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  process.exit(r.status ?? 1);
}
