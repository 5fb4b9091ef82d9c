import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/seededRandom';
import { describeRun, fixtureDir, runCliBounded } from './support/bounded';

/** Issue 13, classes 13–17 (wrong answers), and issue 11 "CLI = editor" (one discovery, one diagnostics set). */

const HEAD = '---\nmodel: openai/gpt-4o\n---\n';

describe('hostile: right answers', () => {
  it('13. frontmatter that does not parse fails count, check and audit with the YAML message', async () => {
    const dir = fixtureDir('yaml');
    writeFileSync(join(dir, 'a.prompt'), '---\nmodel: openai/gpt-4o\nbudget: 5\nbudget: 5\n---\nHello there, this is a longer prompt than five tokens for sure.\n');
    for (const command of ['count', 'check', 'audit']) {
      const r = await runCliBounded([command, 'a.prompt'], { cwd: dir });
      expect(r.code, `${command}: ${describeRun(r)}`).toBe(1);
      expect(r.stdout + r.stderr, command).toMatch(/yaml-syntax.*YAML: .*[Dd]uplicate|YAML: .*unique/);
    }
  }, 60_000);

  it('14. providers named toString, constructor or __proto__ are just unknown providers', async () => {
    const dir = fixtureDir('proto');
    writeFileSync(join(dir, 'a.prompt'), '---\nmodel: constructor/x\n---\nHi\n');
    writeFileSync(join(dir, 'b.prompt'), '---\nmodel: __proto__/y\n---\nHi\n');
    writeFileSync(join(dir, 'c.prompt'), `${HEAD}Hi\n`);
    writeFileSync(join(dir, 'prices.json'), '{"__proto__": {"input": 1, "output": 2}, "toString/z": {"input": 1, "output": 2}}');
    const audit = await runCliBounded(['audit', '.', '--json'], { cwd: dir });
    expect(audit.code, describeRun(audit)).toBe(0);
    expect((JSON.parse(audit.stdout) as { prompts: unknown[] }).prompts).toHaveLength(3);
    for (const model of ['toString/x', 'constructor/x', '__proto__/x', 'toString']) {
      const r = await runCliBounded(['count', 'c.prompt', '--model', model, '--prices', 'prices.json'], { cwd: dir });
      expect(r.code, `${model}: ${describeRun(r)}`).toBe(0);
      expect(r.stdout).not.toContain('undefined');
    }
    const priced = await runCliBounded(['count', 'c.prompt', '--model', 'toString/z', '--prices', 'prices.json'], { cwd: dir });
    expect(priced.stdout).toContain('/call');
  }, 120_000);

  it('15. check reports the render failure count reports (binary files, runtime helper errors): one set of diagnostics', async () => {
    const dir = fixtureDir('nul');
    const random = seededRandom(15);
    writeFileSync(join(dir, 'bin.prompt'), Buffer.from(Array.from({ length: 3000 }, () => Math.floor(random() * 256))));
    writeFileSync(join(dir, 'helper.prompt'), `${HEAD}{{#if a}}x{{else if}}y{{/if}}\n`);
    for (const file of ['bin.prompt', 'helper.prompt']) {
      const count = await runCliBounded(['count', file, '--json'], { cwd: dir });
      expect(count.code, describeRun(count)).toBe(1);
      expect((JSON.parse(count.stdout) as { files: { renderError: string | null }[] }).files[0]?.renderError).toBeTruthy();
      const check = await runCliBounded(['check', file], { cwd: dir });
      expect(check.code, describeRun(check)).toBe(1);
      expect(check.stdout).toMatch(/error render-failed The template cannot be rendered/);
    }
  }, 60_000);

  it('17. validates prices and output limits, escapes newlines in file names, and accepts -- before paths', async () => {
    const dir = fixtureDir('misc');
    writeFileSync(join(dir, 'c.prompt'), `${HEAD}Hi\n`);
    writeFileSync(join(dir, 'tiny.json'), '{"openai/gpt-4o": {"input": 1e-120, "output": 1e-120}}');
    const tiny = await runCliBounded(['count', 'c.prompt', '--prices', 'tiny.json'], { cwd: dir });
    // Rejected with a warning naming the entry; the built-in price is used, nothing crashes.
    expect(tiny.code, describeRun(tiny)).toBe(0);
    expect(tiny.stderr).toContain('openai/gpt-4o: "input" and "output" must be 0 or between');
    expect(tiny.stderr).not.toContain('toFixed');

    writeFileSync(join(dir, 'neg.prompt'), '---\nmodel: openai/gpt-4o\nconfig:\n  maxOutputTokens: -5\n---\nHi\n');
    const neg = await runCliBounded(['count', 'neg.prompt'], { cwd: dir });
    expect(neg.stdout).not.toMatch(/-\$|\+-5/);
    const negCheck = await runCliBounded(['check', 'neg.prompt'], { cwd: dir });
    expect(negCheck.stdout).toMatch(/maxOutputTokens/);

    mkdirSync(join(dir, 'names'));
    writeFileSync(join(dir, 'names', 'new\nline.prompt'), '---\nmodel: openai/gpt-4o\n---\nHi {{#if}}\n');
    const names = await runCliBounded(['check', 'names'], { cwd: dir });
    const lines = names.stdout.trim().split('\n');
    expect(lines.every((l) => /^names\/new\\nline\.prompt:\d+:\d+ /.test(l)), names.stdout).toBe(true);

    writeFileSync(join(dir, '-dash.prompt'), `${HEAD}Hi\n`);
    const dash = await runCliBounded(['count', '--', '-dash.prompt'], { cwd: dir });
    expect(dash.code, describeRun(dash)).toBe(0);
    expect(dash.stdout).toContain('-dash.prompt');

    const samples = await runCliBounded(['count', 'big.prompt', '--sample', '1'], { cwd: dir });
    expect(samples.code).toBe(2);
  }, 120_000);

  it('17. a samples file over the size limit says so instead of "does not exist"', async () => {
    const dir = fixtureDir('big-samples');
    writeFileSync(join(dir, 'cases.jsonl'), `${'{"input": {"name": "x"}}\n'.repeat(300_000)}`);
    writeFileSync(join(dir, 'p.prompt'), '---\nmodel: openai/gpt-4o\nsamples: cases.jsonl\n---\nHi {{name}}\n');
    const check = await runCliBounded(['check', 'p.prompt'], { cwd: dir });
    expect(check.stdout).toMatch(/is larger than 5 MB/);
    expect(check.stdout).not.toMatch(/does not exist/);
    const count = await runCliBounded(['count', 'p.prompt', '--sample', '1'], { cwd: dir });
    expect(count.code, describeRun(count)).toBe(2);
    expect(count.stderr).toMatch(/is larger than 5 MB/);
  }, 60_000);
});

describe('issue 11: CLI = editor', () => {
  it('count, check and audit see the same files, and a folder without prompt files is exit 2', async () => {
    const dir = fixtureDir('discovery');
    mkdirSync(join(dir, 'p', 'sub'), { recursive: true });
    mkdirSync(join(dir, 'p', 'node_modules'));
    mkdirSync(join(dir, 'p', '.hidden'));
    for (const f of ['a.prompt', 'b.prompty', 'c.md', 'd.txt', 'sub/e.prompt', 'node_modules/x.prompt', '.hidden/y.prompt']) writeFileSync(join(dir, 'p', f), `${HEAD}Hi\n`);
    writeFileSync(join(dir, 'p', 'e.json'), '{}');
    const count = await runCliBounded(['count', 'p', '--json'], { cwd: dir });
    const check = await runCliBounded(['check', 'p', '--json'], { cwd: dir });
    const audit = await runCliBounded(['audit', 'p', '--json'], { cwd: dir });
    const countFiles = (JSON.parse(count.stdout) as { files: { file: string }[] }).files.map((f) => f.file).sort();
    const checkFiles = (JSON.parse(check.stdout) as { files: { file: string }[] }).files.map((f) => f.file).sort();
    const auditFiles = (JSON.parse(audit.stdout) as { prompts: { relativePath: string }[] }).prompts.map((p) => p.relativePath).sort();
    expect(countFiles).toEqual(['p/a.prompt', 'p/b.prompty', 'p/c.md', 'p/d.txt', 'p/sub/e.prompt']);
    expect(checkFiles).toEqual(countFiles);
    expect(auditFiles).toEqual(countFiles);

    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'empty', 'notes.json'), '{}');
    for (const command of ['count', 'check', 'audit']) {
      const r = await runCliBounded([command, 'empty'], { cwd: dir });
      expect(r.code, `${command}: ${describeRun(r)}`).toBe(2);
      expect(r.stderr).toContain('no prompt files');
      expect(r.stderr).toContain('under empty');
    }
  }, 120_000);

  it('check shows the budget and context checks the editor shows', async () => {
    const dir = fixtureDir('check-budget');
    writeFileSync(join(dir, 'a.prompt'), `---\nmodel: openai/gpt-4o\nbudget: 3\n---\n${'Tell me a long story about the sea. '.repeat(5)}\n`);
    const r = await runCliBounded(['check', 'a.prompt'], { cwd: dir });
    expect(r.stdout).toMatch(/over-budget/);
  }, 60_000);
});
