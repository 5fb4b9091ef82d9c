import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { isSkippedFolder, promptFileMatcher, type PromptFileFilter } from '../core/analysis/discovery';
import { UsageError } from './command';

export interface FoundFile {
  readonly path: string;
  /** The folder given whose search found the file; absent for a file given by name. */
  readonly root?: string;
}

/** A file that looked like a prompt but was not taken, and why (reported per file; the run goes on). */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveredFiles {
  readonly files: readonly FoundFile[];
  readonly skipped: readonly SkippedFile[];
}

export interface DiscoverOptions extends PromptFileFilter {
  /** Absolute folders never entered (e.g. an `--out` folder). */
  readonly excludedDirs?: ReadonlySet<string>;
  /** Called with each folder given (absolute, and as given) before it is searched; may refuse it by throwing. */
  readonly beforeSearch?: (dir: string, given: string) => void;
}

/**
 * Expands the paths given (relative to `cwd`) into prompt files, the one discovery of `count`,
 * `check` and `audit`: folders are searched recursively in sorted order for the files
 * `promptFileMatcher` accepts, skipping dependency and hidden folders. One policy for what is not
 * a plain file: a symlink to a regular file is taken; a dangling or looping symlink, a FIFO, a
 * socket or a device named like a prompt is skipped and reported; symlinked folders are not
 * entered (no loops). Each file is listed once. A path given that does not exist is a usage error;
 * a path given that is not a regular file (a FIFO, a device) is skipped and reported.
 */
export function discoverPromptFiles(paths: readonly string[], cwd: string, options: DiscoverOptions = {}): DiscoveredFiles {
  const wanted = promptFileMatcher(options);
  const found = new Map<string, FoundFile>();
  const skipped: SkippedFile[] = [];
  const add = (path: string, root?: string): void => {
    if (!found.has(path)) found.set(path, root === undefined ? { path } : { path, root });
  };
  const skip = (path: string, reason: string): void => void skipped.push({ path, reason });
  /** Why a non-folder entry is not a readable file, or undefined when it is one. */
  const notAFile = (full: string): string | undefined => {
    let target;
    try {
      target = statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link' : `cannot be read (${code ?? 'error'})`;
    }
    if (target.isFile()) return undefined;
    if (target.isDirectory()) return 'symbolic link to a folder (not followed)';
    return target.isFIFO() ? 'a FIFO, not a regular file' : target.isSocket() ? 'a socket, not a regular file' : 'a device, not a regular file';
  };
  const search = (root: string, dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skip(dir, `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = resolve(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name) && !options.excludedDirs?.has(full)) search(root, full);
        continue;
      }
      if (!wanted(relative(root, full))) continue;
      if (entry.isFile()) {
        add(full, root);
        continue;
      }
      const problem = notAFile(full);
      if (problem === undefined) add(full, root);
      else if (!entry.isSymbolicLink() || !problem.startsWith('symbolic link to a folder')) skip(full, problem);
    }
  };
  for (const p of paths) {
    const full = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      let isLink = false;
      try {
        isLink = lstatSync(full).isSymbolicLink();
      } catch {
        // Not there at all.
      }
      if (!isLink) throw new UsageError(`no such file or directory: ${p}`);
      skip(full, code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link');
      continue;
    }
    if (stat.isDirectory()) {
      options.beforeSearch?.(full, p);
      search(full, full);
    } else if (stat.isFile()) add(full);
    else skip(full, notAFile(full) ?? 'not a regular file');
  }
  return { files: [...found.values()], skipped };
}

/** The error when a search found nothing: never pass having checked nothing. */
export function noPromptFilesError(paths: readonly string[], options: PromptFileFilter = {}): UsageError {
  const what = options.include?.length ? options.include.join(', ') : '.prompt, .prompty, .md, .txt';
  return new UsageError(`no prompt files (${what}) under ${paths.join(', ')}`);
}

/** `file: reason` lines for stderr; a newline in a file name is shown escaped. */
export function skippedLines(command: string, skipped: readonly SkippedFile[], cwd: string): string {
  return skipped.map((s) => `promptscope ${command}: skipped ${displayFileName(s.path, cwd)}: ${s.reason}\n`).join('');
}

/**
 * A file name for one-line output (`file:line:col`): relative to the cwd when below it, with
 * control characters (a newline in a name) escaped so the line stays one line.
 */
export function displayFileName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') ? rel : rel || basename(path);
  return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
