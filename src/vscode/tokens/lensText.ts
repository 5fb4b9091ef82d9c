import { approxPrefix, formatPercent, formatTokenCount, formatUsd } from '../../core/pricing';
import type { ModelCountReport } from '../../core/tokens';
import type { PromptAnalysis } from '../../core/analysis';

/** `$(symbol-numeric) default input` / `sample 3 (id: …)` / `template (render failed)`. */
export function inputLensTitle(a: PromptAnalysis): string {
  if (a.renderError?.budgetExceeded) return '$(warning) render stopped (budget): template text counted';
  if (a.countedFrom === 'template') return '$(warning) template text (render failed)';
  return `$(symbol-parameter) ${a.input.label}${a.inputError ? ' $(warning)' : ''}`;
}

/**
 * The lens of a further target: tokens and $/call only (`claude-sonnet-4-5 ≈2,317 tok · ≈$0.0070`),
 * so three targets fit a 900 px editor; the primary target's lens has the full line, and a click
 * on any lens shows every detail.
 */
export function compactTargetLensTitle(m: ModelCountReport): string {
  const approx = approxPrefix(m.exact);
  const label = m.label;
  const cost = m.costPerCall !== undefined ? ` · ${approx}${formatUsd(m.costPerCall)}` : m.price ? '' : ' · no price';
  return `${label} ${approx}${formatTokenCount(m.renderedTokens)} tok${cost}`;
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
