import * as vscode from 'vscode';
import { analysisDiagnostics, analyzePrompt, type AnalyzeOptions, type InputChoice, type PromptAnalysis, type PromptWorkspace } from '../../core/analysis';
import { EDITOR_RENDER_BUDGET } from '../../core/prompt';
import { COUNT_CONTINUES_NOTE } from '../../core/tokens';
import { PerDocumentDebouncer } from '../debounce';
import { formatBlock, threadShare } from '../blockingMonitor';
import type { Services } from '../services';

export const BUDGET_CHANNEL = 'promptscope.budget';

/**
 * How long a count waits for the tokenizer worker's answers (once it is loaded) before the lens
 * shows the `≈` estimate: a keystroke's new chunk comes back in a few ms, so the lens goes straight
 * to the exact count; a long text's first count shows the estimate and is replaced when it is done.
 */
const EXACT_WAIT_MS = 80;

/** When a render the time budget stopped is tried again (after the current burst of work). */
const RENDER_RETRY_MS = 50;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * When the tokenizer worker may start loading tiktoken. The load takes a core for 0.3–1.3 s; in a
 * window just opened on a prompt it landed right when VS Code asks for the first CodeLens, and on
 * two cores that held the lens back (bench/activation.bench.mjs: 1.0–1.2 s to the first lens, then
 * 0.7–0.9 s as the floor's, with the tokenizer loading after it). So: once VS Code has its first
 * lens (counted `≈` meanwhile, exact a moment later); 1.5 s after activation if no prompt is shown
 * by then or lenses are off; at the latest after 5 s.
 */
export async function tokenizerMayStart(analyses: Analyses, isPrompt: (doc: vscode.TextDocument) => boolean, lensesOn: () => boolean): Promise<void> {
  const lensShown = analyses.firstLensAnswered.then(() => delay(100));
  const awaitingLens = (): boolean => lensesOn() && vscode.window.visibleTextEditors.some((e) => isPrompt(e.document));
  const noPromptShown = delay(1_500).then(() => (awaitingLens() ? delay(3_500) : undefined));
  await Promise.race([lensShown, noPromptShown]);
}

interface Entry {
  version: number;
  exact: boolean;
  /** Some counts are estimates until the tokenizer answers (a recount follows by itself). */
  estimated?: boolean;
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
  /** Documents whose first render stopped on the editor's time budget and were rendered once more. */
  private readonly renderRetried = new Set<string>();
  private readonly debouncer = new PerDocumentDebouncer();
  private firstCountLogged = false;
  private resolveFirstLens!: () => void;
  /**
   * Resolves when VS Code has been given its first CodeLens answer: startup work that can wait lets
   * it go first (VS Code asks a fixed while after the editor opens, and a busy host answers late).
   */
  readonly firstLensAnswered = new Promise<void>((resolve) => { this.resolveFirstLens = resolve; });
  private firstExactCountLogged = false;
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

  /** The CodeLens provider answered VS Code (see `firstLensAnswered`). */
  noteLensAnswered(): void {
    this.resolveFirstLens();
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
    entry.analysis = this.compute(doc, exact).then(({ analysis, estimated }) => {
      entry.settled = analysis;
      entry.estimated = estimated;
      // Part of the text is still estimated (the tokenizer worker has not answered yet, or, without
      // the worker, the time budget ran out): count again when it has; the cache keeps the progress.
      if (estimated) {
        const recount = (): void => {
          if (this.entries.get(key) === entry && entry.version === doc.version) this.invalidate(doc);
        };
        const tokens = this.services.engine.tokens;
        if (tokens.countsOffThread) void tokens.whenIdle().then(recount);
        else setTimeout(recount, 30);
      }
      // A cold first render (the template compiles, the code is not optimised yet) can run past the
      // editor's budget where a warm one does not: render once more, a moment later, before the lens
      // settles for the template text. Once per document: typing in a template that really blows up
      // must not render every version twice.
      if (analysis?.renderError?.budgetExceeded && !this.renderRetried.has(key)) {
        this.renderRetried.add(key);
        setTimeout(() => {
          if (this.entries.get(key) === entry && entry.version === doc.version) this.invalidate(doc);
        }, RENDER_RETRY_MS);
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

  /** The analysis, and whether some of its counts are still estimates waiting for the tokenizer. */
  private async compute(doc: vscode.TextDocument, exact: boolean): Promise<{ analysis: PromptAnalysis | undefined; estimated: boolean }> {
    const started = Date.now();
    const tokens = this.services.engine.tokens;
    const analyze = (): Promise<PromptAnalysis> => analyzePrompt({ ...this.optionsFor(doc, doc.getText()), exact });
    try {
      let deferrals = tokens.deferrals;
      let analysis = await analyze();
      // New chunks went to the tokenizer worker: once it is loaded its answer is a few ms away, so
      // wait briefly and count again from the cache rather than show a `≈` that changes at once.
      if (tokens.deferrals !== deferrals && this.services.engine.tokenizer.warmed) {
        const answered = await Promise.race([tokens.whenIdle().then(() => true), delay(EXACT_WAIT_MS).then(() => false)]);
        if (answered) {
          deferrals = tokens.deferrals;
          analysis = await analyze();
        }
      }
      // Also true for a count the time budget cut short (no worker): its note says so.
      const estimated = tokens.deferrals !== deferrals || analysis.report.models.some((m) => m.notes.some((n) => n.includes(COUNT_CONTINUES_NOTE)));
      this.services.log.trace(`counted ${doc.uri.path} v${doc.version}${exact ? ' (exact)' : ''}${estimated ? ' (≈ for now)' : ''} in ${Date.now() - started} ms`);
      this.logStartupMetrics(estimated, started);
      return { analysis, estimated };
    } catch (e) {
      this.services.log.error(`counting ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return { analysis: undefined, estimated: false };
    }
  }

  /** Read by bench/activation.bench.mjs: activation → first count (maybe `≈`) → first exact count, heap added, longest block. */
  private logStartupMetrics(estimated: boolean, started: number): void {
    if (this.firstExactCountLogged) return;
    const { at, heapUsed, blocking } = this.services.startup;
    const sinceActivation = Math.round(performance.now() - at);
    if (!this.firstCountLogged) {
      this.firstCountLogged = true;
      const heapMb = (process.memoryUsage().heapUsed - heapUsed) / 1024 / 1024;
      this.services.log.info(`metrics: first count took ${Date.now() - started} ms, ready ${sinceActivation} ms after activation; heap +${heapMb.toFixed(1)} MB (${estimated ? '≈ while the tokenizer loads' : 'exact'})`);
    }
    if (estimated) return;
    this.firstExactCountLogged = true;
    this.services.log.info(`metrics: first exact count ready ${sinceActivation} ms after activation`);
    if (blocking) {
      // A second after the first exact count (the tokenizer is loaded by then): what loading cost the extension host at worst.
      setTimeout(() => {
        const longest = blocking.stop();
        const log = (line: string): void => this.services.log.info(`metrics: ${line}`);
        log(`longest blocking task ${longest.ms} ms (activation → first exact count + 1 s), ended ${longest.endedAfter} ms after activation${threadShare(longest)}`);
        // The thread's own work only: the rest of a block it waited for a CPU that other threads held.
        if (blocking.longestRunMs !== undefined) log(`longest blocking task counting the thread's own run time ${blocking.longestRunMs} ms`);
        log(`blocks over 30 ms (ended after activation: length) ${blocking.blocks.map((b) => `${b.endedAfter}: ${formatBlock(b)}`).join(', ') || 'none'}`);
      }, 1000);
    }
  }

  /**
   * The analysis of the current version once every count in it is exact (for features that keep
   * numbers, such as caching hints): waits for the tokenizer when the latest one is still `≈`.
   */
  async getCounted(doc: vscode.TextDocument): Promise<PromptAnalysis | undefined> {
    const key = doc.uri.toString();
    for (let pass = 0; ; pass++) {
      const analysis = await this.get(doc);
      const entry = this.entries.get(key);
      if (!entry?.estimated || entry.version !== doc.version || pass >= 4) return analysis;
      await this.services.engine.tokens.whenIdle();
      if (this.entries.get(key) === entry) this.invalidate(doc);
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
    this.renderRetried.delete(key);
    this.debouncer.cancel(doc);
  }

  dispose(): void {
    this.debouncer.dispose();
    this.emitter.dispose();
  }
}
