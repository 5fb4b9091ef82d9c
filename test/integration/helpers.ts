import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';

export function examplesFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace (a copy of examples/) is open');
  return folder.uri;
}

export async function openExample(relativePath: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(examplesFolder(), relativePath));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls until `probe` returns a truthy value; VS Code computes diagnostics and lenses asynchronously. */
export async function waitFor<T>(probe: () => T | PromiseLike<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/**
 * The fake provider as the OpenAI and Anthropic endpoints, with test keys in SecretStorage (what a
 * suite that sends requests sets up first); `disconnectFakeProvider` undoes it.
 */
export async function connectFakeProvider(keyTag: string): Promise<FakeProvider> {
  await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
  const fake = await startFakeProvider();
  const settings = vscode.workspace.getConfiguration('promptscope');
  await settings.update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
  await settings.update('anthropic.baseURL', fake.anthropicBaseURL, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', `sk-openai-${keyTag}-000000`);
  await vscode.commands.executeCommand('promptscope.setApiKey', 'anthropic', `sk-ant-${keyTag}-000000`);
  return fake;
}

export async function disconnectFakeProvider(fake: FakeProvider | undefined): Promise<void> {
  await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
  await vscode.commands.executeCommand('promptscope.clearApiKey', 'anthropic');
  const settings = vscode.workspace.getConfiguration('promptscope');
  await settings.update('openai.baseURL', undefined, vscode.ConfigurationTarget.Global);
  await settings.update('anthropic.baseURL', undefined, vscode.ConfigurationTarget.Global);
  await fake?.close();
}
