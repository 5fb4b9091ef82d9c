import { describe, expect, it } from 'vitest';
import { describeCellRequest, describeRequest, startCompare, openRun, type CompareEvent, type CompareInput, type RunFile, type SinglePromptSetup } from '../../../src/core/compare';
import { fakeReply, type RecordedRequest } from '../../fake-provider/server';
import { useFakeProvider } from '../providers/helpers';
import { fakeEnv, fakeResolver, instantClock, MemoryCache, prompt, TEST_KEY } from './helpers';

const server = useFakeProvider({ apiKey: TEST_KEY });

const MODELS = ['openai/fake-gpt', 'anthropic/fake-claude', 'googleai/fake-echo'];
const INPUTS: CompareInput[] = [
  { sample: 'colours', input: { question: 'Name three primary colours.' }, assert: [{ type: 'icontains', value: 'colours' }] },
  { sample: 'capital', input: { question: 'What is the capital of France?' }, assert: [{ type: 'not-contains', value: 'Berlin' }, { type: 'max-length', threshold: 500 }] },
];

function setup(extra: Partial<SinglePromptSetup> = {}): SinglePromptSetup {
  return { prompt, promptPath: 'prompts/ask.prompt', inputs: INPUTS, models: MODELS, ...extra };
}

function chatRequests(): RecordedRequest[] {
  return server.requests.filter((r) => r.method === 'POST');
}

function cell(run: RunFile, model: string, sample: string) {
  const column = run.columns.find((c) => c.model === model)!.index;
  const row = run.rows.find((r) => r.sample === sample)!.index;
  return run.cells.find((c) => c.column === column && c.row === row)!;
}

describe('startCompare against the fake provider', () => {
  it('streams three models × two inputs through three wire protocols and fills every cell', async () => {
    const env = fakeEnv(server);
    const session = startCompare(setup(), env);
    const run = await session.idle();
    expect(run.cells).toHaveLength(6);
    expect(run.cells.every((c) => c.status === 'done')).toBe(true);
    // Each model got the rendered messages over its own protocol/path.
    const paths = new Set(chatRequests().map((r) => r.path));
    expect(paths).toEqual(new Set(['/v1/chat/completions', '/v1/messages', '/v1beta/openai/chat/completions']));
    expect(chatRequests().every((r) => r.stream)).toBe(true);
    for (const c of run.cells) {
      const row = run.rows[c.row]!;
      const model = run.columns[c.column]!.params.model as string;
      const wire = row.messages.filter((m) => m.role !== 'system');
      expect(c.output).toBe(fakeReply(model, wire));
      expect(c.usage?.reported).toBe(true);
      expect(c.usage!.outputTokens).toBeGreaterThan(0);
      expect(c.costUsd).toBeCloseTo((c.usage!.inputTokens * 1 + c.usage!.outputTokens * 2) / 1e6, 12);
      expect(c.attempts).toBe(1);
      expect(c.cached).toBe(false);
    }
    // Chunks arrived before each cell was done, and join to its output.
    const chunks = new Map<string, string>();
    for (const e of env.events) if (e.type === 'cell-chunk') chunks.set(e.cellId, (chunks.get(e.cellId) ?? '') + e.text);
    for (const c of run.cells) expect(chunks.get(c.id)).toBe(c.output);
    const order = env.events.map((e) => e.type);
    expect(order[0]).toBe('run-started');
    expect(order.at(-1)).toBe('run-finished');
    // The echo model repeats the question, so its "colours" cell passes; the hashed replies may not.
    expect(cell(run, 'googleai/fake-echo', 'colours').pass).toBe(true);
    expect(cell(run, 'googleai/fake-echo', 'colours').assertions).toEqual([{ type: 'icontains', pass: true, reason: 'contains "colours" (any case)', index: 0 }]);
    const echo = run.columns[2]!.summary;
    expect(echo).toMatchObject({ cells: 2, done: 2, failed: 0, passed: 2, passRate: 1 });
    expect(echo.p50LatencyMs).toBeGreaterThanOrEqual(0);
    expect(echo.totalCostUsd).toBeCloseTo(run.cells.filter((c) => c.column === 2).reduce((s, c) => s + c.costUsd!, 0), 12);
  });

  it('sends exactly the body describeRequest shows (translated per API, nothing dropped is sent)', async () => {
    const run = await startCompare(setup({ inputs: [INPUTS[0]!] }), fakeEnv(server)).idle();
    const resolve = fakeResolver(server);
    for (const column of run.columns) {
      const target = resolve(column.model);
      if (typeof target === 'string') throw new Error(target);
      const described = describeRequest(target, run.rows[0]!.messages, prompt.config.raw);
      const received = chatRequests().find((r) => r.model === target.model)!;
      expect(received.body).toEqual(described.body);
    }
    // The same through a cell of the run (what the panel's Show Request uses).
    const shown = describeCellRequest(run, 'c1-r0-k0', resolve);
    if (typeof shown === 'string') throw new Error(shown);
    expect(shown.body).toEqual(chatRequests().find((r) => r.model === 'fake-claude')!.body);
    expect(JSON.stringify(shown)).not.toContain(TEST_KEY);
    expect(describeCellRequest(run, 'nope', resolve)).toBe('No cell nope in this run.');
    const anthropic = run.columns[1]!;
    expect(anthropic.params).toEqual({ model: 'fake-claude', max_tokens: 200 });
    expect(anthropic.paramNotes.filter((n) => n.action === 'dropped').map((n) => n.param)).toEqual(['temperature', 'topK']);
    expect(run.columns[0]!.params).toEqual({ model: 'fake-gpt', max_tokens: 200, temperature: 0.2 });
  });

  it('retries an injected 429 honouring retry-after, and a persistent 500 becomes that cell\'s error while the others finish', async () => {
    server.setFault({ kind: '429', model: 'fake-gpt', times: 1, retryAfterMs: 1500 });
    server.setFault({ kind: '500', model: 'fake-claude' });
    const clock = instantClock();
    const env = fakeEnv(server, { clock });
    const run = await startCompare(setup({ inputs: [INPUTS[0]!] }), env).idle();
    const gpt = cell(run, 'openai/fake-gpt', 'colours');
    expect(gpt.status).toBe('done');
    expect(gpt.attempts).toBe(2);
    const retries = env.events.filter((e): e is Extract<CompareEvent, { type: 'retry-scheduled' }> => e.type === 'retry-scheduled');
    expect(retries.find((r) => r.cellId === gpt.id)).toMatchObject({ attempt: 2, delayMs: 1500 });
    const claude = cell(run, 'anthropic/fake-claude', 'colours');
    expect(claude.status).toBe('failed');
    expect(claude.error).toMatchObject({ kind: 'server', status: 500 });
    expect(claude.attempts).toBe(4);
    // The SDK's own retries are off: 1 try + 3 scheduler retries reached the server, no more.
    expect(chatRequests().filter((r) => r.model === 'fake-claude')).toHaveLength(4);
    // Backoff 1 s, 2 s, 4 s with jitter 0 (random 0.5).
    expect(clock.sleeps).toEqual(expect.arrayContaining([1000, 2000, 4000, 1500]));
    expect(cell(run, 'googleai/fake-echo', 'colours').status).toBe('done');
    expect(run.columns[1]!.summary).toMatchObject({ failed: 1, passRate: 0 });
    expect(JSON.stringify(run)).not.toContain(TEST_KEY);
  });

  it('retries a stream cut off mid-way and a reset connection, but not a reply that is whole yet unusable', async () => {
    server.setFault({ kind: 'truncated-stream', model: 'fake-gpt', times: 1 });
    server.setFault({ kind: 'connection-reset', model: 'fake-claude', times: 1 });
    server.setFault({ kind: 'invalid-json', model: 'fake-echo' });
    const env = fakeEnv(server);
    const run = await startCompare(setup({ inputs: [INPUTS[0]!] }), env).idle();
    expect(run.cells.map((c) => [c.status, c.attempts])).toEqual([
      ['done', 2],
      ['done', 2],
      ['failed', 1],
    ]);
    expect(run.cells[2]!.error?.kind).toBe('bad-response');
    // The second attempt's text replaced the first attempt's partial text.
    const wire = run.rows[0]!.messages.filter((m) => m.role !== 'system');
    expect(run.cells[0]!.output).toBe(fakeReply('fake-gpt', wire));
    const restarts = env.events.filter((e) => e.type === 'cell-started' && e.cellId === 'c0-r0-k0').map((e) => (e as { attempt: number }).attempt);
    expect(restarts).toEqual([1, 2]);
  });

  it('cancels one cell while the others finish, and cancelAll stops the rest', async () => {
    server.setFault({ kind: 'hang', model: 'fake-claude' });
    const env = fakeEnv(server);
    const session = startCompare(setup({ inputs: [INPUTS[0]!] }), env);
    const started = new Promise<string>((resolve) => {
      const poll = setInterval(() => {
        // Started, and its request reached the server (so nothing of this test arrives later).
        const hit = env.events.find((e) => e.type === 'cell-started' && e.cellId === 'c1-r0-k0') && server.requests.some((r) => r.model === 'fake-claude');
        if (hit) {
          clearInterval(poll);
          resolve('c1-r0-k0');
        }
      }, 5);
    });
    session.cancelCell(await started);
    const run = await session.idle();
    expect(run.cells.map((c) => c.status)).toEqual(['done', 'cancelled', 'done']);
    expect(env.events.some((e) => e.type === 'cell-cancelled' && e.cell.id === 'c1-r0-k0')).toBe(true);
  });

  it('the caller\'s AbortSignal cancels every unfinished cell, and a reopened run counts unfinished cells as cancelled', async () => {
    server.setFault({ kind: 'hang', model: 'fake-claude' });
    const controller = new AbortController();
    const env = fakeEnv(server, { signal: controller.signal });
    // Inputs of its own: requests it aborts may reach the server after it ends.
    const session = startCompare(setup({ inputs: [{ sample: 'x', input: { question: 'Abort one' } }, { sample: 'y', input: { question: 'Abort two' } }] }), env);
    const deadline = Date.now() + 5000;
    while (!env.events.some((e) => e.type === 'cell-done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    while (server.requestsTo('/v1/messages').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const run = await session.idle();
    const claude = run.cells.filter((c) => c.column === 1);
    expect(claude.map((c) => c.status)).toEqual(['cancelled', 'cancelled']);
    expect(run.cells.every((c) => c.status === 'done' || c.status === 'cancelled')).toBe(true);
    // Reruns are refused once the caller's signal aborted.
    session.rerunCell(claude[0]!.id);
    expect((await session.idle()).cells.find((c) => c.id === claude[0]!.id)!.status).toBe('cancelled');

    const saved: RunFile = JSON.parse(JSON.stringify(run)) as RunFile;
    saved.cells[0]!.status = 'running';
    const reopened = await openRun(saved, {}, fakeEnv(server)).idle();
    expect(reopened.cells[0]!.status).toBe('cancelled');
  });

  it('serves a rerun from the cache with the original timings, never caches errors, and repeat bypasses it', async () => {
    const cache = new MemoryCache();
    server.setFault({ kind: '500', model: 'fake-claude' });
    const first = await startCompare(setup({ inputs: [INPUTS[0]!], scheduler: { maxRetries: 0 } }), fakeEnv(server, { cache })).idle();
    expect(cache.entries.size).toBe(2);
    server.clearFaults();
    const before = server.requests.length;
    const second = await startCompare(setup({ inputs: [INPUTS[0]!] }), fakeEnv(server, { cache })).idle();
    const gpt1 = cell(first, 'openai/fake-gpt', 'colours');
    const gpt2 = cell(second, 'openai/fake-gpt', 'colours');
    expect(gpt2).toMatchObject({ cached: true, output: gpt1.output, latencyMs: gpt1.latencyMs, ttftMs: gpt1.ttftMs, costUsd: gpt1.costUsd, attempts: 0 });
    expect(gpt2.cachedAt).toEqual(expect.any(String));
    // Only the failed cell went to the network (requests another test aborted may still arrive: ignore them).
    const mine = server.requests.slice(before).filter((r) => JSON.stringify(r.body).includes('primary colours'));
    expect(mine.map((r) => r.model)).toEqual(['fake-claude']);
    expect(second.cells.map((c) => [c.cached, c.attempts])).toEqual([
      [true, 0],
      [false, 1],
      [true, 0],
    ]);
    expect(cell(second, 'anthropic/fake-claude', 'colours').cached).toBe(false);
    const repeated = await startCompare(setup({ inputs: [INPUTS[0]!], repeat: 2 }), fakeEnv(server, { cache })).idle();
    expect(repeated.cells).toHaveLength(6);
    expect(repeated.cells.every((c) => !c.cached && c.status === 'done')).toBe(true);
  });

  it('grades rubric assertions with the judge model the caller names, and fails them without one', async () => {
    const inputs: CompareInput[] = [{ sample: 'r', input: { question: 'Say banana please' }, assert: [{ type: 'rubric', value: "Mentions 'banana'" }, { type: 'rubric', value: "Mentions 'cherry'" }] }];
    const judged = await startCompare(setup({ inputs, models: ['openai/fake-echo'], judgeModel: 'openai/fake-grader' }), fakeEnv(server)).idle();
    expect(judged.cells[0]!.assertions.map((a) => [a.pass, a.reason])).toEqual([
      [true, "The output mentions 'banana'."],
      [false, "The output does not mention 'cherry'."],
    ]);
    expect(judged.cells[0]!.pass).toBe(false);
    const unjudged = await startCompare(setup({ inputs, models: ['openai/fake-echo'] }), fakeEnv(server)).idle();
    expect(unjudged.cells[0]!.assertions[0]).toMatchObject({ pass: false, reason: expect.stringContaining('no judge model chosen') });
  });

  it('prices a Genkit id by the catalog\'s google/ name when no price is set for the id as written', async () => {
    const prices = (id: string) => (id === 'google/fake-echo' ? { inputPerMTok: 3, outputPerMTok: 5 } : undefined);
    const run = await startCompare(setup({ inputs: [INPUTS[0]!], models: ['googleai/fake-echo', 'openai/fake-gpt'] }), fakeEnv(server, { prices })).idle();
    const [gemini, gpt] = run.cells;
    expect(gemini!.costUsd).toBeCloseTo((gemini!.usage!.inputTokens * 3 + gemini!.usage!.outputTokens * 5) / 1e6, 12);
    expect(gpt!.costUsd).toBeUndefined();
    expect(run.columns[1]!.summary.totalCostUsd).toBeNull();
  });

  it('reports unknown providers and render failures as cell errors without sending anything', async () => {
    const run = await startCompare(setup({ models: ['nowhere/model', 'not-an-id'], inputs: [INPUTS[0]!] }), fakeEnv(server)).idle();
    expect(run.cells.map((c) => [c.status, c.error?.kind])).toEqual([
      ['failed', 'config'],
      ['failed', 'config'],
    ]);
    expect(run.columns[0]!.configError).toContain('Unknown provider "nowhere"');
    expect(server.requests).toHaveLength(0);
  });

  it('reruns a cell and a column, rates a cell, and a reopened run reruns from its saved messages', async () => {
    const env = fakeEnv(server);
    const session = startCompare(setup({ inputs: [INPUTS[0]!] }), env);
    await session.idle();
    session.rateCell('c0-r0-k0', { verdict: 'up', note: ' crisp ' });
    server.reset();
    session.rerunCell('c0-r0-k0');
    let run = await session.idle();
    expect(server.requests).toHaveLength(1);
    expect(run.cells[0]!.rating).toMatchObject({ verdict: 'up', note: 'crisp' });
    expect(env.events.some((e) => e.type === 'cell-queued' && e.cell.id === 'c0-r0-k0')).toBe(true);
    session.rerunColumn(2);
    run = await session.idle();
    expect(server.requests).toHaveLength(2);
    expect(run.cells.every((c) => c.status === 'done')).toBe(true);

    const reopenedEnv = fakeEnv(server);
    const reopened = openRun(JSON.parse(JSON.stringify(run)) as RunFile, {}, reopenedEnv);
    expect((await reopened.idle()).cells.map((c) => c.output)).toEqual(run.cells.map((c) => c.output));
    expect(reopenedEnv.events.map((e) => e.type)).toEqual(['run-started', 'run-finished']);
    expect(server.requests).toHaveLength(2);
    reopened.rerunCell('c1-r0-k0', { bypassCache: true });
    const after = await reopened.idle();
    expect(server.requests).toHaveLength(3);
    expect(after.cells[1]!.output).toBe(run.cells[1]!.output);
  });
});
