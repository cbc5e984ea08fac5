// Go's url.Values and parseQuery, shared by gonet/url and gonet/http.

import type { GoError } from "../errors.js";
import { EscapeError, ParseError } from "./errors.js";
import { escape, unescape } from "./escape.js";

/**
 * Values maps a string key to a list of values (Go's url.Values), as query parameters and form
 * values hold them. It is a Map with Go's methods on top; keys are case-sensitive.
 */
export class Values extends Map<string, string[]> {
  /** Get gets the first value associated with the given key, or "" if there are none. */
  Get(key: string): string {
    const vs = this.get(key);
    return vs !== undefined && vs.length > 0 ? (vs[0] as string) : "";
  }
  /** Set sets the key to value, replacing any existing values. */
  Set(key: string, value: string): void {
    this.set(key, [value]);
  }
  /** Add adds the value to key, appending to any existing values. */
  Add(key: string, value: string): void {
    const vs = this.get(key);
    if (vs === undefined) this.set(key, [value]);
    else vs.push(value);
  }
  /** Del deletes the values associated with key. */
  Del(key: string): void {
    this.delete(key);
  }
  /** Has reports whether the key is set. */
  Has(key: string): boolean {
    return this.has(key);
  }
  /** Encode encodes the values into "URL encoded" form ("bar=baz&foo=quux") sorted by key. */
  Encode(): string {
    const keys = [...this.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const k of keys) {
      const ke = escape(k, "query");
      for (const v of this.get(k) ?? []) parts.push(ke + "=" + escape(v, "query"));
    }
    return parts.join("&");
  }
  /** Clone returns a copy with new value arrays. */
  Clone(): Values {
    const c = new Values();
    for (const [k, vs] of this) c.set(k, [...vs]);
    return c;
  }
}

/** maxQueryParams is Go's defaultMaxParams (GODEBUG urlmaxqueryparams): more "&"-separated parts are refused. */
const maxQueryParams = 10000;

/**
 * parseQuery parses a URL-encoded query into m as Go's parseQuery does and returns the first error
 * (too many parameters, a semicolon separator, a malformed escape) or null; the pairs that parse
 * are kept, except over the parameter limit, where nothing is. Internal.
 */
export function parseQuery(m: Values, query: string): GoError | null {
  let amps = 0;
  for (let i = query.indexOf("&"); i >= 0; i = query.indexOf("&", i + 1)) amps++;
  if (amps + 1 > maxQueryParams) return new ParseError("number of URL query parameters exceeded limit", "GONET_URL_ERR_QUERY_PARAMS");
  let err: GoError | null = null;
  while (query !== "") {
    let key: string;
    const amp = query.indexOf("&");
    if (amp >= 0) {
      key = query.slice(0, amp);
      query = query.slice(amp + 1);
    } else {
      key = query;
      query = "";
    }
    if (key.includes(";")) {
      err = new ParseError("invalid semicolon separator in query", "GONET_URL_ERR_QUERY_SEMICOLON");
      continue;
    }
    if (key === "") continue;
    let value = "";
    const eq = key.indexOf("=");
    if (eq >= 0) {
      value = key.slice(eq + 1);
      key = key.slice(0, eq);
    }
    try {
      key = unescape(key, "query");
      value = unescape(value, "query");
    } catch (e) {
      if (!(e instanceof EscapeError)) throw e;
      err ??= e;
      continue;
    }
    m.Add(key, value);
  }
  return err;
}

