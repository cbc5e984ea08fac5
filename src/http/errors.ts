// Error values of gonet/http. Go's net/http reports most failures as plain
// errors (errors.New / fmt.Errorf); here they are HTTPError instances whose
// message is Go's text and whose code names the case. Sentinels that callers
// compare by identity (ErrNoCookie, ErrHandlerTimeout, …) are SentinelErrors
// from the root package, so Is(err, ErrNoCookie) works as errors.Is does.

import { GoError } from "../errors.js";

/**
 * HTTPError is an error of gonet/http that Go reports as a plain error value: its message is Go's
 * text (for example `net/http: invalid method "BAD METHOD"`), code is a stable machine-readable
 * name, and cause is set when it wraps another error.
 */
export class HTTPError extends GoError {
  static override readonly brandName: string = "HTTPError";
  /** code is a stable machine-readable name of the failure (GONET_HTTP_…). */
  readonly code: string;

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
