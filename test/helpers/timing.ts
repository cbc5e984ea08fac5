// Deadline timing, measured the way Go's src/net/timeout_test.go measures it
// (TestReadTimeoutFluctuation, TestWriteTimeoutFluctuation): an operation cut
// by a deadline d ahead must fail no earlier than the deadline and no later
// than timeoutUpperBound(d); when a loaded machine runs late, the attempt is
// repeated with a longer timeout (nextTimeout), and only an attempt that
// takes maxDynamicTimeout or more fails the test. A deadline that fires a
// constant or a factor late keeps missing the bound as the timeout grows, so
// it fails; scheduling jitter does not.
//
// Platform-free (no node:* imports): the Conn conformance suite, which a
// browser page runs too, imports it.

/** minDynamicTimeout is the first timeout tried (ms); Go starts at 1 ms, a JS timer has 1 ms granularity. */
export const minDynamicTimeout = 50;

/** maxDynamicTimeout is the longest timeout tried (ms), as Go's maxDynamicTimeout (4 s). */
export const maxDynamicTimeout = 4000;

/**
 * timeoutUpperBound returns the longest time (ms) an operation with a timeout of d ms may take
 * to fail: Go's d * 11 / 10 (timeout_test.go), plus 25 ms for the JS event loop and timers.
 */
export function timeoutUpperBound(d: number): number {
  return (d * 11) / 10 + 25;
}

/**
 * nextTimeout returns the timeout to try after an attempt that took actual ms, and whether one
 * is left to try: Go's nextTimeout (actual * 5 / 4, capped at maxDynamicTimeout).
 */
export function nextTimeout(actual: number): [next: number, ok: boolean] {
  if (actual >= maxDynamicTimeout) return [maxDynamicTimeout, false];
  return [Math.min(Math.round((actual * 5) / 4), maxDynamicTimeout), true];
}

/** TimedFailure is one attempt of timeDeadline: what the operation threw and when. */
export interface TimedFailure {
  /** timeout is how far ahead the deadline was set (ms). */
  timeout: number;
  /** err is what the operation rejected with. */
  err: unknown;
  /** elapsed is the time from setting the deadline to the failure (ms). */
  elapsed: number;
}

/**
 * timeDeadline runs attempt(deadline) with deadlines minDynamicTimeout ahead and longer, as Go's
 * fluctuation tests do, until one fails within [deadline, t0 + timeoutUpperBound(d)]. attempt
 * must set the deadline first thing, synchronously, and reject with the error of the operation
 * the deadline cuts. It returns the last attempt and what went wrong, or "" when the deadline
 * held: the operation resolved, failed before the deadline, or kept missing the upper bound.
 */
export async function timeDeadline(what: string, attempt: (deadline: number) => Promise<unknown>): Promise<{ last: TimedFailure; problem: string }> {
  const took: number[] = [];
  let d = minDynamicTimeout;
  for (;;) {
    const t0 = Date.now();
    const deadline = t0 + d;
    let err: unknown;
    let resolved = false;
    try {
      await attempt(deadline);
      resolved = true;
    } catch (e) {
      err = e;
    }
    const t1 = Date.now();
    const last: TimedFailure = { timeout: d, err, elapsed: t1 - t0 };
    took.push(last.elapsed);
    if (resolved) return { last, problem: `${what} with a deadline ${d} ms ahead resolved after ${last.elapsed} ms; want a deadline error` };
    // Go: `if t1.Before(deadline) { t.Errorf("Read took %s; expected at least %s", actual, d) }`.
    if (t1 < deadline) return { last, problem: `${what} failed after ${last.elapsed} ms; expected at least ${d} ms (the deadline)` };
    if (last.elapsed > timeoutUpperBound(d)) {
      const [next, ok] = nextTimeout(last.elapsed);
      if (!ok) {
        return {
          last,
          problem: `${what} took ${last.elapsed} ms with a deadline ${Math.round(d)} ms ahead; expected at most ${Math.round(timeoutUpperBound(d))} ms (attempts took ${took.join(", ")} ms)`,
        };
      }
      d = next;
      continue;
    }
    return { last, problem: "" };
  }
}
