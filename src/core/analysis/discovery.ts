import picomatch from 'picomatch';

/**
 * Which files in a folder are prompt files, for every command that searches folders (`count`,
 * `check`, `audit`) and for the editor's audit: one definition, so they all see the same files.
 * Pure: the callers walk the folders (node:fs in the CLI, `workspace.findFiles` in the editor).
 */

/** Prompt files: Dotprompt, Prompty, and plain text prompts (one system message). */
export const PROMPT_FILE_EXTENSIONS: readonly string[] = ['.prompt', '.prompty', '.md', '.txt'];
/** Plain text prompts: one system message each. */
export const PLAIN_TEXT_EXTENSIONS: readonly string[] = ['.md', '.txt'];
/** Folders never searched (hidden folders neither). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** The glob of the default prompt files (see `PromptFileFilter.plainTextByDefault`), for `workspace.findFiles`. */
export function promptFilesGlob(plainTextByDefault = true): string {
  const extensions = plainTextByDefault ? PROMPT_FILE_EXTENSIONS : PROMPT_FILE_EXTENSIONS.filter((e) => !PLAIN_TEXT_EXTENSIONS.includes(e));
  return `**/*.{${extensions.map((e) => e.slice(1)).join(',')}}`;
}
/** Folders excluded from a search, for `workspace.findFiles`. */
export const SKIPPED_FOLDERS_GLOB = `{${[...SKIPPED_FOLDERS].map((f) => `**/${f}/**`).join(',')},**/.*/**}`;

export interface PromptFileFilter {
  /**
   * Globs (picomatch, no catastrophic backtracking) that replace the default extensions, matched
   * against the path relative to the folder searched; a glob without `/` matches the file name.
   */
  readonly include?: readonly string[];
  /** Globs that add files to the default extensions (the editor's `promptscope.textPromptGlobs`). */
  readonly alsoInclude?: readonly string[];
  /**
   * Whether plain `.md`/`.txt` files are prompts without a glob naming them. True for a folder the
   * user names on the command line (a prompts folder); false for a whole editor workspace, where a
   * README is not a prompt unless `promptscope.textPromptGlobs` says so. Default true.
   */
  readonly plainTextByDefault?: boolean;
}

/** Whether a folder name is never searched. */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.has(name) || name.startsWith('.');
}

/** A Dotprompt partial (`_name.prompt`): included by prompts, not a request on its own. */
export function isPartialFileName(name: string): boolean {
  return name.startsWith('_') && name.toLowerCase().endsWith('.prompt');
}

function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const cleaned = globs.map((g) => g.trim().replace(/\\/g, '/').replace(/^\.\//, '')).filter(Boolean);
  // picomatch's `basename` option also changes how globs with a `/` match: keep the two apart.
  const byName = cleaned.filter((g) => !g.includes('/'));
  const byPath = cleaned.filter((g) => g.includes('/'));
  const name = byName.length ? picomatch(byName) : undefined;
  const path = byPath.length ? picomatch(byPath) : undefined;
  return (relativePath) => (path?.(relativePath) ?? false) || (name?.(relativePath.slice(relativePath.lastIndexOf('/') + 1)) ?? false);
}

/**
 * `(relativePath) → is it a prompt file?` for a filter; `relativePath` is relative to the folder
 * searched, with `/` or `\` separators, and never names a skipped folder (the walker skips those).
 */
export function promptFileMatcher(filter: PromptFileFilter = {}): (relativePath: string) => boolean {
  const include = filter.include?.filter((g) => g.trim()) ?? [];
  if (include.length > 0) {
    const matches = globMatcher(include);
    return (relativePath) => matches(relativePath.replace(/\\/g, '/'));
  }
  const extra = globMatcher(filter.alsoInclude ?? []);
  const extensions = filter.plainTextByDefault === false ? PROMPT_FILE_EXTENSIONS.filter((e) => !PLAIN_TEXT_EXTENSIONS.includes(e)) : PROMPT_FILE_EXTENSIONS;
  return (relativePath) => {
    const path = relativePath.replace(/\\/g, '/');
    const lower = path.toLowerCase();
    return extensions.some((ext) => lower.endsWith(ext)) || extra(path);
  };
}
