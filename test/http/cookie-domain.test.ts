// Cookie.String's Domain attribute against the rules of Go's net/http/cookie.go
// (validCookieDomain, isCookieDomainName): a name of LDH labels with at least one letter, no label
// over 63 bytes, no dash or dot next to a dot, no trailing dash, a leading dot dropped; or an IP
// address without a colon. An invalid Domain is left out of the Set-Cookie line, as Go does.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Cookie } from "../../src/http/cookie.js";

test("Cookie.String writes Domain only when Go's validCookieDomain accepts it", () => {
  const label63 = "a".repeat(63);
  const cases: [domain: string, written: string | null][] = [
    ["example.com", "example.com"],
    [".example.com", "example.com"],
    ["EXAMPLE.com", "EXAMPLE.com"],
    ["a-b.c-d.com", "a-b.c-d.com"],
    ["x1.com", "x1.com"],
    [`${label63}.com`, `${label63}.com`],
    ["localhost", "localhost"],
    ["1.2.3.4", "1.2.3.4"],
    ["a..b", null],
    ["..a", null],
    ["-a.com", null],
    [".-a.com", null],
    ["a-.com", null],
    ["a.com-", null],
    ["a.-com", null],
    [`${label63}a.com`, null],
    [`a.${label63}a`, null],
    ["123.456", null],
    ["exa_mple.com", null],
    ["exa mple.com", null],
    ["::1", null],
    ["[::1]", null],
    [`${"a.".repeat(127)}ab`, null],
  ];
  for (const [domain, written] of cases) {
    const s = new Cookie({ Name: "n", Value: "v", Domain: domain }).String();
    assert.equal(s, written === null ? "n=v" : `n=v; Domain=${written}`, domain);
  }
});
