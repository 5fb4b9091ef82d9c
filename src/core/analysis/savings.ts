import { analyzePrompt, type AnalyzeOptions, type PromptAnalysis } from './analyze';

/** One target's tokens and input cost before and after an edit, as the lens counts them. */
export interface PromptTokenSaving {
  readonly modelId: string;
  readonly before: number;
  readonly after: number;
  /** Both counts exact (OpenAI tokenizers; Claude offline counts are estimates). */
  readonly exact: boolean;
  readonly costPerCallBefore?: number;
  readonly costPerCallAfter?: number;
}

/**
 * What an edit (a compression, a rewrite) changes in the numbers the lens shows: the rendered
 * messages as sent, with the same input, on each target. When either version could not be
 * rendered both are the template text (`counts: 'template'`), and say so.
 */
export interface PromptTokenSavings {
  readonly counts: 'rendered' | 'template';
  /** The input both versions were rendered with (`default input`, `sample 2 (id: …)`). */
  readonly inputLabel: string;
  /** One per target of the original, in its order (the first is the primary target). */
  readonly savings: readonly PromptTokenSaving[];
}

/** Pairs two analyses of the same prompt (before and after an edit) target by target. */
export function tokenSavings(before: PromptAnalysis, after: PromptAnalysis): PromptTokenSavings {
  const afterModels = new Map(after.report.models.map((m) => [m.modelId, m]));
  const savings: PromptTokenSaving[] = [];
  for (const b of before.report.models) {
    const a = afterModels.get(b.modelId);
    if (!a) continue;
    savings.push({
      modelId: b.modelId,
      before: b.renderedTokens,
      after: a.renderedTokens,
      exact: b.exact && a.exact,
      ...(b.costPerCall !== undefined && a.costPerCall !== undefined ? { costPerCallBefore: b.costPerCall, costPerCallAfter: a.costPerCall } : {}),
    });
  }
  const rendered = before.countedFrom === 'rendered' && after.countedFrom === 'rendered';
  return { counts: rendered ? 'rendered' : 'template', inputLabel: before.input.label, savings };
}

/**
 * The savings of replacing a prompt's text with `editedText`: both versions go through
 * `analyzePrompt` with the same options (input, targets, partials, helpers), so `before` is the
 * number the lens and `count` show. Offline counts on both sides, so the two are comparable.
 */
export async function analyzeSavings(options: Omit<AnalyzeOptions, 'exact'>, editedText: string): Promise<PromptTokenSavings> {
  const [before, after] = await Promise.all([
    analyzePrompt({ ...options, exact: false }),
    analyzePrompt({ ...options, text: editedText, exact: false }),
  ]);
  return tokenSavings(before, after);
}

/** `rendered with default input` / `template text` (a version could not be rendered): what the numbers count, for labels. */
export function savingsCountLabel(s: Pick<PromptTokenSavings, 'counts' | 'inputLabel'>): string {
  return s.counts === 'rendered' ? `rendered with ${s.inputLabel}` : 'template text';
}

/**
 * The primary target's before/after with its label (`rendered with default input on gpt-4o`): the
 * headline of a compression report (`MeasuredTokens`). Undefined when no target could be counted.
 */
export function headlineTokens(s: PromptTokenSavings): { before: number; after: number; counts: string } | undefined {
  const primary = s.savings[0];
  if (!primary) return undefined;
  return { before: primary.before, after: primary.after, counts: `${savingsCountLabel(s)} on ${primary.modelId}${primary.exact ? '' : ', ≈ estimate'}` };
}
