import { createProvider, providerConfig, resolveModelTarget, type ModelTarget } from '../../../src/core/providers';
import { parsePromptFile } from '../../../src/core/prompt';
import type { Clock, CompareEnvironment, CompareEvent, ResponseCacheStore, CachedResponse } from '../../../src/core/compare';
import type { FakeProvider } from '../../fake-provider/server';

export const TEST_KEY = 'sk-test-compare-key-0123456789abcdef';

export const PROMPT_TEXT = `---
model: openai/fake-gpt
config:
  temperature: 0.2
  maxOutputTokens: 200
  topK: 40
input:
  schema:
    question: string
---
{{role "system"}}
You are terse.
{{role "user"}}
{{question}}
`;

export const prompt = parsePromptFile(PROMPT_TEXT, { fileName: 'ask.prompt' });

/** Targets on the fake server: openai/, anthropic/ and googleai/ (Gemini's OpenAI-compatible prefix). */
export function fakeResolver(server: FakeProvider): (id: string) => ModelTarget | string {
  return (id) =>
    resolveModelTarget(id, {
      endpoints: [],
      baseURL: (p) => (p === 'openai' ? server.openaiBaseURL : p === 'anthropic' ? server.anthropicBaseURL : `${server.url}/v1beta/openai/`),
    });
}

/** A clock whose sleeps resolve at once and are recorded. */
export function instantClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => performance.now(),
    isoNow: () => new Date().toISOString(),
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return signal?.aborted ? Promise.reject(new DOMException('aborted', 'AbortError')) : Promise.resolve();
    },
    random: () => 0.5,
  };
}

export class MemoryCache implements ResponseCacheStore {
  readonly entries = new Map<string, CachedResponse>();
  get(key: string): Promise<CachedResponse | undefined> {
    return Promise.resolve(this.entries.get(key));
  }
  set(key: string, value: CachedResponse): Promise<void> {
    this.entries.set(key, value);
    return Promise.resolve();
  }
  clear(): Promise<number> {
    const n = this.entries.size;
    this.entries.clear();
    return Promise.resolve(n);
  }
}

export function fakeEnv(server: FakeProvider, extra: Partial<CompareEnvironment> = {}): CompareEnvironment & { events: CompareEvent[] } {
  const events: CompareEvent[] = [];
  return {
    resolveTarget: fakeResolver(server),
    createProvider: (target, overrides) => createProvider({ ...providerConfig(target, TEST_KEY), ...overrides }),
    prices: (id) => (id.includes('fake') ? { inputPerMTok: 1, outputPerMTok: 2 } : undefined),
    clock: instantClock(),
    onEvent: (e) => events.push(e),
    ...extra,
    events,
  };
}
