import { approxPrefix, formatTokenCount, formatUsd } from '../pricing/format';
import type { AuditPrompt, AuditReport, AuditTarget, CostCurve, DuplicatedPassage } from './report';

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

/** `1,650/1,802` cacheable tokens, `0/1,802 (<1,024)` below the minimum, `—` unknown. */
export function cacheableCell(t: AuditTarget | undefined): string {
  if (!t || t.cacheablePrefixTokens == null) return '—';
  const below = t.cacheMinimumTokens !== null && t.cacheablePrefixTokens < t.cacheMinimumTokens;
  return `${formatTokenCount(t.cacheablePrefixTokens)}/${formatTokenCount(t.tokens)}${below ? ` (<${formatTokenCount(t.cacheMinimumTokens as number)})` : ''}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** One line per lever with its monthly saving (the levers the audit prices besides compression). */
function leverLines(r: AuditReport): string[] {
  const t = r.totals;
  const withTraffic = r.prompts.filter((p) => p.responseCache && p.responseCache.error === null).length;
  return [
    `Prompt caching: ${usd(t.cachingSavingsPerMonth)}/month (static prefixes on the primary targets)`,
    `Batch: ${usd(t.batchSavingsPerMonth)}/month (${plural(r.prompts.filter((p) => p.batch).length, 'prompt')} marked batch)`,
    `Response cache: ${usd(t.responseCacheSavingsPerMonth)}/month (${plural(withTraffic, 'prompt')} with traffic samples)`,
    `Output limits: ${plural(t.noOutputLimit, 'prompt')} without one, worst case ${usd(t.worstCaseMonthlyCostWithoutLimit)}/month`,
  ];
}

/** The cost curve as rows: users, then each series' monthly cost, then where it crosses the band. */
function curveRows(c: CostCurve): string[][] {
  const head = ['users', ...c.series.map((s) => s.label)];
  const rows = c.users.map((u, i) => [formatCalls(u), ...c.series.map((s) => usd(s.monthlyCost[i]))]);
  const crossing = (n: number | null): string => (n === null ? 'never' : `${formatCalls(n)} users`);
  rows.push([`≥ ${usd(c.band.lowUsd)}`, ...c.series.map((s) => crossing(s.crossesLowAtUsers))]);
  rows.push([`≥ ${usd(c.band.highUsd)}`, ...c.series.map((s) => crossing(s.crossesHighAtUsers))]);
  return [head, ...rows];
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
  for (const line of leverLines(r)) out.push(`    ${line}`);
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
    ['  prompt', 'model', 'tokens', 'cacheable', '$/call', '$/month', 'savings', 'findings', 'flags'],
    ...r.prompts.map((p) => {
      const primary = p.targets[0];
      const approx = approxPrefix(primary?.exact ?? true);
      return [
        `  ${p.relativePath}`,
        primary?.label ?? '—',
        primary ? `${approx}${formatTokenCount(primary.tokens)}` : '—',
        cacheableCell(primary),
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
  out.push('', ...costLeverText(r));
  out.push('', `Cost curve (${r.costCurve.callsPerUser} calls per user per prompt per month; self-hosting band ${usd(r.costCurve.band.lowUsd)}–${usd(r.costCurve.band.highUsd)}/month):`);
  out.push(...padRows(curveRows(r.costCurve).map((row) => row.map((cell, i) => (i === 0 ? `  ${cell}` : cell)))));
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

/** Per-prompt caching, batch, output and response-cache details (text report). */
function costLeverText(r: AuditReport): string[] {
  const out = ['Cost levers per prompt (primary target):'];
  for (const p of r.prompts) {
    const t = p.targets[0];
    if (!t) continue;
    const parts: string[] = [];
    if (t.cacheablePrefixTokens !== null) {
      parts.push(`caching ${cacheableCell(t)} tok${p.cachePrefixEnd ? ` (${p.cachePrefixEnd.tag} on line ${p.cachePrefixEnd.line} ends the prefix)` : ''}, ${usd(p.cachingSavingsPerMonth)}/mo`);
    }
    if (p.batch) parts.push(`batch ${usd(t.batchCostPerCall)}/call, ${usd(p.batchSavingsPerMonth)}/mo saved`);
    if (p.noOutputLimit && t.worstCaseOutputTokens !== null) parts.push(`no output limit: worst case ${formatTokenCount(t.worstCaseOutputTokens)} output tok, ${usd(t.worstCaseCostPerCall)}/call`);
    for (const o of p.observedOutputs ?? []) {
      parts.push(`observed output on ${o.modelId}: p50 ${formatTokenCount(o.p50)} · p95 ${formatTokenCount(o.p95)} · max ${formatTokenCount(o.max)} tok (${plural(o.samples, 'reply', 'replies')})`);
    }
    if (p.suggestedMaxOutputTokens != null) parts.push(`suggested maxOutputTokens: ${formatTokenCount(p.suggestedMaxOutputTokens)} (observed p99 + 20%)`);
    const rc = p.responseCache;
    if (rc) parts.push(rc.error ?? `response cache ${percent(rc.nearDuplicateShare)} of ${formatTokenCount(rc.inputs)} inputs (exact ${percent(rc.exactDuplicateShare)}), ${usd(rc.savingsPerMonth)}/mo`);
    if (parts.length) out.push(`  ${p.relativePath}: ${parts.join(' · ')}`);
    if (rc && rc.error === null) for (const m of rc.mostRepeated.slice(0, 3)) out.push(`    ×${m.count} "${m.example}"`);
  }
  return out;
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
  for (const line of leverLines(r)) {
    const [name, rest] = [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)];
    out.push(`| ${md(name)} | ${md(rest)} |`);
  }
  out.push(`| Findings | ${formatTokenCount(t.findings)} |`);
  out.push(`| Over budget | ${t.overBudget} |`);
  out.push(`| Exceeding a context window | ${t.exceedsContext} |`);
  out.push(`| Without an output limit | ${t.noOutputLimit} |`, '');
  if (t.byTarget.length) {
    out.push('## By model', '', '| Model | Prompts | $/month | Savings/month |', '|---|---:|---:|---:|');
    for (const b of t.byTarget) out.push(`| ${md(b.modelId)} | ${b.prompts} | ${usd(b.monthlyCost)} | ${usd(b.monthlySavings)} |`);
    out.push('');
  }
  out.push('## Prompts', '', '| Prompt | Model | Tokens | Cacheable | $/call | $/month | Safe savings | Caching/mo | Findings | Flags | Modified |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  for (const p of r.prompts) {
    const primary = p.targets[0];
    out.push(`| ${md(p.relativePath)} | ${md(primary?.modelId ?? '—')} | ${primary ? `${approxPrefix(primary.exact)}${formatTokenCount(primary.tokens)}` : '—'} | ${md(cacheableCell(primary))} | ${usd(primary?.costPerCall)} | ${usd(primary?.monthlyCost)} | ` +
      `${p.safeSavings.tokens ? `−${formatTokenCount(p.safeSavings.tokens)} tok (${usd(p.safeSavings.monthly)}/mo)` : '—'} | ${usd(p.cachingSavingsPerMonth)} | ${p.findingCount} | ${md(promptFlags(p).join(', '))} | ${p.modifiedAt?.slice(0, 10) ?? '—'} |`);
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
  out.push('## Cost levers', '');
  for (const line of costLeverText(r).slice(1)) out.push(line.startsWith('    ') ? `  - ${md(line.trim())}` : `- ${md(line.trim())}`);
  out.push('');
  out.push('## Cost curve', '', `Monthly input cost at ${r.costCurve.callsPerUser} calls per user per prompt per month; self-hosting band ${usd(r.costCurve.band.lowUsd)}–${usd(r.costCurve.band.highUsd)}/month. The last two rows: users from which each series enters and leaves the band.`, '');
  const rows = curveRows(r.costCurve);
  out.push(`| ${rows[0]?.map(md).join(' | ')} |`, `|${rows[0]?.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const row of rows.slice(1)) out.push(`| ${row.map(md).join(' | ')} |`);
  out.push('');
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
  'cacheable_prefix_tokens', 'cache_minimum_tokens', 'cached_tokens_per_call', 'cached_cost_per_call_usd', 'cache_hit_rate', 'caching_savings_per_month_usd',
  'batch', 'batch_cost_per_call_usd', 'batch_savings_per_month_usd', 'worst_case_output_tokens', 'worst_case_cost_per_call_usd',
  'response_cache_near_duplicate_share', 'response_cache_savings_per_month_usd',
  'observed_output_samples', 'observed_output_p50', 'observed_output_p95', 'observed_output_max', 'suggested_max_output_tokens',
] as const;

function observedCells(p: AuditPrompt, modelId: string): (number | null)[] {
  const o = p.observedOutputs.find((x) => x.modelId === modelId);
  return o ? [o.samples, o.p50, o.p95, o.max] : [null, null, null, null];
}

/** One row per prompt and target (RFC 4180, CRLF line ends); costs in USD, unformatted. */
export function auditToCsv(r: AuditReport): string {
  const rows: (string | number | boolean | null)[][] = [[...AUDIT_CSV_COLUMNS]];
  for (const p of r.prompts) {
    p.targets.forEach((t, i) => {
      rows.push([
        p.relativePath, p.kind, t.modelId, i === 0, t.tokens, t.exact, t.costPerCall, t.monthlyCost, t.monthlySavings,
        p.safeSavings.tokens, p.findingCount, p.firstFindingLine, p.overBudget, t.overBudgetBy, t.exceedsContext, p.noOutputLimit,
        p.renderError, p.modifiedAt, r.settings.callsPerMonth,
        t.cacheablePrefixTokens, t.cacheMinimumTokens, t.cachedTokensPerCall, t.cachedCostPerCall, t.cacheHitRate, t.cachingSavingsPerMonth,
        p.batch, t.batchCostPerCall, t.batchSavingsPerMonth, t.worstCaseOutputTokens, t.worstCaseCostPerCall,
        i === 0 && p.responseCache?.error === null ? p.responseCache.nearDuplicateShare : null,
        i === 0 ? (p.responseCache?.savingsPerMonth ?? null) : null,
        ...observedCells(p, t.modelId),
        i === 0 ? p.suggestedMaxOutputTokens : null,
      ]);
    });
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The report itself, pretty-printed (it is plain JSON data). */
export function auditToJson(r: AuditReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
