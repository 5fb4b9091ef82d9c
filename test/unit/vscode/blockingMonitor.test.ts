import { afterEach, describe, expect, it, vi } from 'vitest';
import { BlockingMonitor, TypingBlocks } from '../../../src/vscode/blockingMonitor';

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

describe('BlockingMonitor block list', () => {
  it('lists every block over its threshold with when it ended', () => {
    vi.useFakeTimers();
    let now = 0;
    const monitor = new BlockingMonitor(10, () => now, 30);
    const tick = (ms: number): void => { now += ms; vi.advanceTimersByTime(10); };
    tick(10);
    tick(50); // blocked 40 ms
    tick(30); // blocked 20 ms: under the threshold
    tick(110); // blocked 100 ms
    monitor.stop();
    expect(monitor.blocks).toEqual([[60, 40], [200, 100]]);
  });
});

describe('TypingBlocks', () => {
  it('reports the longest block of each typing burst, the first three always and later ones only over 50 ms', () => {
    vi.useFakeTimers();
    let now = 0;
    const lines: string[] = [];
    const typing = new TypingBlocks((line) => lines.push(line), () => now);
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
});
