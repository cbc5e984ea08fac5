// Branches of src/errors.ts the scenario tables leave unrun: Go's syscall.Errno methods (Is,
// Timeout, Temporary; syscall_unix.go), OpError.Temporary's accept rule (net.go: ECONNRESET and
// ECONNABORTED from accept are temporary, issue 6163), Unwrap, an errno Go has no text for, and
// messages of thrown values that are not Errors.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Errno, ErrExist, ErrNotExist, ErrPermission, ErrUnsupported, GoError, Is, OpError, SyscallError, errorMessage } from "../src/errors.js";

test("Errno.Is matches the os sentinels as Go's Errno.Is", () => {
  const table: [string, unknown, boolean][] = [
    ["EACCES", ErrPermission, true],
    ["EPERM", ErrPermission, true],
    ["EEXIST", ErrExist, true],
    ["ENOTEMPTY", ErrExist, true],
    ["ENOENT", ErrNotExist, true],
    ["ENOSYS", ErrUnsupported, true],
    ["ENOTSUP", ErrUnsupported, true],
    ["EOPNOTSUPP", ErrUnsupported, true],
    ["ENOENT", ErrPermission, false],
    ["EACCES", ErrNotExist, false],
    ["ECONNREFUSED", ErrUnsupported, false],
    ["EPERM", new Error("x"), false],
  ];
  for (const [code, target, want] of table) {
    assert.equal(Errno.of(code).Is(target), want, `${code} ${String(target)}`);
    assert.equal(Is(new SyscallError("open", Errno.of(code)), target), want, `Is through SyscallError: ${code}`);
  }
});

test("Errno.Timeout and Temporary as Go's", () => {
  for (const c of ["EAGAIN", "EWOULDBLOCK", "ETIMEDOUT"]) {
    assert.equal(Errno.of(c).Timeout(), true, c);
    assert.equal(Errno.of(c).Temporary(), true, c);
  }
  // syscall_unix.go (Go 1.21+): EINTR, EMFILE, ENFILE or a timeout; a reset is not temporary.
  for (const c of ["EINTR", "EMFILE", "ENFILE"]) {
    assert.equal(Errno.of(c).Timeout(), false, c);
    assert.equal(Errno.of(c).Temporary(), true, c);
  }
  for (const c of ["ECONNRESET", "ECONNABORTED"]) assert.equal(Errno.of(c).Temporary(), false, c);
  assert.equal(Errno.of("ECONNREFUSED").Temporary(), false);
  assert.equal(Errno.of("ENOENT").Timeout(), false);
  assert.equal(Errno.of("EXDEV"), Errno.of("EXDEV"), "canonical values");
  assert.equal(Errno.of("EGONETUNKNOWN").message, "errno EGONETUNKNOWN");
});

test("OpError.Temporary: ECONNRESET and ECONNABORTED are temporary from accept only", () => {
  const op = (o: string, err: Error): OpError => new OpError({ Op: o, Net: "tcp", Source: null, Addr: null, Err: err });
  // net.go: only a bare Errno counts (isConnError does not look inside a SyscallError).
  for (const c of ["ECONNRESET", "ECONNABORTED"]) {
    assert.equal(op("accept", new SyscallError("accept4", Errno.of(c))).Temporary(), false, c);
    assert.equal(op("accept", Errno.of(c)).Temporary(), true, `${c} bare`);
    assert.equal(op("read", Errno.of(c)).Temporary(), false, `${c} from read`);
  }
  assert.equal(op("accept", new SyscallError("accept4", Errno.of("EINVAL"))).Temporary(), false);
  assert.equal(op("accept", new SyscallError("accept4", Errno.of("EMFILE"))).Temporary(), true, "EMFILE is temporary anywhere");
  assert.equal(op("read", new SyscallError("read", Errno.of("EINVAL"))).Temporary(), false);
  assert.equal(op("read", new Error("plain")).Temporary(), false);
  assert.equal(op("read", new Error("plain")).Timeout(), false);
  const inner = new SyscallError("connect", Errno.of("ECONNREFUSED"));
  const o = op("dial", inner);
  assert.equal(o.Unwrap(), inner);
  assert.equal(inner.Unwrap(), Errno.of("ECONNREFUSED"));
  assert.equal(inner.Temporary(), false);
  assert.equal(new SyscallError("read", Errno.of("EAGAIN")).Timeout(), true);
});

test("errorMessage and GoError for values that are not gonet errors", () => {
  assert.equal(errorMessage(new TypeError("boom")), "boom");
  assert.equal(errorMessage("text"), "text");
  assert.equal(errorMessage(42), "42");
  assert.equal(errorMessage(undefined), "undefined");
  // A subclass without a brand of its own still gets GoError's methods and instanceof.
  class Custom extends GoError {
    readonly code = "X";
  }
  const c = new Custom("custom");
  assert.ok(c instanceof Custom && c instanceof GoError && c instanceof Error);
  assert.equal(c.Error(), "custom");
  assert.equal(c.Timeout(), false);
  assert.equal(c.Temporary(), false);
  assert.equal({} instanceof Custom, false);
});
