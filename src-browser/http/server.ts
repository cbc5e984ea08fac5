// The HTTP server in the browser: a page cannot accept connections, so every
// entry point fails with an OpError wrapping ErrUnsupported that says what to
// use instead. The names and shapes are Node's, so isomorphic code type-checks.

import { ErrUnsupported, OpError } from "../../src/errors.js";
import type { Handler } from "../../src/http/handler.js";
import type { Listener } from "../../src/net.js";
import type { Config as TLSConfig } from "../../src/tls.js";

const hint = "a browser cannot serve HTTP; run the Server in Node, or test handlers in the page with httptest.NewRecorder";

function unsupported(): OpError {
  return new OpError({ Op: "listen", Net: "tcp", Source: null, Addr: null, Err: ErrUnsupported, Hint: hint });
}

/** Hijacker is Go's http.Hijacker; no browser ResponseWriter implements it. */
export interface Hijacker {
  /** Hijack takes over the connection. */
  Hijack(): Promise<[import("../../src/net.js").Conn, Uint8Array]>;
}

/** ServerInit holds the fields a Server is created with (Go's http.Server struct literal). */
export interface ServerInit {
  Addr?: string;
  Handler?: Handler | null;
  ReadTimeout?: number;
  ReadHeaderTimeout?: number;
  WriteTimeout?: number;
  IdleTimeout?: number;
  MaxHeaderBytes?: number;
  TLSConfig?: TLSConfig | null;
  ErrorLog?: ((msg: string) => void) | null;
}

/** DefaultMaxHeaderBytes is the maximum permitted size of the headers in an HTTP request (1 MB). */
export const DefaultMaxHeaderBytes = 1 << 20;

/**
 * Server is Go's http.Server; in a browser it cannot be created: the constructor throws
 * `listen tcp: unsupported operation (a browser cannot serve HTTP; …)`.
 *
 * @example
 * new Server({ Handler: mux }); // throws an OpError whose Err is ErrUnsupported
 */
export class Server {
  constructor(_init: ServerInit = {}) {
    throw unsupported();
  }
  /** ListenAndServe fails: a browser cannot listen. */
  ListenAndServe(): Promise<never> {
    return Promise.reject(unsupported());
  }
  /** ListenAndServeTLS fails: a browser cannot listen. */
  ListenAndServeTLS(_certFile = "", _keyFile = ""): Promise<never> {
    return Promise.reject(unsupported());
  }
  /** Serve fails: a browser cannot serve. */
  Serve(_l: Listener): Promise<never> {
    return Promise.reject(unsupported());
  }
  /** ServeTLS fails: a browser cannot serve. */
  ServeTLS(_l: Listener, _certFile = "", _keyFile = ""): Promise<never> {
    return Promise.reject(unsupported());
  }
  /** Shutdown fails: there is nothing to shut down. */
  Shutdown(_signal?: AbortSignal | null): Promise<void> {
    return Promise.reject(unsupported());
  }
  /** Close fails: there is nothing to close. */
  Close(): Promise<void> {
    return Promise.reject(unsupported());
  }
  /** RegisterOnShutdown throws. */
  RegisterOnShutdown(_f: () => void): void {
    throw unsupported();
  }
  /** SetKeepAlivesEnabled throws. */
  SetKeepAlivesEnabled(_v: boolean): void {
    throw unsupported();
  }
}

/** ListenAndServe fails in a browser with an OpError wrapping ErrUnsupported. */
export function ListenAndServe(_addr: string, _handler: Handler | null): Promise<never> {
  return Promise.reject(unsupported());
}

/** ListenAndServeTLS fails in a browser with an OpError wrapping ErrUnsupported. */
export function ListenAndServeTLS(_addr: string, _certFile: string, _keyFile: string, _handler: Handler | null): Promise<never> {
  return Promise.reject(unsupported());
}

/** Serve fails in a browser with an OpError wrapping ErrUnsupported. */
export function Serve(_l: Listener, _handler: Handler | null): Promise<never> {
  return Promise.reject(unsupported());
}
