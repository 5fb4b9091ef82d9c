import * as vscode from 'vscode';
import { checkPromptFile } from '../../core/prompt';
import { PerDocumentDebouncer, PerDocumentQueue } from '../debounce';
import type { Feature, Services } from '../services';

export const CHECK_CHANNEL = 'promptscope';

/** Re-checks a prompt document a moment after typing stops; the same checks `promptscope check` runs. */
export class PromptChecker implements vscode.Disposable {
  private readonly debouncer = new PerDocumentDebouncer();
  private readonly soon = new PerDocumentQueue((doc) => this.checkNow(doc));

  constructor(private readonly services: Services) {}

  checkNow(doc: vscode.TextDocument): void {
    const file = this.services.documents.get(doc);
    if (!file) {
      this.services.diagnostics.clear(doc.uri);
      return;
    }
    try {
      const env = this.services.documents.checkEnvironment(doc);
      const diagnostics = checkPromptFile(file, env);
      // A partial or samples file is still being read: keep the last results; its arrival checks again.
      if (env.pending()) return;
      this.services.diagnostics.set(CHECK_CHANNEL, doc, diagnostics);
    } catch (e) {
      // A checker bug must never cost the user their editor: log it and keep the last results.
      this.services.log.error(`checking ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  /** Checks a document soon, in a task of its own (see PerDocumentQueue). */
  checkSoon(doc: vscode.TextDocument): void {
    this.soon.enqueue(doc);
  }

  schedule(doc: vscode.TextDocument): void {
    this.debouncer.schedule(doc, this.services.documents.debounceFor(doc, this.services.config.debounceMs), (d) => this.checkNow(d));
  }

  dispose(): void {
    this.debouncer.dispose();
    this.soon.dispose();
  }
}

export const checksFeature: Feature = (services) => {
  const checker = new PromptChecker(services);
  const recheckAll = () => { for (const doc of vscode.workspace.textDocuments) checker.checkSoon(doc); };
  // After activation returns, like the other first passes: activation itself stays cheap.
  recheckAll();
  return [
    checker,
    // The count of a prompt being opened starts in the same event.
    vscode.workspace.onDidOpenTextDocument((doc) => checker.checkSoon(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) checker.schedule(e.document); }),
    // Partials and samples live in other files: their dependents are checked again when those
    // arrive or change (read asynchronously, kept fresh by file events and saves).
    ...services.documents.sideFiles.watch(),
    services.documents.sideFiles.onDidChangeDependents((uris) => {
      const wanted = new Set(uris.map((u) => u.toString()));
      for (const doc of vscode.workspace.textDocuments) if (wanted.has(doc.uri.toString())) checker.checkSoon(doc);
    }),
    // An open partial is read from its editor: its dependents are checked again when it is saved.
    vscode.workspace.onDidSaveTextDocument(() => recheckAll()),
    vscode.workspace.onDidCloseTextDocument((doc) => { services.documents.forget(doc); services.diagnostics.clear(doc.uri); }),
    services.engine.onDidChange(recheckAll),
    vscode.workspace.onDidGrantWorkspaceTrust(recheckAll),
  ];
};
