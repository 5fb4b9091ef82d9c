import type { RunCell, RunFile } from '../runs/types';
import { staleReasons, type EvalFingerprint } from '../variants/staleness';
import { buildRolloutPlan } from './rollout';
import { exactMcNemar, mean, passHatK, percentile, wilsonInterval } from './stats';
import {
  EVAL_REPORT_VERSION,
  type EvalComparisonWithPrevious,
  type EvalReport,
  type EvalSide,
  type InputOutcome,
  type JudgePreference,
  type PreferenceSummary,
  type SideStats,
} from './types';
import { verdictLine } from './verdict';

export interface AnalyseOptions {
  readonly baseline: EvalSide;
  readonly candidate: EvalSide;
  /** The baseline's comparison run: one column (its model), a row per sample, `repeat` cells each. */
  readonly baselineRun: RunFile;
  /** The candidate's run over the same samples, in the same order. */
  readonly candidateRun: RunFile;
  readonly fingerprint: EvalFingerprint;
  readonly createdAt: string;
  readonly promptPath: string;
  readonly samplesPath?: string;
  readonly callsPerMonth?: number;
  /** Judge preferences by sample id, when a judge model was asked. */
  readonly preferences?: { readonly judgeModel: string; readonly bySample: ReadonlyMap<string, JudgePreference> };
  readonly previous?: EvalReport;
  readonly runFiles?: EvalReport['runFiles'];
}

const FINISHED = new Set(['done', 'failed']);

/** The cells of one row (column 0), by repeat; undefined when one of them did not finish. */
function rowCells(run: RunFile, row: number): RunCell[] | undefined {
  const cells = run.cells.filter((c) => c.column === 0 && c.row === row).sort((a, b) => a.repeat - b.repeat);
  if (cells.length === 0 || cells.length !== run.repeat || cells.some((c) => !FINISHED.has(c.status))) return undefined;
  return cells;
}

function failureReasons(cells: readonly RunCell[]): string[] {
  const failing = cells.find((c) => !c.pass);
  if (!failing) return [];
  if (failing.error) return [failing.error.message];
  return failing.assertions.filter((a) => !a.pass).map((a) => `${a.type}: ${a.reason}`);
}

function sideStats(side: EvalSide, cellsByInput: readonly (readonly RunCell[])[], callsPerMonth: number | undefined, repeat: number): SideStats {
  const all = cellsByInput.flat();
  const passedInputs = cellsByInput.filter((cells) => cells.every((c) => c.pass)).length;
  const inputs = cellsByInput.length;
  const done = all.filter((c) => c.status === 'done');
  const latencies = done.map((c) => c.latencyMs).filter((v): v is number => v !== undefined);
  const ttfts = done.map((c) => c.ttftMs).filter((v): v is number => v !== undefined);
  const withUsage = done.filter((c) => c.usage?.reported);
  const priced = done.filter((c) => c.costUsd !== undefined);
  const costPerCall = priced.length > 0 && priced.length === done.length ? mean(priced.map((c) => c.costUsd as number)) ?? null : null;
  const hats = cellsByInput.map((cells) => passHatK(cells.filter((c) => c.pass).length, cells.length, repeat)).filter((v) => !Number.isNaN(v));
  return {
    ...side,
    inputs,
    passed: passedInputs,
    passRate: inputs === 0 ? 0 : passedInputs / inputs,
    interval: wilsonInterval(passedInputs, inputs),
    calls: all.length,
    errors: all.filter((c) => c.status === 'failed').length,
    callPassRate: all.length === 0 ? 0 : all.filter((c) => c.pass).length / all.length,
    latencyP50Ms: percentile(latencies, 50) ?? null,
    latencyP95Ms: percentile(latencies, 95) ?? null,
    ttftP50Ms: percentile(ttfts, 50) ?? null,
    meanInputTokens: mean(withUsage.map((c) => c.usage?.inputTokens ?? 0)) ?? null,
    meanOutputTokens: mean(withUsage.map((c) => c.usage?.outputTokens ?? 0)) ?? null,
    costPerCallUsd: costPerCall,
    costPer1000CallsUsd: costPerCall === null ? null : costPerCall * 1000,
    costPerMonthUsd: costPerCall === null || callsPerMonth === undefined ? null : costPerCall * callsPerMonth,
    totalCostUsd: costPerCall === null ? null : priced.reduce((s, c) => s + (c.costUsd as number), 0),
    flakyInputs: cellsByInput.filter((cells) => cells.some((c) => c.pass) && cells.some((c) => !c.pass)).length,
    passHatK: mean(hats) ?? null,
  };
}

function summarisePreferences(judgeModel: string, prefs: readonly JudgePreference[]): PreferenceSummary {
  const count = (w: JudgePreference['winner']): number => prefs.filter((p) => p.winner === w).length;
  return { judgeModel, baseline: count('baseline'), candidate: count('candidate'), ties: count('tie'), unknown: count('unknown') };
}

function compareWithPrevious(previous: EvalReport, report: Omit<EvalReport, 'previous' | 'verdict' | 'rollout'>): EvalComparisonWithPrevious {
  const before = new Set(previous.regressions);
  const now = new Set(report.regressions);
  return {
    previousCreatedAt: previous.createdAt,
    changed: staleReasons(previous.fingerprint, report.fingerprint),
    candidatePassRateDelta: report.candidate.passRate - previous.candidate.passRate,
    regressionsDelta: report.regressions.length - previous.regressions.length,
    newRegressions: report.regressions.filter((id) => !before.has(id)),
    fixedRegressions: previous.regressions.filter((id) => !now.has(id)),
    costPerCallDeltaUsd:
      report.candidate.costPerCallUsd !== null && previous.candidate.costPerCallUsd !== null ? report.candidate.costPerCallUsd - previous.candidate.costPerCallUsd : null,
  };
}

/**
 * Turns two comparison runs over the same samples into the migration report. An input passes on a
 * side when it passed on every repeat (so a flaky pass never hides a regression); regressions,
 * improvements and McNemar's test use these per-input results, paired by sample.
 */
export function analyseMigration(options: AnalyseOptions): EvalReport {
  const { baselineRun, candidateRun } = options;
  const repeat = Math.max(1, baselineRun.repeat);
  const candidateRowBySample = new Map(candidateRun.rows.map((r) => [r.sample, r.index]));
  const outcomes: InputOutcome[] = [];
  const incomplete: string[] = [];
  const baselineCells: RunCell[][] = [];
  const candidateCells: RunCell[][] = [];
  for (const row of baselineRun.rows) {
    const candidateRow = candidateRowBySample.get(row.sample);
    const b = rowCells(baselineRun, row.index);
    const c = candidateRow === undefined ? undefined : rowCells(candidateRun, candidateRow);
    if (!b || !c) {
      incomplete.push(row.sample);
      continue;
    }
    baselineCells.push(b);
    candidateCells.push(c);
    const preference = options.preferences?.bySample.get(row.sample);
    outcomes.push({
      sample: row.sample,
      baselinePasses: b.filter((x) => x.pass).length,
      candidatePasses: c.filter((x) => x.pass).length,
      tries: repeat,
      baselinePass: b.every((x) => x.pass),
      candidatePass: c.every((x) => x.pass),
      baselineOutput: b[0]?.output ?? '',
      candidateOutput: c[0]?.output ?? '',
      baselineReasons: failureReasons(b),
      candidateReasons: failureReasons(c),
      ...(preference ? { preference } : {}),
    });
  }
  const regressions = outcomes.filter((o) => o.baselinePass && !o.candidatePass).map((o) => o.sample);
  const improvements = outcomes.filter((o) => !o.baselinePass && o.candidatePass).map((o) => o.sample);
  const baseline = sideStats(options.baseline, baselineCells, options.callsPerMonth, repeat);
  const candidate = sideStats(options.candidate, candidateCells, options.callsPerMonth, repeat);
  const mcnemar = exactMcNemar(regressions.length, improvements.length);
  const preference = options.preferences
    ? summarisePreferences(options.preferences.judgeModel, outcomes.map((o) => o.preference).filter((p): p is JudgePreference => !!p))
    : undefined;
  const core = {
    version: EVAL_REPORT_VERSION,
    createdAt: options.createdAt,
    promptPath: options.promptPath,
    ...(options.samplesPath !== undefined ? { samplesPath: options.samplesPath } : {}),
    repeat,
    ...(options.callsPerMonth !== undefined ? { callsPerMonth: options.callsPerMonth } : {}),
    fingerprint: options.fingerprint,
    baseline,
    candidate,
    regressions,
    improvements,
    incomplete,
    mcnemar,
    outcomes,
    ...(preference ? { preference } : {}),
    ...(options.runFiles ? { runFiles: options.runFiles } : {}),
  } as const;
  const previous = options.previous ? compareWithPrevious(options.previous, core) : undefined;
  return {
    ...core,
    verdict: verdictLine(core),
    rollout: buildRolloutPlan(core),
    ...(previous ? { previous } : {}),
  };
}
