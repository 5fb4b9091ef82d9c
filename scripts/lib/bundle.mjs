// Bundles a TypeScript entry for Node with esbuild (the project has no tsx) and runs it: what the
// benches and the compression-review script share.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const benchDir = join(root, '.cache', 'bench');
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  absWorkingDir: root,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  define: { PROMPTSCOPE_VERSION: JSON.stringify('bench') },
};
const require = createRequire(import.meta.url);

/** Bundles `entry` (relative to the repository) into `outDir` as `<name>.cjs`, with tiktoken's wasm beside it (its loader looks there). */
export async function bundleForNode(entry, outDir = benchDir) {
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(entry).replace(/\.ts$/, '')}.cjs`);
  await esbuild.build({ ...nodeBundleOptions, entryPoints: [entry], outfile });
  copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(outDir, 'tiktoken_bg.wasm'));
  return outfile;
}

/**
 * Bundles `entry`, runs it (in `cwd`, default the repository) with this process's arguments and
 * exits with its status. `pinTwoCores`:
 * on a machine with more than 2 cores the run is pinned to 2 (taskset), the goals' hardware.
 */
export async function bundleAndRun(entry, { outDir = benchDir, pinTwoCores = false, cwd = root } = {}) {
  const args = [await bundleForNode(entry, outDir), ...process.argv.slice(2)];
  const pin = pinTwoCores && cpus().length > 2 && spawnSync('taskset', ['--version']).status === 0;
  const result = pin
    ? spawnSync('taskset', ['-c', '0,1', process.execPath, ...args], { cwd, stdio: 'inherit' })
    : spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
