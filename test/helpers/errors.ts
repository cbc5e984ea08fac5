// A validator in the style of Go's error_test.go (parseDialError, parseReadError…):
// an error must be an OpError with the right Op/Net/Source/Addr, whose inner error is one of the
// kinds that operation can produce, down to the errno.

import assert from "node:assert/strict";
import { AddrError, DNSError, Errno, OpError, SentinelError, SyscallError, UnknownNetworkError } from "../../src/errors.js";

/** OpErrorWant says what an OpError must look like. */
export interface OpErrorWant {
  Op: string;
  Net: string;
  /** Source/Addr as strings; null means the field must be null; undefined means not checked. */
  Source?: string | null;
  Addr?: string | null;
  /** the inner error: a sentinel (identity), an Errno code with a syscall, or a class. */
  inner?: SentinelError | { syscall: string; errno: string } | (abstract new (...a: never[]) => Error);
  message?: string | RegExp;
  timeout?: boolean;
}

/** assertOpError walks err's structure and asserts every field named in want. */
export function assertOpError(err: unknown, want: OpErrorWant): OpError {
  assert.ok(err instanceof OpError, `want an OpError, got ${String(err)} (${(err as Error)?.constructor?.name})`);
  const op = err as OpError;
  assert.equal(op.Op, want.Op, `Op of ${op.message}`);
  assert.equal(op.Net, want.Net, `Net of ${op.message}`);
  if (want.Source !== undefined) assert.equal(op.Source === null ? null : op.Source.String(), want.Source, `Source of ${op.message}`);
  if (want.Addr !== undefined) assert.equal(op.Addr === null ? null : op.Addr.String(), want.Addr, `Addr of ${op.message}`);
  assert.equal(op.cause, op.Err, "cause is Err");
  const inner = want.inner;
  if (inner instanceof SentinelError) {
    assert.equal(op.Err, inner, `inner error of ${op.message}`);
  } else if (typeof inner === "function") {
    assert.ok(op.Err instanceof inner, `inner error of ${op.message} is ${op.Err.constructor.name}, want ${inner.name}`);
  } else if (inner !== undefined) {
    assert.ok(op.Err instanceof SyscallError, `inner error of ${op.message} is ${op.Err.constructor.name}, want SyscallError`);
    const se = op.Err as SyscallError;
    assert.equal(se.Syscall, inner.syscall);
    assert.ok(se.Err instanceof Errno);
    assert.equal((se.Err as Errno).code, inner.errno);
    assert.equal(op.code, inner.errno, "OpError.code carries the errno");
  } else {
    // Any known inner kind.
    const e = op.Err;
    assert.ok(
      e instanceof SentinelError || e instanceof SyscallError || e instanceof AddrError || e instanceof DNSError || e instanceof UnknownNetworkError || e instanceof Errno,
      `unexpected inner error type ${e.constructor.name}: ${e.message}`,
    );
  }
  if (typeof want.message === "string") assert.equal(op.message, want.message);
  else if (want.message instanceof RegExp) assert.match(op.message, want.message);
  if (want.timeout !== undefined) assert.equal(op.Timeout(), want.timeout, `Timeout() of ${op.message}`);
  return op;
}

/** rejects awaits p and returns what it threw (failing if it resolved). */
export async function rejects(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}
