/**
 * Per-endpoint concurrency with promptfoo-like adaptivity (halve on 429, grow ×1.5 after 5
 * successes in a row, never above the configured limit) and the only retry layer of a comparison
 * (the SDKs' own retries are off): 429/5xx/529/timeouts/resets, `retry-after` first, else
 * exponential backoff with ±20% jitter, bounded by the retry count and the delay cap.
 */
import { ProviderError } from '../providers/errors';
import type { Clock, SchedulerOptions } from './types';

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_BASE_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 60_000;
const JITTER = 0.2;
const SUCCESSES_TO_GROW = 5;
const GROWTH = 1.5;

export interface RetryNotice {
  /** The attempt that runs next (2 = first retry). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: ProviderError;
}

/** A slot pool whose size adapts to rate limiting. */
export class EndpointLimiter {
  private active = 0;
  private streak = 0;
  private readonly waiters: (() => void)[] = [];
  limit: number;

  constructor(readonly max: number) {
    this.limit = max;
  }

  get running(): number {
    return this.active;
  }

  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.pump();
        });
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new DOMException('aborted', 'AbortError'));
      };
      if (signal?.aborted) {
        reject(new DOMException('aborted', 'AbortError'));
        return;
      }
      if (this.active < this.limit && this.waiters.length === 0) grant();
      else {
        this.waiters.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  rateLimited(): void {
    this.streak = 0;
    this.limit = Math.max(1, Math.floor(this.limit / 2));
  }

  succeeded(): void {
    if (this.limit >= this.max) return;
    if (++this.streak >= SUCCESSES_TO_GROW) {
      this.streak = 0;
      this.limit = Math.min(this.max, Math.ceil(this.limit * GROWTH));
      this.pump();
    }
  }

  private pump(): void {
    while (this.active < this.limit && this.waiters.length > 0) (this.waiters.shift() as () => void)();
  }
}

/**
 * Worth another attempt: rate limits, overload, 5xx, timeouts, connection errors, and a stream
 * cut off mid-way (a reset after the headers; it carries the partial text), but not a reply that
 * was whole yet unusable.
 */
export function isTransient(error: unknown): error is ProviderError {
  return error instanceof ProviderError && (error.retryable || (error.kind === 'bad-response' && error.partialText !== undefined));
}

/** The delay before retry number `retry` (1-based): retry-after when the server gave one, else backoff with jitter. */
export function retryDelayMs(retry: number, error: ProviderError, options: Required<SchedulerOptions>, random: () => number): number {
  if (error.retryAfterMs !== undefined) return Math.min(options.maxDelayMs, Math.max(0, error.retryAfterMs));
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.min(options.maxDelayMs, Math.max(0, Math.round(exponential * (1 + JITTER * (2 * random() - 1)))));
}

export function schedulerDefaults(options: SchedulerOptions = {}): Required<SchedulerOptions> {
  return {
    concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES)),
    baseDelayMs: options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
  };
}

export class Scheduler {
  private readonly limiters = new Map<string, EndpointLimiter>();
  readonly options: Required<SchedulerOptions>;

  constructor(
    options: SchedulerOptions,
    private readonly clock: Clock,
  ) {
    this.options = schedulerDefaults(options);
  }

  limiter(endpoint: string): EndpointLimiter {
    let limiter = this.limiters.get(endpoint);
    if (!limiter) this.limiters.set(endpoint, (limiter = new EndpointLimiter(this.options.concurrency)));
    return limiter;
  }

  /**
   * Runs `task` in a slot of `endpoint`, retrying retryable ProviderErrors. `onAttempt` is called
   * when an attempt gets its slot; `onRetry` before waiting for the next. Rejects with the last
   * error, or an AbortError/cancelled ProviderError when `signal` aborts.
   */
  async run<T>(
    endpoint: string,
    task: (attempt: number) => Promise<T>,
    hooks: { signal?: AbortSignal; onAttempt?: (attempt: number) => void; onRetry?: (notice: RetryNotice) => void } = {},
  ): Promise<T> {
    const limiter = this.limiter(endpoint);
    for (let attempt = 1; ; attempt++) {
      const release = await limiter.acquire(hooks.signal);
      let failure: unknown;
      try {
        hooks.onAttempt?.(attempt);
        const result = await task(attempt);
        limiter.succeeded();
        return result;
      } catch (error) {
        failure = error;
      } finally {
        release();
      }
      if (!isTransient(failure) || hooks.signal?.aborted || attempt > this.options.maxRetries) throw failure;
      if (failure.kind === 'rate-limit') limiter.rateLimited();
      const delayMs = retryDelayMs(attempt, failure, this.options, this.clock.random);
      hooks.onRetry?.({ attempt: attempt + 1, delayMs, error: failure });
      await this.clock.sleep(delayMs, hooks.signal);
    }
  }
}
