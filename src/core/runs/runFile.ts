/** Run files: serialise (redacted), parse, write, list. */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactSecrets } from '../providers/errors';
import { columnTitle } from './columns';
import { RUN_FILE_VERSION, type RunFile } from './types';

/** Where runs live, relative to the workspace (or the CLI's working directory). */
export const RUNS_DIR = '.promptscope/runs';

/**
 * The run as pretty JSON with every string passed through the redaction (the known `secrets`
 * and anything shaped like a key or bearer token): a model that echoes a key cannot leak it here.
 */
export function serializeRun(run: RunFile, secrets: readonly (string | undefined)[] = []): string {
  return `${JSON.stringify(run, (_key, value: unknown) => (typeof value === 'string' ? redactSecrets(value, secrets) : value), 2)}\n`;
}

/** A run file's contents, or a message saying why it is not one. */
export function parseRun(text: string): RunFile | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Not a run file: invalid JSON (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (!value || typeof value !== 'object') return 'Not a run file: expected a JSON object.';
  const run = value as Partial<RunFile>;
  // Version 1 (one prompt for every column) reads as it is: the per-column fields are optional.
  if (run.version !== 1 && run.version !== RUN_FILE_VERSION) return `Unsupported run file version ${JSON.stringify(run.version)} (expected 1 to ${RUN_FILE_VERSION}).`;
  if (typeof run.id !== 'string' || typeof run.promptPath !== 'string' || !Array.isArray(run.columns) || !Array.isArray(run.rows) || !Array.isArray(run.cells)) {
    return 'Not a run file: id, promptPath, columns, rows or cells is missing.';
  }
  return run as RunFile;
}

export function runFileName(run: Pick<RunFile, 'id'>): string {
  return `${run.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** Writes `<dir>/<id>.json` (atomically) and returns its path. */
export async function writeRunFile(dir: string, run: RunFile, secrets: readonly (string | undefined)[] = []): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, runFileName(run));
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, serializeRun(run, secrets), 'utf8');
  await rename(temp, path);
  return path;
}

export async function readRunFile(path: string): Promise<RunFile | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
  return parseRun(text);
}

export interface RunListing {
  readonly path: string;
  readonly id: string;
  readonly createdAt: string;
  readonly promptPath: string;
  readonly models: readonly string[];
  /** Per column: `variant · model` when the columns ran their own prompts, else the model. */
  readonly columnTitles: readonly string[];
  /** True when the columns ran their own prompts (Compare Variants). */
  readonly variants: boolean;
  readonly cells: number;
  readonly passed: number;
}

/** Every readable run in `dir`, newest first (unreadable files are skipped). */
export async function listRunFiles(dir: string): Promise<RunListing[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const listings: RunListing[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(dir, name);
    const run = await readRunFile(path);
    if (typeof run === 'string') continue;
    listings.push({
      path,
      id: run.id,
      createdAt: run.createdAt,
      promptPath: run.promptPath,
      models: run.columns.map((c) => c.model),
      columnTitles: run.columns.map(columnTitle),
      variants: run.columns.some((c) => c.prompt !== undefined),
      cells: run.cells.length,
      passed: run.cells.filter((c) => c.pass).length,
    });
  }
  return listings.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
