import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePrompt } from '../../../src/core/analysis';
import { nodeWorkspace } from '../../../src/cli/nodeWorkspace';
import { compactTargetLensTitle, inputLensTitle, inputLensTooltip, primaryTargetLensTitle } from '../../../src/vscode/tokens/lensText';
import { DEFAULT_TARGETS, deps, example } from '../analysis/helpers';

async function analyze(input?: Parameters<typeof analyzePrompt>[0]['input']) {
  const fileName = example('support-agent.prompt');
  return analyzePrompt({ fileName, text: readFileSync(fileName, 'utf8'), workspace: nodeWorkspace(), defaultTargets: DEFAULT_TARGETS, deps: deps(), ...(input ? { input } : {}) });
}

describe('the top CodeLens row: short enough for a 900 px editor with three targets', () => {
  it('input, the primary target in full, and a compact lens per further target', async () => {
    const a = await analyze();
    const [primary, claude, mini] = a.report.models;
    expect(a.report.models).toHaveLength(3);
    expect(inputLensTitle(a)).toBe('$(symbol-parameter) default');
    expect(inputLensTooltip(a)).toMatch(/^Counted with the default input — click/);
    expect(primaryTargetLensTitle(primary!)).toMatch(/^gpt-4o [\d,]+ tok · \$[\d.]+\/call · \$[\d.]+\/1k$/);
    expect(compactTargetLensTitle(claude!)).toMatch(/^claude-sonnet-4-5 ≈[\d,]+ tok · ≈\$[\d.]+$/);
    expect(compactTargetLensTitle(mini!)).toMatch(/^gpt-4o-mini [\d,]+ tok · \$[\d.]+$/);
    // The same numbers as the analysis (the row is the lens's one truthful number, only shorter).
    expect(primaryTargetLensTitle(primary!)).toContain(`${primary!.renderedTokens.toLocaleString('en-US')} tok`);
  });

  it('a sample input shows its number; the tooltip has the full label', async () => {
    const a = await analyze({ kind: 'sample', index: 2 });
    expect(inputLensTitle(a)).toBe('$(symbol-parameter) sample 2');
    expect(inputLensTooltip(a)).toContain(a.input.label);
    expect(a.input.label).toMatch(/^sample 2 \(id: /);
  });
});

describe('the input lens when the template is counted instead', () => {
  it('is short and says "template"; the tooltip says why', async () => {
    const a = await analyzePrompt({ fileName: '/p/broken.prompt', text: '---\nmodel: openai/gpt-4o\n---\nHello {{#if}}.\n', workspace: nodeWorkspace(), defaultTargets: DEFAULT_TARGETS, deps: deps() });
    expect(a.countedFrom).toBe('template');
    expect(inputLensTitle(a)).toBe('$(warning) template');
    expect(inputLensTooltip(a)).toMatch(/could not be rendered: its text is counted instead/);
  });
});
