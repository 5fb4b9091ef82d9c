import { describeTokenizer } from '../tokens/tokenizerPlan';
import { catalogModelId } from '../modelId';
import { resolveModelRef } from '../tokens/modelRef';
import type { EndpointTokenizerConfig } from '../tokens/types';
import { BUILTIN_PRICE_TABLE } from './builtinTable';
import { entriesFromModelsDev, MODELS_DEV_API_URL } from './modelsDev';
import { modelsDevSnapshot } from './snapshot';
import type { CatalogEntry, ModelInfo, PriceOverride, PriceSource } from './types';

/** Anthropic prompt caching: reads cost 0.1× and (5-minute) writes 1.25× the input rate. */
export const ANTHROPIC_CACHE_READ_FACTOR = 0.1;
export const ANTHROPIC_CACHE_WRITE_FACTOR = 1.25;

/**
 * The id a dated or aliased model name is priced under: `claude-3-5-sonnet-20241022`,
 * `claude-3-5-sonnet-latest` and `claude-sonnet-4-5@20250929` (Vertex) → `claude-3-5-sonnet` /
 * `claude-sonnet-4-5`; `gpt-4o-2024-08-06` → `gpt-4o`.
 */
export function normalizeModelId(id: string): string {
  return id
    .trim()
    .toLowerCase()
    .replace(/(-|@)\d{8}$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '')
    .replace(/-latest$/, '');
}

interface Layer {
  readonly source: PriceSource;
  readonly byId: Map<string, CatalogEntry>;
  readonly byAlias: Map<string, CatalogEntry>;
}

function buildLayer(source: PriceSource, entries: readonly CatalogEntry[]): Layer {
  const byId = new Map<string, CatalogEntry>();
  const byAlias = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    byId.set(entry.id, entry);
    const alias = normalizeModelId(entry.id);
    const current = byAlias.get(alias);
    // Several dated versions share an alias: the alias means the newest (or the undated entry).
    if (!current || current.id !== alias && (entry.id === alias || (entry.releaseDate ?? '') > (current.releaseDate ?? ''))) {
      byAlias.set(alias, entry);
    }
  }
  return { source, byId, byAlias };
}

function overrideEntries(overrides: Readonly<Record<string, PriceOverride>>): CatalogEntry[] {
  return Object.entries(overrides).map(([id, price]) => ({
    id: resolveModelRef(id).id.toLowerCase(),
    inputPerMTok: price.input,
    outputPerMTok: price.output,
    ...(price.cacheRead !== undefined ? { cacheReadPerMTok: price.cacheRead } : {}),
    ...(price.cacheWrite !== undefined ? { cacheWritePerMTok: price.cacheWrite } : {}),
    ...(price.context !== undefined ? { contextWindow: price.context } : {}),
    ...(price.maxOutput !== undefined ? { maxOutputTokens: price.maxOutput } : {}),
  }));
}

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export interface PriceCatalogOptions {
  /** `promptscope.pricing.overrides`: `{ "openai/my-model": { input, output, ... } }`. */
  readonly overrides?: Readonly<Record<string, PriceOverride>>;
  /** Endpoint tokenizers, only to describe how each model is counted. */
  readonly endpoints?: Readonly<Record<string, EndpointTokenizerConfig>>;
}

/** Fetches and parses JSON; injected so the catalog never touches the network by itself. */
export type FetchJson = (url: string) => Promise<unknown>;

/**
 * Prices and context windows per model id. Lookup precedence: user overrides (exact id, then
 * alias), then the built-in layers by exact id, then by alias; built-in layers in order
 * models.dev live (after `refreshFromModelsDev`), our dated table, the shipped snapshot.
 */
export class PriceCatalog {
  private overrideLayer: Layer;
  private liveLayer: Layer | undefined;
  private readonly tableLayer = buildLayer('builtin-table', BUILTIN_PRICE_TABLE);
  private readonly snapshotLayer = buildLayer('models.dev snapshot', modelsDevSnapshot());
  private endpoints: Readonly<Record<string, EndpointTokenizerConfig>>;

  constructor(options: PriceCatalogOptions = {}) {
    this.overrideLayer = buildLayer('override', overrideEntries(options.overrides ?? {}));
    this.endpoints = options.endpoints ?? {};
  }

  /** Settings changed. */
  configure(options: PriceCatalogOptions): void {
    if (options.overrides) this.overrideLayer = buildLayer('override', overrideEntries(options.overrides));
    if (options.endpoints) this.endpoints = options.endpoints;
  }

  lookupModel(modelId: string): ModelInfo | undefined {
    const ref = resolveModelRef(modelId);
    const id = catalogModelId(ref).toLowerCase();
    const alias = normalizeModelId(id);
    const builtin = [this.liveLayer, this.tableLayer, this.snapshotLayer].filter((l): l is Layer => l !== undefined);
    const candidates: [Layer, CatalogEntry | undefined, 'exact' | 'alias'][] = [
      [this.overrideLayer, this.overrideLayer.byId.get(id), 'exact'],
      [this.overrideLayer, this.overrideLayer.byAlias.get(alias), 'alias'],
      ...builtin.map((layer): [Layer, CatalogEntry | undefined, 'exact'] => [layer, layer.byId.get(id), 'exact']),
      ...builtin.map((layer): [Layer, CatalogEntry | undefined, 'alias'] => [layer, layer.byAlias.get(alias), 'alias']),
    ];
    for (const [layer, entry, matchedBy] of candidates) {
      if (entry) return this.toModelInfo(ref.id, ref.provider, entry, layer.source, matchedBy);
    }
    return undefined;
  }

  /** Every known model id (for completion), as effective ModelInfo, sorted by id. */
  listModels(): ModelInfo[] {
    const ids = new Set<string>();
    for (const layer of this.layers()) for (const id of layer.byId.keys()) ids.add(id);
    return [...ids]
      .sort()
      .map((id) => this.lookupModel(id))
      .filter((info): info is ModelInfo => info !== undefined);
  }

  /**
   * The catalog ids of a bare model name (`gemini-2.5-flash` → `google/gemini-2.5-flash`), by
   * exact name or alias: the providers the catalog really knows it under.
   */
  idsForModelName(model: string): string[] {
    const wanted = normalizeModelId(model);
    const ids = new Set<string>();
    for (const layer of this.layers()) {
      for (const alias of layer.byAlias.keys()) {
        const slash = alias.indexOf('/');
        if (slash > 0 && alias.slice(slash + 1) === wanted) ids.add(alias);
      }
    }
    return [...ids].sort();
  }

  /** The closest known id to an unknown one ("did you mean …"), or undefined if none is close. */
  suggestModel(modelId: string): string | undefined {
    const ref = resolveModelRef(modelId);
    const wanted = normalizeModelId(ref.id);
    const wantedModel = normalizeModelId(ref.model);
    let best: { id: string; distance: number } | undefined;
    for (const layer of this.layers()) {
      for (const id of layer.byAlias.keys()) {
        const candidate = resolveModelRef(id);
        const distance = Math.min(
          editDistance(wanted, id),
          // Right model under the wrong provider (`openai/claude-…`) is still a good suggestion.
          editDistance(wantedModel, normalizeModelId(candidate.model)) + 1,
        );
        if (!best || distance < best.distance || (distance === best.distance && id < best.id)) best = { id, distance };
      }
    }
    const limit = Math.max(2, Math.floor(wantedModel.length * 0.3));
    return best && best.distance <= limit && best.id !== wanted ? best.id : undefined;
  }

  /**
   * Replaces the live layer with models.dev's current catalog, fetched through `fetchJson`
   * (never at import or construction). Returns how many priced models it loaded.
   */
  async refreshFromModelsDev(fetchJson: FetchJson, url: string = MODELS_DEV_API_URL, now: Date = new Date()): Promise<number> {
    return this.applyModelsDevPayload(await fetchJson(url), now.toISOString().slice(0, 10));
  }

  /** Same as `refreshFromModelsDev` for an already parsed api.json payload. */
  applyModelsDevPayload(payload: unknown, asOf?: string): number {
    const entries = entriesFromModelsDev(payload, asOf);
    if (entries.length === 0) throw new Error('models.dev payload contained no priced models');
    this.liveLayer = buildLayer('models.dev live', entries);
    return entries.length;
  }

  private layers(): Layer[] {
    return [this.overrideLayer, this.liveLayer, this.tableLayer, this.snapshotLayer].filter((l): l is Layer => l !== undefined);
  }

  private toModelInfo(
    id: string, provider: string, entry: CatalogEntry, source: PriceSource, matchedBy: 'exact' | 'alias',
  ): ModelInfo {
    const isAnthropic = provider === 'anthropic';
    const cacheRead = entry.cacheReadPerMTok ?? (isAnthropic ? entry.inputPerMTok * ANTHROPIC_CACHE_READ_FACTOR : undefined);
    const cacheWrite = entry.cacheWritePerMTok ?? (isAnthropic ? entry.inputPerMTok * ANTHROPIC_CACHE_WRITE_FACTOR : undefined);
    return {
      id,
      matchedId: entry.id,
      matchedBy,
      provider,
      ...(entry.name ? { name: entry.name } : {}),
      inputPerMTok: entry.inputPerMTok,
      outputPerMTok: entry.outputPerMTok,
      ...(cacheRead !== undefined ? { cacheReadPerMTok: cacheRead } : {}),
      ...(cacheWrite !== undefined ? { cacheWritePerMTok: cacheWrite } : {}),
      ...(entry.contextWindow !== undefined ? { contextWindow: entry.contextWindow } : {}),
      ...(entry.maxOutputTokens !== undefined ? { maxOutputTokens: entry.maxOutputTokens } : {}),
      tokenizer: describeTokenizer(id, this.endpoints),
      source,
      ...(entry.sourceUrl ? { sourceUrl: entry.sourceUrl } : {}),
      ...(entry.asOf ? { asOf: entry.asOf } : {}),
    };
  }
}
