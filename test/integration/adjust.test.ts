import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeProvider } from '../fake-provider/server';
import type { CompressCommandResult } from '../../src/vscode/compress/compressCommand';
import { connectFakeProvider, disconnectFakeProvider, examplesFolder, waitFor } from './helpers';

const BODY = [
  '{{role "system"}}',
  'You are a support assistant for Acme. Answer in {{language}}.',
  'Refunds are issued within 14 days. Start a return at https://acme.example/returns today.',
  'Never promise a refund outside the policy. You must always reply in plain text.',
  '',
  '{{role "user"}}',
  '{{question}}',
  '',
].join('\n');
const BASE = ['---', 'model: openai/gpt-4o', '---', ''].join('\n') + BODY;
const VARIANT_FRONTMATTER = ['---', 'model: anthropic/claude-sonnet-4-5', '---', ''].join('\n');
const VARIANT = VARIANT_FRONTMATTER + BODY;

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function adjustDiffTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'promptscope-compressed');
}

describe('Adjust for Model… (Prompt Variants)', () => {
  let fake: FakeProvider;

  before(async () => {
    fake = await connectFakeProvider('test-key');
    await writeFile('adj.prompt', BASE);
  });

  afterEach(async () => {
    fake.setLatency({ ttftMs: 0, chunkMs: 0 });
    fake.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const name of ['adj.prompt', 'adj.claude.prompt', 'adj.lossy.prompt']) {
      // An accepted rewrite leaves its document dirty: save it first, so no unsaved copy of a deleted
      // file is left behind for a later suite (the audit compares the folder with the CLI's view of it).
      await vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.path.endsWith(`/${name}`))?.save();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(examplesFolder(), name)).then(undefined, () => undefined);
    }
    await disconnectFakeProvider(fake);
  });

  it('rewrites a variant for its own model family, reports nothing lost, accepts as one undoable edit', async () => {
    const uri = await writeFile('adj.claude.prompt', VARIANT);
    const doc = await vscode.workspace.openTextDocument(uri);
    const result = await vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.variants.adjustForModel', uri, {
      family: 'anthropic',
      model: 'openai/fake-adjust',
      judgeModel: 'anthropic/fake-judge',
    });
    assert.ok(result, 'the command returns a result');
    assert.equal(result.blocking, false, `not blocking; reasons: ${result.blockingReasons.join(' | ')}`);
    assert.equal(result.span.start, VARIANT_FRONTMATTER.length, 'only the body is rewritten');
    assert.equal(result.compressed, `<instructions>\n${BODY.trim()}\n</instructions>\n`);
    assert.ok(result.constraints.length > 0 && result.constraints.every((c) => c.status === 'kept'));

    // The rewriting request follows Claude's guidance and names the variant's own model as the target.
    const chat = fake.requestsTo('/v1/chat/completions');
    assert.equal(chat.length, 1);
    assert.equal(chat[0]?.model, 'fake-adjust');
    const sent = JSON.stringify(chat[0]?.body);
    assert.match(sent, /Target model family: Anthropic Claude/);
    assert.match(sent, /Target model: anthropic\/claude-sonnet-4-5/);
    assert.match(sent, /XML tags/);
    assert.equal(fake.requestsTo('/v1/messages').length, 1, 'one judge request');

    assert.match(result.title, /^adj\.claude\.prompt ↔ adjusted for Anthropic Claude/);
    const tab = await waitFor(() => adjustDiffTabs()[0], 'the diff tab');
    assert.equal((tab.input as vscode.TabInputTextDiff).original.toString(), result.originalUri);
    const report = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.reportUri));
    assert.match(report.getText(), /# Adjust for Model report/);
    assert.match(report.getText(), /Nothing was lost/);

    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId }), true);
    assert.equal(doc.getText(), VARIANT_FRONTMATTER + result.compressed);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), VARIANT, 'one undo restores the variant');
  });

  it('a lossy rewrite names the loss and is not accepted without an explicit confirmation', async () => {
    const uri = await writeFile('adj.lossy.prompt', VARIANT);
    const doc = await vscode.workspace.openTextDocument(uri);
    const result = await vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.variants.adjustForModel', uri, {
      family: 'openai',
      model: 'openai/fake-adjust-bad',
      judgeModel: 'anthropic/fake-judge',
    });
    assert.ok(result);
    assert.equal(result.blocking, true);
    assert.deepEqual(result.missing.numbers, ['14']);
    assert.deepEqual(result.missing.urls, ['https://acme.example/returns']);
    assert.equal(result.constraints.find((c) => c.text.startsWith('Never promise'))?.status, 'missing');
    // The variant runs on Claude, so an OpenAI target names no exact model.
    assert.doesNotMatch(JSON.stringify(fake.requestsTo('/v1/chat/completions')[0]?.body), /Target model: /);

    // Enter picks the dialog's default button, never "Accept anyway"; "no" keeps the variant.
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: 'enter' }), false);
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: false }), false);
    assert.equal(doc.getText(), VARIANT);
    // An explicit yes applies it.
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: true }), true);
    assert.equal(doc.getText(), VARIANT_FRONTMATTER + result.compressed);
    assert.ok(result.compressed.startsWith('# Instructions\n\n'));
  });

  it('is cancellable through its signal: returns undefined, the variant is unchanged and no diff opens', async () => {
    const uri = await writeFile('adj.claude.prompt', VARIANT);
    fake.setLatency({ ttftMs: 2000 });
    const controller = new AbortController();
    const pending = vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.variants.adjustForModel', uri, {
      family: 'anthropic',
      model: 'openai/fake-adjust',
      judgeModel: 'anthropic/fake-judge',
      signal: controller.signal,
    });
    await waitFor(() => fake.requestsTo('/v1/chat/completions').length > 0, 'the rewrite request');
    controller.abort();
    assert.equal(await pending, undefined);
    assert.equal(adjustDiffTabs().length, 0);
    assert.equal(fake.requestsTo('/v1/messages').length, 0, 'the judge is never asked');
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), VARIANT);
  });

  it('refuses an unknown family without sending anything', async () => {
    const uri = await writeFile('adj.claude.prompt', VARIANT);
    const result = await vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.variants.adjustForModel', uri, {
      family: 'mistral',
      model: 'openai/fake-adjust',
      judgeModel: 'anthropic/fake-judge',
    });
    assert.equal(result, undefined);
    assert.equal(fake.requests.length, 0);
  });
});
