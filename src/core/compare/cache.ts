/**
 * The response cache: one JSON file per request under a cache folder outside the workspace (the
 * editor's global storage, the CLI's user cache dir). Keyed by a hash of the endpoint, model,
 * translated parameters and messages, i.e. of the exact body sent. Errors are never stored.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { redactSecrets } from '../providers/errors';
import { DEFAULT_CACHE_TTL_MS, type CachedResponse, type ResponseCacheStore } from './types';

const CACHE_FORMAT = 1;

/** sha256 over the endpoint, its base URL and the exact request body (no key: it is not part of the body). */
export function requestCacheKey(endpoint: string, baseURL: string | undefined, body: Readonly<Record<string, unknown>>): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: CACHE_FORMAT, endpoint, baseURL: baseURL ?? null, body }))
    .digest('hex');
}

/** `$XDG_CACHE_HOME/promptscope`, else `~/.cache/promptscope`. */
export function defaultCliCacheDir(env: Readonly<Record<string, string | undefined>>, home: string = homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'promptscope') : join(home, '.cache', 'promptscope');
}

interface StoredEntry {
  readonly format: number;
  /** Epoch ms the entry was written (the TTL counts from here). */
  readonly storedAt: number;
  readonly value: CachedResponse;
}

function isCachedResponse(value: unknown): value is CachedResponse {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<CachedResponse>;
  return typeof v.output === 'string' && typeof v.latencyMs === 'number' && typeof v.createdAt === 'string' && typeof v.usage === 'object' && v.usage !== null;
}

export interface FileCacheOptions {
  /** Default 14 days. */
  readonly ttlMs?: number;
  /** Epoch ms (Date.now by default). */
  readonly now?: () => number;
}

/** A folder of `<key>.json` files. Unreadable or expired entries count as misses (expired ones are deleted). */
export function createFileCacheStore(dir: string, options: FileCacheOptions = {}): ResponseCacheStore {
  const ttlMs = options.ttlMs ?? DEFAULT_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const fileOf = (key: string): string => {
    if (!/^[0-9a-f]{16,128}$/.test(key)) throw new Error(`invalid cache key ${JSON.stringify(key)}`);
    return join(dir, `${key}.json`);
  };
  return {
    async get(key) {
      const file = fileOf(key);
      let entry: StoredEntry;
      try {
        entry = JSON.parse(await readFile(file, 'utf8')) as StoredEntry;
      } catch {
        return undefined;
      }
      if (entry?.format !== CACHE_FORMAT || !isCachedResponse(entry.value) || typeof entry.storedAt !== 'number') return undefined;
      if (now() - entry.storedAt > ttlMs) {
        await rm(file, { force: true }).catch(() => undefined);
        return undefined;
      }
      return entry.value;
    },
    async set(key, value) {
      const file = fileOf(key);
      await mkdir(dir, { recursive: true });
      // Defence in depth: nothing shaped like a key reaches the disk.
      const entry: StoredEntry = { format: CACHE_FORMAT, storedAt: now(), value: { ...value, output: redactSecrets(value.output, []) } };
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temp, JSON.stringify(entry), 'utf8');
      await rename(temp, file);
    },
    async clear() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return 0;
      }
      const entries = names.filter((n) => /^[0-9a-f]+\.json$/.test(n));
      await Promise.all(names.filter((n) => n.endsWith('.json') || n.endsWith('.tmp')).map((n) => rm(join(dir, n), { force: true })));
      return entries.length;
    },
  };
}
