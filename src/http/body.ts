// Request and response bodies: gonet/io ReadClosers that are also async
// iterables of chunks, with Go's NoBody, a body over bytes, and Go's
// MaxBytesReader (request.go).

import { ReadAll, type Reader, type ReadCloser } from "../io.js";
import { HTTPError } from "./errors.js";
import type { ResponseWriter } from "./handler.js";
import { utf8Encode } from "./internal.js";

/**
 * Body is the type of Request.Body and Response.Body: a gonet/io ReadCloser (Read resolves the
 * number of bytes read, or null at end of stream; Close releases it) that is also an async
 * iterable of the chunks Read would return.
 *
 * @example
 * for await (const chunk of res.Body) process(chunk);
 */
export interface Body extends ReadCloser, AsyncIterable<Uint8Array> {}

const chunkSize = 32 * 1024;

/** bodyChunks yields the chunks of r until end of stream (the async iterator of every Body). Internal. */
export async function* bodyChunks(r: Reader): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    const buf = new Uint8Array(chunkSize);
    const n = await r.Read(buf);
    if (n === null) return;
    if (n > 0) yield buf.subarray(0, n);
  }
}

/**
 * readAllBody reads b to its end (io.ReadAll). A body that hands out its chunks as they came
 * (the platform bodies' readChunk) is gathered without copying into a growing buffer: a small
 * response arrives as one chunk, whose bytes are returned without a copy. Internal.
 */
export async function readAllBody(b: Body): Promise<Uint8Array> {
  const readChunk = (b as { readChunk?: () => Promise<Uint8Array | null> }).readChunk;
  if (typeof readChunk !== "function") return ReadAll(b);
  const first = await readChunk.call(b);
  if (first === null) return new Uint8Array(0);
  let next = await readChunk.call(b);
  // A plain Uint8Array view over the chunk (a platform chunk may be a Buffer).
  if (next === null) return first.constructor === Uint8Array ? first : new Uint8Array(first.buffer, first.byteOffset, first.length);
  const chunks = [first];
  let n = first.length;
  while (next !== null) {
    chunks.push(next);
    n += next.length;
    next = await readChunk.call(b);
  }
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

class noBody implements Body {
  Read(_p: Uint8Array): Promise<number | null> {
    return Promise.resolve(null);
  }
  Close(): Promise<void> {
    return Promise.resolve();
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return bodyChunks(this);
  }
}

/**
 * NoBody is a Body with no bytes: Read always resolves null and Close does nothing. It marks a
 * request that explicitly has zero bytes of body (Go's http.NoBody).
 */
export const NoBody: Body = new noBody();

/**
 * BytesBody is a Body over a fixed byte sequence (as Go's io.NopCloser(bytes.NewReader(b))). Close
 * does nothing; Len reports the bytes not yet read.
 */
export class BytesBody implements Body {
  #data: Uint8Array;
  #off = 0;

  constructor(data: Uint8Array | string) {
    this.#data = typeof data === "string" ? utf8Encode(data) : data;
  }
  /** Read copies the next bytes into p and resolves their number, or null when all were read. */
  Read(p: Uint8Array): Promise<number | null> {
    if (this.#off >= this.#data.length) return Promise.resolve(p.length === 0 ? 0 : null);
    const n = Math.min(p.length, this.#data.length - this.#off);
    p.set(this.#data.subarray(this.#off, this.#off + n));
    this.#off += n;
    return Promise.resolve(n);
  }
  /** Close does nothing. */
  Close(): Promise<void> {
    return Promise.resolve();
  }
  /** Len returns the number of bytes not yet read. */
  Len(): number {
    return this.#data.length - this.#off;
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return bodyChunks(this);
  }
}

class readerBody implements Body {
  readonly #r: Reader & { Close?: () => Promise<void> };
  constructor(r: Reader & { Close?: () => Promise<void> }) {
    this.#r = r;
  }
  Read(p: Uint8Array): Promise<number | null> {
    return this.#r.Read(p);
  }
  Close(): Promise<void> {
    return typeof this.#r.Close === "function" ? this.#r.Close() : Promise.resolve();
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return bodyChunks(this);
  }
}

class iterableBody implements Body {
  readonly #it: AsyncIterator<Uint8Array>;
  #pending: Uint8Array | null = null;
  #done = false;
  constructor(src: AsyncIterable<Uint8Array>) {
    this.#it = src[Symbol.asyncIterator]();
  }
  async Read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0) return 0;
    while (this.#pending === null || this.#pending.length === 0) {
      if (this.#done) return null;
      const r = await this.#it.next();
      if (r.done === true) {
        this.#done = true;
        return null;
      }
      this.#pending = r.value;
    }
    const n = Math.min(p.length, this.#pending.length);
    p.set(this.#pending.subarray(0, n));
    this.#pending = this.#pending.subarray(n);
    return n;
  }
  async Close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#it.return?.();
  }
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return bodyChunks(this);
  }
}

/** BodyInit is what NewRequest and the Request constructor accept as a body. */
export type BodyInit = Body | Reader | AsyncIterable<Uint8Array> | Uint8Array | string;

function isBody(b: object): b is Body {
  return typeof (b as Body).Read === "function" && typeof (b as Body).Close === "function" && Symbol.asyncIterator in b;
}

/**
 * toBody turns a BodyInit into a Body: a Body as is, bytes and strings as BytesBody, any other
 * Reader wrapped (closing it if it has Close, as Go's NopCloser otherwise), an async iterable read
 * chunk by chunk. Internal.
 */
export function toBody(b: BodyInit): Body {
  if (typeof b === "string" || b instanceof Uint8Array) return new BytesBody(b);
  if (isBody(b)) return b;
  if (typeof (b as Reader).Read === "function") return new readerBody(b as Reader);
  return new iterableBody(b as AsyncIterable<Uint8Array>);
}

/** MaxBytesError is thrown by a MaxBytesReader when its read limit is exceeded (Go's *http.MaxBytesError). */
export class MaxBytesError extends HTTPError {
  static override readonly brandName: string = "MaxBytesError";
  /** Limit is the limit the reader was created with. */
  readonly Limit: number;
  constructor(limit: number) {
    super("http: request body too large", "GONET_HTTP_ERR_MAX_BYTES");
    this.Limit = limit;
  }
}

/** maxBytesReader is the Body MaxBytesReader returns. Internal (ParseForm recognizes it). */
export class maxBytesReader implements Body {
  readonly #w: ResponseWriter | null;
  readonly #r: ReadCloser;
  readonly #limit: number;
  #n: number; // max bytes remaining
  #err: unknown = null; // sticky error
  #eof = false;

  constructor(w: ResponseWriter | null, r: ReadCloser, n: number) {
    this.#w = w;
    this.#r = r;
    this.#limit = n;
    this.#n = n;
  }

  /** Read reads at most the bytes left under the limit; past it, it throws MaxBytesError (sticky). */
  async Read(p: Uint8Array): Promise<number | null> {
    if (this.#err !== null) throw this.#err;
    // Go's maxBytesReader: an empty p reads 0 bytes and no error, at the end too.
    if (p.length === 0) return 0;
    if (this.#eof) return null;
    // If they asked for 32KB but only 5 bytes remain, 6 answer whether the limit is hit.
    if (p.length > this.#n + 1) p = p.subarray(0, this.#n + 1);
    let n: number | null;
    try {
      n = await this.#r.Read(p);
    } catch (e) {
      this.#err = e;
      throw e;
    }
    if (n === null) {
      this.#eof = true;
      return null;
    }
    if (n <= this.#n) {
      this.#n -= n;
      return n;
    }
    n = this.#n;
    this.#n = 0;
    const hook = this.#w as (ResponseWriter & { requestTooLarge?: () => void }) | null;
    if (hook !== null && typeof hook.requestTooLarge === "function") hook.requestTooLarge();
    this.#err = new MaxBytesError(this.#limit);
    // Go returns the bytes within the limit together with the error; here they are returned
    // now and the (sticky) error is thrown by the next Read.
    if (n > 0) return n;
    throw this.#err;
  }

  /** Close closes the underlying reader. */
  Close(): Promise<void> {
    return this.#r.Close();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return bodyChunks(this);
  }
}

/**
 * MaxBytesReader is similar to io.LimitReader but is intended for limiting the size of incoming
 * request bodies. In contrast to LimitReader, a Read beyond the limit throws MaxBytesError
 * (`http: request body too large`) instead of ending the stream, and Close closes the underlying
 * reader. A negative limit is treated as 0. If w has a requestTooLarge method (the server's
 * ResponseWriter), it is called when the limit is hit, so that the server closes the connection.
 *
 * @example
 * r.Body = MaxBytesReader(w, r.Body, 1 << 20);
 */
export function MaxBytesReader(w: ResponseWriter | null, r: ReadCloser, n: number): Body {
  return new maxBytesReader(w, r, n < 0 ? 0 : n);
}
