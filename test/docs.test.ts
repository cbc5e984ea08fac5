// docs/errors.md lists every error code the sources define, so users find each in one place; and
// every export of every entry point has a doc comment whose first sentence starts with its name.

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import ts from "typescript";

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

// The entry points behind package.json's exports, both platforms.
const entries = [
  "src-node/index.ts",
  "src/io.ts",
  "src/bufio.ts",
  "src/url.ts",
  "src/mime/multipart.ts",
  "src-node/tls/index.ts",
  "src-node/http/index.ts",
  "src-node/httptest.ts",
  "src-node/websocket.ts",
  "src-browser/index.ts",
  "src-browser/tls.ts",
  "src-browser/http/index.ts",
  "src-browser/httptest.ts",
  "src-browser/websocket.ts",
];

it("every export of every entry point has a doc comment that starts with its name", () => {
  const files = entries.map((e) => join(root, e));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true, types: ["node"] });
  const checker = program.getTypeChecker();
  const bad: string[] = [];
  let n = 0;
  for (const f of files) {
    const sf = program.getSourceFile(f);
    assert.ok(sf !== undefined, f);
    const mod = checker.getSymbolAtLocation(sf);
    assert.ok(mod !== undefined, f);
    for (const exported of checker.getExportsOfModule(mod)) {
      n++;
      const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const doc = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
      // A re-export under another name (tls's Conn for TLSConn) keeps the doc of what it names.
      if (!doc.startsWith(exported.getName()) && !doc.startsWith(sym.getName())) bad.push(`${f.slice(root.length + 1)}: ${exported.getName()}: ${JSON.stringify(doc.slice(0, 50))}`);
    }
  }
  assert.ok(n > 300, `found the exports (${n})`);
  assert.deepEqual(bad, []);
});

it("every error class and sentinel the docs name can be imported", async () => {
  const exported = new Set<string>();
  for (const e of entries) for (const k of Object.keys(await import(join(root, e)))) exported.add(k);
  const named = new Set<string>();
  for (const f of ["README.md", ...readdirSync(join(root, "docs")).map((n) => join("docs", n))]) {
    const text = readFileSync(join(root, f), "utf8");
    for (const m of text.matchAll(/`(Err[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*Error)\b/g)) named.add(m[1]!);
  }
  assert.ok(named.size > 15, `found the names (${named.size})`);
  assert.deepEqual([...named].filter((n) => !exported.has(n)).sort(), []);
});

it("every relative link in README.md and docs/ points at a file the repository has", () => {
  const files = ["README.md", ...readdirSync(join(root, "docs")).map((n) => join("docs", n))];
  const dead: string[] = [];
  let n = 0;
  for (const f of files) {
    const dir = join(root, f, "..");
    for (const m of readFileSync(join(root, f), "utf8").matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue; // an absolute URL
      n++;
      try {
        statSync(join(dir, target));
      } catch {
        dead.push(`${f}: ${target}`);
      }
    }
  }
  assert.ok(n > 10, `checked ${n} links`);
  assert.deepEqual(dead, []);
});
