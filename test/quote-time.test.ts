// goQuote (Go's strconv.Quote, used by every %q in an error text) and the HTTP date parser (Go's
// time.Parse for net/http's layouts): the branches the rest of the suite left unrun, against Go's
// own tables.

import assert from "node:assert/strict";
import { test } from "node:test";
import { goQuote } from "../src/quote.js";
import { layoutANSIC, layoutRFC1123, layoutRFC850, layoutString, parseTimeErr } from "../src/http/time.js";

test("goQuote: Go's strconv quotetests", () => {
  // Go's strconv/quote_test.go, quotetests (the "abc\xffdef" row needs invalid UTF-8, which a JS
  // string cannot hold; a lone surrogate stands in for it and prints as \ufffd).
  const cases: [string, string][] = [
    ["\x07\b\f\r\n\t\v", '"\\a\\b\\f\\r\\n\\t\\v"'],
    ["\\", '"\\\\"'],
    ["\u263a", '"☺"'],
    ["\u{10ffff}", '"\\U0010ffff"'],
    ["\x04", '"\\x04"'],
    ["!\u00a0!\u2000!\u3000!", '"!\\u00a0!\\u2000!\\u3000!"'],
    ["\x7f", '"\\x7f"'],
    // More of Go's IsPrint: C1 controls, the BOM, format characters and unassigned code points are
    // escaped; quotes and backslashes are; letters of any script and astral symbols are not.
    ['say "hi"', '"say \\"hi\\""'],
    ["\u0085", '"\\u0085"'],
    ["\ufeff", '"\\ufeff"'],
    ["a\u200bb", '"a\\u200bb"'],
    ["\u0378", '"\\u0378"'],
    ["\u{e0001}", '"\\U000e0001"'],
    ["日本語 é", '"日本語 é"'],
    ["\u{1f600}", '"\u{1f600}"'],
    ["x\ud800y", '"x\\ufffdy"'],
  ];
  for (const [input, want] of cases) assert.equal(goQuote(input), want, JSON.stringify(input));
});

const rfc1123 = layoutString(layoutRFC1123);

test("parseTimeErr: Go's parseTimeZoneTests through the MST element", () => {
  // Go's time/format_test.go, parseTimeZoneTests: [value, length, ok]. Through Parse, a zone of
  // that length is taken and the rest of the value is extra text; a value that is no zone fails.
  const table: [string, number, boolean][] = [
    ["gmt hi there", 0, false],
    ["GMT hi there", 3, true],
    ["GMT+12 hi there", 6, true],
    ["GMT+00 hi there", 6, true],
    ["GMT+", 3, true],
    ["GMT+3", 5, true],
    ["GMT+a", 3, true],
    ["GMT+3a", 5, true],
    ["GMT-5 hi there", 5, true],
    ["GMT-51 hi there", 3, true],
    ["ChST hi there", 4, true],
    ["MeST hi there", 4, true],
    ["MSDx", 3, true],
    ["MSDY", 0, false],
    ["ESAST hi", 5, true],
    ["ESASTT hi", 0, false],
    ["ESATY hi", 0, false],
    ["WITA hi", 4, true],
    ["+03 hi", 3, true],
    ["-04 hi", 3, true],
    ["+00", 3, true],
    ["-11", 3, true],
    ["-12", 3, true],
    ["-23", 3, true],
    ["-24", 0, false],
    ["+13", 3, true],
    ["+14", 3, true],
    ["+23", 3, true],
    ["+24", 0, false],
  ];
  const prefix = "Thu, 04 Feb 2010 21:00:57 ";
  for (const [zone, n, ok] of table) {
    const value = prefix + zone;
    const got = parseTimeErr(layoutRFC1123, value);
    if (!ok) {
      assert.equal(got, `parsing time ${JSON.stringify(value)} as ${JSON.stringify(rfc1123)}: cannot parse ${JSON.stringify(zone)} as "MST"`, zone);
    } else if (n < zone.length) {
      assert.equal(got, `parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(zone.slice(n))}`, zone);
    } else {
      assert.ok(got instanceof Date, `${zone}: ${String(got)}`);
    }
  }
  // A GMT offset moves the instant (Go's Parse: offset = atoi(zone[3:]) * 3600); UTC is taken as is.
  assert.equal((parseTimeErr(layoutRFC1123, prefix + "GMT+3") as Date).toISOString(), "2010-02-04T18:00:57.000Z");
  assert.equal((parseTimeErr(layoutRFC1123, prefix + "GMT-5") as Date).toISOString(), "2010-02-05T02:00:57.000Z");
  assert.equal((parseTimeErr(layoutRFC1123, prefix + "UTC") as Date).toISOString(), "2010-02-04T21:00:57.000Z");
  assert.equal(parseTimeErr(layoutRFC1123, prefix + "PS"), `parsing time "${prefix}PS" as ${JSON.stringify(rfc1123)}: cannot parse "PS" as "MST"`);
});

test("parseTimeErr: elements that do not parse name the element, as Go's ParseError", () => {
  // Go's time.ParseError.Error: parsing time "V" as "L": cannot parse "REST" as "ELEM".
  const bad = (layout: typeof layoutRFC1123, value: string, rest: string, elem: string): void =>
    assert.equal(parseTimeErr(layout, value), `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layoutString(layout))}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`, value);
  bad(layoutRFC1123, "Xyz, 04 Feb 2010 21:00:57 GMT", "Xyz, 04 Feb 2010 21:00:57 GMT", "Mon");
  bad(layoutRFC1123, "Thu, 04 Fox 2010 21:00:57 GMT", "Fox 2010 21:00:57 GMT", "Jan");
  bad(layoutRFC1123, "Thu, 04 Feb 201 21:00:57 GMT", "201 21:00:57 GMT", "2006");
  bad(layoutRFC1123, "Thu, 4 Feb 2010 21:00:57 GMT", "4 Feb 2010 21:00:57 GMT", "02");
  bad(layoutRFC1123, "Thu, 04 Feb 2010 x1:00:57 GMT", "x1:00:57 GMT", "15");
  bad(layoutRFC1123, "Thu, 04 Feb 2010 21:0:57 GMT", "0:57 GMT", "04");
  bad(layoutRFC1123, "Thu, 04 Feb 2010 21:00:5 GMT", "5 GMT", "05");
  // A literal that does not match: Go's skip reports the value as consumed so far.
  bad(layoutRFC1123, "Thu,x04 Feb 2010 21:00:57 GMT", "x04 Feb 2010 21:00:57 GMT", ", ");
  bad(layoutRFC1123, "Thu; 04 Feb 2010 21:00:57 GMT", "; 04 Feb 2010 21:00:57 GMT", ", ");
  bad(layoutRFC850, "Sunday, 06-Nov-9x 08:49:37 GMT", "9x 08:49:37 GMT", "06");
  bad(layoutRFC850, "Sun, 06-Nov-94 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Monday");
  bad(layoutANSIC, "Sun Nov  x 08:49:37 1994", "x 08:49:37 1994", "_2");
});

test("parseTimeErr: values out of range, spaces, fractions and two-digit years follow Go's Parse", () => {
  const range = (value: string, what: string): void => assert.equal(parseTimeErr(layoutRFC1123, value), `parsing time ${JSON.stringify(value)}: ${what} out of range`, value);
  range("Thu, 04 Feb 2010 24:00:57 GMT", "hour");
  range("Thu, 04 Feb 2010 21:60:57 GMT", "minute");
  range("Thu, 04 Feb 2010 21:00:60 GMT", "second");
  range("Thu, 30 Feb 2010 21:00:57 GMT", "day");
  range("Thu, 29 Feb 2010 21:00:57 GMT", "day");
  range("Thu, 00 Feb 2010 21:00:57 GMT", "day");
  range("Thu, 31 Apr 2010 21:00:57 GMT", "day");
  // Leap years: 2012 and 2000 have 29 February, 1900 does not.
  assert.ok(parseTimeErr(layoutRFC1123, "Wed, 29 Feb 2012 00:00:00 GMT") instanceof Date);
  assert.ok(parseTimeErr(layoutRFC1123, "Tue, 29 Feb 2000 00:00:00 GMT") instanceof Date);
  range("Thu, 29 Feb 1900 00:00:00 GMT", "day");
  // A space in the layout matches a run of spaces; month and weekday names ignore case; the
  // weekday is not checked against the date; a fraction after the seconds is accepted.
  const d = parseTimeErr(layoutRFC1123, "mon,   04 FEB 2010 21:00:57.125 GMT");
  assert.ok(d instanceof Date, String(d));
  assert.equal(d.toISOString(), "2010-02-04T21:00:57.125Z");
  assert.equal((parseTimeErr(layoutRFC1123, "Thu, 04 Feb 2010 21:00:57,5 GMT") as Date).toISOString(), "2010-02-04T21:00:57.500Z");
  // Two-digit years: 69..99 are 19xx, 00..68 are 20xx (Go's stdYear).
  assert.equal((parseTimeErr(layoutRFC850, "Sunday, 06-Nov-94 08:49:37 GMT") as Date).toISOString(), "1994-11-06T08:49:37.000Z");
  assert.equal((parseTimeErr(layoutRFC850, "Monday, 06-Nov-68 08:49:37 GMT") as Date).toISOString(), "2068-11-06T08:49:37.000Z");
  assert.equal((parseTimeErr(layoutRFC850, "Monday, 06-Nov-69 08:49:37 GMT") as Date).toISOString(), "1969-11-06T08:49:37.000Z");
  // ANSIC's _2 takes a space-padded day, and a single-digit hour is accepted (Go's stdHour getnum).
  assert.equal((parseTimeErr(layoutANSIC, "Sun Nov  6 8:49:37 1994") as Date).toISOString(), "1994-11-06T08:49:37.000Z");
  assert.equal((parseTimeErr(layoutANSIC, "Sun Nov 16 08:49:37 1994") as Date).toISOString(), "1994-11-16T08:49:37.000Z");
  // Extra text after the value, quoted by Go's time.quote (non-ASCII bytes as \x escapes).
  assert.equal(parseTimeErr(layoutANSIC, "Sun Nov  6 08:49:37 1994 é"), 'parsing time "Sun Nov  6 08:49:37 1994 \\xc3\\xa9": extra text: " \\xc3\\xa9"');
});
