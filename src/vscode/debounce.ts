import type * as vscode from 'vscode';

/** One pending run per document: typing restarts the wait, so work happens once the user pauses. */
export class PerDocumentDebouncer implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  schedule(doc: vscode.TextDocument, delayMs: number, run: (doc: vscode.TextDocument) => void): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); run(doc); }, delayMs));
  }

  cancel(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
