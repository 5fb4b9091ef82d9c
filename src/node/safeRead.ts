/**
 * Safe reads of files a prompt names with node:fs, for the CLI (the extension reads through
 * `workspace.fs` and shares only the path and size helpers). Free of `vscode` and of the CLI, so
 * both faces can use it without one importing the other.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { MAX_SIDE_FILE_BYTES, type FileRead } from '../core/analysis/workspace';

/** Whether `path` is `root` or below it (both absolute and already resolved). */
export function isInsideFolder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const CHUNK_BYTES = 64 * 1024;

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
