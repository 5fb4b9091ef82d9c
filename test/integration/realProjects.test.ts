import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { examplesFolder, waitFor } from './helpers';

async function openNew(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('real projects (Genkit)', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('promptscope').update('helpers', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('Format Document formats a .prompt with the core formatter, undoably', async () => {
    const doc = await openNew('fmt-me.prompt', '---\nmodel:   openai/gpt-4o   # main\n---\n\n{{ role  "system" }}\nHi {{  name }}.\n\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 2, insertSpaces: true });
    // VS Code turns our one whole-document edit into minimal edits.
    assert.ok(edits && edits.length > 0, 'formatting edits');
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText(), '---\nmodel: openai/gpt-4o # main\n---\n{{role "system"}}\nHi {{name}}.\n');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText().includes('{{  name }}'), 'undo restores the text');
  });

  it('block-form roles get a warning whose quick fix converts them; the bare Gemini id gets no model advice', async () => {
    const doc = await openNew('google-style.prompt', '---\nmodel: gemini-2.5-flash\n---\n{{#role "system"}}\nYou are a helpful assistant for a bicycle repair shop, answer briefly and kindly.\n{{/role}}\n');
    const dropped = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'dropped-by-runtime'), 'dropped-by-runtime');
    const codes = vscode.languages.getDiagnostics(doc.uri).map((d) => String(d.code));
    assert.ok(!codes.includes('invalid-model-id') && !codes.includes('unknown-model'), `no model advice; got ${codes.join(', ')}`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, dropped.range, vscode.CodeActionKind.QuickFix.value);
    const convert = actions.find((a) => a.title === 'Convert to the marker `{{role "system"}}`');
    assert.ok(convert?.edit, `convert fix offered; got ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(convert.edit));
    assert.equal(doc.getText(), '---\nmodel: gemini-2.5-flash\n---\n{{role "system"}}\nYou are a helpful assistant for a bicycle repair shop, answer briefly and kindly.\n');
  });

  it('an unknown helper is a warning; "Declare as a custom helper" adds it to promptscope.helpers and the warning goes', async () => {
    const doc = await openNew('helper.prompt', '---\nmodel: openai/gpt-4o\n---\nHello {{shoutLoud "x"}}\n');
    const warning = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-helper'), 'unknown-helper');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
    const declare = actions.find((a) => a.title === 'Declare `shoutLoud` as a custom helper');
    assert.ok(declare?.command, `declare fix offered; got ${actions.map((a) => a.title).join(' | ')}`);
    await vscode.commands.executeCommand(declare.command.command, ...(declare.command.arguments ?? []));
    assert.deepEqual(vscode.workspace.getConfiguration('promptscope').get('helpers'), ['shoutLoud']);
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'unknown-helper'), 'the warning disappears');
  });
});
