// The error types of gonet/url (Go's url.Error, EscapeError, InvalidHostError) and ParseError
// for net/url's plain errors. Messages are Go's texts byte for byte.

import { GoError } from "../errors.js";
import { goQuote } from "../quote.js";

const kURLError = Symbol.for("gonet.error.URLError");

/**
 * URLError reports an error and the operation and URL that caused it: Go's *url.Error, exported
 * as Error too. Its message is Go's `%s %q: %s`, for example
 * `parse "http://a b.com/": invalid character " " in host name`. gonet/http reports client
 * failures with the same class.
 */
export class URLError extends globalThis.Error {
  /** Op is the operation: "parse", or the method ("Get", "Post", …) of a client request. */
  readonly Op: string;
  /** URL is the URL as given. */
  readonly URL: string;
  /** Err is the underlying error (an EscapeError, InvalidHostError, ParseError, or a client's error). */
  readonly Err: globalThis.Error | string;
  /**
   * code is GONET_HTTP_ERR_URL for a parse error (the code gonet/http has always given it), and
   * for a client request its cause's code when it has one (a refused connection: `ECONNREFUSED`),
   * as WebSocketError's is.
   */
  readonly code: string;

  constructor(op: string, url: string, err: globalThis.Error | string, options?: { cause?: unknown }) {
    const cause = options?.cause ?? (typeof err === "string" ? undefined : err);
    super(`${op} ${goQuote(url)}: ${typeof err === "string" ? err : err.message}`, cause === undefined ? undefined : { cause });
    this.name = "URLError";
    this.Op = op;
    this.URL = url;
    this.Err = err;
    const c = op === "parse" || typeof err === "string" ? undefined : (err as { code?: unknown }).code;
    this.code = typeof c === "string" && c !== "" ? c : "GONET_HTTP_ERR_URL";
    Object.defineProperty(this, kURLError, { value: true });
  }
  /** Unwrap returns Err (an Error; a string Err unwraps to null). */
  Unwrap(): globalThis.Error | null {
    return typeof this.Err === "string" ? null : this.Err;
  }
  /** Timeout reports whether Err is a timeout (a client request that timed out); parsing never times out. */
  Timeout(): boolean {
    const e = this.Err as { Timeout?: () => boolean };
    return typeof e === "object" && typeof e.Timeout === "function" && e.Timeout();
  }
  /** Temporary reports whether Err is temporary. */
  Temporary(): boolean {
    const e = this.Err as { Temporary?: () => boolean };
    return typeof e === "object" && typeof e.Temporary === "function" && e.Temporary();
  }
  /** Error returns the message, as Go's error.Error(). */
  Error(): string {
    return this.message;
  }
  static override [Symbol.hasInstance](v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[kURLError] === true;
  }
}

/** EscapeError is a malformed %-escape (Go's url.EscapeError): `invalid URL escape "%zz"`. */
export class EscapeError extends GoError {
  static override readonly brandName: string = "EscapeError";
  /** code is always GONET_URL_ERR_ESCAPE. */
  readonly code = "GONET_URL_ERR_ESCAPE";
  /** escape is the offending text: "%" and up to two following bytes. */
  readonly escape: string;
  constructor(escape: string, quoted = goQuote(escape)) {
    super("invalid URL escape " + quoted);
    this.escape = escape;
  }
}

/** InvalidHostError is a byte a host may not contain (Go's url.InvalidHostError): `invalid character " " in host name`. */
export class InvalidHostError extends GoError {
  static override readonly brandName: string = "InvalidHostError";
  /** code is always GONET_URL_ERR_INVALID_HOST. */
  readonly code = "GONET_URL_ERR_INVALID_HOST";
  /** char is the offending character. */
  readonly char: string;
  constructor(char: string) {
    super("invalid character " + goQuote(char) + " in host name");
    this.char = char;
  }
}

/**
 * ParseError is one of net/url's plain errors (errors.New / fmt.Errorf in Go): "missing protocol
 * scheme", `invalid port ":x" after host`, "invalid semicolon separator in query", …; its message
 * is Go's text and code names the case.
 */
export class ParseError extends GoError {
  static override readonly brandName: string = "URLParseError";
  /** code is a stable machine-readable name of the case (GONET_URL_ERR_…). */
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

