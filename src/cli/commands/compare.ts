import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { cliCompareEnvironment, cliSecrets } from '../compareEnvironment';
import { nodeWorkspace } from '../nodeWorkspace';
import { loadPriceCatalog, modelList, parseCommandLine } from '../options';
import { parseInputJson } from './count';
import { loadPartials } from '../../core/analysis';
import { EvalInputError, variantComparisonSetup } from '../../core/eval';
import { cliDisplayPath, promptFilesIn } from './eval';
import { columnTitle, compareJson, createFileCacheStore, defaultCliCacheDir, defaultCompareInput, formatMs, inputsFromSamples, latencyLabel, RUNS_DIR, runToMarkdown, startCompare, writeRunFile, type CompareEvent, type CompareInput, type CompareSetup, type RunFile } from '../../core/compare';
import { formatUsd } from '../../core/pricing';
import { parsePromptFile, parseSamples } from '../../core/prompt';

const USAGE = [
  'Usage: promptscope compare <file> --model M [--model M2 …] [--samples F | --input JSON] [options]',
  '       promptscope compare <base.prompt> --variants [--samples F] [options]',
  '',
  'Runs the prompt on each model (one column each) for each input (one row each), streaming, with',
  'the editor\'s engine: per-endpoint concurrency, retries with backoff, the response cache, the',
  'samples\' assertions. Each run is saved as JSON under .promptscope/runs/ (no keys in it). On a',
  'terminal a progress line goes to stderr; Ctrl+C cancels the running cells and still reports.',
  '',
  'Options:',
  '  --variants          One column per variant of the logical prompt (name.prompt, name.<variant>.prompt),',
  '                      each its own prompt on its own model (its `model`, else the base file\'s), over the',
  '                      samples (--samples, else the base file\'s `samples`). Not with --model or --input.',
  '  --model M, -m M     A model id (repeatable or comma-separated); default: the file\'s model + targets.',
  '                      openai/…, anthropic/…, googleai/… vertexai/… gemini/… (Gemini\'s OpenAI-compatible',
  '                      endpoint), or <endpoint>/… for an endpoint set by PROMPTSCOPE_ENDPOINT_<NAME>_BASE_URL.',
  '  --samples F         Run every case of a samples JSONL file ({"id","input","assert":[…]} per line).',
  '  --input JSON        Run one input (a JSON object; @file.json reads a file). Default: the file\'s defaults.',
  '  --repeat N          Run each (model, input) N times (bypasses the cache).',
  '  --concurrency N     Requests in flight per endpoint (default 4; halved on 429, grows back).',
  '  --judge M           Model grading `rubric` assertions (none by default: rubric fails without one).',
  '  --no-cache          Neither read nor write the response cache.',
  '  --clear-cache       Delete every cached response first (alone, without a file: just clear it).',
  '  --no-save           Do not write the run file.',
  '  --prices FILE       Price overrides, JSON as the promptscope.pricing.overrides setting (USD per 1M).',
  '  --json              Print the JSON below instead of text.',
  '  --md                Print the run as Markdown.',
  '',
  'Environment (keys are read only from here, never from files):',
  '  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY; OPENAI_BASE_URL, ANTHROPIC_BASE_URL, GEMINI_BASE_URL;',
  '  PROMPTSCOPE_ENDPOINT_<NAME>_BASE_URL and PROMPTSCOPE_ENDPOINT_<NAME>_API_KEY for an OpenAI-compatible',
  '  endpoint used as <name>/model (NAME upper-cased, "-" as "_"; e.g. PROMPTSCOPE_ENDPOINT_OLLAMA_BASE_URL).',
  '  Cache: $XDG_CACHE_HOME/promptscope or ~/.cache/promptscope (14-day TTL).',
  '',
  'JSON output (stable; null when unknown):',
  '  { "runId", "prompt", "runFile": path | null, "pass": bool,',
  '    "cells": [ { "model" (the id as given), "variant" (with --variants, e.g. "ask.claude"; else null),',
  '      "sample" (the sample id, else its 1-based line; "default"/"input"),',
  '      "repeat", "status": "done"|"failed"|"cancelled", "output", "pass",',
  '      "assertions": [ { "type", "pass", "reason" } ], "latencyMs", "ttftMs",',
  '      "usage": { "inputTokens", "outputTokens" } | null, "costUsd", "cached", "finishReason", "error" } ],',
  '    "columns": [ { "model", "variant", "promptPath" (the variant\'s file; null without --variants), "endpoint",',
  '      "error", "cells", "done", "failed", "passed", "passRate",',
  '      "totalCostUsd", "meanCostUsd", "p50LatencyMs", "p95LatencyMs", "tokensPerSecond" } ] }',
  '  A cached cell keeps the latency, TTFT, usage and cost of the original call ("cached": true).',
  '',
  'Exit codes: 0 every cell passed; 1 an assertion failed or a cell failed (error or cancelled);',
  '2 usage or input error (missing file, bad samples line, bad --input JSON).',
].join('\n');

interface CompareArgs {
  /** Undefined only with --clear-cache alone. */
  readonly file: string | undefined;
  readonly models: string[];
  readonly variants: boolean;
  readonly samples?: string;
  readonly input?: string;
  readonly repeat: number;
  readonly concurrency?: number;
  readonly judge?: string;
  readonly cache: boolean;
  readonly clearCache: boolean;
  readonly save: boolean;
  readonly pricesFile?: string;
  readonly format: 'text' | 'json' | 'md';
}

function positiveInteger(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

const COMPARE_OPTIONS = {
  model: { type: 'string', short: 'm', multiple: true },
  variants: { type: 'boolean' },
  samples: { type: 'string' },
  input: { type: 'string' },
  repeat: { type: 'string' },
  concurrency: { type: 'string' },
  judge: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'clear-cache': { type: 'boolean' },
  'no-save': { type: 'boolean' },
  prices: { type: 'string' },
  json: { type: 'boolean' },
  md: { type: 'boolean' },
} as const;

function parseArgs(args: readonly string[]): CompareArgs {
  const { values, positionals: files } = parseCommandLine(args, 'compare', COMPARE_OPTIONS);
  if (values.json === true && values.md === true) throw new UsageError('use either --json or --md, not both');
  const format: CompareArgs['format'] = values.json === true ? 'json' : values.md === true ? 'md' : 'text';
  const models = modelList(values.model);
  const { samples, input, judge } = values;
  const pricesFile = values.prices;
  const repeat = values.repeat !== undefined ? positiveInteger('--repeat', values.repeat) : 1;
  const concurrency = values.concurrency !== undefined ? positiveInteger('--concurrency', values.concurrency) : undefined;
  const cache = values['no-cache'] !== true;
  const save = values['no-save'] !== true;
  const clearCache = values['clear-cache'] === true;
  if (files.length > 1 || (files.length === 0 && !clearCache)) throw new UsageError('give exactly one prompt file, e.g. `promptscope compare prompts/ask.prompt --model openai/gpt-4o-mini`');
  if (samples !== undefined && input !== undefined) throw new UsageError('use either --samples or --input, not both');
  const variants = values.variants === true;
  if (variants && models.length > 0) throw new UsageError('--variants runs each variant on its own model: leave out --model (or compare one file with --model)');
  if (variants && input !== undefined) throw new UsageError('--variants runs over the samples: use --samples, not --input');
  return {
    file: files[0],
    models,
    variants,
    repeat,
    cache,
    clearCache,
    save,
    format,
    ...(samples !== undefined ? { samples } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(judge !== undefined ? { judge } : {}),
    ...(pricesFile !== undefined ? { pricesFile } : {}),
  };
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${path}`);
  }
}

function loadInputs(args: CompareArgs, io: CliIO): { inputs: CompareInput[]; samplesPath?: string } {
  if (args.input !== undefined) return { inputs: [defaultCompareInput(parseInputJson(args.input, io), 'input')] };
  if (args.samples === undefined) return { inputs: [defaultCompareInput()] };
  const path = resolve(io.cwd, args.samples);
  const parsed = parseSamples(readText(path, 'samples file'));
  if (parsed.problems.length > 0) {
    const list = parsed.problems.slice(0, 10).map((p) => `  ${args.samples}:${p.line}: ${p.message}`);
    throw new UsageError(`the samples file has ${parsed.problems.length} problem(s); fix them first:\n${list.join('\n')}`);
  }
  if (parsed.cases.length === 0) throw new UsageError(`${args.samples} has no samples`);
  return { inputs: inputsFromSamples(parsed), samplesPath: args.samples };
}

function oneLine(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function textReport(run: RunFile, runFile: string | undefined): string {
  const out: string[] = [];
  out.push(`${run.promptPath} — ${run.columns.length} ${run.columns.some((c) => c.prompt) ? 'variant' : 'model'}(s) × ${run.rows.length} input(s)${run.repeat > 1 ? ` × ${run.repeat}` : ''}${runFile ? ` · run saved to ${runFile}` : ''}`);
  const width = Math.max(...run.rows.map((r) => r.sample.length), 6);
  for (const column of run.columns) {
    const s = column.summary;
    out.push('');
    const rate = s.passRate === null ? '—' : `${s.passed}/${s.done + s.failed} (${Math.round(s.passRate * 100)}%)`;
    const cost = s.totalCostUsd === null ? 'cost unknown' : `${formatUsd(s.totalCostUsd)} total, ${formatUsd(s.meanCostUsd ?? 0)} mean`;
    out.push(`${columnTitle(column)}  pass ${rate}  ${cost}  p50 ${formatMs(s.p50LatencyMs)}  p95 ${formatMs(s.p95LatencyMs)}${s.tokensPerSecond !== null ? `  ${s.tokensPerSecond.toFixed(0)} tok/s` : ''}`);
    if (column.configError) out.push(`  error: ${column.configError}`);
    for (const cell of run.cells.filter((c) => c.column === column.index)) {
      const row = run.rows[cell.row];
      const label = `${row?.sample ?? cell.row + 1}${run.repeat > 1 ? `#${cell.repeat + 1}` : ''}`.padEnd(width);
      if (cell.status !== 'done') {
        if (!column.configError) out.push(`  ${label}  ${cell.status === 'cancelled' ? 'CANCELLED' : `ERROR ${cell.error?.message ?? ''}`}`);
        continue;
      }
      const failed = cell.assertions.filter((a) => !a.pass);
      const verdict = cell.assertions.length === 0 ? '-   ' : failed.length === 0 ? 'PASS' : 'FAIL';
      const tokens = cell.usage ? `${cell.usage.inputTokens}→${cell.usage.outputTokens} tok` : '';
      out.push(`  ${label}  ${verdict}  ${latencyLabel(cell)}  ${tokens}  ${cell.costUsd !== undefined ? formatUsd(cell.costUsd) : ''}  ${JSON.stringify(oneLine(cell.output))}`);
      for (const a of failed) out.push(`  ${''.padEnd(width)}        ${a.type}: ${a.reason}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** One prompt on the models given (or its model + targets). */
async function singlePromptSetup(args: CompareArgs, file: string, promptPath: string, io: CliIO): Promise<CompareSetup> {
  const prompt = parsePromptFile(readText(promptPath, 'prompt file'), { fileName: promptPath });
  const models = args.models.length > 0 ? args.models : [...prompt.targets];
  if (models.length === 0) throw new UsageError('the file names no model or targets: give at least one --model');
  const { inputs, samplesPath } = loadInputs(args, io);
  const partials = await loadPartials(prompt, nodeWorkspace(dirname(promptPath)));
  return {
    prompt,
    promptPath: relative(io.cwd, promptPath) || file,
    loadPartial: (name) => partials.load(name),
    inputs,
    models,
    repeat: args.repeat,
    useCache: args.cache,
    ...(args.judge !== undefined ? { judgeModel: args.judge } : {}),
    ...(samplesPath !== undefined ? { samplesPath } : {}),
  };
}

/** `--variants`: every variant of the logical prompt, each on its own model, over the samples (the core builds it, as the editor's Compare Variants). */
async function variantsSetup(args: CompareArgs, promptPath: string, io: CliIO): Promise<CompareSetup> {
  try {
    const { setup } = await variantComparisonSetup(
      {
        promptPath,
        folderFiles: promptFilesIn(dirname(promptPath)),
        repeat: args.repeat,
        useCache: args.cache,
        ...(args.samples !== undefined ? { samplesPath: resolve(io.cwd, args.samples) } : {}),
        ...(args.judge !== undefined ? { judgeModel: args.judge } : {}),
      },
      { workspace: nodeWorkspace(io.cwd, { allowedRoots: [io.cwd, dirname(promptPath)] }), displayPath: cliDisplayPath(io) },
    );
    return setup;
  } catch (e) {
    if (e instanceof EvalInputError) throw new UsageError(e.message);
    throw e;
  }
}

export const compareCommand: CliCommand = {
  name: 'compare',
  summary: 'Run a prompt on several models side by side (streaming, assertions, cache, run files)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    if (args.clearCache) {
      const cacheDir = defaultCliCacheDir(io.env);
      const removed = await createFileCacheStore(cacheDir).clear();
      io.err(`Cleared ${removed} cached response${removed === 1 ? '' : 's'} from ${cacheDir}.\n`);
    }
    if (args.file === undefined) return ExitCode.Ok;
    const promptPath = resolve(io.cwd, args.file);
    const setup = args.variants ? await variantsSetup(args, promptPath, io) : await singlePromptSetup(args, args.file, promptPath, io);
    const prices = loadPriceCatalog(args.pricesFile, io, 'compare', () => `${args.pricesFile} must hold a JSON object of model ids`);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      // A progress line on a terminal only (pipes and --json consumers get just the result).
      const showProgress = process.stderr.isTTY === true;
      const onEvent = showProgress
        ? (event: CompareEvent): void => {
            if (event.type === 'progress') io.err(`\rcompare: ${event.finished}/${event.total} cells done, ${event.running} running…`);
            else if (event.type === 'retry-scheduled') io.err(`\rcompare: retrying a cell in ${formatMs(event.delayMs)}: ${oneLine(event.reason, 80)}\n`);
            else if (event.type === 'run-finished') io.err('\r\x1b[2K');
          }
        : undefined;
      const env = cliCompareEnvironment(io, { useCache: args.cache, prices, signal: controller.signal, ...(onEvent ? { onEvent } : {}) });
      const session = startCompare({ ...setup, ...(args.concurrency !== undefined ? { scheduler: { concurrency: args.concurrency } } : {}) }, env);
      const run = await session.idle();
      let runFile: string | undefined;
      if (args.save) {
        const written = await writeRunFile(resolve(io.cwd, RUNS_DIR), run, cliSecrets(io.env));
        runFile = relative(io.cwd, written);
      }
      if (args.format === 'json') io.out(`${JSON.stringify(compareJson(run, runFile), null, 2)}\n`);
      else if (args.format === 'md') io.out(runToMarkdown(run));
      else io.out(textReport(run, runFile));
      return run.cells.every((c) => c.pass) ? ExitCode.Ok : ExitCode.Findings;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
