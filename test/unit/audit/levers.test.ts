import { describe, expect, it } from 'vitest';
import { auditToCsv, auditToMarkdown, auditToText, runAudit } from '../../../src/core/audit';
import { usersToReach } from '../../../src/core/cost';
import { PriceCatalog } from '../../../src/core/pricing';
import { TokenService } from '../../../src/core/tokens';
import { memoryFiles, NOW } from './helpers';

const STATIC_1500 = 'The cat sat.\n'.repeat(375);
const HIT_100K = 1 - Math.exp(-(100_000 / 43_200) * 5);
const deps = () => ({
  tokens: new TokenService(),
  catalog: new PriceCatalog({ overrides: { 'openai/gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25, context: 128_000, maxOutput: 16_000 } } }),
});
const header = (extra = '') => `---\nmodel: openai/gpt-4o\n${extra}input:\n  schema:\n    language: string\n  default:\n    language: French\n---\n`;
const CACHED = `${header()}{{role "system"}}\n${STATIC_1500}Answer in {{language}}.\n`;

async function audit(files: Record<string, string>, extra: Parameters<typeof runAudit>[0] extends infer O ? Partial<O> : never = {}) {
  const { files: inputs, workspace } = memoryFiles(files);
  return runAudit({ files: inputs, workspace, deps: deps(), defaultTargets: ['openai/gpt-4o'], now: NOW, ...extra });
}

describe('audit cost levers', () => {
  it('prices prompt caching per prompt and target and totals it next to the compression savings', async () => {
    const report = await audit({ 'cached.prompt': CACHED });
    const p = report.prompts[0]!;
    const t = p.targets[0]!;
    expect(t.cacheablePrefixTokens).toBe(1507);
    expect(t.cacheMinimumTokens).toBe(1024);
    expect(t.cachedTokensPerCall).toBe(1408);
    expect(t.cachedCostPerCall).toBeCloseTo((1408 * 1.25 + (t.tokens - 1408) * 2.5) / 1e6, 12);
    expect(t.cachingSavingsPerMonth).toBeCloseTo(176 * HIT_100K, 6);
    expect(p.cachePrefixEnd).toEqual({ tag: '{{language}}', line: 8 + 1 + 375 + 1, kind: 'variable' });
    expect(report.totals.cachingSavingsPerMonth).toBeCloseTo(176 * HIT_100K, 6);
    const text = auditToText(report);
    expect(text).toContain('Prompt caching: $176.00/month');
    expect(text).toMatch(/cached\.prompt +gpt-4o +1,5\d\d +1,507\/1,5\d\d +\$/);
    expect(auditToMarkdown(report)).toContain('| Cacheable |');
    expect(auditToCsv(report).split('\r\n')[0]).toContain('cacheable_prefix_tokens');
  });

  it('worst-case output for prompts without maxOutputTokens; none with a limit', async () => {
    const report = await audit({ 'open.prompt': CACHED, 'limited.prompt': CACHED.replace('model: openai/gpt-4o\n', 'model: openai/gpt-4o\nconfig:\n  maxOutputTokens: 500\n') });
    const open = report.prompts.find((p) => p.relativePath === 'open.prompt')!;
    const limited = report.prompts.find((p) => p.relativePath === 'limited.prompt')!;
    const t = open.targets[0]!;
    expect(t.worstCaseOutputTokens).toBe(16_000);
    expect(t.worstCaseCostPerCall).toBeCloseTo((t.tokens * 2.5 + 16_000 * 10) / 1e6, 12);
    expect(open.worstCaseMonthlyCost).toBeCloseTo(t.worstCaseCostPerCall! * 100_000, 6);
    expect(limited.targets[0]!.worstCaseOutputTokens).toBeNull();
    expect(report.totals.worstCaseMonthlyCostWithoutLimit).toBeCloseTo(open.worstCaseMonthlyCost!, 6);
  });

  it('batch: true halves the price; the batch option applies it to every prompt', async () => {
    const report = await audit({ 'night.prompt': CACHED.replace('model: openai/gpt-4o\n', 'model: openai/gpt-4o\nbatch: true\n'), 'live.prompt': CACHED });
    const night = report.prompts.find((p) => p.relativePath === 'night.prompt')!;
    const live = report.prompts.find((p) => p.relativePath === 'live.prompt')!;
    expect(night.batch).toBe(true);
    expect(night.targets[0]!.batchCostPerCall).toBeCloseTo(night.targets[0]!.costPerCall! / 2, 12);
    expect(night.batchSavingsPerMonth).toBeCloseTo((night.targets[0]!.costPerCall! / 2) * 100_000, 6);
    expect(live.batch).toBe(false);
    expect(live.batchSavingsPerMonth).toBeNull();
    expect(report.totals.batchSavingsPerMonth).toBeCloseTo(night.batchSavingsPerMonth!, 6);
    const all = await audit({ 'live.prompt': CACHED }, { batch: true });
    expect(all.prompts[0]!.batch).toBe(true);
  });

  it('response-cache potential from the traffic file the frontmatter names, or the default one', async () => {
    const traffic = ['{"input":{"q":"Where is my order?"}}', '{"input":{"q":"where is my order"}}', '{"input":{"q":"Cancel my plan"}}', '{"input":{"q":"WHERE IS MY ORDER!"}}', 'oops'].join('\n');
    const report = await audit({ 'a.prompt': CACHED.replace('model: openai/gpt-4o\n', 'model: openai/gpt-4o\ntraffic: logs.jsonl\n'), 'logs.jsonl': traffic, 'b.prompt': CACHED });
    const a = report.prompts.find((p) => p.relativePath === 'a.prompt')!;
    expect(a.responseCache).toMatchObject({ source: 'logs.jsonl', inputs: 4, skippedLines: 1, exactDuplicateShare: 0.5, nearDuplicateShare: 0.5, callsSavedPerMonth: 50_000, error: null });
    expect(a.responseCache!.savingsPerMonth).toBeCloseTo(50_000 * a.targets[0]!.costPerCall!, 6);
    expect(a.responseCache!.mostRepeated[0]).toEqual({ example: 'q: Where is my order?', count: 3 });
    expect(report.prompts.find((p) => p.relativePath === 'b.prompt')!.responseCache).toBeNull();
    const missing = await audit({ 'b.prompt': CACHED }, { trafficPath: '/mem/none.jsonl' });
    expect(missing.prompts[0]!.responseCache?.error).toContain('cannot read the traffic file');
    expect(missing.prompts[0]!.targets[0]!.costPerCall).not.toBeNull();
  });

  it('cost curve: monthly cost per users point, per model and in total, and the users that cross the band', async () => {
    const report = await audit({ 'a.prompt': CACHED }, { users: [1000, 100], callsPerUser: 10, selfHostingBandUsd: [5_000, 20_000] });
    const c = report.costCurve;
    const perCall = report.prompts[0]!.targets[0]!.costPerCall!;
    expect(c.users).toEqual([100, 1000]);
    const total = c.series.find((s) => s.id === 'total')!;
    expect(total.monthlyCost[0]).toBeCloseTo(100 * 10 * perCall, 9);
    expect(total.monthlyCost[1]).toBeCloseTo(1000 * 10 * perCall, 9);
    expect(total.crossesLowAtUsers).toBe(Math.ceil(5_000 / (10 * perCall)));
    expect(total.crossesHighAtUsers).toBe(Math.ceil(20_000 / (10 * perCall)));
    expect(c.series.find((s) => s.id === 'openai/gpt-4o')!.monthlyCost).toEqual(total.monthlyCost);
    const levered = c.series.find((s) => s.id === 'total-with-levers')!;
    // At 10,000 calls a month the prefix is warm 68.6% of the time: caching cuts the bill.
    expect(levered.monthlyCost[1]!).toBeLessThan(total.monthlyCost[1]!);
    expect(levered.crossesLowAtUsers!).toBeGreaterThan(total.crossesLowAtUsers!);
    expect(auditToMarkdown(report)).toContain('## Cost curve');
  });

  it('usersToReach finds the first whole number of users at a threshold', () => {
    expect(usersToReach((u) => u * 2.5, 10)).toBe(4);
    expect(usersToReach((u) => u * 2.5, 11)).toBe(5);
    expect(usersToReach(() => 1, 10)).toBeNull();
  });
});

describe('audit: observed output lengths from comparison runs', () => {
  it('reports p50/p95/max per model and suggests maxOutputTokens for prompts without one', async () => {
    const cells = [120, 300, 180, 402].map((n, i) => ({ id: `c0-r${i}-k0`, column: 0, row: i, status: 'done', cached: false, usage: { inputTokens: 10, outputTokens: n, reported: true } }));
    const runs = [{ version: 1, id: 'x', promptPath: 'open.prompt', columns: [{ index: 0, model: 'openai/gpt-4o' }], rows: [], cells }];
    const report = await audit({ 'open.prompt': CACHED, 'other.prompt': CACHED }, { runs });
    const open = report.prompts.find((p) => p.relativePath === 'open.prompt')!;
    expect(open.observedOutputs).toEqual([{ modelId: 'openai/gpt-4o', samples: 4, p50: 180, p95: 402, p99: 402, max: 402, suggestedMaxOutputTokens: 496 }]);
    expect(open.suggestedMaxOutputTokens).toBe(496);
    expect(report.prompts.find((p) => p.relativePath === 'other.prompt')!.observedOutputs).toEqual([]);
    expect(auditToText(report)).toContain('observed output on openai/gpt-4o: p50 180 · p95 402 · max 402 tok (4 replies) · suggested maxOutputTokens: 496');
    expect(auditToCsv(report).split('\r\n')[1]).toMatch(/,4,180,402,402,496$/);
  });
});
