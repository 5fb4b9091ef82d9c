import * as vscode from 'vscode';
import { analysisDiagnostics, analyzePrompt, type AnalyzeOptions, type InputChoice, type PromptAnalysis, type PromptWorkspace } from '../../core/analysis';
import { EDITOR_RENDER_BUDGET } from '../../core/prompt';
import { COUNT_CONTINUES_NOTE } from '../../core/tokens';
import { PerDocumentDebouncer } from '../debounce';
import type { Services } from '../services';

export const BUDGET_CHANNEL = 'promptscope.budget';

interface Entry {
  version: number;
  exact: boolean;
  analysis: Promise<PromptAnalysis | undefined>;
  settled?: PromptAnalysis;
}

/**
 * The latest token analysis of each prompt document, recomputed a moment after typing stops.
 * Lenses, the status bar and budget diagnostics all read from here, so a keystroke is counted
 * once (and the token service's chunk cache makes that count touch only the edited part).
 */
export class Analyses implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly inputs = new Map<string, InputChoice>();
  /** Documents whose current version should be counted exactly (Anthropic count_tokens). */
  private readonly exactVersions = new Map<string, number>();
  private readonly debouncer = new PerDocumentDebouncer();
  private firstCountLogged = false;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidUpdate = this.emitter.event;
  readonly workspace: PromptWorkspace;

  constructor(private readonly services: Services) {
    this.workspace = { readText: (path) => services.documents.readTextAsync(path) };
  }

  inputFor(doc: vscode.TextDocument): InputChoice {
    return this.inputs.get(doc.uri.toString()) ?? { kind: 'default' };
  }

  setInput(doc: vscode.TextDocument, choice: InputChoice): void {
    this.inputs.set(doc.uri.toString(), choice);
    this.invalidate(doc);
  }

  /** Count this version exactly; a later edit returns to offline counts until asked again (or saved, if set). */
  requestExact(doc: vscode.TextDocument): Promise<PromptAnalysis | undefined> {
    this.exactVersions.set(doc.uri.toString(), doc.version);
    this.invalidate(doc);
    return this.get(doc);
  }

  /** The last finished analysis, if it is of the current version (what synchronous UI can show). */
  latest(doc: vscode.TextDocument): PromptAnalysis | undefined {
    const entry = this.entries.get(doc.uri.toString());
    return entry && entry.version === doc.version ? entry.settled : undefined;
  }

  /** The analysis of the current version, computing it if needed. */
  get(doc: vscode.TextDocument): Promise<PromptAnalysis | undefined> {
    if (!this.services.documents.isPrompt(doc)) return Promise.resolve(undefined);
    const key = doc.uri.toString();
    const exact = this.exactVersions.get(key) === doc.version;
    const existing = this.entries.get(key);
    if (existing && existing.version === doc.version && existing.exact === exact) return existing.analysis;
    const entry: Entry = { version: doc.version, exact, analysis: Promise.resolve(undefined) };
    entry.analysis = this.compute(doc, exact).then((analysis) => {
      entry.settled = analysis;
      // Counting hit its time budget (a long text): count again in a later task; the cache keeps the progress.
      if (analysis?.report.models.some((m) => m.notes.some((n) => n.includes(COUNT_CONTINUES_NOTE)))) {
        setTimeout(() => {
          if (this.entries.get(key) === entry && entry.version === doc.version) this.invalidate(doc);
        }, 30);
      }
      if (analysis) this.services.diagnostics.set(BUDGET_CHANNEL, doc, analysisDiagnostics(analysis));
      this.emitter.fire(doc.uri);
      return analysis;
    });
    this.entries.set(key, entry);
    return entry.analysis;
  }

  /**
   * How the lens analyses `text` as this document (its input, targets, partials, settings): also for
   * a proposed edit of it (a compression's before and after), so those numbers are the lens's.
   */
  optionsFor(doc: vscode.TextDocument, text: string): Omit<AnalyzeOptions, 'exact'> {
    // The checks already parsed this version (PromptDocuments caches per version): no second parse per keystroke.
    const parsed = this.services.documents.get(doc);
    return {
      fileName: this.services.documents.fileNameFor(doc),
      text,
      ...(parsed ? { parsed } : {}),
      workspace: this.workspace,
      input: this.inputFor(doc),
      defaultTargets: this.services.config.defaultTargets,
      partialDirs: this.services.documents.partialDirsFor(doc),
      helpers: this.services.config.helpers,
      ...(this.services.config.budget !== undefined ? { budget: this.services.config.budget } : {}),
      deps: { tokens: this.services.engine.tokens, catalog: this.services.engine.catalog },
      renderBudget: EDITOR_RENDER_BUDGET,
    };
  }

  private async compute(doc: vscode.TextDocument, exact: boolean): Promise<PromptAnalysis | undefined> {
    const started = Date.now();
    try {
      const analysis = await analyzePrompt({ ...this.optionsFor(doc, doc.getText()), exact });
      this.services.log.trace(`counted ${doc.uri.path} v${doc.version}${exact ? ' (exact)' : ''} in ${Date.now() - started} ms`);
      if (!this.firstCountLogged) {
        // Read by bench/activation.bench.mjs: cold activation → first CodeLens result, heap added.
        this.firstCountLogged = true;
        const { at, heapUsed } = this.services.startup;
        const heapMb = (process.memoryUsage().heapUsed - heapUsed) / 1024 / 1024;
        this.services.log.info(`metrics: first count took ${Date.now() - started} ms, ready ${Math.round(performance.now() - at)} ms after activation; heap +${heapMb.toFixed(1)} MB`);
        const blocking = this.services.startup.blocking;
        if (blocking) {
          // A second after the first count: what loading cost the extension host at worst.
          setTimeout(() => this.services.log.info(`metrics: longest blocking task ${blocking.stop()} ms (activation → first count + 1 s)`), 1000);
        }
      }
      return analysis;
    } catch (e) {
      this.services.log.error(`counting ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  }

  /** Debounced: typing schedules one recount after a short pause. */
  schedule(doc: vscode.TextDocument): void {
    // Counts follow typing closely (≤ 150 ms); the token chunk cache keeps each recount small.
    this.debouncer.schedule(doc, this.services.documents.debounceFor(doc, Math.min(this.services.config.debounceMs, 150)), (d) => { void this.get(d); });
  }

  invalidate(doc: vscode.TextDocument): void {
    this.entries.delete(doc.uri.toString());
    void this.get(doc);
  }

  invalidateAll(): void {
    this.entries.clear();
    for (const doc of vscode.workspace.textDocuments) if (this.services.documents.isPrompt(doc)) void this.get(doc);
  }

  forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.entries.delete(key);
    this.exactVersions.delete(key);
    this.debouncer.cancel(doc);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.emitter.dispose();
  }
}
