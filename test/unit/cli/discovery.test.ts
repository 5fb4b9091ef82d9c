import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/command';
import { discoverAuditFiles } from '../../../src/cli/commands/audit';
import { discoverPromptFiles, projectOf } from '../../../src/cli/files';
import { withProjectSettings } from '../../../src/cli/projectOptions';
import { runCli } from '../../../src/cli/main';
import { tempTree } from '../../support/tempTree';
import { EXAMPLE_PROMPTS } from '../../support/examplePrompts';

const ROOT = resolve(__dirname, '../../..');
const PROMPT = '---\nmodel: openai/gpt-4o\n---\nYou summarise release notes in three bullet points.\n';
const TEXT = 'You are a careful assistant. Answer in one short paragraph.\n';

const project = tempTree('promptscope-discovery-');

async function cli(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = { stdout: '', stderr: '', cwd, env: {}, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } } satisfies CliIO & { stdout: string; stderr: string };
  const code = await runCli([command, ...args], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const found = (paths: string[], cwd: string): string[] => discoverPromptFiles(paths, cwd).files.map((f) => relative(cwd, f.path)).sort();

describe('discovery: the project\'s .vscode/settings.json decides, as in the editor', () => {
  it('no textPromptGlobs declared: a folder named is a prompts folder (.md/.txt count)', () => {
    const dir = project('plain', { 'a.prompt': PROMPT, 'README.md': TEXT, 'notes/b.txt': TEXT });
    expect(found(['.'], dir)).toEqual(['README.md', 'a.prompt', 'notes/b.txt']);
  });

  it('declared globs: exactly the plain files they name (relative to the project folder), also when a subfolder is named', () => {
    const dir = project('declared', {
      '.vscode/settings.json': '{\n  // prompts only\n  "promptscope.textPromptGlobs": ["prompts/*.md"],\n}\n',
      'README.md': TEXT,
      'prompts/a.prompt': PROMPT,
      'prompts/writer.md': TEXT,
      'prompts/deep/other.md': TEXT,
    });
    expect(found(['.'], dir)).toEqual(['prompts/a.prompt', 'prompts/writer.md']);
    // `prompts` named from the project folder: the globs stay relative to the project, as in the editor.
    expect(found(['prompts'], dir)).toEqual(['prompts/a.prompt', 'prompts/writer.md']);
    expect(projectOf(join(dir, 'prompts'), dir, [])?.root).toBe(dir);
  });

  it('helpers and partial folders of the settings join the command line\'s', () => {
    const dir = project('genkit', { '.vscode/settings.json': '{ "promptscope.helpers": ["shout"], "promptscope.partialDirs": ["shared"] }', 'a.prompt': PROMPT });
    const { projects } = discoverPromptFiles(['.'], dir);
    expect(withProjectSettings({ helpers: ['upper'], partialDirs: [] }, projects)).toEqual({ helpers: ['upper', 'shout'], partialDirs: [join(dir, 'shared')] });
  });

  it('a broken settings file is a warning (the folder is then a plain prompts folder), never a crash', async () => {
    const dir = project('broken', { '.vscode/settings.json': '{ "promptscope.textPromptGlobs": [', 'a.md': TEXT });
    const r = await cli('check', ['.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^promptscope check: warning: \.vscode\/settings\.json: not valid JSON with comments .*; its settings are ignored$/m);
    expect(r.stderr).toMatch(/1 file checked/);
  });

  it('a folder whose .md files the settings leave out: exit 2 "no prompt files under X", for check, count and audit', async () => {
    const dir = project('excluded', { '.vscode/settings.json': '{ "promptscope.textPromptGlobs": ["prompts/*.md"] }', 'docs/a.md': TEXT });
    for (const command of ['check', 'count', 'audit']) {
      const r = await cli(command, ['docs'], dir);
      expect(r.code, `${command}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/no prompt files \(\.prompt, \.prompty and promptscope\.textPromptGlobs \[prompts\/\*\.md\] of .*settings\.json\) under docs/);
    }
  });

  it('a folder of .md prompts without settings is checked, never "0 files checked"', async () => {
    const dir = project('mdonly', { 'a.md': TEXT, 'b.txt': TEXT });
    const r = await cli('check', ['.'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/2 files checked/);
  });

  it('`audit examples` audits the prompts the demo workspace declares: release-notes-writer.md through examples/.vscode/settings.json', async () => {
    const { files, warnings, projects } = discoverAuditFiles(['examples'], ROOT);
    expect(warnings).toEqual([]);
    expect(projects.map((p) => relative(ROOT, p.root))).toEqual(['examples']);
    expect(projects[0]?.settings.textPromptGlobs).toEqual(['release-notes-writer.md']);
    const r = await cli('audit', ['examples', '--json'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { prompts: { relativePath: string }[] };
    expect(report.prompts.map((p) => p.relativePath).sort()).toEqual([...EXAMPLE_PROMPTS]);
    expect(files.some((f) => f.relativePath.endsWith('_company-facts.prompt'))).toBe(true);
  });
});
