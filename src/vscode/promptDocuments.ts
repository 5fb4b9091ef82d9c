import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isAbsolutePath, joinPath, MAX_SIDE_FILE_BYTES, partialPathsFor, type FileRead } from '../core/analysis';
import { parsePromptFile, type PromptFile } from '../core/prompt';
import { isInsideFolder, readRegularFile } from '../node/safeRead';
import type { CheckEnvironment } from '../core/prompt';
import type { Config } from './config';
import { DOTPROMPT_LANGUAGE, PROMPTY_LANGUAGE } from './languageIds';
import type { Engine } from './engine';

/** Providers are registered for these; plain markdown/text is served only when opted in by glob. */
export const PROMPT_SELECTOR: vscode.DocumentSelector = [
  { language: DOTPROMPT_LANGUAGE },
  { language: PROMPTY_LANGUAGE },
  { language: 'markdown' },
  { language: 'plaintext' },
];

/**
 * Above this size (characters) work that runs per keystroke backs off: compression hints wait for
 * a save and counts wait longer, so a huge pasted prompt never keeps the extension host busy.
 */
export const LARGE_PROMPT_CHARS = 256 * 1024;

/**
 * A partial or samples file from disk, by the CLI's policy: only a regular file (a FIFO or a
 * device would block or never end), under the size cap counted while reading, and inside a
 * workspace folder when one is open (a repository's prompt must not read /etc or the home folder).
 */
function readSideFile(path: string): FileRead {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const local = folders.filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (local.length > 0 && !local.some((root) => isInsideFolder(root, path))) {
    return { problem: 'outside', message: 'is outside the workspace; only files there are read' };
  }
  return readRegularFile(path, MAX_SIDE_FILE_BYTES);
}

function readSmallFile(path: string): string | undefined {
  const read = readSideFile(path);
  return 'text' in read ? read.text : undefined;
}

/** Which documents are prompts, and their parsed model (cached per document version). */
export class PromptDocuments {
  private readonly cache = new Map<string, { version: number; file: PromptFile }>();

  constructor(private readonly config: Config, private readonly engine: Engine) {}

  isPrompt(doc: vscode.TextDocument): boolean {
    // Our own virtual documents (a compression's diff sides) are views, not prompts to analyse.
    if (doc.uri.scheme.startsWith('promptscope-')) return false;
    if (doc.languageId === DOTPROMPT_LANGUAGE || doc.languageId === PROMPTY_LANGUAGE) return true;
    if (doc.languageId !== 'markdown' && doc.languageId !== 'plaintext') return false;
    return this.config.textPromptGlobs.some((pattern) => vscode.languages.match({ pattern }, doc) > 0);
  }

  /** The parsed prompt, or undefined when the document is not a prompt. Never throws. */
  get(doc: vscode.TextDocument): PromptFile | undefined {
    if (!this.isPrompt(doc)) return undefined;
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached.file;
    const file = parsePromptFile(doc.getText(), { fileName: this.fileNameFor(doc) });
    this.cache.set(key, { version: doc.version, file });
    return file;
  }

  /** Length without copying the text. */
  isLarge(doc: vscode.TextDocument): boolean {
    return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) > LARGE_PROMPT_CHARS;
  }

  /** A debounce delay that backs off for large prompts (typing there should not trigger full passes). */
  debounceFor(doc: vscode.TextDocument, normalMs: number): number {
    return this.isLarge(doc) ? Math.max(normalMs, 1500) : normalMs;
  }

  forget(doc: vscode.TextDocument): void {
    this.cache.delete(doc.uri.toString());
  }

  /** Plain-text prompts are parsed as text whatever their extension (e.g. an opted-in `.markdown`). */
  fileNameFor(doc: vscode.TextDocument): string {
    const name = doc.uri.path;
    if (doc.languageId === 'markdown' && !/\.(md|txt)$/i.test(name)) return `${name}.md`;
    if (doc.languageId === 'plaintext' && !/\.(md|txt)$/i.test(name)) return `${name}.txt`;
    if (doc.isUntitled && doc.languageId === DOTPROMPT_LANGUAGE) return `${name}.prompt`;
    if (doc.isUntitled && doc.languageId === PROMPTY_LANGUAGE) return `${name}.prompty`;
    return name;
  }

  /**
   * Text of an open document for `path`, else the file read through `workspace.fs` (never a
   * blocking read on the extension host; files over 5 MB count as unreadable).
   */
  async readTextAsync(path: string): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    if (open) return open.getText();
    try {
      const uri = vscode.Uri.file(path);
      const stat = await vscode.workspace.fs.stat(uri);
      // Only regular files: a FIFO or device named like a partial would block or never end.
      if (stat.type !== vscode.FileType.File || stat.size > MAX_SIDE_FILE_BYTES) return undefined;
      return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }

  /** Text of an open document for `path`, else the file on disk (for the checker's synchronous environment). */
  readText(path: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    return open ? open.getText() : readSmallFile(path);
  }

  /** `promptscope.partialDirs` for this document, as absolute paths (relative ones against its workspace folder). */
  partialDirsFor(doc: vscode.TextDocument): string[] {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    return this.config.partialDirs.flatMap((dir) => {
      if (isAbsolutePath(dir)) return [dir];
      return folder && folder.uri.scheme === 'file' ? [joinPath(folder.uri.fsPath, dir)] : [];
    });
  }

  /** What `checkPromptFile` may ask about files next to the prompt (local files only). */
  checkEnvironment(doc: vscode.TextDocument): CheckEnvironment {
    const base: CheckEnvironment = {
      knownModel: (id) => this.engine.isKnownModel(id),
      modelIds: () => this.engine.catalog.listModels().map((m) => m.id),
      idsForModelName: (model) => this.engine.catalog.idsForModelName(model),
      extraHelpers: this.config.helpers,
    };
    if (doc.uri.scheme !== 'file') return base;
    const folder = dirname(doc.uri.fsPath);
    const dirs = this.partialDirsFor(doc);
    const isOpen = (path: string): boolean => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === path);
    const partialPath = (name: string): string => {
      const candidates = partialPathsFor(doc.uri.fsPath, name, dirs);
      return candidates.find((p) => isOpen(p) || existsSync(p)) ?? (candidates[0] as string);
    };
    return {
      ...base,
      partialExists: (name) => { const p = partialPath(name); return isOpen(p) || existsSync(p); },
      loadPartial: (name) => this.readText(partialPath(name)),
      sampleFile: (path) => {
        const full = resolve(folder, path);
        const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === full);
        if (open) return { exists: true, text: open.getText() };
        const read = readSideFile(full);
        if ('text' in read) return { exists: true, text: read.text };
        return read.problem === 'missing' ? { exists: false } : { exists: true, problem: read.message };
      },
    };
  }
}
