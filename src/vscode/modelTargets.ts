import type { EndpointSetting } from './config';
import { resolveModelTarget as resolveInCore, type BuiltinEndpoint, type ModelTarget } from '../core/providers/targets';

export { providerConfig, type ModelTarget } from '../core/providers/targets';

/** The settings' side of core's resolveModelTarget (which knows every provider prefix). */
export function resolveModelTarget(
  id: string,
  settings: { readonly endpoints: readonly EndpointSetting[]; baseURL(provider: 'openai' | 'anthropic'): string | undefined },
): ModelTarget | string {
  return resolveInCore(id, {
    endpoints: settings.endpoints,
    // Gemini has no base-URL setting yet: its default endpoint, or an endpoint named like its prefix.
    baseURL: (provider: BuiltinEndpoint) => (provider === 'gemini' ? undefined : settings.baseURL(provider)),
  });
}
