import { approxPrefix, formatPercent, formatTokenCount, formatUsd } from '../../core/pricing';
import type { ModelCountReport } from '../../core/tokens';
import type { PromptAnalysis } from '../../core/analysis';

/**
 * The input lens, short (`$(symbol-parameter) default`, `sample 3`, `custom`; `$(watch) template` when
 * the render stopped at its budget) so the top row fits a 900 px editor; its tooltip
 * (`inputLensTooltip`) has the full label.
 */
export function inputLensTitle(a: PromptAnalysis): string {
  // Not rendered: the template text is counted (the tooltip and the diagnostic say why).
  if (a.renderError?.budgetExceeded) return '$(watch) template';
  if (a.countedFrom === 'template') return '$(warning) template';
  const choice = a.input.choice;
  const short = choice.kind === 'default' ? 'default' : choice.kind === 'json' ? 'custom' : `sample ${a.input.sampleIndex ?? ('index' in choice ? choice.index : choice.id)}`;
  return `$(symbol-parameter) ${short}${a.inputError ? ' $(warning)' : ''}`;
}

/** What the input lens stands for, in full. */
export function inputLensTooltip(a: PromptAnalysis): string {
  if (a.renderError?.budgetExceeded) return 'Render stopped (budget): the template text is counted instead — click to choose another input';
  if (a.countedFrom === 'template') return 'The template could not be rendered: its text is counted instead — click to choose another input';
  return `Counted with the ${a.input.label}${a.inputError ? ` (${a.inputError})` : ''} — click to choose another (default, a sample, custom JSON)`;
}

/**
 * The primary target's lens: tokens, $/call and $/1k calls (`gpt-4o 1,802 tok · $0.0045/call · $4.51/1k`);
 * the context share and the rest are one click away (the details).
 */
export function primaryTargetLensTitle(m: ModelCountReport): string {
  const approx = approxPrefix(m.exact);
  const cost = m.costPerCall !== undefined
    ? ` · ${approx}${formatUsd(m.costPerCall)}/call${m.costPerThousandCalls !== undefined ? ` · ${approx}${formatUsd(m.costPerThousandCalls)}/1k` : ''}`
    : m.price ? '' : ' · no price';
  return `${m.label} ${approx}${formatTokenCount(m.renderedTokens)} tok${cost}`;
}

/**
 * The lens of a further target: tokens and $/call only (`claude-sonnet-4-5 ≈2,317 tok · ≈$0.0070`),
 * so three targets fit a 900 px editor; a click on any lens shows every detail.
 */
export function compactTargetLensTitle(m: ModelCountReport): string {
  const approx = approxPrefix(m.exact);
  const cost = m.costPerCall !== undefined ? ` · ${approx}${formatUsd(m.costPerCall)}` : m.price ? '' : ' · no price';
  return `${m.label} ${approx}${formatTokenCount(m.renderedTokens)} tok${cost}`;
}

/** For each section: `system · 1,520 tok · 79%` on the primary target. */
export function sectionLensTitle(name: string, tokens: number, total: number, exact: boolean): string {
  const share = total > 0 ? (tokens / total) * 100 : 0;
  return `${name} · ${approxPrefix(exact)}${formatTokenCount(tokens)} tok · ${formatPercent(share)}`;
}

/** The detail lines of one target, for the quick pick behind a lens click. */
export function targetDetailLines(a: PromptAnalysis, m: ModelCountReport): { label: string; detail?: string }[] {
  const lines: { label: string; detail?: string }[] = [];
  const approx = approxPrefix(m.exact);
  lines.push({ label: `$(symbol-numeric) ${approx}${formatTokenCount(m.renderedTokens)} input tokens (${a.countedFrom === 'rendered' ? `rendered with ${a.input.label}` : 'raw template: render failed'})`, detail: `template text alone: ${approx}${formatTokenCount(m.templateTokens)} tokens · chat framing: ${formatTokenCount(m.overhead)} tokens` });
  lines.push({ label: `$(gear) method: ${m.method}`, detail: m.exact ? 'exact count' : 'estimate (≈) — exact counts for Claude come from Anthropic\'s count_tokens API' });
  if (m.price) {
    const p = m.price;
    lines.push({ label: `$(tag) ${formatUsd(p.inputPerMTok)} in · ${formatUsd(p.outputPerMTok)} out per 1M tokens${p.cacheReadPerMTok !== undefined ? ` · ${formatUsd(p.cacheReadPerMTok)} cached` : ''}`, detail: `price source: ${p.source}${p.asOf ? `, as of ${p.asOf}` : ''}${p.sourceUrl ? ` — ${p.sourceUrl}` : ''}` });
    if (m.costPerCall !== undefined) lines.push({ label: `$(credit-card) ${approx}${formatUsd(m.costPerCall)} per call (input) · ${approx}${formatUsd(m.costPerThousandCalls ?? 0)} per 1,000 calls`, ...(m.cachedCostPerCall !== undefined ? { detail: `if the whole prompt were a cache read: ${formatUsd(m.cachedCostPerCall)} per call` } : {}) });
    lines.push(m.worstCase
      ? { label: `$(flame) worst case ${approx}${formatUsd(m.worstCase.cost)} per call`, detail: `input + ${formatTokenCount(m.worstCase.outputTokens)} output tokens (${a.maxOutputTokens !== undefined ? 'config.maxOutputTokens' : 'the model\'s max output'})` }
      : { label: '$(flame) worst case unknown', detail: 'no config.maxOutputTokens set and no known max output for this model' });
    if (a.maxOutputTokens === undefined) lines.push({ label: '$(info) no maxOutputTokens set in config', detail: 'output is usually the expensive side: set config.maxOutputTokens to bound the cost of a call' });
    if (m.contextPercent !== undefined && p.contextWindow) lines.push({ label: `$(layout) ${formatPercent(m.contextPercent)} of the ${formatTokenCount(p.contextWindow)}-token context window` });
  }
  for (const note of m.notes) lines.push({ label: `$(info) ${note}` });
  if (a.inputError) lines.push({ label: `$(warning) ${a.inputError}` });
  return lines;
}
