import { beforeAll, describe, expect, it } from 'vitest';
import {
  createProvider,
  DEFAULT_MAX_OUTPUT_TOKENS,
  toAnthropicConversation,
  type AnthropicChatProvider,
  type ChatMessage,
} from '../../../src/core/providers';
import { fakeInputTokens, fakeReply } from '../../fake-provider/server';
import { providerErrorFrom, useFakeProvider } from './helpers';

const API_KEY = 'sk-ant-test-key-0123456789abcdef';
const server = useFakeProvider({ apiKey: API_KEY });
let provider: AnthropicChatProvider;

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Name three primary colours.' },
  { role: 'assistant', content: 'Red, yellow, blue.' },
  { role: 'user', content: 'And secondary ones?' },
];
const wireMessages = conversation.slice(1);

beforeAll(() => {
  provider = createProvider({ kind: 'anthropic', name: 'anthropic', baseURL: server.anthropicBaseURL, apiKey: API_KEY, maxRetries: 0 });
});

describe('Anthropic provider against the fake server', () => {
  it('moves system messages to the top-level system field', () => {
    expect(toAnthropicConversation([{ role: 'system', content: 'A' }, { role: 'user', content: 'q' }, { role: 'system', content: 'B' }])).toEqual({
      system: 'A\n\nB',
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(toAnthropicConversation([{ role: 'user', content: 'q' }])).toEqual({ messages: [{ role: 'user', content: 'q' }] });
  });

  it('completes without streaming, sending system top-level and a default max_tokens', async () => {
    const result = await provider.complete({ model: 'fake-claude', messages: conversation });
    expect(result.text).toBe(fakeReply('fake-claude', wireMessages));
    expect(result.usage.inputTokens).toBe(fakeInputTokens('You are terse.', wireMessages));
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.stopReason).toBe('end_turn');
    expect(result.model).toBe('fake-claude');
    const [request] = server.requestsTo('/v1/messages');
    expect(request.body).toEqual({ model: 'fake-claude', max_tokens: DEFAULT_MAX_OUTPUT_TOKENS, system: 'You are terse.', messages: wireMessages });
    expect(request.headers['anthropic-version']).toBeDefined();
  });

  it('streams text deltas and takes usage from message_start and message_delta', async () => {
    server.setLatency({ ttftMs: 20, chunkMs: 1 });
    const chunks: string[] = [];
    const result = await provider.complete({ model: 'fake-claude', messages: conversation, onChunk: (t) => chunks.push(t) });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(result.text);
    expect(result.text).toBe(fakeReply('fake-claude', wireMessages));
    expect(result.usage.inputTokens).toBe(fakeInputTokens('You are terse.', wireMessages));
    expect(result.usage.outputTokens).toBeGreaterThan(1);
    expect(result.stopReason).toBe('end_turn');
    expect(result.ttftMs).toBeGreaterThan(0);
    expect(result.ttftMs).toBeLessThanOrEqual(result.latencyMs);
  });

  it('reports max_tokens as the stop reason when the limit is hit', async () => {
    const result = await provider.complete({ model: 'fake-claude', messages: conversation, maxOutputTokens: 4, onChunk: () => {} });
    expect(result.stopReason).toBe('max_tokens');
    expect(result.usage.outputTokens).toBeLessThanOrEqual(4);
    expect(server.requests[0].body).toMatchObject({ max_tokens: 4 });
  });

  it('leaves temperature out (API 2026-10-21 rejects it) and says so', async () => {
    const result = await provider.complete({ model: 'fake-claude', messages: conversation, temperature: 0 });
    expect(result.ignoredParameters).toEqual(['temperature']);
    expect(server.requests[0].body).not.toHaveProperty('temperature');
  });

  it('follows the reply rules per model', async () => {
    const ask = (model: string) => provider.complete({ model, messages: conversation }).then((r) => r.text);
    expect(await ask('fake-echo')).toBe('And secondary ones?');
    expect(await ask('claude-upper')).toBe('AND SECONDARY ONES?');
    expect(await ask('fake-claude')).not.toBe(await ask('fake-claude-2'));
  });

  it('counts tokens on the server, once per call, unlike an offline estimate', async () => {
    const counted = await provider.countTokens('fake-claude', conversation);
    expect(counted).toBe(fakeInputTokens('You are terse.', wireMessages));
    const offlineEstimate = Math.ceil(conversation.map((m) => m.content).join('').length / 4);
    expect(counted).not.toBe(offlineEstimate);
    const calls = server.requestsTo('/v1/messages/count_tokens');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ model: 'fake-claude', system: 'You are terse.', messages: wireMessages });
  });

  it('maps count_tokens failures to ProviderError', async () => {
    server.setFault({ kind: '529', path: '/v1/messages/count_tokens' });
    const error = await providerErrorFrom(provider.countTokens('fake-claude', conversation));
    expect(error.kind).toBe('overloaded');
    expect(error.status).toBe(529);
  });

  it('cancels a stream mid-way through the AbortSignal', async () => {
    server.setLatency({ ttftMs: 0, chunkMs: 200 });
    const controller = new AbortController();
    const pending = provider.complete({ model: 'fake-claude', messages: conversation, signal: controller.signal, onChunk: () => controller.abort() });
    expect((await providerErrorFrom(pending)).kind).toBe('cancelled');
  });

  it('lists models', async () => {
    expect(await provider.listModels()).toEqual(expect.arrayContaining(['fake-claude']));
  });

  it('an OpenAI provider cannot count tokens', () => {
    expect('countTokens' in createProvider({ kind: 'openai', name: 'openai', apiKey: 'x' })).toBe(false);
  });
});
