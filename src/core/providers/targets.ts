/**
 * The one place that knows where a model id is sent. The editor passes its settings, the CLI its
 * environment (endpointSettingsFromEnv); both get the same ModelTarget.
 */
import { parseModelId } from '../modelId';
import type { ProviderConfig, ProviderKind } from './types';
import { geminiOpenAIBaseURL } from '../gemini';

/** Where a `provider/model` id is sent: the provider config minus the key, and the provider's own model name. */
export interface ModelTarget {
  /** The id as given. */
  readonly id: string;
  /** The name keys are stored under: `openai`, `anthropic`, `gemini` or an endpoint name. */
  readonly providerName: string;
  readonly kind: ProviderKind;
  readonly baseURL?: string;
  /** The provider's own model name (`gpt-4o`, `gemini-2.5-flash`). */
  readonly model: string;
}

export interface EndpointDefinition {
  readonly name: string;
  readonly baseURL: string;
}

export type BuiltinEndpoint = 'openai' | 'anthropic' | 'gemini';

export interface EndpointSettings {
  /** OpenAI-compatible endpoints by name (`ollama` → `http://localhost:11434/v1`). */
  readonly endpoints: readonly EndpointDefinition[];
  /** A base URL replacing the built-in one; undefined for the default. */
  baseURL(provider: BuiltinEndpoint): string | undefined;
}

/** Google's OpenAI-compatible Chat Completions endpoint for Gemini. */
export const GEMINI_OPENAI_BASE_URL = geminiOpenAIBaseURL(undefined);

/** Genkit's plugin prefixes (and models.dev's `google/`) that all mean "Gemini through Google's API". */
const GEMINI_PREFIXES = new Set(['gemini', 'googleai', 'vertexai', 'google']);

/**
 * `openai/x` → OpenAI, `anthropic/x` → Anthropic, `googleai/x`, `vertexai/x`, `gemini/x`,
 * `google/x` → Gemini's OpenAI-compatible endpoint (base URLs from settings, defaults otherwise),
 * `<endpoint>/x` → the OpenAI-compatible endpoint of that name (a configured endpoint wins over
 * the Gemini prefixes). A string explains why the id cannot be used.
 */
export function resolveModelTarget(id: string, settings: EndpointSettings): ModelTarget | string {
  const ref = parseModelId(id);
  if (!ref) return `"${id}" is not a model id; write it as provider/model, e.g. openai/gpt-4o-mini.`;
  if (ref.provider === 'openai' || ref.provider === 'anthropic') {
    const baseURL = settings.baseURL(ref.provider);
    return { id: ref.id, providerName: ref.provider, kind: ref.provider, model: ref.model, ...(baseURL ? { baseURL } : {}) };
  }
  const endpoint = settings.endpoints.find((e) => e.name === ref.provider);
  if (endpoint) return { id: ref.id, providerName: endpoint.name, kind: 'openai-compatible', model: ref.model, baseURL: endpoint.baseURL };
  if (GEMINI_PREFIXES.has(ref.provider)) {
    return { id: ref.id, providerName: 'gemini', kind: 'openai-compatible', model: ref.model, baseURL: geminiOpenAIBaseURL(settings.baseURL('gemini')) };
  }
  return `Unknown provider "${ref.provider}" in "${id}": use openai/…, anthropic/…, googleai/… (Gemini), or a configured endpoint.`;
}

/**
 * The id the price catalog (models.dev) knows a model by: Genkit's `googleai/…` / `vertexai/…`
 * and our `gemini/…` are models.dev's `google/…`; other ids are unchanged.
 */
export function catalogModelId(id: string): string {
  const ref = parseModelId(id);
  return ref && GEMINI_PREFIXES.has(ref.provider) ? `google/${ref.model}` : id;
}

/** The provider config for a target plus its key. */
export function providerConfig(target: ModelTarget, apiKey: string | undefined): ProviderConfig {
  return {
    kind: target.kind,
    name: target.providerName,
    ...(target.baseURL ? { baseURL: target.baseURL } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

type Env = Readonly<Record<string, string | undefined>>;

const ENDPOINT_VAR = /^PROMPTSCOPE_ENDPOINT_([A-Z0-9_]+)_BASE_URL$/;

/** `PROMPTSCOPE_ENDPOINT_MY_VLLM_*` ↔ endpoint `my-vllm`: upper case, `-` as `_`. */
export function endpointEnvName(endpoint: string): string {
  return endpoint.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The CLI's settings: OPENAI_BASE_URL / ANTHROPIC_BASE_URL / GEMINI_BASE_URL, and one endpoint per
 * PROMPTSCOPE_ENDPOINT_<NAME>_BASE_URL (name lower-cased, `_` → `-`).
 */
export function endpointSettingsFromEnv(env: Env): EndpointSettings {
  const endpoints: EndpointDefinition[] = [];
  for (const [key, value] of Object.entries(env)) {
    const match = ENDPOINT_VAR.exec(key);
    if (match && value) endpoints.push({ name: (match[1] as string).toLowerCase().replace(/_/g, '-'), baseURL: value });
  }
  endpoints.sort((a, b) => a.name.localeCompare(b.name));
  return {
    endpoints,
    baseURL: (provider) => env[`${provider.toUpperCase()}_BASE_URL`] || undefined,
  };
}

/**
 * The CLI's key for a target: PROMPTSCOPE_ENDPOINT_<NAME>_API_KEY first, then OPENAI_API_KEY /
 * ANTHROPIC_API_KEY / GEMINI_API_KEY for the built-in endpoints. A configured endpoint never gets
 * another provider's key.
 */
export function apiKeyFromEnv(target: ModelTarget, env: Env): string | undefined {
  const own = env[`PROMPTSCOPE_ENDPOINT_${endpointEnvName(target.providerName)}_API_KEY`];
  if (own) return own;
  if (target.providerName === 'openai' || target.providerName === 'anthropic' || target.providerName === 'gemini') {
    return env[`${target.providerName.toUpperCase()}_API_KEY`] || undefined;
  }
  return undefined;
}
