import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { findFiles } from '../files';
import type { PromptDiagnostic } from '../../core/diagnostics';
import { PriceCatalog } from '../../core/pricing';
import { checkPromptFile, parsePromptFile, type CheckEnvironment } from '../../core/prompt';
import { partialPathsFor } from '../../core/analysis';
import { extractProjectOptions, PROJECT_OPTIONS_USAGE, type ProjectOptions } from '../projectOptions';

// The same model knowledge as the editor: an id is known when the price catalog has it.
let catalog: PriceCatalog | undefined;
const sharedCatalog = (): PriceCatalog => (catalog ??= new PriceCatalog());

export interface CheckCommandOptions {
  readonly knownModel?: (id: string) => boolean;
  readonly modelIds?: () => readonly string[];
  readonly idsForModelName?: (model: string) => readonly string[];
}

const PROMPT_EXTENSIONS = ['.prompt', '.prompty'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** Expands directories into the `.prompt` / `.prompty` files below them (sorted, skipping dependency and hidden folders). */
export function collectPromptFiles(paths: readonly string[], cwd: string): string[] {
  return findFiles(paths, cwd, {
    skippedDirs: SKIPPED_DIRS,
    wanted: (entry) => PROMPT_EXTENSIONS.some((ext) => entry.name.endsWith(ext)),
  }).map((f) => f.path);
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The checker's environment for a file on disk: partials and samples resolved next to it (then in the extra partial folders). */
export function fileSystemEnvironment(promptFile: string, options: CheckCommandOptions = {}, project: ProjectOptions = { helpers: [], partialDirs: [] }): CheckEnvironment {
  const partialPath = (file: string, name: string): string => {
    const candidates = partialPathsFor(file, name, project.partialDirs);
    return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
  };
  return {
    extraHelpers: project.helpers,
    knownModel: options.knownModel ?? ((id) => sharedCatalog().lookupModel(id) !== undefined),
    modelIds: options.modelIds ?? (() => sharedCatalog().listModels().map((m) => m.id)),
    idsForModelName: options.idsForModelName ?? ((model) => sharedCatalog().idsForModelName(model)),
    partialExists: (name) => existsSync(partialPath(promptFile, name)),
    loadPartial: (name) => readText(partialPath(promptFile, name)),
    sampleFile: (path) => {
      const text = readText(resolve(dirname(promptFile), path));
      return text === undefined ? { exists: false } : { exists: true, text };
    },
  };
}

interface FileReport {
  readonly file: string;
  readonly diagnostics: readonly (PromptDiagnostic & { line: number; column: number; endLine: number; endColumn: number })[];
}

export function createCheckCommand(options: CheckCommandOptions = {}): CliCommand {
  return {
    name: 'check',
    summary: 'Report the diagnostics the editor shows (a CI lint)',
    usage: [
      'Usage: promptscope check <files|dirs>... [--json]',
      '',
      'Checks .prompt and .prompty files (directories are searched recursively) with the same rules',
      'as the editor: YAML, unknown keys, model ids, undeclared variables, partials, blocks, samples.',
      '',
      'Output: one line per finding, `file:line:col severity code message`.',
      '  --json   Print a JSON report instead.',
      ...PROJECT_OPTIONS_USAGE,
      '',
      'Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 usage error.',
    ].join('\n'),
    run(allArgs: string[], io: CliIO): Promise<ExitCode> {
      const { rest: args, project } = extractProjectOptions(allArgs, io.cwd);
      let json = false;
      const paths: string[] = [];
      for (const arg of args) {
        if (arg === '--json') json = true;
        else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        else paths.push(arg);
      }
      if (paths.length === 0) throw new UsageError('give at least one file or directory, e.g. `promptscope check prompts/`');
      const files = collectPromptFiles(paths, io.cwd);
      const reports: FileReport[] = [];
      for (const path of files) {
        const text = readText(path);
        if (text === undefined) throw new UsageError(`cannot read ${relative(io.cwd, path) || path}`);
        const file = parsePromptFile(text, { fileName: path });
        const diagnostics = checkPromptFile(file, fileSystemEnvironment(path, options, project)).map((d) => {
          const start = file.lines.positionAt(d.range.start);
          const end = file.lines.positionAt(d.range.end);
          return { ...d, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
        });
        reports.push({ file: relative(io.cwd, path) || path, diagnostics });
      }
      const all = reports.flatMap((r) => r.diagnostics);
      const count = (s: string): number => all.filter((d) => d.severity === s).length;
      const summary = { files: reports.length, errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint') };
      if (json) {
        const payload = {
          files: reports.map((r) => ({
            file: r.file,
            diagnostics: r.diagnostics.map((d) => ({
              line: d.line,
              column: d.column,
              endLine: d.endLine,
              endColumn: d.endColumn,
              severity: d.severity,
              code: d.code,
              message: d.message,
              source: d.source,
            })),
          })),
          summary,
        };
        io.out(`${JSON.stringify(payload, null, 2)}\n`);
      } else {
        for (const r of reports) for (const d of r.diagnostics) io.out(`${r.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`);
        io.err(`${summary.files} file${summary.files === 1 ? '' : 's'} checked: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info.\n`);
      }
      return Promise.resolve(summary.errors > 0 ? ExitCode.Findings : ExitCode.Ok);
    },
  };
}

export const checkCommand: CliCommand = createCheckCommand();
