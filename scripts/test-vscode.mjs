#!/usr/bin/env node
// Runs the mocha suite in test/integration *inside* a real VS Code extension host.
//   default:     code-server (VS Code 1.100.3 server + web workbench) driven by Chromium — works offline.
//   --electron:  @vscode/test-electron (downloads a desktop VS Code; needs internet).
// Requires promptscope.vsix (npm run package) for the code-server mode.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { installExtensions, launchBrowser, openWorkbench, prepareProfile, startCodeServer, vsixPath } from './lib/code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'integration');
const electron = process.argv.includes('--electron');

async function compileSuite() {
  rmSync(outDir, { recursive: true, force: true });
  const entries = ['test/integration/index.ts', ...readdirSync(join(root, 'test/integration')).filter((f) => f.endsWith('.test.ts')).map((f) => `test/integration/${f}`)];
  await esbuild.build({
    entryPoints: entries, outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha'], sourcemap: 'inline', absWorkingDir: root, logLevel: 'warning',
  });
}

function packageHarness(cacheDir) {
  const out = join(cacheDir, 'promptscope-test-harness.vsix');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', out],
    { cwd: join(root, 'test/vscode-harness'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the test harness failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** A throwaway copy of examples/ so tests may edit files without touching the repo. */
function workspaceCopy(tmp) {
  const ws = join(tmp, 'workspace');
  cpSync(process.env.PROMPTSCOPE_TEST_WORKSPACE ?? join(root, 'examples'), ws, { recursive: true });
  return ws;
}

/**
 * A two-folder workspace for the "[multi-root]" pass: each folder a copy of a small fixture that
 * has a logical prompt of the same name (`triage`), and a `.code-workspace` file naming both.
 * Returns the workspace file (code-server opens a `.code-workspace` path as a workspace).
 */
function multiRootWorkspace(tmp) {
  const fixtures = join(root, 'test', 'fixtures', 'multi-root');
  const dir = join(tmp, 'multi-root');
  const folders = readdirSync(fixtures).sort();
  for (const name of folders) cpSync(join(fixtures, name), join(dir, name), { recursive: true });
  const file = join(dir, 'variants.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: folders.map((path) => ({ path })), settings: {} }, null, 2));
  return file;
}

/**
 * `untrusted`: a second, short pass with Workspace Trust on and the folder untrusted (restricted
 * mode), running only the tests titled "[untrusted] …".
 * `multiRoot`: a third, short pass in a two-folder workspace, running only the tests titled "[multi-root] …".
 */
async function runInCodeServer({ untrusted = false, multiRoot = false } = {}) {
  const passStarted = Date.now();
  const pass = untrusted ? 'untrusted' : multiRoot ? 'multi-root' : '';
  const logFile = join(root, 'test-results', `code-server-integration${pass ? `-${pass}` : ''}.log`);
  const tmp = mkdtempSync(join(tmpdir(), 'promptscope-it-'));
  const cacheDir = join(root, '.cache', 'test');
  mkdirSync(cacheDir, { recursive: true });
  const trust = untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  const profile = prepareProfile(tmp, { 'promptscope.test.enabled': true, ...trust });
  installExtensions(profile, [vsixPath(root), packageHarness(cacheDir)]);
  const resultsFile = join(tmp, 'results.json');
  const server = await startCodeServer({
    profile, folder: multiRoot ? multiRootWorkspace(tmp) : workspaceCopy(tmp), logFile,
    env: {
      PROMPTSCOPE_TEST_SUITE: join(outDir, 'index.js'), PROMPTSCOPE_TEST_RESULTS: resultsFile,
      ...(untrusted ? { PROMPTSCOPE_TEST_UNTRUSTED: '1' } : {}), ...(multiRoot ? { PROMPTSCOPE_TEST_MULTIROOT: '1' } : {}),
    },
    workspaceTrust: untrusted,
  });
  const browser = await launchBrowser();
  let results;
  try {
    await openWorkbench(browser, server.url);
    // The extension host starts once a window is connected; the harness then runs the suite.
    const deadline = Date.now() + 10 * 60_000;
    while (Date.now() < deadline) {
      if (existsSync(resultsFile)) {
        try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { /* being written */ }
        if (results?.done) break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await browser.close();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!results?.done) {
    console.error(`[vscode] the suite did not finish; see ${logFile}`);
    return { passed: results?.passed ?? 0, failed: (results?.failed ?? 0) + 1 };
  }
  // A tagged pass always runs its whole tag: none run means the tags or the grep went wrong.
  if (pass && results.passed + results.failed === 0) {
    console.error(`[vscode] the ${pass} pass ran no test (none titled "[${pass}] …" matched)`);
    return { passed: 0, failed: 1 };
  }
  for (const line of results.tests ?? []) console.log(`  ${line}`);
  for (const f of results.failures ?? []) console.log(`\n✗ ${f.title}\n${f.error}`);
  if (pass) console.log(`[vscode] ${pass} pass in ${Math.round((Date.now() - passStarted) / 1000)} s`);
  return results;
}

async function runInElectron() {
  const { runTests } = await import('@vscode/test-electron');
  const tmp = mkdtempSync(join(tmpdir(), 'promptscope-it-'));
  try {
    await runTests({ extensionDevelopmentPath: root, extensionTestsPath: join(outDir, 'index.js'), launchArgs: [workspaceCopy(tmp), '--disable-extensions', '--disable-workspace-trust'] });
    return { passed: 1, failed: 0 };
  } catch (e) {
    console.error(String(e));
    return { passed: 0, failed: 1 };
  }
}

mkdirSync(join(root, 'test-results'), { recursive: true });
await compileSuite();
const started = Date.now();
// The untrusted and multi-root passes run when no grep is given or the grep asks for them.
const grep = process.env.PROMPTSCOPE_TEST_GREP;
const untrustedOnly = Boolean(grep && /untrusted/i.test(grep));
const multiRootOnly = Boolean(grep && /multi-root/i.test(grep));
let results = { passed: 0, failed: 0 };
const add = (more) => { results = { passed: results.passed + more.passed, failed: results.failed + more.failed }; };
if (electron) results = await runInElectron();
else {
  if (!untrustedOnly && !multiRootOnly) add(await runInCodeServer());
  if (!grep || untrustedOnly) add(await runInCodeServer({ untrusted: true }));
  if (!grep || multiRootOnly) add(await runInCodeServer({ multiRoot: true }));
}
console.log(`[vscode] extension host (${electron ? 'test-electron' : 'code-server'}) in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exitCode = results.failed > 0 ? 1 : 0;
