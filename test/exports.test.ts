// Every backend entry exports the same names (style rule 12), so code written against one
// platform's types finds the same surface on the other.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

describe("entry points", () => {
  it("gonet: node and browser export the same names", async () => {
    const node = await import("../src-node/index.js");
    const browser = await import("../src-browser/index.js");
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
  });
});

describe("gonet/tls entry points", () => {
  it("node and browser export the same names", async () => {
    const node = await import("../src-node/tls/index.js");
    const browser = await import("../src-browser/tls.js");
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
  });
});

describe("gonet/http and gonet/httptest entry points", () => {
  it("node and browser export the same names", async () => {
    const node = await import("../src-node/http/index.js");
    const browser = await import("../src-browser/http/index.js");
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
    const nt = await import("../src-node/httptest.js");
    const bt = await import("../src-browser/httptest.js");
    assert.deepEqual(Object.keys(bt).sort(), Object.keys(nt).sort());
  });
});

describe("gonet/websocket entry points", () => {
  it("node and browser export the same names", async () => {
    const node = await import("../src-node/websocket.js");
    const browser = await import("../src-browser/websocket.js");
    assert.deepEqual(Object.keys(browser).sort(), Object.keys(node).sort());
  });
});
