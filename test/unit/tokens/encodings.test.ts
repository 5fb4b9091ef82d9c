import { describe, expect, it } from 'vitest';
import { encodingForOpenAiModel } from '../../../src/core/tokens/encodings';
import { planTokenizer } from '../../../src/core/tokens/tokenizerPlan';

describe('encoding per OpenAI model', () => {
  it.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o1-mini', 'o200k_base'],
    ['o3-pro', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5.1-codex', 'o200k_base'],
    ['gpt-oss-120b', 'o200k_base'],
    ['ft:gpt-4o-mini:acme::abc123', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    ['text-embedding-3-large', 'cl100k_base'],
  ])('%s → %s', (model, encoding) => {
    expect(encodingForOpenAiModel(model)).toEqual({ encoding, known: true });
  });

  it('falls back to o200k_base for unknown ids, with a note saying so', () => {
    const choice = encodingForOpenAiModel('gpt-7-turbo');
    expect(choice.encoding).toBe('o200k_base');
    expect(choice.known).toBe(false);
    expect(choice.note).toMatch(/unknown OpenAI model "gpt-7-turbo".*o200k_base/);
  });
});

describe('tokenizer plan per model id', () => {
  it('counts OpenAI models exactly with their encoding', () => {
    expect(planTokenizer('openai/gpt-4o')).toMatchObject({ encoding: 'o200k_base', exact: true, method: 'tiktoken:o200k_base' });
    expect(planTokenizer('openai/gpt-4')).toMatchObject({ encoding: 'cl100k_base', exact: true, method: 'tiktoken:cl100k_base' });
  });

  it('treats bare ids as OpenAI, or Anthropic for claude*', () => {
    expect(planTokenizer('gpt-4o').provider).toBe('openai');
    expect(planTokenizer('claude-sonnet-4-5').provider).toBe('anthropic');
  });

  it('flags unknown OpenAI models as approximate', () => {
    expect(planTokenizer('openai/some-new-model')).toMatchObject({ exact: false, encoding: 'o200k_base' });
  });

  it('estimates Anthropic models', () => {
    expect(planTokenizer('anthropic/claude-sonnet-4-5')).toMatchObject({ exact: false, method: 'estimate', family: 'anthropic' });
  });

  it('uses the endpoint setting, exact only when configured so', () => {
    const endpoints = {
      ollama: { tokenizer: 'cl100k_base' as const },
      vllm: { tokenizer: 'o200k_harmony' as const, exactEncoding: true },
      lmstudio: { tokenizer: 'estimate' as const },
    };
    expect(planTokenizer('ollama/llama3.2', endpoints)).toMatchObject({ encoding: 'cl100k_base', exact: false, method: 'tiktoken:cl100k_base' });
    expect(planTokenizer('vllm/gpt-oss-20b', endpoints)).toMatchObject({ encoding: 'o200k_base', exact: true });
    expect(planTokenizer('lmstudio/qwen3', endpoints)).toMatchObject({ exact: false, method: 'estimate' });
    expect(planTokenizer('unconfigured/model', endpoints)).toMatchObject({ exact: false, method: 'estimate' });
    expect(planTokenizer('unconfigured/model', endpoints).note).toMatch(/no tokenizer configured for endpoint "unconfigured"/);
  });
});
