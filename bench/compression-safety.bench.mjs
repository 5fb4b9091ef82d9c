#!/usr/bin/env node
// Bundles the compression safety-net benchmark with esbuild (as bench/run.mjs does) and runs it:
//   node bench/compression-safety.bench.mjs
// On a machine with more than 2 cores the run is pinned to 2 (taskset), the goal's hardware.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'bench');
mkdirSync(outDir, { recursive: true });
const require = createRequire(import.meta.url);

await esbuild.build({
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  absWorkingDir: root,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  define: { PROMPTSCOPE_VERSION: JSON.stringify('bench') },
  entryPoints: ['bench/compression-safety.bench.ts'],
  outfile: join(outDir, 'compression-safety.bench.cjs'),
});
// tiktoken's loader looks for its wasm next to the bundle.
copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(outDir, 'tiktoken_bg.wasm'));

const args = [join(outDir, 'compression-safety.bench.cjs'), ...process.argv.slice(2)];
const pin = cpus().length > 2 && spawnSync('taskset', ['--version']).status === 0;
const result = pin
  ? spawnSync('taskset', ['-c', '0,1', process.execPath, ...args], { cwd: root, stdio: 'inherit' })
  : spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
