// url.go's escaping helpers behind Request paths: PathUnescape (pathUnescape, null for Go's error)
// over Go's url_test.go unescapeTests, unescapePath keeping a malformed path as written, and
// url.Error's methods (Error is "Op \"URL\": Err"; Timeout and Temporary ask Err).

import assert from "node:assert/strict";
import { test } from "node:test";
import { Errno, SyscallError } from "../../src/errors.js";
import { URLError, escapePath, pathUnescape, unescapePath } from "../../src/http/url.js";

test("PathUnescape: Go's unescapeTests (a plus stays a plus in a path)", () => {
  const cases: [string, string | null][] = [
    ["", ""],
    ["abc", "abc"],
    ["1%41", "1A"],
    ["1%41%42%43", "1ABC"],
    ["%4a", "J"],
    ["%6F", "o"],
    ["%", null],
    ["%a", null],
    ["%1", null],
    ["123%45%6", null],
    ["%zzzzz", null],
    ["a+b", "a+b"],
    ["a%20b", "a b"],
    ["%2F%3b", "/;"],
    ["%E2%98%BA", "☺"],
  ];
  for (const [input, want] of cases) assert.equal(pathUnescape(input), want, input);
  assert.equal(unescapePath("/a%2Fb"), "/a/b");
  assert.equal(unescapePath("/bad%zz"), "/bad%zz", "a malformed path is kept as written");
  // URL.String's path escaping: "?" and bytes outside the path set, never "/".
  assert.equal(escapePath("/a b/c?d#e;f"), "/a%20b/c%3Fd%23e;f");
});

test("URLError: Error, Timeout and Temporary as Go's url.Error", () => {
  const timeout = new URLError("Get", "http://x/", new SyscallError("read", Errno.of("ETIMEDOUT")));
  assert.equal(timeout.Error(), 'Get "http://x/": read: connection timed out');
  assert.equal(timeout.Timeout(), true);
  assert.equal(timeout.Temporary(), true);
  const refused = new URLError("Post", "http://x/", new SyscallError("connect", Errno.of("ECONNREFUSED")));
  assert.equal(refused.Timeout(), false);
  assert.equal(refused.Temporary(), false);
  const text = new URLError("parse", "::", "missing protocol scheme");
  assert.equal(text.message, 'parse "::": missing protocol scheme');
  assert.equal(text.Timeout(), false);
  assert.equal(text.Temporary(), false);
  assert.equal(text.cause, undefined);
  assert.ok(text instanceof URLError && !({} instanceof URLError));
});
