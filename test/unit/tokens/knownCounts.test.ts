import { describe, expect, it } from 'vitest';
import * as gptTokenizerCl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as gptTokenizerO200k from 'gpt-tokenizer/encoding/o200k_base';
import { TokenService } from '../../../src/core/tokens/tokenService';
import { seededRandom } from '../../support/seededRandom';
import { randomProse } from './randomText';

const KNOWN_COUNTS: [text: string, o200k: number, cl100k: number][] = [
  ['hello world', 2, 2],
  ['Hello, world!', 4, 4],
  // The OpenAI cookbook's example: 6 tokens on cl100k_base.
  ['tiktoken is great!', 6, 6],
  ['antidisestablishmentarianism', 6, 6],
  ['You are a helpful assistant.', 6, 6],
  ['日本語のテキスト', 6, 8],
  ['    indented code\n\tx = 1', 9, 9],
  ['', 0, 0],
];

const service = new TokenService();
const noSpecial = { disallowedSpecial: new Set<string>() };

describe('known token counts', () => {
  it.each(KNOWN_COUNTS)('%j: %i on o200k_base, %i on cl100k_base', (text, o200k, cl100k) => {
    expect(service.countText(text, 'openai/gpt-4o')).toEqual({ tokens: o200k, exact: true, method: 'tiktoken:o200k_base' });
    expect(service.countText(text, 'openai/gpt-4').tokens).toBe(cl100k);
    expect(gptTokenizerO200k.countTokens(text)).toBe(o200k);
    expect(gptTokenizerCl100k.countTokens(text)).toBe(cl100k);
  });

  it('agree with gpt-tokenizer on realistic multi-line prompts', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 30; i++) {
      const text = [
        `# Role ${i}`,
        randomProse(random, 80),
        '',
        `- ${randomProse(random, 12)}`,
        `- Don't ${randomProse(random, 9)}; see https://example.com/docs/${i}/policy.`,
        '```json',
        `{ "order_id": ${1000 + i}, "status": "shipped", "items": [1, 2, 3] }`,
        '```',
        `{{customer_name}} wrote: "${randomProse(random, 20)}" <|endoftext|>`,
      ].join('\n');
      expect(service.countText(text, 'openai/gpt-4o').tokens).toBe(gptTokenizerO200k.countTokens(text, noSpecial));
      expect(service.countText(text, 'openai/gpt-4').tokens).toBe(gptTokenizerCl100k.countTokens(text, noSpecial));
    }
  });

  it('count chat framing as the OpenAI cookbook does (and as gpt-tokenizer encodes chats)', () => {
    const messages = [
      { role: 'system', text: 'You are a helpful assistant.' },
      { role: 'user', text: 'hello world' },
    ];
    const count = service.countMessages(messages, 'openai/gpt-4o');
    expect(count).toEqual({ total: 19, exact: true, method: 'tiktoken:o200k_base', perMessage: [6, 2], overhead: 11 });
    const chat = messages.map((m) => ({ role: m.role as 'system' | 'user', content: m.text }));
    expect(count.total).toBe(gptTokenizerO200k.encodeChat(chat, 'gpt-4o').length);
    expect(service.countMessages(messages, 'openai/gpt-4').total).toBe(gptTokenizerCl100k.encodeChat(chat, 'gpt-4').length);
  });
});
