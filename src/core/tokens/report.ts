import type { PriceCatalog } from '../pricing/catalog';
import { contextPercent, costPerCall, costPerThousandCalls, cachedInputCost, worstCaseCost } from '../pricing/cost';
import { formatCountSummary, formatTokenCount } from '../pricing/format';
import type { ModelInfo } from '../pricing/types';
import { resolveModelRef } from './modelRef';
import type { TokenService } from './tokenService';
import type { ChatMessageText, CountMethod, MessagesCount } from './types';

/** Plain data from the prompt module; no dependency on how it was parsed or rendered. */
export interface CountReportInput {
  /** The rendered request. */
  readonly messages: readonly ChatMessageText[];
  /** The raw template body, before variables and partials are filled in. */
  readonly templateText: string;
  /** Named parts of the prompt (e.g. per `{{role}}` block or heading) to count separately. */
  readonly sections?: readonly { readonly name: string; readonly text: string }[];
  readonly models: readonly string[];
  /** The prompt's own output limit (its config's max output tokens), for the worst case. */
  readonly maxOutputTokens?: number;
}

export interface SectionTokens {
  readonly name: string;
  readonly tokens: number;
}

export interface ModelCountReport {
  readonly modelId: string;
  /** Short name for display: the model part of the id (`gpt-4o`). */
  readonly label: string;
  /** Input tokens of the rendered request, chat framing included. */
  readonly renderedTokens: number;
  /** Tokens of the raw template text alone. */
  readonly templateTokens: number;
  readonly exact: boolean;
  readonly method: CountMethod;
  readonly perMessage: readonly number[];
  readonly overhead: number;
  readonly sections: readonly SectionTokens[];
  /** Undefined when no catalog layer knows the model. */
  readonly price?: ModelInfo;
  readonly costPerCall?: number;
  readonly costPerThousandCalls?: number;
  /** Input cost if the whole prompt were a prompt-cache read. */
  readonly cachedCostPerCall?: number;
  /** Input plus the largest billable output. */
  readonly worstCase?: { readonly outputTokens: number; readonly cost: number };
  readonly contextPercent?: number;
  readonly exceedsContext: boolean;
  readonly notes: readonly string[];
  /** `gpt-4o 1,931 tok · $0.0048/call · 1.5% ctx` */
  readonly summary: string;
}

export interface CountReport {
  readonly models: readonly ModelCountReport[];
}

export interface CountReportDeps {
  readonly tokens: TokenService;
  readonly catalog: PriceCatalog;
}

function priceNotes(modelId: string, price: ModelInfo | undefined, catalog: PriceCatalog): string[] {
  if (!price) {
    const suggestion = catalog.suggestModel(modelId);
    return [
      `no price for ${modelId} — add an override in promptscope.pricing.overrides` +
        (suggestion ? ` (did you mean ${suggestion}?)` : ''),
    ];
  }
  if (price.matchedBy === 'alias' && price.matchedId !== price.id.toLowerCase()) {
    return [`priced as ${price.matchedId} (${price.source})`];
  }
  return [];
}

function modelReport(modelId: string, input: CountReportInput, messages: MessagesCount, deps: CountReportDeps): ModelCountReport {
  const template = deps.tokens.countText(input.templateText, modelId);
  const sections = (input.sections ?? []).map((section) => ({
    name: section.name,
    tokens: deps.tokens.countText(section.text, modelId).tokens,
  }));
  const price = deps.catalog.lookupModel(modelId);
  const tokens = messages.total;
  const percent = price ? contextPercent(tokens, price) : undefined;
  const exceedsContext = price?.contextWindow !== undefined && tokens > price.contextWindow;
  const notes = [
    ...(messages.note ? [messages.note] : []),
    ...priceNotes(modelId, price, deps.catalog),
    ...(exceedsContext && price ? [`${formatTokenCount(tokens)} tokens exceed the ${formatTokenCount(price.contextWindow)}-token context window`] : []),
  ];
  const perCall = price ? costPerCall(tokens, price) : undefined;
  const cached = price ? cachedInputCost(tokens, price) : undefined;
  const worstCase = price ? worstCaseCost(tokens, price, input.maxOutputTokens ?? price.maxOutputTokens) : undefined;
  const label = resolveModelRef(modelId).model;
  return {
    modelId,
    label,
    renderedTokens: tokens,
    templateTokens: template.tokens,
    exact: messages.exact,
    method: messages.method,
    perMessage: messages.perMessage,
    overhead: messages.overhead,
    sections,
    ...(price ? { price, costPerThousandCalls: costPerThousandCalls(tokens, price) } : {}),
    ...(perCall !== undefined ? { costPerCall: perCall } : {}),
    ...(cached !== undefined ? { cachedCostPerCall: cached } : {}),
    ...(worstCase ? { worstCase } : {}),
    ...(percent !== undefined ? { contextPercent: percent } : {}),
    exceedsContext,
    notes,
    summary: formatCountSummary({
      label,
      tokens,
      exact: messages.exact,
      ...(perCall !== undefined ? { costPerCall: perCall } : {}),
      ...(price ? { costPerThousandCalls: costPerThousandCalls(tokens, price) } : {}),
      ...(percent !== undefined ? { contextPercent: percent } : {}),
      noPrice: !price,
    }),
  };
}

/** Offline report: what the CodeLens shows on every keystroke. */
export function buildCountReport(input: CountReportInput, deps: CountReportDeps): CountReport {
  return {
    models: input.models.map((modelId) => modelReport(modelId, input, deps.tokens.countMessages(input.messages, modelId), deps)),
  };
}

/** Same, with Anthropic totals from count_tokens (on demand: `promptscope count --exact`, a command). */
export async function buildCountReportExact(input: CountReportInput, deps: CountReportDeps): Promise<CountReport> {
  const counts = await Promise.all(input.models.map((modelId) => deps.tokens.countMessagesExact(input.messages, modelId)));
  return { models: input.models.map((modelId, i) => modelReport(modelId, input, counts[i] as MessagesCount, deps)) };
}
