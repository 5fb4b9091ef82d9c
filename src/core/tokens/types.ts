import type { EncodingName } from './encodings';

/** How a count was obtained; shown next to the number so users know what to trust. */
export type CountMethod = `tiktoken:${EncodingName}` | 'estimate' | 'anthropic:count_tokens' | 'gemini:countTokens';

export interface TokenCount {
  readonly tokens: number;
  /** False for estimates: the UI prefixes them with "≈". */
  readonly exact: boolean;
  readonly method: CountMethod;
  readonly note?: string;
}

/** A rendered chat message; structurally the prompt module's `{ role, text }`. */
export interface ChatMessageText {
  readonly role: string;
  readonly text: string;
}

export interface MessagesCount {
  /** Everything the request's input would bill: contents plus chat framing. */
  readonly total: number;
  readonly exact: boolean;
  readonly method: CountMethod;
  /** Tokens of each message's text, without framing (estimated for `anthropic:count_tokens`). */
  readonly perMessage: readonly number[];
  /** `total` minus the message texts: role markers, separators, reply priming. */
  readonly overhead: number;
  readonly note?: string;
}

/**
 * Exact input-token count from a provider API (Anthropic's count_tokens, Gemini's countTokens).
 * `model` is the provider's own model name (`claude-sonnet-4-5`, `gemini-2.5-flash`), without the
 * provider prefix.
 */
export type ExactTokenCounter = (model: string, messages: readonly ChatMessageText[]) => Promise<number>;

/** Per-endpoint setting for OpenAI-compatible servers (Ollama, vLLM, OpenRouter, ...). */
export interface EndpointTokenizerConfig {
  /** An OpenAI encoding to count with, or 'estimate' (o200k_base, flagged approximate). */
  readonly tokenizer: EncodingName | 'o200k_harmony' | 'estimate';
  /** Set when the served model really uses this encoding; otherwise counts show as "≈". */
  readonly exactEncoding?: boolean;
}
