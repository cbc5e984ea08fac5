// gonet/websocket's server toolkit in the browser: a page cannot accept connections, so Server
// and Hub exist (the same names as in Node) but fail at construction with ErrUnsupported.

import { ErrUnsupported, OpError } from "../src/errors.js";
import type { ServerOptions } from "../src/websocket-server.js";

export type { RateLimit, ServerConn, ServerOptions } from "../src/websocket-server.js";

function unsupported(what: string): OpError {
  return new OpError({ Op: "listen", Net: "ws", Err: ErrUnsupported, Hint: `a page cannot run a WebSocket ${what}; run it in Node and Dial it from the page` });
}

/** Server is Node's WebSocket server; in a browser its constructor throws an OpError wrapping ErrUnsupported. */
export class Server {
  /** Server throws: a page cannot accept WebSocket connections. */
  constructor(_opts?: ServerOptions) {
    throw unsupported("Server");
  }
}

/** Hub groups a Node Server's connections into rooms; in a browser its constructor throws an OpError wrapping ErrUnsupported. */
export class Hub {
  /** Hub throws: there are no server connections in a page. */
  constructor() {
    throw unsupported("Hub");
  }
}
