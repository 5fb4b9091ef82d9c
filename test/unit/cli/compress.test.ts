import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { providerFromEnv } from '../../../src/cli/commands/compress';
import { runCli } from '../../../src/cli/main';
import { startFakeProvider, type FakeProvider } from '../../fake-provider/server';

const KEY = 'sk-test-cli-compress-0123456789';
let server: FakeProvider;
let dir: string;
const ORIGINAL = `---
model: openai/gpt-4o
---
You are a support assistant for Acme Corp. Please be very concise.
- Never share internal notes with the user.
- Answer in at most 3 sentences.
- Docs live at https://acme.example/help for reference.
- You must always answer in {{language}}.
`;

beforeAll(async () => {
  server = await startFakeProvider({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'promptscope-compress-'));
  writeFileSync(join(dir, 'support.prompt'), ORIGINAL);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function compress(args: string[], env: Record<string, string | undefined> = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseURL }) {
  const io = { stdout: '', stderr: '', cwd: dir, env, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } } satisfies CliIO & { stdout: string; stderr: string };
  const code = await runCli(['compress', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

interface CompressJson { lossy: boolean; lost: { category: string; item: string; status?: string }[]; compressed: string; out: string | null; constraints: { text: string; status: string }[]; tokens: { before: number; after: number; model: string; counts: string } | null }

describe('promptscope compress (against the fake provider)', () => {
  it('a faithful model: exit 0, nothing lost, the original untouched, the frontmatter kept', async () => {
    const r = await compress(['support.prompt', '--model', 'openai/fake-compress', '--judge', 'openai/fake-judge', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as CompressJson;
    expect(json.lossy).toBe(false);
    expect(json.lost).toEqual([]);
    expect(json.compressed.startsWith('---\nmodel: openai/gpt-4o\n---\n')).toBe(true);
    expect(json.compressed).not.toMatch(/\bplease\b/i);
    expect(json.tokens!.after).toBeLessThan(json.tokens!.before);
    // The same number `count` shows (the rendered prompt), for the original and for the compressed file.
    const counted = async (text: string): Promise<number> => {
      writeFileSync(join(dir, 'counted.prompt'), text);
      const io = { stdout: '', cwd: dir, env: {}, out(t: string) { io.stdout += t; }, err() {} } satisfies CliIO & { stdout: string };
      await runCli(['count', 'counted.prompt', '--json'], io);
      return (JSON.parse(io.stdout) as { files: { models: { tokens: number }[] }[] }).files[0]!.models[0]!.tokens;
    };
    expect(json.tokens).toMatchObject({ model: 'openai/gpt-4o', counts: 'rendered with default input on openai/gpt-4o', before: await counted(ORIGINAL), after: await counted(json.compressed) });
    expect(json.constraints.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'support.prompt'), 'utf8')).toBe(ORIGINAL);
  });

  it('a lossy model: exit 1 and the JSON names each lost item', async () => {
    const r = await compress(['support.prompt', '--model', 'openai/fake-compress-bad', '--judge', 'openai/fake-judge', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout) as CompressJson;
    expect(json.lossy).toBe(true);
    const items = json.lost.map((l) => `${l.category}: ${l.item}`);
    expect(items).toContain('urls: https://acme.example/help');
    expect(items.some((i) => i.startsWith('numbers: 3'))).toBe(true);
    expect(json.lost.some((l) => l.category === 'constraint' && /never share internal notes/i.test(l.item))).toBe(true);
    expect(readFileSync(join(dir, 'support.prompt'), 'utf8')).toBe(ORIGINAL);
  });

  it('--out writes the compressed file elsewhere; text mode prints the report to stderr', async () => {
    const r = await compress(['support.prompt', '--model', 'openai/fake-compress', '--judge', 'openai/fake-judge', '--out', 'short.prompt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Tokens \(rendered with default input on openai\/gpt-4o\): \d+ → \d+/);
    expect(r.stderr).toContain('Wrote short.prompt');
    expect(readFileSync(join(dir, 'short.prompt'), 'utf8')).toContain('Never share internal notes');
    expect(readFileSync(join(dir, 'support.prompt'), 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to overwrite the input, and usage errors exit 2', async () => {
    expect((await compress(['support.prompt', '--model', 'openai/fake-compress', '--out', 'support.prompt'])).code).toBe(2);
    expect((await compress(['support.prompt'])).stderr).toMatch(/--model is required/);
    expect((await compress(['support.prompt', '--model', 'openai/fake-compress', '--mode', 'squash'])).code).toBe(2);
    expect((await compress(['support.prompt', '--model', 'openai/fake-compress', '--bogus'])).code).toBe(2);
    expect((await compress(['missing.prompt', '--model', 'openai/fake-compress'])).code).toBe(2);
    const noKey = await compress(['support.prompt', '--model', 'openai/fake-compress'], {});
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/OPENAI_API_KEY/);
    expect(readFileSync(join(dir, 'support.prompt'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(join(dir, 'missing.prompt'))).toBe(false);
  });

  it('a provider error (wrong key) exits 2 without printing the key', async () => {
    const r = await compress(['support.prompt', '--model', 'openai/fake-compress'], { OPENAI_API_KEY: 'sk-wrong-key-0000000000', OPENAI_BASE_URL: server.openaiBaseURL });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('sk-wrong-key-0000000000');
  });
});

describe('providerFromEnv', () => {
  it('maps openai, anthropic and named endpoints from the environment only', () => {
    expect(providerFromEnv('openai/gpt-4o', { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://x/v1' })).toEqual({ config: { kind: 'openai', name: 'openai', apiKey: 'k', baseURL: 'http://x/v1' }, model: 'gpt-4o' });
    expect(providerFromEnv('anthropic/claude-x', { ANTHROPIC_API_KEY: 'k' }).config.kind).toBe('anthropic');
    expect(providerFromEnv('my-llm/llama3', { PROMPTSCOPE_ENDPOINT_MY_LLM_BASE_URL: 'http://localhost:11434/v1' })).toEqual({ config: { kind: 'openai-compatible', name: 'my-llm', baseURL: 'http://localhost:11434/v1' }, model: 'llama3' });
    expect(() => providerFromEnv('ollama/llama3', {})).toThrow(/PROMPTSCOPE_ENDPOINT_OLLAMA_BASE_URL/);
    expect(() => providerFromEnv('gpt-4o', {})).toThrow(/provider\/model/);
  });

  it('routes Gemini ids like compare does (the core mapping): Google\'s OpenAI-compatible endpoint with GEMINI_API_KEY', () => {
    expect(providerFromEnv('googleai/gemini-2.5-flash', { GEMINI_API_KEY: 'g' })).toEqual({
      config: { kind: 'openai-compatible', name: 'gemini', baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/', apiKey: 'g' },
      model: 'gemini-2.5-flash',
    });
    expect(() => providerFromEnv('vertexai/gemini-2.5-pro', {})).toThrow(/GEMINI_API_KEY/);
    expect(() => providerFromEnv('openai/gpt-4o', {})).toThrow(/OPENAI_API_KEY/);
    // A named endpoint never gets a built-in provider's key.
    expect(providerFromEnv('my-llm/llama3', { PROMPTSCOPE_ENDPOINT_MY_LLM_BASE_URL: 'http://l/v1', OPENAI_API_KEY: 'sk' }).config).not.toHaveProperty('apiKey');
  });
});
