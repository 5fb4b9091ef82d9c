import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parsePromptFile } from '../../src/core/prompt';
import { readProductionVariant } from '../../src/core/variants';
import type { SavedEvalReport } from '../../src/core/eval';
import type { TreeSnapshotPrompt } from '../../src/vscode/variants';
import type { VariantDialog } from '../../src/vscode/variants/dialogs';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { BASE, REGRESSIONS, SAMPLES, UPPER } from '../unit/eval/fixtures';
import { waitFor } from './helpers';

// Runs only in the multi-root pass (scripts/test-vscode.mjs): a .code-workspace with two folders,
// team-a (triage.prompt + triage.claude.prompt) and team-b (triage.prompt + triage.gemini.prompt),
// copies of test/fixtures/multi-root/. The same logical name in both folders is the point.

function folder(name: string): vscode.Uri {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  assert.ok(found, `the workspace folder ${name} is open`);
  return found.uri;
}

const fileIn = (team: string, file: string): vscode.Uri => vscode.Uri.joinPath(folder(team), file);

async function readFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

function snapshot(): Thenable<TreeSnapshotPrompt[]> {
  return vscode.commands.executeCommand<TreeSnapshotPrompt[]>('promptscope.variants.treeSnapshot');
}

/** The logical prompt `name` whose files are in the workspace folder `team`. */
async function promptIn(team: string, name: string): Promise<TreeSnapshotPrompt | undefined> {
  const root = folder(team).fsPath;
  return (await snapshot()).find((p) => p.label === name && p.variants.length > 0 && p.variants.every((v) => v.path.startsWith(`${root}/`)));
}

const triageIn = (team: string): Promise<TreeSnapshotPrompt | undefined> => promptIn(team, 'triage');

async function writeFile(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** The titles of the lenses on `uri` (opened in an editor first: lenses are computed for open documents). */
async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.window.showTextDocument(uri, { preview: false });
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.map((l) => l.command?.title ?? '');
}

describe('[multi-root] Prompt Variants in a two-folder workspace', () => {
  before(async () => {
    await vscode.extensions.getExtension('promptscope.promptscope')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('[multi-root] lists each folder\'s logical prompt of the same name separately, with its own variants, models and folder', async () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['team-a', 'team-b'], 'the .code-workspace opened both folders');
    const tree = await waitFor(async () => {
      const s = await snapshot();
      return s.filter((p) => p.label === 'triage').length === 2 && s.every((p) => p.variants.length === 2) ? s : undefined;
    }, 'two triage logical prompts, each with its base and one variant');
    assert.equal(tree.length, 2, 'nothing but the two triage prompts');
    const [a, b] = [await triageIn('team-a'), await triageIn('team-b')];
    assert.ok(a && b, 'one triage per folder');
    assert.notEqual(a.key, b.key, 'distinct keys (the tree item ids are built from them)');
    assert.deepEqual(a.variants.map((v) => [v.label, v.model, v.path]), [
      ['base', 'openai/gpt-4o', fileIn('team-a', 'triage.prompt').fsPath],
      ['claude', 'anthropic/claude-sonnet-4-5', fileIn('team-a', 'triage.claude.prompt').fsPath],
    ]);
    assert.deepEqual(b.variants.map((v) => [v.label, v.model, v.path]), [
      ['base', 'openai/gpt-4o-mini', fileIn('team-b', 'triage.prompt').fsPath],
      ['gemini', 'googleai/gemini-2.5-flash', fileIn('team-b', 'triage.gemini.prompt').fsPath],
    ]);
    // Two rows both labelled "triage": the description names the folder, so the user can tell them apart.
    assert.match(a.description, /^team-a · 1 variant · production: base/);
    assert.match(b.description, /^team-b · 1 variant · production: base/);
    // Each file counted on its own model: the two bases differ in text and model, so do their counts.
    const counted = await waitFor(async () => {
      const rows = [...((await triageIn('team-a'))?.variants ?? []), ...((await triageIn('team-b'))?.variants ?? [])];
      return rows.length === 4 && rows.every((v) => typeof v.tokens === 'number' && v.tokens > 0) ? rows : undefined;
    }, 'token counts on every row');
    assert.notEqual(counted[0]!.tokens, counted[2]!.tokens, 'team-a and team-b bases are counted from their own files');
  });

  it('[multi-root] a variant created in team-b lands in team-b, even under a name team-a already uses', async () => {
    const aFilesBefore = (await vscode.workspace.fs.readDirectory(folder('team-a'))).map(([n]) => n).sort();
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('promptscope.variants.createForModel', fileIn('team-b', 'triage.prompt'), { model: 'anthropic/claude-haiku-4-5', name: 'claude' });
    assert.ok(uri, 'the command returns the new file (team-a\'s triage.claude.prompt is no clash for team-b)');
    assert.equal(uri.fsPath, fileIn('team-b', 'triage.claude.prompt').fsPath);
    const text = (await readFile(uri))!;
    assert.equal(parsePromptFile(text, { fileName: uri.fsPath }).model, 'anthropic/claude-haiku-4-5');
    assert.match(text, /team B \(accounts and subscriptions\)/, 'made from team-b\'s base, not team-a\'s');
    assert.deepEqual((await vscode.workspace.fs.readDirectory(folder('team-a'))).map(([n]) => n).sort(), aFilesBefore, 'team-a unchanged');
    const b = await waitFor(async () => {
      const t = await triageIn('team-b');
      return t?.variants.some((v) => v.label === 'claude') ? t : undefined;
    }, 'the new variant under team-b\'s triage');
    assert.deepEqual(b.variants.map((v) => [v.label, v.model]), [['base', 'openai/gpt-4o-mini'], ['claude', 'anthropic/claude-haiku-4-5'], ['gemini', 'googleai/gemini-2.5-flash']]);
    const a = await triageIn('team-a');
    assert.deepEqual(a?.variants.map((v) => [v.label, v.model]), [['base', 'openai/gpt-4o'], ['claude', 'anthropic/claude-sonnet-4-5']]);
  });

  it('[multi-root] promoting a variant in team-b records it in team-b\'s base only', async () => {
    const aBase = await readFile(fileIn('team-a', 'triage.prompt'));
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.promoteToProduction', fileIn('team-b', 'triage.gemini.prompt')), true);
    assert.equal(readProductionVariant((await readFile(fileIn('team-b', 'triage.prompt')))!), 'gemini');
    assert.equal(await readFile(fileIn('team-a', 'triage.prompt')), aBase, 'team-a\'s base is byte for byte as before');
    const b = await waitFor(async () => {
      const t = await triageIn('team-b');
      return t?.variants.find((v) => v.label === 'gemini')?.production ? t : undefined;
    }, 'the production marker on team-b\'s gemini');
    assert.match(b.description, /production: gemini/);
    const a = await triageIn('team-a');
    assert.ok(a, 'team-a\'s triage still listed');
    assert.deepEqual(a.variants.map((v) => [v.label, v.production]), [['base', true], ['claude', false]]);
    assert.match(a.description, /production: base/);

    // And the other way: promoting team-a's claude leaves team-b's marker on gemini.
    assert.equal(await vscode.commands.executeCommand('promptscope.variants.promoteToProduction', fileIn('team-a', 'triage.claude.prompt')), true);
    assert.equal(readProductionVariant((await readFile(fileIn('team-a', 'triage.prompt')))!), 'claude');
    assert.equal(readProductionVariant((await readFile(fileIn('team-b', 'triage.prompt')))!), 'gemini');
    await waitFor(async () => (await triageIn('team-a'))?.variants.find((v) => v.label === 'claude')?.production, 'the production marker on team-a\'s claude');
    assert.ok((await triageIn('team-b'))?.variants.find((v) => v.label === 'gemini')?.production, 'team-b still on gemini');
  });

  describe('[multi-root] with the fake provider', () => {
    let fake: FakeProvider;
    const settings = () => vscode.workspace.getConfiguration('promptscope');
    const MIG_BASE = BASE.replace('samples: support.samples.jsonl', 'samples: mig.samples.jsonl');
    const MIG_UPPER = UPPER.replace('samples: support.samples.jsonl', 'samples: mig.samples.jsonl');

    before(async () => {
      fake = await startFakeProvider();
      await settings().update('openai.baseURL', fake.openaiBaseURL, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('promptscope.setApiKey', 'openai', 'sk-openai-multiroot-test-000000');
      // The same logical prompt `mig` (base + upper) in both folders: evaluations name files relative
      // to their folder, so both folders' reports would say "mig.prompt".
      for (const team of ['team-a', 'team-b']) {
        await writeFile(fileIn(team, 'mig.prompt'), MIG_BASE);
        await writeFile(fileIn(team, 'mig.upper.prompt'), MIG_UPPER);
        await writeFile(fileIn(team, 'mig.samples.jsonl'), `${SAMPLES}\n`);
      }
    });

    after(async () => {
      await vscode.commands.executeCommand('promptscope.clearApiKey', 'openai');
      await settings().update('openai.baseURL', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    });

    it('[multi-root] an evaluation run in team-b is saved in team-b and shown on team-b\'s variant only', async () => {
      const report = await vscode.commands.executeCommand<SavedEvalReport | undefined>('promptscope.variants.evaluateMigration', fileIn('team-b', 'mig.upper.prompt'), { baseline: 'base', candidate: 'upper', useCache: false });
      assert.ok(report, 'the command returns the report');
      assert.deepEqual(report.regressions, REGRESSIONS);
      const saved = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(folder('team-b'), '.promptscope', 'evals'));
      assert.ok(saved.some(([name]) => name.startsWith('mig--base-vs-upper--') && name.endsWith('.json')), 'the report is in team-b');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(folder('team-a'), '.promptscope'))), 'nothing written in team-a');

      await waitFor(async () => (await promptIn('team-b', 'mig'))?.variants.find((v) => v.label === 'upper')?.description.includes('evaluated'), 'the evaluation on team-b\'s upper in the tree');
      const a = await promptIn('team-a', 'mig');
      assert.ok(a, 'team-a\'s mig listed');
      assert.ok(!a.variants.find((v) => v.label === 'upper')!.description.includes('evaluated'), `team-a's upper shows no evaluation: ${a.variants.find((v) => v.label === 'upper')!.description}`);
      assert.match(a.description, /^team-a · /);

      const bLens = await waitFor(async () => (await lensTitles(fileIn('team-b', 'mig.upper.prompt'))).find((t) => t.startsWith('evaluated ')), 'the eval status lens in team-b');
      assert.equal(bLens, `evaluated just now: ${REGRESSIONS.length} regressions`);
      const aLenses = await waitFor(async () => {
        const titles = await lensTitles(fileIn('team-a', 'mig.upper.prompt'));
        return titles.length ? titles : undefined;
      }, 'the lenses on team-a\'s upper');
      assert.ok(aLenses.includes('not evaluated: Evaluate Migration…'), `team-a's lens: ${aLenses.join(' | ')}`);
    });

    it('[multi-root] a rename counts the saved evaluations of its own folder only', async () => {
      // Both folders' upper is "mig.upper.prompt" relative to its folder; only team-b's was evaluated.
      const rename = async (team: string): Promise<string[]> => {
        const shown: string[] = [];
        const answer = (dialog: VariantDialog): undefined => {
          if (dialog.kind !== 'input') shown.push(`${dialog.kind}: ${dialog.message}`);
          return undefined;
        };
        assert.equal(await vscode.commands.executeCommand('promptscope.variants.rename', fileIn(team, 'mig.upper.prompt'), { name: 'shout', answer }), true);
        assert.ok(await readFile(fileIn(team, 'mig.shout.prompt')), `${team}'s file renamed`);
        return shown;
      };
      assert.deepEqual(await rename('team-a'), ['info: Renamed mig.upper.prompt to mig.shout.prompt.']);
      assert.ok(await readFile(fileIn('team-b', 'mig.upper.prompt')), 'team-b\'s upper untouched');
      assert.deepEqual(await rename('team-b'), ['info: Renamed mig.upper.prompt to mig.shout.prompt. 1 saved evaluation names it as "upper" and stays as history: re-evaluate for a status under the new name.']);
    });
  });
});
