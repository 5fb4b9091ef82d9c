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
  /** Every block over `listMs`, as [ended ms after start, length ms], to tell what they were. */
  readonly blocks: Array<[number, number]> = [];
  private readonly started: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly tickMs = 10, now: () => number = () => performance.now(), private readonly listMs = 30) {
    this.last = now();
    this.started = this.last;
    this.timer = setInterval(() => {
      const t = now();
      const blocked = t - this.last - this.tickMs;
      if (blocked > this.listMs && this.blocks.length < 50) this.blocks.push([Math.round(t - this.started), Math.round(blocked)]);
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

/** Quiet time after an edit that ends a typing burst. */
const BURST_END_MS = 2_000;
/** Bursts always logged at the start of a session (read by bench/activation.bench.mjs); later ones only when a block passes the goal. */
const LOGGED_BURSTS = 3;
const BLOCK_GOAL_MS = 50;

/**
 * The longest block of the extension host while a prompt is edited: from a burst's first edit to
 * 2 s after its last (the debounced checks, counts and hints it sets off included). The first few
 * bursts are logged, later ones only when a task blocked for more than 50 ms.
 */
export class TypingBlocks {
  private monitor: BlockingMonitor | undefined;
  private edits = 0;
  private bursts = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly log: (line: string) => void, private readonly now?: () => number) {}

  noteEdit(): void {
    this.monitor ??= new BlockingMonitor(10, this.now);
    this.edits++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.endBurst(), BURST_END_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.monitor?.stop();
  }

  private endBurst(): void {
    const longest = this.monitor?.stop() ?? 0;
    const edits = this.edits;
    this.monitor = undefined;
    this.edits = 0;
    if (++this.bursts <= LOGGED_BURSTS || longest > BLOCK_GOAL_MS) {
      this.log(`metrics: longest blocking task while typing ${longest} ms (${edits} edits, until 2 s after the last)`);
    }
  }
}
