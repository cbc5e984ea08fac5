// Pipe: the Conn conformance suite, then what is particular to Go's net.Pipe
// (src/net/pipe.go and pipe_test.go): error identities and texts, no
// buffering, one Write spread over several Reads, close semantics.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { ErrDeadlineExceeded, Is, OpError } from "../src/errors.js";
import { ErrClosedPipe } from "../src/io.js";
import type { Conn } from "../src/net.js";
import { Pipe } from "../src/pipe.js";
import { testConn } from "./conformance/conn.js";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
// nettest's aLongTimeAgo (new Date(0) would be epoch 0, which clears a deadline).
const aLongTimeAgo = new Date(233431200 * 1000);

// Each test fails after 10 s instead of hanging the file.
const bounded = { timeout: 10_000 };

// Lets every pending callback and timer of this turn run, to show that something did not happen.
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function pipe(t: { after(fn: () => Promise<void>): void }): [Conn, Conn] {
  const [c1, c2] = Pipe();
  t.after(async () => {
    await c1.Close();
    await c2.Close();
  });
  return [c1, c2];
}

await testConn(
  "Pipe conformance",
  async () => {
    const [c1, c2] = Pipe();
    return {
      c1,
      c2,
      stop: async () => {
        await c1.Close();
        await c2.Close();
      },
    };
  },
  { api: { describe, it } },
);

describe("Pipe", () => {
  // Go's TestPipe.
  it("carries a simple read/write/close sequence", bounded, async (t) => {
    const [cli, srv] = pipe(t);
    for (const [w, r, text] of [
      [cli, srv, "hello, world"],
      [srv, cli, "line 2"],
      [cli, srv, "a third line"],
    ] as const) {
      const buf = new Uint8Array(text.length + 10);
      const [n, wn] = await Promise.all([r.Read(buf), w.Write(enc(text))]);
      assert.equal(wn, text.length);
      assert.equal(n, text.length);
      assert.equal(dec(buf.subarray(0, n ?? 0)), text);
    }
    const eof = cli.Read(new Uint8Array(10));
    await srv.Close();
    assert.equal(await eof, null);
  });

  // Go's TestPipeCloseError: the errors are io.ErrClosedPipe itself, not wrapped.
  it("fails with ErrClosedPipe and EOF after Close, as Go's TestPipeCloseError", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    await c1.Close();
    const empty = new Uint8Array(0);
    await assert.rejects(c1.Read(empty), (err) => err === ErrClosedPipe);
    await assert.rejects(c1.Write(empty), (err) => err === ErrClosedPipe);
    await assert.rejects(c1.Read(new Uint8Array(4)), (err) => err === ErrClosedPipe);
    await assert.rejects(c1.Write(enc("x")), (err) => err === ErrClosedPipe);
    assert.equal(await c2.Read(empty), null);
    assert.equal(await c2.Read(new Uint8Array(4)), null);
    await assert.rejects(c2.Write(empty), (err) => err === ErrClosedPipe);
    await assert.rejects(c2.Write(enc("x")), (err) => err === ErrClosedPipe);
    for (const c of [c1, c2]) {
      assert.throws(() => c.SetDeadline(null), (err) => err === ErrClosedPipe);
      assert.throws(() => c.SetReadDeadline(null), (err) => err === ErrClosedPipe);
      assert.throws(() => c.SetWriteDeadline(Date.now() + 1000), (err) => err === ErrClosedPipe);
    }
    assert.equal(ErrClosedPipe.message, "io: read/write on closed pipe");
  });

  it("resolves a second Close, as Go returns nil", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    await c1.Close();
    assert.equal(await c1.Close(), undefined);
    await c2.Close();
    assert.equal(await c2.Close(), undefined);
  });

  const timeoutCases = [
    { op: "read", message: "read pipe: i/o timeout", call: (c: Conn) => c.Read(new Uint8Array(8)), set: (c: Conn) => c.SetReadDeadline(Date.now() - 1000) },
    { op: "write", message: "write pipe: i/o timeout", call: (c: Conn) => c.Write(enc("x")), set: (c: Conn) => c.SetWriteDeadline(Date.now() - 1000) },
  ] as const;
  for (const tc of timeoutCases) {
    it(`fails a ${tc.op} past its deadline with Go's OpError (${tc.message})`, bounded, async (t) => {
      const [c1] = pipe(t);
      const pending = tc.call(c1);
      tc.set(c1);
      for (const p of [pending, tc.call(c1)]) {
        await assert.rejects(p, (err) => {
          assert.ok(err instanceof OpError);
          assert.equal(err.message, tc.message);
          assert.equal(err.Op, tc.op);
          assert.equal(err.Net, "pipe");
          assert.equal(err.Source, null);
          assert.equal(err.Addr, null);
          assert.equal(err.Err, ErrDeadlineExceeded);
          assert.equal(err.cause, ErrDeadlineExceeded);
          assert.equal(err.Timeout(), true);
          assert.ok(Is(err, ErrDeadlineExceeded));
          return true;
        });
      }
    });
  }

  it("reports pipe addresses", bounded, (t) => {
    const [c1, c2] = pipe(t);
    for (const a of [c1.LocalAddr(), c1.RemoteAddr(), c2.LocalAddr(), c2.RemoteAddr()]) {
      assert.equal(a.Network(), "pipe");
      assert.equal(a.String(), "pipe");
    }
  });

  it("does not buffer: a Write resolves only once Reads have consumed all of it", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    let settled = false;
    const w = c1.Write(enc("0123456789")).then((n) => {
      settled = true;
      return n;
    });
    await turn();
    assert.equal(settled, false, "Write resolved with no reader");
    const buf = new Uint8Array(4);
    assert.equal(await c2.Read(buf), 4);
    assert.equal(dec(buf), "0123");
    await turn();
    assert.equal(settled, false, "Write resolved with 6 bytes unread");
    assert.equal(await c2.Read(buf), 4);
    assert.equal(dec(buf), "4567");
    assert.equal(await c2.Read(buf), 2);
    assert.equal(dec(buf.subarray(0, 2)), "89");
    assert.equal(await w, 10);
  });

  it("serves one Write per Read: a Read never spans two Writes", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const writes = [c1.Write(enc("abc")), c1.Write(enc("defgh"))];
    const buf = new Uint8Array(16);
    assert.equal(await c2.Read(buf), 3);
    assert.equal(dec(buf.subarray(0, 3)), "abc");
    assert.equal(await c2.Read(buf), 5);
    assert.equal(dec(buf.subarray(0, 5)), "defgh");
    assert.deepEqual(await Promise.all(writes), [3, 5]);
  });

  it("does not interleave concurrent Writes and serves them in call order", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const writes = [c1.Write(enc("AAAAA")), c1.Write(enc("BBBBB"))];
    const got: string[] = [];
    for (let i = 0; i < 4; i++) {
      const buf = new Uint8Array(3);
      const n = await c2.Read(buf);
      got.push(dec(buf.subarray(0, n ?? 0)));
    }
    assert.deepEqual(got, ["AAA", "AA", "BBB", "BB"]);
    assert.deepEqual(await Promise.all(writes), [5, 5]);
  });

  it("serves concurrent Reads in call order", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const bufs = [new Uint8Array(2), new Uint8Array(2), new Uint8Array(2)];
    const reads = bufs.map((b) => c2.Read(b));
    assert.equal(await c1.Write(enc("xxyyzz")), 6);
    assert.deepEqual(await Promise.all(reads), [2, 2, 2]);
    assert.deepEqual(bufs.map(dec), ["xx", "yy", "zz"]);
  });

  // Go's pipe.write returns (n, io.ErrClosedPipe) with n the bytes the other end's Reads took: a
  // Write cut short after some got through says so in bytesWritten (one that wrote nothing throws
  // ErrClosedPipe itself).
  const cutShort = (n: number) => (err: unknown) =>
    err !== ErrClosedPipe && Is(err, ErrClosedPipe) && (err as Error).message === "io: read/write on closed pipe" && (err as { bytesWritten?: number }).bytesWritten === n;

  it("fails this end's pending Reads and Writes with ErrClosedPipe on Close", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const partial = c1.Write(enc("0123456789"));
    const queued = c1.Write(enc("later"));
    assert.equal(await c2.Read(new Uint8Array(4)), 4); // partial is now 4 bytes in
    const read = c1.Read(new Uint8Array(4));
    await c1.Close();
    await assert.rejects(partial, cutShort(4));
    await assert.rejects(queued, (err) => err === ErrClosedPipe);
    await assert.rejects(read, (err) => err === ErrClosedPipe);
  });

  it("resolves the peer's pending Read with null and fails its pending Write on Close", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const peerWrite = c2.Write(enc("0123456789"));
    assert.equal(await c1.Read(new Uint8Array(4)), 4); // peerWrite is now 4 bytes in
    const peerRead = c2.Read(new Uint8Array(4));
    await c1.Close();
    assert.equal(await peerRead, null);
    await assert.rejects(peerWrite, cutShort(4));
  });

  it("drops the unread rest of a Write cut short by its deadline", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const first = c1.Write(enc("0123456789"));
    const buf = new Uint8Array(4);
    assert.equal(await c2.Read(buf), 4);
    const queued = c1.Write(enc("later"));
    c1.SetWriteDeadline(aLongTimeAgo);
    // Go returns n beside the timeout: what the other end's Reads took of each Write.
    await assert.rejects(first, (err) => Is(err, ErrDeadlineExceeded) && (err as OpError).bytesWritten === 4);
    await assert.rejects(queued, (err) => Is(err, ErrDeadlineExceeded) && (err as OpError).bytesWritten === 0);
    await assert.rejects(c1.Write(enc("x")), (err) => Is(err, ErrDeadlineExceeded) && (err as OpError).bytesWritten === 0);
    c1.SetWriteDeadline(null);
    const [n] = await Promise.all([c2.Read(new Uint8Array(16)), c1.Write(enc("xyz"))]);
    assert.equal(n, 3);
  });

  it("keeps read and write deadlines, and the two ends, independent", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    c1.SetReadDeadline(aLongTimeAgo);
    await assert.rejects(c1.Read(new Uint8Array(1)), (err) => Is(err, ErrDeadlineExceeded));
    // c1's Write and c2's Read and Write are unaffected.
    const buf = new Uint8Array(2);
    const [n, w] = await Promise.all([c2.Read(buf), c1.Write(enc("ok"))]);
    assert.deepEqual([n, w], [2, 2]);
    c2.SetWriteDeadline(aLongTimeAgo);
    await assert.rejects(c2.Write(enc("x")), (err) => Is(err, ErrDeadlineExceeded));
    c1.SetReadDeadline(null);
    const [m] = await Promise.all([c2.Read(buf), c1.Write(enc("go"))]);
    assert.equal(m, 2);
  });

  it("accepts Date and epoch-millisecond deadlines and rejects anything else", bounded, (t) => {
    const [c1] = pipe(t);
    c1.SetDeadline(new Date(Date.now() + 60_000));
    c1.SetDeadline(Date.now() + 60_000);
    c1.SetDeadline(0);
    c1.SetDeadline(null);
    assert.throws(() => c1.SetDeadline(Number.NaN), TypeError);
    assert.throws(() => c1.SetReadDeadline("soon" as unknown as number), TypeError);
  });

  it("rejects a number that is a duration, not a time (before the year 2000)", bounded, (t) => {
    const [c1] = pipe(t);
    assert.throws(() => c1.SetReadDeadline(1000), { name: "RangeError", message: "gonet: deadline 1000 is before the year 2000: a deadline is an absolute time in epoch milliseconds (for a duration, pass Date.now() + 1000)" });
    assert.throws(() => c1.SetWriteDeadline(-5), RangeError);
    assert.throws(() => c1.SetDeadline(946_684_799_999), RangeError);
    c1.SetDeadline(946_684_800_000); // 2000-01-01: a real (past) time
    c1.SetDeadline(new Date(0)); // a Date says what it means
    c1.SetDeadline(0);
  });

  it("resolves empty Reads and Writes at once, with no peer", bounded, async (t) => {
    const [c1] = pipe(t);
    assert.equal(await c1.Read(new Uint8Array(0)), 0);
    assert.equal(await c1.Write(new Uint8Array(0)), 0);
  });

  it("creates readable and writable once, on first access", bounded, (t) => {
    const [c1] = pipe(t);
    assert.equal(c1.readable, c1.readable);
    assert.equal(c1.writable, c1.writable);
    assert.ok(c1.readable instanceof ReadableStream);
    assert.ok(c1.writable instanceof WritableStream);
  });

  it("does not read ahead through readable: a Write waits for the stream's consumer", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const reader = c1.readable.getReader();
    let settled = false;
    const w = c2.Write(enc("hi")).then(() => (settled = true));
    await turn();
    assert.equal(settled, false, "Write resolved with no pending stream read");
    const { value } = await reader.read();
    assert.equal(dec(value ?? new Uint8Array(0)), "hi");
    await w;
    reader.releaseLock();
  });

  it("withdraws a pending readable read on cancel, so no bytes are lost", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const reader = c1.readable.getReader();
    const pending = reader.read();
    await turn(); // the stream's pull has issued its Read
    await reader.cancel();
    assert.deepEqual(await pending, { done: true, value: undefined });
    const buf = new Uint8Array(8);
    const [n] = await Promise.all([c1.Read(buf), c2.Write(enc("kept"))]);
    assert.equal(dec(buf.subarray(0, n ?? 0)), "kept");
  });

  it("closes the Conn when the writable is aborted, even with a Write nobody reads", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const writer = c1.writable.getWriter();
    const write = writer.write(enc("nobody reads this"));
    await writer.abort(new Error("give up"));
    await assert.rejects(write);
    assert.equal(await c2.Read(new Uint8Array(4)), null);
    await assert.rejects(c1.Read(new Uint8Array(4)), (err) => err === ErrClosedPipe);
  });

  it("rejects non-Uint8Array chunks on writable", bounded, async (t) => {
    const [c1] = pipe(t);
    const writer = c1.writable.getWriter();
    await assert.rejects(writer.write("text" as unknown as Uint8Array), TypeError);
  });

  it("leaves the Conn open when a for await loop breaks", bounded, async (t) => {
    const [c1, c2] = pipe(t);
    const writer = c2.Write(enc("first"));
    for await (const chunk of c1) {
      assert.equal(dec(chunk), "first");
      break;
    }
    await writer;
    const buf = new Uint8Array(8);
    const [n] = await Promise.all([c1.Read(buf), c2.Write(enc("second"))]);
    assert.equal(dec(buf.subarray(0, n ?? 0)), "second");
  });

  it("closes with await using", bounded, async () => {
    const [, c2] = await (async () => {
      const [c1, c2] = Pipe();
      await using _c1 = c1;
      return [c1, c2] as const;
    })();
    assert.equal(await c2.Read(new Uint8Array(1)), null);
    await c2.Close();
  });

  // Deadline.hold/release: an idle deadline keeps no process alive, a waiting operation does.
  const pipeModule = fileURLToPath(new URL("../src/pipe.ts", import.meta.url));
  const runChild = (code: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", code],
        { timeout: 20_000 },
        (err, stdout, stderr) => resolve({ code: err === null ? 0 : (child.exitCode ?? -1), stdout, stderr }),
      );
    });

  it("keeps no process alive for an idle deadline", bounded, async () => {
    const r = await runChild(
      `import { Pipe } from ${JSON.stringify(pipeModule)};
       const [c1] = Pipe();
       c1.SetDeadline(Date.now() + 600_000);
       console.log("set");`,
    );
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "set\n");
  });

  it("keeps the process alive while a Read waits for its deadline", bounded, async () => {
    const r = await runChild(
      `import { Pipe } from ${JSON.stringify(pipeModule)};
       const [c1] = Pipe();
       c1.SetReadDeadline(Date.now() + 100);
       try { await c1.Read(new Uint8Array(1)); } catch (err) { console.log(err.message); }`,
    );
    assert.equal(r.stderr, "");
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "read pipe: i/o timeout\n");
  });
});
