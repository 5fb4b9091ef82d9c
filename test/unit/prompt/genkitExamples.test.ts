import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { resolve } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: '', stderr: '', cwd, env: {}, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

// Shaped like the valid prompts in Google's Dotprompt examples (written here, not copied):
// bare Gemini ids, marker roles, Picoschema, output schemas, json/media/section/history helpers.
const GOOGLE_SHAPED: Record<string, string> = {
  'valid-greeting.prompt': '---\nmodel: gemini-2.0-flash\nconfig:\n  temperature: 0.7\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}\nYou are a friendly concierge.\n{{role "user"}}\nGreet {{name}} and offer help.\n',
  'valid-structured.prompt': '---\nmodel: gemini-2.5-pro\ninput:\n  schema:\n    order: object\noutput:\n  format: json\n  schema:\n    status: string\n    eta?: string\n---\nSummarise the status of this order as JSON:\n{{json order}}\n',
  'valid-media.prompt': '---\nmodel: googleai/gemini-2.5-flash\ninput:\n  schema:\n    photoUrl: string\n---\n{{role "user"}}\nDescribe this photo in one sentence.\n{{media url=photoUrl}}\n',
  'valid-chat.prompt': '---\nmodel: vertexai/gemini-2.5-flash\ninput:\n  schema:\n    question: string\n---\n{{role "system"}}\nAnswer questions about the solar system.\n{{history}}\n{{role "user"}}\n{{question}}\n{{section "answer"}}\n',
  'valid-each.prompt': '---\nmodel: gemini-2.5-flash-lite\ninput:\n  schema:\n    items(array):\n      title: string\n      done: boolean\n---\nWrite a status line for each task:\n{{#each items}}\n- {{title}}{{#if done}} (done){{/if}}\n{{/each}}\n',
};

describe("Google-shaped Dotprompt examples", () => {
  it('pass check with no findings at all (no provider advice, no unknown models)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promptscope-google-'));
    try {
      for (const [name, text] of Object.entries(GOOGLE_SHAPED)) writeFileSync(join(dir, name), text);
      const { code, stdout } = await cli(['check', '.'], dir);
      expect(stdout).toBe('');
      expect(code).toBe(0);
      const count = await cli(['count', '.', '--json'], dir);
      const files = (JSON.parse(count.stdout) as { files: { file: string; renderError: string | null; models: { costPerCall: number | null }[] }[] }).files;
      expect(files).toHaveLength(Object.keys(GOOGLE_SHAPED).length);
      for (const f of files) {
        expect(f.renderError, f.file).toBeNull();
        expect(f.models[0]?.costPerCall, f.file).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Genkit example in examples/genkit', () => {
  it('passes check (only the undeclared helper is a warning) and renders with its partial from the partials folder', async () => {
    const bare = await cli(['check', 'examples/genkit']);
    expect(bare.stdout.trim().split('\n')).toEqual([expect.stringMatching(/trip-planner\.prompt:\d+:\d+ warning unknown-helper Unknown helper `listItems`/)]);
    expect(bare.code).toBe(0);
    const declared = await cli(['check', 'examples/genkit', '--helper', 'listItems']);
    expect(declared.stdout).toBe('');
    const count = await cli(['count', 'examples/genkit/prompts/trip-planner.prompt', '--json']);
    const file = (JSON.parse(count.stdout) as { files: { renderError: string | null; missingPartials: string[]; models: { model: string; exact: boolean; costPerCall: number | null }[] }[] }).files[0];
    expect(file).toMatchObject({ renderError: null, missingPartials: [] });
    expect(file?.models[0]).toMatchObject({ model: 'googleai/gemini-2.5-flash', exact: false });
    expect(count.code).toBe(0);
  });
});
