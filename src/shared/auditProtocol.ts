// The Prompt Audit panel's protocol, shared as types by the host (src/vscode/audit) and the webview (src/webview/audit.main.ts).
import type { AuditReport } from '../core/audit/report';
import type { RequestSpec } from './webviewProtocol';

export type { AuditReport };
export type AuditExportFormat = 'md' | 'csv' | 'json';

export interface AuditPanelState {
  readonly report: AuditReport | null;
  /** True while a re-run is in progress (the table stays, the header says so). */
  readonly running: boolean;
  readonly error: string | null;
}

export type AuditRequests = {
  /** Opens the file at a 1-based line. Only paths that appear in the report are opened. */
  open: RequestSpec<{ readonly path: string; readonly line?: number }, boolean>;
  /** Asks where to save and writes the report; resolves to the saved path, or null when cancelled. */
  export: RequestSpec<{ readonly format: AuditExportFormat }, string | null>;
  /** Runs the audit again (with progress); resolves false when cancelled. */
  rerun: RequestSpec<Record<string, never>, boolean>;
};
