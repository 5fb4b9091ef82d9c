import { describe, expect, it } from 'vitest';
import {
  analyseMigration,
  analyseRouting,
  evalReportBaseName,
  evalReportToMarkdown,
  latestEvaluation,
  outputDiff,
  parseEvalReport,
  serializeEvalReport,
} from '../../../src/core/eval';
import { textHash } from '../../../src/core/variants';
import { runOf } from './helpers';

const fingerprint = { baseline: { promptHash: textHash('b'), model: 'openai/gpt-4o' }, candidate: { promptHash: textHash('c'), model: 'openai/gpt-4o-mini' }, samplesHash: textHash('s') };

function report(createdAt = '2026-01-02T03:04:05.000Z') {
  return analyseMigration({
    baseline: { variant: 'base', promptPath: 'prompts/agent.prompt', model: 'openai/gpt-4o' },
    candidate: { variant: 'mini', promptPath: 'prompts/agent.mini.prompt', model: 'openai/gpt-4o-mini' },
    baselineRun: runOf(['openai/gpt-4o'], ['s1', 's2'], [[[{ pass: true, cost: 0.002, output: 'Refund approved.\nThanks' }], [{ pass: true, cost: 0.002 }]]]),
    candidateRun: runOf(['openai/gpt-4o-mini'], ['s1', 's2'], [[[{ pass: false, cost: 0.001, output: 'Refund denied | sorry sk-abcdefghijklmnopqrstuvwxyz123456' }], [{ pass: true, cost: 0.001 }]]]),
    fingerprint,
    createdAt,
    promptPath: 'prompts/agent.prompt',
    samplesPath: 'prompts/agent.samples.jsonl',
    callsPerMonth: 100_000,
  });
}

describe('eval report files', () => {
  it('renders Markdown with the verdict, both sides, regressions with outputs and a diff, and the rollout plan', () => {
    const r = report();
    const md = evalReportToMarkdown(r, analyseRouting(runOf(['a/x', 'a/y'], ['s1'], [[[{ pass: true, cost: 0.1 }]], [[{ pass: true, cost: 0.01 }]]])));
    expect(md).toContain(`**Verdict:** ${r.verdict}`);
    expect(md).toContain('| candidate | `mini` | openai/gpt-4o-mini | 50% (1/2) |');
    expect(md).toContain('## Regressions (1)');
    expect(md).toContain('### s1');
    expect(md).toContain('-Refund approved.');
    expect(md).toContain('+Refund denied | sorry');
    expect(md).toContain('**Eval gate** — failed: 1 regression (s1)');
    expect(md).toContain('**5% of traffic** (≈ 167 calls/day)');
    expect(md).toContain('## Routing (1 input)');
    expect(md).toContain('| a/y (reference) | 100% (1) | $0.01 |');
  });

  it('serialises without keys, parses back, and finds the latest evaluation', () => {
    const older = report('2026-01-01T00:00:00.000Z');
    const newer = report();
    const json = serializeEvalReport(newer);
    expect(json).not.toContain('sk-abcdefghijklmnopqrstuvwxyz123456');
    const parsed = parseEvalReport(json);
    expect(typeof parsed).toBe('object');
    expect(parseEvalReport('{"version":2}')).toContain('not a Promptscope evaluation');
    expect(parseEvalReport('nope')).toContain('not JSON');
    expect(latestEvaluation([older, newer], 'prompts/agent.prompt', 'mini')?.createdAt).toBe(newer.createdAt);
    expect(latestEvaluation([older, newer], 'prompts/agent.prompt', 'claude')).toBeUndefined();
    expect(evalReportBaseName(newer)).toBe('agent--base-vs-mini--2026-01-02T03-04-05-000Z');
  });

  it('diffs two outputs line by line', () => {
    expect(outputDiff('a\nb', 'a\nc')).toContain('-b\n+c');
  });
});
