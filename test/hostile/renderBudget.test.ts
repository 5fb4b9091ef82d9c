import { describe, expect, it } from 'vitest';
import { bundle, describeRun, fixtureDir, runBounded } from './support/bounded';

interface ProbeLine {
  readonly t: number;
  readonly ms: number;
  readonly chars: number;
  readonly stopped: boolean;
  readonly error: string | null;
  readonly heapMb: number;
}

/**
 * Property: any nesting of each/with/if/sections and fanning-out partials over lists of up to
 * 2,000 items renders within its budget — it finishes, or stops with "render stopped" — in a
 * child with a 256 MB heap. The generous time bound is for a loaded CI machine, not a target.
 */
describe('hostile: render budget (property)', () => {
  it.each([1, 2, 3])('seed %i: 40 random nested templates stay within the budget', async (seed) => {
    const maxMs = 150;
    const probe = bundle('test/hostile/support/renderProbe.ts');
    const r = await runBounded(probe, [String(seed), '40', String(maxMs)], { cwd: fixtureDir('render-probe'), heapMb: 256, timeoutMs: 90_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expect(r.code, describeRun(r)).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as ProbeLine);
    expect(lines).toHaveLength(40);
    for (const line of lines) {
      // Output is capped (counted at every level, so the final text is at most the cap).
      expect(line.chars, JSON.stringify(line)).toBeLessThanOrEqual(2 * 1024 * 1024);
      if (line.stopped) expect(line.error).toMatch(/^render stopped at [\d.]+ MB \/ \d+ ms/);
      else expect(line.error === null || !/out of memory|Maximum call stack/.test(line.error), JSON.stringify(line)).toBe(true);
      expect(line.ms, JSON.stringify(line)).toBeLessThan(maxMs + 5_000);
    }
    // The generator does produce blow-ups: the budget is exercised, not just never reached.
    expect(lines.some((l) => l.stopped)).toBe(true);
  }, 120_000);
});
