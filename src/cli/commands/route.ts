import { dirname, relative, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand } from '../command';
import { cliCompareEnvironment, cliSecrets } from '../compareEnvironment';
import { nodeWorkspace } from '../nodeWorkspace';
import { loadPriceCatalog, modelList, parseCommandLine } from '../options';
import { cliDisplayPath, positiveWholeNumber, terminalProgress } from './eval';
import { RUNS_DIR, writeRunFile } from '../../core/compare';
import { EvalCancelledError, EvalInputError, evaluateRouting, type RoutingReport } from '../../core/eval';
import { formatUsd } from '../../core/pricing';

const USAGE = [
  'Usage: promptscope route <file> --model A --model B [--model C …] [--samples F] [options]',
  '',
  'Tiered routing from one comparison: runs the prompt on every model over the samples (through the',
  'same engine as `promptscope compare`), then shows for each input the cheapest model that passes',
  'it, the saving if every input went to its cheapest passing model (against the single model with',
  'the best pass rate, then the lowest cost), and simple tier rules ("inputs under N tokens → A,',
  'else B", N from the inputs\' own token counts) evaluated on the same data.',
  '',
  'Options:',
  '  --model M, -m M   A model id (at least two; repeatable or comma-separated).',
  '  --samples F       Samples JSONL (default: the file\'s `samples`).',
  '  --repeat N        Runs per (model, input); an input passes on a model when every run passes.',
  '  --no-cache        Neither read nor write the response cache.',
  '  --no-save         Do not write the run file under .promptscope/runs/.',
  '  --prices FILE     Price overrides, JSON as the promptscope.pricing.overrides setting (USD per 1M).',
  '  --json            Print the JSON below instead of the table.',
  '',
  'JSON output (version 1; null when unknown):',
  '  { "version": 1, "inputs", "reference",',
  '    "models": [ { "model", "passed", "passRate", "totalCostUsd" } ],',
  '    "oracle": { "passed", "passRate", "totalCostUsd", "saving" },',
  '    "rules": [ { "description", "thresholdTokens", "small", "large", "passed", "passRate", "totalCostUsd", "saving" } ],',
  '    "rows": [ { "sample", "inputTokens", "passing": [model], "cheapest": model | null, "cheapestCostUsd" } ],',
  '    "runFile" }',
  '  `saving` is a fraction (0.38 = 38% cheaper than the reference model).',
  '',
  'Exit codes: 0 done; 2 usage or input error.',
].join('\n');

const usd = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : formatUsd(v));
const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);

function table(routing: RoutingReport): string {
  const rows: string[][] = [['Strategy', 'Pass rate', 'Total $', 'Saving']];
  for (const m of routing.models) rows.push([`${m.model}${m.model === routing.reference ? ' (reference)' : ''}`, `${pct(m.passRate)} (${m.passed}/${routing.inputs})`, usd(m.totalCostUsd), '']);
  rows.push(['each input → its cheapest passing model', `${pct(routing.oracle.passRate)} (${routing.oracle.passed}/${routing.inputs})`, usd(routing.oracle.totalCostUsd), pct(routing.oracle.saving)]);
  for (const r of routing.rules) rows.push([`rule: ${r.description}`, `${pct(r.passRate)} (${r.passed}/${routing.inputs})`, usd(r.totalCostUsd), pct(r.saving)]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const format = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = rows.map(format);
  out.push('', 'Per input:');
  const sampleWidth = Math.max(6, ...routing.rows.map((r) => r.sample.length));
  for (const r of routing.rows) out.push(`  ${r.sample.padEnd(sampleWidth)}  ${String(r.inputTokens ?? '—').padStart(6)} tok  → ${r.cheapest ?? 'no model passes'}${r.cheapestCostUsd !== undefined ? ` (${usd(r.cheapestCostUsd)})` : ''}  [passing: ${r.passing.join(', ') || 'none'}]`);
  return `${out.join('\n')}\n`;
}

const ROUTE_OPTIONS = {
  model: { type: 'string', short: 'm', multiple: true },
  samples: { type: 'string' },
  repeat: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'no-save': { type: 'boolean' },
  prices: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const routeCommand: CliCommand = {
  name: 'route',
  summary: 'Tiered routing: the cheapest passing model per input, its saving, and tier rules',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals: files } = parseCommandLine(argv, 'route', ROUTE_OPTIONS);
    const models = modelList(values.model);
    const samples = values.samples;
    const repeat = values.repeat !== undefined ? positiveWholeNumber('--repeat', values.repeat) : 1;
    const cache = values['no-cache'] !== true;
    const save = values['no-save'] !== true;
    const json = values.json === true;
    const pricesFile = values.prices;
    if (files.length !== 1) throw new UsageError('give exactly one prompt file, e.g. `promptscope route prompts/ask.prompt --model openai/gpt-4o-mini --model openai/gpt-4o`');
    if (new Set(models).size < 2) throw new UsageError('give at least two different --model ids');
    const prices = loadPriceCatalog(pricesFile, io, 'route', () => `${pricesFile} must hold a JSON object of model ids`);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const progress = terminalProgress(io, 'route');
    try {
      const { routing, run } = await evaluateRouting(
        { promptPath: resolve(io.cwd, files[0] as string), models: [...new Set(models)], repeat, useCache: cache, ...(samples !== undefined ? { samplesPath: resolve(io.cwd, samples) } : {}) },
        { ...cliCompareEnvironment(io, { useCache: cache, prices, signal: controller.signal }), workspace: nodeWorkspace(io.cwd, { allowedRoots: [io.cwd, dirname(resolve(io.cwd, files[0] as string))] }), displayPath: cliDisplayPath(io), ...(progress ? { onProgress: progress } : {}) },
      );
      if (progress) io.err('\r\x1b[2K');
      let runFile: string | null = null;
      if (save) runFile = relative(io.cwd, await writeRunFile(resolve(io.cwd, RUNS_DIR), run, cliSecrets(io.env)));
      if (json) {
        io.out(`${JSON.stringify({ version: 1, inputs: routing.inputs, reference: routing.reference ?? null, models: routing.models, oracle: routing.oracle, rules: routing.rules, rows: routing.rows.map((r) => ({ sample: r.sample, inputTokens: r.inputTokens, passing: r.passing, cheapest: r.cheapest ?? null, cheapestCostUsd: r.cheapestCostUsd ?? null })), runFile }, null, 2)}\n`);
      } else io.out(table(routing) + (runFile ? `Run saved to ${runFile}\n` : ''));
      return ExitCode.Ok;
    } catch (e) {
      if (e instanceof EvalInputError) throw new UsageError(e.message);
      if (e instanceof EvalCancelledError) throw new UsageError('cancelled');
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
