import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptscope-fmt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: '', stderr: '', cwd: dir, env: {}, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  const code = await runCli(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('promptscope fmt', () => {
  it('--check lists what would change and exits 1 without writing; fmt rewrites; then --check exits 0', async () => {
    const messy = '---\nmodel:   openai/gpt-4o  # main\n---\n\n{{ role  "system" }}\nHi {{  name }}.\n\n';
    const tidy = '---\nmodel: openai/gpt-4o # main\n---\n{{role "system"}}\nHi {{name}}.\n';
    writeFileSync(join(dir, 'a.prompt'), messy);
    writeFileSync(join(dir, 'b.prompt'), tidy);
    writeFileSync(join(dir, 'notes.md'), '{{ untouched }}');

    const check = await cli(['fmt', '.', '--check']);
    expect(check.stdout).toBe('a.prompt\n1 of 2 file(s) would be reformatted\n');
    expect(check.code).toBe(1);
    expect(readFileSync(join(dir, 'a.prompt'), 'utf8')).toBe(messy);

    const fmt = await cli(['fmt', '.']);
    expect(fmt.code).toBe(0);
    expect(fmt.stdout).toBe('formatted a.prompt\n1 of 2 file(s) reformatted\n');
    expect(readFileSync(join(dir, 'a.prompt'), 'utf8')).toBe(tidy);
    expect(readFileSync(join(dir, 'notes.md'), 'utf8')).toBe('{{ untouched }}');

    expect((await cli(['fmt', '.', '--check'])).code).toBe(0);
  });

  it('exits 2 when there is nothing to format or an unknown option', async () => {
    writeFileSync(join(dir, 'only.md'), 'x');
    expect((await cli(['fmt', 'only.md'])).code).toBe(2);
    expect((await cli(['fmt', '.', '--fix'])).code).toBe(2);
  });
});
