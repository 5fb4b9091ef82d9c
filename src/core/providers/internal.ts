import { isSdkError } from './sdks';
import { cancelledError, isSdkApiError, ProviderError, redactSecrets, toProviderError, truncatedStreamError, type ErrorContext } from './errors';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ChatRequest, type ChatResult, type ProviderConfig } from './types';

/** Wraps an exception thrown by the caller's onChunk so it is rethrown as is, not as a ProviderError. */
class ChunkCallbackFailure {
  constructor(readonly error: unknown) {}
}

export function emitChunk(onChunk: (text: string) => void, text: string): void {
  try {
    onChunk(text);
  } catch (error) {
    throw new ChunkCallbackFailure(error);
  }
}

/** Runs an SDK call, converting failures to ProviderError (callback exceptions pass through). */
export async function callProvider<T>(context: ErrorContext, run: () => Promise<T>): Promise<T> {
  if (context.signal?.aborted) throw cancelledError(context);
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChunkCallbackFailure) throw error.error;
    throw toProviderError(error, context);
  }
}

/** Milliseconds since `start` (a performance.now() value). */
export function elapsedSince(start: number): number {
  return performance.now() - start;
}

/**
 * What to throw for a failure while reading an already-started stream. A dropped connection
 * means the reply was cut off; the server's own error events, unparsable data, cancellation and
 * callback exceptions keep their usual handling.
 */
export function streamFailure(error: unknown, context: ErrorContext, partialText: string): unknown {
  if (error instanceof ChunkCallbackFailure || error instanceof ProviderError || error instanceof SyntaxError) return error;
  if (context.signal?.aborted) return error;
  const isConnectionError = isSdkError(error, 'APIConnectionError');
  const isServerError = isSdkApiError(error);
  if (isServerError && !isConnectionError) return error;
  return truncatedStreamError(context, partialText, 'the connection closed mid-stream');
}

/** Client options both SDKs take alike: endpoint, per-attempt timeout, retries, and no SDK console output. */
export function sdkClientOptions(config: ProviderConfig): { baseURL: string | undefined; timeout: number; maxRetries: number; logLevel: 'off' } {
  return {
    baseURL: config.baseURL,
    // An explicit timeout also stops the Anthropic SDK refusing large non-streaming max_tokens.
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? DEFAULT_MAX_RETRIES,
    // Failures reach the caller as ProviderError; SDK console output would only duplicate them.
    logLevel: 'off',
  };
}

/** A reply that is not what the API sends (a wrong base URL, a proxy's page, ...). */
export function badResponseError(context: ErrorContext, message: string): ProviderError {
  return new ProviderError({
    kind: 'bad-response',
    message: redactSecrets(message, context.secrets),
    provider: context.provider,
    ...(context.model !== undefined ? { model: context.model } : {}),
  });
}

/**
 * What the SDK-backed providers share: the error context of a call, dispatch to a one-shot or
 * streamed completion, and listing model ids. Subclasses create their SDK client lazily, so a
 * missing key surfaces as a ProviderError from the call, not from the factory.
 */
export abstract class SdkChatProvider {
  readonly name: string;
  protected readonly config: ProviderConfig;

  constructor(config: ProviderConfig) {
    this.name = config.name;
    this.config = config;
  }

  protected context(model?: string, signal?: AbortSignal): ErrorContext {
    return {
      provider: this.name,
      model,
      baseURL: this.config.baseURL,
      timeoutMs: this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      secrets: [this.config.apiKey],
      signal,
    };
  }

  complete(request: ChatRequest): Promise<ChatResult> {
    const context = this.context(request.model, request.signal);
    return callProvider(context, () => (request.onChunk ? this.stream(request, request.onChunk, context) : this.once(request, context)));
  }

  listModels(signal?: AbortSignal): Promise<string[]> {
    return callProvider(this.context(undefined, signal), async () => {
      const ids: string[] = [];
      for await (const model of this.models(signal)) ids.push(model.id);
      return ids;
    });
  }

  protected abstract once(request: ChatRequest, context: ErrorContext): Promise<ChatResult>;
  protected abstract stream(request: ChatRequest, onChunk: (text: string) => void, context: ErrorContext): Promise<ChatResult>;
  /** The SDK's paginated model list. */
  protected abstract models(signal: AbortSignal | undefined): AsyncIterable<{ id: string }>;
}
