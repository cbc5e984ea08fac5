// docs/errors.md lists every error code the sources define, so users find each in one place.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";

const root = join(import.meta.dirname, "..");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

it("every GONET_ code in the sources is in docs/errors.md", () => {
  const doc = readFileSync(join(root, "docs/errors.md"), "utf8");
  const codes = new Set<string>();
  for (const dir of ["src", "src-node", "src-browser"]) {
    for (const f of sources(join(root, dir))) for (const m of readFileSync(f, "utf8").matchAll(/"(GONET_[A-Z0-9_]+)"/g)) codes.add(m[1]!);
  }
  assert.ok(codes.size > 20, "found the codes");
  const missing = [...codes].filter((c) => !doc.includes(c) && !doc.includes(c.replace(/^GONET_HTTP_ERR_/, "`")));
  assert.deepEqual(missing, []);
});
