// `npm run example:tls-echo`: a TLS echo server and client on loopback. The certificate is made at
// start-up with the `openssl` command (a throwaway CA and a server certificate for localhost and
// 127.0.0.1); the client verifies it against that CA, as Go's crypto/tls does by default.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tls from "gonet/tls";
import { Copy, ReadAll } from "gonet/io";
import { expect, ok } from "../check.js";

const dir = mkdtempSync(join(tmpdir(), "gonet-tls-echo-"));
const openssl = (...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=gonet example CA");
openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
writeFileSync(join(dir, "ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "1", "-out", "server.pem", "-days", "1", "-extfile", "ext.cnf");
const cert = await tls.LoadX509KeyPair(join(dir, "server.pem"), join(dir, "server.key"));
const roots = tls.NewCertPool();
roots.AppendCertsFromPEM(readFileSync(join(dir, "ca.pem")));
rmSync(dir, { recursive: true, force: true });

const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [cert], MinVersion: tls.VersionTLS12 });
console.log(`tls echo server on ${l.Addr().String()}`);
const serving = (async () => {
  for await (const c of l) void Copy(c, c).catch(() => {}).finally(() => c.Close().catch(() => {}));
})();

await using conn = await tls.Dial("tcp", l.Addr().String(), { RootCAs: roots, ServerName: "localhost", NextProtos: ["echo/1"] });
const st = conn.ConnectionState();
console.log(`handshake done: ${tls.VersionName(st.Version)}, ${tls.CipherSuiteName(st.CipherSuite)}, server ${st.PeerCertificates[0]?.Subject.CommonName}`);
await conn.Write(new TextEncoder().encode("hello over TLS"));
await conn.CloseWrite();
const echoed = new TextDecoder().decode(await ReadAll(conn));
console.log(`echoed: ${echoed}`);
expect(echoed === "hello over TLS", "the echo is what was sent");
expect(st.HandshakeComplete && st.PeerCertificates[0]?.Subject.CommonName === "localhost", "the handshake verified the localhost certificate");
await l.Close();
await serving;
ok();
