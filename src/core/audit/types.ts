import type { PromptWorkspace } from '../analysis';
import type { MissingItem, PreservableCategory } from '../compress';
import type { PriceCatalog } from '../pricing';
import type { TokenService } from '../tokens';

export * from './report';

/** The monthly call volume assumed per prompt when none is given (also the editor setting's default). */
export const DEFAULT_CALLS_PER_MONTH = 100_000;

export interface AuditDeps {
  readonly tokens: TokenService;
  readonly catalog: PriceCatalog;
}

export interface AuditInputFile {
  /** The path the workspace reads (partials and samples resolve next to it). */
  readonly path: string;
  /** For display and for `--fix --out` mirroring, with `/` separators. */
  readonly relativePath: string;
  readonly text: string;
  /** Last modification, ms since the epoch. */
  readonly modifiedAt?: number;
}

export interface AuditOptions {
  readonly files: readonly AuditInputFile[];
  readonly workspace: PromptWorkspace;
  readonly deps: AuditDeps;
  /** Targets of files that name none (`promptscope.defaultTargets`). */
  readonly defaultTargets: readonly string[];
  /** Replaces every file's targets (`--model`). */
  readonly targets?: readonly string[];
  /** Calls per month of every prompt; default `DEFAULT_CALLS_PER_MONTH`. */
  readonly callsPerMonth?: number;
  /** Budget (input tokens) for files that set none. */
  readonly budget?: number;
  /** Monthly USD of dedicated GPU capacity; enables the self-hosting section. */
  readonly selfHostingThresholdUsd?: number;
  /** Price every prompt as batch work (`promptscope.cost.batch`, `--batch`); otherwise only those with `batch: true`. */
  readonly batch?: boolean;
  /** Traffic sample (JSONL) for prompts whose frontmatter names no `traffic` file (`--traffic`). */
  readonly trafficPath?: string;
  /** Cost-curve volumes (users) and calls per user per prompt per month. */
  readonly users?: readonly number[];
  readonly callsPerUser?: number;
  /** The self-hosting band of the cost curve, USD per month; default 5,000–20,000. */
  readonly selfHostingBandUsd?: readonly [number, number];
  /** Parsed comparison run files (`.promptscope/runs/*.json`) for observed output lengths; others are skipped. */
  readonly runs?: readonly unknown[];
  /** Stops the audit at the next file; `runAudit` then rejects with `AuditCancelledError`. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** For reproducible reports (tests); default now. */
  readonly now?: Date;
  /** Minimum words of a passage counted as duplicated; default 12. */
  readonly minPassageWords?: number;
}

/** Thrown (as the rejection of `runAudit`) when the signal aborts the audit. */
export class AuditCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('the audit was cancelled');
  }
}

export function isAuditCancelled(e: unknown): e is AuditCancelledError {
  return e instanceof AuditCancelledError;
}

/** The preservation categories whose loss `--fix` counts as a violation (the bench's goal is zero). */
export const VIOLATION_CATEGORIES: readonly PreservableCategory[] = ['numbers', 'urls', 'templateVariables', 'negations'];

export interface AuditFixResult {
  readonly text: string;
  readonly changed: boolean;
  /** Passes of safe fixes that changed the text (at most 3). */
  readonly passes: number;
  readonly applied: number;
  readonly modelId: string;
  /** Tokens of the file's body (frontmatter excluded) before and after, on `modelId`. */
  readonly tokensBefore: number;
  readonly tokensAfter: number;
  /** Numbers, URLs, template variables and negations of the original missing after the fix. */
  readonly violations: readonly MissingItem[];
  /** Other differences `checkPreservation` reports (constraint wording, names, quotes). */
  readonly otherMissing: readonly MissingItem[];
}
