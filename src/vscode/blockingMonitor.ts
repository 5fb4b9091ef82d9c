import { readFileSync } from 'node:fs';

/** How long a thread has run on a CPU, and waited for one while ready to run, in ms since it started. */
export interface ThreadTimes {
  readonly ranMs: number;
  readonly waitedMs: number;
}

/**
 * The calling thread's times from the Linux scheduler (`/proc/thread-self/schedstat`, in ns; a
 * synchronous read runs on the thread that makes it); undefined elsewhere. A timer that fires late
 * either waited behind a task on the thread (its run time grows) or for a CPU that other threads
 * held (its wait grows): on two cores, with the window busy, the second happens, and then no task
 * on this thread was to blame (though another thread of the process may have been).
 */
export function linuxThreadTimes(): (() => ThreadTimes | undefined) | undefined {
  if (process.platform !== 'linux') return undefined;
  const path = '/proc/thread-self/schedstat';
  const read = (): ThreadTimes | undefined => {
    try {
      const [ran, waited] = readFileSync(path, 'utf8').split(' ').map(Number);
      return ran !== undefined && waited !== undefined && Number.isFinite(ran) && Number.isFinite(waited) ? { ranMs: ran / 1e6, waitedMs: waited / 1e6 } : undefined;
    } catch {
      return undefined;
    }
  };
  return read() ? read : undefined;
}

/** One stretch in which the monitor's timer could not run: when it ended (ms after start), how long, and how much of it the thread ran. */
export interface Block {
  readonly endedAfter: number;
  readonly ms: number;
  /** The thread's own run time in the stretch; undefined without the scheduler's numbers. */
  readonly ranMs?: number;
  /** How long the thread waited for a CPU in the stretch, ready to run (the rest it slept: I/O, locks). */
  readonly waitedMs?: number;
}

/**
 * The longest stretch the extension host's event loop could not run a timer, from `start` on:
 * a 10 ms interval notes how late each tick is. Unlike `perf_hooks.monitorEventLoopDelay`, whose
 * first tick only sets its baseline (a block right after activation would go unseen), the
 * baseline here is the moment the monitor starts, so activation and what runs right after it count.
 * With the thread's times it also tells a task (the thread ran) from starvation (it waited for a CPU).
 */
export class BlockingMonitor {
  private last: number;
  private lastTimes: ThreadTimes | undefined;
  private longestBlock: Block = { endedAfter: 0, ms: 0 };
  private longestRun = 0;
  /** Every block over `listMs`, to tell what they were. */
  readonly blocks: Block[] = [];
  private readonly started: number;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly tickMs = 10,
    now: () => number = () => performance.now(),
    private readonly listMs = 30,
    threadTimes: (() => ThreadTimes | undefined) | undefined = linuxThreadTimes(),
  ) {
    this.last = now();
    this.started = this.last;
    this.lastTimes = threadTimes?.();
    this.timer = setInterval(() => {
      const t = now();
      const times = threadTimes?.();
      const blocked = t - this.last - this.tickMs;
      // The thread's run time since the last tick, counted against the lateness first (a pessimistic
      // split: some of it may have run within the tick's own 10 ms).
      const ran = times && this.lastTimes ? Math.max(0, Math.min(blocked, times.ranMs - this.lastTimes.ranMs)) : undefined;
      if (ran !== undefined) this.longestRun = Math.max(this.longestRun, ran);
      const waited = times && this.lastTimes ? Math.max(0, Math.min(blocked, times.waitedMs - this.lastTimes.waitedMs)) : undefined;
      const block: Block = {
        endedAfter: Math.round(t - this.started),
        ms: Math.round(blocked),
        ...(ran !== undefined && waited !== undefined ? { ranMs: Math.round(ran), waitedMs: Math.round(waited) } : {}),
      };
      if (blocked > this.listMs && this.blocks.length < 50) this.blocks.push(block);
      if (blocked > this.longestBlock.ms) this.longestBlock = block;
      this.last = t;
      this.lastTimes = times;
    }, tickMs);
    // Never keep a process alive just to measure it.
    this.timer.unref?.();
  }

  /**
   * The longest block counting only the thread's own run time, in ms (undefined without the
   * scheduler's numbers): the longest task, or tasks back to back, without waiting for a CPU.
   */
  get longestRunMs(): number | undefined {
    return this.lastTimes ? Math.round(this.longestRun) : undefined;
  }

  /** Stops measuring and returns the longest block seen (when it ended, in ms after the monitor started, tells what it was). */
  stop(): Block {
    clearInterval(this.timer);
    return this.longestBlock;
  }
}

/** A block as the log lists it: "length ms" and, where known, how much of it the thread ran and waited for a CPU. */
export function formatBlock(block: Block): string {
  return block.ranMs !== undefined ? `${block.ms} ms (ran ${block.ranMs}, waited for a CPU ${block.waitedMs ?? 0})` : `${block.ms} ms`;
}

/** After a longest block's length in the log: how much of it the thread ran and waited for a CPU, where known. */
export function threadShare(block: Block): string {
  return block.ranMs !== undefined ? `; the thread ran ${block.ranMs} ms of it and waited ${block.waitedMs ?? 0} ms for a CPU` : '';
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

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly threadTimes: (() => ThreadTimes | undefined) | undefined = linuxThreadTimes(),
  ) {}

  noteEdit(): void {
    this.monitor ??= new BlockingMonitor(10, this.now, undefined, this.threadTimes);
    this.edits++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.endBurst(), BURST_END_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.monitor?.stop();
  }

  private endBurst(): void {
    const longest = this.monitor?.stop() ?? { endedAfter: 0, ms: 0 };
    const edits = this.edits;
    this.monitor = undefined;
    this.edits = 0;
    if (++this.bursts <= LOGGED_BURSTS || longest.ms > BLOCK_GOAL_MS) {
      this.log(`metrics: longest blocking task while typing ${longest.ms} ms (${edits} edits, until 2 s after the last)${threadShare(longest)}`);
    }
  }
}
