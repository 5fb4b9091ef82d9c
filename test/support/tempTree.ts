import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary folder for one test file (made before its tests, removed after them); the returned
 * function writes a tree of files under `<folder>/<dir>` and returns that path.
 */
export function tempTree(prefix: string): (dir: string, files: Record<string, string>) => string {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return (dir, files) => {
    const base = join(root, dir);
    mkdirSync(base, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(base, name, '..'), { recursive: true });
      writeFileSync(join(base, name), text);
    }
    return base;
  };
}
