import type { TokenUsage } from '../../providers';

export type LlmCompressErrorKind =
  /** The caller passed something unusable (no model, empty text). */
  | 'invalid-request'
  /** The model answered with nothing usable. */
  | 'empty-output'
  /** The reply hit the output-token limit, so the end of the prompt would be lost. */
  | 'truncated'
  /** Extractive mode: the model added or reordered words and repair was not allowed or not possible. */
  | 'not-extractive';

/**
 * A failure of the compression step itself. Provider failures (network, auth, cancellation, ...)
 * are not wrapped: they reach the caller as the providers' own ProviderError, already redacted.
 */
export class LlmCompressError extends Error {
  override readonly name = 'LlmCompressError';
  readonly kind: LlmCompressErrorKind;
  /** What the failed call cost, when a call was made. */
  readonly usage?: TokenUsage;

  constructor(kind: LlmCompressErrorKind, message: string, usage?: TokenUsage) {
    super(message);
    this.kind = kind;
    if (usage) this.usage = usage;
  }
}
