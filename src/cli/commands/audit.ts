import { accessSync, closeSync, constants, lstatSync, mkdirSync, openSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { discoverPromptFiles, displayFileName, noPromptFilesError, skippedLines, warningLines, type DiscoveredFiles, type SkippedFile } from '../files';
import { MAX_PROMPT_FILE_BYTES, nodeWorkspace } from '../nodeWorkspace';
import { isInsideFolder, readRegularFile } from '../../node/safeRead';
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
import { frontmatterErrorDiagnostics } from '../../core/analysis';
import { formatTokenCount } from '../../core/pricing';
import { parsePromptFile } from '../../core/prompt';
import { resolveModelRef, TokenService } from '../../core/tokens';
import { AUDIT_COST_OPTIONS, AUDIT_COST_USAGE, auditCostOptionsFrom, readRunFiles, type AuditCostOptions } from './auditCostOptions';
import { DEFAULT_TARGETS } from '../../core/modelId';

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
  `${DEFAULT_TARGETS.join(', ')}), rendered with the default input; "≈" marks estimates.`,
  '',
  'Exit codes: 0 ok; 1 a prompt is over its budget (a CI gate), has frontmatter that does not parse, or',
  'was skipped (not a regular file); 2 usage or input error.',
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

const AUDIT_OPTIONS = {
  model: { type: 'string', short: 'm', multiple: true },
  include: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  md: { type: 'boolean' },
  markdown: { type: 'boolean' },
  csv: { type: 'boolean' },
  'calls-per-month': { type: 'string' },
  budget: { type: 'string' },
  'self-hosting-threshold': { type: 'string' },
  prices: { type: 'string' },
  fix: { type: 'boolean' },
  out: { type: 'string' },
  ...AUDIT_COST_OPTIONS,
} as const;

function parseArgs(args: readonly string[], cwd: string): AuditArgs {
  const { values, positionals: paths } = parseCommandLine(args, 'audit', AUDIT_OPTIONS);
  const models = modelList(values.model);
  const include = values.include ?? [];
  const formats: Format[] = [];
  if (values.json) formats.push('json');
  if (values.md || values.markdown) formats.push('md');
  if (values.csv) formats.push('csv');
  const number = (name: keyof typeof AUDIT_OPTIONS, integer: boolean): number | undefined => {
    const raw = values[name];
    return typeof raw === 'string' ? positiveNumber(`--${name}`, raw, integer) : undefined;
  };
  const callsPerMonth = number('calls-per-month', true) ?? DEFAULT_CALLS_PER_MONTH;
  const budget = number('budget', true);
  const threshold = number('self-hosting-threshold', false);
  const { prices: pricesFile, out } = values;
  const fix = values.fix === true;
  const cost = auditCostOptionsFrom(values, cwd);
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
 * The files of a prompts audit, from the shared discovery: every prompt file in the folders (or
 * those matching `include`, relative to each folder), partials included; explicit files always.
 * `exclude` folders (the `--out` folder) are never entered.
 */
export function discoverAuditFiles(paths: readonly string[], cwd: string, include: readonly string[] = [], exclude: readonly string[] = []): Omit<DiscoveredFiles, 'files'> & { files: CollectedFile[] } {
  const excluded = new Set(exclude.map((d) => resolve(cwd, d)));
  const { files, ...rest } = discoverPromptFiles(paths, cwd, {
    include,
    excludedDirs: excluded,
    beforeSearch: (dir, given) => {
      if (excluded.has(dir)) throw new UsageError(`--out ${given} is an input folder: the fixed copies would replace the originals; choose another folder`);
    },
  });
  return { ...rest, files: files.map((f) => ({ path: f.path, relativePath: displayPath(f.path, f.root, cwd) })) };
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

interface PlannedFix {
  readonly file: CollectedFile;
  /** Relative to the `--out` folder, `/`-separated. */
  readonly target: string;
}

/**
 * Checks `--out` before any work (fail fast): it must not be, or lie inside, an input folder or
 * file's folder tree; it is created (or must be) a real, writable folder; no two inputs may map
 * to the same copy. Returns the out folder's real path and the plan.
 */
export function planFixes(files: readonly CollectedFile[], outDir: string, inputRoots: readonly string[]): { outReal: string; planned: PlannedFix[] } {
  const outResolved = resolve(outDir);
  for (const root of inputRoots) {
    const realRoot = realOrResolved(root);
    const realOut = resolve(realOrResolved(dirname(outResolved)), basename(outResolved));
    if (isInsideFolder(realRoot, realOut) || isInsideFolder(root, outResolved)) {
      throw new UsageError(`--out ${outDir} is inside the input folder ${root}: its copies would be audited as inputs on the next run; choose a folder outside the inputs`);
    }
  }
  const outReal = makeFolder(outResolved);
  const inputs = new Set(files.map((f) => realOrResolved(f.path)));
  const byTarget = new Map<string, CollectedFile>();
  const planned: PlannedFix[] = [];
  for (const file of files) {
    const target = file.relativePath.split(/[\\/]/).filter((s) => s && s !== '.').join('/');
    if (target.split('/').includes('..') || isAbsolute(target)) throw new UsageError(`${file.relativePath} would be written outside ${outDir}`);
    const key = process.platform === 'win32' || process.platform === 'darwin' ? target.toLowerCase() : target;
    const other = byTarget.get(key);
    if (other) {
      throw new UsageError(`${other.path} and ${file.path} would both be written to ${target} under --out; audit them separately or from a folder that contains both`);
    }
    byTarget.set(key, file);
    const full = resolve(outReal, target);
    if (inputs.has(full) || inputs.has(realOrResolved(full))) throw new UsageError(`--out ${outDir} would overwrite the input ${file.relativePath}; choose another folder`);
    const link = symbolicLinkOnTheWay(outReal, target);
    if (link !== undefined) throw new UsageError(`--out: ${link} is a symbolic link; refusing to write ${target} through it`);
    planned.push({ file, target });
  }
  return { outReal, planned };
}

/** Creates a folder (and its parents) one level at a time, failing fast with a clear error; returns its real path. */
function makeFolder(dir: string): string {
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    let stat;
    try {
      stat = lstatSync(existing);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) break;
      missing.unshift(existing);
      existing = parent;
      continue;
    }
    if (!stat.isDirectory() && !(stat.isSymbolicLink() && missing.length === 0 && safeIsDirectory(existing))) {
      throw new UsageError(`--out: ${existing} is not a folder`);
    }
    break;
  }
  try {
    accessSync(existing, constants.W_OK);
    for (const d of missing) mkdirSync(d);
    const real = realpathSync(dir);
    accessSync(real, constants.W_OK);
    return real;
  } catch (e) {
    throw new UsageError(`--out: cannot create or write to ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** The first existing symbolic link (or non-folder) among the folders and the file of `target` under `root`. */
function symbolicLinkOnTheWay(root: string, target: string): string | undefined {
  let path = root;
  for (const part of target.split('/')) {
    path = join(path, part);
    try {
      if (lstatSync(path).isSymbolicLink()) return path;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function safeIsDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Writes one copy under the out folder: every folder on the way is created here or must be a
 * real folder (never a symbolic link), and the file is never written through a symbolic link.
 */
function writeCopy(outReal: string, target: string, text: string): void {
  const parts = target.split('/');
  let dir = outReal;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      mkdirSync(dir);
      continue;
    }
    if (!stat.isDirectory()) throw new UsageError(`--out: ${dir} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a folder'}; refusing to write ${target} through it`);
  }
  const full = join(dir, parts[parts.length - 1] as string);
  let stat;
  try {
    stat = lstatSync(full);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isFile()) throw new UsageError(`--out: ${full} is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; refusing to write through it`);
  const fd = openSync(full, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o644);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

function writeFixes(files: readonly AuditInputFile[], plan: { outReal: string; planned: readonly PlannedFix[] }, tokens: TokenService, models: readonly string[]): FixSummary {
  const lines: string[] = [];
  let changed = 0;
  let tokensSaved = 0;
  let violations = 0;
  const textOf = new Map(files.map((f) => [f.path, f]));
  const planned = plan.planned.flatMap(({ file: f, target }) => {
    const file = textOf.get(f.path);
    return file ? [{ file, target }] : [];
  });
  for (const { file, target } of planned) {
    const result = applyAuditFixes(file.text, file.path, { tokens }, models[0] !== undefined ? { modelId: models[0] } : { defaultTargets: DEFAULT_TARGETS });
    writeCopy(plan.outReal, target, result.text);
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
      const discovered = discoverAuditFiles(parsed.paths, io.cwd, parsed.include, outDir ? [outDir] : []);
      const skipped: SkippedFile[] = [...discovered.skipped];
      const files: AuditInputFile[] = [];
      for (const f of discovered.files) {
        const read = readRegularFile(f.path, MAX_PROMPT_FILE_BYTES);
        if (!('text' in read)) {
          skipped.push({ path: f.path, reason: read.message });
          continue;
        }
        let modifiedAt: number | undefined;
        try {
          modifiedAt = statSync(f.path).mtimeMs;
        } catch {
          modifiedAt = undefined;
        }
        files.push({ ...f, text: read.text, ...(modifiedAt !== undefined ? { modifiedAt } : {}) });
      }
      io.err(warningLines('audit', discovered.warnings) + skippedLines('audit', skipped, io.cwd));
      // Frontmatter that does not parse is an input error: the audit would silently ignore its budget and model.
      let invalidFrontmatter = 0;
      for (const f of files) {
        const parsed = parsePromptFile(f.text, { fileName: f.path });
        const errors = frontmatterErrorDiagnostics(parsed);
        if (errors.length) invalidFrontmatter++;
        for (const d of errors) {
          const at = parsed.lines.positionAt(d.range.start);
          io.err(`${displayFileName(f.path, io.cwd)}:${at.line + 1}:${at.character + 1} error ${d.code} ${d.message}\n`);
        }
      }
      if (files.length === 0) {
        if (skipped.length > 0) throw new UsageError(`no readable prompt files under ${parsed.paths.join(', ')}`);
        throw noPromptFilesError(parsed.paths, { include: parsed.include }, discovered.projects);
      }
      // Checked before the audit runs: a bad --out fails fast and writes nothing.
      const inputFolders = parsed.paths.map((p) => resolve(io.cwd, p)).filter(safeIsDirectory);
      const plan = parsed.fix && outDir ? planFixes(files, outDir, inputFolders) : undefined;

      const tokens = new TokenService();
      const report = await runAudit({
        files,
        // A traffic file named on the command line is readable wherever it is.
        workspace: nodeWorkspace(io.cwd, { allowedRoots: [io.cwd, ...(parsed.cost.trafficPath ? [dirname(parsed.cost.trafficPath)] : [])] }),
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
        const fixes = writeFixes(files, plan ?? planFixes(files, outDir, inputFolders), tokens, parsed.models);
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
      return report.totals.overBudget > 0 || skipped.length > 0 || invalidFrontmatter > 0 ? ExitCode.Findings : ExitCode.Ok;
    },
  };
}

export const auditCommand: CliCommand = createAuditCommand();
