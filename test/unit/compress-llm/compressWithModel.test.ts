import { describe, expect, it } from 'vitest';
import {
  compressWithModel,
  EXTRACTIVE_SYSTEM_PROMPT,
  LlmCompressError,
  REWRITE_SYSTEM_PROMPT,
  type CompressProgress,
} from '../../../src/core/compress/llm';
import { isSubsequence, wordsOf } from '../../../src/core/compress/preservation';
import { protectedRangesOf } from '../../../src/core/compress/protect';
import { ProviderError } from '../../../src/core/providers';
import { fakeExtractiveCompress, fakeReorderCompress } from '../../fake-provider/server';
import { everyRendering, providerErrorFrom, useFakeProvider } from '../providers/helpers';
import { API_KEY, PROMPT, PROTOCOLS, providerFor } from './fixtures';

const server = useFakeProvider({ apiKey: API_KEY });

function lastBody(): Record<string, unknown> {
  const request = server.requests[server.requests.length - 1];
  return request.body as Record<string, unknown>;
}

/** The user message text of the last request, for either protocol. */
function lastUserText(): string {
  const messages = lastBody().messages as { role: string; content: unknown }[];
  const content = messages.filter((m) => m.role === 'user').pop()?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

function systemText(protocol: string): string {
  const body = lastBody();
  if (protocol === 'anthropic') return typeof body.system === 'string' ? body.system : JSON.stringify(body.system);
  const messages = body.messages as { role: string; content: string }[];
  return messages.find((m) => m.role === 'system')?.content ?? '';
}

describe.each(PROTOCOLS)('compressWithModel over the %s protocol', (protocol) => {
  it('extractive: returns the model output, verified to be a subsequence, with usage', async () => {
    const provider = providerFor(server, protocol);
    const result = await compressWithModel({ provider, model: 'fake-compress', text: PROMPT, mode: 'extractive' });
    expect(result.compressed).toBe(fakeExtractiveCompress(PROMPT).trimEnd() + '\n');
    expect(result.mode).toBe('extractive');
    expect(result.subsequenceOk).toBe(true);
    expect(result.violation).toBeUndefined();
    expect(result.repair).toBeUndefined();
    expect(isSubsequence(wordsOf(PROMPT), wordsOf(result.compressed))).toBe(true);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usageReported).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.model).toBe('fake-compress');
    expect(result.missingProtected).toEqual([]);
    expect(result.compressed.length).toBeLessThan(PROMPT.length);

    expect(systemText(protocol)).toBe(EXTRACTIVE_SYSTEM_PROMPT);
    expect(lastUserText()).toContain(`<prompt_to_compress>\n${PROMPT}\n</prompt_to_compress>`);
    expect(lastBody().max_tokens).toBeGreaterThanOrEqual(1024);
  });

  it('keeps every Handlebars expression exactly and lists them as protected in the request', async () => {
    const provider = providerFor(server, protocol);
    const text = 'Please greet {{user.name}} very warmly.\n{{#each items}}- {{this}} really matters{{/each}}\n{{{raw_html}}} {{> footer}}';
    const result = await compressWithModel({ provider, model: 'fake-compress', text, mode: 'extractive' });
    for (const expr of ['{{user.name}}', '{{#each items}}', '{{this}}', '{{/each}}', '{{{raw_html}}}', '{{> footer}}']) {
      expect(result.compressed).toContain(expr);
      expect(lastUserText()).toContain(`- ${JSON.stringify(expr)}`);
    }
    expect(result.missingProtected).toEqual([]);
    expect(result.compressed).toBe('greet {{user.name}} warmly.\n{{#each items}}- {{this}} matters{{/each}}\n{{{raw_html}}} {{> footer}}');
  });

  it('extractive: detects reordering, reports the first offending word and repairs to a subsequence', async () => {
    const provider = providerFor(server, protocol);
    const result = await compressWithModel({ provider, model: 'fake-compress-reorder', text: PROMPT, mode: 'extractive' });
    expect(result.subsequenceOk).toBe(false);
    expect(result.modelOutput).toBe(fakeReorderCompress(PROMPT));
    // "Thanks." (the original's last word) matches at the very end, so the next word cannot ("#" is not a word).
    expect(result.violation).toEqual({ wordIndex: 1, word: 'Role', offset: 'Thanks. # '.length });
    expect(result.repair?.strategy).toBe('longest-common-subsequence');
    expect(result.repair?.droppedWords).toEqual(['Thanks.']);
    expect(isSubsequence(wordsOf(PROMPT), wordsOf(result.compressed))).toBe(true);
    expect(result.compressed).toBe(fakeExtractiveCompress(PROMPT).replace(/\nThanks\.\n$/, '\n'));
  });

  it('rewrite: sends the rewrite prompt and does not apply the subsequence check', async () => {
    const provider = providerFor(server, protocol);
    const result = await compressWithModel({ provider, model: 'fake-compress-reorder', text: PROMPT, mode: 'rewrite' });
    expect(systemText(protocol)).toBe(REWRITE_SYSTEM_PROMPT);
    expect(result.subsequenceOk).toBeNull();
    expect(result.compressed).toBe(fakeReorderCompress(PROMPT) + '\n');
  });

  it('streams chunks and reports progress stages in order', async () => {
    server.setLatency({ chunkMs: 1 });
    const provider = providerFor(server, protocol);
    const chunks: string[] = [];
    const progress: CompressProgress[] = [];
    const result = await compressWithModel({
      provider, model: 'fake-compress', text: PROMPT, mode: 'extractive',
      onChunk: (c) => chunks.push(c), onProgress: (p) => progress.push(p),
    });
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.join('')).toBe(fakeExtractiveCompress(PROMPT));
    expect(result.compressed).toBe(fakeExtractiveCompress(PROMPT).trimEnd() + '\n');
    const stages = progress.map((p) => p.stage);
    expect(stages[0]).toBe('request');
    expect(stages.filter((s) => s === 'receive').length).toBe(chunks.length);
    expect(stages.slice(-2)).toEqual(['verify', 'done']);
    const fractions = progress.map((p) => p.fraction);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(server.requests[0].stream).toBe(true);
  });

  it('can be cancelled mid-stream', async () => {
    server.setLatency({ ttftMs: 5, chunkMs: 40 });
    const provider = providerFor(server, protocol);
    const controller = new AbortController();
    let chunks = 0;
    const error = await providerErrorFrom(
      compressWithModel({
        provider, model: 'fake-compress', text: PROMPT, mode: 'extractive', signal: controller.signal,
        onChunk: () => {
          chunks++;
          if (chunks === 2) controller.abort();
        },
      }),
    );
    expect(error.kind).toBe('cancelled');
    expect(chunks).toBeLessThan(5);
  });

  it('surfaces provider errors clearly without the API key', async () => {
    const wrongKey = 'sk-wrong-compress-key-abcdef123456';
    const provider = providerFor(server, protocol, wrongKey);
    const error = await providerErrorFrom(compressWithModel({ provider, model: 'fake-compress', text: PROMPT, mode: 'extractive' }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/key/i);
    expect(everyRendering(error)).not.toContain(wrongKey);
  });
});

describe('compressWithModel edge cases', () => {
  const provider = () => providerFor(server, 'openai');

  it('strips a preamble and code fence the model wrapped its output in', async () => {
    const result = await compressWithModel({ provider: provider(), model: 'fake-compress-fenced', text: PROMPT, mode: 'extractive' });
    expect(result.modelOutput).toBe(fakeExtractiveCompress(PROMPT).trim());
    expect(result.subsequenceOk).toBe(true);
  });

  it("fails clearly on reordering with onViolation: 'fail'", async () => {
    const error = await compressWithModel({ provider: provider(), model: 'fake-compress-reorder', text: PROMPT, mode: 'extractive', onViolation: 'fail' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCompressError);
    expect((error as LlmCompressError).kind).toBe('not-extractive');
    expect((error as LlmCompressError).message).toContain('at word 2 ("Role")');
    expect((error as LlmCompressError).usage?.outputTokens).toBeGreaterThan(0);
  });

  it('fails clearly when the reply hits the output limit', async () => {
    const error = await compressWithModel({ provider: provider(), model: 'fake-compress', text: PROMPT, mode: 'extractive', maxOutputTokens: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCompressError);
    expect((error as LlmCompressError).kind).toBe('truncated');
    expect((error as LlmCompressError).message).toContain('output limit of 10 tokens');
  });

  it('requires a model and some text, without calling the server', async () => {
    await expect(compressWithModel({ provider: provider(), model: ' ', text: PROMPT, mode: 'extractive' })).rejects.toThrow(/no default model/);
    await expect(compressWithModel({ provider: provider(), model: 'fake-compress', text: '  \n', mode: 'rewrite' })).rejects.toThrow(/empty/);
    expect(server.requests).toHaveLength(0);
  });

  it('reports protected spans the model dropped', async () => {
    const text = 'Call 555-0100 or visit https://example.com/a today.';
    const result = await compressWithModel({ provider: provider(), model: 'fake-compress-bad', text, mode: 'extractive', protectedSpans: protectedRangesOf(text) });
    expect(result.missingProtected).toEqual(expect.arrayContaining(['555-0100', 'https://example.com/a']));
    expect(lastUserText()).toContain('- "https://example.com/a"');
  });

  it('uses a different tag when the prompt contains the usual one', async () => {
    const text = 'Please keep <prompt_to_compress> literally.';
    const result = await compressWithModel({ provider: provider(), model: 'fake-compress', text, mode: 'extractive' });
    expect(lastUserText()).toContain('<prompt_to_compress_2>\n');
    expect(result.compressed).toBe('keep <prompt_to_compress> literally.');
  });

  it('is already cancelled when the signal was aborted before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await providerErrorFrom(compressWithModel({ provider: provider(), model: 'fake-compress', text: PROMPT, mode: 'rewrite', signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
  });
});
