#!/usr/bin/env node
// Refreshes the README screenshots: runs the e2e suite (which writes test-results/e2e/docs/*.png)
// unless --no-run, then copies those files to docs/images. The only script that writes there.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.argv.includes('--no-run')) {
  const run = spawnSync(process.execPath, [join(root, 'scripts/test-e2e.mjs')], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('screenshots: the e2e run failed; docs/images left as they were');
    process.exit(run.status ?? 1);
  }
}
const from = join(root, 'test-results', 'e2e', 'docs');
if (!existsSync(from)) {
  console.error('screenshots: no test-results/e2e/docs/*.png (run without --no-run first)');
  process.exit(2);
}
const to = join(root, 'docs', 'images');
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((f) => f.endsWith('.png'));
for (const f of files) copyFileSync(join(from, f), join(to, f));
console.log(`screenshots: ${files.length} image(s) copied to docs/images: ${files.join(', ')}`);
