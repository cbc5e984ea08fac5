// ServeMux patterns, after Go's net/http/pattern.go (Go 1.22+ routing):
// parsing "[METHOD ][HOST]/[PATH]" and the relations between patterns that
// decide precedence and conflicts.

import { isToken, goQuote } from "./internal.js";
import { pathClean } from "./internal.js";
import { pathUnescape } from "./url.js";

/**
 * Segment is a pattern piece that matches one or more path segments, or a trailing slash.
 * wild=false: a literal segment, or, if s === "/", a trailing slash ("{$}"). wild and not multi:
 * one path segment ("{x}"). wild and multi: all remaining segments ("{rest...}", or "" for a
 * trailing slash). Internal.
 */
export interface Segment {
  readonly s: string;
  readonly wild: boolean;
  readonly multi: boolean;
}

/** Pattern is a parsed ServeMux pattern: an optional method, an optional host, and a path. Internal. */
export class Pattern {
  /** str is the pattern as written. */
  readonly str: string;
  /** method is the method, or "" for any. */
  readonly method: string;
  /** host is the host, or "" for any. */
  readonly host: string;
  /**
   * segments represent the path: a path ending in "/" ends with an anonymous multi wildcard, a
   * path ending in "{$}" with the literal segment "/".
   */
  readonly segments: Segment[];
  /** loc is the source location of the registering call, for conflict messages. */
  loc = "";

  constructor(str: string, method: string, host: string, segments: Segment[]) {
    this.str = str;
    this.method = method;
    this.host = host;
    this.segments = segments;
  }

  /** String returns the pattern as written. */
  String(): string {
    return this.str;
  }

  /** lastSegment returns the final segment. */
  lastSegment(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  /**
   * conflictsWith reports whether p1 conflicts with p2: whether there is a request that both
   * match but where neither is higher precedence. Patterns with a host win over patterns without
   * one; otherwise the pattern whose method and path are more specific wins.
   */
  conflictsWith(p2: Pattern): boolean {
    if (this.host !== p2.host) {
      // Either one host is empty and the other isn't, in which case the one with the host wins,
      // or neither is empty and they differ, so they won't match the same paths.
      return false;
    }
    const rel = this.comparePathsAndMethods(p2);
    return rel === "equivalent" || rel === "overlaps";
  }

  /** comparePathsAndMethods relates the method and path parts of p1 and p2 together. */
  comparePathsAndMethods(p2: Pattern): Relationship {
    const mrel = this.compareMethods(p2);
    if (mrel === "disjoint") return "disjoint";
    return combineRelationships(mrel, this.comparePaths(p2));
  }

  /**
   * compareMethods relates the methods of p1 and p2: "" matches any method, "GET" matches GET and
   * HEAD, anything else only itself.
   */
  compareMethods(p2: Pattern): Relationship {
    if (this.method === p2.method) return "equivalent";
    if (this.method === "") return "moreGeneral";
    if (p2.method === "") return "moreSpecific";
    if (this.method === "GET" && p2.method === "HEAD") return "moreGeneral";
    if (p2.method === "GET" && this.method === "HEAD") return "moreSpecific";
    return "disjoint";
  }

  /** comparePaths determines the relationship between the path parts of two patterns. */
  comparePaths(p2: Pattern): Relationship {
    // A path without a trailing multi can only match paths with the same number of segments.
    if (this.segments.length !== p2.segments.length && !this.lastSegment().multi && !p2.lastSegment().multi) return "disjoint";
    let rel: Relationship = "equivalent";
    let i = 0;
    for (; i < this.segments.length && i < p2.segments.length; i++) {
      rel = combineRelationships(rel, compareSegments(this.segments[i] as Segment, p2.segments[i] as Segment));
      if (rel === "disjoint") return rel;
    }
    const rest1 = this.segments.length - i;
    const rest2 = p2.segments.length - i;
    if (rest1 === 0 && rest2 === 0) return rel;
    // Otherwise the only way they can fail to be disjoint is if the shorter one ends in a multi,
    // which is more general than the remainder of the longer one.
    if (rest1 < rest2 && this.lastSegment().multi) return combineRelationships(rel, "moreGeneral");
    if (rest2 < rest1 && p2.lastSegment().multi) return combineRelationships(rel, "moreSpecific");
    return "disjoint";
  }
}

/** Relationship is a relationship between two patterns p1 and p2. Internal. */
export type Relationship =
  | "equivalent" // both match the same requests
  | "moreGeneral" // p1 matches everything p2 does & more
  | "moreSpecific" // p2 matches everything p1 does & more
  | "disjoint" // there is no request that both match
  | "overlaps"; // there is a request that both match, but neither is more specific

/** compareSegments determines the relationship between two segments. Internal. */
export function compareSegments(s1: Segment, s2: Segment): Relationship {
  if (s1.multi && s2.multi) return "equivalent";
  if (s1.multi) return "moreGeneral";
  if (s2.multi) return "moreSpecific";
  if (s1.wild && s2.wild) return "equivalent";
  if (s1.wild) return s2.s === "/" ? "disjoint" : "moreGeneral"; // a single wildcard doesn't match a trailing slash
  if (s2.wild) return s1.s === "/" ? "disjoint" : "moreSpecific";
  return s1.s === s2.s ? "equivalent" : "disjoint";
}

/** combineRelationships combines the relationships of two parts of a pair of patterns. Internal. */
export function combineRelationships(r1: Relationship, r2: Relationship): Relationship {
  switch (r1) {
    case "equivalent":
      return r2;
    case "disjoint":
      return "disjoint";
    case "overlaps":
      return r2 === "disjoint" ? "disjoint" : "overlaps";
    case "moreGeneral":
    case "moreSpecific":
      if (r2 === "equivalent") return r1;
      if (r2 === inverseRelationship(r1)) return "overlaps";
      return r2;
  }
}

/** inverseRelationship returns the relationship of p2 to p1 when p1 has relationship r to p2. Internal. */
export function inverseRelationship(r: Relationship): Relationship {
  if (r === "moreSpecific") return "moreGeneral";
  if (r === "moreGeneral") return "moreSpecific";
  return r;
}

/** PatternParseError is a parse failure of a pattern, with Go's offset. Internal. */
export class PatternParseError {
  constructor(
    readonly offset: number,
    readonly text: string,
  ) {}
  /** message is Go's "at offset N: text" (just the text for an empty pattern, offset -1). */
  get message(): string {
    return this.offset < 0 ? this.text : `at offset ${this.offset}: ${this.text}`;
  }
}

function isValidWildcardName(s: string): boolean {
  if (s === "") return false;
  // A valid Go identifier.
  let i = 0;
  for (const c of s) {
    if (!/\p{L}/u.test(c) && c !== "_" && (i === 0 || !/\p{Nd}/u.test(c))) return false;
    i++;
  }
  return true;
}

/** byteLen is len(s) in Go for the offsets of parse errors. */
function byteLen(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * cleanPath returns the canonical path for p, eliminating . and .. elements and repeated slashes,
 * keeping a trailing slash (Go's cleanPath in server.go). Internal.
 */
export function cleanPath(p: string): string {
  if (p === "") return "/";
  if (p[0] !== "/") p = "/" + p;
  let np = pathClean(p);
  // path.Clean removes a trailing slash except for root; put it back if necessary.
  if (p[p.length - 1] === "/" && np !== "/") {
    if (p.length === np.length + 1 && p.startsWith(np)) np = p;
    else np += "/";
  }
  return np;
}

/**
 * parsePattern parses a string into a Pattern. The syntax is "[METHOD] [HOST]/[PATH]": METHOD is
 * an HTTP method followed by at least one space or tab, HOST a host name, PATH slash-separated
 * literal segments and wildcards "{name}", "{name...}" (last only) and "{$}" (last only); literal
 * segments are unescaped. It throws PatternParseError. Internal.
 */
export function parsePattern(s: string): Pattern {
  if (s.length === 0) throw new PatternParseError(-1, "empty pattern");
  let off = 0;
  let method = s;
  let rest = "";
  let found = false;
  const sp = s.search(/[ \t]/);
  if (sp >= 0) {
    method = s.slice(0, sp);
    rest = s.slice(sp + 1).trim();
    found = true;
  }
  if (!found) {
    rest = method;
    method = "";
  }
  if (method !== "" && !isToken(method)) throw new PatternParseError(off, `invalid method ${goQuote(method)}`);
  if (found) off = byteLen(method) + 1;
  const slash = rest.indexOf("/");
  if (slash < 0) throw new PatternParseError(off, "host/path missing /");
  const host = rest.slice(0, slash);
  rest = rest.slice(slash);
  const brace = host.indexOf("{");
  if (brace >= 0) throw new PatternParseError(off + byteLen(host.slice(0, brace)), "host contains '{' (missing initial '/'?)");
  // At this point, rest is the path.
  off += byteLen(host);

  // An unclean path with a method that is not CONNECT can never match, because paths are
  // cleaned before matching.
  if (method !== "" && method !== "CONNECT" && rest !== cleanPath(rest)) {
    throw new PatternParseError(off, "non-CONNECT pattern with unclean path can never match");
  }

  const total = byteLen(s);
  const segments: Segment[] = [];
  const seenNames = new Set<string>();
  while (rest.length > 0) {
    // Invariant: rest[0] === "/".
    rest = rest.slice(1);
    off = total - byteLen(rest);
    if (rest.length === 0) {
      // Trailing slash.
      segments.push({ s: "", wild: true, multi: true });
      break;
    }
    let i = rest.indexOf("/");
    if (i < 0) i = rest.length;
    let seg = rest.slice(0, i);
    rest = rest.slice(i);
    const b = seg.indexOf("{");
    if (b < 0) {
      // Literal.
      seg = pathUnescape(seg) ?? seg;
      segments.push({ s: seg, wild: false, multi: false });
      continue;
    }
    // Wildcard.
    if (b !== 0) throw new PatternParseError(off, "bad wildcard segment (must start with '{')");
    if (seg[seg.length - 1] !== "}") throw new PatternParseError(off, "bad wildcard segment (must end with '}')");
    let name = seg.slice(1, -1);
    if (name === "$") {
      if (rest.length !== 0) throw new PatternParseError(off, "{$} not at end");
      segments.push({ s: "/", wild: false, multi: false });
      break;
    }
    const multi = name.endsWith("...");
    if (multi) name = name.slice(0, -3);
    if (multi && rest.length !== 0) throw new PatternParseError(off, "{...} wildcard not at end");
    if (name === "") throw new PatternParseError(off, "empty wildcard");
    if (!isValidWildcardName(name)) throw new PatternParseError(off, `bad wildcard name ${goQuote(name)}`);
    if (seenNames.has(name)) throw new PatternParseError(off, `duplicate wildcard name ${goQuote(name)}`);
    seenNames.add(name);
    segments.push({ s: name, wild: true, multi });
  }
  return new Pattern(s, method, host, segments);
}

/** describeConflict returns Go's explanation of why two patterns conflict. Internal. */
export function describeConflict(p1: Pattern, p2: Pattern): string {
  const mrel = p1.compareMethods(p2);
  const prel = p1.comparePaths(p2);
  const rel = combineRelationships(mrel, prel);
  if (rel === "equivalent") return `${p1.str} matches the same requests as ${p2.str}`;
  if (rel !== "overlaps") throw new Error("describeConflict called with non-conflicting patterns");
  if (prel === "overlaps") {
    return (
      `${p1.str} and ${p2.str} both match some paths, like ${goQuote(commonPath(p1, p2))}.\n` +
      `But neither is more specific than the other.\n` +
      `${p1.str} matches ${goQuote(differencePath(p1, p2))}, but ${p2.str} doesn't.\n` +
      `${p2.str} matches ${goQuote(differencePath(p2, p1))}, but ${p1.str} doesn't.`
    );
  }
  if (mrel === "moreGeneral" && prel === "moreSpecific") return `${p1.str} matches more methods than ${p2.str}, but has a more specific path pattern`;
  if (mrel === "moreSpecific" && prel === "moreGeneral") return `${p1.str} matches fewer methods than ${p2.str}, but has a more general path pattern`;
  return `bug: unexpected way for two patterns ${p1.str} and ${p2.str} to conflict: methods ${mrel}, paths ${prel}`;
}

function writeSegment(s: Segment): string {
  return "/" + (!s.multi && s.s !== "/" ? s.s : "");
}

function writeMatchingPath(segs: readonly Segment[]): string {
  return segs.map(writeSegment).join("");
}

/** commonPath returns a path that both p1 and p2 match (it assumes there is one). Internal. */
export function commonPath(p1: Pattern, p2: Pattern): string {
  let b = "";
  let i = 0;
  for (; i < p1.segments.length && i < p2.segments.length; i++) {
    const s1 = p1.segments[i] as Segment;
    b += s1.wild ? writeSegment(p2.segments[i] as Segment) : writeSegment(s1);
  }
  if (i < p1.segments.length) b += writeMatchingPath(p1.segments.slice(i));
  else if (i < p2.segments.length) b += writeMatchingPath(p2.segments.slice(i));
  return b;
}

/** differencePath returns a path that p1 matches and p2 doesn't (it assumes there is one). Internal. */
export function differencePath(p1: Pattern, p2: Pattern): string {
  let b = "";
  let i = 0;
  for (; i < p1.segments.length && i < p2.segments.length; i++) {
    const s1 = p1.segments[i] as Segment;
    const s2 = p2.segments[i] as Segment;
    if (s1.multi && s2.multi) {
      // From here the patterns match the same paths, so a difference was found earlier.
      return b + "/";
    }
    if (s1.multi && !s2.multi) {
      // A trailing slash will distinguish them, unless s2 ends in "{$}", in which case any
      // segment will do; prefer the wildcard name if it has one.
      b += "/";
      if (s2.s === "/") b += s1.s !== "" ? s1.s : "x";
      return b;
    }
    if (!s1.multi && s2.multi) {
      b += writeSegment(s1);
    } else if (s1.wild && s2.wild) {
      // Both patterns will match whatever we put here; use the first wildcard name.
      b += writeSegment(s1);
    } else if (s1.wild && !s2.wild) {
      // Any segment other than s2.s will work. Prefer the wildcard name, but if it's the same
      // as the literal, tweak the literal.
      b += s1.s !== s2.s ? writeSegment(s1) : "/" + s2.s + "x";
    } else if (!s1.wild && s2.wild) {
      b += writeSegment(s1);
    } else {
      // Both are literals; the patterns overlap, so they must be the same literal.
      if (s1.s !== s2.s) throw new Error(`literals differ: ${goQuote(s1.s)} and ${goQuote(s2.s)}`);
      b += writeSegment(s1);
    }
  }
  if (i < p1.segments.length) b += writeMatchingPath(p1.segments.slice(i));
  else if (i < p2.segments.length) b += writeMatchingPath(p2.segments.slice(i));
  return b;
}
