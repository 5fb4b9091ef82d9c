import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FakeProvider } from '../fake-provider/server';
import { compressionSpan, decideAccept, untrustedRefusal } from '../../src/vscode/compress/guards';
import type { CompressCommandResult } from '../../src/vscode/compress/compressCommand';
import { TokenService } from '../../src/core/tokens/tokenService';
import { connectFakeProvider, disconnectFakeProvider, examplesFolder, waitFor } from './helpers';

const FRONTMATTER = ['---', 'model: openai/gpt-4o', 'targets: [anthropic/claude-sonnet-4-5]', '---', ''].join('\n');
const BODY = [
  '{{role "system"}}',
  'You are a very helpful support assistant for Acme. Please make sure to answer in {{language}}.',
  'Refunds are issued within 14 days. Start a return at https://acme.example/returns today.',
  'Never promise a refund outside the policy. You must always reply in plain text.',
  '',
  '{{role "user"}}',
  '{{question}}',
  '',
].join('\n');
const PROMPT = FRONTMATTER + BODY;

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function compressionDiffTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'promptscope-compressed');
}

function compress(args: Record<string, unknown>): Thenable<CompressCommandResult | undefined> {
  return vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.compressWithModel', {
    mode: 'extractive',
    judgeModel: 'anthropic/fake-judge',
    ...args,
  });
}

describe('Compress with Model…', () => {
  let fake: FakeProvider;
  const settings = () => vscode.workspace.getConfiguration('promptscope');

  before(async () => {
    fake = await connectFakeProvider('test-key');
  });

  afterEach(async () => {
    fake.setLatency({ ttftMs: 0, chunkMs: 0 });
    fake.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await disconnectFakeProvider(fake);
  });

  it('compresses the body only, opens a diff with the savings, accepts as one undoable edit', async () => {
    const uri = await writeFile('compress-ok.prompt', PROMPT);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    const result = await compress({ uri, model: 'openai/fake-compress' });
    assert.ok(result, 'the command returns a result');
    assert.equal(result.blocking, false, `not blocking; reasons: ${result.blockingReasons.join(' | ')}`);
    assert.deepEqual(result.blockingReasons, []);
    assert.equal(result.span.start, FRONTMATTER.length, 'the frontmatter is never sent');
    assert.doesNotMatch(result.compressed, /\bvery\b|make sure to/, 'filler removed');
    assert.match(result.compressed, /Never promise a refund/);
    assert.ok(result.summary.some((l) => /Constraints: 2 kept/.test(l)), `summary: ${result.summary.join(' | ')}`);
    assert.ok(result.constraints.every((c) => c.status === 'kept'));

    // One request each: the compressor over OpenAI, the judge over Anthropic; no frontmatter sent.
    const chat = fake.requestsTo('/v1/chat/completions');
    const judge = fake.requestsTo('/v1/messages');
    assert.equal(chat.length, 1);
    assert.equal(chat[0]?.model, 'fake-compress');
    assert.doesNotMatch(JSON.stringify(chat[0]?.body), /targets: \[anthropic/);
    assert.equal(judge.length, 1);
    assert.equal(judge[0]?.model, 'fake-judge');

    // The diff: title with the token savings per target.
    assert.match(result.title, /^compress-ok\.prompt ↔ compressed \(−\d+ tok gpt-4o · ≈−\d+ tok claude-sonnet-4-5\)$/);
    const tab = await waitFor(() => compressionDiffTabs()[0], 'the diff tab');
    assert.equal(tab.label, result.title);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.modified.toString(), result.compressedUri);
    const compressedDoc = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(compressedDoc.getText(), FRONTMATTER + result.compressed);
    const report = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.reportUri));
    assert.match(report.getText(), /Nothing was lost/);
    // The headline is the lens's number (the rendered prompt with the lens's input), not the template text.
    type Analysis = { countedFrom: string; models: { modelId: string; tokens: number }[] };
    // The lens's render has a 10 ms budget: on a busy machine a cold first render may count template text
    // instead (and says so). Recount (any promptscope setting change recounts) until it has rendered.
    const renderedLens = async (): Promise<Analysis> => waitFor(async () => {
      const a = await vscode.commands.executeCommand<Analysis>('promptscope.getAnalysis', uri);
      if (a.countedFrom === 'rendered') return a;
      await settings().update('diagnostics.debounceMs', 251, vscode.ConfigurationTarget.Global);
      await settings().update('diagnostics.debounceMs', undefined, vscode.ConfigurationTarget.Global);
      return undefined;
    }, 'a rendered lens count');
    const lens = await renderedLens();
    const [primary] = result.savings;
    assert.equal(result.savingsCounted, 'rendered with default input');
    assert.equal(primary?.before, lens.models[0]?.tokens);
    assert.ok(result.summary.some((l) => l.startsWith(`Tokens (rendered with default input on openai/gpt-4o): ${primary?.before} → ${primary?.after} (`)), `summary: ${result.summary.join(' | ')}`);
    assert.match(report.getText(), /Tokens \(rendered with default input\): gpt-4o \d+ → \d+/);

    // Accept: one edit replacing the body; the frontmatter is untouched; undo restores the file.
    const accepted = await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId });
    assert.equal(accepted, true);
    assert.equal(doc.getText(), FRONTMATTER + result.compressed);
    assert.ok(doc.getText().startsWith(FRONTMATTER));
    const lensAfter = await renderedLens();
    assert.equal(lensAfter.models[0]?.tokens, primary?.after, 'after accepting, the lens shows the report\'s "after"');
    await waitFor(() => compressionDiffTabs().length === 0, 'the diff tab to close');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), PROMPT);
    // A settled compression cannot be accepted twice.
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId }), false);
  });

  it('blocks a compression that lost a number, a URL and a NEVER constraint: no one-click accept', async () => {
    const uri = await writeFile('compress-bad.prompt', PROMPT);
    const doc = await vscode.workspace.openTextDocument(uri);

    const result = await compress({ uri, model: 'openai/fake-compress-bad' });
    assert.ok(result);
    assert.equal(result.blocking, true);
    const reasons = result.blockingReasons.join('\n');
    assert.match(reasons, /Missing numbers: 14/);
    assert.match(reasons, /Missing URLs: https:\/\/acme\.example\/returns/);
    assert.match(reasons, /Constraint missing: "Never promise a refund outside the policy\."/);
    assert.deepEqual(result.missing.numbers, ['14']);
    assert.deepEqual(result.missing.urls, ['https://acme.example/returns']);
    assert.equal(result.constraints.find((c) => c.text.startsWith('Never promise'))?.status, 'missing');
    await waitFor(() => compressionDiffTabs()[0], 'the diff tab');
    // The original side (where the lost items are highlighted) is a visible editor.
    await waitFor(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === result.originalUri), 'the original side of the diff');
    const report = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.reportUri));
    assert.match(report.getText(), /Review needed/);
    assert.match(report.getText(), /`14`/);

    // The decision itself: never without an explicit yes when blocking; never asked otherwise.
    let asked: readonly string[] | undefined;
    assert.equal(await decideAccept({ blocking: true, blockingReasons: ['x'] }, (r) => { asked = r; return false; }), false);
    assert.deepEqual(asked, ['x']);
    assert.equal(await decideAccept({ blocking: false, blockingReasons: [] }, () => { throw new Error('must not ask'); }), true);

    // Enter on the confirmation picks its default button, which is "Open Report", never "Accept anyway".
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: 'enter' }), false);
    assert.equal(doc.getText(), PROMPT, 'Enter does not accept a lossy compression');

    // The command: "no" (what dismissing the modal gives) leaves the document alone.
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: false }), false);
    assert.equal(doc.getText(), PROMPT);
    assert.equal(compressionDiffTabs().length, 1, 'the diff stays open for review');

    // An explicit "Accept anyway" applies it, after being shown the reasons.
    let shown: readonly string[] = [];
    const ok = await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', {
      session: result.sessionId,
      confirm: (r: readonly string[]) => { shown = r; return true; },
    });
    assert.equal(ok, true);
    assert.deepEqual([...shown], result.blockingReasons);
    assert.equal(doc.getText(), FRONTMATTER + result.compressed);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), PROMPT);
  });

  it('refuses to accept when the document changed since the compression started; discard closes the diff', async () => {
    const uri = await writeFile('compress-changed.prompt', PROMPT);
    const doc = await vscode.workspace.openTextDocument(uri);
    const result = await compress({ uri, model: 'openai/fake-compress', showReport: false });
    assert.ok(result);
    // The diff took the editor's place; edit the document in its own editor again.
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await editor.edit((b) => b.insert(doc.positionAt(PROMPT.length), 'extra line\n')));
    const changed = doc.getText();
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.acceptCompression', { session: result.sessionId, confirm: true }), false);
    assert.equal(doc.getText(), changed);
    assert.equal(await vscode.commands.executeCommand<boolean>('promptscope.discardCompression', { session: result.sessionId }), true);
    await waitFor(() => compressionDiffTabs().length === 0, 'the diff tab to close');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), PROMPT);
  });

  it('counts a file that is no prompt as template text in the report, exactly on the first default target', async () => {
    const text = 'You are a very helpful assistant. Please make sure to answer politely, in plain text, within 14 days of the request.\n';
    const uri = await writeFile('compress-notes.log', text);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const result = await compress({ uri, model: 'openai/fake-compress' });
      assert.ok(result, 'the command returns a result');
      // Counted in the tokenizer worker and waited for: the same number tiktoken gives here, never a silent estimate.
      const expected = new TokenService().countText(text, 'openai/gpt-4o').tokens;
      const line = result.summary.find((l) => l.startsWith('Tokens (template text): '));
      assert.ok(line, `a token line; summary: ${result.summary.join(' | ')}`);
      assert.match(line, new RegExp(`^Tokens \\(template text\\): ${expected} → \\d+ `));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('compresses only the selection intersected with the body, never the frontmatter', async () => {
    const uri = await writeFile('compress-selection.prompt', PROMPT);
    const doc = await vscode.workspace.openTextDocument(uri);
    // From the middle of the frontmatter to the end of the "You are a very helpful…" line.
    const range = new vscode.Range(1, 0, 5, doc.lineAt(5).text.length);
    const result = await compress({ uri, range, model: 'openai/fake-compress', showReport: false });
    assert.ok(result);
    assert.equal(result.span.start, FRONTMATTER.length);
    assert.equal(result.span.end, doc.offsetAt(range.end));
    assert.equal(result.compressed, '{{role "system"}}\nYou are a helpful support assistant for Acme. answer in {{language}}.');
    await vscode.commands.executeCommand('promptscope.discardCompression', { session: result.sessionId });
  });

  it('remembers the judge model chosen once', async () => {
    assert.equal(await vscode.commands.executeCommand<string>('promptscope.chooseJudgeModel', 'anthropic/fake-judge'), 'anthropic/fake-judge');
    const uri = await writeFile('compress-judge.prompt', PROMPT);
    const result = await vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.compressWithModel', {
      uri, model: 'openai/fake-compress', mode: 'extractive', showReport: false,
    });
    assert.ok(result);
    assert.equal(fake.requestsTo('/v1/messages')[0]?.model, 'fake-judge');
    await vscode.commands.executeCommand('promptscope.discardCompression', { session: result.sessionId });
  });

  it('is cancellable: returns undefined and opens no diff', async () => {
    const uri = await writeFile('compress-cancel.prompt', PROMPT);
    fake.setLatency({ ttftMs: 2000 });
    const pending = compress({ uri, model: 'openai/fake-compress' });
    await waitFor(() => fake.requestsTo('/v1/chat/completions').length > 0, 'the compression request');
    assert.equal(await vscode.commands.executeCommand<number>('promptscope.cancelCompression'), 1);
    assert.equal(await pending, undefined);
    assert.equal(compressionDiffTabs().length, 0);
    assert.equal(fake.requestsTo('/v1/messages').length, 0, 'the judge is never asked');

    // A signal that is already aborted: nothing is sent at all.
    fake.reset();
    const controller = new AbortController();
    controller.abort();
    assert.equal(await compress({ uri, model: 'openai/fake-compress', signal: controller.signal }), undefined);
    assert.equal(fake.requests.length, 0);
    assert.equal(compressionDiffTabs().length, 0);
  });

  it('sends nothing in an untrusted workspace (the guard)', () => {
    assert.match(untrustedRefusal(false) ?? '', /not trusted, so nothing is sent/);
    assert.equal(untrustedRefusal(true), undefined);
  });

  it('picks the span: selection ∩ body, whole body without a selection', () => {
    const body = { start: 10, end: 50 };
    const text = `${'-'.repeat(10)}${'word '.repeat(8)}`;
    assert.deepEqual(compressionSpan(text, body), body);
    assert.deepEqual(compressionSpan(text, body, { start: 0, end: 20 }), { start: 10, end: 20 });
    assert.equal(compressionSpan(text, body, { start: 0, end: 8 }), undefined, 'a selection inside the frontmatter');
    assert.deepEqual(compressionSpan(text, body, { start: 12, end: 12 }), body, 'an empty selection means the whole body');
  });
});
