// The code blocks of README.md and docs/*.md are programs: every ```ts block is type-checked
// against the sources with the project's compiler options, and a block marked `run` is executed
// and must exit 0. A block that needs names from its surroundings declares them in a `prelude`.
//
// Markers go in an HTML comment on the line before the fence (invisible on a rendered page):
//   <!-- snippet: run -->                          type-check and run
//   <!-- snippet: prelude=declare const conn: import("gonet").Conn; -->
//   <!-- snippet: skip (why) -->                   a shape, not a program (an interface listing)

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
const outDir = join(root, ".snippets");

interface Snippet {
  file: string;
  line: number;
  code: string;
  run: boolean;
  skip: boolean;
  prelude: string;
}

function snippets(): Snippet[] {
  const files = ["README.md", ...readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).map((n) => `docs/${n}`)];
  const out: Snippet[] = [];
  for (const file of files) {
    const lines = readFileSync(join(root, file), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() !== "```ts") continue;
      const marker = /^<!-- snippet: (.*) -->$/.exec((lines[i - 1] ?? "").trim())?.[1] ?? "";
      const start = i;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== "```"; i++) body.push(lines[i]!);
      out.push({
        file,
        line: start + 1,
        code: body.join("\n"),
        run: /^run\b/.test(marker),
        skip: /^skip\b/.test(marker),
        prelude: /prelude=(.*)$/.exec(marker)?.[1] ?? "",
      });
    }
  }
  return out;
}

const all = snippets();
const name = (s: Snippet): string => `${s.file.replace(/[/.]/g, "_")}_${s.line}.ts`;

describe("documentation snippets", () => {
  mkdirSync(outDir, { recursive: true });
  after(() => rmSync(outDir, { recursive: true, force: true }));
  const checked = all.filter((s) => !s.skip);
  for (const s of checked) writeFileSync(join(outDir, name(s)), `${s.prelude}\n${s.code}\nexport {};\n`);

  it("README.md and docs/ have code blocks, and every skipped one says why", () => {
    assert.ok(checked.length >= 5, `found ${checked.length} checked blocks`);
    for (const s of all.filter((x) => x.skip)) assert.match(s.file + readFileSync(join(root, s.file), "utf8").split("\n")[s.line - 2], /skip \(.+\)/, `${s.file}:${s.line}`);
  });

  it("every ```ts block type-checks", () => {
    const cfg = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) });
    assert.ok(cfg);
    const files = checked.map((s) => join(outDir, name(s)));
    const program = ts.createProgram(files, { ...cfg.options, noEmit: true, noUnusedLocals: false });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && d.file.fileName.startsWith(outDir))
      .map((d) => {
        const s = checked.find((x) => d.file!.fileName.endsWith(name(x)))!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const prelude = s.prelude === "" ? 1 : s.prelude.split("\n").length;
        return `${s.file}:${s.line + line - prelude + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
    assert.deepEqual(problems, []);
  });

  for (const s of all.filter((x) => x.run)) {
    it(`${s.file}:${s.line} runs`, () => {
      const r = spawnSync(process.execPath, ["--import", "tsx", join(outDir, name(s))], { cwd: root, encoding: "utf8", timeout: 30_000 });
      assert.equal(r.status, 0, `exit ${r.status} ${r.signal ?? ""}\n${r.stdout}\n${r.stderr}`);
    });
  }
});
