// The HTTP client: Go's redirect policy (client_test.go's tables), header stripping across
// hosts, cookies through a Jar, timeouts and cancellation with Go's url.Error texts, and the
// undici Transport against real loopback servers.

import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { ErrCanceled, ErrContextDeadlineExceeded, Is, OpError } from "../../src/errors.js";
import { ReadAll } from "../../src/io.js";
import { Listen } from "../../src-node/dial.js";
import {
  Client,
  Cookie,
  ErrUseLastResponse,
  Get,
  HandlerFunc,
  Header,
  NewRequest,
  NewRequestWithContext,
  PostForm,
  Redirect,
  Request,
  Response,
  SetCookie,
  Transport,
  URLError,
  Values,
  type CookieJar,
  type Handler,
  type RoundTripper,
} from "../../src-node/http/index.js";
import { NewServer, type Server } from "../../src-node/httptest.js";
import { Dialer } from "../../src-node/dial.js";
import { isDomainOrSubdomain, shouldCopyHeaderOnRedirect } from "../../src/http/client.js";

/** serve starts a test server closed after the test; release, if given, unblocks its handlers first. */
async function serve(t: TestContext, h: Handler, release?: () => void): Promise<Server> {
  const ts = await NewServer(h);
  t.after(async () => {
    release?.();
    await ts.Close();
  });
  return ts;
}

function isURLError(e: unknown, message: string): boolean {
  assert.ok(e instanceof URLError, `want URLError, got ${String(e)}`);
  assert.equal(e.message, message);
  return true;
}

describe("Client against a server", () => {
  it("Get returns status, headers and body; Post and PostForm send bodies", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc(async (w, r) => {
        w.Header().Set("X-Method", r.Method);
        w.Header().Set("X-Content-Type", r.Header.Get("Content-Type"));
        w.Header().Set("X-UA", r.UserAgent());
        const body = r.Body === null ? new Uint8Array() : await ReadAll(r.Body);
        await w.Write("got:" + new TextDecoder().decode(body));
      }),
    );
    const res = await Get(ts.URL + "/x");
    assert.equal(res.StatusCode, 200);
    assert.equal(res.Status, "200 OK");
    assert.equal(res.Proto, "HTTP/1.1");
    assert.equal(res.ContentLength, 4);
    assert.equal(res.Header.Get("X-Method"), "GET");
    assert.equal(res.Header.Get("X-UA"), "Go-http-client/1.1");
    assert.ok(res.Request instanceof Request);
    assert.equal(await res.text(), "got:");

    const c = ts.Client();
    const p = await c.Post(ts.URL, "text/plain", "hello");
    assert.equal(p.Header.Get("X-Content-Type"), "text/plain");
    assert.equal(await p.text(), "got:hello");

    const form = new Values();
    form.Add("b", "2");
    form.Add("a", "1 2");
    const f = await PostForm(ts.URL, form);
    assert.equal(f.Header.Get("X-Content-Type"), "application/x-www-form-urlencoded");
    assert.equal(await f.text(), "got:a=1+2&b=2");
  });

  it("reads a streamed body incrementally with Read and for await", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc(async (w) => {
        for (let i = 0; i < 5; i++) {
          await w.Write(`chunk${i};`);
          await w.Flush?.();
        }
      }),
    );
    const res = await ts.Client().Get(ts.URL);
    assert.equal(res.ContentLength, -1);
    let all = "";
    for await (const c of res.Body) all += new TextDecoder().decode(c);
    assert.equal(all, "chunk0;chunk1;chunk2;chunk3;chunk4;");
  });

  it("follows at most 10 redirects: Go's TestClientRedirects", async (t) => {
    let referer7 = "";
    const ts = await serve(
      t,
      HandlerFunc(async (w, r) => {
        const n = Number((await r.FormValue("n")) || "0");
        if (n === 7) referer7 = r.Referer();
        if (n < 15) {
          await Redirect(w, r, `/?n=${n + 1}`, 307);
          return;
        }
        await w.Write(`n=${n}`);
      }),
    );
    const c = ts.Client();
    await assert.rejects(c.Get(ts.URL), (e) => isURLError(e, 'Get "/?n=10": stopped after 10 redirects'));
    assert.equal(referer7, ts.URL + "/?n=6");

    // HEAD follows too.
    await assert.rejects(c.Head(ts.URL), (e) => isURLError(e, 'Head "/?n=10": stopped after 10 redirects'));

    // CheckRedirect sees the via chain, and its error stops the redirects.
    let lastVia: Request[] = [];
    const c2 = new Client({
      Transport: c.Transport,
      CheckRedirect: (_req, via) => {
        lastVia = via;
        return new Error("no redirects allowed");
      },
    });
    await assert.rejects(c2.Get(ts.URL), (e) => isURLError(e, 'Get "/?n=1": no redirects allowed'));
    assert.equal(lastVia.length, 1);

    // A CheckRedirect that allows more than 10.
    const c3 = new Client({ Transport: c.Transport, CheckRedirect: () => null });
    const res = await c3.Get(ts.URL);
    assert.equal(await res.text(), "n=15");

    // ErrUseLastResponse returns the redirect response itself, body unclosed.
    const c4 = new Client({ Transport: c.Transport, CheckRedirect: () => ErrUseLastResponse });
    const r4 = await c4.Get(ts.URL);
    assert.equal(r4.StatusCode, 307);
    assert.equal(r4.Header.Get("Location"), "/?n=1");
    await r4.Body.Close();
  });

  // Go's TestClientRedirect307/308 and TestClientRedirectTypes: [method, status, want method, want body].
  const redirectTable: [method: string, status: number, wantMethod: string, wantBody: string][] = [
    ["POST", 301, "GET", ""],
    ["POST", 302, "GET", ""],
    ["POST", 303, "GET", ""],
    ["POST", 307, "POST", "payload"],
    ["POST", 308, "POST", "payload"],
    ["PUT", 301, "GET", ""],
    ["PUT", 303, "GET", ""],
    ["PUT", 307, "PUT", "payload"],
    ["PUT", 308, "PUT", "payload"],
    ["DELETE", 302, "GET", ""],
    ["DELETE", 307, "DELETE", "payload"],
    ["HEAD", 301, "HEAD", ""],
    ["HEAD", 302, "HEAD", ""],
    ["HEAD", 307, "HEAD", ""],
    ["GET", 303, "GET", ""],
    ["GET", 308, "GET", ""],
  ];
  it("rewrites the method and body by status, as Go's redirectBehavior", async (t) => {
    const seen: string[] = [];
    const ts = await serve(
      t,
      HandlerFunc(async (w, r) => {
        const body = r.Body === null ? "" : new TextDecoder().decode(await ReadAll(r.Body));
        if (r.URL.pathname.startsWith("/start/")) {
          w.Header().Set("Location", "/end");
          w.WriteHeader(Number(r.URL.pathname.slice(7)));
          return;
        }
        seen.push(`${r.Method} ${body}`);
        w.Header().Set("X-Seen", `${r.Method} ${body}`);
      }),
    );
    const c = ts.Client();
    for (const [method, status, wantMethod, wantBody] of redirectTable) {
      const req = NewRequest(method, `${ts.URL}/start/${status}`, method === "GET" || method === "HEAD" ? null : "payload");
      const res = await c.Do(req);
      await res.Body.Close();
      assert.equal(res.StatusCode, 200, `${method} ${status}`);
      // The server trims the value it sends, as Go's Header.writeSubset (textproto.TrimString).
      assert.equal(res.Header.Get("X-Seen"), `${wantMethod} ${wantBody}`.trim(), `${method} ${status}`);
      assert.equal(res.Request?.Method, wantMethod);
    }
    assert.equal(seen.length, redirectTable.length);
  });

  it("does not follow 300, 304 or a 3xx without Location, nor a 307 whose body cannot be replayed", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc(async (w, r) => {
        if (r.Body !== null) await ReadAll(r.Body);
        const code = Number(r.URL.pathname.slice(1));
        if (r.URL.searchParams.has("loc")) w.Header().Set("Location", "/200");
        w.WriteHeader(code);
      }),
    );
    const c = ts.Client();
    for (const p of ["/300?loc", "/304?loc", "/302", "/308"]) {
      const res = await c.Get(ts.URL + p);
      await res.Body.Close();
      assert.equal(res.StatusCode, Number(p.slice(1, 4)), p);
    }
    // A streamed body has no GetBody: the 307 is returned to the caller (Go 1.7 behaviour).
    async function* stream(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("streamed");
    }
    const req = NewRequest("POST", ts.URL + "/307?loc", stream());
    const res = await c.Do(req);
    assert.equal(res.StatusCode, 307);
    await res.Body.Close();
  });

  it("reports a bad Location with Go's text", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc((w) => {
        w.Header().Set("Location", "http://[::1");
        w.WriteHeader(302);
      }),
    );
    await assert.rejects(ts.Client().Get(ts.URL), (e) => e instanceof URLError && e.message.startsWith(`Get "${ts.URL}": failed to parse Location header "http://[::1": `));
  });

  it("fails with Go's url.Error text for a refused connection", async () => {
    const l = await Listen("tcp", "127.0.0.1:0");
    const addr = l.Addr().String();
    await l.Close();
    const err = await Get(`http://${addr}`).catch((e: unknown) => e);
    assert.ok(err instanceof URLError);
    assert.equal(err.message, `Get "http://${addr}": dial tcp ${addr}: connect: connection refused`);
    assert.equal(err.Op, "Get");
    assert.equal(err.URL, `http://${addr}`);
    assert.ok(err.Err instanceof OpError);
    assert.equal(err.Err.Op, "dial");
    assert.equal(err.Timeout(), false);
    // The cause's code shows through, as WebSocketError's does; a parse error (its Err a
    // string) keeps the URL code.
    assert.equal(err.code, "ECONNREFUSED");
    const scheme = await Get("ftp://example.com/x").catch((e: unknown) => e);
    assert.ok(scheme instanceof URLError);
    assert.equal(scheme.code, "GONET_HTTP_ERR_UNSUPPORTED_SCHEME");
    assert.equal(new URLError("parse", "%zz", 'invalid URL escape "%zz"').code, "GONET_HTTP_ERR_URL");
  });

  it("fails for an unsupported scheme and a missing host, as Go's Transport", async () => {
    await assert.rejects(Get("ftp://example.com/x"), (e) => isURLError(e, 'Get "ftp://example.com/x": unsupported protocol scheme "ftp"'));
    await assert.rejects(Get("/relative"), (e) => isURLError(e, 'Get "/relative": unsupported protocol scheme ""'));
  });

  it("Client.Timeout fails the request with Timeout() true", async (t) => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ts = await serve(
      t,
      HandlerFunc(async () => {
        await gate;
      }),
      () => release(),
    );
    const c = new Client({ Transport: ts.Client().Transport, Timeout: 50 });
    const err = await c.Get(ts.URL).catch((e: unknown) => e);
    assert.ok(err instanceof URLError);
    assert.equal(err.message, `Get "${ts.URL}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
    assert.equal(err.Timeout(), true);
    assert.ok(Is(err, ErrContextDeadlineExceeded));
  });

  it("Client.Timeout also bounds reading the body", async (t) => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ts = await serve(
      t,
      HandlerFunc(async (w) => {
        await w.Write("start");
        await w.Flush?.();
        await gate;
      }),
      () => release(),
    );
    const c = new Client({ Transport: ts.Client().Transport, Timeout: 100 });
    const res = await c.Get(ts.URL);
    const err = await res.text().catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /\(Client\.Timeout or context cancellation while reading body\)$/);
    assert.equal((err as unknown as { Timeout(): boolean }).Timeout(), true);
  });

  it("a cancelled request context fails with `context canceled`", async (t) => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ts = await serve(
      t,
      HandlerFunc(async () => {
        entered();
        await gate;
      }),
      () => release(),
    );
    const ac = new AbortController();
    const pending = ts.Client().Do(NewRequestWithContext(ac.signal, "GET", ts.URL)).catch((e: unknown) => e);
    await inHandler;
    ac.abort();
    const err = await pending;
    assert.ok(err instanceof URLError);
    assert.equal(err.message, `Get "${ts.URL}": context canceled`);
    assert.equal(err.Timeout(), false);
    assert.ok(Is(err, ErrCanceled));
    // An already aborted signal fails at once.
    await assert.rejects(ts.Client().Do(NewRequestWithContext(ac.signal, "GET", ts.URL)), (e) => isURLError(e, `Get "${ts.URL}": context canceled`));
  });

  it("keeps connections alive between requests", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc((w, r) => w.Write(r.RemoteAddr)),
    );
    const addrs = async (c: Client): Promise<Set<string>> => {
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) seen.add(await (await c.Get(ts.URL)).text());
      return seen;
    };
    // A connection is back in the pool once its body is read: the next request takes it.
    assert.equal((await addrs(ts.Client())).size, 1, "sequential requests reuse the connection");
    const tr = new Transport({ DisableKeepAlives: true });
    t.after(() => tr.CloseIdleConnections());
    assert.equal((await addrs(new Client({ Transport: tr }))).size, 6, "DisableKeepAlives uses a new connection each time");
  });

  it("sends and stores cookies through the Jar, and a user Cookie header survives a same-host redirect", async (t) => {
    const ts = await serve(
      t,
      HandlerFunc(async (w, r) => {
        if (r.URL.pathname === "/set") {
          SetCookie(w, new Cookie({ Name: "session", Value: "s1" }));
          await Redirect(w, r, "/show", 302);
          return;
        }
        await w.Write(r.Header.Get("Cookie"));
      }),
    );
    const store = new Map<string, Cookie>();
    const jar: CookieJar = {
      SetCookies: (_u, cs) => {
        for (const c of cs) store.set(c.Name, c);
      },
      Cookies: () => [...store.values()],
    };
    const c = new Client({ Transport: ts.Client().Transport, Jar: jar });
    const req = NewRequest("GET", ts.URL + "/set");
    req.AddCookie(new Cookie({ Name: "user", Value: "u1" }));
    const res = await c.Do(req);
    assert.equal(await res.text(), "user=u1; session=s1");
    assert.equal(store.get("session")?.Value, "s1");
  });
});

/** fakeTransport answers from a table keyed by URL, recording the requests it saw. */
class fakeTransport implements RoundTripper {
  readonly seen: Request[] = [];
  constructor(readonly routes: Record<string, { status: number; location?: string }>) {}
  RoundTrip(req: Request): Promise<Response> {
    this.seen.push(req);
    const r = Object.entries(this.routes).find(([k]) => new URL(k).href === req.URL.href)?.[1] ?? { status: 200 };
    const h = new Header();
    if (r.location !== undefined) h.Set("Location", r.location);
    return Promise.resolve(new Response({ StatusCode: r.status, Status: String(r.status), Header: h, Request: req, ContentLength: 0 }));
  }
}

describe("Client redirect headers (Go's TestShouldCopyHeaderOnRedirect)", () => {
  // Go's client_test.go TestShouldCopyHeaderOnRedirect (Go 1.24+: hosts compared without port or
  // scheme, sub-domains allowed; the sensitive header list is in client.go's makeHeadersCopier).
  // [initial URL, destination URL, whether the sensitive headers may be copied]
  const goTable: [string, string, boolean][] = [
    ["http://foo.com/", "http://bar.com/", false],
    ["http://foo.com/", "https://foo.com/", true],
    ["http://foo.com:1234/", "http://foo.com:4321/", true],
    ["http://foo.com/", "http://foo.com/", true],
    ["http://foo.com/", "http://sub.foo.com/", true],
    ["http://foo.com/", "http://notfoo.com/", false],
    ["http://foo.com:80/", "http://foo.com/", true],
    ["http://foo.com:80/", "http://sub.foo.com/", true],
    ["http://foo.com:443/", "https://foo.com/", true],
    ["http://foo.com:443/", "https://sub.foo.com/", true],
    ["http://foo.com:1234/", "http://foo.com/", true],
    // Not in Go's table, same rule: a parent is no sub-domain, IPv6 literals match exactly.
    ["http://sub.foo.com/", "http://foo.com/", false],
    ["http://[::1]:80/", "http://[::1]/x", true],
    ["http://[::1]/", "http://[::2]/", false],
  ];
  for (const [from, to, want] of goTable) {
    it(`shouldCopyHeaderOnRedirect(${from} => ${to}) = ${want}`, () => {
      assert.equal(shouldCopyHeaderOnRedirect(new URL(from), new URL(to)), want);
    });
  }

  it("does not take an IPv6 zone for a sub-domain (Go's http://[::1%25.foo.com]/ row)", () => {
    // The WHATWG parser rejects that URL, so the row is checked on the hostname Go compares.
    assert.equal(isDomainOrSubdomain("::1%.foo.com", "foo.com"), false);
  });

  // The sensitive headers of Go's makeHeadersCopier, and one that is always copied.
  const sensitive = ["Authorization", "Www-Authenticate", "Cookie", "Cookie2", "Proxy-Authorization", "Proxy-Authenticate"];
  for (const [from, to, kept] of goTable) {
    it(`redirect ${from} -> ${to}: sensitive headers ${kept ? "kept" : "stripped"}`, async () => {
      // A query marks the destination, so a redirect to the same URL does not loop.
      const dest = to + "?next";
      const tr = new fakeTransport({ [from]: { status: 302, location: dest } });
      const c = new Client({ Transport: tr });
      const req = NewRequest("GET", from);
      for (const k of sensitive) req.Header.Set(k, "secret");
      req.Header.Set("X-Other", "always");
      const res = await c.Do(req);
      assert.equal(res.StatusCode, 200);
      const next = tr.seen[1] as Request;
      assert.equal(next.URL.href, new URL(dest).href);
      for (const k of sensitive) assert.equal(next.Header.has(k), kept, k);
      assert.equal(next.Header.Get("X-Other"), "always");
    });
  }

  it("sets Referer without userinfo, and none from https to http", async () => {
    const tr = new fakeTransport({
      "http://user:pw@a.com/1": { status: 302, location: "http://a.com/2" },
      "https://b.com/1": { status: 302, location: "http://b.com/2" },
    });
    const c = new Client({ Transport: tr });
    await c.Get("http://user:pw@a.com/1");
    assert.equal(tr.seen[1]?.Header.Get("Referer"), "http://a.com/1");
    assert.equal(tr.seen[0]?.Header.Get("Authorization"), "Basic dXNlcjpwdw==", "URL userinfo becomes basic auth");
    await c.Get("https://b.com/1");
    assert.equal(tr.seen[3]?.Header.Get("Referer"), "");
  });

  it("masks the password in error URLs (Go's stripPassword)", async () => {
    const failing: RoundTripper = { RoundTrip: () => Promise.reject(new Error("boom")) };
    const c = new Client({ Transport: failing });
    await assert.rejects(c.Get("http://user:secret@example.com/x"), (e) => isURLError(e, 'Get "http://user:***@example.com/x": boom'));
    await assert.rejects(c.Do(NewRequest("PATCH", "http://example.com")), (e) => isURLError(e, 'Patch "http://example.com": boom'));
  });

  it("rejects a client Request with RequestURI set", async () => {
    const c = new Client({ Transport: new fakeTransport({}) });
    const req = NewRequest("GET", "http://example.com/");
    req.RequestURI = "/";
    await assert.rejects(c.Do(req), (e) => isURLError(e, `Get "http://example.com/": http: Request.RequestURI can't be set in client requests`));
  });
});

describe("Client strips sensitive headers for the rest of a redirect chain (CVE-2024-45336)", () => {
  // Go's TestClientStripHeadersOnRepeatedRedirect (go.dev/issue/70530): every host name is served
  // by one loopback server, reached through a DialContext that ignores the address, so each hop's
  // Host is the name in the URL. [chain of host+path, whether the sensitive headers reach each hop]
  const chains: [string, string[], boolean[]][] = [
    // Go's own chain: a to b, b to b, and back to a; stripped from the first hop to b on.
    ["Go's a -> b -> b -> a", ["a.example.com/", "b.example.com/", "b.example.com/redirect", "a.example.com/redirect"], [true, false, false, false]],
    ["to another domain, then within it", ["a.test/", "evil.test/1", "evil.test/2"], [true, false, false]],
    ["to another domain, then to its sub-domain", ["a.test/", "evil.test/1", "sub.evil.test/2"], [true, false, false]],
    ["within the first domain and its sub-domains", ["a.test/", "sub.a.test/1", "a.test/2", "x.sub.a.test/3"], [true, true, true, true]],
  ];
  for (const [name, hops, want] of chains) {
    it(name, async (t) => {
      const seen: { hop: string; auth: string; proxyAuth: string; cookie: string; other: string }[] = [];
      const ts = await serve(
        t,
        HandlerFunc(async (w, r) => {
          const hop = r.Host + r.URL.pathname;
          seen.push({ hop, auth: r.Header.Get("Authorization"), proxyAuth: r.Header.Get("Proxy-Authorization"), cookie: r.Header.Get("Cookie"), other: r.Header.Get("X-Other") });
          const i = hops.indexOf(hop);
          if (i >= 0 && i + 1 < hops.length) {
            await Redirect(w, r, "http://" + hops[i + 1], 302);
            return;
          }
          w.Header().Set("X-Done", "true");
        }),
      );
      const addr = ts.URL.slice("http://".length);
      const d = new Dialer({});
      const tr = new Transport({ DialContext: (signal, network) => d.DialContext(signal, network, addr) });
      t.after(() => tr.CloseIdleConnections());
      const c = new Client({ Transport: tr });
      const req = NewRequest("GET", "http://" + hops[0]);
      req.Header.Add("Cookie", "foo=bar");
      req.Header.Add("Authorization", "secretpassword");
      req.Header.Add("Proxy-Authorization", "secretpassword");
      req.Header.Add("X-Other", "kept");
      const res = await c.Do(req);
      await res.Body.Close();
      assert.equal(res.Header.Get("X-Done"), "true");
      assert.deepEqual(
        seen.map((s) => s.hop),
        hops,
      );
      seen.forEach((s, i) => {
        const v = want[i] as boolean;
        assert.equal(s.auth, v ? "secretpassword" : "", `Authorization on ${s.hop}`);
        assert.equal(s.proxyAuth, v ? "secretpassword" : "", `Proxy-Authorization on ${s.hop}`);
        assert.equal(s.cookie, v ? "foo=bar" : "", `Cookie on ${s.hop}`);
        assert.equal(s.other, "kept", `X-Other on ${s.hop}`);
      });
    });
  }
});
