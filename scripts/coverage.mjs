#!/usr/bin/env node
// Summarises the V8 coverage that node writes to NODE_V8_COVERAGE into line,
// branch and function totals for the TypeScript sources, mapped back through
// the source maps tsx emits (node keeps them in the JSON's source-map-cache).
//
//   node scripts/coverage.mjs <coverage-dir> [--files] [--uncovered]
//
// Counting follows the common V8 tools (c8, node's --experimental-test-coverage):
// a branch is a block range V8 reports inside a function, a function is a
// function range. A line counts when generated code maps to it (comments and
// type-only lines do not) and is covered when any code on it ran. Ranges are
// merged across processes by generated offset, so a block that one process
// leaves unrun and another runs counts as covered.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** INCLUDE lists the folders whose files are summarised (relative to the repository root). */
export const INCLUDE = ["src", "src-node", "src-browser"];

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Map([...B64].map((c, i) => [c, i]));

/** decodeMappings turns a source map's mappings into, per generated line, [col, src, line, col] segments. */
function decodeMappings(mappings) {
  const lines = [];
  let src = 0;
  let origLine = 0;
  let origCol = 0;
  for (const text of mappings.split(";")) {
    const segs = [];
    let genCol = 0;
    if (text.length > 0) {
      for (const seg of text.split(",")) {
        if (seg.length === 0) continue;
        const vals = [];
        let value = 0;
        let shift = 0;
        for (const ch of seg) {
          const d = B64_VALUE.get(ch);
          if (d === undefined) throw new Error(`bad source map character ${ch}`);
          value += (d & 31) << shift;
          if (d & 32) {
            shift += 5;
          } else {
            vals.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        genCol += vals[0];
        if (vals.length >= 4) {
          src += vals[1];
          origLine += vals[2];
          origCol += vals[3];
          segs.push([genCol, src, origLine, origCol]);
        } else {
          segs.push([genCol, -1, -1, -1]);
        }
      }
    }
    lines.push(segs);
  }
  return lines;
}

/** ScriptMap maps generated offsets of one script to original positions. */
class ScriptMap {
  constructor(entry) {
    this.lineStarts = [];
    let off = 0;
    for (const len of entry.lineLengths) {
      this.lineStarts.push(off);
      off += len + 1;
    }
    this.lines = decodeMappings(entry.data.mappings);
    const sc = entry.data.sourcesContent?.[0];
    this.sourceLines = typeof sc === "string" ? sc.split("\n") : null;
  }

  /** offsetOf returns the generated offset of a generated line and column. */
  offsetOf(line, col) {
    return (this.lineStarts[line] ?? 0) + col;
  }

  /** original returns the source index, line and column a generated offset maps to, or null. */
  original(offset) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const segs = this.lines[lo];
    if (segs === undefined || segs.length === 0) return null;
    const col = offset - this.lineStarts[lo];
    let a = 0;
    let b = segs.length - 1;
    if (segs[0][0] > col) return null;
    while (a < b) {
      const mid = (a + b + 1) >> 1;
      if (segs[mid][0] <= col) a = mid;
      else b = mid - 1;
    }
    const s = segs[a];
    return s[1] < 0 ? null : { src: s[1], line: s[2], col: s[3] };
  }
}

/** countsAt returns, for each (sorted ascending) offset, the count of the innermost range holding it. */
function countsAt(ranges, offsets) {
  const sorted = [...ranges].sort((x, y) => x.startOffset - y.startOffset || y.endOffset - x.endOffset);
  const out = new Array(offsets.length);
  const stack = [];
  let i = 0;
  for (let q = 0; q < offsets.length; q++) {
    const o = offsets[q];
    while (i < sorted.length && sorted[i].startOffset <= o) {
      const r = sorted[i++];
      while (stack.length > 0 && stack[stack.length - 1].endOffset <= r.startOffset) stack.pop();
      stack.push(r);
    }
    while (stack.length > 0 && stack[stack.length - 1].endOffset <= o) stack.pop();
    out[q] = stack.length > 0 ? stack[stack.length - 1].count : 0;
  }
  return out;
}

/** summarise reads a NODE_V8_COVERAGE folder and returns per-file coverage of the included sources. */
export function summarise(dir, root = process.cwd(), include = INCLUDE) {
  const prefixes = include.map((d) => pathToFileURL(join(root, d)).href + "/");
  // url -> { entry (source map), runs: [ranges of one process] }
  const scripts = new Map();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(".json")) continue;
    let report;
    try {
      report = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch {
      continue; // a process killed while writing leaves a partial file
    }
    const maps = report["source-map-cache"] ?? {};
    for (const s of report.result ?? []) {
      if (!prefixes.some((p) => s.url.startsWith(p))) continue;
      if (s.url.includes("/node_modules/")) continue;
      const entry = maps[s.url];
      if (entry === undefined || entry.data === null || entry.data === undefined) continue;
      const key = s.url + "#" + entry.lineLengths.join(",");
      let rec = scripts.get(key);
      if (rec === undefined) {
        rec = { url: s.url, entry, runs: [] };
        scripts.set(key, rec);
      }
      rec.runs.push(s.functions);
    }
  }

  const files = new Map();
  for (const rec of scripts.values()) {
    const map = new ScriptMap(rec.entry);
    // Keys: function ranges and block ranges seen in any run, by generated offsets.
    const fnKeys = new Map();
    const brKeys = new Map();
    for (const fns of rec.runs) {
      for (const f of fns) {
        f.ranges.forEach((r, i) => {
          const k = r.startOffset + ":" + r.endOffset;
          if (i === 0) {
            if (!fnKeys.has(k)) fnKeys.set(k, { start: r.startOffset, end: r.endOffset, name: f.functionName });
          } else if (f.isBlockCoverage && !brKeys.has(k)) {
            brKeys.set(k, { start: r.startOffset, end: r.endOffset });
          }
        });
      }
    }
    // Line probes: every mapped generated position of the source.
    const probes = [];
    map.lines.forEach((segs, gl) => {
      for (const s of segs) if (s[1] === 0) probes.push({ off: map.offsetOf(gl, s[0]), line: s[2] });
    });
    probes.sort((a, b) => a.off - b.off);
    const probeOffsets = probes.map((p) => p.off);
    const lineHit = new Map(); // original line -> ran
    for (const p of probes) if (!lineHit.has(p.line)) lineHit.set(p.line, false);

    const keyed = (keys) =>
      [...keys.values()]
        .map((k) => ({ ...k, at: map.original(k.start), hit: false }))
        .filter((k) => k.at !== null && k.at.src === 0)
        .sort((a, b) => a.start - b.start);
    const fnList = keyed(fnKeys).filter((k) => !(k.start === 0 && k.name === ""));
    const brList = keyed(brKeys);

    for (const fns of rec.runs) {
      const all = fns.flatMap((f) => f.ranges);
      const exact = new Map(all.map((r) => [r.startOffset + ":" + r.endOffset, r.count]));
      const lc = countsAt(all, probeOffsets);
      probes.forEach((p, i) => {
        if (lc[i] > 0) lineHit.set(p.line, true);
      });
      for (const list of [fnList, brList]) {
        const c = countsAt(all, list.map((k) => k.start));
        list.forEach((k, i) => {
          const e = exact.get(k.start + ":" + k.end);
          if ((e ?? c[i]) > 0) k.hit = true;
        });
      }
    }

    const path = relative(root, fileURLToPath(rec.url)).split(sep).join("/");
    const prev = files.get(path);
    const lines = [...lineHit.entries()].sort((a, b) => a[0] - b[0]);
    const cur = {
      path,
      lines: { total: lines.length, hit: lines.filter(([, h]) => h).length },
      branches: { total: brList.length, hit: brList.filter((b) => b.hit).length },
      functions: { total: fnList.length, hit: fnList.filter((f) => f.hit).length },
      uncoveredLines: lines.filter(([, h]) => !h).map(([l]) => l + 1),
      uncoveredBranches: brList.filter((b) => !b.hit).map((b) => `${b.at.line + 1}:${b.at.col + 1}`),
      uncoveredFunctions: fnList.filter((f) => !f.hit).map((f) => `${f.name || "(anonymous)"}@${f.at.line + 1}`),
    };
    // The same file loaded with different generated code (rare): keep the better-covered one.
    if (prev === undefined || prev.lines.hit < cur.lines.hit) files.set(path, cur);
  }
  return [...files.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function pct(c) {
  return c.total === 0 ? "100.00" : ((100 * c.hit) / c.total).toFixed(2);
}

function add(into, f) {
  for (const k of ["lines", "branches", "functions"]) {
    into[k].total += f[k].total;
    into[k].hit += f[k].hit;
  }
}

function zero(name) {
  return { path: name, lines: { total: 0, hit: 0 }, branches: { total: 0, hit: 0 }, functions: { total: 0, hit: 0 } };
}

/** format renders a table of per-folder totals (and per-file rows if asked) ending in the overall totals. */
export function format(files, { perFile = false, uncovered = false } = {}) {
  const folders = new Map();
  const total = zero("all files");
  for (const f of files) {
    const folder = f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/") + 1) : "./";
    if (!folders.has(folder)) folders.set(folder, zero(folder));
    add(folders.get(folder), f);
    add(total, f);
  }
  const rows = [...(perFile ? files : [...folders.values()].sort((a, b) => a.path.localeCompare(b.path))), total];
  const w = Math.max(...rows.map((r) => r.path.length), 10);
  const cell = (c) => `${pct(c).padStart(6)}% ${`(${c.hit}/${c.total})`.padEnd(13)}`;
  const out = [];
  const head = `${"coverage".padEnd(w)} | ${"lines".padEnd(21)}| ${"branches".padEnd(21)}| functions`;
  out.push(head, "-".repeat(head.length + 12));
  for (const r of rows) {
    if (r === total) out.push("-".repeat(head.length + 12));
    out.push(`${r.path.padEnd(w)} | ${cell(r.lines)} | ${cell(r.branches)} | ${cell(r.functions)}`);
    if (uncovered && r !== total && r.uncoveredLines !== undefined) {
      if (r.uncoveredLines.length) out.push(`    lines: ${r.uncoveredLines.join(" ")}`);
      if (r.uncoveredBranches.length) out.push(`    branches: ${r.uncoveredBranches.join(" ")}`);
      if (r.uncoveredFunctions.length) out.push(`    functions: ${r.uncoveredFunctions.join(" ")}`);
    }
  }
  return out.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith("--"));
  if (dir === undefined) {
    console.error("usage: node scripts/coverage.mjs <NODE_V8_COVERAGE dir> [--files] [--uncovered]");
    process.exit(2);
  }
  const uncovered = args.includes("--uncovered");
  console.log(format(summarise(dir), { perFile: args.includes("--files") || uncovered, uncovered }));
}
