type AnthropicModule = typeof import('@anthropic-ai/sdk');
type OpenAIModule = typeof import('openai');

let anthropicModule: AnthropicModule | undefined;
let openaiModule: OpenAIModule | undefined;

/**
 * The provider SDKs load on first use, not at import: evaluating them costs ~90 ms (Anthropic) and
 * ~15 ms (OpenAI), which activation (before the first lens) and every CLI run that sends nothing
 * would pay. `require` keeps this synchronous; esbuild bundles the call and vitest provides
 * `require` (as for tiktoken).
 */
export function anthropicSdk(): AnthropicModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy synchronous load, see above
  anthropicModule ??= require('@anthropic-ai/sdk') as AnthropicModule;
  return anthropicModule;
}

export function openaiSdk(): OpenAIModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy synchronous load, see above
  openaiModule ??= require('openai') as OpenAIModule;
  return openaiModule;
}

type ErrorClassName = 'APIError' | 'APIUserAbortError' | 'APIConnectionTimeoutError' | 'APIConnectionError';

/** `error instanceof` the Anthropic SDK's class `name`, without loading the SDK to find out. */
export function isAnthropicError<K extends ErrorClassName | 'AnthropicError'>(error: unknown, name: K): error is InstanceType<AnthropicModule[K]> {
  return anthropicModule !== undefined && error instanceof anthropicModule[name];
}

/** `error instanceof` the OpenAI SDK's class `name`, without loading the SDK to find out. */
export function isOpenAIError<K extends ErrorClassName | 'OpenAIError'>(error: unknown, name: K): error is InstanceType<OpenAIModule[K]> {
  return openaiModule !== undefined && error instanceof openaiModule[name];
}

/** Either SDK's class `name` (an SDK never loaded threw nothing). */
export function isSdkError<K extends ErrorClassName>(error: unknown, name: K): error is InstanceType<OpenAIModule[K]> | InstanceType<AnthropicModule[K]> {
  return isOpenAIError(error, name) || isAnthropicError(error, name);
}
