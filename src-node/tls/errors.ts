// The one place where node:tls errors become Go's crypto/tls errors: alerts the
// peer sent become `remote error: tls: …` OpErrors, OpenSSL's local failures
// get Go's texts, chain-verification codes become x509 errors. Transport errors
// go through src-node/errors.ts.

import { OpError, SyscallError } from "../../src/errors.js";
import { EOF } from "../../src/io.js";
import { goQuote } from "../../src/quote.js";
import {
  AlertError,
  CertificateInvalidError,
  Expired,
  IncompatibleUsage,
  NotAuthorizedToSign,
  RecordHeaderError,
  TLSError,
  UnknownAuthorityError,
  rfc3339,
  type X509Certificate,
} from "../../src/tls.js";
import { translate } from "../errors.js";

interface NodeError extends Error {
  code?: string;
  reason?: string;
}

// OpenSSL's "error:0A000102:SSL routines:func:reason:file:line:" message carries the reason.
function opensslReason(e: NodeError): string {
  if (typeof e.reason === "string" && e.reason !== "") return e.reason;
  const m = /SSL routines:[^:]*:([^:]+):/.exec(e.message);
  return m !== null ? m[1]! : e.message;
}

/** ClientHelloSeen is what a server saw of the client's hello, for Go's error texts. @internal */
export interface ClientHelloSeen {
  /** alpn is the client's ALPN protocol list. */
  alpn?: string[];
  /** versions are the versions the client offered, as Go's readClientHello lists them. */
  versions?: number[];
}

/**
 * translateTLS turns an error a TLS socket emitted into Go's: `remote error: tls: bad
 * certificate`, `tls: first record does not look like a TLS handshake`, `tls: client didn't
 * provide a certificate`, …; transport errors become SyscallErrors (the caller wraps them in an
 * OpError with the conn's addresses), a bare hang-up Go's EOF.
 * @internal
 */
export function translateTLS(err: unknown, isServer: boolean, hello: ClientHelloSeen = {}): Error {
  if (!(err instanceof Error)) return new TLSError(String(err), "GONET_ERR_TLS");
  const e = err as NodeError;
  const code = e.code ?? "";
  const alert = /SSL alert number (\d+)/.exec(e.message);
  if (alert !== null) return new OpError({ Op: "remote error", Net: "", Err: new AlertError(Number(alert[1]), err) });
  if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || code === "ERR_OSSL_PEM_NO_START_LINE") {
    switch (code) {
      case "ERR_SSL_WRONG_VERSION_NUMBER":
      case "ERR_SSL_HTTP_REQUEST":
      case "ERR_SSL_PACKET_LENGTH_TOO_LONG":
        return new RecordHeaderError("tls: first record does not look like a TLS handshake", err);
      case "ERR_SSL_UNSUPPORTED_PROTOCOL":
        if (!isServer) return new TLSError("tls: server selected unsupported protocol version", code, err);
        // Go's readClientHello: fmt.Errorf("… %x", clientVersions), a []uint16 in hex: [303 302].
        return new TLSError(`tls: client offered only unsupported versions${hello.versions !== undefined ? ": [" + hello.versions.map((v) => v.toString(16)).join(" ") + "]" : ""}`, code, err);
      case "ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE":
        return new TLSError("tls: client didn't provide a certificate", code, err);
      case "ERR_SSL_NO_APPLICATION_PROTOCOL":
        // Go's negotiateALPN: fmt.Errorf("… (%q)", clientProtos), a []string quoted: (["a" "b"]).
        return new TLSError(`tls: client requested unsupported application protocols${hello.alpn !== undefined ? " ([" + hello.alpn.map(goQuote).join(" ") + "])" : ""}`, code, err);
      case "ERR_SSL_NO_SHARED_CIPHER":
        return new TLSError("tls: no cipher suite supported by both client and server", code, err);
      case "ERR_SSL_NO_PROTOCOLS_AVAILABLE":
        return new TLSError("tls: no supported versions satisfy MinVersion and MaxVersion", code, err);
    }
    return new TLSError("tls: " + opensslReason(e), code, err);
  }
  if (code === "ECONNRESET" && typeof (e as { errno?: unknown }).errno !== "number") {
    // Node's "socket hang up": the peer closed before the handshake finished; Go reads io.EOF.
    return EOF;
  }
  return translate(err, "read");
}

/** isTransportError reports whether a translated error came from the transport (to be wrapped in an OpError). @internal */
export function isTransportError(err: Error): boolean {
  return err instanceof SyscallError;
}

/**
 * chainError maps OpenSSL's verification result (Node's authorizationError) for a chain whose leaf
 * is leaf to Go's x509 error. intermediates are the certificates the peer sent after its leaf:
 * OpenSSL reports an issuer that is not a CA as a purpose failure (INVALID_PURPOSE) or INVALID_CA,
 * Go's buildChains as that issuer's CertificateInvalidError NotAuthorizedToSign. @internal
 */
export function chainError(code: string, leaf: X509Certificate | null, now: Date, intermediates: readonly X509Certificate[] = []): Error {
  if (code === "INVALID_PURPOSE" || code === "INVALID_CA") {
    const notCA = intermediates.find((c) => !c.IsCA);
    if (notCA !== undefined) return new CertificateInvalidError(notCA, NotAuthorizedToSign, "", code);
  }
  switch (code) {
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "CERT_UNTRUSTED":
    case "CERT_SIGNATURE_FAILURE":
    case "UNABLE_TO_DECRYPT_CERT_SIGNATURE":
      return new UnknownAuthorityError(leaf, code);
    case "CERT_HAS_EXPIRED":
      // An intermediate expired (the leaf was checked first): Go reports it the same way.
      return new CertificateInvalidError(leaf, Expired, `current time ${rfc3339(now)} is after ${leaf !== null ? rfc3339(leaf.NotAfter) : "its NotAfter"}`, code);
    case "CERT_NOT_YET_VALID":
      return new CertificateInvalidError(leaf, Expired, `current time ${rfc3339(now)} is before ${leaf !== null ? rfc3339(leaf.NotBefore) : "its NotBefore"}`, code);
    case "INVALID_PURPOSE":
      return new CertificateInvalidError(leaf, IncompatibleUsage, "", code);
    case "INVALID_CA":
      return new CertificateInvalidError(leaf, NotAuthorizedToSign, "", code);
  }
  return new TLSError("x509: " + code.toLowerCase().replace(/_/g, " "), code);
}
