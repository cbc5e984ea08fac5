// Certificates on node:crypto: parsing into gonet's X509Certificate, Go's
// X509KeyPair / LoadX509KeyPair with their error texts, and SystemCertPool.

import { X509Certificate as NodeX509, createPrivateKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { rootCertificates } from "node:tls";
import { ParseIP, type IP } from "../../src/ip.js";
import { CertPool, TLSError, decodePEM, encodePEM, type Certificate, type PKIXName, type X509Certificate } from "../../src/tls.js";

function pkixName(text: string): PKIXName {
  // Node prints one "KEY=value" attribute per line.
  const attrs = text.split("\n").filter((l) => l !== "").map((l) => {
    const i = l.indexOf("=");
    return [l.slice(0, i), l.slice(i + 1)] as const;
  });
  return {
    CommonName: attrs.find(([k]) => k === "CN")?.[1] ?? "",
    Organization: attrs.filter(([k]) => k === "O").map(([, v]) => v),
    String: () => [...attrs].reverse().map(([k, v]) => `${k}=${v}`).join(","),
  };
}

// Node's subjectAltName: `DNS:localhost, IP Address:127.0.0.1, email:a@b`, values quoted when needed.
function parseSAN(san: string | undefined): { dns: string[]; ips: IP[]; emails: string[] } {
  const out = { dns: [] as string[], ips: [] as IP[], emails: [] as string[] };
  if (san === undefined) return out;
  const re = /(DNS|IP Address|email|URI|DirName|othername|Registered ID):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (let m = re.exec(san); m !== null && m[0] !== ""; m = re.exec(san)) {
    let v = m[2]!;
    if (v.startsWith('"')) v = JSON.parse(v) as string;
    if (m[1] === "DNS") out.dns.push(v);
    else if (m[1] === "IP Address") {
      const ip = ParseIP(v);
      if (ip !== null) out.ips.push(ip);
    } else if (m[1] === "email") out.emails.push(v);
  }
  return out;
}

/** parseCertificate turns a DER certificate (or Node's parsed one) into gonet's X509Certificate. @internal */
export function parseCertificate(src: Uint8Array | NodeX509): X509Certificate & { node: NodeX509 } {
  const x = src instanceof NodeX509 ? src : new NodeX509(src);
  const san = parseSAN(x.subjectAltName);
  return {
    node: x,
    Raw: new Uint8Array(x.raw),
    Subject: pkixName(x.subject),
    Issuer: pkixName(x.issuer),
    SerialNumber: BigInt("0x" + (x.serialNumber || "0")),
    NotBefore: new Date(x.validFrom),
    NotAfter: new Date(x.validTo),
    DNSNames: san.dns,
    IPAddresses: san.ips,
    EmailAddresses: san.emails,
    IsCA: x.ca,
    hasSANExtension: x.subjectAltName !== undefined,
  };
}

/** NodeKeyMaterial is the Node form of a tls.Certificate, ready for a secure context. @internal */
export interface NodeKeyMaterial {
  certPEM: string;
  keyPEM: string;
}

const kMaterial = Symbol("gonet.tls.material");

/** materialOf returns the PEM cert chain and key of a Certificate for node:tls. @internal */
export function materialOf(c: Certificate): NodeKeyMaterial {
  const cached = (c as unknown as Record<symbol, NodeKeyMaterial | undefined>)[kMaterial];
  if (cached !== undefined) return cached;
  const key = c.PrivateKey as KeyObject;
  const m = {
    certPEM: c.Certificate.map((d) => encodePEM("CERTIFICATE", d)).join(""),
    keyPEM: String(key.export({ type: "pkcs8", format: "pem" })),
  };
  Object.defineProperty(c, kMaterial, { value: m });
  return m;
}

/**
 * X509KeyPair parses a public/private key pair from PEM data (Go's tls.X509KeyPair): certPEM
 * holds the chain (leaf first), keyPEM the leaf's private key. It fails with Go's texts: `tls:
 * failed to find any PEM data in certificate input`, `tls: private key does not match public
 * key`, ….
 *
 * @example
 * const cert = X509KeyPair(readFileSync("server.pem"), readFileSync("server.key"));
 * const l = await Listen("tcp", "127.0.0.1:0", { Certificates: [cert] });
 */
export function X509KeyPair(certPEMBlock: string | Uint8Array, keyPEMBlock: string | Uint8Array): Certificate {
  const certBlocks = decodePEM(certPEMBlock);
  const chain = certBlocks.filter((b) => b.Type === "CERTIFICATE").map((b) => b.Bytes);
  if (chain.length === 0) {
    if (certBlocks.length === 0) throw new TLSError("tls: failed to find any PEM data in certificate input", "GONET_ERR_TLS_KEYPAIR");
    if (certBlocks.some((b) => b.Type.endsWith("PRIVATE KEY"))) {
      throw new TLSError("tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched", "GONET_ERR_TLS_KEYPAIR");
    }
    throw new TLSError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.Type).join(" ")}]`, "GONET_ERR_TLS_KEYPAIR");
  }
  const keyBlocks = decodePEM(keyPEMBlock);
  const keyBlock = keyBlocks.find((b) => b.Type === "PRIVATE KEY" || b.Type.endsWith(" PRIVATE KEY"));
  if (keyBlock === undefined) {
    if (keyBlocks.length === 0) throw new TLSError("tls: failed to find any PEM data in key input", "GONET_ERR_TLS_KEYPAIR");
    if (keyBlocks.some((b) => b.Type === "CERTIFICATE")) throw new TLSError("tls: found a certificate rather than a key in the PEM for the private key", "GONET_ERR_TLS_KEYPAIR");
    throw new TLSError(`tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyBlocks.map((b) => b.Type).join(" ")}]`, "GONET_ERR_TLS_KEYPAIR");
  }
  let leaf: ReturnType<typeof parseCertificate>;
  try {
    leaf = parseCertificate(chain[0]!);
  } catch (err) {
    throw new TLSError("x509: malformed certificate", "GONET_ERR_TLS_KEYPAIR", err);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: encodePEM(keyBlock.Type, keyBlock.Bytes), format: "pem" });
  } catch (err) {
    throw new TLSError("tls: failed to parse private key", "GONET_ERR_TLS_KEYPAIR", err);
  }
  if (!leaf.node.checkPrivateKey(key)) throw new TLSError("tls: private key does not match public key", "GONET_ERR_TLS_KEYPAIR");
  return { Certificate: chain, PrivateKey: key, Leaf: leaf };
}

/**
 * LoadX509KeyPair reads and parses a public/private key pair from a pair of PEM files (Go's
 * tls.LoadX509KeyPair). A missing file fails with the file system's error.
 */
export async function LoadX509KeyPair(certFile: string, keyFile: string): Promise<Certificate> {
  const [certPEM, keyPEM] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  return X509KeyPair(certPEM, keyPEM);
}

/**
 * SystemCertPool returns a copy of the platform's trusted roots (Go's x509.SystemCertPool). On
 * Node these are the roots Node trusts by default (its bundled Mozilla store, `tls.rootCertificates`).
 */
export function SystemCertPool(): CertPool {
  const pool = new CertPool();
  for (const pem of rootCertificates) pool.AppendCertsFromPEM(pem);
  return pool;
}
