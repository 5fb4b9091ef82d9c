#!/usr/bin/env node
// Bundles and runs bench/prompt.bench.ts (parse + diagnose latency).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'bench');
mkdirSync(outDir, { recursive: true });
await esbuild.build({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', absWorkingDir: root, logLevel: 'warning', mainFields: ['module', 'main'], entryPoints: ['bench/prompt.bench.ts'], outfile: join(outDir, 'prompt.bench.cjs') });
const result = spawnSync(process.execPath, [join(outDir, 'prompt.bench.cjs')], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
