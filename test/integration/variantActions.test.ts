import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SavedEvalReport } from '../../src/core/eval';
import { parsePromptFile } from '../../src/core/prompt';
import { readProductionVariant } from '../../src/core/variants';
import type { TreeSnapshotPrompt } from '../../src/vscode/variants';
import type { MessageDialog, VariantDialog } from '../../src/vscode/variants/dialogs';
import type { FakeProvider } from '../fake-provider/server';
import { BASE, SAMPLES, UPPER } from '../unit/eval/fixtures';
import { connectFakeProvider, disconnectFakeProvider, examplesFolder, waitFor } from './helpers';

// A logical prompt of its own (act.prompt, act.a.prompt with production: a), so these tests do not
// depend on the order of the other suites.
const ACT_BASE = BASE.replace('samples: support.samples.jsonl', 'samples: act.samples.jsonl\nproduction: a');
const ACT_A = UPPER.replace('samples: support.samples.jsonl', 'samples: act.samples.jsonl');

const uriOf = (name: string): vscode.Uri => vscode.Uri.joinPath(examplesFolder(), name);

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = uriOf(name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function readFile(name: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(name)));
  } catch {
    return undefined;
  }
}

async function actInTree(): Promise<TreeSnapshotPrompt | undefined> {
  return (await vscode.commands.executeCommand<TreeSnapshotPrompt[]>('promptscope.variants.treeSnapshot')).find((p) => p.label === 'act');
}

const openTabUris = (): string[] =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).flatMap((t) => {
    const input = t.input as { uri?: vscode.Uri; original?: vscode.Uri; modified?: vscode.Uri } | undefined;
    return [input?.uri, input?.original, input?.modified].filter((u): u is vscode.Uri => u !== undefined).map((u) => u.toString());
  });

/** Answers every dialog with `reply` and keeps what was shown, as the user would have seen it. */
function recorder(reply: (dialog: VariantDialog) => string | undefined = () => undefined): { shown: VariantDialog[]; answer: (dialog: VariantDialog) => string | undefined; messages: (kind: MessageDialog['kind']) => string[] } {
  const shown: VariantDialog[] = [];
  return {
    shown,
    answer: (dialog) => {
      shown.push(dialog);
      return reply(dialog);
    },
    messages: (kind) => shown.filter((d): d is MessageDialog => d.kind === kind).map((d) => d.message),
  };
}

describe('Variant actions: rename, delete, diff with base, fallback', () => {
  let fake: FakeProvider;

  before(async () => {
    fake = await connectFakeProvider('actions-test');
    await writeFile('act.prompt', ACT_BASE);
    await writeFile('act.a.prompt', ACT_A);
    await writeFile('act.samples.jsonl', `${SAMPLES}\n`);
    await waitFor(async () => (await actInTree())?.variants.length === 2, 'act with its variant in the tree');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await disconnectFakeProvider(fake);
  });

  it('rename: the file, the production marker, open editors and the tree follow; saved evaluations are reported', async () => {
    const report = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', uriOf('act.a.prompt'), { baseline: 'base', candidate: 'a', useCache: false });
    assert.ok(report, 'an evaluation of a is saved');
    await waitFor(async () => (await actInTree())?.variants.find((v) => v.label === 'a')?.description.includes('evaluated'), 'the evaluation of a seen by the tree');
    await vscode.window.showTextDocument(uriOf('act.a.prompt'), { preview: false });
    const before = await readFile('act.a.prompt');

    const dialogs = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.a.prompt'), { name: 'b', answer: dialogs.answer }), true);
    assert.equal(await readFile('act.a.prompt'), undefined, 'the old file is gone');
    assert.equal(await readFile('act.b.prompt'), before, 'the new file has the same text');
    assert.equal(readProductionVariant((await readFile('act.prompt'))!), 'b', 'the production marker follows the rename');
    assert.ok(!vscode.workspace.textDocuments.find((d) => d.uri.toString() === uriOf('act.prompt').toString())?.isDirty, 'the base file is saved');
    await waitFor(() => openTabUris().includes(uriOf('act.b.prompt').toString()), 'the open editor follows the file');
    assert.ok(!openTabUris().includes(uriOf('act.a.prompt').toString()), 'no editor left on the old name');
    const tree = await waitFor(async () => {
      const act = await actInTree();
      return act?.variants.some((v) => v.label === 'b') ? act : undefined;
    }, 'the renamed variant in the tree');
    assert.deepEqual(tree.variants.map((v) => [v.label, v.production]), [['base', false], ['b', true]]);
    const [info] = dialogs.messages('info');
    assert.match(info ?? '', /Renamed act\.a\.prompt to act\.b\.prompt; the production marker follows it\. 1 saved evaluation names it as "a" and stays as history/);
  });

  it('rename: a name clash is refused with a clear message and nothing changes; the input box says so first', async () => {
    await writeFile('act.c.prompt', ACT_A.replace('fake-upper', 'fake-echo'));
    await waitFor(async () => (await actInTree())?.variants.some((v) => v.label === 'c'), 'act.c in the tree');
    const b = await readFile('act.b.prompt');
    const c = await readFile('act.c.prompt');

    const asked = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.b.prompt'), { answer: asked.answer }), false, 'dismissing the input box renames nothing');
    const input = asked.shown.find((d) => d.kind === 'input');
    assert.ok(input?.kind === 'input' && input.options.validateInput, 'an input box with validation');
    assert.equal(await input.options.validateInput('c'), 'act.c.prompt already exists.');
    assert.equal(await input.options.validateInput('base'), '"base" names the base file.');
    assert.equal(await input.options.validateInput('d'), undefined);

    const dialogs = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.b.prompt'), { name: 'c', answer: dialogs.answer }), false);
    assert.deepEqual(dialogs.messages('error'), ['Cannot rename act.b.prompt: act.c.prompt already exists. Nothing was changed.']);
    assert.equal(await readFile('act.b.prompt'), b);
    assert.equal(await readFile('act.c.prompt'), c);
    assert.equal(readProductionVariant((await readFile('act.prompt'))!), 'b');
  });

  it('rename: Undo on the notification moves the file and the marker back', async () => {
    const dialogs = recorder((d) => (d.kind === 'info' ? 'Undo' : undefined));
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.b.prompt'), { name: 'd', answer: dialogs.answer }), true);
    await waitFor(async () => (await readFile('act.b.prompt')) !== undefined && (await readFile('act.d.prompt')) === undefined, 'the rename undone');
    await waitFor(async () => readProductionVariant((await readFile('act.prompt'))!) === 'b', 'the marker back on b');
  });

  it('diff with base: the base on the left, the variant on the right', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('promptscope.variants.diffWithBase', uriOf('act.b.prompt'));
    const input = await waitFor(() => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input as { original?: vscode.Uri; modified?: vscode.Uri } | undefined;
      return i?.original && i.modified ? i : undefined;
    }, 'a diff editor');
    assert.ok(input instanceof vscode.TabInputTextDiff, 'a text diff tab');
    assert.equal(input.original!.toString(), uriOf('act.prompt').toString());
    assert.equal(input.modified!.toString(), uriOf('act.b.prompt').toString());
  });

  it('delete: a modal confirmation whose default button keeps the file; the production variant hands production back; Undo restores', async () => {
    const text = await readFile('act.b.prompt');
    // Enter on the real dialog picks its first button: the harmless one.
    const enter = recorder((d) => (d.kind === 'warning' ? d.items[0] : undefined));
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.delete', uriOf('act.b.prompt'), { answer: enter.answer }), false);
    const dialog = enter.shown[0];
    assert.ok(dialog?.kind === 'warning', 'a warning dialog');
    assert.equal(dialog.message, 'Delete act.b.prompt?');
    assert.equal(dialog.options.modal, true);
    assert.deepEqual(dialog.items, ['Show Diff with Base', 'Delete'], 'Delete is never the first (default) button');
    assert.match(dialog.options.detail ?? '', /production goes back to the base \(act\.prompt\)/);
    assert.match(dialog.options.detail ?? '', /trash/);
    assert.equal(await readFile('act.b.prompt'), text, 'Enter deletes nothing');

    const dismissed = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.delete', uriOf('act.b.prompt'), { answer: dismissed.answer }), false);
    assert.equal(await readFile('act.b.prompt'), text, 'Escape deletes nothing');

    const confirm = recorder((d) => (d.kind === 'warning' ? 'Delete' : undefined));
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.delete', uriOf('act.b.prompt'), { answer: confirm.answer }), true);
    assert.equal(await readFile('act.b.prompt'), undefined, 'deleted');
    assert.equal(readProductionVariant((await readFile('act.prompt'))!), undefined, 'production is the base again');
    assert.deepEqual(confirm.messages('info'), ['Deleted act.b.prompt. Production is back on the base (act.prompt).']);
    await waitFor(async () => {
      const act = await actInTree();
      return act && !act.variants.some((v) => v.label === 'b') && act.variants.find((v) => v.label === 'base')?.production;
    }, 'the tree without b, the base in production');

    // Undo: the shown notification's "Undo" button.
    const undo = recorder((d) => (d.kind === 'info' ? 'Undo' : d.kind === 'warning' ? 'Delete' : undefined));
    await writeFile('act.e.prompt', ACT_A);
    await vscode.commands.executeCommand('promptscope.variants.promoteToProduction', uriOf('act.e.prompt'));
    assert.equal(readProductionVariant((await readFile('act.prompt'))!), 'e');
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.delete', uriOf('act.e.prompt'), { answer: undo.answer }), true);
    await waitFor(async () => (await readFile('act.e.prompt')) === ACT_A, 'the deleted file restored');
    await waitFor(async () => readProductionVariant((await readFile('act.prompt'))!) === 'e', 'production restored');
  });

  it('delete: the base of variants is refused', async () => {
    const dialogs = recorder(() => 'Delete');
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.delete', uriOf('act.prompt'), { answer: dialogs.answer }), false);
    assert.match(dialogs.messages('warning')[0] ?? '', /act\.prompt is the base of 2 variant\(s\)/);
    assert.ok((await readFile('act.prompt')) !== undefined);
  });

  it('create fallback: a prompt on one provider is flagged; a variant on another provider gets translated config and clears the flag', async () => {
    const flagged = await waitFor(async () => {
      const act = await actInTree();
      return act?.description.includes('no fallback if openai is down') ? act : undefined;
    }, 'the no-fallback flag');
    assert.match(flagged.description, /2 variants · production: e · no fallback if openai is down/);
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.createFallback', uriOf('act.prompt'), { model: 'openai/gpt-4o', name: 'same' }), undefined, 'a model on the same provider is no fallback');
    assert.equal(await readFile('act.same.prompt'), undefined);

    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('promptscope.variants.createFallback', uriOf('act.prompt'), { model: 'anthropic/claude-sonnet-4-5', name: 'claude' });
    assert.ok(uri && uri.path.endsWith('/act.claude.prompt'), 'the fallback variant is created');
    const text = (await readFile('act.claude.prompt'))!;
    const parsed = parsePromptFile(text, { fileName: uri.fsPath });
    assert.equal(parsed.model, 'anthropic/claude-sonnet-4-5');
    assert.equal(parsed.config.maxOutputTokens, 1024, 'the Messages API requires max_tokens');
    assert.equal(parsed.config.temperature, undefined, 'a parameter the target rejects is removed');
    assert.match(text, /# - maxOutputTokens: 1024 added \(the Messages API requires max_tokens/);
    assert.match(text, /# - temperature removed/);
    assert.equal(readProductionVariant(text), undefined, 'the production marker stays in the base only');
    const cleared = await waitFor(async () => {
      const act = await actInTree();
      return act?.variants.some((v) => v.label === 'claude') && !act.description.includes('no fallback') ? act : undefined;
    }, 'the flag gone once a variant runs on another provider');
    assert.equal(cleared.variants.find((v) => v.label === 'claude')?.model, 'anthropic/claude-sonnet-4-5');
  });

  it('create fallback: "fallback ready" is measured: evaluated against production, with its regressions, until one passes', async () => {
    const measured = (): Promise<string> => waitFor(async () => /fallback (ready|\S+ \(anthropic\))/.exec((await actInTree())?.description ?? '') && (await actInTree())!.description, 'the fallback status');
    assert.match(await measured(), /· fallback claude \(anthropic\): not evaluated$/);
    // claude-sonnet-4-5 on the fake answers with other words than the production variant (fake-upper): regressions.
    const claude = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', uriOf('act.claude.prompt'), { baseline: 'e', candidate: 'claude', useCache: false });
    assert.ok(claude && claude.regressions.length > 0, 'the fake claude regresses');
    const n = claude.regressions.length;
    await waitFor(async () => (await actInTree())?.description.endsWith(`· fallback claude (anthropic): ${n} regression${n === 1 ? '' : 's'}`), 'the measured regressions in the tree');
    // The same model family as production, on the other provider: no regression, so the fallback is ready.
    const upper = await vscode.commands.executeCommand<vscode.Uri | undefined>('promptscope.variants.createForModel', uriOf('act.prompt'), { model: 'anthropic/fake-upper', name: 'ant-upper' });
    assert.ok(upper);
    const report = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', upper, { baseline: 'e', candidate: 'ant-upper', useCache: false });
    assert.deepEqual(report?.regressions, []);
    await waitFor(async () => (await actInTree())?.description.endsWith('· fallback ready: ant-upper (anthropic)'), '"fallback ready" in the tree');
    const doc = await vscode.workspace.openTextDocument(upper);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(upper, new vscode.Position(doc.lineCount - 1, 0), 'Answer briefly.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.workspace.save(upper);
    // An edit to the fallback makes its evaluation stale: the best measured fallback is claude again.
    await waitFor(async () => (await actInTree())?.description.endsWith(`· fallback claude (anthropic): ${n} regression${n === 1 ? '' : 's'}`), 'no "fallback ready" once the fallback changed');

    // Re-running after the adjustment: the report says what changed against the previous evaluation, and the fallback is ready again.
    const again = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', upper, { baseline: 'e', candidate: 'ant-upper', useCache: false });
    assert.ok(again?.previous, 'compared with the previous evaluation');
    assert.equal(again.previous.previousCreatedAt, report!.createdAt);
    assert.deepEqual(again.previous.changed, ['candidate prompt changed']);
    assert.equal(again.previous.regressionsDelta, 0);
    await waitFor(async () => (await actInTree())?.description.endsWith('· fallback ready: ant-upper (anthropic)'), '"fallback ready" again after the re-evaluation');
  });

  it('rename on the base: every file of the logical prompt moves, a clash anywhere is refused first, Undo moves them back', async () => {
    const names = ['act.prompt', 'act.c.prompt', 'act.e.prompt', 'act.claude.prompt', 'act.ant-upper.prompt'];
    const texts = await Promise.all(names.map(readFile));
    assert.ok(texts.every((t) => t !== undefined));
    await writeFile('clash.claude.prompt', ACT_A);
    const refused = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.prompt'), { name: 'clash', answer: refused.answer }), false);
    assert.deepEqual(refused.messages('error'), ['Cannot rename act: clash.claude.prompt already exists. Nothing was changed.']);
    assert.deepEqual(await Promise.all(names.map(readFile)), texts, 'no file moved');
    assert.equal(await readFile('clash.prompt'), undefined);

    const dialogs = recorder();
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act.prompt'), { name: 'act2', answer: dialogs.answer }), true);
    assert.deepEqual(await Promise.all(names.map((n) => readFile(n.replace(/^act\./, 'act2.')))), texts, 'every file moved with its text');
    assert.deepEqual(await Promise.all(names.map(readFile)), names.map(() => undefined));
    assert.equal(readProductionVariant((await readFile('act2.prompt'))!), 'e', 'the marker names a variant, which kept its name');
    assert.match(dialogs.messages('info')[0] ?? '', /^Renamed act to act2 \(5 file\(s\)\)\. \d+ saved evaluations name it as "act"/);
    await waitFor(async () => (await vscode.commands.executeCommand<TreeSnapshotPrompt[]>('promptscope.variants.treeSnapshot')).find((p) => p.label === 'act2')?.variants.length === 5, 'act2 in the tree');

    const undo = recorder((d) => (d.kind === 'info' ? 'Undo' : undefined));
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', uriOf('act2.prompt'), { name: 'act3', answer: undo.answer }), true);
    await waitFor(async () => (await readFile('act2.prompt')) !== undefined && (await readFile('act3.prompt')) === undefined, 'the rename undone');
  });
});
