import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import * as vscode from 'vscode';
import { examplesFolder, waitFor } from './helpers';

interface AnalysisData { input: string; models: { modelId: string; tokens: number }[] }

/** A tiny in-memory file system: what a virtual workspace (GitHub repositories, remote indexes) looks like to an extension. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  /** Files whose reads never answer (a remote file system gone away). */
  readonly hanging = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.data.byteLength };
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    if (uri.path === '/' || [...this.files.keys()].some((p) => p.startsWith(prefix))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.endsWith('/') ? uri.path : `${uri.path}/`;
    const names = new Map<string, vscode.FileType>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(prefix)) continue;
      const [first, ...rest] = path.slice(prefix.length).split('/');
      if (first) names.set(first, rest.length ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...names];
  }

  createDirectory(): void {}

  readFile(uri: vscode.Uri): Uint8Array | Thenable<Uint8Array> {
    if (this.hanging.has(uri.path)) return new Promise<Uint8Array>(() => undefined);
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    const created = !this.files.has(uri.path);
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.emitter.fire([{ type: created ? vscode.FileChangeType.Created : vscode.FileChangeType.Changed, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
    this.emitter.fire([{ type: vscode.FileChangeType.Deleted, uri }]);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri): void {
    const file = this.files.get(oldUri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(oldUri);
    this.files.delete(oldUri.path);
    this.files.set(newUri.path, file);
  }
}

const SCHEME = 'pstest-mem';
const FACTS = 'Our store opens at nine, closes at six, ships worldwide within five working days, and accepts returns for thirty days with the receipt. Gift cards never expire.';

async function tokensOf(uri: vscode.Uri): Promise<number> {
  const analysis = await waitFor(() => vscode.commands.executeCommand<AnalysisData | undefined>('promptscope.getAnalysis', uri), `the analysis of ${uri.toString()}`);
  const gpt = analysis.models.find((m) => m.modelId === 'openai/gpt-4o');
  assert.ok(gpt, `a gpt-4o count; got ${JSON.stringify(analysis)}`);
  return gpt.tokens;
}

/**
 * The rendered count of a document. A cold first render on a busy machine can overrun the editor's
 * 10 ms render budget (the template text is then counted, lens "render stopped"): a small edit
 * counts again, as typing would.
 */
async function renderedTokens(doc: vscode.TextDocument): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const tokens = await tokensOf(doc.uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
    if (!lenses.some((l) => l.command?.title.includes('render stopped'))) return tokens;
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(doc.lineAt(doc.lineCount - 1).range.end, ' '));
  }
  assert.fail(`${doc.uri.path} never rendered within the editor's render budget`);
}

const codesOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).map((d) => `${String(d.code)}: ${d.message}`);

describe('side files (partials, samples) through workspace.fs', () => {
  const disposables: vscode.Disposable[] = [];
  const localFiles: vscode.Uri[] = [];

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const d of disposables) d.dispose();
    for (const uri of localFiles) rmSync(uri.fsPath, { force: true });
  });

  it('Choose Input lists the samples of a prompt in a virtual file system, and counts with the one picked', async () => {
    const scheme = `${SCHEME}-input`;
    disposables.push(vscode.workspace.registerFileSystemProvider(scheme, new MemoryFileSystem(), { isCaseSensitive: true }));
    const at = (path: string) => vscode.Uri.from({ scheme, path });
    const write = (path: string, text: string) => vscode.workspace.fs.writeFile(at(path), new TextEncoder().encode(text));
    await write('/desk/cases.jsonl', '{"id": "refund", "input": {"question": "Can I get my money back for the order I placed last Tuesday, please?"}}\n');
    await write('/desk/ask.prompt', '---\nmodel: openai/gpt-4o\nsamples: cases.jsonl\ninput:\n  schema:\n    question: string\n  default:\n    question: Hi\n---\n{{role "user"}}\n{{question}}\n');
    const doc = await vscode.workspace.openTextDocument(at('/desk/ask.prompt'));
    await vscode.window.showTextDocument(doc);
    assert.equal((await waitFor(() => vscode.commands.executeCommand<AnalysisData | undefined>('promptscope.getAnalysis', doc.uri), 'the first count')).input, 'default input');
    // The pick: "Default input", then the samples separator and "Sample 1 · refund" (one step down).
    const chosen = vscode.commands.executeCommand('promptscope.chooseInput', doc.uri);
    await new Promise((r) => setTimeout(r, 800));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await chosen;
    const analysis = await waitFor(async () => {
      const a = await vscode.commands.executeCommand<AnalysisData | undefined>('promptscope.getAnalysis', doc.uri);
      return a?.input.startsWith('sample') ? a : undefined;
    }, 'the count with the sample picked');
    assert.equal(analysis.input, 'sample 1 (id: refund)');
  });

  it('a prompt in a virtual (non-file) file system gets its partial: no "missing partial", the count includes it', async () => {
    const memfs = new MemoryFileSystem();
    disposables.push(vscode.workspace.registerFileSystemProvider(SCHEME, memfs, { isCaseSensitive: true }));
    const at = (path: string) => vscode.Uri.from({ scheme: SCHEME, path });
    const write = (path: string, text: string) => vscode.workspace.fs.writeFile(at(path), new TextEncoder().encode(text));
    await write('/shop/_store-facts.prompt', `${FACTS} Ask {{company}} for anything else.\n`);
    await write('/shop/cases.jsonl', '{"id": "hours", "input": {"company": "ACME", "question": "When do you open?"}}\n');
    const head = '---\nmodel: openai/gpt-4o\nsamples: cases.jsonl\ninput:\n  schema:\n    company: string\n    question: string\n  default:\n    company: ACME\n    question: When do you open?\n---\n{{role "system"}}\nYou answer questions about the shop.\n';
    // `company` is read only by the partial; `{{> nowhere}}` is really missing (proof that the checks ran).
    await write('/shop/support.prompt', `${head}{{> store-facts}}\n{{> nowhere}}\n{{role "user"}}\n{{question}}\n`);
    await write('/shop/without.prompt', `${head}{{> nowhere}}\n{{role "user"}}\n{{question}}\n`);

    const doc = await vscode.workspace.openTextDocument(at('/shop/support.prompt'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'dotprompt');
    const missing = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'missing-partial'), 'the missing-partial error of {{> nowhere}}');
    assert.match(missing.message, /`nowhere`/);
    const codes = codesOf(doc.uri);
    assert.ok(!codes.some((c) => c.startsWith('missing-partial') && c.includes('store-facts')), `store-facts is found in the virtual folder; got ${codes.join(' | ')}`);
    assert.ok(!codes.some((c) => c.startsWith('unused-input')), `company is used by the partial, which was read; got ${codes.join(' | ')}`);
    assert.ok(!codes.some((c) => c.startsWith('samples-')), `the samples file is read there too; got ${codes.join(' | ')}`);

    // Completion lists the partials and samples files of the virtual folder.
    const partialLine = doc.getText().split('\n').findIndex((l) => l.startsWith('{{> store-facts'));
    const partials = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(partialLine, 4));
    assert.ok(partials.items.some((i) => i.label === 'store-facts'), `partial names; got ${partials.items.map((i) => String(i.label)).slice(0, 20).join(', ')}`);
    const samplesLine = doc.getText().split('\n').findIndex((l) => l.startsWith('samples:'));
    const samples = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(samplesLine, 'samples: '.length));
    assert.ok(samples.items.some((i) => i.label === 'cases.jsonl'), `samples files; got ${samples.items.map((i) => String(i.label)).slice(0, 20).join(', ')}`);

    const withPartial = await renderedTokens(doc);
    const without = await vscode.workspace.openTextDocument(at('/shop/without.prompt'));
    const withoutPartial = await renderedTokens(without);
    await vscode.window.showTextDocument(doc);
    // The partial's text (~40 tokens) is in the rendered prompt and its count.
    const preview = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'promptscope-preview', path: `${doc.uri.path}.rendered.md`, query: doc.uri.toString() }));
    assert.ok(preview.getText().includes('Gift cards never expire. Ask ACME for anything else.'), `the rendered prompt includes the partial:\n${preview.getText()}`);
    assert.ok(withPartial - withoutPartial >= 30, `rendered count with the partial ${withPartial}, without ${withoutPartial}:\n${preview.getText()}`);

    // A partial created later is picked up. No watcher sees this file system (it is no workspace
    // folder), so the next check after the cache's revalidation delay finds it: type in the prompt.
    await write('/shop/_nowhere.prompt', 'Be kind.\n');
    await new Promise((r) => setTimeout(r, 2_200));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((b) => b.insert(doc.lineAt(doc.lineCount - 1).range.end, ' '));
    await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'missing-partial'), 'the missing-partial error goes once the partial exists');
  });

  it('a partial whose file system never answers holds the checks back at most a few seconds', async () => {
    const memfs = new MemoryFileSystem();
    disposables.push(vscode.workspace.registerFileSystemProvider(`${SCHEME}-hang`, memfs, { isCaseSensitive: true }));
    const at = (path: string) => vscode.Uri.from({ scheme: `${SCHEME}-hang`, path });
    await vscode.workspace.fs.writeFile(at('/p/_stuck.prompt'), new TextEncoder().encode('Never arrives.\n'));
    memfs.hanging.add('/p/_stuck.prompt');
    await vscode.workspace.fs.writeFile(at('/p/main.prompt'), new TextEncoder().encode('---\nmodel: openai/gpt-4o\n---\n{{role "user"}}\nHello {{> stuck}} {{> nowhere}}\n'));
    const doc = await vscode.workspace.openTextDocument(at('/p/main.prompt'));
    await vscode.window.showTextDocument(doc);
    const started = Date.now();
    // The checks publish once the stuck read gives up (5 s): `nowhere` is missing, `stuck` exists but could not be read.
    const missing = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'missing-partial');
      return found.length ? found : undefined;
    }, 'the checks after the stuck read gave up', 20_000);
    assert.deepEqual(missing.map((d) => doc.getText(d.range)), ['nowhere']);
    assert.ok(Date.now() - started < 15_000);
    assert.ok((await tokensOf(doc.uri)) > 0, 'the count does not wait for ever either');
  });

  it('hostile side files in a local workspace are refused from their stat, never read: a FIFO partial, /dev/zero and a symlink out of the workspace as samples', async () => {
    const folder = examplesFolder();
    const file = (name: string) => { const uri = vscode.Uri.joinPath(folder, name); localFiles.push(uri); return uri; };
    const fifo = file('_side-fifo.prompt');
    rmSync(fifo.fsPath, { force: true });
    execFileSync('mkfifo', [fifo.fsPath]);
    const link = file('side-outside.jsonl');
    rmSync(link.fsPath, { force: true });
    symlinkSync('/etc/passwd', link.fsPath);
    const head = (samples: string) => `---\nmodel: openai/gpt-4o\nsamples: ${samples}\n---\n{{role "user"}}\nHello {{> side-fifo}}\n`;
    const devZero = file('side-devzero.prompt');
    await vscode.workspace.fs.writeFile(devZero, new TextEncoder().encode(head('/dev/zero')));
    const linked = file('side-link.prompt');
    await vscode.workspace.fs.writeFile(linked, new TextEncoder().encode(head('side-outside.jsonl')));

    for (const uri of [devZero, linked]) {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const warning = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'samples-missing'), `the samples warning of ${uri.path}`);
      assert.match(warning.message, /is outside the workspace; only files there are read; it was not read/);
      // The FIFO exists: no "missing partial", and nothing waited on it (the checks finished).
      const codes = codesOf(uri);
      assert.ok(!codes.some((c) => c.startsWith('missing-partial')), `got ${codes.join(' | ')}`);
    }
    // The count does not wait on the FIFO either.
    assert.ok((await tokensOf(devZero)) > 0);
  });
});
