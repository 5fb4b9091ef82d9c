import { resolve } from 'node:path';
import { UsageError } from './command';

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

/**
 * Takes `--helper` and `--partials-dir` (as `--name value` or `--name=value`) out of a command's
 * arguments, so each command's own parser sees only its options.
 */
export function extractProjectOptions(args: readonly string[], cwd: string): { rest: string[]; project: ProjectOptions } {
  const rest: string[] = [];
  const helpers: string[] = [];
  const partialDirs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--helper' && name !== '--partials-dir') {
      rest.push(arg);
      continue;
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    if (name === '--helper') helpers.push(...value.split(',').map((h) => h.trim()).filter(Boolean));
    else partialDirs.push(resolve(cwd, value));
  }
  return { rest, project: { helpers, partialDirs } };
}
