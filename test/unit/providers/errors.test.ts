import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOpenAIParams,
  createProvider,
  isOpenAIReasoningModel,
  parseRetryAfterMs,
  ProviderError,
  redactSecrets,
} from '../../../src/core/providers';
import { startFakeProvider, type FakeProvider } from '../../fake-provider/server';
import { providerErrorFrom } from './helpers';

describe('redactSecrets', () => {
  it('removes every occurrence of each secret, longest first', () => {
    expect(redactSecrets('key abc123secret and abc123secret again', ['abc123secret'])).toBe('key [redacted] and [redacted] again');
    expect(redactSecrets('tok-long-1234 tok-long', ['tok-long', 'tok-long-1234'])).toBe('[redacted] [redacted]');
  });

  it('ignores empty secrets and also scrubs key-shaped strings and bearer tokens', () => {
    expect(redactSecrets('nothing here', ['', undefined, null])).toBe('nothing here');
    expect(redactSecrets('got sk-proj-AbCdEf0123456789xyz from env', [])).toBe('got [redacted] from env');
    expect(redactSecrets('header Authorization: Bearer opaque.token.value', [])).toBe('header Authorization: Bearer [redacted]');
  });
});

describe('parseRetryAfterMs', () => {
  it('prefers retry-after-ms, then retry-after seconds or date', () => {
    expect(parseRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfterMs(new Headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});

describe('OpenAI parameters', () => {
  it('recognises reasoning models', () => {
    for (const model of ['o1', 'o1-mini', 'o3', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'openai/o3-mini']) {
      expect(isOpenAIReasoningModel(model), model).toBe(true);
    }
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'llama3.2', 'omni-moderation', 'gpt-50']) {
      expect(isOpenAIReasoningModel(model), model).toBe(false);
    }
  });

  it('maps the token limit and temperature', () => {
    const messages = [{ role: 'user' as const, content: 'hi' }];
    expect(buildOpenAIParams({ model: 'gpt-4o', messages, maxOutputTokens: 10, temperature: 0.5 })).toEqual({
      params: { model: 'gpt-4o', messages, max_tokens: 10, temperature: 0.5 },
      ignoredParameters: [],
    });
    expect(buildOpenAIParams({ model: 'o3', messages, maxOutputTokens: 10, temperature: 1 })).toEqual({
      params: { model: 'o3', messages, max_completion_tokens: 10, temperature: 1 },
      ignoredParameters: [],
    });
  });
});

describe('ProviderError', () => {
  it('knows which kinds are worth retrying', () => {
    const make = (kind: ProviderError['kind']) => new ProviderError({ kind, message: 'x', provider: 'p' });
    expect(make('rate-limit').retryable).toBe(true);
    expect(make('network').retryable).toBe(true);
    expect(make('auth').retryable).toBe(false);
    expect(make('cancelled').retryable).toBe(false);
    expect(make('bad-request').name).toBe('ProviderError');
  });
});

describe('HTTP 4xx responses', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await startFakeProvider();
  });
  afterAll(async () => {
    await server.close();
  });

  it('a wrong base URL (404) is a bad request with a hint', async () => {
    const provider = createProvider({ kind: 'openai-compatible', name: 'ollama', baseURL: `${server.url}/api`, maxRetries: 0 });
    const error = await providerErrorFrom(provider.complete({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(404);
    expect(error.message).toContain('Check the model name and the base URL.');
  });

  it('an invalid request (400) keeps the server explanation', async () => {
    const provider = createProvider({ kind: 'anthropic', name: 'anthropic', baseURL: server.anthropicBaseURL, apiKey: 'k', maxRetries: 0 });
    const error = await providerErrorFrom(provider.complete({ model: 'fake-claude', messages: [] }));
    expect(error.kind).toBe('bad-request');
    expect(error.status).toBe(400);
    expect(error.message).toContain('messages: at least one message is required');
  });
});
