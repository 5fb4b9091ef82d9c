import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { cliCompareEnvironment, cliSecrets } from '../compareEnvironment';
import { nodeWorkspace } from '../nodeWorkspace';
import { loadPriceCatalog, parseCommandLine } from '../options';
import { RUNS_DIR, writeRunFile } from '../../core/compare';
import {
  EVALS_FOLDER,
  EvalCancelledError,
  EvalInputError,
  evalReportBaseName,
  evalReportToMarkdown,
  evaluateMigration,
  formatP,
  parseEvalReport,
  serializeEvalReport,
  type EvalEnvironment,
  type EvalProgress,
  type EvalReport,
  type RoutingReport,
  type SideStats,
} from '../../core/eval';
import { formatUsd } from '../../core/pricing';

const USAGE = [
  'Usage: promptscope eval <name.prompt> --candidate <variant|model> [--baseline <variant|model>] [options]',
  '',
  'Evaluates a model migration. The baseline and the candidate are each a variant of the logical',
  'prompt (`base` for name.prompt, `claude` for name.claude.prompt; it runs on its own `model`) or a',
  'model id (then the production variant runs on that model). The baseline defaults to the',
  'production variant (`production:` in name.prompt, else the base). Both run over the same samples',
  'through the comparison engine (`promptscope compare`), then the paired results give: pass rates',
  'with 95% Wilson intervals, regressions (inputs the baseline passes and the candidate fails) and',
  'improvements, an exact McNemar p-value, latency p50/p95, TTFT p50, tokens, $ per call / 1,000',
  'calls / month, a verdict line and a rollout plan. An input passes on a side when it passes on',
  'every repeat. The report is saved as JSON and Markdown under .promptscope/evals/ (the runs under',
  '.promptscope/runs/) and compared with the previous evaluation of the same sides.',
  '',
  'Options:',
  '  --candidate V|M        The variant or model to move to (required).',
  '  --baseline V|M         The variant or model in production (default: the production variant).',
  '  --samples F            Samples JSONL (default: the base file\'s `samples`).',
  '  --repeat N             Runs per input and side (default 1; > 1 bypasses the cache, reports flakiness).',
  '  --judge M              A judge model for a pairwise preference on every input, with reasons.',
  '  --calls-per-month N    Volume for the $/month figures and the rollout steps\' calls per day.',
  '  --fail-on-regression   Exit 1 when the candidate has any regression.',
  '  --no-cache             Neither read nor write the response cache.',
  '  --no-save              Do not write the report or the run files.',
  '  --prices FILE          Price overrides, JSON as the promptscope.pricing.overrides setting (USD per 1M).',
  '  --json                 Print the JSON below instead of text.',
  '  --md                   Print the Markdown report.',
  '',
  'On a terminal a progress line goes to stderr; Ctrl+C cancels (no report is written).',
  '',
  'Environment: as `promptscope compare` (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, base URLs,',
  'PROMPTSCOPE_ENDPOINT_<NAME>_BASE_URL / _API_KEY).',
  '',
  'JSON output (version 1; null when unknown):',
  '  { "version": 1, "prompt", "samples", "repeat", "callsPerMonth",',
  '    "baseline": SIDE, "candidate": SIDE,',
  '    "regressions": [sample id], "improvements": [sample id], "incomplete": [sample id],',
  '    "mcnemar": { "b", "c", "p" }, "verdict", "gatePassed": bool,',
  '    "preference": { "judgeModel", "baseline", "candidate", "ties", "unknown" } | null,',
  '    "previous": { "createdAt", "changed": [reason], "regressionsDelta", "newRegressions", "fixedRegressions" } | null,',
  '    "reportFile", "markdownFile" }',
  '  SIDE = { "variant", "model", "promptPath", "inputs", "passed", "passRate", "interval": { "low", "high" },',
  '    "calls", "errors", "latencyP50Ms", "latencyP95Ms", "ttftP50Ms", "meanInputTokens", "meanOutputTokens",',
  '    "costPerCallUsd", "costPer1000CallsUsd", "costPerMonthUsd", "flakyInputs", "passHatK" }',
  '',
  'Exit codes: 0 done (regressions or not, unless --fail-on-regression); 1 a regression with',
  '--fail-on-regression; 2 usage or input error (unknown variant, no samples, a bad samples line).',
].join('\n');

interface EvalArgs {
  readonly file: string;
  readonly candidate: string;
  readonly baseline?: string;
  readonly samples?: string;
  readonly repeat: number;
  readonly judge?: string;
  readonly callsPerMonth?: number;
  readonly failOnRegression: boolean;
  readonly cache: boolean;
  readonly save: boolean;
  readonly pricesFile?: string;
  readonly format: 'text' | 'json' | 'md';
}

export function positiveWholeNumber(name: string, raw: string): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
}

const EVAL_OPTIONS = {
  candidate: { type: 'string' },
  baseline: { type: 'string' },
  samples: { type: 'string' },
  repeat: { type: 'string' },
  judge: { type: 'string' },
  'calls-per-month': { type: 'string' },
  'fail-on-regression': { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'no-save': { type: 'boolean' },
  prices: { type: 'string' },
  json: { type: 'boolean' },
  md: { type: 'boolean' },
} as const;

function parseArgs(argv: readonly string[]): EvalArgs {
  const { values, positionals: files } = parseCommandLine(argv, 'eval', EVAL_OPTIONS);
  if (values.json === true && values.md === true) throw new UsageError('use either --json or --md, not both');
  const format: EvalArgs['format'] = values.json === true ? 'json' : values.md === true ? 'md' : 'text';
  const opts = {
    candidate: values.candidate,
    baseline: values.baseline,
    samples: values.samples,
    judge: values.judge,
    callsPerMonth: values['calls-per-month'] !== undefined ? positiveWholeNumber('--calls-per-month', values['calls-per-month']) : undefined,
    pricesFile: values.prices,
  };
  const repeat = values.repeat !== undefined ? positiveWholeNumber('--repeat', values.repeat) : 1;
  const failOnRegression = values['fail-on-regression'] === true;
  const cache = values['no-cache'] !== true;
  const save = values['no-save'] !== true;
  if (files.length !== 1) throw new UsageError('give exactly one prompt file, e.g. `promptscope eval prompts/agent.prompt --candidate claude`');
  if (opts.candidate === undefined) throw new UsageError('--candidate is required (a variant name or a model id)');
  return { file: files[0] as string, candidate: opts.candidate, repeat, failOnRegression, cache, save, format, ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}), ...(opts.samples !== undefined ? { samples: opts.samples } : {}), ...(opts.judge !== undefined ? { judge: opts.judge } : {}), ...(opts.callsPerMonth !== undefined ? { callsPerMonth: opts.callsPerMonth } : {}), ...(opts.pricesFile !== undefined ? { pricesFile: opts.pricesFile } : {}) };
}

/** `prompts/agent.prompt`: relative to the working directory, `/`-separated (as reports record paths). */
export function cliDisplayPath(io: CliIO): (path: string) => string {
  return (path) => {
    const rel = relative(io.cwd, path);
    return (rel && !rel.startsWith('..') ? rel : path).split(sep).join('/');
  };
}

/** A progress line on a terminal only (pipes and --json consumers get just the result), as `compare` does. */
export function terminalProgress(io: CliIO, command: string): ((p: EvalProgress) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  return (p) => io.err(`\r\x1b[2K${command}: ${p.phase} ${p.finished}/${p.total} calls…`);
}

/** The `.prompt` files of a folder, as absolute paths. */
export function promptFilesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((f) => f.toLowerCase().endsWith('.prompt')).map((f) => join(folder, f));
  } catch {
    return [];
  }
}

async function savedEvaluations(dir: string): Promise<EvalReport[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const reports: EvalReport[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const parsed = parseEvalReport(await readFile(join(dir, name), 'utf8').catch(() => ''));
    if (typeof parsed !== 'string') reports.push(parsed);
  }
  return reports;
}

function sideJson(s: SideStats): Record<string, unknown> {
  return {
    variant: s.variant,
    model: s.model,
    promptPath: s.promptPath,
    inputs: s.inputs,
    passed: s.passed,
    passRate: s.passRate,
    interval: { low: s.interval.low, high: s.interval.high },
    calls: s.calls,
    errors: s.errors,
    latencyP50Ms: s.latencyP50Ms,
    latencyP95Ms: s.latencyP95Ms,
    ttftP50Ms: s.ttftP50Ms,
    meanInputTokens: s.meanInputTokens,
    meanOutputTokens: s.meanOutputTokens,
    costPerCallUsd: s.costPerCallUsd,
    costPer1000CallsUsd: s.costPer1000CallsUsd,
    costPerMonthUsd: s.costPerMonthUsd,
    flakyInputs: s.flakyInputs,
    passHatK: s.passHatK,
  };
}

/** The stable `--json` shape (documented in the usage text). */
export function evalJson(report: EvalReport, routing: RoutingReport | undefined, files: { reportFile: string | null; markdownFile: string | null }): Record<string, unknown> {
  return {
    version: 1,
    prompt: report.promptPath,
    samples: report.samplesPath ?? null,
    repeat: report.repeat,
    callsPerMonth: report.callsPerMonth ?? null,
    baseline: sideJson(report.baseline),
    candidate: sideJson(report.candidate),
    regressions: report.regressions,
    improvements: report.improvements,
    incomplete: report.incomplete,
    mcnemar: report.mcnemar,
    verdict: report.verdict,
    gatePassed: report.rollout.gate.passed,
    preference: report.preference ?? null,
    previous: report.previous
      ? { createdAt: report.previous.previousCreatedAt, changed: report.previous.changed, regressionsDelta: report.previous.regressionsDelta, newRegressions: report.previous.newRegressions, fixedRegressions: report.previous.fixedRegressions }
      : null,
    routing: routing ? { reference: routing.reference ?? null, oracle: routing.oracle, rules: routing.rules.map((r) => ({ description: r.description, passRate: r.passRate, totalCostUsd: r.totalCostUsd, saving: r.saving })) } : null,
    reportFile: files.reportFile,
    markdownFile: files.markdownFile,
  };
}

const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v)} ms`);
const usd = (v: number | null): string => (v === null ? '—' : formatUsd(v));
const pct = (v: number): string => `${Math.round(v * 100)}%`;

function textReport(report: EvalReport, routing: RoutingReport, files: { reportFile: string | null; markdownFile: string | null }): string {
  const side = (label: string, s: SideStats): string =>
    `${label.padEnd(9)} ${s.variant} on ${s.model}: pass ${s.passed}/${s.inputs} (${pct(s.passRate)}, 95% CI ${pct(s.interval.low)}–${pct(s.interval.high)})  p50 ${ms(s.latencyP50Ms)}  p95 ${ms(s.latencyP95Ms)}  TTFT p50 ${ms(s.ttftP50Ms)}  ${usd(s.costPerCallUsd)}/call  ${usd(s.costPer1000CallsUsd)}/1k${s.costPerMonthUsd !== null ? `  ${usd(s.costPerMonthUsd)}/month` : ''}${s.errors ? `  ${s.errors} error(s)` : ''}`;
  const out = [
    `${report.promptPath} — ${report.outcomes.length} inputs${report.repeat > 1 ? ` × ${report.repeat}` : ''}`,
    side('baseline', report.baseline),
    side('candidate', report.candidate),
    `McNemar (exact): b = ${report.mcnemar.b}, c = ${report.mcnemar.c}, p = ${formatP(report.mcnemar.p)}`,
    `Verdict: ${report.verdict}`,
  ];
  if (report.regressions.length) {
    out.push(`Regressions (${report.regressions.length}):`);
    for (const id of report.regressions) {
      const o = report.outcomes.find((x) => x.sample === id);
      out.push(`  ${id}: ${o?.candidateReasons.join('; ') ?? ''}`);
    }
  }
  if (report.improvements.length) out.push(`Improvements (${report.improvements.length}): ${report.improvements.join(', ')}`);
  if (report.previous) out.push(`Since ${report.previous.previousCreatedAt}: ${report.previous.changed.join(', ') || 'no change'}; regressions ${report.previous.regressionsDelta >= 0 ? '+' : ''}${report.previous.regressionsDelta}`);
  if (routing.oracle.saving !== null) out.push(`Routing: each input to the cheaper side that passes it: pass ${pct(routing.oracle.passRate)}, ${pct(routing.oracle.saving)} cheaper than ${routing.reference}`);
  out.push(`Eval gate: ${report.rollout.gate.passed ? 'passed' : 'failed'}`);
  if (files.markdownFile) out.push(`Report: ${files.markdownFile} (rollout plan inside), ${files.reportFile}`);
  return `${out.join('\n')}\n`;
}

export const evalCommand: CliCommand = {
  name: 'eval',
  summary: 'Evaluate a model migration: baseline vs candidate variant on the samples (regressions, McNemar, cost, rollout plan)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv);
    const promptPath = resolve(io.cwd, args.file);
    const prices = loadPriceCatalog(args.pricesFile, io, 'eval', () => `${args.pricesFile} must hold a JSON object of model ids`);
    const controller = new AbortController();
    const onSigint = (): void => controller.abort();
    process.once('SIGINT', onSigint);
    const evalsDir = resolve(io.cwd, EVALS_FOLDER);
    const progress = terminalProgress(io, 'eval');
    try {
      const env: EvalEnvironment = {
        ...cliCompareEnvironment(io, { useCache: args.cache, prices, signal: controller.signal }),
        // The prompt named on the command line and the files next to it are readable wherever it is.
        workspace: nodeWorkspace(io.cwd, { allowedRoots: [io.cwd, dirname(promptPath)] }),
        displayPath: cliDisplayPath(io),
        ...(progress ? { onProgress: progress } : {}),
      };
      const { report, routing, baselineRun, candidateRun } = await evaluateMigration(
        {
          promptPath,
          folderFiles: promptFilesIn(dirname(promptPath)),
          candidate: args.candidate,
          repeat: args.repeat,
          useCache: args.cache,
          previous: await savedEvaluations(evalsDir),
          ...(args.baseline !== undefined ? { baseline: args.baseline } : {}),
          ...(args.samples !== undefined ? { samplesPath: resolve(io.cwd, args.samples) } : {}),
          ...(args.judge !== undefined ? { judgeModel: args.judge } : {}),
          ...(args.callsPerMonth !== undefined ? { callsPerMonth: args.callsPerMonth } : {}),
        },
        env,
      );
      if (progress) io.err('\r\x1b[2K');
      let files: { reportFile: string | null; markdownFile: string | null } = { reportFile: null, markdownFile: null };
      if (args.save) {
        const secrets = cliSecrets(io.env);
        const runsDir = resolve(io.cwd, RUNS_DIR);
        const runFiles = { baseline: relative(runsDir, await writeRunFile(runsDir, baselineRun, secrets)), candidate: relative(runsDir, await writeRunFile(runsDir, candidateRun, secrets)) };
        const saved: EvalReport = { ...report, runFiles };
        await mkdir(evalsDir, { recursive: true });
        const base = join(evalsDir, evalReportBaseName(saved));
        await writeFile(`${base}.json`, serializeEvalReport(saved, routing, secrets));
        await writeFile(`${base}.md`, evalReportToMarkdown(saved, routing));
        const display = cliDisplayPath(io);
        files = { reportFile: display(`${base}.json`), markdownFile: display(`${base}.md`) };
      }
      if (args.format === 'json') io.out(`${JSON.stringify(evalJson(report, routing, files), null, 2)}\n`);
      else if (args.format === 'md') io.out(evalReportToMarkdown(report, routing));
      else io.out(textReport(report, routing, files));
      return args.failOnRegression && report.regressions.length > 0 ? ExitCode.Findings : ExitCode.Ok;
    } catch (e) {
      if (e instanceof EvalInputError) throw new UsageError(e.message);
      if (e instanceof EvalCancelledError) throw new UsageError('cancelled; no report was written');
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
