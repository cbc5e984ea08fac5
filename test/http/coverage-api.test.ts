// Public API that had no test of its own: Head and Post (package-level and Client), Transport.Clone,
// Header.Write, QueryUnescape and Values.Clone. Expected behaviour and texts are Go's (files cited
// beside each table).

import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { ReadAll } from "../../src/io.js";
import {
  Client,
  DefaultTransport,
  Head,
  Header,
  HTTPError,
  HandlerFunc,
  Post,
  QueryEscape,
  QueryUnescape,
  Transport,
  Values,
  type Handler,
  type Request,
} from "../../src-node/http/index.js";
import { NewServer, type Server } from "../../src-node/httptest.js";

async function serve(t: TestContext, h: Handler): Promise<Server> {
  const ts = await NewServer(h);
  t.after(() => ts.Close());
  return ts;
}

/** Seen is what a handler recorded of one request (asserted in the test body, not the handler). */
interface Seen {
  method: string;
  path: string;
  contentType: string;
  body: string;
  remote: string;
}

/** recorder returns a handler that records every request and answers by path. */
function recorder(): { seen: Seen[]; handler: Handler } {
  const seen: Seen[] = [];
  const handler = HandlerFunc(async (w, r: Request) => {
    const body = r.Body === null ? "" : new TextDecoder().decode(await ReadAll(r.Body));
    seen.push({ method: r.Method, path: r.URL.pathname, contentType: r.Header.Get("Content-Type"), body, remote: r.RemoteAddr });
    switch (r.URL.pathname) {
      case "/303":
        w.Header().Set("Location", "/target");
        w.WriteHeader(303);
        return;
      case "/307":
        w.Header().Set("Location", "/target");
        w.WriteHeader(307);
        return;
      case "/302":
        w.Header().Set("Location", "/target");
        w.WriteHeader(302);
        return;
    }
    w.Header().Set("Content-Length", "11");
    w.Header().Set("X-Method", r.Method);
    await w.Write("hello world");
  });
  return { seen, handler };
}

describe("Head", () => {
  // Go's client.go: Head issues a HEAD; the response has the header's ContentLength and an empty
  // body; redirects (301, 302, 303, 307, 308) are followed with HEAD kept.
  for (const [name, head] of [
    ["package-level Head (DefaultClient)", (u: string) => Head(u)],
    ["Client.Head", (u: string) => new Client().Head(u)],
  ] as const) {
    it(`${name}: HEAD with the announced Content-Length and no body; redirects keep HEAD`, async (t) => {
      t.after(() => DefaultTransport.CloseIdleConnections());
      const { seen, handler } = recorder();
      const ts = await serve(t, handler);
      const res = await head(ts.URL + "/plain");
      assert.equal(res.StatusCode, 200);
      assert.equal(res.ContentLength, 11);
      assert.equal(res.Header.Get("X-Method"), "HEAD");
      assert.equal((await ReadAll(res.Body)).length, 0);
      await res.Body.Close();
      const red = await head(ts.URL + "/302");
      assert.equal(red.StatusCode, 200);
      assert.equal(red.Request?.URL.pathname, "/target");
      await red.Body.Close();
      assert.deepEqual(
        seen.map((s) => `${s.method} ${s.path}`),
        ["HEAD /plain", "HEAD /302", "HEAD /target"],
      );
    });
  }
});

describe("Post", () => {
  // Go's client.go: Post sets Content-Type and sends the body; a 302 or 303 is followed with a GET
  // and no body (redirectBehavior), a 307 resends the POST with its body (GetBody). The initial
  // request's headers, Content-Type included, are copied to every hop (makeHeadersCopier).
  for (const [name, post] of [
    ["package-level Post (DefaultClient)", (u: string, ct: string, b: string) => Post(u, ct, b)],
    ["Client.Post", (u: string, ct: string, b: string) => new Client().Post(u, ct, b)],
  ] as const) {
    it(`${name}: Content-Type and body arrive; 303 turns into GET, 307 resends the body`, async (t) => {
      t.after(() => DefaultTransport.CloseIdleConnections());
      const { seen, handler } = recorder();
      const ts = await serve(t, handler);
      const res = await post(ts.URL + "/form", "text/plain; charset=utf-8", "a=1&b=2");
      assert.equal(res.StatusCode, 200);
      assert.equal(new TextDecoder().decode(await ReadAll(res.Body)), "hello world");
      const r303 = await post(ts.URL + "/303", "application/json", '{"x":1}');
      await ReadAll(r303.Body);
      const r307 = await post(ts.URL + "/307", "application/json", '{"y":2}');
      await ReadAll(r307.Body);
      assert.equal(r307.Request?.Method, "POST");
      assert.deepEqual(
        seen.map((s) => [s.method, s.path, s.contentType, s.body]),
        [
          ["POST", "/form", "text/plain; charset=utf-8", "a=1&b=2"],
          ["POST", "/303", "application/json", '{"x":1}'],
          ["GET", "/target", "application/json", ""],
          ["POST", "/307", "application/json", '{"y":2}'],
          ["POST", "/target", "application/json", '{"y":2}'],
        ],
      );
    });
  }

  it("Post with a null body sends Content-Length: 0", async (t) => {
    const { seen, handler } = recorder();
    const ts = await serve(t, handler);
    const c = new Client();
    t.after(() => c.CloseIdleConnections());
    const res = await c.Post(ts.URL + "/empty", "text/plain", null);
    await ReadAll(res.Body);
    assert.deepEqual(seen.map((s) => [s.method, s.body, s.contentType]), [["POST", "", "text/plain"]]);
  });
});

describe("Transport.Clone", () => {
  it("copies every setting, and the clone's fields are its own", () => {
    const dial = async (): Promise<never> => {
      throw new Error("not dialed");
    };
    const tls = { ServerName: "example.test", InsecureSkipVerify: false, NextProtos: ["http/1.1"] };
    const t1 = new Transport({
      DialContext: dial,
      TLSClientConfig: tls,
      TLSHandshakeTimeout: 1234,
      DisableKeepAlives: true,
      MaxIdleConnsPerHost: 7,
      MaxConnsPerHost: 3,
      MaxIdleConns: 9,
      IdleConnTimeout: 4567,
      ResponseHeaderTimeout: 890,
    });
    const t2 = t1.Clone();
    assert.ok(t2 instanceof Transport);
    assert.notEqual(t2, t1);
    assert.equal(t2.DialContext, dial);
    assert.deepEqual(t2.TLSClientConfig, tls);
    for (const k of ["TLSHandshakeTimeout", "DisableKeepAlives", "MaxIdleConnsPerHost", "MaxConnsPerHost", "MaxIdleConns", "IdleConnTimeout", "ResponseHeaderTimeout"] as const) {
      assert.equal(t2[k], t1[k], k);
    }
    t2.MaxIdleConnsPerHost = 1;
    t2.DisableKeepAlives = false;
    assert.equal(t1.MaxIdleConnsPerHost, 7);
    assert.equal(t1.DisableKeepAlives, true);
    // Go's Transport.Clone clones TLSClientConfig (t.TLSClientConfig.Clone()): changing the
    // clone's config leaves the original's alone.
    assert.notEqual(t2.TLSClientConfig, t1.TLSClientConfig);
    t2.TLSClientConfig!.ServerName = "other.test";
    assert.equal(t1.TLSClientConfig!.ServerName, "example.test");
    // A Transport without a TLS config clones to one without.
    assert.equal(new Transport().Clone().TLSClientConfig, null);
  });

  it("the clone has its own connections: it dials anew and closing its idle ones leaves the original's", async (t) => {
    const { seen, handler } = recorder();
    const ts = await serve(t, handler);
    const t1 = new Transport();
    const c1 = new Client({ Transport: t1 });
    t.after(() => t1.CloseIdleConnections());
    await ReadAll((await c1.Get(ts.URL + "/a")).Body);
    const t2 = t1.Clone();
    const c2 = new Client({ Transport: t2 });
    t.after(() => t2.CloseIdleConnections());
    await ReadAll((await c2.Get(ts.URL + "/b")).Body);
    t2.CloseIdleConnections();
    await ReadAll((await c1.Get(ts.URL + "/c")).Body);
    const [a, b, c] = seen.map((s) => s.remote);
    assert.notEqual(b, a, "the clone does not share the original's idle connection");
    assert.equal(c, a, "the original's idle connection survives the clone's CloseIdleConnections");
  });
});

describe("Header.Write", () => {
  const write = async (h: Header): Promise<string> => {
    const chunks: Uint8Array[] = [];
    await h.Write({ Write: async (p) => (chunks.push(p.slice()), p.length) });
    return new TextDecoder().decode(Buffer.concat(chunks));
  };

  it("writes the wire format: Go's headerWriteTests without an exclude map", async () => {
    // Go's net/http/header_test.go, headerWriteTests (the rows with a nil exclude map), run
    // through Write, which is WriteSubset(w, nil).
    const blank = new Header();
    blank.set("Nil", []);
    blank.set("Empty", []);
    blank.set("Blank", [""]);
    blank.set("Double-Blank", ["", ""]);
    const cases: [Header, string][] = [
      [new Header(), ""],
      [new Header({ "Content-Type": "text/html; charset=UTF-8", "Content-Length": "0" }), "Content-Length: 0\r\nContent-Type: text/html; charset=UTF-8\r\n"],
      [new Header({ "Content-Length": ["0", "1", "2"] }), "Content-Length: 0\r\nContent-Length: 1\r\nContent-Length: 2\r\n"],
      [blank, "Blank: \r\nDouble-Blank: \r\nDouble-Blank: \r\n"],
    ];
    for (const [h, want] of cases) assert.equal(await write(h), want);
  });

  it("sorts keys, replaces CR and LF in values by spaces, trims them, and drops invalid field names", async () => {
    // Go's header.go writeSubset: headerNewlineToSpace, textproto.TrimString, and keys that are
    // not valid field names are skipped (httpguts.ValidHeaderFieldName).
    const h = new Header();
    h.set("X-B", ["b\r\nX-Injected: 1"]);
    h.set("X-A", ["\t a \t"]);
    h.set("Bad:Key", ["x"]);
    h.set("", ["empty"]);
    assert.equal(await write(h), "X-A: a\r\nX-B: b  X-Injected: 1\r\n");
  });

  it("nothing is written for an empty header (no zero-length Write)", async () => {
    let calls = 0;
    await new Header().Write({ Write: async (p) => (calls++, p.length) });
    assert.equal(calls, 0);
  });
});

describe("QueryUnescape", () => {
  // Go's net/url/url_test.go, unescapeTests (run through QueryUnescape, TestUnescape). The error is
  // Go's EscapeError: `invalid URL escape "%zz"`.
  const cases: [string, string, string | null][] = [
    ["", "", null],
    ["abc", "abc", null],
    ["1%41", "1A", null],
    ["1%41%42%43", "1ABC", null],
    ["%4a", "J", null],
    ["%6F", "o", null],
    ["%", "", '"%"'],
    ["%a", "", '"%a"'],
    ["%1", "", '"%1"'],
    ["123%45%6", "", '"%6"'],
    ["%zzzzz", "", '"%zz"'],
    ["a+b", "a b", null],
    ["a%20b", "a b", null],
  ];
  for (const [input, out, err] of cases) {
    it(JSON.stringify(input), () => {
      if (err === null) {
        assert.equal(QueryUnescape(input), out);
        return;
      }
      assert.throws(
        () => QueryUnescape(input),
        (e: unknown) => e instanceof HTTPError && e.message === `invalid URL escape ${err}` && e.code === "GONET_HTTP_ERR_URL_ESCAPE",
      );
    });
  }

  it("inverts QueryEscape (Go's queryEscapeTests round trip)", () => {
    const s = " ?&=#+%!<>#\"{}|\\^[]`☺\t:/@$'()*,;";
    const esc = QueryEscape(s);
    assert.equal(esc, "+%3F%26%3D%23%2B%25%21%3C%3E%23%22%7B%7D%7C%5C%5E%5B%5D%60%E2%98%BA%09%3A%2F%40%24%27%28%29%2A%2C%3B");
    assert.equal(QueryUnescape(esc), s);
  });
});

describe("Values.Clone", () => {
  // Go's url.Values is a map[string][]string; Clone here copies the map and each slice, so the
  // copy and the original change independently (as Go's maps.Clone plus slices.Clone would).
  it("copies keys and value arrays; changes to either side stay on that side", () => {
    const v = new Values();
    v.Add("a", "1");
    v.Add("a", "2");
    v.Set("b", "x");
    const c = v.Clone();
    assert.ok(c instanceof Values);
    assert.deepEqual([...c], [...v]);
    assert.equal(c.Encode(), "a=1&a=2&b=x");
    c.Add("a", "3");
    c.Del("b");
    c.Set("n", "new");
    assert.deepEqual(v.get("a"), ["1", "2"]);
    assert.equal(v.Get("b"), "x");
    assert.equal(v.Has("n"), false);
    v.get("a")!.push("4");
    assert.deepEqual(c.get("a"), ["1", "2", "3"]);
    assert.equal(new Values().Clone().size, 0);
  });
});
