// ServeFile / FileServer ranges and preconditions, ported from Go's fs_test.go through a real
// loopback server: the ServeFileRangeTests table (multipart/byteranges parsed part by part),
// TestServeContent's precondition table, TestServeFileRejectsInvalidSuffixLengths,
// TestServeContentWithEmptyContentIgnoreRanges, the header tests (Content-Type override,
// Content-Encoding, 304 metadata, headers dropped on errors), and parseRange's quirks read from
// fs.go. A virtual 1 GiB file and a slow ResponseWriter check that multi-range bodies are read
// part by part and that every Write is awaited.

import assert from "node:assert/strict";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Client, Dir, type File, type FileInfo, type FileSystem, FileServer, HandlerFunc, Header, NewRequest, type Response, type ResponseWriter, ServeFile } from "../../src-node/http/index.js";
import { NewRecorder, NewRequest as NewTestRequest, NewServer, type Server } from "../../src-node/httptest.js";

const testFileLen = 11;
const fileBytes = new TextEncoder().encode("0123456789\n"); // Go's testdata/file
const indexHTML = "index.html says hello\n"; // Go's testdata/index.html
const styleCSS = "body {}\n"; // Go's testdata/style.css (8 bytes)

let root = "";
let fileServer: Server; // ServeFile(w, r, "<root>/file"), as Go's testServeFile
let indexServer: Server; // ServeFile(w, r, "<root>/index.html") under any path (no index.html redirect)
let c: Client;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "gonet-fsrange-"));
  await writeFile(join(root, "file"), fileBytes);
  await writeFile(join(root, "index.html"), indexHTML);
  await writeFile(join(root, "empty"), "");
  fileServer = await NewServer(HandlerFunc((w, r) => ServeFile(w, r, join(root, "file"))));
  indexServer = await NewServer(HandlerFunc((w, r) => ServeFile(w, r, join(root, "index.html"))));
  c = fileServer.Client();
});
after(async () => {
  await fileServer.Close();
  await indexServer.Close();
  await rm(root, { recursive: true, force: true });
});

interface got {
  res: Response;
  body: Uint8Array;
}

async function do_(method: string, url: string, headers: Record<string, string> = {}, client: Client = c): Promise<got> {
  const req = NewRequest(method, url);
  for (const [k, v] of Object.entries(headers)) req.Header.Set(k, v);
  const res = await client.Do(req);
  const b = await res.bytes();
  // A plain Uint8Array view, so deepEqual compares bytes whatever subclass the body reader returns.
  return { res, body: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
}

const latin1 = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

interface part {
  header: Header;
  body: Uint8Array;
}

// parseMultipart reads a multipart body as Go's multipart.Reader does for what
// multipart.Writer writes: "--b" CRLF, header lines, CRLF, data, then CRLF "--b" and either
// CRLF (next part) or "--" CRLF (the end, with nothing after it).
function parseMultipart(body: Uint8Array, boundary: string): part[] {
  const s = latin1(body);
  const first = `--${boundary}\r\n`;
  assert.ok(s.startsWith(first), `body starts with the first boundary line: ${JSON.stringify(s.slice(0, 80))}`);
  const delim = `\r\n--${boundary}`;
  const parts: part[] = [];
  let pos = first.length;
  for (;;) {
    const headEnd = s.indexOf("\r\n\r\n", pos);
    assert.ok(headEnd >= 0, "part header ends with a blank line");
    const header = new Header();
    for (const line of s.slice(pos, headEnd).split("\r\n")) {
      const colon = line.indexOf(": ");
      assert.ok(colon > 0, `header line ${JSON.stringify(line)}`);
      header.Add(line.slice(0, colon), line.slice(colon + 2));
    }
    const dataStart = headEnd + 4;
    const next = s.indexOf(delim, dataStart);
    assert.ok(next >= 0, "part data ends at a boundary");
    parts.push({ header, body: body.subarray(dataStart, next) });
    pos = next + delim.length;
    if (s.startsWith("--\r\n", pos)) {
      assert.equal(pos + 4, s.length, "nothing after the closing boundary");
      return parts;
    }
    assert.ok(s.startsWith("\r\n", pos), "CRLF after a part boundary");
    pos += 2;
  }
}

// boundaryOf checks Content-Type is multipart/byteranges with multipart.Writer's random
// boundary (30 random bytes in hex) and returns it.
function boundaryOf(ct: string): string {
  const m = /^multipart\/byteranges; boundary=([0-9a-f]{60})$/.exec(ct);
  assert.ok(m, `multipart Content-Type with a 60-hex-digit boundary: ${ct}`);
  return m[1] as string;
}

describe("ServeFile ranges (Go's ServeFileRangeTests)", () => {
  // [Range, status, wanted [start, end) ranges]
  const table: [string, number, [number, number][]][] = [
    ["", 200, []],
    ["bytes=0-4", 206, [[0, 5]]],
    ["bytes=2-", 206, [[2, testFileLen]]],
    ["bytes=-5", 206, [[testFileLen - 5, testFileLen]]],
    ["bytes=3-7", 206, [[3, 8]]],
    ["bytes=0-0,-2", 206, [[0, 1], [testFileLen - 2, testFileLen]]],
    ["bytes=0-1,5-8", 206, [[0, 2], [5, 9]]],
    ["bytes=0-1,5-", 206, [[0, 2], [5, testFileLen]]],
    ["bytes=5-1000", 206, [[5, testFileLen]]],
    ["bytes=0-,1-,2-,3-,4-", 200, []], // ignore wasteful range request
    ["bytes=0-9", 206, [[0, testFileLen - 1]]],
    ["bytes=0-10", 206, [[0, testFileLen]]],
    ["bytes=0-11", 206, [[0, testFileLen]]],
    ["bytes=10-11", 206, [[testFileLen - 1, testFileLen]]],
    ["bytes=10-", 206, [[testFileLen - 1, testFileLen]]],
    ["bytes=11-", 416, []],
    ["bytes=11-12", 416, []],
    ["bytes=12-12", 416, []],
    ["bytes=11-100", 416, []],
    ["bytes=12-100", 416, []],
    ["bytes=100-", 416, []],
    ["bytes=100-1000", 416, []],
  ];
  for (const [rng, code, ranges] of table) {
    it(`Range ${JSON.stringify(rng)} -> ${code}`, async () => {
      const { res, body } = await do_("GET", fileServer.URL, rng === "" ? {} : { Range: rng });
      assert.equal(res.StatusCode, code);
      if (code === 416) {
        assert.equal(latin1(body), "invalid range: failed to overlap\n");
        assert.equal(res.Header.Get("Content-Range"), `bytes */${testFileLen}`);
        return;
      }
      const ct = res.Header.Get("Content-Type");
      if (ranges.length === 0) {
        assert.equal(res.Header.Get("Content-Range"), "");
        assert.deepEqual(body, fileBytes);
        return;
      }
      if (ranges.length === 1) {
        const [s, e] = ranges[0] as [number, number];
        assert.equal(res.Header.Get("Content-Range"), `bytes ${s}-${e - 1}/${testFileLen}`);
        assert.deepEqual(body, fileBytes.subarray(s, e));
        assert.equal(ct, "text/plain; charset=utf-8", "no multipart for one range");
        return;
      }
      assert.equal(res.Header.Get("Content-Range"), "");
      const boundary = boundaryOf(ct);
      assert.equal(res.ContentLength, body.length, "Content-Length is the multipart body's");
      assert.equal(res.Header.Get("Content-Length"), String(body.length));
      const parts = parseMultipart(body, boundary);
      assert.equal(parts.length, ranges.length);
      parts.forEach((p, i) => {
        const [s, e] = ranges[i] as [number, number];
        assert.equal(p.header.Get("Content-Range"), `bytes ${s}-${e - 1}/${testFileLen}`);
        assert.equal(p.header.Get("Content-Type"), "text/plain; charset=utf-8");
        assert.deepEqual(p.body, fileBytes.subarray(s, e));
      });
    });
  }

  it("frames the parts byte for byte as Go's multipart.Writer", async () => {
    const { res, body } = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-8,-1" });
    assert.equal(res.StatusCode, 206);
    const b = boundaryOf(res.Header.Get("Content-Type"));
    const ct = "text/plain; charset=utf-8";
    const want =
      `--${b}\r\nContent-Range: bytes 0-1/11\r\nContent-Type: ${ct}\r\n\r\n01` +
      `\r\n--${b}\r\nContent-Range: bytes 5-8/11\r\nContent-Type: ${ct}\r\n\r\n5678` +
      `\r\n--${b}\r\nContent-Range: bytes 10-10/11\r\nContent-Type: ${ct}\r\n\r\n\n` +
      `\r\n--${b}--\r\n`;
    assert.equal(latin1(body), want);
    assert.equal(res.Header.Get("Accept-Ranges"), "bytes");
  });

  it("gives every request a new boundary", async () => {
    const a = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-8" });
    const b = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-8" });
    assert.notEqual(boundaryOf(a.res.Header.Get("Content-Type")), boundaryOf(b.res.Header.Get("Content-Type")));
  });

  it("answers HEAD with the multipart headers and Content-Length but no body", async () => {
    const get = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-8" });
    const head = await do_("HEAD", fileServer.URL, { Range: "bytes=0-1,5-8" });
    assert.equal(head.res.StatusCode, 206);
    boundaryOf(head.res.Header.Get("Content-Type"));
    assert.equal(head.res.Header.Get("Content-Length"), String(get.body.length), "same length: boundaries are all 60 characters");
    assert.equal(head.body.length, 0);
  });

  it("writes no body for HEAD, not even to a ResponseWriter that would keep it", async () => {
    for (const rng of ["", "bytes=0-4", "bytes=0-1,5-8"]) {
      const rec = NewRecorder();
      const req = NewTestRequest("HEAD", "http://example.com/file");
      if (rng !== "") req.Header.Set("Range", rng);
      await FileServer(Dir(root)).ServeHTTP(rec, req);
      assert.equal(rec.Code, rng === "" ? 200 : 206, rng);
      assert.notEqual(rec.Header().Get("Content-Length"), "", rng);
      assert.equal(rec.Body?.Len(), 0, rng);
    }
  });

  it("serves the file to every method Go's testServeFile tries; HEAD gets Content-Length only", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
      const { body } = await do_(method, fileServer.URL);
      assert.deepEqual(body, fileBytes, method);
    }
    const head = await do_("HEAD", fileServer.URL);
    assert.equal(head.body.length, 0);
    assert.equal(head.res.Header.Get("Content-Length"), String(testFileLen));
  });
});

describe("parseRange (Go's fs.go and TestServeFileRejectsInvalidSuffixLengths)", () => {
  // Go's table, against index.html.
  const suffix: [string, number, string][] = [
    ["bytes=--6", 416, "invalid range\n"],
    ["bytes=--0", 416, "invalid range\n"],
    ["bytes=---0", 416, "invalid range\n"],
    ["bytes=-6", 206, "hello\n"],
    ["bytes=6-", 206, "html says hello\n"],
    ["bytes=-6-", 416, "invalid range\n"],
    ["bytes=-0", 206, ""],
    ["bytes=", 200, "index.html says hello\n"],
  ];
  for (const [rng, code, want] of suffix) {
    it(`${rng} on index.html -> ${code}`, async () => {
      const { res, body } = await do_("GET", indexServer.URL + "/x", { Range: rng });
      assert.equal(res.StatusCode, code);
      assert.equal(latin1(body), want);
    });
  }

  // Behaviour read from parseRange: textproto.TrimString around elements and around each side
  // of the dash, empty elements skipped, strconv.ParseInt (a sign allowed, int64 range), the
  // "bytes=" prefix case-sensitive, no-overlap only when nothing overlaps. On "0123456789\n".
  const quirks: [string, number, string, string][] = [
    // [Range, status, Content-Range (or the multipart parts' joined), body or error text]
    ["bytes= 2 - 4 ", 206, "bytes 2-4/11", "234"],
    ["bytes=,,2-4,,", 206, "bytes 2-4/11", "234"],
    ["bytes=+2-+4", 206, "bytes 2-4/11", "234"],
    ["bytes=0--0", 206, "bytes 0-0/11", "0"],
    ["bytes=0-9223372036854775807", 206, "bytes 0-10/11", "0123456789\n"],
    ["bytes=-9223372036854775807", 206, "bytes 0-10/11", "0123456789\n"],
    ["bytes=2-4,100-", 206, "bytes 2-4/11", "234"],
    ["bytes=0-1,\t5-6", 206, "bytes 0-1/11|bytes 5-6/11", "01|56"],
    ["bytes=0-2,1-3", 206, "bytes 0-2/11|bytes 1-3/11", "012|123"],
    ["bytes=0-5,3-10", 200, "", "0123456789\n"], // 6+8 bytes > 11: sent whole
    ["bytes=0-99999999999999999999", 416, "", "invalid range\n"],
    ["bytes=9223372036854775808-", 416, "", "invalid range\n"],
    ["bytes=-99999999999999999999", 416, "", "invalid range\n"],
    ["bytes=4-2", 416, "", "invalid range\n"],
    ["bytes=2-x", 416, "", "invalid range\n"],
    ["bytes=2", 416, "", "invalid range\n"],
    ["bytes=-", 416, "", "invalid range\n"],
    ["Bytes=0-1", 416, "", "invalid range\n"],
    ["items=0-1", 416, "", "invalid range\n"],
    ["bytes=100-,200-300", 416, "bytes */11", "invalid range: failed to overlap\n"],
    ["bytes=0-1,x", 416, "", "invalid range\n"],
  ];
  for (const [rng, code, cr, want] of quirks) {
    it(`${JSON.stringify(rng)} -> ${code}`, async () => {
      const { res, body } = await do_("GET", fileServer.URL, { Range: rng });
      assert.equal(res.StatusCode, code);
      const ct = res.Header.Get("Content-Type");
      if (ct.startsWith("multipart/")) {
        const parts = parseMultipart(body, boundaryOf(ct));
        assert.equal(parts.map((p) => p.header.Get("Content-Range")).join("|"), cr);
        assert.equal(parts.map((p) => latin1(p.body)).join("|"), want);
        return;
      }
      assert.equal(res.Header.Get("Content-Range"), cr);
      assert.equal(latin1(body), want);
      if (code === 416) assert.equal(ct, "text/plain; charset=utf-8");
    });
  }

  it("ignores a Range on empty content (Go's TestServeContentWithEmptyContentIgnoreRanges)", async (t) => {
    const s = await NewServer(HandlerFunc((w, r) => ServeFile(w, r, join(root, "empty"))));
    t.after(() => s.Close());
    for (const rng of ["bytes=0-128", "bytes=1-"]) {
      const { res, body } = await do_("GET", s.URL, { Range: rng }, s.Client());
      assert.equal(res.StatusCode, 200, rng);
      assert.equal(body.length, 0);
    }
  });
});

describe("preconditions (Go's TestServeContent)", () => {
  // Go's modtimes: htmlModTime stands for testdata/index.html's (with a sub-second part, as a
  // real file has); null is Go's zero time, which a file shows as the Unix epoch.
  const htmlModTime = new Date("2021-03-04T05:06:07.890Z");
  const fmt = (d: Date): string => d.toUTCString();
  interface tc {
    file: "css" | "html" | "zero";
    modtime: Date | null;
    serveETag?: string;
    serveContentType?: string;
    reqHeader?: Record<string, string>;
    wantLastMod?: string;
    wantContentType?: string;
    wantContentRange?: string;
    wantStatus: number;
  }
  const tests: Record<string, tc> = {
    no_last_modified: { file: "css", modtime: null, wantContentType: "text/css; charset=utf-8", wantStatus: 200 },
    with_last_modified: { file: "html", modtime: htmlModTime, wantContentType: "text/html; charset=utf-8", wantLastMod: fmt(htmlModTime), wantStatus: 200 },
    not_modified_modtime: { file: "css", serveETag: `"foo"`, modtime: htmlModTime, reqHeader: { "If-Modified-Since": fmt(htmlModTime) }, wantStatus: 304 },
    not_modified_modtime_with_contenttype: {
      file: "css",
      serveContentType: "text/css",
      serveETag: `"foo"`,
      modtime: htmlModTime,
      reqHeader: { "If-Modified-Since": fmt(htmlModTime) },
      wantStatus: 304,
    },
    not_modified_etag: { file: "css", modtime: null, serveETag: `"foo"`, reqHeader: { "If-None-Match": `"foo"` }, wantStatus: 304 },
    not_modified_etag_no_seek: { file: "css", modtime: null, serveETag: `W/"foo"`, reqHeader: { "If-None-Match": `"baz", W/"foo"` }, wantStatus: 304 },
    if_none_match_mismatch: { file: "css", modtime: null, serveETag: `"foo"`, reqHeader: { "If-None-Match": `"Foo"` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    if_none_match_malformed: { file: "css", modtime: null, serveETag: `"foo"`, reqHeader: { "If-None-Match": `,` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    range_good: { file: "css", modtime: null, serveETag: `"A"`, reqHeader: { Range: "bytes=0-4" }, wantStatus: 206, wantContentType: "text/css; charset=utf-8", wantContentRange: "bytes 0-4/8" },
    range_match: {
      file: "css",
      modtime: null,
      serveETag: `"A"`,
      reqHeader: { Range: "bytes=0-4", "If-Range": `"A"` },
      wantStatus: 206,
      wantContentType: "text/css; charset=utf-8",
      wantContentRange: "bytes 0-4/8",
    },
    range_match_weak_etag: { file: "css", modtime: null, serveETag: `W/"A"`, reqHeader: { Range: "bytes=0-4", "If-Range": `W/"A"` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    range_no_overlap: {
      file: "css",
      modtime: null,
      serveETag: `"A"`,
      reqHeader: { Range: "bytes=10-20" },
      wantStatus: 416,
      wantContentType: "text/plain; charset=utf-8",
      wantContentRange: "bytes */8",
    },
    // An If-Range for entity "A", but "B" is now current: the Range is ignored.
    range_no_match: { file: "css", modtime: null, serveETag: `"A"`, reqHeader: { Range: "bytes=0-4", "If-Range": `"B"` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    range_with_modtime: {
      file: "css",
      modtime: new Date("2014-06-25T17:12:18Z"),
      reqHeader: { Range: "bytes=0-4", "If-Range": "Wed, 25 Jun 2014 17:12:18 GMT" },
      wantStatus: 206,
      wantContentType: "text/css; charset=utf-8",
      wantContentRange: "bytes 0-4/8",
      wantLastMod: "Wed, 25 Jun 2014 17:12:18 GMT",
    },
    range_with_modtime_mismatch: {
      file: "css",
      modtime: new Date("2014-06-25T17:12:18Z"),
      reqHeader: { Range: "bytes=0-4", "If-Range": "Wed, 25 Jun 2014 17:12:19 GMT" },
      wantStatus: 200,
      wantContentType: "text/css; charset=utf-8",
      wantLastMod: "Wed, 25 Jun 2014 17:12:18 GMT",
    },
    range_with_modtime_nanos: {
      file: "css",
      modtime: new Date("2014-06-25T17:12:18.123Z"),
      reqHeader: { Range: "bytes=0-4", "If-Range": "Wed, 25 Jun 2014 17:12:18 GMT" },
      wantStatus: 206,
      wantContentType: "text/css; charset=utf-8",
      wantContentRange: "bytes 0-4/8",
      wantLastMod: "Wed, 25 Jun 2014 17:12:18 GMT",
    },
    unix_zero_modtime: { file: "zero", modtime: new Date(0), wantStatus: 200, wantContentType: "text/html; charset=utf-8" },
    ifmatch_matches: { file: "css", modtime: null, serveETag: `"A"`, reqHeader: { "If-Match": `"Z", "A"` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    ifmatch_star: { file: "css", modtime: null, serveETag: `"A"`, reqHeader: { "If-Match": `*` }, wantStatus: 200, wantContentType: "text/css; charset=utf-8" },
    ifmatch_failed: { file: "css", modtime: null, serveETag: `"A"`, reqHeader: { "If-Match": `"B"` }, wantStatus: 412 },
    ifmatch_fails_on_weak_etag: { file: "css", modtime: null, serveETag: `W/"A"`, reqHeader: { "If-Match": `W/"A"` }, wantStatus: 412 },
    if_unmodified_since_true: {
      file: "css",
      modtime: htmlModTime,
      reqHeader: { "If-Unmodified-Since": fmt(htmlModTime) },
      wantStatus: 200,
      wantContentType: "text/css; charset=utf-8",
      wantLastMod: fmt(htmlModTime),
    },
    if_unmodified_since_false: {
      file: "css",
      modtime: htmlModTime,
      reqHeader: { "If-Unmodified-Since": fmt(new Date(htmlModTime.getTime() - 2000)) },
      wantStatus: 412,
      wantLastMod: fmt(htmlModTime),
    },
  };

  // One server whose handler reads the case being run, as Go's servec channel hands it over.
  let param: { path: string; etag: string; contentType: string } = { path: "", etag: "", contentType: "" };
  let ts: Server;
  before(async () => {
    ts = await NewServer(
      HandlerFunc((w, r) => {
        if (param.etag !== "") w.Header().Set("ETag", param.etag);
        if (param.contentType !== "") w.Header().Set("Content-Type", param.contentType);
        return ServeFile(w, r, param.path);
      }),
    );
  });
  after(() => ts.Close());

  for (const [name, tt] of Object.entries(tests)) {
    it(name, async () => {
      const ext = tt.file === "css" ? ".css" : tt.file === "html" ? ".html" : "";
      const path = join(root, `sc-${name}${ext}`);
      await writeFile(path, tt.file === "css" ? styleCSS : tt.file === "html" ? indexHTML : "<html>foo");
      const mtime = tt.modtime ?? new Date(0);
      await utimes(path, mtime, mtime);
      param = { path, etag: tt.serveETag ?? "", contentType: tt.serveContentType ?? "" };
      for (const method of ["GET", "HEAD"]) {
        const { res } = await do_(method, ts.URL, tt.reqHeader ?? {}, ts.Client());
        assert.equal(res.StatusCode, tt.wantStatus, `${method} status`);
        assert.equal(res.Header.Get("Content-Type"), tt.wantContentType ?? "", `${method} Content-Type`);
        assert.equal(res.Header.Get("Content-Range"), tt.wantContentRange ?? "", `${method} Content-Range`);
        assert.equal(res.Header.Get("Last-Modified"), tt.wantLastMod ?? "", `${method} Last-Modified`);
      }
    });
  }

  it("applies If-Range to several ranges too", async () => {
    const mtime = new Date("2014-06-25T17:12:18Z");
    await utimes(join(root, "file"), mtime, mtime);
    const match = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-6", "If-Range": "Wed, 25 Jun 2014 17:12:18 GMT" });
    assert.equal(match.res.StatusCode, 206);
    assert.equal(parseMultipart(match.body, boundaryOf(match.res.Header.Get("Content-Type"))).length, 2);
    const stale = await do_("GET", fileServer.URL, { Range: "bytes=0-1,5-6", "If-Range": "Wed, 25 Jun 2014 17:12:17 GMT" });
    assert.equal(stale.res.StatusCode, 200);
    assert.deepEqual(stale.body, fileBytes);
  });

  it("checks the preconditions in Go's order and compares ETags as Go does", async () => {
    const path = join(root, "sc-methods.css");
    await writeFile(path, styleCSS);
    const mtime = new Date("2020-01-01T00:00:00Z");
    await utimes(path, mtime, mtime);
    param = { path, etag: `"x"`, contentType: "" };
    assert.equal((await do_("POST", ts.URL, { "If-None-Match": `"x"` }, ts.Client())).res.StatusCode, 412);
    assert.equal((await do_("GET", ts.URL, { "If-None-Match": `"y"`, "If-Modified-Since": fmt(mtime) }, ts.Client())).res.StatusCode, 200);
    assert.equal((await do_("POST", ts.URL, { "If-Modified-Since": fmt(mtime) }, ts.Client())).res.StatusCode, 200, "If-Modified-Since is for GET and HEAD");
    assert.equal((await do_("GET", ts.URL, { "If-Match": `"y"`, "If-Unmodified-Since": fmt(mtime) }, ts.Client())).res.StatusCode, 412, "a failed If-Match is 412");
    const past = fmt(new Date(mtime.getTime() - 60000));
    assert.equal((await do_("GET", ts.URL, { "If-Unmodified-Since": past }, ts.Client())).res.StatusCode, 412);
    assert.equal((await do_("GET", ts.URL, { "If-Match": `"x"`, "If-Unmodified-Since": past }, ts.Client())).res.StatusCode, 200, "If-Unmodified-Since is not looked at when If-Match is there");
    param = { path, etag: `W/"x"`, contentType: "" };
    assert.equal((await do_("GET", ts.URL, { "If-None-Match": `"x"` }, ts.Client())).res.StatusCode, 304, "If-None-Match compares weakly");
    assert.equal((await do_("GET", ts.URL, { "If-Match": `"x"` }, ts.Client())).res.StatusCode, 412, "If-Match compares strongly");
    assert.equal((await do_("GET", ts.URL, { "If-None-Match": `"a" "x"` }, ts.Client())).res.StatusCode, 304, "entries need no comma between them");
    assert.equal((await do_("GET", ts.URL, { "If-None-Match": `bad, W/"x"` }, ts.Client())).res.StatusCode, 200, "a malformed entry ends the list");
  });
});

describe("headers (Go's fs_test.go)", () => {
  it("honours a Content-Type the handler set, and none when set to no values (TestServeFileContentType)", async (t) => {
    const s = await NewServer(
      HandlerFunc((w, r) => {
        const o = r.URL.searchParams.get("override");
        if (o === "1") w.Header().Set("Content-Type", "icecream/chocolate");
        if (o === "2") w.Header().set("Content-Type", []); // explicitly inhibit sniffing
        return ServeFile(w, r, join(root, "file"));
      }),
    );
    t.after(() => s.Close());
    const get = async (o: string): Promise<string[] | undefined> => (await do_("GET", `${s.URL}/?override=${o}`, {}, s.Client())).res.Header.get("Content-Type");
    assert.deepEqual(await get("0"), ["text/plain; charset=utf-8"]);
    assert.deepEqual(await get("1"), ["icecream/chocolate"]);
    assert.equal(await get("2"), undefined);
    // The parts of a multipart reply carry the content's type, here the one the handler chose.
    const { res, body } = await do_("GET", `${s.URL}/?override=1`, { Range: "bytes=0-0,2-2" }, s.Client());
    const parts = parseMultipart(body, boundaryOf(res.Header.Get("Content-Type")));
    assert.deepEqual(
      parts.map((p) => p.header.Get("Content-Type")),
      ["icecream/chocolate", "icecream/chocolate"],
    );
  });

  it("sends no Content-Length with a Content-Encoding, except for ranges (TestServeFileWithContentEncoding)", async (t) => {
    const s = await NewServer(
      HandlerFunc(async (w, r) => {
        w.Header().Set("Content-Encoding", "foo");
        await ServeFile(w, r, join(root, "file"));
        await w.Flush?.(); // as Go's test: keep the server from adding its own Content-Length
      }),
    );
    t.after(() => s.Close());
    const whole = await do_("GET", s.URL, {}, s.Client());
    assert.equal(whole.res.ContentLength, -1);
    const part = await do_("GET", s.URL, { Range: "bytes=0-4" }, s.Client());
    assert.equal(part.res.Header.Get("Content-Length"), "5");
  });

  it("sends no representation metadata with a 304 (TestServeFileNotModified)", async (t) => {
    const s = await NewServer(
      HandlerFunc(async (w, r) => {
        w.Header().Set("Content-Type", "application/json");
        w.Header().Set("Content-Encoding", "foo");
        w.Header().Set("Etag", `"123"`);
        await ServeFile(w, r, join(root, "file"));
        await w.Flush?.();
      }),
    );
    t.after(() => s.Close());
    const { res, body } = await do_("GET", s.URL, { "If-None-Match": `"123"` }, s.Client());
    assert.equal(res.StatusCode, 304);
    assert.equal(body.length, 0);
    assert.ok(res.ContentLength === -1 || res.ContentLength === 0);
    assert.equal(res.Header.Get("Content-Type"), "");
    assert.equal(res.Header.Get("Content-Encoding"), "");
    assert.equal(res.Header.Get("Last-Modified"), "", "an ETag makes Last-Modified redundant");
  });

  it("drops content headers from a 416 and keeps the rest (TestServeContentHeadersWithError)", async (t) => {
    const path = join(root, "seven");
    await writeFile(path, "content");
    const s = await NewServer(
      HandlerFunc((w, r) => {
        w.Header().Set("Content-Type", "application/octet-stream");
        w.Header().Set("Content-Length", "7");
        w.Header().Set("Content-Encoding", "gzip");
        w.Header().Set("Etag", `"abcdefgh"`);
        w.Header().Set("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
        w.Header().Set("Cache-Control", "immutable");
        w.Header().Set("Other-Header", "test");
        return ServeFile(w, r, path);
      }),
    );
    t.after(() => s.Close());
    const { res, body } = await do_("GET", s.URL, { Range: "bytes=100-10000" }, s.Client());
    assert.equal(res.StatusCode, 416);
    assert.equal(latin1(body), "invalid range: failed to overlap\n");
    assert.equal(res.Header.Get("Content-Type"), "text/plain; charset=utf-8");
    assert.equal(res.Header.Get("Content-Length"), String(body.length));
    for (const k of ["Content-Encoding", "Etag", "Last-Modified", "Cache-Control"]) assert.equal(res.Header.Get(k), "", k);
    assert.equal(res.Header.Get("Content-Range"), "bytes */7");
    assert.equal(res.Header.Get("Other-Header"), "test");
  });

  it("drops Etag, Last-Modified and Cache-Control from open errors (TestFileServerErrorMessages)", async (t) => {
    const fsys: FileSystem = {
      Open(name: string): Promise<File> {
        if (name === "/500") return Promise.reject(new Error("random error"));
        if (name === "/403") return Promise.reject(Object.assign(new Error("permission denied"), { code: "EACCES" }));
        return Promise.reject(Object.assign(new Error("file does not exist"), { code: "ENOENT" }));
      },
    };
    const server = FileServer(fsys);
    const s = await NewServer(
      HandlerFunc((w, r) => {
        w.Header().Set("Etag", "étude");
        w.Header().Set("Cache-Control", "yes");
        w.Header().Set("Content-Type", "awesome");
        w.Header().Set("Last-Modified", "yesterday");
        return server.ServeHTTP(w, r);
      }),
    );
    t.after(() => s.Close());
    for (const code of [403, 404, 500]) {
      const { res } = await do_("GET", `${s.URL}/${code}`, {}, s.Client());
      assert.equal(res.StatusCode, code);
      for (const k of ["Etag", "Last-Modified", "Cache-Control"]) assert.equal(res.Header.get(k), undefined, `${code} ${k}`);
    }
  });

  it("compares a directory's index.html modtime, not the directory's (TestDirectoryIfNotModified)", async (t) => {
    const fileMod = new Date(1000000000 * 1000);
    let indexMod = fileMod;
    const contents = "I am a fake index.html file";
    const info = (name: string, dir: boolean, mod: () => Date): FileInfo => ({ Name: () => name, Size: () => (dir ? 0 : contents.length), ModTime: mod, IsDir: () => dir });
    const fsys: FileSystem = {
      Open(name: string): Promise<File> {
        const dir = name === "/";
        if (!dir && name !== "/index.html") return Promise.reject(Object.assign(new Error("no"), { code: "ENOENT" }));
        const fi = dir ? info("/", true, () => new Date(123000)) : info("index.html", false, () => indexMod);
        const data = new TextEncoder().encode(contents);
        return Promise.resolve({
          ReadAt: (p: Uint8Array, off: number) => {
            const n = Math.max(0, Math.min(p.length, data.length - off));
            p.set(data.subarray(off, off + n));
            return Promise.resolve(n);
          },
          Readdir: () => Promise.resolve([]),
          Stat: () => Promise.resolve(fi),
          Close: () => Promise.resolve(),
        });
      },
    };
    const s = await NewServer(FileServer(fsys));
    t.after(() => s.Close());
    const first = await do_("GET", s.URL, {}, s.Client());
    assert.equal(latin1(first.body), contents);
    const lastMod = first.res.Header.Get("Last-Modified");
    assert.equal(lastMod, fileMod.toUTCString());
    assert.equal((await do_("GET", s.URL, { "If-Modified-Since": lastMod }, s.Client())).res.StatusCode, 304);
    indexMod = new Date(fileMod.getTime() + 3600 * 1000);
    assert.equal((await do_("GET", s.URL, { "If-Modified-Since": lastMod }, s.Client())).res.StatusCode, 200);
  });
});

describe("multipart bodies are streamed", () => {
  // A virtual file of 1 GiB whose byte at offset o is o % 251; it counts what is read.
  const bigSize = 2 ** 30;
  const byteAt = (o: number): number => o % 251;
  function virtualFS(onRead: (p: Uint8Array, off: number) => void): FileSystem {
    return {
      Open(name: string): Promise<File> {
        if (name !== "/big.bin") return Promise.reject(Object.assign(new Error("no"), { code: "ENOENT" }));
        const fi: FileInfo = { Name: () => "big.bin", Size: () => bigSize, ModTime: () => new Date("2020-01-01T00:00:00Z"), IsDir: () => false };
        return Promise.resolve({
          ReadAt(p: Uint8Array, off: number): Promise<number> {
            onRead(p, off);
            const n = Math.max(0, Math.min(p.length, bigSize - off));
            for (let i = 0; i < n; i++) p[i] = byteAt(off + i);
            return Promise.resolve(n);
          },
          Readdir: () => Promise.resolve([]),
          Stat: () => Promise.resolve(fi),
          Close: () => Promise.resolve(),
        });
      },
    };
  }
  const rangeHeader = "bytes=0-99999,536870912-537070911,-70000";
  const want: [number, number][] = [
    [0, 100000],
    [536870912, 537070912],
    [bigSize - 70000, bigSize],
  ];
  const expected = (s: number, e: number): Uint8Array => {
    const b = new Uint8Array(e - s);
    for (let i = 0; i < b.length; i++) b[i] = byteAt(s + i);
    return b;
  };

  it("reads only the ranges, a buffer at a time, over a real connection", async (t) => {
    let read = 0;
    let maxRead = 0;
    const s = await NewServer(
      HandlerFunc((w, r) => {
        w.Header().Set("Content-Type", "application/octet-stream");
        return FileServer(
          virtualFS((p) => {
            read += p.length;
            maxRead = Math.max(maxRead, p.length);
          }),
        ).ServeHTTP(w, r);
      }),
    );
    t.after(() => s.Close());
    const { res, body } = await do_("GET", s.URL + "/big.bin", { Range: rangeHeader }, s.Client());
    assert.equal(res.StatusCode, 206);
    assert.equal(res.ContentLength, body.length);
    const parts = parseMultipart(body, boundaryOf(res.Header.Get("Content-Type")));
    assert.equal(parts.length, 3);
    parts.forEach((p, i) => {
      const [st, e] = want[i] as [number, number];
      assert.equal(p.header.Get("Content-Range"), `bytes ${st}-${e - 1}/${bigSize}`);
      assert.equal(p.header.Get("Content-Type"), "application/octet-stream");
      assert.ok(Buffer.from(p.body).equals(expected(st, e)), `part ${i} bytes`);
    });
    assert.equal(read, 100000 + 200000 + 70000, "only the ranges were read");
    assert.ok(maxRead <= 32 * 1024, `reads of at most 32 KiB, got ${maxRead}`);
  });

  it("awaits every Write before reading on", async () => {
    // A ResponseWriter whose Write settles only on a later turn of the event loop: a read that
    // starts while a Write is pending, or a second Write, means backpressure is not honoured.
    let pending = 0;
    let violations = 0;
    const chunks: Uint8Array[] = [];
    const h = new Header();
    let status = 0;
    const w: ResponseWriter = {
      Header: () => h,
      WriteHeader: (code: number) => {
        if (status === 0) status = code;
      },
      Write(p: Uint8Array | string): Promise<number> {
        if (pending !== 0) violations++;
        pending++;
        const b = typeof p === "string" ? new TextEncoder().encode(p) : p.slice();
        chunks.push(b);
        return new Promise((resolve) =>
          setImmediate(() => {
            pending--;
            resolve(b.length);
          }),
        );
      },
    };
    h.Set("Content-Type", "application/octet-stream");
    const req = NewTestRequest("GET", "http://example.com/big.bin");
    req.Header.Set("Range", rangeHeader);
    await FileServer(
      virtualFS(() => {
        if (pending !== 0) violations++;
      }),
    ).ServeHTTP(w, req);
    assert.equal(status, 206);
    assert.equal(violations, 0);
    const body = Buffer.concat(chunks);
    assert.equal(String(body.length), h.Get("Content-Length"), "Content-Length computed up front matches what was written");
    const parts = parseMultipart(body, boundaryOf(h.Get("Content-Type")));
    assert.deepEqual(
      parts.map((p) => p.body.length),
      want.map(([st, e]) => e - st),
    );
  });
});

describe("many ranges (gonet's cap of 100 parts; Go serves them all)", () => {
  // A 256 KiB file: Go answers 200,000 overlapping one-byte ranges (sum 200,000 <= size) with
  // 200,000 parts, about 140 bytes each: 28 MB from an 800 KB request. gonet coalesces a Range of
  // more than 100 ranges and sends the whole file when more than 100 parts remain.
  const bigLen = 256 * 1024;
  const bigBytes = new Uint8Array(bigLen).map((_, i) => i % 251);
  let bigServer: Server;
  before(async () => {
    await writeFile(join(root, "big.bin"), bigBytes);
    bigServer = await NewServer(HandlerFunc((w, r) => ServeFile(w, r, join(root, "big.bin"))));
  });
  after(async () => {
    await bigServer.Close();
  });
  const ranges = (n: number, f: (i: number) => string): string => "bytes=" + Array.from({ length: n }, (_, i) => f(i)).join(",");

  // [name, Range, status, Content-Range or parts' Content-Ranges joined with "|" ("" for 200)]
  const table: [string, string, number, string][] = [
    ["200,000 times the same byte: one range", ranges(200000, () => "0-0"), 206, `bytes 0-0/${bigLen}`],
    ["200,000 overlapping one-byte ranges: one range", ranges(200000, (i) => `${i % 10}-${i % 10}`), 206, `bytes 0-9/${bigLen}`],
    ["200,000 empty suffix ranges: one empty range", ranges(200000, () => "-0"), 206, `bytes ${bigLen}-${bigLen - 1}/${bigLen}`],
    ["adjacent ranges out of order coalesce", ranges(101, (i) => `${(100 - i) * 10}-${(100 - i) * 10 + 9}`), 206, `bytes 0-1009/${bigLen}`],
    ["two ranges asked 10,000 times each: two parts", ranges(20000, (i) => (i % 2 === 0 ? "0-9" : "100-109")), 206, `bytes 0-9/${bigLen}|bytes 100-109/${bigLen}`],
    ["50,000 disjoint ranges: the whole file", ranges(50000, (i) => `${i * 2}-${i * 2}`), 200, ""],
    ["101 disjoint ranges: the whole file", ranges(101, (i) => `${i * 2}-${i * 2}`), 200, ""],
    ["100 disjoint ranges: 100 parts, as Go", ranges(100, (i) => `${i * 2}-${i * 2}`), 206, Array.from({ length: 100 }, (_, i) => `bytes ${i * 2}-${i * 2}/${bigLen}`).join("|")],
    ["100 overlapping ranges: kept as asked, as Go", ranges(100, () => "7-8"), 206, Array.from({ length: 100 }, () => `bytes 7-8/${bigLen}`).join("|")],
  ];
  for (const [name, rng, code, cr] of table) {
    it(name, async () => {
      const { res, body } = await do_("GET", bigServer.URL, { Range: rng }, bigServer.Client());
      assert.equal(res.StatusCode, code);
      assert.equal(res.ContentLength, body.length, "Content-Length is what was sent");
      // Never much larger than the file: at most 100 part headers of well under 200 bytes.
      assert.ok(body.length <= bigLen + 100 * 200, `reply of ${body.length} bytes for a ${bigLen}-byte file`);
      const ct = res.Header.Get("Content-Type");
      if (code === 200) {
        assert.ok(Buffer.from(body).equals(bigBytes), "the whole file");
        return;
      }
      if (!ct.startsWith("multipart/")) {
        assert.equal(res.Header.Get("Content-Range"), cr);
        const [s, e] = (/^bytes (\d+)-(\d+)\//.exec(cr) as RegExpExecArray).slice(1).map(Number) as [number, number];
        assert.ok(Buffer.from(body).equals(bigBytes.subarray(s, e + 1)));
        return;
      }
      const parts = parseMultipart(body, boundaryOf(ct));
      assert.equal(parts.map((p) => p.header.Get("Content-Range")).join("|"), cr);
      for (const p of parts) {
        const [s, e] = (/^bytes (\d+)-(\d+)\//.exec(p.header.Get("Content-Range")) as RegExpExecArray).slice(1).map(Number) as [number, number];
        assert.ok(Buffer.from(p.body).equals(bigBytes.subarray(s, e + 1)));
      }
    });
  }
});
