import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { examplesFolder, waitFor } from './helpers';

const STATIC = 'The cat sat.\n'.repeat(375);
const PROMPT = `---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    language: string\n  default:\n    language: French\n---\n{{role "system"}}\nYou answer in {{language}}.\n${STATIC}{{role "user"}}\nHello\n`;

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

describe('Prompt caching hints', () => {
  let uri: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.getExtension('promptscope.promptscope');
    assert.ok(ext);
    await ext.activate();
    uri = vscode.Uri.joinPath(examplesFolder(), 'caching-hint.prompt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(PROMPT));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
  });

  it('hovers the system section with the cacheable prefix and suggests moving the variable (preview only)', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const hover = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(8, 3));
      const text = hoverText(hovers ?? []);
      return text.includes('Prompt caching') ? text : undefined;
    }, 'the caching hover on {{role "system"}}');
    assert.match(hover, /8 of [\d,]+ tokens cacheable on gpt-4o; \\\{\\\{language\\\}\\\} on line 10 ends the prefix/);
    assert.match(hover, /below the 1,024-token minimum of gpt-4o/);
    assert.match(hover, /1,500 more tokens cacheable on gpt-4o \(\+\$[\d,.]+\/month\)/);

    const diagnostic = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'cache-prefix'),
      'the cache-prefix suggestion',
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(doc.getText(diagnostic.range), '{{language}}');
    assert.match(diagnostic.message, /\{\{language\}\} on line 10 ends the cacheable prefix\. Moving the late-binding lines after the static text makes 1,500 more tokens cacheable on gpt-4o/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.RefactorRewrite.value);
    const move = actions?.find((a) => a.title.startsWith('Preview: move late-binding variables'));
    assert.ok(move?.edit, `a preview action is offered; got ${actions?.map((a) => a.title).join(', ')}`);
    const [[target, edits]] = move.edit.entries() as [vscode.Uri, vscode.TextEdit[]][];
    assert.equal(target?.toString(), doc.uri.toString());
    assert.ok(edits?.[0]?.newText.includes(`${STATIC}You answer in {{language}}.\n{{role "user"}}`), 'the variable line moves after the static text');
    // Offering the action changed nothing.
    assert.equal(doc.getText(), PROMPT);
    assert.ok(!vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'cache-prefix' && d.severity < vscode.DiagnosticSeverity.Information));
  });
});

describe('Observed output limit from comparison runs', () => {
  const prompt = '---\nmodel: openai/gpt-4o\n---\nSummarise the text.\n';
  let uri: vscode.Uri;
  let runUri: vscode.Uri;

  before(async () => {
    uri = vscode.Uri.joinPath(examplesFolder(), 'observed-output.prompt');
    runUri = vscode.Uri.joinPath(examplesFolder(), '.promptscope', 'runs', 'observed-output-run.json');
    const cells = [120, 300, 180, 402].map((n, i) => ({ id: `c0-r${i}-k0`, column: 0, row: i, repeat: 0, status: 'done', cached: false, usage: { inputTokens: 10, outputTokens: n, reported: true } }));
    await vscode.workspace.fs.writeFile(runUri, new TextEncoder().encode(JSON.stringify({ version: 1, id: 'o', promptPath: 'observed-output.prompt', columns: [{ index: 0, model: 'openai/gpt-4o' }], rows: [], cells })));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(prompt));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri);
    await vscode.workspace.fs.delete(runUri);
  });

  it('shows the observed lengths and a quick fix that sets maxOutputTokens (p99 + 20%)', async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'observed-output-limit'), 'the observed-output diagnostic');
    assert.match(diagnostic.message, /gpt-4o p50 180 · p95 402 · max 402 \(4 replies\)\. Suggested limit: 496/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions?.find((a) => a.title === 'Set maxOutputTokens: 496 (observed p99 + 20%)');
    assert.ok(fix?.edit, `the quick fix is offered; got ${actions?.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), '---\nmodel: openai/gpt-4o\nconfig:\n  maxOutputTokens: 496\n---\nSummarise the text.\n');
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'observed-output-limit'), 'the diagnostic to go once the limit is set');
  });
});
