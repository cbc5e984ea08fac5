// TimeoutHandler's remaining paths, by Go's server.go timeoutHandler.ServeHTTP: a request whose
// context is already done gets 503 without a body and the handler's writes fail with the context's
// error (context.Canceled when the reason is not an error); a superfluous WriteHeader is ignored,
// the first code standing.

import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrCanceled } from "../../src/errors.js";
import { HandlerFunc, TimeoutHandler } from "../../src/http/handler.js";
import { NewRecorder, NewTestRequestWithContext } from "../../src/http/recorder.js";

test("TimeoutHandler: a request already canceled (reason not an Error) gets 503, and the handler's Write fails with ErrCanceled", async () => {
  const ac = new AbortController();
  ac.abort("gone");
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let writeResult!: (e: unknown) => void;
  const wrote = new Promise<unknown>((r) => (writeResult = r));
  const h = TimeoutHandler(
    HandlerFunc(async (w) => {
      await released;
      await w.Write("late").then(
        () => writeResult(null),
        (e: unknown) => writeResult(e),
      );
    }),
    60_000,
    "unused",
  );
  const rec = NewRecorder();
  await h.ServeHTTP(rec, NewTestRequestWithContext(ac.signal, "GET", "/"));
  assert.equal(rec.Code, 503);
  assert.equal(rec.Body?.String(), "");
  release();
  assert.equal(await wrote, ErrCanceled);
});

test("TimeoutHandler: a superfluous WriteHeader is ignored; the first code and the body pass through", async () => {
  const h = TimeoutHandler(
    HandlerFunc(async (w) => {
      w.WriteHeader(202);
      w.WriteHeader(500);
      await w.Write(new Uint8Array([0x6f, 0x6b]));
      await w.Write("!");
    }),
    60_000,
    "",
  );
  const rec = NewRecorder();
  await h.ServeHTTP(rec, NewTestRequestWithContext(null, "GET", "/"));
  assert.equal(rec.Code, 202);
  assert.equal(rec.Body?.String(), "ok!");
});
