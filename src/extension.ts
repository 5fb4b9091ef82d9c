import type * as vscode from 'vscode';
import { createServices } from './vscode/services';
import { features } from './vscode/features';
import { promptscopeVersion } from './core/version';

export function activate(context: vscode.ExtensionContext): void {
  const services = createServices(context);
  for (const register of features) context.subscriptions.push(...register(services));
  services.log.info(`Promptscope ${promptscopeVersion} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
