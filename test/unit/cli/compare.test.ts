import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { parseRun, type CompareJson } from '../../../src/core/compare';
import { startFakeProvider, type FakeProvider } from '../../fake-provider/server';

const KEY = 'sk-cli-compare-key-ABCDEFGHIJKLMNOP';
let server: FakeProvider;
let dir: string;
let cacheHome: string;

const PROMPT = `---
model: openai/fake-gpt
config:
  maxOutputTokens: 100
input:
  schema:
    question: string
  default:
    question: Name a colour.
---
{{role "user"}}{{question}}
`;

const SAMPLES = [
  JSON.stringify({ id: 'colours', input: { question: 'Name three primary colours.' }, assert: [{ type: 'icontains', value: 'COLOURS' }] }),
  JSON.stringify({ input: { question: 'What is the capital of France?' }, assert: [{ type: 'contains', value: 'Paris' }] }),
].join('\n');

beforeAll(async () => {
  server = await startFakeProvider({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'promptscope-compare-'));
  cacheHome = mkdtempSync(join(tmpdir(), 'promptscope-cache-'));
  writeFileSync(join(dir, 'ask.prompt'), PROMPT);
  writeFileSync(join(dir, 'ask.samples.jsonl'), SAMPLES);
  writeFileSync(join(dir, 'prices.json'), JSON.stringify({ 'openai/fake-echo': { input: 1, output: 2 } }));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheHome, { recursive: true, force: true });
});
beforeEach(() => server.reset());

function env(): Record<string, string> {
  return {
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.openaiBaseURL,
    ANTHROPIC_API_KEY: KEY,
    ANTHROPIC_BASE_URL: server.anthropicBaseURL,
    GEMINI_API_KEY: KEY,
    GEMINI_BASE_URL: `${server.url}/v1beta/openai/`,
    PROMPTSCOPE_ENDPOINT_LOCAL_VLLM_BASE_URL: server.openaiBaseURL,
    PROMPTSCOPE_ENDPOINT_LOCAL_VLLM_API_KEY: KEY,
    XDG_CACHE_HOME: cacheHome,
  };
}

async function compare(args: string[], environment: Record<string, string> = env()): Promise<{ code: number; stdout: string; stderr: string }> {
  const io: CliIO & { stdout: string; stderr: string } = {
    stdout: '',
    stderr: '',
    cwd: dir,
    env: environment,
    out(t) {
      io.stdout += t;
    },
    err(t) {
      io.stderr += t;
    },
  };
  const code = await runCli(['compare', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('promptscope compare', () => {
  it('--json has the documented shape: cells with model, sample id or line, assertions; per-model columns; exit 1 on a failed assertion', async () => {
    const { code, stdout, stderr } = await compare(['ask.prompt', '-m', 'openai/fake-echo,anthropic/fake-claude', '--model', 'googleai/fake-upper', '--samples', 'ask.samples.jsonl', '--json', '--prices', 'prices.json', '--no-cache']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as CompareJson;
    expect(report.cells).toHaveLength(6);
    expect(report.cells.map((c) => [c.model, c.sample])).toEqual([
      ['openai/fake-echo', 'colours'],
      ['openai/fake-echo', '2'],
      ['anthropic/fake-claude', 'colours'],
      ['anthropic/fake-claude', '2'],
      ['googleai/fake-upper', 'colours'],
      ['googleai/fake-upper', '2'],
    ]);
    const echo = report.cells[0]!;
    expect(echo).toMatchObject({ output: 'Name three primary colours.', pass: true, cached: false, error: null, status: 'done' });
    expect(echo.assertions).toEqual([{ type: 'icontains', pass: true, reason: 'contains "COLOURS" (any case)' }]);
    expect(echo.latencyMs).toEqual(expect.any(Number));
    expect(echo.ttftMs).toEqual(expect.any(Number));
    expect(echo.usage).toEqual({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(echo.costUsd).toBeCloseTo((echo.usage!.inputTokens + 2 * echo.usage!.outputTokens) / 1e6, 12);
    expect(report.cells[4]!.output).toBe('NAME THREE PRIMARY COLOURS.');
    expect(report.cells[1]!.pass).toBe(false);
    expect(report.columns.map((c) => [c.model, c.endpoint, c.passed, c.cells])).toEqual([
      ['openai/fake-echo', 'openai', 1, 2],
      ['anthropic/fake-claude', 'anthropic', expect.any(Number), 2],
      ['googleai/fake-upper', 'gemini', 1, 2],
    ]);
    expect(server.requests.some((r) => r.path === '/v1beta/openai/chat/completions')).toBe(true);
    expect(code).toBe(1);
    // The run file was written under .promptscope/runs/, without the key.
    const run = parseRun(readFileSync(join(dir, report.runFile!), 'utf8'));
    if (typeof run === 'string') throw new Error(run);
    expect(run.cells).toHaveLength(6);
    expect(report.runFile).toMatch(/^\.promptscope\/runs\/.+\.json$/);
    expect(readFileSync(join(dir, report.runFile!), 'utf8')).not.toContain(KEY);
  });

  it('exit 0 when every cell passes; the default input and the file\'s model when no --model; endpoints from the environment', async () => {
    const result = await compare(['ask.prompt', '--input', '{"question":"hello"}', '-m', 'local-vllm/fake-echo', '--no-save', '--json', '--no-cache']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CompareJson;
    expect(report.cells.map((c) => [c.sample, c.output])).toEqual([['input', 'hello']]);
    expect(report.runFile).toBeNull();
    const byDefault = await compare(['ask.prompt', '--no-save', '--json', '--no-cache']);
    const defaultReport = JSON.parse(byDefault.stdout) as CompareJson;
    expect(defaultReport.cells.map((c) => [c.model, c.sample])).toEqual([['openai/fake-gpt', 'default']]);
    expect(byDefault.code).toBe(0);
  });

  it('caches in $XDG_CACHE_HOME/promptscope (never the working directory): the second run is cached with the original latency', async () => {
    const args = ['ask.prompt', '-m', 'openai/fake-gpt', '--samples', 'ask.samples.jsonl', '--json', '--no-save'];
    const first = JSON.parse((await compare(args)).stdout) as CompareJson;
    const requests = server.requests.length;
    expect(requests).toBe(2);
    const second = JSON.parse((await compare(args)).stdout) as CompareJson;
    expect(server.requests.length).toBe(requests);
    expect(second.cells.map((c) => c.cached)).toEqual([true, true]);
    expect(second.cells.map((c) => c.latencyMs)).toEqual(first.cells.map((c) => c.latencyMs));
    const files = readdirSync(join(cacheHome, 'promptscope'));
    expect(files.length).toBe(2);
    for (const f of files) expect(readFileSync(join(cacheHome, 'promptscope', f), 'utf8')).not.toContain(KEY);
    expect(readdirSync(dir).some((f) => f.includes('cache'))).toBe(false);
    const cleared = await compare(['--clear-cache']);
    expect(cleared).toMatchObject({ code: 0, stderr: `Cleared 2 cached responses from ${join(cacheHome, 'promptscope')}.\n` });
    expect(readdirSync(join(cacheHome, 'promptscope'))).toEqual([]);
  });

  it('text and Markdown output; a provider that is down fails only its own cells', async () => {
    // 401 is not retried, so the test does not wait for the backoff.
    server.setFault({ kind: '401', model: 'fake-claude' });
    const text = await compare(['ask.prompt', '-m', 'openai/fake-echo', '-m', 'anthropic/fake-claude', '--input', '{"question":"hi there"}', '--no-save', '--no-cache', '--concurrency', '2']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('openai/fake-echo  pass 1/1 (100%)  cost unknown');
    expect(text.stdout).toContain('"hi there"');
    expect(text.stdout).toMatch(/anthropic\/fake-claude {2}pass 0\/1 \(0%\)[\s\S]*ERROR .*HTTP 401/);
    expect(text.stdout).not.toContain(KEY);
    const md = await compare(['ask.prompt', '-m', 'openai/fake-echo', '--input', '{"question":"hi there"}', '--no-save', '--no-cache', '--md']);
    expect(md.stdout).toContain('# Comparison: ask.prompt');
    expect(md.stdout).toContain('| openai/fake-echo | hi there |');
  });

  it('a missing key fails that model\'s cells with the variable to set, before any request', async () => {
    const { GEMINI_API_KEY: _unused, ...withoutGemini } = env();
    const result = await compare(['ask.prompt', '-m', 'googleai/fake-echo', '-m', 'openai/fake-echo', '--input', '{"question":"x"}', '--json', '--no-save', '--no-cache'], withoutGemini);
    const report = JSON.parse(result.stdout) as CompareJson;
    expect(report.cells.map((c) => [c.status, c.error])).toEqual([
      ['failed', 'GEMINI_API_KEY is not set: export it to run googleai/fake-echo (keys are read from the environment only).'],
      ['done', null],
    ]);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/chat/completions']);
    expect(result.code).toBe(1);
  });

  it('--variants: one column per variant, each its own prompt on its own model over the samples; usage errors exit 2', async () => {
    const base = `---\nmodel: openai/fake-echo\nsamples: kb.samples.jsonl\ninput:\n  schema:\n    question: string\n---\n{{role "system"}}\nYou are the base.\n{{role "user"}}{{question}}\n`;
    writeFileSync(join(dir, 'kb.prompt'), base);
    writeFileSync(join(dir, 'kb.loud.prompt'), base.replace('openai/fake-echo', 'openai/fake-upper').replace('You are the base.', 'You are loud.'));
    writeFileSync(join(dir, 'kb.samples.jsonl'), `${JSON.stringify({ id: 'hi', input: { question: 'hello there' }, assert: [{ type: 'contains', value: 'hello' }] })}\n`);
    const { code, stdout } = await compare(['kb.loud.prompt', '--variants', '--json', '--no-cache', '--no-save']);
    const report = JSON.parse(stdout) as CompareJson;
    expect(report.prompt).toBe('kb.prompt');
    expect(report.columns.map((c) => [c.variant, c.promptPath, c.model, c.passed])).toEqual([
      ['kb', 'kb.prompt', 'openai/fake-echo', 1],
      ['kb.loud', 'kb.loud.prompt', 'openai/fake-upper', 0],
    ]);
    expect(report.cells.map((c) => [c.variant, c.model, c.output])).toEqual([
      ['kb', 'openai/fake-echo', 'hello there'],
      ['kb.loud', 'openai/fake-upper', 'HELLO THERE'],
    ]);
    expect(code).toBe(1);
    const systems = server.requests.filter((r) => r.method === 'POST').map((r) => [r.model, JSON.stringify(r.body).includes('You are loud.')]);
    expect(systems).toEqual(expect.arrayContaining([['fake-echo', false], ['fake-upper', true]]));
    const text = await compare(['kb.prompt', '--variants', '--no-save']);
    expect(text.stdout).toContain('kb.prompt — 2 variant(s) × 1 input(s)');
    expect(text.stdout).toContain('kb.loud · openai/fake-upper  pass 0/1');
    const withModel = await compare(['kb.prompt', '--variants', '-m', 'openai/fake-gpt']);
    expect(withModel.code).toBe(2);
    expect(withModel.stderr).toContain('--variants runs each variant on its own model');
    const lone = await compare(['ask.prompt', '--variants', '--samples', 'ask.samples.jsonl']);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain('ask has no variant to compare yet');
  });

  it('usage errors exit 2 with a clear message', async () => {
    expect(await compare([])).toMatchObject({ code: 2, stderr: expect.stringContaining('exactly one prompt file') });
    expect(await compare(['missing.prompt', '-m', 'openai/x'])).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read prompt file') });
    expect(await compare(['ask.prompt', '--samples', 'a', '--input', '{}'])).toMatchObject({ code: 2 });
    expect(await compare(['ask.prompt', '--json', '--md'])).toMatchObject({ code: 2 });
    expect(await compare(['ask.prompt', '--repeat', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--repeat') });
    writeFileSync(join(dir, 'bad.jsonl'), '{"input": {}}\nnot json\n');
    expect(await compare(['ask.prompt', '--samples', 'bad.jsonl'])).toMatchObject({ code: 2, stderr: expect.stringContaining('bad.jsonl:2: Invalid JSON') });
    const help = await compare(['--help']);
    expect(help.stdout).toContain('PROMPTSCOPE_ENDPOINT_<NAME>_BASE_URL');
  });
});

describe('the built promptscope binary', () => {
  it('Ctrl+C (SIGINT) cancels the running cells, still prints the report and exits 1', async () => {
    const out = join(dir, 'bin');
    await esbuild.build({
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
      absWorkingDir: resolve(__dirname, '../../..'),
      define: { PROMPTSCOPE_VERSION: '"test"' },
      entryPoints: ['src/cli/main.ts'],
      outfile: join(out, 'cli.js'),
    });
    copyFileSync(join(dirname(createRequire(__filename).resolve('tiktoken')), 'tiktoken_bg.wasm'), join(out, 'tiktoken_bg.wasm'));
    server.setFault({ kind: 'hang', model: 'fake-claude' });
    const child = spawn(process.execPath, [join(out, 'cli.js'), 'compare', 'ask.prompt', '-m', 'openai/fake-echo', '-m', 'anthropic/fake-claude', '--json', '--no-cache', '--no-save'], {
      cwd: dir,
      env: { ...env(), PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 20_000;
    while (!server.requests.some((r) => r.model === 'fake-claude') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    const report = JSON.parse(stdout) as CompareJson;
    expect(report.cells.map((c) => [c.model, c.status])).toEqual([
      ['openai/fake-echo', 'done'],
      ['anthropic/fake-claude', 'cancelled'],
    ]);
  }, 30_000);
});
