// TLS: bulk throughput through a gonet TLS Conn (tls.Dial/tls.Listen) against raw node:tls on
// loopback, both ends in-process, with certificates made by the test helper (openssl).

import nodeTLS from "node:tls";
import type { AddressInfo } from "node:net";
import type * as tlsTypes from "../src-node/tls/index.js";
import { tls } from "./gonet.js";
import { makeCerts } from "../test/helpers/certs.js";
import { best, report, type Result } from "./report.js";

const MiB = 1024 * 1024;

async function raw(total: number, certPEM: string, keyPEM: string, caPEM: string): Promise<number> {
  const server = nodeTLS.createServer({ cert: certPEM, key: keyPEM });
  let done!: () => void;
  const got = new Promise<void>((r) => (done = r));
  server.on("secureConnection", (s) => {
    let n = 0;
    s.on("data", (d: Buffer) => {
      n += d.length;
      if (n >= total) done();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const c = nodeTLS.connect({ port: (server.address() as AddressInfo).port, host: "127.0.0.1", servername: "localhost", ca: caPEM });
  await new Promise<void>((r) => c.once("secureConnect", () => r()));
  const buf = Buffer.alloc(64 * 1024, 7);
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += buf.length) {
    if (!c.write(buf)) await new Promise((r) => c.once("drain", r));
  }
  await got;
  const dt = performance.now() - t0;
  c.destroy();
  server.close();
  return total / MiB / (dt / 1000);
}

async function gonet(total: number, cert: tlsTypes.Certificate, roots: tlsTypes.CertPool): Promise<number> {
  const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [cert] });
  const reader = l.Accept().then(async (s) => {
    let n = 0;
    for await (const d of s) {
      n += d.length;
      if (n >= total) break;
    }
    return s;
  });
  const c = await tls.Dial("tcp", l.Addr().String(), { RootCAs: roots, ServerName: "localhost" });
  const buf = new Uint8Array(64 * 1024).fill(7);
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += buf.length) await c.Write(buf);
  const s = await reader;
  const dt = performance.now() - t0;
  await c.Close();
  await s.Close();
  await l.Close();
  return total / MiB / (dt / 1000);
}

/** runTLS runs the TLS benchmark. */
export async function runTLS(quick: boolean): Promise<Result[]> {
  const certs = await makeCerts();
  try {
    const cert = tls.X509KeyPair(certs.server.cert, certs.server.key);
    const roots = tls.NewCertPool();
    roots.AppendCertsFromPEM(certs.ca.cert);
    const total = quick ? 64 * MiB : 512 * MiB;
    const [r, g] = await best(
      2,
      () => raw(total, certs.server.cert, certs.server.key, certs.ca.cert),
      () => gonet(total, cert, roots),
    );
    const out: Result[] = [{ name: `tls bulk ${total / MiB} MiB, 64 KiB writes`, unit: "MiB/s", raw: r, gonet: g, target: 0.95 }];
    report(out);
    return out;
  } finally {
    await certs.cleanup();
  }
}
