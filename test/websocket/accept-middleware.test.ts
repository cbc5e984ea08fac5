// websocket.Accept behind middleware and in the README's `const c = await Accept(w, r)` form:
// Accept reaches the server's writer through Unwrap (Go's ResponseController walk, as
// coder/websocket's hijacker does), and a refusal it writes reaches the client as written even
// when the handler lets Accept's rejection propagate.

import assert from "node:assert/strict";
import net from "node:net";
import { describe, it, type TestContext } from "node:test";
import { logging } from "../../examples/rest-api/middleware.js";
import { Listen } from "../../src-node/dial.js";
import { Server, ServeMux, type ResponseWriter } from "../../src-node/http/index.js";
import { Accept, Dial, MessageText, StatusNormalClosure } from "../../src-node/websocket.js";
import { HandlerFunc, type Handler } from "../../src/http/handler.js";
import type { Header } from "../../src/http/header.js";

async function start(t: TestContext, handler: Handler): Promise<{ port: number; logs: string[] }> {
  const logs: string[] = [];
  const srv = new Server({ Handler: handler, ErrorLog: (m) => logs.push(m) });
  const l = await Listen("tcp", "127.0.0.1:0");
  srv.Serve(l).catch(() => {});
  t.after(() => srv.Close());
  return { port: Number(l.Addr().String().split(":")[1]), logs };
}

/** raw sends a request head and resolves everything the server sent until it closed. */
function raw(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, "127.0.0.1");
    let got = "";
    c.setEncoding("latin1");
    c.on("data", (d: string) => (got += d));
    c.on("error", reject);
    c.on("close", () => resolve(got));
    c.write([...lines, `Host: 127.0.0.1:${port}`, "", ""].join("\r\n"));
  });
}

const upgrade = ["Connection: Upgrade", "Upgrade: websocket", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="];

describe("Accept behind middleware", () => {
  it("upgrades through the rest-api example's logging middleware, which logs the 101", async (t) => {
    const lines: string[] = [];
    const mux = new ServeMux();
    let served: Promise<string> = Promise.resolve("");
    mux.HandleFunc("GET /ws", async (w, r) => {
      const c = await Accept(w, r);
      served = (async () => {
        const [, msg] = await c.Read();
        await c.Write(MessageText, "echo " + new TextDecoder().decode(msg));
        return "ok";
      })();
    });
    const { port } = await start(t, logging(mux, (l) => lines.push(l)));
    const c = await Dial(`ws://127.0.0.1:${port}/ws`);
    await c.Write(MessageText, "hi");
    const [typ, msg] = await c.Read();
    assert.equal(typ, MessageText);
    assert.equal(new TextDecoder().decode(msg), "echo hi");
    assert.equal(await served, "ok");
    await c.Close(StatusNormalClosure, "");
    assert.equal(lines.length, 1);
    assert.match(lines[0] as string, /^GET \/ws 101 \d+\.\dms$/);
  });

  it("answers 501 behind a wrapper that has no Unwrap (coder/websocket's text)", async (t) => {
    // A wrapper without Unwrap hides the server's writer, as a Go wrapper without Unwrap hides it
    // from ResponseController.
    class opaque implements ResponseWriter {
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
    }
    let err: unknown = null;
    const { port } = await start(
      t,
      HandlerFunc(async (w, r) => {
        err = await Accept(new opaque(w), r).catch((e: unknown) => e);
      }),
    );
    const resp = await raw(port, ["GET /ws HTTP/1.1", ...upgrade]);
    assert.match(resp, /^HTTP\/1\.1 501 Not Implemented\r\n/);
    assert.ok(resp.endsWith("\r\n\r\nNot Implemented\n"));
    assert.equal((err as Error).message, "failed to accept WebSocket connection: http.ResponseWriter does not implement http.Hijacker");
  });
});

describe("Accept refusals with the README's pattern (no try/catch)", () => {
  // coder/websocket's accept.go: verifyClientRequest's and authenticateOrigin's statuses and texts,
  // written with http.Error (the body is the text and a newline).
  const cases: [name: string, lines: string[], status: string, body: string][] = [
    ["a plain GET", ["GET /ws HTTP/1.1"], "426 Upgrade Required", 'WebSocket protocol violation: Connection header "" does not contain Upgrade\n'],
    ["a missing key", ["GET /ws HTTP/1.1", ...upgrade.slice(0, 3)], "400 Bad Request", "WebSocket protocol violation: missing Sec-WebSocket-Key\n"],
    [
      "a cross-origin request",
      ["GET /ws HTTP/1.1", ...upgrade, "Origin: http://evil.example"],
      "403 Forbidden",
      'request Origin "evil.example" is not authorized for Host "127.0.0.1:PORT"\n',
    ],
  ];
  for (const [name, lines, status, body] of cases) {
    it(`${name} gets ${status} with coder/websocket's text, complete, then the connection closes`, async (t) => {
      const { port, logs } = await start(
        t,
        HandlerFunc(async (w, r) => {
          const c = await Accept(w, r);
          await c.Close(StatusNormalClosure, "");
        }),
      );
      const resp = await raw(port, lines);
      const want = body.replace("PORT", String(port));
      assert.match(resp, new RegExp(`^HTTP/1\\.1 ${status}\\r\\n`));
      assert.ok(resp.includes(`\r\nContent-Length: ${Buffer.byteLength(want)}\r\n`), resp);
      assert.ok(resp.endsWith("\r\n\r\n" + want), resp);
      // The handler threw (Go's panic): the server logs it, as Go's recover path would.
      assert.equal(logs.length, 1);
      assert.match(logs[0] as string, /^http: panic serving 127\.0\.0\.1:\d+: WebSocketError: failed to accept WebSocket connection: /);
    });
  }
});
