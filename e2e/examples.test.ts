// Every example runs as a user runs it (`npm run example:NAME`), checks what it shows, and ends
// with OK; after the build that `npm test` just made, none of them rebuilds dist/.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const root = join(import.meta.dirname, "..");

const examples: [name: string, args: string[]][] = [
  ["echo", []],
  ["udp-echo", []],
  ["tls-echo", []],
  ["doh-lookup", []],
  ["rest-api", ["--selftest"]],
  ["browser-echo", ["--check"]],
];

describe("examples", () => {
  for (const [name, args] of examples) {
    it(`npm run example:${name} ${args.join(" ")} ends with OK`, () => {
      const built = statSync(join(root, "dist/src-node/index.js")).mtimeMs;
      const r = spawnSync("npm", ["run", "--silent", `example:${name}`, "--", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
      assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ""}\n${r.stdout}\n${r.stderr}`);
      assert.equal(r.stdout.trim().split("\n").at(-1), "OK", r.stdout);
      assert.match(r.stderr, /dist\/ is fresh/, "the example did not rebuild a fresh dist/");
      assert.equal(statSync(join(root, "dist/src-node/index.js")).mtimeMs, built, "dist/ untouched");
    });
  }
});
