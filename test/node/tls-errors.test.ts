// The OpenSSL-to-Go error mapping of src-node/tls/errors.ts. Real handshakes where a certificate
// can produce the failure (a server certificate for client use only; a chain through a non-CA
// intermediate), the mapping table itself for OpenSSL failures gonet's Config cannot provoke (no
// CipherSuites option, no not-yet-valid certificate from openssl 3.0's CLI). Go's texts: crypto/x509
// verify.go (CertificateInvalidError.Error, isValid), crypto/tls handshake_server.go and alert.go.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, describe, it } from "node:test";
import { TCPAddr } from "../../src/addr.js";
import { OpError, SyscallError } from "../../src/errors.js";
import { EOF } from "../../src/io.js";
import { CertificateInvalidError, Expired, IncompatibleUsage, NotAuthorizedToSign, RecordHeaderError, TLSError, UnknownAuthorityError } from "../../src/tls.js";
import { chainError, isTransportError, translateTLS } from "../../src-node/tls/errors.js";
import * as tls from "../../src-node/tls/index.js";
import { makeCerts, type TestCerts } from "../helpers/certs.js";

const run = promisify(execFile);
const certs: TestCerts = await makeCerts();
const dir = await mkdtemp(join(tmpdir(), "gonet-tls-errors-"));
after(async () => {
  await certs.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** sign makes a key and a certificate for cn with the extensions ext, signed by the CA files given. */
async function sign(name: string, cn: string, ext: string, caCert: string, caKey: string): Promise<{ cert: string; key: string; certFile: string; keyFile: string }> {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.pem`);
  const csr = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  await writeFile(extFile, ext);
  await run("openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", csr, "-subj", `/CN=${cn}`]);
  await run("openssl", ["x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-set_serial", "0x" + randomBytes(8).toString("hex"), "-out", certFile, "-days", "30", "-extfile", extFile]);
  return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8"), certFile, keyFile };
}

const roots = tls.NewCertPool();
assert.ok(roots.AppendCertsFromPEM(certs.ca.cert));

/** dialFailure serves one handshake with cert (a PEM chain) and returns the client's Dial error. */
async function dialFailure(chainPEM: string, keyPEM: string): Promise<Error> {
  const l = await tls.Listen("tcp", "127.0.0.1:0", { Certificates: [tls.X509KeyPair(chainPEM, keyPEM)] });
  const served = (async () => {
    const c = await l.Accept().catch(() => null);
    await c?.Handshake().catch(() => {});
    await c?.Close().catch(() => {});
  })();
  try {
    const port = (l.Addr() as TCPAddr).Port;
    const err = await tls.Dial("tcp", `127.0.0.1:${port}`, { RootCAs: roots }).then(
      async (c) => {
        await c.Close();
        return assert.fail("Dial succeeded");
      },
      (e: unknown) => e as Error,
    );
    return err;
  } finally {
    await l.Close();
    await served;
  }
}

describe("chain verification failures from real handshakes", () => {
  it("a server certificate for client authentication only: x509: certificate specifies an incompatible key usage", async () => {
    const leaf = await sign("client-only", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n", certs.ca.certFile, certs.ca.keyFile);
    const err = await dialFailure(leaf.cert, leaf.key);
    assert.ok(err instanceof tls.CertificateVerificationError, err.message);
    assert.equal(err.message, "tls: failed to verify certificate: x509: certificate specifies an incompatible key usage");
    assert.ok(err.Err instanceof CertificateInvalidError);
    assert.equal(err.Err.Reason, IncompatibleUsage);
  });

  it("a chain through an intermediate that is not a CA: x509: certificate is not authorized to sign other certificates", async () => {
    // Go's buildChains keeps isValid's error for the intermediate (NotAuthorizedToSign) when no
    // chain is found.
    const notCA = await sign("not-ca", "not a CA", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyCertSign\n", certs.ca.certFile, certs.ca.keyFile);
    const leaf = await sign("under-not-ca", "127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n", notCA.certFile, notCA.keyFile);
    const err = await dialFailure(leaf.cert + notCA.cert, leaf.key);
    assert.ok(err instanceof tls.CertificateVerificationError, err.message);
    assert.equal(err.message, "tls: failed to verify certificate: x509: certificate is not authorized to sign other certificates");
    assert.ok(err.Err instanceof CertificateInvalidError);
    assert.equal(err.Err.Reason, NotAuthorizedToSign);
    assert.equal(err.Err.Cert?.Subject.CommonName, "not a CA", "Go names the intermediate, not the leaf");
  });
});

/** nodeError builds an error shaped as node:tls emits them (code, reason, OpenSSL's message). */
function nodeError(code: string, reason: string): Error {
  const e = new Error(`error:0A0000C1:SSL routines::${reason}`) as Error & { code: string; reason: string };
  e.code = code;
  e.reason = reason;
  return e;
}

describe("translateTLS: OpenSSL failures to Go's crypto/tls errors", () => {
  it("maps each OpenSSL code to Go's text (handshake_server.go, handshake_client.go, conn.go)", () => {
    const table: [code: string, reason: string, isServer: boolean, want: string][] = [
      ["ERR_SSL_NO_SHARED_CIPHER", "no shared cipher", true, "tls: no cipher suite supported by both client and server"],
      ["ERR_SSL_NO_PROTOCOLS_AVAILABLE", "no protocols available", false, "tls: no supported versions satisfy MinVersion and MaxVersion"],
      ["ERR_SSL_UNSUPPORTED_PROTOCOL", "unsupported protocol", true, "tls: client offered only unsupported versions"],
      ["ERR_SSL_UNSUPPORTED_PROTOCOL", "unsupported protocol", false, "tls: server selected unsupported protocol version"],
      ["ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate", true, "tls: client didn't provide a certificate"],
      ["ERR_SSL_NO_APPLICATION_PROTOCOL", "no application protocol", true, "tls: client requested unsupported application protocols"],
    ];
    for (const [code, reason, isServer, want] of table) {
      const cause = nodeError(code, reason);
      const got = translateTLS(cause, isServer);
      assert.ok(got instanceof TLSError, code);
      assert.equal(got.message, want, code);
      assert.equal(got.cause, cause, "the platform error stays on cause");
    }
    // Not a TLS handshake: Go's RecordHeaderError text, for each way OpenSSL says it.
    for (const code of ["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_HTTP_REQUEST", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]) {
      const got = translateTLS(nodeError(code, "x"), true);
      assert.ok(got instanceof RecordHeaderError, code);
      assert.equal(got.message, "tls: first record does not look like a TLS handshake");
    }
  });

  it("an alert from the peer is Go's remote error OpError", () => {
    const got = translateTLS(new Error("error:0A000412:SSL routines::sslv3 alert bad certificate:SSL alert number 42"), false);
    assert.ok(got instanceof OpError);
    assert.equal(got.Op, "remote error");
    assert.equal(got.message, "remote error: tls: bad certificate");
  });

  it("other OpenSSL reasons keep OpenSSL's reason, from the reason field or the message", () => {
    assert.equal(translateTLS(nodeError("ERR_SSL_BAD_ECPOINT", "bad ecpoint"), true).message, "tls: bad ecpoint");
    const noReason = new Error("error:0A000102:SSL routines:ssl_choose_client_version:unsupported thing:ssl/statem.c:1:") as Error & { code: string };
    noReason.code = "ERR_SSL_SOMETHING";
    assert.equal(translateTLS(noReason, false).message, "tls: unsupported thing");
    const bare = new Error("opaque") as Error & { code: string };
    bare.code = "ERR_TLS_SOMETHING";
    assert.equal(translateTLS(bare, false).message, "tls: opaque");
  });

  it("a hang-up during the handshake is io.EOF; errno errors are transport errors; a non-Error is wrapped", () => {
    const hangup = new Error("socket hang up") as Error & { code: string };
    hangup.code = "ECONNRESET";
    assert.equal(translateTLS(hangup, false), EOF);
    const reset = new Error("read ECONNRESET") as Error & { code: string; errno: number; syscall: string };
    reset.code = "ECONNRESET";
    reset.errno = -104;
    reset.syscall = "read";
    const got = translateTLS(reset, false);
    assert.ok(got instanceof SyscallError, String(got));
    assert.equal(isTransportError(got), true);
    assert.equal(isTransportError(new TLSError("tls: x", "GONET_ERR_TLS")), false);
    const odd = translateTLS("a string", true);
    assert.ok(odd instanceof TLSError);
    assert.equal(odd.message, "a string");
  });
});

describe("chainError: OpenSSL verification codes to Go's x509 errors", () => {
  const leaf = tls.X509KeyPair(certs.server.cert, certs.server.key).Leaf!;
  const now = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
  const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");

  it("not yet valid: Go's isValid text with NotBefore", () => {
    const err = chainError("CERT_NOT_YET_VALID", leaf, now);
    assert.ok(err instanceof CertificateInvalidError);
    assert.equal(err.Reason, Expired);
    assert.equal(err.message, `x509: certificate has expired or is not yet valid: current time 2030-01-02T03:04:05Z is before ${rfc3339(leaf.NotBefore)}`);
    const noLeaf = chainError("CERT_NOT_YET_VALID", null, now);
    assert.equal(noLeaf.message, "x509: certificate has expired or is not yet valid: current time 2030-01-02T03:04:05Z is before its NotBefore");
  });

  it("expired, untrusted, wrong purpose and non-CA issuers map to Go's types", () => {
    const expired = chainError("CERT_HAS_EXPIRED", null, now);
    assert.equal(expired.message, "x509: certificate has expired or is not yet valid: current time 2030-01-02T03:04:05Z is after its NotAfter");
    for (const code of ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_UNTRUSTED", "CERT_SIGNATURE_FAILURE", "UNABLE_TO_DECRYPT_CERT_SIGNATURE"]) {
      const e = chainError(code, leaf, now);
      assert.ok(e instanceof UnknownAuthorityError, code);
      assert.equal(e.message, "x509: certificate signed by unknown authority", code);
    }
    assert.equal(chainError("INVALID_PURPOSE", leaf, now).message, "x509: certificate specifies an incompatible key usage");
    assert.equal(chainError("INVALID_CA", leaf, now).message, "x509: certificate is not authorized to sign other certificates");
    const ca = tls.X509KeyPair(certs.ca.cert, certs.ca.key).Leaf!;
    const client = tls.X509KeyPair(certs.client.cert, certs.client.key).Leaf!;
    assert.equal(chainError("INVALID_PURPOSE", leaf, now, [ca]).message, "x509: certificate specifies an incompatible key usage", "a CA issuer: the leaf's usage");
    const viaLeaf = chainError("INVALID_PURPOSE", leaf, now, [client, ca]);
    assert.ok(viaLeaf instanceof CertificateInvalidError && viaLeaf.Reason === NotAuthorizedToSign && viaLeaf.Cert === client);
    // A code without a Go counterpart keeps OpenSSL's name, still a typed TLSError.
    const other = chainError("CERT_REVOKED", leaf, now);
    assert.ok(other instanceof TLSError);
    assert.equal(other.message, "x509: cert revoked");
  });
});
