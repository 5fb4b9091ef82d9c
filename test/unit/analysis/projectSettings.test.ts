import { describe, expect, it } from 'vitest';
import { parseProjectSettings, promptFileMatcher, promptFilterFor, stripJsonc } from '../../../src/core/analysis';

describe('parseProjectSettings: a project\'s .vscode/settings.json (JSONC)', () => {
  it('reads the Promptscope settings with comments and trailing commas, strings untouched', () => {
    const text = `{
      // line comment with "quotes" and a trailing comma,
      "editor.tabSize": 2, /* block
         comment */
      "promptscope.textPromptGlobs": ["prompts/**/*.md", "notes//*.txt",],
      "promptscope.helpers": ["shout", " "],
      "promptscope.partialDirs": ["shared/partials"],
      "other": "a // not a comment, /* nor this */ \\" ,]",
    }`;
    const { settings, problems } = parseProjectSettings(text);
    expect(settings).toEqual({ textPromptGlobs: ['prompts/**/*.md', 'notes//*.txt'], helpers: ['shout'], partialDirs: ['shared/partials'] });
    expect(problems).toEqual(['"promptscope.helpers": entries that are not strings were ignored']);
    expect(JSON.parse(stripJsonc(text))).toMatchObject({ other: 'a // not a comment, /* nor this */ " ,]' });
  });

  it('a project without the settings declares nothing (undefined, not an empty list)', () => {
    expect(parseProjectSettings('{ "files.eol": "\\n" }')).toEqual({ settings: {}, problems: [] });
    expect(parseProjectSettings('')).toEqual({ settings: {}, problems: [] });
    // An empty list is a declaration: no plain-text prompts at all.
    expect(parseProjectSettings('{ "promptscope.textPromptGlobs": [] }').settings).toEqual({ textPromptGlobs: [] });
  });

  it('a broken file is a clear problem, never a crash, and declares nothing', () => {
    for (const text of ['{ "promptscope.textPromptGlobs": [', 'not json', '[1, 2]', '{ /* unterminated']) {
      const { settings, problems } = parseProjectSettings(text);
      expect(settings).toEqual({});
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/its settings are ignored$/);
    }
    expect(parseProjectSettings('{ "promptscope.textPromptGlobs": "*.md" }')).toEqual({ settings: {}, problems: ['"promptscope.textPromptGlobs" must be a list of strings; ignored'] });
  });
});

describe('promptFilterFor: one rule for which files of a folder are prompts', () => {
  const files = ['a.prompt', 'b.prompty', 'README.md', 'notes.txt', 'prompts/writer.md', 'prompts/deep/c.md'];
  const matched = (filter: ReturnType<typeof promptFilterFor>) => files.filter(promptFileMatcher(filter));

  it('declared globs: .prompt/.prompty plus exactly the plain files they name, in a named folder and the workspace alike', () => {
    for (const scope of ['named-folder', 'workspace'] as const) {
      expect(matched(promptFilterFor(['prompts/*.md'], scope))).toEqual(['a.prompt', 'b.prompty', 'prompts/writer.md']);
      expect(matched(promptFilterFor([], scope))).toEqual(['a.prompt', 'b.prompty']);
    }
  });

  it('nothing declared: a folder named is a prompts folder; the whole workspace keeps READMEs out', () => {
    expect(matched(promptFilterFor(undefined, 'named-folder'))).toEqual(files);
    expect(matched(promptFilterFor(undefined, 'workspace'))).toEqual(['a.prompt', 'b.prompty']);
  });
});
