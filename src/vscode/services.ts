import * as vscode from 'vscode';

/**
 * What every feature gets at registration: built once in `activate`, passed explicitly so
 * features stay testable and never reach for globals.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
}

/** A feature registers its providers/commands and returns what must be disposed on deactivate. */
export type Feature = (services: Services) => vscode.Disposable[];

export function createServices(context: vscode.ExtensionContext): Services {
  const log = vscode.window.createOutputChannel('Promptscope', { log: true });
  context.subscriptions.push(log);
  return { context, log };
}
