import { ProviderError, type ChatProvider } from '../../providers';
import { scanProtected } from '../protect';
import type { CountTokens } from '../types';
import type { AdjustTarget } from './adjust';
import { compressWithModel, type CompressWithModelResult } from './compressWithModel';
import { extractConstraints } from './constraints';
import { judgeConstraints, type JudgedConstraint } from './judge';
import type { CompressMode } from './prompts';
import { buildPreservationReport, type MeasuredTokens, type PreservationReport } from './report';

/** One step of the flow, for a progress line (editor notification, CLI stderr). */
export interface CompressFlowProgress {
  readonly step: 'compress' | 'judge' | 'report';
  readonly message: string;
  /** 0–1 over the whole flow. */
  readonly fraction: number;
}

export interface CompressFlowOptions {
  readonly text: string;
  readonly mode: CompressMode;
  /** The compressing model: its provider and the provider's own model name. */
  readonly provider: ChatProvider;
  readonly model: string;
  /** The judge of the constraints; a different model than the compressor is the point. */
  readonly judgeProvider: ChatProvider;
  readonly judgeModel: string;
  /**
   * The report's headline tokens: the whole prompt before and after, given the compressed text
   * (the editor and the CLI render both versions as the lens and `count` do). Wins over countTokens.
   */
  readonly measureTokens?: (compressed: string) => Promise<MeasuredTokens | undefined>;
  /** Tokens of one target over the text itself (labelled `template text`), when measureTokens is absent. */
  readonly countTokens?: CountTokens;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CompressFlowProgress) => void;
  /** Rewrite for this model family instead of shortening (see runAdjustFlow); mode must be 'rewrite'. */
  readonly adjustFor?: AdjustTarget;
}

export interface CompressFlowResult {
  readonly compression: CompressWithModelResult;
  readonly report: PreservationReport;
  readonly judged: readonly JudgedConstraint[];
  /** Things the user should know (the judge failed or answered unusably); each also logged by the caller. */
  readonly notes: readonly string[];
  /** The judge's own failure, when it failed (its constraints are then unjudged, which blocks a one-click accept). */
  readonly judgeError?: Error;
}

/** Thrown when the signal aborts between steps (a provider call aborted mid-way throws its own cancelled ProviderError). */
export class CompressFlowCancelled extends Error {
  constructor() {
    super('The compression was cancelled.');
    this.name = 'CompressFlowCancelled';
  }
}

export function isCancellation(e: unknown, signal?: AbortSignal): boolean {
  return e instanceof CompressFlowCancelled || signal?.aborted === true || (e instanceof ProviderError && e.kind === 'cancelled');
}

/**
 * Compress → extract constraints → judge them → preservation report: the one orchestration the editor's
 * "Compress with Model" and `promptscope compress` share. Compression failures are thrown (ProviderError,
 * LlmCompressError); a judge failure is not — its constraints stay unjudged and the report blocks.
 */
export async function runCompressFlow(options: CompressFlowOptions): Promise<CompressFlowResult> {
  const { text, mode, signal } = options;
  const report = (step: CompressFlowProgress['step'], message: string, fraction: number): void => options.onProgress?.({ step, message, fraction });
  const checkAborted = (): void => {
    if (signal?.aborted) throw new CompressFlowCancelled();
  };

  const compression = await compressWithModel({
    provider: options.provider,
    model: options.model,
    text,
    mode,
    ...(signal ? { signal } : {}),
    onProgress: (p) => report('compress', p.message, p.fraction * 0.6),
    protectedSpans: scanProtected(text).fencedBlocks,
    ...(options.adjustFor ? { adjustFor: options.adjustFor } : {}),
  });
  checkAborted();

  const constraints = extractConstraints(text);
  const notes: string[] = [];
  let judged: JudgedConstraint[] = [];
  let judgeError: Error | undefined;
  if (constraints.length > 0) {
    report('judge', `Judging ${constraints.length} constraint${constraints.length === 1 ? '' : 's'} with ${options.judgeModel}…`, 0.65);
    try {
      const verdict = await judgeConstraints({
        provider: options.judgeProvider,
        model: options.judgeModel,
        original: text,
        compressed: compression.compressed,
        constraints,
        ...(signal ? { signal } : {}),
      });
      judged = verdict.judged;
      if (verdict.parseError) notes.push(`The judge's reply could not be used: ${verdict.parseError}`);
    } catch (e) {
      if (isCancellation(e, signal)) throw new CompressFlowCancelled();
      judgeError = e instanceof Error ? e : new Error(String(e));
      notes.push(`The judge model ${options.judgeModel} failed (${judgeError.message}); every constraint is unjudged, so accepting needs confirmation.`);
    }
  }
  checkAborted();

  report('report', 'Building the preservation report…', 0.95);
  const measured = options.measureTokens ? await options.measureTokens(compression.compressed) : undefined;
  checkAborted();
  const preservation = buildPreservationReport({
    original: text,
    compressed: compression.compressed,
    judged,
    compression,
    ...(measured ? { tokens: measured } : options.countTokens ? { countTokens: options.countTokens } : {}),
  });
  return { compression, report: preservation, judged, notes, ...(judgeError ? { judgeError } : {}) };
}

export type AdjustFlowOptions = Omit<CompressFlowOptions, 'mode' | 'adjustFor'> & {
  /** The family (and optionally the model) to rewrite the prompt for. */
  readonly target: AdjustTarget;
};

/**
 * "Adjust for Model…": the model rewrites `text` for the target family's prompting guidance, then the
 * same constraints → judge → preservation report as a compression (a rewrite may gain tokens; the report
 * says so). Same errors and cancellation as runCompressFlow.
 */
export function runAdjustFlow(options: AdjustFlowOptions): Promise<CompressFlowResult> {
  const { target, ...rest } = options;
  return runCompressFlow({ ...rest, mode: 'rewrite', adjustFor: target });
}
