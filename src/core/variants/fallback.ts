import { parseModelId } from '../modelId';

export interface VariantModel {
  readonly variant: string | undefined;
  /** `provider/model`, or undefined when the file names no model. */
  readonly model: string | undefined;
}

export interface FallbackStatus {
  /** The providers the variants run on, sorted. */
  readonly providers: readonly string[];
  /** True when every variant with a model runs on the same single provider: no fallback if it is down. */
  readonly singleProvider: boolean;
  /** The provider, when singleProvider. */
  readonly provider?: string;
}

/** Which providers a logical prompt's variants cover (Genkit's `googleai`/`vertexai` count as one vendor each). */
export function fallbackStatus(variants: readonly VariantModel[]): FallbackStatus {
  const providers = [...new Set(variants.map((v) => (v.model ? parseModelId(v.model)?.provider : undefined)).filter((p): p is string => !!p))].sort();
  const only = providers.length === 1 ? providers[0] : undefined;
  return only !== undefined ? { providers, singleProvider: true, provider: only } : { providers, singleProvider: false };
}

/** A variant name for a model id: `anthropic/claude-sonnet-4-5` → `claude-sonnet-4-5`, sanitised for a file name. */
export function suggestVariantName(modelId: string, taken: readonly string[] = []): string {
  const model = parseModelId(modelId)?.model ?? modelId;
  const base = model.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'variant';
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base}-${i}`;
  return name;
}
