import { describe, expect, it } from 'vitest';
import { observedOutputs, percentile, samePromptPath, setMaxOutputTokensFix, suggestedOutputLimit } from '../../../src/core/cost';
import { parsePromptFile } from '../../../src/core/prompt';

function run(promptPath: string, model: string, outputs: number[], extra: Record<string, unknown>[] = []) {
  return {
    version: 1, id: 'r', promptPath, columns: [{ index: 0, model }],
    cells: [
      ...outputs.map((n, i) => ({ id: `c0-r${i}-k0`, column: 0, row: i, status: 'done', cached: false, usage: { inputTokens: 100, outputTokens: n, reported: true } })),
      ...extra,
    ],
  };
}

function apply(text: string, fix: NonNullable<ReturnType<typeof setMaxOutputTokensFix>>): string {
  const e = fix.edits[0]!;
  return text.slice(0, e.range.start) + e.newText + text.slice(e.range.end);
}

describe('observed output lengths', () => {
  it('nearest-rank percentiles and the p99 + 20% suggestion (rounded up to 16)', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(suggestedOutputLimit(99)).toBe(128); // 118.8 → 128
    expect(suggestedOutputLimit(400)).toBe(480);
  });

  it('per model from the runs of this prompt only, skipping cached, failed and unreported cells', () => {
    const runs = [
      run('prompts/support.prompt', 'openai/gpt-4o', [100, 200, 300, 400], [
        { column: 0, status: 'done', cached: true, usage: { outputTokens: 9999, reported: true } },
        { column: 0, status: 'failed', cached: false, usage: { outputTokens: 8888, reported: true } },
        { column: 0, status: 'done', cached: false, usage: { outputTokens: 0, reported: false } },
      ]),
      run('prompts/other.prompt', 'openai/gpt-4o', [5000]),
      run('support.prompt', 'anthropic/claude-sonnet-4-5', [50, 60]),
      { not: 'a run' },
      'garbage',
    ];
    const observed = observedOutputs(runs, '/home/me/ws/prompts/support.prompt');
    expect(observed).toEqual([
      { modelId: 'openai/gpt-4o', samples: 4, p50: 200, p95: 400, p99: 400, max: 400, suggestedMaxOutputTokens: 480 },
      { modelId: 'anthropic/claude-sonnet-4-5', samples: 2, p50: 50, p95: 60, p99: 60, max: 60, suggestedMaxOutputTokens: 80 },
    ]);
    expect(samePromptPath('prompts\\support.prompt', '/ws/prompts/support.prompt')).toBe(true);
    expect(samePromptPath('support.prompt', '/ws/my-support.prompt')).toBe(false);
  });

  it('a Compare Variants run (version 2) counts each column for its own prompt file', () => {
    const cell = (column: number, outputTokens: number) => ({ column, status: 'done', cached: false, usage: { outputTokens, reported: true } });
    const variants = {
      version: 2, id: 'v', promptPath: 'prompts/support.prompt',
      columns: [
        { index: 0, model: 'openai/gpt-4o', prompt: { label: 'support', path: 'prompts/support.prompt' } },
        { index: 1, model: 'anthropic/claude-sonnet-4-5', prompt: { label: 'support.claude', path: 'prompts/support.claude.prompt' } },
      ],
      cells: [cell(0, 100), cell(1, 700)],
    };
    expect(observedOutputs([variants], '/ws/prompts/support.prompt').map((o) => [o.modelId, o.max])).toEqual([['openai/gpt-4o', 100]]);
    expect(observedOutputs([variants], '/ws/prompts/support.claude.prompt').map((o) => [o.modelId, o.max])).toEqual([['anthropic/claude-sonnet-4-5', 700]]);
  });
});

describe('maxOutputTokens quick fix', () => {
  it('adds a config block when there is none', () => {
    const text = '---\nmodel: openai/gpt-4o\n---\nHello\n';
    const fix = setMaxOutputTokensFix(parsePromptFile(text, { fileName: 'a.prompt' }), 480)!;
    expect(fix.title).toBe('Set maxOutputTokens: 480 (observed p99 + 20%)');
    const fixed = apply(text, fix);
    expect(fixed).toBe('---\nmodel: openai/gpt-4o\nconfig:\n  maxOutputTokens: 480\n---\nHello\n');
    expect(parsePromptFile(fixed, { fileName: 'a.prompt' }).config.maxOutputTokens).toBe(480);
  });

  it('adds the key under an existing config mapping with its indentation', () => {
    const text = '---\nmodel: openai/gpt-4o\nconfig:\n    temperature: 0.2\ninput:\n  schema:\n    q: string\n---\n{{q}}\n';
    const fixed = apply(text, setMaxOutputTokensFix(parsePromptFile(text, { fileName: 'a.prompt' }), 256)!);
    expect(fixed).toContain('config:\n    maxOutputTokens: 256\n    temperature: 0.2\n');
    const parsed = parsePromptFile(fixed, { fileName: 'a.prompt' });
    expect(parsed.config.maxOutputTokens).toBe(256);
    expect(parsed.config.temperature).toBe(0.2);
  });

  it('offers nothing for flow-style config, a limit already set, or a .prompty', () => {
    expect(setMaxOutputTokensFix(parsePromptFile('---\nconfig: {temperature: 1}\n---\nx', { fileName: 'a.prompt' }), 64)).toBeUndefined();
    expect(setMaxOutputTokensFix(parsePromptFile('---\nconfig:\n  maxOutputTokens: 9\n---\nx', { fileName: 'a.prompt' }), 64)).toBeUndefined();
    expect(setMaxOutputTokensFix(parsePromptFile('---\nname: x\n---\nsystem:\nhi', { fileName: 'a.prompty' }), 64)).toBeUndefined();
  });
});

describe('observed-output diagnostic', () => {
  it('points at the model key with the lengths and carries the fix', async () => {
    const { observedOutputDiagnostic } = await import('../../../src/core/cost');
    const text = '---\nmodel: openai/gpt-4o\n---\nHello\n';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    const d = observedOutputDiagnostic(file, [{ modelId: 'openai/gpt-4o', samples: 4, p50: 180, p95: 402, p99: 402, max: 402, suggestedMaxOutputTokens: 496 }])!;
    expect(text.slice(d.range.start, d.range.end)).toBe('model');
    expect(d.message).toBe('No maxOutputTokens: replies are unbounded. Observed output tokens in comparison runs: gpt-4o p50 180 · p95 402 · max 402 (4 replies). Suggested limit: 496 (p99 + 20%).');
    expect(d.fixes?.[0]?.title).toBe('Set maxOutputTokens: 496 (observed p99 + 20%)');
    expect(observedOutputDiagnostic(file, [])).toBeUndefined();
  });
});
