// gonet/tls against peers it did not write: Node's own node:tls used raw on the other side, and
// the openssl s_server / s_client commands.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import nodeTLS from "node:tls";
import { after, describe, it } from "node:test";
import type { TCPAddr } from "../../src/addr.js";
import { ReadAll } from "../../src/io.js";
import { Listen as netListen } from "../../src-node/dial.js";
import * as tls from "../../src-node/tls/index.js";
import { makeCerts } from "../helpers/certs.js";

const certs = await makeCerts();
after(() => certs.cleanup());
const serverCert = tls.X509KeyPair(certs.server.cert, certs.server.key);
const roots = tls.NewCertPool();
roots.AppendCertsFromPEM(certs.ca.cert);
const enc = new TextEncoder();
const dec = new TextDecoder();

async function freePort(): Promise<number> {
  const l = await netListen("tcp", "127.0.0.1:0");
  const port = (l.Addr() as TCPAddr).Port;
  await l.Close();
  return port;
}

describe("gonet/tls with node:tls on the other side", () => {
  it("tls.Dial to a raw node:tls server: verified handshake, ALPN, echo", async () => {
    const server = nodeTLS.createServer({ cert: certs.server.cert, key: certs.server.key, ALPNProtocols: ["echo/1"] }, (s) => {
      s.on("error", () => {});
      s.pipe(s);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    after(() => server.close());
    const c = await tls.Dial("tcp", `127.0.0.1:${(server.address() as AddressInfo).port}`, { RootCAs: roots, ServerName: "localhost", NextProtos: ["echo/1"] });
    const st = c.ConnectionState();
    assert.equal(st.HandshakeComplete, true);
    assert.equal(st.NegotiatedProtocol, "echo/1");
    assert.equal(st.PeerCertificates[0]?.Subject.CommonName, "localhost");
    await c.Write(enc.encode("node peer"));
    const p = new Uint8Array(9);
    let n = 0;
    while (n < 9) n += (await c.Read(p.subarray(n)))!;
    assert.equal(dec.decode(p), "node peer");
    await c.Close();
  });

  it("a raw node:tls client to tls.Listen: it verifies gonet's certificate and gets its echo", async () => {
    const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [serverCert] });
    after(() => l.Close().catch(() => {}));
    let serverErr: unknown = null;
    void (async () => {
      for await (const c of l) {
        try {
          const b = await ReadAll(c);
          await c.Write(b);
        } catch (err) {
          serverErr = err;
        }
        await c.Close();
      }
    })().catch((err: unknown) => (serverErr = err));
    const port = (l.Addr() as TCPAddr).Port;
    const s = nodeTLS.connect({ host: "127.0.0.1", port, servername: "localhost", ca: certs.ca.cert });
    await once(s, "secureConnect");
    assert.equal(s.authorized, true);
    s.end("from node");
    let got = "";
    for await (const chunk of s) got += String(chunk);
    assert.equal(serverErr, null, "the gonet side read and echoed");
    assert.equal(got, "from node");
  });
});

describe("gonet/tls with the openssl commands", () => {
  it("tls.Dial to openssl s_server", async () => {
    const port = await freePort();
    const srv = spawn("openssl", ["s_server", "-accept", `127.0.0.1:${port}`, "-cert", certs.server.certFile, "-key", certs.server.keyFile, "-www", "-naccept", "1"], { stdio: ["ignore", "pipe", "pipe"] });
    after(() => srv.kill());
    // s_server prints ACCEPT once it listens.
    await new Promise<void>((resolve, reject) => {
      let out = "";
      srv.stdout!.on("data", (d: Buffer) => {
        out += String(d);
        if (out.includes("ACCEPT")) resolve();
      });
      srv.once("exit", (code) => reject(new Error(`s_server exited ${code}`)));
    });
    const c = await tls.Dial("tcp", `127.0.0.1:${port}`, { RootCAs: roots, ServerName: "localhost" });
    await c.Write(enc.encode("GET / HTTP/1.0\r\n\r\n"));
    const body = dec.decode(await ReadAll(c));
    assert.match(body, /^HTTP\/1\.0 200 ok/);
    assert.match(body, /Ciphers supported in s_server binary|New, TLSv1\.[23]/);
    await c.Close();
  });

  it("openssl s_client to tls.Listen verifies the chain and gets the echo", async () => {
    const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [serverCert] });
    after(() => l.Close().catch(() => {}));
    let serverErr: unknown = null;
    void (async () => {
      for await (const c of l) {
        try {
          const buf = new Uint8Array(64);
          const n = await c.Read(buf);
          await c.Write(buf.subarray(0, n ?? 0));
        } catch (err) {
          serverErr = err;
        }
        await c.Close();
      }
    })().catch((err: unknown) => (serverErr = err));
    const port = (l.Addr() as TCPAddr).Port;
    const cli = spawn("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-CAfile", certs.ca.certFile, "-servername", "localhost", "-verify_return_error", "-quiet", "-ign_eof"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let errText = "";
    cli.stdout!.on("data", (d: Buffer) => (out += String(d)));
    cli.stderr!.on("data", (d: Buffer) => (errText += String(d)));
    cli.stdin!.end("hello from openssl\n");
    const [code] = (await once(cli, "exit")) as [number];
    assert.equal(serverErr, null, "the gonet side read and echoed");
    assert.equal(out, "hello from openssl\n", errText);
    assert.match(errText, /verify return:1/);
    assert.equal(code, 0, errText);
  });
});
