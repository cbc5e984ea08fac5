// Every error class: Go's message text, code, Timeout/Temporary, the Is/As walk, and instanceof
// across two copies of the package.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as E from "../src/errors.js";
import { TCPAddr } from "../src/addr.js";
import { ParseIP } from "../src/ip.js";

const la = new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: 5000 });
const ra = new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: 6000 });

describe("error classes", () => {
  const table: { name: string; err: E.GoError; message: string; code: string; timeout: boolean; temporary: boolean }[] = [
    { name: "read timeout", err: new E.OpError({ Op: "read", Net: "tcp", Source: la, Addr: ra, Err: E.ErrDeadlineExceeded }), message: "read tcp 127.0.0.1:5000->127.0.0.1:6000: i/o timeout", code: "GONET_ERR_DEADLINE_EXCEEDED", timeout: true, temporary: true },
    { name: "dial refused", err: new E.OpError({ Op: "dial", Net: "tcp", Addr: new TCPAddr({ IP: ParseIP("127.0.0.1"), Port: 1 }), Err: new E.SyscallError("connect", E.Errno.of("ECONNREFUSED")) }), message: "dial tcp 127.0.0.1:1: connect: connection refused", code: "ECONNREFUSED", timeout: false, temporary: false },
    { name: "reset", err: new E.OpError({ Op: "read", Net: "tcp", Source: la, Addr: ra, Err: new E.SyscallError("read", E.Errno.of("ECONNRESET")) }), message: "read tcp 127.0.0.1:5000->127.0.0.1:6000: read: connection reset by peer", code: "ECONNRESET", timeout: false, temporary: false },
    // Go's OpError.Temporary (net.go): only an accept whose Err is the bare Errno ECONNRESET or
    // ECONNABORTED (isConnError) is temporary; inside a SyscallError it is the Errno's own verdict,
    // and Go's Errno.Temporary (syscall_unix.go) is EINTR, EMFILE, ENFILE or a timeout.
    { name: "accept reset is temporary", err: new E.OpError({ Op: "accept", Net: "tcp", Addr: la, Err: E.Errno.of("ECONNRESET") }), message: "accept tcp 127.0.0.1:5000: connection reset by peer", code: "ECONNRESET", timeout: false, temporary: true },
    { name: "accept abort is temporary", err: new E.OpError({ Op: "accept", Net: "tcp", Addr: la, Err: E.Errno.of("ECONNABORTED") }), message: "accept tcp 127.0.0.1:5000: software caused connection abort", code: "ECONNABORTED", timeout: false, temporary: true },
    { name: "accept abort in a SyscallError", err: new E.OpError({ Op: "accept", Net: "tcp", Addr: la, Err: new E.SyscallError("accept", E.Errno.of("ECONNABORTED")) }), message: "accept tcp 127.0.0.1:5000: accept: software caused connection abort", code: "ECONNABORTED", timeout: false, temporary: false },
    { name: "write reset", err: new E.OpError({ Op: "write", Net: "tcp", Source: la, Addr: ra, Err: E.Errno.of("ECONNRESET") }), message: "write tcp 127.0.0.1:5000->127.0.0.1:6000: connection reset by peer", code: "ECONNRESET", timeout: false, temporary: false },
    { name: "accept out of files", err: new E.OpError({ Op: "accept", Net: "tcp", Addr: la, Err: new E.SyscallError("accept", E.Errno.of("EMFILE")) }), message: "accept tcp 127.0.0.1:5000: accept: too many open files", code: "EMFILE", timeout: false, temporary: true },
    { name: "errno reset", err: E.Errno.of("ECONNRESET"), message: "connection reset by peer", code: "ECONNRESET", timeout: false, temporary: false },
    { name: "errno interrupted", err: E.Errno.of("EINTR"), message: "interrupted system call", code: "EINTR", timeout: false, temporary: true },
    { name: "closed", err: new E.OpError({ Op: "write", Net: "tcp", Source: la, Addr: ra, Err: E.ErrClosed }), message: "write tcp 127.0.0.1:5000->127.0.0.1:6000: use of closed network connection", code: "GONET_ERR_CLOSED", timeout: false, temporary: false },
    { name: "unsupported with hint", err: new E.OpError({ Op: "dial", Net: "tcp", Err: E.ErrUnsupported, Hint: "use ws" }), message: "dial tcp: unsupported operation (use ws)", code: "GONET_ERR_UNSUPPORTED", timeout: false, temporary: false },
    { name: "missing port", err: new E.AddrError("missing port in address", "1.2.3.4"), message: "address 1.2.3.4: missing port in address", code: "GONET_ERR_ADDR", timeout: false, temporary: false },
    { name: "addr error without address", err: new E.AddrError("no suitable address found", ""), message: "no suitable address found", code: "GONET_ERR_ADDR", timeout: false, temporary: false },
    { name: "unknown network", err: new E.UnknownNetworkError("foo"), message: "unknown network foo", code: "GONET_ERR_UNKNOWN_NETWORK", timeout: false, temporary: false },
    { name: "parse error", err: new E.ParseError("CIDR address", "1.2.3.4/33"), message: "invalid CIDR address: 1.2.3.4/33", code: "GONET_ERR_PARSE", timeout: false, temporary: false },
    { name: "dns not found", err: new E.DNSError({ Err: "no such host", Name: "nosuchhost.invalid", IsNotFound: true }), message: "lookup nosuchhost.invalid: no such host", code: "ENOTFOUND", timeout: false, temporary: false },
    { name: "dns server misbehaving", err: new E.DNSError({ Err: "server misbehaving", Name: "a.test", Server: "https://doh/dns-query", IsTemporary: true }), message: "lookup a.test on https://doh/dns-query: server misbehaving", code: "ESERVFAIL", timeout: false, temporary: true },
    { name: "dns timeout", err: new E.DNSError({ Err: "i/o timeout", Name: "a.test", IsTimeout: true }), message: "lookup a.test: i/o timeout", code: "ETIMEOUT", timeout: true, temporary: true },
    { name: "syscall error", err: new E.SyscallError("bind", E.Errno.of("EADDRINUSE")), message: "bind: address already in use", code: "EADDRINUSE", timeout: false, temporary: false },
    { name: "errno timeout", err: E.Errno.of("ETIMEDOUT"), message: "connection timed out", code: "ETIMEDOUT", timeout: true, temporary: true },
  ];
  for (const tc of table) {
    it(tc.name, () => {
      assert.equal(tc.err.message, tc.message);
      assert.equal(tc.err.Error(), tc.message);
      assert.equal(String(tc.err), tc.message, "String(err) is Go's err.Error()");
      assert.equal(`${tc.err}`, tc.message);
      assert.equal(tc.err.code, tc.code);
      assert.equal(tc.err.Timeout(), tc.timeout);
      assert.equal(tc.err.Temporary(), tc.temporary);
      assert.ok(tc.err instanceof Error);
      assert.ok(tc.err instanceof E.GoError);
      assert.equal(tc.err.name, (tc.err.constructor as typeof E.GoError).brandName);
    });
  }
});

describe("Is and As", () => {
  const op = new E.OpError({ Op: "read", Net: "tcp", Source: la, Addr: ra, Err: new E.SyscallError("read", E.Errno.of("EACCES"), new Error("node's original")) });
  it("walks Err and cause to sentinels and errnos", () => {
    assert.ok(E.Is(op, E.Errno.of("EACCES")));
    assert.ok(E.Is(op, E.ErrPermission), "Errno.Is maps EACCES to ErrPermission as Go's");
    assert.ok(!E.Is(op, E.ErrClosed));
    assert.ok(E.Is(new E.OpError({ Op: "read", Net: "tcp", Err: E.ErrDeadlineExceeded }), E.ErrDeadlineExceeded));
    assert.ok(E.Is(E.Errno.of("ENOSYS"), E.ErrUnsupported));
    assert.ok(E.Is(E.Errno.of("ENOENT"), E.ErrNotExist));
  });
  it("finds classes in the chain", () => {
    assert.equal(E.As(op, E.OpError), op);
    assert.equal(E.As(op, E.SyscallError)?.Syscall, "read");
    assert.equal(E.As(op, E.Errno)?.code, "EACCES");
    assert.equal(E.As(op, E.DNSError), null);
    assert.equal((E.As(op, E.SyscallError)?.cause as Error).message, "node's original", "the platform's error stays on cause");
  });
  it("handles cycles and non-errors", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    assert.equal(E.Is(a, E.ErrClosed), false);
    assert.equal(E.Is(null, E.ErrClosed), false);
    assert.equal(E.As("text", E.OpError), null);
  });
});

describe("instanceof across two copies of the package", () => {
  it("a second copy's errors are instances of this copy's classes, and the other way round", async () => {
    const other = (await import(new URL("../src/errors.ts?second-copy", import.meta.url).href)) as typeof E;
    assert.notEqual(other.OpError, E.OpError, "really a second copy");
    const theirs = new other.OpError({ Op: "read", Net: "tcp", Err: other.ErrClosed });
    assert.ok(theirs instanceof E.OpError);
    assert.ok(theirs instanceof E.GoError);
    assert.ok(new E.DNSError({ Err: "x", Name: "y" }) instanceof other.DNSError);
    assert.ok(!(new E.AddrError("x", "y") instanceof other.DNSError));
    assert.ok(!(new Error("plain") instanceof E.OpError));
  });
});
