#!/usr/bin/env node
// Bundles the token benchmark with esbuild (no tsx here) and runs it:
//   node bench/run.mjs [--edits 200] [--seed 1]
// The core is bundled separately too, so the cold-load child measures what the extension loads.
import * as esbuild from 'esbuild';
import { bundleForNode, nodeBundleOptions } from '../scripts/lib/bundle.mjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'bench');
mkdirSync(outDir, { recursive: true });

const common = nodeBundleOptions;
await esbuild.build({ ...common, entryPoints: ['bench/tokens.bench.ts'], outfile: join(outDir, 'tokens.bench.cjs') });
await esbuild.build({ ...common, entryPoints: ['src/core/tokens/index.ts'], outfile: join(outDir, 'tokens-core.cjs') });
// The editor's tokenizer worker, with tiktoken_bg.wasm beside it.
const workerScript = await bundleForNode('src/core/tokens/tokenizerWorker.ts', outDir);

const result = spawnSync(process.execPath, ['--expose-gc', join(outDir, 'tokens.bench.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, PROMPTSCOPE_BENCH_CORE: join(outDir, 'tokens-core.cjs'), PROMPTSCOPE_BENCH_WORKER: workerScript },
});
process.exit(result.status ?? 1);
