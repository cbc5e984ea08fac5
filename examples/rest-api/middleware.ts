// Middleware is handler wrapping, as in Go: each function takes a Handler and returns one.

import { Error as httpError, HandlerFunc, StatusNoContent, StatusUnauthorized, type Handler, type ResponseWriter } from "gonet/http";

/**
 * statusRecorder remembers the status a handler wrote, for the access log. Unwrap hands out the
 * writer it wraps, so ResponseController (and websocket's Accept, which hijacks through it)
 * reach the server's writer behind it, as with Go's middleware.
 */
class statusRecorder implements ResponseWriter {
  status = 200;
  constructor(readonly w: ResponseWriter) {}
  Header() {
    return this.w.Header();
  }
  WriteHeader(code: number): void {
    this.status = code;
    this.w.WriteHeader(code);
  }
  Write(p: Uint8Array | string): Promise<number> {
    return this.w.Write(p);
  }
  Flush(): Promise<void> {
    return this.w.Flush?.() ?? Promise.resolve();
  }
  Unwrap(): ResponseWriter {
    return this.w;
  }
}

/** logging prints one access-log line per request: method, path, status and duration. */
export function logging(next: Handler, log: (line: string) => void = console.log): Handler {
  return HandlerFunc(async (w, r) => {
    const start = performance.now();
    const rec = new statusRecorder(w);
    try {
      await next.ServeHTTP(rec, r);
    } finally {
      log(`${r.Method} ${r.URL.pathname} ${rec.status} ${(performance.now() - start).toFixed(1)}ms`);
    }
  });
}

/** cors allows cross-origin calls from origin and answers preflight OPTIONS requests itself. */
export function cors(origin: string, next: Handler): Handler {
  return HandlerFunc(async (w, r) => {
    const h = w.Header();
    h.Set("Access-Control-Allow-Origin", origin);
    h.Add("Vary", "Origin");
    if (r.Method === "OPTIONS" && r.Header.Get("Access-Control-Request-Method") !== "") {
      h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE");
      h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type");
      h.Set("Access-Control-Max-Age", "600");
      w.WriteHeader(StatusNoContent);
      return;
    }
    await next.ServeHTTP(w, r);
  });
}

/** auth lets reads through and requires `Authorization: Bearer <token>` for everything else. */
export function auth(token: string, next: Handler): Handler {
  return HandlerFunc(async (w, r) => {
    if (r.Method !== "GET" && r.Method !== "HEAD" && r.Method !== "OPTIONS" && r.Header.Get("Authorization") !== `Bearer ${token}`) {
      w.Header().Set("WWW-Authenticate", 'Bearer realm="items"');
      await httpError(w, "unauthorized", StatusUnauthorized);
      return;
    }
    await next.ServeHTTP(w, r);
  });
}
