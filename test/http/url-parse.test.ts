// Go's URL parser rules behind NewRequest and the server's request-target parsing (parseGoURL):
// the validity tables of Go's net/url/url_test.go (parseRequestURLTests for ParseRequestURI,
// TestParseErrors for Parse), with Go's error texts where url.go spells them out.

import assert from "node:assert/strict";
import { test } from "node:test";
import { URLError, parseGoURL } from "../../src/http/url.js";
import { goQuote } from "../../src/quote.js";

const pathThatLooksSchemeRelative = "//not.a.user@not.a.host/just/a/path";

test("ParseRequestURI: Go's parseRequestURLTests", () => {
  const cases: [string, boolean][] = [
    ["http://foo.com", true],
    ["http://foo.com/", true],
    ["http://foo.com/path", true],
    ["/", true],
    [pathThatLooksSchemeRelative, true],
    ["//not.a.user@%66%6f%6f.com/just/a/path/also", true],
    ["*", true],
    ["http://192.168.0.1/", true],
    ["http://192.168.0.1:8080/", true],
    ["http://[fe80::1]/", true],
    ["http://[fe80::1]:8080/", true],
    // RFC 6874 zones.
    ["http://[fe80::1%25en0]/", true],
    ["http://[fe80::1%25en0]:8080/", true],
    ["http://[fe80::1%25%65%6e%301-._~]/", true],
    ["http://[fe80::1%25%65%6e%301-._~]:8080/", true],
    ["foo.html", false],
    ["../dir/", false],
    [" http://foo.com", false],
    ["http://192.168.0.%31/", false],
    ["http://192.168.0.%31:8080/", false],
    ["http://[fe80::%31]/", false],
    ["http://[fe80::%31]:8080/", false],
    ["http://[fe80::%31%25en0]/", false],
    ["http://[fe80::%31%25en0]:8080/", false],
    // Valid in RFC 4007's text form, not as an RFC 6874 URI literal.
    ["http://[fe80::1%en0]/", false],
    ["http://[fe80::1%en0]:8080/", false],
  ];
  for (const [url, valid] of cases) {
    let err: unknown = null;
    try {
      parseGoURL(url, true);
    } catch (e) {
      err = e;
    }
    assert.equal(err === null, valid, `${url}: ${String(err)}`);
    if (err !== null) assert.ok(err instanceof URLError && err.Op === "parse" && err.URL === url, String(err));
  }
});

test("Parse: Go's TestParseErrors", () => {
  const cases: [string, boolean][] = [
    ["http://[::1]", false],
    ["http://[::1]:80", false],
    ["http://[::1]:namedport", true],
    ["http://x:namedport", true],
    ["http://[::1]/", false],
    ["http://[::1]a", true],
    ["http://[::1]%23", true],
    ["http://[::1%25en0]", false],
    ["http://[::1]:", false],
    ["http://x:", false],
    ["http://[::1]:%38%30", true],
    ["http://[::1%25%41]", false],
    ["http://[%10::1]", true],
    ["http://[::1]/%48", false],
    ["http://%41:8080/", true],
    ["mysql://x@y(z:123)/foo", true],
    ["mysql://x@y(1.2.3.4:123)/foo", true],
    [" http://foo.com", true],
    ["ht tp://foo.com", true],
    ["ahttp://foo.com", false],
    ["1http://foo.com", true],
    ["http://[]%20%48%54%54%50%2f/", true],
    ["http://a b.com/", true],
    ["cache_object://foo", true],
    ["cache_object:foo", true],
    ["cache_object:foo/bar", true],
    ["cache_object/:foo/bar", false],
  ];
  for (const [url, wantErr] of cases) {
    let err: unknown = null;
    try {
      parseGoURL(url);
    } catch (e) {
      err = e;
    }
    assert.equal(err !== null, wantErr, `${url}: ${String(err)}`);
  }
});

test("Parse errors carry Go's texts (url.go)", () => {
  const cases: [raw: string, viaRequest: boolean, text: string][] = [
    ["http://[::1]:namedport", false, 'invalid port ":namedport" after host'],
    ["http://[::1]a", false, 'invalid port "a" after host'],
    ["http://[::1", false, "missing ']' in host"],
    ["http://%41:8080/", false, 'invalid URL escape "%41"'],
    ["http://a b.com/", false, 'invalid character " " in host name'],
    ["http://[fe80::1%25%2f]/", false, 'invalid URL escape "%2f"'],
    ["http://[fe80::1%25en{0]/", false, 'invalid character "{" in host name'],
    ["cache_object:foo", false, "first path segment in URL cannot contain colon"],
    [":foo", false, "missing protocol scheme"],
    ["http://x/\x7f", false, "net/url: invalid control character in URL"],
    ["http://x/\n", true, "net/url: invalid control character in URL"],
    ["", true, "empty url"],
    ["foo.html", true, "invalid URI for request"],
    ["http://x/%zz", false, 'invalid URL escape "%zz"'],
    ["http://x/#%zz", false, 'invalid URL escape "%zz"'],
    ["http://user name@x/", false, "net/url: invalid userinfo"],
  ];
  for (const [raw, viaRequest, text] of cases) {
    assert.throws(
      () => parseGoURL(raw, viaRequest),
      (e: unknown) => e instanceof URLError && e.message === `parse ${goQuote(raw)}: ${text}`,
      JSON.stringify(raw),
    );
  }
  // A zone may escape a space (Windows interface names); the unescaped host keeps it.
  assert.equal(parseGoURL("http://[fe80::1%25Local%20Area]/").host, "[fe80::1%Local Area]");
  assert.equal(parseGoURL("http://[fe80::1%25%65%6e0]:80/").host, "[fe80::1%en0]:80");
  // Opaque and force-query forms, and a fragment kept as written.
  const opaque = parseGoURL("mailto:gopher@example.com?subject=hi#top");
  assert.deepEqual([opaque.scheme, opaque.opaque, opaque.rawQuery, opaque.fragment], ["mailto", "gopher@example.com", "subject=hi", "top"]);
  const force = parseGoURL("HTTP://x/a?");
  assert.deepEqual([force.scheme, force.host, force.rawPath, force.forceQuery], ["http", "x", "/a", true]);
});
