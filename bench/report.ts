// Prints benchmark results as a table with gonet/raw ratios.

/** Result is one benchmark line. */
export interface Result {
  name: string;
  unit: string;
  raw: number;
  gonet: number;
  /** target ratio gonet/raw (for lowerIsBetter, the maximum allowed). */
  target: number;
  lowerIsBetter?: boolean;
  /** paired holds the gonet/raw ratio of each alternating round, when there were rounds. */
  paired?: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

/** report prints results with ratio and whether each meets its target. */
export function report(rs: Result[]): void {
  for (const r of rs) {
    const ratio = r.gonet / r.raw;
    const ok = r.lowerIsBetter ? ratio <= r.target : ratio >= r.target;
    // The median of the rounds' own ratios is steadier than best against best on a noisy machine.
    const paired = r.paired !== undefined && r.paired.length > 1 ? `  median of ${r.paired.length} rounds ${median(r.paired).toFixed(3)}x` : "";
    console.log(
      `${r.name.padEnd(52)} raw ${fmt(r.raw).padStart(10)} ${r.unit.padEnd(6)} gonet ${fmt(r.gonet).padStart(10)}  ratio ${ratio.toFixed(3)}x  (target ${r.lowerIsBetter ? "<=" : ">="} ${r.target}x) ${ok ? "ok" : "MISSED"}${paired}`,
    );
  }
}

/**
 * best runs the raw and the gonet measurement alternately n times and returns the best of each,
 * so that a moment of noise on a small shared machine does not decide the ratio.
 */
export async function best(n: number, raw: () => Promise<number>, gonet: () => Promise<number>, lowerIsBetter = false): Promise<[number, number]> {
  let r = lowerIsBetter ? Infinity : 0;
  let g = lowerIsBetter ? Infinity : 0;
  const pick = lowerIsBetter ? Math.min : Math.max;
  for (let i = 0; i < n; i++) {
    r = pick(r, await raw());
    g = pick(g, await gonet());
  }
  return [r, g];
}
