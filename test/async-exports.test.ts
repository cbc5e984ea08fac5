// Every exported function typed as returning a Promise reports failure by rejecting, never by
// throwing synchronously: `Get(url).catch(...)` must catch a URL it cannot parse, or the process
// dies. The exports are walked with the TypeScript checker and each one is called with arguments
// that cannot work (unparseable URLs and addresses, empty objects), inside a synchronous try.

import assert from "node:assert/strict";
import { join } from "node:path";
import { it } from "node:test";
import ts from "typescript";

const root = join(import.meta.dirname, "..");

// Node's entry points (the browser's export the same names; test/exports.test.ts checks that).
const entries = ["src-node/index.ts", "src/io.ts", "src/bufio.ts", "src/url.ts", "src/mime/multipart.ts", "src-node/tls/index.ts", "src-node/http/index.ts", "src-node/httptest.ts", "src-node/websocket.ts"];

// Instance methods worth walking: classes a user makes with no arguments whose async methods take
// a URL or an address. (Servers are left out: their methods listen on their Addr.)
const classes: Record<string, string[]> = {
  Client: ["Get", "Head", "Post", "PostForm", "Do"],
  Dialer: ["Dial", "DialContext"],
};

// bad is an argument of the declared type that cannot work: an unparseable URL that is also an
// unknown network and an address without a port, never a name a resolver would ask about.
function bad(t: ts.Type, checker: ts.TypeChecker): unknown {
  const s = checker.typeToString(t);
  if (t.flags & ts.TypeFlags.StringLike || /\bstring\b/.test(s)) return "http://[::1/%zz";
  if (t.flags & ts.TypeFlags.NumberLike) return Number.NaN;
  if (/=>/.test(s)) return () => {};
  if (/AbortSignal/.test(s)) return null;
  return {};
}

it("no exported Promise-returning function throws synchronously", async () => {
  const files = entries.map((e) => join(root, e));
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true, types: ["node"] });
  const checker = program.getTypeChecker();
  const threw: string[] = [];
  let called = 0;
  const rejections: Promise<unknown>[] = [];

  const call = (label: string, fn: (...a: unknown[]) => unknown, self: unknown, sig: ts.Signature): void => {
    if (sig.getReturnType().getSymbol()?.getName() !== "Promise") return;
    const args = sig.getParameters().map((p) => bad(checker.getTypeOfSymbol(p), checker));
    called++;
    let r: unknown;
    try {
      r = fn.apply(self, args);
    } catch (err) {
      threw.push(`${label}: ${String(err)}`);
      return;
    }
    assert.ok(r instanceof Promise, `${label} returned a Promise`);
    // Some calls succeed even so (httptest.NewServer with an empty handler): close what they made.
    rejections.push(
      r.then(
        async (v: unknown) => {
          const c = v as { Close?: () => Promise<void> } | null;
          if (typeof c?.Close === "function") await c.Close().catch(() => {});
        },
        () => {},
      ),
    );
  };

  for (const [i, f] of files.entries()) {
    const mod = await import(f);
    const sf = program.getSourceFile(f)!;
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(sf)!)) {
      const name = exported.getName();
      const value = (mod as Record<string, unknown>)[name];
      if (typeof value !== "function") continue;
      const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const type = checker.getTypeOfSymbol(sym);
      for (const sig of type.getCallSignatures()) call(`${entries[i]}: ${name}`, value as (...a: unknown[]) => unknown, undefined, sig);
      const methods = classes[name];
      if (methods === undefined || type.getConstructSignatures().length === 0) continue;
      const instance = new (value as new () => object)();
      const instanceType = type.getConstructSignatures()[0]!.getReturnType();
      for (const m of methods) {
        const prop = instanceType.getProperty(m);
        assert.ok(prop, `${name}.${m} exists`);
        for (const sig of checker.getTypeOfSymbol(prop).getCallSignatures()) {
          call(`${entries[i]}: ${name}.${m}`, (instance as Record<string, (...a: unknown[]) => unknown>)[m]!, instance, sig);
        }
      }
    }
  }
  await Promise.all(rejections);
  assert.ok(called > 40, `called ${called} functions`);
  assert.deepEqual(threw, []);
});
