import { describe, expect, it, vi } from 'vitest';
import { PriceCatalog } from '../../../src/core/pricing/catalog';
import { buildCountReport, buildCountReportExact, type CountReportInput } from '../../../src/core/tokens/report';
import { TokenService } from '../../../src/core/tokens/tokenService';

const input: CountReportInput = {
  messages: [
    { role: 'system', text: 'You are a support agent for Acme. Answer briefly.' },
    { role: 'user', text: 'Where is my order #1234?' },
  ],
  templateText: '{{role "system"}}\nYou are a support agent for {{company}}. Answer briefly.\n{{role "user"}}\n{{question}}',
  sections: [
    { name: 'system', text: 'You are a support agent for {{company}}. Answer briefly.' },
    { name: 'user', text: '{{question}}' },
  ],
  models: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mni'],
  maxOutputTokens: 1000,
};

describe('count report', () => {
  const tokens = new TokenService();
  const catalog = new PriceCatalog();

  it('reports tokens, cost, context share and sections per model', () => {
    const [gpt4o] = buildCountReport(input, { tokens, catalog }).models;
    const messages = tokens.countMessages(input.messages, 'openai/gpt-4o');
    expect(gpt4o).toMatchObject({
      modelId: 'openai/gpt-4o',
      label: 'gpt-4o',
      renderedTokens: messages.total,
      templateTokens: tokens.countText(input.templateText, 'openai/gpt-4o').tokens,
      exact: true,
      method: 'tiktoken:o200k_base',
      perMessage: messages.perMessage,
      exceedsContext: false,
      notes: [],
    });
    expect(gpt4o?.sections.map((s) => s.name)).toEqual(['system', 'user']);
    expect(gpt4o?.costPerCall).toBeCloseTo((messages.total * 2.5) / 1e6, 12);
    expect(gpt4o?.costPerThousandCalls).toBeCloseTo((messages.total * 2.5) / 1e3, 9);
    expect(gpt4o?.worstCase?.outputTokens).toBe(1000);
    expect(gpt4o?.summary).toMatch(/^gpt-4o \d+ tok · \$0\.0000\d+\/call · \$0\.0\d+\/1k · <0\.1% ctx$/);
  });

  it('flags estimates and explains missing prices', () => {
    const [, claude, typo] = buildCountReport(input, { tokens, catalog }).models;
    expect(claude?.exact).toBe(false);
    expect(claude?.summary).toMatch(/^claude-sonnet-4-5 ≈\d+ tok · ≈\$/);
    expect(claude?.notes.join('\n')).toMatch(/estimate/);
    expect(typo?.costPerCall).toBeUndefined();
    expect(typo?.notes.join('\n')).toMatch(/no price for openai\/gpt-4o-mni — add an override in promptscope\.pricing\.overrides \(did you mean openai\/gpt-4o-mini\?\)/);
  });

  it('uses count_tokens for Anthropic totals in the exact report', async () => {
    const service = new TokenService({ anthropicCounter: vi.fn(async () => 30) });
    const [gpt4o, claude] = (await buildCountReportExact(input, { tokens: service, catalog })).models;
    expect(claude).toMatchObject({ renderedTokens: 30, exact: true, method: 'anthropic:count_tokens' });
    expect(claude?.summary).toMatch(/^claude-sonnet-4-5 30 tok · \$0\.00009\/call/);
    expect(gpt4o?.method).toBe('tiktoken:o200k_base');
  });

  it('notes prompts that exceed the context window', () => {
    const small = new PriceCatalog({ overrides: { 'openai/tiny': { input: 1, output: 1, context: 10 } } });
    const [tiny] = buildCountReport({ ...input, models: ['openai/tiny'] }, { tokens, catalog: small }).models;
    expect(tiny?.exceedsContext).toBe(true);
    expect(tiny?.notes.join('\n')).toMatch(/exceed the 10-token context window/);
  });
});
