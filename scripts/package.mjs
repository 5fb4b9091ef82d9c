#!/usr/bin/env node
// Builds the production bundles and packages promptscope.vsix with @vscode/vsce; prints its size.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/build.mjs', '--production']);
// Bundled by esbuild: node_modules are not shipped. No README image rewriting: links stay relative.
run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', 'promptscope.vsix']);
const bytes = statSync(join(root, 'promptscope.vsix')).size;
console.log(`[package] promptscope.vsix: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
