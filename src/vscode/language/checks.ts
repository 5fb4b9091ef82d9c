import * as vscode from 'vscode';
import { checkPromptFile } from '../../core/prompt';
import type { Feature, Services } from '../services';

export const CHECK_CHANNEL = 'promptscope';

/** Re-checks a prompt document a moment after typing stops; the same checks `promptscope check` runs. */
export class PromptChecker implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

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
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const delay = this.services.documents.isLarge(doc) ? Math.max(this.services.config.debounceMs, 1000) : this.services.config.debounceMs;
    this.timers.set(key, setTimeout(() => { this.timers.delete(key); this.checkNow(doc); }, delay));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

export const checksFeature: Feature = (services) => {
  const checker = new PromptChecker(services);
  const recheckAll = () => { for (const doc of vscode.workspace.textDocuments) checker.checkNow(doc); };
  recheckAll();
  return [
    checker,
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
