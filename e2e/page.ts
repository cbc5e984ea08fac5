// The test page, bundled by esbuild for the browser: it imports gonet by package name, so the
// exports map's browser condition and the built package are what is tested, and exposes the scenarios on globalThis.gonetE2E for page.evaluate. Every scenario returns plain
// data; the assertions are in browser.test.ts.

import {
  CloseStatus,
  DNSError,
  Dial,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrReceiveQueueFull,
  ErrUnsupported,
  Is,
  Listen,
  OpError,
  Pipe,
  Resolver,
  type Conn,
} from "gonet";
import { ErrClosedPipe } from "gonet/io";
import { testConn, type ConnTestName, type ConnWriteTestName, type MakePipe, type TestAPI } from "../test/conformance/conn.js";

/**
 * browserSkips are the conformance checks that cannot hold for a browser WebSocket. CloseUnblocks,
 * WriteDeadlineTiming, CloseDuringWrite and DeadlineDuringWrite need a peer that leaves its data
 * unread while Writes block; a browser WebSocket cannot pause, so the unread data grows until the
 * reader fails with ErrReceiveQueueFull (see flood), which ends the conn before the test closes it.
 */
export const browserSkips: readonly (ConnTestName | ConnWriteTestName)[] = ["CloseUnblocks", "WriteDeadlineTiming", "CloseDuringWrite", "DeadlineDuringWrite"];

const enc = new TextEncoder();
const dec = new TextDecoder();

async function readFull(c: Conn, p: Uint8Array): Promise<number> {
  let n = 0;
  while (n < p.length) {
    const k = await c.Read(p.subarray(n));
    if (k === null) break;
    n += k;
  }
  return n;
}

interface ErrInfo {
  message: string;
  name: string;
  timeout: boolean | null;
  isDeadline: boolean;
  isUnsupported: boolean;
  isOpError: boolean;
  closeStatus: number;
}

function info(err: unknown): ErrInfo {
  const e = err as { message?: unknown; name?: unknown; Timeout?: () => boolean };
  return {
    message: String(e?.message ?? err),
    name: String(e?.name ?? ""),
    timeout: typeof e?.Timeout === "function" ? e.Timeout() : null,
    isDeadline: Is(err, ErrDeadlineExceeded),
    isUnsupported: Is(err, ErrUnsupported),
    isOpError: err instanceof OpError,
    closeStatus: CloseStatus(err),
  };
}

async function caught(p: Promise<unknown>): Promise<ErrInfo | null> {
  try {
    await p;
    return null;
  } catch (err) {
    return info(err);
  }
}

const scenarios = {
  /** roundTrip writes small messages to /echo and reads them back across message boundaries. */
  async roundTrip(base: string) {
    const c = await Dial("ws", `${base}/echo`);
    const words = ["hello", ", ", "world", "!", " ".repeat(100)];
    for (const w of words) await c.Write(enc.encode(w));
    const want = words.join("");
    const buf = new Uint8Array(want.length);
    const n = await readFull(c, buf);
    const remote = c.RemoteAddr().String();
    const network = c.RemoteAddr().Network();
    await c.Close();
    return { n, text: dec.decode(buf.subarray(0, n)), want, remote, network };
  },

  /** big round-trips a 4 MiB payload through /echo and compares it byte for byte. */
  async big(base: string) {
    const c = await Dial("ws", `${base}/echo`);
    const size = 4 << 20;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + (i >>> 13)) & 0xff;
    const got = new Uint8Array(size);
    const [, n] = await Promise.all([c.Write(data), readFull(c, got)]);
    let firstDiff = -1;
    for (let i = 0; i < size; i++) {
      if (got[i] !== data[i]) {
        firstDiff = i;
        break;
      }
    }
    await c.Close();
    return { n, size, firstDiff };
  },

  /** deadline hits a read deadline on an idle conn, then clears it and uses the conn again. */
  async deadline(base: string) {
    const c = await Dial("ws", `${base}/echo`);
    c.SetReadDeadline(Date.now() + 100);
    const err = await caught(c.Read(new Uint8Array(16)));
    c.SetReadDeadline(null);
    await c.Write(enc.encode("again"));
    const buf = new Uint8Array(5);
    const n = await readFull(c, buf);
    await c.Close();
    return { err, n, text: dec.decode(buf) };
  },

  /** cleanClose reads what /bye sends and then the end of stream of its 1000 close. */
  async cleanClose(base: string) {
    const c = await Dial("ws", `${base}/bye`);
    const buf = new Uint8Array(3);
    const n = await readFull(c, buf);
    const end = await c.Read(new Uint8Array(8));
    const again = await c.Read(new Uint8Array(8));
    await c.Close();
    return { text: dec.decode(buf.subarray(0, n)), end, again };
  },

  /** close4000 reads the data a raw server sends before its 4000 close, then the error. */
  async close4000(url: string) {
    const c = await Dial("ws", url);
    const buf = new Uint8Array(6);
    const n = await readFull(c, buf);
    const err = await caught(c.Read(new Uint8Array(8)));
    await c.Close().catch(() => {});
    return { text: dec.decode(buf.subarray(0, n)), err };
  },

  /** flood lets /flood write without reading: the conn must fail with ErrReceiveQueueFull. */
  async flood(base: string) {
    const c = await Dial("ws", `${base}/flood`);
    // Nothing is read: wait until the conn has failed, which a probing Write reports.
    let writeErr: ErrInfo | null = null;
    for (let i = 0; writeErr === null && i < 500; i++) {
      writeErr = await caught(c.Write(Uint8Array.of(1)));
      if (writeErr === null) await new Promise((r) => setTimeout(r, 20));
    }
    // The data that arrived before the limit can still be read, then the error.
    let n = 0;
    let err: ErrInfo | null = null;
    const buf = new Uint8Array(1 << 20);
    for (;;) {
      try {
        const k = await c.Read(buf);
        if (k === null) break;
        n += k;
      } catch (e) {
        err = info(e);
        break;
      }
    }
    const isQueueFull = err !== null && Is(await c.Read(buf).catch((e: unknown) => e), ErrReceiveQueueFull);
    await c.Close().catch(() => {});
    return { n, err, writeErr, isQueueFull };
  },

  /** unsupported collects the errors of what a browser cannot do. */
  async unsupported() {
    return {
      listen: await caught(Listen("ws", "127.0.0.1:0")),
      dialTCP: await caught(Dial("tcp", "127.0.0.1:80")),
    };
  },

  /** conformance runs the shared Conn suite on pairs of browser Conns joined by the /bridge server. */
  async conformance(base: string) {
    let next = 0;
    return await runSuite(
      "ws in Chromium",
      async () => {
        const id = `${Date.now()}-${next++}`;
        const c1 = await Dial("ws", `${base}/bridge?id=${id}`);
        const c2 = await Dial("ws", `${base}/bridge?id=${id}`);
        return {
          c1,
          c2,
          stop: async () => {
            await Promise.all([c1.Close().catch(() => {}), c2.Close().catch(() => {})]);
          },
        };
      },
      browserSkips,
    );
  },

  /** pipeConformance runs the shared Conn suite on Pipe, in the page. */
  async pipeConformance() {
    return await runSuite(
      "Pipe in Chromium",
      async () => {
        const [c1, c2] = Pipe();
        return {
          c1,
          c2,
          stop: async () => {
            await Promise.all([c1.Close().catch(() => {}), c2.Close().catch(() => {})]);
          },
        };
      },
      [],
    );
  },

  /** lookup resolves names through the DoH server the test runs, and a name it does not know. */
  async lookup(doh: string) {
    const r = new Resolver({ DoH: doh });
    const hosts = await r.LookupHost(null, "app.gonet.test");
    const cname = await r.LookupCNAME(null, "www.gonet.test");
    let missing: { message: string; notFound: boolean; server: string } | null = null;
    try {
      await r.LookupHost(null, "missing.gonet.test");
    } catch (err) {
      if (err instanceof DNSError) missing = { message: err.message, notFound: err.IsNotFound, server: err.Server };
    }
    return { hosts, cname, missing };
  },
};

(globalThis as { gonetE2E?: typeof scenarios }).gonetE2E = scenarios;
(globalThis as { gonetE2EReady?: boolean }).gonetE2EReady = true;

/** E2EScenarios is the type of globalThis.gonetE2E, for browser.test.ts. */
export type E2EScenarios = typeof scenarios;

// runSuite runs testConn with a collecting test API and returns each test's outcome.
async function runSuite(name: string, makePipe: MakePipe, skip: readonly (ConnTestName | ConnWriteTestName)[]): Promise<Array<{ name: string; ok: boolean; error: string }>> {
  const tests: Array<{ name: string; fn: () => Promise<void> }> = [];
  const api: TestAPI = {
    describe: (_name, fn) => fn(),
    it: (n, fn) => void tests.push({ name: n, fn }),
  };
  // The bundle's own sentinels: they compare by identity.
  const isClosedError = (err: unknown): boolean => Is(err, ErrClosed) || Is(err, ErrClosedPipe);
  await testConn(name, makePipe, { api, errors: { Is, ErrDeadlineExceeded }, isClosedError, skip });
  const results: Array<{ name: string; ok: boolean; error: string }> = [];
  for (const t of tests) {
    try {
      await t.fn();
      results.push({ name: t.name, ok: true, error: "" });
    } catch (err) {
      results.push({ name: t.name, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return results;
}
