import * as vscode from 'vscode';
import { isAbsolutePath, joinPath, partialPathsFor, resolveFromPrompt, type FileRead } from '../core/analysis';
import { parsePromptFile, type PromptFile } from '../core/prompt';
import type { CheckEnvironment } from '../core/prompt';
import type { Config } from './config';
import { DOTPROMPT_LANGUAGE, PROMPTY_LANGUAGE } from './languageIds';
import { Utils } from './language/uriUtils';
import type { Engine } from './engine';
import { SideFiles } from './sideFiles';

/**
 * Above this size (characters) work that runs per keystroke backs off: compression hints wait for
 * a save and counts wait longer, so a huge pasted prompt never keeps the extension host busy.
 */
export const LARGE_PROMPT_CHARS = 256 * 1024;

/** Schemes whose documents are copies or views of a file (git history, diffs, our own previews), never a place to resolve paths in. */
function isViewUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'untitled' || uri.scheme.startsWith('promptscope-') || uri.query !== '';
}

/** The path the core works with for a document: the file-system path for local files, the URI's path otherwise. */
function pathOfUri(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.path;
}

/** The open document at `uri`, if any (its text wins over the file: unsaved edits count). */
function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  if (uri.scheme === 'file') return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === uri.fsPath);
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

/** Which documents are prompts, and their parsed model (cached per document version). */
export class PromptDocuments {
  private readonly cache = new Map<string, { version: number; file: PromptFile }>();
  /** Partials and samples (local files with node:fs, other schemes through `workspace.fs`), cached for the synchronous checks. */
  readonly sideFiles = new SideFiles();

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
   * The URI a core path refers to: an open document's, a virtual workspace folder's or a virtual
   * prompt's folder when the path lies inside one (paths of non-`file` documents are their URI
   * paths), else a local file.
   */
  uriForPath(path: string): vscode.Uri {
    const bases: vscode.Uri[] = [];
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === 'file' || isViewUri(doc.uri)) continue;
      if (doc.uri.path === path) return doc.uri;
      if (this.isPrompt(doc)) bases.push(Utils.dirname(doc.uri));
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) if (folder.uri.scheme !== 'file') bases.push(folder.uri);
    const inside = bases.filter((b) => path.startsWith(b.path.endsWith('/') ? b.path : `${b.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
    return inside ? inside.with({ path, query: '', fragment: '' }) : vscode.Uri.file(path);
  }

  /**
   * Text of an open document for `path`, else a fresh asynchronous read by the side-file policy
   * (regular files inside the workspace, at most 5 MB): never a blocking read on the extension
   * host, and virtual workspaces (through `workspace.fs`) read like local ones.
   */
  async readTextAsync(path: string): Promise<string | undefined> {
    const uri = this.uriForPath(path);
    const open = openDocument(uri);
    if (open) return open.getText();
    const read = await this.sideFiles.read(uri);
    return 'text' in read ? read.text : undefined;
  }

  /** `promptscope.partialDirs` for this document, as absolute paths (relative ones against its workspace folder). */
  partialDirsFor(doc: vscode.TextDocument): string[] {
    const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
    return this.config.partialDirs.flatMap((dir) => {
      if (isAbsolutePath(dir)) return [dir];
      return folder ? [joinPath(pathOfUri(folder.uri), dir)] : [];
    });
  }

  /**
   * What `checkPromptFile` may ask about files next to the prompt, in any scheme. Reads come from
   * open documents or the side-file cache; a file not read yet is being read and `pending()` says
   * so: the checks then keep their last results and run again when it arrives.
   */
  checkEnvironment(doc: vscode.TextDocument): CheckEnvironment & { readonly pending: () => boolean } {
    let pending = false;
    const base = {
      knownModel: (id: string) => this.engine.isKnownModel(id),
      modelIds: () => this.engine.catalog.listModels().map((m) => m.id),
      idsForModelName: (model: string) => this.engine.catalog.idsForModelName(model),
      extraHelpers: this.config.helpers,
      pending: () => pending,
    };
    if (doc.isUntitled || isViewUri(doc.uri)) return base;
    const promptPath = pathOfUri(doc.uri);
    const uriOf = (path: string): vscode.Uri => (doc.uri.scheme === 'file' ? vscode.Uri.file(path) : doc.uri.with({ path, query: '', fragment: '' }));
    const read = (path: string): FileRead | undefined => {
      const uri = uriOf(path);
      const open = openDocument(uri);
      if (open) return { text: open.getText() };
      const result = this.sideFiles.peek(uri, doc.uri);
      if (!result) pending = true;
      return result;
    };
    const dirs = this.partialDirsFor(doc);
    /** The first candidate that exists (`undefined` while one before it is still being read). */
    const partial = (name: string): FileRead | undefined => {
      for (const path of partialPathsFor(promptPath, name, dirs)) {
        const result = read(path);
        if (!result) return undefined;
        if (!('problem' in result) || result.problem !== 'missing') return result;
      }
      return { problem: 'missing', message: 'does not exist' };
    };
    return {
      ...base,
      // Unknown yet counts as present: no "missing partial" flashes while the file is being read.
      partialExists: (name) => { const p = partial(name); return !p || !('problem' in p) || p.problem !== 'missing'; },
      loadPartial: (name) => { const p = partial(name); return p && 'text' in p ? p.text : undefined; },
      sampleFile: (path) => {
        const result = read(resolveFromPrompt(promptPath, path));
        if (!result) return { exists: true };
        if ('text' in result) return { exists: true, text: result.text };
        return result.problem === 'missing' ? { exists: false } : { exists: true, problem: result.message };
      },
    };
  }
}
