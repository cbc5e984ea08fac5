// The gonet/websocket test page, bundled by esbuild for the browser: it imports gonet/websocket
// by package name (the exports map's browser condition, the built package) and exposes the
// scenarios on globalThis.gonetWSE2E for page.evaluate. Every scenario returns plain data; the
// assertions are in websocket.test.ts. The page is served by the gonet Server under test, so
// its WebSocket URLs are on the page's own origin (the origin check lets them through).

import { CloseError, CloseStatus, Dial, MessageBinary, MessageText, StatusNormalClosure } from "gonet/websocket";
import { ErrUnsupported, Is } from "gonet";

const dec = new TextDecoder();

function wsURL(path: string): string {
  return location.origin.replace(/^http/, "ws") + path;
}

const scenarios = {
  async echo(): Promise<{ subprotocol: string; status: number; text: string; textType: number; binary: number[]; binaryType: number; closed: string }> {
    const c = await Dial(wsURL("/echo"), { Subprotocols: ["nope", "echo.v1"] });
    await c.Write(MessageText, "héllo, 世界");
    const [textType, text] = await c.Read();
    const bytes = new Uint8Array(256).map((_, i) => i);
    await c.Write(MessageBinary, bytes);
    const [binaryType, binary] = await c.Read();
    let closed = "ok";
    try {
      await c.Close(StatusNormalClosure, "");
    } catch (e) {
      closed = (e as Error).message;
    }
    return { subprotocol: c.Subprotocol(), status: c.response?.StatusCode ?? 0, text: dec.decode(text), textType, binary: [...binary], binaryType, closed };
  },

  async closeWithCode(): Promise<{ closed: string }> {
    const c = await Dial(wsURL("/expect-close"));
    await c.Write(MessageText, "about to close");
    try {
      await c.Close(4001, "the page is done");
      return { closed: "ok" };
    } catch (e) {
      return { closed: (e as Error).message };
    }
  },

  async serverClose(): Promise<{ first: string; message: string; closeStatus: number; isCloseError: boolean; code: number; reason: string; after: string }> {
    const c = await Dial(wsURL("/close4000"));
    const [, first] = await c.Read();
    try {
      await c.Read();
      return { first: dec.decode(first), message: "no error", closeStatus: -1, isCloseError: false, code: 0, reason: "", after: "" };
    } catch (e) {
      let after = "";
      try {
        await c.Read();
      } catch (e2) {
        after = (e2 as Error).message;
      }
      const ce = e as CloseError;
      return { first: dec.decode(first), message: (e as Error).message, closeStatus: CloseStatus(e), isCloseError: e instanceof CloseError, code: ce.Code, reason: ce.Reason, after };
    }
  },

  async ping(): Promise<{ message: string; unsupported: boolean }> {
    const c = await Dial(wsURL("/echo"));
    try {
      await c.Ping();
      return { message: "no error", unsupported: false };
    } catch (e) {
      return { message: (e as Error).message, unsupported: Is(e, ErrUnsupported) };
    } finally {
      await c.Close(StatusNormalClosure, "").catch(() => {});
    }
  },
};

export type WSE2EScenarios = typeof scenarios;
(globalThis as unknown as { gonetWSE2E: WSE2EScenarios }).gonetWSE2E = scenarios;
(globalThis as unknown as { gonetWSE2EReady: boolean }).gonetWSE2EReady = true;
