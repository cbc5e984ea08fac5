// Loopback WebSocket fixtures: a gonet ws Conn pair (dialed + accepted) and a raw `ws` peer
// that a test drives message by message, on 127.0.0.1 port 0.

import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import type { StreamConn } from "../../src/conn.js";
import type { StreamListener } from "../../src/listener.js";
import type { Conn } from "../../src/net.js";
import { WSAddr } from "../../src/websocket-conn.js";
import { dialWebSocket, listenWebSocket, wrapWebSocket, type WebSocketListenOptions } from "../../src-node/ws.js";

/** WSPair is a dialed Conn (c1) and the Conn its listener accepted (c2). */
export interface WSPair {
  c1: Conn;
  c2: Conn;
  l: StreamListener;
  stop: () => Promise<void>;
}

/** wsPair listens on 127.0.0.1:0, dials it and accepts; stop closes everything, tolerating closed ends. */
export async function wsPair(opts: WebSocketListenOptions = {}): Promise<WSPair> {
  const l = await listenWebSocket("ws", "127.0.0.1:0", opts);
  const [c1, c2] = await Promise.all([dialWebSocket("ws", l.Addr().String(), null), l.Accept()]);
  return {
    c1,
    c2,
    l,
    stop: async () => {
      await Promise.all([c1.Close().catch(() => {}), c2.Close().catch(() => {}), l.Close().catch(() => {})]);
    },
  };
}

/** RawPeer is a plain `ws` server end a test drives directly, with the gonet Conn dialed to it. */
export interface RawPeer {
  /** conn is the gonet Conn (the client). */
  conn: StreamConn;
  /** peer is the server's raw ws WebSocket. */
  peer: WebSocket;
  /** received collects the messages the peer got, as [isBinary, bytes]. */
  received: Array<[boolean, Buffer]>;
  /** nextMessage resolves when the peer has received n messages in all. */
  messages(n: number): Promise<void>;
  stop: () => Promise<void>;
}

/**
 * rawPeer starts a raw ws server on 127.0.0.1:0 and connects a gonet Conn to it. With
 * `wrap`, the client is a raw ws client wrapped by wrapWebSocket with those options
 * (`pausable: false` behaves as the browser's WebSocket); else it is dialWebSocket's.
 */
export async function rawPeer(
  serverOpts: { maxPayload?: number } = {},
  wrap?: Parameters<typeof wrapWebSocket>[4],
): Promise<RawPeer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, ...serverOpts });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
  const peerP = new Promise<WebSocket>((resolve) => wss.once("connection", (ws: WebSocket) => resolve(ws)));
  let conn: StreamConn;
  if (wrap === undefined) {
    conn = await dialWebSocket("ws", url, null);
  } else {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    conn = wrapWebSocket(ws, "ws", new WSAddr("ws", "ws://local"), new WSAddr("ws", url), wrap);
  }
  const peer = await peerP;
  peer.on("error", () => {});
  const received: Array<[boolean, Buffer]> = [];
  const waiters: Array<[number, () => void]> = [];
  peer.on("message", (data: Buffer, isBinary: boolean) => {
    received.push([isBinary, data]);
    for (const w of waiters.splice(0)) {
      if (received.length >= w[0]) w[1]();
      else waiters.push(w);
    }
  });
  return {
    conn,
    peer,
    received,
    messages: (n) => (received.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push([n, resolve]))),
    stop: async () => {
      await conn.Close().catch(() => {});
      peer.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
