import { parseModelId } from '../core/modelId';
import type { ProviderConfig, ProviderKind } from '../core/providers';
import type { EndpointSetting } from './config';

/** Where a `provider/model` id is sent: the provider config minus the key, and the provider's own model name. */
export interface ModelTarget {
  readonly id: string;
  /** The name keys are stored under: `openai`, `anthropic` or an endpoint name. */
  readonly providerName: string;
  readonly kind: ProviderKind;
  readonly baseURL?: string;
  readonly model: string;
}

/**
 * `openai/x` → OpenAI, `anthropic/x` → Anthropic (base URLs from the user settings, SDK defaults
 * otherwise), `<endpoint>/x` → the OpenAI-compatible endpoint of that name. A string explains why
 * the id cannot be used.
 */
export function resolveModelTarget(
  id: string,
  settings: { readonly endpoints: readonly EndpointSetting[]; baseURL(provider: 'openai' | 'anthropic'): string | undefined },
): ModelTarget | string {
  const ref = parseModelId(id);
  if (!ref) return `"${id}" is not a model id; write it as provider/model, e.g. openai/gpt-4o-mini.`;
  if (ref.provider === 'openai' || ref.provider === 'anthropic') {
    const baseURL = settings.baseURL(ref.provider);
    return { id: ref.id, providerName: ref.provider, kind: ref.provider, model: ref.model, ...(baseURL ? { baseURL } : {}) };
  }
  const endpoint = settings.endpoints.find((e) => e.name === ref.provider);
  if (!endpoint) {
    return `Unknown provider "${ref.provider}" in "${id}": use openai/…, anthropic/…, or an endpoint configured in promptscope.endpoints.`;
  }
  return { id: ref.id, providerName: endpoint.name, kind: 'openai-compatible', model: ref.model, baseURL: endpoint.baseURL };
}

export function providerConfig(target: ModelTarget, apiKey: string | undefined): ProviderConfig {
  return {
    kind: target.kind,
    name: target.providerName,
    ...(target.baseURL ? { baseURL: target.baseURL } : {}),
    ...(apiKey ? { apiKey } : {}),
  };
}

