// The Conn conformance suite: golang.org/x/net/nettest's TestConn
// (nettest/conntest.go) ported check by check, plus the guarantees gonet's
// docs/api.md adds. Pipe, TCP, unix, TLS and the WebSocket NetConn all run it.
//
// The file imports nothing from Node: it uses setTimeout, its own small
// assertions and an injected test API, so a browser runner can load it too.

import { ErrClosed, ErrDeadlineExceeded, Is } from "../../src/errors.js";
import { ErrClosedPipe, ReadAll, ReadFull } from "../../src/io.js";
import type { Reader, Writer } from "../../src/io.js";
import type { Conn } from "../../src/net.js";
import { timeDeadline } from "../helpers/timing.js";

/** ConnPair is what a MakePipe resolves: two connected Conns and the function that tears them down. */
export interface ConnPair {
  /** c1 is one end: what it writes, c2 reads. */
  c1: Conn;
  /** c2 is the other end: what it writes, c1 reads. */
  c2: Conn;
  /**
   * stop closes every resource of the pair (c1, c2, a listener, a server). It must resolve even
   * when the test has already closed c1 or c2 itself.
   */
  stop: () => Promise<void>;
}

/** MakePipe creates a fresh connected pair for one test (nettest's MakePipe). */
export type MakePipe = () => Promise<ConnPair>;

/** TestAPI is the part of a test framework the suite needs: node:test's describe and it fit it. */
export interface TestAPI {
  describe(name: string, fn: () => void): unknown;
  it(name: string, fn: () => Promise<void>): unknown;
}

/** connTestNames lists the tests testConn registers, in order: nettest's first, then gonet's. */
export const connTestNames = [
  "BasicIO",
  "BasicIOBothWays",
  "PingPong",
  "RacyRead",
  "RacyWrite",
  "ReadTimeout",
  "WriteTimeout",
  "PastTimeout",
  "PresentTimeout",
  "FutureTimeout",
  "CloseTimeout",
  "ConcurrentMethods",
  "TimeoutErrors",
  "MovedDeadline",
  "CloseUnblocks",
  "PeerCloseRead",
  "PeerCloseWrite",
  "ReadOrder",
  "WriteOrder",
  "AsyncIterator",
  "Readable",
  "Writable",
  "StreamsEcho",
  "EmptyBuffers",
  "AsyncDispose",
  "Addrs",
] as const;

/** ConnTestName is the name of one test of the suite. */
export type ConnTestName = (typeof connTestNames)[number] | (typeof connTimingTestNames)[number];

/** TestConnOptions tunes testConn. */
export interface TestConnOptions {
  /** api registers the tests; the default is node:test, loaded on demand. */
  api?: TestAPI;
  /** timeoutMs bounds each test body; when it passes, the pair is stopped and the test fails. Default 5000. */
  timeoutMs?: number;
  /**
   * isClosedError says whether err is what an operation on a locally closed Conn throws. The
   * default accepts anything that Is ErrClosed (net's conns) or ErrClosedPipe (Pipe).
   */
  isClosedError?: (err: unknown) => boolean;
  /**
   * errors are the Is function and the sentinels to test against; pass the ones of the package
   * under test when it is a separate copy (a bundle), since sentinels compare by identity.
   * Default: src/errors.ts and src/io.ts.
   */
  errors?: { Is: (err: unknown, target: unknown) => boolean; ErrDeadlineExceeded: unknown; ErrClosed?: unknown; ErrClosedPipe?: unknown };
  /** skip names tests not to register, for a transport that documents why it differs. */
  skip?: readonly (ConnTestName | ConnWriteTestName)[];
}

/**
 * testConn registers, inside `describe(name)`, one test per check of golang.org/x/net/nettest's
 * TestConn (BasicIO, PingPong, RacyRead, RacyWrite, ReadTimeout, WriteTimeout, PastTimeout,
 * PresentTimeout, FutureTimeout, CloseTimeout, ConcurrentMethods) and of gonet's Conn contract,
 * then, in a nested `describe("deadline timing")`, the timed deadline checks of
 * connTimingTestNames (Go's timeout_test.go: a deadline fails no earlier than it passes and not
 * long after; a test there may take up to 20 s when a deadline is late).
 *
 * Contract for the transport under test:
 * - `makePipe` resolves a fresh pair per test: bytes written on c1 are read on c2 and the other
 *   way round; `stop` closes everything and must tolerate ends the test already closed. The suite
 *   never calls SetDeadline on a Conn after either end was closed.
 * - Nothing is assumed about buffering: Pipe buffers nothing, TCP a lot; tests that need a Write
 *   to block write until it fails, and yield to the event loop while doing so.
 * - Read resolves null once the peer has closed (or closed its writable); a Read or Write of an
 *   empty buffer resolves 0; Reads and Writes issued concurrently are served in call order and
 *   Writes do not interleave; once a Read or Write has settled, the Conn no longer touches its
 *   buffer.
 * - A deadline that passes fails pending and future operations with an error that Is
 *   ErrDeadlineExceeded, whose Timeout() is true and whose message ends in `i/o timeout`;
 *   moving or clearing the deadline makes the Conn usable again, and a read deadline does not
 *   affect writes (nor the other way round).
 * - Close makes pending and later Reads and Writes of that end throw a "closed" error (see
 *   isClosedError); the peer's Reads then resolve null and its Writes eventually throw.
 * - `for await (const chunk of conn)`, `conn.readable` and `conn.writable` carry the same bytes as
 *   Read and Write; a chunk yielded is the consumer's to keep (not a view of a reused buffer);
 *   closing the writable ends the stream for the peer.
 * - No loop in the suite runs without yielding to the event loop, so the per-test timer fires
 *   even against a Conn that settles everything in microtasks (as Pipe does).
 *
 * Each test body is bounded by `timeoutMs` (the pair is stopped when it passes) and teardown by
 * two more seconds, so no test hangs. testConn resolves once the tests are registered; with
 * `api` given it registers them synchronously.
 *
 * @example
 * import { describe, it } from "node:test";
 * import { Pipe } from "../src/pipe.js";
 * import { testConn } from "./conformance/conn.js";
 * testConn("Pipe", async () => {
 *   const [c1, c2] = Pipe();
 *   return { c1, c2, stop: async () => { await c1.Close(); await c2.Close(); } };
 * }, { api: { describe, it } });
 */
export async function testConn(name: string, makePipe: MakePipe, opts: TestConnOptions = {}): Promise<void> {
  const api = opts.api ?? (await loadNodeTest());
  const timeoutMs = opts.timeoutMs ?? 5000;
  const errs = opts.errors ?? { Is, ErrDeadlineExceeded };
  const closed = errs.ErrClosed ?? ErrClosed;
  const closedPipe = errs.ErrClosedPipe ?? ErrClosedPipe;
  const isClosedError = opts.isClosedError ?? ((err: unknown) => errs.Is(err, closed) || errs.Is(err, closedPipe));
  const skip = new Set<string>(opts.skip ?? []);
  api.describe(name, () => {
    for (const testName of connTestNames) {
      if (skip.has(testName)) continue;
      const body = tests[testName];
      api.it(testName, () => run(makePipe, timeoutMs, body, errs.Is, errs.ErrDeadlineExceeded, isClosedError));
    }
    registerTimingTests(api, skip, (body) => run(makePipe, Math.max(timeoutMs, timingTimeoutMs), body, errs.Is, errs.ErrDeadlineExceeded, isClosedError));
    registerWriteTests(api, makePipe, timeoutMs, errs, isClosedError, skip);
  });
}

async function loadNodeTest(): Promise<TestAPI> {
  // A computed specifier keeps bundlers from resolving node:test for a browser build.
  const specifier = "node:test";
  return (await import(specifier)) as TestAPI;
}

// ---------------------------------------------------------------------------
// The harness: bounded tests, background I/O, non-fatal errors like t.Errorf.

const teardownMs = 2000;
const aLongTimeAgo = new Date(233431200 * 1000);
const neverTimeout = null;

class T {
  readonly #errors: string[] = [];
  readonly #background: Promise<void>[] = [];

  constructor(
    readonly Is: (err: unknown, target: unknown) => boolean,
    readonly ErrDeadlineExceeded: unknown,
    readonly isClosedError: (err: unknown) => boolean,
  ) {}

  /** errorf records a failure and lets the test go on, as Go's t.Errorf. */
  errorf(msg: string): void {
    this.#errors.push(msg);
  }

  /** check fails the test at once unless cond holds, as Go's t.Fatalf. */
  check(cond: boolean, msg: string): asserts cond {
    if (!cond) throw new Error(msg);
  }

  /** bg starts background I/O whose outcome does not matter (Go's `go chunkedCopy(...)`); it must end once the pair is stopped. */
  bg(f: () => Promise<unknown>): void {
    this.#background.push(
      f().then(
        () => undefined,
        () => undefined,
      ),
    );
  }

  /** checkForTimeoutError records a failure unless err is a deadline error. */
  checkForTimeoutError(err: unknown, what: string): void {
    const e = err as { Timeout?: unknown; message?: unknown } | null;
    if (typeof e !== "object" || e === null || typeof e.Timeout !== "function") {
      this.errorf(`${what}: got ${errText(err)}, want a net error with Timeout()`);
      return;
    }
    if ((e.Timeout as () => unknown).call(e) !== true) this.errorf(`${what}: err.Timeout() = false, want true (${errText(err)})`);
    if (!this.Is(err, this.ErrDeadlineExceeded)) this.errorf(`${what}: Is(err, ErrDeadlineExceeded) = false (${errText(err)})`);
  }

  async settleBackground(): Promise<void> {
    await withTimeout(
      Promise.all(this.#background),
      teardownMs,
      "background I/O still pending after stop(): Close must unblock pending Read and Write",
    );
  }

  finish(): void {
    if (this.#errors.length > 0) throw new Error(this.#errors.join("\n"));
  }
}

type ConnTest = (t: T, c1: Conn, c2: Conn) => Promise<void>;

async function run(
  makePipe: MakePipe,
  timeoutMs: number,
  f: ConnTest,
  is: (err: unknown, target: unknown) => boolean,
  deadlineErr: unknown,
  isClosedError: (err: unknown) => boolean,
): Promise<void> {
  const { c1, c2, stop } = await withTimeout(makePipe(), timeoutMs, "makePipe did not resolve");
  let stopping: Promise<void> | undefined;
  const stopOnce = (): Promise<void> => (stopping ??= stop());
  const t = new T(is, deadlineErr, isClosedError);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stopOnce().catch(() => undefined);
      reject(new Error(`test timed out after ${timeoutMs} ms; terminating pipe`));
    }, timeoutMs);
  });
  try {
    await Promise.race([f(t, c1, c2), expired]);
  } finally {
    clearTimeout(timer);
    await withTimeout(stopOnce(), teardownMs, "stop() did not resolve");
    await t.settleBackground();
  }
  t.finish();
}

function withTimeout<T>(p: Promise<T>, ms: number, msg: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${msg} within ${ms} ms`)), ms);
  });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// yieldToLoop lets timers run, so a loop of Writes that never block cannot starve a deadline.
function yieldToLoop(): Promise<void> {
  return delay(0);
}

// track marks p as handled, so that it may reject before the test awaits it without an
// unhandled rejection; awaiting it still throws.
function track<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function errText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

// expectReject resolves the error p rejects with, or fails the test if p resolves.
async function expectReject(t: T, p: Promise<unknown>, what: string): Promise<unknown> {
  let v: unknown;
  try {
    v = await p;
  } catch (err) {
    return err;
  }
  t.check(false, `${what}: resolved ${String(v)}, want an error`);
}

// xorshift32: a seeded generator, so failures reproduce.
function rng(seed: number): () => number {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

function randomBytes(n: number, seed: number): Uint8Array {
  const next = rng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = next() & 0xff;
  return b;
}

// randReader is an endless Reader of random bytes (Go's rand.New(rand.NewSource(0))).
function randReader(seed: number): Reader {
  const next = rng(seed);
  return {
    Read(p: Uint8Array): Promise<number> {
      for (let i = 0; i < p.length; i++) p[i] = next() & 0xff;
      return Promise.resolve(p.length);
    },
  };
}

// bytesReader reads data, then resolves null (Go's bytes.NewReader).
function bytesReader(data: Uint8Array): Reader {
  let off = 0;
  return {
    Read(p: Uint8Array): Promise<number | null> {
      if (off >= data.length) return Promise.resolve(null);
      const n = Math.min(p.length, data.length - off);
      p.set(data.subarray(off, off + n));
      off += n;
      return Promise.resolve(n);
    },
  };
}

// collector is a Writer that keeps a copy of everything (Go's bytes.Buffer).
class collector implements Writer {
  #chunks: Uint8Array[] = [];
  Write(p: Uint8Array): Promise<number> {
    this.#chunks.push(p.slice());
    return Promise.resolve(p.length);
  }
  bytes(): Uint8Array {
    return concat(this.#chunks);
  }
}

const discard: Writer = { Write: (p) => Promise.resolve(p.length) };

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

// fnv1a is the checksum the data tests report.
function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193) >>> 0;
  return h;
}

// checkBytes fails with the first difference unless got equals want.
function checkBytes(t: T, got: Uint8Array, want: Uint8Array, what: string): void {
  let i = 0;
  const n = Math.min(got.length, want.length);
  while (i < n && got[i] === want[i]) i++;
  if (i === n && got.length === want.length) return;
  t.check(
    false,
    `${what}: got ${got.length} bytes (fnv1a ${fnv1a(got).toString(16)}), want ${want.length} (fnv1a ${fnv1a(want).toString(16)}); first difference at byte ${i}`,
  );
}

// chunkedCopy copies in 1024-byte chunks, as nettest's does (packet conns need it), and yields
// to the event loop now and then: a Pipe moves bytes in microtasks only, and a loop that never
// yields would keep the test's own timeout from firing.
async function chunkedCopy(w: Writer, r: Reader): Promise<number> {
  const buf = new Uint8Array(1024);
  let written = 0;
  for (let i = 1; ; i++) {
    const n = await r.Read(buf);
    if (n === null) return written;
    if (n > 0) written += await w.Write(buf.subarray(0, n));
    if (i % 64 === 0) await yieldToLoop();
  }
}

// writeUntilError writes 1024-byte chunks until a Write throws, and resolves that error.
async function writeUntilError(c: Conn): Promise<unknown> {
  for (let i = 1; ; i++) {
    try {
      await c.Write(new Uint8Array(1024));
    } catch (err) {
      return err;
    }
    if (i % 64 === 0) await yieldToLoop();
  }
}

// readUntilError reads until a Read throws (resolving the error) or resolves null (resolving null).
async function readUntilError(c: Conn): Promise<unknown> {
  const buf = new Uint8Array(1024);
  for (let i = 1; ; i++) {
    try {
      if ((await c.Read(buf)) === null) return null;
    } catch (err) {
      return err;
    }
    if (i % 64 === 0) await yieldToLoop();
  }
}

// testRoundtrip writes something into c and reads it back; the peer echoes.
async function testRoundtrip(t: T, c: Conn): Promise<void> {
  c.SetDeadline(neverTimeout);
  const s = "Hello, world!";
  const buf = new TextEncoder().encode(s);
  try {
    await c.Write(buf);
  } catch (err) {
    t.errorf(`roundtrip Write error: ${errText(err)}`);
  }
  try {
    const n = await ReadFull(c, buf);
    if (n === null) t.errorf("roundtrip Read: unexpected end of stream");
  } catch (err) {
    t.errorf(`roundtrip Read error: ${errText(err)}`);
  }
  const got = new TextDecoder().decode(buf);
  if (got !== s) t.errorf(`roundtrip data mismatch: got ${JSON.stringify(got)}, want ${JSON.stringify(s)}`);
}

// resyncConn drains c until the 0xff it writes comes back; the peer echoes, and no 0xff is on the wire.
async function resyncConn(t: T, c: Conn): Promise<void> {
  c.SetDeadline(neverTimeout);
  const written = c.Write(Uint8Array.of(0xff)).then(
    () => null,
    (err: unknown) => err,
  );
  const buf = new Uint8Array(1024);
  for (let i = 1; ; i++) {
    if (i % 64 === 0) await yieldToLoop();
    let n: number | null;
    try {
      n = await c.Read(buf);
    } catch (err) {
      t.errorf(`unexpected Read error: ${errText(err)}`);
      break;
    }
    if (n === null) {
      t.errorf("unexpected end of stream while resynchronizing");
      break;
    }
    if (n > 0 && buf.subarray(0, n).indexOf(0xff) === n - 1) break;
  }
  const err = await written;
  if (err !== null) t.errorf(`unexpected Write error: ${errText(err)}`);
}

// ---------------------------------------------------------------------------
// nettest's checks.

// BasicIO: the data sent on c1 is properly received on c2.
async function testBasicIO(t: T, c1: Conn, c2: Conn): Promise<void> {
  const want = randomBytes(1 << 20, 0);
  const writer = (async () => {
    try {
      await chunkedCopy(c1, bytesReader(want));
    } catch (err) {
      t.errorf(`unexpected c1.Write error: ${errText(err)}`);
    }
    try {
      await c1.Close();
    } catch (err) {
      t.errorf(`unexpected c1.Close error: ${errText(err)}`);
    }
  })();
  const reader = (async () => {
    const wr = new collector();
    try {
      await chunkedCopy(wr, c2);
    } catch (err) {
      t.errorf(`unexpected c2.Read error: ${errText(err)}`);
    }
    try {
      await c2.Close();
    } catch (err) {
      t.errorf(`unexpected c2.Close error: ${errText(err)}`);
    }
    return wr.bytes();
  })();
  const [, got] = await Promise.all([writer, reader]);
  checkBytes(t, got, want, "transmitted data differs");
}

// BasicIOBothWays (gonet): random data crosses in both directions at once.
async function testBasicIOBothWays(t: T, c1: Conn, c2: Conn): Promise<void> {
  const a = randomBytes(1 << 20, 1);
  const b = randomBytes(1 << 20, 2);
  const recv = async (c: Conn, n: number): Promise<Uint8Array> => {
    const buf = new Uint8Array(n);
    const got = await ReadFull(c, buf);
    t.check(got === n, `ReadFull resolved ${String(got)}, want ${n}`);
    return buf;
  };
  const [, , gotB, gotA] = await Promise.all([chunkedCopy(c1, bytesReader(a)), chunkedCopy(c2, bytesReader(b)), recv(c1, b.length), recv(c2, a.length)]);
  checkBytes(t, gotA, a, "c1 -> c2 data differs");
  checkBytes(t, gotB, b, "c2 -> c1 data differs");
}

// PingPong: the two ends synchronously send data to each other in a request-response pattern.
async function testPingPong(t: T, c1: Conn, c2: Conn): Promise<void> {
  const pingPonger = async (c: Conn): Promise<void> => {
    const buf = new Uint8Array(8);
    const view = new DataView(buf.buffer);
    let prev = 0n;
    for (let i = 1; ; i++) {
      if (i > 1000) {
        t.errorf("more than 1000 exchanges without reaching 1000");
        break;
      }
      if (i % 64 === 0) await yieldToLoop();
      let n: number | null;
      try {
        n = await ReadFull(c, buf);
      } catch (err) {
        t.errorf(`unexpected Read error: ${errText(err)}`);
        break;
      }
      if (n === null) break;
      const v = view.getBigUint64(0, true);
      view.setBigUint64(0, v + 1n, true);
      if (prev !== 0n && prev + 2n !== v) t.errorf(`mismatching value: got ${v}, want ${prev + 2n}`);
      prev = v;
      if (v === 1000n) break;
      try {
        await c.Write(buf);
      } catch (err) {
        t.errorf(`unexpected Write error: ${errText(err)}`);
        break;
      }
    }
    try {
      await c.Close();
    } catch (err) {
      t.errorf(`unexpected Close error: ${errText(err)}`);
    }
  };
  const done = Promise.all([pingPonger(c1), pingPonger(c2)]);
  // Start off the chain reaction.
  try {
    await c1.Write(new Uint8Array(8));
  } catch (err) {
    t.errorf(`unexpected c1.Write error: ${errText(err)}`);
  }
  await done;
}

// RacyRead: a Read buffer may be reused as soon as the Read settles, even when a deadline cut it short.
async function testRacyRead(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(c2, randReader(0)));
  const marker = 0xa5;
  const used: Uint8Array[] = [];
  c1.SetReadDeadline(Date.now() + 1);
  const worker = async (): Promise<void> => {
    for (let j = 0; j < 100; j++) {
      const b1 = new Uint8Array(1024);
      try {
        await c1.Read(b1);
      } catch (err) {
        t.checkForTimeoutError(err, "Read");
        c1.SetReadDeadline(Date.now() + 1);
      }
      b1.fill(marker); // Mutate b1, as Go's copy(b1, b2), and keep it to see whether the Conn writes into it later.
      used.push(b1);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  await yieldToLoop();
  const touched = used.filter((b) => b.some((x) => x !== marker)).length;
  t.check(touched === 0, `${touched} Read buffers were written to after their Read settled`);
}

// RacyWrite: a Write buffer may be reused as soon as the Write settles, even when a deadline cut it short.
async function testRacyWrite(t: T, c1: Conn, c2: Conn): Promise<void> {
  const marker = 0xee;
  let mutated = 0;
  let synced!: () => void;
  const sync = new Promise<void>((resolve) => (synced = resolve));
  // The peer reads zeros until the final 0xff; a marker byte means a settled Write's buffer was read later.
  t.bg(async () => {
    const buf = new Uint8Array(1024);
    for (;;) {
      const n = await c2.Read(buf);
      if (n === null) return;
      for (let i = 0; i < n; i++) {
        if (buf[i] === 0xff) {
          synced();
          return;
        }
        if (buf[i] !== 0) mutated++;
      }
    }
  });
  c1.SetWriteDeadline(Date.now() + 1);
  const worker = async (): Promise<void> => {
    for (let j = 0; j < 100; j++) {
      const b1 = new Uint8Array(1024);
      try {
        await c1.Write(b1);
      } catch (err) {
        t.checkForTimeoutError(err, "Write");
        c1.SetWriteDeadline(Date.now() + 1);
      }
      b1.fill(marker); // Mutate b1 to trigger a potential race.
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  c1.SetWriteDeadline(neverTimeout);
  await c1.Write(Uint8Array.of(0xff));
  await sync;
  t.check(mutated === 0, `the peer received ${mutated} bytes written into buffers after their Write settled`);
}

// ReadTimeout: Read timeouts do not affect Write.
async function testReadTimeout(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(discard, c2));
  c1.SetReadDeadline(aLongTimeAgo);
  t.checkForTimeoutError(await expectReject(t, c1.Read(new Uint8Array(1024)), "Read with a past deadline"), "Read");
  try {
    const n = await c1.Write(new Uint8Array(1024));
    if (n !== 1024) t.errorf(`Write resolved ${n}, want 1024`);
  } catch (err) {
    t.errorf(`unexpected Write error: ${errText(err)}`);
  }
}

// WriteTimeout: Write timeouts do not affect Read.
async function testWriteTimeout(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(c2, randReader(0)));
  c1.SetWriteDeadline(aLongTimeAgo);
  t.checkForTimeoutError(await expectReject(t, c1.Write(new Uint8Array(1024)), "Write with a past deadline"), "Write");
  try {
    const n = await c1.Read(new Uint8Array(1024));
    if (n === null || n <= 0) t.errorf(`Read resolved ${String(n)}, want data`);
  } catch (err) {
    t.errorf(`unexpected Read error: ${errText(err)}`);
  }
}

// PastTimeout: a deadline set in the past immediately times out Read and Write.
async function testPastTimeout(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(c2, c2));
  await testRoundtrip(t, c1);
  c1.SetDeadline(aLongTimeAgo);
  t.checkForTimeoutError(await expectReject(t, c1.Write(new Uint8Array(1024)), "Write with a past deadline"), "Write");
  t.checkForTimeoutError(await expectReject(t, c1.Read(new Uint8Array(1024)), "Read with a past deadline"), "Read");
  // A Write that wrote anything would show up here as a data mismatch.
  await testRoundtrip(t, c1);
}

// PresentTimeout: a past deadline set while Read and Write are pending times them out at once.
async function testPresentTimeout(t: T, c1: Conn, _c2: Conn): Promise<void> {
  let deadlineSet = false;
  const setter = (async () => {
    await delay(100);
    deadlineSet = true;
    c1.SetReadDeadline(aLongTimeAgo);
    c1.SetWriteDeadline(aLongTimeAgo);
  })();
  const reader = (async () => {
    let n: number | null;
    try {
      n = await c1.Read(new Uint8Array(1024));
    } catch (err) {
      t.checkForTimeoutError(err, "Read");
      if (!deadlineSet) t.errorf("Read timed out before deadline is set");
      return;
    }
    t.errorf(`unexpected Read count: got ${String(n)}, want an error`);
  })();
  const writer = (async () => {
    const err = await writeUntilError(c1);
    t.checkForTimeoutError(err, "Write");
    if (!deadlineSet) t.errorf("Write timed out before deadline is set");
  })();
  await Promise.all([setter, reader, writer]);
}

// FutureTimeout: a future deadline eventually times out Read and Write; clearing it makes the Conn work again.
async function testFutureTimeout(t: T, c1: Conn, c2: Conn): Promise<void> {
  c1.SetDeadline(Date.now() + 100);
  await Promise.all([
    (async () => {
      t.checkForTimeoutError(await expectReject(t, c1.Read(new Uint8Array(1024)), "Read past a future deadline"), "Read");
    })(),
    (async () => {
      t.checkForTimeoutError(await writeUntilError(c1), "Write");
    })(),
  ]);
  t.bg(() => chunkedCopy(c2, c2));
  await resyncConn(t, c1);
  await testRoundtrip(t, c1);
}

// CloseTimeout: Close immediately cancels pending Read and Write.
async function testCloseTimeout(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(c2, c2));
  c1.SetDeadline(neverTimeout);
  await Promise.all([
    (async () => {
      await delay(100);
      await c1.Close();
    })(),
    readUntilError(c1),
    writeUntilError(c1),
  ]);
}

// ConcurrentMethods: the methods of Conn can be called concurrently.
async function testConcurrentMethods(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.bg(() => chunkedCopy(c2, c2));
  const next = rng(7);
  const ops: Promise<void>[] = [];
  const onError =
    (what: string) =>
    (err: unknown): void =>
      t.checkForTimeoutError(err, what);
  const calls: Array<() => void> = [
    () => ops.push(c1.Read(new Uint8Array(1024)).then(() => undefined, onError("Read"))),
    () => ops.push(c1.Write(new Uint8Array(1024)).then(() => undefined, onError("Write"))),
    () => c1.SetDeadline(Date.now() + 10),
    () => c1.SetReadDeadline(aLongTimeAgo),
    () => c1.SetWriteDeadline(aLongTimeAgo),
    () => void c1.LocalAddr(),
    () => void c1.RemoteAddr(),
  ];
  for (let i = 0; i < 100; i++) {
    // Shuffle the calls and yield now and then, for the interleavings goroutines would give.
    const order = calls.slice();
    for (let k = order.length - 1; k > 0; k--) {
      const j = next() % (k + 1);
      [order[k], order[j]] = [order[j] as () => void, order[k] as () => void];
    }
    for (const call of order) {
      call();
      const r = next() % 16;
      if (r === 0) await yieldToLoop();
      else if (r < 4) await Promise.resolve();
    }
  }
  // At worst, the deadline is set 10ms into the future.
  await Promise.all(ops);
  await resyncConn(t, c1);
  await testRoundtrip(t, c1);
}

// ---------------------------------------------------------------------------
// gonet's additions.

// TimeoutErrors: deadline errors are ErrDeadlineExceeded, Timeout() is true and the text is Go's.
async function testTimeoutErrors(t: T, c1: Conn, _c2: Conn): Promise<void> {
  const checkErr = (err: unknown, what: string): void => {
    t.checkForTimeoutError(err, what);
    const msg = err instanceof Error ? err.message : "";
    if (!msg.endsWith("i/o timeout")) t.errorf(`${what}: message ${JSON.stringify(msg)} does not end in "i/o timeout"`);
  };
  c1.SetReadDeadline(aLongTimeAgo);
  checkErr(await expectReject(t, c1.Read(new Uint8Array(16)), "Read with a past deadline"), "past read deadline");
  c1.SetWriteDeadline(aLongTimeAgo);
  checkErr(await expectReject(t, c1.Write(new Uint8Array(16)), "Write with a past deadline"), "past write deadline");
  c1.SetDeadline(Date.now() + 20);
  checkErr(await expectReject(t, c1.Read(new Uint8Array(16)), "Read past a future deadline"), "future read deadline");
  checkErr(await writeUntilError(c1), "future write deadline");
}

// MovedDeadline: a deadline moved later spares a pending Read; one moved earlier fails it; cleared, the Conn works.
async function testMovedDeadline(t: T, c1: Conn, c2: Conn): Promise<void> {
  const buf = new Uint8Array(16);
  c1.SetReadDeadline(Date.now() + 30);
  const spared = track(c1.Read(buf));
  c1.SetReadDeadline(Date.now() + 60_000);
  await delay(120); // well past the first deadline
  const word = new TextEncoder().encode("moved");
  const [n] = await Promise.all([spared, c2.Write(word)]);
  t.check(n === word.length, `Read after the deadline moved later resolved ${String(n)}, want ${word.length}`);
  checkBytes(t, buf.subarray(0, n), word, "Read after the deadline moved later");

  const cut = c1.Read(buf);
  c1.SetReadDeadline(Date.now() + 20);
  t.checkForTimeoutError(await expectReject(t, cut, "Read after the deadline moved earlier"), "Read after the deadline moved earlier");

  c1.SetReadDeadline(neverTimeout);
  const again = new TextEncoder().encode("again");
  const [m] = await Promise.all([c1.Read(buf), c2.Write(again)]);
  t.check(m === again.length, `Read after the deadline was cleared resolved ${String(m)}, want ${again.length}`);
  checkBytes(t, buf.subarray(0, m), again, "Read after the deadline was cleared");
}

// CloseUnblocks: Close fails a pending Read and Write with a closed error, and every later one.
async function testCloseUnblocks(t: T, c1: Conn, _c2: Conn): Promise<void> {
  const reading = track(c1.Read(new Uint8Array(1024)));
  const writing = writeUntilError(c1);
  await delay(50);
  await c1.Close();
  const rerr = await expectReject(t, reading, "pending Read across Close");
  if (!t.isClosedError(rerr)) t.errorf(`pending Read: got ${errText(rerr)}, want a closed error`);
  const werr = await writing;
  if (!t.isClosedError(werr)) t.errorf(`pending Write: got ${errText(werr)}, want a closed error`);
  const rerr2 = await expectReject(t, c1.Read(new Uint8Array(1)), "Read after Close");
  if (!t.isClosedError(rerr2)) t.errorf(`Read after Close: got ${errText(rerr2)}, want a closed error`);
  const werr2 = await expectReject(t, c1.Write(new Uint8Array(1)), "Write after Close");
  if (!t.isClosedError(werr2)) t.errorf(`Write after Close: got ${errText(werr2)}, want a closed error`);
}

// PeerCloseRead: Reads resolve null once the peer has closed, pending ones included.
async function testPeerCloseRead(t: T, c1: Conn, c2: Conn): Promise<void> {
  const buf = new Uint8Array(64);
  const pending = track(c1.Read(buf));
  await c2.Close();
  t.check((await pending) === null, "pending Read across the peer's Close did not resolve null");
  t.check((await c1.Read(buf)) === null, "Read after the peer's Close did not resolve null");
  t.check((await c1.Read(buf)) === null, "second Read after the peer's Close did not resolve null");
}

// PeerCloseWrite: Writes fail, sooner or later, once the peer has closed, pending ones included.
async function testPeerCloseWrite(t: T, c1: Conn, c2: Conn): Promise<void> {
  const writing = writeUntilError(c1);
  await delay(50);
  await c2.Close();
  const err = await writing;
  t.check(err instanceof Error, `Write across the peer's Close threw ${errText(err)}, want an Error`);
  const err2 = await writeUntilError(c1);
  t.check(err2 instanceof Error, `Write after the peer's Close threw ${errText(err2)}, want an Error`);
}

// ReadOrder: concurrent Reads are served in call order.
async function testReadOrder(t: T, c1: Conn, c2: Conn): Promise<void> {
  const data = randomBytes(4096, 3);
  const parts: Uint8Array[] = [];
  let consumed = 0;
  // reads issues k 16-byte Reads at once and records what they got, in call order.
  const reads = async (k: number, beforeAwait: () => Promise<unknown>): Promise<void> => {
    const bufs = Array.from({ length: k }, () => new Uint8Array(16));
    const pending = Promise.all(bufs.map((b) => c1.Read(b)));
    const [ns] = await Promise.all([pending, beforeAwait()]);
    ns.forEach((n, i) => {
      t.check(n !== null && n > 0, `concurrent Read resolved ${String(n)}, want data`);
      parts.push((bufs[i] as Uint8Array).subarray(0, n));
      consumed += n;
    });
  };
  // Queue 8 Reads, then write the 128 bytes they can hold: the Reads wait before any data
  // arrives. Leftovers of short Reads only add to what the next Reads find, so none waits forever.
  for (let off = 0; off < data.length; off += 128) await reads(8, () => c2.Write(data.subarray(off, off + 128)));
  // Drain what short Reads left, never queueing more Reads than the bytes left could fill.
  while (consumed < data.length) await reads(Math.min(8, Math.ceil((data.length - consumed) / 16)), () => Promise.resolve());
  checkBytes(t, concat(parts), data, "data of concurrent Reads, in call order");
}

// WriteOrder: concurrent Writes are served in call order and do not interleave.
async function testWriteOrder(t: T, c1: Conn, c2: Conn): Promise<void> {
  const size = 64 * 1024;
  const parts = [0x41, 0x42, 0x43, 0x44].map((v) => new Uint8Array(size).fill(v));
  const writes = parts.map((p) => track(c1.Write(p)));
  const got = new Uint8Array(size * parts.length);
  t.check((await ReadFull(c2, got)) === got.length, "ReadFull resolved a short count");
  const ns = await Promise.all(writes);
  t.check(
    ns.every((n) => n === size),
    `Writes resolved ${ns.join(", ")}, want ${size} each`,
  );
  checkBytes(t, got, concat(parts), "data of concurrent Writes");
}

// AsyncIterator: `for await (const chunk of conn)` yields the bytes Read would, and ends with the stream.
async function testAsyncIterator(t: T, c1: Conn, c2: Conn): Promise<void> {
  const want = randomBytes(100_000, 4);
  const writer = track(
    (async () => {
      await chunkedCopy(c2, bytesReader(want));
      await c2.Close();
    })(),
  );
  const chunks: Uint8Array[] = [];
  for await (const chunk of c1) {
    if (chunks.length % 64 === 63) await yieldToLoop();
    t.check(chunk instanceof Uint8Array && chunk.length > 0, "for await yielded an empty or non-Uint8Array chunk");
    chunks.push(chunk); // kept as yielded: a chunk is the consumer's to keep
  }
  await writer;
  checkBytes(t, concat(chunks), want, "for await data");
}

// Readable: conn.readable carries the bytes Read would, and closes with the stream.
async function testReadable(t: T, c1: Conn, c2: Conn): Promise<void> {
  const want = randomBytes(100_000, 5);
  const writer = track(
    (async () => {
      await chunkedCopy(c2, bytesReader(want));
      await c2.Close();
    })(),
  );
  const reader = c1.readable.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    if (chunks.length % 64 === 63) await yieldToLoop();
    const { done, value } = await reader.read();
    if (done) break;
    t.check(value instanceof Uint8Array, "readable yielded a non-Uint8Array chunk");
    chunks.push(value); // kept as yielded: a chunk is the consumer's to keep
  }
  await writer;
  t.check(c1.readable === c1.readable, "readable is not the same stream on every access");
  checkBytes(t, concat(chunks), want, "readable data");
}

// Writable: conn.writable carries its chunks as Write would, and closing it ends the stream for the peer.
async function testWritable(t: T, c1: Conn, c2: Conn): Promise<void> {
  const want = randomBytes(100_000, 6);
  const reading = track(ReadAll(c2));
  const writer = c1.writable.getWriter();
  for (let off = 0; off < want.length; off += 7000) await writer.write(want.subarray(off, off + 7000));
  await writer.close();
  checkBytes(t, await reading, want, "writable data");
}

// StreamsEcho: the peer echoes with readable.pipeTo(writable); the echo ends when this end closes.
async function testStreamsEcho(t: T, c1: Conn, c2: Conn): Promise<void> {
  const echo = c2.readable.pipeTo(c2.writable).then(
    () => undefined,
    () => undefined,
  );
  const want = randomBytes(50_000, 7);
  const got = new Uint8Array(want.length);
  const [, n] = await Promise.all([chunkedCopy(c1, bytesReader(want)), ReadFull(c1, got)]);
  t.check(n === want.length, `ReadFull resolved ${String(n)}, want ${want.length}`);
  checkBytes(t, got, want, "echoed data");
  await c1.Close();
  await echo;
}

// EmptyBuffers: a Read or Write of an empty buffer resolves 0 at once and leaves the Conn usable.
async function testEmptyBuffers(t: T, c1: Conn, c2: Conn): Promise<void> {
  t.check((await c1.Read(new Uint8Array(0))) === 0, "Read of an empty buffer did not resolve 0");
  t.check((await c1.Write(new Uint8Array(0))) === 0, "Write of an empty buffer did not resolve 0");
  const buf = new Uint8Array(4);
  const [n] = await Promise.all([c2.Read(buf), c1.Write(Uint8Array.of(1, 2, 3))]);
  t.check(n === 3, `Read after the empty calls resolved ${String(n)}, want 3`);
  checkBytes(t, buf.subarray(0, 3), Uint8Array.of(1, 2, 3), "data after the empty calls");
}

// AsyncDispose: `await using` closes the Conn.
async function testAsyncDispose(t: T, c1: Conn, c2: Conn): Promise<void> {
  await c1[Symbol.asyncDispose]();
  t.check((await c2.Read(new Uint8Array(8))) === null, "the peer's Read after asyncDispose did not resolve null");
  const err = await expectReject(t, c1.Read(new Uint8Array(8)), "Read after asyncDispose");
  if (!t.isClosedError(err)) t.errorf(`Read after asyncDispose: got ${errText(err)}, want a closed error`);
}

// Addrs: LocalAddr and RemoteAddr are Addrs.
async function testAddrs(t: T, c1: Conn, c2: Conn): Promise<void> {
  for (const [what, a] of [
    ["c1.LocalAddr()", c1.LocalAddr()],
    ["c1.RemoteAddr()", c1.RemoteAddr()],
    ["c2.LocalAddr()", c2.LocalAddr()],
    ["c2.RemoteAddr()", c2.RemoteAddr()],
  ] as const) {
    t.check(typeof a.Network() === "string" && a.Network() !== "", `${what}.Network() is not a non-empty string`);
    t.check(typeof a.String() === "string", `${what}.String() is not a string`);
  }
}

const tests: Record<(typeof connTestNames)[number], ConnTest> = {
  BasicIO: testBasicIO,
  BasicIOBothWays: testBasicIOBothWays,
  PingPong: testPingPong,
  RacyRead: testRacyRead,
  RacyWrite: testRacyWrite,
  ReadTimeout: testReadTimeout,
  WriteTimeout: testWriteTimeout,
  PastTimeout: testPastTimeout,
  PresentTimeout: testPresentTimeout,
  FutureTimeout: testFutureTimeout,
  CloseTimeout: testCloseTimeout,
  ConcurrentMethods: testConcurrentMethods,
  TimeoutErrors: testTimeoutErrors,
  MovedDeadline: testMovedDeadline,
  CloseUnblocks: testCloseUnblocks,
  PeerCloseRead: testPeerCloseRead,
  PeerCloseWrite: testPeerCloseWrite,
  ReadOrder: testReadOrder,
  WriteOrder: testWriteOrder,
  AsyncIterator: testAsyncIterator,
  Readable: testReadable,
  Writable: testWritable,
  StreamsEcho: testStreamsEcho,
  EmptyBuffers: testEmptyBuffers,
  AsyncDispose: testAsyncDispose,
  Addrs: testAddrs,
};

// ---------------------------------------------------------------------------
// Deadline timing: Go's src/net/timeout_test.go (TestReadTimeoutFluctuation,
// TestWriteTimeoutFluctuation, TestReadTimeout, TestVariousDeadlines) on every transport. The
// checks above only ask whether a deadline fails an operation; these ask when: no earlier than
// the deadline, no later than timeoutUpperBound (test/helpers/timing.ts, retried with longer
// timeouts as Go's tests do on a slow machine), and at once for a deadline of now.

/** connTimingTestNames lists the deadline timing tests testConn registers, in their own describe block. */
export const connTimingTestNames = ["ReadDeadlineTiming", "WriteDeadlineTiming", "PresentDeadlineTiming", "MovedDeadlineTiming", "PastDeadlineDataReady"] as const;

// A timing test that fails retries with timeouts up to 4 s; its budget covers them.
const timingTimeoutMs = 20_000;

function registerTimingTests(api: TestAPI, skip: ReadonlySet<string>, runTest: (body: ConnTest) => Promise<void>): void {
  api.describe("deadline timing", () => {
    for (const testName of connTimingTestNames) {
      if (skip.has(testName)) continue;
      const body = timingTests[testName];
      api.it(testName, () => runTest(body));
    }
  });
}

// Write accounting: nothing is reported as written that was not. A Write that fails says, where
// the count is known, how many of its bytes went through (`bytesWritten`, Go's n beside the
// error), and the peer receives exactly the bytes reported (internal/poll's FD.Write returns
// the count written before waitWrite failed; net's conn.Write wraps the error in an OpError
// with Op "write").

/** connWriteTestNames lists the write-accounting tests testConn registers, in their own describe block. */
export const connWriteTestNames = ["CloseDuringWrite", "DeadlineDuringWrite"] as const;

/** ConnWriteTestName is the name of one write-accounting test. */
export type ConnWriteTestName = (typeof connWriteTestNames)[number];

const writeAccountingBlock = "write accounting";
const bigWrite = 8 << 20;

function registerWriteTests(api: TestAPI, makePipe: MakePipe, timeoutMs: number, errs: { Is: (err: unknown, target: unknown) => boolean; ErrDeadlineExceeded: unknown }, isClosedError: (err: unknown) => boolean, skip: ReadonlySet<string>): void {
  api.describe(writeAccountingBlock, () => {
    for (const testName of connWriteTestNames) {
      if (skip.has(testName)) continue;
      api.it(testName, () => run(makePipe, timeoutMs, writeTests[testName], errs.Is, errs.ErrDeadlineExceeded, isClosedError));
    }
  });
}

// settlesAtOnce reports whether p settles within a bounded run of microtasks, that is before any
// timer could fire: what a deadline already passed must do.
async function settlesAtOnce(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 200 && !settled; i++) await Promise.resolve();
  return settled;
}

// checkTiming records the problem timeDeadline found, and checks the error of the last attempt.
function checkTiming(t: T, r: { last: { err: unknown }; problem: string }, what: string): void {
  if (r.problem !== "") t.errorf(r.problem);
  t.checkForTimeoutError(r.last.err, what);
}

// fillWrites writes until a Write stays pending (the peer reads nothing), and returns that Write.
async function fillWrites(t: T, c: Conn): Promise<{ pending: Promise<number> }> {
  const chunk = new Uint8Array(64 * 1024);
  for (let i = 0; i < 1024; i++) {
    const w = track(c.Write(chunk));
    const done = await Promise.race([w.then(() => true, () => true), delay(20).then(() => false)]);
    if (!done) return { pending: w };
  }
  t.check(false, "64 MiB of Writes completed while the peer read nothing: no way to make a Write wait");
}

// ReadDeadlineTiming: a read deadline d ahead fails a pending Read no earlier than the deadline
// and within timeoutUpperBound(d), with ErrDeadlineExceeded (Go's TestReadTimeoutFluctuation).
async function testReadDeadlineTiming(t: T, c1: Conn, _c2: Conn): Promise<void> {
  const buf = new Uint8Array(256);
  const r = await timeDeadline("Read", async (deadline) => {
    c1.SetReadDeadline(deadline);
    const n = await c1.Read(buf);
    throw new Error(`Read resolved ${String(n)}, want a deadline error`);
  });
  checkTiming(t, r, "Read");
}

// WriteDeadlineTiming: with the peer reading nothing and the buffers full, a write deadline d
// ahead fails the pending Write no earlier than the deadline and within timeoutUpperBound(d)
// (Go's TestWriteTimeoutFluctuation); each retry finds the buffers still full. Then a deadline
// of now fails a waiting Write at once.
async function testWriteDeadlineTiming(t: T, c1: Conn, _c2: Conn): Promise<void> {
  let pending: Promise<number> | null = (await fillWrites(t, c1)).pending;
  const chunk = new Uint8Array(1024);
  const r = await timeDeadline("Write", async (deadline) => {
    c1.SetWriteDeadline(deadline);
    if (pending !== null) {
      const p = pending;
      pending = null;
      await p; // the Write left waiting by fillWrites fails at this deadline too
    }
    for (let i = 1; i <= 1 << 16; i++) {
      await c1.Write(chunk);
      if (i % 64 === 0) await yieldToLoop();
    }
    throw new Error("64 MiB of Writes completed while the peer read nothing");
  });
  checkTiming(t, r, "Write");
  // The buffers are still full: a Write waits until a deadline of now fails it at once.
  c1.SetWriteDeadline(neverTimeout);
  const waiting = track(c1.Write(chunk));
  await delay(10);
  c1.SetWriteDeadline(Date.now());
  if (!(await settlesAtOnce(waiting))) t.errorf("a pending Write did not fail at once when the write deadline was set to now");
  t.checkForTimeoutError(await expectReject(t, waiting, "pending Write across SetWriteDeadline(now)"), "pending Write");
}

// PresentDeadlineTiming: a deadline of now has passed (Go's setDeadlineImpl turns a zero
// time.Until(t) into -1, "don't confuse deadline right now with no deadline"): it fails a pending
// Read, and a Read or Write issued right after it, before any timer can fire. (A pending Write
// is checked at the end of WriteDeadlineTiming, which has the buffers full.)
async function testPresentDeadlineTiming(t: T, c1: Conn, _c2: Conn): Promise<void> {
  const buf = new Uint8Array(64);
  const pendingRead = track(c1.Read(buf));
  await delay(10);
  c1.SetReadDeadline(Date.now());
  const newRead = track(c1.Read(buf));
  if (!(await settlesAtOnce(pendingRead))) t.errorf("a pending Read did not fail at once when the read deadline was set to now");
  if (!(await settlesAtOnce(newRead))) t.errorf("a Read right after SetReadDeadline(now) did not fail at once");
  t.checkForTimeoutError(await expectReject(t, pendingRead, "pending Read across SetReadDeadline(now)"), "pending Read");
  t.checkForTimeoutError(await expectReject(t, newRead, "Read after SetReadDeadline(now)"), "new Read");

  c1.SetWriteDeadline(Date.now());
  const newWrite = track(c1.Write(new Uint8Array(16)));
  if (!(await settlesAtOnce(newWrite))) t.errorf("a Write right after SetWriteDeadline(now) did not fail at once");
  t.checkForTimeoutError(await expectReject(t, newWrite, "Write after SetWriteDeadline(now)"), "new Write");
}

// MovedDeadlineTiming: a deadline moved while a Read waits governs it from then on: moved later,
// the Read fails no earlier than the new deadline; moved earlier, no later than the new deadline
// allows (Go's TestReadWriteProlongedTimeout and TestVariousDeadlines, timed).
async function testMovedDeadlineTiming(t: T, c1: Conn, _c2: Conn): Promise<void> {
  const buf = new Uint8Array(64);
  const later = await timeDeadline("Read after the deadline moved later", async (deadline) => {
    const now = Date.now();
    c1.SetReadDeadline(now + (deadline - now) / 2);
    const reading = c1.Read(buf);
    await delay((deadline - now) / 4);
    c1.SetReadDeadline(deadline);
    const n = await reading;
    throw new Error(`Read resolved ${String(n)}, want a deadline error`);
  });
  checkTiming(t, later, "Read after the deadline moved later");
  const earlier = await timeDeadline("Read after the deadline moved earlier", async (deadline) => {
    c1.SetReadDeadline(Date.now() + 60_000);
    const reading = c1.Read(buf);
    c1.SetReadDeadline(deadline);
    const n = await reading;
    throw new Error(`Read resolved ${String(n)}, want a deadline error`);
  });
  checkTiming(t, earlier, "Read after the deadline moved earlier");
}

// PastDeadlineDataReady: a read deadline in the past fails a Read even when data is ready (Go's
// TestReadTimeout: "Tests that read deadlines work, even if there's data ready to be read");
// the data stays for the next Read once the deadline is cleared.
async function testPastDeadlineDataReady(t: T, c1: Conn, c2: Conn): Promise<void> {
  const word = new TextEncoder().encode("READ TIMEOUT TEST");
  const writing = track(c2.Write(word)); // Pipe: waits for a Read; others: buffered at c1 soon
  await delay(50);
  c1.SetReadDeadline(aLongTimeAgo);
  const buf = new Uint8Array(64);
  t.checkForTimeoutError(await expectReject(t, c1.Read(buf), "Read with a past deadline and data ready"), "Read with data ready");
  c1.SetReadDeadline(neverTimeout);
  const got = new Uint8Array(word.length);
  const n = await ReadFull(c1, got);
  t.check(n === word.length, `ReadFull after clearing the deadline resolved ${String(n)}, want ${word.length}`);
  checkBytes(t, got, word, "data read after clearing the deadline");
  await writing;
}

const timingTests: Record<(typeof connTimingTestNames)[number], ConnTest> = {
  ReadDeadlineTiming: testReadDeadlineTiming,
  WriteDeadlineTiming: testWriteDeadlineTiming,
  PresentDeadlineTiming: testPresentDeadlineTiming,
  MovedDeadlineTiming: testMovedDeadlineTiming,
  PastDeadlineDataReady: testPastDeadlineDataReady,
};

// pendingBigWrite issues 8 MiB Writes on c (whose peer reads nothing) until one is still pending
// after 100 ms, however much the transport buffers; it resolves that Write and the bytes that
// the Writes before it resolved (or the error a Write rejected with, when one fails first).
async function pendingBigWrite(t: T, c: Conn): Promise<{ write: Promise<number> | null; resolved: number; err: unknown }> {
  let resolved = 0;
  for (let i = 0; i < 8; i++) {
    const data = new Uint8Array(bigWrite).fill(0x5a);
    const write = track(c.Write(data));
    const settled = await Promise.race([
      write.then(
        (n) => ({ n, err: undefined as unknown }),
        (err: unknown) => ({ n: -1, err }),
      ),
      delay(100).then(() => null),
    ]);
    if (settled === null) return { write, resolved, err: undefined };
    if (settled.n < 0) return { write: null, resolved, err: settled.err };
    t.check(settled.n === bigWrite, `Write resolved ${settled.n}, want ${bigWrite}`);
    resolved += settled.n;
  }
  t.check(false, `${8 * bigWrite} bytes written to a peer that reads nothing, and no Write blocked`);
}

// drainCount reads c until end of stream or an error, and resolves the count of bytes read.
async function drainCount(c: Conn): Promise<number> {
  const buf = new Uint8Array(256 * 1024);
  let n = 0;
  for (let i = 1; ; i++) {
    let k: number | null;
    try {
      k = await c.Read(buf);
    } catch {
      return n;
    }
    if (k === null) return n;
    n += k;
    if (i % 64 === 0) await yieldToLoop();
  }
}

// bytesWrittenOf returns err.bytesWritten, after checking that it is a count within the Write.
function bytesWrittenOf(t: T, err: unknown, what: string): number | undefined {
  const b = (err as { bytesWritten?: unknown } | null)?.bytesWritten;
  if (b === undefined) return undefined;
  t.check(typeof b === "number" && Number.isInteger(b) && b >= 0 && b < bigWrite, `${what}: bytesWritten = ${String(b)}, want an integer in [0, ${bigWrite})`);
  return b;
}

// CloseDuringWrite: a Write pending when its own end closes fails with the closed error (Go:
// `write tcp …: use of closed network connection`) instead of resolving as if its bytes had
// gone out; its bytesWritten, where known, is exactly what the peer then receives of it. Only
// a Write whose bytes the platform had all taken (a browser WebSocket sends its queue before
// its close frame) may resolve, and then the peer receives all of it.
async function testCloseDuringWrite(t: T, c1: Conn, c2: Conn): Promise<void> {
  const { write, resolved, err: early } = await pendingBigWrite(t, c1);
  t.check(write !== null, `Write failed before Close: ${errText(early)}`);
  await c1.Close();
  const outcome = await write.then(
    (n) => ({ n, err: undefined as unknown }),
    (err: unknown) => ({ n: -1, err }),
  );
  if (outcome.n >= 0) {
    t.check(outcome.n === bigWrite, `Write pending across Close resolved ${outcome.n}, want ${bigWrite} or an error`);
    const got = await drainCount(c2);
    t.check(got === resolved + bigWrite, `Write pending across Close resolved ${bigWrite}, but the peer received ${got} bytes of the ${resolved + bigWrite} that Writes resolved`);
    return;
  }
  const err = outcome.err;
  if (!t.isClosedError(err)) t.errorf(`Write pending across Close: got ${errText(err)}, want a closed error`);
  const op = (err as { Op?: unknown }).Op;
  if (op !== undefined && op !== "write") t.errorf(`Write pending across Close: Op = ${String(op)}, want "write"`);
  const written = bytesWrittenOf(t, err, "Write pending across Close");
  const received = await drainCount(c2);
  t.check(received >= resolved, `the peer received ${received} bytes, fewer than the ${resolved} that Writes resolved`);
  if (written !== undefined) {
    t.check(received === resolved + written, `the peer received ${received} bytes; Writes resolved ${resolved} and the failed one reported bytesWritten ${written}`);
  } else {
    t.check(received < resolved + bigWrite, `the peer received all ${received} bytes, including the Write that failed`);
  }
}

// DeadlineDuringWrite: a Write that its deadline cuts short fails with `i/o timeout` and, where
// known, bytesWritten no larger than what the peer receives of it.
async function testDeadlineDuringWrite(t: T, c1: Conn, c2: Conn): Promise<void> {
  c1.SetWriteDeadline(Date.now() + 300);
  let resolved = 0;
  let err: unknown;
  for (let i = 0; ; i++) {
    t.check(i < 16, `${16 * bigWrite} bytes written to a peer that reads nothing before the write deadline`);
    try {
      resolved += await c1.Write(new Uint8Array(bigWrite).fill(0x5a));
    } catch (e) {
      err = e;
      break;
    }
  }
  t.checkForTimeoutError(err, "Write past its deadline");
  const msg = err instanceof Error ? err.message : "";
  if (!msg.endsWith("i/o timeout")) t.errorf(`Write past its deadline: message ${JSON.stringify(msg)} does not end in "i/o timeout"`);
  const written = bytesWrittenOf(t, err, "Write past its deadline");
  c1.SetWriteDeadline(neverTimeout);
  await c1.Close();
  const received = await drainCount(c2);
  t.check(received >= resolved + (written ?? 0), `the peer received ${received} bytes; Writes resolved ${resolved} and the timed-out one reported bytesWritten ${String(written)}`);
}

const writeTests: Record<ConnWriteTestName, ConnTest> = {
  CloseDuringWrite: testCloseDuringWrite,
  DeadlineDuringWrite: testDeadlineDuringWrite,
};
