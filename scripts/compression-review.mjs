#!/usr/bin/env node
// Blind review of the safe tier: bundles scripts/lib/compressionReview.ts with esbuild and writes every safe
// compression edit of a corpus as JSONL (id, file, sentence before/after, context; no rule names or tiers):
//   node scripts/compression-review.mjs <corpus dir> <out.jsonl> [--key <key.jsonl>]
// The key file (id → rule) is for the author, never for the reviewer. See docs/compression-review.md.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'compression-review');
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
  entryPoints: ['scripts/lib/compressionReview.ts'],
  outfile: join(outDir, 'compression-review.cjs'),
});
copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(outDir, 'tiktoken_bg.wasm'));
const result = spawnSync(process.execPath, [join(outDir, 'compression-review.cjs'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
