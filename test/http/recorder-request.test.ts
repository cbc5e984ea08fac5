// httptest's NewRequest (NewTestRequest here) by Go's httptest/httptest.go: "" means GET, the
// target may be absolute (its host and scheme kept) or a path (host example.com), RemoteAddr is
// 192.0.2.1:1234, ContentLength follows the body kind (-1 when unknown), and a target the parser
// refuses panics (throws) with "invalid NewRequest arguments; " and the parse error.

import assert from "node:assert/strict";
import { test } from "node:test";
import { BytesBody } from "../../src/http/body.js";
import { NewTestRequest } from "../../src/http/recorder.js";
import { ReadAll } from "../../src/io.js";

test("NewTestRequest: method, host, TLS scheme and ContentLength by body kind", async () => {
  const r = NewTestRequest("", "/path?q=1");
  assert.equal(r.Method, "GET");
  assert.equal(r.Host, "example.com");
  assert.equal(r.RemoteAddr, "192.0.2.1:1234");
  assert.equal(r.RequestURI, "/path?q=1");
  assert.equal(r.ContentLength, 0);
  const abs = NewTestRequest("POST", "https://golang.org:8443/x", "body");
  assert.equal(abs.Host, "golang.org:8443");
  assert.equal(abs.URL.protocol, "https:");
  assert.ok(abs.TLS !== null, "an https target gets a TLS state, as Go's");
  assert.equal(abs.ContentLength, 4);
  assert.equal(NewTestRequest("PUT", "/", new Uint8Array(3)).ContentLength, 3);
  assert.equal(NewTestRequest("PUT", "/", new BytesBody("12345")).ContentLength, 5);
  const streamed = NewTestRequest("PUT", "/", {
    async *[Symbol.asyncIterator]() {
      yield new Uint8Array([1, 2]);
    },
  });
  assert.equal(streamed.ContentLength, -1);
  assert.deepEqual([...(await ReadAll(streamed.Body!))], [1, 2]);
  assert.throws(
    () => NewTestRequest("GET", "http://[::1"),
    (e: unknown) => e instanceof Error && e.message.startsWith("invalid NewRequest arguments; ") && e.message.includes("missing ']' in host"),
  );
});
