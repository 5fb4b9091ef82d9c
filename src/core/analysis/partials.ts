import { parsePromptFile, type PromptFile, type TemplateExpression } from '../prompt';
import { partialPathsFor, readPromptSideFile, type FileRead, type PromptWorkspace } from './workspace';

/** How deep partials may nest (`a` includes `b` includes `c` …) before loading stops. */
export const DEFAULT_MAX_PARTIAL_DEPTH = 10;

export interface MissingPartial {
  readonly name: string;
  /** Where the file was looked for. */
  readonly path: string;
  /** The partial (by name) that includes it; undefined when the prompt itself does. */
  readonly includedFrom: string | undefined;
  /** Why it was not read when the file is there but refused (outside the workspace, a FIFO, too large…). */
  readonly reason?: string;
}

export interface PartialResolution {
  /** Partial name → the partial file's whole text (frontmatter included; the renderer strips it). */
  readonly sources: ReadonlyMap<string, string>;
  /** Partial name → the path it was read from. */
  readonly paths: ReadonlyMap<string, string>;
  readonly missing: readonly MissingPartial[];
  /**
   * Include chains that lead back to a partial already being included, e.g. `['a', 'b', 'a']`.
   * Each partial is still loaded only once; whether the template terminates depends on its
   * conditions (recursive partials over shrinking data are legal Handlebars), so a cycle is
   * reported, not refused — an unbounded one surfaces as a render error.
   */
  readonly cycles: readonly (readonly string[])[];
  /** Partials not loaded because they sit deeper than `maxDepth`. */
  readonly tooDeep: readonly string[];
  /** For `renderPromptFile({ loadPartial })`. */
  load(name: string): string | undefined;
}

export interface LoadPartialsOptions {
  readonly maxDepth?: number;
  /** Extra folders searched after the prompt's own (absolute paths). */
  readonly partialDirs?: readonly string[];
}

/** The partial names a template includes, as the renderer resolves them (inline partials and dynamic names excluded). */
export function partialReferences(expressions: readonly TemplateExpression[]): string[] {
  const inline = new Set(expressions.filter((e) => e.kind === 'blockOpen' && e.name === 'inline').map((e) => e.params[0]?.text));
  const names: string[] = [];
  for (const e of expressions) {
    if (e.kind !== 'partial' && e.kind !== 'partialBlockOpen') continue;
    if (!e.name || e.name.startsWith('@') || e.name.startsWith('(') || inline.has(e.name)) continue;
    if (!names.includes(e.name)) names.push(e.name);
  }
  return names;
}

/**
 * Loads every partial a Dotprompt file includes, recursively: `{{> name}}` is the sibling file
 * `_name.prompt` (Dotprompt's convention; `{{> dir/name}}` is `dir/_name.prompt`). Handlebars
 * partial names are global, so nested partials resolve against the root prompt's folder too.
 * Never throws; unreadable files count as missing. Other kinds (`.prompty`, text) have no partials.
 */
export async function loadPartials(file: PromptFile, workspace: PromptWorkspace, options: LoadPartialsOptions = {}): Promise<PartialResolution> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_PARTIAL_DEPTH;
  const sources = new Map<string, string>();
  const paths = new Map<string, string>();
  const missing: MissingPartial[] = [];
  const cycles: string[][] = [];
  const tooDeep: string[] = [];
  const attempted = new Set<string>();
  const references = new Map<string, string[]>();


  // Breadth-first by depth, so each level's files are read in parallel.
  let level: { name: string; from: string | undefined }[] = file.kind === 'prompt'
    ? partialReferences(file.expressions).map((name) => ({ name, from: undefined }))
    : [];
  for (let depth = 1; level.length > 0; depth++) {
    const fresh = level.filter(({ name }) => {
      if (attempted.has(name)) return false;
      attempted.add(name);
      return true;
    });
    if (depth > maxDepth) {
      tooDeep.push(...fresh.map((f) => f.name));
      break;
    }
    const loaded = await Promise.all(fresh.map(async (ref) => {
      const candidates = partialPathsFor(file.fileName, ref.name, options.partialDirs);
      let first: { path: string; read: FileRead } | undefined;
      for (const path of candidates) {
        const read = await readPromptSideFile(workspace, path, file.fileName);
        if ('text' in read) return { ...ref, path, read };
        first ??= { path, read };
      }
      return { ...ref, ...(first as { path: string; read: FileRead }) };
    }));
    const next: { name: string; from: string | undefined }[] = [];
    for (const { name, from, path, read } of loaded) {
      if (!('text' in read)) {
        missing.push({ name, path, includedFrom: from, ...(read.problem !== 'missing' ? { reason: read.message } : {}) });
        continue;
      }
      const text = read.text;
      sources.set(name, text);
      paths.set(name, path);
      const refs = partialReferences(parsePromptFile(text, { fileName: path }).expressions);
      references.set(name, refs);
      for (const ref of refs) next.push({ name: ref, from: name });
    }
    level = next;
  }

  // Cycles among what was loaded (depth-first over the include graph).
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const seenCycles = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'active');
    stack.push(name);
    for (const ref of references.get(name) ?? []) {
      if (state.get(ref) === 'active') {
        const cycle = [...stack.slice(stack.indexOf(ref)), ref];
        const key = [...cycle.slice(0, -1)].sort().join('\u0000');
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          cycles.push(cycle);
        }
      } else if (!state.has(ref) && references.has(ref)) visit(ref);
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of references.keys()) if (!state.has(name)) visit(name);

  return { sources, paths, missing, cycles, tooDeep, load: (name) => sources.get(name) };
}
