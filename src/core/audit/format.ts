import { approxPrefix, formatTokenCount, formatUsd } from '../pricing/format';
import type { AuditPrompt, AuditReport, DuplicatedPassage } from './report';

const plural = (n: number, word: string, many = `${word}s`): string => `${formatTokenCount(n)} ${n === 1 ? word : many}`;
const usd = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : formatUsd(n));

/** "1.2M", "150k", "950": call volumes in prose and tables. */
export function formatCalls(calls: number): string {
  if (calls >= 1e9) return `${trim(calls / 1e9)}B`;
  if (calls >= 1e6) return `${trim(calls / 1e6)}M`;
  if (calls >= 1e4) return `${trim(calls / 1e3)}k`;
  return formatTokenCount(calls);
}

function trim(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1).replace(/\.0$/, '') : n.toFixed(2).replace(/\.?0+$/, '');
}

/** The flags of a prompt row: `over budget`, `exceeds context`, `no output limit`, `render error`. */
export function promptFlags(p: AuditPrompt): string[] {
  const flags: string[] = [];
  if (p.overBudget) flags.push('over budget');
  if (p.exceedsContext) flags.push('exceeds context');
  if (p.noOutputLimit) flags.push('no output limit');
  if (p.renderError !== null) flags.push('render error');
  if (p.missingPartials.length) flags.push('missing partial');
  return flags;
}

function savingsLine(r: AuditReport): string {
  const t = r.totals;
  return `${usd(t.monthlySavings)}/month from safe fixes (${plural(t.savingsTokensPerCallSet, 'token')} per call across prompts)`;
}

function passageWhere(p: DuplicatedPassage): string {
  return p.occurrences.map((o) => `${o.relativePath}:${o.line}`).join(', ');
}

/** Totals, then every prompt, duplicated passages and the self-hosting section, for a terminal. */
export function auditToText(r: AuditReport): string {
  const t = r.totals;
  const out: string[] = [];
  out.push(`Prompt audit · ${plural(t.prompts, 'prompt')}${t.partials ? ` + ${plural(t.partials, 'partial')}` : ''} · ${formatCalls(r.settings.callsPerMonth)} calls per prompt per month`);
  out.push(`  Monthly cost (input, primary targets): ${usd(t.monthlyCost)}${t.unpriced ? ` (${t.unpriced} unpriced)` : ''}`);
  out.push(`  Savings available: ${savingsLine(r)}`);
  const flags = [
    t.overBudget ? `${t.overBudget} over budget` : '',
    t.exceedsContext ? `${t.exceedsContext} exceed a context window` : '',
    t.noOutputLimit ? `${t.noOutputLimit} without an output limit` : '',
    t.renderErrors ? `${t.renderErrors} failed to render` : '',
  ].filter(Boolean);
  out.push(`  Findings: ${formatTokenCount(t.findings)}${flags.length ? ` · ${flags.join(' · ')}` : ''}`);
  if (t.byTarget.length) {
    out.push('', 'By model:');
    out.push(...padRows([
      ['  model', 'prompts', '$/month', 'savings/month'],
      ...t.byTarget.map((b) => [`  ${b.modelId}`, String(b.prompts), usd(b.monthlyCost), usd(b.monthlySavings)]),
    ]));
  }
  out.push('', 'Prompts (most expensive first):');
  out.push(...padRows([
    ['  prompt', 'model', 'tokens', '$/call', '$/month', 'savings', 'findings', 'flags'],
    ...r.prompts.map((p) => {
      const primary = p.targets[0];
      const approx = approxPrefix(primary?.exact ?? true);
      return [
        `  ${p.relativePath}`,
        primary?.label ?? '—',
        primary ? `${approx}${formatTokenCount(primary.tokens)}` : '—',
        usd(primary?.costPerCall),
        usd(primary?.monthlyCost),
        p.safeSavings.tokens ? `−${formatTokenCount(p.safeSavings.tokens)} tok ${usd(p.safeSavings.monthly)}/mo` : '—',
        p.findingCount ? `${p.findingCount}${p.firstFindingLine !== null ? ` (line ${p.firstFindingLine})` : ''}` : '0',
        promptFlags(p).join(', '),
      ];
    }),
  ]));
  const others = r.prompts.filter((p) => p.targets.length > 1);
  if (others.length) {
    out.push('', 'Other targets:');
    for (const p of others) {
      out.push(`  ${p.relativePath}: ${p.targets.slice(1).map((x) => `${x.label} ${approxPrefix(x.exact)}${formatTokenCount(x.tokens)} tok ${usd(x.monthlyCost)}/mo`).join(' · ')}`);
    }
  }
  const withFindings = r.prompts.filter((p) => p.findings.length);
  if (withFindings.length) {
    out.push('', 'Findings by rule:');
    for (const p of withFindings) {
      out.push(`  ${p.relativePath}: ${p.findings.map((f) => `${f.ruleId} ×${f.count}${f.tokensSaved ? ` (−${formatTokenCount(f.tokensSaved)})` : ''}`).join(', ')}`);
    }
  }
  if (r.partials.length) {
    out.push('', 'Partials (their savings count in every prompt that includes them):');
    for (const p of r.partials) {
      out.push(`  ${p.relativePath}: included by ${p.includedBy.length} · ${p.findings.reduce((s, f) => s + f.count, 0)} findings · −${formatTokenCount(p.safeSavingsTokens)} tok safe`);
    }
  }
  out.push('', r.duplicatedPassages.length ? 'Duplicated passages (candidates for a partial):' : 'Duplicated passages: none');
  r.duplicatedPassages.forEach((p, i) => {
    out.push(`  ${i + 1}. "${p.excerpt}"`);
    out.push(`     ${p.words} words · ≈${formatTokenCount(p.tokens)} tok · ${passageWhere(p)}`);
  });
  if (r.selfHosting) {
    const s = r.selfHosting;
    out.push('', `Self-hosting threshold: ${usd(s.thresholdUsd)}/month`);
    out.push(`  All prompts: ${usd(s.totalMonthlyCost)}/month at ${formatCalls(s.callsPerMonth)} calls each — ${s.totalCrosses ? 'crosses the threshold' : 'below the threshold'}` +
      (s.totalBreakEvenCallsPerMonth !== null ? `; crosses from ${formatCalls(s.totalBreakEvenCallsPerMonth)} calls per prompt per month` : ''));
    out.push(s.crossing.length ? `  Crossing on their own: ${s.crossing.map((p) => `${p.relativePath} (${usd(p.monthlyCost)}/mo)`).join(', ')}` : '  No prompt crosses it on its own.');
    for (const p of s.prompts.slice(0, 10)) out.push(`  ${p.relativePath} on ${p.modelId}: crosses from ${formatCalls(p.breakEvenCallsPerMonth)} calls/month`);
    if (s.prompts.length > 10) out.push(`  … and ${s.prompts.length - 10} more`);
  }
  return `${out.join('\n')}\n`;
}

function padRows(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd());
}

function md(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A Markdown report: totals table, prompts table, findings, duplicated passages, self-hosting. */
export function auditToMarkdown(r: AuditReport): string {
  const t = r.totals;
  const out: string[] = [];
  out.push('# Prompt audit', '');
  out.push(`Generated ${r.generatedAt} · ${plural(t.prompts, 'prompt')}${t.partials ? ` + ${plural(t.partials, 'partial')}` : ''} · ${formatCalls(r.settings.callsPerMonth)} calls per prompt per month. Costs are input tokens on each prompt's primary target.`, '');
  out.push('| Total | |', '|---|---|');
  out.push(`| Monthly cost | ${usd(t.monthlyCost)}${t.unpriced ? ` (${t.unpriced} unpriced)` : ''} |`);
  out.push(`| Safe savings | ${md(savingsLine(r))} |`);
  out.push(`| Findings | ${formatTokenCount(t.findings)} |`);
  out.push(`| Over budget | ${t.overBudget} |`);
  out.push(`| Exceeding a context window | ${t.exceedsContext} |`);
  out.push(`| Without an output limit | ${t.noOutputLimit} |`, '');
  if (t.byTarget.length) {
    out.push('## By model', '', '| Model | Prompts | $/month | Savings/month |', '|---|---:|---:|---:|');
    for (const b of t.byTarget) out.push(`| ${md(b.modelId)} | ${b.prompts} | ${usd(b.monthlyCost)} | ${usd(b.monthlySavings)} |`);
    out.push('');
  }
  out.push('## Prompts', '', '| Prompt | Model | Tokens | $/call | $/month | Safe savings | Findings | Flags | Modified |', '|---|---|---:|---:|---:|---:|---:|---|---|');
  for (const p of r.prompts) {
    const primary = p.targets[0];
    out.push(`| ${md(p.relativePath)} | ${md(primary?.modelId ?? '—')} | ${primary ? `${approxPrefix(primary.exact)}${formatTokenCount(primary.tokens)}` : '—'} | ${usd(primary?.costPerCall)} | ${usd(primary?.monthlyCost)} | ` +
      `${p.safeSavings.tokens ? `−${formatTokenCount(p.safeSavings.tokens)} tok (${usd(p.safeSavings.monthly)}/mo)` : '—'} | ${p.findingCount} | ${md(promptFlags(p).join(', '))} | ${p.modifiedAt?.slice(0, 10) ?? '—'} |`);
  }
  out.push('');
  const multi = r.prompts.filter((p) => p.targets.length > 1);
  if (multi.length) {
    out.push('### Other targets', '');
    for (const p of multi) out.push(`- ${md(p.relativePath)}: ${p.targets.slice(1).map((x) => `${md(x.modelId)} ${approxPrefix(x.exact)}${formatTokenCount(x.tokens)} tok, ${usd(x.monthlyCost)}/mo`).join('; ')}`);
    out.push('');
  }
  const withFindings = r.prompts.filter((p) => p.findings.length);
  if (withFindings.length) {
    out.push('## Findings by rule', '');
    for (const p of withFindings) {
      out.push(`- **${md(p.relativePath)}**: ${p.findings.map((f) => `\`${f.ruleId}\` ×${f.count}${f.tokensSaved ? ` (−${formatTokenCount(f.tokensSaved)} tok)` : ''}`).join(', ')}`);
    }
    out.push('');
  }
  out.push('## Duplicated passages', '');
  if (r.duplicatedPassages.length === 0) out.push('None of at least the minimum length.', '');
  for (const p of r.duplicatedPassages) out.push(`- "${md(p.excerpt)}" — ${p.words} words, ≈${formatTokenCount(p.tokens)} tokens; ${md(passageWhere(p))}`);
  if (r.duplicatedPassages.length) out.push('');
  if (r.selfHosting) {
    const s = r.selfHosting;
    out.push('## Self-hosting', '');
    out.push(`Threshold: ${usd(s.thresholdUsd)}/month of dedicated capacity. All prompts together: ${usd(s.totalMonthlyCost)}/month — ${s.totalCrosses ? '**crosses it**' : 'below it'}` +
      (s.totalBreakEvenCallsPerMonth !== null ? `; they cross it from ${formatCalls(s.totalBreakEvenCallsPerMonth)} calls per prompt per month.` : '.'), '');
    out.push('| Prompt | Model | $/month | Crosses | Crosses from (calls/month) |', '|---|---|---:|---|---:|');
    for (const p of s.prompts) out.push(`| ${md(p.relativePath)} | ${md(p.modelId)} | ${usd(p.monthlyCost)} | ${p.crosses ? 'yes' : 'no'} | ${formatCalls(p.breakEvenCallsPerMonth)} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(12))) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const AUDIT_CSV_COLUMNS = [
  'path', 'kind', 'model', 'primary', 'tokens', 'exact', 'cost_per_call_usd', 'monthly_cost_usd', 'monthly_savings_usd',
  'safe_savings_tokens', 'findings', 'first_finding_line', 'over_budget', 'over_budget_by', 'exceeds_context', 'no_output_limit',
  'render_error', 'modified_at', 'calls_per_month',
] as const;

/** One row per prompt and target (RFC 4180, CRLF line ends); costs in USD, unformatted. */
export function auditToCsv(r: AuditReport): string {
  const rows: (string | number | boolean | null)[][] = [[...AUDIT_CSV_COLUMNS]];
  for (const p of r.prompts) {
    p.targets.forEach((t, i) => {
      rows.push([
        p.relativePath, p.kind, t.modelId, i === 0, t.tokens, t.exact, t.costPerCall, t.monthlyCost, t.monthlySavings,
        p.safeSavings.tokens, p.findingCount, p.firstFindingLine, p.overBudget, t.overBudgetBy, t.exceedsContext, p.noOutputLimit,
        p.renderError, p.modifiedAt, r.settings.callsPerMonth,
      ]);
    });
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The report itself, pretty-printed (it is plain JSON data). */
export function auditToJson(r: AuditReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
