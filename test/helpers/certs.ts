// Test certificates made at test time with the `openssl` command into a temp
// directory: a CA, a server certificate for localhost/127.0.0.1/::1 and a
// client certificate signed by it, an expired server certificate, a server
// certificate from a CA the tests do not trust, and one for another host name.

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** PEMPair is a certificate and its private key, PEM-encoded, with the files they were written to. */
export interface PEMPair {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

/** TestCerts is what makeCerts writes. */
export interface TestCerts {
  /** dir is the temp directory holding every file; cleanup removes it. */
  dir: string;
  /** ca is the trusted test CA. */
  ca: PEMPair;
  /** server is valid for DNS:localhost, IP:127.0.0.1 and IP:::1, signed by ca. */
  server: PEMPair;
  /** client is a client-auth certificate signed by ca. */
  client: PEMPair;
  /** expired is a server certificate for localhost/127.0.0.1, signed by ca, that expired a day ago. */
  expired: PEMPair;
  /** untrusted is a server certificate for localhost/127.0.0.1 signed by another CA (otherCA). */
  untrusted: PEMPair;
  /** untrustedClient is a client certificate signed by otherCA. */
  untrustedClient: PEMPair;
  /** otherCA is the CA nobody trusts. */
  otherCA: PEMPair;
  /** otherHost is valid only for DNS:example.com and DNS:www.example.com, signed by ca. */
  otherHost: PEMPair;
  /** bareWildcard is a server certificate whose only name is DNS:* (a wildcard of one label), signed by ca. */
  bareWildcard: PEMPair;
  /** dottedHost is a server certificate whose only name is DNS:localhost. (with the root's dot), signed by ca. */
  dottedHost: PEMPair;
  /** cleanup removes dir. */
  cleanup(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run("openssl", args, { cwd: dir });
}

async function makeCA(dir: string, name: string, cn: string): Promise<PEMPair> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  await openssl(dir, [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "3650", "-subj", `/CN=${cn}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8"), certFile, keyFile };
}

async function makeLeaf(dir: string, name: string, ca: PEMPair, cn: string, ext: string, days: number): Promise<PEMPair> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  const csr = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(extFile, ext);
  await openssl(dir, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", csr, "-subj", `/CN=${cn}`]);
  // A negative -days makes a certificate whose NotAfter is already past. Serials are random so
  // that the leaves can be made in parallel (-CAcreateserial would share one serial file).
  await openssl(dir, ["x509", "-req", "-in", csr, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-set_serial", "0x" + randomBytes(8).toString("hex"), "-out", certFile, "-days", String(days), "-extfile", extFile]);
  return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8"), certFile, keyFile };
}

const serverExt = "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n";
const clientExt = "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n";

/**
 * makeCerts creates the test certificates with the `openssl` command in a fresh temp directory.
 * Call cleanup when done (t.after / after).
 */
export async function makeCerts(): Promise<TestCerts> {
  const dir = await mkdtemp(join(tmpdir(), "gonet-certs-"));
  const ca = await makeCA(dir, "ca", "gonet test CA");
  const otherCA = await makeCA(dir, "other-ca", "gonet untrusted CA");
  const [server, client, expired, untrusted, untrustedClient, otherHost, bareWildcard, dottedHost] = await Promise.all([
    makeLeaf(dir, "server", ca, "localhost", serverExt, 365),
    makeLeaf(dir, "client", ca, "gonet client", clientExt, 365),
    makeLeaf(dir, "expired", ca, "localhost", serverExt, -1),
    makeLeaf(dir, "untrusted", otherCA, "localhost", serverExt, 365),
    makeLeaf(dir, "untrusted-client", otherCA, "gonet client", clientExt, 365),
    makeLeaf(dir, "other-host", ca, "example.com", "subjectAltName=DNS:example.com,DNS:www.example.com\nextendedKeyUsage=serverAuth\n", 365),
    makeLeaf(dir, "bare-wildcard", ca, "gonet wildcard", "subjectAltName=DNS:*\nextendedKeyUsage=serverAuth\n", 365),
    makeLeaf(dir, "dotted-host", ca, "gonet dotted", "subjectAltName=DNS:localhost.\nextendedKeyUsage=serverAuth\n", 365),
  ]);
  return { dir, ca, server, client, expired, untrusted, untrustedClient, otherCA, otherHost, bareWildcard, dottedHost, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
