import { resolveModelRef } from '../tokens/modelRef';

/**
 * How a provider discounts a repeated prompt prefix. These rules are not in any catalog, so they
 * live in this dated table (written without network access from the providers' documentation
 * as of `CACHING_RULES_AS_OF`; check `sourceUrl` when a number matters). Prices come from the
 * catalog when it has a cache-read price; `readFactor` is used only when it has none.
 */
export interface CachingPolicy {
  readonly provider: 'openai' | 'anthropic' | 'google';
  /** `automatic`: every request whose prefix is long enough; `explicit`: the caller marks a breakpoint (`cache_control`); `implicit`: automatic, best effort. */
  readonly mode: 'automatic' | 'explicit' | 'implicit';
  /** Shortest prefix the provider caches. */
  readonly minimumTokens: number;
  /** OpenAI reports cache hits in steps of this many tokens above the minimum. */
  readonly incrementTokens?: number;
  /** Cache-read price as a share of the input price, when the catalog has no cache-read price. */
  readonly readFactor: number;
  /** What writing the cache costs relative to input (Anthropic 1.25×, others 1: no premium). */
  readonly writeFactor: number;
  /** Minutes an unused prefix stays cached (the time-to-live a hit refreshes). */
  readonly ttlMinutes: number;
  readonly sourceUrl: string;
  /** One line for hovers and reports. */
  readonly description: string;
}

export const CACHING_RULES_AS_OF = '2025-11-24';

const OPENAI_URL = 'https://platform.openai.com/docs/guides/prompt-caching';
const ANTHROPIC_URL = 'https://docs.claude.com/en/docs/build-with-claude/prompt-caching';
const GOOGLE_URL = 'https://ai.google.dev/gemini-api/docs/caching';

/** Models that predate OpenAI's prompt caching (Oct 2024): no cached-input price, no discount. */
const OPENAI_UNCACHED = /^(gpt-3\.5|gpt-4($|-\d{4}|-turbo|-32k|-0))/;

/**
 * Anthropic's minimum cacheable length depends on the model: 4,096 for Opus 4.5 and Haiku 4.5,
 * 2,048 for the Haiku 3.x models, 1,024 for the others (Sonnet 3.7–4.5, Opus 3–4.1).
 */
function anthropicMinimum(model: string): number {
  const m = model.toLowerCase();
  if (/opus-4-5|haiku-4-5/.test(m)) return 4_096;
  if (/haiku-3|3-5-haiku|3-haiku/.test(m)) return 2_048;
  return 1_024;
}

/** Gemini 2.5 Flash (and Flash-Lite) cache from 1,024 tokens; Pro and other models from 4,096. */
function googleMinimum(model: string): number {
  return /flash/.test(model.toLowerCase()) ? 1_024 : 4_096;
}

const GOOGLE_PROVIDERS = new Set(['google', 'googleai', 'vertexai', 'gemini']);

/** The caching rules for a model id, or undefined when the provider has none we know. */
export function cachingPolicyFor(modelId: string): CachingPolicy | undefined {
  const ref = resolveModelRef(modelId);
  const provider = ref.provider.toLowerCase();
  const model = ref.model.toLowerCase();
  if (provider === 'openai') {
    if (OPENAI_UNCACHED.test(model)) return undefined;
    return {
      provider: 'openai', mode: 'automatic', minimumTokens: 1_024, incrementTokens: 128, readFactor: 0.5, writeFactor: 1, ttlMinutes: 5,
      sourceUrl: OPENAI_URL,
      description: 'OpenAI caches prefixes of 1,024+ tokens automatically (hits in 128-token steps)',
    };
  }
  if (provider === 'anthropic') {
    const minimum = anthropicMinimum(model);
    return {
      provider: 'anthropic', mode: 'explicit', minimumTokens: minimum, readFactor: 0.1, writeFactor: 1.25, ttlMinutes: 5,
      sourceUrl: ANTHROPIC_URL,
      description: `Anthropic caches up to a cache_control breakpoint of ${minimum.toLocaleString('en-US')}+ tokens (writes 1.25×, reads 0.1× of input)`,
    };
  }
  if (GOOGLE_PROVIDERS.has(provider) || (provider === 'openrouter' && model.startsWith('google/'))) {
    const minimum = googleMinimum(model);
    return {
      provider: 'google', mode: 'implicit', minimumTokens: minimum, readFactor: 0.25, writeFactor: 1, ttlMinutes: 5,
      sourceUrl: GOOGLE_URL,
      description: `Gemini caches prefixes of ${minimum.toLocaleString('en-US')}+ tokens implicitly (explicit caches add storage per hour)`,
    };
  }
  return undefined;
}

/** Minutes in the 30-day month every monthly figure assumes. */
export const MINUTES_PER_MONTH = 30 * 24 * 60;

/**
 * Share of calls that find the prefix still cached, with calls arriving at random (Poisson) at
 * `callsPerMonth`: a call hits when another came within the time-to-live before it,
 * 1 − e^(−rate·ttl). 100,000 calls a month with a 5-minute TTL: 99.999%; 1,000: 10.9%.
 */
export function cacheHitRate(callsPerMonth: number, ttlMinutes: number): number {
  if (!(callsPerMonth > 0) || !(ttlMinutes > 0)) return 0;
  return 1 - Math.exp(-(callsPerMonth / MINUTES_PER_MONTH) * ttlMinutes);
}

/** Tokens billed as cache reads for a static prefix: 0 below the minimum, OpenAI's 128-token steps. */
export function cachedTokensFor(prefixTokens: number, policy: CachingPolicy): number {
  if (prefixTokens < policy.minimumTokens) return 0;
  const step = policy.incrementTokens;
  if (!step) return prefixTokens;
  return policy.minimumTokens + Math.floor((prefixTokens - policy.minimumTokens) / step) * step;
}
