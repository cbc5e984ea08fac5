// The gonet/http test page, bundled by esbuild for the browser: it imports gonet/http by package
// name (the exports map's browser condition, the built package) and exposes the scenarios on
// globalThis.gonetHTTPE2E for page.evaluate. Every scenario returns plain data; the assertions
// are in http.test.ts. The page is served by the gonet Server under test, so URLs are relative.

import { Client, DefaultClient, Get, NewRequestWithContext, Post, URLError } from "gonet/http";
import { ErrCanceled, Is } from "gonet";

const scenarios = {
  async get(): Promise<{ status: number; statusText: string; text: string; contentType: string; header: string }> {
    const res = await Get(location.origin + "/hello?name=chromium");
    return { status: res.StatusCode, statusText: res.Status, text: await res.text(), contentType: res.Header.Get("Content-Type"), header: res.Header.Get("X-Gonet") };
  },

  async post(): Promise<{ status: number; text: string }> {
    const res = await Post(location.origin + "/echo", "text/plain", "posted from the page");
    return { status: res.StatusCode, text: await res.text() };
  },

  async doPut(): Promise<{ status: number; text: string }> {
    const req = NewRequestWithContext(null, "PUT", location.origin + "/echo", new TextEncoder().encode("put bytes"));
    req.Header.Set("X-Method-Echo", "1");
    const res = await new Client().Do(req);
    return { status: res.StatusCode, text: await res.text() };
  },

  async stream(): Promise<{ first: string; rest: string }> {
    const res = await Get(location.origin + "/stream");
    const buf = new Uint8Array(256);
    const n = await res.Body.Read(buf);
    const first = new TextDecoder().decode(buf.subarray(0, n ?? 0));
    // The server writes the rest only after this request: the first chunk arrived on its own.
    await (await Get(location.origin + "/release")).text();
    const rest = await res.text();
    return { first, rest };
  },

  async abort(): Promise<{ message: string; isURLError: boolean; canceled: boolean }> {
    const ac = new AbortController();
    const pending = DefaultClient.Do(NewRequestWithContext(ac.signal, "GET", location.origin + "/hang"));
    // Abort once the server has the request.
    await (await Get(location.origin + "/entered")).text();
    ac.abort();
    try {
      await pending;
      return { message: "no error", isURLError: false, canceled: false };
    } catch (e) {
      return { message: (e as Error).message, isURLError: e instanceof URLError, canceled: Is(e, ErrCanceled) };
    }
  },

  async redirect(): Promise<{ text: string; finalURL: string }> {
    const res = await Get(location.origin + "/chain");
    return { text: await res.text(), finalURL: res.Request?.URL.href ?? "" };
  },
};

export type HTTPE2EScenarios = typeof scenarios;
(globalThis as unknown as { gonetHTTPE2E: HTTPE2EScenarios }).gonetHTTPE2E = scenarios;
(globalThis as unknown as { gonetHTTPE2EReady: boolean }).gonetHTTPE2EReady = true;
