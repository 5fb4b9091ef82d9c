import type { PromptDiagnostic } from '../diagnostics';
import type { PromptFile } from '../prompt';
import { setMaxOutputTokensFix } from './observedOutputs';
import type { ObservedOutput } from './types';
import { formatTokenCount, formatUsd } from '../pricing/format';
import { resolveModelRef } from '../tokens/modelRef';
import type { CachingSuggestion, PromptCaching, TargetCaching } from './promptCaching';

export const CACHE_PREFIX_DIAGNOSTIC = 'cache-prefix';

const label = (modelId: string): string => resolveModelRef(modelId).model;

function formatCallsShort(calls: number): string {
  if (calls >= 1e6) return `${Number((calls / 1e6).toFixed(1))}M`;
  if (calls >= 1e3) return `${Number((calls / 1e3).toFixed(1))}k`;
  return String(calls);
}

/** `1,650 of 1,802 tokens cacheable on gpt-4o; {{language}} on line 35 ends the prefix`. */
export function prefixSummary(caching: PromptCaching, target: TargetCaching): string {
  const head = `${formatTokenCount(target.cacheablePrefixTokens)} of ${formatTokenCount(target.totalTokens)} tokens cacheable on ${label(target.modelId)}`;
  const end = caching.prefixEnd;
  return end ? `${head}; ${end.tag} on line ${end.line + 1} ends the prefix` : `${head}; nothing in the prompt varies between calls`;
}

/** What the provider does with that prefix, priced at the volume. */
export function prefixDetail(target: TargetCaching, callsPerMonth: number): string {
  const policy = target.policy;
  if (!policy) return `no prompt-caching rules known for ${target.modelId}`;
  if (!target.reachesMinimum) {
    return `below the ${formatTokenCount(policy.minimumTokens)}-token minimum of ${label(target.modelId)}: nothing is cached (${policy.description})`;
  }
  const parts = [`${formatTokenCount(target.cachedTokensPerCall)} billed as cache reads`];
  if (target.cachedCostPerCall !== null && target.costPerCall !== null) parts.push(`${formatUsd(target.cachedCostPerCall)}/call instead of ${formatUsd(target.costPerCall)}`);
  if (target.cachingSavingsPerMonth !== null) {
    parts.push(target.cachingSavingsPerMonth >= 0
      ? `saves ${formatUsd(target.cachingSavingsPerMonth)}/month at ${formatCallsShort(callsPerMonth)} calls`
      : `cache writes would cost ${formatUsd(-target.cachingSavingsPerMonth)}/month more than hits save at ${formatCallsShort(callsPerMonth)} calls`);
  }
  if (policy.mode === 'explicit') parts.push('needs a cache_control breakpoint after the prefix');
  return parts.join(' · ');
}

/** Markdown lines for a hover on the system section: one block per target. */
export function cachingHoverMarkdown(caching: PromptCaching, suggestion: CachingSuggestion | undefined, callsPerMonth: number): string {
  const lines = ['**Prompt caching**', ''];
  for (const t of caching.targets) {
    lines.push(`- ${escapeMarkdown(prefixSummary(caching, t))}  `, `  ${escapeMarkdown(prefixDetail(t, callsPerMonth))}`);
  }
  const gain = suggestion ? suggestionGain(suggestion) : undefined;
  if (gain) lines.push('', escapeMarkdown(gain));
  return lines.join('\n');
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|#])/g, '\\$1');
}

/** `moving them after the static text makes 1,500 more tokens cacheable on gpt-4o (+$176.00/month)`, or undefined when nothing is gained. */
export function suggestionGain(suggestion: CachingSuggestion): string | undefined {
  const gains = suggestion.targets.filter((t) => t.extraCacheableTokens > 0 && (t.extraSavingsPerMonth ?? 0) > 0);
  if (gains.length === 0) return undefined;
  const what = gains.map((t) => `${formatTokenCount(t.extraCacheableTokens)} more tokens cacheable on ${label(t.modelId)} (+${formatUsd(t.extraSavingsPerMonth as number)}/month)`);
  return `Moving the late-binding lines after the static text makes ${what.join(', ')}.`;
}

/**
 * An info diagnostic on the tag that ends the prefix, when moving the late-binding lines would
 * save money on some target. It carries no fix: the editor offers the move as a preview only.
 */
export function cachingDiagnostic(caching: PromptCaching, suggestion: CachingSuggestion | undefined): PromptDiagnostic | undefined {
  const end = caching.prefixEnd;
  const gain = suggestion ? suggestionGain(suggestion) : undefined;
  if (!end || !gain) return undefined;
  return {
    range: { start: end.offset, end: end.end },
    severity: 'info',
    source: 'promptscope.cost',
    code: CACHE_PREFIX_DIAGNOSTIC,
    message: `${end.tag} on line ${end.line + 1} ends the cacheable prefix. ${gain}`,
  };
}

export const OBSERVED_OUTPUT_DIAGNOSTIC = 'observed-output-limit';

/**
 * For a prompt without `maxOutputTokens` whose comparison runs show how long replies really are:
 * an info diagnostic on the frontmatter's `model` (or first) key with the observed lengths and a
 * quick fix that sets the suggested limit.
 */
export function observedOutputDiagnostic(file: PromptFile, observed: readonly ObservedOutput[]): PromptDiagnostic | undefined {
  if (observed.length === 0 || file.config.maxOutputTokens !== undefined || !file.frontmatter) return undefined;
  const suggested = Math.max(...observed.map((o) => o.suggestedMaxOutputTokens));
  const fix = setMaxOutputTokensFix(file, suggested);
  const anchor = file.frontmatter.keys.find((k) => k.key === 'model') ?? file.frontmatter.keys[0];
  const range = anchor ? anchor.keyRange : { start: file.frontmatter.range.start, end: file.frontmatter.range.start + 3 };
  const lengths = observed.map((o) => `${label(o.modelId)} p50 ${formatTokenCount(o.p50)} · p95 ${formatTokenCount(o.p95)} · max ${formatTokenCount(o.max)} (${o.samples} ${o.samples === 1 ? 'reply' : 'replies'})`).join('; ');
  return {
    range,
    severity: 'info',
    source: 'promptscope.cost',
    code: OBSERVED_OUTPUT_DIAGNOSTIC,
    message: `No maxOutputTokens: replies are unbounded. Observed output tokens in comparison runs: ${lengths}. Suggested limit: ${formatTokenCount(suggested)} (p99 + 20%).`,
    ...(fix ? { fixes: [fix] } : {}),
  };
}
