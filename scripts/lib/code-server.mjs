// Starts code-server (a real VS Code) for the tests and for `npm start`, and drives it with
// Playwright through Debian's Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer, findChromium } from '../vscode-server.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh user-data dir and extensions dir with settings that skip the welcome page. */
export function prepareProfile(dir, settings = {}) {
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    ...settings,
  }, null, 2));
  return { userDataDir, extensionsDir };
}

export function installExtensions(profile, vsixPaths) {
  const { bin } = ensureCodeServer();
  for (const vsix of vsixPaths) {
    const r = spawnSync(process.execPath, [bin, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'], { encoding: 'utf8' });
    if (r.status !== 0 || /Failed|Error/i.test(r.stderr ?? '')) {
      throw new Error(`installing ${vsix} into code-server failed:\n${r.stdout}\n${r.stderr}`);
    }
  }
}

/** Starts code-server serving `folder`; resolves once it listens. */
/** `workspaceTrust: true` keeps Workspace Trust on (the folder opens untrusted unless the profile trusts it). */
export async function startCodeServer({ profile, folder, env = {}, port, host = '127.0.0.1', logFile, workspaceTrust = false }) {
  const { bin } = ensureCodeServer();
  const listenPort = port ?? await freePort();
  const args = [bin, '--auth', 'none', '--bind-addr', `${host}:${listenPort}`, '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir, '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', folder];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d) => { output += d.toString(); if (output.length > 200_000) output = output.slice(-100_000); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = `http://${host}:${listenPort}/`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (logFile) writeFileSync(logFile, output);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => { const t = setTimeout(() => { child.kill('SIGKILL'); r(); }, 5000); child.once('exit', () => { clearTimeout(t); r(); }); });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens the workbench and waits for it to render. */
export async function openWorkbench(browser, url, { width = 1400, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { context, page };
}

export function vsixPath(root) {
  const p = join(root, 'promptscope.vsix');
  if (!existsSync(p)) throw new Error('promptscope.vsix not found: run "npm run package" first.');
  return p;
}
