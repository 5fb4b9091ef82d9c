import { chunkBoundaries, hashRange, type ChunkingInfo } from './chunking';
import { estimateTokens } from './estimate';

interface CachedChunk {
  readonly length: number;
  readonly tokens: number;
}

/** `countRange` results that are not counts: the encoder failed, or the time budget deferred the chunk. */
const FAILED = -1;
const DEFERRED = -2;

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
 * Encoding time allowed per event-loop task, shared by the counters of one token service (the
 * editor's: a keystroke's recount must not block the extension host). Chunks not encoded in time
 * are estimated from the ratio of the chunks that were, and encoded by the next counts (the
 * cache keeps what each one did), so the estimate converges to the exact count.
 */
export class EncodeTimeBudget {
  private spentMs = 0;
  private resetScheduled = false;

  constructor(readonly msPerTask: number) {}

  get exhausted(): boolean {
    return this.spentMs >= this.msPerTask;
  }

  charge(ms: number): void {
    this.spentMs += ms;
    if (!this.resetScheduled) {
      this.resetScheduled = true;
      // A new task starts with a fresh budget.
      setTimeout(() => {
        this.spentMs = 0;
        this.resetScheduled = false;
      }, 0);
    }
  }
}

/** A count and how far it is from exact. */
export interface ChunkedCount {
  readonly tokens: number;
  /** False when a long piece was cut, a chunk could not be encoded, or chunks were deferred. */
  readonly exact: boolean;
  /** Chunks left for a later count by the time budget (their tokens are estimated). */
  readonly deferred: boolean;
}

/**
 * Counts text as the sum of its chunks' counts (see `chunking.ts` for why that is exact), with
 * each chunk's count cached by content hash. After a keystroke only the edited chunk is encoded;
 * every other chunk costs a hash and a map lookup.
 */
export class ChunkedTokenCounter {
  private readonly cache: LruCache<number, CachedChunk>;
  readonly stats: ChunkCounterStats = { chunkEncodes: 0, cacheHits: 0 };

  /**
   * `deferEncode`, when given, is asked first about every chunk the cache does not know: when it
   * takes the chunk (to count it elsewhere and `store` the answer), the chunk is estimated for now.
   */
  constructor(
    private readonly encodeCount: (chunk: string) => number,
    maxEntries: number = DEFAULT_CHUNK_CACHE_ENTRIES,
    private readonly budget?: EncodeTimeBudget,
    private readonly deferEncode?: (key: number, text: string, start: number, end: number) => boolean,
  ) {
    this.cache = new LruCache(maxEntries);
  }

  /** A count made elsewhere for the chunk `key` of `length` characters (-1: it could not be encoded). */
  store(key: number, length: number, tokens: number): void {
    this.cache.set(key, { length, tokens });
  }

  count(text: string): number {
    return this.countWithExactness(text).tokens;
  }

  /**
   * The count, and whether it is exact: not when a long piece had to be cut (bounded time) or a
   * chunk could not be encoded (then estimated, see estimateTokens; one file never aborts a run).
   */
  countWithExactness(text: string): ChunkedCount {
    const info: ChunkingInfo = { forcedCuts: 0 };
    let total = 0;
    let start = 0;
    let exact = true;
    let countedChars = 0;
    let unknownChars = 0;
    const unknownRanges: Array<[number, number]> = [];
    let deferred = false;
    for (const end of chunkBoundaries(text, info)) {
      const counted = this.countRange(text, start, end);
      if (counted === DEFERRED) deferred = true;
      if (counted < 0) {
        exact = false;
        unknownChars += end - start;
        unknownRanges.push([start, end]);
      } else {
        total += counted;
        countedChars += end - start;
      }
      start = end;
    }
    // What was not encoded is estimated at the ratio of what was in this text, or from its pieces
    // when none of it was (a window's first count, before the tokenizer has loaded).
    if (unknownChars > 0) total += countedChars > 0 && total > 0 ? Math.ceil(unknownChars * (total / countedChars)) : estimateTokens(text, unknownRanges);
    return { tokens: total, exact: exact && info.forcedCuts === 0, deferred };
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
      return cached.tokens < 0 ? FAILED : cached.tokens;
    }
    if (this.deferEncode?.(key, text, start, end)) return DEFERRED;
    if (this.budget?.exhausted) return DEFERRED;
    this.stats.chunkEncodes++;
    let tokens: number;
    const started = this.budget ? performance.now() : 0;
    try {
      tokens = this.encodeCount(text.slice(start, end));
    } catch {
      return FAILED;
    } finally {
      if (this.budget) this.budget.charge(performance.now() - started);
    }
    this.cache.set(key, { length: end - start, tokens });
    return tokens;
  }
}
