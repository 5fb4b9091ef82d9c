import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PriceCatalog, normalizeModelId } from '../../../src/core/pricing/catalog';
import { MODELS_DEV_API_URL } from '../../../src/core/pricing/modelsDev';
import { parsePriceOverrides } from '../../../src/core/pricing/overrides';

const fixture: unknown = JSON.parse(readFileSync(join(__dirname, 'fixtures/models-dev-api.json'), 'utf8'));

describe('price lookup', () => {
  const catalog = new PriceCatalog();

  it('finds models in the models.dev snapshot', () => {
    expect(catalog.lookupModel('openai/gpt-4o')).toMatchObject({
      id: 'openai/gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10, contextWindow: 128_000, maxOutputTokens: 16_384,
      source: 'models.dev snapshot', matchedBy: 'exact', tokenizer: 'o200k_base (exact)',
    });
  });

  it('matches dated ids exactly and undated or -latest ids to the newest dated entry', () => {
    expect(catalog.lookupModel('anthropic/claude-3-5-sonnet-20240620')).toMatchObject({ matchedId: 'anthropic/claude-3-5-sonnet-20240620', matchedBy: 'exact' });
    expect(catalog.lookupModel('anthropic/claude-3-5-sonnet-latest')).toMatchObject({ matchedId: 'anthropic/claude-3-5-sonnet-20241022', matchedBy: 'alias', inputPerMTok: 3 });
    expect(catalog.lookupModel('anthropic/claude-sonnet-4')).toMatchObject({ matchedId: 'anthropic/claude-sonnet-4-20250514' });
    expect(catalog.lookupModel('openai/gpt-4.1-mini-2025-04-14')).toMatchObject({ matchedId: 'openai/gpt-4.1-mini', matchedBy: 'alias' });
  });

  it('accepts bare model names', () => {
    expect(catalog.lookupModel('gpt-4o-mini')?.id).toBe('openai/gpt-4o-mini');
    expect(catalog.lookupModel('claude-haiku-4-5')?.provider).toBe('anthropic');
  });

  it('serves current models the snapshot lacks from the dated built-in table', () => {
    const sonnet = catalog.lookupModel('anthropic/claude-sonnet-4-5');
    expect(sonnet).toMatchObject({ inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, contextWindow: 200_000, source: 'builtin-table' });
    expect(sonnet?.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sonnet?.sourceUrl).toMatch(/^https:\/\//);
    expect(sonnet?.tokenizer).toMatch(/≈/);
    expect(catalog.lookupModel('anthropic/claude-sonnet-4-5-20250929')).toMatchObject({ matchedId: 'anthropic/claude-sonnet-4-5', matchedBy: 'alias' });
    expect(catalog.lookupModel('anthropic/claude-haiku-4-5')).toMatchObject({ inputPerMTok: 1, outputPerMTok: 5 });
    expect(catalog.lookupModel('openai/gpt-5.1')).toMatchObject({ inputPerMTok: 1.25, source: 'builtin-table' });
  });

  it('prefers the table where it corrects the snapshot', () => {
    expect(catalog.lookupModel('openai/gpt-5')).toMatchObject({ cacheReadPerMTok: 0.125, source: 'builtin-table' });
    expect(catalog.lookupModel('openai/gpt-4o-2024-05-13')).toMatchObject({ inputPerMTok: 5, matchedBy: 'exact' });
  });

  it('derives Anthropic cache prices when an entry lacks them', () => {
    const custom = new PriceCatalog({ overrides: { 'anthropic/claude-custom': { input: 4, output: 20 } } });
    const info = custom.lookupModel('anthropic/claude-custom');
    expect(info?.cacheReadPerMTok).toBeCloseTo(0.4);
    expect(info?.cacheWritePerMTok).toBeCloseTo(5);
    const openAiCustom = new PriceCatalog({ overrides: { 'openai/my-model': { input: 1, output: 2 } } });
    expect(openAiCustom.lookupModel('openai/my-model')?.cacheReadPerMTok).toBeUndefined();
  });

  it('returns undefined for unknown models and suggests the closest id', () => {
    expect(catalog.lookupModel('openai/gpt-4o-mni')).toBeUndefined();
    expect(catalog.suggestModel('openai/gpt-4o-mni')).toBe('openai/gpt-4o-mini');
    expect(catalog.suggestModel('anthropic/claude-sonet-4-5')).toBe('anthropic/claude-sonnet-4-5');
    expect(catalog.suggestModel('openai/claude-sonnet-4-5')).toBe('anthropic/claude-sonnet-4-5');
    expect(catalog.suggestModel('openai/totally-different-thing')).toBeUndefined();
  });

  it('lists known models for completion', () => {
    const ids = catalog.listModels().map((m) => m.id);
    expect(ids).toContain('openai/gpt-4o');
    expect(ids).toContain('anthropic/claude-sonnet-4-5');
    expect(ids).toContain('anthropic/claude-3-5-haiku-20241022');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('user overrides', () => {
  it('win over every built-in source, also for dated ids of the overridden model', () => {
    const catalog = new PriceCatalog({ overrides: { 'openai/gpt-4o': { input: 1, output: 2, context: 64_000 } } });
    expect(catalog.lookupModel('openai/gpt-4o')).toMatchObject({ inputPerMTok: 1, outputPerMTok: 2, contextWindow: 64_000, source: 'override' });
    expect(catalog.lookupModel('openai/gpt-4o-2024-08-06')).toMatchObject({ inputPerMTok: 1, source: 'override', matchedBy: 'alias' });
  });

  it('price models nobody else knows, and can be replaced at runtime', () => {
    const catalog = new PriceCatalog();
    expect(catalog.lookupModel('ollama/llama3.2')).toBeUndefined();
    catalog.configure({ overrides: { 'ollama/llama3.2': { input: 0, output: 0, context: 131_072 } } });
    expect(catalog.lookupModel('ollama/llama3.2')).toMatchObject({ inputPerMTok: 0, contextWindow: 131_072, source: 'override' });
    expect(catalog.listModels().map((m) => m.id)).toContain('ollama/llama3.2');
  });

  it('are validated from settings JSON', () => {
    const parsed = parsePriceOverrides({
      'openai/my-model': { input: 1, output: 2, cacheRead: 0.1, context: 128_000 },
      'openai/bad': { input: 'cheap', output: 2 },
      'openai/partly-bad': { input: 1, output: 2, maxOutput: -5 },
    });
    expect(parsed.overrides).toEqual({
      'openai/my-model': { input: 1, output: 2, cacheRead: 0.1, context: 128_000 },
      'openai/partly-bad': { input: 1, output: 2 },
    });
    expect(parsed.problems).toHaveLength(2);
    expect(parsePriceOverrides(undefined)).toEqual({ overrides: {}, problems: [] });
    expect(parsePriceOverrides([1]).problems).toHaveLength(1);
  });
});

describe('refresh from models.dev', () => {
  it('loads a fetched api.json through the injected fetch function, above the table and snapshot', async () => {
    const catalog = new PriceCatalog();
    const fetchJson = vi.fn(async () => fixture);
    const loaded = await catalog.refreshFromModelsDev(fetchJson, undefined, new Date('2026-11-29T10:00:00Z'));
    expect(fetchJson).toHaveBeenCalledWith(MODELS_DEV_API_URL);
    expect(loaded).toBe(3);
    expect(catalog.lookupModel('anthropic/claude-future-9')).toMatchObject({
      inputPerMTok: 2, contextWindow: 500_000, source: 'models.dev live', asOf: '2026-11-29', cacheReadPerMTok: 0.2,
    });
    expect(catalog.lookupModel('openai/gpt-4o')).toMatchObject({ inputPerMTok: 2, source: 'models.dev live' });
    expect(catalog.lookupModel('anthropic/claude-sonnet-4-5-20250929')).toMatchObject({ matchedBy: 'exact', source: 'models.dev live' });
    // An exact id in any built-in layer beats an alias match in a fresher one.
    expect(catalog.lookupModel('anthropic/claude-sonnet-4-5')).toMatchObject({ matchedBy: 'exact', source: 'builtin-table' });
    expect(catalog.lookupModel('anthropic/claude-unpriced')).toBeUndefined();
    // Models only the snapshot knows are still there.
    expect(catalog.lookupModel('openai/o3')?.source).toBe('models.dev snapshot');
  });

  it('rejects a payload without priced models and keeps the previous data', async () => {
    const catalog = new PriceCatalog();
    await expect(catalog.refreshFromModelsDev(async () => ({ error: 'nope' }))).rejects.toThrow(/no priced models/);
    expect(catalog.lookupModel('openai/gpt-4o')?.source).toBe('models.dev snapshot');
  });
});

describe('id normalisation', () => {
  it.each([
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['anthropic/claude-3-5-sonnet-latest', 'anthropic/claude-3-5-sonnet'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['gpt-4.1', 'gpt-4.1'],
  ])('%s → %s', (id, expected) => {
    expect(normalizeModelId(id)).toBe(expected);
  });
});
