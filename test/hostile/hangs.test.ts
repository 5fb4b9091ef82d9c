import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeRun, fixtureDir, runCliBounded } from './support/bounded';

/**
 * Issue 13, classes 6–8 and 10–12: hangs, memory and exponential work. Each case runs the CLI in
 * a child with a 512 MB heap and a timeout far above what the bounded code needs (a couple of
 * seconds); before the fixes these ran until killed.
 */

const HEAD = '---\nmodel: openai/gpt-4o\n---\n';

describe('hostile: the core is bounded', () => {
  it('6. a render blow-up (nested each over 1,000 items, partials fanning out, one partial 100,000 times) stops with "render stopped"', async () => {
    const dir = fixtureDir('render');
    const items = `[${Array.from({ length: 1000 }, (_, i) => i).join(',')}]`;
    writeFileSync(join(dir, 'each.prompt'), `---\nmodel: openai/gpt-4o\ninput:\n  default:\n    a: ${items}\n---\n{{#each a}}{{#each ../a}}{{#each ../../a}}x{{/each}}{{/each}}{{/each}}\n`);
    writeFileSync(join(dir, 'fan.prompt'), `${HEAD}{{> p1}}\n`);
    for (let i = 1; i <= 9; i++) writeFileSync(join(dir, `_p${i}.prompt`), i < 9 ? `{{> p${i + 1}}}`.repeat(10) : 'leaf text ');
    writeFileSync(join(dir, 'many.prompt'), `${HEAD}${'{{> p9}}'.repeat(100_000)}\n`);
    for (const file of ['each.prompt', 'fan.prompt', 'many.prompt']) {
      const r = await runCliBounded(['count', file, '--json'], { cwd: dir });
      expect(r.timedOut, `${file}: ${describeRun(r)}`).toBe(false);
      expect(r.code, `${file}: ${describeRun(r)}`).toBe(1);
      const report = JSON.parse(r.stdout) as { files: { renderError: string | null }[] };
      expect(report.files[0]?.renderError).toMatch(/^render stopped at [\d.]+ MB \/ \d+ ms/);
    }
  }, 180_000);

  it('7. samples and partials: devices, FIFOs and files outside the workspace are refused, never read', async () => {
    const dir = fixtureDir('devices');
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    writeFileSync(join(dir, 'secret.jsonl'), '{"input": {"name": "root:secret-hash"}}\n');
    execFileSync('mkfifo', [join(ws, 'cases.jsonl')]);
    execFileSync('mkfifo', [join(ws, '_fifo.prompt')]);
    const cases: [string, string, RegExp][] = [
      // Outside the workspace, so refused before even being opened.
      ['zero', 'samples: /dev/zero', /outside the workspace/],
      ['urandom', 'samples: /dev/urandom', /outside the workspace/],
      ['fifo', 'samples: cases.jsonl', /is a FIFO, not a regular file/],
      ['outside', 'samples: ../secret.jsonl', /outside the workspace/],
    ];
    for (const [name, line, message] of cases) {
      writeFileSync(join(ws, `${name}.prompt`), `---\nmodel: openai/gpt-4o\n${line}\n---\nHi {{name}}\n`);
      const check = await runCliBounded(['check', `${name}.prompt`], { cwd: ws, timeoutMs: 20_000 });
      expect(check.timedOut, describeRun(check)).toBe(false);
      expect(check.stdout, describeRun(check)).toMatch(message);
      expect(check.stdout + check.stderr).not.toContain('secret-hash');
      const count = await runCliBounded(['count', `${name}.prompt`, '--sample', '1'], { cwd: ws, timeoutMs: 20_000 });
      expect(count.timedOut, describeRun(count)).toBe(false);
      expect(count.code, describeRun(count)).toBe(2);
      expect(count.stderr).toMatch(message);
      expect(count.stdout + count.stderr).not.toContain('secret-hash');
    }
    // A partial that is a FIFO is reported as not read, never waited on.
    writeFileSync(join(ws, 'uses-fifo.prompt'), `${HEAD}{{> fifo}}\n`);
    const partial = await runCliBounded(['count', 'uses-fifo.prompt'], { cwd: ws, timeoutMs: 20_000 });
    expect(partial.timedOut, describeRun(partial)).toBe(false);
    expect(partial.stdout).toContain('{{> fifo}}');
  }, 180_000);

  it('7. a device inside the workspace (a symlink to /dev/zero) is refused as a device', async () => {
    const dir = fixtureDir('device-link');
    symlinkSync('/dev/zero', join(dir, 'cases.jsonl'));
    writeFileSync(join(dir, 'p.prompt'), `---\nmodel: openai/gpt-4o\nsamples: cases.jsonl\n---\nHi {{name}}\n`);
    // Allowed roots are the real folders: the link resolves outside, so it is refused without being opened.
    const r = await runCliBounded(['count', 'p.prompt', '--sample', '1'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toMatch(/samples file cases.jsonl (is outside the workspace|is a device)/);
  }, 60_000);

  it('7/16. FIFOs, dangling and looping symlinks named *.prompt are skipped and reported per file; the rest is still checked', async () => {
    const dir = fixtureDir('scan');
    writeFileSync(join(dir, 'ok.prompt'), `${HEAD}Hello.\n`);
    writeFileSync(join(dir, 'target.md'), 'A linked prompt.\n');
    execFileSync('mkfifo', [join(dir, 'f.prompt')]);
    symlinkSync('nowhere', join(dir, 'dangling.prompt'));
    symlinkSync('loop.prompt', join(dir, 'loop.prompt'));
    symlinkSync('target.md', join(dir, 'linked.prompt'));
    for (const command of ['count', 'check', 'audit']) {
      const r = await runCliBounded([command, '.'], { cwd: dir, timeoutMs: 30_000 });
      expect(r.timedOut, `${command}: ${describeRun(r)}`).toBe(false);
      expect(r.code, `${command}: ${describeRun(r)}`).toBe(1);
      expect(r.stderr).toContain(`promptscope ${command}: skipped f.prompt: a FIFO, not a regular file`);
      expect(r.stderr).toContain(`promptscope ${command}: skipped dangling.prompt: dangling symbolic link`);
      expect(r.stderr).toContain(`promptscope ${command}: skipped loop.prompt: symbolic link loop`);
    }
    const count = await runCliBounded(['count', '.', '--json'], { cwd: dir });
    const report = JSON.parse(count.stdout) as { files: { file: string }[]; skipped: { file: string; reason: string }[] };
    expect(report.files.map((f) => f.file)).toEqual(['linked.prompt', 'ok.prompt', 'target.md']);
    expect(report.skipped.map((s) => s.file).sort()).toEqual(['dangling.prompt', 'f.prompt', 'loop.prompt']);
  }, 180_000);

  it('8. a long run without whitespace is counted in bounded time, marked ≈, and never aborts a multi-file run', async () => {
    const dir = fixtureDir('long-run');
    writeFileSync(join(dir, 'x.prompt'), `${HEAD}${'x'.repeat(200_000)}\n`);
    writeFileSync(join(dir, 'eq.md'), `${'='.repeat(1_000_000)}\n`);
    writeFileSync(join(dir, 'b64.txt'), `${'QUJD'.repeat(50_000)}\n`);
    writeFileSync(join(dir, 'ok.prompt'), `${HEAD}Hello there.\n`);
    const r = await runCliBounded(['count', '.', '--model', 'openai/gpt-4o', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.code, describeRun(r)).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { file: string; models: { tokens: number; exact: boolean }[] }[] };
    const byFile = new Map(report.files.map((f) => [f.file, f.models[0]]));
    for (const long of ['x.prompt', 'eq.md', 'b64.txt']) {
      expect(byFile.get(long)?.exact, long).toBe(false);
      expect(byFile.get(long)?.tokens, long).toBeGreaterThan(1000);
    }
    expect(byFile.get('ok.prompt')?.exact).toBe(true);
  }, 120_000);

  it('10. 50,000 nested blocks and 50,000 unclosed {{ are parsed without a stack overflow, in linear time', async () => {
    const dir = fixtureDir('parser');
    writeFileSync(join(dir, 'deep.prompt'), `${HEAD}${'{{#if a}}'.repeat(50_000)}x${'{{/if}}'.repeat(50_000)}\n`);
    writeFileSync(join(dir, 'open.prompt'), `${HEAD}${'{{ '.repeat(50_000)}\n`);
    for (const [file, command] of [['deep.prompt', 'check'], ['open.prompt', 'check'], ['deep.prompt', 'count'], ['open.prompt', 'count']] as const) {
      const r = await runCliBounded([command, file], { cwd: dir, timeoutMs: 60_000 });
      expect(r.timedOut, `${command} ${file}: ${describeRun(r)}`).toBe(false);
      expect(r.code, `${command} ${file}: ${describeRun(r)}`).toBe(1);
      expect(r.stderr + r.stdout).not.toContain('Maximum call stack size exceeded: promptscope');
      expect(r.stderr).not.toMatch(/^promptscope \w+: Maximum call stack/m);
    }
  }, 240_000);

  it('11. an --include glob with **/ repeated 12 times matches without exponential backtracking', async () => {
    const dir = fixtureDir('glob');
    const deep = join(dir, ...Array.from({ length: 20 }, (_, i) => String(i + 1)));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'x.prompt'), `${HEAD}Hi\n`);
    const r = await runCliBounded(['audit', '.', '--include', `${'**/'.repeat(12)}*.nomatch`], { cwd: dir, timeoutMs: 20_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('no prompt files');
    const hit = await runCliBounded(['audit', '.', '--include', `${'**/'.repeat(12)}*.prompt`, '--json'], { cwd: dir, timeoutMs: 20_000 });
    expect(hit.code, describeRun(hit)).toBe(0);
  }, 60_000);

  describe('12. --exact against an endpoint that accepts and never answers', () => {
    const sockets: Socket[] = [];
    let server: Server | undefined;
    afterAll(() => {
      for (const s of sockets) s.destroy();
      server?.close();
    });

    it('gives up after the counting timeout and shows the estimate with a note', async () => {
      server = createServer((socket) => void sockets.push(socket));
      await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const dir = fixtureDir('exact');
      writeFileSync(join(dir, 'c.prompt'), '---\nmodel: anthropic/claude-sonnet-4-5\n---\nHi\n');
      const r = await runCliBounded(['count', 'c.prompt', '--exact', '--timeout', '1'], {
        cwd: dir,
        timeoutMs: 30_000,
        env: { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}` },
      });
      expect(r.timedOut, describeRun(r)).toBe(false);
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toMatch(/count_tokens failed .*showing the offline estimate/);
      expect(r.ms).toBeLessThan(25_000);
    }, 60_000);
  });
});

describe('hostile: files named by options', () => {
  it('7. --prices and --input @file given a FIFO or a device fail fast instead of blocking', async () => {
    const dir = fixtureDir('option-files');
    writeFileSync(join(dir, 'c.prompt'), `${HEAD}Hi\n`);
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    for (const args of [['--prices', 'fifo.json'], ['--input', '@fifo.json'], ['--prices', '/dev/zero']]) {
      const r = await runCliBounded(['count', 'c.prompt', ...args], { cwd: dir, timeoutMs: 20_000 });
      expect(r.timedOut, describeRun(r)).toBe(false);
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toMatch(/is a (FIFO|device), not a regular file/);
    }
  }, 60_000);
});
