import * as vscode from 'vscode';
import { posix } from 'node:path';
import {
  appendSampleFromCell,
  changedColumnPrompts,
  columnTitle,
  createFileCacheStore,
  defaultCompareInput,
  describeCellRequest,
  inputsFromSamples,
  openRun,
  readRunFile,
  runToMarkdown,
  runToPromptfooConfig,
  startCompare,
  writeRunFile,
  type CompareEnvironment,
  type CompareInput,
  type CompareSession,
  type CompareSetup,
  type RunFile,
} from '../../core/compare';
import { resolveModelTarget } from '../../core/providers/targets';
import { loadPartials, resolveFromPrompt, type PromptWorkspace } from '../../core/analysis';
import { parsePromptFile, parseSamples, type PromptFile } from '../../core/prompt';
import type { ComparePanelState, CompareRequests } from '../../shared/compareProtocol';
import type { RequestHandlers } from '../webview/panelHost';
import { canSendRequests, type Feature, type Services } from '../services';
import { ComparePanel, COMPARE_VIEW_TYPE } from './comparePanel';
import { compareCacheDir, compareSettings, editorCompareEnvironment } from './environment';
import { chooseInputs, chooseTargets, type InputsChoice } from './pickers';
import { CompareDocuments, COMPARE_SCHEME } from './documents';
import { listRuns, RunsView, RUNS_VIEW } from './runsView';

export const COMPARE_COMMAND = 'promptscope.compareModels';
export const COMPARE_RUNS_COMMAND = 'promptscope.openCompareRun';
export const CLEAR_CACHE_COMMAND = 'promptscope.clearResponseCache';
/** Not in the palette: the panel's actions by name (what the webview asks), for keyboard users' commands and tests. */
export const COMPARE_ACTION_COMMAND = 'promptscope.compareAction';
/** Not in the palette: the latest panel's state and HTML (tests check what the webview gets). */
export const COMPARE_STATE_COMMAND = 'promptscope.compareState';
/** Not in the palette: streams a prepared setup into a new panel (Compare Variants builds one column per variant). */
export const COMPARE_SETUP_COMMAND = 'promptscope.compareSetup';

/** What `COMPARE_SETUP_COMMAND` takes. */
export interface CompareSetupArgs {
  readonly setup: CompareSetup;
  /** The file "open prompt" shows, and the base the run's `samplesPath` is relative to. */
  readonly promptUri: vscode.Uri;
  readonly title: string;
}

export const UNTRUSTED_MESSAGE = 'Promptscope: this workspace is not trusted, so no comparison sends a request to any model. Trust the workspace (Workspaces: Manage Workspace Trust) to compare.';

export interface CompareCommandArgs {
  /** The prompt file (default: the active editor's document). */
  readonly uri?: vscode.Uri | string;
  /** Skips the targets picker. */
  readonly models?: readonly string[];
  /** Skips the inputs picker: the default input, every sample, or one sample by id. */
  readonly inputs?: InputsChoice;
  /** Compare only the selected text of the active editor (with the file's frontmatter). */
  readonly selection?: boolean;
  readonly judgeModel?: string;
}

export interface CompareCommandResult {
  /** True when nothing was sent because the workspace is not trusted. */
  readonly untrusted?: boolean;
  /** The finished run (every cell done, failed or cancelled). */
  readonly run?: RunFile;
  /** Workspace-relative path of the saved run file. */
  readonly savedAs?: string;
}

/** What the hidden state command returns (the integration tests check it). */
export interface CompareStateSnapshot {
  readonly state: ComparePanelState;
  readonly html: string;
  readonly stats: { readonly chunks: number; readonly patches: number };
  readonly cacheDir: string;
  readonly logFolder: string;
}

function toUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (!value) return undefined;
  return typeof value === 'string' ? (value.includes('://') || value.startsWith('file:') ? vscode.Uri.parse(value) : vscode.Uri.file(value)) : value;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Everything the compare commands share: the cache, the core environment, saving runs. */
class CompareController implements vscode.Disposable {
  readonly documents = new CompareDocuments();

  constructor(readonly services: Services) {}

  private get workspace(): PromptWorkspace {
    return { readText: (path) => this.services.documents.readTextAsync(path) };
  }

  cacheDir(): string {
    return compareCacheDir(this.services);
  }

  async clearCache(): Promise<number> {
    const removed = await createFileCacheStore(this.cacheDir(), {}).clear();
    this.services.log.info(`response cache cleared: ${removed} entr${removed === 1 ? 'y' : 'ies'}`);
    return removed;
  }

  resolveTarget = (modelId: string): ReturnType<typeof resolveModelTarget> => resolveModelTarget(modelId, this.services.config);

  environment(panel: ComparePanel, signal: AbortSignal): CompareEnvironment {
    return editorCompareEnvironment(this.services, signal, panel.onEvent);
  }

  /** The prompt (or the selected passage with the file's frontmatter) and its partials. */
  async promptSetup(doc: vscode.TextDocument, selection: vscode.Selection | undefined): Promise<{ prompt: PromptFile; loadPartial: (name: string) => string | undefined }> {
    const fileName = this.services.documents.fileNameFor(doc);
    let prompt = this.services.documents.get(doc) ?? parsePromptFile(doc.getText(), { fileName });
    if (selection && !selection.isEmpty) {
      const start = doc.offsetAt(selection.start);
      const bodyStart = Math.min(prompt.bodyRange.start, start);
      prompt = parsePromptFile(doc.getText().slice(0, bodyStart) + doc.getText(selection), { fileName });
    }
    const partials = await loadPartials(prompt, this.workspace);
    return { prompt, loadPartial: (name) => partials.load(name) };
  }

  /** Inputs for a choice; throws with a clear message when the samples file cannot be used. */
  async inputs(prompt: PromptFile, choice: InputsChoice): Promise<{ inputs: CompareInput[]; samplesPath?: string }> {
    // The defaults are written out, so a sample saved from this row is complete on its own.
    if (choice === 'default') return { inputs: [defaultCompareInput(prompt.inputDefaults)] };
    if (!prompt.samples) throw new Error(`${posix.basename(prompt.fileName)} names no samples file (add \`samples: cases.jsonl\` to its frontmatter)`);
    const samplesPath = resolveFromPrompt(prompt.fileName, prompt.samples);
    const text = await this.workspace.readText(samplesPath);
    if (text === undefined) throw new Error(`samples file ${prompt.samples} not found (looked for ${samplesPath})`);
    const parsed = parseSamples(text);
    for (const p of parsed.problems) this.services.log.warn(`${prompt.samples}:${p.line}: ${p.message}`);
    let inputs = inputsFromSamples(parsed);
    if (choice !== 'all') {
      inputs = inputs.filter((i) => i.sample === choice.sample);
      if (!inputs.length) throw new Error(`no sample "${choice.sample}" in ${prompt.samples}`);
    }
    if (!inputs.length) throw new Error(`${prompt.samples} has no valid samples`);
    return { inputs, samplesPath: prompt.samples };
  }

  /** Where a column's recorded prompt path (workspace-relative) lives: in the base prompt's workspace folder. */
  columnPromptUri(panel: ComparePanel, path: string): vscode.Uri | undefined {
    const folder = (panel.promptUri && vscode.workspace.getWorkspaceFolder(panel.promptUri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, path) : undefined;
  }

  /** A variant column's prompt as it is now, with its partials; undefined (the run's text is sent) when the file is gone. */
  async readColumnPrompt(panel: ComparePanel, path: string): Promise<{ prompt: PromptFile; loadPartial: (name: string) => string | undefined } | undefined> {
    const uri = this.columnPromptUri(panel, path);
    const text = uri ? await this.services.documents.readTextAsync(uri.fsPath) : undefined;
    if (!uri || text === undefined) {
      this.services.log.warn(`compare: ${path} cannot be read; its column reruns the text of the run`);
      return undefined;
    }
    const prompt = parsePromptFile(text, { fileName: uri.fsPath });
    const partials = await loadPartials(prompt, this.workspace);
    return { prompt, loadPartial: (name) => partials.load(name) };
  }

  /** Says which variant files changed since the run (null when none did). */
  async staleNotice(panel: ComparePanel, run: RunFile): Promise<string | null> {
    const texts = new Map<string, string | undefined>();
    for (const column of run.columns) {
      if (!column.prompt || texts.has(column.prompt.path)) continue;
      const uri = this.columnPromptUri(panel, column.prompt.path);
      texts.set(column.prompt.path, uri ? await this.services.documents.readTextAsync(uri.fsPath) : undefined);
    }
    const changed = changedColumnPrompts(run, (path) => texts.get(path));
    if (changed.length === 0) return null;
    return `${changed.join(', ')} changed since this run: Rerun Column sends the current text; a cell rerun sends the text of the run.`;
  }

  runsFolder(promptUri: vscode.Uri | undefined): vscode.Uri | undefined {
    const folder = (promptUri && vscode.workspace.getWorkspaceFolder(promptUri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, '.promptscope', 'runs') : undefined;
  }

  /** Writes the run under .promptscope/runs (the core redacts it); returns the workspace-relative path. */
  async save(panel: ComparePanel, run: RunFile): Promise<string | undefined> {
    const folder = panel.runsFolder;
    if (!folder || folder.scheme !== 'file') return undefined;
    try {
      const written = await writeRunFile(folder.fsPath, run, await this.knownKeys());
      const relative = vscode.workspace.asRelativePath(vscode.Uri.file(written));
      panel.saved(relative);
      return relative;
    } catch (e) {
      this.services.log.error(`could not save the run: ${message(e)}`);
      void vscode.window.showErrorMessage(`Promptscope could not save the run under .promptscope/runs: ${message(e)}`);
      return undefined;
    }
  }

  /** Every stored key, so the run file's redaction also catches a key a server echoed back. */
  private async knownKeys(): Promise<string[]> {
    const names = ['openai', 'anthropic', 'gemini', ...this.services.config.endpoints.map((e) => e.name)];
    const keys = await Promise.all(names.map((n) => this.services.keys.get(n)));
    return keys.filter((k): k is string => typeof k === 'string' && k.length > 0);
  }

  dispose(): void {
    this.documents.dispose();
  }
}

/** Starts (or reruns into) a panel; resolves with the finished run. */
async function runComparison(services: Services, controller: CompareController, args: CompareCommandArgs): Promise<CompareCommandResult | undefined> {
  const uri = toUri(args.uri) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open a prompt file to compare models on it.');
    return undefined;
  }
  if (!canSendRequests()) {
    services.log.warn('compare: the workspace is not trusted; nothing was sent');
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return { untrusted: true };
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined;
  const selection = args.selection && editor && !editor.selection.isEmpty ? editor.selection : undefined;
  const { prompt, loadPartial } = await controller.promptSetup(doc, selection);
  const remembered = services.context.workspaceState.get<string[]>(`compare.targets:${uri.toString()}`);
  const models = args.models?.length ? [...args.models] : await chooseTargets(services, prompt, remembered);
  if (!models?.length) return undefined;
  await services.context.workspaceState.update(`compare.targets:${uri.toString()}`, models);
  const choice = args.inputs ?? (await chooseInputs(services, prompt));
  if (!choice) return undefined;
  const { inputs, samplesPath } = await controller.inputs(prompt, choice);
  const settings = compareSettings(services);
  const judgeModel = args.judgeModel ?? settings.judgeModel;
  const setup: CompareSetup = {
    prompt,
    promptPath: vscode.workspace.asRelativePath(uri),
    loadPartial,
    inputs,
    models,
    ...(judgeModel ? { judgeModel } : {}),
    ...(samplesPath ? { samplesPath } : {}),
    useCache: settings.cacheEnabled,
    scheduler: { concurrency: settings.concurrency },
  };
  const title = `Compare: ${posix.basename(uri.path)}${selection ? ' (selection)' : ''}`;
  services.log.info(`compare: ${models.length} model(s) × ${inputs.length} input(s) on ${setup.promptPath}`);
  return compareInPanel(services, controller, { setup, promptUri: uri, title });
}

/** Opens a panel beside the editor and streams the setup into it; resolves with the finished (and saved) run. */
function compareInPanel(services: Services, controller: CompareController, args: CompareSetupArgs): Promise<CompareCommandResult> {
  const webview = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, args.title, vscode.ViewColumn.Beside, { enableScripts: true, retainContextWhenHidden: false });
  const panel = new ComparePanel(webview, services, { handlers: (p) => panelHandlers(services, controller, p) }, { run: null, running: true, savedAs: null, notice: null });
  panel.promptUri = args.promptUri;
  panel.runsFolder = controller.runsFolder(args.promptUri);
  panel.setup = args.setup;
  return runWithProgress(controller, panel, args.title, (signal) => startCompare(args.setup, controller.environment(panel, signal)));
}

/** Runs the session with a cancellable notification; saves the run whenever it finishes. */
async function runWithProgress(controller: CompareController, panel: ComparePanel, title: string, start: (signal: AbortSignal) => CompareSession): Promise<CompareCommandResult> {
  const abort = new AbortController();
  panel.onDidDispose(() => abort.abort());
  const session = start(abort.signal);
  panel.session = session;
  panel.onDidFinish((run) => { panel.lastSave = controller.save(panel, run); });
  const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const subscription = token.onCancellationRequested(() => session.cancelAll());
    let reported = 0;
    const listener = panel.onProgress((p) => {
      const percent = p.total ? (p.finished / p.total) * 100 : 0;
      progress.report({ increment: percent - reported, message: `${p.finished} of ${p.total} cells` });
      reported = percent;
    });
    try {
      return await session.idle();
    } finally {
      subscription.dispose();
      listener.dispose();
    }
  });
  const savedAs = await (panel.lastSave ?? controller.save(panel, run));
  return { run, ...(savedAs ? { savedAs } : {}) };
}

/** What the webview (and the hidden action command) may ask of a panel. */
function panelHandlers(services: Services, controller: CompareController, panel: ComparePanel): RequestHandlers<CompareRequests> {
  const run = (): RunFile => {
    const current = panel.current().run;
    if (!current) throw new Error('no run in this panel');
    return current;
  };
  const session = () => {
    if (!panel.session) throw new Error('this run cannot be rerun: its prompt file is gone');
    return panel.session;
  };
  const requireTrust = (): void => {
    if (!canSendRequests()) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      throw new Error('the workspace is not trusted, so no request is sent');
    }
  };
  const cell = (cellId: string) => {
    const found = run().cells.find((c) => c.id === cellId);
    if (!found) throw new Error(`no cell ${cellId}`);
    return found;
  };
  return {
    cancelAll: () => {
      const n = run().cells.filter((c) => c.status === 'queued' || c.status === 'running').length;
      panel.session?.cancelAll();
      return n;
    },
    cancelCell: ({ cellId }) => {
      const c = cell(cellId);
      if (c.status !== 'queued' && c.status !== 'running') return false;
      session().cancelCell(cellId);
      return true;
    },
    rerunCell: ({ cellId }) => {
      requireTrust();
      cell(cellId);
      session().rerunCell(cellId);
      return true;
    },
    rerunColumn: async ({ column }) => {
      requireTrust();
      const col = run().columns[column];
      if (!col) throw new Error(`no column ${column}`);
      // A variant column reads its file again: Rerun Column compares the text as it is now.
      const reload = col.prompt ? await controller.readColumnPrompt(panel, col.prompt.path) : undefined;
      session().rerunColumn(column, reload ? { reload } : {});
      return true;
    },
    rate: async ({ cellId, rating }) => {
      cell(cellId);
      const verdict = rating?.verdict;
      // The core stores the rating asynchronously: save the run once it reports it.
      const stored = new Promise<void>((resolve) => {
        const subscription = panel.onDidRate((c) => {
          if (c.id !== cellId) return;
          subscription.dispose();
          resolve();
        });
      });
      session().rateCell(cellId, verdict === 'up' || verdict === 'down' ? { verdict, ...(typeof rating?.note === 'string' && rating.note.trim() ? { note: rating.note.trim().slice(0, 2000) } : {}) } : undefined);
      await stored;
      await controller.save(panel, session().run());
      return true;
    },
    saveAsSample: async ({ cellId }) => saveAsSample(services, panel, run(), cell(cellId).id),
    diff: async ({ left, right }) => {
      const current = run();
      const a = cell(left);
      const b = cell(right);
      const label = (c: typeof a): string => {
        const column = current.columns[c.column];
        return `${column ? columnTitle(column) : '?'} · ${current.rows[c.row]?.sample ?? '?'}`;
      };
      const leftUri = controller.documents.put(`cell/${current.id}/${a.id}.md`, a.output);
      const rightUri = controller.documents.put(`cell/${current.id}/${b.id}.md`, b.output);
      await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${label(a)} ↔ ${label(b)}`, { preview: true });
      return true;
    },
    showRequest: async ({ column }) => {
      const current = run();
      const col = current.columns[column];
      if (!col) throw new Error(`no column ${column}`);
      // The column's first input that rendered: the same body the core sends for that cell.
      const cellOf = current.cells.find((c) => c.column === column && c.repeat === 0 && !current.rows[c.row]?.renderError) ?? current.cells.find((c) => c.column === column);
      const row = cellOf ? current.rows[cellOf.row] : undefined;
      const description = cellOf ? describeCellRequest(current, cellOf.id, controller.resolveTarget) : 'this column has no cell';
      if (typeof description === 'string') throw new Error(description);
      const lines = [
        `// Request for ${columnTitle(col)} (${description.endpoint}), input "${row?.sample ?? ''}". Keys are redacted.`,
        ...(col.prompt ? [`// Prompt: ${col.prompt.path} (sha256 ${col.prompt.hash.slice(0, 12)})`] : []),
        `// POST ${description.url}`,
        ...Object.entries(description.headers).map(([k, v]) => `// ${k}: ${v}`),
        ...(description.notes.length ? ['//', '// Parameter translation:'] : []),
        ...description.notes.map((n) => `//   ${n.param}: ${n.action}${n.as ? ` as ${n.as}` : ''}${n.reason ? ` — ${n.reason}` : ''}`),
        JSON.stringify(description.body, null, 2),
        '',
      ];
      const uri = controller.documents.put(`request/${current.id}/${column}-${col.model.replace(/[^\w.-]+/g, '_')}.jsonc`, lines.join('\n'));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      return true;
    },
    export: async ({ format }) => {
      const current = run();
      const md = format === 'md';
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const name = md ? `compare-${current.id}.md` : 'promptfooconfig.yaml';
      const target = await vscode.window.showSaveDialog({
        title: md ? 'Export the comparison as Markdown' : 'Export the setup as a promptfoo config',
        saveLabel: 'Export',
        filters: md ? { Markdown: ['md'] } : { YAML: ['yaml', 'yml'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      });
      if (!target) return null;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(md ? runToMarkdown(current) : runToPromptfooConfig(current)));
      services.log.info(`compare: exported ${format} to ${target.toString(true)}`);
      return target.scheme === 'file' ? target.fsPath : target.toString(true);
    },
    openPrompt: async () => {
      if (!panel.promptUri) throw new Error('the prompt file of this run is not known');
      await vscode.window.showTextDocument(panel.promptUri, { viewColumn: vscode.ViewColumn.One });
      return true;
    },
    openRuns: async () => {
      await vscode.commands.executeCommand(COMPARE_RUNS_COMMAND);
      return true;
    },
  };
}

/**
 * The data flywheel: appends the cell's input, with an assertion from its rating, to the samples
 * file. An open samples document gets an undoable edit; otherwise the file is written.
 */
async function saveAsSample(services: Services, panel: ComparePanel, run: RunFile, cellId: string): Promise<string | null> {
  const samples = run.samplesPath ?? panel.setup?.prompt?.samples;
  if (!samples || !panel.promptUri) throw new Error('this prompt names no samples file (add `samples: cases.jsonl` to its frontmatter)');
  const target = vscode.Uri.joinPath(panel.promptUri, '..', samples);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  let existing = open?.getText() ?? '';
  if (!open) {
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    } catch {
      // A new samples file.
    }
  }
  const appended = appendSampleFromCell(existing, run, cellId);
  if (typeof appended === 'string') throw new Error(appended);
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(target, new vscode.Range(open.positionAt(0), open.positionAt(existing.length)), appended.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${samples}`);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(appended.text));
  }
  services.log.info(`compare: cell ${cellId} saved as sample "${appended.sample.id}" in ${samples}`);
  return `Saved as sample "${appended.sample.id}" (${appended.sample.assertion.type}) in ${samples}.`;
}

/** "Runs…": every saved run of the workspace, newest first; the chosen one opens in a panel. */
async function openSavedRun(services: Services, controller: CompareController, path?: string): Promise<ComparePanel | undefined> {
  let file = path;
  if (!file) {
    const runs = await listRuns();
    if (!runs.length) {
      void vscode.window.showInformationMessage('No saved comparisons yet: runs are saved under .promptscope/runs when a comparison finishes.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(runs.map((r) => ({ label: r.promptPath, description: r.columnTitles.join(', '), detail: new Date(r.createdAt).toLocaleString(), path: r.path })), { title: 'Open a saved comparison', matchOnDescription: true });
    if (!pick) return undefined;
    file = pick.path;
  }
  const run = await readRunFile(file);
  if (typeof run === 'string') {
    void vscode.window.showErrorMessage(`Promptscope could not open the run: ${run}`);
    return undefined;
  }
  const webview = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare: ${posix.basename(run.promptPath)}`, vscode.ViewColumn.Active, { enableScripts: true });
  const panel = new ComparePanel(webview, services, { handlers: (p) => panelHandlers(services, controller, p) }, { run, running: false, savedAs: vscode.workspace.asRelativePath(vscode.Uri.file(file)), notice: null });
  attachSession(controller, panel, run);
  return panel;
}

/** Reopens a saved run idle (the core reruns from its rendered messages and config), so reruns and ratings work. */
function attachSession(controller: CompareController, panel: ComparePanel, run: RunFile): void {
  const folder = vscode.workspace.workspaceFolders?.[0];
  panel.runsFolder = controller.runsFolder(folder?.uri);
  if (folder) panel.promptUri = vscode.Uri.joinPath(folder.uri, run.promptPath);
  const settings = compareSettings(controller.services);
  const abort = new AbortController();
  panel.onDidDispose(() => abort.abort());
  panel.session = openRun(run, { useCache: settings.cacheEnabled, scheduler: { concurrency: settings.concurrency }, ...(run.judgeModel ? { judgeModel: run.judgeModel } : {}) }, controller.environment(panel, abort.signal));
  // A variant edited since the run: say what a rerun sends (again after each rerun).
  void controller.staleNotice(panel, run).then((notice) => {
    if (notice) panel.update({ notice });
  });
  // Reopening reports the run as finished once: nothing changed, nothing to save. Later finishes (reruns) are saved.
  let reopened = false;
  panel.onDidFinish((finished) => {
    if (!reopened) {
      reopened = true;
      return;
    }
    if (finished.columns.some((c) => c.prompt)) void controller.staleNotice(panel, finished).then((notice) => panel.update({ notice }));
    panel.lastSave = controller.save(panel, finished);
  });
}

/**
 * "Compare Models…": runs the prompt on several models over its inputs and streams the outputs
 * into a panel; "Open Saved Comparison…" reopens runs from .promptscope/runs; "Clear Response
 * Cache" empties the cache. The panel comes back after a window reload (webview serializer).
 */
export const compareFeature: Feature = (services) => {
  const controller = new CompareController(services);
  const run = async (args?: CompareCommandArgs): Promise<CompareCommandResult | undefined> => {
    try {
      return await runComparison(services, controller, args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : { ...(args instanceof vscode.Uri ? { uri: args } : {}) });
    } catch (e) {
      services.log.error(`compare failed: ${message(e)}`);
      void vscode.window.showErrorMessage(`Compare Models: ${message(e)}`);
      return undefined;
    }
  };
  const runsView = new RunsView(COMPARE_RUNS_COMMAND);
  return [
    controller,
    runsView,
    vscode.window.registerTreeDataProvider(RUNS_VIEW, runsView),
    vscode.commands.registerCommand('promptscope.refreshCompareRuns', () => runsView.refresh()),
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, controller.documents),
    vscode.commands.registerCommand(COMPARE_COMMAND, run),
    vscode.commands.registerCommand('promptscope.compareModelsOnSelection', () => run({ selection: true })),
    vscode.commands.registerCommand(COMPARE_RUNS_COMMAND, async (path?: string) => {
      const panel = await openSavedRun(services, controller, typeof path === 'string' ? path : undefined);
      return panel ? panel.current().run?.id : undefined;
    }),
    vscode.commands.registerCommand(CLEAR_CACHE_COMMAND, async () => {
      const removed = await controller.clearCache();
      void vscode.window.showInformationMessage(`Promptscope: response cache cleared (${removed} entr${removed === 1 ? 'y' : 'ies'}).`);
      return removed;
    }),
    vscode.commands.registerCommand(COMPARE_ACTION_COMMAND, async (args: { method: keyof CompareRequests; params: unknown }) => {
      const panel = ComparePanel.latest();
      if (!panel) throw new Error('no comparison panel is open');
      const handler = panelHandlers(services, controller, panel)[args.method] as (p: unknown) => unknown;
      return handler(args.params);
    }),
    vscode.commands.registerCommand(COMPARE_SETUP_COMMAND, async (args: CompareSetupArgs): Promise<CompareCommandResult | undefined> => {
      if (!canSendRequests()) {
        services.log.warn('compare: the workspace is not trusted; nothing was sent');
        void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
        return { untrusted: true };
      }
      try {
        return await compareInPanel(services, controller, args);
      } catch (e) {
        services.log.error(`compare failed: ${message(e)}`);
        void vscode.window.showErrorMessage(`${args.title}: ${message(e)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(COMPARE_STATE_COMMAND, (): CompareStateSnapshot | undefined => {
      const panel = ComparePanel.latest();
      if (!panel) return undefined;
      return {
        state: panel.current(),
        html: panel.html(),
        stats: { ...panel.stats },
        cacheDir: controller.cacheDir(),
        logFolder: services.context.logUri.fsPath,
      };
    }),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel(webview: vscode.WebviewPanel, saved: unknown): Promise<void> {
        const state = (saved && typeof saved === 'object' && 'state' in saved ? (saved as { state?: ComparePanelState }).state : undefined) ?? null;
        const run = state?.run ?? null;
        // A run that was streaming when the window closed: whatever had not finished is shown as cancelled.
        const settled = run ? { ...run, cells: run.cells.map((c) => (c.status === 'queued' || c.status === 'running' ? { ...c, status: 'cancelled' as const } : c)) } : null;
        const panel = new ComparePanel(webview, services, { handlers: (p) => panelHandlers(services, controller, p) }, { run: settled, running: false, savedAs: state?.savedAs ?? null, notice: state?.notice ?? null });
        if (settled) attachSession(controller, panel, settled);
        return Promise.resolve();
      },
    }),
    { dispose: () => ComparePanel.disposeAll() },
  ];
};
