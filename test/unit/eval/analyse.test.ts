import { describe, expect, it } from 'vitest';
import { analyseMigration, analyseRouting, evalReportToMarkdown, formatP } from '../../../src/core/eval';
import { textHash } from '../../../src/core/variants';
import { runOf, type CellSpec } from './helpers';

const samples = Array.from({ length: 12 }, (_, i) => `s${i + 1}`);
const fingerprint = { baseline: { promptHash: textHash('b'), model: 'openai/gpt-4o' }, candidate: { promptHash: textHash('c'), model: 'openai/gpt-4o-mini' }, samplesHash: textHash('s') };

function migration(baselinePass: (i: number) => boolean, candidatePass: (i: number) => boolean, extra: Partial<CellSpec> = {}) {
  const baselineRun = runOf(['openai/gpt-4o'], samples, [samples.map((_, i) => [{ pass: baselinePass(i), cost: 0.01, latencyMs: 100 + i * 10, ttftMs: 50 }])]);
  const candidateRun = runOf(['openai/gpt-4o-mini'], samples, [samples.map((_, i) => [{ pass: candidatePass(i), cost: 0.006, latencyMs: 200 + i * 10, ttftMs: 40, ...extra }])]);
  return analyseMigration({
    baseline: { variant: 'base', promptPath: 'p.prompt', model: 'openai/gpt-4o' },
    candidate: { variant: 'mini', promptPath: 'p.mini.prompt', model: 'openai/gpt-4o-mini' },
    baselineRun,
    candidateRun,
    fingerprint,
    createdAt: '2026-01-02T00:00:00Z',
    promptPath: 'p.prompt',
    callsPerMonth: 300_000,
  });
}

describe('analyseMigration', () => {
  it('lists exactly the regressions and improvements, with McNemar and Wilson', () => {
    // baseline passes all but s12; candidate fails s2, s5, s7 and passes s12
    const r = migration((i) => i !== 11, (i) => ![1, 4, 6].includes(i));
    expect(r.regressions).toEqual(['s2', 's5', 's7']);
    expect(r.improvements).toEqual(['s12']);
    // b = 3, c = 1: 2 · (1 + 4) / 16 = 0.625
    expect(r.mcnemar).toEqual({ b: 3, c: 1, p: 0.625 });
    expect(r.baseline.passRate).toBeCloseTo(11 / 12, 12);
    expect(r.candidate.passed).toBe(9);
    expect(r.candidate.interval.low).toBeLessThan(0.75);
    expect(r.candidate.costPerCallUsd).toBeCloseTo(0.006, 12);
    expect(r.candidate.costPer1000CallsUsd).toBeCloseTo(6, 9);
    expect(r.candidate.costPerMonthUsd).toBeCloseTo(1800, 6);
    expect(r.candidate.latencyP95Ms).toBe(310);
    expect(r.baseline.latencyP95Ms).toBe(210);
    expect(r.candidate.ttftP50Ms).toBe(40);
    expect(r.verdict).toBe('candidate 40% cheaper, 3 regressions, 1 improvement (p = 0.63), p95 +100 ms; pass rate 92% → 75%: the difference is not distinguishable from noise at this sample size (n = 12)');
    expect(r.rollout.gate.passed).toBe(false);
    expect(r.rollout.gate.summary).toContain('s2, s5, s7');
    const s2 = r.outcomes.find((o) => o.sample === 's2');
    expect(s2?.candidateReasons).toEqual(['contains: missing "x"']);
  });

  it('a clean migration passes the gate and fills the rollout plan with measured numbers', () => {
    const r = migration(() => true, () => true);
    expect(r.regressions).toEqual([]);
    expect(r.mcnemar.p).toBe(1);
    expect(r.verdict).toContain('0 regressions (p = 1.0)');
    expect(r.rollout.gate.passed).toBe(true);
    expect(r.rollout.steps.map((s) => s.percent)).toEqual([5, 25, 50, 100]);
    expect(r.rollout.steps[0]?.callsPerDay).toBe(500);
    // p95 rollback: max(310, 210) × 1.25 = 387.5 → 388 ms; pass floor = Wilson low of 12/12 = 75.7%
    expect(r.rollout.shadow.rollbackIf.join('\n')).toContain('p95 latency above 388 ms');
    expect(r.rollout.shadow.rollbackIf.join('\n')).toContain('pass rate below 76%');
  });

  it('counts a provider error as a failure and an unfinished input as incomplete', () => {
    const r = migration(() => true, (i) => i !== 0, { failed: false });
    expect(r.regressions).toEqual(['s1']);
    const withErrors = migration(() => true, () => true, { failed: true });
    expect(withErrors.candidate.errors).toBe(12);
    expect(withErrors.regressions).toHaveLength(12);
    // b = 12, c = 0: 2 / 4096
    expect(withErrors.mcnemar.p).toBeCloseTo(2 / 4096, 12);
    expect(withErrors.verdict).toContain('candidate is worse beyond noise at n = 12');
  });

  it('with repeats, an input passes only when every repeat passes, and flakiness is reported', () => {
    const baselineRun = runOf(['a/x'], ['s1', 's2'], [[[{ pass: true }, { pass: true }, { pass: true }], [{ pass: true }, { pass: true }, { pass: true }]]], 3);
    const candidateRun = runOf(['a/y'], ['s1', 's2'], [[[{ pass: true }, { pass: false }, { pass: true }], [{ pass: true }, { pass: true }, { pass: true }]]], 3);
    const r = analyseMigration({
      baseline: { variant: 'base', promptPath: 'p', model: 'a/x' },
      candidate: { variant: 'y', promptPath: 'p', model: 'a/y' },
      baselineRun,
      candidateRun,
      fingerprint,
      createdAt: 'now',
      promptPath: 'p',
    });
    expect(r.regressions).toEqual(['s1']);
    expect(r.candidate.flakyInputs).toBe(1);
    expect(r.candidate.callPassRate).toBeCloseTo(5 / 6, 12);
    // pass^3: s1 → 0, s2 → 1 → mean 0.5
    expect(r.candidate.passHatK).toBeCloseTo(0.5, 12);
    expect(evalReportToMarkdown(r)).toContain('## Flaky inputs (1)\n\n| Input | Baseline passes | Candidate passes |\n|---|---|---|\n| s1 | 3/3 | 2/3 |');
    expect(r.candidate.costPerCallUsd).toBeNull();
    expect(r.verdict.startsWith('cost not comparable')).toBe(true);
  });

  it('compares with the previous evaluation', () => {
    const before = migration(() => true, (i) => i !== 0 && i !== 1);
    const after = analyseMigration({
      baseline: before.baseline,
      candidate: before.candidate,
      baselineRun: runOf(['openai/gpt-4o'], samples, [samples.map(() => [{ pass: true, cost: 0.01 }])]),
      candidateRun: runOf(['openai/gpt-4o-mini'], samples, [samples.map((_, i) => [{ pass: i !== 1 && i !== 3, cost: 0.005 }])]),
      fingerprint: { ...fingerprint, candidate: { ...fingerprint.candidate, promptHash: textHash('c2') } },
      createdAt: 'later',
      promptPath: 'p.prompt',
      previous: before,
    });
    expect(after.previous?.changed).toEqual(['candidate prompt changed']);
    expect(after.previous?.newRegressions).toEqual(['s4']);
    expect(after.previous?.fixedRegressions).toEqual(['s1']);
    expect(after.previous?.regressionsDelta).toBe(0);
    expect(after.previous?.costPerCallDeltaUsd).toBeCloseTo(-0.001, 12);
  });

  it('formats p-values', () => {
    expect(formatP(1)).toBe('1.0');
    expect(formatP(0.0625)).toBe('0.063');
    expect(formatP(0.00002)).toBe('< 0.0001');
  });
});

describe('analyseRouting', () => {
  it('picks the cheapest passing model per input and evaluates tier rules', () => {
    // small passes short inputs (tokens 10, 20), large passes all; small is 10× cheaper
    const tokens = [10, 20, 300, 400];
    const run = runOf(['openai/small', 'openai/large'], ['a', 'b', 'c', 'd'], [
      tokens.map((t) => [{ pass: t < 100, cost: 0.001, inputTokens: t }]),
      tokens.map((t) => [{ pass: true, cost: 0.01, inputTokens: t + 1 }]),
    ]);
    const r = analyseRouting(run);
    expect(r.reference).toBe('openai/large');
    expect(r.rows.map((x) => x.cheapest)).toEqual(['openai/small', 'openai/small', 'openai/large', 'openai/large']);
    expect(r.oracle.passRate).toBe(1);
    expect(r.oracle.totalCostUsd).toBeCloseTo(0.022, 12);
    expect(r.oracle.saving).toBeCloseTo(1 - 0.022 / 0.04, 12);
    const best = r.rules[0];
    expect(best?.small).toBe('openai/small');
    expect(best?.passRate).toBe(1);
    expect(best?.thresholdTokens).toBe(300);
    expect(best?.description).toBe('inputs under 300 tokens → openai/small, else openai/large');
    expect(best?.saving).toBeCloseTo(0.45, 12);
  });
});
