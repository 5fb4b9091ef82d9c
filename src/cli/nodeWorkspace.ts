import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PromptWorkspace } from '../core/analysis';

/** The CLI's file access: node:fs, relative paths resolved against `rootDir` (default: the process cwd). */
export function nodeWorkspace(rootDir?: string): PromptWorkspace {
  return {
    async readText(path: string): Promise<string | undefined> {
      try {
        return await readFile(rootDir !== undefined ? resolve(rootDir, path) : resolve(path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
