/** The OpenAI BPE encodings we count with (all shipped inside tiktoken's WASM). */
export const ENCODING_NAMES = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;
export type EncodingName = (typeof ENCODING_NAMES)[number];

export function isEncodingName(value: string): value is EncodingName {
  return (ENCODING_NAMES as readonly string[]).includes(value);
}

export interface EncodingChoice {
  readonly encoding: EncodingName;
  /** False when the model name matched no rule and we guessed o200k_base. */
  readonly known: boolean;
  readonly note?: string;
}

// Order matters: `gpt-4o` and `gpt-4.1` must match before the plain `gpt-4` rule.
const O200K_MODEL = /^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|codex-mini)(?![a-z0-9])/;
const CL100K_MODEL = /^(gpt-4|gpt-3\.5-turbo|gpt-35-turbo|text-embedding-3-|text-embedding-ada-002)/;

/** Strips prefixes that do not change the base model's tokenizer (`ft:gpt-4o-mini:org::id`). */
function baseModelName(model: string): string {
  const lower = model.trim().toLowerCase();
  return lower.startsWith('ft:') ? lower.slice(3) : lower;
}

/**
 * Which encoding an OpenAI model uses. o200k_harmony (gpt-oss) differs from o200k_base only in
 * special tokens, so plain text counts the same.
 */
export function encodingForOpenAiModel(model: string): EncodingChoice {
  const name = baseModelName(model);
  if (O200K_MODEL.test(name)) return { encoding: 'o200k_base', known: true };
  if (CL100K_MODEL.test(name)) return { encoding: 'cl100k_base', known: true };
  return {
    encoding: 'o200k_base',
    known: false,
    note: `unknown OpenAI model "${model}": counted with o200k_base (the encoding of current OpenAI models)`,
  };
}
