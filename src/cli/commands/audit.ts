import { mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { DEPENDENCY_DIRS, findFiles, hasExtension, PROMPT_AND_TEXT_EXTENSIONS } from '../files';
import { globToRegExp, matchesAnyGlob } from '../glob';
import { nodeWorkspace } from '../nodeWorkspace';
import { loadPriceCatalog, modelList, parseCommandLine } from '../options';
import {
  applyAuditFixes,
  auditToCsv,
  auditToJson,
  auditToMarkdown,
  auditToText,
  DEFAULT_CALLS_PER_MONTH,
  runAudit,
  type AuditInputFile,
} from '../../core/audit';
import { formatTokenCount } from '../../core/pricing';
import { resolveModelRef, TokenService } from '../../core/tokens';
import { AUDIT_COST_USAGE, parseAuditCostOption, readRunFiles, type AuditCostOptions } from './auditCostOptions';
import { DEFAULT_TARGETS } from './count';

const USAGE = [
  'Usage: promptscope audit <dirs|files>... [options]',
  '',
  'The quarterly prompt audit. A folder is a prompts folder: it is searched recursively for .prompt,',
  '.prompty, .md and .txt files (skipping node_modules, .git and hidden folders); plain .md/.txt files',
  'are one system message each. Partials (_name.prompt) count inside the prompts that include them.',
  'Per prompt: input tokens per target model, $ per call and per month, the tokens and $ the safe',
  'compression fixes would save, findings by rule, over-budget and no-output-limit flags, last',
  'modified date; then passages duplicated across prompts (candidates for a partial) and, with a',
  'threshold, which prompts and volumes cost more than self-hosting. Totals come first.',
  '',
  'Options:',
  `  --calls-per-month N          Calls per month of each prompt (default ${formatTokenCount(DEFAULT_CALLS_PER_MONTH)}).`,
  '  --budget N                   Budget (input tokens) for files that set no `budget` in their frontmatter.',
  '  --self-hosting-threshold USD Monthly cost of dedicated GPU capacity: report which prompts cross it',
  '                               and from what call volume.',
  '  --model M                    Audit for model M instead of each file\'s targets (repeatable or',
  '                               comma-separated); the first is the one costs and savings are priced on.',
  '  --prices FILE                Price overrides, JSON as the promptscope.pricing.overrides setting.',
  '  --include GLOB               Audit only files in the folders matching GLOB (repeatable), instead of',
  '                               the four extensions: `--include "**/*.prompt"` narrows, `--include',
  '                               "*.markdown"` widens. Without a "/", a glob matches the file name.',
  '  --json | --md | --csv        Print the report as JSON, Markdown or CSV (one row per prompt and model).',
  '  --fix --out DIR              Write copies of the files with every safe fix applied under DIR,',
  '                               mirroring their paths relative to the current folder. The inputs are',
  '                               never modified. Prints tokens saved per file and every number, URL,',
  '                               template variable or negation the fix lost (expected: none).',
  ...AUDIT_COST_USAGE,
  '',
  'Costs are input tokens on each prompt\'s first target (its `model`, else the first of --model or',
  'openai/gpt-4o, anthropic/claude-sonnet-4-5), rendered with the default input; "≈" marks estimates.',
  '',
  'Exit codes: 0 ok; 1 a prompt is over its budget (a CI gate); 2 usage or input error.',
].join('\n');

type Format = 'text' | 'json' | 'md' | 'csv';

interface AuditArgs {
  readonly paths: string[];
  readonly models: string[];
  readonly include: string[];
  readonly format: Format;
  readonly callsPerMonth: number;
  readonly budget?: number;
  readonly threshold?: number;
  readonly pricesFile?: string;
  readonly fix: boolean;
  readonly out?: string;
  readonly cost: AuditCostOptions;
}

function positiveNumber(name: string, raw: string, integer: boolean): number {
  const n = Number(raw.replace(/^\$/, '').replace(/[,_]/g, ''));
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${name} must be a positive ${integer ? 'whole number' : 'number'}, got "${raw}"`);
  }
  return n;
}

function parseArgs(args: readonly string[], cwd: string): AuditArgs {
  const cost: AuditCostOptions = {};
  const models: string[] = [];
  const include: string[] = [];
  const formats: Format[] = [];
  let callsPerMonth = DEFAULT_CALLS_PER_MONTH;
  let budget: number | undefined;
  let threshold: number | undefined;
  let pricesFile: string | undefined;
  let fix = false;
  let out: string | undefined;
  const paths = parseCommandLine(args, 'audit', (name, value) => {
    switch (name) {
      case '--model':
      case '-m':
        models.push(...modelList(value()));
        return true;
      case '--include':
        include.push(value());
        return true;
      case '--json':
        formats.push('json');
        return true;
      case '--md':
      case '--markdown':
        formats.push('md');
        return true;
      case '--csv':
        formats.push('csv');
        return true;
      case '--calls-per-month':
        callsPerMonth = positiveNumber(name, value(), true);
        return true;
      case '--budget':
        budget = positiveNumber(name, value(), true);
        return true;
      case '--self-hosting-threshold':
        threshold = positiveNumber(name, value(), false);
        return true;
      case '--prices':
        pricesFile = value();
        return true;
      case '--fix':
        fix = true;
        return true;
      case '--out':
        out = value();
        return true;
      default:
        return parseAuditCostOption(name, value, cost, cwd);
    }
  });
  if (paths.length === 0) throw new UsageError('give at least one folder or file, e.g. `promptscope audit prompts/`');
  if (new Set(formats).size > 1) throw new UsageError('choose one of --json, --md and --csv');
  if (fix && out === undefined) throw new UsageError('--fix needs --out DIR: fixed copies are written there, the originals are never changed');
  if (!fix && out !== undefined) throw new UsageError('--out is for --fix (write fixed copies to DIR)');
  return {
    paths,
    models: models.map((m) => resolveModelRef(m).id),
    include,
    format: formats[0] ?? 'text',
    callsPerMonth,
    ...(budget !== undefined ? { budget } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(pricesFile !== undefined ? { pricesFile } : {}),
    fix,
    ...(out !== undefined ? { out } : {}),
    cost,
  };
}

const toSlash = (p: string): string => p.split(sep).join('/');

/** A path for display and for `--out` mirroring: relative to the cwd, else to the folder given (with its name). */
function displayPath(file: string, root: string | undefined, cwd: string): string {
  const fromCwd = relative(cwd, file);
  if (fromCwd && !fromCwd.startsWith('..') && !isAbsolute(fromCwd)) return toSlash(fromCwd);
  if (root) return toSlash(`${basename(root)}${sep}${relative(root, file)}`);
  return basename(file);
}

export interface CollectedFile {
  readonly path: string;
  readonly relativePath: string;
}

/**
 * The files of a prompts audit: every .prompt/.prompty/.md/.txt in the folders (or those matching
 * `include`, relative to each folder), partials included; explicit files always. `exclude`
 * folders (the `--out` folder) are never entered.
 */
export function collectAuditFiles(paths: readonly string[], cwd: string, include: readonly string[] = [], exclude: readonly string[] = []): CollectedFile[] {
  const globs = include.map(globToRegExp);
  const excluded = new Set(exclude.map((d) => resolve(cwd, d)));
  const found = findFiles(paths, cwd, {
    skippedDirs: DEPENDENCY_DIRS,
    excludedDirs: excluded,
    wanted: (entry, full, root) =>
      entry.isFile() && (globs.length ? matchesAnyGlob(toSlash(relative(root, full)), globs) : hasExtension(entry.name, PROMPT_AND_TEXT_EXTENSIONS)),
    beforeSearch: (dir, given) => {
      if (excluded.has(dir)) throw new UsageError(`--out ${given} is an input folder: the fixed copies would replace the originals; choose another folder`);
    },
  });
  return found.map((f) => ({ path: f.path, relativePath: displayPath(f.path, f.root, cwd) }));
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

interface FixSummary {
  readonly lines: string[];
  readonly files: number;
  readonly changed: number;
  readonly tokensSaved: number;
  readonly violations: number;
}

function writeFixes(files: readonly AuditInputFile[], outDir: string, tokens: TokenService, models: readonly string[]): FixSummary {
  const inputs = new Set(files.map((f) => realOrResolved(f.path)));
  const lines: string[] = [];
  let changed = 0;
  let tokensSaved = 0;
  let violations = 0;
  const planned = files.map((f) => ({ file: f, target: resolve(outDir, f.relativePath) }));
  for (const { file, target } of planned) {
    const rel = relative(outDir, target);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`${file.relativePath} would be written outside ${outDir}`);
    // Compare with the parent's real path: the target itself may not exist yet.
    const real = resolve(realOrResolved(dirname(target)), basename(target));
    if (inputs.has(real) || inputs.has(target)) throw new UsageError(`--out ${outDir} would overwrite the input ${file.relativePath}; choose another folder`);
  }
  for (const { file, target } of planned) {
    const result = applyAuditFixes(file.text, file.path, { tokens }, models[0] !== undefined ? { modelId: models[0] } : { defaultTargets: DEFAULT_TARGETS });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, result.text);
    const saved = result.tokensBefore - result.tokensAfter;
    if (result.changed) changed++;
    tokensSaved += saved;
    violations += result.violations.length;
    const pct = result.tokensBefore > 0 ? ` (−${((saved / result.tokensBefore) * 100).toFixed(1)}%)` : '';
    lines.push(result.changed
      ? `  ${file.relativePath}: ${formatTokenCount(result.tokensBefore)} → ${formatTokenCount(result.tokensAfter)} tokens, −${formatTokenCount(saved)}${pct} · ${result.applied} fix${result.applied === 1 ? '' : 'es'}`
      : `  ${file.relativePath}: unchanged`);
    for (const v of result.violations) {
      const counts = v.expected !== undefined ? ` (${v.found ?? 0} of ${v.expected} left)` : '';
      lines.push(`    preservation violation: ${v.category} "${v.item}" is missing after the fix${counts}`);
    }
  }
  return { lines, files: files.length, changed, tokensSaved, violations };
}

export function createAuditCommand(options: { readonly defaultTargets?: readonly string[] } = {}): CliCommand {
  const defaultTargets = options.defaultTargets ?? DEFAULT_TARGETS;
  return {
    name: 'audit',
    summary: 'Audit a prompts folder: cost, savings, duplicates, budgets',
    usage: USAGE,
    async run(args: string[], io: CliIO): Promise<ExitCode> {
      const parsed = parseArgs(args, io.cwd);
      const catalog = loadPriceCatalog(parsed.pricesFile, io, 'audit', () => `${parsed.pricesFile} must hold a JSON object of model ids`);
      const outDir = parsed.out !== undefined ? resolve(io.cwd, parsed.out) : undefined;
      const collected = collectAuditFiles(parsed.paths, io.cwd, parsed.include, outDir ? [outDir] : []);
      if (collected.length === 0) {
        throw new UsageError(`no prompt files (${parsed.include.length ? parsed.include.join(', ') : '.prompt, .prompty, .md, .txt'}) found in ${parsed.paths.join(', ')}`);
      }
      const files: AuditInputFile[] = collected.map((f) => {
        let text: string;
        let modifiedAt: number | undefined;
        try {
          text = readFileSync(f.path, 'utf8');
          modifiedAt = statSync(f.path).mtimeMs;
        } catch {
          throw new UsageError(`cannot read ${f.relativePath}`);
        }
        return { ...f, text, ...(modifiedAt !== undefined ? { modifiedAt } : {}) };
      });

      const tokens = new TokenService();
      const report = await runAudit({
        files,
        workspace: nodeWorkspace(io.cwd),
        deps: { tokens, catalog },
        defaultTargets,
        ...(parsed.models.length ? { targets: parsed.models } : {}),
        callsPerMonth: parsed.callsPerMonth,
        ...(parsed.budget !== undefined ? { budget: parsed.budget } : {}),
        ...(parsed.threshold !== undefined ? { selfHostingThresholdUsd: parsed.threshold } : {}),
        ...parsed.cost,
        runs: readRunFiles(io.cwd),
      });
      const render = { text: auditToText, json: auditToJson, md: auditToMarkdown, csv: auditToCsv }[parsed.format];
      io.out(render(report));

      if (parsed.fix && outDir) {
        const fixes = writeFixes(files, outDir, tokens, parsed.models);
        const shownOut = relative(io.cwd, outDir);
        const summary = `Fixed copies in ${shownOut.startsWith('..') || isAbsolute(shownOut) ? outDir : shownOut || '.'}: ${fixes.changed} of ${fixes.files} files changed, ` +
          `−${formatTokenCount(fixes.tokensSaved)} tokens, ${fixes.violations} preservation violation${fixes.violations === 1 ? '' : 's'}`;
        // Keep stdout parseable when it carries a JSON/Markdown/CSV report.
        const write = parsed.format === 'text' ? io.out.bind(io) : io.err.bind(io);
        write(`${parsed.format === 'text' ? '\n' : ''}${summary}\n${fixes.lines.join('\n')}\n`);
      }
      if (report.totals.overBudget > 0 && parsed.format === 'text') {
        io.out(`\n${report.totals.overBudget} prompt${report.totals.overBudget === 1 ? ' is' : 's are'} over budget: ${report.prompts.filter((p) => p.overBudget).map((p) => p.relativePath).join(', ')}\n`);
      }
      return report.totals.overBudget > 0 ? ExitCode.Findings : ExitCode.Ok;
    },
  };
}

export const auditCommand: CliCommand = createAuditCommand();
