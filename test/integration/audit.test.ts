import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AuditReport } from '../../src/core/audit';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { discoverPromptFiles } from '../../src/cli/files';
import { isPartialFileName } from '../../src/core/analysis';
import { waitFor } from './helpers';

function auditTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Prompt Audit');
}

async function closeAuditTabs(): Promise<void> {
  const tabs = auditTabs();
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

const names = (report: AuditReport): string[] => report.prompts.map((p) => p.relativePath.slice(p.relativePath.lastIndexOf('/') + 1));

describe('Prompt Audit', () => {
  /** The demo workspace's own textPromptGlobs (examples/.vscode/settings.json), restored after each test. */
  let declaredGlobs: string[] | undefined;
  const setGlobs = (globs: string[] | undefined) => vscode.workspace.getConfiguration('promptscope').update('textPromptGlobs', globs, vscode.ConfigurationTarget.Workspace);

  before(async () => {
    const ext = vscode.extensions.getExtension('promptscope.promptscope');
    assert.ok(ext, 'Promptscope is installed');
    await ext.activate();
    declaredGlobs = vscode.workspace.getConfiguration('promptscope').inspect<string[]>('textPromptGlobs')?.workspaceValue;
  });

  afterEach(async () => {
    await setGlobs(declaredGlobs);
    await closeAuditTabs();
  });

  it('audits the example prompts and opens the report panel', async () => {
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.audit');
    assert.ok(report, 'the command returns the report');
    assert.equal(report.version, 1);
    for (const name of ['support-agent.prompt', 'support-agent.claude.prompt', 'summarizer.prompt', 'legacy-triage.prompty']) {
      assert.ok(names(report).includes(name), `${name} is audited; got ${names(report).join(', ')}`);
    }
    // Plain markdown joins through promptscope.textPromptGlobs (the demo declares release-notes-writer.md);
    // the partial is not a prompt of its own.
    assert.deepEqual(declaredGlobs, ['release-notes-writer.md'], 'examples/.vscode/settings.json declares the markdown prompt');
    assert.ok(names(report).includes('release-notes-writer.md'));
    assert.ok(!names(report).includes('_company-facts.prompt'));
    // CLI = editor: `promptscope audit` on the same folder finds the same prompts (the same settings file).
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const cli = discoverPromptFiles(['.'], folder.uri.fsPath).files
      .map((f) => relative(folder.uri.fsPath, f.path).split(sep).join('/'))
      .filter((path) => !isPartialFileName(path.slice(path.lastIndexOf('/') + 1)));
    assert.deepEqual(report.prompts.map((p) => p.relativePath).sort(), cli.sort());
    assert.equal(report.prompts.length, 6);
    // …and the same numbers: the built CLI's `audit . --json` in the same folder (tokens per prompt, monthly total).
    const cliJs = join(__dirname, '..', '..', 'dist', 'cli.js');
    assert.ok(existsSync(cliJs), `the CLI is built with the extension (${cliJs})`);
    const run = spawnSync('node', [cliJs, 'audit', '.', '--json'], { cwd: folder.uri.fsPath, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const cliReport = JSON.parse(run.stdout) as AuditReport;
    const rows = (r: AuditReport) => r.prompts.map((p) => `${p.relativePath.replace(/^\.\//, '')} ${p.targets[0]?.tokens}`).sort();
    assert.deepEqual(rows(report), rows(cliReport));
    assert.ok(Math.abs(report.totals.monthlyCost - cliReport.totals.monthlyCost) < 1e-6, `editor $${report.totals.monthlyCost} vs CLI $${cliReport.totals.monthlyCost} per month`);
    assert.ok(report.partials.some((p) => p.relativePath.endsWith('_company-facts.prompt')));
    assert.equal(report.settings.callsPerMonth, 100_000);
    const agent = report.prompts.find((p) => p.relativePath.endsWith('/support-agent.prompt') || p.relativePath === 'support-agent.prompt');
    assert.ok(agent && agent.safeSavings.tokens > 0, 'the wordy support agent has safe savings');
    assert.ok(report.totals.monthlyCost > 0);
    assert.ok(report.duplicatedPassages.some((d) => d.excerpt.startsWith('Lumen Home sells smart bulbs')));

    const tab = await waitFor(() => auditTabs()[0], 'the Prompt Audit panel');
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the report is a webview');
    assert.match((tab.input as vscode.TabInputWebview).viewType, /promptscope\.auditReport$/);
  });

  it('without declared globs the workspace keeps markdown out, while "Audit Folder" on a folder treats it as a prompts folder (as the CLI)', async () => {
    await setGlobs(undefined);
    const workspace = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.audit');
    assert.ok(workspace && !names(workspace).includes('release-notes-writer.md'), `workspace audit: ${workspace ? names(workspace).join(', ') : 'none'}`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const named = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.auditFolder', folder.uri);
    assert.ok(named && names(named).includes('release-notes-writer.md'), `folder audit: ${named ? names(named).join(', ') : 'none'}`);
    // Only that folder: the genkit subfolder audited alone has its one prompt.
    const genkit = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.auditFolder', vscode.Uri.joinPath(folder.uri, 'genkit'));
    assert.deepEqual(genkit?.prompts.map((p) => p.relativePath), ['genkit/prompts/trip-planner.prompt']);
  });

  it('takes the monthly volume as an argument and opted-in markdown prompts from textPromptGlobs', async () => {
    await setGlobs(['**/*.md']);
    const report = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.audit', { callsPerMonth: 5_000 });
    assert.ok(report);
    assert.equal(report.settings.callsPerMonth, 5_000);
    assert.ok(names(report).includes('release-notes-writer.md'), `the opted-in .md is audited; got ${names(report).join(', ')}`);
    const md = report.prompts.find((p) => p.relativePath.endsWith('release-notes-writer.md'));
    assert.equal(md?.kind, 'text');
    assert.equal(md?.noOutputLimit, true);
    for (const p of report.prompts) {
      const t = p.targets[0];
      if (t?.costPerCall != null) assert.ok(Math.abs((t.monthlyCost ?? 0) - t.costPerCall * 5_000) < 1e-9);
    }
    // A second run reuses the one panel.
    await waitFor(() => auditTabs().length === 1, 'one Prompt Audit panel');
  });

  it('reads unsaved editor changes', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'summarizer.prompt'));
    await vscode.window.showTextDocument(doc);
    const before = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.audit');
    const tokensOf = (r: AuditReport | undefined) => r?.prompts.find((p) => p.relativePath.endsWith('summarizer.prompt'))?.targets[0]?.tokens ?? 0;
    // A WorkspaceEdit, not editor.edit: the report panel may have taken the editor's place.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(doc.lineCount, 0), '\nAlways answer in English. Keep every number exactly as written in the text.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    try {
      const after = await vscode.commands.executeCommand<AuditReport | undefined>('promptscope.audit');
      assert.ok(tokensOf(after) > tokensOf(before), `unsaved text is counted (${tokensOf(before)} → ${tokensOf(after)})`);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
