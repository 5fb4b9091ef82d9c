import type Anthropic from '@anthropic-ai/sdk';
import { anthropicSdk } from './sdks';
import { cancelledError, truncatedStreamError, type ErrorContext, type ProviderError } from './errors';
import { badResponseError, callProvider, elapsedSince, emitChunk, SdkChatProvider, sdkClientOptions, streamFailure } from './internal';
import { anthropicBody, droppedParams, effectiveSampling, toAnthropicConversation } from './translate';
import {
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ProviderConfig,
  type TokenCountingProvider,
} from './types';

export { toAnthropicConversation };

export class AnthropicChatProvider extends SdkChatProvider implements TokenCountingProvider {
  readonly kind = 'anthropic' as const;
  private client: Anthropic | undefined;

  constructor(config: ProviderConfig & { kind: 'anthropic' }) {
    super(config);
  }

  private getClient(): Anthropic {
    const AnthropicClient = anthropicSdk().default;
    this.client ??= new AnthropicClient({
      ...(this.config.apiKey !== undefined ? { apiKey: this.config.apiKey } : {}),
      ...sdkClientOptions(this.config),
    });
    return this.client;
  }

  /** The body per translateForAnthropic: required max_tokens, top-level system, no sampling parameters. */
  private params(request: ChatRequest, stream: boolean): { body: Anthropic.MessageCreateParams; ignored: string[] | undefined } {
    const { body, notes } = anthropicBody(request.model, request.messages, effectiveSampling(request), stream);
    const ignored = droppedParams(notes);
    return { body: body as unknown as Anthropic.MessageCreateParams, ignored: ignored.length > 0 ? ignored : undefined };
  }

  protected async once(request: ChatRequest, context: ErrorContext): Promise<ChatResult> {
    const started = performance.now();
    const { body, ignored } = this.params(request, false);
    const message: unknown = await this.getClient().messages.create(body as Anthropic.MessageCreateParamsNonStreaming, { signal: request.signal });
    if (!isMessage(message)) throw unexpectedShape(context);
    const result: ChatResult = {
      text: message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''),
      usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
      usageReported: message.usage !== undefined,
      latencyMs: elapsedSince(started),
      model: message.model || request.model,
    };
    if (message.stop_reason) result.stopReason = message.stop_reason;
    if (ignored) result.ignoredParameters = ignored;
    return result;
  }

  protected async stream(request: ChatRequest, onChunk: (text: string) => void, context: ErrorContext): Promise<ChatResult> {
    const started = performance.now();
    const { body, ignored } = this.params(request, true);
    const stream = await this.getClient().messages.create(body as Anthropic.MessageCreateParamsStreaming, { signal: request.signal });
    let text = '';
    let ttftMs: number | undefined;
    let model = request.model;
    let stopReason: string | undefined;
    let inputTokens = 0;
    let outputTokens = 0;
    let usageReported = false;
    let finished = false;
    try {
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            model = event.message.model || model;
            inputTokens = event.message.usage?.input_tokens ?? 0;
            outputTokens = event.message.usage?.output_tokens ?? 0;
            usageReported = event.message.usage !== undefined;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              ttftMs ??= elapsedSince(started);
              text += event.delta.text;
              emitChunk(onChunk, event.delta.text);
            }
            break;
          case 'message_delta':
            // Cumulative counts: output_tokens always, input_tokens when the server revises it.
            if (event.delta.stop_reason) stopReason = event.delta.stop_reason;
            outputTokens = event.usage.output_tokens;
            if (typeof event.usage.input_tokens === 'number') inputTokens = event.usage.input_tokens;
            break;
          case 'message_stop':
            finished = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw streamFailure(error, context, text);
    }
    // The SDK ends iteration quietly when aborted, and when the body just stops.
    if (request.signal?.aborted) throw cancelledError(context);
    if (!finished) throw truncatedStreamError(context, text, 'the stream ended before message_stop');
    const result: ChatResult = { text, usage: { inputTokens, outputTokens }, usageReported, latencyMs: elapsedSince(started), model };
    if (stopReason !== undefined) result.stopReason = stopReason;
    if (ttftMs !== undefined) result.ttftMs = ttftMs;
    if (ignored) result.ignoredParameters = ignored;
    return result;
  }

  /** Anthropic's server-side count (`POST /v1/messages/count_tokens`) of the input tokens. */
  countTokens(model: string, messages: readonly ChatMessage[], signal?: AbortSignal): Promise<number> {
    const context = this.context(model, signal);
    return callProvider(context, async () => {
      const { system, messages: wireMessages } = toAnthropicConversation(messages);
      const params: Anthropic.MessageCountTokensParams = { model, messages: wireMessages };
      if (system !== undefined) params.system = system;
      const counted: unknown = await this.getClient().messages.countTokens(params, { signal });
      const inputTokens = (counted as { input_tokens?: unknown } | null)?.input_tokens;
      if (typeof inputTokens !== 'number') throw unexpectedShape(context);
      return inputTokens;
    });
  }

  protected models(signal: AbortSignal | undefined): AsyncIterable<{ id: string }> {
    return this.getClient().models.list({}, { signal });
  }
}

function isMessage(value: unknown): value is Anthropic.Message {
  return typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content);
}

function unexpectedShape(context: ErrorContext): ProviderError {
  return badResponseError(context, `${context.provider} sent an unexpected response (not an Anthropic Messages API reply).`);
}
