import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TokenService } from '../../src/core/tokens/tokenService';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { examplesFolder, waitFor } from './helpers';

interface AnalysisData { targets: string[]; input: string; models: { modelId: string; tokens: number; exact: boolean; method: string; title: string; notes: string[] }[] }

// Expected gpt-4o count computed independently with gpt-tokenizer's encodeChat (o200k_base, chat
// framing) on the messages exactly as the dotprompt package renders them: each role marker's line
// break stays in the message ("\nYou are…\n", "\nHow do I…").
const LENS_PROMPT = [
  '---',
  'model: openai/gpt-4o',
  'targets: [anthropic/claude-sonnet-4-5]',
  '---',
  '{{role "system"}}',
  'You are a terse assistant for Acme. Answer in one sentence.',
  '{{role "user"}}',
  'How do I reset my password?',
].join('\n');
const GPT4O_TOKENS = 34;

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return lenses.map((l) => l.command?.title ?? '');
}

describe('token counts and cost', () => {
  let fake: FakeProvider;

  before(async () => {
    fake = await startFakeProvider();
    await vscode.workspace.getConfiguration('promptscope').update('anthropic.baseURL', fake.anthropicBaseURL, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'anthropic', 'sk-ant-test-key');
  });

  after(async () => {
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'anthropic');
    await vscode.workspace.getConfiguration('promptscope').update('anthropic.baseURL', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('shows a CodeLens per target: exact tokens and cost for OpenAI, ≈ for Claude', async () => {
    const uri = await writeFile('lens.prompt', LENS_PROMPT);
    await vscode.window.showTextDocument(uri);
    // The exact count (a `≈` lens may come first while the tokenizer worker answers).
    const titles = await waitFor(async () => { const t = await lensTitles(uri); return t.some((x) => /^gpt-4o \d/.test(x)) ? t : undefined; }, 'exact token lenses');
    const gpt = titles.find((t) => t.startsWith('gpt-4o '));
    assert.ok(gpt, `a gpt-4o lens; got ${titles.join(' | ')}`);
    // The primary target: tokens, $/call and $/1k (the context share is in the details, a click away).
    assert.match(gpt, new RegExp(`^gpt-4o ${GPT4O_TOKENS} tok · \\$0\\.0+\\d+/call · \\$0\\.\\d+/1k$`));
    const claude = titles.find((t) => t.startsWith('claude-sonnet-4-5'));
    assert.ok(claude, `a Claude lens; got ${titles.join(' | ')}`);
    // Further targets get a compact lens (tokens and $/call) so three targets fit a 900 px editor.
    assert.match(claude, /^claude-sonnet-4-5 ≈\d+ tok · ≈\$[\d.]+$/);
    assert.ok(titles.includes('$(symbol-parameter) default'), `the input used is shown; got ${titles.join(' | ')}`);
    // "Compare Models…" is in the editor title bar and the lens's details, not in the top row.
    assert.ok(!titles.some((t) => t.includes('Compare')), `no Compare lens; got ${titles.join(' | ')}`);
    assert.ok(titles.some((t) => /^system · \d+ tok · \d+(\.\d)?%$/.test(t)), `section lenses; got ${titles.join(' | ')}`);
  });

  it('shows the first lens marked ≈ or exact, and the exact count follows without any action', async () => {
    // Text no count has seen yet: its chunks go to the tokenizer worker.
    const sentence = 'Reply in the customer\'s language; quote the order number 7731-QX exactly and never guess a date.';
    const uri = await writeFile('first-lens.prompt', LENS_PROMPT.replace('Answer in one sentence.', sentence));
    await vscode.window.showTextDocument(uri);
    const first = await waitFor(async () => (await lensTitles(uri)).find((x) => x.startsWith('gpt-4o ')), 'a first gpt-4o lens');
    assert.match(first, /^gpt-4o (≈)?\d+ tok/, `the first lens is a count, marked ≈ when it is an estimate; got ${first}`);
    const exact = await waitFor(async () => (await lensTitles(uri)).find((x) => /^gpt-4o \d/.test(x)), 'the exact gpt-4o lens');
    const analysis = await vscode.commands.executeCommand<AnalysisData>('promptscope.getAnalysis', uri);
    const gpt = analysis.models.find((m) => m.modelId === 'openai/gpt-4o');
    assert.ok(gpt);
    assert.equal(gpt.exact, true);
    assert.ok(!gpt.notes.some((n) => /counting continues/.test(n)), `no estimate note left; got ${gpt.notes.join(' | ')}`);
    assert.ok(exact.startsWith(`gpt-4o ${gpt.tokens.toLocaleString('en-US')} tok`), `the lens shows the exact count ${gpt.tokens}; got ${exact}`);
    // The same count tiktoken gives on this thread, framing included (3 per message + role + 3 reply priming).
    const sync = new TokenService().countMessages([
      { role: 'system', text: `\nYou are a terse assistant for Acme. ${sentence}\n` },
      { role: 'user', text: '\nHow do I reset my password?' },
    ], 'openai/gpt-4o');
    assert.equal(gpt.tokens, sync.total);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('counts Claude exactly with count_tokens on demand, from cache the second time', async () => {
    const uri = vscode.Uri.joinPath(examplesFolder(), 'lens.prompt');
    await vscode.window.showTextDocument(uri);
    fake.reset();
    await vscode.commands.executeCommand('promptscope.countExactly', uri);
    const exact = await waitFor(async () => {
      const a = await vscode.commands.executeCommand<AnalysisData>('promptscope.getAnalysis', uri);
      return a.models.find((m) => m.method === 'anthropic:count_tokens');
    }, 'an exact Claude count');
    assert.equal(exact.exact, true);
    assert.doesNotMatch(exact.title, /≈/);
    const titles = await lensTitles(uri);
    assert.ok(titles.some((t) => t.startsWith(`claude-sonnet-4-5 ${exact.tokens} tok`)), `the lens shows the exact count; got ${titles.join(' | ')}`);
    assert.equal(fake.requestsTo('/v1/messages/count_tokens').length, 1);
    // Same text again (after an edit and its undo): served from the cache, nothing sent.
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(7, 0), 'x'));
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('promptscope.countExactly', uri);
    assert.equal(fake.requestsTo('/v1/messages/count_tokens').length, 1);
  });

  it('falls back to the estimate with a note when count_tokens is rate-limited', async () => {
    const uri = await writeFile('ratelimited.prompt', LENS_PROMPT.replace('one sentence', 'two sentences'));
    await vscode.window.showTextDocument(uri);
    fake.setFault({ kind: '429', path: '/v1/messages/count_tokens', retryAfterMs: 1000 });
    await vscode.commands.executeCommand('promptscope.countExactly', uri);
    const a = await vscode.commands.executeCommand<AnalysisData>('promptscope.getAnalysis', uri);
    const claude = a.models.find((m) => m.modelId.startsWith('anthropic/'));
    assert.ok(claude);
    assert.equal(claude.exact, false);
    assert.ok(claude.notes.some((n) => /rate-limited/.test(n)), `a note explains the fallback; got ${claude.notes.join(' | ')}`);
    fake.clearFaults();
  });

  it('updates the status bar count with the selection', async () => {
    const uri = vscode.Uri.joinPath(examplesFolder(), 'lens.prompt');
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const whole = await waitFor(() => vscode.commands.executeCommand<string>('promptscope.getStatusBarText'), 'status bar text');
    const line = editor.document.lineAt(5);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    // The exact count of the selection (shown `≈` first if the tokenizer worker had not seen the line).
    const selected = await waitFor(async () => { const t = await vscode.commands.executeCommand<string>('promptscope.getStatusBarText'); return t !== whole && !t.includes('≈') ? t : undefined; }, 'status bar to change');
    assert.match(selected, /14 tok \(selection\)/);
    // Without a selection it is the lens's number: the rendered prompt, unlabelled.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const analysis = await vscode.commands.executeCommand<{ models: { modelId: string; tokens: number }[] }>('promptscope.getAnalysis', uri);
    const back = await waitFor(async () => { const t = await vscode.commands.executeCommand<string>('promptscope.getStatusBarText'); return t !== selected ? t : undefined; }, 'status bar back to the file');
    assert.equal(back, `$(symbol-numeric) ${analysis.models[0]?.tokens.toLocaleString('en-US')} tok`);
  });

  it('warns when the rendered prompt is over its budget', async () => {
    const uri = await writeFile('budget.prompt', LENS_PROMPT.replace('---\n{{role', 'budget: 10\n---\n{{role'));
    await vscode.window.showTextDocument(uri);
    const over = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'over-budget'), 'an over-budget diagnostic');
    assert.equal(over.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(over.message, /budget of 10/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('bad input', () => {
  it('counts a 1 MB prompt and a file of byte junk without failing', async () => {
    const big = `---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\n${'Answer briefly and cite the policy number. '.repeat(25_000)}`;
    const bigUri = await writeFile('huge.prompt', big);
    await vscode.window.showTextDocument(bigUri);
    const titles = await waitFor(async () => { const t = await lensTitles(bigUri); return t.some((x) => /^gpt-4o \d/.test(x)) ? t : undefined; }, 'exact lenses on a 1 MB prompt', 60_000);
    assert.ok(titles.some((t) => /^gpt-4o [\d,]{7,} tok/.test(t)), `a six-figure count; got ${titles.join(' | ')}`);
    // Every byte but NUL (VS Code itself refuses to open files with NULs as text).
    const junk = new Uint8Array(64 * 1024).map((_, i) => ((i * 7919) % 255) + 1);
    const junkUri = vscode.Uri.joinPath(examplesFolder(), 'junk.prompt');
    await vscode.workspace.fs.writeFile(junkUri, junk);
    await vscode.window.showTextDocument(junkUri);
    const junkTitles = await waitFor(async () => { const t = await lensTitles(junkUri); return t.length > 0 ? t : undefined; }, 'lenses on binary junk');
    assert.ok(junkTitles.every((t) => !/could not count/.test(t)), `counted, not failed; got ${junkTitles.join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
