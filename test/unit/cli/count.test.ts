import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { discoverCountFiles } from '../../../src/cli/commands/count';
import { runCli } from '../../../src/cli/main';
import { tempTree } from '../../support/tempTree';
import { fakeInputTokens, startFakeProvider, type FakeProvider } from '../../fake-provider/server';
import { EXAMPLE_PROMPTS } from '../../support/examplePrompts';

const ROOT = resolve(__dirname, '../../..');

function capture(env: Record<string, string | undefined> = {}, cwd = ROOT): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, env, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

async function count(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture(env, cwd);
  const code = await runCli(['count', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

interface JsonModel {
  model: string; label: string; tokens: number; exact: boolean; method: string; costPerCall: number | null; costPer1kCalls: number | null;
  contextWindow: number | null; contextPercent: number | null; worstCase: { outputTokens: number; cost: number } | null;
  overBudgetBy: number | null; exceedsContext: boolean; notes: string[]; sections: { name: string; tokens: number }[];
}
interface JsonFile {
  file: string; kind: string; input: { kind: string; label: string; sample: { index: number; id: string } | null }; targets: string[];
  targetsSource: string; budget: { tokens: number; source: string } | null; maxOutputTokens: number | null; rendered: boolean;
  renderError: string | null; missingPartials: string[]; models: JsonModel[];
  diagnostics: { severity: string; code: string; message: string; line: number; column: number }[];
}
interface JsonReport { version: number; exact: boolean; files: JsonFile[]; summary: { files: number; overBudget: number; exceedsContext: number; invalidFrontmatter: number; renderErrors: number } }

const writeFiles = tempTree('promptscope-count-');

describe('promptscope count (text)', () => {
  it('counts every prompt in examples/, skipping the partial, with tokens, method, cost, context, worst case, sections and notes', async () => {
    const { code, stdout, stderr } = await count(['examples']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const headers = stdout.split('\n').filter((l) => l.startsWith('examples/'));
    expect(headers.map((h) => h.split(' · ')[0])).toEqual([...EXAMPLE_PROMPTS]);
    expect(stdout).not.toContain('_company-facts');
    expect(stdout).toContain('examples/support-agent.prompt · default input · budget 2,600 · max output 700');
    expect(stdout).toMatch(/\n {2}openai\/gpt-4o +[\d,]+ tok +tiktoken:o200k_base +\$[\d.]+\/call +\$[\d.]+\/1k calls +[\d.]+% ctx +worst \$[\d.]+ \(\+700 out\)\n/);
    expect(stdout).toMatch(/\n {2}anthropic\/claude-sonnet-4-5 +≈[\d,]+ tok +estimate +≈\$[\d.]+\/call/);
    expect(stdout).toMatch(/ {6}sections: system [\d,]+ · user [\d,]+\n/);
    expect(stdout).toMatch(/ {6}sections: system ≈[\d,]+ · user ≈[\d,]+\n/);
    expect(stdout).toContain('note: Claude count is an offline estimate');
    // The .md prompt sets no max output: the model's maximum is used for the worst case.
    expect(stdout).toContain('examples/release-notes-writer.md · default input · no max output set');
    expect(stdout).toMatch(/worst \$[\d.]+ \(\+16,384 out, model max\)/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('6 files counted');
  });

  it('the text tokens match the JSON report', async () => {
    const text = await count(['examples/support-agent.prompt', '--model', 'gpt-4o']);
    const json = JSON.parse((await count(['examples/support-agent.prompt', '--model', 'gpt-4o', '--json'])).stdout) as JsonReport;
    const tokens = json.files[0]?.models[0]?.tokens as number;
    expect(text.stdout).toContain(`openai/gpt-4o  ${tokens.toLocaleString('en-US')} tok`);
  });

  it('--include-partials counts partials found in directories; explicit files are always counted', async () => {
    const withPartials = await count(['examples', '--include-partials']);
    expect(withPartials.stdout).toContain('examples/_company-facts.prompt · default input');
    const explicit = await count(['examples/_company-facts.prompt', '--model', 'openai/gpt-4o']);
    expect(explicit.code).toBe(0);
    expect(explicit.stdout).toContain('examples/_company-facts.prompt');
  });

  it('--sample and --input choose the input', async () => {
    const sample = await count(['examples/support-agent.prompt', '--sample', '3', '--model', 'gpt-4o']);
    expect(sample.code).toBe(0);
    expect(sample.stdout).toContain('examples/support-agent.prompt · sample 3 (id: bulb-flicker)');
    const byId = await count(['examples/support-agent.prompt', '--sample', 'sparks', '--json']);
    expect((JSON.parse(byId.stdout) as JsonReport).files[0]?.input).toEqual({ kind: 'sample', label: 'sample 10 (id: sparks)', sample: { index: 10, id: 'sparks' } });
    const input = await count(['examples/summarizer.prompt', '--input', '{"text": "Short."}', '--json']);
    const file = (JSON.parse(input.stdout) as JsonReport).files[0];
    expect(file?.input.label).toBe('custom input');
    const dflt = (JSON.parse((await count(['examples/summarizer.prompt', '--json'])).stdout) as JsonReport).files[0];
    expect(file?.models[0]?.tokens).toBeLessThan(dflt?.models[0]?.tokens as number);
  });

  it('a gpt-4 prompt with no output limit exits 0: the model maximum is not reserved, an info suggests a limit', async () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i % 40}`).join(' ');
    const dir = writeFiles('gpt4-gate', { 'g.prompt': `---\nmodel: openai/gpt-4\n---\n${words}\n` });
    const { code, stdout } = await count(['g.prompt'], {}, dir);
    expect(stdout).not.toContain('exceeds-context');
    expect(stdout).toMatch(/ {2}info output-may-not-fit \(2:1\): No output limit set: .* gpt-4 has room for ≈?[\d,]+ of its up to [\d,]+ output tokens/);
    expect(code).toBe(0);
  });

  it('--input @file reads the JSON from a file', async () => {
    const dir = writeFiles('input-file', { 'in.json': '{"text": "Tiny."}' });
    const { code, stdout } = await count([resolve(ROOT, 'examples/summarizer.prompt'), '--input', '@in.json'], {}, dir);
    expect(code).toBe(0);
    expect(stdout).toContain('custom input');
  });
});

describe('promptscope count --json', () => {
  it('prints the documented structure', async () => {
    const { code, stdout } = await count(['examples/support-agent.prompt', 'examples/release-notes-writer.md', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.version).toBe(1);
    expect(report.exact).toBe(false);
    expect(report.summary).toEqual({ files: 2, overBudget: 0, exceedsContext: 0, invalidFrontmatter: 0, renderErrors: 0 });
    const [support, md] = report.files;
    expect(support).toMatchObject({
      file: 'examples/support-agent.prompt',
      kind: 'prompt',
      input: { kind: 'default', label: 'default input', sample: null },
      targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini'],
      targetsSource: 'file',
      budget: { tokens: 2600, source: 'file' },
      maxOutputTokens: 700,
      rendered: true,
      renderError: null,
      missingPartials: [],
      diagnostics: [],
    });
    const gpt = support?.models[0] as JsonModel;
    expect(Object.keys(gpt)).toEqual([
      'model', 'label', 'tokens', 'exact', 'method', 'templateTokens', 'perMessage', 'overhead', 'costPerCall', 'costPer1kCalls',
      'cachedCostPerCall', 'contextWindow', 'contextPercent', 'worstCase', 'priceSource', 'overBudgetBy', 'contextNeeded',
      'exceedsContext', 'sectionsExact', 'notes', 'sections',
    ]);
    expect(gpt).toMatchObject({ model: 'openai/gpt-4o', label: 'gpt-4o', exact: true, method: 'tiktoken:o200k_base', overBudgetBy: null, exceedsContext: false, notes: [] });
    expect(gpt.costPer1kCalls).toBeCloseTo((gpt.costPerCall as number) * 1000, 10);
    expect(gpt.contextPercent).toBeCloseTo((gpt.tokens / (gpt.contextWindow as number)) * 100, 10);
    expect(gpt.worstCase?.outputTokens).toBe(700);
    expect(gpt.sections.map((s) => s.name)).toEqual(['system', 'user']);
    expect(support?.models[1]).toMatchObject({ model: 'anthropic/claude-sonnet-4-5', exact: false, method: 'estimate' });
    expect(md).toMatchObject({ kind: 'text', targetsSource: 'default', targets: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'], budget: null, maxOutputTokens: null });
  });
});

describe('promptscope count exit codes', () => {
  it('1 when a file is over its budget or exceeds a context window (a CI gate)', async () => {
    const over = await count(['examples/support-agent.prompt', '--model', 'gpt-4o', '--budget', '10']);
    expect(over.code).toBe(0); // the file's own budget (2,600) wins over --budget

    const dir = writeFiles('gate', {
      'big.prompt': `---\nmodel: openai/gpt-4o\nbudget: 50\n---\n{{role "system"}}\n${'lorem ipsum dolor sit amet '.repeat(30)}`,
      'fits.md': 'Short prompt.',
      'tiny.prompt': `---\nmodel: openai/tiny\nconfig:\n  maxOutputTokens: 100\n---\n${'lorem ipsum '.repeat(30)}`,
      'prices.json': JSON.stringify({ 'openai/tiny': { input: 1, output: 2, context: 120 } }),
    });
    const text = await count(['.', '--prices', 'prices.json'], {}, dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/ {2}warning over-budget \(3:1\): Rendered prompt is [\d,]+ tokens on gpt-4o, over the budget of 50 \(\+[\d,]+\)\n/);
    expect(text.stdout).toMatch(/ {2}error exceeds-context \(2:1\): Rendered prompt is ≈[\d,]+ tokens on tiny; with up to 100 output tokens \(config.maxOutputTokens\) it needs ≈[\d,]+, over the 120-token context window of tiny/);
    expect(text.stdout).toContain('3 files counted · 1 over budget · 1 exceeding a context window');

    const json = JSON.parse((await count(['.', '--prices', 'prices.json', '--json'], {}, dir)).stdout) as JsonReport;
    expect(json.summary).toEqual({ files: 3, overBudget: 1, exceedsContext: 1, invalidFrontmatter: 0, renderErrors: 0 });
    const big = json.files.find((f) => f.file === 'big.prompt');
    expect(big?.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'over-budget', line: 3, column: 1 });
    expect(big?.models[0]?.overBudgetBy).toBeGreaterThan(0);
    expect(json.files.find((f) => f.file === 'tiny.prompt')?.models[0]).toMatchObject({ exceedsContext: true, contextWindow: 120 });

    // --budget applies to files without their own budget.
    const fits = await count(['fits.md', '--model', 'gpt-4o', '--budget', '3'], {}, dir);
    expect(fits.code).toBe(1);
    expect(fits.stdout).toContain('budget 3 (--budget)');
    expect(fits.stdout).toContain('warning over-budget (1:1)');
  });

  it('1 when a template does not render; the raw template is counted', async () => {
    const dir = writeFiles('broken', { 'bad.prompt': '---\nmodel: openai/gpt-4o\n---\nHello {{#each}}x{{/each}}' });
    const { code, stdout } = await count(['bad.prompt'], {}, dir);
    expect(code).toBe(1);
    expect(stdout).toContain('  error render-failed: ');
    expect(stdout).toContain('1 file counted · 1 failed to render');
  });

  it('warns about missing partials (counted as empty) without failing', async () => {
    const dir = writeFiles('missing-partial', { 'a.prompt': '---\nmodel: openai/gpt-4o\n---\nHi {{> nowhere}}' });
    const { code, stdout } = await count(['a.prompt'], {}, dir);
    expect(code).toBe(0);
    expect(stdout).toContain(`warning missing-partial: {{> nowhere}} not found (looked for ${join(dir, '_nowhere.prompt')}); counted as empty`);
  });

  it.each([
    [['nope.prompt'], 'no such file or directory: nope.prompt'],
    [[], 'give at least one file or directory'],
    [['examples/summarizer.prompt', '--input', '{bad'], '--input is not valid JSON'],
    [['examples/summarizer.prompt', '--input', '[1]'], '--input must be a JSON object'],
    [['examples/summarizer.prompt', '--input', '{}', '--sample', '1'], 'use either --input or --sample'],
    [['examples/support-agent.prompt', '--sample', '999'], 'examples/support-agent.prompt: sample 999 is out of range: support-agent.samples.jsonl has'],
    [['examples/support-agent.prompt', '--sample', '0'], '--sample counts from 1'],
    [['examples/summarizer.prompt', '--sample', '1'], 'summarizer.prompt names no samples file'],
    [['examples/summarizer.prompt', '--frobnicate'], 'unknown option --frobnicate'],
    [['examples/summarizer.prompt', '--model'], '--model needs a value'],
    [['examples/summarizer.prompt', '--budget', 'lots'], '--budget must be a positive whole number'],
    [['examples/summarizer.prompt', '--prices', 'missing.json'], '--prices: missing.json does not exist'],
  ])('2 on usage and input errors: %j', async (args, message) => {
    const { code, stdout, stderr } = await count(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('2 for --exact without ANTHROPIC_API_KEY when a Claude model is counted; fine for OpenAI-only targets', async () => {
    const missing = await count(['examples/support-agent.prompt', '--exact']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ANTHROPIC_API_KEY');
    const openaiOnly = await count(['examples/support-agent.prompt', '--exact', '--model', 'gpt-4o']);
    expect(openaiOnly.code).toBe(0);
  });

  it('--prices with bad JSON is a usage error; rejected entries are warnings', async () => {
    const dir = writeFiles('prices', { 'bad.json': '{', 'partly.json': JSON.stringify({ 'openai/x': { input: 'cheap' }, 'openai/gpt-4o': { input: 100, output: 200 } }) });
    const bad = await count([resolve(ROOT, 'examples/summarizer.prompt'), '--prices', 'bad.json'], {}, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--prices: bad.json is not valid JSON');
    const partly = await count([resolve(ROOT, 'examples/summarizer.prompt'), '--prices', 'partly.json', '--model', 'gpt-4o', '--json'], {}, dir);
    expect(partly.code).toBe(0);
    expect(partly.stderr).toContain('openai/x: "input" and "output" must be non-negative numbers');
    const model = (JSON.parse(partly.stdout) as JsonReport).files[0]?.models[0];
    expect(model?.costPerCall).toBeCloseTo(((model?.tokens as number) * 100) / 1e6, 12);
  });
});

describe('promptscope count --exact (fake Anthropic)', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    // The fake rejects any other key, so a successful count proves the CLI sent ANTHROPIC_API_KEY.
    fake = await startFakeProvider({ apiKey: 'sk-ant-test' });
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const env = (): Record<string, string> => ({ ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: fake.anthropicBaseURL });
  const claudePrompt = '---\nmodel: anthropic/claude-sonnet-4-5\ntargets: [openai/gpt-4o]\n---\n{{role "system"}}\nYou are terse, exact and kind.\n{{role "user"}}\nHello there, how are you?';

  it('counts Claude with count_tokens (exact), once for the same request in one run', async () => {
    const dir = writeFiles('exact', { 'a.prompt': claudePrompt, 'b.prompt': claudePrompt });
    const { code, stdout, stderr } = await count(['.', '--exact', '--json'], env(), dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(report.exact).toBe(true);
    const expected = fakeInputTokens('You are terse, exact and kind.', [{ role: 'user', content: 'Hello there, how are you?' }]);
    for (const file of report.files) {
      expect(file.models[0]).toMatchObject({ model: 'anthropic/claude-sonnet-4-5', tokens: expected, exact: true, method: 'anthropic:count_tokens' });
      expect(file.models[1]).toMatchObject({ model: 'openai/gpt-4o', exact: true, method: 'tiktoken:o200k_base' });
    }
    const requests = fake.requestsTo('/v1/messages/count_tokens');
    expect(requests).toHaveLength(1);
    const body = requests[0]?.body as { model: string; system: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('claude-sonnet-4-5');
    expect(body.system.trim()).toBe('You are terse, exact and kind.');
    expect(body.messages.map((m) => [m.role, m.content.trim()])).toEqual([['user', 'Hello there, how are you?']]);

    const text = await count(['a.prompt', '--exact'], env(), dir);
    expect(text.stdout).toMatch(new RegExp(`anthropic/claude-sonnet-4-5 +${expected} tok +anthropic:count_tokens`));
    expect(text.stdout).toContain('note: total from Anthropic count_tokens; the per-message split is estimated');
  });

  it('falls back to the estimate with a note when the key is rejected', async () => {
    const dir = writeFiles('exact-401', { 'a.prompt': claudePrompt });
    const { code, stdout } = await count(['a.prompt', '--exact'], { ...env(), ANTHROPIC_API_KEY: 'sk-ant-wrong' }, dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/anthropic\/claude-sonnet-4-5 +≈[\d,]+ tok +estimate/);
    expect(stdout).toContain('note: Anthropic count_tokens rejected the API key; showing the offline estimate (≈).');
    expect(stdout).not.toContain('sk-ant-wrong');
  });

  it('falls back to the estimate with a note when count_tokens is rate-limited', async () => {
    const dir = writeFiles('exact-429', { 'a.prompt': claudePrompt });
    fake.setFault({ kind: '429', path: '/v1/messages/count_tokens', retryAfterMs: 1 });
    const { code, stdout } = await count(['a.prompt', '--exact'], env(), dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/anthropic\/claude-sonnet-4-5 +≈[\d,]+ tok +estimate/);
    expect(stdout).toContain('note: Anthropic count_tokens is rate-limited; showing the offline estimate (≈). Try again shortly.');
    expect(fake.requestsTo('/v1/messages/count_tokens').length).toBeGreaterThanOrEqual(1);
  });
});

describe('discoverCountFiles', () => {
  it('finds .prompt, .prompty, .md and .txt below folders, skipping node_modules, .git, hidden folders and partials', () => {
    const dir = writeFiles('collect', {
      'a.prompt': 'x', 'b.prompty': 'x', 'c.md': 'x', 'd.txt': 'x', 'e.json': '{}', '_p.prompt': 'x',
      'sub/f.prompt': 'x', 'node_modules/g.prompt': 'x', '.git/h.md': 'x', '.hidden/i.md': 'x',
    });
    const rel = (files: string[]): string[] => files.map((f) => f.slice(dir.length + 1).replaceAll('\\', '/'));
    expect(rel(discoverCountFiles(['.'], dir, false).files)).toEqual(['a.prompt', 'b.prompty', 'c.md', 'd.txt', 'sub/f.prompt']);
    expect(rel(discoverCountFiles(['.'], dir, true).files)).toContain('_p.prompt');
    expect(readFileSync(join(dir, 'a.prompt'), 'utf8')).toBe('x');
  });
});
