#!/usr/bin/env node
// Builds every bundle: extension host (node/cjs, vscode external), webviews (browser), CLI.
// --production: minified, no source maps (what the .vsix ships). --watch: rebuild on change.
import * as esbuild from 'esbuild';
import { readFileSync, copyFileSync, mkdirSync, rmSync, existsSync, readdirSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { PROMPTSCOPE_VERSION: JSON.stringify(pkg.version) },
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'] };

const webviewEntries = existsSync(join(root, 'src/webview'))
  ? readdirSync(join(root, 'src/webview')).filter((f) => /^[a-z-]+\.main\.ts$/.test(f)).map((f) => join('src/webview', f))
  : [];

/**
 * The Anthropic SDK (~40% of the extension bundle) is loaded only when a Claude request is made
 * (src/core/providers/anthropicSdk.ts requires it lazily): shipping it as its own file keeps it out
 * of what the extension host parses before activation.
 */
const ANTHROPIC_SDK_FILE = 'anthropic-sdk.js';
const anthropicSdkApart = {
  name: 'anthropic-sdk-apart',
  setup(build) {
    build.onResolve({ filter: /^@anthropic-ai\/sdk$/ }, () => ({ path: `./${ANTHROPIC_SDK_FILE}`, external: true }));
  },
};

const builds = [
  // The banner's timestamp is the bundle's first statement (src/loadClock.ts); strict mode stays on.
  { ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [anthropicSdkApart], banner: { js: '"use strict";var PROMPTSCOPE_BUNDLE_START=performance.now();' } },
  { ...nodeCommon, entryPoints: [require.resolve('@anthropic-ai/sdk')], outfile: `dist/${ANTHROPIC_SDK_FILE}` },
  // The extension's tokenizer thread (src/core/tokens/chunkEncoder.ts): tiktoken and its loader only.
  { ...nodeCommon, entryPoints: ['src/core/tokens/tokenizerWorker.ts'], outfile: 'dist/tokenizerWorker.js' },
  { ...nodeCommon, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (webviewEntries.length > 0) {
  builds.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: webviewEntries, outdir: 'dist/webview', entryNames: '[name]' });
}

/** tiktoken's loader reads tiktoken_bg.wasm from __dirname: ship it next to the bundles. */
function copyWasm() {
  mkdirSync(dist, { recursive: true });
  const wasm = join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm');
  copyFileSync(wasm, join(dist, 'tiktoken_bg.wasm'));
}

if (!watch) rmSync(dist, { recursive: true, force: true });
copyWasm();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[build] watching…');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync(join(dist, 'cli.js'), 0o755);
  console.log(`[build] ${production ? 'production' : 'development'} bundles in ${Date.now() - started} ms`);
}
