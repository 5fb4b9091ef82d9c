import { AnthropicChatProvider } from './anthropic';
import { OpenAIChatProvider } from './openai';
import type { ChatProvider, ProviderConfig } from './types';

export * from './types';
export { ProviderError, redactSecrets, parseRetryAfterMs, type ProviderErrorKind } from './errors';
export { AnthropicChatProvider, toAnthropicConversation } from './anthropic';
export { OpenAIChatProvider, isOpenAIReasoningModel, buildOpenAIParams } from './openai';

/** Never throws: a missing key or bad URL surfaces as a ProviderError from the first call. */
export function createProvider(config: ProviderConfig & { kind: 'anthropic' }): AnthropicChatProvider;
export function createProvider(config: ProviderConfig & { kind: 'openai' | 'openai-compatible' }): OpenAIChatProvider;
export function createProvider(config: ProviderConfig): ChatProvider;
export function createProvider(config: ProviderConfig): ChatProvider {
  switch (config.kind) {
    case 'anthropic':
      return new AnthropicChatProvider({ ...config, kind: 'anthropic' });
    case 'openai':
    case 'openai-compatible':
      return new OpenAIChatProvider({ ...config, kind: config.kind });
  }
}

export {
  samplingFromConfig,
  translateForOpenAI,
  translateForAnthropic,
  openAIBody,
  anthropicBody,
  effectiveSampling,
  type SamplingParams,
  type ParamNote,
  type TranslatedParams,
} from './translate';
export {
  resolveModelTarget,
  catalogModelId,
  providerConfig,
  endpointSettingsFromEnv,
  apiKeyFromEnv,
  endpointEnvName,
  GEMINI_OPENAI_BASE_URL,
  type ModelTarget,
  type EndpointSettings,
  type EndpointDefinition,
  type BuiltinEndpoint,
} from './targets';
export { describeRequest, ANTHROPIC_API_VERSION, type RequestDescription } from './describe';
