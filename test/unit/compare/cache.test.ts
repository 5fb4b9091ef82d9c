import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileCacheStore, defaultCliCacheDir, requestCacheKey, type CachedResponse } from '../../../src/core/compare';

const dir = mkdtempSync(join(tmpdir(), 'promptscope-cache-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entry: CachedResponse = { output: 'hello', latencyMs: 1234, ttftMs: 100, usage: { inputTokens: 3, outputTokens: 1, reported: true }, costUsd: 0.01, createdAt: '2026-01-01T00:00:00.000Z' };

describe('response cache', () => {
  it('keys differ by endpoint, base URL and every body field, and are stable', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 0.2 };
    const key = requestCacheKey('openai', undefined, body);
    expect(requestCacheKey('openai', undefined, { ...body })).toBe(key);
    expect(requestCacheKey('other', undefined, body)).not.toBe(key);
    expect(requestCacheKey('openai', 'http://x', body)).not.toBe(key);
    expect(requestCacheKey('openai', undefined, { ...body, temperature: 0.3 })).not.toBe(key);
    expect(requestCacheKey('openai', undefined, { ...body, messages: [{ role: 'user', content: 'y' }] })).not.toBe(key);
  });

  it('stores, expires after the TTL (deleting the file), and clears', async () => {
    let now = 1_000_000;
    const store = createFileCacheStore(join(dir, 'a'), { ttlMs: 1000, now: () => now });
    const key = requestCacheKey('e', undefined, { a: 1 });
    expect(await store.get(key)).toBeUndefined();
    await store.set(key, entry);
    expect(await store.get(key)).toEqual(entry);
    now += 1001;
    expect(await store.get(key)).toBeUndefined();
    expect(readdirSync(join(dir, 'a'))).toEqual([]);
    await store.set(key, entry);
    await store.set(requestCacheKey('e', undefined, { a: 2 }), entry);
    expect(await store.clear()).toBe(2);
    expect(await store.get(key)).toBeUndefined();
  });

  it('redacts key-shaped text before writing and treats corrupt files as misses', async () => {
    const store = createFileCacheStore(join(dir, 'b'));
    const key = requestCacheKey('e', undefined, { b: 1 });
    await store.set(key, { ...entry, output: 'your key is sk-abcdefghijklmnopqrstuvwxyz' });
    const text = readFileSync(join(dir, 'b', `${key}.json`), 'utf8');
    expect(text).not.toContain('sk-abcdefghijklmnopqrstuvwxyz');
    rmSync(join(dir, 'b', `${key}.json`));
    await expect(store.get('zz')).rejects.toThrow(/invalid cache key/);
  });

  it('lives in the user cache dir, never the workspace', () => {
    expect(defaultCliCacheDir({ XDG_CACHE_HOME: '/x/cache' }, '/home/u')).toBe('/x/cache/promptscope');
    expect(defaultCliCacheDir({}, '/home/u')).toBe('/home/u/.cache/promptscope');
    expect(defaultCliCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.cache/promptscope');
  });
});
