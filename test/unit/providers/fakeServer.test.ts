import { describe, expect, it } from 'vitest';
import { countFakeTokens, fakeInputTokens, fakeReply } from '../../fake-provider/server';
import { useFakeProvider } from './helpers';

const server = useFakeProvider({ apiKey: 'sk-fake-server-key-123456' });

const auth = { authorization: 'Bearer sk-fake-server-key-123456', 'content-type': 'application/json' };

async function post(path: string, body: unknown, headers: Record<string, string> = auth): Promise<{ status: number; json: unknown; text: string; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

describe('fake provider server', () => {
  it('listens on loopback and exposes SDK base URLs', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.openaiBaseURL).toBe(`${server.url}/v1`);
    expect(server.anthropicBaseURL).toBe(server.url);
  });

  it('replies deterministically, differently per model, with the documented rules', () => {
    const messages = [{ role: 'user', content: 'Summarise the plot of Hamlet, please.' }];
    expect(fakeReply('fake-gpt', messages)).toBe(fakeReply('fake-gpt', messages));
    expect(fakeReply('fake-gpt', messages)).not.toBe(fakeReply('fake-claude', messages));
    expect(fakeReply('fake-gpt', messages)).toContain('[fake fake-gpt]');
    expect(fakeReply('fake-gpt', messages)).toContain('You said: "Summarise the plot of Hamlet, please."');
    expect(fakeReply('my-echo-model', messages)).toBe('Summarise the plot of Hamlet, please.');
    expect(fakeReply('upper', messages)).toBe('SUMMARISE THE PLOT OF HAMLET, PLEASE.');
    expect(JSON.parse(fakeReply('fake-json', messages))).toMatchObject({ model: 'fake-json', inputWords: 6 });
  });

  it('counts tokens with its own heuristic (words and punctuation)', () => {
    expect(countFakeTokens('Hello, world!')).toBe(4);
    expect(fakeInputTokens('Be brief.', [{ role: 'user', content: 'Hi' }])).toBe(3 + 4 + 3 + 4 + 1);
  });

  it('answers count_tokens consistently with message usage', async () => {
    const body = { model: 'fake-claude', system: 'Be brief.', messages: [{ role: 'user', content: 'Hi there' }] };
    const counted = await post('/v1/messages/count_tokens', body);
    expect(counted.json).toEqual({ input_tokens: fakeInputTokens('Be brief.', body.messages) });
    const message = await post('/v1/messages', { ...body, max_tokens: 50 });
    expect((message.json as { usage: { input_tokens: number } }).usage.input_tokens).toBe((counted.json as { input_tokens: number }).input_tokens);
  });

  it('validates requests the way the real APIs do', async () => {
    const noMax = await post('/v1/messages', { model: 'fake-claude', messages: [{ role: 'user', content: 'x' }] });
    expect(noMax.status).toBe(400);
    expect(noMax.json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
    const systemRole = await post('/v1/messages', { model: 'fake-claude', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] });
    expect(systemRole.status).toBe(400);
    const reasoning = await post('/v1/chat/completions', { model: 'o3-mini', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    expect(reasoning.status).toBe(400);
    expect(reasoning.json).toMatchObject({ error: { code: 'unsupported_parameter' } });
  });

  it('rejects a wrong key with 401 and records requests without credential values', async () => {
    const wrong = await post('/v1/chat/completions', { model: 'fake-gpt', messages: [] }, { authorization: 'Bearer sk-wrong-key-0000000000', 'content-type': 'application/json' });
    expect(wrong.status).toBe(401);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', protocol: 'openai', model: 'fake-gpt' });
    expect(server.requests[0].headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(server.requests)).not.toContain('sk-wrong-key');
  });

  it('lists fake models', async () => {
    const response = await fetch(`${server.openaiBaseURL}/models`, { headers: auth });
    const list = (await response.json()) as { data: { id: string }[] };
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['fake-gpt', 'fake-claude', 'fake-echo']));
  });

  it('applies model-specific faults first and heals after `times`', async () => {
    server.setFault({ kind: '500' });
    server.setFault({ kind: '529', model: 'fake-claude', times: 1 });
    const body = { model: 'fake-claude', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] };
    const first = await post('/v1/messages', body);
    expect(first.status).toBe(529);
    expect(first.json).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Fake provider is overloaded.' } });
    expect((await post('/v1/messages', body)).status).toBe(500);
    server.clearFaults();
    expect((await post('/v1/messages', body)).status).toBe(200);
    expect(server.requests.map((r) => r.fault)).toEqual(['529', '500', undefined]);
  });

  it('sends retry-after headers with 429 and the OpenAI error shape', async () => {
    server.setFault({ kind: '429', retryAfterMs: 1500, times: 1 });
    const limited = await post('/v1/chat/completions', { model: 'fake-gpt', messages: [{ role: 'user', content: 'x' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('retry-after-ms')).toBe('1500');
    expect(limited.json).toMatchObject({ error: { code: 'rate_limit_exceeded', message: expect.any(String) as unknown } });
  });

  it('streams OpenAI SSE with a usage chunk and [DONE]', async () => {
    const streamed = await post('/v1/chat/completions', {
      model: 'fake-echo', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'one two three' }],
    });
    const lines = streamed.text.split('\n\n').filter(Boolean);
    expect(lines.at(-1)).toBe('data: [DONE]');
    const usage = JSON.parse(lines.at(-2)!.slice(6)) as { choices: unknown[]; usage: { completion_tokens: number } };
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBe(3);
  });

  it('streams Anthropic SSE events in protocol order', async () => {
    const streamed = await post('/v1/messages', { model: 'fake-echo', stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'one two' }] });
    const events = [...streamed.text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });
});
