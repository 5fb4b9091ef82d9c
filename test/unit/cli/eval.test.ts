import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { parseEvalReport } from '../../../src/core/eval';
import { parseRun } from '../../../src/core/compare';
import { startFakeProvider, type FakeProvider } from '../../fake-provider/server';
import { BASE, IMPROVEMENTS, PRICES, REGRESSIONS, SAMPLES, UPPER } from '../eval/fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed CLI JSON, checked field by field
type Json = Record<string, any>;

const KEY = 'sk-cli-eval-key-ABCDEFGHIJKLMNOPQRS';
let server: FakeProvider;
let dir: string;
let cacheHome: string;

beforeAll(async () => {
  server = await startFakeProvider({ apiKey: KEY });
  dir = mkdtempSync(join(tmpdir(), 'promptscope-eval-'));
  cacheHome = mkdtempSync(join(tmpdir(), 'promptscope-cache-'));
  writeFileSync(join(dir, 'support.prompt'), BASE);
  writeFileSync(join(dir, 'support.upper.prompt'), UPPER);
  writeFileSync(join(dir, '_unused.prompt'), 'partial');
  writeFileSync(join(dir, 'support.samples.jsonl'), SAMPLES);
  writeFileSync(join(dir, 'prices.json'), JSON.stringify(PRICES));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheHome, { recursive: true, force: true });
});
beforeEach(() => server.reset());

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    cwd: dir,
    env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiBaseURL, XDG_CACHE_HOME: cacheHome },
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
  };
  return io;
}

describe('promptscope eval', () => {
  it('--json lists exactly the regressions, pass rates with intervals, the McNemar p, latency, tokens and cost; --fail-on-regression exits 1', async () => {
    const io = capture();
    const code = await runCli(['eval', 'support.prompt', '--candidate', 'upper', '--prices', 'prices.json', '--calls-per-month', '100000', '--json', '--fail-on-regression', '--no-cache'], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(1);
    const json = JSON.parse(io.stdout) as Json;
    expect(json.regressions).toEqual(REGRESSIONS);
    expect(json.improvements).toEqual(IMPROVEMENTS);
    expect(json.mcnemar).toEqual({ b: 3, c: 1, p: 0.625 });
    expect(json.baseline).toMatchObject({ variant: 'base', model: 'openai/fake-echo', passed: 6, inputs: 8, passRate: 0.75 });
    expect(json.candidate).toMatchObject({ variant: 'upper', model: 'openai/fake-upper', passed: 4, passRate: 0.5 });
    // Wilson 95% for 4/8: (0.5 + 0.24)/1.48 ± 1.96·√(0.03125 + 0.015)/1.48 → [0.2152, 0.7848]
    expect(json.candidate.interval.low).toBeCloseTo(0.2152, 3);
    expect(json.candidate.interval.high).toBeCloseTo(0.7848, 3);
    for (const key of ['latencyP50Ms', 'latencyP95Ms', 'ttftP50Ms', 'meanInputTokens', 'meanOutputTokens', 'costPerCallUsd', 'costPer1000CallsUsd', 'costPerMonthUsd']) expect(typeof json.candidate[key]).toBe('number');
    // Costs = usage × catalog prices, checked against the run file the CLI saved.
    const candidateRun = parseRun(readFileSync(join(dir, '.promptscope/runs', JSON.parse(readFileSync(join(dir, json.reportFile as string), 'utf8')).runFiles.candidate as string), 'utf8'));
    if (typeof candidateRun === 'string') throw new Error(candidateRun);
    const expected = candidateRun.cells.reduce((s, c) => s + (c.usage!.inputTokens * 0.5 + c.usage!.outputTokens * 1) / 1e6, 0) / candidateRun.cells.length;
    expect(json.candidate.costPerCallUsd).toBeCloseTo(expected, 15);
    expect(json.candidate.costPerMonthUsd).toBeCloseTo(expected * 100_000, 9);
    expect(json.gatePassed).toBe(false);
    expect(json.routing.oracle.passed).toBe(7);
    expect(json.reportFile).toMatch(/^\.promptscope\/evals\/support--base-vs-upper--.*\.json$/);
    const saved = parseEvalReport(readFileSync(join(dir, json.reportFile as string), 'utf8'));
    expect(typeof saved).toBe('object');
    const md = readFileSync(join(dir, json.markdownFile as string), 'utf8');
    expect(md).toContain('## Regressions (3)');
    expect(md).toContain('## Rollout plan');
    expect(readFileSync(join(dir, json.reportFile as string), 'utf8')).not.toContain(KEY);
  });

  it('prints text, exits 0 without --fail-on-regression, and compares with the previous evaluation', async () => {
    const io = capture();
    expect(await runCli(['eval', 'support.prompt', '--baseline', 'base', '--candidate', 'upper', '--prices', 'prices.json'], io)).toBe(0);
    expect(io.stdout).toContain('Regressions (3):');
    expect(io.stdout).toContain('refund-1: contains:');
    expect(io.stdout).toContain('McNemar (exact): b = 3, c = 1, p = 0.63');
    expect(io.stdout).toMatch(/Since .*: no change; regressions \+0/);
    expect(readdirSync(join(dir, '.promptscope/evals')).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(2);
  });

  it('--fail-on-regression exits 0 on a migration without regressions; --calls-per-month sets the monthly cost and the rollout steps\' calls per day', async () => {
    writeFileSync(join(dir, 'support.echo2.prompt'), BASE);
    try {
      const io = capture();
      expect(await runCli(['eval', 'support.prompt', '--baseline', 'base', '--candidate', 'echo2', '--prices', 'prices.json', '--calls-per-month', '30000', '--json', '--fail-on-regression', '--no-cache'], io)).toBe(0);
      const json = JSON.parse(io.stdout) as Json;
      expect(json.regressions).toEqual([]);
      expect(json.callsPerMonth).toBe(30000);
      expect(json.candidate.costPerMonthUsd).toBeCloseTo(json.candidate.costPerCallUsd * 30000, 9);
      const saved = JSON.parse(readFileSync(join(dir, json.reportFile as string), 'utf8')) as Json;
      // 30,000 calls a month = 1,000 a day: the 5% step is 50 calls a day, 100% all 1,000.
      expect(saved.rollout.steps.map((s: Json) => [s.percent, s.callsPerDay])).toEqual([[5, 50], [25, 250], [50, 500], [100, 1000]]);
    } finally {
      rmSync(join(dir, 'support.echo2.prompt'));
    }
    for (const bad of ['0', '-5', '1.5', 'many']) {
      const io = capture();
      expect(await runCli(['eval', 'support.prompt', '--candidate', 'upper', '--calls-per-month', bad], io)).toBe(2);
      expect(io.stderr).toMatch(/--calls-per-month/);
    }
  });

  it('exits 2 on usage and input errors without sending a request', async () => {
    for (const args of [
      ['eval', 'support.prompt'],
      ['eval', 'support.prompt', '--candidate', 'nope'],
      ['eval', 'support.prompt', '--candidate', 'upper', '--samples', 'missing.jsonl'],
      ['eval', 'support.prompt', '--candidate', 'upper', '--repeat', '0'],
      ['eval', 'support.prompt', '--candidate', 'upper', '--json', '--md'],
    ]) {
      const io = capture();
      expect(await runCli(args, io)).toBe(2);
      expect(io.stderr).toMatch(/^promptscope eval: /);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('promptscope route', () => {
  it('prints the routing table and --json with the cheapest passing model per input', async () => {
    const io = capture();
    expect(await runCli(['route', 'support.prompt', '--model', 'openai/fake-upper,openai/fake-echo', '--prices', 'prices.json', '--json', '--no-save'], io)).toBe(0);
    const json = JSON.parse(io.stdout) as Json;
    expect(json.reference).toBe('openai/fake-echo');
    expect(json.rows.find((r: { sample: string }) => r.sample === 'refund-1').cheapest).toBe('openai/fake-echo');
    expect(json.rows.find((r: { sample: string }) => r.sample === 'hours-1').cheapest).toBe('openai/fake-upper');
    expect(json.rows.find((r: { sample: string }) => r.sample === 'both-fail').cheapest).toBeNull();
    expect(json.oracle.passed).toBe(7);
    const text = capture();
    expect(await runCli(['route', 'support.prompt', '--model', 'openai/fake-upper', '--model', 'openai/fake-echo', '--prices', 'prices.json', '--no-save'], text)).toBe(0);
    expect(text.stdout).toContain('each input → its cheapest passing model');
    const usage = capture();
    expect(await runCli(['route', 'support.prompt', '--model', 'openai/fake-echo'], usage)).toBe(2);
  });
});
