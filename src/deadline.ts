// The one deadline mechanism every transport uses. It follows Go's rules: a
// deadline applies to pending and future operations; a deadline in the past
// makes them fail at once; moving or clearing it makes the object usable
// again. The timer is created lazily, extended without re-arming (a later
// deadline keeps the armed timer and re-checks when it fires), and holds the
// event loop open only while an operation is waiting on it.

import type { DeadlineInput } from "./net.js";

// setTimeout cannot take more than 2^31-1 ms; later deadlines re-arm.
const maxDelay = 0x7fffffff;

type Timer = ReturnType<typeof setTimeout>;

function setRef(timer: Timer, ref: boolean): void {
  const t = timer as unknown as { ref?: () => void; unref?: () => void };
  if (ref) t.ref?.();
  else t.unref?.();
}

// 2000-01-01T00:00:00Z: a number below it is a duration mistaken for a time, not a deadline.
const minEpochDeadline = 946_684_800_000;

/**
 * toDeadline converts a deadline argument to epoch milliseconds, 0 meaning none. It throws a
 * TypeError for anything that is not a Date, a finite number or null, and a RangeError for a
 * number that is clearly a duration (before the year 2000): `SetReadDeadline(1000)` means
 * `Date.now() + 1000` far more often than 1970.
 */
export function toDeadline(t: DeadlineInput | undefined): number {
  if (t === null || t === undefined) return 0;
  const ms = t instanceof Date ? t.getTime() : t;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new TypeError(`gonet: invalid deadline ${String(t)}: want a Date, epoch milliseconds or null`);
  }
  if (typeof t === "number" && ms !== 0 && ms < minEpochDeadline) {
    throw new RangeError(`gonet: deadline ${ms} is before the year 2000: a deadline is an absolute time in epoch milliseconds (for a duration, pass Date.now() + ${ms})`);
  }
  return ms;
}

/**
 * Deadline is one read or write deadline of a connection. The owner passes the function to call
 * when the deadline passes (it fails the pending operations) and tells the Deadline, with
 * hold/release, whether operations are waiting, so that an idle deadline keeps no process alive.
 */
export class Deadline {
  #at = 0;
  #expired = false;
  #timer: Timer | undefined = undefined;
  #timerAt = 0;
  #waiting = 0;
  readonly #onExpire: () => void;

  constructor(onExpire: () => void) {
    this.#onExpire = onExpire;
  }

  /** expired reports whether the deadline has passed (and has not been moved since). */
  get expired(): boolean {
    return this.#expired;
  }

  /** at returns the deadline in epoch milliseconds, or 0. */
  get at(): number {
    return this.#at;
  }

  /** set moves the deadline; a time in the past expires it at once (calling onExpire). */
  set(t: DeadlineInput | undefined): void {
    const at = toDeadline(t);
    this.#at = at;
    if (at === 0) {
      this.#expired = false;
      this.#stop();
      return;
    }
    const now = Date.now();
    if (at <= now) {
      this.#stop();
      this.#expired = true;
      this.#onExpire();
      return;
    }
    this.#expired = false;
    // An armed timer that fires no later than the new deadline re-checks when it fires.
    if (this.#timer !== undefined && this.#timerAt <= at) return;
    this.#arm(at, now);
  }

  /** hold says that an operation now waits on this deadline (the timer keeps the loop alive). */
  hold(): void {
    if (this.#waiting++ === 0 && this.#timer !== undefined) setRef(this.#timer, true);
  }

  /** release says that a waiting operation finished. */
  release(): void {
    if (this.#waiting > 0 && --this.#waiting === 0 && this.#timer !== undefined) setRef(this.#timer, false);
  }

  /** stop cancels the timer for good (the owner closed). */
  stop(): void {
    this.#stop();
    this.#waiting = 0;
  }

  #stop(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#timerAt = 0;
    }
  }

  #arm(at: number, now: number): void {
    this.#stop();
    const delay = Math.min(at - now, maxDelay);
    this.#timerAt = now + delay;
    this.#timer = setTimeout(this.#fire, delay);
    if (this.#waiting === 0) setRef(this.#timer, false);
  }

  #fire = (): void => {
    this.#timer = undefined;
    this.#timerAt = 0;
    if (this.#at === 0) return;
    const now = Date.now();
    if (now < this.#at) {
      this.#arm(this.#at, now);
      return;
    }
    this.#expired = true;
    this.#onExpire();
  };
}
