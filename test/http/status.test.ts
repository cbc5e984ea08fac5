// Status codes and texts of Go's src/net/http/status.go; body helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as status from "../../src/http/status.js";
import { BytesBody, NoBody, toBody } from "../../src/http/body.js";
import { ReadAll } from "../../src/io.js";

test("StatusText and the Status constants", () => {
  const cases: [number, string][] = [
    [100, "Continue"],
    [103, "Early Hints"],
    [200, "OK"],
    [203, "Non-Authoritative Information"],
    [226, "IM Used"],
    [301, "Moved Permanently"],
    [307, "Temporary Redirect"],
    [308, "Permanent Redirect"],
    [404, "Not Found"],
    [405, "Method Not Allowed"],
    [407, "Proxy Authentication Required"],
    [413, "Request Entity Too Large"],
    [414, "Request URI Too Long"],
    [416, "Requested Range Not Satisfiable"],
    [418, "I'm a teapot"],
    [422, "Unprocessable Entity"],
    [425, "Too Early"],
    [431, "Request Header Fields Too Large"],
    [451, "Unavailable For Legal Reasons"],
    [500, "Internal Server Error"],
    [505, "HTTP Version Not Supported"],
    [511, "Network Authentication Required"],
    [306, ""],
    [0, ""],
    [999, ""],
  ];
  for (const [code, text] of cases) assert.equal(status.StatusText(code), text, String(code));
  const consts = Object.entries(status).filter(([k]) => k.startsWith("Status") && k !== "StatusText") as [string, number][];
  assert.equal(consts.length, 62);
  for (const [name, code] of consts) assert.notEqual(status.StatusText(code), "", name);
  assert.equal(status.StatusTeapot, 418);
  assert.equal(status.StatusNetworkAuthenticationRequired, 511);
});

test("NoBody, BytesBody and toBody", async () => {
  assert.equal(await NoBody.Read(new Uint8Array(4)), null);
  const chunks: Uint8Array[] = [];
  for await (const c of NoBody) chunks.push(c);
  assert.equal(chunks.length, 0);
  const bb = new BytesBody("hello");
  const p = new Uint8Array(3);
  assert.equal(await bb.Read(p), 3);
  assert.equal(bb.Len(), 2);
  assert.equal(await bb.Read(p), 2);
  assert.equal(await bb.Read(p), null);
  async function* gen() {
    yield new TextEncoder().encode("ab");
    yield new Uint8Array(0);
    yield new TextEncoder().encode("cde");
  }
  const it = toBody(gen());
  const one = new Uint8Array(1);
  assert.equal(await it.Read(one), 1);
  assert.equal(new TextDecoder().decode(await ReadAll(it)), "bcde");
  let closed = false;
  const r = toBody({ Read: async () => null, Close: async () => void (closed = true) });
  await r.Close();
  assert.equal(closed, true);
  assert.equal(toBody(bb), bb);
});
