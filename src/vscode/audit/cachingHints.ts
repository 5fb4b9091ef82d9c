import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from '../languageIds';
import type { PromptAnalysis } from '../../core/analysis';
import { EDITOR_RENDER_BUDGET } from '../../core/prompt';
import {
  CACHE_PREFIX_DIAGNOSTIC,
  cachingDiagnostic,
  cachingHoverMarkdown,
  cachingSuggestion,
  observedOutputDiagnostic,
  observedOutputs,
  promptCaching,
  type CachingSuggestion,
  type PromptCaching,
} from '../../core/cost';
import { toRange } from '../convert';
import { PerDocumentDebouncer } from '../debounce';
import type { Feature, Services } from '../services';
import { readWorkspaceRunFiles, RUNS_GLOB } from './runFiles';

export const CACHING_CHANNEL = 'promptscope.caching';
export const OUTPUT_LIMIT_CHANNEL = 'promptscope.outputLimits';

/** The comparison run files of the workspace, read once and again when one changes. */
class RunFiles implements vscode.Disposable {
  private runs: Promise<unknown[]> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(RUNS_GLOB);
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor() {
    const changed = (): void => {
      this.invalidate();
      this.emitter.fire();
    };
    this.watcher.onDidCreate(changed);
    this.watcher.onDidChange(changed);
    this.watcher.onDidDelete(changed);
  }

  /** Read again next time (a watcher can miss files in a folder created after it started, e.g. the first run). */
  invalidate(): void {
    this.runs = undefined;
  }

  all(): Promise<unknown[]> {
    this.runs ??= readWorkspaceRunFiles();
    return this.runs;
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}
/** Waits longer than counting: the hint is advice, not something to follow keystrokes. */
const DEBOUNCE_MS = 600;

interface Hint {
  readonly version: number;
  readonly callsPerMonth: number;
  readonly analysis: PromptAnalysis;
  readonly caching: PromptCaching;
  readonly suggestion: CachingSuggestion | undefined;
}

/**
 * Prompt-caching hints in the editor: a hover on the first section's marker (and on the tag that
 * ends the prefix) with the cacheable tokens per target, and an info diagnostic when moving the
 * late-binding lines after the static text would save money. Its code action opens the move in
 * Refactor Preview with the edit unticked: reviewed, never applied by itself.
 */
class CachingHints implements vscode.HoverProvider, vscode.CodeActionProvider, vscode.Disposable {
  private readonly hints = new Map<string, Promise<Hint | undefined>>();
  private readonly debouncer = new PerDocumentDebouncer();
  readonly runFiles = new RunFiles();

  constructor(private readonly services: Services) {}

  /** The hint of the document's current version (computed once per version and volume). */
  hint(doc: vscode.TextDocument): Promise<Hint | undefined> {
    const settings = this.services.config.cost;
    if (!settings.cachingHints || !this.services.documents.isPrompt(doc)) return Promise.resolve(undefined);
    const key = doc.uri.toString();
    const pending = this.hints.get(key);
    if (pending) {
      return pending.then((h) => (h && h.version === doc.version && h.callsPerMonth === settings.callsPerMonth ? h : this.compute(doc, settings.callsPerMonth)));
    }
    return this.compute(doc, settings.callsPerMonth);
  }

  private compute(doc: vscode.TextDocument, callsPerMonth: number): Promise<Hint | undefined> {
    const version = doc.version;
    // The editor's render budget: a blow-up template must not stall the extension host here either.
    const deps = { tokens: this.services.engine.tokens, catalog: this.services.engine.catalog, renderBudget: EDITOR_RENDER_BUDGET };
    const task = (async (): Promise<Hint | undefined> => {
      // The token lens's analysis of this version (the same input and counts), not a second one; exact counts only.
      const analysis = await this.services.analyses.getCounted(doc);
      if (!analysis) return undefined;
      return this.services.engine.tokens.settled(async () => {
        const caching = await promptCaching(analysis, deps, callsPerMonth);
        if (!caching) return undefined;
        const suggestion = await cachingSuggestion(analysis, caching, deps, callsPerMonth);
        return { version, callsPerMonth, analysis, caching, suggestion };
      });
    })().catch((e: unknown) => {
      this.services.log.warn(`caching hint for ${doc.uri.toString()} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    });
    this.hints.set(doc.uri.toString(), task);
    return task;
  }

  async refresh(doc: vscode.TextDocument): Promise<void> {
    if (!this.services.documents.isPrompt(doc)) return;
    const hint = await this.hint(doc);
    if (doc.isClosed || doc.version !== hint?.version) {
      if (!hint) this.services.diagnostics.set(CACHING_CHANNEL, doc, []);
      return;
    }
    const diagnostic = cachingDiagnostic(hint.caching, hint.suggestion);
    this.services.diagnostics.set(CACHING_CHANNEL, doc, diagnostic ? [diagnostic] : []);
    // Observed reply lengths from comparison runs: a quick fix (user-invoked, undoable) sets the limit.
    const runs = await this.runFiles.all();
    if (doc.isClosed || doc.version !== hint.version) return;
    const observed = runs.length ? observedOutputs(runs, vscode.workspace.asRelativePath(doc.uri, false)) : [];
    const limit = observedOutputDiagnostic(hint.analysis.file, observed);
    this.services.diagnostics.set(OUTPUT_LIMIT_CHANNEL, doc, limit ? [limit] : []);
  }

  schedule(doc: vscode.TextDocument): void {
    if (!this.services.documents.isPrompt(doc)) return;
    this.debouncer.schedule(doc, this.services.documents.debounceFor(doc, DEBOUNCE_MS), (d) => { void this.refresh(d); });
  }

  forget(doc: vscode.TextDocument): void {
    this.hints.delete(doc.uri.toString());
    this.debouncer.cancel(doc);
  }

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const hint = await this.hint(doc);
    if (!hint || hint.version !== doc.version) return undefined;
    const file = hint.analysis.file;
    const first = file.sections[0];
    const end = hint.caching.prefixEnd;
    const onMarker = first !== undefined && position.line === first.headerLine;
    const endRange = end ? toRange(doc, { start: end.offset, end: end.end }) : undefined;
    if (!onMarker && !endRange?.contains(position)) return undefined;
    const markdown = new vscode.MarkdownString(cachingHoverMarkdown(hint.caching, hint.suggestion, hint.callsPerMonth));
    return new vscode.Hover(markdown, onMarker ? doc.lineAt(position.line).range : endRange);
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.code === CACHE_PREFIX_DIAGNOSTIC);
    if (ours.length === 0) return [];
    const hint = await this.hint(doc);
    if (!hint?.suggestion || hint.version !== doc.version) return [];
    const action = new vscode.CodeAction('Preview: move late-binding variables after the static text', vscode.CodeActionKind.RefactorRewrite);
    action.diagnostics = ours;
    const edit = new vscode.WorkspaceEdit();
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const gain = hint.suggestion.targets.filter((t) => t.extraCacheableTokens > 0).map((t) => `+${t.extraCacheableTokens} cacheable tokens on ${t.modelId}`).join(', ');
    // needsConfirmation: Refactor Preview opens with the change unticked; nothing moves unless the user ticks it.
    edit.replace(doc.uri, whole, hint.suggestion.text, { label: 'Move late-binding lines to the end of their section', description: gain, needsConfirmation: true });
    action.edit = edit;
    return [action];
  }

  dispose(): void {
    this.debouncer.dispose();
    this.runFiles.dispose();
    this.hints.clear();
  }
}

export const cachingHintsFeature: Feature = (services) => {
  const hints = new CachingHints(services);
  for (const doc of vscode.workspace.textDocuments) hints.schedule(doc);
  return [
    hints,
    vscode.languages.registerHoverProvider(PROMPT_SELECTOR, hints),
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, hints, { providedCodeActionKinds: [vscode.CodeActionKind.RefactorRewrite] }),
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (services.documents.isPrompt(doc)) hints.runFiles.invalidate();
      hints.schedule(doc);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length) hints.schedule(e.document); }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      hints.forget(doc);
      services.diagnostics.set(CACHING_CHANNEL, doc, []);
      services.diagnostics.set(OUTPUT_LIMIT_CHANNEL, doc, []);
    }),
    hints.runFiles.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) hints.schedule(doc);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('promptscope.cost') && !e.affectsConfiguration('promptscope.audit.callsPerMonth') && !e.affectsConfiguration('promptscope.defaultTargets')) return;
      for (const doc of vscode.workspace.textDocuments) {
        hints.forget(doc);
        hints.schedule(doc);
      }
    }),
  ];
};
