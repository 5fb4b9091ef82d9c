import { describe, expect, it } from 'vitest';
import {
  buildAdjustMessages,
  cleanModelOutput,
  compressWithModel,
  FAMILY_GUIDANCE,
  familyOfModel,
  LlmCompressError,
  MODEL_FAMILIES,
  runAdjustFlow,
} from '../../../src/core/compress/llm';
import { useFakeProvider } from '../providers/helpers';
import { API_KEY, countWords, PROMPT, PROTOCOLS, providerFor } from './fixtures';

const server = useFakeProvider({ apiKey: API_KEY });

describe('Adjust for Model: the rewrite request', () => {
  it('carries the family guidance, the target model, the protected strings and the prompt in its own tag', () => {
    const messages = buildAdjustMessages(PROMPT, { family: 'anthropic', model: 'anthropic/claude-sonnet-4-5' }, ['{{language}}']);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const system = String(messages[0]?.content);
    for (const line of FAMILY_GUIDANCE.anthropic.guidance) expect(system).toContain(line);
    expect(system).not.toContain(FAMILY_GUIDANCE.openai.guidance[0]);
    const user = String(messages[1]?.content);
    expect(user).toContain('Target model family: Anthropic Claude');
    expect(user).toContain('Target model: anthropic/claude-sonnet-4-5');
    expect(user).toContain('"{{language}}"');
    expect(user).toContain(`<prompt_to_adjust>\n${PROMPT}\n</prompt_to_adjust>`);
  });

  it('picks another tag when the prompt contains ours', () => {
    const text = 'Quote <prompt_to_adjust> literally.';
    const user = String(buildAdjustMessages(text, { family: 'openai' }, [])[1]?.content);
    expect(user).toContain(`<prompt_to_adjust_2>\n${text}\n</prompt_to_adjust_2>`);
  });

  it('every family has a label and guidance; model ids map to their family', () => {
    for (const family of MODEL_FAMILIES) {
      expect(FAMILY_GUIDANCE[family].label).not.toBe('');
      expect(FAMILY_GUIDANCE[family].guidance.length).toBeGreaterThanOrEqual(3);
    }
    expect(familyOfModel('openai/gpt-5')).toBe('openai');
    expect(familyOfModel('gpt-4.1-mini')).toBe('openai');
    expect(familyOfModel('o3')).toBe('openai');
    expect(familyOfModel('anthropic/claude-sonnet-4-5')).toBe('anthropic');
    expect(familyOfModel('claude-3-5-haiku')).toBe('anthropic');
    expect(familyOfModel('google/gemini-2.5-pro')).toBe('gemini');
    expect(familyOfModel('openrouter/google/gemini-2.5-flash')).toBe('gemini');
    expect(familyOfModel('local/llama-3')).toBeUndefined();
  });

  it('strips an "Here is the adjusted prompt:" preamble and our tag', () => {
    expect(cleanModelOutput('Here is the adjusted prompt:\n\n# Task\nDo it.', 'Do it.')).toBe('# Task\nDo it.');
    expect(cleanModelOutput('<prompt_to_adjust>\nDo it.\n</prompt_to_adjust>', 'Do it')).toBe('Do it.');
  });

  it('refuses an extractive adjust and an unknown family before any request', async () => {
    const provider = providerFor(server, 'openai');
    await expect(compressWithModel({ provider, model: 'fake-adjust', text: PROMPT, mode: 'extractive', adjustFor: { family: 'openai' } })).rejects.toBeInstanceOf(LlmCompressError);
    await expect(compressWithModel({ provider, model: 'fake-adjust', text: PROMPT, mode: 'rewrite', adjustFor: { family: 'mistral' as never } })).rejects.toThrow(/Unknown model family/);
    expect(server.requests.length).toBe(0);
  });
});

describe('runAdjustFlow: rewrite → constraints → judge → preservation report', () => {
  for (const protocol of PROTOCOLS) {
    it(`a faithful rewrite for Claude loses nothing and may be accepted (${protocol})`, async () => {
      const steps: string[] = [];
      const flow = await runAdjustFlow({
        text: PROMPT,
        target: { family: 'anthropic' },
        provider: providerFor(server, protocol),
        model: 'fake-adjust',
        judgeProvider: providerFor(server, 'openai'),
        judgeModel: 'fake-judge',
        countTokens: countWords,
        onProgress: (p) => {
          if (steps[steps.length - 1] !== p.step) steps.push(p.step);
        },
      });
      expect(steps).toEqual(['compress', 'judge', 'report']);
      // The fake wraps the unchanged prompt in <instructions> tags; the trailing newline of the original is kept.
      expect(flow.compression.compressed).toBe(`<instructions>\n${PROMPT.trim()}\n</instructions>\n`);
      expect(flow.compression.mode).toBe('rewrite');
      expect(flow.compression.subsequenceOk).toBeNull();
      expect(flow.report.blocking).toBe(false);
      expect(flow.report.missingCount).toBe(0);
      expect(flow.judged.length).toBeGreaterThan(0);
      expect(flow.judged.every((j) => j.status === 'kept')).toBe(true);
      // A rewrite may add tokens: the report says so instead of claiming a saving.
      expect(flow.report.tokens?.saved).toBeLessThan(0);
      expect(flow.report.summary.join('\n')).toMatch(/Tokens \(template text\): \d+ → \d+ \(\+\d+/);
    });
  }

  it('the family decides the rewrite: OpenAI gets a Markdown heading, Gemini a task line', async () => {
    const run = (family: 'openai' | 'gemini') =>
      runAdjustFlow({ text: PROMPT, target: { family }, provider: providerFor(server, 'openai'), model: 'fake-adjust', judgeProvider: providerFor(server, 'openai'), judgeModel: 'fake-judge' });
    expect((await run('openai')).compression.compressed.startsWith('# Instructions\n\n# Role')).toBe(true);
    expect((await run('gemini')).compression.compressed.startsWith('Task:\n# Role')).toBe(true);
  });

  it('a lossy rewrite names what it lost and blocks the one-click accept', async () => {
    const flow = await runAdjustFlow({
      text: PROMPT,
      target: { family: 'openai', model: 'openai/gpt-5' },
      provider: providerFor(server, 'openai'),
      model: 'fake-adjust-bad',
      judgeProvider: providerFor(server, 'anthropic'),
      judgeModel: 'fake-judge',
      countTokens: countWords,
    });
    expect(flow.report.blocking).toBe(true);
    expect(flow.report.missing.urls.map((m) => m.item)).toContain('https://acme.example/help');
    expect(flow.report.missing.numbers.map((m) => m.item)).toContain('3');
    const never = flow.judged.find((j) => /never share internal notes/i.test(j.constraint.text));
    expect(never?.status).toBe('missing');
    expect(flow.report.blockingReasons.join('\n')).toMatch(/https:\/\/acme\.example\/help/);
  });
});
