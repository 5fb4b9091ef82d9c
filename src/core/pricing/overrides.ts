import type { PriceOverride } from './types';

export interface ParsedOverrides {
  readonly overrides: Record<string, PriceOverride>;
  /** One message per rejected entry, for the settings layer to show. */
  readonly problems: string[];
}

const OPTIONAL_NUMBERS = ['cacheRead', 'cacheWrite', 'context', 'maxOutput'] as const;

/** USD per 1M tokens: 0 (free) or a real price; 1e-120 is a typo, and so is a price above $1M per 1M tokens. */
const MIN_PRICE = 1e-6;
const MAX_PRICE = 1e6;

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isPrice(value: unknown): value is number {
  return isNonNegativeNumber(value) && (value === 0 || (value >= MIN_PRICE && value <= MAX_PRICE));
}

/** Validates `promptscope.pricing.overrides` as read from settings (untyped JSON). */
export function parsePriceOverrides(raw: unknown): ParsedOverrides {
  // Keyed by user text: no prototype, so `__proto__` or `constructor` is just another id.
  const overrides: Record<string, PriceOverride> = Object.create(null) as Record<string, PriceOverride>;
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { overrides, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { overrides, problems: ['pricing overrides must be an object keyed by model id'] };
  }
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) {
      problems.push(`${id}: expected { input, output } prices per 1M tokens`);
      continue;
    }
    const entry = value as Record<string, unknown>;
    if (!isNonNegativeNumber(entry.input) || !isNonNegativeNumber(entry.output)) {
      problems.push(`${id}: "input" and "output" must be non-negative numbers (USD per 1M tokens)`);
      continue;
    }
    if (!isPrice(entry.input) || !isPrice(entry.output)) {
      problems.push(`${id}: "input" and "output" must be 0 or between ${MIN_PRICE} and ${MAX_PRICE} USD per 1M tokens`);
      continue;
    }
    const override: { -readonly [K in keyof PriceOverride]: PriceOverride[K] } = { input: entry.input, output: entry.output };
    for (const key of OPTIONAL_NUMBERS) {
      const optional = entry[key];
      if (optional === undefined) continue;
      const valid = key === 'cacheRead' || key === 'cacheWrite' ? isPrice(optional) : isNonNegativeNumber(optional) && Number.isInteger(optional) && optional > 0;
      if (valid && typeof optional === 'number') override[key] = optional;
      else problems.push(`${id}: "${key}" must be ${key.startsWith('cache') ? `0 or a price between ${MIN_PRICE} and ${MAX_PRICE}` : 'a positive whole number of tokens'}; ignored`);
    }
    overrides[id] = override;
  }
  return { overrides, problems };
}
