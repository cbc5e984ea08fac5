// A WebSocket client made of hand-written frames over a raw TCP socket (node:net), to test a
// server's protocol rules byte by byte: what a well-behaved client library never sends.

import { createHash, randomBytes } from "node:crypto";
import net from "node:net";

export interface RawFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

export interface FrameInit {
  fin?: boolean;
  rsv?: number; // the three RSV bits, 0-7
  opcode: number;
  payload?: Buffer | string;
  mask?: boolean; // default true (a client's frames are masked)
  length?: 7 | 16 | 64; // force a payload length encoding
}

/** frame encodes one frame as a client would (masked unless mask is false). */
export function frame(f: FrameInit): Buffer {
  const payload = typeof f.payload === "string" ? Buffer.from(f.payload) : (f.payload ?? Buffer.alloc(0));
  const mask = f.mask ?? true;
  const n = payload.length;
  const enc = f.length ?? (n < 126 ? 7 : n < 65536 ? 16 : 64);
  const head: number[] = [((f.fin ?? true) ? 0x80 : 0) | ((f.rsv ?? 0) << 4) | f.opcode];
  const m = mask ? 0x80 : 0;
  if (enc === 7) head.push(m | n);
  else if (enc === 16) head.push(m | 126, n >> 8, n & 0xff);
  else {
    head.push(m | 127);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    head.push(...b);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i & 3]!;
  return Buffer.concat([Buffer.from(head), key, body]);
}

/** closePayload is a close frame's payload: the code, big-endian, then the reason. */
export function closePayload(code: number, reason = ""): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, Buffer.from(reason)]);
}

export interface HTTPAnswer {
  status: number;
  headers: Map<string, string>;
  rest: Buffer;
}

/** RawClient is a TCP connection that speaks WebSocket frames by hand. */
export class RawClient {
  readonly socket: net.Socket;
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  #ended = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      this.#wake();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on("error", () => {});
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, "127.0.0.1", () => resolve(new RawClient(s)));
      s.once("error", reject);
    });
  }

  /** ended reports whether the server closed the TCP connection. */
  get ended(): boolean {
    return this.#ended;
  }

  async #need(n: number, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.#buf.length < n) {
      if (this.#ended) return false;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`raw client: timed out waiting for ${n} bytes (have ${this.#buf.length})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return true;
  }

  /** request sends raw (an HTTP request head) and reads the answer's head. */
  async request(raw: string, ms = 5000): Promise<HTTPAnswer> {
    this.socket.write(raw);
    const deadline = Date.now() + ms;
    let end: number;
    while ((end = this.#buf.indexOf("\r\n\r\n")) < 0) {
      if (!(await this.#need(this.#buf.length + 1, Math.max(1, deadline - Date.now())))) throw new Error("raw client: connection ended before the answer's head");
    }
    const lines = this.#buf.subarray(0, end).toString("latin1").split("\r\n");
    this.#buf = this.#buf.subarray(end + 4);
    const status = Number(lines[0]!.split(" ")[1]);
    const headers = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const i = l.indexOf(":");
      headers.set(l.slice(0, i).toLowerCase(), l.slice(i + 1).trim());
    }
    return { status, headers, rest: this.#buf };
  }

  /** handshake upgrades path with a fresh key and checks nothing: the caller asserts. */
  async handshake(path = "/", extra = ""): Promise<HTTPAnswer & { key: string }> {
    const key = randomBytes(16).toString("base64");
    const a = await this.request(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n${extra}\r\n`);
    return { ...a, key };
  }

  send(...frames: Buffer[]): void {
    this.socket.write(Buffer.concat(frames));
  }

  /** readFrame reads the server's next frame, or null when the connection ended first. */
  async readFrame(ms = 5000): Promise<RawFrame | null> {
    if (!(await this.#need(2, ms))) return null;
    const b0 = this.#buf[0]!;
    const b1 = this.#buf[1]!;
    let n = b1 & 0x7f;
    let off = 2;
    if (n === 126) {
      if (!(await this.#need(4, ms))) return null;
      n = this.#buf.readUInt16BE(2);
      off = 4;
    } else if (n === 127) {
      if (!(await this.#need(10, ms))) return null;
      n = Number(this.#buf.readBigUInt64BE(2));
      off = 10;
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked) off += 4;
    if (!(await this.#need(off + n, ms))) return null;
    const payload = Buffer.from(this.#buf.subarray(off, off + n));
    this.#buf = this.#buf.subarray(off + n);
    return { fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, payload };
  }

  /** readClose reads frames until a close frame and returns its code and reason (null: none came). */
  async readClose(ms = 5000): Promise<{ code: number; reason: string } | null> {
    for (let i = 0; i < 10_000; i++) {
      const f = await this.readFrame(ms);
      if (f === null) return null;
      if (f.opcode === 8) return { code: f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005, reason: f.payload.subarray(2).toString() };
    }
    return null;
  }

  /** waitEnd resolves once the server closed the TCP connection. */
  async waitEnd(ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.#ended) {
      if (Date.now() > deadline) throw new Error("raw client: the server did not close the connection");
      await this.#need(this.#buf.length + 1, Math.max(1, deadline - Date.now())).catch(() => {});
      this.#buf = Buffer.alloc(0);
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** acceptKey is RFC 6455's Sec-WebSocket-Accept for key. */
export function acceptKey(key: string): string {
  return createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
}
