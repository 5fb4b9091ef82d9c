import { readFileSync } from 'node:fs';
import { get_encoding } from 'tiktoken';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePrompt, memoryWorkspace, sectionNames, targetsFor, type PromptAnalysis } from '../../../src/core/analysis';
import { nodeWorkspace } from '../../../src/cli/nodeWorkspace';
import { parsePromptFile, partialTemplate, renderPromptFile } from '../../../src/core/prompt';
import { DEFAULT_TARGETS, deps, example } from './helpers';

// An independent count: tiktoken's own o200k_base encoder, and the OpenAI cookbook's chat framing
// (3 tokens per message + the role's tokens, 3 for the reply priming).
const o200k = get_encoding('o200k_base');
afterAll(() => o200k.free());
const encodeCount = (text: string): number => o200k.encode(text, [], []).length;
function expectedChatTokens(messages: readonly { role: string; text: string }[]): number {
  return messages.reduce((sum, m) => sum + 3 + encodeCount(m.role === 'model' ? 'assistant' : m.role) + encodeCount(m.text), 3);
}

async function analyzeExample(name: string, extra: Partial<Parameters<typeof analyzePrompt>[0]> = {}): Promise<PromptAnalysis> {
  const fileName = example(name);
  return analyzePrompt({ fileName, text: readFileSync(fileName, 'utf8'), workspace: nodeWorkspace(), defaultTargets: DEFAULT_TARGETS, deps: deps(), ...extra });
}

/** Renders without the analysis module: partials read straight from disk. */
async function independentRender(name: string): Promise<{ role: string; text: string }[]> {
  const fileName = example(name);
  const file = parsePromptFile(readFileSync(fileName, 'utf8'), { fileName });
  const result = await renderPromptFile(file, {
    loadPartial: (partial) => {
      try {
        return readFileSync(example(`_${partial}.prompt`), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  expect(result.error).toBeUndefined();
  return [...result.messages];
}

describe('analyzePrompt on the examples', () => {
  it('support-agent.prompt: partial included, exact o200k totals equal an independent tiktoken count', async () => {
    const analysis = await analyzeExample('support-agent.prompt');
    const facts = partialTemplate(readFileSync(example('_company-facts.prompt'), 'utf8'));
    expect(analysis.messages[0]?.text).toContain(facts);
    expect(analysis.missingPartials).toEqual([]);
    expect(analysis.targets).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
    expect(analysis.targetsSource).toBe('file');
    expect(analysis.input.label).toBe('default input');
    expect(analysis.budget).toEqual({ tokens: 2600, source: 'file' });
    expect(analysis.maxOutputTokens).toBe(700);

    const messages = await independentRender('support-agent.prompt');
    expect(analysis.messages).toEqual(messages);
    const expected = expectedChatTokens(messages);
    for (const id of ['openai/gpt-4o', 'openai/gpt-4o-mini']) {
      const model = analysis.report.models.find((m) => m.modelId === id);
      expect(model).toMatchObject({ renderedTokens: expected, exact: true, method: 'tiktoken:o200k_base' });
      expect(model?.perMessage).toEqual(messages.map((m) => encodeCount(m.text)));
    }
    const gpt4o = analysis.report.models[0];
    expect(gpt4o?.summary).toMatch(/^gpt-4o [\d,]+ tok · \$[\d.]+\/call · \$[\d.]+\/1k · [\d.]+% ctx$/);

    // Sections: the rendered messages, one-to-one with the role sections.
    expect(analysis.sectionsFrom).toBe('rendered');
    expect(analysis.sections.map((s) => s.name)).toEqual(['system', 'user']);
    expect(gpt4o?.sections).toEqual(messages.map((m, i) => ({ name: ['system', 'user'][i], tokens: encodeCount(m.text) })));
    const claude = analysis.report.models.find((m) => m.modelId === 'anthropic/claude-sonnet-4-5');
    expect(claude).toMatchObject({ exact: false, method: 'estimate' });
    expect(claude?.renderedTokens).toBeGreaterThan(expected);

    // Under the example's budget: no diagnostics.
    expect(analysis.budgetDiagnostics).toEqual([]);
  });

  it('summarizer.prompt and legacy-triage.prompty count exactly like tiktoken too', async () => {
    for (const name of ['summarizer.prompt', 'legacy-triage.prompty']) {
      const analysis = await analyzeExample(name);
      const expected = expectedChatTokens(analysis.messages);
      const openai = analysis.report.models.filter((m) => m.modelId.startsWith('openai/'));
      expect(openai.length).toBeGreaterThan(0);
      for (const m of openai) expect(m.renderedTokens).toBe(expected);
    }
    const prompty = await analyzeExample('legacy-triage.prompty');
    expect(prompty.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(prompty.messages[1]?.text).toContain('Subject: Hub offline since yesterday');
    expect(prompty.sectionsFrom).toBe('rendered');
  });

  it('a plain .md prompt is one system message, counted for the default targets', async () => {
    const analysis = await analyzeExample('release-notes-writer.md');
    const text = readFileSync(example('release-notes-writer.md'), 'utf8');
    expect(analysis.messages).toEqual([{ role: 'system', text }]);
    expect(analysis.targets).toEqual(DEFAULT_TARGETS);
    expect(analysis.targetsSource).toBe('default');
    expect(analysis.report.models[0]?.renderedTokens).toBe(expectedChatTokens([{ role: 'system', text }]));
    expect(analysis.sections.map((s) => s.name)).toEqual(['system']);
  });

  it('--model style overrides replace the file targets', async () => {
    const analysis = await analyzeExample('support-agent.prompt', { targets: ['openai/gpt-4.1'] });
    expect(analysis.targets).toEqual(['openai/gpt-4.1']);
    expect(analysis.targetsSource).toBe('override');
    expect(analysis.report.models.map((m) => m.modelId)).toEqual(['openai/gpt-4.1']);
  });
});

describe('sections', () => {
  it('names repeated roles with a number', () => {
    expect(sectionNames(['system', 'user', 'model', 'user', 'user'])).toEqual(['system', 'user', 'model', 'user #2', 'user #3']);
  });

  it('uses the rendered messages when they match the role sections one-to-one', async () => {
    const text = '---\nmodel: openai/gpt-4o\ninput:\n  default:\n    q: What is 2+2?\n---\n{{role "system"}}\nBe brief.\n{{role "user"}}\n{{q}}\n{{role "model"}}\n4\n{{role "user"}}\nAnd {{q}}';
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps() });
    expect(analysis.sectionsFrom).toBe('rendered');
    expect(analysis.sections.map((s) => [s.name, s.text.trim()])).toEqual([
      ['system', 'Be brief.'], ['user', 'What is 2+2?'], ['model', '4'], ['user #2', 'And What is 2+2?'],
    ]);
  });

  it('matches messages to sections in order when a section renders empty, so the role counts add up to the total', async () => {
    // The empty assistant section renders no message: four sections, three messages.
    const text = '---\nmodel:\n  id: gpt-4o\n  provider: openai\ninputs:\n  - name: q\n    default: hello\n---\nsystem:\nSay {{q}}.\n\nuser:\n{{q}}\n\nassistant:\n\nuser:\nagain\n';
    const analysis = await analyzePrompt({ fileName: '/p/a.prompty', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps() });
    expect(analysis.messages.length).toBe(3);
    expect(analysis.sectionsFrom).toBe('rendered');
    expect(analysis.sections.map((s) => [s.name, s.text.trim()])).toEqual([['system', 'Say hello.'], ['user', 'hello'], ['assistant', ''], ['user #2', 'again']]);
    const model = analysis.report.models[0];
    expect(model?.sections.map((s) => s.name)).toEqual(['system', 'user', 'assistant', 'user #2']);
    const sum = (model?.sections ?? []).reduce((n, s) => n + s.tokens, 0);
    expect(sum + (model?.overhead ?? 0)).toBe(model?.renderedTokens);
  });

  it('falls back to the raw template text when a message fits no section', async () => {
    const text = '---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\nRules {{> roles}}\n';
    const ws = memoryWorkspace({ '/p/_roles.prompt': 'partial\n{{role "user"}}\nfrom the partial' });
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: ws, defaultTargets: [], deps: deps() });
    expect(analysis.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(analysis.sectionsFrom).toBe('template');
  });
});

describe('budget and context diagnostics', () => {
  const filler = (words: number): string => Array.from({ length: words }, (_, i) => `word${i % 50}`).join(' ');

  it('warns when the rendered prompt is over the file budget, on the budget key, naming model and numbers', async () => {
    const text = `---\nmodel: openai/gpt-4o\ntargets: [openai/gpt-4o-mini]\nbudget: 100\n---\n{{role "system"}}\n${filler(150)}`;
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps() });
    const tokens = analysis.report.models[0]?.renderedTokens as number;
    expect(tokens).toBeGreaterThan(100);
    expect(analysis.budgetDiagnostics).toHaveLength(2);
    const [first] = analysis.budgetDiagnostics;
    expect(first).toMatchObject({ severity: 'warning', code: 'over-budget', source: 'promptscope' });
    expect(first?.message).toBe(`Rendered prompt is ${tokens.toLocaleString('en-US')} tokens on gpt-4o, over the budget of 100 (+${(tokens - 100).toLocaleString('en-US')})`);
    expect(text.slice(first?.range.start, first?.range.end)).toBe('budget');
    expect(analysis.budgetDiagnostics[1]?.message).toContain('on gpt-4o-mini');
    expect(analysis.checks[0]?.overBudgetBy).toBe(tokens - 100);
  });

  it('uses the fallback budget (the setting) on the first line when the file sets none; the file budget wins', async () => {
    const text = `---\nmodel: openai/gpt-4o\n---\n${filler(60)}`;
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], budget: 20, deps: deps() });
    expect(analysis.budget).toEqual({ tokens: 20, source: 'setting' });
    expect(analysis.budgetDiagnostics.map((d) => d.code)).toEqual(['over-budget']);
    expect(analysis.budgetDiagnostics[0]?.range).toEqual({ start: 0, end: 3 });

    const withOwn = `---\nmodel: openai/gpt-4o\nbudget: 5000\n---\n${filler(60)}`;
    const own = await analyzePrompt({ fileName: '/p/a.prompt', text: withOwn, workspace: memoryWorkspace({}), defaultTargets: [], budget: 20, deps: deps() });
    expect(own.budget).toEqual({ tokens: 5000, source: 'file' });
    expect(own.budgetDiagnostics).toEqual([]);
  });

  it('estimated counts carry ≈ in the message', async () => {
    const text = filler(100);
    const analysis = await analyzePrompt({ fileName: '/p/a.md', text, workspace: memoryWorkspace({}), defaultTargets: ['anthropic/claude-sonnet-4-5'], budget: 10, deps: deps() });
    expect(analysis.budgetDiagnostics[0]?.message).toMatch(/^Rendered prompt is ≈[\d,]+ tokens on claude-sonnet-4-5, over the budget of 10 \(\+[\d,]+\)$/);
  });

  it('errors when input + config.maxOutputTokens do not fit the context window', async () => {
    const catalog = { overrides: { 'openai/tiny-ctx': { input: 1, output: 2, context: 400, maxOutput: 50 } } };
    const text = `---\nmodel: openai/tiny-ctx\nconfig:\n  maxOutputTokens: 300\n---\n{{role "system"}}\n${filler(120)}`;
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps(catalog) });
    const check = analysis.checks[0];
    const tokens = check?.tokens as number;
    expect(tokens).toBeLessThan(400);
    expect(check).toMatchObject({ exceedsContext: true, contextWindow: 400, outputReserve: { tokens: 300, source: 'prompt' }, contextNeeded: tokens + 300 });
    const [d] = analysis.budgetDiagnostics;
    expect(d).toMatchObject({ severity: 'error', code: 'exceeds-context', source: 'promptscope' });
    expect(d?.message).toBe(
      `Rendered prompt is ≈${tokens} tokens on tiny-ctx; with up to 300 output tokens (config.maxOutputTokens) it needs ≈${tokens + 300}, ` +
      `over the 400-token context window of tiny-ctx (+${tokens + 300 - 400})`,
    );
    expect(text.slice(d?.range.start, d?.range.end)).toBe('model');
  });

  it("without an output limit reserves nothing: an info when the model's max reply would not fit, an error only when the input alone does not", async () => {
    const catalog = { overrides: { 'openai/tiny-ctx': { input: 1, output: 2, context: 400, maxOutput: 350 }, 'openai/no-max': { input: 1, output: 2, context: 100 } } };
    const text = `${filler(120)}`;
    const analysis = await analyzePrompt({ fileName: '/p/a.txt', text, workspace: memoryWorkspace({}), defaultTargets: ['openai/tiny-ctx', 'openai/no-max'], deps: deps(catalog) });
    const [fits, tooBig] = analysis.checks;
    expect(fits?.outputReserve).toBeUndefined();
    expect(fits?.exceedsContext).toBe(false);
    expect(fits?.modelMaxOutputOverflows).toEqual({ maxOutputTokens: 350, room: 400 - (fits?.tokens as number) });
    expect(tooBig?.exceedsContext).toBe(true);
    expect(analysis.budgetDiagnostics.map((d) => [d.code, d.severity])).toEqual([['output-may-not-fit', 'info'], ['exceeds-context', 'error']]);
    expect(analysis.budgetDiagnostics[0]?.message).toMatch(/^No output limit set: .* tiny-ctx has room for ≈[\d,]+ of its up to 350 output tokens\. Set config\.maxOutputTokens/);
    expect(analysis.budgetDiagnostics[1]?.message).toMatch(/^Rendered prompt is ≈[\d,]+ tokens on no-max, over the 100-token context window of no-max \(\+\d+\)$/);
    expect(analysis.budgetDiagnostics[1]?.range).toEqual({ start: 0, end: text.length });
  });

  it('a gpt-4 prompt (8k window, 8k max output) with no output limit is not an error', async () => {
    const text = `---\nmodel: openai/gpt-4\n---\n{{role "system"}}\n${filler(200)}`;
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps() });
    expect(analysis.checks[0]?.exceedsContext).toBe(false);
    expect(analysis.budgetDiagnostics.every((d) => d.severity === 'info')).toBe(true);
  });

  it('nothing is reported without a budget and within the context window', async () => {
    const analysis = await analyzePrompt({ fileName: '/p/a.txt', text: 'Hello', workspace: memoryWorkspace({}), defaultTargets: ['openai/gpt-4o'], deps: deps() });
    expect(analysis.budget).toBeUndefined();
    expect(analysis.budgetDiagnostics).toEqual([]);
  });
});

describe('render errors', () => {
  it('never throw: the error is reported and the raw template is counted', async () => {
    const text = '---\nmodel: openai/gpt-4o\nbudget: 1\n---\n{{role "system"}}\nHello {{#each}}x{{/each}} there';
    const analysis = await analyzePrompt({ fileName: '/p/a.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps: deps() });
    expect(analysis.renderError?.message).toBeTruthy();
    expect(analysis.messages).toEqual([]);
    expect(analysis.countedFrom).toBe('template');
    expect(analysis.sectionsFrom).toBe('template');
    expect(analysis.report.models[0]?.renderedTokens).toBeGreaterThan(0);
    expect(analysis.budgetDiagnostics).toEqual([]);
  });
});

describe('targetsFor', () => {
  const file = parsePromptFile('---\nmodel: openai/gpt-4o\ntargets: [openai/gpt-4o, anthropic/claude-haiku-4-5]\n---\nx', { fileName: 'a.prompt' });
  it('prefers the override, then the file, then the defaults (deduplicated)', () => {
    expect(targetsFor(file, ['openai/o3', 'openai/o3'], ['x/y'])).toEqual({ targets: ['openai/o3'], source: 'override' });
    expect(targetsFor(file, [], ['x/y'])).toEqual({ targets: ['openai/gpt-4o', 'anthropic/claude-haiku-4-5'], source: 'file' });
    const plain = parsePromptFile('x', { fileName: 'a.md' });
    expect(targetsFor(plain, undefined, ['x/y'])).toEqual({ targets: ['x/y'], source: 'default' });
  });
});
