import type { PriceOverride } from './types';

export interface ParsedOverrides {
  readonly overrides: Record<string, PriceOverride>;
  /** One message per rejected entry, for the settings layer to show. */
  readonly problems: string[];
}

const OPTIONAL_NUMBERS = ['cacheRead', 'cacheWrite', 'context', 'maxOutput'] as const;

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validates `promptscope.pricing.overrides` as read from settings (untyped JSON). */
export function parsePriceOverrides(raw: unknown): ParsedOverrides {
  const overrides: Record<string, PriceOverride> = {};
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
    const override: { -readonly [K in keyof PriceOverride]: PriceOverride[K] } = { input: entry.input, output: entry.output };
    for (const key of OPTIONAL_NUMBERS) {
      const optional = entry[key];
      if (optional === undefined) continue;
      if (isNonNegativeNumber(optional)) override[key] = optional;
      else problems.push(`${id}: "${key}" must be a non-negative number; ignored`);
    }
    overrides[id] = override;
  }
  return { overrides, problems };
}
