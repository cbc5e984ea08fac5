// A Server run in a child process by test/http/server-headers.test.ts: each route leaves in the
// response header (or trailers) something node:http refuses (CR/LF, NUL, DEL, characters past
// U+00FF, invalid names). Before the fix one such request ended this process (an uncaught
// exception or an unhandled rejection); now it must answer and keep serving. Other routes leave
// a failing Write or Flush unawaited. It prints
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
// Go's handlers ignore Write's error; a handler here that does not await a failing Write or
// Flush must not end the process with an unhandled rejection.
mux.HandleFunc("/sync/write-204", (w) => {
  w.WriteHeader(204);
  void w.Write("x"); // ErrBodyNotAllowed
});
mux.HandleFunc("/sync/write-past-cl", (w) => {
  w.Header().Set("Content-Length", "1");
  void w.Write("xx"); // ErrContentLength
  void w.Write("x");
});
mux.HandleFunc("/sync/flush-hijacked", async (w) => {
  const [conn] = await (w as unknown as { Hijack(): Promise<[{ Write(p: Uint8Array): Promise<number>; Close(): Promise<void> }, Uint8Array]> }).Hijack();
  void w.Flush?.(); // ErrHijacked
  void w.Write("x"); // ErrHijacked
  await conn.Write(new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
  await conn.Close();
});
// After TimeoutHandler answered 503, the handler's writes fail with ErrHandlerTimeout.
let lateWritten!: () => void;
const late = new Promise<void>((resolve) => (lateWritten = resolve));
mux.Handle(
  "/timeout-late",
  TimeoutHandler(
    HandlerFunc(async (w, r) => {
      await new Promise<void>((resolve) => r.Context().addEventListener("abort", () => resolve(), { once: true }));
      await new Promise<void>((resolve) => setImmediate(resolve)); // TimeoutHandler has answered
      void w.Write("late"); // ErrHandlerTimeout
      setImmediate(lateWritten);
    }),
    1,
    "",
  ),
);
mux.HandleFunc("/timeout-late-done", async (w) => {
  await late;
  await w.Write("done");
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
