// Go 1.26's limit on the number of query parameters (net/url parseQuery, GODEBUG
// urlmaxqueryparams, default 10000; CVE-2025-61726) reaches gonet/http through the shared
// gonet/url core: ParseQuery and Request.ParseForm refuse a query with more parts.

import assert from "node:assert/strict";
import { test } from "node:test";
import { HTTPError } from "../../src/http/errors.js";
import { NewRequest } from "../../src/http/request.js";
import { ParseQuery } from "../../src/http/url.js";

const limit = "number of URL query parameters exceeded limit"; // src/net/url/url.go parseQuery

test("ParseQuery accepts 10000 parameters and refuses 10001", () => {
  assert.equal(ParseQuery("a=1" + "&b=2".repeat(9999)).get("b")?.length, 9999);
  assert.throws(
    () => ParseQuery("a=1" + "&b=2".repeat(10000)),
    (e: unknown) => e instanceof HTTPError && e.message === limit && e.code === "GONET_HTTP_ERR_QUERY_PARAMS",
  );
});

test("Request.ParseForm refuses a URL query over the limit and keeps no values", async () => {
  const r = NewRequest("GET", "http://example.com/?" + "a=1&".repeat(10000) + "b=2", null);
  await assert.rejects(r.ParseForm(), (e: unknown) => e instanceof HTTPError && e.message === limit);
  assert.equal(r.Form?.size ?? 0, 0);
});
