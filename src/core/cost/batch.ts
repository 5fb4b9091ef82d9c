import { resolveModelRef } from '../tokens/modelRef';

/**
 * Batch APIs (results within 24 hours) bill a share of the list price. No catalog lists it, so it
 * lives in this dated table (from the providers' pricing pages as of `BATCH_RULES_AS_OF`,
 * written without network access: check `sourceUrl` when a number matters).
 */
export interface BatchPolicy {
  /** Share of the list price a batched call costs (0.5: half price). */
  readonly priceFactor: number;
  readonly sourceUrl: string;
  readonly api: string;
}

export const BATCH_RULES_AS_OF = '2025-11-24';

const BATCH: Readonly<Record<string, BatchPolicy>> = {
  openai: { priceFactor: 0.5, api: 'OpenAI Batch API', sourceUrl: 'https://platform.openai.com/docs/guides/batch' },
  anthropic: { priceFactor: 0.5, api: 'Anthropic Message Batches', sourceUrl: 'https://docs.claude.com/en/docs/build-with-claude/batch-processing' },
  google: { priceFactor: 0.5, api: 'Gemini Batch Mode', sourceUrl: 'https://ai.google.dev/gemini-api/docs/batch-mode' },
};

const PROVIDER_ALIASES: Readonly<Record<string, string>> = { googleai: 'google', vertexai: 'google', gemini: 'google' };

/** The batch discount for a model, or undefined when its provider has no batch API we know. */
export function batchPolicyFor(modelId: string): BatchPolicy | undefined {
  const provider = resolveModelRef(modelId).provider.toLowerCase();
  return BATCH[PROVIDER_ALIASES[provider] ?? provider];
}

/** True when the frontmatter marks the prompt as offline work (`batch: true`). */
export function isBatchPrompt(frontmatter: Readonly<Record<string, unknown>> | undefined): boolean {
  return frontmatter?.batch === true;
}
