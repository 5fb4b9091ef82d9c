import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/command';
import { createCheckCommand } from '../../../src/cli/commands/check';
import { EXAMPLES } from './helpers';

function capture(cwd: string): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd, env: {}, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'promptscope-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('promptscope check', () => {
  it('passes on the examples folder (exit 0)', async () => {
    cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
    const io = capture(dir);
    expect(await runCli(['check', 'examples'], io)).toBe(0);
    // The Genkit example's app helper is the one finding until it is declared.
    expect(io.stdout).toMatch(/^examples\/genkit\/prompts\/trip-planner\.prompt:\d+:\d+ warning unknown-helper .*\n$/);
    expect(io.stderr).toMatch(/8 files checked: 0 error/);
    const declared = capture(dir);
    expect(await runCli(['check', 'examples', '--helper', 'listItems'], declared)).toBe(0);
    expect(declared.stdout).toBe('');
  });

  it('prints file:line:col severity code message and exits 1 on errors', async () => {
    writeFileSync(join(dir, 'bad.prompt'), '---\nmodel: openai/gpt-4o-mimi\n---\nHello {{#if x}}\n{{> nope}}\n');
    const io = capture(dir);
    expect(await runCli(['check', 'bad.prompt'], io)).toBe(1);
    const lines = io.stdout.trim().split('\n');
    expect(lines).toContain('bad.prompt:2:8 warning unknown-model Unknown model `openai/gpt-4o-mimi`. Did you mean `openai/gpt-4o-mini`?');
    expect(lines).toContain('bad.prompt:4:7 error unclosed-block Block `{{#if}}` is never closed with `{{/if}}`.');
    expect(lines.some((l) => l.startsWith('bad.prompt:5:5 error missing-partial'))).toBe(true);
  });

  it('exits 0 with warnings only', async () => {
    writeFileSync(join(dir, 'warn.prompt'), '---\nmodle: openai/gpt-4o\n---\nHi\n');
    const io = capture(dir);
    expect(await runCli(['check', '.'], io)).toBe(0);
    expect(io.stdout).toContain('warn.prompt:2:1 warning unknown-key');
  });

  it('--json prints a machine-readable report', async () => {
    writeFileSync(join(dir, 'a.prompt'), '{{#each x}}');
    const io = capture(dir);
    expect(await runCli(['check', '--json', 'a.prompt'], io)).toBe(1);
    const report = JSON.parse(io.stdout) as { files: { file: string; diagnostics: { line: number; column: number; code: string; severity: string }[] }[]; summary: { errors: number } };
    expect(report.files[0]!.file).toBe('a.prompt');
    expect(report.files[0]!.diagnostics.find((d) => d.code === 'unclosed-block')).toMatchObject({ line: 1, column: 1, severity: 'error' });
    expect(report.summary.errors).toBe(1);
  });

  it('checks samples next to the prompt', async () => {
    writeFileSync(join(dir, 'a.prompt'), '---\nsamples: a.jsonl\n---\nHi\n');
    writeFileSync(join(dir, 'a.jsonl'), '{"input": {}}\nnot json\n');
    const io = capture(dir);
    expect(await runCli(['check', 'a.prompt'], io)).toBe(0);
    expect(io.stdout).toContain('a.prompt:2:10 warning samples-invalid a.jsonl:2: Invalid JSON');
  });

  it('exit 2 on usage errors', async () => {
    expect(await runCli(['check'], capture(dir))).toBe(2);
    expect(await runCli(['check', '--bogus', '.'], capture(dir))).toBe(2);
    const io = capture(dir);
    expect(await runCli(['check', 'missing-dir'], io)).toBe(2);
    expect(io.stderr).toContain('no such file or directory');
  });

  it('knownModel is injectable', async () => {
    writeFileSync(join(dir, 'a.prompt'), '---\nmodel: openai/gpt-4o\n---\nHi\n');
    const io = capture(dir);
    await createCheckCommand({ knownModel: () => false, modelIds: () => [] }).run(['a.prompt'], io);
    expect(io.stdout).toContain('unknown-model');
  });

  it('by default a model is known when the price catalog has it (as in the editor)', async () => {
    writeFileSync(join(dir, 'a.prompt'), '---\nmodel: openai/gpt-4o-2024-08-06\ntargets: [googleai/gemini-2.5-flash, openai/gpt-4o-turbo-ultra]\n---\nHi\n');
    const io = capture(dir);
    await createCheckCommand().run(['a.prompt'], io);
    expect(io.stdout.trim().split('\n')).toEqual([expect.stringMatching(/warning unknown-model Unknown model `openai\/gpt-4o-turbo-ultra`/)]);
  });
});

describe('promptscope convert', () => {
  it('converts .prompty to .prompt next to it and prints unmapped items as warnings', async () => {
    writeFileSync(join(dir, 'x.prompty'), '---\nname: x\nmodel:\n  id: gpt-4o\n  provider: openai\n  options:\n    seed: 7\n---\nsystem:\nHi {{ name | upper }}\n');
    const io = capture(dir);
    expect(await runCli(['convert', 'x.prompty'], io)).toBe(0);
    const out = readFileSync(join(dir, 'x.prompt'), 'utf8');
    expect(out).toContain('model: openai/gpt-4o');
    expect(out).toContain('{{role "system"}}');
    expect(io.stderr).toContain('warning: options:');
    expect(io.stderr).toContain('warning: expression `{{ name | upper }}`');
    expect(io.stdout).toContain('Wrote x.prompt (2 item(s)');
  });

  it('converts .prompt to .prompty with --out, refuses to overwrite without --force', async () => {
    cpSync(join(EXAMPLES, 'summarizer.prompt'), join(dir, 's.prompt'));
    expect(await runCli(['convert', 's.prompt', '--out', 'o.prompty'], capture(dir))).toBe(0);
    expect(readFileSync(join(dir, 'o.prompty'), 'utf8')).toContain('system:\n');
    expect(await runCli(['convert', 's.prompt', '--out', 'o.prompty'], capture(dir))).toBe(2);
    expect(await runCli(['convert', 's.prompt', '--out', 'o.prompty', '--force'], capture(dir))).toBe(0);
  });

  it('--out - prints to stdout', async () => {
    cpSync(join(EXAMPLES, 'summarizer.prompt'), join(dir, 's.prompt'));
    const io = capture(dir);
    expect(await runCli(['convert', 's.prompt', '--out', '-'], io)).toBe(0);
    expect(io.stdout.startsWith('---\n')).toBe(true);
    expect(existsSync(join(dir, 's.prompty'))).toBe(false);
  });

  it('exit 2 on usage errors', async () => {
    writeFileSync(join(dir, 'a.md'), 'x');
    expect(await runCli(['convert'], capture(dir))).toBe(2);
    expect(await runCli(['convert', 'a.md'], capture(dir))).toBe(2);
    expect(await runCli(['convert', 'nope.prompty'], capture(dir))).toBe(2);
    expect(await runCli(['convert', 'a.prompty', '--out'], capture(dir))).toBe(2);
  });
});
