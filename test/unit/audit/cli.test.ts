import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { discoverAuditFiles } from '../../../src/cli/commands/audit';
import { promptFileMatcher } from '../../../src/core/analysis';
import { runCli } from '../../../src/cli/main';
import type { AuditReport } from '../../../src/core/audit';
import { EXAMPLES, ROOT } from './helpers';

async function audit(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const io: CliIO & { stdout: string; stderr: string } = {
    stdout: '', stderr: '', cwd, env: {},
    out(t: string) { io.stdout += t; },
    err(t: string) { io.stderr += t; },
  };
  const code = await runCli(['audit', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'promptscope-audit-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh copy of examples/ at <tmp>/<name>/prompts, returning the cwd to run in. */
function copyExamples(name: string): string {
  const cwd = join(tmp, name);
  cpSync(EXAMPLES, join(cwd, 'prompts'), { recursive: true });
  return cwd;
}

/** The files directly in `dir` (sub-folders such as examples/genkit are not snapshotted). */
function snapshot(dir: string): Record<string, { text: string; mtimeMs: number }> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dir)) {
    if (statSync(join(dir, name)).isDirectory()) continue;
    out[name] = { text: readFileSync(join(dir, name), 'utf8'), mtimeMs: statSync(join(dir, name)).mtimeMs };
  }
  return out;
}

describe('promptscope audit', () => {
  it('prints totals first, then the prompts, duplicated passages and the self-hosting section', async () => {
    const { code, stdout, stderr } = await audit(['examples', '--self-hosting-threshold', '500']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Prompt audit · 6 prompts + 2 partials · 100k calls per prompt per month');
    expect(lines[1]).toMatch(/^ {2}Monthly cost \(input, primary targets\): \$[\d,.]+$/);
    expect(lines[2]).toMatch(/^ {2}Savings available: \$[\d,.]+\/month from safe fixes/);
    expect(stdout.indexOf('Prompts (most expensive first):')).toBeLessThan(stdout.indexOf('Duplicated passages'));
    expect(stdout).toMatch(/\n {2}examples\/support-agent\.prompt +gpt-4o +1,\d{3} +[\d,]+\/1,\d{3}(?: \(<1,024\))? +\$[\d.]+ +\$[\d,.]+ +−\d+ tok/);
    expect(stdout).toContain('examples/support-agent.claude.prompt:29, examples/support-agent.prompt:29');
    expect(stdout).toContain('Self-hosting threshold: $500.00/month');
  });

  it('--json is the report; --calls-per-month scales the monthly costs', async () => {
    const base = JSON.parse((await audit(['examples', '--json'])).stdout) as AuditReport;
    const doubled = JSON.parse((await audit(['examples', '--json', '--calls-per-month', '200000'])).stdout) as AuditReport;
    expect(base.prompts).toHaveLength(6);
    expect(doubled.settings.callsPerMonth).toBe(200_000);
    expect(doubled.totals.monthlyCost).toBeCloseTo(base.totals.monthlyCost * 2, 6);
    expect(doubled.totals.monthlySavings).toBeCloseTo(base.totals.monthlySavings * 2, 6);
  });

  it('--md and --csv print those formats', async () => {
    expect((await audit(['examples', '--md'])).stdout.startsWith('# Prompt audit\n')).toBe(true);
    expect((await audit(['examples', '--csv'])).stdout.startsWith('path,kind,model,primary,tokens,')).toBe(true);
  });

  it('--model overrides every prompt’s targets', async () => {
    const report = JSON.parse((await audit(['examples', '--json', '--model', 'gpt-4o-mini'])).stdout) as AuditReport;
    expect(report.prompts.every((p) => p.primaryModelId === 'openai/gpt-4o-mini' && p.targets.length === 1)).toBe(true);
  });

  it('exits 1 when a prompt is over budget (a CI gate), naming it', async () => {
    const { code, stdout } = await audit(['examples', '--budget', '200']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\n\d+ prompts? (?:is|are) over budget: .*examples\/release-notes-writer\.md/);
    const json = await audit(['examples', '--budget', '200', '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as AuditReport).totals.overBudget).toBeGreaterThan(0);
  });

  it('--include narrows the folder scan', async () => {
    const report = JSON.parse((await audit(['examples', '--json', '--include', '*.prompty'])).stdout) as AuditReport;
    expect(report.prompts.map((p) => p.relativePath)).toEqual(['examples/legacy-triage.prompty']);
  });

  it('--include widens it too, and plain text files are one system message', async () => {
    const cwd = join(tmp, 'widen');
    mkdirSync(join(cwd, 'p'), { recursive: true });
    writeFileSync(join(cwd, 'p', 'agent.markdown'), 'You are a terse assistant. Answer in one sentence.\n');
    writeFileSync(join(cwd, 'p', 'notes.txt'), 'Summarise the notes.\n');
    const report = JSON.parse((await audit(['p', '--json', '--include', '*.markdown', '--include', '*.txt'], cwd)).stdout) as AuditReport;
    expect(report.prompts.map((p) => p.relativePath).sort()).toEqual(['p/agent.markdown', 'p/notes.txt']);
    expect(report.prompts.every((p) => p.kind === 'text')).toBe(true);
  });

  it('usage errors exit 2', async () => {
    expect((await audit([])).code).toBe(2);
    expect((await audit(['examples', '--fix'])).code).toBe(2);
    expect((await audit(['examples', '--out', 'x'])).code).toBe(2);
    expect((await audit(['examples', '--json', '--csv'])).code).toBe(2);
    expect((await audit(['examples', '--calls-per-month', 'many'])).code).toBe(2);
    expect((await audit(['no-such-folder'])).code).toBe(2);
    expect((await audit(['examples', '--bogus'])).code).toBe(2);
  });
});

describe('promptscope audit --fix --out', () => {
  it('writes fixed copies mirroring the relative paths and leaves the originals untouched', async () => {
    const cwd = copyExamples('fix');
    const before = snapshot(join(cwd, 'prompts'));
    const { code, stdout, stderr } = await audit(['prompts', '--fix', '--out', 'fixed'], cwd);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(snapshot(join(cwd, 'prompts'))).toEqual(before);
    const written = readdirSync(join(cwd, 'fixed', 'prompts')).filter((n) => !statSync(join(cwd, 'fixed', 'prompts', n)).isDirectory()).sort();
    expect(written).toEqual(Object.keys(before).filter((n) => /\.(prompt|prompty|md|txt)$/.test(n)).sort());
    const original = before['support-agent.prompt']?.text as string;
    const fixed = readFileSync(join(cwd, 'fixed', 'prompts', 'support-agent.prompt'), 'utf8');
    expect(fixed.length).toBeLessThan(original.length);
    expect(fixed.slice(0, original.indexOf('\n---\n') + 5)).toBe(original.slice(0, original.indexOf('\n---\n') + 5));
    expect(readFileSync(join(cwd, 'fixed', 'prompts', 'summarizer.prompt'), 'utf8')).toBe(before['summarizer.prompt']?.text);
    expect(stdout).toMatch(/Fixed copies in fixed: \d+ of 8 files changed, −\d+ tokens, 0 preservation violations/);
    expect(stdout).toMatch(/ {2}prompts\/support-agent\.prompt: 1,\d{3} → 1,\d{3} tokens, −\d+ \(−[\d.]+%\)/);
    expect(stdout).toContain('  prompts/summarizer.prompt: unchanged');

    // An --out folder inside an input folder is refused: its copies would be audited on the next run.
    const again = await audit(['.', '--json', '--fix', '--out', 'fixed'], cwd);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is inside the input folder');
  });

  it('refuses an --out folder whose copies would replace the inputs', async () => {
    const cwd = copyExamples('refuse');
    const before = snapshot(join(cwd, 'prompts'));
    for (const out of ['.', 'prompts']) {
      const { code, stderr } = await audit(['prompts', '--fix', '--out', out], cwd);
      expect(code).toBe(2);
      expect(stderr).toMatch(/overwrite the input|would replace the originals/);
    }
    expect(snapshot(join(cwd, 'prompts'))).toEqual(before);
    expect(existsSync(join(cwd, 'prompts', 'prompts'))).toBe(false);
  });
});

describe('discoverAuditFiles and globs', () => {
  it('scans .prompt, .prompty, .md and .txt (partials too), skipping hidden folders and node_modules', () => {
    const dir = join(tmp, 'scan');
    for (const f of ['a.prompt', '_p.prompt', 'b.prompty', 'c.md', 'd.txt', 'e.json', '.hidden/f.md', 'node_modules/g.md', 'sub/h.md']) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), 'x');
    }
    const files = discoverAuditFiles(['.'], dir).files.map((f) => f.relativePath).sort();
    expect(files).toEqual(['_p.prompt', 'a.prompt', 'b.prompty', 'c.md', 'd.txt', 'sub/h.md']);
    expect(discoverAuditFiles(['.'], dir, ['sub/**']).files.map((f) => f.relativePath)).toEqual(['sub/h.md']);
  });

  it('globs: * stays in a segment, ** spans folders, {a,b} alternates', () => {
    const matches = (glob: string, path: string): boolean => promptFileMatcher({ include: [glob] })(path);
    expect(matches('*.md', 'x/y/a.md')).toBe(true);
    expect(matches('prompts/*.md', 'prompts/x/a.md')).toBe(false);
    expect(matches('prompts/**/*.md', 'prompts/x/a.md')).toBe(true);
    expect(matches('prompts/**/*.md', 'prompts/a.md')).toBe(true);
    expect(matches('**/*.{md,txt}', 'a/b.txt')).toBe(true);
    expect(matches('**/*.{md,txt}', 'a/b.prompt')).toBe(false);
  });
});
