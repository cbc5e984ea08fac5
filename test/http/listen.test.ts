// ListenAndServe, ListenAndServeTLS and Serve: the Server methods and the package-level functions.
// Go's server.go: they always return a non-nil error, ErrServerClosed after Shutdown or Close (and
// at once when called after either), the listener's error otherwise; ListenAndServeTLS closes the
// listener it opened when it fails (defer ln.Close()); a nil handler is DefaultServeMux.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as net from "node:net";
import { fileURLToPath } from "node:url";
import { describe, it, type TestContext } from "node:test";
import { ErrClosed, Is, OpError } from "../../src/errors.js";
import { ReadAll } from "../../src/io.js";
import { Listen } from "../../src-node/dial.js";
import { Client, ErrServerClosed, HandlerFunc, ListenAndServe, ListenAndServeTLS, Serve, Server, Transport, type Response } from "../../src-node/http/index.js";
import { NewCertPool } from "../../src-node/tls/index.js";
import { makeCerts, type TestCerts } from "../helpers/certs.js";

const certs: TestCerts = await makeCerts();
process.on("exit", () => void certs.cleanup());

/** freePort returns a loopback port that was free a moment ago (ListenAndServe takes an address, not a Listener). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function tlsClient(t: TestContext): Client {
  const pool = NewCertPool();
  pool.AppendCertsFromPEM(certs.ca.cert);
  const tr = new Transport({ TLSClientConfig: { RootCAs: pool } });
  t.after(() => tr.CloseIdleConnections());
  return new Client({ Transport: tr });
}

function plainClient(t: TestContext): Client {
  const tr = new Transport({ DisableKeepAlives: true });
  t.after(() => tr.CloseIdleConnections());
  return new Client({ Transport: tr });
}

/** getWhenUp retries a GET while the server is not yet listening (connection refused), a bounded number of times. */
async function getWhenUp(c: Client, url: string): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      return await c.Get(url);
    } catch (e) {
      if (i >= 200 || !/connection refused/.test(String(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const text = async (res: Response): Promise<string> => new TextDecoder().decode(await ReadAll(res.Body));

describe("Server.ListenAndServe and ListenAndServeTLS", () => {
  it("ListenAndServe serves on Addr; Close makes it reject with ErrServerClosed", async (t) => {
    const port = await freePort();
    const srv = new Server({ Addr: `127.0.0.1:${port}`, Handler: HandlerFunc((w, r) => w.Write(`plain ${r.Host}`)) });
    t.after(() => srv.Close());
    const serving = srv.ListenAndServe().catch((e: unknown) => e);
    const res = await getWhenUp(plainClient(t), `http://127.0.0.1:${port}/`);
    assert.equal(await text(res), `plain 127.0.0.1:${port}`);
    await srv.Close();
    assert.equal(await serving, ErrServerClosed);
    // After Close, Go's ListenAndServe returns ErrServerClosed without listening.
    assert.equal(await srv.ListenAndServe().catch((e: unknown) => e), ErrServerClosed);
    assert.equal(await srv.ListenAndServeTLS(certs.server.certFile, certs.server.keyFile).catch((e: unknown) => e), ErrServerClosed);
  });

  it("ListenAndServeTLS serves HTTPS with the certificate files; Shutdown makes it reject with ErrServerClosed", async (t) => {
    const port = await freePort();
    const srv = new Server({ Addr: `127.0.0.1:${port}`, Handler: HandlerFunc((w, r) => w.Write(`tls ${r.TLS !== null}`)) });
    t.after(() => srv.Close());
    const serving = srv.ListenAndServeTLS(certs.server.certFile, certs.server.keyFile).catch((e: unknown) => e);
    const res = await getWhenUp(tlsClient(t), `https://localhost:${port}/`);
    assert.equal(await text(res), "tls true");
    await srv.Shutdown();
    assert.equal(await serving, ErrServerClosed);
  });

  it("ListenAndServeTLS with no files uses TLSConfig.Certificates", async (t) => {
    const { X509KeyPair } = await import("../../src-node/tls/index.js");
    const port = await freePort();
    const srv = new Server({
      Addr: `127.0.0.1:${port}`,
      Handler: HandlerFunc((w) => w.Write("from config")),
      TLSConfig: { Certificates: [X509KeyPair(certs.server.cert, certs.server.key)] },
    });
    t.after(() => srv.Close());
    const serving = srv.ListenAndServeTLS().catch((e: unknown) => e);
    assert.equal(await text(await getWhenUp(tlsClient(t), `https://127.0.0.1:${port}/`)), "from config");
    await srv.Close();
    assert.equal(await serving, ErrServerClosed);
  });

  it("ListenAndServeTLS with a missing certificate file rejects and frees the port it listened on", async () => {
    const port = await freePort();
    const srv = new Server({ Addr: `127.0.0.1:${port}`, Handler: HandlerFunc((w) => w.Write("x")) });
    const err = await srv.ListenAndServeTLS("/nonexistent/gonet-cert.pem", "/nonexistent/gonet-key.pem").catch((e: unknown) => e);
    assert.ok(err instanceof Error && err.message.includes("/nonexistent/gonet-"), String(err));
    // Go's ListenAndServeTLS closes its listener (defer ln.Close()): the port can be taken again.
    const l = await Listen("tcp", `127.0.0.1:${port}`);
    await l.Close();
  });

  it("a port in use makes ListenAndServe reject with Go's listen OpError", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    try {
      const addr = l.Addr().String();
      const err = await new Server({ Addr: addr }).ListenAndServe().catch((e: unknown) => e);
      assert.ok(err instanceof OpError, String(err));
      assert.equal(err.message, `listen tcp ${addr}: bind: address already in use`);
      const pkg = await ListenAndServe(addr, null).catch((e: unknown) => e);
      assert.ok(pkg instanceof OpError);
      assert.equal(pkg.message, `listen tcp ${addr}: bind: address already in use`);
      const pkgTLS = await ListenAndServeTLS(addr, certs.server.certFile, certs.server.keyFile, null).catch((e: unknown) => e);
      assert.ok(pkgTLS instanceof OpError);
      assert.equal(pkgTLS.message, `listen tcp ${addr}: bind: address already in use`);
    } finally {
      await l.Close();
    }
  });
});

describe("Serve", () => {
  it("package-level Serve serves the Listener with the handler and rejects with the Accept error once the Listener closes", async (t) => {
    const l = await Listen("tcp", "127.0.0.1:0");
    const serving = Serve(
      l,
      HandlerFunc((w, r) => w.Write(`served ${r.URL.pathname}`)),
    ).catch((e: unknown) => e);
    const c = plainClient(t);
    assert.equal(await text(await c.Get(`http://${l.Addr().String()}/p`)), "served /p");
    await l.Close();
    const err = await serving;
    // Go's Serve returns the Accept error: accept tcp ADDR: use of closed network connection.
    assert.ok(err instanceof OpError, String(err));
    assert.ok(Is(err, ErrClosed), err.message);
    assert.equal(err.message, `accept tcp ${l.Addr().String()}: use of closed network connection`);
  });

  it("Server.Serve after Close rejects with ErrServerClosed and closes the listener, as Go's defer l.Close()", async () => {
    const srv = new Server({});
    await srv.Close();
    const l = await Listen("tcp", "127.0.0.1:0");
    assert.equal(await srv.Serve(l).catch((e: unknown) => e), ErrServerClosed);
    await assert.rejects(l.Close(), /use of closed network connection/);
  });
});

describe("package-level ListenAndServe and ListenAndServeTLS (in a child process)", () => {
  it("serve DefaultServeMux for a null handler, and HTTPS with the certificate files", async (t) => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("../helpers/listen-child.ts", import.meta.url)), `127.0.0.1:${httpPort}`, `127.0.0.1:${httpsPort}`, certs.server.certFile, certs.server.keyFile],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    t.after(() => {
      if (child.exitCode === null) child.kill();
    });
    const a = await getWhenUp(plainClient(t), `http://127.0.0.1:${httpPort}/mux`);
    assert.equal(await text(a), "default mux GET");
    const b = await getWhenUp(tlsClient(t), `https://localhost:${httpsPort}/`);
    assert.equal(await text(b), "tls true");
    child.stdin.end();
    assert.equal(await exited, 0, out);
    assert.equal(out, "ready\n");
  });
});
