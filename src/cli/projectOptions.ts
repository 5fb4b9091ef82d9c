import { resolve } from 'node:path';
import type { FolderProject } from './files';

/** What a Genkit-style project registers in code, declared on the command line. */
export interface ProjectOptions {
  /** `--helper NAME` (repeatable, or comma-separated): custom Handlebars helpers. */
  readonly helpers: readonly string[];
  /** `--partials-dir DIR` (repeatable): extra partial folders, absolute. */
  readonly partialDirs: readonly string[];
}

export const PROJECT_OPTIONS_USAGE = [
  '  --helper NAME       A custom helper your app registers (Genkit defineHelper); repeatable or',
  '                      comma-separated. Not reported as unknown; rendered as a stand-in.',
  '  --partials-dir DIR  Another folder to look for `_name.prompt` partials in; repeatable.',
];

/** The `util.parseArgs` options of the commands that read a project's prompts (check, count). */
export const PROJECT_OPTIONS = {
  helper: { type: 'string', multiple: true },
  'partials-dir': { type: 'string', multiple: true },
} as const;

/** The project options from parsed values; folders resolved against the working directory. */
export function projectOptionsFrom(values: { helper?: string[] | undefined; 'partials-dir'?: string[] | undefined }, cwd: string): ProjectOptions {
  return {
    helpers: (values.helper ?? []).flatMap((h) => h.split(',')).map((h) => h.trim()).filter(Boolean),
    partialDirs: (values['partials-dir'] ?? []).filter(Boolean).map((dir) => resolve(cwd, dir)),
  };
}

/**
 * The command-line project options plus what the projects' `.vscode/settings.json` declare
 * (`promptscope.helpers`, `promptscope.partialDirs` relative to the project folder), as the editor
 * reads them: the same prompts check and count the same way in both.
 */
export function withProjectSettings(options: ProjectOptions, projects: readonly FolderProject[]): ProjectOptions {
  const helpers = new Set(options.helpers);
  const partialDirs = new Set(options.partialDirs);
  for (const project of projects) {
    for (const helper of project.settings.helpers ?? []) helpers.add(helper);
    for (const dir of project.settings.partialDirs ?? []) partialDirs.add(resolve(project.root, dir));
  }
  return { helpers: [...helpers], partialDirs: [...partialDirs] };
}
