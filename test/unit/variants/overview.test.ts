import { describe, expect, it } from 'vitest';
import { memoryWorkspace } from '../../../src/core/analysis';
import { PriceCatalog } from '../../../src/core/pricing';
import { TokenService } from '../../../src/core/tokens';
import { deltaAgainstBase, describeLogicalPrompt, evalStatus, groupLogicalPrompts, textHash } from '../../../src/core/variants';

const files = {
  '/w/agent.prompt': '---\nmodel: openai/gpt-4o\nproduction: mini\nsamples: agent.samples.jsonl\n---\n{{role "system"}}\nYou are a support agent. {{> facts}}\n{{role "user"}}\n{{question}}\n',
  '/w/agent.mini.prompt': '---\nmodel: openai/gpt-4o-mini\n---\n{{role "system"}}\nSupport agent. {{> facts}}\n{{role "user"}}\n{{question}}\n',
  '/w/agent.same.prompt': '---\nconfig:\n  temperature: 0\n---\n{{role "system"}}\nYou are a support agent.\n',
  '/w/_facts.prompt': 'Refunds within 30 days.',
  '/w/agent.samples.jsonl': '{"id":"a","input":{"question":"hi"}}\n',
};

describe('logical prompt overview', () => {
  it('counts each variant on its own model, marks production, inherits the base model and flags a single provider', async () => {
    const [prompt] = groupLogicalPrompts(Object.keys(files));
    const deps = { tokens: new TokenService(), catalog: new PriceCatalog() };
    const overview = await describeLogicalPrompt(prompt!, { workspace: memoryWorkspace(files), deps, defaultTargets: [] });
    expect(overview.production).toBe('mini');
    expect(overview.rows.map((r) => [r.label, r.model, r.modelInherited, r.production])).toEqual([
      ['base', 'openai/gpt-4o', false, false],
      ['mini', 'openai/gpt-4o-mini', false, true],
      ['same', 'openai/gpt-4o', true, false],
    ]);
    const [base, mini] = overview.rows;
    expect(base!.tokens).toBeGreaterThan(mini!.tokens!);
    // The counts are the analysis' own: same as counting the file alone on its model.
    const direct = await import('../../../src/core/analysis').then((m) => m.analyzePrompt({ fileName: '/w/agent.mini.prompt', text: files['/w/agent.mini.prompt'], workspace: memoryWorkspace(files), targets: ['openai/gpt-4o-mini'], defaultTargets: [], deps }));
    expect(mini!.tokens).toBe(direct.report.models[0]!.renderedTokens);
    expect(mini!.costPerCall).toBeCloseTo(direct.report.models[0]!.costPerCall!, 12);
    expect(overview.fallback).toEqual({ providers: ['openai'], singleProvider: true, provider: 'openai' });
    const delta = deltaAgainstBase(mini!, base!);
    expect(delta.tokens).toBe(mini!.tokens! - base!.tokens!);
    expect(delta.costPerCall).toBeLessThan(0);
  });

  it('says when a count is of the template text because the render stopped, and never calls it exact', async () => {
    const [prompt] = groupLogicalPrompts(Object.keys(files));
    const deps = { tokens: new TokenService(), catalog: new PriceCatalog() };
    const overview = await describeLogicalPrompt(prompt!, { workspace: memoryWorkspace(files), deps, defaultTargets: [], renderBudget: { maxOutputChars: 5, maxMs: 10_000, maxTags: 2_000, maxNesting: 100 } });
    const base = overview.rows[0]!;
    expect(base.tokens).toBeGreaterThan(0);
    expect(base.exactTokens).toBe(false);
    expect(base.problem).toMatch(/^counted from the template text, not the rendered prompt \(render stopped at /);
    const full = await describeLogicalPrompt(prompt!, { workspace: memoryWorkspace(files), deps, defaultTargets: [] });
    expect(full.rows[0]!.exactTokens).toBe(true);
    expect(full.rows[0]!.problem).toBeUndefined();
  });

  it('marks a count the token service estimated in part (time budget) so it is counted again, and the recounts converge to the exact count', async () => {
    const long = Array.from({ length: 600 }, (_, i) => `Rule ${i}: answer question ${i * 7} politely, cite order #${i * 13}.`).join('\n');
    const text = `---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\n${long}\n`;
    const [prompt] = groupLogicalPrompts(['/l/long.prompt']);
    const workspace = memoryWorkspace({ '/l/long.prompt': text });
    const catalog = new PriceCatalog();
    const exact = (await describeLogicalPrompt(prompt!, { workspace, deps: { tokens: new TokenService(), catalog }, defaultTargets: [] })).rows[0]!;
    expect(exact.countContinues).toBeUndefined();
    const budgeted = { tokens: new TokenService({ encodeTimeBudgetMs: 0.5 }), catalog };
    let row = (await describeLogicalPrompt(prompt!, { workspace, deps: budgeted, defaultTargets: [] })).rows[0]!;
    expect(row.countContinues).toBe(true);
    expect(row.exactTokens).toBe(false);
    for (let i = 0; i < 500 && row.countContinues; i++) {
      await new Promise((r) => setTimeout(r, 1));
      row = (await describeLogicalPrompt(prompt!, { workspace, deps: budgeted, defaultTargets: [] })).rows[0]!;
    }
    expect(row.countContinues).toBeUndefined();
    expect(row.tokens).toBe(exact.tokens);
    expect(row.exactTokens).toBe(true);
  });

  it('says when an evaluation is current or stale', () => {
    const report = {
      createdAt: '2026-01-01T00:00:00.000Z',
      regressions: [],
      verdict: 'v',
      fingerprint: { baseline: { promptHash: textHash('B'), model: 'openai/gpt-4o' }, candidate: { promptHash: textHash('C'), model: 'openai/gpt-4o-mini' }, samplesHash: textHash('S') },
    };
    const now = new Date('2026-01-03T00:00:00.000Z');
    const current = { baselineText: 'B', candidateText: 'C', samplesText: 'S', baselineModel: 'openai/gpt-4o', candidateModel: 'openai/gpt-4o-mini' };
    expect(evalStatus(report, current, now).text).toBe('evaluated 2 days ago: 0 regressions');
    expect(evalStatus(report, { ...current, candidateText: 'C edited' }, now).text).toBe('eval stale: candidate prompt changed since');
    expect(evalStatus(report, { ...current, samplesText: undefined }, now).stale).toEqual(['samples changed']);
  });
});
