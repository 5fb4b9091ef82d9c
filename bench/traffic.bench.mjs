#!/usr/bin/env node
// Bundles the response-cache (traffic) benchmark with esbuild (as bench/run.mjs does) and runs it:
//   node bench/traffic.bench.mjs [--inputs 100000] [--seed 11]
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'bench');
mkdirSync(outDir, { recursive: true });
await esbuild.build({
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', absWorkingDir: root, logLevel: 'warning', mainFields: ['module', 'main'],
  entryPoints: ['bench/traffic.bench.ts'], outfile: join(outDir, 'traffic.bench.cjs'),
});
const result = spawnSync(process.execPath, [join(outDir, 'traffic.bench.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
