import { describe, expect, it } from 'vitest';
import { memoryWorkspace } from '../../../src/core/analysis';
import { evaluateMigration, evaluateRouting, EvalInputError, resolveSide, logicalPromptFor } from '../../../src/core/eval/migration';
import { exactMcNemar, variantComparisonSetup } from '../../../src/core/eval';
import { startCompare } from '../../../src/core/compare';
import { fakeInputTokens } from '../../fake-provider/server';
import { useFakeProvider } from '../providers/helpers';
import { TEST_KEY } from '../compare/helpers';
import { evalEnv, FILES, IMPROVEMENTS, PRICES, REGRESSIONS } from './fixtures';

const server = useFakeProvider({ apiKey: TEST_KEY });
const folderFiles = Object.keys(FILES).filter((f) => f.endsWith('.prompt'));

describe('evaluateMigration against the fake provider', () => {
  it('lists exactly the regressions the candidate model causes, with costs from usage × catalog prices and the exact McNemar p', async () => {
    const { report, routing, baselineRun, candidateRun } = await evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'upper', callsPerMonth: 90_000 }, evalEnv(server));
    expect(report.baseline).toMatchObject({ variant: 'base', model: 'openai/fake-echo', promptPath: 'support.prompt' });
    expect(report.candidate).toMatchObject({ variant: 'upper', model: 'openai/fake-upper', promptPath: 'support.upper.prompt' });
    expect(report.regressions).toEqual(REGRESSIONS);
    expect(report.improvements).toEqual(IMPROVEMENTS);
    // b = 3, c = 1 → p = 2 · (C(4,0) + C(4,1)) / 2^4 = 10/16
    expect(report.mcnemar).toEqual({ b: 3, c: 1, p: 0.625 });
    expect(report.mcnemar.p).toBe(exactMcNemar(3, 1).p);
    expect(report.baseline.passed).toBe(6);
    expect(report.candidate.passed).toBe(4);
    // Usage is what the fake server counts; cost = usage × the catalog's prices.
    for (const [run, price] of [[baselineRun, PRICES['openai/fake-echo']], [candidateRun, PRICES['openai/fake-upper']]] as const) {
      for (const cell of run.cells) {
        const row = run.rows[cell.row]!;
        const system = row.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
        expect(cell.usage?.inputTokens).toBe(fakeInputTokens(system, row.messages.filter((m) => m.role !== 'system')));
        expect(cell.costUsd).toBeCloseTo((cell.usage!.inputTokens * price.input + cell.usage!.outputTokens * price.output) / 1e6, 15);
      }
    }
    const meanCost = candidateRun.cells.reduce((s, c) => s + c.costUsd!, 0) / candidateRun.cells.length;
    expect(report.candidate.costPerCallUsd).toBeCloseTo(meanCost, 15);
    expect(report.candidate.costPerMonthUsd).toBeCloseTo(meanCost * 90_000, 9);
    expect(report.verdict).toMatch(/^candidate \d+% cheaper, 3 regressions, 1 improvement \(p = 0\.63\)/);
    expect(report.verdict).toContain('not distinguishable from noise at this sample size (n = 8)');
    const refund = report.outcomes.find((o) => o.sample === 'refund-1')!;
    expect(refund.baselineOutput.trim()).toBe('I want a refund please');
    expect(refund.candidateOutput.trim()).toBe('I WANT A REFUND PLEASE');
    expect(report.fingerprint.candidate.model).toBe('openai/fake-upper');
    expect(report.rollout.gate.passed).toBe(false);
    expect(report.samplesPath).toBe('support.samples.jsonl');
    // Routing between the two sides: the cheaper candidate where it passes, the baseline where only it passes.
    const cheapest = Object.fromEntries(routing.rows.map((r) => [r.sample, r.cheapest ?? null]));
    expect(cheapest['hours-1']).toBe('upper · openai/fake-upper');
    expect(cheapest['refund-1']).toBe('base · openai/fake-echo');
    expect(cheapest['both-fail']).toBeNull();
    expect(routing.oracle.passed).toBe(7);
  });

  it('with repeat 3 runs every input three times per side and compares with the previous evaluation', async () => {
    const env = evalEnv(server);
    const first = await evaluateMigration({ promptPath: '/w/support.upper.prompt', folderFiles, baseline: 'base', candidate: 'upper' }, env);
    server.reset();
    const edited = memoryWorkspace({ ...FILES, '/w/support.upper.prompt': FILES['/w/support.upper.prompt']!.replace('You are a support agent.', 'You are a kind support agent.') });
    const second = await evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'upper', repeat: 3, previous: [first.report] }, evalEnv(server, edited));
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(8 * 3 * 2);
    expect(second.report.repeat).toBe(3);
    expect(second.report.candidate.calls).toBe(24);
    expect(second.report.candidate.flakyInputs).toBe(0);
    expect(second.report.regressions).toEqual(REGRESSIONS);
    expect(second.report.previous?.changed).toEqual(['candidate prompt changed']);
    expect(second.report.previous?.newRegressions).toEqual([]);
    const { evalReportToMarkdown } = await import('../../../src/core/eval');
    expect(evalReportToMarkdown(second.report)).toContain('## Flaky inputs (0)\n\nNone: every input gave the same result on all 3 repeats.');
  });

  it('takes a model id as a side: the production variant on that model', async () => {
    const { report } = await evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'openai/fake-upper' }, evalEnv(server));
    expect(report.candidate).toMatchObject({ variant: 'base', model: 'openai/fake-upper', promptPath: 'support.prompt' });
    expect(report.regressions).toEqual(REGRESSIONS);
  });

  it('asks a judge model for a preference on every input, swapping positions', async () => {
    const { report } = await evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'upper', judgeModel: 'openai/fake-json' }, evalEnv(server));
    // fake-json answers with its own JSON (no winner): every preference is recorded as not understood, with the reason.
    expect(report.preference).toEqual({ judgeModel: 'openai/fake-json', baseline: 0, candidate: 0, ties: 0, unknown: 8 });
    expect(report.outcomes[0]!.preference?.reason).toContain("the judge's answer was not understood");
    const judged = server.requests.filter((r) => r.model === 'fake-json');
    expect(judged).toHaveLength(8);
    const first = JSON.stringify(judged.map((r) => r.body));
    expect(first).toContain('<response_a>');
  });

  it('refuses unknown variants, missing samples and identical sides with input errors', async () => {
    const env = evalEnv(server);
    await expect(evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'nope' }, env)).rejects.toThrow(/"nope" is neither a variant of support \(base, upper\) nor a model id/);
    await expect(evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'base' }, env)).rejects.toBeInstanceOf(EvalInputError);
    await expect(evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'upper', samplesPath: '/w/missing.jsonl' }, env)).rejects.toThrow('cannot read the samples file /w/missing.jsonl');
    const bad = memoryWorkspace({ ...FILES, '/w/support.samples.jsonl': '{"id":"a","input":{}}\nnot json\n' });
    await expect(evaluateMigration({ promptPath: '/w/support.prompt', folderFiles, candidate: 'upper' }, evalEnv(server, bad))).rejects.toThrow(/1 problem: line 2: Invalid JSON/);
    expect(server.requests).toHaveLength(0);
  });

  it('resolves the production variant as the default baseline', async () => {
    const files = { ...FILES, '/w/support.prompt': FILES['/w/support.prompt']!.replace('samples:', 'production: upper\nsamples:') };
    const side = await resolveSide(undefined, logicalPromptFor('/w/support.prompt', folderFiles), memoryWorkspace(files));
    expect(side).toMatchObject({ variant: 'upper', model: 'openai/fake-upper' });
  });
});

describe('evaluateRouting against the fake provider', () => {
  it('routes each input to its cheapest passing model', async () => {
    const { routing } = await evaluateRouting({ promptPath: '/w/support.prompt', models: ['openai/fake-upper', 'openai/fake-echo'] }, evalEnv(server));
    expect(routing.inputs).toBe(8);
    expect(routing.reference).toBe('openai/fake-echo');
    const cheapest = Object.fromEntries(routing.rows.map((r) => [r.sample, r.cheapest ?? null]));
    // upper is cheaper: it takes every input it passes; echo only the ones upper fails.
    expect(cheapest).toEqual({ 'refund-1': 'openai/fake-echo', 'hours-1': 'openai/fake-upper', 'refund-2': 'openai/fake-echo', 'shout-1': 'openai/fake-upper', 'hours-2': 'openai/fake-upper', 'ship-1': 'openai/fake-echo', 'both-fail': null, 'hours-3': 'openai/fake-upper' });
    expect(routing.oracle.passed).toBe(8 - 1);
    expect(routing.oracle.saving).toBeGreaterThan(0);
  });
});

describe('variantComparisonSetup against the fake provider', () => {
  it('runs one comparison whose columns are the variants, each its own prompt on its own model, over the same samples', async () => {
    const env = evalEnv(server);
    const { setup, variants, samplesFile } = await variantComparisonSetup({ promptPath: '/w/support.upper.prompt', folderFiles }, env);
    expect(samplesFile).toBe('/w/support.samples.jsonl');
    const run = await startCompare(setup, env).idle();
    expect(variants.map((v) => [v.variant, v.model])).toEqual([['base', 'openai/fake-echo'], ['upper', 'openai/fake-upper']]);
    expect(run.promptPath).toBe('support.prompt');
    expect(run.samplesPath).toBe('support.samples.jsonl');
    expect(run.columns.map((c) => [c.prompt?.label, c.prompt?.path, c.model, c.summary.passed])).toEqual([
      ['support', 'support.prompt', 'openai/fake-echo', 6],
      ['support.upper', 'support.upper.prompt', 'openai/fake-upper', 4],
    ]);
    expect(run.rows.map((r) => r.sample)).toEqual(['refund-1', 'hours-1', 'refund-2', 'shout-1', 'hours-2', 'ship-1', 'both-fail', 'hours-3']);
    // Each request went to the column's own model.
    const models = server.requests.filter((r) => r.method === 'POST').map((r) => r.model);
    expect(models.filter((m) => m === 'fake-echo')).toHaveLength(8);
    expect(models.filter((m) => m === 'fake-upper')).toHaveLength(8);
  });

  it('refuses a logical prompt without a variant, and a bad repeat', async () => {
    const lone = { '/w/solo.prompt': FILES['/w/support.prompt']!, '/w/support.samples.jsonl': FILES['/w/support.samples.jsonl']! };
    await expect(variantComparisonSetup({ promptPath: '/w/solo.prompt', folderFiles: ['/w/solo.prompt'] }, evalEnv(server, memoryWorkspace(lone)))).rejects.toThrow(/solo has no variant to compare yet/);
    await expect(variantComparisonSetup({ promptPath: '/w/support.prompt', folderFiles, repeat: 0 }, evalEnv(server))).rejects.toBeInstanceOf(EvalInputError);
  });
});
