import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Hostile inputs run in a child process with a heap limit and a timeout, so a regression (a hang,
 * an exponential blow-up) fails the test instead of hanging CI or taking the machine's memory.
 */

const ROOT = resolve(__dirname, '../../..');
const require_ = createRequire(__filename);
const bundles = new Map<string, string>();

/** Bundles a TypeScript entry (the CLI, or a probe script) for node; once per test file. */
export function bundle(entry: string): string {
  const cached = bundles.get(entry);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'promptscope-hostile-'));
  const outfile = join(dir, 'bundle.js');
  buildSync({
    entryPoints: [resolve(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    outfile,
    logLevel: 'warning',
    define: { PROMPTSCOPE_VERSION: '"0.0.0-hostile"' },
  });
  copyFileSync(join(dirname(require_.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(dir, 'tiktoken_bg.wasm'));
  bundles.set(entry, outfile);
  return outfile;
}

/** The CLI under test: `PROMPTSCOPE_HOSTILE_CLI` (a prebuilt cli.js, e.g. of an older commit) or this tree's. */
export function cliPath(): string {
  const given = process.env.PROMPTSCOPE_HOSTILE_CLI;
  if (given && existsSync(given)) return given;
  return bundle('src/cli/main.ts');
}

export interface BoundedResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Killed at the timeout. */
  readonly timedOut: boolean;
}

export interface BoundedOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Killed (SIGKILL) after this long. Default 30 s: far above the few seconds a bounded case takes on a busy CI machine. */
  readonly timeoutMs?: number;
  /** V8 old-space limit. Default 512 MB. */
  readonly heapMb?: number;
  /** Output kept per stream (a runaway writer must not fill the test's memory). */
  readonly maxOutputChars?: number;
}

/** Runs `node --max-old-space-size=N script args…` and kills it at the timeout. */
export function runBounded(script: string, args: readonly string[], options: BoundedOptions): Promise<BoundedResult> {
  const started = Date.now();
  const limit = options.maxOutputChars ?? 1_000_000;
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${options.heapMb ?? 512}`, script, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...(options.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < limit) stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < limit) stderr += d.toString('utf8'); });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** Runs the CLI bounded. */
export function runCliBounded(args: readonly string[], options: BoundedOptions): Promise<BoundedResult> {
  return runBounded(cliPath(), args, options);
}

/** A fresh temporary folder for one test's fixtures. */
export function fixtureDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `promptscope-${name}-`));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** What a bounded run looked like, for failure messages. */
export function describeRun(r: BoundedResult): string {
  return `code=${String(r.code)} signal=${String(r.signal)} timedOut=${String(r.timedOut)} ms=${r.ms}\nstderr: ${r.stderr.slice(0, 500)}\nstdout: ${r.stdout.slice(0, 500)}`;
}
