import { describe, expect, it } from 'vitest';
import { CompressFlowCancelled, runCompressFlow } from '../../../src/core/compress/llm';
import { analyzePrompt, analyzeSavings, headlineTokens, memoryWorkspace } from '../../../src/core/analysis';
import { deps } from '../analysis/helpers';
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

describe('runCompressFlow: the report\'s headline is the rendered prompt (the lens\'s number)', () => {
  it('before/after equal the analysis\' rendered counts of the original and the compressed prompt file, not the template text', async () => {
    // A variable with a long default and a partial: the template text counts differently from what is sent.
    const fileName = '/p/agent.prompt';
    const head = '---\nmodel: openai/gpt-4o\ninput:\n  default:\n    customer: "Ada Lovelace, premium customer since 2019, account 88-1203"\n---\n';
    const body = `Please make sure to always be very concise and really helpful to {{customer}}.\n{{> policy}}\nIn order to help, it is very important that you answer in at most 3 sentences.\n`;
    const workspace = memoryWorkspace({ '/p/_policy.prompt': 'Refunds are possible within 30 days. Never promise a refund outside that window.' });
    const options = { fileName, text: head + body, workspace, defaultTargets: [], deps: deps() };
    const flow = await runCompressFlow({
      text: body,
      mode: 'extractive',
      provider: providerFor(server, 'openai'),
      model: 'fake-compress',
      judgeProvider: providerFor(server, 'openai'),
      judgeModel: 'fake-judge',
      measureTokens: async (compressed) => headlineTokens(await analyzeSavings(options, head + compressed)),
      countTokens: count,
    });
    const lensBefore = await analyzePrompt(options);
    const lensAfter = await analyzePrompt({ ...options, text: head + flow.compression.compressed });
    expect(lensBefore.countedFrom).toBe('rendered');
    expect(flow.report.tokens).toMatchObject({
      counts: 'rendered with default input on openai/gpt-4o',
      before: lensBefore.report.models[0]!.renderedTokens,
      after: lensAfter.report.models[0]!.renderedTokens,
    });
    expect(flow.report.tokens!.before).not.toBe(lensBefore.report.models[0]!.templateTokens);
    expect(flow.report.tokens!.saved).toBeGreaterThan(0);
    expect(flow.report.summary[0]).toMatch(/^Tokens \(rendered with default input on openai\/gpt-4o\): \d+ → \d+ \(−\d+, −[\d.]+%\)$/);
  });

  it('without a measure, counts the text itself and labels it "template text"', async () => {
    const flow = await runCompressFlow({ text: PROMPT, mode: 'extractive', provider: providerFor(server, 'openai'), model: 'fake-compress', judgeProvider: providerFor(server, 'openai'), judgeModel: 'fake-judge', countTokens: count });
    expect(flow.report.tokens?.counts).toBe('template text');
    expect(flow.report.summary[0]).toMatch(/^Tokens \(template text\): /);
  });
});
