import * as vscode from 'vscode';
import { EDITOR_RENDER_BUDGET } from '../../core/prompt';
import type { PromptWorkspace } from '../../core/analysis';
import { EVALS_FOLDER, latestEvaluation, parseEvalReport, type SavedEvalReport } from '../../core/eval';
import { parsePromptFile } from '../../core/prompt';
import {
  describeLogicalPrompt,
  evalStatus,
  groupLogicalPrompts,
  logicalPromptOf,
  variantModel,
  type EvalStatus,
  type LogicalPrompt,
  type LogicalPromptOverview,
} from '../../core/variants';
import type { Services } from '../services';

const EXCLUDE = '**/node_modules/**';
const REFRESH_DELAY_MS = 300;
/** When to count again after the token service estimated part of a count (as the token lens does). */
const COUNT_AGAIN_MS = 30;

/** A saved evaluation and the workspace folder its paths are relative to. */
export interface WorkspaceEvaluation {
  readonly root: vscode.Uri;
  readonly report: SavedEvalReport;
  readonly uri: vscode.Uri;
}

export function pathOf(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

export function uriOfPath(path: string): vscode.Uri {
  return vscode.Uri.file(path);
}

/** `prompts/agent.prompt`: how reports and run files name a file (relative to its workspace folder, `/`-separated). */
export function displayPath(path: string): string {
  return vscode.workspace.asRelativePath(uriOfPath(path), false).replace(/\\/g, '/');
}

/**
 * `team-a` or `team-a/prompts`: a folder as the user knows it, relative to its workspace folder and
 * led by that folder's name in a multi-root workspace (the workspace folder's name for its root).
 */
export function folderLabel(folderPath: string): string {
  const uri = uriOfPath(folderPath);
  const root = vscode.workspace.getWorkspaceFolder(uri);
  if (!root) return folderPath;
  const relative = uri.path.slice(root.uri.path.length).replace(/^\/+/, '');
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return (multiRoot ? [root.name, relative] : [relative]).filter(Boolean).join('/') || root.name;
}

/**
 * The workspace's logical prompts (every folder of a multi-root workspace), their overviews
 * (each variant counted on its own model) and the saved evaluations, kept fresh on file changes.
 * The tree, the lenses and the commands all read from here.
 */
export class VariantIndex implements vscode.Disposable {
  private prompts: LogicalPrompt[] | undefined;
  private loading: Promise<LogicalPrompt[]> | undefined;
  private readonly overviews = new Map<string, Promise<LogicalPromptOverview>>();
  private evaluations: Promise<WorkspaceEvaluation[]> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly workspace: PromptWorkspace;

  constructor(private readonly services: Services) {
    this.workspace = { readText: (path) => services.documents.readTextAsync(path) };
    const prompts = vscode.workspace.createFileSystemWatcher('**/*.prompt');
    const evals = vscode.workspace.createFileSystemWatcher(`**/${EVALS_FOLDER}/*.json`);
    const onPromptFile = (): void => this.invalidate(true);
    const onEval = (): void => this.evaluationsChanged();
    this.disposables.push(
      prompts,
      evals,
      prompts.onDidCreate(onPromptFile),
      prompts.onDidDelete(onPromptFile),
      prompts.onDidChange(() => this.invalidate(false)),
      evals.onDidCreate(onEval),
      evals.onDidDelete(onEval),
      evals.onDidChange(onEval),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path.endsWith('.prompt') && e.contentChanges.length) this.invalidate(false);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate(true)),
      services.engine.onDidChange(() => this.invalidate(false)),
      this.emitter,
    );
  }

  /** Forgets cached overviews (and the file list, when files came or went) and tells listeners shortly. */
  invalidate(files: boolean): void {
    if (files) {
      this.prompts = undefined;
      this.loading = undefined;
    }
    this.overviews.clear();
    this.schedule();
  }

  /** Forgets the saved evaluations read so far: one was written or removed (the writer says so at once; the watcher may lag). */
  evaluationsChanged(): void {
    this.evaluations = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emitter.fire();
    }, REFRESH_DELAY_MS);
  }

  async logicalPrompts(): Promise<LogicalPrompt[]> {
    if (this.prompts) return this.prompts;
    this.loading ??= (async () => {
      const uris = await vscode.workspace.findFiles('**/*.prompt', EXCLUDE);
      const prompts = groupLogicalPrompts(uris.filter((u) => u.scheme === 'file').map(pathOf));
      this.prompts = prompts;
      return prompts;
    })();
    return this.loading;
  }

  async promptOf(path: string): Promise<LogicalPrompt | undefined> {
    return logicalPromptOf(await this.logicalPrompts(), path);
  }

  overview(prompt: LogicalPrompt): Promise<LogicalPromptOverview> {
    let entry = this.overviews.get(prompt.key);
    if (!entry) {
      // Exact counts: a pass that met chunks the tokenizer worker had not counted is done again once it has.
      const computing: Promise<LogicalPromptOverview> = this.services.engine.tokens.settled(() => describeLogicalPrompt(prompt, {
        workspace: this.workspace,
        deps: { tokens: this.services.engine.tokens, catalog: this.services.engine.catalog },
        defaultTargets: this.services.config.defaultTargets,
        renderBudget: EDITOR_RENDER_BUDGET,
      })).then((overview) => {
        // The token service ran out of its per-task time and estimated part of a count: count again in
        // a later task (its cache keeps the progress), as the token lens does, until the count is whole.
        if (overview.rows.some((r) => r.countContinues)) {
          setTimeout(() => {
            if (this.overviews.get(prompt.key) !== computing) return;
            this.overviews.delete(prompt.key);
            this.schedule();
          }, COUNT_AGAIN_MS);
        }
        return overview;
      });
      entry = computing;
      this.overviews.set(prompt.key, entry);
    }
    return entry;
  }

  /** Every saved evaluation in `.promptscope/evals/` of every workspace folder; unreadable ones are logged and skipped. */
  allEvaluations(): Promise<WorkspaceEvaluation[]> {
    this.evaluations ??= (async () => {
      const found: WorkspaceEvaluation[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const dir = vscode.Uri.joinPath(folder.uri, EVALS_FOLDER);
        let entries: [string, vscode.FileType][] = [];
        try {
          entries = await vscode.workspace.fs.readDirectory(dir);
        } catch {
          continue;
        }
        for (const [name, type] of entries) {
          if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
          const uri = vscode.Uri.joinPath(dir, name);
          try {
            const parsed = parseEvalReport(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
            if (typeof parsed === 'string') this.services.log.warn(`${uri.fsPath}: ${parsed}`);
            else found.push({ root: folder.uri, report: parsed, uri });
          } catch (e) {
            this.services.log.warn(`${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
      }
      return found;
    })();
    return this.evaluations;
  }

  /**
   * The saved evaluations of the workspace folder holding `path`. Reports name files relative to
   * their folder, so `triage.prompt` in one folder's report must not be read as another folder's.
   */
  async evaluationsOfFolderOf(path: string): Promise<WorkspaceEvaluation[]> {
    const folder = vscode.workspace.getWorkspaceFolder(uriOfPath(path));
    if (!folder) return [];
    return (await this.allEvaluations()).filter((e) => e.root.toString() === folder.uri.toString());
  }

  /** The latest evaluation with this variant as the candidate, and its status against the files as they are now. */
  async evaluationOf(prompt: LogicalPrompt, variantLabel: string, now = new Date()): Promise<{ evaluation: WorkspaceEvaluation; status: EvalStatus } | undefined> {
    const basePath = prompt.base?.path ?? prompt.variants[0]?.path;
    if (!basePath) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uriOfPath(basePath));
    if (!folder) return undefined;
    const evaluations = await this.evaluationsOfFolderOf(basePath);
    const latest = latestEvaluation(evaluations.map((e) => e.report), displayPath(basePath), variantLabel);
    const evaluation = evaluations.find((e) => e.report === latest);
    if (!evaluation) return undefined;
    const r = evaluation.report;
    const read = async (relative: string | undefined): Promise<string | undefined> => (relative === undefined ? undefined : this.services.documents.readTextAsync(vscode.Uri.joinPath(folder.uri, relative).fsPath));
    const [baselineText, candidateText, samplesText, baseText] = await Promise.all([
      read(r.baseline.promptPath),
      read(r.candidate.promptPath),
      read(r.samplesPath),
      prompt.base ? this.services.documents.readTextAsync(prompt.base.path) : undefined,
    ]);
    const baseModel = baseText !== undefined && prompt.base ? parsePromptFile(baseText, { fileName: prompt.base.path }).model : undefined;
    const modelNow = (text: string | undefined, relative: string, recorded: string): string =>
      text === undefined ? recorded : (variantModel(text, relative, baseModel).model ?? recorded);
    const status = evalStatus(
      r,
      {
        baselineText,
        candidateText,
        samplesText,
        baselineModel: modelNow(baselineText, r.baseline.promptPath, r.baseline.model),
        candidateModel: modelNow(candidateText, r.candidate.promptPath, r.candidate.model),
      },
      now,
    );
    return { evaluation, status };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
