// Tables from Go's src/net/http/routing_tree_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import { handlerFunc } from "../../src/http/handler.js";
import { parsePattern } from "../../src/http/pattern.js";
import { firstSegment, RoutingNode } from "../../src/http/routing.js";

test("firstSegment (TestRoutingFirstSegment)", () => {
  const cases: [string, string[]][] = [
    ["/a/b/c", ["a", "b", "c"]],
    ["/a/b/", ["a", "b", "/"]],
    ["/", ["/"]],
    ["/a/%62/c", ["a", "b", "c"]],
    ["/a%2Fb%2fc", ["a/b/c"]],
    ["/%zz/x", ["%zz", "x"]], // an invalid escape is kept as written
  ];
  for (const [input, want] of cases) {
    const got: string[] = [];
    let rest = input;
    while (rest.length > 0) {
      const [seg, r] = firstSegment(rest);
      got.push(seg);
      rest = r;
    }
    assert.deepEqual(got, want, input);
  }
});

const nop = new handlerFunc(() => {});

function buildTree(...pats: string[]): RoutingNode {
  const root = new RoutingNode();
  for (const p of pats) root.addPattern(parsePattern(p), nop);
  return root;
}

type Case = [method: string, host: string, path: string, wantPat: string, wantMatches: string[] | null];

function check(tree: RoutingNode, cases: Case[]): void {
  for (const [method, host, path, wantPat, wantMatches] of cases) {
    const r = tree.match(host, method, path);
    const got = r === null ? "" : (r[0].pattern?.String() ?? "");
    assert.equal(got, wantPat, `${host} ${method} ${path}`);
    assert.deepEqual(r === null ? [] : r[1], wantMatches ?? [], `${host} ${method} ${path} matches`);
  }
}

test("routing tree match (TestRoutingNodeMatch)", () => {
  const testTree = buildTree("/a", "/a/b", "/a/{x}", "/g/h/i", "/g/{x}/j", "/a/b/{x...}", "/a/b/{y}", "/a/b/{$}");
  check(testTree, [
    ["GET", "", "/a", "/a", null],
    ["Get", "", "/b", "", null],
    ["Get", "", "/a/b", "/a/b", null],
    ["Get", "", "/a/c", "/a/{x}", ["c"]],
    ["Get", "", "/a/b/", "/a/b/{$}", null],
    ["Get", "", "/a/b/c", "/a/b/{y}", ["c"]],
    ["Get", "", "/a/b/c/d", "/a/b/{x...}", ["c/d"]],
    ["Get", "", "/g/h/i", "/g/h/i", null],
    ["Get", "", "/g/h/j", "/g/{x}/j", ["h"]],
  ]);

  const tree = buildTree(
    "/item/",
    "POST /item/{user}",
    "GET /item/{user}",
    "/item/{user}",
    "/item/{user}/{id}",
    "/item/{user}/new",
    "/item/{$}",
    "POST alt.com/item/{user}",
    "GET /headwins",
    "HEAD /headwins",
    "/path/{p...}",
  );
  check(tree, [
    ["GET", "", "/item/jba", "GET /item/{user}", ["jba"]],
    ["POST", "", "/item/jba", "POST /item/{user}", ["jba"]],
    ["HEAD", "", "/item/jba", "GET /item/{user}", ["jba"]],
    ["get", "", "/item/jba", "/item/{user}", ["jba"]], // method matches are case-sensitive
    ["POST", "", "/item/jba/17", "/item/{user}/{id}", ["jba", "17"]],
    ["GET", "", "/item/jba/new", "/item/{user}/new", ["jba"]],
    ["GET", "", "/item/", "/item/{$}", []],
    ["GET", "", "/item/jba/17/line2", "/item/", null],
    ["POST", "alt.com", "/item/jba", "POST alt.com/item/{user}", ["jba"]],
    ["GET", "alt.com", "/item/jba", "GET /item/{user}", ["jba"]],
    ["GET", "", "/item", "", null], // does not match
    ["GET", "", "/headwins", "GET /headwins", null],
    ["HEAD", "", "/headwins", "HEAD /headwins", null], // HEAD is more specific than GET
    ["GET", "", "/path/to/file", "/path/{p...}", ["to/file"]],
    ["GET", "", "/path/*", "/path/{p...}", ["*"]],
  ]);

  // A pattern ending in {$} should only match URLs with a trailing slash.
  const pat1 = "/a/b/{$}";
  check(buildTree(pat1), [
    ["GET", "", "/a/b", "", null],
    ["GET", "", "/a/b/", pat1, null],
    ["GET", "", "/a/b/c", "", null],
    ["GET", "", "/a/b/c/d", "", null],
  ]);
  // A pattern ending in a single wildcard should not match a trailing slash URL.
  const pat2 = "/a/b/{w}";
  check(buildTree(pat2), [
    ["GET", "", "/a/b", "", null],
    ["GET", "", "/a/b/", "", null],
    ["GET", "", "/a/b/c", pat2, ["c"]],
    ["GET", "", "/a/b/c/d", "", null],
  ]);
  // A pattern ending in a multi wildcard should match both.
  const pat3 = "/a/b/{w...}";
  check(buildTree(pat3), [
    ["GET", "", "/a/b", "", null],
    ["GET", "", "/a/b/", pat3, [""]],
    ["GET", "", "/a/b/c", pat3, ["c"]],
    ["GET", "", "/a/b/c/d", pat3, ["c/d"]],
  ]);
  // All three should work together.
  check(buildTree(pat1, pat2, pat3), [
    ["GET", "", "/a/b", "", null],
    ["GET", "", "/a/b/", pat1, null],
    ["GET", "", "/a/b/c", pat2, ["c"]],
    ["GET", "", "/a/b/c/d", pat3, ["c/d"]],
  ]);
});

test("matchingMethods (TestMatchingMethods)", () => {
  const hostTree = buildTree("GET a.com/", "PUT b.com/", "POST /foo/{x}");
  const cases: [string, RoutingNode, string, string, string][] = [
    ["post", buildTree("POST /"), "", "/foo", "POST"],
    ["get", buildTree("GET /"), "", "/foo", "GET,HEAD"],
    ["host", hostTree, "", "/foo", ""],
    ["host", hostTree, "", "/foo/bar", "POST"],
    ["host2", hostTree, "a.com", "/foo/bar", "GET,HEAD,POST"],
    ["host3", hostTree, "b.com", "/bar", "PUT"],
    // This case shouldn't come up (only called when there was no match), but for completeness.
    ["empty", buildTree("/"), "", "/", ""],
  ];
  for (const [name, tree, host, path, want] of cases) {
    const ms = new Set<string>();
    tree.matchingMethods(host, path, ms);
    assert.equal([...ms].sort().join(","), want, name);
  }
});
