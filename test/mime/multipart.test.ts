// gonet/mime/multipart: Go's mime/multipart, tested with Go's cases (src/mime/multipart
// multipart_test.go, formdata_test.go, writer_test.go; src/mime/mediatype_test.go), plus
// Request.ParseMultipartForm and FormFile through a real gonet Server.

import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ErrMessageTooLarge, NewReader, NewWriter, Part, type MultipartReader } from "../../src/mime/multipart.js";
import { parseMediaType } from "../../src/mime/mediatype.js";
import { ErrUnexpectedEOF, MultiReader, ReadAll, type Reader } from "../../src/io.js";
import { Header } from "../../src/http/header.js";
import { BytesBuffer } from "../../src/http/recorder.js";
import { Listen } from "../../src-node/index.js";
import { Client, ErrMissingBoundary, ErrMissingFile, ErrNotMultipart, HandlerFunc, NewRequest, Server } from "../../src-node/http/index.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

function stringReader(s: string | Uint8Array): Reader {
  const data = typeof s === "string" ? enc(s) : s;
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

const slowReader = (r: Reader): Reader => ({ Read: (p) => r.Read(p.length === 0 ? p : p.subarray(0, 1)) });

describe("ParseMediaType (mediatype_test.go)", () => {
  const table: [string, string, Record<string, string>][] = [
    ["form-data; name=\"foo\"", "form-data", { name: "foo" }],
    [" form-data ; name=foo", "form-data", { name: "foo" }],
    ["FORM-DATA;name=\"foo\"", "form-data", { name: "foo" }],
    ["attachment; filename=\"f\\\"oo\"", "attachment", { filename: 'f"oo' }],
    ["attachment; filename=\"C:\\dev\\go\\foo.txt\"", "attachment", { filename: "C:\\dev\\go\\foo.txt" }],
    ["message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"", "message/external-body", { "access-type": "URL", url: "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar" }],
    ["application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", "application/x-stuff", { title: "This is ***fun***" }],
    ["attachment; filename*=UTF-8''na%C3%AFve%20file.txt", "attachment", { filename: "naïve file.txt" }],
    ["text/plain; charset=utf-8;", "text/plain", { charset: "utf-8" }],
    ["multipart/form-data; boundary=\"a b\"", "multipart/form-data", { boundary: "a b" }],
  ];
  for (const [v, mt, params] of table) {
    it(JSON.stringify(v), () => {
      const [gotType, gotParams] = parseMediaType(v);
      assert.equal(gotType, mt);
      assert.deepEqual(Object.fromEntries(gotParams), params);
    });
  }
  it("throws Go's texts for what does not parse", () => {
    const bad: [string, string][] = [
      ["", "mime: no media type"],
      ["text/", "mime: expected token after slash"],
      ["text/plain/x", "mime: unexpected content after media subtype"],
      ["text plain", "mime: expected slash after first token"],
      ["text/plain; charset", "mime: invalid media parameter"],
      ["text/plain; a=1; a=2", "mime: duplicate parameter name"],
    ];
    for (const [v, want] of bad) assert.throws(() => parseMediaType(v), { message: want }, v);
  });
});

describe("Reader (multipart_test.go)", () => {
  it("FormName and FileName (TestNameAccessors)", () => {
    const tests: [string, string, string][] = [
      [`form-data; name="foo"`, "foo", ""],
      [` form-data ; name=foo`, "foo", ""],
      [`FORM-DATA;name="foo"`, "foo", ""],
      [` FORM-DATA ; name="foo"`, "foo", ""],
      [` FORM-DATA ; name=foo`, "foo", ""],
      [` FORM-DATA ; filename="foo.txt"; name=foo; baz=quux`, "foo", "foo.txt"],
      [` not-form-data ; filename="bar.txt"; name=foo; baz=quux`, "", "bar.txt"],
      [`form-data; name="f"; filename="../../etc/passwd"`, "f", "passwd"],
    ];
    for (const [cd, name, file] of tests) {
      const p = new Part(NewReader(stringReader(""), "x"));
      p.Header.Set("Content-Disposition", cd);
      assert.equal(p.FormName(), name, cd);
      assert.equal(p.FileName(), file, cd);
    }
  });

  const fullLongLine = "\n\n\r\r\r\n\r\x00".repeat((1 << 20) / 8);
  let longLine = fullLongLine;
  const testMultipartBody = (sep: string): string =>
    `
This is a multi-part message.  This line is ignored.
--MyBoundary
Header1: value1
HEADER2: value2
foo-bar: baz

My value
The end.
--MyBoundary
name: bigsection

[longline]
--MyBoundary
Header1: value1b
HEADER2: value2b
foo-bar: bazb

Line 1
Line 2
Line 3 ends in a newline, but just one.

--MyBoundary

never read data
--MyBoundary--


useless trailer
`
      .replace(/\n/g, sep)
      .replace("[longline]", longLine);

  async function testMultipart(r: Reader, onlyNewlines: boolean): Promise<void> {
    const reader = NewReader(r, "MyBoundary");
    const adjust = (s: string): string => (onlyNewlines ? s.replace(/\r\n/g, "\n") : s);
    let part = await reader.NextPart();
    assert.ok(part, "part 1");
    assert.equal(part.Header.Get("Header1"), "value1");
    assert.equal(part.Header.Get("foo-bar"), "baz");
    assert.equal(part.Header.Get("Foo-Bar"), "baz");
    assert.equal(dec(await ReadAll(part)), adjust("My value\r\nThe end."));
    part = await reader.NextPart();
    assert.ok(part, "part 2");
    assert.equal(part.Header.Get("name"), "bigsection");
    const s = dec(await ReadAll(part));
    assert.equal(s.length, longLine.length);
    assert.ok(s === longLine, "part 2 long body matches");
    part = await reader.NextPart();
    assert.ok(part, "part 3");
    assert.equal(part.Header.Get("foo-bar"), "bazb");
    assert.equal(dec(await ReadAll(part)), adjust("Line 1\r\nLine 2\r\nLine 3 ends in a newline, but just one.\r\n"));
    part = await reader.NextPart();
    assert.ok(part, "part 4");
    assert.equal(await reader.NextPart(), null, "no fifth part");
  }

  it("reads parts with CRLF (TestMultipart)", () => testMultipart(stringReader(testMultipartBody("\r\n")), false));
  it("reads parts with bare LF (TestMultipartOnlyNewlines)", () => testMultipart(stringReader(testMultipartBody("\n")), true));
  it("reads parts one byte per Read (TestMultipartSlowInput, with a 16 KiB long line)", async () => {
    longLine = fullLongLine.slice(0, 16 << 10); // a byte per Read costs a promise each here
    try {
      await testMultipart(slowReader(stringReader(testMultipartBody("\r\n"))), false);
    } finally {
      longLine = fullLongLine;
    }
  });

  it("keeps every body byte whatever its line endings (TestVariousTextLineEndings)", async () => {
    // The last two look like the boundary but go on: they are body bytes (matchAfterPrefix).
    for (const body of ["a\r\n--BOUNDARYA tail", "a\r\n--BOUNDARY-x", "Foo\nBar", "Foo\nBar\n", "Foo\r\nBar", "Foo\r\nBar\r\n", "Foo\rBar", "Foo\rBar\r", "\x00\x01\x02\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"]) {
      const r = NewReader(stringReader(`--BOUNDARY\r\nContent-Disposition: form-data; name="value"\r\n\r\n${body}\r\n--BOUNDARY--\r\n`), "BOUNDARY");
      const part = await r.NextPart();
      assert.ok(part);
      assert.equal(dec(await ReadAll(part)), body);
      assert.equal(await r.NextPart(), null);
    }
  });

  it("gives up on an endless line before reading 1 MiB (TestLineLimit)", async () => {
    let n = 0;
    const r = NewReader({ Read: async (p) => ((n += p.length), p.length) }, "fooBoundary");
    await assert.rejects(r.NextPart(), { message: "multipart: NextPart: bufio: buffer full" });
    assert.ok(n < 1 << 20, `read ${n} bytes`);
  });

  it("a part cut off before its boundary is ErrUnexpectedEOF (TestMultipartTruncated)", async () => {
    const r = NewReader(stringReader("\r\nThis is a multi-part message.  This line is ignored.\r\n--MyBoundary\r\nfoo-bar: baz\r\n\r\nOh no, premature EOF!\r\n"), "MyBoundary");
    const part = await r.NextPart();
    assert.ok(part);
    await assert.rejects(ReadAll(part), (e) => e === ErrUnexpectedEOF);
  });

  it("does not read past the boundary after a part (TestMultipartStreamReadahead)", async () => {
    let touched = false;
    const reader = NewReader(
      MultiReader(
        stringReader("\nThis is a multi-part message.  This line is ignored.\n--MyBoundary\nfoo-bar: baz\n\nBody\n--MyBoundary\n"),
        { Read: async () => ((touched = true), null) },
        stringReader("foo-bar: bop\n\nBody 2\n--MyBoundary--\n"),
      ),
      "MyBoundary",
    );
    const p1 = await reader.NextPart();
    assert.deepEqual(Object.fromEntries(p1!.Header), { "Foo-Bar": ["baz"] });
    assert.equal(dec(await ReadAll(p1!)), "Body");
    assert.equal(touched, false, "the reader read past the second boundary");
    const p2 = await reader.NextPart();
    assert.deepEqual(Object.fromEntries(p2!.Header), { "Foo-Bar": ["bop"] });
    assert.equal(dec(await ReadAll(p2!)), "Body 2");
  });

  it("joins headers continued on the next line (TestLineContinuation)", async () => {
    const body =
      "\n--Apple-Mail-2-292336769\nContent-Transfer-Encoding: 7bit\nContent-Type: text/plain;\n\tcharset=US-ASCII;\n\tdelsp=yes;\n\tformat=flowed\n\nI'm finding the same thing happening on my system (10.4.1).\n\n\n--Apple-Mail-2-292336769--\n";
    const r = NewReader(stringReader(body), "Apple-Mail-2-292336769");
    const part = await r.NextPart();
    assert.equal(part!.Header.Get("Content-Type"), "text/plain; charset=US-ASCII; delsp=yes; format=flowed");
    assert.ok((await ReadAll(part!)).length > 0);
  });

  it("fails with Go's texts on a missing end, a bad line and a bad header", async () => {
    const cases: [string, string][] = [
      ["--b\r\n\r\nx\r\n--b", "multipart: NextPart: EOF"],
      ["--b\r\n\r\nx\r\n--b\r\nbad header line\r\n\r\n", "malformed MIME header line: bad header line"],
      ["--b\r\nA: 1\r\n\r\nx\r\n--b--\r\n", ""],
    ];
    for (const [body, want] of cases) {
      const r = NewReader(stringReader(body), "b");
      const go = async (): Promise<void> => {
        for (let p = await r.NextPart(); p !== null; p = await r.NextPart()) await ReadAll(p);
      };
      if (want === "") await go();
      else await assert.rejects(go(), { message: want }, JSON.stringify(body));
    }
  });
});

async function form(build: (w: ReturnType<typeof NewWriter>) => Promise<void>): Promise<[Uint8Array, string]> {
  const buf = new BytesBuffer();
  const w = NewWriter({ Write: async (p) => buf.Write(p) });
  await build(w);
  await w.Close();
  return [buf.Bytes(), w.Boundary()];
}

describe("Writer (writer_test.go)", () => {
  it("writes what the Reader reads back (TestWriter)", async () => {
    const fileContents = "my file contents";
    const [body, boundary] = await form(async (w) => {
      const part = await w.CreateFormFile("myfile", "my-file.txt");
      await part.Write(enc(fileContents));
      await w.WriteField("key", "val");
      const p2 = await w.CreatePart(new Header({ "Content-Type": ["text/plain"] }));
      await p2.Write(enc("foo"));
      await assert.rejects(part.Write(enc("late")), { message: "multipart: can't write to finished part" });
    });
    assert.ok(dec(body).endsWith(`\r\n--${boundary}--\r\n`), "the closing boundary");
    assert.match(boundary, /^[0-9a-f]{60}$/, "30 random bytes in hex, as Go's randomBoundary");
    const r = NewReader(stringReader(body), boundary);
    const p1 = await r.NextPart();
    assert.equal(p1!.FormName(), "myfile");
    assert.equal(p1!.FileName(), "my-file.txt");
    assert.equal(p1!.Header.Get("Content-Type"), "application/octet-stream");
    assert.equal(dec(await ReadAll(p1!)), fileContents);
    const p2 = await r.NextPart();
    assert.equal(p2!.FormName(), "key");
    assert.equal(dec(await ReadAll(p2!)), "val");
    const p3 = await r.NextPart();
    assert.equal(p3!.Header.Get("Content-Type"), "text/plain");
    assert.equal(dec(await ReadAll(p3!)), "foo");
    assert.equal(await r.NextPart(), null);
  });

  it("writes the exact bytes Go writes for a fixed boundary", async () => {
    const [body] = await form(async (w) => {
      w.SetBoundary("BOUNDARY");
      await w.WriteField('na"me', "v");
      await (await w.CreateFormFile("f", "a\\b.txt")).Write(enc("x"));
    });
    assert.equal(
      dec(body),
      '--BOUNDARY\r\nContent-Disposition: form-data; name="na\\"me"\r\n\r\nv\r\n--BOUNDARY\r\nContent-Disposition: form-data; name="f"; filename="a\\\\b.txt"\r\nContent-Type: application/octet-stream\r\n\r\nx\r\n--BOUNDARY--\r\n',
    );
  });

  it("SetBoundary checks RFC 2046's rules, and FormDataContentType quotes (TestWriterSetBoundary)", async () => {
    const tests: [string, boolean][] = [
      ["abc", true],
      ["", false],
      ["ungültig", false],
      ["!", false],
      ["1".repeat(70), true],
      ["1".repeat(71), false],
      ["bad!ascii!", false],
      ["my-separator", true],
      ["with space", true],
      ["badspace ", false],
      ["(boundary)", true],
    ];
    for (const [b, ok] of tests) {
      const w = NewWriter({ Write: async (p) => p.length });
      if (ok) {
        w.SetBoundary(b);
        assert.equal(w.Boundary(), b);
        assert.equal(w.FormDataContentType(), /[()<>@,;:\\"/[\]?= ]/.test(b) ? `multipart/form-data; boundary="${b}"` : `multipart/form-data; boundary=${b}`);
      } else {
        assert.throws(() => w.SetBoundary(b), /^mime: invalid boundary (length|character)$/, b);
      }
    }
    const w = NewWriter({ Write: async (p) => p.length });
    await w.WriteField("a", "b");
    assert.throws(() => w.SetBoundary("x"), { message: "mime: SetBoundary called after write" });
  });
});

describe("ReadForm (formdata_test.go)", () => {
  const parse = async (body: Uint8Array, boundary: string, maxMemory: number) => NewReader(stringReader(body), boundary).ReadForm(maxMemory);

  it("puts values in Value and files in File (TestReadForm)", async () => {
    const [body, boundary] = await form(async (w) => {
      await w.WriteField("texta", "foo");
      await w.WriteField("textb", "bar");
      await (await w.CreateFormFile("filea", "filea.txt")).Write(enc("filea contents"));
      await (await w.CreateFormFile("fileb", "fileb.txt")).Write(enc("fileb contents"));
      await w.WriteField("texta", "again");
    });
    const f = await parse(body, boundary, 1 << 20);
    assert.deepEqual(Object.fromEntries(f.Value), { texta: ["foo", "again"], textb: ["bar"] });
    const fh = f.File.get("filea")![0]!;
    assert.equal(fh.Filename, "filea.txt");
    assert.equal(fh.Size, 14);
    const file = await fh.Open();
    assert.equal(dec(await ReadAll(file)), "filea contents");
    const p = new Uint8Array(8);
    assert.equal(await file.ReadAt(p, 6), 8);
    assert.equal(dec(p), "contents");
  });

  it("a file over maxMemory is ErrMessageTooLarge (gonet keeps no temporary files)", async () => {
    const [body, boundary] = await form(async (w) => {
      await (await w.CreateFormFile("f", "big.bin")).Write(new Uint8Array(2048));
    });
    await assert.rejects(parse(body, boundary, 1024), (e) => e === ErrMessageTooLarge && (e as Error).message === "multipart: message too large");
    assert.equal((await parse(body, boundary, 2048)).File.get("f")![0]!.Size, 2048);
  });

  it("more than 1000 parts is ErrMessageTooLarge (TestReadFormLimits)", async () => {
    const [body, boundary] = await form(async (w) => {
      for (let i = 0; i < 1001; i++) await w.WriteField(`f${i}`, "x");
    });
    await assert.rejects(parse(body, boundary, 1 << 20), (e) => e === ErrMessageTooLarge);
  });

  it("values past maxMemory + 10 MiB are ErrMessageTooLarge", async () => {
    const [body, boundary] = await form(async (w) => {
      await w.WriteField("v", "x".repeat(10 << 20));
    });
    await assert.rejects(parse(body, boundary, 0), (e) => e === ErrMessageTooLarge);
  });
});

describe("Request.ParseMultipartForm and FormFile through a Server", () => {
  const seen: { values?: unknown; file?: string; name?: string; errs: string[] }[] = [];
  const srv = new Server({
    ReadHeaderTimeout: 5000,
    Handler: HandlerFunc(async (w, r) => {
      const got: (typeof seen)[number] = { errs: [] };
      seen.push(got);
      try {
        got.values = { a: await r.FormValue("a"), q: await r.FormValue("q") };
        const [file, fh] = await r.FormFile("upload");
        got.file = dec(await ReadAll(file));
        got.name = fh.Filename;
      } catch (e) {
        got.errs.push((e as Error).message);
      }
      try {
        await r.FormFile("nope");
      } catch (e) {
        got.errs.push(e === ErrMissingFile || e === ErrNotMultipart || e === ErrMissingBoundary ? `sentinel: ${(e as Error).message}` : (e as Error).message);
      }
      void w.Write("ok");
    }),
  });
  let base = "";
  const started = (async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    base = `http://${l.Addr().String()}`;
    void srv.Serve(l).catch(() => {});
  })();
  after(() => srv.Close());
  const c = new Client({ Timeout: 10_000 });

  it("a form with a value and a file", async () => {
    await started;
    const [body, boundary] = await form(async (w) => {
      await w.WriteField("a", "1");
      await (await w.CreateFormFile("upload", "/tmp/x/hello.txt")).Write(enc("hello, file"));
    });
    const req = NewRequest("POST", `${base}/?q=2`, body);
    req.Header.Set("Content-Type", `multipart/form-data; boundary=${boundary}`);
    const res = await c.Do(req);
    assert.equal(res.StatusCode, 200);
    await res.text();
    assert.deepEqual(seen.at(-1), { values: { a: "1", q: "2" }, file: "hello, file", name: "hello.txt", errs: ["sentinel: http: no such file"] });
  });

  it("a body that is not multipart, and one without a boundary", async () => {
    await started;
    for (const [ct, want] of [
      ["application/x-www-form-urlencoded", "sentinel: request Content-Type isn't multipart/form-data"],
      ["multipart/form-data", "sentinel: no multipart boundary param in Content-Type"],
    ] as const) {
      const req = NewRequest("POST", `${base}/`, "a=1");
      req.Header.Set("Content-Type", ct);
      await (await c.Do(req)).text();
      const got = seen.at(-1)!;
      assert.equal(got.errs.at(-1), want, ct);
    }
  });
});

// Keep the import of the type used only in signatures.
export type { MultipartReader };
