import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { examplesFolder, openExample, waitFor } from './helpers';

const BROKEN = [
  '---',
  'modle: openai/gpt-4o',
  'model: openai/gpt-4o',
  'input:',
  '  schema:',
  '    name: string',
  '    unused_field: string',
  '---',
  '{{role "system"}}',
  'Hello {{name}} and {{undeclared_thing}}.',
  '{{> missing-partial}}',
  '{{#if name}}open block',
  '',
].join('\n');

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function codesOf(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => String(d.code));
}

describe('prompt language', () => {
  it('reports frontmatter, variable, partial and block problems as diagnostics with exact ranges', async () => {
    const uri = await writeFile('broken.prompt', BROKEN);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const codes = await waitFor(() => {
      const c = codesOf(uri);
      return ['unknown-key', 'undeclared-variable', 'missing-partial', 'unclosed-block'].every((x) => c.includes(x)) ? c : undefined;
    }, 'diagnostics on broken.prompt');
    assert.ok(codes.includes('unused-input'), `unused-input reported; got ${codes.join(', ')}`);
    const unknownKey = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-key');
    assert.ok(unknownKey);
    assert.equal(doc.getText(unknownKey.range), 'modle');
    assert.match(unknownKey.message, /model/);
    const undeclared = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'undeclared-variable');
    assert.ok(undeclared);
    assert.equal(doc.getText(undeclared.range), 'undeclared_thing');
  });

  it('offers quick fixes: the key typo and creating the missing partial', async () => {
    const uri = vscode.Uri.joinPath(examplesFolder(), 'broken.prompt');
    const doc = await vscode.workspace.openTextDocument(uri);
    const unknownKey = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-key');
    assert.ok(unknownKey);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknownKey.range, vscode.CodeActionKind.QuickFix.value);
    const rename = actions.find((a) => /model/.test(a.title));
    assert.ok(rename?.edit, `a fix renames the key; got ${actions.map((a) => a.title).join(' | ')}`);
    const missing = vscode.languages.getDiagnostics(uri).find((d) => d.code === 'missing-partial');
    assert.ok(missing);
    const partialActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missing.range, vscode.CodeActionKind.QuickFix.value);
    const create = partialActions.find((a) => /creat/i.test(a.title));
    assert.ok(create?.edit, `a fix creates the partial; got ${partialActions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(examplesFolder(), '_missing-partial.prompt'));
    await waitFor(() => !codesOf(uri).includes('missing-partial'), 'missing-partial to clear after the partial is created');
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.match(doc.getText(), /^---\nmodel: openai\/gpt-4o\nmodel:|^---\nmodel:/);
  });

  it('shows an outline with frontmatter and role sections', async () => {
    const doc = await openExample('support-agent.prompt');
    const symbols = await waitFor(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri), 'document symbols');
    const names = symbols.map((s) => s.name.toLowerCase());
    assert.ok(names.some((n) => n.includes('frontmatter')), `frontmatter symbol; got ${names.join(', ')}`);
    assert.ok(names.some((n) => n.includes('system')), `system section symbol; got ${names.join(', ')}`);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok(folds.length >= 2, 'folding per frontmatter and section');
  });

  it('completes frontmatter keys, model ids with prices, variables and helpers', async () => {
    const uri = await writeFile('completion.prompt', '---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    customer: string, who asks\n---\n{{role "system"}}\nHi {{\n\nta\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const labels = async (line: number, character: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(line, character));
      return list.items;
    };
    const vars = await labels(7, 5);
    assert.ok(vars.some((i) => i.label === 'customer'), 'variables from input.schema inside {{ }}');
    assert.ok(vars.some((i) => i.label === 'json'), 'helper names inside {{ }}');
    const models = await labels(1, 'model: '.length);
    const gpt4o = models.find((i) => i.label === 'openai/gpt-4o');
    assert.ok(gpt4o, 'model ids after model:');
    assert.match(String(gpt4o.detail), /\$.*1M/);
    assert.ok(models.some((i) => String(i.label).startsWith('anthropic/')), 'Anthropic models too');
    void doc;
  });

  it('hovers a model id with context window and prices, and a variable with its schema type', async () => {
    const doc = await openExample('support-agent.prompt');
    const text = doc.getText();
    const modelPos = doc.positionAt(text.indexOf('openai/gpt-4o') + 3);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, modelPos);
    const content = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(content, /Context window/);
    assert.match(content, /Input/);
    const varPos = doc.positionAt(text.indexOf('{{language}}') + 4);
    const varHovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, varPos);
    const varContent = varHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(varContent, /language/);
    assert.match(varContent, /string/);
    const rolePos = doc.positionAt(text.indexOf('{{role "system"}}') + 3);
    const roleHovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, rolePos);
    const roleContent = roleHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(roleContent, /tiktoken:o200k_base/);
    const prompty = await openExample('legacy-triage.prompty');
    const rolePosPrompty = prompty.positionAt(prompty.getText().indexOf('\nsystem:') + 3);
    const promptyHovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', prompty.uri, rolePosPrompty);
    const promptyContent = promptyHovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(promptyContent, /\*\*system\*\* section/, 'a Prompty role line hovers with the section tokens');
  });

  it('creates a new prompt from the template and converts .prompty to .prompt', async () => {
    const created = await vscode.commands.executeCommand<vscode.Uri>('promptscope.newPrompt', { name: 'from-template', model: 'openai/gpt-4o-mini', folder: examplesFolder() });
    assert.ok(created);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(created));
    assert.match(text, /model: openai\/gpt-4o-mini/);
    const converted = await vscode.commands.executeCommand<vscode.Uri>('promptscope.convertToPrompt', vscode.Uri.joinPath(examplesFolder(), 'legacy-triage.prompty'));
    assert.ok(converted);
    const out = new TextDecoder().decode(await vscode.workspace.fs.readFile(converted));
    assert.match(out, /\{\{role "system"\}\}/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('rendered preview', () => {
  it('shows the rendered messages with the default input and follows edits live', async () => {
    const uri = vscode.Uri.joinPath(examplesFolder(), 'preview.prompt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    who: string\n  default:\n    who: Ada\n---\n{{role "system"}}\nGreet {{who}} warmly.\n'));
    const editor = await vscode.window.showTextDocument(uri);
    const previewUri = await vscode.commands.executeCommand<vscode.Uri>('promptscope.previewRendered', uri);
    assert.ok(previewUri);
    const preview = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString());
    await waitFor(() => preview()?.getText().includes('Greet Ada warmly.'), 'the preview to render the default input');
    assert.match(preview()?.getText() ?? '', /## system · \d+ tok on gpt-4o/);
    await editor.edit((b) => b.replace(editor.document.lineAt(9).range, 'Greet {{who}} briefly.'));
    await waitFor(() => preview()?.getText().includes('Greet Ada briefly.'), 'the preview to follow the edit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
