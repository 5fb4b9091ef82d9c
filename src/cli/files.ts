import { readdirSync, statSync, type Dirent } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './command';

/** What `count` and `audit` read as prompts in a folder: .prompt and .prompty files, and .md/.txt as one system message. */
export const PROMPT_AND_TEXT_EXTENSIONS: readonly string[] = ['.prompt', '.prompty', '.md', '.txt'];
/** Folders `count` and `audit` never search (hidden ones neither). */
export const DEPENDENCY_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);

export interface FoundFile {
  readonly path: string;
  /** The folder given whose search found the file; absent for a file given by name. */
  readonly root?: string;
}

export interface FindFilesOptions {
  /** Folder names never entered; hidden folders never are either. */
  readonly skippedDirs: ReadonlySet<string>;
  /** Absolute folders never entered. */
  readonly excludedDirs?: ReadonlySet<string>;
  /** Whether an entry found in a folder (not a folder itself) is wanted; files given by name always are. */
  readonly wanted: (entry: Dirent, path: string, root: string) => boolean;
  /** Called with each folder given (absolute, and as given) before it is searched; may refuse it by throwing. */
  readonly beforeSearch?: (dir: string, given: string) => void;
}

/**
 * Expands the paths given (relative to `cwd`) into files: folders are searched recursively, in
 * sorted order. Each file is listed once, where it was first found. A path that does not exist
 * is a usage error.
 */
export function findFiles(paths: readonly string[], cwd: string, options: FindFilesOptions): FoundFile[] {
  const found = new Map<string, FoundFile>();
  const add = (path: string, root?: string): void => {
    if (!found.has(path)) found.set(path, root === undefined ? { path } : { path, root });
  };
  const search = (root: string, dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = resolve(dir, entry.name);
      if (entry.isDirectory()) {
        if (!options.skippedDirs.has(entry.name) && !entry.name.startsWith('.') && !options.excludedDirs?.has(full)) search(root, full);
      } else if (options.wanted(entry, full, root)) add(full, root);
    }
  };
  for (const p of paths) {
    const full = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (isDir) {
      options.beforeSearch?.(full, p);
      search(full, full);
    } else add(full);
  }
  return [...found.values()];
}

/** Whether a file name ends with one of the extensions, in any case. */
export function hasExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((ext) => lower.endsWith(ext));
}
