import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from '../languageIds';
import { Utils } from './uriUtils';
import type { Fix } from '../../core/diagnostics';
import { toRange } from '../convert';
import type { Feature, Services } from '../services';

/** A core fix as a WorkspaceEdit: edits in the document, plus a file to create (a missing partial). */
export function fixToWorkspaceEdit(doc: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) edit.replace(doc.uri, toRange(doc, e.range), e.newText);
  if (fix.createFile) {
    const target = vscode.Uri.joinPath(Utils.dirname(doc.uri), fix.createFile.relativePath);
    // Create empty, then insert: `contents` does not survive the trip to the web workbench.
    edit.createFile(target, { ignoreIfExists: true });
    edit.insert(target, new vscode.Position(0, 0), fix.createFile.content);
  }
  return edit;
}

class PromptCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!this.services.documents.isPrompt(doc)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      for (const fix of this.services.diagnostics.fixesFor(doc, diagnostic)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        if (fix.declareHelper) action.command = { title: fix.title, command: 'promptscope.declareHelper', arguments: [fix.declareHelper] };
        else action.edit = fixToWorkspaceEdit(doc, fix);
        actions.push(action);
      }
    }
    return actions;
  }
}

export const codeActionsFeature: Feature = (services) => [
  vscode.languages.registerCodeActionsProvider(PROMPT_SELECTOR, new PromptCodeActions(services), { providedCodeActionKinds: PromptCodeActions.kinds }),
  // The "declare this helper" quick fix: settings change, so every prompt is re-checked.
  vscode.commands.registerCommand('promptscope.declareHelper', async (name?: string) => {
    if (typeof name !== 'string' || !name) return;
    await services.config.declareHelper(name);
    services.log.info(`helper "${name}" declared in promptscope.helpers`);
  }),
];
