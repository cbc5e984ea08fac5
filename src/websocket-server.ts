// The shapes of gonet/websocket's server toolkit (Server, Hub), platform-free so that the browser
// entry names the same types. The implementation is Node's (src-node/websocket-server.ts); a page
// cannot accept connections, so there Server and Hub fail with ErrUnsupported.

import type { Request } from "./http/request.js";
import type { MessageType } from "./websocket.js";

/**
 * ServerConn is one connection a Server accepted: what OnConnect, OnMessage and OnClose are
 * handed, and what a Hub's rooms hold.
 */
export interface ServerConn {
  /** signal is aborted when the connection ends (cancel work tied to it). */
  readonly signal: AbortSignal;
  /** Subprotocol returns the negotiated subprotocol ("" for none). */
  Subprotocol(): string;
  /** RemoteAddr returns the peer's address, "host:port", as the handshake request's RemoteAddr. */
  RemoteAddr(): string;
  /**
   * Write sends data as one message of type typ (a string goes as its UTF-8 bytes). While more
   * than WriteBufferLimit bytes are queued to the connection it waits; it resolves once the
   * socket took the message. Concurrent Writes go out whole, in call order.
   */
  Write(typ: MessageType, data: Uint8Array | string): Promise<void>;
  /**
   * Close starts the closing handshake with code and reason (at most 123 bytes) and resolves when
   * the connection has ended (the peer answered, or 5 s passed and it was dropped).
   */
  Close(code: number, reason: string): Promise<void>;
  /** CloseNow drops the connection without the closing handshake (OnClose gets 1006). */
  CloseNow(): void;
}

/** RateLimit is a token bucket: PerSecond tokens a second, at most Burst at once. */
export interface RateLimit {
  /** PerSecond is the rate at which new connections are allowed. */
  PerSecond: number;
  /** Burst is the number of connections allowed at once (at least 1). */
  Burst: number;
}

/** ServerOptions configure a websocket Server. */
export interface ServerOptions {
  /**
   * OnConnect is called once the handshake is done, before any OnMessage. A throw (or a
   * rejection) closes the connection with 1008 and the error's text; OnClose is then not called.
   */
  OnConnect?: ((c: ServerConn, r: Request) => void | PromiseLike<unknown>) | null;
  /**
   * OnMessage is called once per message, one call at a time per connection, in arrival order;
   * data is a string for MessageText and a Uint8Array for MessageBinary. A throw or rejection
   * closes that connection with 1011.
   */
  OnMessage?: ((c: ServerConn, type: MessageType, data: string | Uint8Array) => void | PromiseLike<unknown>) | null;
  /** OnClose is called exactly once for every connection OnConnect accepted, after its last OnMessage. */
  OnClose?: ((c: ServerConn, code: number, reason: string) => void | PromiseLike<unknown>) | null;
  /** PingInterval is the time in ms between heartbeat pings (default 30000; 0 disables them). */
  PingInterval?: number;
  /** PongTimeout is how long in ms a ping's pong may take before the connection is dropped (default 10000). */
  PongTimeout?: number;
  /** ReadLimit is the largest message accepted, in bytes (default 16 MiB); a larger one closes with 1009. */
  ReadLimit?: number;
  /** MaxConnections bounds the open connections (0: no bound); over it a handshake gets HTTP 503. */
  MaxConnections?: number;
  /** ConnRateLimit bounds new connections per remote IP; over it a handshake gets HTTP 429. */
  ConnRateLimit?: RateLimit | null;
  /**
   * WriteBufferLimit is the number of bytes queued to one connection above which Write waits and
   * a Hub broadcast closes the connection with 1008 (default 1 MiB).
   */
  WriteBufferLimit?: number;
  /** Subprotocols lists the subprotocols to negotiate, in order of preference (as AcceptOptions). */
  Subprotocols?: string[];
  /** OriginPatterns are the cross origins allowed besides the request's host (as AcceptOptions). */
  OriginPatterns?: string[];
  /** InsecureSkipVerify disables the origin check (as AcceptOptions). */
  InsecureSkipVerify?: boolean;
}
