/**
 * The run file (`.promptscope/runs/<id>.json`): everything a comparison produced, enough to reopen
 * it, rerun a cell, export it, and turn a rated cell into a sample. It never holds a secret: every
 * string written through `serializeRun` passes the providers' redaction.
 */
import type { ProviderErrorKind } from '../providers/errors';
import type { ParamNote } from '../providers/translate';

export type { ParamNote };

/**
 * 2 added per-column prompts (`RunColumn.prompt`, `RunRow.byColumn`: "Compare Variants");
 * version 1 files (one prompt for every column) still load unchanged.
 */
export const RUN_FILE_VERSION = 2;
export type RunFileVersion = 1 | typeof RUN_FILE_VERSION;

export type RunMessageRole = 'system' | 'user' | 'assistant';

export interface RunMessage {
  readonly role: RunMessageRole;
  readonly content: string;
}

/** An assertion as written in a samples JSONL line (promptfoo-style). */
export interface RunAssertion {
  /** `equals`, `contains`, `not-contains`, `rubric`, `latency`, … (see compare/assertions). */
  readonly type: string;
  readonly value?: unknown;
  /** For `cost` / `latency` / `max-length`: the limit (USD, ms, chars). `value` is accepted too. */
  readonly threshold?: number;
  /** `max-length` only: count `chars` (default) or `tokens`. */
  readonly unit?: 'chars' | 'tokens';
}

export interface AssertionResult {
  readonly type: string;
  readonly pass: boolean;
  /** Why it passed or failed, fit to show in a badge's tooltip (the judge's reason for `rubric`). */
  readonly reason: string;
  /** The assertion as written (index into the row's `assert`). */
  readonly index: number;
}

export interface CellUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** False when the provider reported no usage (then the numbers are zeros). */
  readonly reported: boolean;
}

export interface CellRating {
  readonly verdict: 'up' | 'down';
  readonly note?: string;
  /** ISO time. */
  readonly at: string;
}

export interface CellError {
  readonly kind: ProviderErrorKind | 'config' | 'render' | 'internal';
  /** Redacted, human message (e.g. "fake had a server error (HTTP 500)…"). */
  readonly message: string;
  readonly status?: number;
}

export type CellStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** One (model × input × repeat) result. */
export interface RunCell {
  /** `c<column>-r<row>-k<repeat>`: stable across reruns and reloads. */
  readonly id: string;
  readonly column: number;
  readonly row: number;
  /** 0-based repeat index (0 when `repeat` is 1). */
  readonly repeat: number;
  status: CellStatus;
  /** Text so far while running; the whole reply when done; the partial text on failure. */
  output: string;
  finishReason?: string;
  /** Total latency; for a cached cell, the ORIGINAL latency of the call that filled the cache. */
  latencyMs?: number;
  /** Time to first token (streaming); for a cached cell, the original TTFT. */
  ttftMs?: number;
  usage?: CellUsage;
  /** From the pricing catalog and provider usage; undefined when the model has no known price. */
  costUsd?: number;
  /** True when the reply came from the response cache (latency/TTFT/usage/cost are the original's). */
  cached: boolean;
  /** ISO time the cached reply was first produced. */
  cachedAt?: string;
  /** HTTP attempts made (1 = no retry). 0 for cached or never-started cells. */
  attempts: number;
  /** Empty until the cell is done. */
  assertions: AssertionResult[];
  /** Done and every assertion passed (true when the row has none). False on error or cancel. */
  pass: boolean;
  error?: CellError;
  rating?: CellRating;
  /** The response-cache key of the request (hash of endpoint, model, translated params, messages). */
  requestKey?: string;
  /** ISO times. */
  startedAt?: string;
  finishedAt?: string;
}

export interface ColumnSummary {
  readonly cells: number;
  readonly done: number;
  readonly failed: number;
  readonly passed: number;
  /** passed / finished cells (done + failed), 0..1; null before any finished. */
  readonly passRate: number | null;
  readonly totalCostUsd: number | null;
  readonly meanCostUsd: number | null;
  readonly p50LatencyMs: number | null;
  readonly p95LatencyMs: number | null;
  /** Output tokens / (latency − TTFT) summed over done cells with usage. */
  readonly tokensPerSecond: number | null;
}

/** The prompt a column ran when the columns run different prompts (a variant each, on its own model). */
export interface RunColumnPrompt {
  /** The variant's name as shown (`support-agent.claude`, `support-agent` for the base file). */
  readonly label: string;
  /** Workspace-relative (or as given to the CLI) path of the column's prompt file. */
  readonly path: string;
  /** sha256 of that file's text when the run started. */
  readonly hash: string;
  /** Its generation config as written (translated for the column's model); reruns use it. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** One model column. */
export interface RunColumn {
  readonly index: number;
  /** The model id as given (`openai/gpt-4o`, `googleai/gemini-2.5-flash`). */
  readonly model: string;
  /** Endpoint name (`openai`, `anthropic`, `gemini`, `ollama`…); undefined when it did not resolve. */
  readonly endpoint?: string;
  /** Why the column cannot run (unknown provider, …); its cells fail with this message. */
  readonly configError?: string;
  /** The parameters as sent (the wire body without `messages`/`stream`), per the translation. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly paramNotes: readonly ParamNote[];
  /** Set when this column ran its own prompt (a variant); absent when every column ran the run's prompt. */
  readonly prompt?: RunColumnPrompt;
  summary: ColumnSummary;
}

/** What one prompt rendered for one input. */
export interface RunRender {
  readonly messages: readonly RunMessage[];
  /** Render failure: the cells it feeds fail with it. */
  readonly renderError?: string;
}

/** One input (a sample line, the default input, or `--input`). */
export interface RunRow {
  readonly index: number;
  /** The sample's `id`, else its 1-based line number as a string; `default` / `input` otherwise. */
  readonly sample: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly assert: readonly RunAssertion[];
  /** 1-based line in the samples file, when from one. */
  readonly line?: number;
  /** The rendered messages sent to every column (empty when the columns have their own prompts: see `byColumn`). */
  readonly messages: readonly RunMessage[];
  /** Render failure: every cell in the row fails with it. */
  readonly renderError?: string;
  /** Per column index, when the columns run their own prompts: what each column's prompt rendered for this input. */
  readonly byColumn?: readonly RunRender[];
}

export interface RunFile {
  readonly version: RunFileVersion;
  readonly id: string;
  /** ISO time. */
  readonly createdAt: string;
  /** Workspace-relative (or as given to the CLI) path of the prompt file (the logical prompt's base file when the columns are variants). */
  readonly promptPath: string;
  /** sha256 of the prompt file's text; with per-column prompts, of the columns' hashes in order. */
  readonly promptHash: string;
  /** Samples file path as given, when inputs came from one. */
  readonly samplesPath?: string;
  readonly repeat: number;
  /** The prompt's generation config as written (translated per column); reruns of a reopened run use it. A column's own `prompt.config` wins. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Model id grading `rubric` assertions, when the caller named one. */
  readonly judgeModel?: string;
  readonly columns: RunColumn[];
  readonly rows: RunRow[];
  /** column-major is not guaranteed: find cells by id or by (column, row, repeat). */
  readonly cells: RunCell[];
}
