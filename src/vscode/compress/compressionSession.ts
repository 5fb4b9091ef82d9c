import * as vscode from 'vscode';
import type { PromptTokenSaving } from '../../core/analysis';
import type { AdjustTarget, PreservationReport, ReportHighlight } from '../../core/compress/llm';
import { replaceSpan, type Span } from './guards';

/** Scheme of the read-only virtual documents: both sides of the diff and the report. */
export const COMPRESSED_SCHEME = 'promptscope-compressed';
/** Context key: the current compression's report blocks a one-click accept. */
export const BLOCKING_CONTEXT_KEY = 'promptscope.compressionBlocking';
/** Context key: a compression is waiting to be accepted or discarded. */
export const PENDING_CONTEXT_KEY = 'promptscope.compressionPending';

export type SessionSide = 'original' | 'compressed' | 'report';
export type SessionState = 'pending' | 'accepted' | 'discarded';

/** One target's tokens before and after, counted as `CompressionSession.savingsCounted` says. */
export type TokenSaving = Pick<PromptTokenSaving, 'modelId' | 'before' | 'after' | 'exact'>;

/** One compression waiting for the user's decision. */
export interface CompressionSession {
  readonly id: number;
  /** The document compressed, and its full text and version when the compression started. */
  readonly docUri: vscode.Uri;
  readonly docVersion: number;
  readonly originalText: string;
  /** The compressed span, as offsets into originalText. */
  readonly span: Span;
  readonly compressedSpanText: string;
  readonly model: string;
  readonly judgeModel: string;
  readonly mode: 'extractive' | 'rewrite';
  readonly report: PreservationReport;
  readonly savings: readonly TokenSaving[];
  /**
   * What `savings` count: `rendered with default input` (the whole prompt as sent, as the lens counts it)
   * or `template text` / `text` when it could not be rendered.
   */
  readonly savingsCounted: string;
  readonly title: string;
  readonly fileName: string;
  /** Notes for the report (e.g. the judge failed). */
  readonly notes: readonly string[];
  /** Set for "Adjust for Model…": the text is a rewrite for this target, not a compression. */
  readonly adjustFor?: AdjustTarget;
  state: SessionState;
}

const MAX_KEPT_SESSIONS = 20;

/**
 * The pending compressions, the content provider of their virtual documents, the highlights on
 * the original side of their diffs and the context keys for menus.
 */
export class CompressionSessions implements vscode.Disposable, vscode.TextDocumentContentProvider {
  private readonly sessions = new Map<number, CompressionSession>();
  private nextId = 1;
  private currentId: number | undefined;
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly missingDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    border: '1px solid',
    borderColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly constraintDecoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedTextBackground'),
    textDecoration: 'underline wavy',
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly renderReport: (session: CompressionSession) => string) {
    this.disposables = [
      this.changeEmitter,
      this.missingDecoration,
      this.constraintDecoration,
      vscode.workspace.registerTextDocumentContentProvider(COMPRESSED_SCHEME, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.decorate(editors)),
    ];
    void this.updateContextKeys();
  }

  create(init: Omit<CompressionSession, 'id' | 'state'>): CompressionSession {
    const session: CompressionSession = { ...init, id: this.nextId++, state: 'pending' };
    this.sessions.set(session.id, session);
    for (const id of [...this.sessions.keys()].slice(0, Math.max(0, this.sessions.size - MAX_KEPT_SESSIONS))) this.sessions.delete(id);
    this.currentId = session.id;
    void this.updateContextKeys();
    return session;
  }

  uri(session: CompressionSession, side: SessionSide): vscode.Uri {
    const name = side === 'report' ? `${session.fileName}.compression-report.md` : session.fileName;
    return vscode.Uri.from({ scheme: COMPRESSED_SCHEME, path: `/${session.id}/${side}/${name}` });
  }

  /** The session a `promptscope-compressed` URI belongs to. */
  fromUri(uri: vscode.Uri): CompressionSession | undefined {
    if (uri.scheme !== COMPRESSED_SCHEME) return undefined;
    const id = Number(uri.path.split('/')[1]);
    return this.sessions.get(id);
  }

  get(id: number): CompressionSession | undefined {
    return this.sessions.get(id);
  }

  /** The pending session of the active editor or tab, else the latest pending one. */
  current(): CompressionSession | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const fromEditor = active ? this.fromUri(active) : undefined;
    if (fromEditor?.state === 'pending') return fromEditor;
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const tabUri = input instanceof vscode.TabInputTextDiff ? input.modified : input instanceof vscode.TabInputText ? input.uri : undefined;
    const fromTab = tabUri ? this.fromUri(tabUri) : undefined;
    if (fromTab?.state === 'pending') return fromTab;
    const latest = this.currentId !== undefined ? this.sessions.get(this.currentId) : undefined;
    return latest?.state === 'pending' ? latest : undefined;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const session = this.fromUri(uri);
    if (!session) return '';
    const side = uri.path.split('/')[2] as SessionSide;
    if (side === 'original') return session.originalText;
    if (side === 'compressed') return replaceSpan(session.originalText, session.span, session.compressedSpanText);
    return this.renderReport(session);
  }

  /** Marks the session settled, refreshes its report, removes its highlights. */
  settle(session: CompressionSession, state: Exclude<SessionState, 'pending'>): void {
    session.state = state;
    this.changeEmitter.fire(this.uri(session, 'report'));
    if (this.currentId === session.id) this.currentId = undefined;
    this.decorate(vscode.window.visibleTextEditors);
    void this.updateContextKeys();
  }

  /** Highlights what the compression lost on the original side of each visible pending diff. */
  decorate(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) {
      const session = this.fromUri(editor.document.uri);
      if (!session) continue;
      const side = editor.document.uri.path.split('/')[2];
      if (side !== 'original' || session.state !== 'pending') {
        editor.setDecorations(this.missingDecoration, []);
        editor.setDecorations(this.constraintDecoration, []);
        continue;
      }
      const { missing, constraints } = decorationsFor(editor.document, session.span.start, session.report.highlights);
      editor.setDecorations(this.missingDecoration, missing);
      editor.setDecorations(this.constraintDecoration, constraints);
    }
  }

  private async updateContextKeys(): Promise<void> {
    const current = this.currentId !== undefined ? this.sessions.get(this.currentId) : undefined;
    const pending = current?.state === 'pending';
    await vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, pending);
    await vscode.commands.executeCommand('setContext', BLOCKING_CONTEXT_KEY, pending && current.report.blocking);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    void vscode.commands.executeCommand('setContext', PENDING_CONTEXT_KEY, false);
    void vscode.commands.executeCommand('setContext', BLOCKING_CONTEXT_KEY, false);
  }
}

/**
 * Decorations for the report's highlights (offsets into the compressed span, which starts at
 * `offset` in the document), with highlights on the same range merged into one hover.
 */
function decorationsFor(doc: vscode.TextDocument, offset: number, highlights: readonly ReportHighlight[]): { missing: vscode.DecorationOptions[]; constraints: vscode.DecorationOptions[] } {
  const merged = new Map<string, { range: Span; constraint: boolean; messages: string[] }>();
  for (const h of highlights) {
    const constraint = h.kind === 'constraint';
    const key = `${constraint ? 'c' : 'm'}:${h.range.start}:${h.range.end}`;
    const entry = merged.get(key) ?? { range: h.range, constraint, messages: [] };
    if (!entry.messages.includes(h.message)) entry.messages.push(h.message);
    merged.set(key, entry);
  }
  const missing: vscode.DecorationOptions[] = [];
  const constraints: vscode.DecorationOptions[] = [];
  for (const { range, constraint, messages } of merged.values()) {
    const hover = new vscode.MarkdownString();
    hover.appendMarkdown('**Promptscope compression**\n\n');
    for (const m of messages) hover.appendText(`${m}\n`);
    const option: vscode.DecorationOptions = {
      range: new vscode.Range(doc.positionAt(offset + range.start), doc.positionAt(offset + range.end)),
      hoverMessage: hover,
    };
    (constraint ? constraints : missing).push(option);
  }
  return { missing, constraints };
}
