import { createTwoFilesPatch } from 'diff';
import { formatUsd } from '../pricing/format';
import { redactSecrets } from '../providers/errors';
import type { RoutingReport } from './routing';
import { EVAL_REPORT_VERSION, type EvalReport, type SideStats } from './types';
import { formatP, formatPercentShare } from './verdict';

/** Evaluations are saved beside the comparison runs: `.promptscope/evals/` next to `.promptscope/runs/`. */
export const EVALS_FOLDER = '.promptscope/evals';

/** `support-agent--base-vs-mini--2026-01-02T00-00-00Z`: sorts by prompt, then time. */
export function evalReportBaseName(report: Pick<EvalReport, 'promptPath' | 'baseline' | 'candidate' | 'createdAt'>): string {
  const file = report.promptPath.slice(Math.max(report.promptPath.lastIndexOf('/'), report.promptPath.lastIndexOf('\\')) + 1).replace(/\.prompt$/i, '');
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.-]+/g, '-');
  return `${safe(file)}--${safe(report.baseline.variant)}-vs-${safe(report.candidate.variant)}--${report.createdAt.replace(/[:.]/g, '-')}`;
}

/** The saved JSON; outputs may quote request text, so every string goes through the key redaction. */
export function serializeEvalReport(report: EvalReport, routing?: RoutingReport, secrets: readonly string[] = []): string {
  return JSON.stringify(routing ? { ...report, routing } : report, (_key, value: unknown) => (typeof value === 'string' ? redactSecrets(value, secrets) : value), 2) + '\n';
}

export type SavedEvalReport = EvalReport & { readonly routing?: RoutingReport };

/** Reads a saved evaluation; a message when the text is not one. */
export function parseEvalReport(text: string): SavedEvalReport | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  const r = value as Partial<EvalReport> | null;
  if (!r || typeof r !== 'object' || r.version !== EVAL_REPORT_VERSION) return 'not a Promptscope evaluation (version 1)';
  if (!r.fingerprint || !r.baseline || !r.candidate || !Array.isArray(r.regressions) || typeof r.createdAt !== 'string' || typeof r.promptPath !== 'string') {
    return 'an evaluation with missing fields';
  }
  return value as SavedEvalReport;
}

/** The newest saved evaluation of a logical prompt with this candidate variant (and baseline, when given). */
export function latestEvaluation<T extends Pick<EvalReport, 'promptPath' | 'createdAt' | 'candidate' | 'baseline'>>(
  reports: readonly T[],
  promptPath: string,
  candidateVariant: string,
  baselineVariant?: string,
): T | undefined {
  return reports
    .filter((r) => r.promptPath === promptPath && r.candidate.variant === candidateVariant && (baselineVariant === undefined || r.baseline.variant === baselineVariant))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

const pct = (v: number): string => formatPercentShare(v);
const usd = (v: number | null): string => (v === null ? '—' : formatUsd(v));
const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v).toLocaleString('en-US')} ms`);
const num = (v: number | null): string => (v === null ? '—' : Math.round(v).toLocaleString('en-US'));
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A unified diff of the two outputs of one input (the report shows it under each regression). */
export function outputDiff(baseline: string, candidate: string): string {
  return createTwoFilesPatch('baseline', 'candidate', `${baseline}\n`, `${candidate}\n`, '', '', { context: 2 })
    .split('\n')
    .slice(2)
    .join('\n')
    .trimEnd();
}

function sideRow(label: string, s: SideStats): string {
  return `| ${label} | \`${s.variant}\` | ${s.model} | ${pct(s.passRate)} (${s.passed}/${s.inputs}) | ${pct(s.interval.low)}–${pct(s.interval.high)} | ${ms(s.latencyP50Ms)} | ${ms(s.latencyP95Ms)} | ${ms(s.ttftP50Ms)} | ${num(s.meanInputTokens)} / ${num(s.meanOutputTokens)} | ${usd(s.costPerCallUsd)} | ${usd(s.costPer1000CallsUsd)} | ${usd(s.costPerMonthUsd)} |`;
}

function fence(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

export function routingToMarkdown(routing: RoutingReport): string {
  const lines = [`## Routing (${routing.inputs} input${routing.inputs === 1 ? '' : 's'})`, '', '| Model | Pass rate | Total $ |', '|---|---|---|'];
  for (const m of routing.models) lines.push(`| ${m.model}${m.model === routing.reference ? ' (reference)' : ''} | ${pct(m.passRate)} (${m.passed}) | ${usd(m.totalCostUsd)} |`);
  lines.push(`| **each input to its cheapest passing model** | ${pct(routing.oracle.passRate)} (${routing.oracle.passed}) | ${usd(routing.oracle.totalCostUsd)}${routing.oracle.saving !== null ? ` (saves ${pct(routing.oracle.saving)})` : ''} |`);
  for (const rule of routing.rules) lines.push(`| rule: ${cell(rule.description)} | ${pct(rule.passRate)} (${rule.passed}) | ${usd(rule.totalCostUsd)}${rule.saving !== null ? ` (saves ${pct(rule.saving)})` : ''} |`);
  lines.push('', '| Input | Tokens in | Passing models | Cheapest passing |', '|---|---|---|---|');
  for (const row of routing.rows) lines.push(`| ${cell(row.sample)} | ${num(row.inputTokens)} | ${row.passing.join(', ') || '—'} | ${row.cheapest ?? 'none passes'}${row.cheapestCostUsd !== undefined ? ` (${usd(row.cheapestCostUsd)})` : ''} |`);
  return lines.join('\n');
}

/** The evaluation as Markdown: verdict, tables, regressions with both outputs and a diff, rollout plan. */
export function evalReportToMarkdown(report: EvalReport, routing?: RoutingReport): string {
  const b = report.baseline;
  const c = report.candidate;
  const out: string[] = [
    `# Migration evaluation: ${report.promptPath}`,
    '',
    `**Verdict:** ${report.verdict}`,
    '',
    `Baseline \`${b.variant}\` on ${b.model} → candidate \`${c.variant}\` on ${c.model}; ${report.outcomes.length} inputs${report.samplesPath ? ` from ${report.samplesPath}` : ''}, repeat ${report.repeat}; ${report.createdAt}.`,
    '',
    '| Side | Variant | Model | Pass rate | 95% CI (Wilson) | p50 | p95 | TTFT p50 | Tokens in / out | $/call | $/1k calls | $/month |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    sideRow('baseline', b),
    sideRow('candidate', c),
    '',
    `Exact McNemar on paired results: ${report.mcnemar.b} regression${report.mcnemar.b === 1 ? '' : 's'} (b), ${report.mcnemar.c} improvement${report.mcnemar.c === 1 ? '' : 's'} (c), p = ${formatP(report.mcnemar.p)}.`,
  ];
  if (report.callsPerMonth !== undefined) out.push(`Monthly cost at ${report.callsPerMonth.toLocaleString('en-US')} calls.`);
  if (report.repeat > 1) out.push(`Flaky inputs (repeats disagree): baseline ${b.flakyInputs}, candidate ${c.flakyInputs}; pass^${report.repeat}: baseline ${b.passHatK === null ? '—' : pct(b.passHatK)}, candidate ${c.passHatK === null ? '—' : pct(c.passHatK)}.`);
  if (b.errors || c.errors) out.push(`Calls that failed with an error: baseline ${b.errors}/${b.calls}, candidate ${c.errors}/${c.calls}.`);
  if (report.incomplete.length) out.push(`Incomplete inputs (left out): ${report.incomplete.join(', ')}.`);
  if (report.preference) {
    const p = report.preference;
    out.push('', `Judge ${p.judgeModel} preferred: baseline ${p.baseline}, candidate ${p.candidate}, ties ${p.ties}${p.unknown ? `, not understood ${p.unknown}` : ''}.`);
  }
  if (report.previous) {
    const p = report.previous;
    out.push(
      '',
      `## Against the previous evaluation (${p.previousCreatedAt})`,
      '',
      `Changed since: ${p.changed.length ? p.changed.join(', ') : 'nothing (same prompts, samples and models)'}. Candidate pass rate ${p.candidatePassRateDelta >= 0 ? '+' : '−'}${Math.abs(Math.round(p.candidatePassRateDelta * 100))} points; regressions ${p.regressionsDelta >= 0 ? '+' : '−'}${Math.abs(p.regressionsDelta)}${p.newRegressions.length ? `; new: ${p.newRegressions.join(', ')}` : ''}${p.fixedRegressions.length ? `; fixed: ${p.fixedRegressions.join(', ')}` : ''}${p.costPerCallDeltaUsd !== null ? `; $/call ${p.costPerCallDeltaUsd >= 0 ? '+' : '−'}${formatUsd(Math.abs(p.costPerCallDeltaUsd))}` : ''}.`,
    );
  }
  const section = (title: string, ids: readonly string[]): void => {
    out.push('', `## ${title} (${ids.length})`);
    if (!ids.length) {
      out.push('', 'None.');
      return;
    }
    for (const id of ids) {
      const o = report.outcomes.find((x) => x.sample === id);
      if (!o) continue;
      out.push('', `### ${id}`);
      const failing = o.candidatePass ? o.baselineReasons : o.candidateReasons;
      if (failing.length) out.push('', `Failing: ${failing.map(cell).join('; ')}`);
      if (o.preference) out.push('', `Judge: ${o.preference.winner} — ${cell(o.preference.reason)}`);
      out.push('', 'Baseline output:', '', fence(o.baselineOutput), '', 'Candidate output:', '', fence(o.candidateOutput), '', 'Diff:', '', fence(outputDiff(o.baselineOutput, o.candidateOutput), 'diff'));
    }
  };
  if (report.repeat > 1) {
    const flaky = report.outcomes.filter((o) => (o.baselinePasses > 0 && o.baselinePasses < o.tries) || (o.candidatePasses > 0 && o.candidatePasses < o.tries));
    out.push('', `## Flaky inputs (${flaky.length})`, '');
    if (!flaky.length) out.push(`None: every input gave the same result on all ${report.repeat} repeats.`);
    else {
      out.push(`| Input | Baseline passes | Candidate passes |`, '|---|---|---|');
      for (const o of flaky) out.push(`| ${cell(o.sample)} | ${o.baselinePasses}/${o.tries} | ${o.candidatePasses}/${o.tries} |`);
    }
  }
  section('Regressions', report.regressions);
  section('Improvements', report.improvements);
  const r = report.rollout;
  out.push('', '## Rollout plan', '', `1. **Eval gate** — ${r.gate.summary}.`, `2. **Shadow** — ${r.shadow.summary}.`);
  out.push(`   - Watch: ${r.shadow.watch.join('; ')}.`, `   - Roll back if: ${r.shadow.rollbackIf.join('; ')}.`);
  r.steps.forEach((step, i) => {
    out.push(`${i + 3}. **${step.percent}% of traffic**${step.callsPerDay !== null ? ` (≈ ${step.callsPerDay.toLocaleString('en-US')} calls/day)` : ''} — watch the same metrics; roll back if: ${step.rollbackIf.join('; ')}.`);
  });
  if (routing) out.push('', routingToMarkdown(routing));
  out.push('', `Hashes — baseline prompt ${report.fingerprint.baseline.promptHash.slice(0, 12)}, candidate prompt ${report.fingerprint.candidate.promptHash.slice(0, 12)}, samples ${report.fingerprint.samplesHash.slice(0, 12)}.`);
  return `${out.join('\n')}\n`;
}
