import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { discoverPromptFiles, displayFileName, noPromptFilesError, skippedLines, warningLines, type SkippedFile } from '../files';
import { MAX_PROMPT_FILE_BYTES, nodeWorkspace, sideFileReader } from '../nodeWorkspace';
import { readRegularFile } from '../../node/safeRead';
import { parseCommandLine } from '../options';
import type { PromptDiagnostic } from '../../core/diagnostics';
import { analysisDiagnostics, analyzePrompt, partialPathsFor } from '../../core/analysis';
import { DEFAULT_TARGETS } from '../../core/modelId';
import { PriceCatalog } from '../../core/pricing';
import { checkPromptFile, parsePromptFile, type CheckEnvironment } from '../../core/prompt';
import { TokenService } from '../../core/tokens';
import { PROJECT_OPTIONS, PROJECT_OPTIONS_USAGE, projectOptionsFrom, withProjectSettings, type ProjectOptions } from '../projectOptions';

// The same model knowledge as the editor: an id is known when the price catalog has it.
let catalog: PriceCatalog | undefined;
const sharedCatalog = (): PriceCatalog => (catalog ??= new PriceCatalog());

export interface CheckCommandOptions {
  readonly knownModel?: (id: string) => boolean;
  readonly modelIds?: () => readonly string[];
  readonly idsForModelName?: (model: string) => readonly string[];
  /** Prices and context windows for the budget checks (default: the built-in catalog). */
  readonly catalog?: () => PriceCatalog;
  /** Targets for files that name none; default DEFAULT_TARGETS. */
  readonly defaultTargets?: readonly string[];
}

/** The files `check` reads: the same discovery as `count` and `audit`. */
export function collectPromptFiles(paths: readonly string[], cwd: string): string[] {
  return discoverPromptFiles(paths, cwd).files.map((f) => f.path);
}

/**
 * The checker's environment for a file on disk: partials (next to it, then in the extra partial
 * folders) and samples, read only as regular files in `rootDir` (default: the cwd), the prompt's
 * folder or a declared partial folder, under the size cap.
 */
export function fileSystemEnvironment(promptFile: string, options: CheckCommandOptions = {}, rootDir?: string, project: ProjectOptions = { helpers: [], partialDirs: [] }): CheckEnvironment {
  const read = sideFileReader(rootDir, { allowedRoots: [rootDir ?? process.cwd(), ...project.partialDirs] });
  const folder = dirname(promptFile);
  const partialPath = (file: string, name: string): string => {
    const candidates = partialPathsFor(file, name, project.partialDirs);
    return candidates.find((p) => existsSync(p)) ?? (candidates[0] as string);
  };
  const textOf = (path: string): string | undefined => {
    const result = read(path, folder);
    return 'text' in result ? result.text : undefined;
  };
  return {
    extraHelpers: project.helpers,
    knownModel: options.knownModel ?? ((id) => sharedCatalog().lookupModel(id) !== undefined),
    modelIds: options.modelIds ?? (() => sharedCatalog().listModels().map((m) => m.id)),
    idsForModelName: options.idsForModelName ?? ((model) => sharedCatalog().idsForModelName(model)),
    partialExists: (name) => existsSync(partialPath(promptFile, name)),
    loadPartial: (name) => textOf(partialPath(promptFile, name)),
    sampleFile: (path) => {
      const result = read(resolve(folder, path), folder);
      if ('text' in result) return { exists: true, text: result.text };
      return result.problem === 'missing' ? { exists: false } : { exists: true, problem: result.message };
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
      'Checks the prompt files count and audit read (.prompt, .prompty, .md, .txt; directories searched',
      'recursively, skipping node_modules, .git and hidden folders) with the same rules as the editor:',
      'YAML, unknown keys, model ids, undeclared variables, partials, blocks, samples, the render, and',
      'the budget and context-window checks. Files that are not regular files are skipped and reported.',
      '',
      'Output: one line per finding, `file:line:col severity code message`.',
      '  --json   Print a JSON report instead.',
      ...PROJECT_OPTIONS_USAGE,
      '',
      'Exit codes: 0 no errors (warnings allowed); 1 at least one error, or a file skipped; 2 usage',
      'error, or no prompt files under the paths given.',
    ].join('\n'),
    async run(args: string[], io: CliIO): Promise<ExitCode> {
      const { values, positionals: paths } = parseCommandLine(args, 'check', { json: { type: 'boolean' }, ...PROJECT_OPTIONS });
      const json = values.json === true;
      if (paths.length === 0) throw new UsageError('give at least one file or directory, e.g. `promptscope check prompts/`');
      const discovered = discoverPromptFiles(paths, io.cwd);
      const project = withProjectSettings(projectOptionsFrom(values, io.cwd), discovered.projects);
      const skipped: SkippedFile[] = [...discovered.skipped];
      const reports: FileReport[] = [];
      const workspace = nodeWorkspace(io.cwd);
      const tokens = new TokenService();
      const catalog = options.catalog?.() ?? sharedCatalog();
      for (const { path } of discovered.files) {
        const read = readRegularFile(path, MAX_PROMPT_FILE_BYTES);
        if (!('text' in read)) {
          skipped.push({ path, reason: read.message });
          continue;
        }
        const file = parsePromptFile(read.text, { fileName: path });
        const checked = checkPromptFile(file, fileSystemEnvironment(path, options, io.cwd, project));
        // The budget, context-window and render checks the editor shows, from the same analysis.
        const analysis = await analyzePrompt({
          fileName: path,
          text: read.text,
          workspace,
          defaultTargets: options.defaultTargets ?? DEFAULT_TARGETS,
          deps: { tokens, catalog },
        });
        const diagnostics = [...checked, ...analysisDiagnostics(analysis, checked)].map((d) => {
          const start = file.lines.positionAt(d.range.start);
          const end = file.lines.positionAt(d.range.end);
          return { ...d, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
        });
        reports.push({ file: displayFileName(path, io.cwd), diagnostics });
      }
      io.err(warningLines('check', discovered.warnings) + skippedLines('check', skipped, io.cwd));
      if (reports.length === 0) {
        if (skipped.length > 0) throw new UsageError(`no readable prompt files under ${paths.join(', ')}`);
        throw noPromptFilesError(paths, {}, discovered.projects);
      }
      const all = reports.flatMap((r) => r.diagnostics);
      const count = (s: string): number => all.filter((d) => d.severity === s).length;
      const summary = { files: reports.length, skipped: skipped.length, errors: count('error'), warnings: count('warning'), infos: count('info') + count('hint') };
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
      return summary.errors > 0 || skipped.length > 0 ? ExitCode.Findings : ExitCode.Ok;
    },
  };
}

export const checkCommand: CliCommand = createCheckCommand();
