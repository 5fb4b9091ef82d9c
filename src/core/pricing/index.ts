export type { CatalogEntry, ModelInfo, PriceOverride, PriceSource } from './types';
export {
  PriceCatalog,
  normalizeModelId,
  ANTHROPIC_CACHE_READ_FACTOR,
  ANTHROPIC_CACHE_WRITE_FACTOR,
  type FetchJson,
  type PriceCatalogOptions,
} from './catalog';
export { BUILTIN_PRICE_TABLE } from './builtinTable';
export { MODELS_DEV_API_URL, entriesFromModelsDev } from './modelsDev';
export { modelsDevSnapshot } from './snapshot';
export { parsePriceOverrides, type ParsedOverrides } from './overrides';
export { costPerCall, usageCost, costPerThousandCalls, worstCaseCost, cachedInputCost, contextPercent } from './cost';
export { formatUsd, formatTokenCount, formatPercent, approxPrefix, formatCountSummary, type CountSummaryParts } from './format';
