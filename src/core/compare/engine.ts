/**
 * The comparison engine: (prompt, inputs, models, repeat) — or (a prompt per column on its own
 * model, inputs, repeat) — → a grid of cells, run through the
 * scheduler and the response cache, streamed to the caller as CompareEvents. The editor and the
 * CLI call this one function with their own I/O.
 */
import { createHash } from 'node:crypto';
import { usageCost } from '../pricing/cost';
import { renderPromptFile } from '../prompt/render';
import type { PromptFile } from '../prompt/types';
import { describeRequest } from '../providers/describe';
import { ProviderError, redactSecrets } from '../providers/errors';
import { catalogModelId, type ModelTarget } from '../providers/targets';
import { samplingFromConfig, translateForAnthropic, translateForOpenAI, type SamplingParams } from '../providers/translate';
import type { ChatMessage, ChatProvider } from '../providers/types';
import { countWithTiktoken } from '../tokens/tiktokenEncoders';
import { columnConfig, columnRender } from '../runs/columns';
import { RUN_FILE_VERSION, type CellError, type RunCell, type RunColumn, type RunColumnPrompt, type RunFile, type RunMessage, type RunRender, type RunRow } from '../runs/types';
import { evaluateAssertions, parseRubricVerdict, RUBRIC_SYSTEM_PROMPT, rubricUserMessage, type RubricVerdict } from './assertions';
import { requestCacheKey } from './cache';
import { systemClock } from './clock';
import { Scheduler } from './scheduler';
import { summarizeCells } from './summary';
import type { Clock, ColumnPromptReload, CompareEnvironment, CompareEvent, CompareInput, CompareSession, CompareSetup, RerunOptions } from './types';

export function cellId(column: number, row: number, repeat: number): string {
  return `c${column}-r${row}-k${repeat}`;
}

function toRunMessages(messages: readonly { role: string; text: string }[]): RunMessage[] {
  return messages.map((m) => ({ role: m.role === 'system' ? 'system' : m.role === 'user' ? 'user' : 'assistant', content: m.text }));
}

async function render(prompt: PromptFile, input: CompareInput, loadPartial: CompareSetup['loadPartial']): Promise<RunRender> {
  const rendered = await renderPromptFile(prompt, { input: input.input, ...(loadPartial ? { loadPartial } : {}) });
  if (rendered.error) return { messages: [], renderError: `The prompt could not be rendered: ${rendered.error.message}` };
  const messages = toRunMessages(rendered.messages);
  if (messages.length === 0) return { messages, renderError: 'The prompt rendered to no messages.' };
  if (rendered.missingPartials.length > 0) {
    return { messages, renderError: `Missing partial${rendered.missingPartials.length > 1 ? 's' : ''}: ${rendered.missingPartials.join(', ')}.` };
  }
  return { messages };
}

function rowBase(input: CompareInput, index: number): Omit<RunRow, 'messages'> {
  return { index, sample: input.sample, input: input.input, assert: input.assert ?? [], ...(input.line !== undefined ? { line: input.line } : {}) };
}

function columnFor(index: number, model: string, env: CompareEnvironment, sampling: SamplingParams, configNotes: RunColumn['paramNotes'], prompt: RunColumnPrompt | undefined): { column: RunColumn; target?: ModelTarget } {
  const target = env.resolveTarget(model);
  const empty = summarizeCells([]);
  const own = prompt ? { prompt } : {};
  if (typeof target === 'string') return { column: { index, model, configError: target, params: {}, paramNotes: configNotes, ...own, summary: empty } };
  const translated = target.kind === 'anthropic' ? translateForAnthropic(target.model, sampling) : translateForOpenAI(target.model, sampling);
  return {
    column: { index, model, endpoint: target.providerName, params: { model: target.model, ...translated.fields }, paramNotes: [...configNotes, ...translated.notes], ...own, summary: empty },
    target,
  };
}

function runId(clockIso: string, promptHash: string, models: readonly string[]): string {
  const stamp = clockIso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const salt = createHash('sha256').update(`${promptHash}\n${models.join('\n')}\n${Math.random()}`).digest('hex').slice(0, 6);
  return `${stamp}-${salt}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** One prompt for every column, or each column its own: the columns, their samplings, and the rows rendered once per distinct prompt. */
async function prepareGrid(setup: CompareSetup, env: CompareEnvironment): Promise<{ columns: { column: RunColumn; target?: ModelTarget }[]; samplings: SamplingParams[]; rows: RunRow[]; promptHash: string; config?: Readonly<Record<string, unknown>> }> {
  if (setup.columns === undefined) {
    const config = setup.prompt.config.raw;
    const { sampling, notes } = samplingFromConfig(config);
    const columns = setup.models.map((model, i) => columnFor(i, model, env, sampling, notes, undefined));
    const rows: RunRow[] = [];
    for (const [i, input] of setup.inputs.entries()) rows.push({ ...rowBase(input, i), ...(await render(setup.prompt, input, setup.loadPartial)) });
    return { columns, samplings: columns.map(() => sampling), rows, promptHash: sha256(setup.prompt.text), config };
  }
  const columns: { column: RunColumn; target?: ModelTarget }[] = [];
  const samplings: SamplingParams[] = [];
  for (const [i, c] of setup.columns.entries()) {
    const config = c.prompt.config.raw;
    const { sampling, notes } = samplingFromConfig(config);
    samplings.push(sampling);
    columns.push(columnFor(i, c.model, env, sampling, notes, { label: c.label, path: c.promptPath, hash: sha256(c.prompt.text), config }));
  }
  const rows: RunRow[] = [];
  for (const [i, input] of setup.inputs.entries()) {
    // Two columns with the same prompt (one variant on two models) render it once.
    const byPrompt = new Map<PromptFile, RunRender>();
    const byColumn: RunRender[] = [];
    for (const c of setup.columns) {
      let rendered = byPrompt.get(c.prompt);
      if (!rendered) byPrompt.set(c.prompt, (rendered = await render(c.prompt, input, c.loadPartial ?? setup.loadPartial)));
      byColumn.push(rendered);
    }
    rows.push({ ...rowBase(input, i), messages: [], byColumn });
  }
  return { columns, samplings, rows, promptHash: sha256(columns.map((c) => c.column.prompt?.hash ?? '').join('\n')) };
}

/** Builds the grid (rendering every input once per prompt), then starts every cell. */
export function startCompare(setup: CompareSetup, env: CompareEnvironment): CompareSession {
  const session = new CompareRunner(setup, env);
  session.begin(async () => {
    const clock = env.clock ?? systemClock;
    const { columns, samplings, rows, promptHash, config } = await prepareGrid(setup, env);
    const repeat = Math.max(1, Math.floor(setup.repeat ?? 1));
    const cells: RunCell[] = [];
    for (const column of columns) {
      for (const row of rows) for (let k = 0; k < repeat; k++) cells.push(newCell(column.column.index, row.index, k));
    }
    const run: RunFile = {
      version: RUN_FILE_VERSION,
      id: runId(clock.isoNow(), promptHash, columns.map((c) => c.column.model)),
      createdAt: clock.isoNow(),
      promptPath: setup.promptPath,
      promptHash,
      ...(setup.samplesPath !== undefined ? { samplesPath: setup.samplesPath } : {}),
      repeat,
      ...(config !== undefined ? { config } : {}),
      ...(setup.judgeModel !== undefined ? { judgeModel: setup.judgeModel } : {}),
      columns: columns.map((c) => c.column),
      rows,
      cells,
    };
    return { run, targets: columns.map((c) => c.target), samplings, startAll: true };
  });
  return session;
}

/**
 * Reopens a saved run without starting anything: reruns use its rendered messages and config
 * (each column its own prompt's, when the columns ran variants).
 * Cells that were still queued or running when it was saved count as cancelled.
 */
export function openRun(saved: RunFile, setup: Pick<CompareSetup, 'judgeModel' | 'useCache' | 'scheduler'>, env: CompareEnvironment): CompareSession {
  const session = new CompareRunner({ ...setup, judgeModel: setup.judgeModel ?? saved.judgeModel }, env);
  session.begin(() => {
    const run: RunFile = structuredClone(saved);
    for (const cell of run.cells) if (cell.status === 'queued' || cell.status === 'running') cell.status = 'cancelled';
    const samplings = run.columns.map((column) => samplingFromConfig(columnConfig(run, column)).sampling);
    const targets = run.columns.map((column) => {
      const target = env.resolveTarget(column.model);
      return typeof target === 'string' ? undefined : target;
    });
    return Promise.resolve({ run, targets, samplings, startAll: false });
  });
  return session;
}

function newCell(column: number, row: number, repeat: number): RunCell {
  return { id: cellId(column, row, repeat), column, row, repeat, status: 'queued', output: '', cached: false, attempts: 0, assertions: [], pass: false };
}

function resetCell(cell: RunCell): void {
  const keep = { id: cell.id, column: cell.column, row: cell.row, repeat: cell.repeat, rating: cell.rating };
  for (const key of Object.keys(cell)) delete (cell as unknown as Record<string, unknown>)[key];
  Object.assign(cell, newCell(keep.column, keep.row, keep.repeat));
  if (keep.rating) cell.rating = keep.rating;
}

interface Prepared {
  run: RunFile;
  targets: (ModelTarget | undefined)[];
  /** Per column: its prompt's config as sampling parameters. */
  samplings: SamplingParams[];
  startAll: boolean;
}

/** What one running cell owns. */
interface Flight {
  readonly controller: AbortController;
  /** Bumped by reruns: a superseded flight writes nothing. */
  readonly generation: number;
}

class CompareRunner implements CompareSession {
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  /** cancelAll before the grid was ready: its cells start cancelled. */
  private cancelledEarly = false;
  private readonly providers = new Map<string, Promise<ChatProvider>>();
  private readonly flights = new Map<string, Flight>();
  private readonly generations = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  private state: Prepared | undefined;
  private ready!: Promise<void>;
  private startError: unknown;

  constructor(
    private readonly setup: Pick<CompareSetup, 'judgeModel' | 'useCache' | 'scheduler'>,
    private readonly env: CompareEnvironment,
  ) {
    this.clock = env.clock ?? systemClock;
    this.scheduler = new Scheduler(setup.scheduler ?? {}, this.clock);
    env.signal?.addEventListener('abort', () => this.cancelAll(), { once: true });
  }

  begin(prepare: () => Promise<Prepared>): void {
    this.ready = prepare().then(
      (prepared) => {
        this.state = prepared;
        this.emit({ type: 'run-started', run: this.run() });
        if (prepared.startAll) for (const cell of prepared.run.cells) this.launch(cell, {}, this.cancelledEarly);
        // A reopened run (or an empty grid) is finished at once.
        this.checkFinished();
      },
      (error: unknown) => {
        this.startError = error;
      },
    );
  }

  // ------------------------------------------------------------------ session API

  run(): RunFile {
    if (!this.state) throw new Error('The comparison is still being prepared; wait for the run-started event or idle().');
    return structuredClone(this.state.run);
  }

  async idle(): Promise<RunFile> {
    await this.ready;
    if (this.startError !== undefined) throw this.startError;
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    return this.run();
  }

  cancelAll(): void {
    if (!this.state) this.cancelledEarly = true;
    for (const flight of this.flights.values()) flight.controller.abort();
  }

  cancelCell(id: string): void {
    this.flights.get(id)?.controller.abort();
  }

  rerunCell(id: string, options: RerunOptions = {}): void {
    void this.ready.then(() => {
      const cell = this.state?.run.cells.find((c) => c.id === id);
      if (cell) this.rerun([cell], options);
    });
  }

  rerunColumn(column: number, options: RerunOptions & { readonly reload?: ColumnPromptReload } = {}): void {
    const task = this.ready.then(async () => {
      // A prompt that cannot be rendered fails its cells with the reason; nothing here should throw.
      if (options.reload) await this.reloadColumn(column, options.reload).catch(() => undefined);
      const cells = this.state?.run.cells.filter((c) => c.column === column) ?? [];
      this.rerun(cells, options);
    });
    // Rendering the reloaded prompt takes a moment: idle() and run-finished wait for it.
    const pending: Promise<void> = task.finally(() => this.pending.delete(pending));
    this.pending.add(pending);
  }

  rateCell(id: string, rating: { verdict: 'up' | 'down'; note?: string } | undefined): void {
    void this.ready.then(() => {
      const cell = this.state?.run.cells.find((c) => c.id === id);
      if (!cell) return;
      if (rating) {
        const note = rating.note?.trim();
        cell.rating = { verdict: rating.verdict, ...(note ? { note } : {}), at: this.clock.isoNow() };
      } else delete cell.rating;
      this.emit({ type: 'cell-rated', cell: structuredClone(cell) });
    });
  }

  // ------------------------------------------------------------------ internals

  /** A variant column takes its prompt as read again: new messages per row, config, translation and hash. */
  private async reloadColumn(index: number, reload: ColumnPromptReload): Promise<void> {
    const state = this.state;
    const column = state?.run.columns[index];
    if (!state || !column?.prompt) return;
    const config = reload.prompt.config.raw;
    const { sampling, notes } = samplingFromConfig(config);
    const fresh = columnFor(index, column.model, this.env, sampling, notes, { ...column.prompt, hash: sha256(reload.prompt.text), config });
    state.run.columns[index] = { ...fresh.column, summary: column.summary };
    state.targets[index] = fresh.target;
    state.samplings[index] = sampling;
    for (const [i, row] of state.run.rows.entries()) {
      const rendered = await render(reload.prompt, { sample: row.sample, input: row.input }, reload.loadPartial);
      const byColumn = state.run.columns.map((_, c) => (c === index ? rendered : columnRender(row, c)));
      state.run.rows[i] = { ...row, byColumn };
    }
  }

  private emit(event: CompareEvent): void {
    try {
      this.env.onEvent?.(event);
    } catch {
      // A listener's failure must not break the run.
    }
  }

  private rerun(cells: readonly RunCell[], options: RerunOptions): void {
    // Once the caller's own signal aborted, the session is over.
    if (this.env.signal?.aborted) return;
    for (const cell of cells) {
      this.flights.get(cell.id)?.controller.abort();
      resetCell(cell);
      this.emit({ type: 'cell-queued', cell: structuredClone(cell) });
      this.launch(cell, options);
    }
    this.progress();
  }

  private launch(cell: RunCell, options: RerunOptions, startCancelled = false): void {
    const generation = (this.generations.get(cell.id) ?? 0) + 1;
    this.generations.set(cell.id, generation);
    const controller = new AbortController();
    if (this.env.signal?.aborted || startCancelled) controller.abort();
    const flight: Flight = { controller, generation };
    this.flights.set(cell.id, flight);
    const task = this.execute(cell, flight, options)
      .catch((error: unknown) => {
        if (this.current(cell, flight)) this.finish(cell, flight, 'failed', { kind: 'internal', message: `Internal error: ${error instanceof Error ? error.message : String(error)}` });
      })
      .finally(() => {
        this.pending.delete(task);
        if (this.flights.get(cell.id) === flight) this.flights.delete(cell.id);
        this.checkFinished();
      });
    this.pending.add(task);
  }

  private current(cell: RunCell, flight: Flight): boolean {
    return this.generations.get(cell.id) === flight.generation;
  }

  private checkFinished(): void {
    if (this.pending.size === 0 && this.state) this.emit({ type: 'run-finished', run: this.run() });
  }

  private provider(target: ModelTarget): Promise<ChatProvider> {
    const key = `${target.providerName}\n${target.baseURL ?? ''}\n${target.kind}`;
    let provider = this.providers.get(key);
    if (!provider) {
      // The scheduler is the only retry layer of a comparison.
      provider = Promise.resolve(this.env.createProvider(target, { maxRetries: 0 }));
      this.providers.set(key, provider);
    }
    return provider;
  }

  private async execute(cell: RunCell, flight: Flight, options: RerunOptions): Promise<void> {
    const state = this.state as Prepared;
    const { run } = state;
    const column = run.columns[cell.column] as RunColumn;
    const row = run.rows[cell.row] as RunRow;
    const target = state.targets[cell.column];
    const signal = flight.controller.signal;
    if (signal.aborted) return this.finish(cell, flight, 'cancelled');
    if (column.configError || !target) return this.finish(cell, flight, 'failed', { kind: 'config', message: column.configError ?? `Cannot resolve ${column.model}.` });
    const rendered = columnRender(row, cell.column);
    if (rendered.renderError) return this.finish(cell, flight, 'failed', { kind: 'render', message: rendered.renderError });

    const messages: ChatMessage[] = rendered.messages.map((m) => ({ role: m.role, content: m.content }));
    const description = describeRequest(target, messages, columnConfig(run, column));
    const key = requestCacheKey(target.providerName, target.baseURL, description.body);
    cell.requestKey = key;
    const cache = this.setup.useCache === false ? undefined : this.env.cache;
    const readCache = cache !== undefined && run.repeat === 1 && !options.bypassCache;

    if (readCache) {
      const hit = await cache.get(key).catch(() => undefined);
      if (!this.current(cell, flight)) return;
      if (hit) {
        cell.output = hit.output;
        if (hit.finishReason !== undefined) cell.finishReason = hit.finishReason;
        cell.latencyMs = hit.latencyMs;
        if (hit.ttftMs !== undefined) cell.ttftMs = hit.ttftMs;
        cell.usage = { ...hit.usage };
        if (hit.costUsd !== undefined) cell.costUsd = hit.costUsd;
        cell.cached = true;
        cell.cachedAt = hit.createdAt;
        return this.complete(cell, flight, row);
      }
    }

    let provider: ChatProvider;
    try {
      provider = await this.provider(target);
    } catch (error) {
      return this.finish(cell, flight, 'failed', { kind: 'config', message: redactSecrets(error instanceof Error ? error.message : String(error), []) });
    }
    const sampling = state.samplings[cell.column] ?? {};
    try {
      const result = await this.scheduler.run(
        target.providerName,
        (attempt) => {
          cell.attempts = attempt;
          return provider.complete({
            model: target.model,
            messages,
            sampling,
            signal,
            onChunk: (text) => {
              if (!this.current(cell, flight)) return;
              cell.output += text;
              this.emit({ type: 'cell-chunk', cellId: cell.id, text });
            },
          });
        },
        {
          signal,
          onAttempt: (attempt) => {
            if (!this.current(cell, flight)) return;
            cell.status = 'running';
            cell.output = '';
            cell.startedAt ??= this.clock.isoNow();
            this.emit({ type: 'cell-started', cellId: cell.id, attempt });
            this.progress();
          },
          onRetry: (notice) => {
            if (!this.current(cell, flight)) return;
            cell.status = 'queued';
            this.emit({ type: 'retry-scheduled', cellId: cell.id, attempt: notice.attempt, delayMs: notice.delayMs, reason: notice.error.message });
          },
        },
      );
      if (!this.current(cell, flight)) return;
      cell.output = result.text;
      if (result.stopReason !== undefined) cell.finishReason = result.stopReason;
      cell.latencyMs = result.latencyMs;
      if (result.ttftMs !== undefined) cell.ttftMs = result.ttftMs;
      cell.usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens, reported: result.usageReported };
      // A price set for the id as written wins; else the catalog's name for it (googleai/x → google/x).
      const prices = this.env.prices(column.model) ?? this.env.prices(catalogModelId(column.model));
      if (prices && result.usageReported) cell.costUsd = usageCost(result.usage.inputTokens, result.usage.outputTokens, prices);
      if (cache !== undefined && run.repeat === 1) {
        await cache
          .set(key, {
            output: cell.output,
            ...(cell.finishReason !== undefined ? { finishReason: cell.finishReason } : {}),
            latencyMs: cell.latencyMs,
            ...(cell.ttftMs !== undefined ? { ttftMs: cell.ttftMs } : {}),
            usage: cell.usage,
            ...(cell.costUsd !== undefined ? { costUsd: cell.costUsd } : {}),
            createdAt: this.clock.isoNow(),
          })
          .catch(() => undefined);
      }
      return this.complete(cell, flight, row);
    } catch (error) {
      if (!this.current(cell, flight)) return;
      if (signal.aborted) return this.finish(cell, flight, 'cancelled');
      if (error instanceof ProviderError) {
        if (error.partialText) cell.output = error.partialText;
        return this.finish(cell, flight, 'failed', { kind: error.kind, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) });
      }
      throw error;
    }
  }

  private async complete(cell: RunCell, flight: Flight, row: RunRow): Promise<void> {
    const model = (this.state as Prepared).run.columns[cell.column]?.model ?? '';
    const counter = this.env.countTokens;
    // o200k by default: loaded only when a `max-length` in tokens is checked.
    const countTokens = counter ? (text: string): number | Promise<number> => counter(model, text) : (text: string): number => countWithTiktoken('o200k_base', text);
    const judge = this.judge(flight.controller.signal);
    const assertions = await evaluateAssertions(row.assert, {
      output: cell.output,
      ...(cell.latencyMs !== undefined ? { latencyMs: cell.latencyMs } : {}),
      ...(cell.costUsd !== undefined ? { costUsd: cell.costUsd } : {}),
      countTokens,
      ...(judge ? { judge } : {}),
    });
    if (!this.current(cell, flight)) return;
    if (flight.controller.signal.aborted) return this.finish(cell, flight, 'cancelled');
    cell.assertions = assertions;
    cell.pass = assertions.every((a) => a.pass);
    this.finish(cell, flight, 'done');
  }

  private judge(signal: AbortSignal): ((rubric: string, output: string) => Promise<RubricVerdict>) | undefined {
    const judgeModel = this.setup.judgeModel;
    if (!judgeModel) return undefined;
    return async (rubric, output) => {
      const target = this.env.resolveTarget(judgeModel);
      if (typeof target === 'string') throw new Error(target);
      const provider = await this.provider(target);
      const result = await this.scheduler.run(
        target.providerName,
        () =>
          provider.complete({
            model: target.model,
            messages: [
              { role: 'system', content: RUBRIC_SYSTEM_PROMPT },
              { role: 'user', content: rubricUserMessage(rubric, output) },
            ],
            sampling: { maxOutputTokens: 512 },
            signal,
          }),
        { signal },
      );
      const verdict = parseRubricVerdict(result.text);
      if (typeof verdict === 'string') throw new Error(`${verdict} (judge ${judgeModel})`);
      return verdict;
    };
  }

  private finish(cell: RunCell, flight: Flight, status: 'done' | 'failed' | 'cancelled', error?: CellError): void {
    if (!this.current(cell, flight)) return;
    cell.status = status;
    cell.finishedAt = this.clock.isoNow();
    if (status !== 'done') cell.pass = false;
    if (error) cell.error = error;
    const snapshot = structuredClone(cell);
    this.emit(status === 'done' ? { type: 'cell-done', cell: snapshot } : status === 'failed' ? { type: 'cell-failed', cell: snapshot } : { type: 'cell-cancelled', cell: snapshot });
    const state = this.state as Prepared;
    const column = state.run.columns[cell.column] as RunColumn;
    column.summary = summarizeCells(state.run.cells.filter((c) => c.column === cell.column));
    this.emit({ type: 'column-summary', column: cell.column, summary: column.summary });
    this.progress();
  }

  private progress(): void {
    const cells = this.state?.run.cells ?? [];
    let finished = 0;
    let running = 0;
    for (const c of cells) {
      if (c.status === 'done' || c.status === 'failed' || c.status === 'cancelled') finished++;
      else if (c.status === 'running') running++;
    }
    this.emit({ type: 'progress', finished, total: cells.length, running });
  }
}
