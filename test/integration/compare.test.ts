import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import type { CompareCommandResult, CompareStateSnapshot } from '../../src/vscode/compare/compareFeature';
import type { RunCell, RunFile } from '../../src/core/compare/types';
import { examplesFolder, waitFor } from './helpers';

// A key no output, setting, log, run or cache file may ever contain.
const OPENAI_KEY = 'sk-compare-openai-SECRET-7f3a9c21';
const ANTHROPIC_KEY = 'sk-ant-compare-SECRET-51be0d77';
const MODELS = ['openai/fake-echo', 'openai/fake-upper', 'anthropic/fake-claude'];

const PROMPT = [
  '---',
  'model: openai/fake-echo',
  'targets: [openai/fake-upper, anthropic/fake-claude]',
  'config:',
  '  temperature: 0.2',
  '  maxOutputTokens: 200',
  'input:',
  '  default:',
  '    question: What is the refund window for opened bulbs?',
  'samples: compare-it.samples.jsonl',
  '---',
  '{{role "system"}}',
  'You answer support questions in one sentence.',
  '{{role "user"}}',
  '{{question}}',
  '',
].join('\n');

// fake-echo answers with the question, fake-upper with it upper-cased, fake-claude with a hashed
// reply that quotes the first six words: so the assertions below pass or fail predictably.
const SAMPLES = [
  { id: 'refund', input: { question: 'How long is the refund window?' }, assert: [{ type: 'contains', value: 'refund' }] },
  { id: 'shipping', input: { question: 'Is shipping free over fifty dollars?' }, assert: [{ type: 'icontains', value: 'shipping' }] },
  { id: 'warranty', input: { question: 'What warranty does the hub have?' }, assert: [{ type: 'regex', value: 'warranty' }] },
  { id: 'price', input: { question: 'Do you price match other stores?' }, assert: [{ type: 'not-icontains', value: 'price match' }] },
  { id: 'json', input: { question: 'Reply in JSON please' }, assert: [{ type: 'is-json' }] },
].map((s) => JSON.stringify(s)).join('\n') + '\n';

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function compare(args: Record<string, unknown>): Thenable<CompareCommandResult | undefined> {
  return vscode.commands.executeCommand<CompareCommandResult | undefined>('promptscope.compareModels', args);
}

function action<T>(method: string, params: unknown): Thenable<T> {
  return vscode.commands.executeCommand<T>('promptscope.compareAction', { method, params });
}

async function snapshot(): Promise<CompareStateSnapshot> {
  const s = await vscode.commands.executeCommand<CompareStateSnapshot | undefined>('promptscope.compareState');
  assert.ok(s, 'a comparison panel is open');
  return s;
}

function cellAt(run: RunFile, model: string, sample: string): RunCell {
  const column = run.columns.findIndex((c) => c.model === model);
  const row = run.rows.findIndex((r) => r.sample === sample);
  const cell = run.cells.find((c) => c.column === column && c.row === row && c.repeat === 0);
  assert.ok(cell, `a cell for ${model} × ${sample}`);
  return cell;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('Compare Models', () => {
  let fake: FakeProvider;
  const settings = () => vscode.workspace.getConfiguration('promptscope');
  let promptUri: vscode.Uri;
  let samplesUri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
    fake = await startFakeProvider();
    await settings().update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
    await settings().update('anthropic.baseURL', fake.anthropicBaseURL, vscode.ConfigurationTarget.Global);
    // One request at a time per endpoint: the injected faults hit the cell we expect.
    await settings().update('compare.concurrency', 1, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', OPENAI_KEY);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'anthropic', ANTHROPIC_KEY);
    await vscode.commands.executeCommand('promptscope.clearResponseCache');
    promptUri = await writeFile('compare-it.prompt', PROMPT);
    samplesUri = await writeFile('compare-it.samples.jsonl', SAMPLES);
  });

  afterEach(async () => {
    fake.setLatency({ ttftMs: 0, chunkMs: 0 });
    fake.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'anthropic');
    for (const key of ['openai.baseURL', 'anthropic.baseURL', 'compare.concurrency']) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('streams three models over five samples: a 429 recovered, a persistent 500 as a cell error, assertions, a cache hit on rerun', async () => {
    fake.setLatency({ ttftMs: 20, chunkMs: 15 });
    // The first upper request is rate limited once (retry-after 200 ms).
    fake.setFault({ kind: '429', model: 'fake-upper', times: 1, retryAfterMs: 200 });
    const result = await compare({ uri: promptUri, models: MODELS, inputs: 'all' });
    assert.ok(result?.run, 'the command returns the finished run');
    const run = result.run;
    assert.deepEqual(run.columns.map((c) => c.model), MODELS);
    assert.deepEqual(run.rows.map((r) => r.sample), ['refund', 'shipping', 'warranty', 'price', 'json']);
    assert.equal(run.cells.length, 15);

    // Streaming: many chunks arrived, batched into fewer webview patches.
    const { stats, state } = await snapshot();
    assert.ok(stats.chunks >= 15 * 3, `streamed chunks: ${stats.chunks}`);
    assert.ok(stats.patches < stats.chunks, `batched: ${stats.patches} patches for ${stats.chunks} chunks`);
    assert.equal(state.running, false);

    // 429: retried after retry-after and recovered.
    const rateLimited = run.cells.filter((c) => c.column === 1 && c.attempts >= 2);
    assert.equal(rateLimited.length, 1, 'one upper cell was retried after the 429');
    assert.equal(rateLimited[0]?.status, 'done');
    assert.equal(fake.requests.filter((r) => r.fault === '429').length, 1);
    assert.ok(run.cells.every((c) => c.status === 'done'), `every cell done: ${run.cells.map((c) => c.status).join(',')}`);

    // Outputs, usage, timings, finish reason.
    const echo = cellAt(run, 'openai/fake-echo', 'refund');
    assert.equal(echo.output.trim(), 'How long is the refund window?');
    assert.ok(echo.usage?.reported && echo.usage.outputTokens > 0, 'usage from the provider');
    assert.ok((echo.ttftMs ?? -1) >= 0 && (echo.latencyMs ?? 0) >= (echo.ttftMs ?? 0), 'TTFT and latency');
    assert.ok(echo.finishReason, 'a finish reason');
    assert.equal(echo.cached, false);

    // Assertions (promptfoo semantics): contains is case-sensitive, icontains is not; is-json fails on plain text.
    const upperRefund = cellAt(run, 'openai/fake-upper', 'refund');
    assert.equal(echo.pass, true);
    assert.deepEqual(echo.assertions.map((a) => [a.type, a.pass]), [['contains', true]]);
    assert.equal(upperRefund.pass, false);
    assert.equal(upperRefund.assertions[0]?.pass, false);
    assert.ok(upperRefund.assertions[0]?.reason, 'a failing assertion says why');
    assert.equal(cellAt(run, 'openai/fake-upper', 'shipping').pass, true, 'icontains ignores case');
    assert.equal(cellAt(run, 'openai/fake-echo', 'price').pass, false, 'not-icontains fails when the text is there');
    for (const model of MODELS) {
      const c = cellAt(run, model, 'json');
      if (c.status === 'done') assert.equal(c.pass, false, `${model}: not JSON`);
    }
    // echo: refund, shipping, warranty pass; upper: only shipping (contains and regex are case-sensitive).
    assert.equal(run.columns[0]?.summary.passed, 3);
    assert.equal(run.columns[0]?.summary.passRate, 3 / 5);
    assert.equal(run.columns[1]?.summary.passed, 1);

    // Saved under .promptscope/runs.
    const savedAs = result.savedAs ?? '';
    assert.ok(savedAs.startsWith('.promptscope/runs/'), `saved as ${savedAs}`);
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examplesFolder(), savedAs)))) as RunFile;
    assert.equal(saved.id, run.id);
    assert.equal(saved.cells.length, 15);

    // Rerun a done cell: answered from the cache, labelled, with the original latency; no request.
    const before = fake.requests.length;
    await action('rerunCell', { cellId: echo.id });
    const rerun = await waitFor(async () => {
      const c = (await snapshot()).state.run?.cells.find((x) => x.id === echo.id);
      return c && c.status === 'done' && c.cached ? c : undefined;
    }, 'the rerun cell to come from the cache');
    assert.equal(rerun.latencyMs, echo.latencyMs, 'the original latency is kept');
    assert.equal(rerun.output, echo.output);
    assert.equal(fake.requests.length, before, 'no request for a cache hit');

    // A persistent 500: the rerun of one Claude cell (the cache emptied first) fails after 3 retries
    // and shows why; Retry succeeds once the server is back.
    await vscode.commands.executeCommand('promptscope.clearResponseCache');
    fake.setFault({ kind: '500', model: 'fake-claude' });
    const claude = cellAt(run, 'anthropic/fake-claude', 'warranty');
    await action('rerunCell', { cellId: claude.id });
    const failed = await waitFor(async () => {
      const c = (await snapshot()).state.run?.cells.find((x) => x.id === claude.id);
      return c && c.status === 'failed' ? c : undefined;
    }, 'the Claude cell to fail', 40_000);
    assert.match(failed.error?.message ?? '', /500|server error/i);
    assert.equal(failed.attempts, 4, '1 attempt + 3 retries');
    assert.equal(fake.requests.filter((r) => r.fault === '500').length, 4);
    assert.doesNotMatch(failed.error?.message ?? '', new RegExp(ANTHROPIC_KEY));
    const others = (await snapshot()).state.run?.cells.filter((c) => c.id !== claude.id) ?? [];
    assert.ok(others.every((c) => c.status === 'done'), 'the other cells are untouched');
    fake.clearFaults();
    await action('rerunCell', { cellId: claude.id });
    const retried = await waitFor(async () => {
      const c = (await snapshot()).state.run?.cells.find((x) => x.id === claude.id);
      return c && c.status === 'done' ? c : undefined;
    }, 'the retried cell to finish');
    assert.equal(retried.error, undefined);
    assert.equal(retried.output, claude.output, 'same deterministic answer');
  });

  it('a provider that is down fails its column with the reason while the other columns finish', async () => {
    await vscode.commands.executeCommand('promptscope.clearResponseCache');
    fake.setFault({ kind: '500', model: 'fake-claude' });
    const result = await compare({ uri: promptUri, models: MODELS, inputs: { sample: 'price' } });
    const run = result?.run;
    assert.ok(run);
    assert.deepEqual(run.cells.map((c) => c.status), ['done', 'done', 'failed']);
    assert.match(run.cells[2]?.error?.message ?? '', /500|server error/i);
    assert.equal(run.columns[2]?.summary.failed, 1);
  });

  it('cancels one cell while the others finish', async () => {
    fake.setLatency({ ttftMs: 20, chunkMs: 10 });
    fake.setLatency({ ttftMs: 30_000, chunkMs: 10 }, 'fake-claude');
    const pending = compare({ uri: promptUri, models: MODELS, inputs: 'default' });
    const slow = await waitFor(async () => {
      const s = await vscode.commands.executeCommand<CompareStateSnapshot | undefined>('promptscope.compareState');
      const run = s?.state.run;
      if (!run) return undefined;
      const cell = run.cells.find((c) => c.column === 2);
      return cell?.status === 'running' ? cell : undefined;
    }, 'the Claude cell to start');
    assert.equal(await action<boolean>('cancelCell', { cellId: slow.id }), true);
    const result = await pending;
    const run = result?.run;
    assert.ok(run);
    assert.equal(run.cells.find((c) => c.id === slow.id)?.status, 'cancelled');
    assert.deepEqual(run.cells.filter((c) => c.column !== 2).map((c) => c.status), ['done', 'done']);
  });

  it('rates a cell and saves it as a sample (an undoable edit of the open samples file)', async () => {
    const result = await compare({ uri: promptUri, models: ['openai/fake-echo'], inputs: 'default' });
    const run = result?.run;
    assert.ok(run);
    const cell = run.cells[0] as RunCell;
    assert.equal(cell.status, 'done');
    await action('rate', { cellId: cell.id, rating: { verdict: 'up', note: 'exactly the question back' } });
    const rated = (await snapshot()).state.run?.cells.find((c) => c.id === cell.id);
    assert.equal(rated?.rating?.verdict, 'up');
    assert.equal(rated?.rating?.note, 'exactly the question back');
    // The rating is stored in the run file.
    const savedAs = (await snapshot()).state.savedAs;
    assert.ok(savedAs);
    await waitFor(async () => {
      const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examplesFolder(), savedAs)))) as RunFile;
      return saved.cells[0]?.rating?.verdict === 'up';
    }, 'the rating in the run file');

    const samplesDoc = await vscode.workspace.openTextDocument(samplesUri);
    await vscode.window.showTextDocument(samplesDoc);
    const message = await action<string>('saveAsSample', { cellId: cell.id });
    assert.match(message, /compare-it\.samples\.jsonl/);
    const lines = samplesDoc.getText().trim().split('\n');
    assert.equal(lines.length, 6, 'one line appended, none lost');
    assert.equal(lines.slice(0, 5).join('\n') + '\n', SAMPLES);
    const added = JSON.parse(lines[5] as string) as { input: Record<string, unknown>; assert: { type: string; value: unknown }[] };
    assert.equal(added.input.question, 'What is the refund window for opened bulbs?');
    assert.ok(added.assert.some((a) => (a.type === 'equals' || a.type === 'contains') && a.value === cell.output.trim()), `an assertion from the good output: ${lines[5]}`);
    await vscode.window.showTextDocument(samplesDoc);
    await vscode.commands.executeCommand('undo');
    assert.equal(samplesDoc.getText(), SAMPLES, 'undo removes the appended sample');
    await samplesDoc.save();
  });

  it('"Show Request" shows the exact body with the key redacted and the translated parameters', async () => {
    const result = await compare({ uri: promptUri, models: ['anthropic/fake-claude'], inputs: 'default' });
    assert.ok(result?.run);
    await action('showRequest', { column: 0 });
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'promptscope-compare' && d.uri.path.includes('/request/')), 'the request document');
    const text = doc.getText();
    assert.match(text, /"max_tokens": 200/);
    assert.match(text, /"system":/, 'Anthropic gets a top-level system');
    assert.match(text, /temperature/, 'what happened to temperature is stated');
    assert.doesNotMatch(text, new RegExp(ANTHROPIC_KEY));
  });

  it('diffs two cells in the diff editor', async () => {
    const result = await compare({ uri: promptUri, models: ['openai/fake-echo', 'openai/fake-upper'], inputs: 'default' });
    const run = result?.run;
    assert.ok(run);
    await action('diff', { left: run.cells[0]?.id, right: run.cells[1]?.id });
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.original.scheme === 'promptscope-compare'), 'the diff tab');
    assert.match(tab.label, /fake-echo.*↔.*fake-upper/);
  });

  it('reopens a saved run from .promptscope/runs, idle, and reruns a cell in it', async () => {
    const first = await compare({ uri: promptUri, models: ['openai/fake-echo', 'openai/fake-upper'], inputs: { sample: 'warranty' } });
    assert.ok(first?.run && first.savedAs);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const requests = fake.requests.length;
    const path = vscode.Uri.joinPath(examplesFolder(), first.savedAs).fsPath;
    const reopenedId = await vscode.commands.executeCommand<string | undefined>('promptscope.openCompareRun', path);
    assert.equal(reopenedId, first.run.id);
    const { state } = await snapshot();
    assert.equal(state.running, false);
    assert.deepEqual(state.run?.cells.map((c) => [c.status, c.output]), first.run.cells.map((c) => [c.status, c.output]));
    assert.equal(fake.requests.length, requests, 'reopening sends nothing');
    // A rerun in the reopened run works (answered by the cache: same output, labelled cached).
    const cellId = first.run.cells[1]?.id as string;
    await action('rerunCell', { cellId });
    const rerun = await waitFor(async () => {
      const c = (await snapshot()).state.run?.cells.find((x) => x.id === cellId);
      return c && c.status === 'done' && c.cached ? c : undefined;
    }, 'the rerun in the reopened run');
    assert.equal(rerun.output, first.run.cells[1]?.output);
  });

  it('keeps the test key out of settings, logs, run files, cache files and the webview', async () => {
    // Make sure something was cached and a run written (the earlier tests did; this one stands alone too).
    await compare({ uri: promptUri, models: MODELS, inputs: { sample: 'refund' } });
    const s = await snapshot();
    const keys = [OPENAI_KEY, ANTHROPIC_KEY];
    const leaks: string[] = [];
    const scan = (what: string, text: string) => { for (const k of keys) if (text.includes(k)) leaks.push(what); };
    scan('webview HTML', s.html);
    scan('panel state', JSON.stringify(s.state));
    const cacheFiles = filesUnder(s.cacheDir);
    assert.ok(cacheFiles.length > 0, `the cache has files in ${s.cacheDir}`);
    for (const f of cacheFiles) scan(f, readFileSync(f, 'utf8'));
    const runFiles = filesUnder(join(examplesFolder().fsPath, '.promptscope', 'runs'));
    assert.ok(runFiles.length > 0, 'run files were written');
    for (const f of runFiles) scan(f, readFileSync(f, 'utf8'));
    const logs = filesUnder(s.logFolder);
    for (const f of logs) scan(f, readFileSync(f, 'utf8'));
    // User settings live two folders above the extension's global storage (User/globalStorage/<id>).
    const userSettings = join(s.cacheDir, '..', '..', '..', 'settings.json');
    if (existsSync(userSettings)) scan('user settings', readFileSync(userSettings, 'utf8'));
    scan('settings', JSON.stringify(vscode.workspace.getConfiguration('promptscope')));
    const workspaceSettings = join(examplesFolder().fsPath, '.vscode', 'settings.json');
    if (existsSync(workspaceSettings)) scan('workspace settings', readFileSync(workspaceSettings, 'utf8'));
    assert.deepEqual(leaks, []);
  });
});

// A logical prompt with two variants bound to two fake models, with system texts of their own.
const VARIANT_BASE = [
  '---',
  'model: openai/fake-echo',
  'config:',
  '  temperature: 0.2',
  'samples: cmpv.samples.jsonl',
  'input:',
  '  schema:',
  '    question: string',
  '---',
  '{{role "system"}}',
  'You are the base variant.',
  '{{role "user"}}',
  '{{question}}',
  '',
].join('\n');
const VARIANT_UPPER = VARIANT_BASE.replace('model: openai/fake-echo', 'model: anthropic/fake-claude').replace('temperature: 0.2', 'temperature: 0.7\n  maxOutputTokens: 321').replace('You are the base variant.', 'You are the Claude variant.');
const VARIANT_SAMPLES = [
  { id: 'refund', input: { question: 'How long is the refund window?' }, assert: [{ type: 'icontains', value: 'refund' }] },
  { id: 'hours', input: { question: 'When does support open?' } },
].map((s) => JSON.stringify(s)).join('\n') + '\n';

describe('Compare Variants', () => {
  let fake: FakeProvider;
  const settings = () => vscode.workspace.getConfiguration('promptscope');
  let upperUri: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
    fake = await startFakeProvider();
    await settings().update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
    await settings().update('anthropic.baseURL', fake.anthropicBaseURL, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', OPENAI_KEY);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'anthropic', ANTHROPIC_KEY);
    await writeFile('cmpv.prompt', VARIANT_BASE);
    upperUri = await writeFile('cmpv.claude.prompt', VARIANT_UPPER);
    await writeFile('cmpv.samples.jsonl', VARIANT_SAMPLES);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'anthropic');
    for (const key of ['openai.baseURL', 'anthropic.baseURL']) await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('streams each variant on its own model over the same samples into the comparison panel; reopened, it flags an edited variant and Rerun Column reads it again', async () => {
    // The variant's lens offers it (the lens passes the file, as the tree passes its node).
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(upperUri));
    await waitFor(async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', upperUri)) ?? []).find((l) => l.command?.title === 'Compare Variants'), 'the Compare Variants lens');
    const result = await vscode.commands.executeCommand<CompareCommandResult | undefined>('promptscope.variants.compareVariants', upperUri);
    assert.ok(result?.run && result.savedAs, 'the comparison finished and was saved');
    const run = result.run;
    assert.deepEqual(run.columns.map((c) => [c.prompt?.label, c.prompt?.path, c.model]), [
      ['cmpv', 'cmpv.prompt', 'openai/fake-echo'],
      ['cmpv.claude', 'cmpv.claude.prompt', 'anthropic/fake-claude'],
    ]);
    assert.deepEqual(run.rows.map((r) => r.sample), ['refund', 'hours']);
    assert.deepEqual(run.cells.map((c) => c.status), ['done', 'done', 'done', 'done']);
    assert.equal(run.promptPath, 'cmpv.prompt');
    // The panel shows the same run, finished.
    const { state } = await snapshot();
    assert.equal(state.run?.id, run.id);
    assert.equal(state.running, false);
    assert.deepEqual(state.run?.columns.map((c) => c.prompt?.label), ['cmpv', 'cmpv.claude']);
    // Each model received its own variant's system text and config.
    const received = (model: string) => fake.requests.filter((r) => r.method === 'POST' && r.model === model).map((r) => JSON.stringify(r.body));
    assert.equal(received('fake-echo').length, 2);
    assert.equal(received('fake-claude').length, 2);
    assert.ok(received('fake-echo').every((b) => b.includes('You are the base variant.') && !b.includes('Claude variant') && b.includes('"temperature":0.2') && !b.includes('321')), received('fake-echo').join('\n'));
    // Anthropic's API takes no temperature here (translated away); the variant's own output limit goes as max_tokens.
    assert.ok(received('fake-claude').every((b) => b.includes('You are the Claude variant.') && b.includes('"max_tokens":321')), received('fake-claude').join('\n'));

    // The run file records each column's prompt.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const saved = JSON.parse(readFileSync(vscode.Uri.joinPath(examplesFolder(), result.savedAs).fsPath, 'utf8')) as RunFile;
    assert.equal(saved.version, 2);
    assert.match(saved.columns[1]?.prompt?.hash ?? '', /^[0-9a-f]{64}$/);
    fake.reset();
    await vscode.commands.executeCommand('promptscope.clearResponseCache');
    // The Claude variant is edited after the run: the reopened panel says so.
    await writeFile('cmpv.claude.prompt', VARIANT_UPPER.replace('You are the Claude variant.', 'You are the edited Claude variant.'));
    // The lens opened the file as a document: wait until it shows the change on disk.
    await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === upperUri.fsPath)?.getText().includes('edited') ?? true, 'the edited variant');
    await vscode.commands.executeCommand('promptscope.openCompareRun', vscode.Uri.joinPath(examplesFolder(), result.savedAs).fsPath);
    // The notice follows once the variant files are read (workspace.fs, asynchronously).
    const notice = await waitFor(async () => (await snapshot()).state.notice, 'the stale-variant notice');
    assert.match(notice, /^cmpv\.claude changed since this run: Rerun Column sends the current text/);
    // A cell rerun sends the text of the run; Rerun Column reads the variant again.
    await action('rerunCell', { cellId: 'c1-r0-k0' });
    await waitFor(() => (received('fake-claude').length === 1 ? true : undefined), 'the cell rerun');
    assert.ok(received('fake-claude')[0]?.includes('You are the Claude variant.'));
    await waitFor(async () => ((await snapshot()).state.running ? undefined : true), 'the cell rerun to finish');
    fake.reset();
    await action('rerunColumn', { column: 1 });
    await waitFor(async () => ((await snapshot()).state.run?.cells.filter((c) => c.column === 1 && c.status === 'done' && !c.cached).length === 2 && received('fake-claude').length === 2 ? true : undefined), 'the Claude column rerun');
    assert.equal(received('fake-echo').length, 0);
    assert.ok(received('fake-claude').every((b) => b.includes('You are the edited Claude variant.')), received('fake-claude').join('\n'));
    // Now the run matches the files: the notice goes, and the saved run records the new hash.
    const after = await waitFor(async () => { const s = (await snapshot()).state; return !s.running && s.notice === null ? s : undefined; }, 'the notice to clear');
    assert.notEqual(after.run?.columns[1]?.prompt?.hash, saved.columns[1]?.prompt?.hash);
  });
});

describe('[untrusted] Compare Models in an untrusted workspace', () => {
  it('sends no request at all and says why', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this pass runs in restricted mode');
    await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
    const fake = await startFakeProvider();
    const settings = vscode.workspace.getConfiguration('promptscope');
    try {
      await settings.update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', OPENAI_KEY);
      const uri = vscode.Uri.joinPath(examplesFolder(), 'support-agent.prompt');
      const result = await compare({ uri, models: ['openai/fake-echo', 'openai/fake-upper'], inputs: 'all' });
      assert.equal(result?.untrusted, true);
      assert.equal(result?.run, undefined);
      // Compare Variants (support-agent has a Claude variant) refuses the same way.
      const variants = await vscode.commands.executeCommand<CompareCommandResult | undefined>('promptscope.variants.compareVariants', uri);
      assert.equal(variants?.untrusted, true);
      assert.equal(variants?.run, undefined);
      // Nothing reaches the server, not even a model list.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(fake.requests.length, 0);
    } finally {
      await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
      await settings.update('openai.baseURL', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    }
  });
});
