import { describe, expect, it } from 'vitest';
import { createProvider, type ChatProvider, type ProviderErrorKind } from '../../../src/core/providers';
import { startFakeProvider, type FaultKind } from '../../fake-provider/server';
import { everyRendering, providerErrorFrom, useFakeProvider } from './helpers';

const API_KEY = 'sk-proj-secret-fault-key-9f8e7d6c5b4a';
const server = useFakeProvider({ apiKey: API_KEY });

const protocols = ['openai', 'anthropic'] as const;

function providerFor(protocol: (typeof protocols)[number], options: { maxRetries?: number; timeoutMs?: number; apiKey?: string } = {}): ChatProvider {
  const apiKey = options.apiKey ?? API_KEY;
  const common = { name: protocol, apiKey, maxRetries: options.maxRetries ?? 0, timeoutMs: options.timeoutMs };
  return protocol === 'openai'
    ? createProvider({ ...common, kind: 'openai', baseURL: server.openaiBaseURL })
    : createProvider({ ...common, kind: 'anthropic', baseURL: server.anthropicBaseURL });
}

const messages = [{ role: 'user' as const, content: 'Tell me a story about a lighthouse keeper.' }];

const faultKinds: { fault: FaultKind; kind: ProviderErrorKind; status?: number }[] = [
  { fault: '401', kind: 'auth', status: 401 },
  { fault: '429', kind: 'rate-limit', status: 429 },
  { fault: '500', kind: 'server', status: 500 },
  { fault: '529', kind: 'overloaded', status: 529 },
  { fault: 'hang', kind: 'timeout' },
  { fault: 'connection-reset', kind: 'network' },
  { fault: 'invalid-json', kind: 'bad-response' },
  { fault: 'truncated-stream', kind: 'bad-response' },
];

/** 'stream-error' sends an error event mid-stream, or (without streaming) the equivalent HTTP error. */
const streamErrorKind = { openai: 'server', anthropic: 'overloaded' } as const;

describe.each(protocols)('%s faults map to ProviderError kinds', (protocol) => {
  for (const streaming of [false, true]) {
    const mode = streaming ? 'streaming' : 'non-streaming';
    it.each(faultKinds)(`${mode}: $fault → $kind`, async ({ fault, kind, status }) => {
      server.setFault({ kind: fault, model: 'fake-gpt', retryAfterMs: 1500 });
      const provider = providerFor(protocol, { timeoutMs: fault === 'hang' ? 300 : undefined });
      const error = await providerErrorFrom(
        provider.complete({ model: 'fake-gpt', messages, ...(streaming ? { onChunk: () => {} } : {}) }),
      );
      expect(error.kind).toBe(kind);
      expect(error.provider).toBe(protocol);
      expect(error.model).toBe('fake-gpt');
      expect(error.status).toBe(status);
      expect(error.message).toContain(protocol);
      expect(everyRendering(error)).not.toContain(API_KEY);
      if (fault === '429') expect(error.retryAfterMs).toBe(1500);
      if (fault === 'truncated-stream' && streaming) {
        expect(error.message).toMatch(/cut off after \d+ characters/);
        expect(error.partialText?.length).toBeGreaterThan(0);
      }
      expect(server.requests).toHaveLength(1);
    });
  }

  it.each([false, true])('stream-error (streaming: %s) maps like the HTTP error it stands for', async (streaming) => {
    server.setFault({ kind: 'stream-error' });
    const chunks: string[] = [];
    const error = await providerErrorFrom(
      providerFor(protocol).complete({ model: 'fake-gpt', messages, ...(streaming ? { onChunk: (t: string) => chunks.push(t) } : {}) }),
    );
    expect(error.kind).toBe(streamErrorKind[protocol]);
    if (streaming) {
      expect(chunks.length).toBeGreaterThan(0);
      expect(error.message).toContain('mid-stream');
    }
  });

  it('a 429 that heals after one request succeeds on the SDK retry', async () => {
    server.setFault({ kind: '429', times: 1, retryAfterMs: 20 });
    const result = await providerFor(protocol, { maxRetries: 2 }).complete({ model: 'fake-echo', messages });
    expect(result.text).toBe(messages[0].content);
    expect(server.requests.map((r) => r.fault)).toEqual(['429', undefined]);
  });

  it('gives up after maxRetries', async () => {
    server.setFault({ kind: '429', retryAfterMs: 1 });
    const error = await providerErrorFrom(providerFor(protocol, { maxRetries: 2 }).complete({ model: 'fake-echo', messages }));
    expect(error.kind).toBe('rate-limit');
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it('never shows the API key, even when the server echoes it back', async () => {
    const wrongKey = 'sk-proj-wrong-but-secret-key-000111222';
    const error = await providerErrorFrom(providerFor(protocol, { apiKey: wrongKey }).complete({ model: 'fake-gpt', messages }));
    expect(error.kind).toBe('auth');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('Incorrect API key provided: [redacted]');
    expect(everyRendering(error)).not.toContain(wrongKey);
  });

  it('reports an unreachable server as a network error with its address', async () => {
    const gone = await startFakeProvider();
    const baseURL = protocol === 'openai' ? gone.openaiBaseURL : gone.anthropicBaseURL;
    await gone.close();
    const provider = createProvider({ kind: protocol, name: protocol, apiKey: API_KEY, baseURL, maxRetries: 0 });
    const error = await providerErrorFrom(provider.complete({ model: 'fake-gpt', messages }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain(gone.url);
    expect(error.message).toContain('connection refused');
  });

  it('faults on another model do not affect this one', async () => {
    server.setFault({ kind: '500', model: 'fake-other' });
    await expect(providerFor(protocol).complete({ model: 'fake-echo', messages })).resolves.toMatchObject({ text: messages[0].content });
  });
});
