/**
 * The longest stretch the extension host's event loop could not run a timer, from `start` on:
 * a 10 ms interval notes how late each tick is. Unlike `perf_hooks.monitorEventLoopDelay`, whose
 * first tick only sets its baseline (a block right after activation would go unseen), the
 * baseline here is the moment the monitor starts, so activation and what runs right after it count.
 */
export class BlockingMonitor {
  private last: number;
  private longest = 0;
  private longestEnd = 0;
  private readonly started: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly tickMs = 10, now: () => number = () => performance.now()) {
    this.last = now();
    this.started = this.last;
    this.timer = setInterval(() => {
      const t = now();
      const blocked = t - this.last - this.tickMs;
      if (blocked > this.longest) {
        this.longest = blocked;
        this.longestEnd = t;
      }
      this.last = t;
    }, tickMs);
    // Never keep a process alive just to measure it.
    this.timer.unref?.();
  }

  /** When the longest block so far ended, in ms after the monitor started (to tell what it was). */
  get longestEndedAfter(): number {
    return Math.round(this.longestEnd - this.started);
  }

  /** Stops measuring and returns the longest block seen, in ms (≥ 0). */
  stop(): number {
    clearInterval(this.timer);
    return Math.max(0, Math.round(this.longest));
  }
}
