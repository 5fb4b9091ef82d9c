import { formatUsd } from '../pricing/format';
import type { EvalReport, RolloutPlan, RolloutStep } from './types';
import { formatP, formatPercentShare } from './verdict';

export type RolloutInput = Pick<EvalReport, 'baseline' | 'candidate' | 'regressions' | 'improvements' | 'mcnemar' | 'outcomes' | 'callsPerMonth'>;

/** The gradual rollout shares, as the migration playbook suggests. */
export const ROLLOUT_STEPS: readonly number[] = [5, 25, 50, 100];
/** Latency and cost may grow this much over the measured value before a rollback. */
const TOLERANCE = 1.25;

const ms = (v: number): string => `${Math.round(v).toLocaleString('en-US')} ms`;

/**
 * The migration playbook filled with the measured numbers: the eval gate, a shadow phase, then
 * 5% → 25% → 50% → 100% with what to watch and when to roll back. Thresholds come from the
 * evaluation: the pass rate must stay above the baseline's Wilson lower bound, latency and cost
 * within 25% of what the candidate measured, errors no higher than measured (+1 point).
 */
export function buildRolloutPlan(r: RolloutInput): RolloutPlan {
  const { baseline, candidate } = r;
  const gatePassed = r.regressions.length === 0 && r.outcomes.length > 0;
  const gate = {
    passed: gatePassed,
    summary: gatePassed
      ? `passed: 0 regressions on ${r.outcomes.length} inputs; pass rate ${formatPercentShare(candidate.passRate)} (95% CI ${formatPercentShare(candidate.interval.low)}–${formatPercentShare(candidate.interval.high)}) vs ${formatPercentShare(baseline.passRate)}; McNemar p = ${formatP(r.mcnemar.p)}`
      : r.outcomes.length === 0
        ? 'failed: no input finished on both sides'
        : `failed: ${r.regressions.length} regression${r.regressions.length === 1 ? '' : 's'} (${r.regressions.slice(0, 5).join(', ')}${r.regressions.length > 5 ? ', …' : ''}); fix the candidate prompt and re-run before any traffic`,
  };
  const passFloor = baseline.interval.low;
  const errorRate = candidate.calls ? candidate.errors / candidate.calls : 0;
  const watch: string[] = [`pass rate on sampled traffic (eval: ${formatPercentShare(candidate.passRate)})`, `error rate (eval: ${formatPercentShare(errorRate)})`];
  const rollbackIf: string[] = [`pass rate below ${formatPercentShare(passFloor)} (the baseline's 95% lower bound)`, `error rate above ${formatPercentShare(errorRate + 0.01)}`];
  if (candidate.latencyP95Ms !== null) {
    watch.push(`p95 latency (eval: ${ms(candidate.latencyP95Ms)}${baseline.latencyP95Ms !== null ? `, baseline ${ms(baseline.latencyP95Ms)}` : ''})`);
    rollbackIf.push(`p95 latency above ${ms(Math.max(candidate.latencyP95Ms, baseline.latencyP95Ms ?? 0) * TOLERANCE)}`);
  }
  if (candidate.ttftP50Ms !== null) watch.push(`TTFT p50 (eval: ${ms(candidate.ttftP50Ms)})`);
  if (candidate.costPerCallUsd !== null) {
    watch.push(`$ per call (eval: ${formatUsd(candidate.costPerCallUsd)}${baseline.costPerCallUsd !== null ? `, baseline ${formatUsd(baseline.costPerCallUsd)}` : ''})`);
    rollbackIf.push(`$ per call above ${formatUsd(candidate.costPerCallUsd * TOLERANCE)}`);
  }
  const perDay = r.callsPerMonth !== undefined ? r.callsPerMonth / 30 : undefined;
  const shadowCalls = Math.max(200, r.outcomes.length * 4);
  const shadow = {
    summary: `send a copy of production traffic to ${candidate.model} (${candidate.variant}) without serving it, for at least ${shadowCalls.toLocaleString('en-US')} calls${perDay !== undefined ? ` (≈ ${Math.max(1, Math.ceil(shadowCalls / perDay))} day${Math.ceil(shadowCalls / perDay) > 1 ? 's' : ''} at ${Math.round(perDay).toLocaleString('en-US')} calls/day)` : ''}; compare its replies with ${baseline.model}'s on the same requests`,
    watch,
    rollbackIf,
  };
  const steps: RolloutStep[] = ROLLOUT_STEPS.map((percent) => ({
    percent,
    callsPerDay: perDay !== undefined ? Math.round((perDay * percent) / 100) : null,
    watch,
    rollbackIf: percent === 100 ? [...rollbackIf, 'keep the baseline variant deployable for one more release'] : rollbackIf,
  }));
  return { gate, shadow, steps };
}
