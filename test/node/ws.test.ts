// The WebSocket Conn on Node (src/websocket-conn.ts + src-node/ws.ts): the shared Conn
// conformance suite, then coder/websocket NetConn's semantics, message by message.

import { describe, it } from "node:test";
import { testConn } from "../conformance/conn.js";
import { wsPair } from "../helpers/ws-pair.js";

await testConn("ws Conn (dialed <-> accepted)", () => wsPair(), { api: { describe, it } });
