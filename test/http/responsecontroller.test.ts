// ResponseController (Go's net/http/responsecontroller.go and responsecontroller_test.go):
// each method walks the Unwrap chain to the first ResponseWriter that has it, else fails with
// an error wrapping ErrNotSupported; on gonet's server the deadlines work on the connection.

import assert from "node:assert/strict";
import net from "node:net";
import { describe, it, type TestContext } from "node:test";
import { ErrDeadlineExceeded, Is, OpError } from "../../src/errors.js";
import { ReadAll } from "../../src/io.js";
import { Listen } from "../../src-node/dial.js";
import { ErrNotSupported, HandlerFunc, NewResponseController, Server, type Handler, type Header, type ResponseWriter } from "../../src-node/http/index.js";
import { NewRecorder } from "../../src/http/recorder.js";

/** wrapper is a middleware's ResponseWriter that forwards only the basics and has Unwrap. */
class wrapper implements ResponseWriter {
  constructor(readonly w: ResponseWriter) {}
  Header(): Header {
    return this.w.Header();
  }
  WriteHeader(code: number): void {
    this.w.WriteHeader(code);
  }
  Write(p: Uint8Array | string): Promise<number> {
    return this.w.Write(p);
  }
  Unwrap(): ResponseWriter {
    return this.w;
  }
}

async function start(t: TestContext, handler: Handler): Promise<number> {
  const srv = new Server({ Handler: handler, ErrorLog: () => {} });
  const l = await Listen("tcp", "127.0.0.1:0");
  srv.Serve(l).catch(() => {});
  t.after(() => srv.Close());
  return Number(l.Addr().String().split(":")[1]);
}

/** talk sends data, then more after a pause (if given), and resolves all the server sent until it closed. */
function talk(port: number, data: string, later: { after: Promise<unknown>; data: string } | null = null): Promise<{ got: string; local: string }> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1");
    let got = "";
    let local = "";
    c.once("connect", () => (local = `127.0.0.1:${c.localPort}`));
    c.setEncoding("latin1");
    c.on("data", (d: string) => (got += d));
    c.on("error", reject);
    c.on("close", () => resolve({ got, local }));
    c.write(data);
    if (later !== null) void later.after.then(() => c.write(later.data));
  });
}

function assertNotSupported(err: unknown): void {
  // Go's errNotSupported is fmt.Errorf("%w", ErrNotSupported): its own value, the same text.
  assert.ok(err instanceof Error, String(err));
  assert.notEqual(err, ErrNotSupported);
  assert.ok(Is(err, ErrNotSupported));
  assert.equal(err.message, "feature not supported");
  assert.equal((err as { code?: string }).code, "GONET_HTTP_ERR_NOT_SUPPORTED");
}

describe("ResponseController", () => {
  it("fails with an error wrapping ErrNotSupported when no writer in the chain has the method", async () => {
    assert.equal(ErrNotSupported.message, "feature not supported");
    const rc = NewResponseController(new wrapper(new wrapper(NewRecorder())));
    assert.throws(() => rc.SetReadDeadline(Date.now() + 1000), (e) => (assertNotSupported(e), true));
    assert.throws(() => rc.SetWriteDeadline(null), (e) => (assertNotSupported(e), true));
    assert.throws(() => rc.EnableFullDuplex(), (e) => (assertNotSupported(e), true));
    await assert.rejects(rc.Hijack(), (e) => (assertNotSupported(e), true));
    const bare = { Header: () => NewRecorder().Header(), Write: () => Promise.resolve(0), WriteHeader: () => {} };
    await assert.rejects(NewResponseController(bare).Flush(), (e) => (assertNotSupported(e), true));
  });

  it("reaches a method through Unwrap, and prefers FlushError to Flush as Go does", async () => {
    const rec = NewRecorder();
    await NewResponseController(new wrapper(new wrapper(rec))).Flush();
    assert.equal(rec.Flushed, true);
    const calls: string[] = [];
    const both = Object.assign(new wrapper(rec), {
      FlushError: () => (calls.push("FlushError"), Promise.resolve()),
      Flush: () => (calls.push("Flush"), Promise.resolve()),
    });
    await NewResponseController(new wrapper(both)).Flush();
    assert.deepEqual(calls, ["FlushError"]);
    // The first writer that has the method wins, even when it wraps one that has it too.
    const failing = Object.assign(new wrapper(rec), { FlushError: () => Promise.reject(new Error("flush failed")) });
    await assert.rejects(NewResponseController(failing).Flush(), /flush failed/);
  });

  it("hijacks the server's connection through a middleware wrapper", async (t) => {
    let head: Uint8Array | null = null;
    const port = await start(
      t,
      HandlerFunc(async (w) => {
        const [conn, h] = await NewResponseController(new wrapper(w)).Hijack();
        head = h;
        await conn.Write(new TextEncoder().encode("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"));
        await conn.Close();
      }),
    );
    const { got } = await talk(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\nextra");
    assert.equal(got, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi");
    assert.equal(new TextDecoder().decode(head!), "extra");
  });

  it("SetReadDeadline on the server makes a slow body read fail with Go's timeout error", async (t) => {
    let readErr: unknown = null;
    let read: () => void = () => {};
    const failed = new Promise<void>((resolve) => (read = resolve));
    const port = await start(
      t,
      HandlerFunc(async (w, r) => {
        const rc = NewResponseController(new wrapper(w));
        rc.EnableFullDuplex(); // the server supports it: no error
        rc.SetReadDeadline(Date.now() + 150);
        readErr = await ReadAll(r.Body).then(() => null, (e: unknown) => e);
        read();
        w.WriteHeader(408);
      }),
    );
    const { got, local } = await talk(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab", { after: failed, data: "cdefghij" });
    assert.match(got, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.match(got, /\r\nConnection: close\r\n/);
    // Go: the conn's read fails with &net.OpError{Op: "read", Net: "tcp", Source, Addr, Err: os.ErrDeadlineExceeded}.
    assert.ok(readErr instanceof OpError, String(readErr));
    assert.equal(readErr.message, `read tcp 127.0.0.1:${port}->${local}: i/o timeout`);
    assert.ok(Is(readErr, ErrDeadlineExceeded));
    assert.equal(readErr.Timeout(), true);
  });

  it("a read deadline lifted before it is hit does not fail the read", async (t) => {
    let body = "";
    const port = await start(
      t,
      HandlerFunc(async (w, r) => {
        const rc = NewResponseController(w);
        rc.SetReadDeadline(Date.now() - 1);
        rc.SetReadDeadline(null);
        body = new TextDecoder().decode(await ReadAll(r.Body));
        await w.Write("ok");
      }),
    );
    const { got } = await talk(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbody");
    assert.match(got, /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(body, "body");
  });

  it("SetWriteDeadline on the server fails later writes with Go's timeout error and closes the connection", async (t) => {
    let writeErr: unknown = null;
    const port = await start(
      t,
      HandlerFunc(async (w) => {
        NewResponseController(new wrapper(w)).SetWriteDeadline(new Date(Date.now() - 1));
        writeErr = await w.Write("too late").then(() => null, (e: unknown) => e);
      }),
    );
    const { got, local } = await talk(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.equal(got, "");
    assert.ok(writeErr instanceof OpError, String(writeErr));
    assert.equal(writeErr.message, `write tcp 127.0.0.1:${port}->${local}: i/o timeout`);
    assert.ok(Is(writeErr, ErrDeadlineExceeded));
  });
});
