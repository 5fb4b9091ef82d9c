import { describe, expect, it } from 'vitest';
import { analyzePrompt, memoryWorkspace } from '../../../src/core/analysis';
import { cacheHitRate, cachedTokensFor, cachingDiagnostic, cachingHoverMarkdown, cachingPolicyFor, cachingSuggestion, prefixDetail, prefixSummary, priceCaching, promptCaching, varyingParts } from '../../../src/core/cost';
import { formatUsd, PriceCatalog } from '../../../src/core/pricing';
import { parsePromptFile } from '../../../src/core/prompt';
import { TokenService } from '../../../src/core/tokens';

/** "The cat sat.\n" is 4 o200k tokens and repeats without merging: 375 lines = 1,500 tokens. */
const STATIC_1500 = 'The cat sat.\n'.repeat(375);
/** Round prices so the expected dollars are easy to check by hand. */
const catalog = (): PriceCatalog => new PriceCatalog({
  overrides: {
    'openai/gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
    'anthropic/claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  },
});
const deps = (): { tokens: TokenService; catalog: PriceCatalog } => ({ tokens: new TokenService(), catalog: catalog() });
const HIT_100K = 1 - Math.exp(-(100_000 / 43_200) * 5);

async function analyse(text: string, targets = ['openai/gpt-4o'], files: Record<string, string> = {}) {
  const d = deps();
  const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace(files), defaultTargets: targets, deps: d });
  return { analysis, d };
}

const header = '---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    language: string\n    question: string\n  default:\n    language: French\n    question: Why?\n---\n';

describe('provider caching rules (dated table)', () => {
  it('knows each provider minimum and OpenAI 128-token steps', () => {
    expect(cachingPolicyFor('openai/gpt-4o')).toMatchObject({ mode: 'automatic', minimumTokens: 1024, incrementTokens: 128 });
    expect(cachingPolicyFor('openai/gpt-4')).toBeUndefined();
    expect(cachingPolicyFor('anthropic/claude-sonnet-4-5')).toMatchObject({ mode: 'explicit', minimumTokens: 1024, writeFactor: 1.25 });
    expect(cachingPolicyFor('anthropic/claude-haiku-4-5')?.minimumTokens).toBe(4096);
    expect(cachingPolicyFor('anthropic/claude-3-5-haiku')?.minimumTokens).toBe(2048);
    expect(cachingPolicyFor('googleai/gemini-2.5-flash')).toMatchObject({ mode: 'implicit', minimumTokens: 1024 });
    expect(cachingPolicyFor('vertexai/gemini-2.5-pro')?.minimumTokens).toBe(4096);
    expect(cachingPolicyFor('ollama/llama3.2')).toBeUndefined();
  });

  it('rounds OpenAI cache hits down to 128-token steps above 1,024 and caches nothing below', () => {
    const openai = cachingPolicyFor('openai/gpt-4o')!;
    expect(cachedTokensFor(1023, openai)).toBe(0);
    expect(cachedTokensFor(1024, openai)).toBe(1024);
    expect(cachedTokensFor(1504, openai)).toBe(1408); // 1,024 + 3 × 128
    expect(cachedTokensFor(1500, cachingPolicyFor('anthropic/claude-sonnet-4-5')!)).toBe(1500);
  });

  it('expects hits from random arrivals within the TTL', () => {
    expect(cacheHitRate(100_000, 5)).toBeCloseTo(0.9999906, 6);
    expect(cacheHitRate(1_000, 5)).toBeCloseTo(0.109293, 5);
    expect(cacheHitRate(0, 5)).toBe(0);
  });
});

describe('static prefix of a prompt', () => {
  it('a variable after 1,500 static tokens: 1,507 cacheable (text + system framing), 1,408 billed as reads on gpt-4o', async () => {
    const text = `${header}{{role "system"}}\n${STATIC_1500}Answer in {{language}}.\n{{role "user"}}\n{{question}}\n`;
    const { analysis, d } = await analyse(text);
    const caching = (await promptCaching(analysis, d, 100_000))!;
    expect(caching.prefixEnd).toMatchObject({ kind: 'variable', tag: '{{language}}', line: 10 + 1 + 375 });
    const t = caching.targets[0]!;
    // "The cat sat.\n"×375 (1,500) + "Answer in " (3: "Answer", " in", " ") + 3 framing + 1 for "system" = 1,507
    // (Dotprompt drops the line break after the role marker).
    expect(t.cacheablePrefixTokens).toBe(1507);
    expect(t.reachesMinimum).toBe(true);
    expect(t.cachedTokensPerCall).toBe(1408);
    const total = t.totalTokens;
    expect(t.costPerCall).toBeCloseTo((total * 2.5) / 1e6, 12);
    expect(t.cachedCostPerCall).toBeCloseTo((1408 * 1.25 + (total - 1408) * 2.5) / 1e6, 12);
    // 1,408 tokens × $1.25/M saved on each warm call: $0.00176 × 100,000 × hit rate.
    expect(t.cachingSavingsPerMonth).toBeCloseTo(176 * HIT_100K, 6);
    expect(t.cachePriceSource).toBe('catalog');
    expect(prefixSummary(caching, t)).toBe(`1,507 of ${t.totalTokens.toLocaleString('en-US')} tokens cacheable on gpt-4o; {{language}} on line 387 ends the prefix`);
    expect(prefixDetail(t, 100_000)).toBe(`1,408 billed as cache reads · ${formatUsd((1408 * 1.25 + (total - 1408) * 2.5) / 1e6)}/call instead of ${formatUsd((total * 2.5) / 1e6)} · saves $176.00/month at 100k calls`);
    // Nothing to gain by moving: no diagnostic.
    expect(cachingDiagnostic(caching, await cachingSuggestion(analysis, caching, d, 100_000))).toBeUndefined();
  });

  it('a variable in the first line: nothing to cache, and moving it after the static text gains ~1,500 tokens', async () => {
    const text = `${header}{{role "system"}}\nYou answer in {{language}}.\n${STATIC_1500}{{role "user"}}\n{{question}}\n`;
    const { analysis, d } = await analyse(text);
    const caching = (await promptCaching(analysis, d, 100_000))!;
    const t = caching.targets[0]!;
    expect(caching.prefixEnd?.line).toBe(11);
    // "You answer in " is 4 tokens ("You", " answer", " in", " "), + 4 framing.
    expect(t.cacheablePrefixTokens).toBe(8);
    expect(t.reachesMinimum).toBe(false);
    expect(t.cachedTokensPerCall).toBe(0);
    expect(t.cachingSavingsPerMonth).toBe(0);

    const suggestion = (await cachingSuggestion(analysis, caching, d, 100_000))!;
    expect(suggestion.movedLines).toEqual([11]);
    expect(suggestion.text).toContain(`${STATIC_1500}You answer in {{language}}.\n{{role "user"}}`);
    const s = suggestion.targets[0]!;
    // The static 1,500 tokens + "You answer in " + framing now precede the variable.
    expect(s.prefixTokensAfter).toBe(1500 + 4 + 4);
    expect(s.extraCacheableTokens).toBe(1500);
    expect(s.extraSavingsPerMonth).toBeCloseTo(176 * HIT_100K, 6);

    const diagnostic = cachingDiagnostic(caching, suggestion)!;
    expect(diagnostic).toMatchObject({ severity: 'info', code: 'cache-prefix' });
    expect(text.slice(diagnostic.range.start, diagnostic.range.end)).toBe('{{language}}');
    expect(diagnostic.message).toBe('{{language}} on line 12 ends the cacheable prefix. Moving the late-binding lines after the static text makes 1,500 more tokens cacheable on gpt-4o (+$176.00/month).');
    expect(diagnostic.fixes).toBeUndefined();
    const hover = cachingHoverMarkdown(caching, suggestion, 100_000);
    expect(hover).toContain('8 of');
    expect(hover).toContain('below the 1,024-token minimum of gpt-4o');
  });

  it('a prompt under the provider minimum: fully static yet below 1,024 tokens caches nothing', async () => {
    const text = `---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\n${'The cat sat.\n'.repeat(200)}`;
    const { analysis, d } = await analyse(text);
    const caching = (await promptCaching(analysis, d, 100_000))!;
    expect(caching.prefixEnd).toBeNull();
    const t = caching.targets[0]!;
    // Nothing varies: the whole request but the 3-token reply priming: 800 tokens of text, 1 for the
    // line break the section keeps, 4 framing.
    expect(t.cacheablePrefixTokens).toBe(t.totalTokens - 3);
    expect(t.cacheablePrefixTokens).toBe(805);
    expect(t.cacheablePrefixTokens).toBeLessThan(1024);
    expect(t.reachesMinimum).toBe(false);
    expect(t.cachingSavingsPerMonth).toBe(0);
    expect(await cachingSuggestion(analysis, caching, d, 100_000)).toBeUndefined();
  });

  it('Anthropic: writes cost 1.25×, reads 0.1×; at low volume caching costs more than it saves', () => {
    const price = catalog().lookupModel('anthropic/claude-sonnet-4-5');
    const warm = priceCaching('anthropic/claude-sonnet-4-5', 2000, 1500, price, 100_000);
    expect(warm.costPerCall).toBeCloseTo(0.006, 12);
    expect(warm.cachedCostPerCall).toBeCloseTo(0.00195, 12); // 1,500 × 0.30 + 500 × 3.00 per 1M
    expect(warm.cacheWriteCostPerCall).toBeCloseTo(0.007125, 12); // 1,500 × 3.75 + 500 × 3.00 per 1M
    expect(warm.cachingSavingsPerMonth).toBeCloseTo((0.006 - (HIT_100K * 0.00195 + (1 - HIT_100K) * 0.007125)) * 100_000, 9);
    expect(warm.cachingSavingsPerMonth).toBeCloseTo(405, 0);
    const cold = priceCaching('anthropic/claude-sonnet-4-5', 2000, 1500, price, 1_000);
    const hit = 1 - Math.exp(-(1_000 / 43_200) * 5);
    expect(cold.cachingSavingsPerMonth).toBeCloseTo((0.006 - (hit * 0.00195 + (1 - hit) * 0.007125)) * 1_000, 9);
    expect(cold.cachingSavingsPerMonth).toBeLessThan(0);
    // Haiku 4.5 needs 4,096 tokens: 1,500 is not enough.
    const haiku = priceCaching('anthropic/claude-haiku-4-5', 2000, 1500, new PriceCatalog().lookupModel('anthropic/claude-haiku-4-5'), 100_000);
    expect(haiku.reachesMinimum).toBe(false);
    expect(haiku.cachingSavingsPerMonth).toBe(0);
  });

  it('a partial with variables, a custom (date) helper and an input block each end the prefix; static partials do not', () => {
    const parts = (body: string, partials: Record<string, string> = {}) =>
      varyingParts(parsePromptFile(`---\nmodel: openai/gpt-4o\n---\n${body}`, { fileName: 'a.prompt' }), new Map(Object.entries(partials)));
    expect(parts('Static {{> facts}} then {{> who}} x', { facts: 'Fixed facts.', who: 'I am {{name}}' })[0]).toMatchObject({ kind: 'partial', tag: '{{> who}}' });
    // Without arguments a custom helper reads like a variable: it ends the prefix either way.
    expect(parts('Today is {{currentDate}}.')[0]).toMatchObject({ kind: 'variable', tag: '{{currentDate}}' });
    expect(parts('Today is {{formatDate "today"}}.')[0]).toMatchObject({ kind: 'helper', tag: '{{formatDate "today"}}' });
    expect(parts('A {{#if vip}}VIP {{name}}{{/if}} B {{other}}').map((p) => p.tag)).toEqual(['{{#if vip}}', '{{other}}']);
    expect(parts('{{role "system"}}\n{{! a comment }}static{{section "x"}}')).toEqual([]);
    expect(parts('{{role "system"}}\nhi\n{{history}}')[0]?.kind).toBe('history');
  });
});
