import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockingMonitor, formatBlock, linuxThreadTimes, threadShare, TypingBlocks, type ThreadTimes } from '../../../src/vscode/blockingMonitor';

afterEach(() => vi.useRealTimers());

/** No scheduler numbers (as on macOS or Windows). */
const noThreadTimes = (): ThreadTimes | undefined => undefined;

describe('BlockingMonitor', () => {
  it('counts a block that starts before its first tick (the baseline is its start), and the longest one wins', () => {
    vi.useFakeTimers();
    let now = 1000;
    const monitor = new BlockingMonitor(10, () => now, 30, noThreadTimes);
    // A 300 ms synchronous task right away: the first tick comes 300 ms late.
    now += 310;
    vi.advanceTimersByTime(10);
    // Then normal ticks, and a 70 ms block later.
    for (let i = 0; i < 5; i++) { now += 10; vi.advanceTimersByTime(10); }
    now += 80;
    vi.advanceTimersByTime(10);
    expect(monitor.stop()).toEqual({ endedAfter: 310, ms: 300 });
    expect(monitor.longestRunMs).toBeUndefined();
    // Stopped: later blocks are not measured.
    now += 5000;
    vi.advanceTimersByTime(10);
    expect(monitor.stop().ms).toBe(300);
  });

  it('lists every block over its threshold with when it ended', () => {
    vi.useFakeTimers();
    let now = 0;
    const monitor = new BlockingMonitor(10, () => now, 30, noThreadTimes);
    const tick = (ms: number): void => { now += ms; vi.advanceTimersByTime(10); };
    tick(10);
    tick(50); // blocked 40 ms
    tick(30); // blocked 20 ms: under the threshold
    tick(110); // blocked 100 ms
    monitor.stop();
    expect(monitor.blocks).toEqual([{ endedAfter: 60, ms: 40 }, { endedAfter: 200, ms: 100 }]);
  });

  it('tells a task (the thread ran) from starvation (the thread waited for a CPU) with the scheduler numbers', () => {
    vi.useFakeTimers();
    let now = 0;
    let ran = 0;
    let waited = 0;
    const monitor = new BlockingMonitor(10, () => now, 30, () => ({ ranMs: ran, waitedMs: waited }));
    const tick = (ms: number, ranMs: number): void => { now += ms; ran += ranMs; waited += ms - ranMs; vi.advanceTimersByTime(10); };
    tick(10, 2);
    tick(70, 65); // a 60 ms block, a task: the thread ran 65 ms (60 of them count against the block)
    tick(10, 1);
    tick(110, 8); // a 100 ms block, starvation: the thread ran 8 ms and waited the rest
    const longest = monitor.stop();
    expect(monitor.blocks).toEqual([{ endedAfter: 80, ms: 60, ranMs: 60, waitedMs: 5 }, { endedAfter: 200, ms: 100, ranMs: 8, waitedMs: 100 }]);
    expect(longest).toEqual({ endedAfter: 200, ms: 100, ranMs: 8, waitedMs: 100 });
    expect(monitor.longestRunMs, 'the longest block counting only what the thread ran').toBe(60);
    expect(formatBlock(longest)).toBe('100 ms (ran 8, waited for a CPU 100)');
    expect(formatBlock({ endedAfter: 1, ms: 40 })).toBe('40 ms');
    expect(threadShare(longest)).toBe('; the thread ran 8 ms of it and waited 100 ms for a CPU');
    expect(threadShare({ endedAfter: 1, ms: 40 })).toBe('');
  });
});

describe('linuxThreadTimes', () => {
  it.runIf(process.platform === 'linux')("reads this thread's run time from the Linux scheduler: it grows while the thread computes", () => {
    const read = linuxThreadTimes();
    expect(read).toBeDefined();
    const before = read?.();
    const until = performance.now() + 40;
    let spin = 0;
    while (performance.now() < until) spin++;
    const after = read?.();
    expect(spin).toBeGreaterThan(0);
    expect(before && after).toBeTruthy();
    if (!before || !after) return;
    // 40 ms of spinning: the thread ran for most of it (a busy CI machine may take some away).
    expect(after.ranMs - before.ranMs).toBeGreaterThan(10);
    expect(after.ranMs - before.ranMs).toBeLessThan(1_000);
    expect(after.waitedMs).toBeGreaterThanOrEqual(before.waitedMs);
  });

  it.runIf(process.platform !== 'linux')('is undefined off Linux (no per-thread scheduler numbers to read)', () => {
    expect(linuxThreadTimes()).toBeUndefined();
  });
});

describe('TypingBlocks', () => {
  it('reports the longest block of each typing burst, the first three always and later ones only over 50 ms', () => {
    vi.useFakeTimers();
    let now = 0;
    const lines: string[] = [];
    const typing = new TypingBlocks((line) => lines.push(line), () => now, noThreadTimes);
    const elapse = (ms: number, blockedMs = 0): void => {
      // One tick late by `blockedMs`, then time passes normally.
      now += 10 + blockedMs;
      vi.advanceTimersByTime(10);
      for (let t = 10; t < ms; t += 10) { now += 10; vi.advanceTimersByTime(10); }
    };
    const burst = (blockedMs: number): void => {
      typing.noteEdit();
      elapse(100, blockedMs);
      typing.noteEdit();
      elapse(2_100);
    };
    burst(70);
    expect(lines).toEqual(['metrics: longest blocking task while typing 70 ms (2 edits, until 2 s after the last)']);
    burst(20);
    burst(10);
    expect(lines).toHaveLength(3);
    burst(30);
    expect(lines, 'a fourth burst under 50 ms is not logged').toHaveLength(3);
    burst(80);
    expect(lines[3]).toBe('metrics: longest blocking task while typing 80 ms (2 edits, until 2 s after the last)');
    typing.dispose();
  });

  it("says how much of the longest block the thread ran, where the scheduler's numbers exist", () => {
    vi.useFakeTimers();
    let now = 0;
    let ran = 0;
    const lines: string[] = [];
    const typing = new TypingBlocks((line) => lines.push(line), () => now, () => ({ ranMs: ran, waitedMs: 0 }));
    typing.noteEdit();
    now += 70;
    ran += 25;
    vi.advanceTimersByTime(10);
    vi.advanceTimersByTime(2_100);
    expect(lines).toEqual(['metrics: longest blocking task while typing 60 ms (1 edits, until 2 s after the last); the thread ran 25 ms of it and waited 0 ms for a CPU']);
    typing.dispose();
  });
});

describe('BlockingMonitor defaults', () => {
  it.runIf(process.platform === 'linux')("reads the thread's scheduler numbers when none are given", () => {
    vi.useFakeTimers();
    let now = 0;
    const monitor = new BlockingMonitor(10, () => now);
    now += 60;
    vi.advanceTimersByTime(10);
    const longest = monitor.stop();
    expect(longest.ms).toBe(50);
    expect(longest.ranMs, 'the real thread barely ran while the fake clock jumped').toBeLessThan(50);
    expect(monitor.longestRunMs).toBeDefined();
  });
});
