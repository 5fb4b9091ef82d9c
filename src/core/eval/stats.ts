/**
 * Statistics that stay honest at 50–100 inputs: a Wilson interval for a pass rate (the normal
 * approximation misbehaves near 0% and 100%), the exact McNemar test on paired pass/fail results
 * (the χ² version needs many discordant pairs), pass^k for flakiness across repeats, and nearest-
 * rank percentiles for latency.
 */

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval of `passes` out of `n` (95% by default); [0, 1] when n is 0. */
export function wilsonInterval(passes: number, n: number, z: number = Z_95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = passes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  return { low: Math.max(0, (centre - margin) / denominator), high: Math.min(1, (centre + margin) / denominator) };
}

/** ln C(n, k), exact enough for n in the thousands through log-gamma-free summation. */
function logChoose(n: number, k: number): number {
  let sum = 0;
  const small = Math.min(k, n - k);
  for (let i = 1; i <= small; i++) sum += Math.log(n - small + i) - Math.log(i);
  return sum;
}

/** P(X ≤ k) for X ~ Binomial(n, ½). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let total = 0;
  const logHalfN = n * Math.log(0.5);
  for (let i = 0; i <= k; i++) total += Math.exp(logChoose(n, i) + logHalfN);
  return Math.min(1, total);
}

export interface McNemarResult {
  /** Baseline passes, candidate fails (regressions). */
  readonly b: number;
  /** Candidate passes, baseline fails (improvements). */
  readonly c: number;
  /** Exact two-sided p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, ½); 1 with no discordant pair. */
  readonly p: number;
}

export function exactMcNemar(b: number, c: number): McNemarResult {
  const n = b + c;
  const p = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(b, c), n));
  return { b, c, p };
}

/**
 * pass^k: the chance that k independent tries all pass, estimated per input from its n tries
 * with c passes as C(c, k) / C(n, k) (unbiased, as in τ-bench). k ≤ n.
 */
export function passHatK(passes: number, tries: number, k: number = tries): number {
  if (k <= 0 || tries <= 0 || k > tries) return Number.NaN;
  if (passes < k) return 0;
  return Math.exp(logChoose(passes, k) - logChoose(tries, k));
}

/** Nearest-rank percentile (q in 0..100) of the values; undefined when there are none. */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((s, v) => s + v, 0) / values.length;
}
