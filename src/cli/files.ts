import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isSkippedFolder, promptFileMatcher, type PromptFileFilter } from '../core/analysis/discovery';
import { parseProjectSettings, PROJECT_SETTINGS_PATH, promptFilterFor, type ProjectSettings } from '../core/analysis/projectSettings';
import { UsageError } from './command';
import { isInsideFolder, readRegularFile } from '../node/safeRead';

export interface FoundFile {
  readonly path: string;
  /** The folder given whose search found the file; absent for a file given by name. */
  readonly root?: string;
}

/** A file that looked like a prompt but was not taken, and why (reported per file; the run goes on). */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface DiscoveredFiles {
  readonly files: readonly FoundFile[];
  readonly skipped: readonly SkippedFile[];
  /** Problems with a project's `.vscode/settings.json` (`path: problem`), for stderr; the run goes on. */
  readonly warnings: readonly string[];
  /** The projects whose settings decided which files of a folder are prompts. */
  readonly projects: readonly FolderProject[];
}

export interface DiscoverOptions extends PromptFileFilter {
  /** Absolute folders never entered (e.g. an `--out` folder). */
  readonly excludedDirs?: ReadonlySet<string>;
  /** Called with each folder given (absolute, and as given) before it is searched; may refuse it by throwing. */
  readonly beforeSearch?: (dir: string, given: string) => void;
}

/** The project a folder named on the command line belongs to, and its settings. */
export interface FolderProject {
  /** The folder whose `.vscode/settings.json` was read (the folder named, or the nearest one above it up to the cwd). */
  readonly root: string;
  readonly settingsPath: string;
  readonly settings: ProjectSettings;
}

/**
 * The project of a folder named on the command line: the nearest folder with a
 * `.vscode/settings.json`, from the folder itself up to the cwd (only the folder itself when it is
 * outside the cwd) — where VS Code would find the settings with that project open. Undefined when
 * none has one. A file that cannot be read or parsed adds a warning and declares nothing.
 */
export function projectOf(dir: string, cwd: string, warnings: string[]): FolderProject | undefined {
  const stop = isInsideFolder(resolve(cwd), dir) ? resolve(cwd) : dir;
  for (let folder = dir; ; folder = dirname(folder)) {
    const settingsPath = join(folder, PROJECT_SETTINGS_PATH);
    const read = readRegularFile(settingsPath);
    if ('text' in read) {
      const { settings, problems } = parseProjectSettings(read.text);
      for (const problem of problems) warnings.push(`${displayFileName(settingsPath, cwd)}: ${problem}`);
      return { root: folder, settingsPath, settings };
    }
    if (read.problem !== 'missing') warnings.push(`${displayFileName(settingsPath, cwd)} ${read.message}; its settings are ignored`);
    if (folder === stop || dirname(folder) === folder) return undefined;
  }
}

/**
 * Expands the paths given (relative to `cwd`) into prompt files, the one discovery of `count`,
 * `check` and `audit`: folders are searched recursively in sorted order for the files
 * `promptFileMatcher` accepts, skipping dependency and hidden folders. One policy for what is not
 * a plain file: a symlink to a regular file is taken; a dangling or looping symlink, a FIFO, a
 * socket or a device named like a prompt is skipped and reported; symlinked folders are not
 * entered (no loops). Each file is listed once. A path given that does not exist is a usage error;
 * a path given that is not a regular file (a FIFO, a device) is skipped and reported.
 */
export function discoverPromptFiles(paths: readonly string[], cwd: string, options: DiscoverOptions = {}): DiscoveredFiles {
  const found = new Map<string, FoundFile>();
  const skipped: SkippedFile[] = [];
  const warnings: string[] = [];
  const projects: FolderProject[] = [];
  /**
   * Which files of a folder named are prompts: `--include` when given; else the project's
   * `promptscope.textPromptGlobs` (globs relative to the project folder), as in the editor; else
   * every prompt extension, `.md`/`.txt` included (a folder named is a prompts folder).
   */
  const matcherFor = (dir: string): ((full: string) => boolean) => {
    if (options.include?.some((g) => g.trim())) {
      const wanted = promptFileMatcher(options);
      return (full) => wanted(relative(dir, full));
    }
    const project = projectOf(dir, cwd, warnings);
    if (project && !projects.some((p) => p.root === project.root)) projects.push(project);
    const wanted = promptFileMatcher({ ...options, ...promptFilterFor(project?.settings.textPromptGlobs, 'named-folder') });
    const base = project?.root ?? dir;
    return (full) => wanted(relative(base, full));
  };
  const add = (path: string, root?: string): void => {
    if (!found.has(path)) found.set(path, root === undefined ? { path } : { path, root });
  };
  const skip = (path: string, reason: string): void => void skipped.push({ path, reason });
  /** Why a non-folder entry is not a readable file, or undefined when it is one. */
  const notAFile = (full: string): string | undefined => {
    let target;
    try {
      target = statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ELOOP' ? 'symbolic link loop' : code === 'ENOENT' ? 'dangling symbolic link' : `cannot be read (${code ?? 'error'})`;
    }
    if (target.isFile()) return undefined;
    if (target.isDirectory()) return 'symbolic link to a folder (not followed)';
    return target.isFIFO() ? 'a FIFO, not a regular file' : target.isSocket() ? 'a socket, not a regular file' : 'a device, not a regular file';
  };
  const search = (root: string, dir: string, wanted: (full: string) => boolean): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skip(dir, `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = resolve(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name) && !options.excludedDirs?.has(full)) search(root, full, wanted);
        continue;
      }
      if (!wanted(full)) continue;
      if (entry.isFile()) {
        add(full, root);
        continue;
      }
      const problem = notAFile(full);
      if (problem === undefined) add(full, root);
      else if (!entry.isSymbolicLink() || !problem.startsWith('symbolic link to a folder')) skip(full, problem);
    }
  };
  for (const p of paths) {
    const full = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      let isLink = false;
      try {
        isLink = lstatSync(full).isSymbolicLink();
      } catch {
        // Not there at all.
      }
      if (!isLink) throw new UsageError(`no such file or directory: ${p}`);
      skip(full, code === 'ELOOP' ? 'symbolic link loop' : 'dangling symbolic link');
      continue;
    }
    if (stat.isDirectory()) {
      options.beforeSearch?.(full, p);
      search(full, full, matcherFor(full));
    } else if (stat.isFile()) add(full);
    else skip(full, notAFile(full) ?? 'not a regular file');
  }
  return { files: [...found.values()], skipped, warnings, projects };
}

/** The error when a search found nothing: never pass having checked nothing. */
export function noPromptFilesError(paths: readonly string[], options: PromptFileFilter = {}, projects: readonly FolderProject[] = []): UsageError {
  const declared = projects.find((p) => p.settings.textPromptGlobs !== undefined);
  const what = options.include?.length ? options.include.join(', ')
    : declared ? `.prompt, .prompty and promptscope.textPromptGlobs [${(declared.settings.textPromptGlobs ?? []).join(', ')}] of ${declared.settingsPath}`
    : '.prompt, .prompty, .md, .txt';
  return new UsageError(`no prompt files (${what}) under ${paths.join(', ')}`);
}

/** The settings warnings as `promptscope <command>: warning: …` lines for stderr. */
export function warningLines(command: string, warnings: readonly string[]): string {
  return warnings.map((w) => `promptscope ${command}: warning: ${w}\n`).join('');
}

/** `file: reason` lines for stderr; a newline in a file name is shown escaped. */
export function skippedLines(command: string, skipped: readonly SkippedFile[], cwd: string): string {
  return skipped.map((s) => `promptscope ${command}: skipped ${displayFileName(s.path, cwd)}: ${s.reason}\n`).join('');
}

/**
 * A file name for one-line output (`file:line:col`): relative to the cwd when below it, with
 * control characters (a newline in a name) escaped so the line stays one line.
 */
export function displayFileName(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') ? rel : rel || basename(path);
  return shown.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}
