type AnthropicModule = typeof import('@anthropic-ai/sdk');

let anthropicModule: AnthropicModule | undefined;

/**
 * Loads @anthropic-ai/sdk on first use, not at import: evaluating it costs ~90 ms, which every
 * OpenAI-only CLI run and activation would pay. `require` keeps this synchronous; esbuild bundles
 * the call and vitest provides `require` (as for tiktoken).
 */
export function anthropicSdk(): AnthropicModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy synchronous load, see above
  anthropicModule ??= require('@anthropic-ai/sdk') as AnthropicModule;
  return anthropicModule;
}

/** The SDK when something loaded it; until then no error can be one of its classes. */
export function loadedAnthropicSdk(): AnthropicModule | undefined {
  return anthropicModule;
}
