import type { ModelInfo } from './types';

type Prices = Pick<ModelInfo, 'inputPerMTok' | 'outputPerMTok' | 'cacheReadPerMTok' | 'contextWindow' | 'maxOutputTokens'>;

const PER_MILLION = 1_000_000;

/** Input cost of one call that sends `inputTokens`, in USD. */
export function costPerCall(inputTokens: number, info: Prices): number {
  return (inputTokens * info.inputPerMTok) / PER_MILLION;
}

/** What a call that used these tokens cost, in USD (input + output at the listed rates). */
export function usageCost(inputTokens: number, outputTokens: number, info: Pick<Prices, 'inputPerMTok' | 'outputPerMTok'>): number {
  return (inputTokens * info.inputPerMTok + outputTokens * info.outputPerMTok) / PER_MILLION;
}

export function costPerThousandCalls(inputTokens: number, info: Prices): number {
  return costPerCall(inputTokens, info) * 1000;
}

/**
 * Input plus the most output the model may bill: `maxOutputTokens` (the prompt's own limit if
 * given, else the model's), capped by what is left of the context window.
 */
export function worstCaseCost(
  inputTokens: number,
  info: Prices,
  maxOutputTokens: number | undefined = info.maxOutputTokens,
): { outputTokens: number; cost: number } | undefined {
  if (maxOutputTokens === undefined) return undefined;
  const room = info.contextWindow !== undefined ? Math.max(0, info.contextWindow - inputTokens) : maxOutputTokens;
  const outputTokens = Math.min(maxOutputTokens, room);
  return { outputTokens, cost: costPerCall(inputTokens, info) + (outputTokens * info.outputPerMTok) / PER_MILLION };
}

/**
 * Input cost when `cachedTokens` of the prompt (default: all of it) are prompt-cache reads;
 * undefined when the model has no cache-read price.
 */
export function cachedInputCost(inputTokens: number, info: Prices, cachedTokens: number = inputTokens): number | undefined {
  if (info.cacheReadPerMTok === undefined) return undefined;
  const cached = Math.min(cachedTokens, inputTokens);
  return (cached * info.cacheReadPerMTok + (inputTokens - cached) * info.inputPerMTok) / PER_MILLION;
}

/** Share of the context window the tokens fill, in percent (1.5 means 1.5%). */
export function contextPercent(tokens: number, info: Pick<ModelInfo, 'contextWindow'>): number | undefined {
  if (!info.contextWindow) return undefined;
  return (tokens / info.contextWindow) * 100;
}
