import { chunkBoundaries, hashRange, type ChunkingInfo } from './chunking';

interface CachedChunk {
  readonly length: number;
  readonly tokens: number;
}

/** Least-recently-used map with a fixed number of entries (Map keeps insertion order). */
export class LruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (maxEntries < 1) throw new RangeError('LruCache needs room for at least one entry');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface ChunkCounterStats {
  /** Chunks actually sent to the tokenizer. */
  chunkEncodes: number;
  /** Chunks answered from the cache. */
  cacheHits: number;
}

export const DEFAULT_CHUNK_CACHE_ENTRIES = 20_000;

/**
 * Counts text as the sum of its chunks' counts (see `chunking.ts` for why that is exact), with
 * each chunk's count cached by content hash. After a keystroke only the edited chunk is encoded;
 * every other chunk costs a hash and a map lookup.
 */
export class ChunkedTokenCounter {
  private readonly cache: LruCache<number, CachedChunk>;
  readonly stats: ChunkCounterStats = { chunkEncodes: 0, cacheHits: 0 };

  constructor(
    private readonly encodeCount: (chunk: string) => number,
    maxEntries: number = DEFAULT_CHUNK_CACHE_ENTRIES,
  ) {
    this.cache = new LruCache(maxEntries);
  }

  count(text: string): number {
    return this.countWithExactness(text).tokens;
  }

  /**
   * The count, and whether it is exact: not when a long piece had to be cut (bounded time) or a
   * chunk could not be encoded (then estimated at 4 characters a token; one file never aborts a run).
   */
  countWithExactness(text: string): { tokens: number; exact: boolean } {
    const info: ChunkingInfo = { forcedCuts: 0 };
    let total = 0;
    let start = 0;
    let exact = true;
    for (const end of chunkBoundaries(text, info)) {
      const counted = this.countRange(text, start, end);
      if (counted < 0) {
        exact = false;
        total += Math.ceil((end - start) / 4);
      } else total += counted;
      start = end;
    }
    return { tokens: total, exact: exact && info.forcedCuts === 0 };
  }

  clear(): void {
    this.cache.clear();
  }

  get cachedChunks(): number {
    return this.cache.size;
  }

  private countRange(text: string, start: number, end: number): number {
    const key = hashRange(text, start, end);
    const cached = this.cache.get(key);
    if (cached !== undefined && cached.length === end - start) {
      this.stats.cacheHits++;
      return cached.tokens;
    }
    this.stats.chunkEncodes++;
    let tokens: number;
    try {
      tokens = this.encodeCount(text.slice(start, end));
    } catch {
      return -1;
    }
    this.cache.set(key, { length: end - start, tokens });
    return tokens;
  }
}
