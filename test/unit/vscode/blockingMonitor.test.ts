import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockingMonitor } from '../../../src/vscode/blockingMonitor';

afterEach(() => vi.useRealTimers());

describe('BlockingMonitor', () => {
  it('counts a block that starts before its first tick (the baseline is its start), and the longest one wins', () => {
    vi.useFakeTimers();
    let now = 1000;
    const monitor = new BlockingMonitor(10, () => now);
    // A 300 ms synchronous task right away: the first tick comes 300 ms late.
    now += 310;
    vi.advanceTimersByTime(10);
    // Then normal ticks, and a 70 ms block later.
    for (let i = 0; i < 5; i++) { now += 10; vi.advanceTimersByTime(10); }
    now += 80;
    vi.advanceTimersByTime(10);
    expect(monitor.stop()).toBe(300);
    expect(monitor.longestEndedAfter).toBe(310);
    // Stopped: later blocks are not measured.
    now += 5000;
    vi.advanceTimersByTime(10);
    expect(monitor.stop()).toBe(300);
  });
});
