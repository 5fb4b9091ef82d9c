// The migration-evaluation report panel's protocol, shared as types by the host (src/vscode/eval)
// and the webview (src/webview/eval.main.ts).
import type { SavedEvalReport } from '../core/eval/reportFile';
import type { RequestSpec } from './webviewProtocol';

export type { SavedEvalReport };

export interface EvalProgressState {
  readonly phase: 'baseline' | 'candidate' | 'models' | 'judge';
  readonly finished: number;
  readonly total: number;
}

export interface EvalPanelState {
  readonly report: SavedEvalReport | null;
  /** The workspace folder (URI string) the report's paths are relative to. */
  readonly root: string | null;
  /** Paths of the saved files, relative to `root`. */
  readonly savedJson: string | null;
  readonly savedMarkdown: string | null;
  /** Set while an evaluation runs (the previous report stays shown). */
  readonly running: EvalProgressState | null;
  readonly error: string | null;
}

export type EvalRequests = {
  /** Opens a prompt or samples file named in the report (workspace-relative). */
  open: RequestSpec<{ readonly path: string }, boolean>;
  /** Opens VS Code's diff editor on the two outputs of one input. */
  diffOutputs: RequestSpec<{ readonly sample: string }, boolean>;
  /** Opens the saved Markdown report. */
  openMarkdown: RequestSpec<Record<string, never>, boolean>;
  /** Runs the same evaluation again (progress + cancel); false when cancelled. */
  rerun: RequestSpec<Record<string, never>, boolean>;
  /** Cancels the running evaluation. */
  cancel: RequestSpec<Record<string, never>, boolean>;
};
