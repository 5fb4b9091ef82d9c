/**
 * Offline estimate of Claude token counts. There is no accurate offline Claude tokenizer since
 * Claude 3, so we scale the o200k_base count: public side-by-side comparisons (2025) found Claude
 * models use about 16% (English prose) to 30% (code) more tokens than GPT-4o for the same text.
 * 1.2 sits in that range and errs on the expensive side for prose. Always shown as "≈"; exact
 * numbers come from the count_tokens API.
 */
export const ANTHROPIC_TOKENS_PER_O200K_TOKEN = 1.2;

/**
 * Message framing is not published either; we reuse OpenAI's cookbook constants (3 per message,
 * 3 for the request) as a rough stand-in of the same size as the role markers Claude adds.
 */
export const ANTHROPIC_ESTIMATED_TOKENS_PER_MESSAGE = 3;
export const ANTHROPIC_ESTIMATED_TOKENS_PER_REQUEST = 3;

export function estimateAnthropicTokens(o200kTokens: number): number {
  return Math.ceil(o200kTokens * ANTHROPIC_TOKENS_PER_O200K_TOKEN);
}
