/** Where a price came from, most trusted first. */
export type PriceSource = 'override' | 'models.dev live' | 'builtin-table' | 'models.dev snapshot';

/** Prices are USD per 1 million tokens, as every provider publishes them. */
export interface ModelPrices {
  readonly name?: string;
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  readonly cacheReadPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  readonly sourceUrl?: string;
  /** Date (ISO) the price was published or fetched. */
  readonly asOf?: string;
}

/** What a lookup answers: the prices plus where they came from and how the model is counted. */
export interface ModelInfo extends ModelPrices {
  /** The id that was asked for, normalised to `provider/model`. */
  readonly id: string;
  /** The catalog entry that answered (a dated id, an alias, or `id` itself). */
  readonly matchedId: string;
  readonly matchedBy: 'exact' | 'alias';
  readonly provider: string;
  /** How tokens are counted for this model, e.g. `o200k_base (exact)`. */
  readonly tokenizer: string;
  readonly source: PriceSource;
}

/** A user's price entry from settings (`promptscope.pricing.overrides`), per 1M tokens. */
export interface PriceOverride {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly context?: number;
  readonly maxOutput?: number;
}

/** One model as stored in a catalog layer, before lookup decorates it. */
export interface CatalogEntry extends ModelPrices {
  /** `provider/model`, lower case. */
  readonly id: string;
  /** Breaks ties when several dated entries share an alias: the newest wins. */
  readonly releaseDate?: string;
}
