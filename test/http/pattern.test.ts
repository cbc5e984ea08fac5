// Tables from Go's src/net/http/pattern_test.go.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  commonPath,
  describeConflict,
  differencePath,
  inverseRelationship,
  parsePattern,
  PatternParseError,
  type Relationship,
  type Segment,
} from "../../src/http/pattern.js";

const lit = (s: string): Segment => ({ s, wild: false, multi: false });
const wild = (s: string): Segment => ({ s, wild: true, multi: false });
const multi = (s: string): Segment => ({ s, wild: true, multi: true });

test("parsePattern (TestParsePattern)", () => {
  const cases: [string, { method?: string; host?: string; segments: Segment[] }][] = [
    ["/", { segments: [multi("")] }],
    ["/a", { segments: [lit("a")] }],
    ["/a/", { segments: [lit("a"), multi("")] }],
    ["/path/to/something", { segments: [lit("path"), lit("to"), lit("something")] }],
    ["/{w1}/lit/{w2}", { segments: [wild("w1"), lit("lit"), wild("w2")] }],
    ["/{w1}/lit/{w2}/", { segments: [wild("w1"), lit("lit"), wild("w2"), multi("")] }],
    ["example.com/", { host: "example.com", segments: [multi("")] }],
    ["GET /", { method: "GET", segments: [multi("")] }],
    ["POST example.com/foo/{w}", { method: "POST", host: "example.com", segments: [lit("foo"), wild("w")] }],
    ["/{$}", { segments: [lit("/")] }],
    ["DELETE example.com/a/{foo12}/{$}", { method: "DELETE", host: "example.com", segments: [lit("a"), wild("foo12"), lit("/")] }],
    ["/foo/{$}", { segments: [lit("foo"), lit("/")] }],
    ["/{a}/foo/{rest...}", { segments: [wild("a"), lit("foo"), multi("rest")] }],
    ["//", { segments: [lit(""), multi("")] }],
    ["/foo///./../bar", { segments: [lit("foo"), lit(""), lit(""), lit("."), lit(".."), lit("bar")] }],
    ["a.com/foo//", { host: "a.com", segments: [lit("foo"), lit(""), multi("")] }],
    ["/%61%62/%7b/%", { segments: [lit("ab"), lit("{"), lit("%")] }],
    // Multiple spaces matching '[ \t]+' between method and path.
    ["GET\t  /", { method: "GET", segments: [multi("")] }],
    ["POST \t  example.com/foo/{w}", { method: "POST", host: "example.com", segments: [lit("foo"), wild("w")] }],
    ["DELETE    \texample.com/a/{foo12}/{$}", { method: "DELETE", host: "example.com", segments: [lit("a"), wild("foo12"), lit("/")] }],
    // Wildcard names are Go identifiers, Unicode letters included.
    ["/{héllo}/{_x9}", { segments: [wild("héllo"), wild("_x9")] }],
  ];
  for (const [input, want] of cases) {
    const got = parsePattern(input);
    assert.equal(got.method, want.method ?? "", input);
    assert.equal(got.host, want.host ?? "", input);
    assert.deepEqual(got.segments, want.segments, input);
    assert.equal(got.String(), input);
  }
});

test("parsePattern errors (TestParsePatternError)", () => {
  const cases: [string, string][] = [
    ["", "empty pattern"],
    ["A=B /", "at offset 0: invalid method"],
    [" ", "at offset 1: host/path missing /"],
    ["/{w}x", "at offset 1: bad wildcard segment"],
    ["/x{w}", "at offset 1: bad wildcard segment"],
    ["/{wx", "at offset 1: bad wildcard segment"],
    ["/a/{/}/c", "at offset 3: bad wildcard segment"],
    ["/a/{%61}/c", "at offset 3: bad wildcard name"], // wildcard names aren't unescaped
    ["/{a$}", "at offset 1: bad wildcard name"],
    ["/{}", "at offset 1: empty wildcard"],
    ["POST a.com/x/{}/y", "at offset 13: empty wildcard"],
    ["/{...}", "at offset 1: empty wildcard"],
    ["/{$...}", "at offset 1: bad wildcard"],
    ["/{$}/", "at offset 1: {$} not at end"],
    ["/{$}/x", "at offset 1: {$} not at end"],
    ["/abc/{$}/x", "at offset 5: {$} not at end"],
    ["/{a...}/", "at offset 1: {...} wildcard not at end"],
    ["/{a...}/x", "at offset 1: {...} wildcard not at end"],
    ["{a}/b", "at offset 0: host contains '{' (missing initial '/'?)"],
    ["/a/{x}/b/{x...}", "at offset 9: duplicate wildcard name"],
    ["GET //", "at offset 4: non-CONNECT pattern with unclean path"],
  ];
  for (const [input, contains] of cases) {
    assert.throws(
      () => parsePattern(input),
      (e: unknown) => e instanceof PatternParseError && e.message.includes(contains),
      input,
    );
  }
  // The full text, quoted as Go's %q; an empty pattern fails before offsets are tracked.
  assert.throws(() => parsePattern(""), (e: unknown) => (e as PatternParseError).message === "empty pattern");
  assert.throws(() => parsePattern("A=B /"), (e: unknown) => (e as PatternParseError).message === 'at offset 0: invalid method "A=B"');
  assert.throws(() => parsePattern("/a/{x}/b/{x...}"), (e: unknown) => (e as PatternParseError).message === 'at offset 9: duplicate wildcard name "x"');
  // CONNECT patterns may have unclean paths.
  assert.deepEqual(parsePattern("CONNECT /a/../b").segments, [lit("a"), lit(".."), lit("b")]);
});

test("compareMethods (TestCompareMethods)", () => {
  const cases: [string, string, Relationship][] = [
    ["/", "/", "equivalent"],
    ["GET /", "GET /", "equivalent"],
    ["HEAD /", "HEAD /", "equivalent"],
    ["POST /", "POST /", "equivalent"],
    ["GET /", "POST /", "disjoint"],
    ["GET /", "/", "moreSpecific"],
    ["HEAD /", "/", "moreSpecific"],
    ["GET /", "HEAD /", "moreGeneral"],
  ];
  for (const [p1, p2, want] of cases) {
    const pat1 = parsePattern(p1);
    const pat2 = parsePattern(p2);
    assert.equal(pat1.compareMethods(pat2), want, `${p1} vs ${p2}`);
    assert.equal(pat2.compareMethods(pat1), inverseRelationship(want), `${p2} vs ${p1}`);
  }
});

test("comparePaths (TestComparePaths)", () => {
  const cases: [string, string, Relationship][] = [
    // A literal is more specific than anything it overlaps, except itself.
    ["/a", "/a", "equivalent"],
    ["/a", "/b", "disjoint"],
    ["/a", "/", "moreSpecific"],
    ["/a", "/{$}", "disjoint"],
    ["/a", "/{x}", "moreSpecific"],
    ["/a", "/{x...}", "moreSpecific"],
    // Adding a segment doesn't change that.
    ["/b/a", "/b/a", "equivalent"],
    ["/b/a", "/b/b", "disjoint"],
    ["/b/a", "/b/", "moreSpecific"],
    ["/b/a", "/b/{$}", "disjoint"],
    ["/b/a", "/b/{x}", "moreSpecific"],
    ["/b/a", "/b/{x...}", "moreSpecific"],
    ["/{z}/a", "/{z}/a", "equivalent"],
    ["/{z}/a", "/{z}/b", "disjoint"],
    ["/{z}/a", "/{z}/", "moreSpecific"],
    ["/{z}/a", "/{z}/{$}", "disjoint"],
    ["/{z}/a", "/{z}/{x}", "moreSpecific"],
    ["/{z}/a", "/{z}/{x...}", "moreSpecific"],
    // Single wildcard on left.
    ["/{z}", "/a", "moreGeneral"],
    ["/{z}", "/a/b", "disjoint"],
    ["/{z}", "/{$}", "disjoint"],
    ["/{z}", "/{x}", "equivalent"],
    ["/{z}", "/", "moreSpecific"],
    ["/{z}", "/{x...}", "moreSpecific"],
    ["/b/{z}", "/b/a", "moreGeneral"],
    ["/b/{z}", "/b/a/b", "disjoint"],
    ["/b/{z}", "/b/{$}", "disjoint"],
    ["/b/{z}", "/b/{x}", "equivalent"],
    ["/b/{z}", "/b/", "moreSpecific"],
    ["/b/{z}", "/b/{x...}", "moreSpecific"],
    // Trailing slash on left.
    ["/", "/a", "moreGeneral"],
    ["/", "/a/b", "moreGeneral"],
    ["/", "/{$}", "moreGeneral"],
    ["/", "/{x}", "moreGeneral"],
    ["/", "/", "equivalent"],
    ["/", "/{x...}", "equivalent"],
    ["/b/", "/b/a", "moreGeneral"],
    ["/b/", "/b/a/b", "moreGeneral"],
    ["/b/", "/b/{$}", "moreGeneral"],
    ["/b/", "/b/{x}", "moreGeneral"],
    ["/b/", "/b/", "equivalent"],
    ["/b/", "/b/{x...}", "equivalent"],
    ["/{z}/", "/{z}/a", "moreGeneral"],
    ["/{z}/", "/{z}/a/b", "moreGeneral"],
    ["/{z}/", "/{z}/{$}", "moreGeneral"],
    ["/{z}/", "/{z}/{x}", "moreGeneral"],
    ["/{z}/", "/{z}/", "equivalent"],
    ["/{z}/", "/a/", "moreGeneral"],
    ["/{z}/", "/{z}/{x...}", "equivalent"],
    ["/{z}/", "/a/{x...}", "moreGeneral"],
    ["/a/{z}/", "/{z}/a/", "overlaps"],
    ["/a/{z}/b/", "/{x}/c/{y...}", "overlaps"],
    // Multi wildcard on left.
    ["/{m...}", "/a", "moreGeneral"],
    ["/{m...}", "/a/b", "moreGeneral"],
    ["/{m...}", "/{$}", "moreGeneral"],
    ["/{m...}", "/{x}", "moreGeneral"],
    ["/{m...}", "/", "equivalent"],
    ["/{m...}", "/{x...}", "equivalent"],
    ["/b/{m...}", "/b/a", "moreGeneral"],
    ["/b/{m...}", "/b/a/b", "moreGeneral"],
    ["/b/{m...}", "/b/{$}", "moreGeneral"],
    ["/b/{m...}", "/b/{x}", "moreGeneral"],
    ["/b/{m...}", "/b/", "equivalent"],
    ["/b/{m...}", "/b/{x...}", "equivalent"],
    ["/b/{m...}", "/a/{x...}", "disjoint"],
    ["/{z}/{m...}", "/{z}/a", "moreGeneral"],
    ["/{z}/{m...}", "/{z}/a/b", "moreGeneral"],
    ["/{z}/{m...}", "/{z}/{$}", "moreGeneral"],
    ["/{z}/{m...}", "/{z}/{x}", "moreGeneral"],
    ["/{z}/{m...}", "/{w}/", "equivalent"],
    ["/{z}/{m...}", "/a/", "moreGeneral"],
    ["/{z}/{m...}", "/{z}/{x...}", "equivalent"],
    ["/{z}/{m...}", "/a/{x...}", "moreGeneral"],
    ["/a/{m...}", "/a/b/{y...}", "moreGeneral"],
    ["/a/{m...}", "/a/{x}/{y...}", "moreGeneral"],
    ["/a/{z}/{m...}", "/a/b/{y...}", "moreGeneral"],
    ["/a/{z}/{m...}", "/{z}/a/", "overlaps"],
    ["/a/{z}/{m...}", "/{z}/b/{y...}", "overlaps"],
    ["/a/{z}/b/{m...}", "/{x}/c/{y...}", "overlaps"],
    ["/a/{z}/a/{m...}", "/{x}/b", "disjoint"],
    // Dollar on left.
    ["/{$}", "/a", "disjoint"],
    ["/{$}", "/a/b", "disjoint"],
    ["/{$}", "/{$}", "equivalent"],
    ["/{$}", "/{x}", "disjoint"],
    ["/{$}", "/", "moreSpecific"],
    ["/{$}", "/{x...}", "moreSpecific"],
    ["/b/{$}", "/b", "disjoint"],
    ["/b/{$}", "/b/a", "disjoint"],
    ["/b/{$}", "/b/a/b", "disjoint"],
    ["/b/{$}", "/b/{$}", "equivalent"],
    ["/b/{$}", "/b/{x}", "disjoint"],
    ["/b/{$}", "/b/", "moreSpecific"],
    ["/b/{$}", "/b/{x...}", "moreSpecific"],
    ["/b/{$}", "/b/c/{x...}", "disjoint"],
    ["/b/{x}/a/{$}", "/{x}/c/{y...}", "overlaps"],
    ["/{x}/b/{$}", "/a/{x}/{y}", "disjoint"],
    ["/{x}/b/{$}", "/a/{x}/c", "disjoint"],
    ["/{z}/{$}", "/{z}/a", "disjoint"],
    ["/{z}/{$}", "/{z}/a/b", "disjoint"],
    ["/{z}/{$}", "/{z}/{$}", "equivalent"],
    ["/{z}/{$}", "/{z}/{x}", "disjoint"],
    ["/{z}/{$}", "/{z}/", "moreSpecific"],
    ["/{z}/{$}", "/a/", "overlaps"],
    ["/{z}/{$}", "/a/{x...}", "overlaps"],
    ["/{z}/{$}", "/{z}/{x...}", "moreSpecific"],
    ["/a/{z}/{$}", "/{z}/a/", "overlaps"],
  ];
  for (const [p1, p2, want] of cases) {
    const pat1 = parsePattern(p1);
    const pat2 = parsePattern(p2);
    assert.equal(pat1.comparePaths(pat1), "equivalent", `${p1} vs itself`);
    assert.equal(pat2.comparePaths(pat2), "equivalent", `${p2} vs itself`);
    assert.equal(pat1.comparePaths(pat2), want, `${p1} vs ${p2}`);
    assert.equal(pat2.comparePaths(pat1), inverseRelationship(want), `${p2} vs ${p1}`);
  }
});

test("conflictsWith (TestConflictsWith)", () => {
  const cases: [string, string, boolean][] = [
    ["/a", "/a", true],
    ["/a", "/ab", false],
    ["/a/b/cd", "/a/b/cd", true],
    ["/a/b/cd", "/a/b/c", false],
    ["/a/b/c", "/a/c/c", false],
    ["/{x}", "/{y}", true],
    ["/{x}", "/a", false], // more specific
    ["/{x}/{y}", "/{x}/a", false],
    ["/{x}/{y}", "/{x}/a/b", false],
    ["/{x}", "/a/{y}", false],
    ["/{x}/{y}", "/{x}/a/", false],
    ["/{x}", "/a/{y...}", false], // more specific
    ["/{x}/a/{y}", "/{x}/a/{y...}", false], // more specific
    ["/{x}/{y}", "/{x}/a/{$}", false], // more specific
    ["/{x}/{y}/{$}", "/{x}/a/{$}", false],
    ["/a/{x}", "/{x}/b", true],
    ["/", "GET /", false],
    ["/", "GET /foo", false],
    ["GET /", "GET /foo", false],
    ["GET /", "/foo", true],
    ["GET /foo", "HEAD /", true],
    // A host wins over no host; different hosts never conflict.
    ["example.com/a", "/a", false],
    ["a.com/x", "b.com/x", false],
    ["a.com/x", "a.com/x", true],
  ];
  for (const [p1, p2, want] of cases) {
    const pat1 = parsePattern(p1);
    const pat2 = parsePattern(p2);
    assert.equal(pat1.conflictsWith(pat2), want, `${p1}.conflictsWith(${p2})`);
    assert.equal(pat2.conflictsWith(pat1), want, `${p2}.conflictsWith(${p1})`);
  }
});

test("describeConflict (TestDescribeConflict)", () => {
  const cases: [string, string, string][] = [
    ["/a/{x}", "/a/{y}", "the same requests"],
    ["/", "/{m...}", "the same requests"],
    ["/a/{x}", "/{y}/b", "both match some paths"],
    ["/a", "GET /{x}", "matches more methods than GET /{x}, but has a more specific path pattern"],
    ["GET /a", "HEAD /", "matches more methods than HEAD /, but has a more specific path pattern"],
    ["POST /", "/a", "matches fewer methods than /a, but has a more general path pattern"],
  ];
  for (const [p1, p2, want] of cases) {
    const got = describeConflict(parsePattern(p1), parsePattern(p2));
    assert.ok(got.includes(want), `${p1} vs ${p2}: ${got}`);
  }
  assert.equal(
    describeConflict(parsePattern("/a/{x}"), parsePattern("/{y}/b")),
    '/a/{x} and /{y}/b both match some paths, like "/a/b".\nBut neither is more specific than the other.\n/a/{x} matches "/a/x", but /{y}/b doesn\'t.\n/{y}/b matches "/y/b", but /a/{x} doesn\'t.',
  );
});

test("commonPath (TestCommonPath)", () => {
  const cases: [string, string, string][] = [
    ["/a/{x}", "/{x}/a", "/a/a"],
    ["/a/{z}/", "/{z}/a/", "/a/a/"],
    ["/a/{z}/{m...}", "/{z}/a/", "/a/a/"],
    ["/{z}/{$}", "/a/", "/a/"],
    ["/{z}/{$}", "/a/{x...}", "/a/"],
    ["/a/{z}/{$}", "/{z}/a/", "/a/a/"],
    ["/a/{x}/b/{y...}", "/{x}/c/{y...}", "/a/c/b/"],
    ["/a/{x}/b/", "/{x}/c/{y...}", "/a/c/b/"],
    ["/a/{x}/b/{$}", "/{x}/c/{y...}", "/a/c/b/"],
    ["/a/{z}/{x...}", "/{z}/b/{y...}", "/a/b/"],
  ];
  for (const [p1, p2, want] of cases) {
    const pat1 = parsePattern(p1);
    const pat2 = parsePattern(p2);
    assert.equal(pat1.comparePaths(pat2), "overlaps", `${p1} vs ${p2}`);
    assert.equal(commonPath(pat1, pat2), want, `${p1} vs ${p2}`);
  }
});

test("differencePath (TestDifferencePath)", () => {
  const cases: [string, string, string][] = [
    ["/a/{x}", "/{x}/a", "/a/x"],
    ["/{x}/a", "/a/{x}", "/x/a"],
    ["/a/{z}/", "/{z}/a/", "/a/z/"],
    ["/{z}/a/", "/a/{z}/", "/z/a/"],
    ["/{a}/a/", "/a/{z}/", "/ax/a/"],
    ["/a/{z}/{x...}", "/{z}/b/{y...}", "/a/z/"],
    ["/{z}/b/{y...}", "/a/{z}/{x...}", "/z/b/"],
    ["/a/b/", "/a/b/c", "/a/b/"],
    ["/a/b/{x...}", "/a/b/c", "/a/b/"],
    ["/a/b/{x...}", "/a/b/c/d", "/a/b/"],
    ["/a/b/{x...}", "/a/b/c/d/", "/a/b/"],
    ["/a/{z}/{m...}", "/{z}/a/", "/a/z/"],
    ["/{z}/a/", "/a/{z}/{m...}", "/z/a/"],
    ["/{z}/{$}", "/a/", "/z/"],
    ["/a/", "/{z}/{$}", "/a/x"],
    ["/{z}/{$}", "/a/{x...}", "/z/"],
    ["/a/{foo...}", "/{z}/{$}", "/a/foo"],
    ["/a/{z}/{$}", "/{z}/a/", "/a/z/"],
    ["/{z}/a/", "/a/{z}/{$}", "/z/a/x"],
    ["/a/{x}/b/{y...}", "/{x}/c/{y...}", "/a/x/b/"],
    ["/{x}/c/{y...}", "/a/{x}/b/{y...}", "/x/c/"],
    ["/a/{c}/b/", "/{x}/c/{y...}", "/a/cx/b/"],
    ["/{x}/c/{y...}", "/a/{c}/b/", "/x/c/"],
    ["/a/{x}/b/{$}", "/{x}/c/{y...}", "/a/x/b/"],
    ["/{x}/c/{y...}", "/a/{x}/b/{$}", "/x/c/"],
  ];
  for (const [p1, p2, want] of cases) {
    const pat1 = parsePattern(p1);
    const pat2 = parsePattern(p2);
    const rel = pat1.comparePaths(pat2);
    assert.ok(rel === "overlaps" || rel === "moreGeneral", `${p1} vs ${p2} are ${rel}`);
    assert.equal(differencePath(pat1, pat2), want, `${p1} vs ${p2}`);
  }
});
