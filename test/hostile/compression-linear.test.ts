import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 13 item 9: compression hints on a long line without sentence starts were quadratic (100 KB 4.5 s /
 * 0.5 GB, 5 MB killed at 4 GB). The editor's own path (token service + compression counter + engine) runs in
 * a child process with a heap cap and a timeout, so a regression fails here instead of hanging CI.
 */
const root = join(__dirname, '..', '..');
const HEAP_MB = 256;
const TIMEOUT_MS = 60_000;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compression-linear-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { TokenService } from ${JSON.stringify(join(root, 'src/core/tokens'))};
import { compressionCounter } from ${JSON.stringify(join(root, 'src/core/analysis/compression'))};
import { findCompressions } from ${JSON.stringify(join(root, 'src/core/compress'))};
const [size, unit] = [Number(process.argv[2]), process.argv[3] ?? ''];
const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
const findings = findCompressions(text, { protectedRanges: [], countTokens: compressionCounter(new TokenService(), 'openai/gpt-4o') });
process.stdout.write(JSON.stringify({ findings: findings.length, safe: findings.filter((f) => f.safe).length }));
`,
  );
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'entry.cjs'), logLevel: 'silent', mainFields: ['module', 'main'] });
  const require = createRequire(__filename);
  copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(dir, 'tiktoken_bg.wasm'));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(size: number, unit: string, timeout = TIMEOUT_MS): { status: number | null; signal: NodeJS.Signals | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, join(dir, 'entry.cjs'), String(size), unit], { timeout, encoding: 'utf8' });
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr.slice(0, 500) };
}

describe('compression hints stay bounded on a long line without sentence starts', () => {
  // Lower-case phrases that several rules match, joined by commas: one "sentence" the size of the text.
  const unit = 'please make sure to check the logs in order to help with regard to billing, note that it is very important, ';

  it('2 MB in one line: finishes under the heap cap and the timeout, with findings', () => {
    const r = run(2_000_000, unit);
    expect(r.signal, r.err).toBeNull();
    expect(r.status, r.err).toBe(0);
    expect(JSON.parse(r.out).findings).toBeGreaterThan(0);
  }, TIMEOUT_MS + 5_000);

  it('200 KB (below the editor’s per-keystroke limit) in one line', () => {
    const r = run(200_000, unit);
    expect(r.signal, r.err).toBeNull();
    expect(r.status, r.err).toBe(0);
  }, TIMEOUT_MS + 5_000);
});

describe('literal-text scanners stay linear on repeated block openers without their closers', () => {
  // Each of these once searched the rest of the text per opener (20 s for 300 KB of "START OF EXAMPLE").
  for (const unit of ['--- START OF EXAMPLE ---\n', 'START NOTES\n', 'EXAMPLES\n', '<example>\n', '# Background\nx\n', 'USER\n', 'Examples:\n']) {
    it(`1 MB of ${JSON.stringify(unit)}`, () => {
      const r = run(1_000_000, unit, 30_000);
      expect(r.signal, r.err).toBeNull();
      expect(r.status, r.err).toBe(0);
    }, 35_000);
  }
});

