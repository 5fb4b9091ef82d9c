import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LateCodeLensProvider } from '../../src/vscode/lateCodeLenses';
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

  it('loads no provider SDK at activation or to count a prompt (they load with the first request)', async () => {
    const doc = await openExample('support-agent.prompt');
    await vscode.commands.executeCommand('promptscope.getAnalysis', doc.uri);
    // This suite's files run in order: no test before this one sent a request.
    const loaded = Object.keys(require.cache).filter((p) => /(vendor-openai|anthropic-sdk)\.js$/.test(p)).map((p) => path.basename(p));
    assert.deepEqual(loaded, []);
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

  it('serves its lenses through providers registered before its code loaded: a request made meanwhile waits and is answered, changes are forwarded, and a failed load answers nothing', async () => {
    const doc = await openExample('summarizer.prompt');
    const token = new vscode.CancellationTokenSource().token;
    const late = new LateCodeLensProvider();
    let answered: vscode.CodeLens[] | undefined;
    const asked = Promise.resolve(late.provideCodeLenses(doc, token)).then((lenses) => { answered = lenses; });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(answered, undefined, 'the request waits for the real provider');
    const changed = new vscode.EventEmitter<void>();
    const real: vscode.CodeLensProvider = {
      onDidChangeCodeLenses: changed.event,
      provideCodeLenses: () => [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'real', command: '' })],
    };
    const attached = late.attach(real);
    await asked;
    assert.deepEqual((answered as vscode.CodeLens[] | undefined)?.map((l) => l.command?.title), ['real']);
    let forwarded = 0;
    late.onDidChangeCodeLenses(() => forwarded++);
    changed.fire();
    assert.equal(forwarded, 1);
    attached.dispose();
    assert.deepEqual(await late.provideCodeLenses(doc, token), [], 'detached: nothing, at once');
    const failed = new LateCodeLensProvider();
    const waiting = failed.provideCodeLenses(doc, token);
    failed.close();
    assert.deepEqual(await waiting, []);
    late.dispose();
    failed.dispose();
    // The extension's own lenses arrive through the shim's registration.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => /gpt-4o-mini/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
  });
});

