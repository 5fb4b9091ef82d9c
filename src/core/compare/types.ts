/**
 * The public API of the comparison core: the editor (src/vscode/compare) and the CLI
 * (src/cli/commands/compare.ts) both call `startCompare` with their own I/O and listen to the same
 * events. Nothing here imports `vscode`.
 */
import type { ChatProvider, ProviderConfig } from '../providers/types';
import type { ModelTarget } from '../providers/targets';
import type { ModelPrices } from '../pricing/types';
import type { PromptFile } from '../prompt/types';
import type {
  CellRating,
  ColumnSummary,
  RunAssertion,
  RunCell,
  RunFile,
  RunMessage,
} from '../runs/types';

export type * from '../runs/types';
export type { ModelTarget };

// ---------------------------------------------------------------------------------------------
// Model id → endpoint (one place: src/core/providers/targets.ts)

/** Turns a model id into a target, or a message saying why it cannot be used. */
export type TargetResolver = (modelId: string) => ModelTarget | string;

/**
 * Creates the provider for a target. The editor adds the SecretStorage key, the CLI the env key.
 * The engine passes `maxRetries: 0` in `overrides` (its scheduler is the only retry layer).
 */
export type ProviderFactory = (target: ModelTarget, overrides: Pick<ProviderConfig, 'maxRetries' | 'timeoutMs'>) => ChatProvider | Promise<ChatProvider>;

// ---------------------------------------------------------------------------------------------
// Request translation ("Show Request")

export type { RequestDescription } from '../providers/describe';

// ---------------------------------------------------------------------------------------------
// Cache

export interface CachedResponse {
  readonly output: string;
  readonly finishReason?: string;
  readonly latencyMs: number;
  readonly ttftMs?: number;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly reported: boolean };
  readonly costUsd?: number;
  /** ISO time of the original call. */
  readonly createdAt: string;
}

/** Response cache storage. `createFileCacheStore(dir, { ttlMs, clock })` is the file-backed one. */
export interface ResponseCacheStore {
  /** Undefined when missing or older than the TTL. */
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
  /** Removes every entry; resolves to how many were removed. */
  clear(): Promise<number>;
}

export const DEFAULT_CACHE_TTL_MS = 14 * 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Clock (injectable for tests)

export interface Clock {
  /** Milliseconds, monotonic enough for latency (performance.now() in production). */
  now(): number;
  /** Wall-clock ISO time for the run file. */
  isoNow(): string;
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** 0..1; the scheduler's backoff jitter. */
  random(): number;
}

// ---------------------------------------------------------------------------------------------
// Scheduler

export interface SchedulerOptions {
  /** Per-endpoint starting (and maximum) concurrency. Default 4. */
  readonly concurrency?: number;
  /** Retries after the first attempt. Default 3. */
  readonly maxRetries?: number;
  /** Default 1000. */
  readonly baseDelayMs?: number;
  /** Default 60000. */
  readonly maxDelayMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Inputs and setup

/** One row to run: a sample, the default input, or an input given on the command line. */
export interface CompareInput {
  /** The sample's `id`, else its 1-based line number; `default` / `input` otherwise. */
  readonly sample: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly assert?: readonly RunAssertion[];
  readonly line?: number;
}

/** A column that runs its own prompt on its own model (a variant of a logical prompt). */
export interface CompareColumn {
  readonly model: string;
  /** The column's parsed prompt; its `config` is translated for `model`. */
  readonly prompt: PromptFile;
  /** As shown in the run file (workspace-relative in the editor). */
  readonly promptPath: string;
  /** Shown in the column's header and exports, e.g. `support-agent.claude`. */
  readonly label: string;
  /** Partials for this prompt's `{{> name}}`; default: the setup's. */
  readonly loadPartial?: (name: string) => string | undefined;
}

interface CompareSetupCommon {
  /** As shown in the run file (workspace-relative in the editor); with `columns`, the logical prompt's base file. */
  readonly promptPath: string;
  /** Partials for `{{> name}}`. */
  readonly loadPartial?: (name: string) => string | undefined;
  readonly inputs: readonly CompareInput[];
  /** Runs per (model, input); > 1 bypasses the cache. Default 1. */
  readonly repeat?: number;
  /** Grades `rubric` assertions; without it they fail with "no judge model chosen". */
  readonly judgeModel?: string;
  readonly samplesPath?: string;
  /** Default true. */
  readonly useCache?: boolean;
  readonly scheduler?: SchedulerOptions;
}

/** One prompt on many models ("Compare Models"): every column renders the same messages. */
export interface SinglePromptSetup extends CompareSetupCommon {
  /** The parsed prompt (`parsePromptFile`). Its `config` is translated per model. */
  readonly prompt: PromptFile;
  /** Model ids as given; one column each, in this order. */
  readonly models: readonly string[];
  readonly columns?: undefined;
}

/** Each column its own prompt on its own model ("Compare Variants"), over the same inputs. */
export interface PerColumnSetup extends CompareSetupCommon {
  readonly columns: readonly CompareColumn[];
  readonly prompt?: undefined;
  readonly models?: undefined;
}

export type CompareSetup = SinglePromptSetup | PerColumnSetup;

/** The engine's I/O, passed in by the editor or the CLI. */
export interface CompareEnvironment {
  readonly resolveTarget: TargetResolver;
  readonly createProvider: ProviderFactory;
  /** Prices by model id (the PriceCatalog's lookupModel); no price → no cost. */
  readonly prices: (modelId: string) => ModelPrices | undefined;
  /**
   * Token counter for `max-length` with unit `tokens` (defaults to the o200k count, loading
   * tiktoken on this thread: the editor passes its tokenizer worker's count instead).
   */
  readonly countTokens?: (modelId: string, text: string) => number | Promise<number>;
  /** Omitted, or `useCache: false`: no cache. */
  readonly cache?: ResponseCacheStore;
  readonly clock?: Clock;
  /** Aborting cancels everything (same as session.cancelAll()). */
  readonly signal?: AbortSignal;
  /** Every event, in order. Must not throw (exceptions are swallowed). */
  readonly onEvent?: (event: CompareEvent) => void;
}

// ---------------------------------------------------------------------------------------------
// Events

export type CompareEvent =
  /** The whole skeleton (columns, rows, queued cells): draw the grid from it. */
  | { readonly type: 'run-started'; readonly run: RunFile }
  | { readonly type: 'cell-started'; readonly cellId: string; readonly attempt: number }
  /** A piece of streamed text (append it). Batched by the UI, not by the engine. */
  | { readonly type: 'cell-chunk'; readonly cellId: string; readonly text: string }
  | {
      readonly type: 'retry-scheduled';
      readonly cellId: string;
      /** The attempt that will run next (2 = first retry). */
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  /** Terminal states carry the whole cell (output, timings, usage, cost, assertions, error). */
  | { readonly type: 'cell-done'; readonly cell: RunCell }
  | { readonly type: 'cell-failed'; readonly cell: RunCell }
  | { readonly type: 'cell-cancelled'; readonly cell: RunCell }
  /** A rerun queued a cell again (its output is cleared). */
  | { readonly type: 'cell-queued'; readonly cell: RunCell }
  /** A rating changed (rateCell). */
  | { readonly type: 'cell-rated'; readonly cell: RunCell }
  | { readonly type: 'column-summary'; readonly column: number; readonly summary: ColumnSummary }
  | { readonly type: 'progress'; readonly finished: number; readonly total: number; readonly running: number }
  /** No queued or running cell is left (fires again after every rerun batch). */
  | { readonly type: 'run-finished'; readonly run: RunFile };

// ---------------------------------------------------------------------------------------------
// The session

export interface RerunOptions {
  /** Skip the cache (default: a rerun reads the cache like a first run unless repeat > 1). */
  readonly bypassCache?: boolean;
}

/** A column's prompt as read again (its file may have changed since the run): "Rerun Column" of a variant. */
export interface ColumnPromptReload {
  readonly prompt: PromptFile;
  readonly loadPartial?: (name: string) => string | undefined;
}

/** A live comparison. `startCompare(setup, env)` creates one and starts it; `openRun(run, setup, env)` reopens a saved run idle. */
export interface CompareSession {
  /** The current state (a snapshot copy; safe to serialise). */
  run(): RunFile;
  /** Resolves when no cell is queued or running (again after reruns). */
  idle(): Promise<RunFile>;
  cancelAll(): void;
  cancelCell(cellId: string): void;
  rerunCell(cellId: string, options?: RerunOptions): void;
  /**
   * Reruns every cell of the column (model). With `reload`, a column that ran its own prompt (a
   * variant) first takes that prompt as given: rendered again for every row, its config translated
   * again, its recorded hash and config updated. Other columns ignore `reload`.
   */
  rerunColumn(column: number, options?: RerunOptions & { readonly reload?: ColumnPromptReload }): void;
  /** Sets or clears (undefined) a cell's rating. */
  rateCell(cellId: string, rating: Omit<CellRating, 'at'> | undefined): void;
}

export type { RunMessage };
