// The one node:stream Duplex over any gonet Conn: node:tls runs over it (TLS
// over a Pipe, a WebSocket NetConn, a used TCPConn), and so does node:http (the
// server's adapter for Listeners other than TCP, the Transport's DialContext
// connections). Backpressure both ways: a read is issued only when the stream
// wants data, and a write completes when the Conn's Write resolves.

import { Duplex } from "node:stream";
import { ErrClosed, Is, OpError } from "../src/errors.js";
import type { Conn } from "../src/net.js";

const readSize = 64 * 1024;

/**
 * ConnDuplex is a Duplex whose readable side is conn's Reads and whose writable side is conn's
 * Writes (strings, as node:http writes its head, are encoded); ending it half-closes conn
 * (CloseWrite, when conn has one) and destroying it closes conn.
 * @internal
 */
export class ConnDuplex extends Duplex {
  readonly conn: Conn;
  #reading = false;
  #closing: Promise<void> | null = null;

  constructor(conn: Conn) {
    super({ allowHalfOpen: true, emitClose: true, readableHighWaterMark: 256 * 1024, writableHighWaterMark: 256 * 1024 });
    this.conn = conn;
  }

  override _read(): void {
    if (this.#reading) return;
    this.#reading = true;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    // gonet's own Conns hand out their chunks without a copy; any other Conn is Read.
    const readChunk = (this.conn as { readChunk?: () => Promise<Uint8Array | null> }).readChunk;
    try {
      for (;;) {
        let chunk: Uint8Array | null;
        if (typeof readChunk === "function") {
          chunk = await readChunk.call(this.conn);
        } else {
          const buf = new Uint8Array(readSize);
          const n = await this.conn.Read(buf);
          chunk = n === null ? null : buf.subarray(0, n);
        }
        if (this.destroyed) return;
        if (chunk === null) {
          this.push(null);
          return;
        }
        if (chunk.length === 0) continue;
        if (!this.push(chunk)) break;
      }
    } catch (err) {
      if (!this.destroyed) {
        // A conn closed under us (our own destroy) is no error for the stream.
        if (Is(err, ErrClosed)) this.push(null);
        else this.destroy(err as Error);
      }
    } finally {
      this.#reading = false;
    }
  }

  override _write(chunk: Uint8Array, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.conn.Write(chunk).then(
      () => cb(),
      (err: unknown) => cb(err as Error),
    );
  }

  override _final(cb: (err?: Error | null) => void): void {
    const cw = (this.conn as { CloseWrite?: () => Promise<void> }).CloseWrite;
    if (typeof cw !== "function") {
      cb();
      return;
    }
    cw.call(this.conn).then(
      () => cb(),
      (err: unknown) => {
        // A conn without half-close (ErrUnsupported) simply stays open until destroy.
        cb(err instanceof OpError && err.Op === "close" && !Is(err, ErrClosed) ? null : (err as Error));
      },
    );
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.closeConn().then(
      () => cb(err),
      () => cb(err),
    );
  }

  /** closeConn closes conn once; it resolves when conn is closed. */
  closeConn(): Promise<void> {
    this.#closing ??= this.conn.Close().catch(() => {});
    return this.#closing;
  }
}
