// The Compare Models panel's protocol, shared as types by the host (src/vscode/compare) and the
// webview (src/webview/compare.main.ts). The state is the core's run file; cells are addressed by
// their id, so a streamed chunk costs a few bytes.
import type { AssertionResult, ColumnSummary, RunCell, RunColumn, RunFile, RunRow } from '../core/compare/types';
import type { RequestSpec } from './webviewProtocol';

export type { RunFile, RunCell, RunColumn, RunRow, ColumnSummary, AssertionResult };

/** A rating as the webview sends it (the core stamps the time). */
export interface RatingInput {
  readonly verdict: 'up' | 'down';
  readonly note?: string;
}

export interface ComparePanelState {
  /** The run shown: the core's run file (no secrets by construction), updated as cells finish. */
  readonly run: RunFile | null;
  /** True while cells are queued or running. */
  readonly running: boolean;
  /** Saved under .promptscope/runs as this file (workspace-relative), once written. */
  readonly savedAs: string | null;
  /** A message for the whole panel (e.g. why nothing was sent). */
  readonly notice: string | null;
}

/** Host → webview while a run streams: changes since the last batch (the host sends at most ~20 a second). */
export interface ComparePatch {
  readonly type: 'patch';
  /** Streamed text to append, per cell id, in order. */
  readonly chunks?: readonly (readonly [cellId: string, text: string])[];
  /** Cells whose status or result changed (whole cells replace the old ones). */
  readonly cells?: readonly RunCell[];
  /** Scheduled retries: cell id → a short explanation ("429 rate limited; retry 1 of 3 in 1.0 s"). */
  readonly retries?: readonly (readonly [cellId: string, note: string])[];
  readonly summaries?: readonly (readonly [column: number, summary: ColumnSummary])[];
  readonly running?: boolean;
  readonly savedAs?: string | null;
}

export type CompareEvent = ComparePatch;

export type CompareRequests = {
  /** Cancels every running or queued cell; resolves to how many were cancelled. */
  cancelAll: RequestSpec<Record<string, never>, number>;
  cancelCell: RequestSpec<{ readonly cellId: string }, boolean>;
  /** Runs one cell again (retry after an error, or a fresh answer; the cache may answer it). */
  rerunCell: RequestSpec<{ readonly cellId: string }, boolean>;
  rerunColumn: RequestSpec<{ readonly column: number }, boolean>;
  rate: RequestSpec<{ readonly cellId: string; readonly rating: RatingInput | null }, boolean>;
  /** Appends the cell's input (with an assertion from its rating) to the samples file; resolves to a message. */
  saveAsSample: RequestSpec<{ readonly cellId: string }, string | null>;
  /** Opens the VS Code diff editor on two cells' outputs. */
  diff: RequestSpec<{ readonly left: string; readonly right: string }, boolean>;
  /** Opens the exact request body for a model (key redacted) with the dropped/renamed parameters. */
  showRequest: RequestSpec<{ readonly column: number }, boolean>;
  /** Asks where to save; resolves to the saved path, or null when cancelled. */
  export: RequestSpec<{ readonly format: 'md' | 'promptfoo' }, string | null>;
  openPrompt: RequestSpec<Record<string, never>, boolean>;
  /** Shows the Runs list (a quick pick) to open another run. */
  openRuns: RequestSpec<Record<string, never>, boolean>;
};
