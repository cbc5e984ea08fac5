// The Body kinds toBody makes from a BodyInit, and MaxBytesReader's error and close paths: a Reader
// without Close is closed as Go's io.NopCloser (nothing happens), an async iterable is read chunk by
// chunk and Close ends its iterator, an empty read at the end of bytes is 0 (io.Reader contract),
// and MaxBytesReader's errors are sticky (Go's maxBytesReader keeps l.err).

import assert from "node:assert/strict";
import { test } from "node:test";
import { BytesBody, MaxBytesError, MaxBytesReader, readAllBody, toBody } from "../../src/http/body.js";
import { ReadAll } from "../../src/io.js";

test("a Reader without Close becomes a Body whose Close does nothing; with Close, Close is called", async () => {
  const data = new TextEncoder().encode("reader");
  let off = 0;
  const reader = {
    Read: async (p: Uint8Array): Promise<number | null> => {
      if (off >= data.length) return null;
      const n = Math.min(p.length, data.length - off);
      p.set(data.subarray(off, off + n));
      off += n;
      return n;
    },
  };
  const b = toBody(reader);
  assert.equal(new TextDecoder().decode(await ReadAll(b)), "reader");
  await b.Close();
  let closed = 0;
  const closing = toBody({ Read: async () => null, Close: async () => void closed++ });
  await closing.Close();
  assert.equal(closed, 1);
  const chunks: Uint8Array[] = [];
  off = 0;
  for await (const c of toBody(reader)) chunks.push(c);
  assert.equal(new TextDecoder().decode(Buffer.concat(chunks)), "reader");
});

test("an async iterable is read chunk by chunk, split to fit p; Close returns its iterator", async () => {
  let returned = false;
  const source = {
    [Symbol.asyncIterator]() {
      const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4])];
      return {
        next: async () => (parts.length > 0 ? { done: false as const, value: parts.shift()! } : { done: true as const, value: undefined }),
        return: async () => {
          returned = true;
          return { done: true as const, value: undefined };
        },
      };
    },
  };
  const b = toBody(source);
  const p = new Uint8Array(2);
  assert.equal(await b.Read(new Uint8Array(0)), 0);
  assert.equal(await b.Read(p), 2);
  assert.deepEqual([...p], [1, 2]);
  assert.equal(await b.Read(p), 1);
  assert.equal(p[0], 3);
  assert.equal(await b.Read(p), 1, "the empty chunk is skipped");
  assert.equal(p[0], 4);
  assert.equal(await b.Read(p), null);
  assert.equal(await b.Read(p), null, "stays at the end");
  await b.Close();
  assert.equal(returned, false, "an iterator already done is not returned");
  const early = toBody(source);
  assert.equal(await early.Read(p), 2);
  await early.Close();
  assert.equal(returned, true);
  await early.Close();
});

test("BytesBody: an empty read at the end is 0, a full one null; readAllBody copies a lone Buffer chunk into a Uint8Array", async () => {
  const b = new BytesBody("ab");
  assert.equal(await b.Read(new Uint8Array(5)), 2);
  assert.equal(await b.Read(new Uint8Array(0)), 0);
  assert.equal(await b.Read(new Uint8Array(5)), null);
  assert.equal(b.Len(), 0);
  const buf = Buffer.from("chunk");
  let given = false;
  const chunked = Object.assign(new BytesBody(""), {
    readChunk: async (): Promise<Uint8Array | null> => {
      if (given) return null;
      given = true;
      return buf;
    },
  });
  const all = await readAllBody(chunked);
  assert.equal(all.constructor, Uint8Array);
  assert.equal(new TextDecoder().decode(all), "chunk");
});

test("MaxBytesReader: an error from the reader is sticky; Close closes the reader; the limit error carries Limit", async () => {
  let closed = false;
  const boom = new Error("read failed");
  let calls = 0;
  const failing = {
    Read: async (): Promise<number | null> => {
      calls++;
      throw boom;
    },
    Close: async () => void (closed = true),
  };
  const r = MaxBytesReader(null, failing, 10);
  await assert.rejects(r.Read(new Uint8Array(4)), (e: unknown) => e === boom);
  await assert.rejects(r.Read(new Uint8Array(4)), (e: unknown) => e === boom);
  assert.equal(calls, 1, "the second Read returns the sticky error without reading");
  await r.Close();
  assert.equal(closed, true);
  const small = MaxBytesReader(null, new BytesBody("12345"), 3);
  const p = new Uint8Array(16);
  assert.equal(await small.Read(p), 3);
  await assert.rejects(small.Read(p), (e: unknown) => e instanceof MaxBytesError && e.Limit === 3 && e.message === "http: request body too large");
  const exact = MaxBytesReader(null, new BytesBody("123"), 3);
  assert.equal(new TextDecoder().decode(await ReadAll(exact)), "123");
  assert.equal(await exact.Read(p), null);
  assert.equal(await exact.Read(new Uint8Array(0)), 0);
});
