// The ConnTransport over a node:net Socket (TCP, unix, and TLS sockets, which
// are Sockets too). Listeners are shared module functions that find their
// StreamConn through a symbol, so an idle connection costs no closures.

import net, { type Server, type Socket } from "node:net";
import { ErrCanceled } from "../src/errors.js";
import type { ConnSink, ConnTransport } from "../src/conn.js";
import type { ListenerTransport, StreamListener } from "../src/listener.js";
import type { Conn } from "../src/net.js";
import { translate } from "./errors.js";

const kSink = Symbol("gonet.sink");
const kTransport = Symbol("gonet.transport");

interface Tagged {
  [kSink]: ConnSink;
  [kTransport]: SocketTransport;
}

function onData(this: Socket, chunk: Buffer): void {
  (this as unknown as Tagged)[kSink].push(chunk);
}
function onEnd(this: Socket): void {
  (this as unknown as Tagged)[kSink].pushEOF();
}
function onError(this: Socket, err: Error): void {
  (this as unknown as Tagged)[kSink].pushError(translate(err, "read"));
}
function onClose(this: Socket): void {
  (this as unknown as Tagged)[kTransport].closed();
}

// Shared empty write log; each transport replaces its own on first write.
const noWrites: boolean[] = [];

/**
 * SocketTransport feeds a StreamConn from a connected Socket. Write completion follows Go: a
 * Write resolves once the kernel has the bytes (synchronously when the socket wrote them
 * through, else on the write callback), so the caller may reuse its buffer at once.
 * @internal
 */
export class SocketTransport implements ConnTransport {
  readonly socket: Socket;
  #sink!: ConnSink;
  // One flag per write in flight: true if the write completed synchronously (its callback must
  // not complete another write). Node calls write callbacks in order.
  #sync: boolean[] = noWrites;
  #closed = false;
  #onClosed: (() => void) | null = null;
  #afterWrite: ((err?: Error | null) => void) | undefined = undefined;

  constructor(socket: Socket) {
    this.socket = socket;
  }

  // Made on the first write, so that idle connections do not carry it.
  #makeAfterWrite(): (err?: Error | null) => void {
    return (this.#afterWrite = (err) => {
      const wasSync = this.#sync.shift();
      if (wasSync === false) this.#sink.writeDone(err ? translate(err, "write") : null);
      else if (err) this.#sink.pushError(translate(err, "write"), "write");
    });
  }

  /** bind connects the socket's events to the sink; reading starts here. */
  bind(sink: ConnSink): void {
    this.#sink = sink;
    const socket = this.socket;
    const t = socket as unknown as Tagged;
    t[kSink] = sink;
    t[kTransport] = this;
    socket.on("error", onError);
    socket.on("end", onEnd);
    socket.on("close", onClose);
    socket.on("data", onData);
    // An accepted socket (pauseOnConnect) stays paused until the conn's first Read resumes it.
    if (socket.destroyed) this.#closed = true;
  }

  /** detach takes the socket back from the conn (its listeners removed), for a new owner. */
  detach(): Socket {
    const socket = this.socket;
    socket.off("error", onError);
    socket.off("end", onEnd);
    socket.off("close", onClose);
    socket.off("data", onData);
    return socket;
  }

  setNoDelay(noDelay: boolean): void {
    this.socket.setNoDelay(noDelay);
  }

  setKeepAlive(enable: boolean, periodMs: number): void {
    this.socket.setKeepAlive(enable, periodMs);
  }

  write(p: Uint8Array): boolean {
    const s = this.socket;
    s.write(p, this.#afterWrite ?? this.#makeAfterWrite()); // Node never calls the callback synchronously
    // Everything went through iff nothing is left queued in the stream.
    const sync = s.writableLength === 0;
    if (this.#sync === noWrites) this.#sync = [];
    this.#sync.push(sync);
    return sync;
  }

  /**
   * unsent returns how many of the bytes written to the socket the kernel has not taken yet:
   * those still in the stream's buffer plus those libuv still queues. Node's write callbacks
   * cannot say it once the socket is destroyed (they report success for dropped writes), so a
   * conn asks this right before destroy(). It reads the libuv handle's counters (`bytesWritten`,
   * bytes handed to libuv; `writeQueueSize`, bytes libuv has not written yet), which node:net
   * itself reads (Socket#_bytesDispatched, Socket#_onTimeout); checked against Node 20 and 22.
   * If their shape changes the count is unknown (undefined) and pending Writes fail uncounted.
   */
  unsent(): number | undefined {
    const s = this.socket;
    const h = (s as unknown as { _handle?: { bytesWritten?: unknown; writeQueueSize?: unknown } | null })._handle;
    if (h === null || h === undefined || typeof h.bytesWritten !== "number" || typeof h.writeQueueSize !== "number") return undefined;
    // socket.bytesWritten counts the bytes handed to libuv plus those still buffered in the stream.
    const unsent = s.bytesWritten - (h.bytesWritten - h.writeQueueSize);
    return unsent >= 0 ? unsent : undefined;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  closeWrite(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.end(() => resolve());
    });
  }

  /** closed is called on the socket's 'close' event. */
  closed(): void {
    this.#closed = true;
    this.#onClosed?.();
    this.#onClosed = null;
  }

  destroy(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onClosed = resolve;
      this.socket.destroy();
    });
  }
}

/**
 * TLSSocketTransport is the transport of a TLS conn on a TLSSocket: as Go's tls.Conn.Close, it
 * sends close_notify (and the FIN) before the socket goes, so that the peer reads end of stream
 * rather than a reset, bounded by a short wait for the flush.
 * @internal
 */
export class TLSSocketTransport extends SocketTransport {
  /** unsent is unknown on a TLS socket: what the kernel takes are records, not the caller's bytes. */
  override unsent(): number | undefined {
    return undefined;
  }

  override destroy(): Promise<void> {
    const s = this.socket;
    // As Go's tls.Conn.Close, a Close that comes while a Write is in flight only breaks the
    // connection: no close_notify, which would wait behind the Write's bytes.
    if (s.destroyed || s.writableEnded || s.writableLength > 0) return super.destroy();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      s.end(() => {
        clearTimeout(timer);
        resolve();
      });
    }).then(() => super.destroy());
  }
}

/**
 * listenerServers maps each StreamListener fed by a NodeListenerTransport (TCP, unix) to its
 * node:net Server, so that the HTTP server can hand the sockets to node:http directly.
 * @internal
 */
export const listenerServers = new WeakMap<object, Server>();

/**
 * NodeListenerTransport feeds a StreamListener from a node:net Server.
 * @internal
 */
export class NodeListenerTransport<C extends Conn> implements ListenerTransport {
  readonly #server: Server;
  #closed: Promise<void> | null = null;

  constructor(server: Server, l: StreamListener<C>, wrap: (s: Socket) => C) {
    this.#server = server;
    listenerServers.set(l, server);
    server.on("connection", (s: Socket) => l.push(wrap(s)));
    server.on("error", (err: Error) => l.pushError(translate(err, "accept")));
    // Go's listeners do not count connections; node:http-style tracking is not wanted here.
  }

  close(): Promise<void> {
    this.#closed ??= new Promise((resolve) => {
      this.#server.close();
      // server.close's callback waits for every accepted socket; the listening handle itself
      // is released in the next loop iteration's close phase, which two immediates outlast.
      setImmediate(() => setImmediate(resolve));
    });
    return this.#closed;
  }
}

/**
 * connectSocket opens a node:net connection and resolves wrap(socket) once it is connected; the
 * signal destroys it and rejects with ErrCanceled, a failure rejects with the translated
 * `connect` error. Shared by TCP and unix dials.
 * @internal
 */
export function connectSocket<C>(opts: net.NetConnectOpts, signal: AbortSignal, wrap: (s: Socket) => C): Promise<C> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(ErrCanceled);
      return;
    }
    const s = net.connect(opts);
    const done = (): void => {
      signal.removeEventListener("abort", onAbort);
      s.off("error", onErr);
      s.off("connect", onConnect);
    };
    const onAbort = (): void => {
      done();
      s.destroy();
      reject(ErrCanceled);
    };
    const onErr = (err: Error): void => {
      done();
      s.destroy();
      reject(translate(err, "connect"));
    };
    const onConnect = (): void => {
      done();
      resolve(wrap(s));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    s.on("error", onErr);
    s.on("connect", onConnect);
  });
}

/**
 * listenServer starts a node:net Server and resolves make(server) once it listens; an error
 * before that rejects with the translated `bind` error. Shared by TCP and unix listeners.
 * @internal
 */
export function listenServer<L>(server: Server, opts: net.ListenOptions, make: (server: Server) => L): Promise<L> {
  return new Promise((resolve, reject) => {
    const onErr = (err: Error): void => {
      server.off("listening", onListening);
      reject(translate(err, "bind"));
    };
    const onListening = (): void => {
      server.off("error", onErr);
      resolve(make(server));
    };
    server.once("error", onErr);
    server.once("listening", onListening);
    server.listen(opts);
  });
}

/**
 * handOffSocket returns the node:net Socket under a conn this backend made (TCP, unix), taking it
 * away from the conn, when the conn is untouched; else null. node:tls then runs natively on the
 * socket's handle instead of through a Duplex over the Conn.
 * @internal
 */
export function handOffSocket(c: unknown): Socket | null {
  if (typeof c !== "object" || c === null || typeof (c as { handOff?: unknown }).handOff !== "function") return null;
  const t = (c as { handOff(accept: (t: ConnTransport) => boolean): ConnTransport | null }).handOff(
    (t) => t instanceof SocketTransport && !t.socket.destroyed && t.socket.writableLength === 0 && t.socket.readableLength === 0,
  );
  return t instanceof SocketTransport ? t.detach() : null;
}
