import * as vscode from 'vscode';
import { parseSamples } from '../../core/prompt';
import { exactApisFor, resolveFromPrompt } from '../../core/analysis';
import { approxPrefix, formatTokenCount } from '../../core/pricing';
import type { TokenCount } from '../../core/tokens';
import type { Feature, Services } from '../services';
import type { Analyses } from './analyses';
import { PREVIEW_SCHEME, RenderedPreview } from './preview';
import { compactTargetLensTitle, inputLensTitle, inputLensTooltip, primaryTargetLensTitle, sectionLensTitle, targetDetailLines } from './lensText';
import { FALLBACK_MODEL } from '../../core/modelId';
import { warmUpAnalysis } from './warmUp';
import { TypingBlocks } from '../blockingMonitor';
import { PerDocumentQueue } from '../debounce';

/**
 * VS Code cancels a lens request it has sent when it restarts its wait (another CodeLens provider
 * registered meanwhile, by any extension or the workbench), then asks again: the first few are logged.
 */
const LOGGED_LENS_REQUESTS = 4;

class TokenLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  private requestsLogged = 0;
  /** Documents VS Code has asked lenses for: only their lenses can be out of date. */
  private readonly asked = new Set<string>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly services: Services, private readonly analyses: Analyses) {}

  refresh(): void {
    this.changed.fire();
  }

  /**
   * Each refresh makes VS Code ask again after its ≥ 250 ms debounce, and restarts that wait: a
   * document it has not asked about yet has no lenses to refresh, and refreshing would only hold
   * back its first lenses (an analysis started early finishing before VS Code asks).
   */
  refreshFor(uri: vscode.Uri): void {
    if (this.asked.has(uri.toString())) this.changed.fire();
  }

  forget(uri: vscode.Uri): void {
    this.asked.delete(uri.toString());
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.services.config.codeLensEnabled || !this.services.documents.isPrompt(doc)) return [];
    const asked = performance.now();
    const askedAt = Date.now();
    this.asked.add(doc.uri.toString());
    const analysis = await this.analyses.get(doc);
    this.analyses.noteLensAnswered();
    if (this.requestsLogged < LOGGED_LENS_REQUESTS) {
      // Read by bench/activation.bench.mjs: when VS Code asked (on the machine's clock, to split the
      // time before a lens shows into VS Code's wait and the answer), and how long the answer took.
      this.requestsLogged++;
      const since = Math.round(asked - this.services.startup.at);
      this.services.log.info(`metrics: CodeLens request ${this.requestsLogged} at ${askedAt} (${since} ms after activation), answered in ${Math.round(performance.now() - asked)} ms`);
    }
    const top = new vscode.Range(0, 0, 0, 0);
    if (!analysis) {
      return [new vscode.CodeLens(top, { title: '$(warning) Promptscope could not count this file — show log', command: 'promptscope.showLog' })];
    }
    const lenses = [
      new vscode.CodeLens(top, { title: inputLensTitle(analysis), tooltip: inputLensTooltip(analysis), command: 'promptscope.chooseInput', arguments: [doc.uri] }),
      ...analysis.report.models.map((m, i) => new vscode.CodeLens(top, {
        // The primary target in full; the others compact, so the top line fits a 900 px editor.
        title: i === 0 ? primaryTargetLensTitle(m) : compactTargetLensTitle(m),
        tooltip: `${m.modelId}: ${m.method}${m.notes.length ? `\n${m.notes.join('\n')}` : ''}\nClick for details and actions`,
        command: 'promptscope.showCountDetails',
        arguments: [doc.uri, m.modelId],
      })),
    ];
    const primary = analysis.report.models[0];
    if (this.services.config.sectionLensesEnabled && primary && analysis.sections.length > 1) {
      const total = primary.sections.reduce((sum, s) => sum + s.tokens, 0);
      analysis.sections.forEach((section, i) => {
        const tokens = primary.sections[i]?.tokens ?? 0;
        const line = Math.min(section.headerLine, doc.lineCount - 1);
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: sectionLensTitle(section.name, tokens, total, primary.exact),
          tooltip: `Tokens of this ${section.role} section on ${primary.modelId} (${analysis.sectionsFrom === 'rendered' ? 'rendered' : 'template text'}) and its share of all sections`,
          command: 'promptscope.showCountDetails',
          arguments: [doc.uri, primary.modelId],
        }));
      });
    }
    return lenses;
  }
}

async function documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  return vscode.window.activeTextEditor?.document;
}

/** The status bar: tokens of the selection (or the whole document) on one model, click to choose it. */
class TokenStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptscope.tokens', vscode.StatusBarAlignment.Right, 100);
  private static readonly modelKey = 'promptscope.statusBarModel';
  private wholeFile: { key: string; count: TokenCount } | undefined;
  private updateWhenCounted = false;

  constructor(private readonly services: Services, private readonly analyses: Analyses) {
    this.item.name = 'Promptscope Tokens';
    this.item.command = 'promptscope.chooseStatusBarModel';
  }

  model(doc: vscode.TextDocument): string {
    const chosen = this.services.context.workspaceState.get<string>(TokenStatusBar.modelKey);
    if (chosen) return chosen;
    return this.analyses.latest(doc)?.targets[0] ?? this.services.documents.get(doc)?.targets[0] ?? this.services.config.defaultTargets[0] ?? FALLBACK_MODEL;
  }

  async setModel(id: string | undefined): Promise<void> {
    await this.services.context.workspaceState.update(TokenStatusBar.modelKey, id);
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.services.documents.isPrompt(editor.document)) {
      this.item.hide();
      return;
    }
    const doc = editor.document;
    const model = this.model(doc);
    const selected = editor.selections.filter((s) => !s.isEmpty);
    // Without a selection the headline number is the lens's: the rendered messages as sent, with
    // the chosen input. Only when that is not ready (or not for this model) is the raw file text
    // counted, and then labelled so.
    const rendered = selected.length === 0 ? this.analyses.latest(doc)?.report.models.find((m) => m.modelId === model) : undefined;
    if (rendered) {
      const approx = approxPrefix(rendered.exact);
      const input = this.analyses.latest(doc)?.input.label ?? 'default input';
      this.item.text = `$(symbol-numeric) ${approx}${formatTokenCount(rendered.renderedTokens)} tok`;
      this.item.tooltip = `${approx}${formatTokenCount(rendered.renderedTokens)} tokens on ${model}: the rendered prompt as sent (${input}), as in the CodeLens — ${rendered.method}\nSelect text to count the selection · click to choose the model`;
      this.item.accessibilityInformation = { label: `${rendered.renderedTokens} tokens in the rendered prompt on ${model}` };
      this.item.show();
      return;
    }
    // Cursor moves without a selection re-show the whole file's count: reuse it for this version.
    const key = `${doc.uri.toString()}@${doc.version}@${model}`;
    let count = selected.length === 0 && this.wholeFile?.key === key ? this.wholeFile.count : undefined;
    if (!count) {
      const text = selected.length > 0 ? selected.map((s) => doc.getText(s)).join('\n') : doc.getText();
      const tokens = this.services.engine.tokens;
      const deferrals = tokens.deferrals;
      count = tokens.countText(text, model);
      if (tokens.deferrals !== deferrals) {
        // Shown `≈` now; the tokenizer worker's answer makes the next update exact.
        if (!this.updateWhenCounted) {
          this.updateWhenCounted = true;
          void tokens.whenIdle().then(() => { this.updateWhenCounted = false; this.update(); });
        }
      } else if (selected.length === 0) {
        this.wholeFile = { key, count };
      }
    }
    const what = selected.length > 0 ? 'selection' : 'file text';
    this.item.text = `$(symbol-numeric) ${approxPrefix(count.exact)}${formatTokenCount(count.tokens)} tok (${what})`;
    this.item.tooltip = `${approxPrefix(count.exact)}${formatTokenCount(count.tokens)} tokens in the ${what} (raw text, not rendered) on ${model} — ${count.method}${count.note ? `\n${count.note}` : ''}\nClick to choose the model`;
    this.item.accessibilityInformation = { label: `${count.tokens} tokens in the ${what} on ${model}` };
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function chooseInput(services: Services, analyses: Analyses, uri?: vscode.Uri): Promise<void> {
  const doc = await documentFor(uri);
  if (!doc) return;
  const file = services.documents.get(doc);
  if (!file) return;
  type Pick = vscode.QuickPickItem & { choice?: 'default' | 'json' | number };
  const picks: Pick[] = [{ label: '$(symbol-parameter) Default input', description: 'input.default from the frontmatter', choice: 'default' }];
  // Any scheme but an untitled buffer's (it has no folder to look in): virtual workspaces too.
  if (file.samples && !doc.isUntitled) {
    const text = await services.documents.readTextAsync(resolveFromPrompt(services.documents.fileNameFor(doc), file.samples));
    if (text === undefined) {
      picks.push({ label: `$(warning) samples file ${file.samples} not found`, kind: vscode.QuickPickItemKind.Separator });
    } else {
      const parsed = parseSamples(text);
      picks.push({ label: `Samples (${file.samples})`, kind: vscode.QuickPickItemKind.Separator });
      parsed.cases.forEach((c, i) => picks.push({ label: `Sample ${i + 1}${c.id ? ` · ${c.id}` : ''}`, description: JSON.stringify(c.input).slice(0, 120), choice: i + 1 }));
    }
  }
  picks.push({ label: '$(json) Custom JSON…', description: 'type input values', choice: 'json' });
  const pick = await vscode.window.showQuickPick(picks, { title: 'Count with which input?', matchOnDescription: true });
  if (!pick?.choice) return;
  if (pick.choice === 'default') analyses.setInput(doc, { kind: 'default' });
  else if (typeof pick.choice === 'number') analyses.setInput(doc, { kind: 'sample', index: pick.choice });
  else {
    const json = await vscode.window.showInputBox({
      title: 'Input values as JSON', value: JSON.stringify(file.inputDefaults),
      validateInput: (v) => { try { const o: unknown = JSON.parse(v); return typeof o === 'object' && o !== null && !Array.isArray(o) ? undefined : 'Enter a JSON object'; } catch (e) { return `Not JSON: ${(e as Error).message}`; } },
    });
    if (json === undefined) return;
    analyses.setInput(doc, { kind: 'json', value: JSON.parse(json) as Record<string, unknown> });
  }
}

/** What each exact-count API is called in messages, and which SecretStorage key it uses. */
const EXACT_API_UI = {
  anthropic: { vendor: 'Anthropic', api: 'count_tokens', models: 'Claude', method: 'anthropic:count_tokens', keyName: 'anthropic' },
  gemini: { vendor: 'Gemini', api: 'countTokens', models: 'Gemini', method: 'gemini:countTokens', keyName: 'gemini' },
} as const;

async function countExactly(services: Services, analyses: Analyses, uri: vscode.Uri | undefined, api: keyof typeof EXACT_API_UI): Promise<string | undefined> {
  const ui = EXACT_API_UI[api];
  const doc = await documentFor(uri);
  if (!doc || !services.documents.isPrompt(doc)) {
    void vscode.window.showErrorMessage('Promptscope: open a prompt file to count.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(`Promptscope: this workspace is not trusted, so no request is sent to ${ui.vendor}. Counts stay estimates (≈).`);
    return undefined;
  }
  const targets = (analyses.latest(doc) ?? await analyses.get(doc))?.targets ?? [];
  if (!exactApisFor(targets).has(api)) {
    void vscode.window.showInformationMessage(`Promptscope: this prompt has no ${ui.models} target; OpenAI counts are already exact.`);
    return undefined;
  }
  if (!(await services.keys.get(ui.keyName))) {
    const set = await vscode.window.showWarningMessage(`Promptscope: exact ${ui.models} counts need a ${ui.vendor} API key (${ui.api} is free).`, 'Set API Key…');
    if (set) await vscode.commands.executeCommand('promptscope.setApiKey', ui.keyName);
    if (!(await services.keys.get(ui.keyName))) return undefined;
  }
  const analysis = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Counting with ${ui.vendor} ${ui.api}…` }, () => analyses.requestExact(doc));
  const notes = analysis?.report.models.flatMap((m) => m.notes.filter((n) => n.includes(`${ui.vendor} ${ui.api}`) && !n.startsWith('total from'))) ?? [];
  if (notes.length > 0) void vscode.window.showWarningMessage(`Promptscope: ${notes[0]}`);
  return analysis?.report.models.filter((m) => m.method === ui.method).map((m) => `${m.modelId} ${m.renderedTokens}`).join(', ');
}

async function showCountDetails(services: Services, analyses: Analyses, uri?: vscode.Uri, modelId?: string): Promise<void> {
  const doc = await documentFor(uri);
  if (!doc) return;
  const analysis = analyses.latest(doc) ?? await analyses.get(doc);
  const model = analysis?.report.models.find((m) => m.modelId === modelId) ?? analysis?.report.models[0];
  if (!analysis || !model) return;
  type Pick = vscode.QuickPickItem & { action?: () => Thenable<unknown> | Promise<unknown> };
  const picks: Pick[] = [
    ...targetDetailLines(analysis, model),
    { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(symbol-parameter) Switch input…', action: () => chooseInput(services, analyses, doc.uri) },
    // Not a lens of its own (the top row must fit a 900 px editor); also in the editor title bar.
    { label: '$(split-horizontal) Compare Models…', description: 'run this prompt on several models side by side', action: () => vscode.commands.executeCommand('promptscope.compareModels', { uri: doc.uri }) },
    ...(!model.exact && exactApisFor([model.modelId]).has('anthropic') ? [{ label: '$(cloud) Count exactly with Anthropic', action: () => countExactly(services, analyses, doc.uri, 'anthropic') }] : []),
    ...(!model.exact && exactApisFor([model.modelId]).has('gemini') ? [{ label: '$(cloud) Count exactly with Gemini', action: () => countExactly(services, analyses, doc.uri, 'gemini') }] : []),
    { label: '$(list-selection) Change targets…', description: 'edit model / targets in the frontmatter', action: () => revealTargets(doc) },
    { label: '$(settings) Price overrides…', action: () => vscode.commands.executeCommand('workbench.action.openSettings', 'promptscope.pricing.overrides') },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: `${model.modelId} — ${model.summary}`, matchOnDetail: true });
  await pick?.action?.();
}

async function revealTargets(doc: vscode.TextDocument): Promise<void> {
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  const at = Math.max(text.search(/^targets:/m), text.search(/^model:/m), 0);
  const pos = doc.positionAt(at);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos));
}

async function chooseStatusBarModel(services: Services, statusBar: TokenStatusBar): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const targets = doc ? services.documents.get(doc)?.targets ?? [] : [];
  const picks: (vscode.QuickPickItem & { id?: string })[] = [
    { label: '$(sync) Follow the file\'s first target', id: '' },
    ...(targets.length ? [{ label: 'This file\'s targets', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...targets.map((id) => ({ label: id, id })),
    { label: 'All models', kind: vscode.QuickPickItemKind.Separator },
    ...services.engine.catalog.listModels().map((m) => ({ label: m.id, description: m.tokenizer, id: m.id })),
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'Count the status bar tokens for…', matchOnDescription: true });
  if (pick?.id === undefined) return;
  await statusBar.setModel(pick.id || undefined);
}

async function refreshPrices(services: Services, analyses: Analyses): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Promptscope: prices are not fetched in an untrusted workspace.');
    return;
  }
  try {
    const count = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Fetching prices from models.dev…', cancellable: false }, async () => {
      await services.engine.catalog.refreshFromModelsDev(async (url) => {
        const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json() as Promise<unknown>;
      });
      return services.engine.catalog.listModels().length;
    });
    analyses.invalidateAll();
    void vscode.window.showInformationMessage(`Promptscope: prices refreshed from models.dev (${count} models).`);
  } catch (e) {
    void vscode.window.showWarningMessage(`Promptscope: could not refresh prices (${e instanceof Error ? e.message : String(e)}); the built-in catalog stays in use.`);
  }
}

/** Live token counts and cost: CodeLens, status bar, budget diagnostics, exact Claude counts, prices. */
export const tokenFeature: Feature = (services) => {
  const analyses = services.analyses;
  const lenses = new TokenLenses(services, analyses);
  const statusBar = new TokenStatusBar(services, analyses);
  const preview = new RenderedPreview(services, analyses);
  const typing = new TypingBlocks((line) => services.log.info(line));
  const onDocChanged = (doc: vscode.TextDocument) => {
    if (!services.documents.isPrompt(doc)) return;
    typing.noteEdit();
    analyses.schedule(doc);
  };
  // The tokenizer worker loads tiktoken (WASM, ~0.3–1.3 s) on its own thread from now on; counts
  // before it is ready show `≈` and are replaced by exact ones when it answers.
  services.engine.tokenizer.warm(['o200k_base']);
  // Each in a task of its own: editor events arrive in VS Code's own tasks.
  const counting = new PerDocumentQueue((doc) => void analyses.get(doc));
  const countVisible = (editors: readonly vscode.TextEditor[]): void => {
    for (const editor of editors) if (services.documents.isPrompt(editor.document)) counting.enqueue(editor.document);
  };
  // The file that activated the extension is usually already shown (counted after activation returns).
  countVisible(vscode.window.visibleTextEditors);
  return [
    counting,
    warmUpAnalysis(services),
    typing,
    statusBar,
    preview,
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
    vscode.commands.registerCommand('promptscope.previewRendered', (uri?: vscode.Uri) => preview.open(uri)),
    services.codeLenses.prompts.attach(lenses),
    analyses.onDidUpdate((uri) => {
      // Every refresh makes VS Code ask all lens providers again after its ≥ 250 ms debounce, and
      // restarts that wait: analyses of documents in no visible editor (startup, other features)
      // must not hold back the lenses of the one being opened.
      if (vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString())) lenses.refreshFor(uri);
      statusBar.update();
    }),
    // The status bar follows the (debounced) recount via onDidUpdate, not every keystroke.
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) onDocChanged(e.document); }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (services.documents.isPrompt(doc) && services.config.countExactlyOnSave && vscode.workspace.isTrusted) void analyses.requestExact(doc);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => { analyses.forget(doc); lenses.forget(doc.uri); }),
    // Count a prompt as soon as it is shown, not when VS Code first asks for its lenses (≥ 250 ms
    // later): the answer is then ready, or nearly, when it asks.
    vscode.window.onDidChangeVisibleTextEditors((editors) => countVisible(editors)),
    vscode.window.onDidChangeActiveTextEditor(() => statusBar.update()),
    vscode.window.onDidChangeTextEditorSelection(() => statusBar.update()),
    services.engine.onDidChange(() => { analyses.invalidateAll(); lenses.refresh(); statusBar.update(); }),
    vscode.commands.registerCommand('promptscope.chooseInput', (uri?: vscode.Uri) => chooseInput(services, analyses, uri)),
    vscode.commands.registerCommand('promptscope.countExactly', (uri?: vscode.Uri) => countExactly(services, analyses, uri, 'anthropic')),
    vscode.commands.registerCommand('promptscope.countExactlyWithGemini', (uri?: vscode.Uri) => countExactly(services, analyses, uri, 'gemini')),
    vscode.commands.registerCommand('promptscope.showCountDetails', (uri?: vscode.Uri, modelId?: string) => showCountDetails(services, analyses, uri, modelId)),
    vscode.commands.registerCommand('promptscope.chooseStatusBarModel', () => chooseStatusBarModel(services, statusBar)),
    vscode.commands.registerCommand('promptscope.refreshPrices', () => refreshPrices(services, analyses)),
    // For tests and other extensions: the current analysis of a document with exact counts, as plain data.
    vscode.commands.registerCommand('promptscope.getAnalysis', async (uri: vscode.Uri) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      const a = await analyses.getCounted(doc);
      return a && { targets: a.targets, input: a.input.label, countedFrom: a.countedFrom, models: a.report.models.map((m) => ({ modelId: m.modelId, tokens: m.renderedTokens, exact: m.exact, method: m.method, title: m.summary, notes: m.notes })) };
    }),
    vscode.commands.registerCommand('promptscope.getStatusBarText', () => statusBar.text),
  ];
};
