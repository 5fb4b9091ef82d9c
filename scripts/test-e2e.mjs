#!/usr/bin/env node
// Browser end-to-end tests: the packaged .vsix installed in code-server, driven by Playwright in
// Debian's Chromium, as a person would. Prints "N passed, N failed" on the last line.
import { cpSync, mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { freePort, installExtensions, launchBrowser, openWorkbench, prepareProfile, startCodeServer, vsixPath } from './lib/code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'e2e');
const grep = process.env.PROMPTSCOPE_TEST_GREP;

// Numbered files run in order: the language checks first, panels last.
const specFiles = readdirSync(join(root, 'test/e2e')).filter((f) => f.endsWith('.e2e.ts')).sort();
rmSync(outDir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: specFiles.map((f) => `test/e2e/${f}`), outdir: outDir, bundle: true, platform: 'node', format: 'esm', target: 'node20',
  outExtension: { '.js': '.mjs' }, packages: 'external', absWorkingDir: root, logLevel: 'warning',
  // The core requires the provider SDKs lazily (src/core/providers/sdks.ts): give the ES modules a require.
  banner: { js: "import { createRequire as __promptscopeRequire } from 'node:module'; const require = __promptscopeRequire(import.meta.url);" },
});

const tmp = mkdtempSync(join(tmpdir(), 'promptscope-e2e-'));
mkdirSync(join(root, 'test-results', 'e2e'), { recursive: true });
// Specs that call models start the fake provider on this port; the user settings point there (never at a real API).
const fakeProviderPort = await freePort();
const profile = prepareProfile(tmp, {
  'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false,
  'promptscope.openai.baseURL': `http://127.0.0.1:${fakeProviderPort}/v1`, 'promptscope.anthropic.baseURL': `http://127.0.0.1:${fakeProviderPort}`,
});
installExtensions(profile, [vsixPath(root)]);
const workspace = join(tmp, 'examples');
cpSync(process.env.PROMPTSCOPE_TEST_WORKSPACE ?? join(root, 'examples'), workspace, { recursive: true });
const server = await startCodeServer({ profile, folder: workspace, logFile: join(root, 'test-results', 'code-server-e2e.log') });
const browser = await launchBrowser();
let passed = 0;
let failed = 0;
try {
  const { page } = await openWorkbench(browser, server.url);
  const ctx = { page, url: server.url, root, workspace, fakeProviderPort };
  for (const file of specFiles) {
    const { tests } = await import(pathToFileURL(join(outDir, file.replace(/\.ts$/, '.mjs'))).href);
    for (const test of tests) {
      if (grep && !test.name.includes(grep)) continue;
      const started = Date.now();
      try {
        await test.run(ctx);
        passed++;
        console.log(`  ✓ ${test.name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${test.name}\n    ${String(e?.stack ?? e).split('\n').join('\n    ')}`);
        const safeName = test.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
        await page.screenshot({ path: join(root, 'test-results', 'e2e', `FAILED-${safeName}.png`) }).catch(() => undefined);
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    }
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
