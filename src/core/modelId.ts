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

/** The model used when nothing names one (no targets, no defaults): the one source of `openai/gpt-4o`. */
export const FALLBACK_MODEL = 'openai/gpt-4o';

/** Targets of a prompt that names none (`promptscope.defaultTargets`' default; the CLI's too): one model per built-in provider. */
export const DEFAULT_TARGETS: readonly string[] = [FALLBACK_MODEL, 'anthropic/claude-sonnet-4-5'];

/** Splits `provider/model`; returns undefined when there is no provider part or no model part. */
export function parseModelId(id: string): ModelRef | undefined {
  const trimmed = id.trim();
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) return undefined;
  return { id: trimmed, provider: trimmed.slice(0, slash), model: trimmed.slice(slash + 1) };
}

/**
 * Genkit writes Gemini ids with its plugin's name (`googleai/gemini-2.5-flash`,
 * `vertexai/gemini-2.5-pro`); models.dev, and so our catalog, lists them under `google/…`.
 */
export const GENKIT_PROVIDER_ALIASES: Readonly<Record<string, string>> = { googleai: 'google', vertexai: 'google', 'google-genai': 'google' };

/** Providers whose models are Gemini (counted `≈`, exact through Gemini's countTokens). */
export function isGeminiProvider(provider: string): boolean {
  return provider === 'google' || GENKIT_PROVIDER_ALIASES[provider] === 'google';
}

/** The id the catalog lists a model under: `googleai/x` and `vertexai/x` → `google/x`; others unchanged. */
export function catalogModelId(ref: ModelRef): string {
  const provider = GENKIT_PROVIDER_ALIASES[ref.provider.toLowerCase()];
  return provider ? `${provider}/${ref.model}` : ref.id;
}
