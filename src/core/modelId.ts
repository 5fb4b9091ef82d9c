/**
 * Model ids are `provider/model`: `openai/gpt-4o`, `anthropic/claude-sonnet-4-5`, or
 * `<endpoint>/<model>` for an OpenAI-compatible endpoint the user configured (`ollama/llama3.2`).
 * The model part may itself contain slashes (`openrouter/meta-llama/llama-3.1-8b`).
 */
export interface ModelRef {
  /** The full id as written, e.g. `openai/gpt-4o`. */
  readonly id: string;
  /** `openai`, `anthropic`, or an endpoint name from settings. */
  readonly provider: string;
  /** The provider's own model name, e.g. `gpt-4o`. */
  readonly model: string;
}

export const BUILTIN_PROVIDERS = ['openai', 'anthropic'] as const;

/** Splits `provider/model`; returns undefined when there is no provider part or no model part. */
export function parseModelId(id: string): ModelRef | undefined {
  const trimmed = id.trim();
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) return undefined;
  return { id: trimmed, provider: trimmed.slice(0, slash), model: trimmed.slice(slash + 1) };
}
