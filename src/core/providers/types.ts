import type { SamplingParams } from './translate';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  /** The provider's own model name (`gpt-4o`), not a `provider/model` id. */
  model: string;
  messages: readonly ChatMessage[];
  /** Anthropic requires a limit; DEFAULT_MAX_OUTPUT_TOKENS is sent when this is omitted. */
  maxOutputTokens?: number;
  temperature?: number;
  /** Further generation parameters (topP, topK, stopSequences, …); maxOutputTokens/temperature above win. */
  sampling?: SamplingParams;
  signal?: AbortSignal;
  /** When given, the reply is streamed and each piece of text is passed here as it arrives. */
  onChunk?: (text: string) => void;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResult {
  text: string;
  /** As reported by the provider; zeros when it reported none (see usageReported). */
  usage: TokenUsage;
  /** False when the server sent no usage (some OpenAI-compatible servers), so usage is zeros. */
  usageReported: boolean;
  /** From the call until the whole reply was received, including SDK retries. */
  latencyMs: number;
  /** Streaming only: from the call until the first text arrived. */
  ttftMs?: number;
  /** The model the server says answered (may be more specific than the one requested). */
  model: string;
  /** The provider's own wording: `stop`/`length` (OpenAI), `end_turn`/`max_tokens` (Anthropic). */
  stopReason?: string;
  /** Request parameters left out because the model does not accept them (e.g. temperature for o3). */
  ignoredParameters?: string[];
}

export type ProviderKind = 'openai' | 'anthropic' | 'openai-compatible';

export interface ChatProvider {
  /** The endpoint name from settings (`openai`, `anthropic`, `ollama`, ...), used in messages. */
  readonly name: string;
  readonly kind: ProviderKind;
  complete(request: ChatRequest): Promise<ChatResult>;
  /** Model ids the endpoint offers (useful for local servers such as Ollama). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

/** A provider that can count input tokens server-side (Anthropic's count_tokens). */
export interface TokenCountingProvider extends ChatProvider {
  countTokens(model: string, messages: readonly ChatMessage[], signal?: AbortSignal): Promise<number>;
}

export interface ProviderConfig {
  kind: ProviderKind;
  /** The endpoint name, e.g. `openai` or `ollama`; appears in error messages. */
  name: string;
  /** E.g. `http://localhost:11434/v1` for Ollama; the SDK default when omitted. */
  baseURL?: string;
  /**
   * For 'openai' and 'anthropic', the SDK falls back to OPENAI_API_KEY / ANTHROPIC_API_KEY when
   * omitted. 'openai-compatible' never does (that would send an OpenAI key to another server).
   */
  apiKey?: string;
  /** Per HTTP attempt, until the response headers arrive. Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx and connection errors. Default DEFAULT_MAX_RETRIES. */
  maxRetries?: number;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
