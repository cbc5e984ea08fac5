// The shipped artifact: `npm pack`, installed into an empty project, imported by package name,
// must work as a user's first program would. Also runs publint over the package.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";

const root = resolve(import.meta.dirname, "..");

describe("npm pack", () => {
  const work = mkdtempSync(join(tmpdir(), "gonet-pack-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  it("installs into an empty project and runs an echo over TCP", () => {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const tgz = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tgz, "npm pack made a tarball");
    const files = execFileSync("tar", ["-tzf", join(work, tgz)], { encoding: "utf8" }).split("\n");
    for (const f of ["package/dist/src-node/index.js", "package/dist/src-node/index.d.ts", "package/dist/src/io.js", "package/dist/src-browser/index.js", "package/README.md", "package/LICENSE", "package/docs/api.md"]) {
      assert.ok(files.includes(f), `${f} is in the tarball`);
    }
    assert.ok(!files.some((f) => f.startsWith("package/test/") || f.startsWith("package/src/")), "no sources or tests shipped");
    // Stack traces and debuggers map to the TypeScript: each source map carries its source.
    const maps = files.filter((f) => f.endsWith(".js.map"));
    assert.ok(maps.length > 20, "source maps shipped");
    assert.ok(!files.some((f) => f.endsWith(".d.ts.map")), "no declaration maps pointing at unshipped .ts files");
    for (const m of maps) {
      const map = JSON.parse(execFileSync("tar", ["-xzOf", join(work, tgz), m], { encoding: "utf8" })) as { sources: string[]; sourcesContent?: (string | null)[] };
      assert.equal(map.sourcesContent?.length, map.sources.length, `${m} has its sources inline`);
      assert.ok(map.sourcesContent.every((c) => typeof c === "string" && c.length > 0), `${m} has its sources inline`);
    }
    const app = join(work, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", join(work, tgz)], { cwd: app, stdio: ["ignore", "inherit", "inherit"] });
    writeFileSync(
      join(app, "main.js"),
      `import { Dial, Listen, ParseIP, SplitHostPort } from "gonet";
import { ReadAll } from "gonet/io";
const l = await Listen("tcp", "127.0.0.1:0");
(async () => { for await (const c of l) { const b = await ReadAll(c); await c.Write(b); await c.Close(); } })();
const c = await Dial("tcp", l.Addr().String());
await c.Write(new TextEncoder().encode("packed"));
await c.CloseWrite();
const got = new TextDecoder().decode(await ReadAll(c));
await c.Close(); await l.Close();
console.log(JSON.stringify({ got, ip: ParseIP("::ffff:1.2.3.4").String(), hp: SplitHostPort("[::1]:80") }));
`,
    );
    const out = execFileSync("node", ["main.js"], { cwd: app, encoding: "utf8" }).trim();
    assert.deepEqual(JSON.parse(out), { got: "packed", ip: "1.2.3.4", hp: ["::1", "80"] });
  });

  it("passes are-the-types-wrong (ESM only) on the tarball", () => {
    const tgz = readdirSync(work).find((f) => f.endsWith(".tgz"));
    assert.ok(tgz, "the tarball of the first test");
    // Exits non-zero on any problem in the resolutions an ESM-only package supports.
    const out = execFileSync(join(root, "node_modules/.bin/attw"), [join(work, tgz), "--profile", "esm-only", "--format", "ascii"], { encoding: "utf8" });
    for (const entry of ['"gonet"', '"gonet/io"', '"gonet/bufio"', '"gonet/url"', '"gonet/mime/multipart"', '"gonet/tls"', '"gonet/http"', '"gonet/httptest"']) assert.ok(out.includes(entry), `${entry} checked`);
  });

  it("installs from a git URL (prepare builds dist/) and imports every entry point", () => {
    // What `npm install git+https://…/gonet.git` does, from this checkout's HEAD: npm clones it,
    // installs its devDependencies, runs `prepare` (the build) and packs the result.
    const app = join(work, "git-app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "git-app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--prefer-offline", `git+file://${root}`], {
      cwd: app,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" },
    });
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    const entries = Object.keys(pkg.exports)
      .filter((k) => k !== "./package.json")
      .map((k) => (k === "." ? "gonet" : `gonet/${k.slice(2)}`));
    assert.ok(entries.length >= 8, "every entry point listed");
    writeFileSync(
      join(app, "main.js"),
      `const out = {};
for (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).length;
console.log(JSON.stringify(out));
`,
    );
    const out = JSON.parse(execFileSync("node", ["main.js"], { cwd: app, encoding: "utf8" }).trim()) as Record<string, number>;
    assert.deepEqual(Object.keys(out), entries);
    for (const [e, n] of Object.entries(out)) assert.ok(n > 0, `${e} has exports`);
    for (const f of ["LICENSE", "docs/api.md", "docs/errors.md", "dist/src-node/index.js"]) {
      assert.ok(existsSync(join(app, "node_modules/gonet", f)), `${f} is installed`);
    }
  });

  it("passes publint", () => {
    const out = execFileSync(join(root, "node_modules/.bin/publint"), ["--strict"], { cwd: root, encoding: "utf8" });
    assert.doesNotMatch(out, /error/i, out);
  });
});
