import { geminiApiRoot } from '../gemini';
import type { ChatMessageText, ExactTokenCounter } from './types';

export interface GeminiCounterOptions {
  readonly apiKey: string;
  readonly baseURL?: string;
  /** Injected in tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
}

/** Failure with a `kind` the token service turns into a note (`rate-limit`, `auth`, `http`, `network`). */
export class GeminiCountError extends Error {
  constructor(message: string, readonly kind: 'rate-limit' | 'auth' | 'http' | 'network' | 'invalid-response', readonly status?: number) {
    super(message);
    this.name = 'GeminiCountError';
  }
}

interface GeminiContent {
  readonly role: 'user' | 'model';
  readonly parts: readonly { readonly text: string }[];
}

/**
 * The countTokens body for a rendered prompt: system messages become `systemInstruction` (as
 * generateContent would send them), the others `contents` with Gemini's roles (`model` for the
 * assistant). Gemini needs at least one content, so a system-only prompt is sent as one user turn.
 */
export function geminiCountTokensBody(model: string, messages: readonly ChatMessageText[]): unknown {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.text).join('\n\n');
  const contents: GeminiContent[] = messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'model' || m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.text }] }));
  if (contents.length === 0) return { contents: [{ role: 'user', parts: [{ text: system }] }] };
  return {
    generateContentRequest: {
      model: `models/${model}`,
      contents,
      ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
    },
  };
}

function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

/**
 * Exact Gemini input-token counts through the Gemini API's native `models/{model}:countTokens`
 * (free). The key travels in the `x-goog-api-key` header, never in the URL, so it cannot end up in
 * logs or error messages.
 */
export function createGeminiTokenCounter(options: GeminiCounterOptions): ExactTokenCounter {
  const base = geminiApiRoot(options.baseURL);
  const doFetch = options.fetch ?? fetch;
  return async (model, messages) => {
    const url = `${base}/v1beta/models/${encodeURIComponent(model)}:countTokens`;
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': options.apiKey },
        body: JSON.stringify(geminiCountTokensBody(model, messages)),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new GeminiCountError(`could not reach ${base} (${(error as Error).message})`, 'network');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const detail = errorMessageOf(body) ?? `HTTP ${response.status}`;
      if (response.status === 429) throw new GeminiCountError(detail, 'rate-limit', 429);
      // An invalid key is a 400 INVALID_ARGUMENT (reason API_KEY_INVALID) on the Gemini API.
      if (response.status === 401 || response.status === 403 || (response.status === 400 && /api.?key/i.test(detail))) {
        throw new GeminiCountError('the API key was rejected', 'auth', response.status);
      }
      throw new GeminiCountError(`HTTP ${response.status}: ${detail}`, 'http', response.status);
    }
    const total = typeof body === 'object' && body !== null ? (body as { totalTokens?: unknown }).totalTokens : undefined;
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      throw new GeminiCountError('countTokens answered without a totalTokens number', 'invalid-response');
    }
    return total;
  };
}
