// The browser platform's Backend: a browser opens no sockets, so every
// socket operation fails with ErrUnsupported and a hint saying what to use
// (Go's fd_js.go; ws's browser.js). WebSocket dialing is in ws.ts.

import type { Backend } from "../src/backend.js";
import { ErrUnsupported } from "../src/errors.js";

/** unsupportedHint says, for a network a browser cannot use, what to use instead. @internal */
export function unsupportedHint(op: "dial" | "listen", network: string): string {
  if (op === "listen") return `browsers cannot accept connections; Listen("ws", …) in Node and Dial("wss", url) to it from the browser`;
  if (network === "ws" || network === "wss") return "";
  if (network.startsWith("tcp")) return `browsers cannot open TCP sockets; use Dial("wss", url) to a gonet WebSocket listener`;
  if (network.startsWith("udp")) return `browsers cannot open UDP sockets; use Dial("wss", url) to a gonet WebSocket listener`;
  if (network.startsWith("unix")) return `browsers cannot open unix sockets; use Dial("wss", url) to a gonet WebSocket listener`;
  return `browsers can only dial "ws" and "wss"; use Dial("wss", url) to a gonet WebSocket listener`;
}

function unsupported(): Promise<never> {
  return Promise.reject(ErrUnsupported);
}

/** backend is the browser implementation of the core's Backend interface. @internal */
export const backend: Backend = {
  name: "browser",
  dialTCP: unsupported,
  listenTCP: unsupported,
  dialUnix: unsupported,
  listenUnix: unsupported,
  unsupportedHint,
};
