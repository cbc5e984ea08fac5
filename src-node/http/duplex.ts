// The node Duplex that carries HTTP over any gonet Conn: the server's adapter
// for Listeners other than gonet's TCP (TLS, WebSocket, Pipe-based), and the
// Transport's DialContext connections. Backpressure both ways: a Read is
// issued only while the stream wants data, a write completes when the Conn's
// Write resolves.

import { Duplex } from "node:stream";
import { ErrClosed, Is } from "../../src/errors.js";
import type { Conn } from "../../src/net.js";

const readSize = 64 * 1024;

/**
 * ConnDuplex is a Duplex over conn: its readable side is conn's Reads, its writable side conn's
 * Writes (strings, as node:http writes its head, are encoded); end half-closes conn when it can
 * (CloseWrite), destroy closes it.
 * @internal
 */
export class ConnDuplex extends Duplex {
  readonly conn: Conn;
  #reading = false;
  #closing: Promise<void> | null = null;

  constructor(conn: Conn) {
    super({ allowHalfOpen: true, emitClose: true });
    this.conn = conn;
  }

  override _read(): void {
    if (this.#reading) return;
    this.#reading = true;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const buf = new Uint8Array(readSize);
        const n = await this.conn.Read(buf);
        if (this.destroyed) return;
        if (n === null) {
          this.push(null);
          return;
        }
        if (n > 0 && !this.push(buf.subarray(0, n))) break;
      }
    } catch (err) {
      if (!this.destroyed) {
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
    // A Conn without half-close stays open until destroy.
    cw.call(this.conn).then(
      () => cb(),
      () => cb(),
    );
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.#closing ??= this.conn.Close().catch(() => {});
    this.#closing.then(
      () => cb(err),
      () => cb(err),
    );
  }
}
