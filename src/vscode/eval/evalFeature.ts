import * as vscode from 'vscode';
import { posix } from 'node:path';
import { RUNS_DIR, writeRunFile } from '../../core/compare';
import {
  EVALS_FOLDER,
  EvalCancelledError,
  EvalInputError,
  evalReportBaseName,
  evalReportToMarkdown,
  evaluateMigration,
  parseEvalReport,
  serializeEvalReport,
  variantComparisonSetup,
  type EvalProgress,
  type EvalReport,
  type MigrationRequest,
  type RoutingReport,
  type SavedEvalReport,
} from '../../core/eval';
import { filesOf, readProductionVariant, type LogicalPrompt } from '../../core/variants';
import type { EvalPanelState, EvalRequests } from '../../shared/evalProtocol';
import { canSendRequests, type Services } from '../services';
import { pickModel } from '../compress/models';
import { resolveTarget, type CommandTarget } from '../variants/variantCommands';
import { displayPath, uriOfPath, type VariantIndex } from '../variants/variantIndex';
import { EVAL_COMMANDS } from '../variants/variantLens';
import { PanelHost } from '../webview/panelHost';
import { compareSettings, editorCompareEnvironment } from '../compare/environment';
import { COMPARE_SETUP_COMMAND, UNTRUSTED_MESSAGE, type CompareCommandResult, type CompareSetupArgs } from '../compare/compareFeature';
import { missingKeys } from './evalEnvironment';

export const EVAL_VIEW_TYPE = 'promptscope.evalReport';
const TITLE = 'Migration Evaluation';

/** Arguments that skip the pickers (tests, other extensions). */
export interface EvaluateArgs {
  readonly baseline?: string;
  readonly candidate?: string;
  readonly samplesPath?: string;
  readonly repeat?: number;
  readonly callsPerMonth?: number;
  readonly judgeModel?: string;
  readonly useCache?: boolean;
}

/** Arguments of Compare Variants that skip its defaults (tests, other extensions). */
export interface CompareVariantsArgs {
  readonly samplesPath?: string;
  readonly repeat?: number;
}

interface RunningEvaluation {
  readonly controller: AbortController;
}

/** The report panel: one at a time, reused by later evaluations, restored after a reload. */
class EvalPanel {
  private static current: EvalPanel | undefined;
  private state: EvalPanelState;
  private readonly host: PanelHost<EvalPanelState, EvalRequests>;

  private constructor(feature: EvalController, panel: vscode.WebviewPanel, state: EvalPanelState) {
    this.state = state;
    this.host = new PanelHost<EvalPanelState, EvalRequests>(panel, {
      viewType: EVAL_VIEW_TYPE,
      title: TITLE,
      script: 'eval',
      extensionUri: feature.services.context.extensionUri,
      log: feature.services.log,
      handlers: {
        open: (params) => this.open(params.path),
        diffOutputs: (params) => this.diffOutputs(params.sample),
        openMarkdown: () => this.openMarkdown(),
        rerun: () => feature.rerun(),
        cancel: () => feature.cancel(),
      },
    });
    this.host.onDidDispose(() => {
      if (EvalPanel.current === this) EvalPanel.current = undefined;
    });
    this.host.setState(state);
  }

  static show(feature: EvalController, state: EvalPanelState, reveal = true): void {
    const existing = EvalPanel.current;
    if (existing) {
      existing.update(state);
      if (reveal) existing.host.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(EVAL_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
    EvalPanel.current = new EvalPanel(feature, panel, state);
  }

  static restore(feature: EvalController, panel: vscode.WebviewPanel, saved: EvalPanelState | undefined): void {
    EvalPanel.current?.host.panel.dispose();
    EvalPanel.current = new EvalPanel(feature, panel, { report: saved?.report ?? null, root: saved?.root ?? null, savedJson: saved?.savedJson ?? null, savedMarkdown: saved?.savedMarkdown ?? null, running: null, error: null });
  }

  static update(patch: Partial<EvalPanelState>): void {
    const current = EvalPanel.current;
    if (current) current.update({ ...current.state, ...patch });
  }

  static stateNow(): EvalPanelState | undefined {
    return EvalPanel.current?.state;
  }

  private update(state: EvalPanelState): void {
    this.state = state;
    this.host.setState(state);
  }

  private folderUri(): vscode.Uri | undefined {
    return this.state.root ? vscode.Uri.parse(this.state.root) : undefined;
  }

  private async open(path: string): Promise<boolean> {
    const report = this.state.report;
    const allowed = report ? [report.baseline.promptPath, report.candidate.promptPath, report.promptPath, report.samplesPath].filter(Boolean) : [];
    const folder = this.folderUri();
    if (!folder || !allowed.includes(path)) throw new Error('not a file of this report');
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, path), { preview: true });
    return true;
  }

  private async diffOutputs(sample: string): Promise<boolean> {
    const outcome = this.state.report?.outcomes.find((o) => o.sample === sample);
    if (!outcome || !this.state.report) throw new Error('no such input in this report');
    const left = await vscode.workspace.openTextDocument({ content: outcome.baselineOutput, language: 'markdown' });
    const right = await vscode.workspace.openTextDocument({ content: outcome.candidateOutput, language: 'markdown' });
    const r = this.state.report;
    await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, `${sample}: ${r.baseline.variant} (${r.baseline.model}) ↔ ${r.candidate.variant} (${r.candidate.model})`);
    return true;
  }

  private async openMarkdown(): Promise<boolean> {
    const folder = this.folderUri();
    if (!folder || !this.state.savedMarkdown) throw new Error('the Markdown report was not saved');
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, this.state.savedMarkdown), { preview: true });
    return true;
  }

  static disposeCurrent(): void {
    EvalPanel.current?.host.panel.dispose();
    EvalPanel.current = undefined;
  }
}

/** Runs evaluations (one at a time), saves them and shows them. */
class EvalController {
  private running: RunningEvaluation | undefined;
  private last: { prompt: LogicalPrompt; args: EvaluateArgs } | undefined;

  constructor(readonly services: Services, private readonly index: VariantIndex) {}

  cancel(): boolean {
    this.running?.controller.abort();
    return this.running !== undefined;
  }

  /** Runs the last evaluation again, or the one the panel shows (reopened from its file). */
  async rerun(): Promise<boolean> {
    const shown = EvalPanel.stateNow();
    if (!this.last && shown?.report && shown.root) {
      const report = shown.report;
      const prompt = await this.index.promptOf(vscode.Uri.joinPath(vscode.Uri.parse(shown.root), report.promptPath).fsPath);
      if (prompt) {
        const overview = await this.index.overview(prompt);
        // A side evaluated on another model than its file's own was given as a model id.
        const side = (s: SavedEvalReport['baseline']): string => (overview.rows.find((r) => r.label === s.variant)?.model === s.model ? s.variant : s.model);
        this.last = { prompt, args: { baseline: side(report.baseline), candidate: side(report.candidate), repeat: report.repeat, ...(report.callsPerMonth !== undefined ? { callsPerMonth: report.callsPerMonth } : {}), ...(report.preference ? { judgeModel: report.preference.judgeModel } : {}) } };
      }
    }
    if (!this.last) throw new Error('the prompt of this report is no longer in the workspace');
    return (await this.evaluate(this.last.prompt, this.last.args)) !== undefined;
  }

  /** Asks for what is missing (baseline, candidate); undefined when the user cancels. */
  async pickSides(prompt: LogicalPrompt, invokedOn: string | undefined, args: EvaluateArgs): Promise<EvaluateArgs | undefined> {
    const labels = filesOf(prompt).map((f) => f.variant ?? 'base');
    const baseText = prompt.base ? await this.services.documents.readTextAsync(prompt.base.path) : undefined;
    const production = (baseText !== undefined ? readProductionVariant(baseText) : undefined) ?? 'base';
    let baseline = args.baseline;
    let candidate = args.candidate ?? (invokedOn !== undefined && invokedOn !== production ? invokedOn : undefined);
    const pick = async (title: string, exclude?: string): Promise<string | undefined> => {
      const items = labels.filter((l) => l !== exclude).map((l) => ({ label: l, description: l === production ? 'production' : undefined }));
      if (items.length === 0) return undefined;
      return (await vscode.window.showQuickPick(items, { title, placeHolder: 'A variant (each runs on its own model)', ignoreFocusOut: true }))?.label;
    };
    baseline ??= labels.length <= 2 || candidate === undefined ? production : await pick(`Evaluate Migration of ${prompt.name}: baseline (in production now)`, candidate);
    if (!baseline) return undefined;
    candidate ??= await pick(`Evaluate Migration of ${prompt.name}: candidate (to move to)`, baseline);
    if (!candidate) {
      if (labels.length < 2) void vscode.window.showInformationMessage(`${prompt.name} has no variant to migrate to yet: use "Create Variant for Model…" first.`);
      return undefined;
    }
    if (args.candidate !== undefined) return { ...args, baseline, candidate };
    // Chosen interactively: how to run it (the defaults need no further step).
    const options = [
      { label: 'Run once per input', description: 'default', id: 'once' },
      { label: 'Run 3 times per input', description: 'flakiness per input (pass^3); bypasses the cache', id: 'repeat' },
      { label: "Add a judge model's preference…", description: 'pairwise: which output is better, with reasons', id: 'judge' },
    ];
    const how = await vscode.window.showQuickPick(options, { title: `Evaluate ${baseline} → ${candidate}`, placeHolder: 'How to run the evaluation', ignoreFocusOut: true });
    if (!how) return undefined;
    if (how.id === 'repeat') return { ...args, baseline, candidate, repeat: 3 };
    if (how.id === 'judge') {
      const judgeModel = await pickModel(this.services, { title: 'Judge model for the pairwise preference', placeHolder: 'A model other than the two being compared', targets: [] });
      if (!judgeModel) return undefined;
      return { ...args, baseline, candidate, judgeModel };
    }
    return { ...args, baseline, candidate };
  }

  /** Runs, saves and shows one evaluation; undefined when cancelled or refused. */
  async evaluate(prompt: LogicalPrompt, args: EvaluateArgs): Promise<SavedEvalReport | undefined> {
    const services = this.services;
    if (!canSendRequests()) {
      void vscode.window.showWarningMessage('This workspace is not trusted, so Promptscope sends no request. Trust the workspace to evaluate a migration.');
      return undefined;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('An evaluation is already running; cancel it first.');
      return undefined;
    }
    const basePath = prompt.base?.path ?? prompt.variants[0]?.path;
    if (!basePath || !args.candidate) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uriOfPath(basePath));
    if (!folder) {
      void vscode.window.showWarningMessage('Evaluate Migration works on prompts inside a workspace folder (the report is saved there).');
      return undefined;
    }
    const controller = new AbortController();
    this.running = { controller };
    this.last = { prompt, args };
    const previous = (await this.index.allEvaluations()).filter((e) => e.root.toString() === folder.uri.toString()).map((e) => e.report);
    const request: MigrationRequest = {
      promptPath: basePath,
      folderFiles: filesOf(prompt).map((f) => f.path),
      candidate: args.candidate,
      callsPerMonth: args.callsPerMonth ?? this.services.config.callsPerMonth,
      previous,
      ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
      ...(args.samplesPath !== undefined ? { samplesPath: args.samplesPath } : {}),
      ...(args.repeat !== undefined ? { repeat: args.repeat } : {}),
      ...(args.judgeModel !== undefined ? { judgeModel: args.judgeModel } : {}),
      ...(args.useCache !== undefined ? { useCache: args.useCache } : {}),
    };
    const current = EvalPanel.stateNow();
    EvalPanel.show(this, { report: current?.report ?? null, root: current?.root ?? null, savedJson: current?.savedJson ?? null, savedMarkdown: current?.savedMarkdown ?? null, running: { phase: 'baseline', finished: 0, total: 0 }, error: null }, false);
    const started = Date.now();
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Evaluating ${prompt.name}: ${args.baseline ?? 'production'} → ${args.candidate}`, cancellable: true },
        async (progress, token) => {
          const subscription = token.onCancellationRequested(() => controller.abort());
          let last = 0;
          const onProgress = (p: EvalProgress): void => {
            const phases = request.judgeModel ? 3 : 2;
            const index = p.phase === 'baseline' ? 0 : p.phase === 'candidate' ? 1 : 2;
            const overall = p.total > 0 ? ((index + p.finished / p.total) / phases) * 100 : (index / phases) * 100;
            progress.report({ increment: Math.max(0, overall - last), message: `${p.phase}: ${p.finished} of ${p.total}` });
            last = Math.max(last, overall);
            EvalPanel.update({ running: p });
          };
          try {
            return await evaluateMigration(request, {
              ...editorCompareEnvironment(services, controller.signal),
              workspace: this.index.workspace,
              displayPath,
              onProgress,
            });
          } finally {
            subscription.dispose();
          }
        },
      );
      const saved = await this.save(folder.uri, result.report, result.routing, result.baselineRun, result.candidateRun);
      services.log.info(`evaluation of ${prompt.name} (${result.report.baseline.variant} → ${result.report.candidate.variant}) in ${Date.now() - started} ms: ${result.report.verdict}`);
      EvalPanel.show(this, { report: saved.report, root: folder.uri.toString(), savedJson: saved.json, savedMarkdown: saved.markdown, running: null, error: null });
      this.index.evaluationsChanged();
      return saved.report;
    } catch (e) {
      if (e instanceof EvalCancelledError || controller.signal.aborted) {
        EvalPanel.update({ running: null });
        void vscode.window.showInformationMessage('Evaluation cancelled; no report was written.');
        return undefined;
      }
      const message = e instanceof Error ? e.message : String(e);
      services.log.error(`evaluation of ${prompt.name} failed: ${message}`);
      EvalPanel.update({ running: null, error: message });
      if (e instanceof EvalInputError) void vscode.window.showWarningMessage(`Evaluate Migration: ${message}`);
      else void vscode.window.showErrorMessage(`Evaluate Migration failed: ${message}`);
      return undefined;
    } finally {
      this.running = undefined;
    }
  }

  /** JSON + Markdown under `.promptscope/evals/`, both runs under `.promptscope/runs/`, in the prompt's workspace folder. */
  private async save(root: vscode.Uri, report: EvalReport, routing: RoutingReport, baselineRun: Parameters<typeof writeRunFile>[1], candidateRun: Parameters<typeof writeRunFile>[1]): Promise<{ report: SavedEvalReport; json: string; markdown: string }> {
    const secrets = (await Promise.all(['openai', 'anthropic', 'gemini', ...this.services.config.endpoints.map((e) => e.name)].map((p) => this.services.keys.get(p)))).filter((k): k is string => !!k);
    const runsDir = vscode.Uri.joinPath(root, RUNS_DIR).fsPath;
    const runName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    const runFiles = { baseline: runName(await writeRunFile(runsDir, baselineRun, secrets)), candidate: runName(await writeRunFile(runsDir, candidateRun, secrets)) };
    const saved: SavedEvalReport = { ...report, runFiles, routing };
    const base = evalReportBaseName(saved);
    const dir = vscode.Uri.joinPath(root, EVALS_FOLDER);
    await vscode.workspace.fs.createDirectory(dir);
    const encoder = new TextEncoder();
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, `${base}.json`), encoder.encode(serializeEvalReport(saved, undefined, secrets)));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, `${base}.md`), encoder.encode(evalReportToMarkdown(saved, routing)));
    return { report: saved, json: `${EVALS_FOLDER}/${base}.json`, markdown: `${EVALS_FOLDER}/${base}.md` };
  }

  async openSaved(uri: vscode.Uri): Promise<boolean> {
    const parsed = parseEvalReport(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    if (typeof parsed === 'string') {
      void vscode.window.showErrorMessage(`${uri.fsPath}: ${parsed}`);
      return false;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const relativeJson = folder ? vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/') : null;
    EvalPanel.show(this, { report: parsed, root: folder?.uri.toString() ?? null, savedJson: relativeJson, savedMarkdown: relativeJson ? relativeJson.replace(/\.json$/, '.md') : null, running: null, error: null });
    return true;
  }
}

export function registerEvalCommands(services: Services, index: VariantIndex): vscode.Disposable[] {
  const controller = new EvalController(services, index);
  return [
    vscode.commands.registerCommand(EVAL_COMMANDS.evaluate, async (target?: CommandTarget, args?: EvaluateArgs) => {
      const resolved = await resolveTarget(index, target);
      if (!resolved) {
        void vscode.window.showWarningMessage('Open a .prompt file or pick a variant in the Prompt Variants view to evaluate a migration.');
        return undefined;
      }
      const sides = await controller.pickSides(resolved.prompt, resolved.variant ?? 'base', args && typeof args === 'object' ? args : {});
      if (!sides) return undefined;
      const models: string[] = [];
      const overview = await index.overview(resolved.prompt);
      for (const label of [sides.baseline, sides.candidate]) {
        const row = overview.rows.find((r) => r.label === label);
        if (row?.model) models.push(row.model);
        else if (label?.includes('/')) models.push(label);
      }
      const missing = await missingKeys(services, models).catch(() => []);
      if (missing.length) {
        const choice = await vscode.window.showWarningMessage(`No API key for ${missing.join(', ')}: the calls would fail.`, 'Set API Key…', 'Run Anyway');
        if (choice === 'Set API Key…') {
          await vscode.commands.executeCommand('promptscope.setApiKey');
          return undefined;
        }
        if (choice !== 'Run Anyway') return undefined;
      }
      return controller.evaluate(resolved.prompt, sides);
    }),
    // Each variant on its own model over the same samples, streamed into the comparison panel (one column per variant).
    vscode.commands.registerCommand(EVAL_COMMANDS.compare, async (target?: CommandTarget, args?: CompareVariantsArgs): Promise<CompareCommandResult | undefined> => {
      if (!canSendRequests()) {
        services.log.warn('compare variants: the workspace is not trusted; nothing was sent');
        void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
        return { untrusted: true };
      }
      const resolved = await resolveTarget(index, target);
      if (!resolved) {
        void vscode.window.showWarningMessage('Open a .prompt file or pick a variant in the Prompt Variants view to compare its variants.');
        return undefined;
      }
      const settings = compareSettings(services);
      const options = args && typeof args === 'object' ? args : {};
      let prepared: Awaited<ReturnType<typeof variantComparisonSetup>>;
      try {
        prepared = await variantComparisonSetup(
          {
            promptPath: resolved.path,
            folderFiles: filesOf(resolved.prompt).map((f) => f.path),
            useCache: settings.cacheEnabled,
            ...(settings.judgeModel ? { judgeModel: settings.judgeModel } : {}),
            ...(options.samplesPath !== undefined ? { samplesPath: options.samplesPath } : {}),
            ...(options.repeat !== undefined ? { repeat: options.repeat } : {}),
          },
          { workspace: index.workspace, displayPath },
        );
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (e instanceof EvalInputError) void vscode.window.showWarningMessage(`Compare Variants: ${message}`);
        else void vscode.window.showErrorMessage(`Compare Variants failed: ${message}`);
        return undefined;
      }
      const basePath = resolved.prompt.base?.path ?? resolved.path;
      // Relative to the base file, as Compare Models records it: "Save as Sample" appends to it, also after a reload.
      const samplesPath = posix.relative(posix.dirname(displayPath(basePath)), displayPath(prepared.samplesFile)) || displayPath(prepared.samplesFile);
      const setupArgs: CompareSetupArgs = {
        setup: { ...prepared.setup, samplesPath, scheduler: { concurrency: settings.concurrency } },
        promptUri: uriOfPath(basePath),
        title: `Compare Variants: ${resolved.prompt.name}`,
      };
      services.log.info(`compare variants: ${prepared.variants.map((v) => `${v.variant} on ${v.model}`).join(', ')} × ${prepared.setup.inputs.length} input(s)`);
      return vscode.commands.executeCommand<CompareCommandResult | undefined>(COMPARE_SETUP_COMMAND, setupArgs);
    }),
    vscode.commands.registerCommand(EVAL_COMMANDS.openReport, async (uri?: vscode.Uri) => {
      if (uri instanceof vscode.Uri) return controller.openSaved(uri);
      const saved = (await index.allEvaluations()).sort((a, b) => b.report.createdAt.localeCompare(a.report.createdAt));
      if (saved.length === 0) {
        void vscode.window.showInformationMessage('No saved migration evaluation in this workspace yet: run "Evaluate Migration…" on a variant.');
        return false;
      }
      const pick = await vscode.window.showQuickPick(
        saved.map((e) => ({ label: `${e.report.promptPath}: ${e.report.baseline.variant} → ${e.report.candidate.variant}`, description: new Date(e.report.createdAt).toLocaleString(), detail: e.report.verdict, uri: e.uri })),
        { title: 'Open Migration Evaluation', placeHolder: 'Saved evaluations, newest first', matchOnDetail: true },
      );
      return pick ? controller.openSaved(pick.uri) : false;
    }),
    vscode.window.registerWebviewPanelSerializer(EVAL_VIEW_TYPE, {
      deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const saved = state && typeof state === 'object' && 'state' in state ? (state as { state?: EvalPanelState }).state : undefined;
        EvalPanel.restore(controller, panel, saved);
        return Promise.resolve();
      },
    }),
    { dispose: () => EvalPanel.disposeCurrent() },
  ];
}
