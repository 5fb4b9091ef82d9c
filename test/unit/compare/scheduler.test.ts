import { describe, expect, it } from 'vitest';
import { EndpointLimiter, retryDelayMs, Scheduler } from '../../../src/core/compare';
import { ProviderError } from '../../../src/core/providers';
import { instantClock } from './helpers';

const error = (kind: ProviderError['kind'], retryAfterMs?: number): ProviderError =>
  new ProviderError({ kind, message: kind, provider: 'p', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });

const OPTIONS = { concurrency: 4, maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 60_000 };

describe('retry delays', () => {
  it('backs off exponentially with ±20% jitter, capped; retry-after wins (capped too)', () => {
    expect([1, 2, 3].map((r) => retryDelayMs(r, error('server'), OPTIONS, () => 0.5))).toEqual([1000, 2000, 4000]);
    expect(retryDelayMs(1, error('server'), OPTIONS, () => 0)).toBe(800);
    expect(retryDelayMs(1, error('server'), OPTIONS, () => 1)).toBe(1200);
    expect(retryDelayMs(10, error('server'), OPTIONS, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, error('rate-limit', 2500), OPTIONS, () => 0)).toBe(2500);
    expect(retryDelayMs(1, error('rate-limit', 10 * 60_000), OPTIONS, () => 0)).toBe(60_000);
  });
});

describe('EndpointLimiter', () => {
  it('halves on a rate limit (not below 1) and grows ×1.5 after 5 successes in a row, up to the maximum', () => {
    const limiter = new EndpointLimiter(4);
    limiter.rateLimited();
    expect(limiter.limit).toBe(2);
    limiter.rateLimited();
    limiter.rateLimited();
    expect(limiter.limit).toBe(1);
    for (let i = 0; i < 4; i++) limiter.succeeded();
    expect(limiter.limit).toBe(1);
    limiter.succeeded();
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 5; i++) limiter.succeeded();
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 5; i++) limiter.succeeded();
    expect(limiter.limit).toBe(4);
    for (let i = 0; i < 10; i++) limiter.succeeded();
    expect(limiter.limit).toBe(4);
  });

  it('never runs more than the limit at once, and a waiting acquire can be aborted', async () => {
    const limiter = new EndpointLimiter(2);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    let third = false;
    const c = limiter.acquire().then((release) => {
      third = true;
      return release;
    });
    const controller = new AbortController();
    const d = limiter.acquire(controller.signal);
    controller.abort();
    await expect(d).rejects.toThrow(/abort/);
    await Promise.resolve();
    expect(third).toBe(false);
    expect(limiter.running).toBe(2);
    a();
    (await c)();
    b();
    expect(limiter.running).toBe(0);
  });
});

describe('Scheduler', () => {
  it('retries retryable errors up to maxRetries, then rejects with the last error; others fail at once', async () => {
    const clock = instantClock();
    const scheduler = new Scheduler(OPTIONS, clock);
    let calls = 0;
    await expect(
      scheduler.run('e', () => {
        calls++;
        return Promise.reject(error('overloaded'));
      }),
    ).rejects.toMatchObject({ kind: 'overloaded' });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    calls = 0;
    await expect(
      scheduler.run('e', () => {
        calls++;
        return Promise.reject(error('auth'));
      }),
    ).rejects.toMatchObject({ kind: 'auth' });
    expect(calls).toBe(1);
  });

  it('a 429 halves that endpoint\'s concurrency only, and the call recovers', async () => {
    const scheduler = new Scheduler(OPTIONS, instantClock());
    let first = true;
    const retries: number[] = [];
    const value = await scheduler.run(
      'a',
      () => {
        if (first) {
          first = false;
          return Promise.reject(error('rate-limit', 300));
        }
        return Promise.resolve('ok');
      },
      { onRetry: (n) => retries.push(n.delayMs) },
    );
    expect(value).toBe('ok');
    expect(retries).toEqual([300]);
    expect(scheduler.limiter('a').limit).toBe(2);
    expect(scheduler.limiter('b').limit).toBe(4);
  });

  it('keeps at most `concurrency` tasks of one endpoint in flight', async () => {
    const scheduler = new Scheduler({ ...OPTIONS, concurrency: 3 }, instantClock());
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        scheduler.run('e', async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
});
