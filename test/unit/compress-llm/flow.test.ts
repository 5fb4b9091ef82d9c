import { describe, expect, it } from 'vitest';
import { CompressFlowCancelled, runCompressFlow } from '../../../src/core/compress/llm';
import { useFakeProvider } from '../providers/helpers';
import { API_KEY, PROMPT, providerFor } from './fixtures';

const server = useFakeProvider({ apiKey: API_KEY });
const count = (t: string) => t.split(/\s+/).length;

describe('runCompressFlow: the one orchestration for editor and CLI', () => {
  it('compresses, judges every constraint and builds the report, with progress in order', async () => {
    const steps: string[] = [];
    const flow = await runCompressFlow({
      text: PROMPT,
      mode: 'extractive',
      provider: providerFor(server, 'openai'),
      model: 'fake-compress',
      judgeProvider: providerFor(server, 'anthropic'),
      judgeModel: 'fake-judge',
      countTokens: count,
      onProgress: (p) => {
        if (steps[steps.length - 1] !== p.step) steps.push(p.step);
      },
    });
    expect(steps).toEqual(['compress', 'judge', 'report']);
    expect(flow.report.blocking).toBe(false);
    expect(flow.judged.length).toBeGreaterThan(0);
    expect(flow.judged.every((j) => j.status === 'kept')).toBe(true);
    expect(flow.report.tokens?.saved).toBeGreaterThan(0);
    expect(flow.notes).toEqual([]);
  });

  it('a failing judge leaves the constraints unjudged, notes why and blocks', async () => {
    server.setFault({ kind: '500', model: 'fake-judge' });
    const flow = await runCompressFlow({
      text: PROMPT,
      mode: 'extractive',
      provider: providerFor(server, 'openai'),
      model: 'fake-compress',
      judgeProvider: providerFor(server, 'openai'),
      judgeModel: 'fake-judge',
    });
    expect(flow.judgeError).toBeInstanceOf(Error);
    expect(flow.notes.join(' ')).toMatch(/fake-judge failed/);
    expect(flow.report.blocking).toBe(true);
    expect(flow.report.constraints.every((c) => c.status === 'unjudged')).toBe(true);
  });

  it('an aborted signal cancels instead of reporting', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = runCompressFlow({ text: PROMPT, mode: 'extractive', provider: providerFor(server, 'openai'), model: 'fake-compress', judgeProvider: providerFor(server, 'openai'), judgeModel: 'fake-judge', signal: controller.signal });
    await expect(run).rejects.toSatisfy((e: unknown) => e instanceof CompressFlowCancelled || (e instanceof Error && /cancel|abort/i.test(e.message)));
  });
});
