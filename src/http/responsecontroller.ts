// ResponseController, after Go's net/http/responsecontroller.go (Go 1.20): the optional
// ResponseWriter methods (Flush, Hijack, deadlines, full duplex) reached through any number of
// wrapping middleware ResponseWriters that have an Unwrap method.

import { SentinelError } from "../errors.js";
import type { Conn, DeadlineInput } from "../net.js";
import { HTTPError } from "./errors.js";
import type { ResponseWriter } from "./handler.js";

/**
 * ErrNotSupported indicates that a feature is not supported (Go's http.ErrNotSupported, text
 * "feature not supported"). ResponseController's methods reject or throw an error that wraps
 * it, so `Is(err, ErrNotSupported)` holds, when the ResponseWriter does not support the method.
 */
export const ErrNotSupported = new SentinelError("feature not supported", "GONET_HTTP_ERR_NOT_SUPPORTED", { name: "ErrNotSupported" });

// Go's errNotSupported: fmt.Errorf("%w", ErrNotSupported), a new error with ErrNotSupported's
// text that wraps it.
function errNotSupported(): HTTPError {
  return new HTTPError(ErrNotSupported.message, ErrNotSupported.code, { cause: ErrNotSupported });
}

/**
 * rwUnwrapper is the method a wrapping ResponseWriter has to let ResponseController reach the
 * ResponseWriter it wraps (Go's unexported rwUnwrapper interface).
 */
interface rwUnwrapper {
  /** Unwrap returns the ResponseWriter this one wraps. */
  Unwrap(): ResponseWriter;
}

type optional = ResponseWriter & {
  Unwrap?: () => ResponseWriter;
  FlushError?: () => Promise<void>;
  Hijack?: () => Promise<[Conn, Uint8Array]>;
  SetReadDeadline?: (deadline: DeadlineInput) => void;
  SetWriteDeadline?: (deadline: DeadlineInput) => void;
  EnableFullDuplex?: () => void;
};

/**
 * find walks rw's Unwrap chain as each of Go's ResponseController methods does: the first
 * ResponseWriter with the method m wins; one without it and without Unwrap ends the walk (null).
 */
function find<K extends keyof optional>(rw: ResponseWriter, m: K): optional | null {
  let w = rw as optional;
  for (;;) {
    if (typeof w[m] === "function") return w;
    if (typeof w.Unwrap !== "function") return null;
    w = w.Unwrap() as optional;
  }
}

/**
 * ResponseController is used by an HTTP handler to control the response (Go's
 * http.ResponseController). It may not be used after ServeHTTP has returned. Each method finds
 * the first ResponseWriter in the chain that has it: the one given, or one reached through
 * Unwrap (a middleware's wrapper should have `Unwrap(): ResponseWriter` returning the writer it
 * wraps). When none has it, the method fails with an error wrapping ErrNotSupported.
 *
 * @example
 * const rc = NewResponseController(w);
 * rc.SetReadDeadline(Date.now() + 5000);
 * await rc.Flush();
 */
export class ResponseController {
  readonly #rw: ResponseWriter;

  /** ResponseController is made by NewResponseController. */
  constructor(rw: ResponseWriter) {
    this.#rw = rw;
  }

  /**
   * Flush flushes buffered data to the client: the ResponseWriter's FlushError when it has one,
   * else its Flush. It rejects with the flush's error, or one wrapping ErrNotSupported.
   */
  async Flush(): Promise<void> {
    let w = this.#rw as optional;
    for (;;) {
      if (typeof w.FlushError === "function") return w.FlushError();
      if (typeof w.Flush === "function") return w.Flush();
      if (typeof w.Unwrap !== "function") throw errNotSupported();
      w = w.Unwrap() as optional;
    }
  }

  /**
   * Hijack lets the caller take over the connection (see Hijacker): it resolves the Conn and
   * the client's unread bytes. It rejects with the Hijacker's error, or one wrapping
   * ErrNotSupported.
   */
  async Hijack(): Promise<[Conn, Uint8Array]> {
    const w = find(this.#rw, "Hijack");
    if (w === null) throw errNotSupported();
    return (w.Hijack as () => Promise<[Conn, Uint8Array]>).call(w);
  }

  /**
   * SetReadDeadline sets the deadline for reading the entire request, including the body: a
   * body Read after it fails with a timeout (`read tcp …: i/o timeout`). null or 0 means no
   * deadline; a deadline that has passed makes Reads fail at once. Setting it after the server's
   * ReadTimeout fired does not extend that. It throws an error wrapping ErrNotSupported when
   * the ResponseWriter cannot set it.
   */
  SetReadDeadline(deadline: DeadlineInput): void {
    const w = find(this.#rw, "SetReadDeadline");
    if (w === null) throw errNotSupported();
    (w.SetReadDeadline as (d: DeadlineInput) => void).call(w, deadline);
  }

  /**
   * SetWriteDeadline sets the deadline for writing the response: Writes and Flushes after it
   * fail with a timeout and the connection is closed. null or 0 means no deadline. It throws an
   * error wrapping ErrNotSupported when the ResponseWriter cannot set it.
   */
  SetWriteDeadline(deadline: DeadlineInput): void {
    const w = find(this.#rw, "SetWriteDeadline");
    if (w === null) throw errNotSupported();
    (w.SetWriteDeadline as (d: DeadlineInput) => void).call(w, deadline);
  }

  /**
   * EnableFullDuplex indicates that the request handler will interleave reads from the request
   * body with writes to the response. gonet's server always allows that, as Go's HTTP/2 server
   * does, so for it this only records the wish. It throws an error wrapping ErrNotSupported
   * when the ResponseWriter does not have the method.
   */
  EnableFullDuplex(): void {
    const w = find(this.#rw, "EnableFullDuplex");
    if (w === null) throw errNotSupported();
    (w.EnableFullDuplex as () => void).call(w);
  }
}

/**
 * NewResponseController creates a ResponseController for a request. rw should be the
 * ResponseWriter passed to ServeHTTP, or have an Unwrap method returning it.
 */
export function NewResponseController(rw: ResponseWriter): ResponseController {
  return new ResponseController(rw);
}
