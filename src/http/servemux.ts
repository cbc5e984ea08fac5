// ServeMux after Go's net/http/server.go (Go 1.22+ routing; the 1.21 mode
// behind GODEBUG=httpmuxgo121 is not provided).
//
// Deviations from Go, all for the JavaScript setting:
// - registration errors are thrown (Go panics) as PatternError; "registered
//   at" names the caller's stack frame (file:line:column) when the JavaScript
//   engine provides one, else "unknown location", as Go does without caller info;
// - the internal redirects are 301 Moved Permanently, as in Go 1.22 to 1.25
//   (Go 1.26 switched them to 307);
// - the redirect to a cleaned path writes the cleaned escaped path as is,
//   where Go re-escapes it (so "/a%2Fb/../c" redirects to "/a%2Fc", not
//   "/a%252Fc"; golang/go#79897).

import { SplitHostPort } from "../ipsock.js";
import { HTTPError } from "./errors.js";
import { Error as httpError, type Handler, type HandlerFunction, handlerFunc, NotFoundHandler, RedirectHandler, type ResponseWriter } from "./handler.js";
import { goQuote } from "./internal.js";
import { cleanPath, describeConflict, type Pattern, PatternParseError, parsePattern } from "./pattern.js";
import type { Request, ServerRequest } from "./request.js";
import { RoutingIndex, RoutingNode } from "./routing.js";
import { StatusBadRequest, StatusMethodNotAllowed, StatusMovedPermanently, StatusText } from "./status.js";
import { escapedPath, escapePath, urlHost, urlPath, urlRawQuery } from "./url.js";

/**
 * PatternError is thrown by ServeMux.Handle and HandleFunc for a pattern that is empty, invalid
 * (`parsing "/{x": at offset 1: bad wildcard segment (must end with '}')`) or in conflict with a
 * registered one (`pattern "GET /" (registered at …) conflicts with pattern "/index.html"
 * (registered at …): …`), and for a nil handler (`http: nil handler`). Pattern is the pattern
 * being registered.
 */
export class PatternError extends HTTPError {
  static override readonly brandName: string = "PatternError";
  /** Pattern is the pattern being registered. */
  readonly Pattern: string;
  constructor(pattern: string, message: string, code: string) {
    super(message, code);
    this.Pattern = pattern;
  }
}

// callerLocation returns the file:line:column of the frame that called the public method that
// called it (stack frames: callerLocation, Handle/HandleFunc, caller).
function callerLocation(depth: number): string {
  const stack = new globalThis.Error().stack;
  if (stack === undefined) return "unknown location";
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l) || /@/.test(l));
  const frame = frames[depth];
  if (frame === undefined) return "unknown location";
  const m = /\(([^()]*)\)\s*$/.exec(frame) ?? /^\s+at (.*)$/.exec(frame) ?? /@(.*)$/.exec(frame);
  const loc = m?.[1]?.trim();
  if (loc === undefined || loc === "") return "unknown location";
  return loc.replace(/^file:\/\//, "");
}

// stripHostPort returns h without any trailing ":<port>".
function stripHostPort(h: string): string {
  if (!h.includes(":")) return h;
  try {
    return SplitHostPort(h)[0];
  } catch {
    return h; // on error, return unchanged
  }
}

/**
 * exactMatch reports whether the node's pattern exactly matches the path: every match is exact
 * except one where a multi wildcard matches a non-empty string. Internal.
 */
export function exactMatch(n: RoutingNode | null, path: string): boolean {
  if (n === null || n.pattern === null) return false;
  const pat = n.pattern;
  // If there is no multi, the match is exact.
  if (!pat.lastSegment().multi) return true;
  // If the path doesn't end in a trailing slash, the multi match is non-empty.
  if (path.length > 0 && path[path.length - 1] !== "/") return false;
  // For the match to be exact, the number of pattern segments should be the number of slashes
  // in the path: "/a/b/{$}" and "/a/b/{...}" exactly match "/a/b/", but "/a/" does not.
  return pat.segments.length === path.split("/").length - 1;
}

function toHandler(handler: Handler | HandlerFunction | null | undefined): Handler | null {
  if (handler === null || handler === undefined) return null;
  if (typeof handler === "function") return new handlerFunc(handler);
  if (typeof handler.ServeHTTP !== "function") return null;
  if (handler instanceof handlerFunc && typeof handler.f !== "function") return null;
  return handler;
}

interface Found {
  h: Handler;
  pattern: string;
  pat: Pattern | null;
  matches: string[];
}

/**
 * ServeMux is an HTTP request multiplexer (Go's http.ServeMux, with Go 1.22 patterns). It matches
 * each request against the registered patterns "[METHOD ][HOST]/[PATH]" and calls the handler of
 * the most specific one.
 *
 * - "/index.html" matches that path for any host and method; "GET /static/" a GET (or HEAD)
 *   request whose path begins with "/static/"; "example.com/" any request to that host;
 *   "example.com/{$}" that host and the path "/"; "/b/{bucket}/o/{objectname...}" paths whose
 *   first segment is "b" and third is "o", with the wildcards available from PathValue.
 * - A trailing slash acts as an anonymous "..." wildcard; "{$}" matches only the end of the path.
 *   Pattern and request paths are unescaped segment by segment, so "%2F" in a request matches
 *   within one segment.
 * - The most specific pattern wins; a pattern with a host beats one without; registering two
 *   patterns that overlap with neither more specific throws PatternError.
 * - A request for a subtree root without its trailing slash ("/images" for "/images/") is
 *   redirected (301) to it, query kept; a path with "." or ".." segments or repeated slashes is
 *   redirected (301) to its cleaned form; CONNECT requests are not cleaned. A path that matches a
 *   pattern except for the method gets 405 with an Allow header listing the methods that match.
 *
 * @example
 * const mux = NewServeMux();
 * mux.HandleFunc("GET /items/{id}", async (w, r) => {
 *   await w.Write("item " + r.PathValue("id"));
 * });
 * mux.Handle("/static/", StripPrefix("/static", files));
 */
export class ServeMux implements Handler {
  readonly #tree = new RoutingNode();
  readonly #index = new RoutingIndex();
  readonly #patterns: Pattern[] = [];

  /**
   * Handle registers the handler for the given pattern. It throws PatternError if the pattern is
   * empty or invalid, if it conflicts with one already registered, or if handler is null.
   */
  Handle(pattern: string, handler: Handler | HandlerFunction): void {
    this.#register(pattern, toHandler(handler), callerLocation(2));
  }

  /** HandleFunc registers the handler function for the given pattern; it throws as Handle does. */
  HandleFunc(pattern: string, handler: HandlerFunction): void {
    this.#register(pattern, typeof handler === "function" ? new handlerFunc(handler) : null, callerLocation(2));
  }

  /** registerAt is Handle with an explicit registration location (for DefaultServeMux's Handle). Internal. */
  registerAt(pattern: string, handler: Handler | HandlerFunction | null, loc: string): void {
    this.#register(pattern, toHandler(handler), loc);
  }

  #register(patstr: string, handler: Handler | null, loc: string): void {
    if (patstr === "") throw new PatternError(patstr, "http: invalid pattern", "GONET_HTTP_ERR_INVALID_PATTERN");
    if (handler === null) throw new PatternError(patstr, "http: nil handler", "GONET_HTTP_ERR_NIL_HANDLER");
    let pat: Pattern;
    try {
      pat = parsePattern(patstr);
    } catch (e) {
      if (e instanceof PatternParseError) throw new PatternError(patstr, `parsing ${goQuote(patstr)}: ${e.message}`, "GONET_HTTP_ERR_INVALID_PATTERN");
      throw e;
    }
    pat.loc = loc;
    const err = this.#index.possiblyConflictingPatterns(pat, (pat2) => {
      if (!pat.conflictsWith(pat2)) return null;
      const d = describeConflict(pat, pat2);
      return new PatternError(
        patstr,
        `pattern ${goQuote(pat.str)} (registered at ${pat.loc}) conflicts with pattern ${goQuote(pat2.str)} (registered at ${pat2.loc}):\n${d}`,
        "GONET_HTTP_ERR_PATTERN_CONFLICT",
      );
    });
    if (err !== null) throw err;
    this.#tree.addPattern(pat, handler);
    this.#index.addPattern(pat);
    this.#patterns.push(pat);
  }

  /**
   * Handler returns the handler to use for the given request, consulting r.Method, r.Host, and
   * r.URL, and the registered pattern that matches the request, as [handler, pattern]. It always
   * returns a handler: for a path not in canonical form, an internally generated redirect (and
   * the pattern that will match after it); if nothing applies, a 404 or 405 handler and "". The
   * host's port is ignored; CONNECT requests use the path and host unchanged. Handler does not
   * set the request's path values (ServeHTTP does).
   */
  Handler(r: Request): [handler: Handler, pattern: string] {
    const f = this.#findHandler(r);
    return [f.h, f.pattern];
  }

  #findHandler(r: Request): Found {
    let n: RoutingNode | null;
    let matches: string[] = [];
    let host = urlHost(r.URL);
    const rawPath = escapedPath(r.URL);
    let path = rawPath;
    if (r.Method === "CONNECT") {
      // The /tree -> /tree/ redirect applies to CONNECT requests, but the path canonicalization
      // does not.
      const first = this.#matchOrRedirect(host, r.Method, path, r.URL);
      if (first.redirect !== null) return { h: RedirectHandler(first.redirect.url, StatusMovedPermanently), pattern: first.redirect.path, pat: null, matches: [] };
      // Redo the match with r.Host instead of the URL's host, without the redirect logic.
      const second = this.#matchOrRedirect(r.Host, r.Method, path, null);
      n = second.n;
      matches = second.matches;
    } else {
      // All other requests have any port stripped and the path cleaned.
      host = stripHostPort(r.Host);
      path = cleanPath(path);
      const m = this.#matchOrRedirect(host, r.Method, path, r.URL);
      if (m.redirect !== null) {
        return { h: RedirectHandler(m.redirect.url, StatusMovedPermanently), pattern: m.n?.pattern?.str ?? "", pat: null, matches: [] };
      }
      n = m.n;
      matches = m.matches;
      if (path !== rawPath) {
        // Redirect to the cleaned path.
        const q = urlRawQuery(r.URL);
        return { h: RedirectHandler(path + (q !== "" ? "?" + q : ""), StatusMovedPermanently), pattern: n?.pattern?.str ?? "", pat: null, matches: [] };
      }
    }
    if (n === null || n.pattern === null || n.handler === null) {
      // No match with the request method. To tell Not Found from Method Not Allowed, look for a
      // pattern that matches except for the method.
      const allowed = this.#matchingMethods(host, path);
      if (allowed.length > 0) {
        const allow = allowed.join(", ");
        return {
          h: new handlerFunc((w: ResponseWriter) => {
            w.Header().Set("Allow", allow);
            return httpError(w, StatusText(StatusMethodNotAllowed), StatusMethodNotAllowed);
          }),
          pattern: "",
          pat: null,
          matches: [],
        };
      }
      return { h: NotFoundHandler(), pattern: "", pat: null, matches: [] };
    }
    return { h: n.handler, pattern: n.pattern.str, pat: n.pattern, matches };
  }

  // matchOrRedirect looks up the node matching host, method and path. If u is given and the path
  // doesn't match exactly, the match is tried again with "/" appended; if that matches exactly,
  // the result carries the redirect to that path.
  #matchOrRedirect(host: string, method: string, path: string, u: URL | null): { n: RoutingNode | null; matches: string[]; redirect: { url: string; path: string } | null } {
    const m = this.#tree.match(host, method, path);
    const n = m?.[0] ?? null;
    if (!exactMatch(n, path) && u !== null && !path.endsWith("/") && path !== "") {
      const path2 = path + "/";
      const m2 = this.#tree.match(host, method, path2);
      const n2 = m2?.[0] ?? null;
      if (exactMatch(n2, path2)) {
        const newPath = cleanPath(urlPath(u)) + "/";
        const q = urlRawQuery(u);
        return { n: n2, matches: [], redirect: { url: escapePath(newPath) + (q !== "" ? "?" + q : ""), path: newPath } };
      }
    }
    return { n, matches: m?.[1] ?? [], redirect: null };
  }

  // matchingMethods returns a sorted list of all methods that would match host and path.
  #matchingMethods(host: string, path: string): string[] {
    const ms = new Set<string>();
    this.#tree.matchingMethods(host, path, ms);
    // matchOrRedirect will try appending a trailing slash if there is no match.
    if (!path.endsWith("/")) this.#tree.matchingMethods(host, path + "/", ms);
    return [...ms].sort();
  }

  /**
   * ServeHTTP dispatches the request to the handler whose pattern most closely matches the
   * request URL, after setting r.Pattern and r's path values. A request for "*" gets 400 Bad
   * Request (with Connection: close for HTTP/1.1).
   */
  ServeHTTP(w: ResponseWriter, r: ServerRequest): void | Promise<void> {
    if (r.RequestURI === "*") {
      if (r.ProtoAtLeast(1, 1)) w.Header().Set("Connection", "close");
      w.WriteHeader(StatusBadRequest);
      return;
    }
    const f = this.#findHandler(r);
    r.Pattern = f.pattern;
    if (f.pat !== null) {
      let i = 0;
      for (const seg of f.pat.segments) {
        if (seg.wild && seg.s !== "") {
          if (i < f.matches.length) r.SetPathValue(seg.s, f.matches[i] as string);
          i++;
        }
      }
    }
    return f.h.ServeHTTP(w, r);
  }
}

/** NewServeMux allocates and returns a new ServeMux. */
export function NewServeMux(): ServeMux {
  return new ServeMux();
}

/** DefaultServeMux is the default ServeMux used by Serve and the package-level Handle and HandleFunc. */
export const DefaultServeMux: ServeMux = new ServeMux();

/** Handle registers the handler for the given pattern in DefaultServeMux; it throws as ServeMux.Handle does. */
export function Handle(pattern: string, handler: Handler | HandlerFunction): void {
  DefaultServeMux.registerAt(pattern, handler, callerLocation(2));
}

/** HandleFunc registers the handler function for the given pattern in DefaultServeMux; it throws as ServeMux.HandleFunc does. */
export function HandleFunc(pattern: string, handler: HandlerFunction): void {
  DefaultServeMux.registerAt(pattern, typeof handler === "function" ? handler : null, callerLocation(2));
}
