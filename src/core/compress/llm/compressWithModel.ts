import type { ChatProvider, TokenUsage } from '../../providers';
import type { TextRange } from '../../text';
import { extractPreservables, isSubsequence, wordsOf } from '../preservation';
import { LlmCompressError } from './errors';
import { cleanModelOutput, matchTrailingNewline } from './output';
import { buildAdjustMessages, FAMILY_GUIDANCE, type AdjustTarget } from './adjust';
import { buildCompressMessages, type CompressMode } from './prompts';
import { findSubsequenceViolation, repairToSubsequence, type SubsequenceViolation } from './subsequence';

export type CompressProgressStage = 'request' | 'receive' | 'verify' | 'done';

export interface CompressProgress {
  readonly stage: CompressProgressStage;
  /** A short line fit for a progress notification. */
  readonly message: string;
  /** Characters of reply received so far ('receive'). */
  readonly receivedChars?: number;
  /** Rough completion estimate in [0, 1]; the reply length is only guessed while streaming. */
  readonly fraction: number;
}

/**
 * What to do when an extractive reply is not a subsequence of the input:
 * - 'repair' (default): keep the longest common word subsequence of input and reply, rendered from
 *   the input, and say so in the result (subsequenceOk false, violation and repair set). The
 *   preservation report then blocks a one-click accept, so the user reviews it.
 * - 'fail': throw an LlmCompressError of kind 'not-extractive'.
 */
export type ExtractiveViolationPolicy = 'repair' | 'fail';

export interface CompressWithModelOptions {
  readonly provider: ChatProvider;
  /** The provider's own model name. Required: there is no default model. */
  readonly model: string;
  readonly text: string;
  readonly mode: CompressMode;
  /**
   * Ranges of `text` that must come back verbatim (e.g. protectedRangesOf()); they are listed in
   * the request and checked afterwards. Template expressions ({{…}}) are always protected.
   */
  readonly protectedSpans?: readonly TextRange[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CompressProgress) => void;
  /** Raw reply text as it streams (before fences are stripped). */
  readonly onChunk?: (text: string) => void;
  /**
   * Output limit sent to the model. Default: about half a token per input character plus 256,
   * between 1024 and 16384; pass the model's own maximum when it is smaller.
   */
  readonly maxOutputTokens?: number;
  readonly onViolation?: ExtractiveViolationPolicy;
  /**
   * "Adjust for Model…": rewrite the prompt for this target family (buildAdjustMessages) instead of
   * shortening it. Requires mode 'rewrite'; everything after the request (checks, report) is shared.
   */
  readonly adjustFor?: AdjustTarget;
}

export interface SubsequenceRepairInfo {
  readonly strategy: 'longest-common-subsequence';
  /** Words of the model's reply that were dropped because they were added or moved. */
  readonly droppedWords: string[];
  readonly keptWordCount: number;
}

export interface CompressWithModelResult {
  /** The text to offer the user (after cleaning and, for a failed extractive check, repair). */
  readonly compressed: string;
  readonly mode: CompressMode;
  /** The model's reply with fences and preambles stripped, before any repair. */
  readonly modelOutput: string;
  /**
   * Extractive: whether the model's reply is a word subsequence of the input (mechanically
   * checked). Null in rewrite mode, where rewording is allowed.
   */
  readonly subsequenceOk: boolean | null;
  /** Extractive, when subsequenceOk is false: the first word that broke the subsequence. */
  readonly violation?: SubsequenceViolation;
  /** Extractive, when subsequenceOk is false and the reply was repaired. */
  readonly repair?: SubsequenceRepairInfo;
  /** Protected strings (template expressions, protectedSpans) absent from `compressed`. */
  readonly missingProtected: string[];
  readonly usage: TokenUsage;
  readonly usageReported: boolean;
  readonly latencyMs: number;
  /** The model that answered, as the server reported it. */
  readonly model: string;
  readonly stopReason?: string;
}

/** Share of the input length the reply is guessed to be, for progress while streaming. */
const EXPECTED_RATIO: Record<CompressMode, number> = { extractive: 0.75, rewrite: 0.55 };

export function defaultMaxOutputTokens(text: string): number {
  return Math.min(16_384, Math.max(1024, Math.ceil(text.length / 2) + 256));
}

/** Template expressions plus the caller's protected spans, deduplicated, in order. */
export function protectedStringsOf(text: string, spans: readonly TextRange[] = []): string[] {
  const fromSpans = spans.map((r) => text.slice(r.start, r.end)).filter((s) => s.trim().length > 0);
  return [...new Set([...extractPreservables(text).templateVariables, ...fromSpans])];
}

/**
 * Asks `model` for a shorter version of `text` (see EXTRACTIVE_SYSTEM_PROMPT / REWRITE_SYSTEM_PROMPT).
 * Extractive replies are verified word by word to be a subsequence of the input; see
 * ExtractiveViolationPolicy for what happens when they are not. Streams (and reports progress)
 * when onChunk or onProgress is given. Provider failures, including cancellation through
 * `signal`, are thrown as the provider's ProviderError (kind 'cancelled' for an abort).
 */
export async function compressWithModel(options: CompressWithModelOptions): Promise<CompressWithModelResult> {
  const { provider, model, text, mode, signal, onProgress, onChunk } = options;
  if (!model.trim()) throw new LlmCompressError('invalid-request', 'Choose a model to compress with; there is no default model.');
  if (!text.trim()) throw new LlmCompressError('invalid-request', 'There is nothing to compress: the text is empty.');
  if (mode !== 'extractive' && mode !== 'rewrite') throw new LlmCompressError('invalid-request', `Unknown compression mode "${String(mode)}".`);
  const adjustFor = options.adjustFor;
  if (adjustFor && mode !== 'rewrite') throw new LlmCompressError('invalid-request', 'Adjusting a prompt for a model is a rewrite; it cannot be done in extractive mode.');
  if (adjustFor && !Object.hasOwn(FAMILY_GUIDANCE, adjustFor.family)) throw new LlmCompressError('invalid-request', `Unknown model family "${String(adjustFor.family)}".`);

  const protectedStrings = protectedStringsOf(text, options.protectedSpans);
  const maxOutputTokens = options.maxOutputTokens ?? defaultMaxOutputTokens(text);
  // An adjusted prompt gains structure (headings, tags), so it is guessed a little longer than the input.
  const expectedChars = Math.max(1, text.length * (adjustFor ? 1.1 : EXPECTED_RATIO[mode]));
  const verb = adjustFor ? `adjust for ${FAMILY_GUIDANCE[adjustFor.family].label}` : `compress (${mode})`;
  const report = (progress: CompressProgress): void => onProgress?.(progress);

  report({ stage: 'request', message: `Asking ${model} to ${verb}…`, fraction: 0 });
  let received = 0;
  const streaming = onChunk !== undefined || onProgress !== undefined;
  const result = await provider.complete({
    model,
    messages: adjustFor ? buildAdjustMessages(text, adjustFor, protectedStrings) : buildCompressMessages(text, mode, protectedStrings),
    maxOutputTokens,
    temperature: 0,
    ...(signal ? { signal } : {}),
    ...(streaming
      ? {
          onChunk: (chunk: string) => {
            received += chunk.length;
            onChunk?.(chunk);
            report({
              stage: 'receive',
              message: `Receiving from ${model}… ${received} characters`,
              receivedChars: received,
              fraction: Math.min(0.9, 0.05 + 0.85 * (received / expectedChars)),
            });
          },
        }
      : {}),
  });

  if (result.stopReason === 'length' || result.stopReason === 'max_tokens') {
    throw new LlmCompressError(
      'truncated',
      `${model} stopped at the output limit of ${maxOutputTokens} tokens before finishing, so the end of the prompt would be lost. ${adjustFor ? 'Adjust' : 'Compress'} a smaller selection or allow more output tokens.`,
      result.usage,
    );
  }
  report({ stage: 'verify', message: 'Checking the result…', fraction: 0.95 });

  const modelOutput = cleanModelOutput(result.text, text);
  if (!modelOutput.trim()) throw new LlmCompressError('empty-output', `${model} returned no ${adjustFor ? 'rewritten' : 'compressed'} text.`, result.usage);

  let compressed = modelOutput;
  let subsequenceOk: boolean | null = null;
  let violation: SubsequenceViolation | undefined;
  let repair: SubsequenceRepairInfo | undefined;
  if (mode === 'extractive') {
    subsequenceOk = isSubsequence(wordsOf(text), wordsOf(modelOutput));
    if (!subsequenceOk) {
      violation = findSubsequenceViolation(text, modelOutput);
      const where = violation ? ` at word ${violation.wordIndex + 1} ("${violation.word}")` : '';
      if (options.onViolation === 'fail') {
        throw new LlmCompressError('not-extractive', `${model} did not only delete words: its reply adds or reorders words${where}.`, result.usage);
      }
      const repaired = repairToSubsequence(text, modelOutput);
      if (!repaired || !isSubsequence(wordsOf(text), wordsOf(repaired.text)) || !repaired.text.trim()) {
        throw new LlmCompressError('not-extractive', `${model} did not only delete words (its reply adds or reorders words${where}), and the reply could not be repaired.`, result.usage);
      }
      compressed = repaired.text;
      repair = { strategy: 'longest-common-subsequence', droppedWords: repaired.droppedWords, keptWordCount: repaired.keptWordCount };
    }
  }
  compressed = matchTrailingNewline(compressed, text);

  const out: CompressWithModelResult = {
    compressed,
    mode,
    modelOutput,
    subsequenceOk,
    ...(violation ? { violation } : {}),
    ...(repair ? { repair } : {}),
    missingProtected: protectedStrings.filter((s) => !compressed.includes(s)),
    usage: result.usage,
    usageReported: result.usageReported,
    latencyMs: result.latencyMs,
    model: result.model,
    ...(result.stopReason !== undefined ? { stopReason: result.stopReason } : {}),
  };
  report({ stage: 'done', message: adjustFor ? 'Rewritten.' : 'Compressed.', fraction: 1 });
  return out;
}
