// ServeMux's decision tree and conflict index, after Go's
// net/http/routing_tree.go and routing_index.go.
//
// The root of the tree branches on the host of the request, the next level on
// the method, the remaining levels on consecutive segments of the path. The
// "more specific wins" rule can require backtracking: given /a/b/z and
// /a/{x}/c, the path /a/b/c is first tried against /a/b/z, then /a/{x}/c.

import type { Handler } from "./handler.js";
import type { Pattern, Segment } from "./pattern.js";
import { pathUnescape } from "./url.js";

/** RoutingNode is a node in the decision tree; leaves hold a pattern and its handler. Internal. */
export class RoutingNode {
  /** pattern is the pattern of a leaf, null for an interior node. */
  pattern: Pattern | null = null;
  /** handler is the handler of a leaf, null for an interior node. */
  handler: Handler | null = null;
  /** children maps the next host, method or literal segment ("/" is a {$} trailing slash). */
  readonly children = new Map<string, RoutingNode>();
  /** multiChild is the child for a multi wildcard. */
  multiChild: RoutingNode | null = null;
  /** emptyChild is the child for "" (no host, no method, or a single wildcard). */
  emptyChild: RoutingNode | null = null;

  /** addPattern adds a pattern and its handler to the tree rooted at this node. */
  addPattern(p: Pattern, h: Handler): void {
    this.addChild(p.host).addChild(p.method).addSegments(p.segments, p, h);
  }

  private addSegments(segs: readonly Segment[], p: Pattern, h: Handler): void {
    if (segs.length === 0) {
      this.set(p, h);
      return;
    }
    const seg = segs[0] as Segment;
    if (seg.multi) {
      if (segs.length !== 1) throw new Error("multi wildcard not last");
      const c = new RoutingNode();
      this.multiChild = c;
      c.set(p, h);
    } else if (seg.wild) {
      this.addChild("").addSegments(segs.slice(1), p, h);
    } else {
      this.addChild(seg.s).addSegments(segs.slice(1), p, h);
    }
  }

  private set(p: Pattern, h: Handler): void {
    if (this.pattern !== null || this.handler !== null) throw new Error("non-nil leaf fields");
    this.pattern = p;
    this.handler = h;
  }

  private addChild(key: string): RoutingNode {
    if (key === "") {
      this.emptyChild ??= new RoutingNode();
      return this.emptyChild;
    }
    let c = this.children.get(key);
    if (c === undefined) {
      c = new RoutingNode();
      this.children.set(key, c);
    }
    return c;
  }

  /** findChild returns the child with the given key, or null. */
  findChild(key: string): RoutingNode | null {
    if (key === "") return this.emptyChild;
    return this.children.get(key) ?? null;
  }

  /**
   * match returns the leaf under this root that matches host, method and path, and the values of
   * the pattern's wildcards in order; null if none. A host-specific match wins; GET patterns
   * match HEAD requests.
   */
  match(host: string, method: string, path: string): [RoutingNode, string[]] | null {
    if (host !== "") {
      // If a pattern specifies this host and matches, we are done; otherwise try patterns with
      // no host.
      const r = matchMethodAndPath(this.findChild(host), method, path);
      if (r !== null) return r;
    }
    return matchMethodAndPath(this.emptyChild, method, path);
  }

  /** matchingMethods adds to methodSet all the methods that would match host and path. */
  matchingMethods(host: string, path: string, methodSet: Set<string>): void {
    if (host !== "") matchingMethodsPath(this.findChild(host), path, methodSet);
    matchingMethodsPath(this.emptyChild, path, methodSet);
    if (methodSet.has("GET")) methodSet.add("HEAD");
  }
}

function matchMethodAndPath(n: RoutingNode | null, method: string, path: string): [RoutingNode, string[]] | null {
  if (n === null) return null;
  const exact = matchPath(n.findChild(method), path, []);
  if (exact !== null) return exact;
  if (method === "HEAD") {
    // GET matches HEAD too.
    const get = matchPath(n.findChild("GET"), path, []);
    if (get !== null) return get;
  }
  // No exact match; try patterns with no method.
  return matchPath(n.emptyChild, path, []);
}

function matchPath(n: RoutingNode | null, path: string, matches: string[]): [RoutingNode, string[]] | null {
  if (n === null) return null;
  // If path is empty we are done: a leaf matches, an interior node fails.
  if (path === "") return n.pattern === null ? null : [n, matches];
  const [seg, rest] = firstSegment(path);
  // First try patterns that have a literal here: by construction they are more specific than
  // those with a wildcard here.
  const lit = matchPath(n.findChild(seg), rest, matches);
  if (lit !== null) return lit;
  // Then patterns with a single wildcard (never for a trailing slash), which are more specific
  // than those with a multi wildcard.
  if (seg !== "/") {
    const single = matchPath(n.emptyChild, rest, [...matches, seg]);
    if (single !== null) return single;
  }
  // Lastly the pattern (at most one) with a multi wildcard here takes the rest of the path.
  const c = n.multiChild;
  if (c !== null) {
    // A nameless multi (a trailing slash in the pattern) records no match.
    if ((c.pattern as Pattern).lastSegment().s !== "") return [c, [...matches, pathUnescape(path.slice(1)) ?? path.slice(1)]];
    return [c, matches];
  }
  return null;
}

/**
 * firstSegment splits path (which begins with "/") into its first segment, unescaped if
 * possible, and the rest; "/" alone is the segment "/" with rest "". Internal.
 */
export function firstSegment(path: string): [seg: string, rest: string] {
  if (path === "/") return ["/", ""];
  path = path.slice(1);
  let i = path.indexOf("/");
  if (i < 0) i = path.length;
  const seg = path.slice(0, i);
  return [pathUnescape(seg) ?? seg, path.slice(i)];
}

function matchingMethodsPath(n: RoutingNode | null, path: string, set: Set<string>): void {
  if (n === null) return;
  for (const [method, c] of n.children) {
    if (matchPath(c, path, []) !== null) set.add(method);
  }
  // The empty child would match any method; it is not consulted because this is only called
  // when matching on the method failed.
}

/**
 * RoutingIndex optimizes conflict detection by indexing patterns: patterns with a different
 * literal in a corresponding segment cannot conflict. Internal.
 */
export class RoutingIndex {
  /** segments maps a position and a literal ("" for a wildcard) to the patterns with it there. */
  readonly #segments = new Map<string, Pattern[]>();
  /** multis holds every pattern that ends in a multi wildcard (including a trailing slash). */
  readonly #multis: Pattern[] = [];

  static #key(pos: number, s: string): string {
    return pos + "\u0000" + s;
  }

  /** addPattern indexes pat. */
  addPattern(pat: Pattern): void {
    if (pat.lastSegment().multi) {
      this.#multis.push(pat);
      return;
    }
    pat.segments.forEach((seg, pos) => {
      const key = RoutingIndex.#key(pos, seg.wild ? "" : seg.s);
      const list = this.#segments.get(key);
      if (list === undefined) this.#segments.set(key, [pat]);
      else list.push(pat);
    });
  }

  /**
   * possiblyConflictingPatterns calls f on all patterns that might conflict with pat (and maybe
   * some that cannot), stopping at the first error f returns, which it returns.
   */
  possiblyConflictingPatterns(pat: Pattern, f: (p: Pattern) => Error | null): Error | null {
    const apply = (pats: readonly Pattern[] | undefined): Error | null => {
      for (const p of pats ?? []) {
        const err = f(p);
        if (err !== null) return err;
      }
      return null;
    };
    // Multi patterns are not pruned; assume any of them can match.
    const err = apply(this.#multis);
    if (err !== null) return err;
    if (pat.lastSegment().s === "/") {
      // A dollar pattern can only conflict with another dollar pattern with the {$} in the same
      // position (or a multi).
      return apply(this.#segments.get(RoutingIndex.#key(pat.segments.length - 1, "/")));
    }
    // For ordinary and multi patterns, the only conflicts can be with a multi, or a pattern with
    // the same literal or a wildcard at some literal position: use the position with the fewest.
    let lmin: Pattern[] | undefined;
    let wmin: Pattern[] | undefined;
    let min = Infinity;
    let hasLit = false;
    for (let i = 0; i < pat.segments.length; i++) {
      const seg = pat.segments[i] as Segment;
      if (seg.multi) break;
      if (!seg.wild) {
        hasLit = true;
        const lpats = this.#segments.get(RoutingIndex.#key(i, seg.s));
        const wpats = this.#segments.get(RoutingIndex.#key(i, ""));
        const sum = (lpats?.length ?? 0) + (wpats?.length ?? 0);
        if (sum < min) {
          lmin = lpats;
          wmin = wpats;
          min = sum;
        }
      }
    }
    if (hasLit) return apply(lmin) ?? apply(wmin);
    // This pattern is all wildcards: check it against everything.
    for (const pats of this.#segments.values()) {
      const e = apply(pats);
      if (e !== null) return e;
    }
    return null;
  }
}
