import * as vscode from 'vscode';
import type { CompareEvent as CoreEvent, CompareSession, CompareSetup, ColumnSummary, RunCell, RunFile } from '../../core/compare/types';
import type { ComparePanelState, ComparePatch, CompareRequests } from '../../shared/compareProtocol';
import { PanelHost, type RequestHandlers } from '../webview/panelHost';
import type { Services } from '../services';

export const COMPARE_VIEW_TYPE = 'promptscope.compare';
/** Streamed chunks are sent to the webview at most this often (the webview draws once per frame). */
const BATCH_MS = 50;

/** What the panel needs from the feature: the session's actions, saving, and the document helpers. */
export interface PanelActions {
  readonly handlers: (panel: ComparePanel) => RequestHandlers<CompareRequests>;
}

/**
 * One comparison panel: owns the webview and the current session, turns the core's event stream
 * into batched patches for the webview, and keeps the full state for hide/show and reloads.
 */
export class ComparePanel {
  private static readonly panels = new Set<ComparePanel>();
  private readonly host: PanelHost<ComparePanelState, CompareRequests, ComparePatch>;
  private state: ComparePanelState;
  session: CompareSession | undefined;
  /** Where the prompt file lives (for reruns and "open prompt"); undefined for a run opened without its prompt. */
  promptUri: vscode.Uri | undefined;
  /** The folder `.promptscope/runs` is written to. */
  runsFolder: vscode.Uri | undefined;
  /** The run file being written after the last `run-finished`. */
  lastSave: Promise<string | undefined> | undefined;
  /** What the session runs (the prompt's config feeds "Show Request"). */
  setup: CompareSetup | undefined;

  // The batch being collected for the webview.
  private chunks: [string, string][] = [];
  private cells = new Map<string, RunCell>();
  private retries = new Map<string, string>();
  private summaries = new Map<number, ColumnSummary>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Chunks received from the core and patches posted to the webview (batching at work). */
  readonly stats = { chunks: 0, patches: 0 };
  private readonly finishedEmitter = new vscode.EventEmitter<RunFile>();
  /** Fires on every `run-finished` (again after reruns). */
  readonly onDidFinish = this.finishedEmitter.event;
  private readonly ratedEmitter = new vscode.EventEmitter<RunCell>();
  /** A rating was stored by the core (cell-rated). */
  readonly onDidRate = this.ratedEmitter.event;
  private readonly progressEmitter = new vscode.EventEmitter<{ finished: number; total: number; running: number }>();
  /** The core's progress events (for the notification). */
  readonly onProgress = this.progressEmitter.event;
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, services: Services, actions: PanelActions, initial: ComparePanelState) {
    this.state = initial;
    this.host = new PanelHost<ComparePanelState, CompareRequests, ComparePatch>(panel, {
      viewType: COMPARE_VIEW_TYPE,
      title: panel.title,
      script: 'compare',
      extensionUri: services.context.extensionUri,
      log: services.log,
      handlers: actions.handlers(this),
    });
    this.host.setState(this.state);
    ComparePanel.panels.add(this);
    this.host.onDidDispose(() => {
      ComparePanel.panels.delete(this);
      this.session?.cancelAll();
      if (this.timer) clearTimeout(this.timer);
      this.disposeEmitter.fire();
      this.disposeEmitter.dispose();
      this.finishedEmitter.dispose();
      this.progressEmitter.dispose();
      this.ratedEmitter.dispose();
    });
  }

  static all(): readonly ComparePanel[] {
    return [...ComparePanel.panels];
  }

  /** The panel shown last (the one tests and commands without a target act on). */
  static latest(): ComparePanel | undefined {
    return [...ComparePanel.panels].at(-1);
  }

  static disposeAll(): void {
    for (const p of [...ComparePanel.panels]) p.panel.dispose();
  }

  current(): ComparePanelState {
    this.flushNow();
    return this.state;
  }

  /** The webview's HTML as VS Code loads it (for the secret-scan test). */
  html(): string {
    return this.panel.webview.html;
  }

  /** Replaces the whole state (a new run, a reopened run). */
  reset(state: ComparePanelState): void {
    this.dropBatch();
    this.state = state;
    this.host.setState(state);
  }

  update(change: Partial<ComparePanelState>): void {
    this.flushNow();
    this.state = { ...this.state, ...change };
    this.host.setState(this.state);
  }

  /** The event sink passed to the core engine. */
  readonly onEvent = (event: CoreEvent): void => {
    switch (event.type) {
      case 'run-started':
        this.reset({ ...this.state, run: event.run, running: true });
        return;
      case 'cell-started': {
        // A new attempt starts from an empty output (chunks of a failed attempt are dropped).
        const current = this.cells.get(event.cellId) ?? this.state.run?.cells.find((c) => c.id === event.cellId);
        this.chunks = this.chunks.filter(([id]) => id !== event.cellId);
        if (current) this.cells.set(event.cellId, { ...current, status: 'running', output: '' });
        break;
      }
      case 'cell-chunk':
        this.chunks.push([event.cellId, event.text]);
        this.stats.chunks++;
        break;
      case 'retry-scheduled':
        this.retries.set(event.cellId, `${event.reason}; retry ${event.attempt - 1} in ${(event.delayMs / 1000).toFixed(1)} s`);
        break;
      case 'cell-done':
      case 'cell-failed':
      case 'cell-cancelled':
      case 'cell-queued':
      case 'cell-rated':
        // A whole cell supersedes the chunks collected for it so far.
        this.chunks = this.chunks.filter(([id]) => id !== event.cell.id);
        this.cells.set(event.cell.id, event.cell);
        if (event.type === 'cell-queued') this.state = { ...this.state, running: true };
        if (event.type === 'cell-rated') this.ratedEmitter.fire(event.cell);
        break;
      case 'column-summary':
        this.summaries.set(event.column, event.summary);
        break;
      case 'progress':
        this.progressEmitter.fire({ finished: event.finished, total: event.total, running: event.running });
        return;
      case 'run-finished':
        this.flushNow();
        this.state = { ...this.state, run: event.run, running: false };
        this.send({ type: 'patch', running: false, cells: event.run.cells.filter((c) => c.status !== 'queued'), summaries: event.run.columns.map((c) => [c.index, c.summary] as const) });
        this.finishedEmitter.fire(event.run);
        return;
    }
    this.scheduleFlush();
  };

  /** Tells the webview the run was saved. */
  saved(relativePath: string): void {
    this.flushNow();
    this.state = { ...this.state, savedAs: relativePath };
    this.send({ type: 'patch', savedAs: relativePath });
  }

  /**
   * A patch to the webview, once it is ready; before that (a run answered from the cache can
   * finish while the webview still loads) its first state is kept current instead.
   */
  private send(patch: ComparePatch): void {
    if (this.host.isReady) this.host.emit(patch);
    else this.host.setState(this.state);
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flushNow(), BATCH_MS);
  }

  private dropBatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.cells.clear();
    this.retries.clear();
    this.summaries.clear();
  }

  /** Sends what was collected, and folds it into the host's copy of the state. */
  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.chunks.length && !this.cells.size && !this.retries.size && !this.summaries.size) return;
    const patch: ComparePatch = {
      type: 'patch',
      ...(this.chunks.length ? { chunks: this.chunks } : {}),
      ...(this.cells.size ? { cells: [...this.cells.values()] } : {}),
      ...(this.retries.size ? { retries: [...this.retries] } : {}),
      ...(this.summaries.size ? { summaries: [...this.summaries] } : {}),
      running: this.state.running,
    };
    this.state = foldPatch(this.state, patch);
    this.dropBatch();
    this.stats.patches++;
    this.send(patch);
  }
}

/** The host's copy of what the webview shows (so a reload restores it without replaying events). */
function foldPatch(state: ComparePanelState, patch: ComparePatch): ComparePanelState {
  const run = state.run;
  if (!run) return state;
  const appended = new Map<string, string>();
  for (const [id, text] of patch.chunks ?? []) appended.set(id, (appended.get(id) ?? '') + text);
  const replaced = new Map((patch.cells ?? []).map((c) => [c.id, c]));
  const cells = appended.size || replaced.size
    ? run.cells.map((c) => replaced.get(c.id) ?? (appended.has(c.id) ? { ...c, status: 'running' as const, output: c.output + (appended.get(c.id) ?? '') } : c))
    : run.cells;
  const summaries = new Map(patch.summaries ?? []);
  const columns = summaries.size ? run.columns.map((c) => (summaries.has(c.index) ? { ...c, summary: summaries.get(c.index) as ColumnSummary } : c)) : run.columns;
  return { ...state, run: { ...run, cells, columns } };
}
