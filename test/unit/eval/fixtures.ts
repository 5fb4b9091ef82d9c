import { memoryWorkspace, type PromptWorkspace } from '../../../src/core/analysis';
import { createProvider, providerConfig } from '../../../src/core/providers';
import { PriceCatalog } from '../../../src/core/pricing';
import type { EvalEnvironment } from '../../../src/core/eval/migration';
import type { FakeProvider } from '../../fake-provider/server';
import { fakeResolver, instantClock, TEST_KEY } from '../compare/helpers';

/**
 * A logical prompt whose base runs on fake-echo (replies with the question) and whose `upper`
 * variant runs on fake-upper (the question upper-cased): a sample asserting a lower-case word
 * regresses on the candidate, one asserting an upper-case word improves, `icontains` passes on both.
 */
export const BASE = `---
model: openai/fake-echo
samples: support.samples.jsonl
config:
  temperature: 0.3
input:
  schema:
    question: string
---
{{role "system"}}
You are a support agent.
{{role "user"}}
{{question}}
`;

export const UPPER = BASE.replace('model: openai/fake-echo', 'model: openai/fake-upper');

/** Sample ids the candidate (upper) fails and the baseline (echo) passes. */
export const REGRESSIONS = ['refund-1', 'refund-2', 'ship-1'];
export const IMPROVEMENTS = ['shout-1'];

export const SAMPLES = [
  { id: 'refund-1', input: { question: 'I want a refund please' }, assert: [{ type: 'contains', value: 'refund' }] },
  { id: 'hours-1', input: { question: 'When are you open?' }, assert: [{ type: 'icontains', value: 'open' }] },
  { id: 'refund-2', input: { question: 'refund for order 42' }, assert: [{ type: 'contains', value: 'order' }] },
  { id: 'shout-1', input: { question: 'this is urgent' }, assert: [{ type: 'contains', value: 'URGENT' }] },
  { id: 'hours-2', input: { question: 'Open on Sunday?' }, assert: [{ type: 'icontains', value: 'sunday' }] },
  { id: 'ship-1', input: { question: 'where is my parcel' }, assert: [{ type: 'regex', value: 'where is' }] },
  { id: 'both-fail', input: { question: 'hello' }, assert: [{ type: 'contains', value: 'goodbye' }] },
  { id: 'hours-3', input: { question: 'Closed on holidays?' }, assert: [{ type: 'icontains', value: 'HOLIDAYS' }] },
]
  .map((s) => JSON.stringify(s))
  .join('\n');

export const FILES: Record<string, string> = {
  '/w/support.prompt': BASE,
  '/w/support.upper.prompt': UPPER,
  '/w/support.samples.jsonl': `${SAMPLES}\n`,
};

/** Catalog prices for the fake models (USD per 1M tokens). */
export const PRICES = { 'openai/fake-echo': { input: 2, output: 8 }, 'openai/fake-upper': { input: 0.5, output: 1 }, 'openai/fake-gpt': { input: 1, output: 4 } };

export function evalEnv(server: FakeProvider, workspace: PromptWorkspace = memoryWorkspace(FILES), extra: Partial<EvalEnvironment> = {}): EvalEnvironment {
  const catalog = new PriceCatalog({ overrides: PRICES });
  return {
    workspace,
    displayPath: (p) => p.replace(/^\/w\//, ''),
    resolveTarget: fakeResolver(server),
    createProvider: (target, overrides) => createProvider({ ...providerConfig(target, TEST_KEY), ...overrides }),
    prices: (id) => catalog.lookupModel(id),
    clock: instantClock(),
    now: () => '2026-02-01T10:00:00.000Z',
    ...extra,
  };
}
