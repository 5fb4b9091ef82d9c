import { Worker } from 'node:worker_threads';
import type { EncodingName } from './encodings';

/**
 * Counts chunks somewhere else than the calling thread. The token service sends it the chunks its
 * cache does not know and counts them `≈` until the answer comes back (see `TokenService.settled`).
 */
export interface ChunkEncoder {
  /** Token counts of `texts` (plain text, special tokens counted as text), in order; -1 for a text that could not be encoded. */
  encode(encoding: EncodingName, texts: readonly string[]): Promise<number[]>;
}

/** Messages to the tokenizer worker. */
export type TokenizerWorkerRequest =
  | { readonly kind: 'warm'; readonly encodings: readonly EncodingName[] }
  | { readonly kind: 'encode'; readonly id: number; readonly encoding: EncodingName; readonly texts: readonly string[] };

/** Messages from the tokenizer worker. */
export type TokenizerWorkerReply =
  /** `niceness`: the worker thread's lowered priority (Linux), for the log. */
  | { readonly kind: 'warmed'; readonly loadMs: number; readonly niceness?: number }
  | { readonly kind: 'counts'; readonly id: number; readonly counts: readonly number[] }
  | { readonly kind: 'failed'; readonly id?: number; readonly message: string };

interface Pending {
  resolve(counts: number[]): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export interface WorkerChunkEncoderOptions {
  /** An answer that takes longer than this means the worker is stuck: it is stopped and every caller told. */
  readonly timeoutMs?: number;
  /** Builds the worker (tests inject a failing or crashing one). */
  readonly createWorker?: (scriptPath: string) => Worker;
  /** Called once the worker has loaded its encoders (the editor logs the time, and the thread's niceness when lowered). */
  readonly onWarmed?: (loadMs: number, niceness?: number) => void;
  /**
   * The worker starts only once this resolves; requests wait until then (`warm` included). Its
   * load takes a core for 0.3–1.3 s, which the editor keeps out of a window's first moments.
   */
  readonly startAfter?: Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Counts chunks in a `worker_threads` worker running `scriptPath` (the bundled
 * `tokenizerWorker.ts`, next to `tiktoken_bg.wasm`): loading tiktoken's WASM and building an
 * encoder takes 0.3–1.3 s of uninterrupted CPU, which must never land on the editor's thread.
 * After the worker fails (crash, timeout, missing WASM) every call rejects at once, so callers
 * fall back instead of waiting.
 */
export class WorkerChunkEncoder implements ChunkEncoder {
  private worker: Worker | undefined;
  private failure: Error | undefined;
  private warmedUp = false;
  private readonly warmWaiters: (() => void)[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutMs: number;

  /** Requests made before `startAfter` resolved, sent when it does. */
  private waiting: TokenizerWorkerRequest[] | undefined;

  constructor(private readonly scriptPath: string, private readonly options: WorkerChunkEncoderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.startAfter) {
      this.waiting = [];
      const release = (): void => {
        const waiting = this.waiting ?? [];
        this.waiting = undefined;
        for (const request of waiting) this.post(request);
      };
      options.startAfter.then(release, release);
    }
  }

  /** Starts the worker and has it load these encoders now, before the first count asks. */
  warm(encodings: readonly EncodingName[]): void {
    this.post({ kind: 'warm', encodings });
  }

  /** Whether the worker has loaded its encoders (after `warm`): then an answer takes milliseconds. */
  get warmed(): boolean {
    return this.warmedUp && !this.failure;
  }

  /** Resolves once the encoders are loaded, or the worker failed (then counting falls back): never hangs. */
  whenWarmed(): Promise<void> {
    if (this.warmedUp || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.warmWaiters.push(resolve));
  }

  /** Why the worker stopped, if it did. */
  get failed(): Error | undefined {
    return this.failure;
  }

  encode(encoding: EncodingName, texts: readonly string[]): Promise<number[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise<number[]>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => this.fail(new Error(`the tokenizer worker did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref?.();
      this.pending.set(id, { resolve, reject, timer });
      this.post({ kind: 'encode', id, encoding, texts });
    });
  }

  dispose(): void {
    this.fail(new Error('the tokenizer worker was stopped'));
  }

  private post(request: TokenizerWorkerRequest): void {
    if (this.waiting && !this.failure) {
      this.waiting.push(request);
      return;
    }
    const worker = this.start();
    if (!worker) {
      // Rejects what was just registered (and anything else) without waiting.
      this.rejectAll(this.failure ?? new Error('the tokenizer worker is not running'));
      return;
    }
    worker.postMessage(request);
  }

  private start(): Worker | undefined {
    if (this.failure) return undefined;
    if (this.worker) return this.worker;
    try {
      const worker = (this.options.createWorker ?? ((path) => new Worker(path)))(this.scriptPath);
      // The worker never keeps a process (the CLI, a test) alive on its own.
      worker.unref();
      worker.on('message', (reply: TokenizerWorkerReply) => this.receive(reply));
      worker.on('error', (error) => this.fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => this.fail(new Error(`the tokenizer worker exited (code ${code})`)));
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    }
  }

  private receive(reply: TokenizerWorkerReply): void {
    if (reply.kind === 'warmed') {
      this.warmedUp = true;
      this.options.onWarmed?.(reply.loadMs, reply.niceness);
      this.releaseWarmWaiters();
      return;
    }
    if (reply.id === undefined) {
      // A failure outside any request (the warm-up): the tokenizer cannot load.
      this.fail(new Error(reply.kind === 'failed' ? reply.message : 'unexpected reply from the tokenizer worker'));
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.kind === 'counts') pending.resolve([...reply.counts]);
    else pending.reject(new Error(reply.message));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      // An error event after the listeners are gone must not become an uncaught exception.
      worker.on('error', () => undefined);
      void worker.terminate();
    }
    this.rejectAll(this.failure);
    this.releaseWarmWaiters();
  }

  private releaseWarmWaiters(): void {
    for (const resolve of this.warmWaiters.splice(0)) resolve();
  }

  private rejectAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}
