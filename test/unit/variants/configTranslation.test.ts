import { describe, expect, it } from 'vitest';
import { parsePromptFile } from '../../../src/core/prompt';
import { translateConfigForModel, variantTextFor } from '../../../src/core/variants';

describe('config translation for a new variant', () => {
  it('drops what an OpenAI reasoning model rejects and caps the output at the catalog maximum', () => {
    const t = translateConfigForModel({ temperature: 0.3, topP: 0.9, max_tokens: 200_000, topK: 40, safetySettings: 'x' }, { kind: 'openai', model: 'o3', maxOutputTokens: 100_000 });
    expect(t.config).toEqual({ maxOutputTokens: 100_000, safetySettings: 'x' });
    expect(t.changes).toEqual([
      "max_tokens written as maxOutputTokens (Dotprompt's name)",
      'safetySettings kept as written (not translated: check that o3 accepts it)',
      'temperature removed: reasoning models accept only the default temperature',
      'topP removed: reasoning models reject top_p',
      'topK removed: the Chat Completions API has no top_k',
      "maxOutputTokens 200000 → 100000 (o3's maximum output)",
    ]);
  });

  it('adds the max_tokens Anthropic requires and drops sampling parameters its API rejects', () => {
    const t = translateConfigForModel({ temperature: 0.7 }, { kind: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(t.config).toEqual({ maxOutputTokens: 1024 });
    expect(t.changes).toHaveLength(2);
    expect(t.changes[0]).toMatch(/^maxOutputTokens: 1024 added \(the Messages API requires max_tokens/);
    expect(t.changes[1]).toMatch(/^temperature removed: /);
  });

  it('clamps a temperature outside the API range and keeps what a chat model accepts', () => {
    const t = translateConfigForModel({ temperature: 2.5, maxOutputTokens: 500 }, { kind: 'openai-compatible', model: 'llama3.2' });
    expect(t.config).toEqual({ temperature: 2, maxOutputTokens: 500 });
    expect(t.changes).toEqual(['temperature 2.5 → 2 (the API accepts 0–2)']);
  });

  it('writes the variant: model set, config translated with a comment, production key removed', () => {
    const base = '---\nmodel: openai/gpt-4o\nproduction: mini\nconfig:\n  temperature: 0.2\n  maxOutputTokens: 50000\n---\n{{role "system"}}\nBe brief.\n';
    const t = translateConfigForModel(parsePromptFile(base, { fileName: 'a.prompt' }).config.raw, { kind: 'openai', model: 'o3', maxOutputTokens: 32_000 });
    const text = variantTextFor(base, 'a.prompt', 'openai/o3', t);
    expect(text).toBe(
      '---\n# Promptscope: variant of a.prompt for openai/o3.\nmodel: openai/o3\n# Config translated for this model:\n# - temperature removed: reasoning models accept only the default temperature\n# - maxOutputTokens 50000 → 32000 (o3\'s maximum output)\nconfig:\n  maxOutputTokens: 32000\n---\n{{role "system"}}\nBe brief.\n',
    );
    const parsed = parsePromptFile(text, { fileName: 'a.o3.prompt' });
    expect(parsed.model).toBe('openai/o3');
    expect(parsed.config.maxOutputTokens).toBe(32000);
    expect(parsed.frontmatter?.data?.production).toBeUndefined();
  });
});
