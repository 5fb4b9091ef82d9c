#!/usr/bin/env node
// `npm run bench`: every benchmark, each printing ratios against a peer measured in the same run.
// Never part of `npm test`: these machines are shared and timing is noisy.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = ['bench/run.mjs', 'bench/prompt.bench.mjs', 'bench/audit.bench.mjs', 'bench/activation.bench.mjs', 'bench/compare.bench.mjs'];
let failed = 0;
for (const bench of benches) {
  if (!existsSync(join(root, bench))) continue;
  console.log(`\n━━ ${bench} ━━`);
  const r = spawnSync(process.execPath, [bench, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
