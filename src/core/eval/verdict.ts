import type { EvalReport } from './types';

export type VerdictInput = Pick<EvalReport, 'baseline' | 'candidate' | 'regressions' | 'improvements' | 'mcnemar' | 'outcomes' | 'incomplete'>;

/** A p-value as people read it: `1.0`, `0.25`, `0.063`, `0.0039`, `< 0.0001`. */
export function formatP(p: number): string {
  if (p >= 1) return '1.0';
  if (p < 0.0001) return '< 0.0001';
  return Number(p.toPrecision(2)).toString();
}

export function formatPercentShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function signedMs(ms: number): string {
  const rounded = Math.round(ms);
  return `${rounded >= 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en-US')} ms`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The relative cost of the candidate: `38% cheaper`, `12% more expensive`, `same cost`; undefined without prices. */
export function costChange(baselinePerCall: number | null, candidatePerCall: number | null): string | undefined {
  if (baselinePerCall === null || candidatePerCall === null) return undefined;
  if (baselinePerCall === 0) return candidatePerCall === 0 ? 'same cost' : 'more expensive (baseline is free)';
  const change = (candidatePerCall - baselinePerCall) / baselinePerCall;
  if (Math.abs(change) < 0.005) return 'same cost';
  return change < 0 ? `${Math.round(-change * 100)}% cheaper` : `${Math.round(change * 100)}% more expensive`;
}

/** The verdict line: "candidate 38% cheaper, 0 regressions (p = 1.0), p95 +120 ms; …". */
export function verdictLine(r: VerdictInput): string {
  const parts: string[] = [];
  const cost = costChange(r.baseline.costPerCallUsd, r.candidate.costPerCallUsd);
  parts.push(cost ? `candidate ${cost}` : 'cost not comparable (a model has no price)');
  const quality = `${plural(r.regressions.length, 'regression')}${r.improvements.length ? `, ${plural(r.improvements.length, 'improvement')}` : ''} (p = ${formatP(r.mcnemar.p)})`;
  parts.push(quality);
  if (r.baseline.latencyP95Ms !== null && r.candidate.latencyP95Ms !== null) parts.push(`p95 ${signedMs(r.candidate.latencyP95Ms - r.baseline.latencyP95Ms)}`);
  const n = r.outcomes.length;
  let meaning: string;
  if (n === 0) meaning = 'no input finished on both sides';
  else if (r.mcnemar.b + r.mcnemar.c === 0) meaning = `same results on all ${n} inputs`;
  else if (r.mcnemar.p < 0.05) meaning = r.mcnemar.b > r.mcnemar.c ? `candidate is worse beyond noise at n = ${n}` : `candidate is better beyond noise at n = ${n}`;
  else meaning = `the difference is not distinguishable from noise at this sample size (n = ${n})`;
  const rates = `pass rate ${formatPercentShare(r.baseline.passRate)} → ${formatPercentShare(r.candidate.passRate)}`;
  const incomplete = r.incomplete.length ? `; ${plural(r.incomplete.length, 'input')} incomplete` : '';
  return `${parts.join(', ')}; ${rates}: ${meaning}${incomplete}`;
}
