import * as AnthropicSdk from '@anthropic-ai/sdk';
import * as OpenAISdk from 'openai';
import { cancelledError, ProviderError, toProviderError, truncatedStreamError, type ErrorContext } from './errors';

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
  const isConnectionError = error instanceof OpenAISdk.APIConnectionError || error instanceof AnthropicSdk.APIConnectionError;
  const isServerError = error instanceof OpenAISdk.APIError || error instanceof AnthropicSdk.APIError;
  if (isServerError && !isConnectionError) return error;
  return truncatedStreamError(context, partialText, 'the connection closed mid-stream');
}
