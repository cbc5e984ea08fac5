// The interfaces every transport implements, after Go's net.Addr, net.Conn,
// net.Listener and net.PacketConn, translated by the rules of docs/api.md.

/** DeadlineInput is an absolute deadline: a Date, epoch milliseconds, or null / 0 for none. */
export type DeadlineInput = Date | number | null;

/**
 * NetworkName is a network Dial, Listen and their kin accept, as Go spells it: "tcp", "tcp4",
 * "tcp6", "udp", "udp4", "udp6", "unix", "unixgram", "unixpacket", "ws", "wss", and the raw
 * "ip", "ip4", "ip6" with an optional ":proto". A misspelled name ("tpc") fails to compile; a
 * name only known at run time can be passed with `as NetworkName`, and fails at run time with
 * Go's UnknownNetworkError if it is wrong.
 */
export type NetworkName = "tcp" | "tcp4" | "tcp6" | "udp" | "udp4" | "udp6" | "unix" | "unixgram" | "unixpacket" | "ws" | "wss" | "ip" | "ip4" | "ip6" | `ip:${string}` | `ip4:${string}` | `ip6:${string}`;

/** Addr represents a network end point address (Go's net.Addr). */
export interface Addr {
  /** Network returns the name of the network ("tcp", "udp", "unix", "ws", …). */
  Network(): string;
  /** String returns the string form of the address ("127.0.0.1:80"). */
  String(): string;
}

/**
 * Conn is a generic stream-oriented network connection (Go's net.Conn). Concurrent calls are
 * allowed and are served in call order.
 */
export interface Conn extends AsyncIterable<Uint8Array>, AsyncDisposable {
  /** Read reads into p and resolves the number of bytes read, or null at end of stream. */
  Read(p: Uint8Array): Promise<number | null>;
  /** Write writes all of p and resolves len(p) once the bytes are accepted (backpressure). */
  Write(p: Uint8Array): Promise<number>;
  /** Close closes the connection; pending Read and Write calls reject with ErrClosed. */
  Close(): Promise<void>;
  /** LocalAddr returns the local network address. */
  LocalAddr(): Addr;
  /** RemoteAddr returns the remote network address. */
  RemoteAddr(): Addr;
  /** SetDeadline sets the read and write deadlines. */
  SetDeadline(t: DeadlineInput): void;
  /** SetReadDeadline sets the deadline for pending and future Read calls. */
  SetReadDeadline(t: DeadlineInput): void;
  /** SetWriteDeadline sets the deadline for pending and future Write calls. */
  SetWriteDeadline(t: DeadlineInput): void;
  /** readable is a Web Streams view of the bytes Read would return (created on first use). */
  readonly readable: ReadableStream<Uint8Array>;
  /** writable is a Web Streams view of Write (created on first use). */
  readonly writable: WritableStream<Uint8Array>;
}

/** Listener is a generic network listener for stream-oriented protocols (Go's net.Listener). */
export interface Listener extends AsyncIterable<Conn>, AsyncDisposable {
  /** Accept waits for and returns the next connection. */
  Accept(): Promise<Conn>;
  /** Close stops listening; a pending Accept rejects with ErrClosed. */
  Close(): Promise<void>;
  /** Addr returns the listener's network address. */
  Addr(): Addr;
}

/** PacketConn is a generic packet-oriented network connection (Go's net.PacketConn). */
export interface PacketConn extends AsyncDisposable {
  /** ReadFrom reads a packet into p and resolves [n, addr]; a longer packet is truncated. */
  ReadFrom(p: Uint8Array): Promise<[n: number, addr: Addr]>;
  /** WriteTo writes a packet with payload p to addr. */
  WriteTo(p: Uint8Array, addr: Addr): Promise<number>;
  /** Close closes the connection. */
  Close(): Promise<void>;
  /** LocalAddr returns the local network address. */
  LocalAddr(): Addr;
  /** SetDeadline sets the read and write deadlines. */
  SetDeadline(t: DeadlineInput): void;
  /** SetReadDeadline sets the deadline for pending and future ReadFrom calls. */
  SetReadDeadline(t: DeadlineInput): void;
  /** SetWriteDeadline sets the deadline for pending and future WriteTo calls. */
  SetWriteDeadline(t: DeadlineInput): void;
}
