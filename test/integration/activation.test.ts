import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { examplesFolder, openExample } from './helpers';

describe('activation', () => {
  it('runs inside a real VS Code with the examples folder open', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    const folder = examplesFolder();
    assert.ok(folder, 'a workspace folder is open');
  });

  it('gives .prompt files the language id "dotprompt" (not VS Code\'s own "prompt") and activates the extension', async () => {
    const doc = await openExample('summarizer.prompt');
    assert.equal(doc.languageId, 'dotprompt');
    const ext = vscode.extensions.getExtension('promptscope.promptscope');
    assert.ok(ext, 'Promptscope is installed');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('gives .prompty files the language id "prompty"', async () => {
    const doc = await openExample('legacy-triage.prompty');
    assert.equal(doc.languageId, 'prompty');
    assert.equal(path.extname(doc.fileName), '.prompty');
  });

  it('registers every command it contributes', async () => {
    const ext = vscode.extensions.getExtension('promptscope.promptscope');
    assert.ok(ext);
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });
});
