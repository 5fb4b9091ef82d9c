import * as vscode from 'vscode';
import { readFile, realpath, stat as statPath } from 'node:fs/promises';
import { MAX_SIDE_FILE_BYTES, normalizePath, type FileRead } from '../core/analysis/workspace';
import { formatBytes, isInsideFolder } from '../node/safeRead';

/** How many side files stay cached (each at most MAX_SIDE_FILE_BYTES; most are small partials). */
const MAX_ENTRIES = 256;
/**
 * A cached read older than this is checked again (a `stat`, re-read when it changed) the next time
 * a check asks: file watchers do not see every change (files outside the workspace folders, virtual
 * file systems without a folder open).
 */
const REVALIDATE_AFTER_MS = 2_000;
/** A file system that does not answer (a remote or virtual one gone away) must not hold the checks back for ever. */
const READ_TIMEOUT_MS = 5_000;

interface Entry {
  /** The settled read; undefined while the first read is under way. */
  read?: FileRead;
  /** The read under way, if any. */
  loading?: Promise<FileRead>;
  /** When the settled read was made, and the file's `mtime:size` then (undefined when it had no stat). */
  readAt?: number;
  stamp?: string;
  /** Documents (URI strings) whose checks asked for this file: re-checked when it arrives or changes. */
  readonly dependents: Set<string>;
}

function sameRead(a: FileRead | undefined, b: FileRead): boolean {
  if (!a) return false;
  if ('text' in a || 'text' in b) return 'text' in a && 'text' in b && a.text === b.text;
  return a.problem === b.problem && a.message === b.message;
}

/** Missing files, as each file system says it (the disk provider, a virtual one, an error crossing from the main thread). */
function isNotFound(e: unknown): boolean {
  if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return true;
  return e instanceof Error && /EntryNotFound|FileNotFound|ENOENT/.test(`${e.name} ${e.message}`);
}

function isInsidePosix(root: string, path: string): boolean {
  const r = normalizePath(root, '/');
  const p = normalizePath(path, '/');
  return p === r || p.startsWith(r.endsWith('/') ? r : `${r}/`);
}

/**
 * Files a prompt names (partials, samples) read asynchronously (local files with node:fs, any other
 * scheme through `workspace.fs`), so virtual workspaces get the same checks as local ones and the
 * extension host never blocks on a read. The synchronous checks `peek` at the cache (starting a
 * read on a miss) and are re-run for their document when the file arrives or changes. The policy is the CLI's: regular files only (a FIFO or a device is
 * refused from its `stat`, never opened), at most 5 MB, and inside a workspace folder when one of
 * the same kind is open (a symlink is followed to its real place before that check).
 */
export class SideFiles implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<readonly vscode.Uri[]>();
  /** Documents whose side files arrived or changed: their checks should run again. */
  readonly onDidChangeDependents = this.emitter.event;

  /** The cached read of `uri`, or undefined while it is being read (the read is started; `dependent` is re-checked when it lands). */
  peek(uri: vscode.Uri, dependent?: vscode.Uri): FileRead | undefined {
    const entry = this.entry(uri);
    if (dependent) entry.dependents.add(dependent.toString());
    if (!entry.loading) {
      if (!entry.read) void this.load(uri, entry);
      else if (!('problem' in entry.read && entry.read.problem === 'outside') && Date.now() - (entry.readAt ?? 0) > REVALIDATE_AFTER_MS) void this.revalidate(uri, entry);
    }
    return entry.read;
  }

  /** A fresh read of `uri` (refreshing the cache): for counts, which are asynchronous anyway. */
  read(uri: vscode.Uri): Promise<FileRead> {
    return this.load(uri, this.entry(uri));
  }

  /** The file changed on disk (watcher, save, create, delete): read it again if anyone asked for it. */
  invalidate(uri: vscode.Uri): void {
    const entry = this.entries.get(uri.toString());
    if (entry) void this.load(uri, entry);
  }

  /** Keeps the cache fresh: file events in the workspace, saves, and workspace edits (also in virtual workspaces). */
  watch(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const each = (uris: readonly vscode.Uri[]) => { for (const uri of uris) this.invalidate(uri); };
    return [
      watcher,
      watcher.onDidChange((uri) => this.invalidate(uri)),
      watcher.onDidCreate((uri) => this.invalidate(uri)),
      watcher.onDidDelete((uri) => this.invalidate(uri)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.invalidate(doc.uri)),
      vscode.workspace.onDidCreateFiles((e) => each(e.files)),
      vscode.workspace.onDidDeleteFiles((e) => each(e.files)),
      vscode.workspace.onDidRenameFiles((e) => each(e.files.flatMap((f) => [f.oldUri, f.newUri]))),
      this,
    ];
  }

  dispose(): void {
    this.emitter.dispose();
    this.entries.clear();
  }

  private entry(uri: vscode.Uri): Entry {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { dependents: new Set() };
      this.entries.set(key, entry);
      if (this.entries.size > MAX_ENTRIES) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return entry;
  }

  private load(uri: vscode.Uri, entry: Entry): Promise<FileRead> {
    const loading: Promise<FileRead> = readStamped(uri).then(({ read, stamp }) => {
      // A later read started meanwhile (a save, a count): its result is the newer one.
      if (entry.loading !== loading) return read;
      entry.loading = undefined;
      const changed = !sameRead(entry.read, read);
      entry.read = read;
      entry.readAt = Date.now();
      entry.stamp = stamp;
      if (changed && entry.dependents.size) this.emitter.fire([...entry.dependents].map((d) => vscode.Uri.parse(d)));
      return read;
    });
    entry.loading = loading;
    return loading;
  }

  /** Re-reads only when the file's stat changed (or it appeared or went). */
  private async revalidate(uri: vscode.Uri, entry: Entry): Promise<void> {
    entry.readAt = Date.now();
    const stamp = await statOf(uri).then(stampOf, () => undefined);
    if (stamp !== entry.stamp && !entry.loading) await this.load(uri, entry);
  }
}

/** Whether the workspace-folder rule refuses `uri` (local paths compared at their real place, symlinks followed). */
async function outsideWorkspace(uri: vscode.Uri): Promise<boolean> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority);
  if (folders.length === 0) return false;
  if (uri.scheme !== 'file') return !folders.some((f) => isInsidePosix(f.uri.path, uri.path));
  const real = (path: string): Promise<string> => realpath(path).catch(() => path);
  const [target, ...roots] = await Promise.all([real(uri.fsPath), ...folders.map((f) => real(f.uri.fsPath))]);
  return !roots.some((root) => isInsideFolder(root, target as string));
}

const stampOf = (stat: vscode.FileStat): string => `${stat.mtime}:${stat.size}:${stat.type}`;

/**
 * Local files are read with node:fs on the extension host, other schemes through `workspace.fs`.
 * Each `workspace.fs` call on a local file first asks the window to activate file system providers,
 * a round trip that waits behind a busy window: in a fresh window that made the first partial of a
 * prompt arrive 0.5–0.7 s late (measured by bench/activation.bench.mjs), and the first CodeLens with it.
 */
async function statOf(uri: vscode.Uri): Promise<vscode.FileStat> {
  if (uri.scheme !== 'file') return vscode.workspace.fs.stat(uri);
  const stat = await statPath(uri.fsPath);
  const type = stat.isFile() ? vscode.FileType.File : stat.isDirectory() ? vscode.FileType.Directory : vscode.FileType.Unknown;
  return { type, ctime: stat.ctimeMs, mtime: stat.mtimeMs, size: stat.size };
}

function readBytes(uri: vscode.Uri): Thenable<Uint8Array> {
  return uri.scheme === 'file' ? readFile(uri.fsPath) : vscode.workspace.fs.readFile(uri);
}

/** Why a stat or read failed, in the words of the file system that failed (a disk error code or a FileSystemError's). */
function failureCode(e: unknown): string {
  if (e instanceof vscode.FileSystemError) return e.code;
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}

/** A read and the stat it was made at; a read that takes over READ_TIMEOUT_MS counts as unreadable (a later change reads again). */
async function readStamped(uri: vscode.Uri): Promise<{ read: FileRead; stamp?: string }> {
  let stamp: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = new Promise<FileRead>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve({ problem: 'unreadable', message: `cannot be read (no answer within ${READ_TIMEOUT_MS / 1000} s)` });
    }, READ_TIMEOUT_MS);
  });
  try {
    const read = await Promise.race([readSideFile(uri, MAX_SIDE_FILE_BYTES, (stat) => { stamp = stampOf(stat); }), timeout]);
    // Without a stamp the next check's revalidation tries again.
    return { read, ...(stamp !== undefined && !timedOut ? { stamp } : {}) };
  } finally {
    clearTimeout(timer);
  }
}

/** One read by the policy above; never throws. */
export async function readSideFile(uri: vscode.Uri, maxBytes: number = MAX_SIDE_FILE_BYTES, onStat?: (stat: vscode.FileStat) => void): Promise<FileRead> {
  if (await outsideWorkspace(uri)) {
    return { problem: 'outside', message: 'is outside the workspace; only files there are read' };
  }
  let stat: vscode.FileStat;
  try {
    stat = await statOf(uri);
    onStat?.(stat);
  } catch (e) {
    if (isNotFound(e)) return { problem: 'missing', message: 'does not exist' };
    return { problem: 'unreadable', message: `cannot be read (${failureCode(e)})` };
  }
  if (stat.type & vscode.FileType.Directory) return { problem: 'not-regular', message: 'is a folder, not a file' };
  // VS Code reports FIFOs, sockets and devices as Unknown: refused before anything opens them.
  if (!(stat.type & vscode.FileType.File)) return { problem: 'not-regular', message: 'is not a regular file (a FIFO, socket or device)' };
  const tooLarge: FileRead = { problem: 'too-large', message: `is larger than ${formatBytes(maxBytes)} (the limit for files read next to a prompt)` };
  if (stat.size > maxBytes) return tooLarge;
  try {
    const bytes = await readBytes(uri);
    // The size may have grown since the stat.
    if (bytes.byteLength > maxBytes) return tooLarge;
    return { text: new TextDecoder('utf-8').decode(bytes) };
  } catch (e) {
    if (isNotFound(e)) return { problem: 'missing', message: 'does not exist' };
    return { problem: 'unreadable', message: `cannot be read (${failureCode(e)})` };
  }
}
