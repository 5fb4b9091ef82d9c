import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePrompt, InputError, memoryWorkspace, resolveInput } from '../../../src/core/analysis';
import { nodeWorkspace } from '../../../src/cli/nodeWorkspace';
import { parsePromptFile, parseSamples } from '../../../src/core/prompt';
import { deps, example } from './helpers';

const supportPath = example('support-agent.prompt');
const support = parsePromptFile(readFileSync(supportPath, 'utf8'), { fileName: supportPath });
const cases = parseSamples(readFileSync(example('support-agent.samples.jsonl'), 'utf8')).cases;

async function inputError(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('resolveInput', () => {
  it('default: the file defaults, labelled "default input"', async () => {
    const input = await resolveInput(support, { kind: 'default' }, nodeWorkspace());
    expect(input.label).toBe('default input');
    expect(input.values).toEqual(support.inputDefaults);
  });

  it('sample N (1-based) from the samples file next to the prompt, merged over the defaults', async () => {
    const input = await resolveInput(support, { kind: 'sample', index: 3 }, nodeWorkspace());
    expect(input.label).toBe(`sample 3 (id: ${cases[2]?.id})`);
    expect(input.values).toEqual({ ...support.inputDefaults, ...cases[2]?.input });
    expect(input.sampleIndex).toBe(3);
    expect(input.samplesPath).toBe(example('support-agent.samples.jsonl'));
  });

  it('a sample by id', async () => {
    const input = await resolveInput(support, { kind: 'sample', id: 'burning-smell' }, nodeWorkspace());
    const position = cases.findIndex((c) => c.id === 'burning-smell') + 1;
    expect(input.label).toBe(`sample ${position} (id: burning-smell)`);
    expect(input.values.message).toBe('My hub smells like something is burning!');
  });

  it('json values are merged over the defaults', async () => {
    const input = await resolveInput(support, { kind: 'json', value: { plan: 'premium' } }, nodeWorkspace());
    expect(input.label).toBe('custom input');
    expect(input.values).toEqual({ ...support.inputDefaults, plan: 'premium' });
  });

  it('clear errors: out of range, unknown id, no samples key, missing file, non-object JSON', async () => {
    expect(await inputError(resolveInput(support, { kind: 'sample', index: cases.length + 1 }, nodeWorkspace())))
      .toBe(`sample ${cases.length + 1} is out of range: support-agent.samples.jsonl has ${cases.length} samples (1–${cases.length})`);
    expect(await inputError(resolveInput(support, { kind: 'sample', index: 0 }, nodeWorkspace()))).toMatch(/sample 0 is out of range/);
    expect(await inputError(resolveInput(support, { kind: 'sample', id: 'nope' }, nodeWorkspace()))).toMatch(/^no sample with id "nope" in support-agent.samples.jsonl \(ids: wifi-after-update, /);

    const noSamples = parsePromptFile('---\nmodel: openai/gpt-4o\n---\nHi', { fileName: '/p/a.prompt' });
    expect(await inputError(resolveInput(noSamples, { kind: 'sample', index: 1 }, memoryWorkspace({}))))
      .toBe('cannot use sample 1: a.prompt names no samples file (add `samples: cases.jsonl` to its frontmatter)');

    const missing = parsePromptFile('---\nsamples: data/cases.jsonl\n---\nHi', { fileName: '/p/a.prompt' });
    expect(await inputError(resolveInput(missing, { kind: 'sample', index: 1 }, memoryWorkspace({}))))
      .toBe('samples file data/cases.jsonl not found (looked for /p/data/cases.jsonl)');

    const empty = memoryWorkspace({ '/p/data/cases.jsonl': 'not json\n' });
    expect(await inputError(resolveInput(missing, { kind: 'sample', index: 1 }, empty))).toBe('sample 1 is out of range: data/cases.jsonl has no valid samples');

    expect(await inputError(resolveInput(support, { kind: 'json', value: [1] as unknown as Record<string, unknown> }, nodeWorkspace()))).toMatch(/JSON object/);
  });

  it('skips invalid JSONL lines when numbering samples', async () => {
    const file = parsePromptFile('---\nsamples: c.jsonl\n---\n{{name}}', { fileName: '/p/a.prompt' });
    const ws = memoryWorkspace({ '/p/c.jsonl': '{"id":"one","input":{"name":"A"}}\nbroken\n\n{"input":{"name":"B"}}\n' });
    const second = await resolveInput(file, { kind: 'sample', index: 2 }, ws);
    expect(second.label).toBe('sample 2 (id: line-4)');
    expect(second.values).toEqual({ name: 'B' });
  });

  it('analyzePrompt reports an input error and falls back to the default input instead of throwing', async () => {
    const analysis = await analyzePrompt({
      fileName: supportPath, text: support.text, workspace: nodeWorkspace(), input: { kind: 'sample', index: 999 },
      defaultTargets: [], deps: deps(),
    });
    expect(analysis.inputError).toMatch(/sample 999 is out of range/);
    expect(analysis.input.label).toBe('default input');
    expect(analysis.messages.length).toBe(2);
  });

  it('analyzePrompt renders with the chosen sample', async () => {
    const analysis = await analyzePrompt({
      fileName: supportPath, text: support.text, workspace: nodeWorkspace(), input: { kind: 'sample', id: 'sparks' },
      defaultTargets: [], deps: deps(),
    });
    expect(analysis.messages.at(-1)?.text.trim()).toBe('I saw sparks when I plugged in the light strip adapter.');
    expect(analysis.messages[0]?.text).toContain('Use the customer\'s first name, Lina, once');
  });
});
