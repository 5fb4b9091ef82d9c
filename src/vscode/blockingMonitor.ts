/**
 * The longest stretch the extension host's event loop could not run a timer, from `start` on:
 * a 10 ms interval notes how late each tick is. Unlike `perf_hooks.monitorEventLoopDelay`, whose
 * first tick only sets its baseline (a block right after activation would go unseen), the
 * baseline here is the moment the monitor starts, so activation and what runs right after it count.
 */
export class BlockingMonitor {
  private last: number;
  private longest = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly tickMs = 10, now: () => number = () => performance.now()) {
    this.last = now();
    this.timer = setInterval(() => {
      const t = now();
      this.longest = Math.max(this.longest, t - this.last - this.tickMs);
      this.last = t;
    }, tickMs);
    // Never keep a process alive just to measure it.
    this.timer.unref?.();
  }

  /** Stops measuring and returns the longest block seen, in ms (≥ 0). */
  stop(): number {
    clearInterval(this.timer);
    return Math.max(0, Math.round(this.longest));
  }
}
