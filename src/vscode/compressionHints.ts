import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from './languageIds';
import { compressPromptFileInSlices } from '../core/analysis';
import { selectSafeFixes } from '../core/compress';
import type { TextEdit } from '../core/text';
import { toRange } from './convert';
import { PerDocumentDebouncer } from './debounce';
import type { Feature, Services } from './services';

export const COMPRESS_CHANNEL = 'promptscope.compress';

/**
 * Counted exactly: passes that met chunks the tokenizer worker had not counted yet are done again
 * once it has. In slices, so a long prompt's pass never holds the extension host for long.
 */
function findingsFor(services: Services, doc: vscode.TextDocument) {
  return services.engine.tokens.settled(async () => {
    const file = services.documents.get(doc);
    if (!file) return undefined;
    return compressPromptFileInSlices(file, {
      tokens: services.engine.tokens,
      catalog: services.engine.catalog,
      defaultTargets: services.config.defaultTargets,
      enabledRules: services.config.compressionRules,
    });
  });
}

/** The safe edits `applySafeFixes` would apply, as whole-file offsets. */
async function safeEdits(services: Services, doc: vscode.TextDocument): Promise<{ edits: TextEdit[]; tokensSaved: number; count: number; primaryTarget: string } | undefined> {
  // The pass runs in slices: text typed meanwhile makes its offsets stale, so it is done again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = doc.version;
    const result = await findingsFor(services, doc);
    if (!result) return undefined;
    if (doc.version !== version) continue;
    const { edits, applied, tokensSaved } = selectSafeFixes(doc.getText(), result.findings);
    return { edits, tokensSaved, count: applied, primaryTarget: result.primaryTarget };
  }
  return undefined;
}

/**
 * "Apply All Safe Compressions": the safe tier only, applied as one undoable edit, then a non-modal message
 * says what was applied. (VS Code's refactor preview would open every edit unchecked — `needsConfirmation` —
 * so "Apply" did nothing; and its copy of the file doubled the Problems count.) `quiet` skips the message.
 */
async function applyAllSafe(services: Services, uri?: vscode.Uri, options: { quiet?: boolean } = {}): Promise<number> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !services.documents.isPrompt(doc)) {
    void vscode.window.showErrorMessage('Promptscope: open a prompt file to compress.');
    return 0;
  }
  const plan = await safeEdits(services, doc);
  if (!plan || plan.count === 0) {
    void vscode.window.showInformationMessage('Promptscope: no safe compressions to apply.');
    return 0;
  }
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Safe compression', description: `−${plan.tokensSaved} tokens`, needsConfirmation: false };
  for (const e of plan.edits) edit.replace(doc.uri, toRange(doc, e.range), e.newText, metadata);
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) {
    void vscode.window.showErrorMessage('Promptscope: the safe compressions could not be applied (the file changed or is read-only).');
    return 0;
  }
  const summary = `applied ${plan.count} safe compression${plan.count === 1 ? '' : 's'} (−${plan.tokensSaved} token${plan.tokensSaved === 1 ? '' : 's'} on ${plan.primaryTarget})`;
  services.log.info(`${summary} to ${doc.uri.path}`);
  if (!options.quiet) {
    const version = doc.version;
    void vscode.window.showInformationMessage(`Promptscope: ${summary}. Emphasis and rewording stay as suggestions to review one by one.`, 'Undo').then(async (choice) => {
      if (choice !== 'Undo') return;
      // Only while nothing else changed the file: a later "undo" would take back the user's own typing.
      if (doc.version !== version) {
        void vscode.window.showInformationMessage('Promptscope: the file changed since; use Edit › Undo to step back to the compressions.');
        return;
      }
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
    });
  }
  return plan.count;
}

/** Only real editors' documents: not the copies VS Code makes for previews, diffs or git views. */
const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

/** Diagnostics and quick fixes for wasted tokens, refreshed as you type. */
export const compressionHintsFeature: Feature = (services) => {
  const debouncer = new PerDocumentDebouncer();
  const update = (doc: vscode.TextDocument) => {
    if (!EDITABLE_SCHEMES.has(doc.uri.scheme)) return;
    if (!services.documents.isPrompt(doc) || !services.config.compressionEnabled) {
      services.diagnostics.set(COMPRESS_CHANNEL, doc, []);
      return;
    }
    const version = doc.version;
    findingsFor(services, doc).then((result) => {
      // A later edit has its own update coming; a closed document keeps no diagnostics.
      if (doc.version === version && !doc.isClosed) services.diagnostics.set(COMPRESS_CHANNEL, doc, result?.diagnostics ?? []);
    }, (e: unknown) => {
      services.log.error(`compression hints for ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
  };
  const schedule = (doc: vscode.TextDocument) => {
    if (services.documents.isLarge(doc)) return; // large files: on open and save only
    debouncer.schedule(doc, services.config.debounceMs, update);
  };
  // One task per document: a window with many prompts open does not freeze for all of them at once.
  const all = () => { for (const doc of vscode.workspace.textDocuments) setTimeout(() => update(doc), 0); };
  // Once the tokenizer worker is loaded: before, every count would be an estimate to redo, and it
  // starts loading only after VS Code has its first CodeLens (tokenizerMayStart), which must not
  // find the host busy with this pass. Documents opened before then are covered by that first pass.
  let disposed = false;
  let started = false;
  void services.engine.tokenizer.whenWarmed().then(() => {
    if (disposed) return;
    started = true;
    all();
  });
  return [
    debouncer,
    { dispose: () => { disposed = true; } },
    vscode.workspace.onDidOpenTextDocument((doc) => { if (started) update(doc); }),
    vscode.workspace.onDidSaveTextDocument((doc) => { if (services.documents.isLarge(doc)) update(doc); }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.contentChanges.length > 0) schedule(e.document); }),
    services.config.onDidChange(all),
    vscode.commands.registerCommand('promptscope.applySafeCompressions', (uri?: vscode.Uri, options?: { quiet?: boolean }) => applyAllSafe(services, uri, options)),
    vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, {
      provideCodeActions(doc, _range, context) {
        if (!context.diagnostics.some((d) => d.source === 'promptscope.compress')) return [];
        const action = new vscode.CodeAction('Apply all safe compressions in this file', vscode.CodeActionKind.QuickFix);
        action.command = { command: 'promptscope.applySafeCompressions', title: 'Apply all safe compressions', arguments: [doc.uri] };
        return [action];
      },
    }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  ];
};

