/**
 * Gemini has two APIs under one root: the native one (`/v1beta/models/…:countTokens`) and an
 * OpenAI-compatible one (`/v1beta/openai/`). One setting (`promptscope.gemini.baseURL`,
 * `GEMINI_BASE_URL`) names either the root or the OpenAI-compatible URL; each caller takes what it needs.
 */
export const GEMINI_API_ROOT = 'https://generativelanguage.googleapis.com';
const OPENAI_COMPATIBLE_PATH = /\/v1beta\/openai\/?$/;

/** The API root (no trailing slash) for the native API. */
export function geminiApiRoot(configured: string | undefined): string {
  return (configured?.trim() || GEMINI_API_ROOT).replace(OPENAI_COMPATIBLE_PATH, '').replace(/\/+$/, '');
}

/** The OpenAI-compatible base URL (with its trailing slash) for chat completions. */
export function geminiOpenAIBaseURL(configured: string | undefined): string {
  return `${geminiApiRoot(configured)}/v1beta/openai/`;
}
