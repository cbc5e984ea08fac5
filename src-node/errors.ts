// The one place where Node's errors become gonet's: errno codes become Go's
// SyscallError + Errno text, stream-state errors become ErrClosed or EPIPE.
// The original error stays on `cause`.

import { Errno, ErrClosed, SyscallError } from "../src/errors.js";

interface NodeSystemError extends Error {
  code?: string;
  syscall?: string;
  errno?: number;
}

// Go's syscall names where Node's differ (Node reports EADDRINUSE from "listen", Go from "bind").
function goSyscall(syscall: string | undefined, code: string, fallback: string): string {
  if (syscall === undefined || syscall === "") return fallback;
  if (syscall === "listen" && (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "EINVAL")) return "bind";
  if (syscall === "writev" || syscall === "shutdown" && code === "EPIPE") return "write";
  return syscall;
}

/**
 * translate turns an error from node:net / node:tls / node:dgram into gonet's structure: a
 * SyscallError wrapping a canonical Errno (message `connect: connection refused`), ErrClosed for
 * use-after-destroy, EPIPE for writes after end. `syscall` is the Go call name to use when Node
 * gives none.
 * @internal
 */
export function translate(err: unknown, syscall: string): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const e = err as NodeSystemError;
  const code = e.code ?? "";
  if (/^E[A-Z0-9]+$/.test(code) && typeof e.errno === "number") {
    return new SyscallError(goSyscall(e.syscall, code, syscall), Errno.of(code), err);
  }
  switch (code) {
    case "ERR_SOCKET_CLOSED":
    case "ERR_STREAM_DESTROYED":
    case "ERR_SOCKET_CLOSED_BEFORE_CONNECTION":
      // A sentinel is compared by identity: the original says no more than it does.
      return ErrClosed;
    case "ERR_STREAM_WRITE_AFTER_END":
      return new SyscallError("write", Errno.of("EPIPE"), err);
    case "ECONNRESET":
    case "EPIPE":
      return new SyscallError(syscall, Errno.of(code), err);
  }
  // Anything else still leaves as gonet's structure, with Node's error inside.
  return new SyscallError(syscall, err);
}
