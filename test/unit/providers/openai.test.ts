import { beforeAll, describe, expect, it } from 'vitest';
import { createProvider, type ChatMessage, type OpenAIChatProvider } from '../../../src/core/providers';
import { fakeInputTokens, fakeReply, startFakeProvider } from '../../fake-provider/server';
import { providerErrorFrom, useFakeProvider } from './helpers';

const API_KEY = 'sk-test-openai-key-0123456789';
const server = useFakeProvider({ apiKey: API_KEY });
let provider: OpenAIChatProvider;

const conversation: ChatMessage[] = [
  { role: 'system', content: 'You are terse.' },
  { role: 'user', content: 'Name three primary colours.' },
];

beforeAll(() => {
  provider = createProvider({ kind: 'openai', name: 'openai', baseURL: server.openaiBaseURL, apiKey: API_KEY, maxRetries: 0 });
});

describe('OpenAI provider against the fake server', () => {
  it('completes without streaming and reports usage', async () => {
    const result = await provider.complete({ model: 'fake-gpt', messages: conversation });
    expect(result.text).toBe(fakeReply('fake-gpt', conversation));
    expect(result.usage.inputTokens).toBe(fakeInputTokens('You are terse.', conversation.slice(1)));
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.usageReported).toBe(true);
    expect(result.stopReason).toBe('stop');
    expect(result.model).toBe('fake-gpt');
    expect(result.ttftMs).toBeUndefined();
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    const [request] = server.requestsTo('/v1/chat/completions');
    expect(request.stream).toBe(false);
    expect(request.body).toMatchObject({ model: 'fake-gpt', messages: conversation });
  });

  it('streams chunks in order and takes usage from the final chunk', async () => {
    server.setLatency({ ttftMs: 20, chunkMs: 1 });
    const chunks: string[] = [];
    const result = await provider.complete({ model: 'fake-gpt', messages: conversation, onChunk: (t) => chunks.push(t) });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join('')).toBe(result.text);
    expect(result.text).toBe(fakeReply('fake-gpt', conversation));
    expect(result.usage).toEqual({ inputTokens: fakeInputTokens('You are terse.', conversation.slice(1)), outputTokens: expect.any(Number) as unknown });
    expect(result.usageReported).toBe(true);
    expect(result.stopReason).toBe('stop');
    expect(result.ttftMs).toBeGreaterThan(0);
    expect(result.ttftMs).toBeLessThanOrEqual(result.latencyMs);
    expect(server.requestsTo('/v1/chat/completions')[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('honours a per-model latency override (time to first token is a lower bound)', async () => {
    server.setLatency({ ttftMs: 40 }, 'fake-slow');
    const result = await provider.complete({ model: 'fake-slow', messages: conversation, onChunk: () => {} });
    expect(result.ttftMs).toBeGreaterThanOrEqual(30);
  });

  it('gives different, deterministic answers per model', async () => {
    const ask = (model: string) => provider.complete({ model, messages: [{ role: 'user', content: 'Is the sky blue?' }] }).then((r) => r.text);
    const [a1, a2, b, echo, upper] = await Promise.all([ask('fake-gpt'), ask('fake-gpt'), ask('fake-gpt-mini'), ask('fake-echo'), ask('fake-upper')]);
    expect(a1).toBe(a2);
    expect(a1).not.toBe(b);
    expect(echo).toBe('Is the sky blue?');
    expect(upper).toBe('IS THE SKY BLUE?');
  });

  it('sends max_tokens to chat models and reports a length stop', async () => {
    const result = await provider.complete({ model: 'gpt-4o', messages: conversation, maxOutputTokens: 3, temperature: 0.2 });
    expect(result.stopReason).toBe('length');
    expect(result.usage.outputTokens).toBeLessThanOrEqual(3);
    expect(server.requests[0].body).toMatchObject({ max_tokens: 3, temperature: 0.2 });
    expect(result.ignoredParameters).toBeUndefined();
  });

  it('uses max_completion_tokens and drops temperature for reasoning models', async () => {
    for (const model of ['o3-mini', 'o1', 'o4-mini', 'gpt-5', 'gpt-5-mini']) {
      const result = await provider.complete({ model, messages: conversation, maxOutputTokens: 50, temperature: 0.2 });
      expect(result.ignoredParameters).toEqual(['temperature']);
    }
    for (const request of server.requests) {
      expect(request.body).toMatchObject({ max_completion_tokens: 50 });
      expect(request.body).not.toHaveProperty('max_tokens');
      expect(request.body).not.toHaveProperty('temperature');
    }
  });

  it('lists the endpoint models', async () => {
    expect(await provider.listModels()).toEqual(expect.arrayContaining(['fake-gpt', 'fake-echo']));
  });

  it('cancels a stream mid-way through the AbortSignal', async () => {
    server.setLatency({ ttftMs: 0, chunkMs: 200 });
    const controller = new AbortController();
    const chunks: string[] = [];
    const pending = provider.complete({
      model: 'fake-gpt',
      messages: conversation,
      signal: controller.signal,
      onChunk: (t) => {
        chunks.push(t);
        controller.abort();
      },
    });
    const error = await providerErrorFrom(pending);
    expect(error.kind).toBe('cancelled');
    expect(chunks.length).toBeGreaterThanOrEqual(1);
  });

  it('cancels a request that is waiting for headers', async () => {
    server.setFault({ kind: 'hang' });
    const controller = new AbortController();
    const pending = provider.complete({ model: 'fake-gpt', messages: conversation, signal: controller.signal });
    await waitUntil(() => server.requests.length === 1);
    controller.abort();
    expect((await providerErrorFrom(pending)).kind).toBe('cancelled');
  });

  it('rejects at once when the signal is already aborted, without a request', async () => {
    const error = await providerErrorFrom(provider.complete({ model: 'fake-gpt', messages: conversation, signal: AbortSignal.abort() }));
    expect(error.kind).toBe('cancelled');
    expect(server.requests).toHaveLength(0);
  });

  it('rethrows an exception from onChunk unchanged', async () => {
    const boom = new Error('ui went away');
    const pending = provider.complete({ model: 'fake-gpt', messages: conversation, onChunk: () => { throw boom; } });
    await expect(pending).rejects.toBe(boom);
  });
});

describe('OpenAI-compatible endpoints', () => {
  it('never sends OPENAI_API_KEY from the environment to a third-party server', async () => {
    const previous = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = API_KEY;
    try {
      const local = createProvider({ kind: 'openai-compatible', name: 'ollama', baseURL: server.openaiBaseURL, maxRetries: 0 });
      const error = await providerErrorFrom(local.complete({ model: 'llama3.2', messages: conversation }));
      expect(error.kind).toBe('auth');
      expect(error.message).toContain('"ollama"');
    } finally {
      if (previous === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous;
    }
  });

  it('works without a key against a server that needs none', async () => {
    const open = await startFakeProvider();
    try {
      const local = createProvider({ kind: 'openai-compatible', name: 'lmstudio', baseURL: open.openaiBaseURL });
      const result = await local.complete({ model: 'fake-echo', messages: [{ role: 'user', content: 'ping' }] });
      expect(result.text).toBe('ping');
    } finally {
      await open.close();
    }
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
