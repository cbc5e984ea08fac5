// The string helpers of src/http/internal.ts against Go's own tables: goQuoteByte is fmt's %q of a
// byte (strconv.QuoteRune; quote_test.go quoterunetests), pathClean is path.Clean (path_test.go
// cleantests), byteLength is len() of the UTF-8 encoding, asciiEqualFold is internal/ascii.EqualFold.

import assert from "node:assert/strict";
import { test } from "node:test";
import { asciiEqualFold, asciiToLower, byteLength, goQuoteByte, pathClean } from "../../src/http/internal.js";

test("goQuoteByte: Go's quoterunetests rows that are bytes", () => {
  const cases: [number, string][] = [
    [0x61, "'a'"],
    [0x07, "'\\a'"],
    [0x5c, "'\\\\'"],
    [0xff, "'ÿ'"],
    [0x04, "'\\x04'"],
    [0xa0, "'\\u00a0'"],
    // Every escape Go's QuoteRune has for a byte.
    [0x27, "'\\''"],
    [0x08, "'\\b'"],
    [0x0c, "'\\f'"],
    [0x0a, "'\\n'"],
    [0x0d, "'\\r'"],
    [0x09, "'\\t'"],
    [0x0b, "'\\v'"],
    [0x00, "'\\x00'"],
    [0x7f, "'\\x7f'"],
    [0x85, "'\\u0085'"],
    [0xad, "'\\u00ad'"],
    [0x22, "'\"'"],
    [0xc3, "'Ã'"],
  ];
  for (const [b, want] of cases) assert.equal(goQuoteByte(b), want, b.toString(16));
});

test("pathClean: Go's path.Clean cleantests", () => {
  const cases: [string, string][] = [
    ["", "."],
    ["abc", "abc"],
    ["abc/def", "abc/def"],
    ["a/b/c", "a/b/c"],
    [".", "."],
    ["..", ".."],
    ["../..", "../.."],
    ["../../abc", "../../abc"],
    ["/abc", "/abc"],
    ["/", "/"],
    ["abc/", "abc"],
    ["abc/def/", "abc/def"],
    ["a/b/c/", "a/b/c"],
    ["./", "."],
    ["../", ".."],
    ["../../", "../.."],
    ["/abc/", "/abc"],
    ["abc//def//ghi", "abc/def/ghi"],
    ["//abc", "/abc"],
    ["///abc", "/abc"],
    ["//abc//", "/abc"],
    ["abc//", "abc"],
    ["abc/./def", "abc/def"],
    ["/./abc/def", "/abc/def"],
    ["abc/.", "abc"],
    ["abc/def/ghi/../jkl", "abc/def/jkl"],
    ["abc/def/../ghi/../jkl", "abc/jkl"],
    ["abc/def/..", "abc"],
    ["abc/def/../..", "."],
    ["/abc/def/../..", "/"],
    ["abc/def/../../..", ".."],
    ["/abc/def/../../..", "/"],
    ["abc/def/../../../ghi/jkl/../../../mno", "../../mno"],
    ["abc/./../def", "def"],
    ["abc//./../def", "def"],
    ["abc/../../././../def", "../../def"],
  ];
  for (const [p, want] of cases) assert.equal(pathClean(p), want, p);
});

test("byteLength is the UTF-8 length; asciiEqualFold and asciiToLower touch ASCII only", () => {
  for (const s of ["", "abc", "é", "日本", "\u{1f600}", "a\ud800b", "\udc00", "\ud800", "x\u{10ffff}"]) {
    assert.equal(byteLength(s), new TextEncoder().encode(s).length, JSON.stringify(s));
  }
  assert.equal(asciiEqualFold("Content-TYPE", "content-type"), true);
  assert.equal(asciiEqualFold("abc", "abd"), false);
  assert.equal(asciiEqualFold("abc", "ab"), false);
  assert.equal(asciiEqualFold("É", "é"), false, "only ASCII letters fold");
  assert.deepEqual(asciiToLower("LaX"), ["lax", true]);
  assert.deepEqual(asciiToLower("Ünicode"), ["", false]);
});
