#!/usr/bin/env node
// Installs and caches code-server (a full VS Code: server, web workbench, Node extension host)
// in .cache/code-server, offline-friendly: only the npm registry and Debian's packages are used.
// Usage: node scripts/vscode-server.mjs [--print]   (prints the code-server and chromium paths)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, symlinkSync, copyFileSync, rmSync, lstatSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeMajor = Number(process.versions.node.split('.')[0]);
// code-server's postinstall pins a Node major; each line lists the release built for it.
const CODE_SERVER_FOR_NODE = { 20: '4.100.3', 22: '4.103.0' };

export const cacheDir = join(root, '.cache', 'code-server');

function log(msg) { process.stderr.write(`[vscode-server] ${msg}\n`); }

function run(cmd, args, cwd, extraEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${r.status})\n${(r.stdout ?? '').slice(-3000)}\n${(r.stderr ?? '').slice(-3000)}`);
  }
  return r.stdout;
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function isDebianRoot() {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/** `dpkg -s` also succeeds for removed packages that left config files: ask for the real status. */
function debianPackageInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

let aptUpdated = false;
/** Installs Debian packages when we are root on Debian/Ubuntu; otherwise says exactly what to install. */
export function ensureSystemPackages(packages) {
  const missing = packages.filter((p) => !debianPackageInstalled(p.pkg) && !(p.bin && which(p.bin)));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  if (!isDebianRoot()) {
    throw new Error(`Missing system packages: ${names.join(', ')}. Install them, e.g. "sudo apt-get install -y ${names.join(' ')}", and run again.`);
  }
  log(`installing Debian packages: ${names.join(' ')}`);
  if (!aptUpdated) { run('apt-get', ['update', '-qq'], root); aptUpdated = true; }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], root, { DEBIAN_FRONTEND: 'noninteractive' });
}

export function findChromium() {
  for (const c of [process.env.CHROMIUM_PATH, which('chromium'), which('chromium-browser'), which('google-chrome')]) {
    if (c && existsSync(c)) return c;
  }
  ensureSystemPackages([{ pkg: 'chromium', bin: 'chromium' }]);
  const c = which('chromium');
  if (!c) throw new Error('Chromium not found: install Debian\'s "chromium" package or set CHROMIUM_PATH.');
  return c;
}

function linkIfMissing(target, path) {
  try { lstatSync(path); return; } catch { /* absent */ }
  symlinkSync(target, path);
}

export function ensureCodeServer() {
  const version = CODE_SERVER_FOR_NODE[nodeMajor];
  if (!version) throw new Error(`No code-server release is known to work with Node ${process.versions.node}; use Node 20 (code-server 4.100.3).`);
  const marker = join(cacheDir, `.installed-${version}`);
  const pkgDir = join(cacheDir, 'node_modules', 'code-server');
  const bin = join(pkgDir, 'out', 'node', 'entry.js');
  if (existsSync(marker) && existsSync(bin)) return { bin, version };

  ensureSystemPackages([{ pkg: 'ripgrep', bin: 'rg' }, { pkg: 'libkrb5-dev' }, { pkg: 'python3', bin: 'python3' }, { pkg: 'g++', bin: 'g++' }, { pkg: 'make', bin: 'make' }]);
  const started = Date.now();
  log(`installing code-server ${version} into ${cacheDir} (once; a few minutes)`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  // Scripts off: the postinstall downloads ripgrep from GitHub and checks the Node major; we do its steps below.
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${version}`], cacheDir);
  const vscodeDir = join(pkgDir, 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir);
  const rgBinDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgBinDir, { recursive: true });
  copyFileSync(which('rg'), join(rgBinDir, 'rg'));
  run('npm', ['rebuild'], vscodeDir, { npm_config_yes: 'true' });
  run('npm', ['rebuild', 'argon2'], cacheDir); // hoisted to the cache's top-level node_modules
  linkIfMissing('node_modules', join(vscodeDir, 'node_modules.asar'));
  const remoteCli = join(vscodeDir, 'bin', 'remote-cli');
  if (existsSync(join(remoteCli, 'code-linux.sh'))) linkIfMissing('code-linux.sh', join(remoteCli, 'code-server'));
  const helpers = join(vscodeDir, 'bin', 'helpers');
  if (existsSync(join(helpers, 'browser-linux.sh'))) linkIfMissing('browser-linux.sh', join(helpers, 'browser.sh'));
  if (existsSync(join(vscodeDir, 'extensions', 'package.json'))) {
    run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund'], join(vscodeDir, 'extensions'));
  }
  if (!existsSync(bin)) throw new Error(`code-server entry not found at ${bin}`);
  writeFileSync(marker, new Date().toISOString());
  log(`code-server ${version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return { bin, version };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const cs = ensureCodeServer();
    const chromium = findChromium();
    console.log(JSON.stringify({ codeServer: cs.bin, version: cs.version, chromium }, null, 2));
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
