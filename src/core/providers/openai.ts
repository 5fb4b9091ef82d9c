import type OpenAI from 'openai';
import { openaiSdk } from './sdks';
import { cancelledError, displayURL, truncatedStreamError, type ErrorContext, type ProviderError } from './errors';
import { badResponseError, elapsedSince, emitChunk, SdkChatProvider, sdkClientOptions, streamFailure } from './internal';
import {
  type ChatProvider,
  type ChatRequest,
  type ChatResult,
  type ProviderConfig,
  type TokenUsage,
} from './types';
import { droppedParams, effectiveSampling, openAIBody } from './translate';

export { isOpenAIReasoningModel } from './translate';

type OpenAIParams = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream' | 'stream_options'>;

/** The non-streaming body (see openAIBody) and the parameters left out. */
export function buildOpenAIParams(request: ChatRequest): { params: OpenAIParams; ignoredParameters: string[] } {
  const { body, notes } = openAIBody(request.model, request.messages, effectiveSampling(request), false);
  return { params: body as unknown as OpenAIParams, ignoredParameters: droppedParams(notes) };
}

/** OpenAI, and OpenAI-compatible servers (Ollama, vLLM, LM Studio, OpenRouter, ...) via `baseURL`. */
export class OpenAIChatProvider extends SdkChatProvider implements ChatProvider {
  readonly kind: 'openai' | 'openai-compatible';
  private client: OpenAI | undefined;

  constructor(config: ProviderConfig & { kind: 'openai' | 'openai-compatible' }) {
    super(config);
    this.kind = config.kind;
  }

  private getClient(): OpenAI {
    this.client ??= new (openaiSdk().OpenAI)({
      // Never fall back to OPENAI_API_KEY for a third-party server; local servers ignore the key.
      apiKey: this.config.apiKey ?? (this.kind === 'openai-compatible' ? 'no-key' : undefined),
      ...sdkClientOptions(this.config),
    });
    return this.client;
  }

  protected async once(request: ChatRequest, context: ErrorContext): Promise<ChatResult> {
    const started = performance.now();
    const { params, ignoredParameters } = buildOpenAIParams(request);
    const completion: unknown = await this.getClient().chat.completions.create({ ...params, stream: false }, { signal: request.signal });
    if (!isChatCompletion(completion)) throw unexpectedShape(context, this.config.baseURL, 'not a chat completion');
    const choice = completion.choices[0];
    if (!choice) throw unexpectedShape(context, this.config.baseURL, 'no choices in the reply');
    const result: ChatResult = {
      text: choice.message?.content ?? '',
      ...usageOf(completion.usage),
      latencyMs: elapsedSince(started),
      model: completion.model || request.model,
    };
    if (choice.finish_reason) result.stopReason = choice.finish_reason;
    if (ignoredParameters.length > 0) result.ignoredParameters = ignoredParameters;
    return result;
  }

  protected async stream(request: ChatRequest, onChunk: (text: string) => void, context: ErrorContext): Promise<ChatResult> {
    const started = performance.now();
    const { body, notes } = openAIBody(request.model, request.messages, effectiveSampling(request), true);
    const ignoredParameters = droppedParams(notes);
    const stream = await this.getClient().chat.completions.create(body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming, { signal: request.signal });
    let text = '';
    let ttftMs: number | undefined;
    let stopReason: string | undefined;
    let model = request.model;
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          ttftMs ??= elapsedSince(started);
          text += delta;
          emitChunk(onChunk, delta);
        }
        if (choice?.finish_reason) stopReason = choice.finish_reason;
      }
    } catch (error) {
      throw streamFailure(error, context, text);
    }
    // The SDK ends iteration quietly when aborted, and when the body just stops.
    if (request.signal?.aborted) throw cancelledError(context);
    if (stopReason === undefined) throw truncatedStreamError(context, text, 'the stream ended without a finish reason');
    const result: ChatResult = { text, ...usageOf(usage), latencyMs: elapsedSince(started), model, stopReason };
    if (ttftMs !== undefined) result.ttftMs = ttftMs;
    if (ignoredParameters.length > 0) result.ignoredParameters = ignoredParameters;
    return result;
  }

  protected models(signal: AbortSignal | undefined): AsyncIterable<{ id: string }> {
    return this.getClient().models.list({ signal });
  }
}

function usageOf(usage: OpenAI.CompletionUsage | undefined | null): { usage: TokenUsage; usageReported: boolean } {
  if (!usage) return { usage: { inputTokens: 0, outputTokens: 0 }, usageReported: false };
  return { usage: { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 }, usageReported: true };
}

function isChatCompletion(value: unknown): value is OpenAI.ChatCompletion {
  return typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices);
}

function unexpectedShape(context: ErrorContext, baseURL: string | undefined, what: string): ProviderError {
  const where = displayURL(baseURL);
  const hint = where ? ` Check the base URL (${where}); OpenAI-compatible servers usually serve under /v1.` : '';
  return badResponseError(context, `${context.provider} sent an unexpected response (${what}).${hint}`);
}
