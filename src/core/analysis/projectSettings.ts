import type { PromptFileFilter } from './discovery';

/**
 * The project's own Promptscope settings, as its `.vscode/settings.json` declares them: the one
 * source the editor (VS Code reads that file) and the CLI (reading it here) share, so a folder
 * yields the same prompt files in both.
 */
export interface ProjectSettings {
  /** `promptscope.textPromptGlobs`; undefined when the project does not declare it. */
  readonly textPromptGlobs?: readonly string[];
  /** `promptscope.helpers`: custom Handlebars helpers the app registers. */
  readonly helpers?: readonly string[];
  /** `promptscope.partialDirs`, as written (relative to the project folder, or absolute). */
  readonly partialDirs?: readonly string[];
}

/** Where a project keeps its editor settings, relative to the project folder. */
export const PROJECT_SETTINGS_PATH = '.vscode/settings.json';

/**
 * JSONC (VS Code's settings format) to JSON: `//` and `/* *\/` comments and trailing commas
 * removed, strings left exactly as written. Positions are kept (comments become spaces), so a
 * JSON.parse error still points at the right place.
 */
export function stripJsonc(text: string): string {
  const out: string[] = [];
  /** Index in `out` of a comma outside strings with only whitespace and comments after it so far. */
  let comma = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i, j + 1));
      comma = -1;
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < n && text[j] !== '\n') j++;
      out.push(' '.repeat(j - i));
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end < 0 ? n : end + 2;
      out.push(text.slice(i, j).replace(/[^\n]/g, ' '));
      i = j;
    } else {
      // A trailing comma: one followed only by whitespace and comments before `}` or `]`.
      if ((c === '}' || c === ']') && comma >= 0) out[comma] = ' ';
      if (c === ',') comma = out.length;
      else if (!/\s/.test(c)) comma = -1;
      out.push(c);
      i++;
    }
  }
  return out.join('');
}

function stringList(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`"${key}" must be a list of strings; ignored`);
    return undefined;
  }
  const strings = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  if (strings.length !== value.length) problems.push(`"${key}": entries that are not strings were ignored`);
  return strings;
}

/**
 * The Promptscope settings of a `.vscode/settings.json` text. Never throws: a file that is not
 * JSONC, or a setting of the wrong type, is a problem to show (the settings it could read still
 * apply; a broken file declares nothing).
 */
export function parseProjectSettings(text: string): { settings: ProjectSettings; problems: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(stripJsonc(text));
  } catch (e) {
    return { settings: {}, problems: [`not valid JSON with comments (${e instanceof Error ? e.message : String(e)}); its settings are ignored`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: {}, problems: ['not a JSON object; its settings are ignored'] };
  }
  const values = raw as Record<string, unknown>;
  const textPromptGlobs = stringList(values['promptscope.textPromptGlobs'], 'promptscope.textPromptGlobs', problems);
  const helpers = stringList(values['promptscope.helpers'], 'promptscope.helpers', problems);
  const partialDirs = stringList(values['promptscope.partialDirs'], 'promptscope.partialDirs', problems);
  return {
    settings: {
      ...(textPromptGlobs ? { textPromptGlobs } : {}),
      ...(helpers ? { helpers } : {}),
      ...(partialDirs ? { partialDirs } : {}),
    },
    problems,
  };
}

/**
 * Which files of a folder are prompts, the one rule of the CLI and the editor:
 *  - the project declares `promptscope.textPromptGlobs`: `.prompt`/`.prompty` plus exactly the
 *    plain `.md`/`.txt` files those globs name (relative to the project folder);
 *  - it does not: a folder named explicitly (on the command line, Explorer "Audit Folder") is a
 *    prompts folder, so its `.md`/`.txt` files are prompts too; the whole editor workspace is not
 *    (its README is not a prompt).
 */
export function promptFilterFor(textPromptGlobs: readonly string[] | undefined, scope: 'named-folder' | 'workspace'): PromptFileFilter {
  if (textPromptGlobs !== undefined) return { alsoInclude: textPromptGlobs, plainTextByDefault: false };
  return { plainTextByDefault: scope === 'named-folder' };
}
