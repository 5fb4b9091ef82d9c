import { mkdirSync, readFileSync, readdirSync, existsSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, fixtureDir, runCliBounded } from './support/bounded';

/** Issue 13, classes 1–5: data loss and writes where they must not go. */

const PROMPT = '---\nmodel: openai/gpt-4o\n---\nPlease make sure to always answer in order to help.\n';

function promptsFolder(name: string): string {
  const dir = fixtureDir(name);
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(join(dir, 'prompts', 'a.prompt'), PROMPT);
  writeFileSync(join(dir, 'prompts', 'notes.txt'), 'In order to help, be kind.\n');
  return dir;
}

describe('hostile: audit --fix --out and convert never lose data', () => {
  it('1. never writes through a symlink already inside --out (the input and any other file stay intact)', async () => {
    const dir = promptsFolder('symlink-out');
    writeFileSync(join(dir, 'victim.txt'), 'VICTIM');
    mkdirSync(join(dir, 'out', 'prompts'), { recursive: true });
    symlinkSync('../../victim.txt', join(dir, 'out', 'prompts', 'a.prompt'));
    const r = await runCliBounded(['audit', 'prompts', '--fix', '--out', 'out'], { cwd: dir });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toMatch(/symbolic link/);
    expect(readFileSync(join(dir, 'victim.txt'), 'utf8')).toBe('VICTIM');
    expect(readFileSync(join(dir, 'prompts', 'a.prompt'), 'utf8')).toBe(PROMPT);

    // A link back to the input itself is refused before anything is written.
    const dir2 = promptsFolder('symlink-input');
    mkdirSync(join(dir2, 'out', 'prompts'), { recursive: true });
    symlinkSync('../../prompts/notes.txt', join(dir2, 'out', 'prompts', 'notes.txt'));
    const r2 = await runCliBounded(['audit', 'prompts', '--fix', '--out', 'out'], { cwd: dir2 });
    expect(r2.code, describeRun(r2)).toBe(2);
    expect(readFileSync(join(dir2, 'prompts', 'notes.txt'), 'utf8')).toBe('In order to help, be kind.\n');

    // A symlinked folder on the way out is not followed either.
    const dir3 = promptsFolder('symlink-folder');
    mkdirSync(join(dir3, 'elsewhere'));
    mkdirSync(join(dir3, 'out'));
    symlinkSync('../elsewhere', join(dir3, 'out', 'prompts'));
    const r3 = await runCliBounded(['audit', 'prompts', '--fix', '--out', 'out'], { cwd: dir3 });
    expect(r3.code, describeRun(r3)).toBe(2);
    expect(readdirSync(join(dir3, 'elsewhere'))).toEqual([]);
  }, 120_000);

  it('2. refuses --out inside the input folder', async () => {
    const dir = promptsFolder('out-inside');
    const r = await runCliBounded(['audit', 'prompts', '--fix', '--out', 'prompts/fixed'], { cwd: dir });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('is inside the input folder');
    expect(existsSync(join(dir, 'prompts', 'fixed'))).toBe(false);
  }, 60_000);

  it('3. refuses two inputs that would be written to the same copy', async () => {
    const dir = fixtureDir('collide');
    for (const side of ['x', 'y']) {
      mkdirSync(join(dir, side, 'p'), { recursive: true });
      writeFileSync(join(dir, side, 'p', 'a.md'), `In order to help (${side}).\n`);
    }
    mkdirSync(join(dir, 'cwd'));
    const r = await runCliBounded(['audit', '../x/p', '../y/p', '--fix', '--out', '../o'], { cwd: join(dir, 'cwd') });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('would both be written to p/a.md');
    expect(existsSync(join(dir, 'o', 'p', 'a.md'))).toBe(false);
  }, 60_000);

  it('4. convert refuses to replace its input and keeps big integers, !!binary and CRLF', async () => {
    const dir = fixtureDir('convert');
    const source = '---\r\nname: t\r\nmodel:\r\n  id: gpt-4o\r\n  provider: openai\r\ninputs:\r\n  n:\r\n    type: number\r\n    default: 123456789012345678901234567890\r\n  b:\r\n    default: !!binary aGVsbG8=\r\n---\r\nsystem:\r\nHi {{n}}\r\n';
    writeFileSync(join(dir, 'a.prompty'), source);
    symlinkSync('a.prompty', join(dir, 'link.prompt'));
    for (const out of ['a.prompty', './a.prompty', 'link.prompt']) {
      const r = await runCliBounded(['convert', 'a.prompty', '--out', out, '--force'], { cwd: dir });
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toContain('is the input file');
    }
    expect(readFileSync(join(dir, 'a.prompty'), 'utf8')).toBe(source);
    const r = await runCliBounded(['convert', 'a.prompty', '--out', '-'], { cwd: dir });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('n: 123456789012345678901234567890\r\n');
    expect(r.stdout).toContain('b: !!binary');
    expect(r.stdout).not.toContain('e+29');
    expect(r.stdout).not.toContain('type: Buffer');
    expect(r.stdout.replace(/\r\n/g, '')).not.toContain('\n');
  }, 60_000);

  it('5. an unwritable --out fails fast with a clear error and writes nothing', async () => {
    const dir = promptsFolder('out-proc');
    const r = await runCliBounded(['audit', 'prompts', '--fix', '--out', '/proc/promptscope-x'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('--out: cannot create or write to /proc/promptscope-x');
    // And before the audit ran: nothing on stdout.
    expect(r.stdout).toBe('');
    writeFileSync(join(dir, 'file'), '');
    const r2 = await runCliBounded(['audit', 'prompts', '--fix', '--out', 'file/sub'], { cwd: dir });
    expect(r2.code, describeRun(r2)).toBe(2);
    expect(r2.stderr).toMatch(/--out: .*file is not a folder/);
  }, 60_000);
});
