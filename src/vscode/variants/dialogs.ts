import * as vscode from 'vscode';

/** A dialog a variant command shows: what the user reads and the choices offered. */
export type VariantDialog = MessageDialog | { readonly kind: 'input'; readonly options: vscode.InputBoxOptions };

export interface MessageDialog {
  readonly kind: 'warning' | 'info' | 'error';
  readonly message: string;
  readonly options: vscode.MessageOptions;
  readonly items: readonly string[];
}

/**
 * Answers a command's dialogs instead of the user (automation and extension-host tests pass one in
 * the command's arguments; a function passes by reference inside the extension host). Sees exactly
 * what the user would see, so a test can check the dialog itself (modal, buttons, validation).
 */
export type DialogAnswerer = (dialog: VariantDialog) => string | undefined | PromiseLike<string | undefined>;

/** Shows the dialog (or hands it to `answer`); resolves to the chosen item or typed text, undefined when dismissed. */
export async function showDialog(dialog: VariantDialog, answer?: DialogAnswerer): Promise<string | undefined> {
  if (answer) return answer(dialog);
  switch (dialog.kind) {
    case 'input':
      return vscode.window.showInputBox(dialog.options);
    case 'warning':
      return vscode.window.showWarningMessage(dialog.message, dialog.options, ...dialog.items);
    case 'error':
      return vscode.window.showErrorMessage(dialog.message, dialog.options, ...dialog.items);
    case 'info':
      return vscode.window.showInformationMessage(dialog.message, dialog.options, ...dialog.items);
  }
}

/** A notification the command does not wait for (its buttons act later, if at all). */
export function notify(kind: 'warning' | 'info' | 'error', message: string, answer?: DialogAnswerer, items: readonly string[] = [], onChoice?: (item: string) => unknown): void {
  void showDialog({ kind, message, options: {}, items }, answer).then((choice) => (choice !== undefined && onChoice ? onChoice(choice) : undefined));
}
