import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileRead, PromptWorkspace } from '../core/analysis';
import { isInsideFolder, readRegularFile } from '../node/safeRead';

/** The largest prompt file a command reads (a prompt is sent whole: far above any context window). */
export const MAX_PROMPT_FILE_BYTES = 32 * 1024 * 1024;

export interface NodeWorkspaceOptions {
  /** Folders (absolute) whose files may be read; besides them, only files in the prompt's own folder tree. Default: the root dir. */
  readonly allowedRoots?: readonly string[];
  readonly maxBytes?: number;
}

/**
 * The CLI's file access: node:fs, relative paths resolved against `rootDir` (default: the process
 * cwd). Files named by a prompt (partials, samples) are read only when they are regular files under
 * an allowed folder (the root dir, or the folder of the prompt that names them), following symlinks
 * to their real place, and under the size cap.
 */
export function nodeWorkspace(rootDir?: string, options: NodeWorkspaceOptions = {}): PromptWorkspace {
  const read = sideFileReader(rootDir, options);
  return {
    readText(path: string): Promise<string | undefined> {
      const result = read(path);
      return Promise.resolve('text' in result ? result.text : undefined);
    },
    readFile(path: string, from?: string): Promise<FileRead> {
      return Promise.resolve(read(path, from));
    },
  };
}

/** The policy of `nodeWorkspace` as a synchronous reader: `(path, promptFolder?) → FileRead`. */
export function sideFileReader(rootDir?: string, options: NodeWorkspaceOptions = {}): (path: string, from?: string) => FileRead {
  const base = rootDir ?? process.cwd();
  const realOrSelf = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const roots = (options.allowedRoots ?? [base]).map((r) => realOrSelf(resolve(base, r)));
  const read = (path: string, from?: string): FileRead => {
    const full = resolve(base, path);
    const real = realOrSelf(full);
    const allowed = [...roots, ...(from !== undefined ? [realOrSelf(resolve(base, from))] : [])];
    if (!allowed.some((root) => isInsideFolder(root, real))) {
      return { problem: 'outside', message: 'is outside the workspace and the prompt\'s folder; only files there are read' };
    }
    return readRegularFile(full, options.maxBytes);
  };
  return read;
}
