// The platform-free half of crypto/tls and crypto/x509: host name verification.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ParseIP } from "../src/ip.js";
import { HostnameError, verifyHostname, type X509Certificate } from "../src/tls.js";

function cert(dnsNames: string[], ips: string[] = [], commonName = ""): X509Certificate {
  const name = { CommonName: commonName, Organization: [], String: () => (commonName !== "" ? `CN=${commonName}` : "") };
  return {
    Raw: new Uint8Array(),
    Subject: name,
    Issuer: name,
    SerialNumber: 1n,
    NotBefore: new Date(0),
    NotAfter: new Date(0),
    DNSNames: dnsNames,
    IPAddresses: ips.map((s) => ParseIP(s)!),
    EmailAddresses: [],
    IsCA: false,
    hasSANExtension: dnsNames.length > 0 || ips.length > 0,
  };
}

describe("verifyHostname", () => {
  // Go's matchHostnamesTests (crypto/x509 x509_test.go, TestMatchHostnames): a certificate whose
  // only DNS name is pattern, checked with VerifyHostname(host).
  const matchHostnamesTests: [pattern: string, host: string, ok: boolean][] = [
    ["a.b.c", "a.b.c", true],
    ["a.b.c", "b.b.c", false],
    ["", "b.b.c", false],
    ["a.b.c", "", false],
    ["example.com", "example.com", true],
    ["example.com", "www.example.com", false],
    ["*.example.com", "example.com", false],
    ["*.example.com", "www.example.com", true],
    ["*.example.com", "www.example.com.", true],
    ["*.example.com", "xyz.www.example.com", false],
    ["*.example.com", "https://www.example.com", false], // Issue 27591
    ["*.example..com", "www.example..com", false],
    ["www.example..com", "www.example..com", true],
    ["*.*.example.com", "xyz.www.example.com", false],
    ["*.www.*.com", "xyz.www.example.com", false],
    ["*bar.example.com", "foobar.example.com", false],
    ["f*.example.com", "foobar.example.com", false],
    ["www.example.com", "*.example.com", false],
    ["", ".", false],
    [".", "", false],
    [".", ".", false],
    ["example.com", "example.com.", true],
    ["example.com.", "example.com", false],
    ["example.com.", "example.com.", true], // perfect matches allow trailing dots in patterns
    ["*.com.", "example.com.", false],
    ["*.com.", "example.com", false],
    ["*.com", "example.com", true],
    ["*.com", "example.com.", true],
    ["foo:bar", "foo:bar", true],
    ["*.foo:bar", "xxx.foo:bar", false],
    ["*.2.3.4", "1.2.3.4", false],
    ["*.2.3.4", "[1.2.3.4]", false],
    ["*:4860:4860::8888", "2001:4860:4860::8888", false],
    ["*:4860:4860::8888", "[2001:4860:4860::8888]", false],
    ["2001:4860:4860::8888", "2001:4860:4860::8888", false],
    ["2001:4860:4860::8888", "[2001:4860:4860::8888]", false],
    ["[2001:4860:4860::8888]", "2001:4860:4860::8888", false],
    ["[2001:4860:4860::8888]", "[2001:4860:4860::8888]", false],
    // Beyond Go's table, read off the same code (verify.go validHostname, matchHostnames):
    // case folds in ASCII only, "_" is tolerated, "-" may not start a label, and a bare "*" is
    // not a valid pattern ("Bare wildcards are not allowed", validHostname), so it matches
    // only exactly: a certificate for "*" is valid for no real name.
    ["WWW.Example.COM", "www.example.com", true],
    ["*.EXAMPLE.com", "Foo.example.COM", true],
    ["_srv.example.com", "_srv.example.com", true],
    ["*.example.com", "-a.example.com", false],
    ["*", "localhost", false],
    ["*", "www.localhost", false],
    ["*", "localhost.", false],
    ["*", "com", false],
  ];
  for (const [pattern, host, ok] of matchHostnamesTests) {
    it(`${JSON.stringify(pattern)} against ${JSON.stringify(host)}: ${ok}`, () => {
      const err = verifyHostname(cert([pattern]), host);
      assert.equal(err === null, ok);
      if (err !== null) assert.ok(err instanceof HostnameError);
    });
  }

  it("matches IPs only against IP SANs, brackets allowed (Go's TestMatchIP)", () => {
    assert.notEqual(verifyHostname(cert(["*.2.3.4"], [], "*.2.3.4"), "1.2.3.4"), null);
    assert.equal(verifyHostname(cert(["*.foo.bar.baz"], [], "*.foo.bar.baz"), "quux.foo.bar.baz"), null);
    const c = cert([], ["127.0.0.1", "::1"]);
    for (const h of ["127.0.0.1", "::1", "[::1]"]) assert.equal(verifyHostname(c, h), null, h);
  });

  // Go's HostnameError.Error (verify.go); Host is the bracket-less IP, or the name as asked.
  const texts: { cert: X509Certificate; host: string; want: string; wantHost: string }[] = [
    { cert: cert(["*"]), host: "localhost", want: "x509: certificate is valid for *, not localhost", wantHost: "localhost" },
    { cert: cert(["example.com", "www.example.com"]), host: "LocalHost", want: "x509: certificate is valid for example.com, www.example.com, not LocalHost", wantHost: "LocalHost" },
    { cert: cert(["example.com"]), host: "[::1]", want: "x509: cannot validate certificate for ::1 because it doesn't contain any IP SANs", wantHost: "::1" },
    { cert: cert([], ["127.0.0.1", "::1"]), host: "10.1.2.3", want: "x509: certificate is valid for 127.0.0.1, ::1, not 10.1.2.3", wantHost: "10.1.2.3" },
    { cert: cert([], ["127.0.0.1"]), host: "example.com", want: "x509: certificate is not valid for any names, but wanted to match example.com", wantHost: "example.com" },
    { cert: { ...cert([], [], "example.com"), hasSANExtension: false }, host: "example.com", want: "x509: certificate relies on legacy Common Name field, use SANs instead", wantHost: "example.com" },
  ];
  for (const tc of texts) {
    it(`HostnameError text for ${tc.host}`, () => {
      const err = verifyHostname(tc.cert, tc.host);
      assert.ok(err instanceof HostnameError);
      assert.equal(err.message, tc.want);
      assert.equal(err.Host, tc.wantHost);
    });
  }
});
