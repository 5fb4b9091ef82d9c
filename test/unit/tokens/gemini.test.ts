import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogModelId, parseModelId } from '../../../src/core/modelId';
import { PriceCatalog } from '../../../src/core/pricing';
import { createGeminiTokenCounter, geminiCountTokensBody } from '../../../src/core/tokens/geminiCountTokens';
import { planTokenizer, TokenService } from '../../../src/core/tokens';
import { fakeInputTokens, startFakeProvider, type FakeProvider } from '../../fake-provider/server';

const KEY = 'gemini-test-key-123';
let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider({ apiKey: KEY });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const messages = [
  { role: 'system', text: 'You are terse.' },
  { role: 'user', text: 'Summarise: the cat sat on the mat.' },
  { role: 'model', text: 'Cat, mat.' },
];
const expected = fakeInputTokens('You are terse.', [
  { role: 'user', content: 'Summarise: the cat sat on the mat.' },
  { role: 'assistant', content: 'Cat, mat.' },
]);

describe('Genkit model ids', () => {
  it('googleai/, vertexai/ and bare gemini ids are priced and sized from the catalog entry google/…', () => {
    const catalog = new PriceCatalog();
    const google = catalog.lookupModel('google/gemini-2.5-flash');
    expect(google?.contextWindow).toBeGreaterThan(100_000);
    for (const id of ['googleai/gemini-2.5-flash', 'vertexai/gemini-2.5-flash', 'gemini-2.5-flash']) {
      const info = catalog.lookupModel(id);
      expect(info, id).toBeDefined();
      expect(info?.matchedId).toBe(google?.matchedId);
      expect(info?.inputPerMTok).toBe(google?.inputPerMTok);
      expect(info?.contextWindow).toBe(google?.contextWindow);
      expect(info?.tokenizer).toBe('≈ Gemini estimate (o200k_base); exact via countTokens');
    }
    expect(catalogModelId(parseModelId('vertexai/gemini-2.5-pro')!)).toBe('google/gemini-2.5-pro');
    expect(catalogModelId(parseModelId('openai/gpt-4o')!)).toBe('openai/gpt-4o');
  });

  it('the catalog names the providers it knows a bare model under', () => {
    const catalog = new PriceCatalog();
    expect(catalog.idsForModelName('gemini-2.5-flash')).toContain('google/gemini-2.5-flash');
    expect(catalog.idsForModelName('gemini-2.5-flash').some((id) => id.startsWith('openai/'))).toBe(false);
    expect(catalog.idsForModelName('no-such-model-xyz')).toEqual([]);
  });

  it('Gemini models are counted ≈ with countTokens as their exact API', () => {
    for (const id of ['googleai/gemini-2.5-flash', 'vertexai/gemini-2.5-pro', 'gemini-2.5-flash', 'google/gemini-2.5-pro']) {
      const plan = planTokenizer(id);
      expect(plan, id).toMatchObject({ exact: false, method: 'estimate', exactApi: 'gemini' });
    }
    expect(planTokenizer('openai/gpt-4o').exactApi).toBeUndefined();
  });
});

describe('Gemini countTokens', () => {
  it('sends system messages as systemInstruction and the assistant as role model', () => {
    expect(geminiCountTokensBody('gemini-2.5-flash', messages)).toEqual({
      generateContentRequest: {
        model: 'models/gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ text: 'Summarise: the cat sat on the mat.' }] }, { role: 'model', parts: [{ text: 'Cat, mat.' }] }],
        systemInstruction: { parts: [{ text: 'You are terse.' }] },
      },
    });
    expect(geminiCountTokensBody('m', [{ role: 'system', text: 'Only system.' }])).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Only system.' }] }] });
  });

  it('counts exactly through the REST API, with the key in a header, cached by content', async () => {
    const tokens = new TokenService({ geminiCounter: createGeminiTokenCounter({ apiKey: KEY, baseURL: fake.url }) });
    const first = await tokens.countMessagesExact(messages, 'googleai/gemini-2.5-flash');
    expect(first).toMatchObject({ total: expected, exact: true, method: 'gemini:countTokens' });
    const again = await tokens.countMessagesExact(messages, 'googleai/gemini-2.5-flash');
    expect(again.total).toBe(expected);
    const sent = fake.requestsTo('/v1beta/models/gemini-2.5-flash:countTokens');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.headers['x-goog-api-key']).toBe('[redacted]');
    expect(JSON.stringify(sent[0]?.query)).not.toContain(KEY);
    const changed = await tokens.countMessagesExact([{ role: 'user', text: 'Different text.' }], 'googleai/gemini-2.5-flash');
    expect(changed.total).not.toBe(expected);
    expect(fake.requestsTo('/v1beta/models/gemini-2.5-flash:countTokens')).toHaveLength(2);
  });

  it('falls back to the estimate with a note on a wrong key (never echoing it), a rate limit, or no counter', async () => {
    const wrongKey = 'wrong-key-456';
    const wrong = new TokenService({ geminiCounter: createGeminiTokenCounter({ apiKey: wrongKey, baseURL: fake.url }) });
    const auth = await wrong.countMessagesExact(messages, 'gemini-2.5-flash');
    expect(auth).toMatchObject({ exact: false, method: 'estimate' });
    expect(auth.note).toBe('Gemini countTokens rejected the API key; showing the offline estimate (≈).');
    expect(auth.note).not.toContain(wrongKey);

    fake.setFault({ kind: '429', times: 1 });
    const limited = new TokenService({ geminiCounter: createGeminiTokenCounter({ apiKey: KEY, baseURL: fake.url }) });
    expect((await limited.countMessagesExact(messages, 'gemini-2.5-flash')).note).toMatch(/^Gemini countTokens is rate-limited/);
    // Failures are not cached: the next call asks again and gets the exact count.
    expect((await limited.countMessagesExact(messages, 'gemini-2.5-flash')).total).toBe(expected);

    const none = await new TokenService().countMessagesExact(messages, 'gemini-2.5-flash');
    expect(none.note).toBe('no Gemini API access configured; showing the offline estimate (≈)');
  });
});
