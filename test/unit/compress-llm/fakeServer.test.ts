import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSubsequence, wordsOf } from '../../../src/core/compress/preservation';
import {
  fakeBadCompress,
  fakeExtractiveCompress,
  fakeJudgeVerdicts,
  fakeReorderCompress,
  fakeReply,
  startFakeProvider,
  taggedBlock,
  type FakeProvider,
} from '../../fake-provider/server';
import { PROMPT } from './fixtures';

let server: FakeProvider;
beforeAll(async () => {
  server = await startFakeProvider();
});
afterAll(async () => {
  await server.close();
});

const wrapped = (text: string) => `Compress this.\n\n<prompt_to_compress>\n${text}\n</prompt_to_compress>`;

describe('fake compressor and judge models', () => {
  it('"compress" deletes only filler words, outside {{…}}, so the result is a subsequence', () => {
    const out = fakeExtractiveCompress(PROMPT);
    expect(out).not.toMatch(/\b(?:please|very|really|just)\b/i);
    expect(out).toContain('{{#if premium}}');
    expect(out).toContain('{{user.name}}');
    expect(out).toContain('"TCK-1234"');
    expect(isSubsequence(wordsOf(PROMPT), wordsOf(out))).toBe(true);
    expect(fakeExtractiveCompress('Say {{ just }} please.')).toBe('Say {{ just }}.');
  });

  it('reads the prompt between the tags, or the whole message without them', () => {
    expect(fakeReply('fake-compress', [{ role: 'user', content: wrapped('Please be very brief.') }])).toBe('be brief.');
    expect(fakeReply('fake-compress', [{ role: 'user', content: 'Please be very brief.' }])).toBe('be brief.');
    expect(fakeReply('fake-compress', [{ role: 'user', content: `x\n<prompt_to_compress_2>\nJust go.\n</prompt_to_compress_2>` }])).toBe('go.');
    expect(taggedBlock('<a_3>\nhi\n</a_3>', 'a')).toBe('hi');
  });

  it('"compress-bad" also drops a never-sentence, a URL and a number but stays a subsequence', () => {
    const out = fakeBadCompress(PROMPT);
    expect(out).not.toMatch(/never/i);
    expect(out).not.toContain('https://acme.example/help');
    expect(out).not.toMatch(/\b3 sentences/);
    expect(isSubsequence(wordsOf(PROMPT), wordsOf(out))).toBe(true);
  });

  it('"compress-reorder" moves the last word to the front, which breaks the subsequence', () => {
    const out = fakeReorderCompress(PROMPT);
    expect(out.startsWith('Thanks. # Role')).toBe(true);
    expect(isSubsequence(wordsOf(PROMPT), wordsOf(out))).toBe(false);
  });

  it('"fenced" variants wrap the output', () => {
    const reply = fakeReply('fake-compress-fenced', [{ role: 'user', content: wrapped('Please go.') }]);
    expect(reply).toBe('Here is the compressed prompt:\n\n```text\ngo.\n```');
  });

  it('"judge" derives verdicts mechanically; "judge-garbage" answers prose', () => {
    const constraints = [
      { id: 1, text: 'Never share notes.' },
      { id: 2, text: 'Answer in at most 3 sentences.' },
      { id: 3, text: 'You must cite sources.' },
    ];
    expect(fakeJudgeVerdicts('Share notes. Answer in at most 3 sentences. You must cite sources.', constraints).map((v) => v.status))
      .toEqual(['weakened', 'kept', 'kept']);
    expect(fakeJudgeVerdicts('Answer briefly.', constraints).map((v) => v.status)).toEqual(['missing', 'missing', 'missing']);
    const content = `<original_prompt>\nx\n</original_prompt>\n\n<compressed_prompt>\nNever share notes.\n</compressed_prompt>\n\n<constraints>\n${JSON.stringify(constraints)}\n</constraints>`;
    const reply = JSON.parse(fakeReply('fake-judge', [{ role: 'user', content }])) as { verdicts: { id: number; status: string }[] };
    expect(reply.verdicts.map((v) => v.status)).toEqual(['kept', 'missing', 'missing']);
    expect(() => JSON.parse(fakeReply('fake-judge-garbage', [{ role: 'user', content }]))).toThrow();
    expect(fakeReply('fake-judge-fenced', [{ role: 'user', content }])).toContain('```json\n{"verdicts"');
  });

  it('serves the compressor over HTTP with consistent usage', async () => {
    const response = await fetch(`${server.openaiBaseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake-compress', messages: [{ role: 'user', content: wrapped('Please be very brief.') }] }),
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[]; usage: { completion_tokens: number } };
    expect(body.choices[0].message.content).toBe('be brief.');
    expect(body.usage.completion_tokens).toBe(3);
  });
});
