import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzePrompt, type PromptWorkspace } from '../../src/core/analysis';
import type { SavedEvalReport } from '../../src/core/eval';
import { PriceCatalog } from '../../src/core/pricing';
import { parsePromptFile } from '../../src/core/prompt';
import { TokenService } from '../../src/core/tokens';
import { readProductionVariant } from '../../src/core/variants';
import type { TreeSnapshotPrompt } from '../../src/vscode/variants';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { BASE, REGRESSIONS, SAMPLES, UPPER } from '../unit/eval/fixtures';
import { examplesFolder, waitFor } from './helpers';

const MIG_BASE = BASE.replace('samples: support.samples.jsonl', 'samples: mig.samples.jsonl').replace('temperature: 0.3', 'temperature: 0.3\n  maxOutputTokens: 20000');
const MIG_UPPER = UPPER.replace('samples: support.samples.jsonl', 'samples: mig.samples.jsonl');

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(examplesFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function readFile(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function snapshot(): Thenable<TreeSnapshotPrompt[]> {
  return vscode.commands.executeCommand<TreeSnapshotPrompt[]>('promptscope.variants.treeSnapshot');
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}

describe('Prompt Variants', () => {
  let fake: FakeProvider;
  const settings = () => vscode.workspace.getConfiguration('promptscope');

  before(async () => {
    await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
    fake = await startFakeProvider();
    await settings().update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', 'sk-openai-variants-test-000000');
    await writeFile('mig.prompt', MIG_BASE);
    await writeFile('mig.upper.prompt', MIG_UPPER);
    await writeFile('mig.samples.jsonl', `${SAMPLES}\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
    await settings().update('openai.baseURL', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('shows each logical prompt with its variants on their own models and token counts', async () => {
    const tree = await waitFor(async () => {
      const s = await snapshot();
      return s.find((p) => p.label === 'support-agent' && p.variants.length === 2) && s.find((p) => p.label === 'mig' && p.variants.length === 2) ? s : undefined;
    }, 'the support-agent and mig logical prompts in the tree');
    const agent = tree.find((p) => p.label === 'support-agent')!;
    assert.deepEqual(agent.variants.map((v) => [v.label, v.model]), [['base', 'openai/gpt-4o'], ['claude', 'anthropic/claude-sonnet-4-5']]);
    // Partials are not logical prompts.
    assert.ok(!tree.some((p) => p.label.startsWith('_') || p.label === 'company-facts'));
    // The counts are the analysis' own for each file on its own model (default input).
    const workspace: PromptWorkspace = { readText: async (path) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path))) };
    const deps = { tokens: new TokenService(), catalog: new PriceCatalog() };
    const expected = new Map<string, { renderedTokens: number; costPerCall?: number }>();
    for (const variant of agent.variants) {
      const text = await workspace.readText(variant.path);
      const analysis = await analyzePrompt({ fileName: variant.path, text: text!, workspace, targets: [variant.model!], defaultTargets: [], deps });
      expected.set(variant.label, analysis.report.models[0]!);
    }
    // A first count on a busy host may be partly estimated (the token service's time budget): the tree counts again until whole.
    const settled = await waitFor(async () => {
      const rows = (await snapshot()).find((p) => p.label === 'support-agent')?.variants ?? [];
      return rows.length === expected.size && rows.every((v) => v.tokens === expected.get(v.label)?.renderedTokens) ? rows : undefined;
    }, 'the tree counts equal to the analysis of each file on its own model');
    for (const variant of settled) {
      const want = expected.get(variant.label)!;
      assert.ok(variant.costPerCall !== null && Math.abs(variant.costPerCall - want.costPerCall!) < 1e-12, `${variant.label} $/call`);
      assert.match(variant.description, new RegExp(`${want.renderedTokens.toLocaleString('en-US')} tok`));
    }
    assert.match(agent.description, /1 variant · production: base/);
    const mig = tree.find((p) => p.label === 'mig')!;
    assert.match(mig.description, /no fallback if openai is down/);
  });

  it('creates a variant for a model with its config translated for that API', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('promptscope.variants.createForModel', vscode.Uri.joinPath(examplesFolder(), 'mig.prompt'), { model: 'openai/gpt-4o-mini', name: 'mini' });
    assert.ok(uri, 'the command returns the new file');
    assert.ok(uri.path.endsWith('/mig.mini.prompt'));
    const text = await readFile(uri);
    const parsed = parsePromptFile(text, { fileName: uri.fsPath });
    const max = new PriceCatalog().lookupModel('openai/gpt-4o-mini')?.maxOutputTokens;
    assert.ok(max !== undefined && max < 20000, 'the catalog knows gpt-4o-mini\'s output limit');
    assert.equal(parsed.model, 'openai/gpt-4o-mini');
    assert.equal(parsed.config.maxOutputTokens, max);
    assert.equal(parsed.config.temperature, 0.3);
    assert.match(text, new RegExp(`# - maxOutputTokens 20000 → ${max} \\(gpt-4o-mini's maximum output\\)`));
    assert.equal(parsed.samples, 'mig.samples.jsonl');
    await waitFor(async () => (await snapshot()).find((p) => p.label === 'mig')?.variants.some((v) => v.label === 'mini'), 'the new variant in the tree');
  });

  it('evaluates a migration, saves the report, and the lens turns stale after an edit', async () => {
    const upper = vscode.Uri.joinPath(examplesFolder(), 'mig.upper.prompt');
    const report = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', upper, { baseline: 'base', candidate: 'upper', useCache: false });
    assert.ok(report, 'the command returns the report');
    assert.deepEqual(report.regressions, REGRESSIONS);
    assert.equal(report.candidate.model, 'openai/fake-upper');
    const evals = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(examplesFolder(), '.promptscope', 'evals'));
    assert.ok(evals.some(([name]) => name.startsWith('mig--base-vs-upper--') && name.endsWith('.json')));
    assert.ok(evals.some(([name]) => name.endsWith('.md')));

    const doc = await vscode.workspace.openTextDocument(upper);
    await vscode.window.showTextDocument(doc);
    const fresh = await waitFor(async () => (await lensTitles(upper)).find((t) => t.startsWith('evaluated ')), 'the eval status lens');
    assert.equal(fresh, `evaluated just now: ${REGRESSIONS.length} regressions`);
    assert.ok((await lensTitles(upper)).some((t) => t.startsWith('vs base: ')), 'the delta lens');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(upper, new vscode.Position(doc.lineCount - 1, 0), 'Answer briefly.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const stale = await waitFor(async () => (await lensTitles(upper)).find((t) => t.startsWith('eval stale')), 'the stale lens after an edit');
    assert.equal(stale, 'eval stale: candidate prompt changed since');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('promotes a variant to production in the base file', async () => {
    const upper = vscode.Uri.joinPath(examplesFolder(), 'mig.upper.prompt');
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.promoteToProduction', upper), true);
    assert.equal(readProductionVariant(await readFile(vscode.Uri.joinPath(examplesFolder(), 'mig.prompt'))), 'upper');
    await waitFor(async () => (await snapshot()).find((p) => p.label === 'mig')?.variants.find((v) => v.label === 'upper')?.production, 'the production marker in the tree');
  });
});
