// The examples check what they print: an expectation that does not hold ends the run with an
// error (exit 1), and a run whose expectations all held ends by printing OK.

/** expect throws, ending the example, when what it shows is not what it should be. */
export function expect(cond: boolean, what: string): void {
  if (!cond) throw new Error(`example check failed: ${what}`);
}

/** ok is the last line of a run whose checks all held. */
export function ok(): void {
  console.log("OK");
}
