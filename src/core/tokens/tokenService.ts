import {
  ANTHROPIC_ESTIMATED_TOKENS_PER_MESSAGE,
  ANTHROPIC_ESTIMATED_TOKENS_PER_REQUEST,
  estimateAnthropicTokens,
} from './anthropicEstimate';
import { ChunkedTokenCounter, DEFAULT_CHUNK_CACHE_ENTRIES, EncodeTimeBudget, LruCache, type ChunkCounterStats, type ChunkedCount } from './chunkedCounter';
import type { ChunkEncoder } from './chunkEncoder';
import type { EncodingName } from './encodings';
import { countWithTiktoken } from './tiktokenEncoders';
import { planTokenizer, type TokenizerPlan } from './tokenizerPlan';
import type {
  ChatMessageText,
  EndpointTokenizerConfig,
  ExactTokenCounter,
  MessagesCount,
  TokenCount,
} from './types';

/**
 * On a count with chunks not encoded yet (the time budget ran out, or the chunk encoder has not
 * answered): that part is estimated, and a recount continues (see `encodeTimeBudgetMs`, `chunkEncoder`).
 */
export const COUNT_CONTINUES_NOTE = 'part of the text is estimated while counting continues (≈)';

/** Why a count is `≈` when its text has a very long run without whitespace. */
export const LONG_PIECE_NOTE = 'very long runs without spaces (base64, hashes, separators) are counted in pieces: ≈ within a few tokens';

/** OpenAI cookbook ("How to count tokens with tiktoken"): every message is framed by 3 tokens… */
export const OPENAI_TOKENS_PER_MESSAGE = 3;
/** …and every reply is primed with `<|start|>assistant<|message|>`: 3 more. */
export const OPENAI_TOKENS_PER_REPLY = 3;

export interface TokenServiceOptions {
  /** Tokenizer per OpenAI-compatible endpoint, keyed by the provider part of model ids. */
  readonly endpoints?: Readonly<Record<string, EndpointTokenizerConfig>>;
  /** Anthropic count_tokens; without it `countMessagesExact` returns the estimate. */
  readonly anthropicCounter?: ExactTokenCounter;
  /** Gemini countTokens; without it `countMessagesExact` returns the estimate. */
  readonly geminiCounter?: ExactTokenCounter;
  /** Chunk counts cached per encoding (LRU). */
  readonly chunkCacheEntries?: number;
  /** Exact API counts cached (LRU), keyed by model + content. */
  readonly exactCacheEntries?: number;
  /**
   * Encoding time per event-loop task (the editor's keystroke path); chunks beyond it are
   * estimated, marked `≈` with COUNT_CONTINUES_NOTE, and encoded by the next counts. Default: none.
   */
  readonly encodeTimeBudgetMs?: number;
  /** Replaces tiktoken (tests count encoder calls with it). */
  readonly encodeCount?: (encoding: EncodingName, text: string) => number;
  /**
   * Counts new chunks off this thread (the editor's tokenizer worker): a count that meets a chunk
   * not in the cache estimates it (`≈`, COUNT_CONTINUES_NOTE) and sends it here; `settled` and
   * `whenIdle` wait for the answers. If the encoder fails, counting falls back to `encodeCount`.
   */
  readonly chunkEncoder?: ChunkEncoder;
  /** Told once when `chunkEncoder` failed and counting fell back to this thread. */
  readonly onChunkEncoderFailure?: (error: Error) => void;
}

/** Chunks per request to the chunk encoder (a long text's answers come back in parts). */
const CHUNKS_PER_REQUEST = 256;
/** `settled` recounts at most this often (an evicted chunk must not make it loop). */
const MAX_SETTLE_PASSES = 4;

interface QueuedChunk {
  readonly key: number;
  readonly text: string;
}

/** Error shape from the providers module: `kind` says why (e.g. 'rate-limit', 'auth'). */
interface ProviderErrorLike {
  readonly kind?: unknown;
  readonly message?: unknown;
}

/** What each exact-count API is called in notes, and the method its counts carry. */
const EXACT_APIS = {
  anthropic: { name: 'Anthropic count_tokens', vendor: 'Anthropic', method: 'anthropic:count_tokens' },
  gemini: { name: 'Gemini countTokens', vendor: 'Gemini', method: 'gemini:countTokens' },
} as const;

function exactFailureNote(api: keyof typeof EXACT_APIS, error: unknown): string {
  const { name } = EXACT_APIS[api];
  const { kind, message } = (typeof error === 'object' && error !== null ? error : {}) as ProviderErrorLike;
  if (kind === 'rate-limit') return `${name} is rate-limited; showing the offline estimate (≈). Try again shortly.`;
  if (kind === 'auth') return `${name} rejected the API key; showing the offline estimate (≈).`;
  if (kind === 'no-key' || kind === 'untrusted') return `${name} not asked (${typeof message === 'string' ? message : String(error)}); showing the offline estimate (≈).`;
  const detail = typeof message === 'string' && message ? message : String(error);
  return `${name} failed (${detail}); showing the offline estimate (≈).`;
}

/** Anthropic's `model` role is Dotprompt's name for `assistant`; OpenAI would see `assistant`. */
function openAiRoleName(role: string): string {
  return role === 'model' ? 'assistant' : role;
}

/**
 * Token counts for every target model. Holds the per-encoding chunk caches (so keystroke
 * recounts only encode what changed) and the cache of exact API counts.
 */
export class TokenService {
  private endpoints: Readonly<Record<string, EndpointTokenizerConfig>>;
  private anthropicCounter: ExactTokenCounter | undefined;
  private geminiCounter: ExactTokenCounter | undefined;
  private readonly counters = new Map<EncodingName, ChunkedTokenCounter>();
  private readonly exactCounts: LruCache<string, number>;
  private readonly exactInFlight = new Map<string, Promise<number>>();
  private readonly encodeCount: (encoding: EncodingName, text: string) => number;
  private readonly chunkCacheEntries: number;
  private readonly encodeBudget: EncodeTimeBudget | undefined;
  private chunkEncoder: ChunkEncoder | undefined;
  private readonly onChunkEncoderFailure: ((error: Error) => void) | undefined;
  /** Chunks waiting for the next request to the chunk encoder, and those sent and not answered, per encoding. */
  private readonly queued = new Map<EncodingName, QueuedChunk[]>();
  private readonly awaited = new Map<EncodingName, Set<number>>();
  private requestsInFlight = 0;
  private flushScheduled = false;
  private idleWaiters: (() => void)[] = [];
  private deferralCount = 0;

  constructor(options: TokenServiceOptions = {}) {
    this.chunkEncoder = options.chunkEncoder;
    this.onChunkEncoderFailure = options.onChunkEncoderFailure;
    this.encodeBudget = options.encodeTimeBudgetMs !== undefined ? new EncodeTimeBudget(options.encodeTimeBudgetMs) : undefined;
    this.endpoints = options.endpoints ?? {};
    this.anthropicCounter = options.anthropicCounter;
    this.geminiCounter = options.geminiCounter;
    this.encodeCount = options.encodeCount ?? countWithTiktoken;
    this.chunkCacheEntries = options.chunkCacheEntries ?? DEFAULT_CHUNK_CACHE_ENTRIES;
    this.exactCounts = new LruCache(options.exactCacheEntries ?? 500);
  }

  /** Settings changed: new endpoint tokenizers or new (or no) exact counters. */
  configure(options: Pick<TokenServiceOptions, 'endpoints' | 'anthropicCounter' | 'geminiCounter'>): void {
    if (options.endpoints) this.endpoints = options.endpoints;
    if ('anthropicCounter' in options) this.anthropicCounter = options.anthropicCounter;
    if ('geminiCounter' in options) this.geminiCounter = options.geminiCounter;
  }

  plan(modelId: string): TokenizerPlan {
    return planTokenizer(modelId, this.endpoints);
  }

  countText(text: string, modelId: string): TokenCount {
    const plan = this.plan(modelId);
    const counted = this.countPlainWithExactness(text, plan);
    return {
      tokens: counted.tokens,
      exact: plan.exact && counted.exact,
      method: plan.method,
      ...(plan.note ? { note: plan.note } : {}),
    };
  }

  /** Offline count of a chat request: message texts plus framing (see the constants above). */
  countMessages(messages: readonly ChatMessageText[], modelId: string): MessagesCount {
    const plan = this.plan(modelId);
    const counted = messages.map((message) => this.countPlainWithExactness(message.text, plan));
    const perMessage = counted.map((c) => c.tokens);
    // Role names are counted (and cached) like the texts, so a deferred one makes the count ≈ too.
    const roles = plan.family === 'anthropic' ? [] : messages.map((message) => this.counterFor(plan.encoding).countWithExactness(openAiRoleName(message.role)));
    const piecesExact = [...counted, ...roles].every((c) => c.exact);
    const deferred = [...counted, ...roles].some((c) => c.deferred);
    const overhead = plan.family === 'anthropic'
      ? messages.length * ANTHROPIC_ESTIMATED_TOKENS_PER_MESSAGE + ANTHROPIC_ESTIMATED_TOKENS_PER_REQUEST
      : roles.reduce((sum, role) => sum + OPENAI_TOKENS_PER_MESSAGE + role.tokens, OPENAI_TOKENS_PER_REPLY);
    const total = perMessage.reduce((sum, tokens) => sum + tokens, 0) + overhead;
    const note = piecesExact ? plan.note : [plan.note, deferred ? COUNT_CONTINUES_NOTE : LONG_PIECE_NOTE].filter(Boolean).join('; ');
    return { total, exact: plan.exact && piecesExact, method: plan.method, perMessage, overhead, ...(note ? { note } : {}) };
  }

  /**
   * Like `countMessages`, but Anthropic and Gemini models are counted by their provider's API
   * (count_tokens, countTokens). Each distinct (API, model, messages) is sent once; failures (rate
   * limit, no key, network) fall back to the estimate with a note and are not cached, so a later
   * call retries.
   */
  async countMessagesExact(messages: readonly ChatMessageText[], modelId: string): Promise<MessagesCount> {
    const estimate = this.countMessages(messages, modelId);
    const plan = this.plan(modelId);
    const api = plan.exactApi;
    if (!api) return estimate;
    const counter = api === 'anthropic' ? this.anthropicCounter : this.geminiCounter;
    const { name, vendor, method } = EXACT_APIS[api];
    if (!counter) {
      return { ...estimate, note: `no ${vendor} API access configured; showing the offline estimate (≈)` };
    }
    const key = JSON.stringify([api, plan.model, messages.map((m) => [m.role, m.text])]);
    try {
      const total = await this.exactTotal(key, () => counter(plan.model, messages));
      const contentEstimate = estimate.perMessage.reduce((sum, tokens) => sum + tokens, 0);
      return {
        total,
        exact: true,
        method,
        perMessage: estimate.perMessage,
        overhead: Math.max(0, total - contentEstimate),
        note: `total from ${name}; the per-message split is estimated`,
      };
    } catch (error) {
      return { ...estimate, note: exactFailureNote(api, error) };
    }
  }

  /** Whether new chunks are counted off this thread (false without a chunk encoder, or after it failed). */
  get countsOffThread(): boolean {
    return this.chunkEncoder !== undefined;
  }

  /** How many times so far a count met a chunk it had to estimate and leave for later. */
  get deferrals(): number {
    return this.deferralCount;
  }

  /** Resolves when every chunk sent to the chunk encoder has its count in the cache (at once if none is out). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs `compute` (anything that counts with this service) until none of its counts had to be
   * estimated: after a pass that left chunks to the chunk encoder, waits for their answers and
   * computes again, which then reads them from the cache. Without a chunk encoder: one pass.
   */
  async settled<T>(compute: () => T | Promise<T>): Promise<T> {
    for (let pass = 1; ; pass++) {
      const before = this.deferralCount;
      const result = await compute();
      if (this.deferralCount === before || pass >= MAX_SETTLE_PASSES) return result;
      await this.whenIdle();
    }
  }

  /** Encoder work so far, per encoding (benchmarks and tests). */
  stats(encoding: EncodingName): Readonly<ChunkCounterStats> {
    return { ...this.counterFor(encoding).stats };
  }

  private async exactTotal(key: string, request: () => Promise<number>): Promise<number> {
    const cached = this.exactCounts.get(key);
    if (cached !== undefined) return cached;
    let pending = this.exactInFlight.get(key);
    if (!pending) {
      pending = request();
      this.exactInFlight.set(key, pending);
    }
    try {
      const total = await pending;
      this.exactCounts.set(key, total);
      return total;
    } finally {
      this.exactInFlight.delete(key);
    }
  }

  private countPlainWithExactness(text: string, plan: TokenizerPlan): ChunkedCount {
    const counted = this.counterFor(plan.encoding).countWithExactness(text);
    return plan.family === 'anthropic' ? { ...counted, tokens: estimateAnthropicTokens(counted.tokens) } : counted;
  }

  private counterFor(encoding: EncodingName): ChunkedTokenCounter {
    let counter = this.counters.get(encoding);
    if (!counter) {
      counter = new ChunkedTokenCounter(
        (chunk) => this.encodeCount(encoding, chunk),
        this.chunkCacheEntries,
        this.encodeBudget,
        (key, text, start, end) => this.deferChunk(encoding, key, text, start, end),
      );
      this.counters.set(encoding, counter);
    }
    return counter;
  }

  private get busy(): boolean {
    return this.requestsInFlight > 0 || this.queued.size > 0;
  }

  /** Takes a chunk the cache does not know for the chunk encoder (once, however often it is counted meanwhile). */
  private deferChunk(encoding: EncodingName, key: number, text: string, start: number, end: number): boolean {
    if (!this.chunkEncoder) return false;
    this.deferralCount++;
    let awaited = this.awaited.get(encoding);
    if (!awaited) this.awaited.set(encoding, (awaited = new Set()));
    if (awaited.has(key)) return true;
    awaited.add(key);
    let queue = this.queued.get(encoding);
    if (!queue) this.queued.set(encoding, (queue = []));
    queue.push({ key, text: text.slice(start, end) });
    this.counterFor(encoding).stats.chunkEncodes++;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the current count: one request for all the chunks it met.
      queueMicrotask(() => this.flush());
    }
    return true;
  }

  private flush(): void {
    this.flushScheduled = false;
    const encoder = this.chunkEncoder;
    const batches = [...this.queued];
    this.queued.clear();
    for (const [encoding, chunks] of batches) {
      for (let from = 0; from < chunks.length; from += CHUNKS_PER_REQUEST) {
        const part = chunks.slice(from, from + CHUNKS_PER_REQUEST);
        if (!encoder) {
          this.forget(encoding, part);
          continue;
        }
        this.requestsInFlight++;
        void encoder.encode(encoding, part.map((c) => c.text)).then(
          (counts) => {
            const counter = this.counterFor(encoding);
            part.forEach((chunk, i) => counter.store(chunk.key, chunk.text.length, counts[i] ?? -1));
          },
          (error: unknown) => this.chunkEncoderFailed(error instanceof Error ? error : new Error(String(error))),
        ).finally(() => {
          this.forget(encoding, part);
          this.requestsInFlight--;
          this.resolveIdleWaiters();
        });
      }
    }
    this.resolveIdleWaiters();
  }

  private forget(encoding: EncodingName, chunks: readonly QueuedChunk[]): void {
    const awaited = this.awaited.get(encoding);
    for (const chunk of chunks) awaited?.delete(chunk.key);
  }

  /** The chunk encoder is gone: count on this thread from now on (the next counts encode what was pending). */
  private chunkEncoderFailed(error: Error): void {
    if (!this.chunkEncoder) return;
    this.chunkEncoder = undefined;
    this.onChunkEncoderFailure?.(error);
  }

  private resolveIdleWaiters(): void {
    if (this.busy || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
