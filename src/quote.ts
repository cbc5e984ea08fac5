// Go's strconv.Quote, shared by every error text that prints a %q.

// Go's unicode.IsPrint, but for the ASCII space: letters, marks, numbers, punctuation and symbols.
const isPrint = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * goQuote returns s as Go's strconv.Quote (the %q verb) prints it, so error texts match Go's:
 * \a \b \f \n \r \t \v \\ \" escapes, \xNN for other control bytes and DEL, \uNNNN or
 * \UNNNNNNNN for the other runes Go's IsPrint rejects (C1 controls, the BOM, spaces other than
 * U+0020, unassigned code points), \ufffd for a lone surrogate (invalid UTF-8 in Go), printable
 * Unicode as is. Internal.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c >= 0xd800 && c <= 0xdfff) out += "\\ufffd";
    else if (ch === " " || isPrint.test(ch)) out += ch;
    else if (c < 0x10000) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out + '"';
}
