import { parseSamples, type PromptFile, type SampleCase } from '../prompt';
import { readPromptSideFile, resolveFromPrompt, type PromptWorkspace } from './workspace';

/**
 * Which input values to render a prompt with.
 *  - `default`: the file's own defaults (`input.default`, Prompty `inputs[].default`).
 *  - `sample`: one case of the file's `samples` JSONL (resolved relative to the prompt), by
 *    1-based position (as shown in labels, `--sample 3`) or by its `id`.
 *  - `json`: explicit values (e.g. `--input '{"plan":"premium"}'`).
 * Sample and JSON values are merged over the defaults, as the renderer does.
 */
export type InputChoice =
  | { readonly kind: 'default' }
  | { readonly kind: 'sample'; readonly index: number }
  | { readonly kind: 'sample'; readonly id: string }
  | { readonly kind: 'json'; readonly value: Readonly<Record<string, unknown>> };

export interface ResolvedInput {
  readonly choice: InputChoice;
  /** What the template sees: the file's defaults with the chosen values over them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** `default input`, `sample 3 (id: refund-late)`, `custom input`. */
  readonly label: string;
  /** The case used, for `sample`. */
  readonly sample?: SampleCase;
  /** 1-based position of the case, for `sample`. */
  readonly sampleIndex?: number;
  /** Where the samples were read from, for `sample`. */
  readonly samplesPath?: string;
}

/** The chosen input cannot be used (no samples file, index out of range, not an object…). The message says why. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The default input, which never fails. */
export function defaultInput(file: PromptFile): ResolvedInput {
  return { choice: { kind: 'default' }, values: { ...file.inputDefaults }, label: 'default input' };
}

/** Resolves an input choice to values and a label. Throws `InputError` with a user-facing message. */
export async function resolveInput(file: PromptFile, choice: InputChoice, workspace: PromptWorkspace): Promise<ResolvedInput> {
  if (choice.kind === 'default') return defaultInput(file);
  if (choice.kind === 'json') {
    if (!isPlainObject(choice.value)) throw new InputError('input must be a JSON object of variable values, e.g. {"name": "Ada"}');
    return { choice, values: { ...file.inputDefaults, ...choice.value }, label: 'custom input' };
  }
  const wanted = 'id' in choice ? `"${choice.id}"` : String(choice.index);
  if (!file.samples) {
    throw new InputError(`cannot use sample ${wanted}: ${baseName(file.fileName)} names no samples file (add \`samples: cases.jsonl\` to its frontmatter)`);
  }
  const samplesPath = resolveFromPrompt(file.fileName, file.samples);
  const read = await readPromptSideFile(workspace, samplesPath, file.fileName);
  if (!('text' in read)) {
    throw new InputError(read.problem === 'missing'
      ? `samples file ${file.samples} not found (looked for ${samplesPath})`
      : `samples file ${file.samples} ${read.message}`);
  }
  const text = read.text;
  const { cases } = parseSamples(text);
  let position: number;
  if ('id' in choice) {
    position = cases.findIndex((c) => c.id === choice.id) + 1;
    if (position === 0) {
      const ids = cases.slice(0, 8).map((c) => c.id).join(', ');
      throw new InputError(`no sample with id "${choice.id}" in ${file.samples}${ids ? ` (ids: ${ids}${cases.length > 8 ? ', …' : ''})` : ''}`);
    }
  } else {
    position = choice.index;
    if (!Number.isInteger(position) || position < 1 || position > cases.length) {
      throw new InputError(
        cases.length === 0
          ? `sample ${wanted} is out of range: ${file.samples} has no valid samples`
          : `sample ${wanted} is out of range: ${file.samples} has ${plural(cases.length, 'sample')} (1–${cases.length})`,
      );
    }
  }
  const sample = cases[position - 1] as SampleCase;
  return {
    choice,
    values: { ...file.inputDefaults, ...sample.input },
    label: `sample ${position} (id: ${sample.id})`,
    sample,
    sampleIndex: position,
    samplesPath,
  };
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
