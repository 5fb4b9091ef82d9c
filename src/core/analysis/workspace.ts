/**
 * File access for the analysis, supplied by the caller: the extension reads through VS Code (open
 * documents first, then `workspace.fs`), the CLI through node:fs (`src/cli/nodeWorkspace.ts`).
 * The core never touches the file system itself.
 *
 * Paths are file-system paths as the caller uses them (`/home/me/prompts/a.prompt`,
 * `C:\prompts\a.prompt`, or relative ones the caller resolves). Paths derived from a prompt's
 * path (partials, samples) are joined to the prompt's folder with `/`, except when the prompt's
 * path uses only `\` (a Windows path), whose style is kept so the caller can match open documents.
 */
export interface PromptWorkspace {
  /** The file's text, or undefined when it does not exist or cannot be read. Should not throw. */
  readText(path: string): Promise<string | undefined>;
  /**
   * The text of a file a prompt names (partial, samples), or why it is not read: only regular
   * files in the workspace or the folder of the prompt (`from`), under a size cap. Optional; a
   * workspace without it is read through `readText` (missing = undefined).
   */
  readFile?(path: string, from?: string): Promise<FileRead>;
}

/** The largest partial or samples file read next to a prompt. */
export const MAX_SIDE_FILE_BYTES = 5 * 1024 * 1024;

/** Why a file named by a prompt was not read. */
export type FileReadProblem = 'missing' | 'outside' | 'not-regular' | 'too-large' | 'unreadable';

/** A file's text, or the reason it was not read (`message` completes "<path> …", e.g. "is a FIFO, not a regular file"). */
export type FileRead = { readonly text: string } | { readonly problem: FileReadProblem; readonly message: string };

/** Reads a file a prompt names through the workspace's policy; never throws. */
export async function readPromptSideFile(workspace: PromptWorkspace, path: string, promptPath: string): Promise<FileRead> {
  try {
    if (workspace.readFile) return await workspace.readFile(path, dirnameOf(promptPath) || '.');
    const text = await workspace.readText(path);
    return text === undefined ? { problem: 'missing', message: 'does not exist' } : { text };
  } catch (e) {
    return { problem: 'unreadable', message: `cannot be read (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** A workspace over a fixed set of files (tests, unsaved editor buffers). */
export function memoryWorkspace(files: Readonly<Record<string, string>>): PromptWorkspace {
  const byPath = new Map(Object.entries(files).map(([path, text]) => [normalizePath(path), text]));
  return { readText: (path) => Promise.resolve(byPath.get(normalizePath(path))) };
}

/** `/a/b/c.prompt` → `/a/b`; `c.prompt` → `` (the current folder); `/c.prompt` → `/`; `C:\c.prompt` → `C:\`. */
export function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (i < 0) return '';
  if (i === 0) return path.slice(0, 1);
  if (i === 2 && /^[A-Za-z]:/.test(path)) return path.slice(0, 3);
  return path.slice(0, i);
}

/** Absolute in POSIX (`/x`), Windows (`C:\x`, `C:/x`) or UNC (`\\server\share`) form. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

function separatorOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

/**
 * Resolves `.` and `..` segments and doubled separators, keeping the root (`/`, `C:\`, `\\`) and
 * the separator style (`/` unless the path uses only `\`). `..` above a relative path's start is kept.
 */
export function normalizePath(path: string, sep: '/' | '\\' = separatorOf(path)): string {
  let root = '';
  let rest = path;
  const drive = /^[A-Za-z]:[\\/]?/.exec(path);
  if (drive) {
    root = drive[0].slice(0, 2) + (drive[0].length > 2 ? sep : '');
    rest = path.slice(drive[0].length);
  } else if (/^[\\/]{2}/.test(path)) {
    root = sep + sep;
    rest = path.slice(2);
  } else if (/^[\\/]/.test(path)) {
    root = sep;
    rest = path.slice(1);
  }
  const out: string[] = [];
  for (const segment of rest.split(/[\\/]/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment === '..' && root) continue;
    else out.push(segment);
  }
  return root + out.join(sep) || '.';
}

/** Joins a relative path to a folder (an absolute `relative` wins); see the module note on separators. */
export function joinPath(dir: string, relative: string): string {
  if (isAbsolutePath(relative)) return normalizePath(relative);
  if (!dir) return normalizePath(relative);
  const sep = separatorOf(dir);
  return normalizePath(`${dir}${sep}${relative}`, sep);
}

/** A path written in a prompt file (e.g. `samples: cases.jsonl`), resolved against the prompt's folder. */
export function resolveFromPrompt(promptPath: string, relative: string): string {
  return joinPath(dirnameOf(promptPath), relative);
}

/**
 * The file a Dotprompt partial name refers to: `{{> company-facts}}` → `_company-facts.prompt` next
 * to the prompt; `{{> shared/facts}}` → `shared/_facts.prompt`.
 */
export function partialPathFor(promptPath: string, name: string): string {
  return resolveFromPrompt(promptPath, partialFileName(name));
}

function partialFileName(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash >= 0 ? `${name.slice(0, slash)}/_${name.slice(slash + 1)}.prompt` : `_${name}.prompt`;
}

/**
 * Every place a partial is looked for, in order: next to the prompt, then in each extra partial
 * folder (`promptscope.partialDirs`, `--partials-dir`; absolute paths), as a Genkit app registers
 * a shared prompt directory's partials for all its prompts.
 */
export function partialPathsFor(promptPath: string, name: string, partialDirs: readonly string[] = []): string[] {
  const own = partialPathFor(promptPath, name);
  const extra = partialDirs.map((dir) => joinPath(dir, partialFileName(name)));
  return [...new Set([own, ...extra])];
}
