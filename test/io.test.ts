// gonet/io: Go's io helpers, tested with Go's own cases (src/io/io_test.go,
// multi_test.go) translated by docs/api.md's rules: end of stream is null, errors
// are thrown.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Is, SentinelError } from "../src/errors.js";
import {
  Copy,
  CopyBuffer,
  CopyN,
  Discard,
  EOF,
  ErrClosedPipe,
  ErrNoProgress,
  ErrShortBuffer,
  ErrShortWrite,
  ErrUnexpectedEOF,
  LimitedReader,
  LimitReader,
  MultiReader,
  MultiWriter,
  NopCloser,
  ReadAll,
  ReadAtLeast,
  ReadFull,
  TeeReader,
  WriteString,
} from "../src/io.js";
import type { Reader, Writer } from "../src/io.js";
import { Pipe } from "../src/pipe.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

// buffer is Go's bytes.Buffer without ReadFrom/WriteTo: Read takes at most `chunk` bytes and
// resolves null when empty (or throws `errAtEnd` instead, as the dataAndErrorBuffer of io_test.go).
class buffer implements Reader, Writer {
  #data: Uint8Array = new Uint8Array(0);
  readonly reads: number[] = [];
  constructor(
    init = "",
    readonly chunk = Infinity,
    readonly errAtEnd: Error | null = null,
  ) {
    this.#data = enc(init);
  }
  async Read(p: Uint8Array): Promise<number | null> {
    this.reads.push(p.length);
    if (this.#data.length === 0) {
      if (p.length === 0) return 0;
      if (this.errAtEnd !== null) throw this.errAtEnd;
      return null;
    }
    const n = Math.min(p.length, this.#data.length, this.chunk);
    p.set(this.#data.subarray(0, n));
    this.#data = this.#data.subarray(n);
    return n;
  }
  async Write(p: Uint8Array): Promise<number> {
    const d = new Uint8Array(this.#data.length + p.length);
    d.set(this.#data);
    d.set(p, this.#data.length);
    this.#data = d;
    return p.length;
  }
  String(): string {
    return dec(this.#data);
  }
}

// reader of `size` bytes (byte i is i & 0xff), at most `chunk` per Read.
function patternReader(size: number, chunk = Infinity): Reader & { reads: number } {
  let off = 0;
  const r = {
    reads: 0,
    async Read(p: Uint8Array): Promise<number | null> {
      r.reads++;
      if (off >= size) return null;
      const n = Math.min(p.length, size - off, chunk);
      for (let i = 0; i < n; i++) p[i] = (off + i) & 0xff;
      off += n;
      return n;
    },
  };
  return r;
}

const zeroReader: Reader = { Read: async () => 0 };

describe("io sentinels", () => {
  const table = [
    [EOF, "EOF", "GONET_ERR_EOF"],
    [ErrUnexpectedEOF, "unexpected EOF", "GONET_ERR_UNEXPECTED_EOF"],
    [ErrClosedPipe, "io: read/write on closed pipe", "GONET_ERR_CLOSED_PIPE"],
    [ErrShortWrite, "short write", "GONET_ERR_SHORT_WRITE"],
    [ErrShortBuffer, "short buffer", "GONET_ERR_SHORT_BUFFER"],
    [ErrNoProgress, "multiple Read calls return no data or error", "GONET_ERR_NO_PROGRESS"],
  ] as const;
  for (const [err, message, code] of table) {
    it(`${message} is a SentinelError with Go's text`, () => {
      assert.ok(err instanceof SentinelError);
      assert.ok(err instanceof Error);
      assert.equal(err.message, message);
      assert.equal(err.Error(), message);
      assert.equal(err.code, code);
      assert.equal(err.Timeout(), false);
      assert.ok(Is(err, err));
      for (const [other] of table) if (other !== err) assert.equal(Is(err, other), false);
    });
  }
});

describe("ReadAtLeast", () => {
  // Go's testReadAtLeast, for a plain buffer and for one that throws at its end.
  for (const [name, errAtEnd] of [
    ["bytes.Buffer", null],
    ["a Reader that throws at its end", new Error("fake error")],
  ] as const) {
    it(`follows Go's testReadAtLeast with ${name}`, async () => {
      const rb = new buffer("", Infinity, errAtEnd);
      await rb.Write(enc("0123"));
      const buf = new Uint8Array(2);
      assert.equal(await ReadAtLeast(rb, buf, 2), 2);
      await assert.rejects(ReadAtLeast(rb, buf, 4), (err) => err === ErrShortBuffer);
      assert.equal(await ReadAtLeast(rb, buf, 1), 2);
      if (errAtEnd === null) assert.equal(await ReadAtLeast(rb, buf, 2), null);
      else await assert.rejects(ReadAtLeast(rb, buf, 2), (err) => err === errAtEnd);
      await rb.Write(enc("4"));
      await assert.rejects(ReadAtLeast(rb, buf, 2), (err) => err === (errAtEnd ?? ErrUnexpectedEOF));
      assert.equal(dec(buf.subarray(0, 1)), "4");
    });
  }

  it("reads nothing for min 0", async () => {
    const rb = new buffer("abc");
    assert.equal(await ReadAtLeast(rb, new Uint8Array(4), 0), 0);
    assert.deepEqual(rb.reads, []);
  });

  it("gives up with ErrNoProgress on a Reader that keeps resolving 0", async () => {
    await assert.rejects(ReadAtLeast(zeroReader, new Uint8Array(4), 1), (err) => err === ErrNoProgress);
  });
});

describe("ReadFull", () => {
  const table: Array<{ data: string; len: number; chunk?: number; want: number | null | Error; got?: string }> = [
    { data: "", len: 0, want: 0 },
    { data: "abc", len: 0, want: 0 },
    { data: "", len: 4, want: null },
    { data: "abcd", len: 4, want: 4, got: "abcd" },
    { data: "abcdef", len: 4, want: 4, got: "abcd" },
    { data: "abcd", len: 4, chunk: 1, want: 4, got: "abcd" },
    { data: "abcdefgh", len: 8, chunk: 3, want: 8, got: "abcdefgh" },
    { data: "ab", len: 4, want: ErrUnexpectedEOF },
    { data: "abc", len: 4, chunk: 1, want: ErrUnexpectedEOF },
  ];
  for (const tc of table) {
    it(`reads ${JSON.stringify(tc.data)} into ${tc.len} bytes${tc.chunk ? `, ${tc.chunk} per Read` : ""}`, async () => {
      const buf = new Uint8Array(tc.len);
      const p = ReadFull(new buffer(tc.data, tc.chunk), buf);
      if (tc.want instanceof Error) {
        await assert.rejects(p, (err) => err === tc.want);
        return;
      }
      assert.equal(await p, tc.want);
      if (tc.got !== undefined) assert.equal(dec(buf), tc.got);
    });
  }

  it("reads a fixed-size block from a Pipe written in pieces", async () => {
    const [c1, c2] = Pipe();
    const writes = Promise.all([c1.Write(enc("hel")), c1.Write(enc("lo"))]);
    const buf = new Uint8Array(5);
    assert.equal(await ReadFull(c2, buf), 5);
    assert.equal(dec(buf), "hello");
    await writes;
    await c1.Close();
    assert.equal(await ReadFull(c2, buf), null);
  });
});

describe("ReadAll", () => {
  for (const [size, chunk] of [
    [0, Infinity],
    [1, Infinity],
    [511, Infinity],
    [512, Infinity],
    [513, Infinity],
    [100_000, 1000],
    [1 << 20, Infinity],
  ] as const) {
    it(`reads ${size} bytes${chunk !== Infinity ? ` in ${chunk}-byte Reads` : ""}`, async () => {
      const r = patternReader(size, chunk);
      const got = await ReadAll(r);
      assert.equal(got.length, size);
      for (let i = 0; i < size; i++) if (got[i] !== (i & 0xff)) assert.fail(`byte ${i} is ${got[i]}`);
      if (chunk === Infinity) {
        // Doubling from 512: about log2(size / 512) Reads, plus the one that sees the end.
        const bound = Math.ceil(Math.log2(Math.max(size, 512) / 512)) + 3;
        assert.ok(r.reads <= bound, `${r.reads} Reads for ${size} bytes, want at most ${bound} (geometric growth)`);
      }
    });
  }

  it("throws what Read throws", async () => {
    const boom = new Error("boom");
    await assert.rejects(ReadAll(new buffer("partial", Infinity, boom)), (err) => err === boom);
  });

  it("gives up with ErrNoProgress on a Reader that keeps resolving 0", async () => {
    await assert.rejects(ReadAll(zeroReader), (err) => err === ErrNoProgress);
  });
});

describe("Copy", () => {
  // Go's TestCopy, TestCopyBuffer, TestCopyBufferNil.
  for (const [name, copy] of [
    ["Copy", (w: Writer, r: Reader) => Copy(w, r)],
    ["CopyBuffer with a 1-byte buffer", (w: Writer, r: Reader) => CopyBuffer(w, r, new Uint8Array(1))],
    ["CopyBuffer with null", (w: Writer, r: Reader) => CopyBuffer(w, r, null)],
  ] as const) {
    it(`${name} copies everything and resolves the count`, async () => {
      const rb = new buffer("hello, world.");
      const wb = new buffer();
      assert.equal(await copy(wb, rb), 13);
      assert.equal(wb.String(), "hello, world.");
    });
  }

  it("CopyBuffer refuses an empty buffer, as Go panics", () => {
    assert.throws(() => CopyBuffer(new buffer(), new buffer("x"), new Uint8Array(0)), RangeError);
  });

  it("stages through 32 KiB, or less for a LimitedReader with less left", async () => {
    for (const [src, want] of [
      [new buffer("data"), 32 * 1024],
      [new LimitedReader(new buffer("data"), 3), 3],
      [new LimitedReader(new buffer("data"), 0), null],
    ] as const) {
      const inner = src instanceof LimitedReader ? (src.R as buffer) : src;
      await Copy(Discard, src);
      assert.equal(inner.reads[0] ?? null, want);
    }
  });

  // Go's TestCopyNegative.
  it("copies nothing from a LimitedReader with N < 0", async () => {
    const rb = new buffer("hello");
    const wb = new buffer();
    assert.equal(await Copy(wb, new LimitedReader(rb, -1)), 0);
    assert.equal(wb.String(), "");
  });

  // Go's TestCopyLargeWriter, plus a short writer.
  const writers: Array<[string, Writer, (err: unknown) => boolean]> = [
    ["a Writer claiming more than it was given", { Write: async (p) => p.length + 1 }, (err) => err instanceof SentinelError && err.message === "invalid write result"],
    ["a Writer claiming a negative count", { Write: async () => -1 }, (err) => err instanceof Error && err.message === "invalid write result"],
    ["a Writer accepting less without an error", { Write: async (p) => p.length - 1 }, (err) => err === ErrShortWrite],
  ];
  for (const [name, w, check] of writers) {
    it(`fails with ${name}`, async () => {
      await assert.rejects(Copy(w, new buffer("hello, world.")), check);
    });
  }

  it("throws what Write or Read throws", async () => {
    const werr = new Error("largeWriterError");
    await assert.rejects(
      Copy({ Write: async () => Promise.reject(werr) }, new buffer("hello")),
      (err) => err === werr,
    );
    const rerr = new Error("readError");
    await assert.rejects(Copy(new buffer(), new buffer("hello", Infinity, rerr)), (err) => err === rerr);
  });

  it("gives up with ErrNoProgress on a Reader that keeps resolving 0", async () => {
    await assert.rejects(Copy(Discard, zeroReader), (err) => err === ErrNoProgress);
  });

  it("copies a Pipe to its end of stream", async () => {
    const [c1, c2] = Pipe();
    const wb = new buffer();
    const copying = Copy(wb, c2);
    await c1.Write(enc("over "));
    await c1.Write(enc("the pipe"));
    await c1.Close();
    assert.equal(await copying, 13);
    assert.equal(wb.String(), "over the pipe");
    await c2.Close();
  });
});

describe("CopyN", () => {
  it("copies n bytes (Go's TestCopyN)", async () => {
    const rb = new buffer("hello, world.");
    const wb = new buffer();
    assert.equal(await CopyN(wb, rb, 5), 5);
    assert.equal(wb.String(), "hello");
    assert.equal(rb.String(), ", world.");
  });

  // Go's TestCopyNEOF.
  it("resolves n when src has exactly n bytes and throws EOF when it has fewer", async () => {
    const b = new buffer();
    assert.equal(await CopyN(b, new buffer("foo"), 3), 3);
    await assert.rejects(CopyN(b, new buffer("foo"), 4), (err) => err === EOF);
    assert.equal(b.String(), "foofoo");
  });

  it("copies nothing for n <= 0 (Go's TestCopyNegative)", async () => {
    const rb = new buffer("hello");
    const wb = new buffer();
    assert.equal(await CopyN(wb, rb, -1), 0);
    assert.equal(await CopyN(wb, rb, 0), 0);
    assert.equal(wb.String(), "");
    assert.equal(rb.String(), "hello");
  });
});

describe("LimitReader", () => {
  const table = [
    { data: "hello world", n: 5, reads: [8, 8], want: ["hello", null], left: 0 },
    { data: "hello world", n: 5, reads: [2, 8, 8], want: ["he", "llo", null], left: 0 },
    { data: "hi", n: 5, reads: [8, 8], want: ["hi", null], left: 3 },
    { data: "hello", n: 0, reads: [8], want: [null], left: 0 },
    { data: "hello", n: -3, reads: [8], want: [null], left: -3 },
  ];
  for (const tc of table) {
    it(`stops ${JSON.stringify(tc.data)} after ${tc.n} bytes`, async () => {
      const r = LimitReader(new buffer(tc.data), tc.n);
      assert.ok(r instanceof LimitedReader);
      const got: Array<string | null> = [];
      for (const size of tc.reads) {
        const buf = new Uint8Array(size);
        const n = await r.Read(buf);
        got.push(n === null ? null : dec(buf.subarray(0, n)));
      }
      assert.deepEqual(got, tc.want);
      assert.equal(r.N, tc.left);
    });
  }
});

describe("MultiReader", () => {
  // Go's TestMultiReader: "foo " + "" + "bar", read in several patterns.
  const patterns: Array<Array<[number, string | null]>> = [
    [
      [2, "fo"],
      [5, "o "],
      [5, "bar"],
      [5, null],
    ],
    [
      [4, "foo "],
      [1, "b"],
      [3, "ar"],
      [1, null],
    ],
    [[5, "foo "]],
  ];
  for (const pattern of patterns) {
    it(`reads foo bar as ${JSON.stringify(pattern)}`, async () => {
      const mr = MultiReader(new buffer("foo "), new buffer(""), new buffer("bar"));
      for (const [size, want] of pattern) {
        const buf = new Uint8Array(size);
        const n = await mr.Read(buf);
        assert.equal(n === null ? null : dec(buf.subarray(0, n)), want);
      }
    });
  }

  it("resolves null with no readers", async () => {
    assert.equal(await MultiReader().Read(new Uint8Array(4)), null);
  });

  // Go's TestInterleavedMultiReader: a flattened MultiReader does not disturb the inner one.
  it("keeps a nested MultiReader usable after flattening it", async () => {
    const mr1 = MultiReader(new buffer("123"), new buffer("45678"));
    const mr2 = MultiReader(mr1);
    const buf = new Uint8Array(4);
    assert.equal(await ReadFull(mr2, buf), 4);
    assert.equal(dec(buf), "1234");
    assert.equal(await ReadFull(mr1, buf), 4);
    assert.equal(dec(buf), "5678");
  });

  it("throws what a reader throws", async () => {
    const boom = new Error("boom");
    const mr = MultiReader(new buffer("a"), { Read: () => Promise.reject(boom) });
    assert.equal(await mr.Read(new Uint8Array(4)), 1);
    await assert.rejects(mr.Read(new Uint8Array(4)), (err) => err === boom);
  });
});

describe("MultiWriter", () => {
  it("duplicates each Write to every writer, flattening nested MultiWriters", async () => {
    const a = new buffer();
    const b = new buffer();
    const c = new buffer();
    const w = MultiWriter(MultiWriter(a, b), c);
    assert.equal(await w.Write(enc("Hello")), 5);
    assert.equal(await WriteString(w, ", world"), 7);
    assert.deepEqual([a.String(), b.String(), c.String()], ["Hello, world", "Hello, world", "Hello, world"]);
  });

  it("stops at the first writer that fails", async () => {
    const boom = new Error("boom");
    const after = new buffer();
    await assert.rejects(MultiWriter({ Write: () => Promise.reject(boom) }, after).Write(enc("x")), (err) => err === boom);
    assert.equal(after.String(), "");
    await assert.rejects(MultiWriter({ Write: async () => 0 }, after).Write(enc("x")), (err) => err === ErrShortWrite);
    assert.equal(after.String(), "");
  });
});

describe("TeeReader", () => {
  // Go's TestTeeReader.
  it("writes what it reads", async () => {
    const src = "hello, world";
    const dst = new Uint8Array(src.length);
    const wb = new buffer();
    const r = TeeReader(new buffer(src), wb);
    assert.equal(await ReadFull(r, dst), src.length);
    assert.equal(dec(dst), src);
    assert.equal(wb.String(), src);
    assert.equal(await r.Read(dst), null);
  });

  it("throws the Write's error: a closed pipe gives ErrClosedPipe", async () => {
    const [pr, pw] = Pipe();
    await pr.Close();
    const r = TeeReader(new buffer("hello, world"), pw);
    await assert.rejects(ReadFull(r, new Uint8Array(12)), (err) => err === ErrClosedPipe);
  });
});

describe("Discard, NopCloser, WriteString", () => {
  it("Discard accepts every byte", async () => {
    assert.equal(await Discard.Write(new Uint8Array(10)), 10);
    assert.equal(await Copy(Discard, patternReader(100_000)), 100_000);
  });

  it("NopCloser reads through and closes without touching the Reader", async () => {
    const rb = new buffer("abc");
    const rc = NopCloser(rb);
    await rc.Close();
    const buf = new Uint8Array(3);
    assert.equal(await rc.Read(buf), 3);
    assert.equal(dec(buf), "abc");
  });

  it("WriteString uses the Writer's WriteString method when it has one", async () => {
    const calls: string[] = [];
    const w = {
      Write: async (p: Uint8Array) => (calls.push(`Write ${dec(p)}`), p.length),
      WriteString: async (s: string) => (calls.push(`WriteString ${s}`), s.length),
    };
    assert.equal(await WriteString(w, "hi"), 2);
    assert.deepEqual(calls, ["WriteString hi"]);
    const wb = new buffer();
    assert.equal(await WriteString(wb, "héllo"), 6);
    assert.equal(wb.String(), "héllo");
  });

  it("WriteString rejects, never throws, when the Writer throws synchronously", async () => {
    const boom = new Error("boom");
    const w = {
      Write: (): Promise<number> => {
        throw boom;
      },
    };
    let p: Promise<number> | undefined;
    assert.doesNotThrow(() => (p = WriteString(w, "x")));
    await assert.rejects(p!, (e) => e === boom);
  });
});
