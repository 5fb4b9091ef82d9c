import * as vscode from 'vscode';
import { isSkippedFolder, promptFilesGlob, promptFileMatcher, promptFilterFor, SKIPPED_FOLDERS_GLOB, type PromptWorkspace } from '../../core/analysis';
import {
  auditToCsv,
  auditToJson,
  auditToMarkdown,
  isAuditCancelled,
  AuditCancelledError,
  AUDIT_REPORT_VERSION,
  runAudit,
  type AuditInputFile,
  type AuditReport,
} from '../../core/audit';
import type { AuditExportFormat, AuditPanelState, AuditRequests } from '../../shared/auditProtocol';
import { PanelHost } from '../webview/panelHost';
import { readWorkspaceRunFiles } from './runFiles';
import type { Config } from '../config';
import type { Feature, Services } from '../services';

export const AUDIT_COMMAND = 'promptscope.audit';
export const AUDIT_VIEW_TYPE = 'promptscope.auditReport';
const TITLE = 'Prompt Audit';

export interface AuditCommandArgs {
  /** Overrides the `promptscope.audit.callsPerMonth` setting for this run. */
  readonly callsPerMonth?: number;
  /** Audit only this folder, named explicitly (Explorer "Audit Folder"): a prompts folder, as on the CLI. */
  readonly folder?: vscode.Uri | string;
}

export const AUDIT_FOLDER_COMMAND = 'promptscope.auditFolder';

interface AuditSettings {
  readonly callsPerMonth: number;
  readonly selfHostingThresholdUsd: number | undefined;
}

/** `promptscope.audit.callsPerMonth` (a positive `callsPerMonth` argument wins) and `promptscope.audit.selfHostingThresholdUsd`. */
function auditSettings(config: Config, args: AuditCommandArgs | undefined): AuditSettings {
  const fromArgs = args?.callsPerMonth;
  return {
    callsPerMonth: typeof fromArgs === 'number' && Number.isFinite(fromArgs) && fromArgs > 0 ? fromArgs : config.callsPerMonth,
    selfHostingThresholdUsd: config.selfHostingThresholdUsd,
  };
}

/**
 * The prompt files of the workspace, or of one folder named in the Explorer, by the same rule as the
 * CLI's `count`, `check` and `audit` (core `promptFilterFor` + `promptFileMatcher`): `.prompt`/`.prompty`,
 * plus the plain `.md`/`.txt` files `promptscope.textPromptGlobs` names (relative to the workspace
 * folder) when declared; when not declared, a folder named is a prompts folder (its `.md`/`.txt`
 * count) while the whole workspace keeps its READMEs out. Dependency and hidden folders skipped.
 */
async function findPromptFiles(services: Services, token: vscode.CancellationToken, folder?: vscode.Uri): Promise<vscode.Uri[]> {
  const filter = promptFilterFor(services.config.declaredTextPromptGlobs, folder ? 'named-folder' : 'workspace');
  const wanted = promptFileMatcher(filter);
  const extensions = promptFilesGlob(filter.plainTextByDefault);
  const searches = [
    vscode.workspace.findFiles(folder ? new vscode.RelativePattern(folder, extensions) : extensions, SKIPPED_FOLDERS_GLOB, undefined, token),
    // Declared globs are relative to the workspace folder, also when only a folder of it is audited.
    ...(filter.alsoInclude ?? []).map((glob) => vscode.workspace.findFiles(glob, SKIPPED_FOLDERS_GLOB, undefined, token)),
  ];
  const inFolder = (uri: vscode.Uri): boolean => !folder || uri.toString().startsWith(folder.toString().replace(/\/?$/, '/'));
  const unique = new Map<string, vscode.Uri>();
  for (const uri of (await Promise.all(searches)).flat()) {
    const relative = vscode.workspace.asRelativePath(uri, false);
    if (!inFolder(uri) || relative.split('/').slice(0, -1).some(isSkippedFolder) || !wanted(relative)) continue;
    unique.set(uri.toString(), uri);
  }
  return [...unique.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** Open documents first (unsaved edits count), then the file system. */
async function readPromptFiles(uris: readonly vscode.Uri[], token: vscode.CancellationToken): Promise<AuditInputFile[]> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const decoder = new TextDecoder('utf-8');
  const files: AuditInputFile[] = [];
  for (const uri of uris) {
    if (token.isCancellationRequested) throw new AuditCancelledError();
    const doc = open.get(uri.toString());
    let text: string | undefined = doc?.getText();
    let modifiedAt: number | undefined;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      modifiedAt = stat.mtime;
      if (text === undefined) text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      // Deleted since it was found, or unreadable: leave it out (an open untitled buffer still counts).
    }
    if (text === undefined) continue;
    files.push({ path: pathOf(uri), relativePath: vscode.workspace.asRelativePath(uri), text, ...(modifiedAt !== undefined ? { modifiedAt } : {}) });
  }
  return files;
}

/** Runs the audit with a cancellable progress notification; undefined when cancelled. */
async function auditWorkspace(services: Services, args: AuditCommandArgs | undefined): Promise<AuditReport | undefined> {
  const settings = auditSettings(services.config, args);
  const cost = services.config.cost;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const trafficPath = cost.trafficFile && folder ? pathOf(vscode.Uri.joinPath(folder, cost.trafficFile)) : cost.trafficFile;
  const workspace: PromptWorkspace = { readText: (path) => services.documents.readTextAsync(path) };
  const started = Date.now();
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: TITLE, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          progress.report({ message: 'finding prompt files…' });
          const folderArg = args?.folder;
          const uris = await findPromptFiles(services, token, folderArg === undefined ? undefined : typeof folderArg === 'string' ? vscode.Uri.parse(folderArg) : folderArg);
          if (token.isCancellationRequested) throw new AuditCancelledError();
          const files = await readPromptFiles(uris, token);
          const runs = await readWorkspaceRunFiles();
          let reported = 0;
          let pass = 0;
          // Exact counts: a first pass sends the new text to the tokenizer worker; the next reads its counts.
          return await services.engine.tokens.settled(() => { pass++; return runAudit({
            files,
            workspace,
            deps: { tokens: services.engine.tokens, catalog: services.engine.catalog },
            defaultTargets: services.config.defaultTargets,
            callsPerMonth: settings.callsPerMonth,
            ...(services.config.budget !== undefined ? { budget: services.config.budget } : {}),
            ...(settings.selfHostingThresholdUsd !== undefined ? { selfHostingThresholdUsd: settings.selfHostingThresholdUsd } : {}),
            batch: cost.batch,
            ...(trafficPath ? { trafficPath } : {}),
            users: cost.users,
            callsPerUser: cost.callsPerUser,
            selfHostingBandUsd: cost.selfHostingBandUsd,
            runs,
            signal: controller.signal,
            onProgress: (done, total) => {
              const percent = (done / total) * 100;
              progress.report({ increment: Math.max(0, percent - reported), message: `${done} of ${total} files${pass > 1 ? ' (exact counts)' : ''}` });
              reported = Math.max(reported, percent);
            },
          }); });
        } finally {
          subscription.dispose();
        }
      },
    );
    services.log.info(`prompt audit: ${report.totals.prompts} prompts, ${report.totals.partials} partials in ${Date.now() - started} ms`);
    return report;
  } catch (e) {
    if (isAuditCancelled(e)) {
      services.log.info('prompt audit cancelled');
      void vscode.window.showInformationMessage('Prompt Audit cancelled; no report was produced.');
      return undefined;
    }
    throw e;
  }
}

const EXPORTS: Record<AuditExportFormat, { render: (r: AuditReport) => string; label: string; extension: string }> = {
  md: { render: auditToMarkdown, label: 'Markdown', extension: 'md' },
  csv: { render: auditToCsv, label: 'CSV', extension: 'csv' },
  json: { render: auditToJson, label: 'JSON', extension: 'json' },
};

/** Every file the report refers to: the only ones the webview may ask to open. */
function reportPaths(report: AuditReport): Set<string> {
  const paths = new Set<string>();
  for (const p of report.prompts) {
    paths.add(p.path);
    for (const f of p.findings) paths.add(f.path);
    for (const partial of p.partials) paths.add(partial);
  }
  for (const p of report.partials) paths.add(p.path);
  for (const d of report.duplicatedPassages) for (const o of d.occurrences) paths.add(o.path);
  return paths;
}

function uriOf(path: string): vscode.Uri {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('/') || path.startsWith('\\\\') ? vscode.Uri.file(path) : vscode.Uri.parse(path);
}

/** The report panel: one at a time, reused by later runs. */
class AuditPanel {
  private static current: AuditPanel | undefined;
  private state: AuditPanelState;
  private readonly host: PanelHost<AuditPanelState, AuditRequests>;

  private constructor(private readonly services: Services, panel: vscode.WebviewPanel, report: AuditReport | null, private args: AuditCommandArgs | undefined) {
    this.state = { report, running: false, error: null };
    this.host = new PanelHost<AuditPanelState, AuditRequests>(panel, {
      viewType: AUDIT_VIEW_TYPE,
      title: TITLE,
      script: 'audit',
      extensionUri: services.context.extensionUri,
      log: services.log,
      handlers: {
        open: (params) => this.open(params.path, params.line),
        export: (params) => this.export(params.format),
        rerun: () => this.rerun(),
      },
    });
    this.host.onDidDispose(() => {
      if (AuditPanel.current === this) AuditPanel.current = undefined;
    });
    this.host.setState(this.state);
  }

  static show(services: Services, report: AuditReport, args: AuditCommandArgs | undefined): void {
    const existing = AuditPanel.current;
    if (existing) {
      existing.args = args;
      existing.update({ report, running: false, error: null });
      existing.host.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(AUDIT_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, { enableScripts: true });
    AuditPanel.current = new AuditPanel(services, panel, report, args);
  }

  /** After a reload: VS Code hands back the panel with the state the webview saved. */
  static restore(services: Services, panel: vscode.WebviewPanel, saved: AuditPanelState | undefined): void {
    AuditPanel.current?.host.panel.dispose();
    AuditPanel.current = new AuditPanel(services, panel, saved?.report ?? null, undefined);
  }

  private update(state: AuditPanelState): void {
    this.state = state;
    this.host.setState(state);
  }

  private async open(path: string, line: number | undefined): Promise<boolean> {
    const report = this.state.report;
    if (!report || typeof path !== 'string' || !reportPaths(report).has(path)) throw new Error('not a file of this report');
    const zeroBased = Math.max(0, Math.floor(Number(line ?? 1)) - 1 || 0);
    const position = new vscode.Position(zeroBased, 0);
    await vscode.window.showTextDocument(uriOf(path), { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One, preview: true });
    return true;
  }

  private async export(format: AuditExportFormat): Promise<string | null> {
    const report = this.state.report;
    const spec = EXPORTS[format];
    if (!report || !spec) throw new Error('nothing to export');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `prompt-audit-${report.generatedAt.slice(0, 10)}.${spec.extension}`;
    const target = await vscode.window.showSaveDialog({
      title: `Export Prompt Audit as ${spec.label}`,
      saveLabel: 'Export',
      filters: { [spec.label]: [spec.extension] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    });
    if (!target) return null;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(spec.render(report)));
    this.services.log.info(`prompt audit exported to ${target.toString(true)}`);
    return target.scheme === 'file' ? target.fsPath : target.toString(true);
  }

  private async rerun(): Promise<boolean> {
    this.update({ ...this.state, running: true, error: null });
    try {
      const report = await auditWorkspace(this.services, this.args);
      this.update({ report: report ?? this.state.report, running: false, error: null });
      return report !== undefined;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.update({ ...this.state, running: false, error: message });
      throw e;
    }
  }

  static disposeCurrent(): void {
    AuditPanel.current?.host.panel.dispose();
    AuditPanel.current = undefined;
  }
}

/**
 * The panel state in what the webview persisted: `HostConnection` saves `{ state, view }` (the
 * host's last state plus the view's sort order), not the state itself. A report of another
 * format version is dropped rather than shown wrongly.
 */
export function restoredPanelState(saved: unknown): AuditPanelState | undefined {
  if (!saved || typeof saved !== 'object') return undefined;
  const state = (saved as { state?: unknown }).state;
  if (!state || typeof state !== 'object') return undefined;
  const report = (state as { report?: unknown }).report;
  const valid = report && typeof report === 'object' && (report as { version?: unknown }).version === AUDIT_REPORT_VERSION && Array.isArray((report as { prompts?: unknown }).prompts);
  return { report: valid ? (report as AuditReport) : null, running: false, error: null };
}

/**
 * "Promptscope: Prompt Audit" (`promptscope.audit`): audits every prompt of the workspace with a
 * cancellable progress notification and shows the report in a webview. Returns the report (for
 * tests and other extensions), or undefined when cancelled. Accepts `{ callsPerMonth }`.
 */
async function runAuditCommand(services: Services, args: AuditCommandArgs | undefined): Promise<AuditReport | undefined> {
  try {
    const report = await auditWorkspace(services, args);
    if (report) AuditPanel.show(services, report, args);
    return report;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    services.log.error(`prompt audit failed: ${message}`);
    void vscode.window.showErrorMessage(`Prompt Audit failed: ${message}`);
    return undefined;
  }
}

export const auditFeature: Feature = (services) => [
  vscode.commands.registerCommand(AUDIT_COMMAND, (args?: AuditCommandArgs): Promise<AuditReport | undefined> =>
    runAuditCommand(services, args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : undefined)),
  // Explorer context menu on a folder: that folder, named explicitly (like `promptscope audit <folder>`).
  // The Explorer passes the selection as a second argument (an array): only an options object is read.
  vscode.commands.registerCommand(AUDIT_FOLDER_COMMAND, (folder?: vscode.Uri, args?: AuditCommandArgs): Promise<AuditReport | undefined> =>
    runAuditCommand(services, { ...(args && typeof args === 'object' && !Array.isArray(args) ? args : {}), ...(folder instanceof vscode.Uri ? { folder } : {}) })),
  vscode.window.registerWebviewPanelSerializer(AUDIT_VIEW_TYPE, {
    deserializeWebviewPanel(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
      AuditPanel.restore(services, panel, restoredPanelState(saved));
      return Promise.resolve();
    },
  }),
  { dispose: () => AuditPanel.disposeCurrent() },
];
