// gonet/bufio: Go's bufio, tested with Go's own cases (src/bufio/scan_test.go, bufio_test.go)
// translated by docs/api.md's rules, plus the same readers over a real Conn.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as bufio from "../src/bufio.js";
import { EOF, ErrNoProgress, ErrUnexpectedEOF, type Reader } from "../src/io.js";
import { Pipe } from "../src/pipe.js";
import { Listen, Dial } from "../src-node/index.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0)); // Go's byte strings
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** bytesReader is Go's bytes.Reader: Read copies what is left, then null. */
function bytesReader(data: Uint8Array): Reader {
  let off = 0;
  return {
    async Read(p) {
      if (off >= data.length) return p.length === 0 ? 0 : null;
      const n = Math.min(p.length, data.length - off);
      p.set(data.subarray(off, off + n));
      off += n;
      return n;
    },
  };
}

/** slowReader is scan_test.go's: at most max bytes per Read. */
function slowReader(max: number, r: Reader): Reader {
  return { Read: (p) => r.Read(p.subarray(0, Math.min(max, p.length))) };
}

async function scanAll(s: bufio.Scanner): Promise<string[]> {
  const out: string[] = [];
  while (await s.Scan()) out.push(s.Text());
  return out;
}

// Go's scanTests (scan_test.go), as byte strings.
const scanTests = ["", "a", "¼", "☹", "\x81", "\uFFFD", "abcdefgh", "abc def\n\t\tgh    ", "abc¼☹\x81\uFFFD日本語\x82abc"];
// Each case as Go's source bytes: the UTF-8 of the text with the lone \x81 / \x82 kept raw.
function goBytes(s: string): Uint8Array {
  const parts: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x81 || c === 0x82) parts.push(c);
    else parts.push(...enc(ch));
  }
  return Uint8Array.from(parts);
}

describe("Scanner (scan_test.go)", () => {
  it("ScanBytes returns every byte (TestScanByte)", async () => {
    for (const t of scanTests) {
      const b = goBytes(t);
      const s = bufio.NewScanner(bytesReader(b));
      s.Split(bufio.ScanBytes);
      const got: number[] = [];
      while (await s.Scan()) {
        assert.equal(s.Bytes().length, 1);
        got.push(s.Bytes()[0]!);
      }
      assert.deepEqual(got, [...b], JSON.stringify(t));
      assert.equal(s.Err(), null);
    }
  });

  it("ScanRunes returns the runes a range loop gives, U+FFFD for bad bytes (TestScanRune)", async () => {
    for (const t of scanTests) {
      const s = bufio.NewScanner(bytesReader(goBytes(t)));
      s.Split(bufio.ScanRunes);
      const got: string[] = [];
      while (await s.Scan()) got.push(s.Text());
      // Go's range over the string yields U+FFFD for each invalid byte.
      assert.deepEqual(got, [...t].map((c) => (c === "\x81" || c === "\x82" ? "\uFFFD" : c)), JSON.stringify(t));
      assert.equal(s.Err(), null);
    }
  });

  it("ScanRunes waits for the rest of a split rune", async () => {
    const s = bufio.NewScanner(slowReader(1, bytesReader(enc("日本"))));
    s.Split(bufio.ScanRunes);
    assert.deepEqual(await scanAll(s), ["日", "本"]);
  });

  it("ScanWords agrees with strings.Fields (TestScanWords)", async () => {
    const table: [string, string[]][] = [
      ["", []],
      [" ", []],
      ["\n", []],
      ["a", ["a"]],
      [" a ", ["a"]],
      ["abc def", ["abc", "def"]],
      [" abc def ", ["abc", "def"]],
      [" abc\tdef\nghi\rjkl\fmno\vpqr\u0085stu\u00a0\n", ["abc", "def", "ghi", "jkl", "mno", "pqr", "stu"]],
      ["a\u3000b\u2028c", ["a", "b", "c"]],
    ];
    for (const [text, words] of table) {
      const s = bufio.NewScanner(bytesReader(enc(text)));
      s.Split(bufio.ScanWords);
      assert.deepEqual(await scanAll(s), words, JSON.stringify(text));
      assert.equal(s.Err(), null);
    }
  });

  // genLine is scan_test.go's: a line of n bytes with an occasional \r.
  function genLine(lineNum: number, n: number, addNewline: boolean): string {
    const doCR = lineNum % 5 === 0;
    if (doCR) n--;
    let s = "";
    for (let i = 0; i < n - 1; i++) {
      let c = (0x61 + lineNum + i) & 0xff;
      if (c === 0x0a || c === 0x0d) c = 0x4e; // 'N'
      s += String.fromCharCode(c);
    }
    if (addNewline) s += (doCR ? "\r" : "") + "\n";
    return s;
  }
  const small = 256;

  it("ScanLines, lines up to the max token size, one byte per Read (TestScanLongLines)", async () => {
    let text = "";
    for (let i = 0, j = 0; i < 2 * small; i++) {
      text += genLine(i, j, true);
      j = j < small ? j + 1 : j - 1;
    }
    const s = bufio.NewScanner(slowReader(1, bytesReader(latin1(text))));
    s.Buffer(new Uint8Array(0), small);
    let lineNum = 0;
    for (let j = 0; await s.Scan(); lineNum++) {
      assert.deepEqual(s.Bytes(), latin1(genLine(lineNum, j, false)), `line ${lineNum}`);
      j = j < small ? j + 1 : j - 1;
    }
    assert.equal(lineNum, 2 * small);
    assert.equal(s.Err(), null);
  });

  it("ScanLines stops with ErrTooLong on a line over the max (TestScanLineTooLong)", async () => {
    let text = "";
    for (let i = 0; i < 2 * small; i++) text += genLine(i, i, true);
    const s = bufio.NewScanner(slowReader(3, bytesReader(latin1(text))));
    s.Buffer(new Uint8Array(0), small);
    let n = 0;
    while (await s.Scan()) assert.deepEqual(s.Bytes(), latin1(genLine(n, n++, false)));
    assert.ok(n > 200 && n < 2 * small, `stopped at line ${n}`);
    assert.equal(s.Err(), bufio.ErrTooLong);
    assert.equal((s.Err() as Error).message, "bufio.Scanner: token too long");
  });

  it("ScanLines: final lines without newline, with \\r, and empty (testNoNewline)", async () => {
    const table: [string, string[]][] = [
      ["abcdefghijklmn\nopqrstuvwxyz", ["abcdefghijklmn", "opqrstuvwxyz"]],
      ["abcdefghijklmn\nopqrstuvwxyz\r", ["abcdefghijklmn", "opqrstuvwxyz"]],
      ["abcdefghijklmn\nopqrstuvwxyz\n\n", ["abcdefghijklmn", "opqrstuvwxyz", ""]],
      ["abcdefghijklmn\nopqrstuvwxyz\n\r", ["abcdefghijklmn", "opqrstuvwxyz", ""]],
    ];
    for (const [text, lines] of table) {
      const s = bufio.NewScanner(slowReader(7, bytesReader(enc(text))));
      assert.deepEqual(await scanAll(s), lines, JSON.stringify(text));
      assert.equal(s.Err(), null);
    }
  });

  it("a SplitFunc's error stops the scan and is Err (TestSplitError)", async () => {
    const testError = new Error("testError");
    let numSplits = 0;
    const s = bufio.NewScanner(slowReader(1, bytesReader(enc("abcdefghijklmnopqrstuvwxyz"))));
    s.Split((data, atEOF) => {
      assert.equal(atEOF, false, "didn't get enough data");
      if (numSplits >= 7) throw testError;
      numSplits++;
      return [1, data.subarray(0, 1)];
    });
    assert.deepEqual(await scanAll(s), ["a", "b", "c", "d", "e", "f", "g"]);
    assert.equal(s.Err(), testError);
  });

  it("a split error at EOF overrides EOF (TestErrAtEOF)", async () => {
    const testError = new Error("testError");
    const s = bufio.NewScanner(bytesReader(enc("1 2 33")));
    s.Split((data, atEOF) => {
      const r = bufio.ScanWords(data, atEOF);
      if (r[1] !== null && r[1].length > 1) throw testError;
      return r;
    });
    await scanAll(s);
    assert.equal(s.Err(), testError);
  });

  it("a Reader's error is Err; endless empty reads are ErrNoProgress (TestNonEOFWithEmptyRead, TestBadReader)", async () => {
    const failing = bufio.NewScanner({ Read: () => Promise.reject(ErrUnexpectedEOF) });
    assert.equal(await failing.Scan(), false);
    assert.equal(failing.Err(), ErrUnexpectedEOF);
    const zeros = bufio.NewScanner({ Read: () => Promise.resolve(0) });
    assert.equal(await zeros.Scan(), false);
    assert.equal(zeros.Err(), ErrNoProgress);
  });

  it("ScanWords skips a long run of spaces (TestScanWordsExcessiveWhiteSpace)", async () => {
    const s = bufio.NewScanner(bytesReader(enc(" ".repeat(4 * small) + "ipsum")));
    s.Buffer(new Uint8Array(0), small);
    s.Split(bufio.ScanWords);
    assert.equal(await s.Scan(), true);
    assert.equal(s.Text(), "ipsum");
  });

  it("ErrFinalToken ends the scan with its token, empty included (TestEmptyTokens)", async () => {
    const commaSplit: bufio.SplitFunc = (data) => {
      const i = data.indexOf(0x2c);
      if (i >= 0) return [i + 1, data.subarray(0, i)];
      return [0, data, bufio.ErrFinalToken];
    };
    for (const [text, values] of [
      ["1,2,3,", ["1", "2", "3", ""]],
      ["1,2,3", ["1", "2", "3"]],
    ] as const) {
      const s = bufio.NewScanner(bytesReader(enc(text)));
      s.Split(commaSplit);
      assert.deepEqual(await scanAll(s), values);
      assert.equal(s.Err(), null);
    }
  });

  it("empty tokens at EOF without progress fail instead of looping (TestDontLoopForever)", async () => {
    const s = bufio.NewScanner(bytesReader(enc("abc")));
    s.Split((data) => (data.length > 0 ? [1, data.subarray(0, 1)] : [0, data]));
    let count = 0;
    await assert.rejects(
      (async () => {
        while (await s.Scan()) assert.ok(++count < 1000, "looping");
      })(),
      /empty tokens/,
    );
  });

  it("blank lines and many empty tokens are fine (TestBlankLines, TestEmptyLinesOK)", async () => {
    const s = bufio.NewScanner(bytesReader(enc("\n".repeat(1000))));
    assert.equal((await scanAll(s)).length, 1000);
    assert.equal(s.Err(), null);
    let c = 10000;
    const s2 = bufio.NewScanner(bytesReader(enc("\n".repeat(10000))));
    s2.Split((data) => (c > 0 ? (c--, [1, data.subarray(0, 1)]) : [0, null]));
    await scanAll(s2);
    assert.equal(s2.Err(), null);
    assert.equal(c, 0);
  });

  it("Buffer allows a token larger than MaxScanTokenSize (TestHugeBuffer)", async () => {
    const text = "x".repeat(2 * bufio.MaxScanTokenSize);
    const s = bufio.NewScanner(bytesReader(enc(text + "\n")));
    s.Buffer(new Uint8Array(100), 3 * bufio.MaxScanTokenSize);
    assert.deepEqual(await scanAll(s), [text]);
    assert.equal(s.Err(), null);
  });

  it("a Reader with an impossible count is an error (TestNegativeEOFReader, TestLargeReader)", async () => {
    let left = 10;
    const neg = bufio.NewScanner({
      async Read(p) {
        if (left > 0) {
          const c = Math.min(left, p.length);
          p.fill(0x61, 0, c);
          p[c - 1] = 0x0a;
          left -= c;
          return c;
        }
        return -1;
      },
    });
    assert.equal((await scanAll(neg)).length, 1);
    assert.equal(neg.Err(), bufio.ErrBadReadCount);
    const large = bufio.NewScanner({ Read: async (p) => p.length + 1 });
    await scanAll(large);
    assert.equal(large.Err(), bufio.ErrBadReadCount);
  });

  it("Buffer and Split after Scan throw, as Go's panic", async () => {
    const s = bufio.NewScanner(bytesReader(enc("a\n")));
    await s.Scan();
    assert.throws(() => s.Buffer(new Uint8Array(10), 10), /Buffer called after Scan/);
    assert.throws(() => s.Split(bufio.ScanWords), /Split called after Scan/);
  });
});

describe("Reader (bufio_test.go)", () => {
  it("ReadString reads lines, the last one without its delimiter, then null", async () => {
    const r = bufio.NewReaderSize(slowReader(3, bytesReader(enc("hello\nworld\nno newline"))), 16);
    assert.equal(await r.ReadString("\n"), "hello\n");
    assert.equal(await r.ReadString("\n"), "world\n");
    assert.equal(await r.ReadString("\n"), "no newline");
    assert.equal(await r.ReadString("\n"), null);
    assert.equal(await r.ReadString("\n"), null);
  });

  it("ReadBytes gathers a line longer than the buffer", async () => {
    const line = "x".repeat(100) + "\n";
    const r = bufio.NewReaderSize(bytesReader(enc(line + "y")), 16);
    assert.equal(r.Size(), 16);
    assert.equal(dec((await r.ReadBytes(0x0a))!), line);
    assert.equal(dec((await r.ReadBytes(0x0a))!), "y");
    assert.equal(await r.ReadBytes(0x0a), null);
  });

  it("ReadLine drops \\n and \\r\\n, and reports long lines as prefixes (TestReadLine, TestLineTooLong)", async () => {
    const r = bufio.NewReaderSize(bytesReader(latin1("a\r\nb\n" + "c".repeat(40) + "\n\rd\r")), 16);
    const got: [string, boolean][] = [];
    for (let l = await r.ReadLine(); l !== null; l = await r.ReadLine()) got.push([dec(l[0]), l[1]]);
    assert.deepEqual(got, [
      ["a", false],
      ["b", false],
      ["c".repeat(16), true],
      ["c".repeat(16), true],
      ["c".repeat(8), false],
      ["\rd\r", false],
    ]);
  });

  it("ReadLine keeps a \\r\\n that straddles the buffer's end together (TestReadLineNewlines)", async () => {
    // 15 bytes then \r\n: the first ReadSlice fills 16 bytes ending in \r.
    const r = bufio.NewReaderSize(bytesReader(latin1("012345678901234\r\nz")), 16);
    const l1 = await r.ReadLine();
    assert.deepEqual(l1 && [dec(l1[0]), l1[1]], ["012345678901234", true]);
    const l2 = await r.ReadLine();
    assert.deepEqual(l2 && [dec(l2[0]), l2[1]], ["", false]);
    const l3 = await r.ReadLine();
    assert.deepEqual(l3 && [dec(l3[0]), l3[1]], ["z", false]);
    assert.equal(await r.ReadLine(), null);
  });

  it("Peek: bytes stay unread; ErrBufferFull past the buffer; EOF past the input (TestPeek)", async () => {
    const r = bufio.NewReaderSize(bytesReader(enc("abcdefghijklmnopqrstuvwxyz")), 16);
    assert.equal(dec(await r.Peek(1)), "a");
    assert.equal(dec(await r.Peek(4)), "abcd");
    await assert.rejects(r.Peek(32), (e) => e === bufio.ErrBufferFull && (e as Error).message === "bufio: buffer full");
    await assert.rejects(r.Peek(-1), (e) => e === bufio.ErrNegativeCount && (e as Error).message === "bufio: negative count");
    assert.equal(dec(await r.Peek(16)), "abcdefghijklmnop");
    const p = new Uint8Array(3);
    assert.equal(await r.Read(p), 3);
    assert.equal(dec(p), "abc");
    assert.equal(await r.Discard(20), 20);
    assert.equal(dec(await r.Peek(3)), "xyz");
    await assert.rejects(r.Peek(4), (e) => e === EOF);
    assert.equal(dec(await r.Peek(0)), "");
    assert.equal(await r.Discard(10), 3, "Discard stops at the end of input");
  });

  it("ReadByte, UnreadByte, ReadRune, UnreadRune (TestUnreadByte, TestUnreadRune)", async () => {
    const r = bufio.NewReader(bytesReader(goBytes("a日\x81")));
    assert.throws(() => r.UnreadByte(), (e) => e === bufio.ErrInvalidUnreadByte);
    assert.equal(await r.ReadByte(), 0x61);
    r.UnreadByte();
    assert.deepEqual(await r.ReadRune(), [0x61, 1]);
    assert.deepEqual(await r.ReadRune(), [0x65e5, 3]);
    r.UnreadRune();
    assert.throws(() => r.UnreadRune(), (e) => e === bufio.ErrInvalidUnreadRune && (e as Error).message === "bufio: invalid use of UnreadRune");
    assert.deepEqual(await r.ReadRune(), [0x65e5, 3]);
    assert.deepEqual(await r.ReadRune(), [0xfffd, 1], "an invalid byte reads as RuneError, size 1");
    assert.equal(await r.ReadRune(), null);
    assert.equal(await r.ReadByte(), null);
  });

  it("a Reader's error comes after the bytes buffered before it", async () => {
    let first = true;
    const r = bufio.NewReader({
      async Read(p) {
        if (!first) throw ErrUnexpectedEOF;
        first = false;
        p.set(enc("ab"));
        return 2;
      },
    });
    assert.equal(await r.ReadString("\n"), "ab");
    await assert.rejects(r.ReadString("\n"), (e) => e === ErrUnexpectedEOF);
  });

  it("ReadSlice throws ErrBufferFull and leaves the bytes for Read", async () => {
    const r = bufio.NewReaderSize(bytesReader(enc("x".repeat(20))), 16);
    await assert.rejects(r.ReadSlice("\n"), (e) => e === bufio.ErrBufferFull);
    assert.equal(r.Buffered(), 16);
    const p = new Uint8Array(32);
    assert.equal(await r.Read(p), 16);
  });

  it("Writer buffers until Flush and writes large chunks through", async () => {
    const chunks: string[] = [];
    const w = bufio.NewWriterSize({ Write: async (p) => (chunks.push(dec(p)), p.length) }, 8);
    assert.equal(await w.WriteString("abc"), 3);
    await w.WriteByte(0x64);
    assert.equal(w.Buffered(), 4);
    assert.equal(w.Available(), 4);
    assert.deepEqual(chunks, []);
    assert.equal(await w.WriteString("efghij"), 6);
    assert.deepEqual(chunks, ["abcdefgh"]);
    await w.Flush();
    assert.deepEqual(chunks, ["abcdefgh", "ij"]);
    assert.equal(await w.WriteString("0123456789"), 10, "empty buffer: written through");
    assert.deepEqual(chunks, ["abcdefgh", "ij", "0123456789"]);
  });

  it("a Writer's error sticks, as Go's", async () => {
    const boom = new Error("boom");
    const w = bufio.NewWriterSize({ Write: () => Promise.reject(boom) }, 4);
    await w.WriteString("ab");
    await assert.rejects(w.Flush(), (e) => e === boom);
    await assert.rejects(w.WriteString("cdefgh"), (e) => e === boom);
    await assert.rejects(w.Flush(), (e) => e === boom);
  });
});

describe("bufio over a Conn", () => {
  it("Scanner reads lines from a Pipe written in odd pieces", async () => {
    const [a, b] = Pipe();
    void (async () => {
      for (const part of ["one\ntw", "o\r\nthr", "ee\n", "four"]) await a.Write(enc(part));
      await a.Close();
    })();
    const s = bufio.NewScanner(b);
    assert.deepEqual(await scanAll(s), ["one", "two", "three", "four"]);
    assert.equal(s.Err(), null);
    await b.Close();
  });

  it("Reader and Writer speak a line protocol over TCP", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    const served = (async () => {
      const c = await l.Accept();
      const r = bufio.NewReader(c);
      const w = bufio.NewWriter(c);
      let line: string | null;
      while ((line = await r.ReadString("\n")) !== null) await w.WriteString(line.toUpperCase());
      await w.Flush();
      await c.Close();
    })();
    const c = await Dial("tcp", l.Addr().String());
    const w = bufio.NewWriter(c);
    for (let i = 0; i < 100; i++) await w.WriteString(`line ${i}\n`);
    await w.Flush();
    await (c as unknown as { CloseWrite(): Promise<void> }).CloseWrite();
    const s = bufio.NewScanner(c);
    const got = await scanAll(s);
    assert.equal(got.length, 100);
    assert.equal(got[99], "LINE 99");
    assert.equal(s.Err(), null);
    await served;
    await c.Close();
    await l.Close();
  });
});
