import { promptNameParts } from '../prompt/parse';
import { dirnameOf } from '../analysis/workspace';

/**
 * A logical prompt is a base file `name.prompt` plus its variants `name.<variant>.prompt` in the
 * same folder (the Dotprompt/Genkit convention). Partials (`_name.prompt`) are shared by every
 * variant and are never part of a logical prompt.
 */
export interface VariantFile {
  /** The file's path as the caller gave it. */
  readonly path: string;
  /** `claude` for `support-agent.claude.prompt`; undefined for the base file. */
  readonly variant: string | undefined;
}

export interface LogicalPrompt {
  /** Folder + `/` + name: unique across workspace folders. */
  readonly key: string;
  readonly folder: string;
  /** `support-agent` */
  readonly name: string;
  /** The base file, when it exists (a variant without a base is still listed, flagged by its absence). */
  readonly base: VariantFile | undefined;
  /** The variants (not the base), sorted by name. */
  readonly variants: readonly VariantFile[];
}

/** The variant name a file would have as `name.<variant>.prompt`: letters, digits, `-` and `_`. */
export const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The file name of `variant` of the logical prompt (the base file when undefined). */
export function variantFileName(name: string, variant: string | undefined): string {
  return variant === undefined ? `${name}.prompt` : `${name}.${variant}.prompt`;
}

/** The path of a variant next to its logical prompt's other files. */
export function variantPath(prompt: Pick<LogicalPrompt, 'folder' | 'name'>, variant: string | undefined): string {
  const sep = prompt.folder.includes('\\') && !prompt.folder.includes('/') ? '\\' : '/';
  const file = variantFileName(prompt.name, variant);
  return prompt.folder ? `${prompt.folder.replace(/[\\/]$/, '')}${sep}${file}` : file;
}

/**
 * Groups `.prompt` files into logical prompts. Any file list works (files of several workspace
 * folders, a CLI search); other extensions and partials are ignored. Sorted by folder, then name.
 */
export function groupLogicalPrompts(paths: readonly string[]): LogicalPrompt[] {
  const groups = new Map<string, { folder: string; name: string; base?: VariantFile; variants: VariantFile[] }>();
  for (const path of paths) {
    if (!path.toLowerCase().endsWith('.prompt')) continue;
    const parts = promptNameParts(path, 'prompt');
    if (parts.partialName !== undefined || !parts.baseName) continue;
    const folder = dirnameOf(path);
    const key = `${folder}/${parts.baseName}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { folder, name: parts.baseName, variants: [] }));
    if (parts.variant === undefined) group.base = { path, variant: undefined };
    else if (!group.variants.some((v) => v.variant === parts.variant)) group.variants.push({ path, variant: parts.variant });
  }
  return [...groups.entries()]
    .map(([key, g]) => ({ key, folder: g.folder, name: g.name, base: g.base, variants: g.variants.sort((a, b) => (a.variant ?? '').localeCompare(b.variant ?? '')) }))
    .sort((a, b) => a.folder.localeCompare(b.folder) || a.name.localeCompare(b.name));
}

/** The logical prompt a path belongs to (as base or variant), among the groups. */
export function logicalPromptOf(groups: readonly LogicalPrompt[], path: string): LogicalPrompt | undefined {
  return groups.find((g) => g.base?.path === path || g.variants.some((v) => v.path === path));
}

/**
 * The names more than one logical prompt goes by (the same `triage` in two workspace folders or
 * two directories): a list must show those prompts' folders to tell them apart.
 */
export function sharedNames(groups: readonly LogicalPrompt[]): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const g of groups) (seen.has(g.name) ? shared : seen).add(g.name);
  return shared;
}

/** Every file of a logical prompt, base first. */
export function filesOf(prompt: LogicalPrompt): VariantFile[] {
  return prompt.base ? [prompt.base, ...prompt.variants] : [...prompt.variants];
}
