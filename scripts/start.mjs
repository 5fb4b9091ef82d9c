#!/usr/bin/env node
// `npm start`: builds and packages Promptscope, installs it into a cached code-server profile and
// serves VS Code in the browser on examples/. Prints the URL. Ctrl+C stops it.
//   --port N           port to listen on (default 8080, or PORT)
//   --host H           address to bind (default 127.0.0.1)
//   --offline-models   also start the project's FAKE model server and point Promptscope at it
//                      (endpoint "fake"): replies are deterministic test data, not a real model.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { installExtensions, prepareProfile, startCodeServer, vsixPath } from './lib/code-server.mjs';
import { ensureCodeServer } from './vscode-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
const port = Number(option('--port') ?? process.env.PORT ?? 8080);
const host = option('--host') ?? '127.0.0.1';
const offlineModels = argv.includes('--offline-models');

const pkg = spawnSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, stdio: 'inherit' });
if (pkg.status !== 0) process.exit(pkg.status ?? 1);
ensureCodeServer();

const settings = {};
let fake;
if (offlineModels) {
  const { startFakeProviderForStart } = await import('./lib/fake-models.mjs');
  fake = await startFakeProviderForStart(root);
  Object.assign(settings, fake.settings);
}

const profileDir = join(root, '.cache', 'start');
mkdirSync(profileDir, { recursive: true });
const profile = prepareProfile(profileDir, { 'workbench.colorTheme': 'Default Dark Modern', ...settings });
installExtensions(profile, [vsixPath(root)]);
const server = await startCodeServer({ profile, folder: join(root, 'examples'), port, host });
console.log('');
console.log(`  Promptscope is running in VS Code at ${server.url}`);
console.log('  Open it in a browser. Workspace: examples/. Press Ctrl+C to stop.');
if (fake) console.log(`  FAKE models (deterministic test replies, not a real model) at ${fake.url} as endpoint "fake".`);
console.log('');
const stop = async () => { await server.stop(); await fake?.close(); process.exit(0); };
process.on('SIGINT', () => { void stop(); });
process.on('SIGTERM', () => { void stop(); });
server.child.on('exit', (code) => { console.error(`code-server exited (${code})\n${server.output().slice(-2000)}`); void fake?.close(); process.exit(code ?? 1); });
