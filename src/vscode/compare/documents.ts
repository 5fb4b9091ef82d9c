import * as vscode from 'vscode';

export const COMPARE_SCHEME = 'promptscope-compare';
/** Enough for a few diffs and requests; older documents are dropped first. */
const MAX_DOCUMENTS = 200;

/**
 * Read-only virtual documents for the compare panel: cell outputs (the two sides of a diff) and
 * "Show Request" bodies. Nothing is written to disk.
 */
export class CompareDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  /** Stores `text` under `path` and returns its URI (the same path again refreshes an open document). */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${path}` });
    const key = uri.toString();
    const existed = this.contents.has(key);
    this.contents.delete(key);
    this.contents.set(key, text);
    while (this.contents.size > MAX_DOCUMENTS) this.contents.delete(this.contents.keys().next().value as string);
    if (existed) this.emitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '(this document is no longer available: open it again from the comparison panel)';
  }

  dispose(): void {
    this.emitter.dispose();
    this.contents.clear();
  }
}
