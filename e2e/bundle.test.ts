// The browser entry points bundle for the browser: esbuild --platform=browser over each of them
// must pull in no node:* module and no Node-only package, and a minimal bundle that imports Dial
// stays small (its gzip size is printed).

import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { it } from "node:test";
import { build, type Metafile } from "esbuild";

// The gzip budget of the minimal Dial bundle (18.7 KB when written).
const gzipBudget = 40 * 1024;
const root = new URL("..", import.meta.url).pathname;
// Packages that only work in Node: gonet's Node backend depends on them.
const nodeOnly = ["ws", "undici", "dns-packet", "bufferutil", "utf-8-validate"];

function offenders(meta: Metafile): string[] {
  const bad: string[] = [];
  for (const [file, input] of Object.entries(meta.inputs)) {
    if (file.startsWith("node:")) bad.push(file);
    for (const pkg of nodeOnly) if (file.includes(`node_modules/${pkg}/`)) bad.push(file);
    if (file.startsWith("src-node/")) bad.push(file);
    for (const imp of input.imports) if (imp.path.startsWith("node:") || imp.external) bad.push(`${file} -> ${imp.path}`);
  }
  return bad;
}

// Every browser entry point of the package (package.json's exports under "browser").
const browserEntries = ["src-browser/index.ts", "src/io.ts", "src/bufio.ts", "src/url.ts", "src/mime/multipart.ts", "src-browser/tls.ts", "src-browser/http/index.ts", "src-browser/httptest.ts", "src-browser/websocket.ts"];

it("the browser entry list covers package.json's exports", async () => {
  const { readFile } = await import("node:fs/promises");
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { exports: Record<string, { browser?: string }> };
  const fromPkg = Object.values(pkg.exports)
    .map((e) => (typeof e === "object" ? e.browser : undefined))
    .filter((b): b is string => b !== undefined)
    .map((b) => b.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts"));
  assert.deepEqual([...new Set(fromPkg)].sort(), [...browserEntries].sort());
});

for (const entry of browserEntries) {
  it(`bundles ${entry} for the browser without node: imports or Node-only modules`, async () => {
    const out = await build({
      absWorkingDir: root,
      entryPoints: [entry],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    assert.deepEqual(offenders(out.metafile), []);
    assert.doesNotMatch(out.outputFiles[0]!.text, /["']node:[a-z_/]+["']/, "a node: specifier survived in the bundle");
    if (entry === "src-browser/index.ts") assert.ok(Object.keys(out.metafile.inputs).includes("src/websocket-conn.ts"), "the bundle lacks the WebSocket Conn");
  });
}


it("a minimal bundle importing Dial is small; its gzip size is printed", async (t) => {
  const out = await build({
    absWorkingDir: root,
    stdin: { contents: 'import { Dial } from "./src-browser/index.ts"; globalThis.gonetDial = Dial;', resolveDir: root, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  assert.deepEqual(offenders(out.metafile), []);
  const code = out.outputFiles[0]!.contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const msg = `minimal browser bundle importing Dial: ${code.length} bytes minified, ${gz} bytes gzip`;
  t.diagnostic(msg);
  console.log(msg);
  // A budget, so that an import that drags half the package into Dial's bundle fails here.
  assert.ok(gz < gzipBudget, `${msg}: over the ${gzipBudget}-byte budget`);
});

it("the package, imported by name, resolves to the browser build under the browser condition", async () => {
  // After `npm run build`: what a user's bundler sees through package.json's exports.
  const out = await build({
    absWorkingDir: root,
    stdin: {
      contents: 'export * from "gonet"; export * as io from "gonet/io"; export * as bufio from "gonet/bufio"; export * as url from "gonet/url"; export * as multipart from "gonet/mime/multipart"; export * as tls from "gonet/tls"; export * as http from "gonet/http"; export * as httptest from "gonet/httptest"; export * as websocket from "gonet/websocket";',
      resolveDir: root,
      loader: "ts",
    },
    tsconfig: join(root, "tsconfig.browser.json"),
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.keys(out.metafile.inputs);
  assert.ok(inputs.some((f) => f.startsWith("dist/src-browser/")), "gonet resolved to dist/src-browser");
  assert.ok(!inputs.some((f) => f.startsWith("dist/src-node/") || f.startsWith("src-node/")), "no Node backend in a browser bundle");
  for (const input of Object.values(out.metafile.inputs)) {
    for (const imp of input.imports) assert.ok(!imp.path.startsWith("node:") && !imp.external, `import ${imp.path}`);
  }
  for (const pkg of ["ws", "undici", "bufferutil"]) assert.ok(!inputs.some((f) => f.includes(`node_modules/${pkg}/`)), `${pkg} is not bundled`);
});
