import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
