import { describe, expect, it } from 'vitest';
import {
  apiKeyFromEnv,
  catalogModelId,
  describeRequest,
  endpointSettingsFromEnv,
  GEMINI_OPENAI_BASE_URL,
  resolveModelTarget,
  samplingFromConfig,
  type ModelTarget,
} from '../../../src/core/providers';

const messages = [
  { role: 'system' as const, content: 'Be terse.' },
  { role: 'user' as const, content: 'Hi' },
];
const config = { temperature: 0.3, maxOutputTokens: 50, topP: 0.9, topK: 40, stopSequences: ['END'], seed: 7, safetySettings: [] };
const target = (id: string): ModelTarget => {
  const t = resolveModelTarget(id, { endpoints: [], baseURL: () => undefined });
  if (typeof t === 'string') throw new Error(t);
  return t;
};

describe('describeRequest: the exact body per API', () => {
  it('OpenAI chat models get max_tokens, temperature, top_p, stop, seed; top_k and unknown keys are dropped with a note', () => {
    const d = describeRequest(target('openai/gpt-4o'), messages, config);
    expect(d.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(d.headers.authorization).toBe('Bearer [redacted]');
    expect(d.body).toEqual({ model: 'gpt-4o', messages, max_tokens: 50, temperature: 0.3, top_p: 0.9, stop: ['END'], seed: 7, stream: true, stream_options: { include_usage: true } });
    expect(d.notes.filter((n) => n.action === 'dropped').map((n) => n.param)).toEqual(['safetySettings', 'topK']);
  });

  it('reasoning models get max_completion_tokens and only the default temperature', () => {
    const d = describeRequest(target('openai/o3-mini'), messages, config);
    expect(d.body).toMatchObject({ max_completion_tokens: 50, seed: 7 });
    expect(d.body).not.toHaveProperty('max_tokens');
    expect(d.body).not.toHaveProperty('temperature');
    expect(d.body).not.toHaveProperty('top_p');
    expect(d.notes).toContainEqual({ param: 'maxOutputTokens', action: 'renamed', as: 'max_completion_tokens', reason: 'reasoning models reject max_tokens' });
    expect(describeRequest(target('openai/gpt-5'), messages, { temperature: 1 }).body).toMatchObject({ temperature: 1 });
  });

  it('Anthropic gets the required max_tokens (defaulted), a top-level system, stop_sequences and no sampling parameters', () => {
    const d = describeRequest(target('anthropic/claude-sonnet-4-5'), messages, { temperature: 0.3, topP: 0.5, stop: 'END' });
    expect(d.url).toBe('https://api.anthropic.com/v1/messages');
    expect(d.headers['x-api-key']).toBe('[redacted]');
    expect(d.body).toEqual({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }], system: 'Be terse.', stop_sequences: ['END'], stream: true });
    expect(d.notes.map((n) => `${n.param}:${n.action}`)).toEqual(['maxOutputTokens:defaulted', 'temperature:dropped', 'topP:dropped', 'stopSequences:renamed']);
  });

  it('Genkit ids go to Gemini\'s OpenAI-compatible endpoint', () => {
    for (const id of ['googleai/gemini-2.5-flash', 'vertexai/gemini-2.5-flash', 'gemini/gemini-2.5-flash']) {
      const t = target(id);
      expect(t).toMatchObject({ providerName: 'gemini', kind: 'openai-compatible', model: 'gemini-2.5-flash', baseURL: GEMINI_OPENAI_BASE_URL });
      expect(describeRequest(t, messages, {}).url).toBe('https://generativelanguage.googleapis.com/v1beta/openai/chat/completions');
    }
  });

  it('prices Genkit ids under models.dev\'s google/ names', () => {
    expect(catalogModelId('googleai/gemini-2.5-flash')).toBe('google/gemini-2.5-flash');
    expect(catalogModelId('vertexai/gemini-2.5-pro')).toBe('google/gemini-2.5-pro');
    expect(catalogModelId('openai/gpt-4o')).toBe('openai/gpt-4o');
  });

  it('reads Prompty / OpenAI spellings and reports wrong types', () => {
    expect(samplingFromConfig({ max_tokens: 5, top_p: 0.1, stop: 'x', temperature: 'hot' })).toEqual({
      sampling: { maxOutputTokens: 5, topP: 0.1, stopSequences: ['x'] },
      notes: [{ param: 'temperature', action: 'dropped', reason: 'not a number' }],
    });
  });
});

describe('model id → endpoint (one place for the editor and the CLI)', () => {
  it('the CLI reads base URLs, endpoints and keys from the environment; an endpoint never gets another provider\'s key', () => {
    const env = {
      OPENAI_API_KEY: 'sk-openai',
      GEMINI_API_KEY: 'g-key',
      GEMINI_BASE_URL: 'http://gem/v1beta/openai/',
      PROMPTSCOPE_ENDPOINT_MY_VLLM_BASE_URL: 'http://vllm/v1',
      PROMPTSCOPE_ENDPOINT_MY_VLLM_API_KEY: 'v-key',
      PROMPTSCOPE_ENDPOINT_OLLAMA_BASE_URL: 'http://ollama/v1',
    };
    const settings = endpointSettingsFromEnv(env);
    const vllm = resolveModelTarget('my-vllm/llama', settings) as ModelTarget;
    expect(vllm).toMatchObject({ providerName: 'my-vllm', kind: 'openai-compatible', baseURL: 'http://vllm/v1' });
    expect(apiKeyFromEnv(vllm, env)).toBe('v-key');
    expect(apiKeyFromEnv(resolveModelTarget('ollama/llama3.2', settings) as ModelTarget, env)).toBeUndefined();
    const gemini = resolveModelTarget('googleai/gemini-2.5-pro', settings) as ModelTarget;
    expect(gemini.baseURL).toBe('http://gem/v1beta/openai/');
    expect(apiKeyFromEnv(gemini, env)).toBe('g-key');
    expect(apiKeyFromEnv(resolveModelTarget('openai/gpt-4o', settings) as ModelTarget, env)).toBe('sk-openai');
    expect(resolveModelTarget('nope/x', settings)).toContain('Unknown provider "nope"');
  });

  it('base URLs from settings apply to every built-in provider, Gemini included (the editor passes Config straight to core)', () => {
    const urls: Record<string, string> = { openai: 'http://proxy/v1', gemini: 'http://gemini-proxy/v1beta/openai' };
    const settings = { endpoints: [{ name: 'ollama', baseURL: 'http://o/v1' }], baseURL: (p: 'openai' | 'anthropic' | 'gemini') => urls[p] };
    expect(resolveModelTarget('openai/gpt-4o', settings)).toMatchObject({ providerName: 'openai', baseURL: 'http://proxy/v1' });
    expect(resolveModelTarget('ollama/llama3.2', settings)).toMatchObject({ providerName: 'ollama', kind: 'openai-compatible' });
    expect(resolveModelTarget('googleai/gemini-2.5-flash', settings)).toMatchObject({ providerName: 'gemini', baseURL: 'http://gemini-proxy/v1beta/openai/' });
    expect(resolveModelTarget('googleai/gemini-2.5-flash', { endpoints: [], baseURL: () => undefined })).toMatchObject({ baseURL: GEMINI_OPENAI_BASE_URL });
  });
});
