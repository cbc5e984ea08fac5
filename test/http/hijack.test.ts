// Hijack (Go's http.Hijacker) of any HTTP/1.x request, on both server paths: the TCP fast path
// (node:http owns the net.Socket) and the adapter path (a TLS listener, a Pipe-based listener).
// The handler gets the accepted Conn and exactly the bytes the client sent after the head that
// it has not read; the server then writes nothing, Write rejects with ErrHijacked, and
// Shutdown/Close leave the connection alone. Go: net/http server.go (*response).Hijack and
// (*conn).hijackLocked; serve_test.go TestHijackAfterCloseNotifier (the Conn is not wrapped),
// TestWriteAfterHijack, TestDoubleHijack, TestDisableKeepAliveUpgrade. Go's
// TestServerHijackGetsBackgroundByte cannot hold on node:http (bytes a client sends right after
// the head are parsed as the next request); what gonet refuses instead is tested here.

import assert from "node:assert/strict";
import net from "node:net";
import tls from "node:tls";
import { describe, it, type TestContext } from "node:test";
import type { Conn, Listener } from "../../src/net.js";
import { TCPConn } from "../../src/tcp.js";
import { HTTPError } from "../../src/http/errors.js";
import { ErrHijacked, HandlerFunc, Server, type Handler, type Hijacker, type Request, type ResponseWriter } from "../../src-node/http/index.js";
import { NewServer, NewTLSServer } from "../../src-node/httptest.js";
import { PipeListener } from "../helpers/pipe-listener.js";

const enc = new TextEncoder();
const dec = new TextDecoder("latin1");

function hijack(w: ResponseWriter): Promise<[Conn, Uint8Array]> {
  return (w as ResponseWriter & Hijacker).Hijack();
}

/** readUntil reads conn until what it read ends with want; it resolves everything read. */
async function readUntil(conn: Conn, want: string): Promise<string> {
  let got = "";
  const buf = new Uint8Array(64);
  while (!got.endsWith(want)) {
    const n = await conn.Read(buf);
    if (n === null) throw new Error(`EOF after ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    got += dec.decode(buf.subarray(0, n));
  }
  return got;
}

async function write(conn: Conn, s: string): Promise<void> {
  await conn.Write(enc.encode(s));
}

/** rejection resolves what p rejects with, or an Error saying it resolved (for the test body to assert on). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error("resolved, want a rejection"),
    (e: unknown) => e,
  );
}

function isHTTPError(e: unknown, code: string, message: RegExp): boolean {
  return e instanceof HTTPError && e.code === code && message.test(e.message);
}

/** rawClient is the client side of one connection: exact bytes out, everything received in. */
interface rawClient {
  /** localPort is the client's TCP port (0 on a Pipe). */
  localPort: number;
  write(s: string): Promise<void>;
  /** until resolves all received so far once it ends with s. */
  until(s: string): Promise<string>;
  /** all resolves everything received once the server closed the connection. */
  all(): Promise<string>;
  close(): void;
}

/** receiver collects what a connection receives and wakes its waiters. */
class receiver {
  got = "";
  closed = false;
  #waiters: (() => void)[] = [];
  add(s: string): void {
    this.got += s;
    this.#wake();
  }
  end(): void {
    this.closed = true;
    this.#wake();
  }
  #wake(): void {
    for (const f of this.#waiters.splice(0)) f();
  }
  async until(want: string): Promise<string> {
    while (!this.got.endsWith(want)) {
      if (this.closed) throw new Error(`connection closed after ${JSON.stringify(this.got)}, want ${JSON.stringify(want)}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    return this.got;
  }
  async all(): Promise<string> {
    while (!this.closed) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    return this.got;
  }
}

function socketClient(s: net.Socket): rawClient {
  const r = new receiver();
  s.setEncoding("latin1");
  s.on("data", (d: string) => r.add(d));
  s.on("error", () => {});
  s.on("close", () => r.end());
  return {
    localPort: s.localPort ?? 0,
    write: (d) => new Promise((resolve, reject) => s.write(d, "latin1", (e) => (e ? reject(e) : resolve()))),
    until: (want) => r.until(want),
    all: () => r.all(),
    close: () => s.destroy(),
  };
}

function connClient(c: Conn): rawClient {
  const r = new receiver();
  void (async () => {
    const buf = new Uint8Array(1024);
    try {
      for (let n = await c.Read(buf); n !== null; n = await c.Read(buf)) r.add(dec.decode(buf.subarray(0, n)));
    } catch {
      // the test closed it
    }
    r.end();
  })();
  return {
    localPort: 0,
    write: (d) => write(c, d),
    until: (want) => r.until(want),
    all: () => r.all(),
    close: () => void c.Close(),
  };
}

/** served is a running server on one transport, and a way to open raw connections to it. */
interface served {
  srv: Server;
  dial(): Promise<rawClient>;
  /** accepted reports whether conn is the Conn the server accepted for c (what Go's Hijack returns). */
  accepted(conn: Conn, c: rawClient): boolean;
}

function hostPort(l: Listener): { host: string; port: number } {
  const a = l.Addr().String();
  const i = a.lastIndexOf(":");
  return { host: a.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(a.slice(i + 1)) };
}

function connected(s: net.Socket, event: string): Promise<rawClient> {
  return new Promise((resolve, reject) => {
    s.once(event, () => resolve(socketClient(s)));
    s.once("error", reject);
  });
}

const peerPort = (conn: Conn): number => Number(conn.RemoteAddr().String().split(":").pop());

const transports: { name: string; start(t: TestContext, h: Handler): Promise<served> }[] = [
  {
    name: "TCP (node:http owns the socket)",
    async start(t, h) {
      const ts = await NewServer(h);
      t.after(() => ts.Close());
      const { host, port } = hostPort(ts.Listener as Listener);
      return {
        srv: ts.Config,
        dial: () => connected(net.connect(port, host), "connect"),
        accepted: (conn, c) => conn instanceof TCPConn && peerPort(conn) === c.localPort,
      };
    },
  },
  {
    name: "a TLS listener (adapter path)",
    async start(t, h) {
      const ts = await NewTLSServer(h);
      t.after(() => ts.Close());
      const { host, port } = hostPort(ts.Listener as Listener);
      return {
        srv: ts.Config,
        dial: () => connected(tls.connect({ port, host, servername: "example.com", rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }), "secureConnect"),
        accepted: (conn, c) => typeof (conn as { ConnectionState?: unknown }).ConnectionState === "function" && peerPort(conn) === c.localPort,
      };
    },
  },
  {
    name: "a Pipe listener (adapter path)",
    async start(t, h) {
      const l = new PipeListener();
      const srv = new Server({ Handler: h, ErrorLog: () => {} });
      const serving = srv.Serve(l).catch(() => {});
      t.after(async () => {
        await srv.Close();
        await serving;
      });
      return { srv, dial: () => Promise.resolve(connClient(l.dial())), accepted: (conn) => l.accepted.includes(conn) };
    },
  },
];

/** started is a transport's server with a handler that can see the served struct. */
async function started(t: TestContext, tr: (typeof transports)[number], h: (w: ResponseWriter, r: Request, s: served) => Promise<void> | void): Promise<served> {
  let s: served | null = null;
  s = await tr.start(
    t,
    HandlerFunc((w, r) => h(w, r, s as served)),
  );
  return s;
}

for (const tr of transports) {
  describe(`Hijack over ${tr.name}`, () => {
    it("hands over the accepted Conn of a GET; a custom protocol runs both ways, with no HTTP bytes from the server", async (t) => {
      const seen: { accepted: boolean; aborted: boolean | null; head: number } = { accepted: false, aborted: null, head: -1 };
      let client: rawClient | null = null;
      const s = await started(t, tr, async (w, r, s) => {
        const [conn, head] = await hijack(w);
        seen.accepted = s.accepted(conn, client as rawClient);
        seen.aborted = r.Context().aborted;
        seen.head = head.length;
        await write(conn, "HELLO\n");
        await readUntil(conn, "PING\n");
        await write(conn, "PONG\n");
        await conn.Close();
      });
      const c = (client = await s.dial());
      t.after(() => c.close());
      await c.write("GET /chat HTTP/1.1\r\nHost: x\r\n\r\n");
      await c.until("HELLO\n");
      await c.write("PING\n");
      assert.equal(await c.all(), "HELLO\nPONG\n");
      assert.deepEqual(seen, { accepted: true, aborted: false, head: 0 });
    });

    it("hands back a Content-Length body the handler has not read (Hijack called before any await)", async (t) => {
      let got = "";
      const s = await started(t, tr, async (w) => {
        const [conn, head] = await hijack(w);
        got = dec.decode(head);
        await write(conn, "bye");
        await conn.Close();
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello\r\nworl");
      assert.equal(await c.all(), "bye");
      assert.equal(got, "hello\r\nworl");
    });

    it("hands back what is left of a body the handler read in part; the rest of it comes through the Conn", async (t) => {
      let head = "";
      let rest = "";
      let first = "";
      const s = await started(t, tr, async (w, r) => {
        const one = new Uint8Array(1);
        const n = await r.Body?.Read(one); // the first part has arrived
        first = `${String(n)} ${dec.decode(one)}`;
        const [conn, h] = await hijack(w);
        head = dec.decode(h);
        await write(conn, "more\n");
        rest = await readUntil(conn, "!");
        await write(conn, "done");
        await conn.Close();
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nhel");
      await c.until("more\n");
      await c.write("lo!");
      assert.equal(await c.all(), "more\ndone");
      assert.equal(first, "1 h");
      assert.equal(head, "el");
      assert.equal(rest, "lo!");
    });

    it("rejects with GONET_HTTP_ERR_HIJACK_PARSED when node:http already parsed a pipelined request; both are answered", async (t) => {
      let err: unknown = null;
      const s = await started(t, tr, async (w, r) => {
        if (r.URL.pathname === "/a") err = await rejection(hijack(w));
        await w.Write(r.URL.pathname);
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
      const resp = await c.until("/b");
      assert.match(resp, /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n\/aHTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n\/b$/);
      assert.ok(isHTTPError(err, "GONET_HTTP_ERR_HIJACK_PARSED", /^http: Hijack after the server parsed bytes past this request/), String(err));
    });

    it("Shutdown and Close neither wait for nor close a hijacked connection", async (t) => {
      let hijacked!: () => void;
      const isHijacked = new Promise<void>((resolve) => (hijacked = resolve));
      let aborted: boolean | null = null;
      const s = await started(t, tr, async (w, r) => {
        const [conn] = await hijack(w);
        hijacked();
        await readUntil(conn, "ping");
        aborted = r.Context().aborted;
        await write(conn, "pong");
        await conn.Close();
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      await isHijacked;
      await s.srv.Shutdown(); // resolves although the handler still runs
      await s.srv.Close();
      await c.write("ping");
      assert.equal(await c.all(), "pong");
      assert.equal(aborted, false);
    });

    it("an upgrade request: the bytes after the head come back, later ones through the Conn", async (t) => {
      let head = "";
      const s = await started(t, tr, async (w) => {
        const [conn, h] = await hijack(w);
        head = dec.decode(h);
        await write(conn, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
        await write(conn, await readUntil(conn, "later"));
        await conn.Close();
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\nearly;");
      await c.until("\r\n\r\n");
      await c.write("later");
      assert.equal(await c.all(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nlater");
      assert.equal(head, "early;");
    });
  });
}

describe("Hijack on the ResponseWriter (TCP)", () => {
  const tcp = transports[0] as (typeof transports)[number];

  it("after Hijack, Write and Flush reject with ErrHijacked, WriteHeader is ignored, a second Hijack rejects with ErrHijacked", async (t) => {
    const errs: unknown[] = [];
    const s = await started(t, tcp, async (w) => {
      const first = hijack(w);
      errs.push(await rejection(hijack(w))); // while the first is under way
      const [conn] = await first;
      errs.push(await rejection(w.Write("no")));
      errs.push(await rejection(w.Write("")));
      errs.push(await rejection((w as ResponseWriter & { Flush(): Promise<void> }).Flush()));
      w.WriteHeader(500);
      errs.push(await rejection(hijack(w)));
      await write(conn, "raw");
      await conn.Close();
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.equal(await c.all(), "raw");
    assert.equal(errs.length, 5);
    for (const e of errs) assert.equal(e, ErrHijacked);
  });

  for (const [name, write] of [
    ["Write", (w: ResponseWriter) => w.Write("body")],
    ["Flush", async (w: ResponseWriter) => (await w.Write("body"), (w as ResponseWriter & { Flush(): Promise<void> }).Flush())],
  ] as const) {
    it(`after ${name} of body bytes rejects with GONET_HTTP_ERR_HIJACK_WRITTEN; the response completes`, async (t) => {
      let err: unknown = null;
      const s = await started(t, tcp, async (w) => {
        await write(w);
        err = await rejection(hijack(w));
      });
      const c = await s.dial();
      t.after(() => c.close());
      await c.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      const resp = await c.all();
      assert.match(resp, /^HTTP\/1\.1 200 OK\r\n/);
      assert.match(resp, /\r\n\r\n(body|4\r\nbody\r\n0\r\n\r\n)$/);
      assert.ok(isHTTPError(err, "GONET_HTTP_ERR_HIJACK_WRITTEN", /^http: Hijack after the response was written$/), String(err));
    });
  }

  it("sends a status set by WriteHeader alone first, as Go does (TestDisableKeepAliveUpgrade)", async (t) => {
    let headLen = -1;
    const s = await started(t, tcp, async (w) => {
      w.Header().Set("Connection", "Upgrade");
      w.Header().Set("Upgrade", "someProto");
      w.WriteHeader(101);
      const [conn, head] = await hijack(w);
      headLen = head.length;
      await write(conn, await readUntil(conn, "hello"));
      await conn.Close();
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const status = await c.until("\r\n\r\n");
    assert.match(status, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
    assert.match(status, /\r\nConnection: Upgrade\r\n/);
    assert.match(status, /\r\nUpgrade: someProto\r\n/);
    await c.write("hello");
    assert.equal(await c.all(), status + "hello");
    assert.equal(headLen, 0);
  });

  it("a chunked body: rejects with GONET_HTTP_ERR_HIJACK_PARSED until it was read to EOF, then works", async (t) => {
    const results: string[] = [];
    const s = await started(t, tcp, async (w, r) => {
      if (r.URL.pathname === "/unread") {
        const e = await rejection(hijack(w));
        results.push(isHTTPError(e, "GONET_HTTP_ERR_HIJACK_PARSED", /^http: Hijack before a chunked request body was read to EOF/) ? "refused" : String(e));
        await w.Write("refused");
        return;
      }
      const body = r.Body as NonNullable<Request["Body"]>;
      const buf = new Uint8Array(64);
      let got = "";
      for (let n = await body.Read(buf); n !== null; n = await body.Read(buf)) got += dec.decode(buf.subarray(0, n));
      const [conn, head] = await hijack(w);
      results.push(`${got}|${dec.decode(head)}`);
      await write(conn, "raw");
      await conn.Close();
    });
    const c1 = await s.dial();
    t.after(() => c1.close());
    await c1.write("POST /unread HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assert.match(await c1.all(), /\r\n\r\nrefused$/);
    const c2 = await s.dial();
    t.after(() => c2.close());
    await c2.write("POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    assert.equal(await c2.all(), "raw");
    assert.deepEqual(results, ["refused", "abcde|"]);
  });

  it("a body the handler closed before it all arrived: rejects with GONET_HTTP_ERR_HIJACK_PARSED", async (t) => {
    let err: unknown = null;
    let n: number | null = -1;
    const s = await started(t, tcp, async (w, r) => {
      const body = r.Body as NonNullable<Request["Body"]>;
      n = await body.Read(new Uint8Array(1));
      await body.Close();
      err = await rejection(hijack(w));
      w.Header().Set("Connection", "close");
      await w.Write("no");
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
    await c.until("no");
    assert.equal(n, 1);
    assert.ok(isHTTPError(err, "GONET_HTTP_ERR_HIJACK_PARSED", /^http: Hijack after the request body was closed before it all arrived/), String(err));
  });

  it("after ServeHTTP returned rejects with Go's text", async (t) => {
    let saved: ResponseWriter | null = null;
    const s = await started(t, tcp, (w) => {
      saved = w;
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert.match(await c.all(), /^HTTP\/1\.1 200 OK\r\n/);
    const err = await rejection(hijack(saved as unknown as ResponseWriter));
    assert.ok(isHTTPError(err, "GONET_HTTP_ERR_NOT_HIJACKABLE", /^net\/http: Hijack called after ServeHTTP finished$/), String(err));
  });

  it("the Conn outlives ServeHTTP: the server does not close it when the handler returns (TestWriteAfterHijack)", async (t) => {
    let later: Promise<void> | null = null;
    let ctx: AbortSignal | null = null;
    const s = await started(t, tcp, async (w, r) => {
      const [conn] = await hijack(w);
      ctx = r.Context();
      later = (async () => {
        await new Promise<void>((resolve) => setImmediate(resolve)); // after ServeHTTP returned
        await write(conn, "[after return]");
        await conn.Close();
      })();
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.equal(await c.all(), "[after return]");
    await later;
    assert.equal((ctx as AbortSignal | null)?.aborted, true, "the context ends when ServeHTTP returns");
  });

  it("a request sent after Hijack comes through the Conn byte for byte", async (t) => {
    let got = "";
    const s = await started(t, tcp, async (w) => {
      const [conn] = await hijack(w);
      await write(conn, "go\n");
      got = await readUntil(conn, "\r\n\r\n");
      await conn.Close();
    });
    const c = await s.dial();
    t.after(() => c.close());
    await c.write("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
    await c.until("go\n");
    const second = "GET /second  HTTP/1.1\r\nhOsT:  y \r\n\r\n";
    await c.write(second);
    assert.equal(await c.all(), "go\n");
    assert.equal(got, second);
  });
});

describe("Hijack and node:http's internals", () => {
  it("rejects with GONET_HTTP_ERR_NOT_HIJACKABLE, changing nothing, when the socket is not as Node 20 sets it up", async (t) => {
    const { listenerServers } = await import("../../src-node/socket.js");
    let err: unknown = null;
    const ts = await NewServer(
      HandlerFunc(async (w) => {
        err = await rejection(hijack(w));
        await w.Write("still served");
      }),
    );
    t.after(() => ts.Close());
    // After Serve's own 'connection' listener has given the socket to node:http, one of node's
    // listeners goes, as if another Node had renamed it.
    listenerServers.get(ts.Listener as Listener)?.on("connection", (s: net.Socket) => s.removeAllListeners("timeout"));
    const { host, port } = hostPort(ts.Listener as Listener);
    const c = await connected(net.connect(port, host), "connect");
    t.after(() => c.close());
    await c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.match(await c.until("still served"), /^HTTP\/1\.1 200 OK\r\n/);
    assert.ok(isHTTPError(err, "GONET_HTTP_ERR_NOT_HIJACKABLE", /^http: Hijack of a request without Connection: Upgrade needs node:http internals that Node v\d+\.\d+\.\d+ does not have$/), String(err));
  });
});
