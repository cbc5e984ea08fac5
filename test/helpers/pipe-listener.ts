// A Listener over Pipes, for serving http on a Listener that is not TCP.

import { ErrClosed } from "../../src/errors.js";
import type { Conn, Listener } from "../../src/net.js";
import { Pipe } from "../../src/pipe.js";

/** PipeListener is a Listener whose Conns are the server ends of Pipes made by dial() (listed in accepted). */
export class PipeListener implements Listener {
  #queue: Conn[] = [];
  #waiters: { resolve: (c: Conn) => void; reject: (e: Error) => void }[] = [];
  #closed = false;
  readonly accepted: Conn[] = [];
  dial(): Conn {
    const [a, b] = Pipe();
    this.accepted.push(b);
    const w = this.#waiters.shift();
    if (w !== undefined) w.resolve(b);
    else this.#queue.push(b);
    return a;
  }
  Accept(): Promise<Conn> {
    if (this.#closed) return Promise.reject(ErrClosed);
    const c = this.#queue.shift();
    if (c !== undefined) return Promise.resolve(c);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }
  Close(): Promise<void> {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w.reject(ErrClosed);
    return Promise.resolve();
  }
  Addr(): { Network(): string; String(): string } {
    return { Network: () => "pipe", String: () => "pipe" };
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Conn> {
    for (;;) yield await this.Accept();
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.Close();
  }
}
