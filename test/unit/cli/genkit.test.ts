import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { startFakeProvider } from '../../fake-provider/server';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptscope-genkit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: '', stderr: '', cwd: dir, env, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('Genkit model ids in the CLI', () => {
  it('check accepts googleai/, vertexai/ and bare Gemini ids; count prices them as ≈ google/… entries', async () => {
    writeFileSync(join(dir, 'bare.prompt'), '---\nmodel: gemini-2.5-flash\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}\nYou are helpful.\n{{role "user"}}\nHello, {{name}}!\n');
    writeFileSync(join(dir, 'vertex.prompt'), '---\nmodel: vertexai/gemini-2.5-pro\n---\nSummarise the weekly report in three bullet points.\n');
    writeFileSync(join(dir, 'googleai.prompt'), '---\nmodel: googleai/gemini-2.5-flash\n---\nSay hello.\n');
    const check = await cli(['check', 'bare.prompt', 'vertex.prompt', 'googleai.prompt']);
    expect(check.stdout).not.toMatch(/invalid-model-id|unknown-model/);
    expect(check.code).toBe(0);

    const count = await cli(['count', 'vertex.prompt', '--json']);
    const model = (JSON.parse(count.stdout) as { files: { models: { model: string; exact: boolean; costPerCall: number | null; contextWindow: number | null; notes: string[] }[] }[] }).files[0]?.models[0];
    expect(model).toMatchObject({ model: 'vertexai/gemini-2.5-pro', exact: false });
    expect(model?.costPerCall).toBeGreaterThan(0);
    expect(model?.contextWindow).toBeGreaterThan(100_000);
  });

  it('a misspelt bare Gemini id gets no OpenAI advice', async () => {
    writeFileSync(join(dir, 'typo.prompt'), '---\nmodel: gemini-2.5-flsh\n---\nHi.\n');
    const { stdout } = await cli(['check', 'typo.prompt']);
    expect(stdout).toContain('invalid-model-id');
    expect(stdout).not.toContain('openai/gemini');
  });
});

describe('count --exact with Gemini', () => {
  it('counts Gemini targets through countTokens (GEMINI_API_KEY, GEMINI_BASE_URL), and needs the key', async () => {
    const fake = await startFakeProvider({ apiKey: 'g-key' });
    try {
      writeFileSync(join(dir, 'exact.prompt'), '---\nmodel: googleai/gemini-2.5-flash\n---\n{{role "system"}}\nBe brief.\n{{role "user"}}\nHello there, friend.\n');
      const env = { GEMINI_API_KEY: 'g-key', GEMINI_BASE_URL: fake.url };
      const { code, stdout } = await cli(['count', 'exact.prompt', '--exact', '--json'], env);
      expect(code).toBe(0);
      const model = (JSON.parse(stdout) as { files: { models: { exact: boolean; method: string; tokens: number }[] }[] }).files[0]?.models[0];
      // Fake tokens: 3 + (4 + "Be brief." = 3) + (4 + "Hello there, friend." = 5).
      expect(model).toMatchObject({ exact: true, method: 'gemini:countTokens', tokens: 19 });
      expect(fake.requestsTo('/v1beta/models/gemini-2.5-flash:countTokens')).toHaveLength(1);

      const noKey = await cli(['count', 'exact.prompt', '--exact']);
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain('GEMINI_API_KEY');
    } finally {
      await fake.close();
    }
  });
});

describe('custom helpers and partial folders (--helper, --partials-dir)', () => {
  it('check: an unknown helper is a warning (exit 0) until declared; a partial in another folder is found', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'app', 'prompts'), { recursive: true });
    mkdirSync(join(dir, 'app', 'shared'), { recursive: true });
    writeFileSync(join(dir, 'app', 'shared', '_tone.prompt'), 'Be warm and precise.\n');
    writeFileSync(join(dir, 'app', 'prompts', 'greet.prompt'), '---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}\n{{> tone}}\n{{role "user"}}\nSay hello to {{shout name}}.\n');
    const bare = await cli(['check', 'app/prompts/greet.prompt']);
    expect(bare.stdout).toMatch(/greet\.prompt:10:\d+ warning unknown-helper Unknown helper `shout`/);
    expect(bare.stdout).toContain('error missing-partial');
    expect(bare.code).toBe(1);

    const declared = await cli(['check', 'app/prompts/greet.prompt', '--helper', 'shout', '--partials-dir=app/shared']);
    expect(declared.stdout).toBe('');
    expect(declared.code).toBe(0);
  });

  it('count renders app helpers as stand-ins (declared or not) and loads partials from the extra folder', async () => {
    const without = await cli(['count', 'app/prompts/greet.prompt', '--json']);
    const bare = (JSON.parse(without.stdout) as { files: { renderError: string | null; missingPartials: string[] }[] }).files[0];
    expect(bare).toMatchObject({ renderError: null, missingPartials: ['tone'] });
    const { code, stdout } = await cli(['count', 'app/prompts/greet.prompt', '--json', '--helper', 'shout', '--partials-dir', 'app/shared']);
    const file = (JSON.parse(stdout) as { files: { renderError: string | null; missingPartials: string[]; rendered: boolean }[] }).files[0];
    expect(file).toMatchObject({ renderError: null, missingPartials: [], rendered: true });
    expect(code).toBe(0);
  });
});
