import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { MAX_SIDE_FILE_BYTES, type FileRead, type PromptWorkspace } from '../core/analysis';

/** Whether `path` is `root` or below it (both absolute and already resolved). */
export function isInsideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const CHUNK_BYTES = 64 * 1024;
/** The largest prompt file a command reads (a prompt is sent whole: far above any context window). */
export const MAX_PROMPT_FILE_BYTES = 32 * 1024 * 1024;

/**
 * Reads a file as UTF-8 when it is a regular file of at most `maxBytes`. The limit is checked
 * while reading, not by `stat` (devices and /proc files report size 0), and the file is opened
 * non-blocking so a FIFO never blocks (it is then refused as "not a regular file"). Never throws.
 */
export function readRegularFile(path: string, maxBytes: number = MAX_SIDE_FILE_BYTES): FileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: 'missing', message: 'does not exist' };
    if (code === 'ELOOP') return { problem: 'unreadable', message: 'is a symbolic link loop' };
    if (code === 'EISDIR') return { problem: 'not-regular', message: 'is a folder, not a file' };
    return { problem: 'unreadable', message: `cannot be read (${code ?? 'error'})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : stat.isSocket() ? 'a socket' : 'a device';
      return { problem: 'not-regular', message: `is ${kind}, not a regular file` };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) return { problem: 'too-large', message: `is larger than ${formatBytes(maxBytes)} (the limit for files read next to a prompt)` };
      chunks.push(n === CHUNK_BYTES ? chunk : chunk.subarray(0, n));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { problem: 'unreadable', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

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
