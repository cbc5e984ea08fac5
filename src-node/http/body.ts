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
  #deadlineErr: Error | null = null;
  #closed = false;
  #waiting: (() => void) | null = null;
  #listening = false;
  #n = 0;
  readonly #onReadable = (): void => this.#wake();

  constructor(s: Readable, onClose: (s: Readable, ended: boolean) => Promise<void>, mapError: (e: Error) => Error, onEnd: (() => void) | null = null) {
    this.#s = s;
    this.#onClose = onClose;
    this.#mapError = mapError;
    this.#onEnd = onEnd;
  }

  // The listeners are attached the first time a Read has to wait: a body that is already
  // buffered when it is read (most small responses) never needs them.
  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    const s = this.#s;
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

  // ended reports whether the stream has delivered everything (pushed its end and holds nothing).
  #ended(): boolean {
    const s = this.#s;
    if (this.#eof || s.readableEnded) return true;
    const st = (s as { _readableState?: { ended?: boolean } })._readableState;
    return st?.ended === true && s.readableLength === 0 && !s.destroyed;
  }

  #failed(): Error | null {
    if (this.#err !== null) return this.#err;
    const s = this.#s;
    if (s.errored !== null && s.errored !== undefined) return (this.#err = this.#mapError(s.errored));
    if (s.destroyed) return (this.#err = this.#mapError(Object.assign(new Error("unexpected EOF"), { code: "UNEXPECTED_EOF" })));
    return null;
  }

  #wait(): Promise<void> {
    this.#listen();
    return new Promise<void>((resolve) => (this.#waiting = resolve));
  }

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

  /**
   * expire makes Reads that would wait for the stream fail with err (a read deadline passed:
   * what has arrived is still handed out, as Go's bufio.Reader hands out what it holds); null
   * lifts that. Internal.
   */
  expire(err: Error | null): void {
    this.#deadlineErr = err;
    if (err !== null) this.#wake();
  }

  /** bytesRead counts the bytes Read and readChunk have handed out. */
  get bytesRead(): number {
    return this.#n;
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
        this.#n += n;
        return n;
      }
      const next = this.#s.read() as Uint8Array | null;
      if (next !== null) {
        if (next.length > 0) this.#chunk = next;
        continue;
      }
      if (this.#ended()) return this.#end();
      const err = this.#deadlineErr ?? this.#failed();
      if (err !== null) throw err;
      await this.#wait();
    }
  }

  /** readChunk resolves the next chunk as node delivered it, or null at end of stream. */
  async readChunk(): Promise<Uint8Array | null> {
    if (this.#closed) throw new Error("http: invalid Read on closed Body");
    for (;;) {
      const c = this.#chunk;
      if (c !== null) {
        this.#chunk = null;
        this.#n += c.length;
        return c;
      }
      const next = this.#s.read() as Uint8Array | null;
      if (next !== null) {
        if (next.length > 0) {
          this.#n += next.length;
          return next;
        }
        continue;
      }
      if (this.#ended()) return this.#end();
      const err = this.#deadlineErr ?? this.#failed();
      if (err !== null) throw err;
      await this.#wait();
    }
  }

  /** Close releases the body; later Reads fail. */
  Close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    // A 'readable' listener holds the stream in paused mode; the closer may want it flowing.
    this.#s.off("readable", this.#onReadable);
    return this.#onClose(this.#s, this.#ended());
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const c = await this.readChunk();
      if (c === null) return;
      yield c;
    }
  }
}
