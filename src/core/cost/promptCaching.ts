import type { PromptAnalysis } from '../analysis';
import type { PriceCatalog } from '../pricing/catalog';
import type { ModelInfo } from '../pricing/types';
import { parsePromptFile, renderPromptFile, type PromptFile, type RenderBudget, type RenderedMessage } from '../prompt';
import type { TokenService } from '../tokens/tokenService';
import { cacheHitRate, cachedTokensFor, cachingPolicyFor, type CachingPolicy } from './cachingPolicy';
import { moveVaryingLinesToSectionEnd, truncatedFile, varyingParts, type VaryingPart } from './staticPrefix';

const PER_MILLION = 1_000_000;

export interface CachingDeps {
  readonly tokens: TokenService;
  readonly catalog: PriceCatalog;
  /** Limits on the prefix renders (the editor passes its small budget). */
  readonly renderBudget?: RenderBudget;
}

/** Prompt caching for one prompt on one target model. */
export interface TargetCaching {
  readonly modelId: string;
  /** Tokens of the rendered request (as in the count report). */
  readonly totalTokens: number;
  /** Tokens before the first part that varies between calls (messages and their framing). */
  readonly cacheablePrefixTokens: number;
  /** Undefined when the provider's caching rules are unknown (then nothing below is priced). */
  readonly policy?: CachingPolicy;
  /** The prefix reaches the provider's minimum cacheable length. */
  readonly reachesMinimum: boolean;
  /** Tokens billed as cache reads on a warm call (0 below the minimum; OpenAI rounds down to 128-token steps). */
  readonly cachedTokensPerCall: number;
  /** Input USD per call without caching. */
  readonly costPerCall: number | null;
  /** Input USD of a call that finds the prefix cached. */
  readonly cachedCostPerCall: number | null;
  /** Input USD of a call that writes the cache (Anthropic 1.25× on the prefix; others: the normal price). */
  readonly cacheWriteCostPerCall: number | null;
  /** Share of calls expected to hit at the monthly volume (Poisson arrivals, the provider's TTL). */
  readonly cacheHitRate: number;
  /** What caching saves per month at the volume (negative when Anthropic writes cost more than the hits save). */
  readonly cachingSavingsPerMonth: number | null;
  /** Where the cache-read price came from. */
  readonly cachePriceSource: 'catalog' | 'caching table' | null;
}

export interface PromptCaching {
  /** The first varying part (null when the whole prompt is static). */
  readonly prefixEnd: VaryingPart | null;
  readonly targets: readonly TargetCaching[];
}

/** The input prices that apply to a cached call on this model, or undefined without a price or caching. */
function cachePrices(price: ModelInfo | undefined, policy: CachingPolicy | undefined): { input: number; read: number; write: number; source: 'catalog' | 'caching table' } | undefined {
  if (!price || !policy) return undefined;
  // The catalog may list a cache-read price above the input price (a data error): ignore it.
  const catalogRead = price.cacheReadPerMTok !== undefined && price.cacheReadPerMTok <= price.inputPerMTok ? price.cacheReadPerMTok : undefined;
  const read = catalogRead ?? price.inputPerMTok * policy.readFactor;
  const write = policy.writeFactor === 1 ? price.inputPerMTok : (price.cacheWritePerMTok ?? price.inputPerMTok * policy.writeFactor);
  return { input: price.inputPerMTok, read, write, source: catalogRead !== undefined ? 'catalog' : 'caching table' };
}

/**
 * Prices prompt caching for a prefix of `prefixTokens` of a `totalTokens` request at a monthly
 * volume. Exposed for the tests' hand-computed cases and the suggestion's "what if".
 */
export function priceCaching(
  modelId: string,
  totalTokens: number,
  prefixTokens: number,
  price: ModelInfo | undefined,
  callsPerMonth: number,
): TargetCaching {
  const policy = cachingPolicyFor(modelId);
  const prefix = Math.max(0, Math.min(prefixTokens, totalTokens));
  const prices = cachePrices(price, policy);
  const cachedTokens = policy ? cachedTokensFor(prefix, policy) : 0;
  const hitRate = policy && cachedTokens > 0 ? cacheHitRate(callsPerMonth, policy.ttlMinutes) : 0;
  const costPerCall = price ? (totalTokens * price.inputPerMTok) / PER_MILLION : null;
  let cachedCost: number | null = null;
  let writeCost: number | null = null;
  let savings: number | null = null;
  if (prices && costPerCall !== null) {
    cachedCost = (cachedTokens * prices.read + (totalTokens - cachedTokens) * prices.input) / PER_MILLION;
    writeCost = (cachedTokens * prices.write + (totalTokens - cachedTokens) * prices.input) / PER_MILLION;
    const expected = hitRate * cachedCost + (1 - hitRate) * writeCost;
    savings = (costPerCall - expected) * callsPerMonth;
  }
  return {
    modelId,
    totalTokens,
    cacheablePrefixTokens: prefix,
    ...(policy ? { policy } : {}),
    reachesMinimum: policy !== undefined && prefix >= policy.minimumTokens,
    cachedTokensPerCall: cachedTokens,
    costPerCall,
    cachedCostPerCall: cachedCost,
    cacheWriteCostPerCall: writeCost,
    cacheHitRate: hitRate,
    cachingSavingsPerMonth: savings,
    cachePriceSource: prices?.source ?? null,
  };
}

/** Tokens of messages with their framing, without the request-level framing (the reply priming). */
function messageTokens(messages: readonly RenderedMessage[], modelId: string, tokens: TokenService): number {
  if (messages.length === 0) return 0;
  return tokens.countMessages(messages, modelId).total - tokens.countMessages([], modelId).total;
}

interface PrefixInput {
  readonly file: PromptFile;
  readonly inputValues: Readonly<Record<string, unknown>>;
  readonly partialSources: ReadonlyMap<string, string>;
  readonly loadPartial: (name: string) => string | undefined;
  readonly renderBudget?: RenderBudget;
}

/** The rendered messages before the first varying part (all of them when nothing varies). */
async function prefixMessages(input: PrefixInput, end: VaryingPart | undefined): Promise<{ messages: readonly RenderedMessage[]; templateText?: string }> {
  const file = end ? truncatedFile(input.file, end.offset) : input.file;
  const render = await renderPromptFile(file, { input: input.inputValues, loadPartial: input.loadPartial, ...(input.renderBudget ? { budget: input.renderBudget } : {}) });
  if (render.error === undefined) return { messages: render.messages };
  // The cut left a block open (rare: only static blocks may precede it): count the raw text.
  return { messages: [], templateText: file.text.slice(file.bodyRange.start, file.bodyRange.end) };
}

/**
 * Prefix tokens per model: the rendered messages before `end`, or, when nothing varies, the whole
 * request (`totals`) without its request-level framing (the reply priming comes after the prefix).
 */
async function prefixTokensPerModel(input: PrefixInput, end: VaryingPart | undefined, models: readonly string[], totals: readonly number[], tokens: TokenService): Promise<number[]> {
  if (!end) return models.map((m, i) => Math.max(0, (totals[i] ?? 0) - tokens.countMessages([], m).total));
  const prefix = await prefixMessages(input, end);
  return models.map((m) => (prefix.templateText !== undefined ? tokens.countText(prefix.templateText, m).tokens : messageTokens(prefix.messages, m, tokens)));
}

function prefixInput(analysis: PromptAnalysis, renderBudget: RenderBudget | undefined): PrefixInput {
  return {
    ...(renderBudget ? { renderBudget } : {}),
    file: analysis.file,
    inputValues: analysis.input.values,
    partialSources: analysis.partials.sources,
    loadPartial: (name) => analysis.partials.load(name),
  };
}

/**
 * Prompt caching per target for an analysed prompt: the static prefix (rendered with the same
 * input and partials as the count), the provider's rules, and the prices at `callsPerMonth`.
 * Undefined when the prompt did not render (no request to cache).
 */
export async function promptCaching(analysis: PromptAnalysis, deps: CachingDeps, callsPerMonth: number): Promise<PromptCaching | undefined> {
  if (analysis.renderError) return undefined;
  const input = prefixInput(analysis, deps.renderBudget);
  const parts = varyingParts(analysis.file, input.partialSources);
  const models = analysis.report.models;
  const prefixes = await prefixTokensPerModel(input, parts[0], models.map((m) => m.modelId), models.map((m) => m.renderedTokens), deps.tokens);
  return {
    prefixEnd: parts[0] ?? null,
    targets: models.map((m, i) => priceCaching(m.modelId, m.renderedTokens, prefixes[i] ?? 0, m.price, callsPerMonth)),
  };
}

export interface CachingSuggestion {
  /** The file text with the varying lines moved to the end of their section (for a preview). */
  readonly text: string;
  readonly movedLines: readonly number[];
  readonly sectionIndex: number;
  /** Per target: prefix now and after, extra tokens, extra USD per month. */
  readonly targets: readonly {
    readonly modelId: string;
    readonly prefixTokens: number;
    readonly prefixTokensAfter: number;
    readonly extraCacheableTokens: number;
    readonly extraSavingsPerMonth: number | null;
  }[];
}

/**
 * What moving the late-binding lines after the static text would gain: the moved text is
 * analysed like the original (same input, partials, targets, prices). Undefined when no line
 * would move or when no target would cache more.
 */
export async function cachingSuggestion(analysis: PromptAnalysis, current: PromptCaching, deps: CachingDeps, callsPerMonth: number): Promise<CachingSuggestion | undefined> {
  const input = prefixInput(analysis, deps.renderBudget);
  const parts = varyingParts(analysis.file, input.partialSources);
  const moved = moveVaryingLinesToSectionEnd(analysis.file, parts);
  if (!moved) return undefined;
  const movedFile = parsePromptFile(moved.text, { fileName: analysis.file.fileName });
  const movedInput = { ...input, file: movedFile };
  const movedParts = varyingParts(movedFile, input.partialSources);
  const models = current.targets.map((t) => t.modelId);
  const after = await prefixTokensPerModel(movedInput, movedParts[0], models, current.targets.map((t) => t.totalTokens), deps.tokens);
  const targets = current.targets.map((t, i) => {
    const price = analysis.report.models[i]?.price;
    const prefixAfter = Math.min(after[i] ?? 0, t.totalTokens);
    const priced = priceCaching(t.modelId, t.totalTokens, prefixAfter, price, callsPerMonth);
    const extra = priced.cachingSavingsPerMonth !== null ? priced.cachingSavingsPerMonth - Math.max(0, t.cachingSavingsPerMonth ?? 0) : null;
    return {
      modelId: t.modelId,
      prefixTokens: t.cacheablePrefixTokens,
      prefixTokensAfter: prefixAfter,
      extraCacheableTokens: Math.max(0, prefixAfter - t.cacheablePrefixTokens),
      extraSavingsPerMonth: extra,
    };
  });
  if (!targets.some((t) => t.extraCacheableTokens > 0)) return undefined;
  return { text: moved.text, movedLines: moved.movedLines, sectionIndex: moved.sectionIndex, targets };
}
