import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  changedColumnPrompts,
  compareJson,
  describeCellRequest,
  openRun,
  parseRun,
  runToMarkdown,
  runToPromptfooConfig,
  sampleLineFromCell,
  serializeRun,
  startCompare,
  type CompareInput,
  type PerColumnSetup,
  type RunFile,
} from '../../../src/core/compare';
import { parsePromptFile } from '../../../src/core/prompt';
import type { RecordedRequest } from '../../fake-provider/server';
import { useFakeProvider } from '../providers/helpers';
import { fakeEnv, fakeResolver, MemoryCache, TEST_KEY } from './helpers';

const server = useFakeProvider({ apiKey: TEST_KEY });

function variant(system: string, temperature: number, extra = ''): string {
  return `---
model: openai/fake-gpt
config:
  temperature: ${temperature}
input:
  schema:
    question: string
---
{{role "system"}}
${system}${extra}
{{role "user"}}
{{question}}
`;
}

const TERSE = parsePromptFile(variant('You are terse.', 0.1), { fileName: 'ask.prompt' });
const CHATTY = parsePromptFile(variant('You are chatty and warm.', 0.9), { fileName: 'ask.chatty.prompt' });
const INPUTS: CompareInput[] = [
  { sample: 'colours', input: { question: 'Name three primary colours.' } },
  { sample: 'capital', input: { question: 'What is the capital of France?' } },
];

/** Two columns on the SAME model: only their prompts differ. */
function setup(extra: Partial<PerColumnSetup> = {}): PerColumnSetup {
  return {
    promptPath: 'prompts/ask.prompt',
    inputs: INPUTS,
    columns: [
      { model: 'openai/fake-gpt', prompt: TERSE, promptPath: 'prompts/ask.prompt', label: 'ask' },
      { model: 'openai/fake-gpt', prompt: CHATTY, promptPath: 'prompts/ask.chatty.prompt', label: 'ask.chatty' },
    ],
    ...extra,
  };
}

function chatRequests(): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST');
}

interface SentBody {
  messages: { role: string; content: string }[];
  temperature?: number;
}

/** What the fake server received: system text, user text, temperature. */
function sent(r: RecordedRequest): { system: string; user: string; temperature: number | undefined } {
  const body = r.body as SentBody;
  return { system: (body.messages.find((m) => m.role === 'system')?.content ?? '').trim(), user: (body.messages.find((m) => m.role === 'user')?.content ?? '').trim(), temperature: body.temperature };
}

describe('startCompare with a prompt per column', () => {
  it('sends each column its own rendered system text and config, on the same model and inputs', async () => {
    const cache = new MemoryCache();
    const session = startCompare(setup(), fakeEnv(server, { cache }));
    const run = await session.idle();
    expect(run.cells.map((c) => c.status)).toEqual(['done', 'done', 'done', 'done']);
    const received = chatRequests().map(sent);
    // Same model and inputs in both columns, so the cache must not answer one column with the other's reply.
    expect(received).toHaveLength(4);
    const key = (s: { system: string; user: string; temperature: number | undefined }): string => `${s.system}|${s.user}|${s.temperature}`;
    expect(received.map(key).sort()).toEqual(
      [
        'You are terse.|Name three primary colours.|0.1',
        'You are terse.|What is the capital of France?|0.1',
        'You are chatty and warm.|Name three primary colours.|0.9',
        'You are chatty and warm.|What is the capital of France?|0.9',
      ].sort(),
    );
    expect(run.version).toBe(2);
    expect(run.columns.map((c) => [c.model, c.prompt?.label, c.prompt?.path, c.params.temperature])).toEqual([
      ['openai/fake-gpt', 'ask', 'prompts/ask.prompt', 0.1],
      ['openai/fake-gpt', 'ask.chatty', 'prompts/ask.chatty.prompt', 0.9],
    ]);
    expect(run.columns[0]!.prompt!.hash).not.toBe(run.columns[1]!.prompt!.hash);
    expect(run.rows[0]!.byColumn!.map((r) => r.messages[0]!.content.trim())).toEqual(['You are terse.', 'You are chatty and warm.']);
    // Show Request describes the column's own prompt.
    const shown = describeCellRequest(run, 'c1-r1-k0', fakeResolver(server));
    if (typeof shown === 'string') throw new Error(shown);
    expect(shown.body).toMatchObject({ temperature: 0.9, messages: [{ role: 'system', content: expect.stringContaining('You are chatty and warm.') }, { role: 'user', content: expect.stringContaining('What is the capital of France?') }] });
    expect(cache.entries.size).toBe(4);
  });

  it('a render failure in one variant fails only its column', async () => {
    const broken = parsePromptFile(variant('You are broken.', 0.5, '\n{{> missing_partial}}'), { fileName: 'ask.broken.prompt' });
    const run = await startCompare(
      setup({ columns: [...setup().columns, { model: 'openai/fake-gpt', prompt: broken, promptPath: 'prompts/ask.broken.prompt', label: 'ask.broken' }] }),
      fakeEnv(server),
    ).idle();
    expect(run.cells.filter((c) => c.column === 2).map((c) => [c.status, c.error?.kind])).toEqual([['failed', 'render'], ['failed', 'render']]);
    expect(run.cells.filter((c) => c.column !== 2).every((c) => c.status === 'done')).toBe(true);
    expect(chatRequests()).toHaveLength(4);
  });

  it('a reopened run reruns each column with its own prompt and config', async () => {
    const run = await startCompare(setup(), fakeEnv(server)).idle();
    const text = serializeRun(run);
    const parsed = parseRun(text);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed).toEqual(JSON.parse(text));
    server.reset();
    const reopened = openRun(parsed, { useCache: false }, fakeEnv(server));
    reopened.rerunColumn(1);
    await reopened.idle();
    reopened.rerunCell('c0-r0-k0');
    await reopened.idle();
    expect(chatRequests().map(sent)).toEqual([
      { system: 'You are chatty and warm.', user: 'Name three primary colours.', temperature: 0.9 },
      { system: 'You are chatty and warm.', user: 'What is the capital of France?', temperature: 0.9 },
      { system: 'You are terse.', user: 'Name three primary colours.', temperature: 0.1 },
    ]);

    // "Rerun Column" with the variant read again (edited since): only that column takes the new text and config.
    server.reset();
    const edited = parsePromptFile(variant('You are chatty, warm and brief.', 0.5), { fileName: 'ask.chatty.prompt' });
    reopened.rerunColumn(1, { reload: { prompt: edited } });
    const after = await reopened.idle();
    expect(chatRequests().map(sent)).toEqual([
      { system: 'You are chatty, warm and brief.', user: 'Name three primary colours.', temperature: 0.5 },
      { system: 'You are chatty, warm and brief.', user: 'What is the capital of France?', temperature: 0.5 },
    ]);
    expect(after.columns[1]!.prompt).toMatchObject({ label: 'ask.chatty', path: 'prompts/ask.chatty.prompt', config: { temperature: 0.5 } });
    expect(after.columns[1]!.prompt!.hash).not.toBe(run.columns[1]!.prompt!.hash);
    expect(after.columns[1]!.params.temperature).toBe(0.5);
    expect(after.columns[0]!.prompt).toEqual(run.columns[0]!.prompt);
    expect(after.rows[0]!.byColumn!.map((r) => r.messages[0]!.content.trim())).toEqual(['You are terse.', 'You are chatty, warm and brief.']);
    // A single cell rerun afterwards sends the reloaded text too.
    server.reset();
    reopened.rerunCell('c1-r0-k0');
    await reopened.idle();
    expect(chatRequests().map(sent)).toEqual([{ system: 'You are chatty, warm and brief.', user: 'Name three primary colours.', temperature: 0.5 }]);
  });

  it('tells which variant files changed since the run (edited or gone); a version 1 run has none', async () => {
    const run = await startCompare(setup(), fakeEnv(server)).idle();
    const files: Record<string, string> = { 'prompts/ask.prompt': TERSE.text, 'prompts/ask.chatty.prompt': CHATTY.text };
    expect(changedColumnPrompts(run, (p) => files[p])).toEqual([]);
    files['prompts/ask.chatty.prompt'] = `${CHATTY.text}Be brief.\n`;
    expect(changedColumnPrompts(run, (p) => files[p])).toEqual(['ask.chatty']);
    delete files['prompts/ask.prompt'];
    expect(changedColumnPrompts(run, (p) => files[p])).toEqual(['ask', 'ask.chatty']);
    expect(changedColumnPrompts(VERSION_1_RUN as unknown as RunFile, () => undefined)).toEqual([]);
  });

  it('exports show the variant label: Markdown, a promptfoo config pairing each prompt with its provider, and --json', async () => {
    const run = await startCompare(setup(), fakeEnv(server)).idle();
    const md = runToMarkdown(run);
    expect(md).toContain('| Variant · model | Pass rate |');
    expect(md).toContain('| ask.chatty · openai/fake-gpt | 100% (2/2) |');
    expect(md).toMatch(/- `ask\.chatty` \(prompts\/ask\.chatty\.prompt, sha256 `[0-9a-f]{12}`\) on openai\/fake-gpt/);
    const config = parseYaml(runToPromptfooConfig(run)) as { prompts: { label: string; raw: string }[]; providers: { label: string; prompts: string[]; config: Record<string, unknown> }[]; tests: { vars: Record<string, { content: string }[]> }[] };
    expect(config.prompts).toEqual([
      { label: 'ask', raw: '{{ messages_0 | dump }}' },
      { label: 'ask.chatty', raw: '{{ messages_1 | dump }}' },
    ]);
    expect(config.providers.map((p) => [p.label, p.prompts, p.config.temperature])).toEqual([
      ['ask · openai/fake-gpt', ['ask'], 0.1],
      ['ask.chatty · openai/fake-gpt', ['ask.chatty'], 0.9],
    ]);
    expect(config.tests[0]!.vars.messages_1![0]!.content.trim()).toBe('You are chatty and warm.');
    const json = compareJson(run);
    expect(json.columns.map((c) => [c.model, c.variant, c.promptPath])).toEqual([
      ['openai/fake-gpt', 'ask', 'prompts/ask.prompt'],
      ['openai/fake-gpt', 'ask.chatty', 'prompts/ask.chatty.prompt'],
    ]);
    expect(json.cells.map((c) => c.variant)).toEqual(['ask', 'ask', 'ask.chatty', 'ask.chatty']);
    // A rated cell saved as a sample says which variant answered.
    const rated: RunFile = { ...run, cells: run.cells.map((c) => (c.id === 'c1-r0-k0' ? { ...c, rating: { verdict: 'up' as const, at: '2026-01-01T00:00:00.000Z' } } : c)) };
    const sample = sampleLineFromCell(rated, 'c1-r0-k0');
    if (typeof sample === 'string') throw new Error(sample);
    expect(JSON.parse(sample.line)).toMatchObject({ id: 'colours-good', description: 'Saved from a good answer of ask.chatty · openai/fake-gpt' });
  });
});

/** A run file as version 1 wrote it: one prompt for every column, no per-column fields. */
const VERSION_1_RUN = {
  version: 1,
  id: '20260101T000000Z-abc123',
  createdAt: '2026-01-01T00:00:00.000Z',
  promptPath: 'prompts/ask.prompt',
  promptHash: 'f'.repeat(64),
  repeat: 1,
  config: { temperature: 0.3 },
  columns: [
    { index: 0, model: 'openai/fake-gpt', endpoint: 'openai', params: { model: 'fake-gpt', temperature: 0.3 }, paramNotes: [], summary: { cells: 1, done: 1, failed: 0, passed: 1, passRate: 1, totalCostUsd: null, meanCostUsd: null, p50LatencyMs: 5, p95LatencyMs: 5, tokensPerSecond: null } },
  ],
  rows: [{ index: 0, sample: 'default', input: { question: 'Hi?' }, assert: [], messages: [{ role: 'system', content: 'Old system.' }, { role: 'user', content: 'Hi?' }] }],
  cells: [{ id: 'c0-r0-k0', column: 0, row: 0, repeat: 0, status: 'done', output: 'old answer', cached: false, attempts: 1, assertions: [], pass: true, latencyMs: 5 }],
};

describe('version 1 run files', () => {
  it('still load, export and rerun from their shared messages and config', async () => {
    const parsed = parseRun(JSON.stringify(VERSION_1_RUN));
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.version).toBe(1);
    expect(runToMarkdown(parsed)).toContain('| openai/fake-gpt | 100% (1/1) |');
    expect(compareJson(parsed).columns[0]).toMatchObject({ model: 'openai/fake-gpt', variant: null, promptPath: null });
    const session = openRun(parsed as RunFile, { useCache: false }, fakeEnv(server));
    session.rerunCell('c0-r0-k0');
    const after = await session.idle();
    expect(after.cells[0]!.status).toBe('done');
    // A column without a prompt of its own ignores a reload: the run's one prompt stays.
    session.rerunColumn(0, { reload: { prompt: TERSE } });
    await session.idle();
    expect(chatRequests().map(sent)).toEqual([
      { system: 'Old system.', user: 'Hi?', temperature: 0.3 },
      { system: 'Old system.', user: 'Hi?', temperature: 0.3 },
    ]);
    expect(parseRun(JSON.stringify({ ...VERSION_1_RUN, version: 3 }))).toMatch(/Unsupported run file version 3/);
  });
});
