// The slice of Go's time.Parse and time.Format that net/http needs: the
// HTTP-date layouts (TimeFormat, RFC 850, ANSI C) and the two cookie Expires
// layouts, parsed with Go's rules (case-insensitive names, fixed two-digit
// fields, space runs, fractional seconds after the seconds, range checks,
// "GMT+h" zones). A zone abbreviation other than UTC/GMT is taken as offset 0,
// which is what Go does for any abbreviation the local zone does not know.

type Token =
  | "Mon"
  | "Monday"
  | "Jan"
  | "02"
  | "_2"
  | "2006"
  | "06"
  | "15"
  | "04"
  | "05"
  | "MST"
  | { lit: string };

/** Layout is a pre-split Go time layout. Internal. */
export type Layout = readonly Token[];

const lit = (s: string): Token => ({ lit: s });

/** layoutTimeFormat is net/http's TimeFormat, "Mon, 02 Jan 2006 15:04:05 GMT". Internal. */
export const layoutTimeFormat: Layout = ["Mon", lit(", "), "02", lit(" "), "Jan", lit(" "), "2006", lit(" "), "15", lit(":"), "04", lit(":"), "05", lit(" GMT")];
/** layoutRFC850 is time.RFC850, "Monday, 02-Jan-06 15:04:05 MST". Internal. */
export const layoutRFC850: Layout = ["Monday", lit(", "), "02", lit("-"), "Jan", lit("-"), "06", lit(" "), "15", lit(":"), "04", lit(":"), "05", lit(" "), "MST"];
/** layoutANSIC is time.ANSIC, "Mon Jan _2 15:04:05 2006". Internal. */
export const layoutANSIC: Layout = ["Mon", lit(" "), "Jan", lit(" "), "_2", lit(" "), "15", lit(":"), "04", lit(":"), "05", lit(" "), "2006"];
/** layoutRFC1123 is time.RFC1123, "Mon, 02 Jan 2006 15:04:05 MST". Internal. */
export const layoutRFC1123: Layout = ["Mon", lit(", "), "02", lit(" "), "Jan", lit(" "), "2006", lit(" "), "15", lit(":"), "04", lit(":"), "05", lit(" "), "MST"];
/** layoutCookie is the second Expires layout of net/http's cookie parser, "Mon, 02-Jan-2006 15:04:05 MST". Internal. */
export const layoutCookie: Layout = ["Mon", lit(", "), "02", lit("-"), "Jan", lit("-"), "2006", lit(" "), "15", lit(":"), "04", lit(":"), "05", lit(" "), "MST"];

const shortDayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const shortMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

// Go's getnum: one or two digits, exactly two if fixed.
function getnum(s: string, fixed: boolean): [number, string] | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) {
    if (fixed) return null;
    return [s.charCodeAt(0) - 0x30, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 0x30) * 10 + (s.charCodeAt(1) - 0x30), s.slice(2)];
}

// Go's lookup: the first table entry that is an ASCII case-insensitive prefix of val.
function lookup(tab: readonly string[], val: string): [number, string] | null {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i] as string;
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) return [i, val.slice(v.length)];
  }
  return null;
}

function cutspace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === " ") i++;
  return s.slice(i);
}

// Go's skip: match a literal; a space in the layout matches a run of at least one space.
// On a mismatch it returns the value as consumed so far and false, as Go's does.
function skip(value: string, prefix: string): [string, boolean] {
  while (prefix.length > 0) {
    if (prefix[0] === " ") {
      if (value.length > 0 && value[0] !== " ") return [value, false];
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return [value, false];
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return [value, true];
}

// Go's parseTimeZone: the length of a zone abbreviation at the start of value, or 0.
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith("ChST") || value.startsWith("MeST")) return 4;
  if (value.startsWith("GMT")) return 3 + parseSignedOffset(value.slice(3));
  if (value[0] === "+" || value[0] === "-") return parseSignedOffset(value);
  let nUpper = 0;
  while (nUpper < 6 && nUpper < value.length) {
    const c = value.charCodeAt(nUpper);
    if (c < 0x41 || c > 0x5a) break;
    nUpper++;
  }
  switch (nUpper) {
    case 3:
      return 3;
    case 4:
      return value[3] === "T" || value.startsWith("WITA") ? 4 : 0;
    case 5:
      return value[4] === "T" ? 5 : 0;
    default:
      return 0;
  }
}

function parseSignedOffset(value: string): number {
  if (value.length === 0 || (value[0] !== "+" && value[0] !== "-")) return 0;
  let i = 1;
  let x = 0;
  while (i < value.length && isDigit(value, i)) {
    x = x * 10 + (value.charCodeAt(i) - 0x30);
    if (x > 1e9) return 0;
    i++;
  }
  if (i === 1 || x > 23) return 0;
  return i;
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
}

function tokenString(t: Token): string {
  return typeof t === "object" ? t.lit : t;
}

/** layoutString returns the layout as Go writes it ("Mon, 02 Jan 2006 15:04:05 GMT"). Internal. */
export function layoutString(layout: Layout): string {
  return layout.map(tokenString).join("");
}

// Go's time.quote: like strconv.Quote, but every non-ASCII or control byte becomes \xNN.
function timeQuote(s: string): string {
  let out = '"';
  for (const b of new TextEncoder().encode(s)) {
    if (b >= 0x80 || b < 0x20) out += "\\x" + b.toString(16).padStart(2, "0");
    else {
      if (b === 0x22 || b === 0x5c) out += "\\";
      out += String.fromCharCode(b);
    }
  }
  return out + '"';
}

/** parseTimeError returns Go's *time.ParseError text. Internal. */
function parseError(layout: Layout, value: string, valueElem: string, layoutElem: string, message = ""): string {
  if (message === "") {
    return `parsing time ${timeQuote(value)} as ${timeQuote(layoutString(layout))}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(layoutElem)}`;
  }
  return `parsing time ${timeQuote(value)}${message}`;
}

/**
 * parseTime parses value with a Go layout and returns the instant as a Date, or null where
 * Go's time.Parse returns an error. Internal.
 */
export function parseTime(layout: Layout, value: string): Date | null {
  const r = parseTimeErr(layout, value);
  return typeof r === "string" ? null : r;
}

/** parseTimeErr is parseTime returning Go's error text instead of null. Internal. */
export function parseTimeErr(layout: Layout, avalue: string): Date | string {
  let value = avalue;
  const bad = (tok: Token) => parseError(layout, avalue, value, tokenString(tok));
  const range = (what: string) => parseError(layout, avalue, "", "", `: ${what} out of range`);
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let ms = 0;
  let zoneOffset = 0; // seconds east of UTC
  for (let i = 0; i < layout.length; i++) {
    const tok = layout[i] as Token;
    if (typeof tok === "object") {
      const [rest, ok] = skip(value, tok.lit);
      value = rest;
      if (!ok) return bad(tok);
      continue;
    }
    switch (tok) {
      case "Mon":
      case "Monday": {
        const r = lookup(tok === "Mon" ? shortDayNames : longDayNames, value);
        if (r === null) return bad(tok);
        value = r[1]; // the weekday is parsed but, as in Go, not checked
        break;
      }
      case "Jan": {
        const r = lookup(shortMonthNames, value);
        if (r === null) return bad(tok);
        month = r[0] + 1;
        value = r[1];
        break;
      }
      case "2006": {
        if (value.length < 4 || !isDigit(value, 0) || !isDigit(value, 1) || !isDigit(value, 2) || !isDigit(value, 3)) return bad(tok);
        year = Number(value.slice(0, 4));
        value = value.slice(4);
        break;
      }
      case "06": {
        if (value.length < 2 || !isDigit(value, 0) || !isDigit(value, 1)) return bad(tok);
        year = Number(value.slice(0, 2));
        year += year >= 69 ? 1900 : 2000;
        value = value.slice(2);
        break;
      }
      case "02":
      case "_2": {
        if (tok === "_2" && value[0] === " ") value = value.slice(1);
        const r = getnum(value, tok === "02");
        if (r === null) return bad(tok);
        [day, value] = r;
        break;
      }
      case "15": {
        const r = getnum(value, false);
        if (r === null) return bad(tok);
        [hour, value] = r;
        if (hour >= 24) return range("hour");
        break;
      }
      case "04": {
        const r = getnum(value, true);
        if (r === null) return bad(tok);
        [min, value] = r;
        if (min >= 60) return range("minute");
        break;
      }
      case "05": {
        const r = getnum(value, true);
        if (r === null) return bad(tok);
        [sec, value] = r;
        if (sec >= 60) return range("second");
        // A fractional second in the value but not in the layout is accepted, as in Go.
        if (value.length >= 2 && (value[0] === "." || value[0] === ",") && isDigit(value, 1)) {
          let n = 2;
          while (n < value.length && isDigit(value, n)) n++;
          ms = Math.floor(Number("0." + value.slice(1, n)) * 1000);
          value = value.slice(n);
        }
        break;
      }
      case "MST": {
        if (value.startsWith("UTC")) {
          value = value.slice(3);
          break;
        }
        const n = parseTimeZone(value);
        if (n === 0) return bad(tok);
        const zone = value.slice(0, n);
        value = value.slice(n);
        if (zone.length > 3 && zone.startsWith("GMT")) zoneOffset = Number(zone.slice(3)) * 3600;
        break;
      }
    }
  }
  if (value.length > 0) return parseError(layout, avalue, "", "", ": extra text: " + timeQuote(value));
  if (day < 1 || day > daysIn(month, year)) return range("day");
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, ms);
  return new Date(d.getTime() - zoneOffset * 1000);
}

const dayNames = shortDayNames;

/** formatHTTPDate formats t in UTC as net/http's TimeFormat ("Mon, 02 Jan 2006 15:04:05 GMT"). Internal. */
export function formatHTTPDate(t: Date): string {
  const pad2 = (n: number) => String(n).padStart(2, "0");
  const y = t.getUTCFullYear();
  const year = y < 0 ? "-" + String(-y).padStart(4, "0") : String(y).padStart(4, "0");
  return `${dayNames[t.getUTCDay()]}, ${pad2(t.getUTCDate())} ${shortMonthNames[t.getUTCMonth()]} ${year} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())} GMT`;
}
