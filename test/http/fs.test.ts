// FileServer, Dir and ServeFile against a temp directory, through a real server: Go's redirects
// (fs_test.go's TestFileServerImplicitLeadingSlash, index.html), listings, conditional requests,
// ranges, and ".." that cannot leave the root.

import assert from "node:assert/strict";
import { mkdir, mkdtemp, open, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path, { join } from "node:path";
import { before, after, describe, it } from "node:test";
import { Client, type CheckRedirectFunc, Dir, ErrUseLastResponse, FileServer, type FileSystem, HandlerFunc, NewRequest, ServeFile, StripPrefix } from "../../src-node/http/index.js";
import { NewServer, type Server } from "../../src-node/httptest.js";
import { newDir } from "../../src-node/http/fs.js";

let root = "";
let ts: Server;
let ts2: Server;
const noFollow: CheckRedirectFunc = () => ErrUseLastResponse;
let c: Client;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "gonet-fs-"));
  await writeFile(join(root, "hello.txt"), "hello, world\n");
  await writeFile(join(root, "page.html"), "<p>page</p>");
  await writeFile(join(root, "data.bin"), new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  await writeFile(join(root, "noext"), "plain text without extension");
  await mkdir(join(root, "sub"));
  await writeFile(join(root, "sub", "b.txt"), "b");
  await writeFile(join(root, "sub", "a<&>.txt"), "a");
  await mkdir(join(root, "sub", "inner"));
  await mkdir(join(root, "site"));
  await writeFile(join(root, "site", "index.html"), "<h1>index</h1>");
  await utimes(join(root, "hello.txt"), new Date("2020-01-02T03:04:05Z"), new Date("2020-01-02T03:04:05Z"));
  await writeFile(join(root, "..secret"), "not a parent");
  await mkdir(join(root, "xss"));
  await writeFile(join(root, "xss", "javascript:alert(1)"), "x");
  await writeFile(join(root, "xss", "it's q?#.txt"), "x");
  await writeFile(join(root, "xss", '"onmouseover="x'), "x");
  await writeFile(join(root, "xss", "x\u00e9"), "x");
  await mkdir(join(root, "xss", "a:b"));
  await writeFile(join(tmpdir(), "gonet-fs-outside.txt"), "outside");
  ts = await NewServer(FileServer(Dir(root)));
  ts2 = await NewServer(StripPrefix("/static", FileServer(Dir(root))));
  c = new Client({ Transport: ts.Client().Transport, CheckRedirect: noFollow });
});
after(async () => {
  await ts.Close();
  await ts2.Close();
  await rm(root, { recursive: true, force: true });
  await rm(join(tmpdir(), "gonet-fs-outside.txt"), { force: true });
});

async function get(path: string, headers: Record<string, string> = {}, base = ts.URL): Promise<{ status: number; h: (k: string) => string; body: string }> {
  const req = NewRequest("GET", base + path);
  for (const [k, v] of Object.entries(headers)) req.Header.Set(k, v);
  const res = await c.Do(req);
  const body = await res.text();
  return { status: res.StatusCode, h: (k) => res.Header.Get(k), body };
}

describe("FileServer", () => {
  it("serves a file with Content-Type by extension, Content-Length and Last-Modified", async () => {
    const r = await get("/hello.txt");
    assert.equal(r.status, 200);
    assert.equal(r.body, "hello, world\n");
    assert.equal(r.h("Content-Type"), "text/plain; charset=utf-8");
    assert.equal(r.h("Content-Length"), "13");
    assert.equal(r.h("Last-Modified"), "Thu, 02 Jan 2020 03:04:05 GMT");
    assert.equal(r.h("Accept-Ranges"), "bytes");
    assert.equal((await get("/page.html")).h("Content-Type"), "text/html; charset=utf-8");
    assert.equal((await get("/noext")).h("Content-Type"), "text/plain; charset=utf-8", "sniffed");
    assert.equal((await get("/data.bin")).h("Content-Type"), "application/octet-stream", "sniffed binary");
  });

  // [request path, status, Location]
  const redirects: [string, number, string][] = [
    ["/sub", 301, "sub/"],
    ["/sub?x=1", 301, "sub/?x=1"],
    ["/hello.txt/", 301, "../hello.txt"],
    ["/site/index.html", 301, "./"],
    ["/index.html", 301, "./"],
  ];
  for (const [path, status, loc] of redirects) {
    it(`redirects ${path} to ${loc}`, async () => {
      const r = await get(path);
      assert.equal(r.status, status);
      assert.equal(r.h("Location"), loc);
    });
  }

  it("serves a directory's index.html, or lists it sorted with directories slashed", async () => {
    const idx = await get("/site/");
    assert.equal(idx.body, "<h1>index</h1>");
    const list = await get("/sub/");
    assert.equal(list.h("Content-Type"), "text/html; charset=utf-8");
    assert.equal(list.body, '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n<a href="a%3C&%3E.txt">a&lt;&amp;&gt;.txt</a>\n<a href="b.txt">b.txt</a>\n<a href="inner/">inner/</a>\n</pre>\n');
  });

  it("lists names as Go's url.URL{Path: name}.String(): no live javascript: link", async () => {
    // Go's dirList writes href="url.URL{Path: name}.String()" and the HTML-escaped name. String
    // (net/url's url.go) escapes the path and puts "./" before a first segment with a colon
    // (RFC 3986 section 4.2); so a file named javascript:alert(1) links to itself, not to script.
    const list = await get("/xss/");
    assert.equal(list.status, 200);
    assert.equal(
      list.body,
      '<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n' +
        '<a href="%22onmouseover=%22x">&#34;onmouseover=&#34;x</a>\n' +
        '<a href="./a:b/">a:b/</a>\n' +
        '<a href="it%27s%20q%3F%23.txt">it&#39;s q?#.txt</a>\n' +
        '<a href="./javascript:alert%281%29">javascript:alert(1)</a>\n' +
        '<a href="x%C3%A9">x\u00e9</a>\n' +
        "</pre>\n",
    );
  });

  it("answers 404 and 304 as Go does", async () => {
    const missing = await get("/nope.txt");
    assert.equal(missing.status, 404);
    assert.equal(missing.body, "404 page not found\n");
    const nm = await get("/hello.txt", { "If-Modified-Since": "Thu, 02 Jan 2020 03:04:05 GMT" });
    assert.equal(nm.status, 304);
    assert.equal(nm.body, "");
    const modified = await get("/hello.txt", { "If-Modified-Since": "Wed, 01 Jan 2020 00:00:00 GMT" });
    assert.equal(modified.status, 200);
  });

  it("serves a single Range as 206 and refuses one past the end with 416", async () => {
    const r = await get("/hello.txt", { Range: "bytes=7-11" });
    assert.equal(r.status, 206);
    assert.equal(r.body, "world");
    assert.equal(r.h("Content-Range"), "bytes 7-11/13");
    const suffix = await get("/hello.txt", { Range: "bytes=-6" });
    assert.equal(suffix.body, "world\n");
    const bad = await get("/hello.txt", { Range: "bytes=100-" });
    assert.equal(bad.status, 416);
    assert.equal(bad.h("Content-Range"), "bytes */13");
  });

  it("cannot be made to leave its root with .. (raw request line)", async () => {
    const port = Number(ts.URL.split(":")[2]);
    const resp = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1");
      let d = "";
      s.setEncoding("latin1");
      s.on("data", (x: string) => (d += x));
      s.on("error", reject);
      s.on("close", () => resolve(d));
      s.write("GET /../gonet-fs-outside.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    });
    assert.doesNotMatch(resp, /outside/);
    assert.match(resp, /^HTTP\/1\.1 404 Not Found\r\n/);
    assert.equal((await get("/..secret")).body, "not a parent", "a name that merely starts with .. is a file");
  });

  it("works under StripPrefix", async () => {
    assert.equal((await get("/static/sub/b.txt", {}, ts2.URL)).body, "b");
    const r = await get("/static/sub", {}, ts2.URL);
    assert.equal(r.h("Location"), "sub/");
  });
});

describe("ServeFile", () => {
  it("serves the named file and rejects a URL path with ..", async (t) => {
    const s = await NewServer(HandlerFunc((w, r) => ServeFile(w, r, join(root, "hello.txt"))));
    t.after(() => s.Close());
    const ok = await s.Client().Get(s.URL + "/anything");
    assert.equal(await ok.text(), "hello, world\n");
    const port = Number(s.URL.split(":")[2]);
    const resp = await new Promise<string>((resolve) => {
      const sock = net.connect(port, "127.0.0.1");
      let d = "";
      sock.setEncoding("latin1");
      sock.on("data", (x: string) => (d += x));
      sock.on("close", () => resolve(d));
      sock.write("GET /a/../b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    });
    assert.match(resp, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(resp, /invalid URL path\n$/);
  });
});

describe("Dir refuses names the OS cannot take safely (Go's filepath.Localize)", () => {
  // Dir with Windows path rules on any platform: newDir gets path.win32 and a file system that
  // maps the Windows drive C: to a temp directory, so an escape would really read a file.
  let winRoot = "";
  const asked: string[] = [];
  let winDir: FileSystem;
  before(async () => {
    winRoot = await mkdtemp(join(tmpdir(), "gonet-fs-win-"));
    await mkdir(join(winRoot, "srv", "www", "sub"), { recursive: true });
    await writeFile(join(winRoot, "srv", "www", "sub", "b.txt"), "b");
    await mkdir(join(winRoot, "Windows"));
    await writeFile(join(winRoot, "Windows", "win.ini"), "[secret]");
    const toHost = (p: string): string => {
      asked.push(p);
      assert.match(p, /^C:\\/, `a drive path: ${p}`);
      return join(winRoot, ...p.slice(3).split("\\"));
    };
    winDir = newDir("C:\\srv\\www", {
      path: path.win32,
      stat: (p) => stat(toHost(p)),
      open: (p, flags) => open(toHost(p), flags),
      readdir: (p, opts) => readdir(toHost(p), opts),
    });
  });
  after(async () => {
    await rm(winRoot, { recursive: true, force: true });
  });

  it("answers 404 to /..%5c..%5cWindows%5cwin.ini where the separator is a backslash", async (t) => {
    const s = await NewServer(FileServer(winDir));
    t.after(() => s.Close());
    const cl = new Client({ Transport: s.Client().Transport, CheckRedirect: noFollow });
    const ok = await cl.Get(s.URL + "/sub/b.txt");
    assert.equal(await ok.text(), "b", "the mapped file system serves what is inside the root");
    asked.length = 0;
    for (const p of ["/..%5c..%5cWindows%5cwin.ini", "/sub%5c..%5c..%5c..%5cWindows%5cwin.ini", "/C:%5cWindows%5cwin.ini"]) {
      const r = await cl.Get(s.URL + p);
      const body = await r.text();
      assert.equal(r.StatusCode, 404, p);
      assert.equal(body, "404 page not found\n", p);
    }
    assert.deepEqual(asked, [], "no path reached the file system");
  });

  // [name given to Open, refused with Windows rules, refused with POSIX rules]
  const names: [string, boolean, boolean][] = [
    ["/..\\..\\Windows\\win.ini", true, false],
    ["/sub\\b.txt", true, false],
    ["/a:b", true, false],
    ["/NUL", true, false],
    ["/sub/com1", true, false],
    ["/nul.txt", true, false],
    ["/CONIN$", true, false],
    ["/LPT\u00b9", true, false],
    ["/a\u0000b", true, true],
    ["/bad\ud800", true, true],
    ["/sub/b.txt", false, false],
    ["/console", false, false],
    ["/../../sub/b.txt", false, false],
  ];
  for (const [name, win, posix] of names) {
    it(`Open(${JSON.stringify(name)}): Windows ${win ? "refused" : "allowed"}, POSIX ${posix ? "refused" : "allowed"}`, async () => {
      const posixDir = newDir(join(winRoot, "srv", "www"), { path: path.posix, stat, open, readdir });
      for (const [fs, refused] of [
        [winDir, win],
        [posixDir, posix],
      ] as const) {
        let err: unknown = null;
        try {
          await (await fs.Open(name)).Close();
        } catch (e) {
          err = e;
        }
        if (refused) {
          assert.ok(err instanceof Error, `refused: ${String(err)}`);
          assert.equal(err.message, "http: invalid or unsafe file path"); // Go's errInvalidUnsafePath text
        } else if (err !== null) {
          assert.equal((err as { code?: string }).code, "ENOENT", `allowed, then simply missing: ${String(err)}`);
        }
      }
    });
  }

  it("refuses on the native file system too: %00 is 404, a backslash is just a missing name on POSIX", async () => {
    const nul = await get("/a%00b");
    assert.equal(nul.status, 404);
    assert.equal(nul.body, "404 page not found\n");
    const bs = await get("/..%5cgonet-fs-outside.txt");
    assert.equal(bs.status, 404);
    assert.doesNotMatch(bs.body, /outside/);
  });
});
