// A gonet/http Body over a node Readable (a server's IncomingMessage, undici's
// response body), read in paused mode: nothing is pulled from the socket until
// the handler or caller Reads, so a slow reader throttles the peer.

import type { Readable } from "node:stream";
import type { Body } from "../../src/http/body.js";

/**
 * ReadableBody is a Body over a node Readable. Read copies from the chunk at hand or waits for
 * the next 'readable'; onClose decides what Close does with a stream not read to the end (the
 * server leaves it to node:http, the client dumps or destroys it). onEnd runs once at end of stream.
 * @internal
 */
export class ReadableBody implements Body {
  readonly #s: Readable;
  readonly #onClose: (s: Readable, ended: boolean) => Promise<void>;
  #onEnd: (() => void) | null;
  readonly #mapError: (e: Error) => Error;
  #chunk: Uint8Array | null = null;
  #eof = false;
  #err: Error | null = null;
  #closed = false;
  #waiting: (() => void) | null = null;

  constructor(s: Readable, onClose: (s: Readable, ended: boolean) => Promise<void>, mapError: (e: Error) => Error, onEnd: (() => void) | null = null) {
    this.#s = s;
    this.#onClose = onClose;
    this.#mapError = mapError;
    this.#onEnd = onEnd;
    s.on("end", () => {
      this.#eof = true;
      this.#wake();
    });
    s.on("error", (e: Error) => {
      this.#err ??= this.#mapError(e);
      this.#wake();
    });
    s.on("close", () => {
      if (!this.#eof && !s.readableEnded) this.#err ??= this.#mapError(Object.assign(new Error("unexpected EOF"), { code: "UNEXPECTED_EOF" }));
      this.#wake();
    });
    s.on("readable", this.#onReadable);
  }

  readonly #onReadable = (): void => this.#wake();

  #wake(): void {
    const w = this.#waiting;
    this.#waiting = null;
    w?.();
  }

  #end(): null {
    if (!this.#eof) this.#eof = true;
    const f = this.#onEnd;
    if (f !== null) {
      this.#onEnd = null;
      f();
    }
    return null;
  }

  /** Read copies the next bytes into p, resolving their number or null at end of stream. */
  async Read(p: Uint8Array): Promise<number | null> {
    if (this.#closed) throw new Error("http: invalid Read on closed Body");
    if (p.length === 0) return 0;
    for (;;) {
      const c = this.#chunk;
      if (c !== null) {
        const n = Math.min(p.length, c.length);
        p.set(n === c.length ? c : c.subarray(0, n));
        this.#chunk = n === c.length ? null : c.subarray(n);
        return n;
      }
      const next = this.#s.read() as Uint8Array | null;
      if (next !== null) {
        if (next.length > 0) this.#chunk = next;
        continue;
      }
      if (this.#eof || this.#s.readableEnded) return this.#end();
      if (this.#err !== null) throw this.#err;
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }

  /** readChunk resolves the next chunk as node delivered it, or null at end of stream. */
  async readChunk(): Promise<Uint8Array | null> {
    if (this.#closed) throw new Error("http: invalid Read on closed Body");
    for (;;) {
      const c = this.#chunk;
      if (c !== null) {
        this.#chunk = null;
        return c;
      }
      const next = this.#s.read() as Uint8Array | null;
      if (next !== null) {
        if (next.length > 0) return next;
        continue;
      }
      if (this.#eof || this.#s.readableEnded) return this.#end();
      if (this.#err !== null) throw this.#err;
      await new Promise<void>((resolve) => (this.#waiting = resolve));
    }
  }

  /** Close releases the body; later Reads fail. */
  Close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    // A 'readable' listener holds the stream in paused mode; the closer may want it flowing.
    this.#s.off("readable", this.#onReadable);
    return this.#onClose(this.#s, this.#eof || this.#s.readableEnded);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const c = await this.readChunk();
      if (c === null) return;
      yield c;
    }
  }
}
