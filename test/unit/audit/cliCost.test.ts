import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import type { AuditReport } from '../../../src/core/audit';
import { ROOT } from './helpers';

async function audit(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const io: CliIO & { stdout: string; stderr: string } = {
    stdout: '', stderr: '', cwd, env: {},
    out(t: string) { io.stdout += t; },
    err(t: string) { io.stderr += t; },
  };
  const code = await runCli(['audit', ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'promptscope-audit-cost-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('promptscope audit: cost levers', () => {
  it('--users and --calls-per-user give the cost curve in --json; every target has the caching fields', async () => {
    const { code, stdout } = await audit(['examples', '--json', '--users', '100,1000,10000,100000', '--calls-per-user', '30', '--self-hosting-band', '4000-16000']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.costCurve.users).toEqual([100, 1000, 10000, 100000]);
    expect(report.costCurve.callsPerUser).toBe(30);
    expect(report.costCurve.band).toEqual({ lowUsd: 4000, highUsd: 16000 });
    const total = report.costCurve.series.find((s) => s.id === 'total')!;
    const perCallSet = report.prompts.reduce((sum, p) => sum + (p.targets[0]?.costPerCall ?? 0), 0);
    expect(total.monthlyCost[3]).toBeCloseTo(100_000 * 30 * perCallSet, 6);
    for (const p of report.prompts) {
      for (const t of p.targets) {
        expect(t).toHaveProperty('cacheablePrefixTokens');
        expect(t).toHaveProperty('cachedCostPerCall');
        expect(t).toHaveProperty('cachingSavingsPerMonth');
      }
    }
    expect(typeof report.totals.cachingSavingsPerMonth).toBe('number');
  });

  it('--traffic feeds the response-cache columns; a missing file or bad band is a usage error (exit 2)', async () => {
    const file = join(tmp, 'traffic.jsonl');
    writeFileSync(file, ['{"input":{"question":"Where is my order?"}}', '{"input":{"question":"where is my order"}}'].join('\n'));
    const { code, stdout } = await audit(['examples/support-agent.prompt', '--json', '--traffic', file]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.prompts[0]!.responseCache).toMatchObject({ inputs: 2, exactDuplicateShare: 0.5, error: null });
    expect((await audit(['examples', '--traffic', join(tmp, 'nope.jsonl')])).code).toBe(2);
    expect((await audit(['examples', '--self-hosting-band', 'cheap'])).code).toBe(2);
    expect((await audit(['examples', '--users', '0'])).code).toBe(2);
  });

  it('--md has the cost curve and the levers; --help documents the JSON fields', async () => {
    const md = (await audit(['examples', '--md', '--batch'])).stdout;
    expect(md).toContain('## Cost curve');
    expect(md).toContain('| Prompt caching |');
    expect(md).toMatch(/\| Batch \| \$[\d,.]+\/month \(6 prompts marked batch\) \|/);
    const help = await audit(['--help']);
    expect(help.stdout + help.stderr).toContain('cacheablePrefixTokens');
  });

  it('reads .promptscope/runs for observed output lengths and a suggested maxOutputTokens', async () => {
    const cwd = join(tmp, 'with-runs');
    cpSync(join(ROOT, 'examples'), join(cwd, 'prompts'), { recursive: true });
    mkdirSync(join(cwd, '.promptscope', 'runs'), { recursive: true });
    const cells = [200, 250, 300].map((n, i) => ({ id: `c0-r${i}-k0`, column: 0, row: i, status: 'done', cached: false, usage: { inputTokens: 1, outputTokens: n, reported: true } }));
    writeFileSync(join(cwd, '.promptscope', 'runs', 'r1.json'), JSON.stringify({ version: 1, id: 'r1', promptPath: 'prompts/summarizer.prompt', columns: [{ index: 0, model: 'openai/gpt-4o-mini' }], rows: [], cells }));
    writeFileSync(join(cwd, '.promptscope', 'runs', 'broken.json'), '{not json');
    const report = JSON.parse((await audit(['prompts', '--json'], cwd)).stdout) as AuditReport;
    const summarizer = report.prompts.find((p) => p.relativePath.endsWith('summarizer.prompt'))!;
    expect(summarizer.observedOutputs).toEqual([{ modelId: 'openai/gpt-4o-mini', samples: 3, p50: 250, p95: 300, p99: 300, max: 300, suggestedMaxOutputTokens: 368 }]);
    expect(summarizer.suggestedMaxOutputTokens).toBe(summarizer.noOutputLimit ? 368 : null);
  });
});
