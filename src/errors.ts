// Errors with Go's exact message text and Go's structure (OpError wraps an
// inner error, which may wrap a SyscallError, which wraps an Errno). Every
// class is branded with Symbol.for so that `instanceof` works across two
// copies of the package, and every error has a stable `code` (see
// docs/errors.md for the full list).

import type { Addr } from "./net.js";

/** NetErrorLike is the shape of Go's net.Error: an error that can say whether it is a timeout. */
export interface NetErrorLike extends Error {
  /** Timeout reports whether the error is a timeout. */
  Timeout(): boolean;
  /** Temporary reports whether the error is temporary (deprecated in Go, kept for its users). */
  Temporary(): boolean;
}

function branded(value: unknown, sym: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[sym] === true;
}

// The brand of a class: Symbol.for("gonet.error.<brandName>"), shared by every copy of gonet.
function brandOf(cls: { readonly brandName?: string }): symbol | undefined {
  return Object.hasOwn(cls, "brandName") && cls.brandName !== undefined ? Symbol.for(`gonet.error.${cls.brandName}`) : undefined;
}

/**
 * GoError is the base of gonet's error classes. It gives them Go's `Error()`, `Timeout()` and
 * `Temporary()` (false unless a class says otherwise), names them, and brands each instance with
 * `Symbol.for("gonet.error.<brandName>")` for its class and every gonet class above it, so that
 * `instanceof` works across two copies of the package (a bundle and node_modules). A subclass
 * declares `static override readonly brandName = "Name"`, which minifiers leave alone.
 */
export abstract class GoError extends Error implements NetErrorLike {
  /** brandName names the class in its brand and in `name`. */
  static readonly brandName: string = "GoError";
  /** code is a stable machine-readable name for the error (see the README's error codes). */
  abstract readonly code: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    let named = false;
    for (let c: unknown = new.target; typeof c === "function" && c !== Error; c = Object.getPrototypeOf(c)) {
      const b = brandOf(c as { brandName?: string });
      if (b === undefined) continue;
      Object.defineProperty(this, b, { value: true });
      if (!named) {
        this.name = (c as unknown as { brandName: string }).brandName;
        named = true;
      }
    }
  }
  /** Timeout reports whether the error is a timeout. */
  Timeout(): boolean {
    return false;
  }
  /** Temporary reports whether the error is temporary. */
  Temporary(): boolean {
    return false;
  }
  /** Error returns the message, as Go's error.Error(). */
  Error(): string {
    return this.message;
  }
  /**
   * toString is Go's `err.Error()` text, so `String(err)` and template literals print what Go
   * prints (`read tcp …: i/o timeout`); `name` still says the class.
   */
  override toString(): string {
    return this.message;
  }
  static override [Symbol.hasInstance](this: { readonly brandName?: string; prototype: object }, v: unknown): boolean {
    const b = brandOf(this);
    return b !== undefined ? branded(v, b) : typeof v === "object" && v !== null && Object.prototype.isPrototypeOf.call(this.prototype, v);
  }
}

function isTimeout(err: unknown): boolean {
  return typeof err === "object" && err !== null && typeof (err as NetErrorLike).Timeout === "function" && (err as NetErrorLike).Timeout();
}

function isTemporary(err: unknown): boolean {
  return typeof err === "object" && err !== null && typeof (err as NetErrorLike).Temporary === "function" && (err as NetErrorLike).Temporary();
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}


/**
 * SentinelError is the class of gonet's sentinel errors (ErrClosed, ErrDeadlineExceeded, …): single
 * values compared by identity with Is, as Go compares errors.New values.
 */
export class SentinelError extends GoError {
  static override readonly brandName: string = "SentinelError";
  /** code is a stable machine-readable name for this sentinel. */
  readonly code: string;
  readonly #timeout: boolean;
  readonly #temporary: boolean;

  constructor(message: string, code: string, opts: { timeout?: boolean; temporary?: boolean; name?: string } = {}) {
    super(message);
    this.name = opts.name ?? "SentinelError";
    this.code = code;
    this.#timeout = opts.timeout ?? false;
    this.#temporary = opts.temporary ?? false;
  }
  /** Timeout reports whether this error is a timeout. */
  override Timeout(): boolean {
    return this.#timeout;
  }
  /** Temporary reports whether this error is temporary. */
  override Temporary(): boolean {
    return this.#temporary;
  }
}

/** ErrClosed is returned by I/O on a closed connection or listener (Go's net.ErrClosed). */
export const ErrClosed = new SentinelError("use of closed network connection", "GONET_ERR_CLOSED", { name: "ErrClosed" });

/** ErrDeadlineExceeded is returned when a deadline passes (Go's os.ErrDeadlineExceeded). Timeout() is true. */
export const ErrDeadlineExceeded = new SentinelError("i/o timeout", "GONET_ERR_DEADLINE_EXCEEDED", {
  name: "ErrDeadlineExceeded",
  timeout: true,
  temporary: true,
});

/** ErrUnsupported says that an operation is not supported on this platform or Conn (Go's errors.ErrUnsupported). */
export const ErrUnsupported = new SentinelError("unsupported operation", "GONET_ERR_UNSUPPORTED", { name: "ErrUnsupported" });

/** ErrPermission says that an operation was not permitted (Go's os.ErrPermission). */
export const ErrPermission = new SentinelError("permission denied", "GONET_ERR_PERMISSION", { name: "ErrPermission" });

/** ErrExist says that something already exists (Go's os.ErrExist). */
export const ErrExist = new SentinelError("file already exists", "GONET_ERR_EXIST", { name: "ErrExist" });

/** ErrNotExist says that something does not exist (Go's os.ErrNotExist). */
export const ErrNotExist = new SentinelError("file does not exist", "GONET_ERR_NOT_EXIST", { name: "ErrNotExist" });

/** ErrWriteToConnected is returned by WriteTo on a dialed (pre-connected) UDP conn. */
export const ErrWriteToConnected = new SentinelError("use of WriteTo with pre-connected connection", "GONET_ERR_WRITE_TO_CONNECTED", {
  name: "ErrWriteToConnected",
});

/** ErrMissingAddress is returned when a write needs a destination and none was given. */
export const ErrMissingAddress = new SentinelError("missing address", "GONET_ERR_MISSING_ADDRESS", { name: "ErrMissingAddress" });

/** ErrCanceled is Go's context.Canceled and the "operation was canceled" of a dial whose signal aborted. */
export const ErrCanceled = new SentinelError("operation was canceled", "GONET_ERR_CANCELED", { name: "ErrCanceled" });

/** ErrContextDeadlineExceeded is Go's context.DeadlineExceeded: a signal that aborted with a TimeoutError. */
export const ErrContextDeadlineExceeded = new SentinelError("context deadline exceeded", "GONET_ERR_CONTEXT_DEADLINE_EXCEEDED", {
  name: "ErrContextDeadlineExceeded",
  timeout: true,
  temporary: true,
});

const errnoText: Record<string, string> = {
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  EINTR: "interrupted system call",
  EIO: "input/output error",
  EBADF: "bad file descriptor",
  EAGAIN: "resource temporarily unavailable",
  ENOMEM: "cannot allocate memory",
  EACCES: "permission denied",
  EEXIST: "file exists",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EINVAL: "invalid argument",
  ENFILE: "too many open files in system",
  EMFILE: "too many open files",
  ENOSPC: "no space left on device",
  EPIPE: "broken pipe",
  ENAMETOOLONG: "file name too long",
  ENOSYS: "function not implemented",
  ENOTEMPTY: "directory not empty",
  ENOTSOCK: "socket operation on non-socket",
  EDESTADDRREQ: "destination address required",
  EMSGSIZE: "message too long",
  EPROTOTYPE: "protocol wrong type for socket",
  ENOPROTOOPT: "protocol not available",
  EPROTONOSUPPORT: "protocol not supported",
  EOPNOTSUPP: "operation not supported",
  ENOTSUP: "operation not supported",
  EAFNOSUPPORT: "address family not supported by protocol",
  EADDRINUSE: "address already in use",
  EADDRNOTAVAIL: "cannot assign requested address",
  ENETDOWN: "network is down",
  ENETUNREACH: "network is unreachable",
  ENETRESET: "network dropped connection on reset",
  ECONNABORTED: "software caused connection abort",
  ECONNRESET: "connection reset by peer",
  ENOBUFS: "no buffer space available",
  EISCONN: "transport endpoint is already connected",
  ENOTCONN: "transport endpoint is not connected",
  ESHUTDOWN: "cannot send after transport endpoint shutdown",
  ETIMEDOUT: "connection timed out",
  ECONNREFUSED: "connection refused",
  EHOSTDOWN: "host is down",
  EHOSTUNREACH: "no route to host",
  EALREADY: "operation already in progress",
  EINPROGRESS: "operation now in progress",
  EPROTO: "protocol error",
  ECANCELED: "operation canceled",
};

const errnos = new Map<string, Errno>();

/**
 * Errno is an operating-system error number, as Go's syscall.Errno: its message is Go's text
 * (`connection refused`) and its code the POSIX name (`ECONNREFUSED`). Errno values are
 * canonical, so `Is(err, Errno.of("ECONNRESET"))` works.
 */
export class Errno extends GoError {
  static override readonly brandName: string = "Errno";
  /** code is the POSIX name of the error, as Node reports it (`ECONNREFUSED`). */
  readonly code: string;

  private constructor(code: string) {
    super(errnoText[code] ?? `errno ${code}`);
    this.code = code;
  }

  /** of returns the canonical Errno for a POSIX error name. */
  static of(code: string): Errno {
    let e = errnos.get(code);
    if (e === undefined) {
      e = new Errno(code);
      errnos.set(code, e);
    }
    return e;
  }

  /** Timeout reports whether the errno is a timeout (EAGAIN, EWOULDBLOCK, ETIMEDOUT), as Go's. */
  override Timeout(): boolean {
    return this.code === "EAGAIN" || this.code === "EWOULDBLOCK" || this.code === "ETIMEDOUT";
  }
  /**
   * Temporary reports whether the errno is temporary, as Go's Errno.Temporary (syscall_unix.go):
   * EINTR, EMFILE, ENFILE or a timeout. A reset or aborted connection is not.
   */
  override Temporary(): boolean {
    const c = this.code;
    return c === "EINTR" || c === "EMFILE" || c === "ENFILE" || this.Timeout();
  }
  /** Is matches the os sentinels as Go's Errno.Is does (EACCES and EPERM are ErrPermission, …). */
  Is(target: unknown): boolean {
    const c = this.code;
    if (target === ErrPermission) return c === "EACCES" || c === "EPERM";
    if (target === ErrExist) return c === "EEXIST" || c === "ENOTEMPTY";
    if (target === ErrNotExist) return c === "ENOENT";
    if (target === ErrUnsupported) return c === "ENOSYS" || c === "ENOTSUP" || c === "EOPNOTSUPP";
    return false;
  }
}


/** SyscallError records an error from a specific system call (Go's os.SyscallError): `connect: connection refused`. */
export class SyscallError extends GoError {
  static override readonly brandName: string = "SyscallError";
  /** Syscall is the name of the failed call: connect, read, write, bind, … */
  readonly Syscall: string;
  /** Err is the wrapped error, usually an Errno. */
  readonly Err: Error;
  /** code is the wrapped error's code. */
  readonly code: string;

  /** The platform's original error, when there is one, is kept as `cause` (Err is still walked by Is/As). */
  constructor(syscall: string, err: Error, cause?: unknown) {
    super(`${syscall}: ${err.message}`, { cause: cause ?? err });
    this.Syscall = syscall;
    this.Err = err;
    this.code = (err as { code?: unknown }).code !== undefined ? String((err as { code?: unknown }).code) : "GONET_ERR_SYSCALL";
  }
  /** Timeout reports whether the wrapped error is a timeout. */
  override Timeout(): boolean {
    return isTimeout(this.Err);
  }
  /** Temporary reports whether the wrapped error is temporary. */
  override Temporary(): boolean {
    return isTemporary(this.Err);
  }
  /** Unwrap returns Err. */
  Unwrap(): Error {
    return this.Err;
  }
}


/** OpErrorInit carries the fields of an OpError. */
export interface OpErrorInit {
  Op: string;
  Net: string;
  Source?: Addr | null;
  Addr?: Addr | null;
  Err: Error;
  /** Hint is appended to the message in parentheses: what to use instead of an unsupported operation. */
  Hint?: string;
  /** bytesWritten is the count of bytes a failed Write got through (see OpError.bytesWritten). */
  bytesWritten?: number;
}

/**
 * OpError is the error type usually returned by functions in gonet: it describes the operation,
 * network type and address of an error, exactly as Go's net.OpError
 * (`read tcp 127.0.0.1:5000->127.0.0.1:6000: i/o timeout`).
 */
export class OpError extends GoError {
  static override readonly brandName: string = "OpError";
  /** Op is the operation which caused the error: "read", "write", "dial", "listen", "accept", "close", … */
  readonly Op: string;
  /** Net is the network type on which this error occurred: "tcp", "udp6", "ws", … */
  readonly Net: string;
  /** Source is the local address of the connection, if any. */
  readonly Source: Addr | null;
  /** Addr is the remote address (dial, read, write) or the local one (listen, accept). */
  readonly Addr: Addr | null;
  /** Err is the error that happened during the operation. */
  readonly Err: Error;
  /** code is the inner error's code (`ECONNREFUSED`, `GONET_ERR_CLOSED`, …). */
  readonly code: string;
  /**
   * bytesWritten (JS-only) is, on the error of a failed Write, how many of its bytes got through
   * before the failure, where that is known: Go's Write returns this count as n beside the error.
   * On TCP and unix conns it is what the kernel accepted (the peer can still receive those bytes);
   * on a Pipe, what the other end's Reads took. It is undefined where the count is not known (TLS,
   * whose kernel writes are records; WebSocket and UDP, whose writes are whole messages).
   */
  readonly bytesWritten?: number;

  constructor(init: OpErrorInit) {
    let s = init.Op;
    if (init.Net !== "") s += " " + init.Net;
    const source = init.Source ?? null;
    const addr = init.Addr ?? null;
    if (source !== null) s += " " + source.String();
    if (addr !== null) s += (source !== null ? "->" : " ") + addr.String();
    s += ": " + init.Err.message;
    if (init.Hint !== undefined && init.Hint !== "") s += ` (${init.Hint})`;
    super(s, { cause: init.Err });
    this.Op = init.Op;
    this.Net = init.Net;
    this.Source = source;
    this.Addr = addr;
    this.Err = init.Err;
    const c = (init.Err as { code?: unknown }).code;
    this.code = c !== undefined ? String(c) : "GONET_ERR_OP";
    if (init.bytesWritten !== undefined) this.bytesWritten = init.bytesWritten;
  }
  /** Timeout reports whether the error is a timeout, as Go's OpError.Timeout. */
  override Timeout(): boolean {
    return isTimeout(this.Err);
  }
  /**
   * Temporary reports whether the error is temporary, as Go's OpError.Temporary (net.go,
   * deprecated in Go): an accept whose Err is the bare errno ECONNRESET or ECONNABORTED (Go's
   * isConnError, issue 6163), else the Errno inside a SyscallError, else Err itself.
   */
  override Temporary(): boolean {
    if (this.Op === "accept" && this.Err instanceof Errno && (this.Err.code === "ECONNRESET" || this.Err.code === "ECONNABORTED")) return true;
    if (this.Err instanceof SyscallError) return isTemporary(this.Err.Err);
    return isTemporary(this.Err);
  }
  /** Unwrap returns Err. */
  Unwrap(): Error {
    return this.Err;
  }
}


/** AddrError describes a malformed address: `address 1.2.3.4: missing port in address`. */
export class AddrError extends GoError {
  static override readonly brandName: string = "AddrError";
  /** Err is the description of what is wrong. */
  readonly Err: string;
  /** Addr is the address as given. */
  readonly Addr: string;
  /** code is always GONET_ERR_ADDR. */
  readonly code = "GONET_ERR_ADDR";

  constructor(err: string, addr: string) {
    super(addr !== "" ? `address ${addr}: ${err}` : err);
    this.Err = err;
    this.Addr = addr;
  }
}


/** UnknownNetworkError says that a network name is not known: `unknown network foo`. */
export class UnknownNetworkError extends GoError {
  static override readonly brandName: string = "UnknownNetworkError";
  /** Network is the name that was given. */
  readonly Network: string;
  /** code is always GONET_ERR_UNKNOWN_NETWORK. */
  readonly code = "GONET_ERR_UNKNOWN_NETWORK";

  constructor(network: string) {
    super(`unknown network ${network}`);
    this.Network = network;
  }
}


/** ParseError is the error for a malformed string address: `invalid CIDR address: 1.2.3.4/33`. */
export class ParseError extends GoError {
  static override readonly brandName: string = "ParseError";
  /** Type is the kind of string that was expected ("IP address", "CIDR address"). */
  readonly Type: string;
  /** Text is the malformed text. */
  readonly Text: string;
  /** code is always GONET_ERR_PARSE. */
  readonly code = "GONET_ERR_PARSE";

  constructor(type: string, text: string) {
    super(`invalid ${type}: ${text}`);
    this.Type = type;
    this.Text = text;
  }
}


/** DNSErrorInit carries the fields of a DNSError. */
export interface DNSErrorInit {
  Err: string;
  Name: string;
  Server?: string;
  IsTimeout?: boolean;
  IsTemporary?: boolean;
  IsNotFound?: boolean;
  cause?: unknown;
}

/** DNSError represents a DNS lookup error: `lookup nosuchhost.invalid: no such host`. */
export class DNSError extends GoError {
  static override readonly brandName: string = "DNSError";
  /** Err is the description of the error. */
  readonly Err: string;
  /** Name is the name looked for. */
  readonly Name: string;
  /** Server is the server used (the DoH URL for DoH lookups), or "". */
  readonly Server: string;
  /** IsTimeout is true if the lookup timed out. */
  readonly IsTimeout: boolean;
  /** IsTemporary is true if the error is temporary; not all errors are known to be temporary. */
  readonly IsTemporary: boolean;
  /** IsNotFound is true if the host could not be found. */
  readonly IsNotFound: boolean;
  /** code is ENOTFOUND, ETIMEOUT, ESERVFAIL or GONET_ERR_DNS. */
  readonly code: string;

  constructor(init: DNSErrorInit) {
    let s = "lookup " + init.Name;
    if (init.Server !== undefined && init.Server !== "") s += " on " + init.Server;
    s += ": " + init.Err;
    super(s, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.Err = init.Err;
    this.Name = init.Name;
    this.Server = init.Server ?? "";
    this.IsTimeout = init.IsTimeout ?? false;
    this.IsTemporary = init.IsTemporary ?? false;
    this.IsNotFound = init.IsNotFound ?? false;
    this.code = this.IsNotFound ? "ENOTFOUND" : this.IsTimeout ? "ETIMEOUT" : this.IsTemporary ? "ESERVFAIL" : "GONET_ERR_DNS";
  }
  /** Timeout reports IsTimeout. */
  override Timeout(): boolean {
    return this.IsTimeout;
  }
  /** Temporary reports IsTimeout || IsTemporary, as Go's. */
  override Temporary(): boolean {
    return this.IsTimeout || this.IsTemporary;
  }
}

function unwrapOnce(err: unknown): unknown[] {
  if (typeof err !== "object" || err === null) return [];
  const out: unknown[] = [];
  const e = err as { Err?: unknown; cause?: unknown; errors?: unknown };
  if (e.Err instanceof Error) out.push(e.Err);
  if (e.cause !== undefined && e.cause !== e.Err) out.push(e.cause);
  if (err instanceof AggregateError) out.push(...err.errors);
  return out;
}

/**
 * Is reports whether any error in err's chain (walking `Err` and `cause`) is target, or has an
 * `Is(target)` method that says so — Go's errors.Is.
 *
 * @example
 * try { await conn.Read(buf) } catch (err) { if (Is(err, ErrDeadlineExceeded)) retry() }
 */
export function Is(err: unknown, target: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === undefined || e === null || seen.has(e)) continue;
    seen.add(e);
    if (e === target) return true;
    const m = (e as { Is?: unknown }).Is;
    if (typeof m === "function" && (m as (t: unknown) => boolean).call(e, target) === true) return true;
    stack.push(...unwrapOnce(e).reverse());
  }
  return false;
}

/**
 * As finds the first error in err's chain that is an instance of cls and returns it, or null —
 * Go's errors.As.
 *
 * @example
 * const op = As(err, OpError); if (op) console.log(op.Op, op.Addr?.String())
 */
// cls is any class, private constructors (Errno) included.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function As<T>(err: unknown, cls: Function & { prototype: T }): T | null {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0) {
    const e = stack.pop();
    if (e === undefined || e === null || seen.has(e)) continue;
    seen.add(e);
    if (e instanceof cls) return e as T;
    stack.push(...unwrapOnce(e).reverse());
  }
  return null;
}

/** errorMessage returns the message of any thrown value. Internal. */
export function errorMessage(err: unknown): string {
  return messageOf(err);
}
