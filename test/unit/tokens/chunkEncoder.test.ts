import * as esbuild from 'esbuild';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants, getPriority } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerChunkEncoder } from '../../../src/core/tokens/chunkEncoder';
import { splitIntoChunks } from '../../../src/core/tokens/chunking';
import { countWithTiktoken } from '../../../src/core/tokens/tiktokenEncoders';
import { COUNT_CONTINUES_NOTE, TokenService } from '../../../src/core/tokens/tokenService';
import type { ChatMessageText } from '../../../src/core/tokens/types';
import { seededRandom } from '../../support/seededRandom';
import { randomProse } from './randomText';

const root = join(__dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
let dir: string;
/** The worker bundled as the .vsix ships it: tokenizerWorker.js next to tiktoken_bg.wasm. */
let workerScript: string;
/** The same bundle without the WASM beside it. */
let workerWithoutWasm: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promptscope-worker-'));
  workerScript = join(dir, 'ok', 'tokenizerWorker.js');
  await esbuild.build({ entryPoints: [join(root, 'src/core/tokens/tokenizerWorker.ts')], outfile: workerScript, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
  copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(dir, 'ok', 'tiktoken_bg.wasm'));
  workerWithoutWasm = join(dir, 'nowasm', 'tokenizerWorker.js');
  await esbuild.build({ entryPoints: [join(root, 'src/core/tokens/tokenizerWorker.ts')], outfile: workerWithoutWasm, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The example prompts and the bench corpus: real prompt text, several of them many chunks long. */
function corpus(): string[] {
  const files = [
    ...readdirSync(join(root, 'examples')).filter((f) => /\.(prompt|prompty|md)$/.test(f)).map((f) => join(root, 'examples', f)),
    ...readdirSync(join(root, 'bench/corpus')).filter((f) => f.endsWith('.md')).slice(0, 12).map((f) => join(root, 'bench/corpus', f)),
  ];
  const random = seededRandom(7);
  const generated = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${randomProse(random, 60)}`).join('\n');
  return [...files.map((f) => readFileSync(f, 'utf8')), generated];
}

function workerService(encoder: WorkerChunkEncoder, failures: Error[] = []): TokenService {
  return new TokenService({ chunkEncoder: encoder, onChunkEncoderFailure: (e) => failures.push(e) });
}

describe('tokenizer worker', () => {
  it('counts exactly what tiktoken counts on this thread, multi-chunk texts included', async () => {
    const encoder = new WorkerChunkEncoder(workerScript);
    const service = workerService(encoder);
    const texts = corpus();
    expect(texts.some((t) => splitIntoChunks(t).length > 20)).toBe(true);
    for (const text of texts) {
      for (const [model, encoding] of [['openai/gpt-4o', 'o200k_base'], ['openai/gpt-4', 'cl100k_base']] as const) {
        const count = await service.settled(() => service.countText(text, model));
        expect(count).toEqual({ tokens: countWithTiktoken(encoding, text), exact: true, method: `tiktoken:${encoding}` });
      }
    }
    expect(encoder.failed).toBeUndefined();
    encoder.dispose();
  });

  it('answers a warm-up with its load time and counts batches in order', async () => {
    let loadMs = -1;
    const encoder = new WorkerChunkEncoder(workerScript, { onWarmed: (ms) => { loadMs = ms; } });
    encoder.warm(['o200k_base']);
    await encoder.whenWarmed();
    expect(encoder.warmed).toBe(true);
    const texts = ['hello world', '', '日本語のテキスト', 'You are a helpful assistant.'];
    expect(await encoder.encode('o200k_base', texts)).toEqual(texts.map((t) => countWithTiktoken('o200k_base', t)));
    expect(loadMs).toBeGreaterThanOrEqual(0);
    encoder.dispose();
  });

  it('runs below the extension host\'s priority on Linux, lowering its own thread only', async () => {
    const before = getPriority();
    let niceness: number | undefined = -1;
    const encoder = new WorkerChunkEncoder(workerScript, { onWarmed: (_ms, n) => { niceness = n; } });
    encoder.warm(['o200k_base']);
    await encoder.whenWarmed();
    if (process.platform === 'linux') expect(niceness).toBe(Math.max(before, constants.priority.PRIORITY_BELOW_NORMAL));
    else expect(niceness).toBeUndefined();
    // The caller's thread (the extension host's) keeps its priority.
    expect(getPriority()).toBe(before);
    encoder.dispose();
  });

  it('first shows a marked estimate, then the exact count without anyone asking again', async () => {
    const encoder = new WorkerChunkEncoder(workerScript);
    const service = workerService(encoder);
    const messages: ChatMessageText[] = [{ role: 'system', text: corpus()[0] ?? '' }, { role: 'user', text: 'Where is my order #1234?' }];
    const sync = new TokenService().countMessages(messages, 'openai/gpt-4o');

    const first = service.countMessages(messages, 'openai/gpt-4o');
    expect(first.exact).toBe(false);
    expect(first.note).toContain(COUNT_CONTINUES_NOTE);
    await service.whenIdle();
    const then = service.countMessages(messages, 'openai/gpt-4o');
    expect(then).toEqual(sync);
    encoder.dispose();
  });

  it('after an edit sends only the edited chunk to the worker', async () => {
    const encoder = new WorkerChunkEncoder(workerScript);
    const service = workerService(encoder);
    const random = seededRandom(3);
    const text = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: ${randomProse(random, 40)}.`).join('\n\n');
    await service.settled(() => service.countText(text, 'openai/gpt-4o'));
    const before = service.stats('o200k_base').chunkEncodes;
    const edited = text.replace('Paragraph 17: ', 'Paragraph 17: x');
    const estimate = service.countText(edited, 'openai/gpt-4o');
    expect(estimate.exact).toBe(false);
    expect(service.stats('o200k_base').chunkEncodes - before).toBe(1);
    const exact = await service.settled(() => service.countText(edited, 'openai/gpt-4o'));
    expect(exact.tokens).toBe(countWithTiktoken('o200k_base', edited));
    expect(exact.exact).toBe(true);
    encoder.dispose();
  });

  it('a crashing worker: counting falls back to this thread, nobody waits forever', async () => {
    const failures: Error[] = [];
    const encoder = new WorkerChunkEncoder(workerScript, { createWorker: () => new Worker('process.exit(3)', { eval: true }) });
    const service = workerService(encoder, failures);
    const text = corpus()[0] ?? '';
    const count = await service.settled(() => service.countText(text, 'openai/gpt-4o'));
    expect(count).toMatchObject({ tokens: countWithTiktoken('o200k_base', text), exact: true });
    expect(service.countsOffThread).toBe(false);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.message).toMatch(/exited/);
    await expect(encoder.encode('o200k_base', ['x'])).rejects.toThrow(/exited/);
    // Waiting for the warm-up of a dead worker does not hang either.
    await encoder.whenWarmed();
    expect(encoder.warmed).toBe(false);
  });

  it('a worker that never answers is stopped after the timeout, and counting falls back', async () => {
    const failures: Error[] = [];
    const encoder = new WorkerChunkEncoder(workerScript, { timeoutMs: 300, createWorker: () => new Worker('setInterval(() => {}, 1000)', { eval: true }) });
    const service = workerService(encoder, failures);
    const count = await service.settled(() => service.countText('hello world', 'openai/gpt-4o'));
    expect(count).toMatchObject({ tokens: 2, exact: true });
    expect(failures[0]?.message).toMatch(/did not answer/);
  });

  it('a worker that cannot load tiktoken (no WASM beside it) fails fast and counting falls back', async () => {
    const failures: Error[] = [];
    const encoder = new WorkerChunkEncoder(workerWithoutWasm);
    const service = workerService(encoder, failures);
    const count = await service.settled(() => service.countText('hello world', 'openai/gpt-4o'));
    expect(count).toMatchObject({ tokens: 2, exact: true });
    expect(failures[0]?.message).toMatch(/tiktoken_bg\.wasm|load/i);
  });
});

describe('tokenizer worker started later (startAfter)', () => {
  it('creates no worker before startAfter resolves, then answers every request made meanwhile', async () => {
    let release!: () => void;
    const startAfter = new Promise<void>((resolve) => { release = resolve; });
    let created = 0;
    const encoder = new WorkerChunkEncoder(workerScript, { startAfter, createWorker: (path) => { created++; return new Worker(path); } });
    encoder.warm(['o200k_base']);
    const counted = encoder.encode('o200k_base', ['Hello there, world.', 'Second text']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(created, 'no worker while held').toBe(0);
    expect(encoder.warmed).toBe(false);
    release();
    expect(await counted).toEqual([countWithTiktoken('o200k_base', 'Hello there, world.'), countWithTiktoken('o200k_base', 'Second text')]);
    expect(created).toBe(1);
    await encoder.whenWarmed();
    expect(encoder.warmed).toBe(true);
    encoder.dispose();
  });

  it('rejects what waits when it is disposed before it started, without ever starting', async () => {
    let created = 0;
    const encoder = new WorkerChunkEncoder(workerScript, { startAfter: new Promise(() => {}), createWorker: (path) => { created++; return new Worker(path); } });
    const counted = encoder.encode('o200k_base', ['never counted']);
    encoder.dispose();
    await expect(counted).rejects.toThrow(/stopped/);
    expect(created).toBe(0);
  });
});
