import { resolveModelTarget } from '../../core/providers/targets';
import type { Services } from '../services';

/** The keys the models need that SecretStorage lacks (OpenAI-compatible endpoints may run without one). */
export async function missingKeys(services: Services, models: readonly string[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const model of models) {
    const target = resolveModelTarget(model, services.config);
    if (typeof target === 'string') throw new Error(`${model}: ${target}`);
    if (target.kind === 'openai-compatible') continue;
    if (!(await services.keys.get(target.providerName))) missing.add(target.providerName);
  }
  return [...missing];
}
