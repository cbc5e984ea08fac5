// StreamListener, the Listener behind every stream transport, driven directly with Pipe conns:
// Go's Listener rules (net.go, tcpsock.go): Accept in call order, the accept deadline
// (`accept tcp ADDR: i/o timeout`), Close (pending Accepts fail with `use of closed network
// connection`, a second Close fails with that text under Op "close", SetDeadline after Close under
// Op "set"), a broken handle failing every Accept, and the bounded accept queue.

import assert from "node:assert/strict";
import { test } from "node:test";
import { TCPAddr } from "../src/addr.js";
import { ErrClosed, ErrDeadlineExceeded, Is, OpError } from "../src/errors.js";
import { IPv4 } from "../src/ip.js";
import { StreamListener } from "../src/listener.js";
import type { Conn } from "../src/net.js";
import { Pipe } from "../src/pipe.js";

const addr = new TCPAddr({ IP: IPv4(127, 0, 0, 1), Port: 8080 });

function listener(backlog?: number): { l: StreamListener; closed: () => number } {
  const l = new StreamListener(backlog === undefined ? { net: "tcp", addr } : { net: "tcp", addr, backlog });
  let closed = 0;
  l.attach({ close: async () => void closed++ });
  return { l, closed: () => closed };
}

/** conn returns one end of a pipe and a promise that resolves to true once that end is closed. */
function conn(): [Conn, Promise<boolean>] {
  const [a, b] = Pipe();
  return [a, b.Read(new Uint8Array(1)).then((n) => n === null)];
}

test("Accept returns pushed conns in order, queued or awaited", async () => {
  const { l } = listener();
  const [c1] = conn();
  const [c2] = conn();
  l.push(c1);
  const waiting = [l.Accept(), l.Accept()];
  l.push(c2);
  const [c3] = conn();
  l.push(c3);
  assert.equal(await waiting[0], c1);
  assert.equal(await waiting[1], c2);
  assert.equal(await l.Accept(), c3);
  assert.equal(l.Addr(), addr);
  await l.Close();
});

test("a full accept queue closes newcomers and counts them", async () => {
  const { l } = listener(1);
  const [kept] = conn();
  const [dropped, droppedClosed] = conn();
  l.push(kept);
  l.push(dropped);
  assert.equal(l.dropped, 1);
  assert.equal(await droppedClosed, true);
  assert.equal(await l.Accept(), kept);
  await l.Close();
});

test("the accept deadline fails pending and future Accepts with Go's i/o timeout", async () => {
  const { l } = listener();
  l.SetDeadline(0); // no deadline set yet: nothing to clear
  l.SetDeadline(null);
  const pending = l.Accept();
  l.SetDeadline(Date.now() + 20);
  const err = await pending.then(
    () => assert.fail("accepted"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpError && Is(err, ErrDeadlineExceeded), String(err));
  assert.equal(err.message, "accept tcp 127.0.0.1:8080: i/o timeout");
  assert.equal(err.Timeout(), true);
  await assert.rejects(l.Accept(), (e: unknown) => e instanceof OpError && e.message === "accept tcp 127.0.0.1:8080: i/o timeout");
  // Clearing the deadline lets Accept wait again.
  l.SetDeadline(0);
  const again = l.Accept();
  const [c] = conn();
  l.push(c);
  assert.equal(await again, c);
  await l.Close();
});

test("Close fails pending Accepts, closes queued conns and the handle; then everything reports ErrClosed", async () => {
  const { l, closed } = listener();
  const pending = l.Accept();
  const [c1] = conn();
  const [c2] = conn();
  // c1 goes to the waiting Accept, c2 stays queued.
  l.push(c1);
  assert.equal(await pending, c1);
  l.push(c2);
  const waiting = l.Accept();
  assert.equal(await waiting, c2);
  const [c3, c3Closed] = conn();
  l.push(c3);
  const stillWaiting = listener();
  const p2 = stillWaiting.l.Accept();
  await stillWaiting.l.Close();
  await assert.rejects(p2, (e: unknown) => e instanceof OpError && e.message === "accept tcp 127.0.0.1:8080: use of closed network connection");
  await l.Close();
  assert.equal(closed(), 1);
  assert.equal(await c3Closed, true, "a queued conn is closed with the listener");
  await assert.rejects(l.Accept(), (e: unknown) => e instanceof OpError && Is(e, ErrClosed) && e.message === "accept tcp 127.0.0.1:8080: use of closed network connection");
  await assert.rejects(l.Close(), (e: unknown) => e instanceof OpError && e.message === "close tcp 127.0.0.1:8080: use of closed network connection");
  assert.throws(() => l.SetDeadline(Date.now() + 1000), (e: unknown) => e instanceof OpError && e.message === "set tcp 127.0.0.1:8080: use of closed network connection");
  // A conn pushed after Close is closed at once.
  const [late, lateClosed] = conn();
  l.push(late);
  assert.equal(await lateClosed, true);
});

test("a broken handle fails pending and future Accepts with the error, wrapped as an accept OpError once", async () => {
  const { l } = listener();
  const pending = l.Accept();
  const broken = new Error("handle broke");
  l.pushError(broken);
  l.pushError(new Error("second error ignored"));
  const err = await pending.then(
    () => assert.fail("accepted"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof OpError);
  assert.equal(err.message, "accept tcp 127.0.0.1:8080: handle broke");
  assert.equal(err.Err, broken);
  await assert.rejects(l.Accept(), (e: unknown) => e === err);
  // An OpError is kept as it is.
  const { l: l2 } = listener();
  const op = new OpError({ Op: "accept", Net: "tcp", Source: null, Addr: addr, Err: new Error("x") });
  l2.pushError(op);
  await assert.rejects(l2.Accept(), (e: unknown) => e === op);
  await l.Close();
  await l2.Close();
  // After Close, pushError is ignored.
  l2.pushError(new Error("late"));
});

test("iteration ends when the listener closes; asyncDispose closes once", async () => {
  const { l, closed } = listener();
  const [c1] = conn();
  l.push(c1);
  const got: Conn[] = [];
  const loop = (async () => {
    for await (const c of l) got.push(c);
  })();
  await new Promise((resolve) => setImmediate(resolve));
  await l[Symbol.asyncDispose]();
  await loop;
  assert.deepEqual(got, [c1]);
  await l[Symbol.asyncDispose]();
  assert.equal(closed(), 1);
  // An iteration over a broken listener throws its error.
  const { l: broken } = listener();
  broken.pushError(new Error("gone"));
  await assert.rejects(
    (async () => {
      for await (const _ of broken) assert.fail("yielded");
    })(),
    (e: unknown) => e instanceof OpError && e.message === "accept tcp 127.0.0.1:8080: gone",
  );
  await broken.Close();
});
