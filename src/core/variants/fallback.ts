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

/** What is known of a variant as a candidate against production: its latest evaluation, if any. */
export interface FallbackEvaluation {
  /** The variant the evaluation used as its baseline. */
  readonly baseline: string;
  readonly regressions: number;
  /** The prompts, models or samples changed since. */
  readonly stale: boolean;
}

/**
 * Whether a logical prompt can fall back to another provider, as a measured fact: a variant on a
 * provider other than production's, evaluated against production with a current evaluation.
 */
export type FallbackReadiness =
  | { readonly kind: 'ready'; readonly variant: string; readonly provider: string }
  | { readonly kind: 'regressions'; readonly variant: string; readonly provider: string; readonly regressions: number }
  | { readonly kind: 'unmeasured'; readonly variant: string; readonly provider: string; readonly reason: 'not evaluated' | 'eval stale' | 'not evaluated against production' };

/**
 * The best fallback among the variants on another provider than the production variant's (ready,
 * then fewest regressions, then unmeasured); undefined when there is none (see fallbackStatus).
 */
export function fallbackReadiness(
  variants: readonly { readonly label: string; readonly model: string | undefined }[],
  production: string,
  evaluationOf: (label: string) => FallbackEvaluation | undefined,
): FallbackReadiness | undefined {
  const providerOf = (model: string | undefined): string | undefined => (model ? parseModelId(model)?.provider : undefined);
  const productionProvider = providerOf(variants.find((v) => v.label === production)?.model);
  if (productionProvider === undefined) return undefined;
  const found: FallbackReadiness[] = [];
  for (const v of variants) {
    const provider = providerOf(v.model);
    if (!provider || provider === productionProvider) continue;
    const evaluation = evaluationOf(v.label);
    if (!evaluation) found.push({ kind: 'unmeasured', variant: v.label, provider, reason: 'not evaluated' });
    else if (evaluation.baseline !== production) found.push({ kind: 'unmeasured', variant: v.label, provider, reason: 'not evaluated against production' });
    else if (evaluation.stale) found.push({ kind: 'unmeasured', variant: v.label, provider, reason: 'eval stale' });
    else if (evaluation.regressions > 0) found.push({ kind: 'regressions', variant: v.label, provider, regressions: evaluation.regressions });
    else found.push({ kind: 'ready', variant: v.label, provider });
  }
  const rank = (r: FallbackReadiness): number => (r.kind === 'ready' ? 0 : r.kind === 'regressions' ? 1 + r.regressions : Number.MAX_SAFE_INTEGER);
  return found.sort((a, b) => rank(a) - rank(b))[0];
}

/** `fallback ready: claude (anthropic)`, `fallback claude (anthropic): 2 regressions`, `fallback claude (anthropic): not evaluated`. */
export function fallbackReadinessText(r: FallbackReadiness): string {
  if (r.kind === 'ready') return `fallback ready: ${r.variant} (${r.provider})`;
  if (r.kind === 'regressions') return `fallback ${r.variant} (${r.provider}): ${r.regressions} regression${r.regressions === 1 ? '' : 's'}`;
  return `fallback ${r.variant} (${r.provider}): ${r.reason}`;
}
