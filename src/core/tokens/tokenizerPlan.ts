import { isGeminiProvider } from '../modelId';
import { encodingForOpenAiModel, type EncodingName } from './encodings';
import { resolveModelRef } from './modelRef';
import type { CountMethod, EndpointTokenizerConfig } from './types';

/** How text for one model is counted: which encoding, whether to scale it, how to frame chats. */
export interface TokenizerPlan {
  readonly provider: string;
  /** The provider's model name (`gpt-4o`). */
  readonly model: string;
  readonly encoding: EncodingName;
  readonly exact: boolean;
  readonly method: CountMethod;
  /** `anthropic`: the offline count is o200k scaled by the Claude factor. */
  readonly family: 'openai' | 'anthropic';
  /** The provider API that gives an exact count on demand (Anthropic count_tokens, Gemini countTokens). */
  readonly exactApi?: 'anthropic' | 'gemini';
  readonly note?: string;
}

export function planTokenizer(
  modelId: string,
  endpoints: Readonly<Record<string, EndpointTokenizerConfig>> = {},
): TokenizerPlan {
  const { provider, model } = resolveModelRef(modelId);
  if (provider === 'anthropic') {
    return {
      provider, model, encoding: 'o200k_base', exact: false, method: 'estimate', family: 'anthropic', exactApi: 'anthropic',
      note: 'Claude count is an offline estimate (o200k_base × 1.2); exact counts come from the count_tokens API',
    };
  }
  if (isGeminiProvider(provider)) {
    // Gemini's tokenizer is not shipped: o200k is a stand-in, shown as ≈ until countTokens answers.
    return {
      provider, model, encoding: 'o200k_base', exact: false, method: 'estimate', family: 'openai', exactApi: 'gemini',
      note: "Gemini count is an offline estimate (o200k_base); exact counts come from Gemini's countTokens API",
    };
  }
  if (provider === 'openai' || provider === 'azure' || provider === 'azure-openai') {
    const choice = encodingForOpenAiModel(model);
    return {
      provider, model, encoding: choice.encoding, exact: choice.known,
      method: `tiktoken:${choice.encoding}`, family: 'openai',
      ...(choice.note ? { note: choice.note } : {}),
    };
  }
  // Own keys only: a provider named `toString` or `__proto__` is user text, not an Object.prototype member.
  const endpoint = Object.hasOwn(endpoints, provider) ? endpoints[provider] : undefined;
  if (!endpoint) {
    return {
      provider, model, encoding: 'o200k_base', exact: false, method: 'estimate', family: 'openai',
      note: `no tokenizer configured for endpoint "${provider}": estimated with o200k_base`,
    };
  }
  if (endpoint.tokenizer === 'estimate') {
    return {
      provider, model, encoding: 'o200k_base', exact: false, method: 'estimate', family: 'openai',
      note: `endpoint "${provider}" is set to 'estimate': counted with o200k_base`,
    };
  }
  const encoding: EncodingName = endpoint.tokenizer === 'o200k_harmony' ? 'o200k_base' : endpoint.tokenizer;
  const exact = endpoint.exactEncoding === true;
  return {
    provider, model, encoding, exact, method: `tiktoken:${encoding}`, family: 'openai',
    ...(exact ? {} : { note: `endpoint "${provider}" counted with ${encoding}; approximate unless its tokenizer is marked exact` }),
  };
}

/** One line for hovers and the catalog: `o200k_base (exact)`, `≈ Claude estimate (o200k_base × 1.2)`. */
export function describeTokenizer(
  modelId: string,
  endpoints: Readonly<Record<string, EndpointTokenizerConfig>> = {},
): string {
  const plan = planTokenizer(modelId, endpoints);
  if (plan.family === 'anthropic') return '≈ Claude estimate (o200k_base × 1.2); exact via count_tokens';
  if (plan.exactApi === 'gemini') return '≈ Gemini estimate (o200k_base); exact via countTokens';
  return plan.exact ? `${plan.encoding} (exact)` : `≈ ${plan.encoding}`;
}
