import type { ProviderKind } from '../providers/types';
import { samplingFromConfig, translateForAnthropic, translateForOpenAI, type ParamNote } from '../providers/translate';
import { applyEdits, setFrontmatterKey } from './frontmatterEdit';
import { PRODUCTION_KEY } from './production';

/**
 * A variant's `config` rewritten so the target model's API accepts all of it. The per-API rules
 * (renames, what a model rejects, Anthropic's required max_tokens) are the comparison engine's
 * request translation (providers/translate.ts), applied here to the Dotprompt config itself;
 * this file only adds what a request translation cannot know: the catalog's maximum output of
 * the target, and each API's temperature range.
 */
export interface ConfigTranslation {
  /** The config to write (Dotprompt names). */
  readonly config: Record<string, unknown>;
  /** One line per change, for the comment above the config and for messages. */
  readonly changes: readonly string[];
}

export interface TranslationTarget {
  readonly kind: ProviderKind;
  /** The provider's own model name (`o3`, `claude-sonnet-4-5`). */
  readonly model: string;
  /** The catalog's maximum output tokens of the target, when known. */
  readonly maxOutputTokens?: number;
}

/** Temperature ranges the APIs accept (the Chat Completions API and its compatible servers: 0–2; Anthropic: 0–1). */
const TEMPERATURE_RANGE: Record<ProviderKind, readonly [number, number]> = {
  openai: [0, 2],
  'openai-compatible': [0, 2],
  anthropic: [0, 1],
};

/** The Dotprompt parameter a config key stands for (`max_tokens` → `maxOutputTokens`), or undefined for other keys. */
function paramOf(key: string, value: unknown): string | undefined {
  const probe = samplingFromConfig({ [key]: value });
  return Object.keys(probe.sampling)[0] ?? probe.notes.find((n) => n.reason !== 'not a generation parameter Promptscope translates')?.param;
}

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export function translateConfigForModel(raw: Readonly<Record<string, unknown>>, target: TranslationTarget): ConfigTranslation {
  const config: Record<string, unknown> = {};
  const changes: string[] = [];
  // Dotprompt names first, so the API translation sees every parameter once.
  for (const [key, value] of Object.entries(raw)) {
    const param = paramOf(key, value);
    if (param !== undefined && param !== key && !(param in raw)) {
      config[param] = value;
      changes.push(`${key} written as ${param} (Dotprompt's name)`);
    } else if (param !== undefined && param !== key) {
      changes.push(`${key} removed (${param} is also set)`);
    } else {
      config[key] = value;
    }
  }
  const { sampling, notes: readNotes } = samplingFromConfig(config);
  for (const note of readNotes) {
    if (note.reason === 'not a generation parameter Promptscope translates') changes.push(`${note.param} kept as written (not translated: check that ${target.model} accepts it)`);
    else {
      delete config[note.param];
      changes.push(`${note.param} removed (${note.reason ?? 'invalid'})`);
    }
  }
  const translated = target.kind === 'anthropic' ? translateForAnthropic(target.model, sampling) : translateForOpenAI(target.model, sampling);
  const apply = (note: ParamNote): void => {
    if (note.action === 'dropped') {
      delete config[note.param];
      changes.push(`${note.param} removed: ${note.reason ?? `${target.model} does not accept it`}`);
    } else if (note.action === 'defaulted' && note.as !== undefined) {
      config[note.param] = translated.fields[note.as];
      changes.push(`${note.param}: ${show(translated.fields[note.as])} added (${note.reason ?? 'required'})`);
    }
  };
  translated.notes.forEach(apply);
  const max = config.maxOutputTokens;
  if (typeof max === 'number' && target.maxOutputTokens !== undefined && max > target.maxOutputTokens) {
    config.maxOutputTokens = target.maxOutputTokens;
    changes.push(`maxOutputTokens ${max} → ${target.maxOutputTokens} (${target.model}'s maximum output)`);
  }
  const temperature = config.temperature;
  const [low, high] = TEMPERATURE_RANGE[target.kind];
  if (typeof temperature === 'number' && (temperature < low || temperature > high)) {
    const clamped = Math.min(high, Math.max(low, temperature));
    config.temperature = clamped;
    changes.push(`temperature ${temperature} → ${clamped} (the API accepts ${low}–${high})`);
  }
  return { config, changes };
}

/**
 * The text of a new variant: the base file with `model` set to the target, `config` translated
 * (a comment above it says what changed), and the base-only `production` key removed.
 */
export function variantTextFor(baseText: string, baseName: string, modelId: string, translation: ConfigTranslation): string {
  let text = applyEdits(baseText, [setFrontmatterKey(baseText, PRODUCTION_KEY, undefined)]);
  text = applyEdits(text, [setFrontmatterKey(text, 'model', modelId, [`Promptscope: variant of ${baseName} for ${modelId}.`])]);
  const comment = translation.changes.length ? ['Config translated for this model:', ...translation.changes.map((c) => `- ${c}`)] : ['Config unchanged: the model accepts it as written.'];
  const hasConfig = Object.keys(translation.config).length > 0;
  if (hasConfig) text = applyEdits(text, [setFrontmatterKey(text, 'config', translation.config, comment)]);
  else {
    text = applyEdits(text, [setFrontmatterKey(text, 'config', undefined)]);
    if (translation.changes.length) text = applyEdits(text, [setFrontmatterKey(text, 'model', modelId, [`Promptscope: variant of ${baseName} for ${modelId}.`, ...comment])]);
  }
  return text;
}
