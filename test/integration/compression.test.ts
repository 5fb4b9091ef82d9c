import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample, waitFor } from './helpers';

describe('compression suggestions', () => {
  it('marks wasted tokens with the saving on the primary target and a quick fix', async () => {
    const doc = await openExample('support-agent.prompt');
    const hints = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'promptscope.compress');
      return d.length > 5 ? d : undefined;
    }, 'compression diagnostics');
    const priced = hints.find((d) => /−\d+ tokens? \(−\$[\d.]+\/call · −\$[\d.]+\/1k calls\)/.test(d.message));
    assert.ok(priced, `a saving in tokens and dollars; got ${hints.slice(0, 3).map((d) => d.message).join(' | ')}`);
    assert.ok([vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint].includes(priced.severity));
    // Frontmatter is never a target.
    const frontmatterEnd = doc.getText().indexOf('\n---', 3);
    assert.ok(hints.every((d) => doc.offsetAt(d.range.start) > frontmatterEnd), 'no finding inside the frontmatter');
    assert.ok(hints.some((d) => d.code === 'filler-opener'), 'the wordy example has filler openers');
    let withEdit: vscode.CodeAction | undefined;
    let all: vscode.CodeAction[] = [];
    for (const hint of hints.filter((d) => d.code === 'filler-opener' || d.code === 'importance-preamble').slice(0, 10)) {
      all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, hint.range, vscode.CodeActionKind.QuickFix.value);
      withEdit = all.find((a) => a.edit?.get(doc.uri).some((e) => e.range.intersection(hint.range) !== undefined));
      if (withEdit) break;
    }
    assert.ok(withEdit, 'a quick fix with the exact edit');
    assert.ok(all.some((a) => a.command?.command === 'promptscope.applySafeCompressions'), 'and "apply all safe"');
  });

  it('applies all safe fixes as one undoable edit that keeps numbers, URLs, variables and negations', async () => {
    const doc = await openExample('support-agent.prompt');
    await vscode.window.showTextDocument(doc);
    const before = doc.getText();
    const applied = await vscode.commands.executeCommand<number>('promptscope.applySafeCompressions', doc.uri, { quiet: true });
    assert.ok(applied > 0, `safe fixes applied directly (no preview with unchecked edits); got ${applied}`);
    const after = doc.getText();
    assert.ok(after.length < before.length);
    for (const keep of ['https://help.lumenhome.example/returns', '30 days', '{{language}}', '{{> company-facts}}', 'Do not promise faster refunds']) {
      assert.ok(after.includes(keep), `kept ${keep}`);
    }
    const never = (t: string) => (t.match(/\bnever\b/gi) ?? []).length;
    assert.ok(never(after) >= never(before) - 0, 'no "never" lost');
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before, 'one undo restores the original');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
