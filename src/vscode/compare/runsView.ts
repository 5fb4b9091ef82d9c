import * as vscode from 'vscode';
import { listRunFiles, type RunListing } from '../../core/compare';

export const RUNS_VIEW = 'promptscope.runs';

type RunEntry = Pick<RunListing, 'path' | 'id' | 'createdAt' | 'promptPath' | 'models' | 'columnTitles' | 'variants'>;

/** Every `.promptscope/runs` folder of the workspace (local folders only: the core reads with node:fs). */
export function runFolders(): vscode.Uri[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => vscode.Uri.joinPath(f.uri, '.promptscope', 'runs'));
}

/** Saved runs, newest first; an unreadable folder counts as empty. */
export async function listRuns(): Promise<RunEntry[]> {
  const lists = await Promise.all(runFolders().map((f) => listRunFiles(f.fsPath).catch(() => [])));
  return lists.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** "Comparison Runs": saved runs by date; a click reopens one in a panel. Follows the folder as runs are written. */
export class RunsView implements vscode.TreeDataProvider<RunEntry>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/.promptscope/runs/*.json');

  constructor(private readonly openCommand: string) {
    const refresh = (): void => this.emitter.fire();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete(refresh);
    this.watcher.onDidChange(refresh);
  }

  getTreeItem(run: RunEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(run.promptPath, vscode.TreeItemCollapsibleState.None);
    const when = new Date(run.createdAt);
    const count = run.columnTitles.length;
    item.description = run.variants ? `${when.toLocaleString()} · variants: ${run.columnTitles.join(', ')}` : `${when.toLocaleString()} · ${count} model${count === 1 ? '' : 's'}`;
    item.tooltip = `${run.promptPath}\n${run.columnTitles.join('\n')}\n${vscode.workspace.asRelativePath(vscode.Uri.file(run.path))}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.resourceUri = vscode.Uri.file(run.path);
    item.command = { command: this.openCommand, title: 'Open Comparison', arguments: [run.path] };
    return item;
  }

  getChildren(element?: RunEntry): Promise<RunEntry[]> {
    return element ? Promise.resolve([]) : listRuns();
  }

  refresh(): void {
    this.emitter.fire();
  }

  dispose(): void {
    this.watcher.dispose();
    this.emitter.dispose();
  }
}
