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

/**
 * Work per document, one document per task, each document once however often it is asked for:
 * events (prompts opened, a partial read, a save) arrive in VS Code's own tasks, and doing all of
 * it there made one long block of the extension host. Closed documents are skipped.
 */
export class PerDocumentQueue implements vscode.Disposable {
  private readonly queued = new Map<string, vscode.TextDocument>();
  private next: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly run: (doc: vscode.TextDocument) => void) {}

  enqueue(doc: vscode.TextDocument): void {
    this.queued.set(doc.uri.toString(), doc);
    this.runNextSoon();
  }

  private runNextSoon(): void {
    if (this.next || this.queued.size === 0) return;
    // setImmediate from a task runs after the next I/O poll: the host answers VS Code in between.
    this.next = setImmediate(() => {
      this.next = undefined;
      const first = this.queued.entries().next().value;
      if (!first) return;
      const [key, doc] = first;
      this.queued.delete(key);
      try {
        if (!doc.isClosed) this.run(doc);
      } finally {
        this.runNextSoon();
      }
    });
  }

  dispose(): void {
    if (this.next) clearImmediate(this.next);
    this.next = undefined;
    this.queued.clear();
  }
}
