import { describe, expect, it, vi } from 'vitest';
import { ANTHROPIC_TOKENS_PER_O200K_TOKEN } from '../../../src/core/tokens/anthropicEstimate';
import type { EncodingName } from '../../../src/core/tokens/encodings';
import { countWithTiktoken } from '../../../src/core/tokens/tiktokenEncoders';
import { TokenService } from '../../../src/core/tokens/tokenService';
import type { ChatMessageText } from '../../../src/core/tokens/types';
import { seededRandom } from '../../support/seededRandom';
import { randomProse } from './randomText';

function countingService(): { service: TokenService; encodedChunks: string[] } {
  const encodedChunks: string[] = [];
  const service = new TokenService({
    encodeCount: (encoding: EncodingName, text: string) => {
      encodedChunks.push(text);
      return countWithTiktoken(encoding, text);
    },
  });
  return { service, encodedChunks };
}

function promptWithParagraphs(paragraphs: number): string {
  const random = seededRandom(1);
  return Array.from({ length: paragraphs }, (_, i) => `Paragraph ${i}: ${randomProse(random, 40)}.`).join('\n\n');
}

const messages: ChatMessageText[] = [
  { role: 'system', text: 'You are a support agent for Acme. Answer briefly.' },
  { role: 'user', text: 'Where is my order #1234?' },
];

describe('incremental counting', () => {
  it('re-encodes only the edited chunk after a one-character edit', () => {
    const { service, encodedChunks } = countingService();
    const text = promptWithParagraphs(30);
    service.countText(text, 'openai/gpt-4o');
    const coldEncodes = encodedChunks.length;
    expect(coldEncodes).toBeGreaterThanOrEqual(30);

    const at = text.indexOf('Paragraph 17: ') + 'Paragraph 17: '.length + 3;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const count = service.countText(edited, 'openai/gpt-4o');

    expect(encodedChunks.length - coldEncodes).toBe(1);
    expect(encodedChunks.at(-1)).toContain('Paragraph 17: ');
    expect(count.tokens).toBe(countWithTiktoken('o200k_base', edited));
    expect(service.stats('o200k_base').cacheHits).toBeGreaterThanOrEqual(29);
  });

  it('re-encodes nothing when the same text is counted again', () => {
    const { service, encodedChunks } = countingService();
    const text = promptWithParagraphs(10);
    service.countText(text, 'openai/gpt-4o');
    const before = encodedChunks.length;
    service.countText(text, 'openai/gpt-4.1');
    expect(encodedChunks.length).toBe(before);
  });

  it('keeps separate caches per encoding', () => {
    const { service } = countingService();
    const text = 'Über 日本語 text with emoji 👍 and code `x => x * 2`.';
    expect(service.countText(text, 'openai/gpt-4o').tokens).toBe(countWithTiktoken('o200k_base', text));
    expect(service.countText(text, 'openai/gpt-4').tokens).toBe(countWithTiktoken('cl100k_base', text));
  });
});

describe('Anthropic', () => {
  it('offline counts are estimates, flagged as such', () => {
    const service = new TokenService();
    const text = 'You are a support agent for Acme. Answer briefly.';
    const count = service.countText(text, 'anthropic/claude-sonnet-4-5');
    expect(count.exact).toBe(false);
    expect(count.method).toBe('estimate');
    expect(count.note).toMatch(/estimate/);
    expect(count.tokens).toBe(Math.ceil(countWithTiktoken('o200k_base', text) * ANTHROPIC_TOKENS_PER_O200K_TOKEN));
    const chat = service.countMessages(messages, 'anthropic/claude-sonnet-4-5');
    expect(chat.exact).toBe(false);
    expect(chat.overhead).toBe(2 * 3 + 3);
  });

  it('exact counts come from the injected counter, once per distinct content', async () => {
    const counter = vi.fn(async () => 42);
    const service = new TokenService({ anthropicCounter: counter });
    const first = await service.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5');
    const second = await service.countMessagesExact(messages.map((m) => ({ ...m })), 'anthropic/claude-sonnet-4-5');
    expect(first).toMatchObject({ total: 42, exact: true, method: 'anthropic:count_tokens' });
    expect(second.total).toBe(42);
    expect(counter).toHaveBeenCalledTimes(1);
    expect(counter).toHaveBeenCalledWith('claude-sonnet-4-5', messages);

    await service.countMessagesExact(messages, 'anthropic/claude-haiku-4-5');
    await service.countMessagesExact([...messages, { role: 'assistant', text: 'Let me check.' }], 'anthropic/claude-sonnet-4-5');
    expect(counter).toHaveBeenCalledTimes(3);
  });

  it('shares one request between concurrent callers', async () => {
    const counter = vi.fn(async () => 7);
    const service = new TokenService({ anthropicCounter: counter });
    const results = await Promise.all([
      service.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5'),
      service.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5'),
    ]);
    expect(results.map((r) => r.total)).toEqual([7, 7]);
    expect(counter).toHaveBeenCalledTimes(1);
  });

  it('falls back to the estimate when rate-limited, says so, and retries next time', async () => {
    const counter = vi.fn()
      .mockRejectedValueOnce(Object.assign(new Error('429 Too Many Requests'), { kind: 'rate-limit' }))
      .mockResolvedValueOnce(40);
    const service = new TokenService({ anthropicCounter: counter });
    const fallback = await service.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5');
    expect(fallback.exact).toBe(false);
    expect(fallback.method).toBe('estimate');
    expect(fallback.total).toBe(service.countMessages(messages, 'anthropic/claude-sonnet-4-5').total);
    expect(fallback.note).toMatch(/rate-limited/);
    const retried = await service.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5');
    expect(retried).toMatchObject({ total: 40, exact: true });
  });

  it('explains other failures and a missing counter', async () => {
    const failing = new TokenService({ anthropicCounter: async () => { throw new Error('socket hang up'); } });
    expect((await failing.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5')).note).toMatch(/socket hang up/);
    const offline = new TokenService();
    const result = await offline.countMessagesExact(messages, 'anthropic/claude-sonnet-4-5');
    expect(result.exact).toBe(false);
    expect(result.note).toMatch(/no Anthropic API access/);
  });

  it('leaves non-Anthropic models to the offline count', async () => {
    const counter = vi.fn(async () => 1);
    const service = new TokenService({ anthropicCounter: counter });
    const result = await service.countMessagesExact(messages, 'openai/gpt-4o');
    expect(result.method).toBe('tiktoken:o200k_base');
    expect(counter).not.toHaveBeenCalled();
  });
});

describe('OpenAI-compatible endpoints', () => {
  it('are approximate unless the encoding is marked exact', () => {
    const service = new TokenService({ endpoints: { ollama: { tokenizer: 'cl100k_base' } } });
    expect(service.countText('hello world', 'ollama/llama3.2')).toMatchObject({ tokens: 2, exact: false, method: 'tiktoken:cl100k_base' });
    service.configure({ endpoints: { ollama: { tokenizer: 'cl100k_base', exactEncoding: true } } });
    expect(service.countText('hello world', 'ollama/llama3.2')).toEqual({ tokens: 2, exact: true, method: 'tiktoken:cl100k_base' });
  });
});
