// Response: Location, Cookies, ProtoAtLeast and the body conveniences.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Is } from "../../src/errors.js";
import { BytesBody, NoBody } from "../../src/http/body.js";
import { Header } from "../../src/http/header.js";
import { NewRequest } from "../../src/http/request.js";
import { ErrNoLocation, Response } from "../../src/http/response.js";

test("Response.Location (TestLocationResponse)", () => {
  const cases: [location: string, requrl: string, want: string | null][] = [
    ["/foo", "http://bar.com/baz", "http://bar.com/foo"],
    ["http://foo.com/", "http://bar.com/baz", "http://foo.com/"],
    ["", "http://bar.com/baz", null],
    ["/bar", "", "/bar"],
  ];
  for (const [loc, requrl, want] of cases) {
    const res = new Response({ Header: new Header(loc === "" ? {} : { Location: loc }) });
    if (requrl !== "") res.Request = NewRequest("GET", requrl);
    if (want === null) {
      assert.throws(() => res.Location(), (e: unknown) => e === ErrNoLocation && Is(e, ErrNoLocation) && (e as Error).message === "http: no Location header in response");
      continue;
    }
    const u = res.Location();
    assert.equal(requrl === "" ? u.pathname : u.href, want, loc);
  }
});

test("Response body conveniences read and close the body", async () => {
  let closed = 0;
  const body = new BytesBody('{"a":[1,2]}');
  const tracked = {
    Read: (p: Uint8Array) => body.Read(p),
    Close: () => {
      closed++;
      return Promise.resolve();
    },
  };
  const res = new Response({ StatusCode: 200, Status: "200 OK", Body: tracked });
  assert.deepEqual(await res.json(), { a: [1, 2] });
  assert.equal(closed, 1);
  assert.equal(await new Response({ Body: "héllo" }).text(), "héllo");
  assert.deepEqual(await new Response({ Body: new Uint8Array([1, 2, 3]) }).bytes(), new Uint8Array([1, 2, 3]));
  const empty = new Response();
  assert.equal(empty.Body, NoBody);
  assert.equal(await empty.text(), "");
  assert.equal(empty.ContentLength, -1);
  await assert.rejects(new Response({ Body: "not json" }).json(), SyntaxError);
});

test("Response.Cookies and ProtoAtLeast", () => {
  const res = new Response({ Header: new Header([["Set-Cookie", "a=1; Path=/"], ["Set-Cookie", "bad"], ["Set-Cookie", "b=2"]]), ProtoMajor: 1, ProtoMinor: 0 });
  assert.deepEqual(res.Cookies().map((c) => [c.Name, c.Value, c.Path]), [
    ["a", "1", "/"],
    ["b", "2", ""],
  ]);
  assert.equal(res.ProtoAtLeast(1, 0), true);
  assert.equal(res.ProtoAtLeast(1, 1), false);
});
