// A Server run in a child process by test/http/server-headers.test.ts: each route leaves in the
// response header (or trailers) something node:http refuses (CR/LF, NUL, DEL, characters past
// U+00FF, invalid names). Before the fix one such request ended this process (an uncaught
// exception or an unhandled rejection); now it must answer and keep serving. It prints
// "PORT <n>", serves until a line "shutdown" arrives on stdin, then prints "SHUTDOWN OK" once
// Shutdown resolved and exits 0. Node's default crash on an unhandled rejection is kept.

import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Listen } from "../../src-node/dial.js";
import { Dir, FileServer, HandlerFunc, Redirect, ServeMux, Server, StripPrefix, TimeoutHandler, TrailerPrefix } from "../../src-node/http/index.js";

const root = mkdtempSync(join(tmpdir(), "gonet-hdr-"));
mkdirSync(join(root, "文档"));
writeFileSync(join(root, "文档", "a.txt"), "a");

const mux = new ServeMux();
const bad: Record<string, string> = {
  crlf: "a\r\nSet-Cookie: evil=1",
  nul: "a\x00b",
  del: "a\x7fb",
  wide: "\u0100",
  euro: "€",
};
for (const [name, v] of Object.entries(bad)) {
  mux.HandleFunc("/sync/" + name, (w) => {
    w.Header().Set("X-Bad", v);
  });
  mux.HandleFunc("/async/" + name, async (w) => {
    await Promise.resolve();
    w.Header().Set("X-Bad", v);
    await w.Write("body");
  });
}
mux.HandleFunc("/sync/badname", (w) => {
  w.Header().set("Bad Name", ["v"]);
});
mux.HandleFunc("/redirect", (w, r) => Redirect(w, r, r.URL.searchParams.get("next") ?? "/", 302));
mux.HandleFunc("/disposition", async (w) => {
  w.Header().Set("Content-Disposition", 'attachment; filename="€.txt"');
  await w.Write("x");
});
mux.Handle("/files/", StripPrefix("/files", FileServer(Dir(root))));
mux.Handle(
  "/timeout",
  TimeoutHandler(
    HandlerFunc(async (w) => {
      w.Header().Set("X-Bad", "a\r\nb\u0100");
      await w.Write("t");
    }),
    10000,
    "",
  ),
);
mux.HandleFunc("/trailer", async (w) => {
  w.Header().Set("Trailer", "X-T");
  await w.Write("t");
  w.Header().Set("X-T", "a\x00\u0100");
  w.Header().Set(TrailerPrefix + "X-P", "b\r\nc");
});
mux.HandleFunc("/trailer-cl", async (w) => {
  w.Header().Set("Trailer", "X-T");
  w.Header().Set("Content-Length", "2");
  await w.Write("hi");
});
mux.HandleFunc("/ok", (w) => w.Write("fine"));

const srv = new Server({ Handler: mux, ErrorLog: (m) => process.stderr.write(m + "\n") });
const l = await Listen("tcp", "127.0.0.1:0");
const serving = srv.Serve(l).catch((e: unknown) => e);
process.stdout.write(`PORT ${l.Addr().String().split(":")[1]}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== "shutdown") continue;
  await srv.Shutdown(AbortSignal.timeout(5000));
  await serving;
  process.stdout.write("SHUTDOWN OK\n");
  process.exit(0);
}
