import * as vscode from 'vscode';
import { checkPromptFile } from '../../core/prompt';
import { PerDocumentDebouncer } from '../debounce';
import type { Feature, Services } from '../services';

export const CHECK_CHANNEL = 'promptscope';

/** Re-checks a prompt document a moment after typing stops; the same checks `promptscope check` runs. */
export class PromptChecker implements vscode.Disposable {
  private readonly debouncer = new PerDocumentDebouncer();

  constructor(private readonly services: Services) {}

  checkNow(doc: vscode.TextDocument): void {
    const file = this.services.documents.get(doc);
    if (!file) {
      this.services.diagnostics.clear(doc.uri);
      return;
    }
    try {
      this.services.diagnostics.set(CHECK_CHANNEL, doc, checkPromptFile(file, this.services.documents.checkEnvironment(doc)));
    } catch (e) {
      // A checker bug must never cost the user their editor: log it and keep the last results.
      this.services.log.error(`checking ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  schedule(doc: vscode.TextDocument): void {
    this.debouncer.schedule(doc, this.services.documents.debounceFor(doc, this.services.config.debounceMs), (d) => this.checkNow(d));
  }

  dispose(): void {
    this.debouncer.dispose();
  }
}

export const checksFeature: Feature = (services) => {
  const checker = new PromptChecker(services);
  const recheckAll = () => { for (const doc of vscode.workspace.textDocuments) checker.checkNow(doc); };
  // After activation returns, like the other first passes: activation itself stays cheap.
  const initial = setTimeout(recheckAll, 0);
  return [
    checker,
    { dispose: () => clearTimeout(initial) },
    vscode.workspace.onDidOpenTextDocument((doc) => checker.checkNow(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) checker.schedule(e.document); }),
    // Partials and samples live in other files: re-check their dependents when those are saved.
    vscode.workspace.onDidSaveTextDocument(() => recheckAll()),
    vscode.workspace.onDidCreateFiles(() => recheckAll()),
    vscode.workspace.onDidDeleteFiles(() => recheckAll()),
    vscode.workspace.onDidCloseTextDocument((doc) => { services.documents.forget(doc); services.diagnostics.clear(doc.uri); }),
    services.engine.onDidChange(recheckAll),
    vscode.workspace.onDidGrantWorkspaceTrust(recheckAll),
  ];
};
