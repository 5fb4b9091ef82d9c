import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  appendSampleFromCell,
  appendSampleLine,
  assertionFromRating,
  compareJson,
  listRunFiles,
  parseRun,
  readRunFile,
  runToMarkdown,
  runToPromptfooConfig,
  serializeRun,
  startCompare,
  writeRunFile,
  type RunFile,
} from '../../../src/core/compare';
import { parseSamples } from '../../../src/core/prompt';
import { useFakeProvider } from '../providers/helpers';
import { fakeEnv, fakeResolver, prompt, TEST_KEY } from '../compare/helpers';

const server = useFakeProvider({ apiKey: TEST_KEY });
const dir = mkdtempSync(join(tmpdir(), 'promptscope-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sampleRun(): Promise<RunFile> {
  const session = startCompare(
    {
      prompt,
      promptPath: 'ask.prompt',
      models: ['openai/fake-echo', 'anthropic/fake-claude'],
      judgeModel: 'openai/fake-grader',
      inputs: [
        { sample: 'a', input: { question: 'Say | hello\nworld' }, assert: [{ type: 'contains', value: 'hello' }, { type: 'max-length', threshold: 10, unit: 'tokens' }, { type: 'rubric', value: "mentions 'world'" }] },
        { sample: 'b', input: { question: 'Short' }, assert: [{ type: 'json-schema', value: { type: 'object' } }, { type: 'ends-with', value: 't' }] },
      ],
    },
    fakeEnv(server),
  );
  await session.idle();
  session.rateCell('c0-r0-k0', { verdict: 'up' });
  session.rateCell('c1-r1-k0', { verdict: 'down', note: 'Ignores the question' });
  return session.idle();
}

describe('run files', () => {
  it('serialise with every string redacted, parse back, write and list newest first', async () => {
    const run = await sampleRun();
    const leaky: RunFile = { ...run, rows: run.rows.map((r, i) => (i === 0 ? { ...r, input: { question: `key ${TEST_KEY} and sk-unknownkey1234567890` } } : r)) };
    const text = serializeRun(leaky, [TEST_KEY]);
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toContain('sk-unknownkey1234567890');
    const parsed = parseRun(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.cells).toEqual(run.cells);
    expect(parseRun('{')).toMatch(/invalid JSON/);
    expect(parseRun('{"version": 9}')).toMatch(/version 9/);
    const older: RunFile = { ...run, id: 'older', createdAt: '2020-01-01T00:00:00.000Z' };
    await writeRunFile(dir, older);
    const path = await writeRunFile(dir, run);
    writeFileSync(join(dir, 'junk.json'), 'nope');
    const listed = await listRunFiles(dir);
    expect(listed.map((l) => l.id)).toEqual([run.id, 'older']);
    expect(listed[0]).toMatchObject({ path, promptPath: 'ask.prompt', models: ['openai/fake-echo', 'anthropic/fake-claude'], cells: 4 });
    expect(await readRunFile(path)).toEqual(JSON.parse(serializeRun(run)));
  });

  it('exports Markdown with the summary, every cell, assertion failures and ratings', async () => {
    const run = await sampleRun();
    const md = runToMarkdown(run);
    expect(md).toContain('# Comparison: ask.prompt');
    expect(md).toContain('| Model | Pass rate | Total cost |');
    expect(md).toContain('| openai/fake-echo | Say \\| hello<br>world |');
    expect(md).toContain('👍');
    expect(md).toContain('👎 Ignores the question');
    expect(md).toMatch(/FAIL: json-schema: is not valid JSON/);
  });

  it('exports a promptfoo config with the same providers, parameters, rendered messages and translated assertions', async () => {
    const run = await sampleRun();
    const yaml = runToPromptfooConfig(run, fakeResolver(server));
    expect(yaml).toContain('# Not exported (no promptfoo equivalent): a: max-length in tokens has no promptfoo equivalent');
    const config = parse(yaml) as { prompts: { raw: string }[]; providers: { id: string; label: string; config: Record<string, unknown> }[]; tests: { description: string; vars: { messages: unknown }; assert: Record<string, unknown>[] }[] };
    expect(config.prompts[0]!.raw).toBe('{{ messages | dump }}');
    expect(config.providers.map((p) => [p.id, p.label])).toEqual([
      ['openai:chat:fake-echo', 'openai/fake-echo'],
      ['anthropic:messages:fake-claude', 'anthropic/fake-claude'],
    ]);
    expect(config.providers[0]!.config).toMatchObject({ max_tokens: 200, temperature: 0.2, apiBaseUrl: server.openaiBaseURL });
    expect(config.providers[1]!.config).toMatchObject({ max_tokens: 200 });
    expect(config.providers[1]!.config).not.toHaveProperty('temperature');
    expect(config.tests[0]!.vars.messages).toEqual(run.rows[0]!.messages);
    expect(config.tests[0]!.assert).toEqual([
      { type: 'contains', value: 'hello' },
      { type: 'llm-rubric', value: "mentions 'world'", provider: { id: 'openai:chat:fake-grader', label: 'openai/fake-grader', config: { apiBaseUrl: server.openaiBaseURL } } },
    ]);
    expect(config.tests[1]!.assert).toEqual([
      { type: 'is-json', value: { type: 'object' } },
      { type: 'javascript', value: 'output.endsWith("t")' },
    ]);
  });

  it('--json shape: model as given, sample id, assertions without index, nulls for unknowns', async () => {
    const run = await sampleRun();
    const json = compareJson(run, '.promptscope/runs/x.json');
    expect(json.cells[0]).toMatchObject({ model: 'openai/fake-echo', sample: 'a', cached: false, error: null, repeat: 0 });
    expect(Object.keys(json.cells[0]!.assertions[0]!)).toEqual(['type', 'pass', 'reason']);
    expect(json.columns[0]).toMatchObject({ model: 'openai/fake-echo', endpoint: 'openai', error: null, cells: 2 });
    expect(json.pass).toBe(false);
  });
});

describe('data flywheel: a rated cell becomes a sample', () => {
  it('a good short answer becomes equals; a long one contains its first line; a bad one a rubric from the note', () => {
    expect(assertionFromRating(' Paris \n', 'up', undefined)).toEqual({ type: 'equals', value: 'Paris' });
    expect(assertionFromRating(`Line one is here.\n${'x'.repeat(300)}`, 'up', undefined)).toEqual({ type: 'contains', value: 'Line one is here.' });
    expect(assertionFromRating('whatever', 'down', 'Too long')).toEqual({ type: 'rubric', value: 'The output must not have this problem, seen in an earlier answer: Too long' });
    expect(assertionFromRating('whatever', 'down', ' ')).toMatch(/Add a note/);
  });

  it('appends to the samples file keeping every existing line, with a unique id, and the result parses', async () => {
    const run = await sampleRun();
    const existing = '{"id":"a-good","input":{"question":"x"}}\r\n\r\n{"id":"z","input":{}}';
    const result = appendSampleFromCell(existing, run, 'c0-r0-k0');
    if (typeof result === 'string') throw new Error(result);
    expect(result.text.startsWith(`${existing}\r\n`)).toBe(true);
    expect(result.sample.id).toBe('a-good-2');
    const parsed = parseSamples(result.text);
    expect(parsed.problems).toEqual([]);
    const added = parsed.cases.at(-1)!;
    expect(added.input).toEqual(run.rows[0]!.input);
    expect(added.assert).toEqual([{ type: 'equals', value: run.cells[0]!.output.trim() }]);
    const bad = appendSampleFromCell('', run, 'c1-r1-k0');
    if (typeof bad === 'string') throw new Error(bad);
    expect(parseSamples(bad.text).cases[0]!.assert[0]).toMatchObject({ type: 'rubric' });
    expect(appendSampleFromCell('', run, 'c1-r0-k0')).toMatch(/Rate the cell/);
    expect(appendSampleLine('a', 'b')).toBe('a\nb\n');
    expect(appendSampleLine('', 'b')).toBe('b\n');
  });
});
