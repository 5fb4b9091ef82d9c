import { basename, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { discoverPromptFiles, displayFileName, noPromptFilesError, skippedLines, warningLines, type DiscoveredFiles, type SkippedFile } from '../files';
import { MAX_PROMPT_FILE_BYTES, nodeWorkspace } from '../nodeWorkspace';
import { readRegularFile } from '../../node/safeRead';
import { loadPriceCatalog, modelList, parseCommandLine } from '../options';
import { isPartialFileName } from '../../core/analysis/discovery';
import type { PromptDiagnostic } from '../../core/diagnostics';
import { analyzePrompt, exactApisFor, frontmatterErrorDiagnostics, targetsFor, type InputChoice, type PromptAnalysis } from '../../core/analysis';
import { approxPrefix, formatPercent, formatTokenCount, formatUsd } from '../../core/pricing';
import { parsePromptFile } from '../../core/prompt';
import { COUNT_TOKENS_TIMEOUT_MS, createProvider, type ChatMessage } from '../../core/providers';
import { resolveModelRef, TokenService, type ChatMessageText, type ExactTokenCounter, type ModelCountReport, type TokenServiceOptions } from '../../core/tokens';
import { createGeminiTokenCounter } from '../../core/tokens/geminiCountTokens';
import { PROJECT_OPTIONS, PROJECT_OPTIONS_USAGE, projectOptionsFrom, withProjectSettings, type ProjectOptions } from '../projectOptions';

/** Targets for files that name none (the `promptscope.defaultTargets` default). */
import { DEFAULT_TARGETS } from '../../core/modelId';

const USAGE = [
  'Usage: promptscope count <files|dirs>... [options]',
  '',
  'Counts the input tokens and cost of each prompt, rendered with its default input (or the one',
  'you choose), for each target model: the file\'s `model` + `targets`, else',
  `${DEFAULT_TARGETS.join(' and ')}. Directories are searched recursively for .prompt,`,
  '.prompty, .md and .txt files (skipping node_modules, .git and hidden folders). Partials (_name.prompt) are not',
  'requests on their own and are skipped in directories unless --include-partials is given.',
  '',
  'Options:',
  '  --model M           Count for model M instead of the file\'s targets (repeatable or comma-separated).',
  '                      `provider/model`; a bare name is OpenAI, Anthropic when it starts with "claude",',
  '                      Google when it starts with "gemini" (Genkit ids googleai/…, vertexai/… are Google).',
  '  --input JSON        Render with these input values (a JSON object; @file.json reads a file).',
  '  --sample N|ID       Render with case N (1-based) or the case with this id from the file\'s samples.',
  '  --exact             Count Claude models exactly with Anthropic\'s count_tokens API (free; needs',
  '                      ANTHROPIC_API_KEY, and ANTHROPIC_BASE_URL for another endpoint) and Gemini',
  '                      models (googleai/…, vertexai/…, google/…, bare gemini-…) with Gemini\'s countTokens',
  '                      (GEMINI_API_KEY or GOOGLE_API_KEY; GEMINI_BASE_URL). Each distinct',
  '                      request is sent once; on a rate limit the estimate is shown with a note.',
  '  --timeout S         Seconds to wait for each count_tokens call (default 5; one retry), then the',
  '                      estimate is shown with a note.',
  '  --budget N          Budget (input tokens) for files that set no `budget` in their frontmatter.',
  '  --prices FILE       Price overrides, JSON as the promptscope.pricing.overrides setting:',
  '                      { "openai/my-model": { "input": 3, "output": 12, "context": 128000 } } (USD per 1M).',
  '  --include-partials  Also count _name.prompt partials found in directories.',
  ...PROJECT_OPTIONS_USAGE,
  '  --json              Print the JSON report below instead of text.',
  '',
  'Text output: per file, one line per model with tokens ("≈" marks estimates), the counting method',
  '(tiktoken:o200k_base, anthropic:count_tokens, gemini:countTokens, estimate), $ per call, $ per 1,000 calls, share of',
  'the context window and the worst case (input + max output); then per-section tokens and notes.',
  '',
  'JSON output (version 1; fields are always present, null when unknown):',
  '  { "version": 1, "exact": bool,',
  '    "files": [ { "file", "kind": "prompt"|"prompty"|"text",',
  '      "input": { "kind": "default"|"sample"|"json", "label", "sample": { "index", "id" } | null },',
  '      "targets": [id], "targetsSource": "override"|"file"|"default",',
  '      "budget": { "tokens", "source": "file"|"setting" } | null, "maxOutputTokens": n | null,',
  '      "rendered": bool, "renderError": string | null, "missingPartials": [name], "partialCycles": [[name]],',
  '      "sectionsFrom": "rendered"|"template",',
  '      "models": [ { "model", "label", "tokens", "exact", "method", "templateTokens", "perMessage": [n],',
  '        "overhead", "costPerCall", "costPer1kCalls", "cachedCostPerCall", "contextWindow", "contextPercent",',
  '        "worstCase": { "outputTokens", "cost" } | null, "priceSource", "overBudgetBy",',
  '        "contextNeeded", "exceedsContext": bool, "notes": [string],',
  '        "sections": [ { "name", "tokens" } ], "sectionsExact": bool } ],',
  '      "diagnostics": [ { "severity", "code", "message", "line", "column", "endLine", "endColumn" } ] } ],',
  '    "skipped": [ { "file", "reason" } ],  (not regular files, unreadable: also on stderr; exit 1)',
  '    "summary": { "files", "overBudget", "exceedsContext", "invalidFrontmatter", "renderErrors" } }',
  '  Costs are USD; token counts include chat framing; lines and columns are 1-based.',
  '',
  'Exit codes: 0 ok; 1 a file is over its budget, does not fit a context window, does not render, has',
  'frontmatter that does not parse (the YAML error is printed), or was skipped (not a regular file);',
  '2 usage or input error (missing file, bad --input JSON, sample out of range, --exact without a key).',
].join('\n');

interface CountArgs {
  readonly paths: string[];
  readonly models: string[];
  readonly input: InputChoice;
  readonly exact: boolean;
  readonly json: boolean;
  readonly includePartials: boolean;
  readonly budget?: number;
  readonly pricesFile?: string;
  /** Per count_tokens attempt (`--timeout`, seconds). */
  readonly timeoutMs: number;
  readonly project: ProjectOptions;
}

const COUNT_OPTIONS = {
  model: { type: 'string', short: 'm', multiple: true },
  input: { type: 'string' },
  sample: { type: 'string' },
  exact: { type: 'boolean' },
  json: { type: 'boolean' },
  'include-partials': { type: 'boolean' },
  budget: { type: 'string' },
  prices: { type: 'string' },
  timeout: { type: 'string' },
  ...PROJECT_OPTIONS,
} as const;

function parseArgs(args: readonly string[], io: CliIO): CountArgs {
  const { values, positionals: paths } = parseCommandLine(args, 'count', COUNT_OPTIONS);
  const models = modelList(values.model);
  const { input: inputJson, sample, prices: pricesFile } = values;
  const exact = values.exact === true;
  const json = values.json === true;
  const includePartials = values['include-partials'] === true;
  let timeoutMs = COUNT_TOKENS_TIMEOUT_MS;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError(`--timeout must be a number of seconds between 0 and 600, got "${values.timeout}"`);
    timeoutMs = Math.round(seconds * 1000);
  }
  let budget: number | undefined;
  if (values.budget !== undefined) {
    const n = Number(values.budget);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--budget must be a positive whole number of tokens, got "${values.budget}"`);
    budget = n;
  }
  if (paths.length === 0) throw new UsageError('give at least one file or directory, e.g. `promptscope count prompts/`');
  if (inputJson !== undefined && sample !== undefined) throw new UsageError('use either --input or --sample, not both');
  let input: InputChoice = { kind: 'default' };
  if (inputJson !== undefined) input = { kind: 'json', value: parseInputJson(inputJson, io) };
  else if (sample !== undefined) {
    input = /^\d+$/.test(sample) ? { kind: 'sample', index: Number(sample) } : { kind: 'sample', id: sample };
    if ('index' in input && input.index < 1) throw new UsageError('--sample counts from 1');
  }
  return {
    paths,
    models: models.map((m) => resolveModelRef(m).id),
    input,
    exact,
    json,
    includePartials,
    timeoutMs,
    project: projectOptionsFrom(values, io.cwd),
    ...(budget !== undefined ? { budget } : {}),
    ...(pricesFile !== undefined ? { pricesFile } : {}),
  };
}

/** `--input JSON` or `--input @file.json`: a JSON object of variable values. */
export function parseInputJson(raw: string, io: CliIO): Record<string, unknown> {
  let text = raw;
  if (raw.startsWith('@')) {
    const read = readRegularFile(resolve(io.cwd, raw.slice(1)));
    if (!('text' in read)) throw new UsageError(`--input: ${raw.slice(1)} ${read.message}`);
    text = read.text;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--input is not valid JSON (${e instanceof Error ? e.message : String(e)}); e.g. --input '{"name": "Ada"}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--input must be a JSON object of variable values, e.g. {"name": "Ada"}');
  }
  return value as Record<string, unknown>;
}

/** The prompt files to count (the shared discovery; partials found in folders only when asked), and those skipped. */
export function discoverCountFiles(paths: readonly string[], cwd: string, includePartials: boolean): Omit<DiscoveredFiles, 'files'> & { files: string[] } {
  const { files, ...rest } = discoverPromptFiles(paths, cwd);
  return { ...rest, files: files.filter((f) => includePartials || f.root === undefined || !isPartialFileName(basename(f.path))).map((f) => f.path) };
}

function toChatRole(role: string): ChatMessage['role'] {
  if (role === 'system') return 'system';
  if (role === 'model' || role === 'assistant') return 'assistant';
  return 'user';
}

function anthropicCounter(io: CliIO, timeoutMs: number): ExactTokenCounter {
  const apiKey = io.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    throw new UsageError('--exact needs an Anthropic API key in ANTHROPIC_API_KEY to count Claude models with count_tokens (it is free); or drop --exact for the offline estimate');
  }
  const baseURL = io.env.ANTHROPIC_BASE_URL?.trim();
  const provider = createProvider({ kind: 'anthropic', name: 'anthropic', apiKey, timeoutMs, maxRetries: 1, ...(baseURL ? { baseURL } : {}) });
  return (model: string, messages: readonly ChatMessageText[]) =>
    provider.countTokens(model, messages.map((m) => ({ role: toChatRole(m.role), content: m.text })));
}

function geminiCounter(io: CliIO, timeoutMs: number): ExactTokenCounter {
  const apiKey = (io.env.GEMINI_API_KEY ?? io.env.GOOGLE_API_KEY)?.trim();
  if (!apiKey) {
    throw new UsageError('--exact needs a Gemini API key in GEMINI_API_KEY (or GOOGLE_API_KEY) to count Gemini models with countTokens (it is free); or drop --exact for the offline estimate');
  }
  const baseURL = io.env.GEMINI_BASE_URL?.trim();
  return createGeminiTokenCounter({ apiKey, timeoutMs, ...(baseURL ? { baseURL } : {}) });
}

// ---------------------------------------------------------------------------------------------
// Output

interface FileResult {
  readonly display: string;
  readonly analysis: PromptAnalysis;
}

/**
 * A file's findings: frontmatter that does not parse (an input error: the counts below ignore it,
 * so the gate must not pass), then the budget and context-window checks.
 */
function fileDiagnostics(a: PromptAnalysis): PromptDiagnostic[] {
  return [...frontmatterErrorDiagnostics(a.file), ...a.budgetDiagnostics, ...a.renderDiagnostics];
}

function orNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

function jsonReport(results: readonly FileResult[], exact: boolean, tokens: TokenService, skipped: readonly { file: string; reason: string }[]): unknown {
  return {
    version: 1,
    exact,
    files: results.map(({ display, analysis: a }) => ({
      file: display,
      kind: a.file.kind,
      input: {
        kind: a.input.choice.kind,
        label: a.input.label,
        sample: a.input.sample ? { index: a.input.sampleIndex ?? null, id: a.input.sample.id } : null,
      },
      targets: a.targets,
      targetsSource: a.targetsSource,
      budget: a.budget ? { tokens: a.budget.tokens, source: a.budget.source } : null,
      maxOutputTokens: orNull(a.maxOutputTokens),
      rendered: a.renderError === undefined,
      renderError: a.renderError?.message ?? null,
      missingPartials: a.missingPartials,
      partialCycles: a.partials.cycles,
      sectionsFrom: a.sectionsFrom,
      models: a.report.models.map((m, i) => {
        const check = a.checks[i];
        return {
          model: m.modelId,
          label: m.label,
          tokens: m.renderedTokens,
          exact: m.exact,
          method: m.method,
          templateTokens: m.templateTokens,
          perMessage: m.perMessage,
          overhead: m.overhead,
          costPerCall: orNull(m.costPerCall),
          costPer1kCalls: orNull(m.costPerThousandCalls),
          cachedCostPerCall: orNull(m.cachedCostPerCall),
          contextWindow: orNull(m.price?.contextWindow),
          contextPercent: orNull(m.contextPercent),
          worstCase: m.worstCase ? { outputTokens: m.worstCase.outputTokens, cost: m.worstCase.cost } : null,
          priceSource: orNull(m.price?.source),
          overBudgetBy: orNull(check?.overBudgetBy),
          contextNeeded: check?.contextNeeded ?? m.renderedTokens,
          exceedsContext: check?.exceedsContext ?? m.exceedsContext,
          sectionsExact: tokens.plan(m.modelId).exact,
          notes: m.notes,
          sections: m.sections.map((s) => ({ name: s.name, tokens: s.tokens })),
        };
      }),
      diagnostics: fileDiagnostics(a).map((d) => {
        const start = a.file.lines.positionAt(d.range.start);
        const end = a.file.lines.positionAt(d.range.end);
        return {
          severity: d.severity,
          code: d.code,
          message: d.message,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
        };
      }),
    })),
    skipped,
    summary: summarize(results),
  };
}

function summarize(results: readonly FileResult[]): { files: number; overBudget: number; exceedsContext: number; invalidFrontmatter: number; renderErrors: number } {
  return {
    files: results.length,
    overBudget: results.filter((r) => r.analysis.budgetDiagnostics.some((d) => d.code === 'over-budget')).length,
    exceedsContext: results.filter((r) => r.analysis.budgetDiagnostics.some((d) => d.code === 'exceeds-context')).length,
    invalidFrontmatter: results.filter((r) => frontmatterErrorDiagnostics(r.analysis.file).length > 0).length,
    renderErrors: results.filter((r) => r.analysis.renderError).length,
  };
}

function modelCells(m: ModelCountReport, maxOutputFromPrompt: boolean): string[] {
  const approx = approxPrefix(m.exact);
  const cells = [m.modelId, `${approx}${formatTokenCount(m.renderedTokens)} tok`, m.method];
  if (m.costPerCall === undefined || m.costPerThousandCalls === undefined) {
    cells.push('no price', '', '', '');
    return cells;
  }
  cells.push(`${approx}${formatUsd(m.costPerCall)}/call`, `${approx}${formatUsd(m.costPerThousandCalls)}/1k calls`);
  cells.push(m.contextPercent !== undefined ? `${formatPercent(m.contextPercent)} ctx` : 'ctx ?');
  cells.push(
    m.worstCase
      ? `worst ${approx}${formatUsd(m.worstCase.cost)} (+${formatTokenCount(m.worstCase.outputTokens)} out${maxOutputFromPrompt ? '' : ', model max'})`
      : 'no max output set',
  );
  return cells;
}

function padRows(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - [...cell].length))).join('  ').trimEnd());
}

function textReport(results: readonly FileResult[], tokens: TokenService): string {
  const out: string[] = [];
  for (const { display, analysis: a } of results) {
    const header = [display, a.input.label];
    if (a.budget) header.push(`budget ${formatTokenCount(a.budget.tokens)}${a.budget.source === 'setting' ? ' (--budget)' : ''}`);
    header.push(a.maxOutputTokens !== undefined ? `max output ${formatTokenCount(a.maxOutputTokens)}` : 'no max output set');
    out.push(header.join(' · '));
    if (a.renderError) {
      out.push(`  error render-failed: ${a.renderError.message}`);
      out.push('  (counts below are of the raw template, not the rendered prompt)');
    }
    for (const missing of a.partials.missing) {
      out.push(`  warning missing-partial: {{> ${missing.name}}} not found (looked for ${missing.path}); counted as empty`);
    }
    for (const name of a.partials.tooDeep) out.push(`  warning missing-partial: {{> ${name}}} nested too deep; not loaded`);
    for (const cycle of a.partials.cycles) out.push(`  note: partials include each other: ${cycle.join(' → ')}`);
    const rows = padRows(a.report.models.map((m) => modelCells(m, a.maxOutputTokens !== undefined)));
    a.report.models.forEach((m, i) => {
      out.push(`  ${rows[i] ?? ''}`);
      const approx = approxPrefix(tokens.plan(m.modelId).exact);
      if (m.sections.length > 1 || (m.sections.length === 1 && a.file.kind !== 'text')) {
        const from = a.sectionsFrom === 'template' ? ' (template text)' : '';
        out.push(`      sections${from}: ${m.sections.map((s) => `${s.name} ${approx}${formatTokenCount(s.tokens)}`).join(' · ')}`);
      }
      for (const note of m.notes) out.push(`      note: ${note}`);
    });
    for (const d of fileDiagnostics(a)) {
      const pos = a.file.lines.positionAt(d.range.start);
      out.push(`  ${d.severity} ${d.code} (${pos.line + 1}:${pos.character + 1}): ${d.message}`);
    }
    out.push('');
  }
  const s = summarize(results);
  const parts = [`${s.files} file${s.files === 1 ? '' : 's'} counted`];
  if (s.overBudget) parts.push(`${s.overBudget} over budget`);
  if (s.exceedsContext) parts.push(`${s.exceedsContext} exceeding a context window`);
  if (s.renderErrors) parts.push(`${s.renderErrors} failed to render`);
  if (s.invalidFrontmatter) parts.push(`${s.invalidFrontmatter} with invalid frontmatter`);
  out.push(parts.join(' · '));
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------

export interface CountCommandOptions {
  /** Targets for files that name none; default DEFAULT_TARGETS. */
  readonly defaultTargets?: readonly string[];
}

export function createCountCommand(options: CountCommandOptions = {}): CliCommand {
  const defaultTargets = options.defaultTargets ?? DEFAULT_TARGETS;
  return {
    name: 'count',
    summary: 'Count tokens and cost of prompt files per target model',
    usage: USAGE,
    async run(args: string[], io: CliIO): Promise<ExitCode> {
      const parsed = parseArgs(args, io);
      const catalog = loadPriceCatalog(parsed.pricesFile, io, 'count', (problems) => (problems.length ? problems.join('; ') : undefined));
      const discovered = discoverCountFiles(parsed.paths, io.cwd, parsed.includePartials);
      const project = withProjectSettings(parsed.project, discovered.projects);
      const skipped: SkippedFile[] = [...discovered.skipped];
      // A file that cannot be read is reported and skipped; the other files are still counted.
      const texts: { path: string; text: string }[] = [];
      for (const path of discovered.files) {
        const read = readRegularFile(path, MAX_PROMPT_FILE_BYTES);
        if ('text' in read) texts.push({ path, text: read.text });
        else skipped.push({ path, reason: read.message });
      }
      io.err(warningLines('count', discovered.warnings) + skippedLines('count', skipped, io.cwd));
      if (texts.length === 0) {
        if (skipped.length > 0) throw new UsageError(`no readable prompt files under ${parsed.paths.join(', ')}`);
        throw noPromptFilesError(parsed.paths, {}, discovered.projects);
      }
      const workspace = nodeWorkspace(io.cwd);

      const counters: { anthropicCounter?: ExactTokenCounter; geminiCounter?: ExactTokenCounter } = {};
      if (parsed.exact) {
        const apis = exactApisFor(texts.flatMap(({ path, text }) =>
          targetsFor(parsePromptFile(text, { fileName: path }), parsed.models, defaultTargets).targets));
        if (apis.has('anthropic')) counters.anthropicCounter = anthropicCounter(io, parsed.timeoutMs);
        if (apis.has('gemini')) counters.geminiCounter = geminiCounter(io, parsed.timeoutMs);
      }
      const tokens = new TokenService(counters satisfies TokenServiceOptions);

      // One file at a time: the exact counter then sees repeated requests after the first is cached.
      const results: FileResult[] = [];
      for (const { path, text } of texts) {
        const analysis = await analyzePrompt({
          fileName: path,
          text,
          workspace,
          input: parsed.input,
          targets: parsed.models,
          defaultTargets,
          ...(parsed.budget !== undefined ? { budget: parsed.budget } : {}),
          deps: { tokens, catalog },
          exact: parsed.exact,
          helpers: project.helpers,
          partialDirs: project.partialDirs,
        });
        const display = displayFileName(path, io.cwd);
        if (analysis.inputError) throw new UsageError(`${display}: ${analysis.inputError}`);
        results.push({ display, analysis });
      }

      io.out(parsed.json ? `${JSON.stringify(jsonReport(results, parsed.exact, tokens, skipped.map((f) => ({ file: displayFileName(f.path, io.cwd), reason: f.reason }))), null, 2)}\n` : textReport(results, tokens));
      const failed = skipped.length > 0 || results.some((r) => r.analysis.renderError !== undefined || fileDiagnostics(r.analysis).some((d) => d.severity === 'error' || d.severity === 'warning'));
      return failed ? ExitCode.Findings : ExitCode.Ok;
    },
  };
}

export const countCommand: CliCommand = createCountCommand();
