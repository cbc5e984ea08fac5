// gonet/websocket's Hub: rooms of a Server's connections and broadcasts to them. A broadcast
// frames its message once and hands the same bytes to every member's socket; a member whose
// socket is still backed up past WriteBufferLimit is closed with 1008 instead of being waited on.

import type { MessageType } from "../src/websocket.js";
import type { ServerConn } from "../src/websocket-server.js";
import { prepareMessage, sendPrepared } from "./websocket-server.js";

/**
 * Hub groups a Server's connections into rooms (named by any string) and broadcasts to them.
 * A connection leaves all its rooms when it ends. Every method may be called from any handler at
 * any time, also while a broadcast is running (a broadcast goes to the members of the moment it
 * started).
 *
 * @example
 * const hub = new Hub();
 * const srv = new Server({
 *   OnConnect(c) { hub.Join(c, "lobby"); },
 *   async OnMessage(c, type, data) { await hub.BroadcastExcept("lobby", data, c, type); },
 * });
 */
export class Hub {
  readonly #rooms = new Map<string, Set<ServerConn>>();
  readonly #joined = new Map<ServerConn, Set<string>>();

  /** Join adds c to room (no-op when it is there already or has ended). */
  Join(c: ServerConn, room: string): void {
    if (c.signal.aborted) return;
    let rooms = this.#joined.get(c);
    if (rooms === undefined) {
      rooms = new Set();
      this.#joined.set(c, rooms);
      c.signal.addEventListener("abort", () => this.#leaveAll(c), { once: true });
    }
    rooms.add(room);
    let members = this.#rooms.get(room);
    if (members === undefined) {
      members = new Set();
      this.#rooms.set(room, members);
    }
    members.add(c);
  }

  /** Leave removes c from room (no-op when it is not there). */
  Leave(c: ServerConn, room: string): void {
    this.#joined.get(c)?.delete(room);
    const members = this.#rooms.get(room);
    if (members === undefined) return;
    members.delete(c);
    if (members.size === 0) this.#rooms.delete(room);
  }

  /**
   * Broadcast sends data to every member of room: a string as a text message, bytes as binary,
   * unless type says otherwise. It frames the message once and never waits for a member: one
   * whose connection still has more than WriteBufferLimit bytes queued is closed with 1008.
   */
  Broadcast(room: string, data: Uint8Array | string, type?: MessageType): Promise<void> {
    return this.BroadcastExcept(room, data, null, type);
  }

  /** BroadcastExcept is Broadcast to every member of room but except (usually the sender). */
  BroadcastExcept(room: string, data: Uint8Array | string, except: ServerConn | null, type?: MessageType): Promise<void> {
    const members = this.#rooms.get(room);
    if (members === undefined || members.size === 0) return Promise.resolve();
    const m = prepareMessage(data, type);
    // A snapshot: a handler that joins, leaves or closes during the loop changes the next one.
    for (const c of [...members]) if (c !== except) sendPrepared(c, m);
    return Promise.resolve();
  }

  /** Members returns the connections in room. */
  Members(room: string): ServerConn[] {
    return [...(this.#rooms.get(room) ?? [])];
  }

  /** Rooms returns the rooms c is in. */
  Rooms(c: ServerConn): string[] {
    return [...(this.#joined.get(c) ?? [])];
  }

  #leaveAll(c: ServerConn): void {
    const rooms = this.#joined.get(c);
    this.#joined.delete(c);
    if (rooms === undefined) return;
    for (const room of rooms) {
      const members = this.#rooms.get(room);
      if (members === undefined) continue;
      members.delete(c);
      if (members.size === 0) this.#rooms.delete(room);
    }
  }
}
