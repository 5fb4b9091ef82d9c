#!/usr/bin/env node
// `npm test`: every layer in order — lint, type-check, unit (vitest, plain Node), package the
// .vsix, extension-host integration (mocha inside code-server's VS Code), browser e2e
// (Playwright + Chromium). Ends with one summary line: "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
mkdirSync(join(root, 'test-results'), { recursive: true });

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d) => { output += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { output += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const countsFromSummary = (output) => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};

const node = process.execPath;
const steps = [
  { name: 'lint', cmd: node, args: ['node_modules/eslint/bin/eslint.js', '.'], counts: (r) => ({ passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 }) },
  { name: 'typecheck', cmd: node, args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], counts: (r) => ({ passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 }) },
  { name: 'typecheck-webview', cmd: node, args: ['node_modules/typescript/bin/tsc', '-p', 'src/webview/tsconfig.json', '--noEmit'], when: () => existsSync(join(root, 'src/webview/tsconfig.json')), counts: (r) => ({ passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 }) },
  {
    name: 'unit', cmd: node, args: ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
    counts: (r) => {
      try {
        const json = JSON.parse(readFileSync(join(root, 'test-results/vitest.json'), 'utf8'));
        return { passed: json.numPassedTests, failed: json.numFailedTests + (r.code !== 0 && json.numFailedTests === 0 ? 1 : 0) };
      } catch { return { passed: 0, failed: 1 }; }
    },
  },
  { name: 'package', cmd: node, args: ['scripts/package.mjs'], counts: (r) => ({ passed: r.code === 0 ? 1 : 0, failed: r.code === 0 ? 0 : 1 }) },
  { name: 'vscode', cmd: node, args: ['scripts/test-vscode.mjs'], counts: (r) => countsFromSummary(r.output) ?? { passed: 0, failed: 1 } },
  { name: 'e2e', cmd: node, args: ['scripts/test-e2e.mjs'], counts: (r) => countsFromSummary(r.output) ?? { passed: 0, failed: 1 } },
];

const suiteStarted = Date.now();
const table = [];
let passed = 0;
let failed = 0;
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (step.when && !step.when()) continue;
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const result = await run(step.cmd, step.args);
  const counts = step.counts(result);
  if (result.code !== 0 && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  table.push(`${step.name.padEnd(18)} ${String(counts.passed).padStart(5)} passed ${String(counts.failed).padStart(4)} failed  ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Later layers need the package; without it they can only fail noisily.
  if (step.name === 'package' && result.code !== 0) break;
}
console.log(`\n━━ summary (${Math.round((Date.now() - suiteStarted) / 1000)} s) ━━`);
for (const line of table) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
