// What the server sends for response headers and trailers node:http refuses (CR/LF, NUL, DEL,
// characters past U+00FF, invalid names), read as raw bytes over a plain socket, and that such a
// header neither ends the process nor leaves Shutdown waiting.
//
// Go's rules (net/http/header.go, Header.writeSubset): keys that are not valid field names
// (httpguts.ValidHeaderFieldName) are dropped, CR and LF in values become spaces
// (headerNewlineToSpace), the value is trimmed (textproto.TrimString); every other byte goes
// out as is, UTF-8 included (a Go string is its UTF-8 bytes). Trailers are written by the same
// Header.Write (chunkWriter.close, finalTrailers).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { Listen } from "../../src-node/dial.js";
import { Dir, FileServer, HandlerFunc, Redirect, Server, StripPrefix, TimeoutHandler, TrailerPrefix, type Handler } from "../../src-node/http/index.js";

async function start(t: TestContext, handler: Handler): Promise<{ port: number; srv: Server; logs: string[] }> {
  const logs: string[] = [];
  const srv = new Server({ Handler: handler, ErrorLog: (m) => logs.push(m) });
  const l = await Listen("tcp", "127.0.0.1:0");
  srv.Serve(l).catch(() => {});
  t.after(() => srv.Close());
  return { port: Number(l.Addr().String().split(":")[1]), srv, logs };
}

/** raw sends a request on a plain socket and resolves every byte the server sent (as latin1 text) when it closes. */
function raw(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1");
    const got: Buffer[] = [];
    c.on("data", (d: Buffer) => got.push(d));
    c.on("error", reject);
    c.on("close", () => resolve(Buffer.concat(got).toString("latin1")));
    c.write(data);
  });
}

const get = (path: string, method = "GET"): string => `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;

/** bytes is the latin1 text of s's UTF-8 bytes: what raw resolves when s went out as Go sends it. */
const bytes = (s: string): string => Buffer.from(s, "utf8").toString("latin1");

function headOf(resp: string): string[] {
  const end = resp.indexOf("\r\n\r\n");
  assert.ok(end > 0, `no head in ${JSON.stringify(resp)}`);
  return resp.slice(0, end).split("\r\n");
}

function bodyOf(resp: string): string {
  return resp.slice(resp.indexOf("\r\n\r\n") + 4);
}

describe("Server response header bytes", () => {
  // Each row: a value the handler sets, and the line Go's Header.writeSubset writes for it.
  const table: { name: string; value: string; line: string }[] = [
    { name: "CR LF (header injection)", value: "a\r\nSet-Cookie: evil=1", line: "X-V: a  Set-Cookie: evil=1" },
    { name: "bare LF", value: "a\nb", line: "X-V: a b" },
    { name: "NUL", value: "a\x00b", line: "X-V: a\x00b" },
    { name: "DEL", value: "a\x7fb", line: "X-V: a\x7fb" },
    { name: "other control bytes", value: "a\x01\x1fb", line: "X-V: a\x01\x1fb" },
    { name: "U+0100 (past latin1)", value: "\u0100", line: bytes("X-V: \u0100") },
    { name: "€ (UTF-8 bytes)", value: "€", line: bytes("X-V: €") },
    { name: "é (a latin1 character, still UTF-8 on the wire)", value: "é", line: bytes("X-V: é") },
    { name: "surrounding spaces and CR LF (trimmed)", value: " \r\n v \r\n", line: "X-V: v" },
  ];
  for (const tc of table) {
    for (const body of ["none", "string", "bytes", "flushed string"] as const) {
      it(`sends ${tc.name} as Go does (body: ${body})`, async (t) => {
        const { port, srv } = await start(
          t,
          HandlerFunc(async (w) => {
            w.Header().Set("X-V", tc.value);
            if (body === "string") await w.Write("héllo €");
            else if (body === "bytes") await w.Write(new TextEncoder().encode("héllo €"));
            else if (body === "flushed string") {
              await w.Flush?.();
              await w.Write("héllo €");
            }
          }),
        );
        const resp = await raw(port, get("/"));
        const head = headOf(resp);
        assert.equal(head[0], "HTTP/1.1 200 OK");
        assert.deepEqual(
          head.filter((l) => l.startsWith("X-V:")),
          [tc.line],
        );
        assert.ok(!head.some((l) => l.startsWith("Set-Cookie")), "no injected header");
        const want = body === "none" ? "" : body === "flushed string" ? Buffer.byteLength("héllo €").toString(16) + "\r\n" + bytes("héllo €") + "\r\n0\r\n\r\n" : bytes("héllo €");
        assert.equal(bodyOf(resp), want);
        await srv.Shutdown(AbortSignal.timeout(5000));
      });
    }
  }

  it("sends a string body past 2 KB chunked, with the head's raw bytes", async (t) => {
    const big = "€".repeat(1000);
    const { port } = await start(
      t,
      HandlerFunc(async (w) => {
        w.Header().Set("Content-Disposition", 'attachment; filename="€.txt"');
        await w.Write(big);
      }),
    );
    const resp = await raw(port, get("/"));
    const head = headOf(resp);
    assert.ok(head.includes(bytes('Content-Disposition: attachment; filename="€.txt"')), head.join("\n"));
    assert.ok(head.includes("Transfer-Encoding: chunked"));
    assert.equal(bodyOf(resp), (3000).toString(16) + "\r\n" + bytes(big) + "\r\n0\r\n\r\n");
  });

  it("drops header names that are not tokens, as Go", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc((w) => {
        const h = w.Header();
        h.set("Bad Name", ["1"]);
        h.set("Bad:Name", ["2"]);
        h.set("X-é", ["3"]);
        h.set("", ["4"]);
        h.set("X-Ok", ["5"]);
      }),
    );
    const head = headOf(await raw(port, get("/")));
    assert.deepEqual(
      head.filter((l) => /^(Bad|X-|: )/.test(l)),
      ["X-Ok: 5"],
    );
  });

  it("writes the handler's fields sorted by key, as Header.writeSubset", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc((w) => {
        w.Header().Set("X-B", "2");
        w.Header().Set("X-A", "1");
        w.Header().Add("X-C", "3");
        w.Header().Add("X-C", "4");
      }),
    );
    const head = headOf(await raw(port, get("/")));
    assert.deepEqual(
      head.filter((l) => l.startsWith("X-")),
      ["X-A: 1", "X-B: 2", "X-C: 3", "X-C: 4"],
    );
  });

  it("Redirect to a user-supplied location with CR LF sends one Location line (Go: CR/LF become spaces)", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc((w, r) => Redirect(w, r, r.URL.searchParams.get("next") ?? "/", 302)),
    );
    const resp = await raw(port, get("/login?next=/x%0d%0aSet-Cookie:%20evil=1"));
    const head = headOf(resp);
    assert.equal(head[0], "HTTP/1.1 302 Found");
    // Go's url.Parse refuses the control bytes, so Redirect uses the string as given.
    assert.ok(head.includes("Location: /x  Set-Cookie: evil=1"), head.join("\n"));
    assert.ok(!head.some((l) => l.startsWith("Set-Cookie")));
  });

  it("FileServer's redirect for a directory with a non-Latin-1 name sends the name's UTF-8 bytes", async (t) => {
    const root = mkdtempSync(join(tmpdir(), "gonet-hdr-"));
    t.after(() => rmSync(root, { recursive: true, force: true }));
    mkdirSync(join(root, "文档"));
    writeFileSync(join(root, "文档", "a.txt"), "a");
    const { port } = await start(t, StripPrefix("/files", FileServer(Dir(root))));
    const head = headOf(await raw(port, get("/files/%E6%96%87%E6%A1%A3")));
    assert.equal(head[0], "HTTP/1.1 301 Moved Permanently");
    // Go's localRedirect sets Location to path.Base(r.URL.Path) + "/", unescaped.
    assert.ok(head.includes(bytes("Location: 文档/")), head.join("\n"));
  });

  it("TimeoutHandler copies the inner handler's header, sent by Go's rules", async (t) => {
    const { port } = await start(
      t,
      TimeoutHandler(
        HandlerFunc(async (w) => {
          w.Header().Set("X-V", "a\r\nb\u0100");
          w.Header().set("Bad Name", ["x"]);
          await w.Write("t");
        }),
        10000,
        "",
      ),
    );
    const resp = await raw(port, get("/"));
    const head = headOf(resp);
    assert.ok(head.includes(bytes("X-V: a  b\u0100")), head.join("\n"));
    assert.ok(!head.some((l) => l.startsWith("Bad")));
    assert.equal(bodyOf(resp), "t");
  });

  it("sends trailers by Header.Write's rules: sorted, CR/LF made spaces, raw bytes", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc(async (w) => {
        w.Header().Set("Trailer", "X-T, Content-Length");
        await w.Write("t");
        w.Header().Set("X-T", "a\x00\u0100");
        w.Header().Set(TrailerPrefix + "X-P", "b\r\nc");
        w.Header().Set(TrailerPrefix + "Bad Name", "d");
        w.Header().Set("Content-Length", "1"); // declared, but Go's declareTrailer refuses it
      }),
    );
    const resp = await raw(port, get("/"));
    const head = headOf(resp);
    assert.ok(head.includes("Trailer: X-T, Content-Length"), head.join("\n"));
    assert.equal(bodyOf(resp), "1\r\nt\r\n0\r\nX-P: b  c\r\n" + bytes("X-T: a\x00\u0100") + "\r\n\r\n");
  });

  it("sends a Trailer header on a response with a Content-Length, as Go (node:http would throw)", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc(async (w) => {
        w.Header().Set("Trailer", "X-T");
        w.Header().Set("Content-Length", "2");
        await w.Write("hi");
      }),
    );
    const resp = await raw(port, get("/"));
    const head = headOf(resp);
    assert.ok(head.includes("Trailer: X-T"));
    assert.ok(head.includes("Content-Length: 2"));
    assert.equal(bodyOf(resp), "hi");
  });

  it("sends a 204 with raw bytes when the head is flushed before the handler returns", async (t) => {
    const { port } = await start(
      t,
      HandlerFunc(async (w) => {
        w.Header().Set("X-V", "€");
        w.WriteHeader(204);
        await w.Flush?.();
      }),
    );
    const resp = await raw(port, get("/"));
    const head = headOf(resp);
    assert.equal(head[0], "HTTP/1.1 204 No Content");
    assert.ok(head.includes(bytes("X-V: €")), head.join("\n"));
  });
});

describe("Server survives headers node:http refuses (child process)", () => {
  it("answers every trigger, keeps serving, and Shutdown completes", async () => {
    const script = fileURLToPath(new URL("../helpers/header-server.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    try {
      const first = await lines.next();
      const m = /^PORT (\d+)$/.exec(String(first.value ?? ""));
      assert.ok(m !== null, `child said ${JSON.stringify(first.value)}; stderr: ${stderr}`);
      const port = Number(m[1]);
      const paths = [
        ...["crlf", "nul", "del", "wide", "euro"].flatMap((n) => [`/sync/${n}`, `/async/${n}`]),
        "/sync/badname",
        "/redirect?next=/x%0d%0aSet-Cookie:%20evil=1",
        "/disposition",
        "/files/%E6%96%87%E6%A1%A3",
        "/timeout",
        "/trailer",
        "/trailer-cl",
        "/sync/write-204",
        "/sync/write-past-cl",
        "/sync/flush-hijacked",
        "/timeout-late",
        "/timeout-late-done",
      ];
      for (const p of paths) {
        const resp = await raw(port, get(p)).catch((e: unknown) => {
          throw new Error(`${p}: ${String(e)}; stderr: ${stderr}`);
        });
        assert.match(resp, /^HTTP\/1\.1 (200 OK|204 No Content|302 Found|301 Moved Permanently|503 Service Unavailable)\r\n/, `${p}: ${JSON.stringify(resp)}; stderr: ${stderr}`);
      }
      assert.equal(bodyOf(await raw(port, get("/ok"))), "fine");
      child.stdin.write("shutdown\n");
      const done = await lines.next();
      assert.equal(done.value, "SHUTDOWN OK", `stderr: ${stderr}`);
      assert.equal(await exited, 0, `stderr: ${stderr}`);
      assert.equal(stderr, "", "nothing logged: no panic, no unhandled rejection");
    } finally {
      child.kill();
    }
  });
});
