// The client's first flight, seen before node:tls takes it: the server reads
// the ClientHello off the transport, notes what Go's error texts need (the
// versions the client offered), and puts the bytes back for OpenSSL.

import type { Duplex } from "node:stream";
import { VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13 } from "../../src/tls.js";

const recordTypeHandshake = 22;
const typeClientHello = 1;
const extensionSupportedVersions = 43;
// Go's supportedVersions, newest first (crypto/tls common.go).
const supportedVersions = [VersionTLS13, VersionTLS12, VersionTLS11, VersionTLS10];
// More than any ClientHello gonet's peers send; past it the peek gives up and hands over.
const maxPeek = 1 << 16;

// Go's supportedVersionsFromMax: the versions it knows up to a legacy maximum.
function supportedVersionsFromMax(max: number): number[] {
  return supportedVersions.filter((v) => v <= max);
}

/**
 * helloMessage returns the ClientHello handshake message carried by the records in b, "more"
 * while it is incomplete, or null when b is not (or no longer looks like) a ClientHello.
 */
function helloMessage(b: Uint8Array): Uint8Array | "more" | null {
  const payload: number[] = [];
  let off = 0;
  for (;;) {
    if (payload.length >= 4) {
      const n = (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!;
      if (payload.length >= 4 + n) return payload[0] === typeClientHello ? Uint8Array.from(payload.slice(0, 4 + n)) : null;
    }
    if (b.length - off < 5) return "more";
    if (b[off] !== recordTypeHandshake) return null;
    const len = (b[off + 3]! << 8) | b[off + 4]!;
    if (b.length - off - 5 < len) return "more";
    for (let i = 0; i < len; i++) payload.push(b[off + 5 + i]!);
    off += 5 + len;
    if (payload.length >= 1 && payload[0] !== typeClientHello) return null;
  }
}

/**
 * clientVersions returns the versions a ClientHello offers as Go's readClientHello lists them
 * (handshake_server.go): the supported_versions extension, else, for a legacy version of TLS 1.3
 * or later, the versions up to TLS 1.2, else those up to the legacy version. null if malformed.
 */
export function clientVersions(msg: Uint8Array): number[] | null {
  const u16 = (i: number): number => (msg[i]! << 8) | msg[i + 1]!;
  let off = 4;
  if (msg.length < off + 2 + 32 + 1) return null;
  const vers = u16(off);
  off += 2 + 32;
  off += 1 + msg[off]!; // session id
  if (off + 2 > msg.length) return null;
  off += 2 + u16(off); // cipher suites
  if (off + 1 > msg.length) return null;
  off += 1 + msg[off]!; // compression methods
  let supported: number[] = [];
  if (off + 2 <= msg.length) {
    const end = off + 2 + u16(off);
    if (end > msg.length) return null;
    off += 2;
    while (off + 4 <= end) {
      const type = u16(off);
      const len = u16(off + 2);
      off += 4;
      if (off + len > end) return null;
      if (type === extensionSupportedVersions && len >= 1) {
        const n = msg[off]!;
        if (1 + n > len || n % 2 !== 0) return null;
        supported = [];
        for (let i = 0; i < n; i += 2) supported.push(u16(off + 1 + i));
      }
      off += len;
    }
  }
  if (supported.length > 0) return supported;
  if (vers >= VersionTLS13) return supportedVersionsFromMax(VersionTLS12);
  return supportedVersionsFromMax(vers);
}

/**
 * peekClientHello reads stream until it holds the whole ClientHello (or what it has stops looking
 * like one), then pauses it, puts every byte back (unshift) and calls done with the message or
 * null. A transport error, end or close before that goes to failed instead, with the bytes put
 * back. It returns a function that stops the peek without calling either.
 * @internal
 */
export function peekClientHello(stream: Duplex, done: (hello: Uint8Array | null) => void, failed: (err: Error | null) => void): () => void {
  const chunks: Buffer[] = [];
  let size = 0;
  const stop = (): void => {
    stream.off("data", onData);
    stream.off("error", onError);
    stream.off("end", onEnd);
    stream.off("close", onEnd);
    stream.pause();
    if (size > 0) stream.unshift(Buffer.concat(chunks, size));
    chunks.length = 0;
    size = 0;
  };
  const onData = (chunk: Buffer): void => {
    chunks.push(chunk);
    size += chunk.length;
    const m = helloMessage(Buffer.concat(chunks, size));
    if (m === "more" && size <= maxPeek) return;
    stop();
    done(m instanceof Uint8Array ? m : null);
  };
  const onError = (err: Error): void => {
    stop();
    failed(err);
  };
  const onEnd = (): void => {
    stop();
    failed(null);
  };
  stream.on("error", onError);
  stream.on("end", onEnd);
  stream.on("close", onEnd);
  stream.on("data", onData);
  // A handed-off socket was paused by its old transport; a 'data' listener alone does not restart it.
  stream.resume();
  return stop;
}
