import * as vscode from 'vscode';
import { formatPromptText } from '../../core/prompt';
import { DOTPROMPT_LANGUAGE } from '../languageIds';
import type { Feature, Services } from '../services';

/** Format Document for `.prompt`: the same formatter as `promptscope fmt` (rendered output unchanged). */
class PromptFormatter implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly services: Services) {}

  provideDocumentFormattingEdits(doc: vscode.TextDocument): vscode.TextEdit[] {
    const text = doc.getText();
    let formatted: string;
    try {
      formatted = formatPromptText(text, this.services.documents.fileNameFor(doc));
    } catch (e) {
      // A formatter bug must never cost the user their text.
      this.services.log.error(`formatting ${doc.uri.toString()} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return [];
    }
    if (formatted === text) return [];
    return [vscode.TextEdit.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), formatted)];
  }
}

export const formatFeature: Feature = (services) => [
  vscode.languages.registerDocumentFormattingEditProvider({ language: DOTPROMPT_LANGUAGE }, new PromptFormatter(services)),
];
