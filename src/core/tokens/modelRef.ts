import { parseModelId, type ModelRef } from '../modelId';

/**
 * Like `parseModelId`, but also accepts a bare model name (`gpt-4o`, `claude-sonnet-4-5`) as typed
 * on the CLI or written in a Genkit prompt (whose default plugin resolves it): `claude*` is
 * Anthropic, `gemini*`/`gemma*` Google, everything else is taken to be OpenAI.
 */
export function resolveModelRef(id: string): ModelRef {
  const parsed = parseModelId(id);
  if (parsed) return parsed;
  const model = id.trim();
  const provider = /^claude/i.test(model) ? 'anthropic' : /^(gemini|gemma)/i.test(model) ? 'google' : 'openai';
  return { id: `${provider}/${model}`, provider, model };
}
