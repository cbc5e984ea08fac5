// gonet/httptest in the browser (Go's net/http/httptest): ResponseRecorder and
// NewRequest test handlers in the page; Server needs Node (a page cannot
// listen), so NewServer, NewTLSServer and NewUnstartedServer fail with an
// OpError wrapping ErrUnsupported.
//
// @example
// import { NewRecorder, NewRequest } from "gonet/httptest";
// const rec = NewRecorder();
// await handler.ServeHTTP(rec, NewRequest("GET", "/items/1"));
// rec.Result().StatusCode; // 200

import { ErrUnsupported, OpError } from "../src/errors.js";
import type { Handler } from "../src/http/handler.js";

export { BytesBuffer, DefaultRemoteAddr, NewRecorder, ResponseRecorder, NewTestRequest as NewRequest, NewTestRequestWithContext as NewRequestWithContext } from "../src/http/recorder.js";

function unsupported(): OpError {
  return new OpError({ Op: "listen", Net: "tcp", Source: null, Addr: null, Err: ErrUnsupported, Hint: "httptest.Server needs Node; in a browser test handlers with NewRecorder" });
}

/** Server is Go's httptest.Server; in a browser it cannot be created (the constructor throws). */
export class Server {
  /** URL is the base URL of the server. */
  readonly URL: string = "";
  constructor(_handler: Handler) {
    throw unsupported();
  }
  /** Close does nothing: no Server exists in a browser. */
  Close(): Promise<void> {
    return Promise.resolve();
  }
}

/** NewServer fails in a browser with an OpError wrapping ErrUnsupported. */
export function NewServer(_handler: Handler): Promise<Server> {
  return Promise.reject(unsupported());
}

/** NewTLSServer fails in a browser with an OpError wrapping ErrUnsupported. */
export function NewTLSServer(_handler: Handler): Promise<Server> {
  return Promise.reject(unsupported());
}

/** NewUnstartedServer throws in a browser: an OpError wrapping ErrUnsupported. */
export function NewUnstartedServer(_handler: Handler): Server {
  throw unsupported();
}
