import { analyzePrompt } from '../analysis/analyze';
import type { PromptWorkspace } from '../analysis/workspace';
import { parsePromptFile } from '../prompt/parse';
import type { RenderBudget } from '../prompt/render';
import type { CountReportDeps } from '../tokens/report';
import { COUNT_CONTINUES_NOTE } from '../tokens/tokenService';
import { filesOf, type LogicalPrompt } from './discovery';
import { fallbackStatus, type FallbackStatus } from './fallback';
import { BASE_VARIANT_LABEL, readProductionVariant } from './production';
import { relativeAge, staleReasons, textHash, type EvalFingerprint, type StaleReason } from './staleness';

/** What the tree, the lenses and the commands show about one variant file. */
export interface VariantRow {
  /** undefined for the base file. */
  readonly variant: string | undefined;
  /** `base` or the variant name. */
  readonly label: string;
  readonly path: string;
  /** The file's own `model`, else the base file's; undefined when neither names one. */
  readonly model: string | undefined;
  readonly modelInherited: boolean;
  /** Input tokens of the rendered prompt (default input) on its own model. */
  readonly tokens?: number;
  readonly exactTokens?: boolean;
  readonly costPerCall?: number;
  readonly production: boolean;
  /** Why it could not be counted (no model, unreadable file). */
  readonly problem?: string;
  /** Part of the count is estimated because the token service's time budget ran out: counting again converges. */
  readonly countContinues?: boolean;
}

export interface LogicalPromptOverview {
  readonly prompt: LogicalPrompt;
  /** The production variant's label (`base` when the base file is in production). */
  readonly production: string;
  /** Base first, then variants. */
  readonly rows: readonly VariantRow[];
  readonly fallback: FallbackStatus;
}

export interface OverviewOptions {
  readonly workspace: PromptWorkspace;
  readonly deps: CountReportDeps;
  /** Used when neither the variant nor the base names a model. */
  readonly defaultTargets: readonly string[];
  /** Limits on each variant's render (the editor passes its small budget). */
  readonly renderBudget?: RenderBudget;
}

export function variantLabel(variant: string | undefined): string {
  return variant ?? BASE_VARIANT_LABEL;
}

/** The model each file runs on: its own `model`, else the base file's. */
export function variantModel(text: string, path: string, baseModel: string | undefined): { model: string | undefined; inherited: boolean } {
  const own = parsePromptFile(text, { fileName: path }).model;
  return own ? { model: own, inherited: false } : { model: baseModel, inherited: baseModel !== undefined };
}

/** Reads, parses and counts every file of a logical prompt, each on its own model. */
export async function describeLogicalPrompt(prompt: LogicalPrompt, options: OverviewOptions): Promise<LogicalPromptOverview> {
  const baseText = prompt.base ? await options.workspace.readText(prompt.base.path) : undefined;
  const baseModel = baseText !== undefined && prompt.base ? parsePromptFile(baseText, { fileName: prompt.base.path }).model : undefined;
  const production = baseText !== undefined ? readProductionVariant(baseText) : undefined;
  const rows: VariantRow[] = [];
  for (const file of filesOf(prompt)) {
    const label = variantLabel(file.variant);
    const isProduction = prompt.base !== undefined && file.variant === production;
    const text = file.variant === undefined ? baseText : await options.workspace.readText(file.path);
    if (text === undefined) {
      rows.push({ variant: file.variant, label, path: file.path, model: undefined, modelInherited: false, production: isProduction, problem: 'cannot be read' });
      continue;
    }
    const { model, inherited } = variantModel(text, file.path, baseModel);
    const targets = model ? [model] : options.defaultTargets.slice(0, 1);
    let counted: Pick<VariantRow, 'tokens' | 'exactTokens' | 'costPerCall' | 'countContinues'> = {};
    let problem: string | undefined = model ? undefined : 'no model: set `model` in the file';
    if (targets.length > 0) {
      try {
        const analysis = await analyzePrompt({ fileName: file.path, text, workspace: options.workspace, targets, defaultTargets: options.defaultTargets, deps: options.deps, ...(options.renderBudget ? { renderBudget: options.renderBudget } : {}) });
        const report = analysis.report.models[0];
        // A render that failed (or hit its budget) leaves a count of the template text: an estimate, said so.
        const fromTemplate = analysis.countedFrom === 'template';
        if (report) {
          const continues = report.notes.some((n) => n.includes(COUNT_CONTINUES_NOTE));
          counted = { tokens: report.renderedTokens, exactTokens: report.exact && !fromTemplate, ...(report.costPerCall !== undefined ? { costPerCall: report.costPerCall } : {}), ...(continues ? { countContinues: true } : {}) };
          if (report.costPerCall === undefined && !problem) problem = `no price for ${report.modelId}`;
        }
        if (fromTemplate && !problem) problem = `counted from the template text, not the rendered prompt${analysis.renderError ? ` (${analysis.renderError.message})` : ''}`;
      } catch (e) {
        problem = e instanceof Error ? e.message : String(e);
      }
    }
    rows.push({ variant: file.variant, label, path: file.path, model, modelInherited: inherited, production: isProduction, ...counted, ...(problem ? { problem } : {}) });
  }
  return { prompt, production: variantLabel(production), rows, fallback: fallbackStatus(rows) };
}

/** A variant's delta against the base: `+120 tok (+8%) · −$0.0012/call`. */
export function deltaAgainstBase(row: Pick<VariantRow, 'tokens' | 'costPerCall'>, base: Pick<VariantRow, 'tokens' | 'costPerCall'>): { tokens?: number; tokensPercent?: number; costPerCall?: number } {
  const out: { tokens?: number; tokensPercent?: number; costPerCall?: number } = {};
  if (row.tokens !== undefined && base.tokens !== undefined) {
    out.tokens = row.tokens - base.tokens;
    if (base.tokens > 0) out.tokensPercent = (row.tokens - base.tokens) / base.tokens;
  }
  if (row.costPerCall !== undefined && base.costPerCall !== undefined) out.costPerCall = row.costPerCall - base.costPerCall;
  return out;
}

/** A saved evaluation seen from now: its age, outcome and whether the files changed since. */
export interface EvalStatus {
  readonly createdAt: string;
  readonly age: string;
  readonly regressions: number;
  readonly verdict: string;
  readonly stale: readonly StaleReason[];
  /** `evaluated 2 days ago: 0 regressions` or `eval stale: prompt changed since`. */
  readonly text: string;
}

export interface EvaluatedReport {
  readonly createdAt: string;
  readonly regressions: readonly string[];
  readonly verdict: string;
  readonly fingerprint: EvalFingerprint;
  readonly samplesPath?: string;
}

/**
 * The status of a saved evaluation against the current texts. The samples file is resolved
 * against the base prompt (as the evaluation recorded it, relative to the workspace root), so the
 * caller passes what it read, or undefined when it is gone.
 */
export function evalStatus(
  report: EvaluatedReport,
  current: { baselineText: string | undefined; candidateText: string | undefined; samplesText: string | undefined; baselineModel: string; candidateModel: string },
  now: Date,
): EvalStatus {
  const hash = (text: string | undefined): string => (text === undefined ? 'missing' : textHash(text));
  const stale = staleReasons(report.fingerprint, {
    baseline: { promptHash: hash(current.baselineText), model: current.baselineModel },
    candidate: { promptHash: hash(current.candidateText), model: current.candidateModel },
    samplesHash: hash(current.samplesText),
  });
  const age = relativeAge(new Date(report.createdAt), now);
  const n = report.regressions.length;
  const what = stale.map((r) => r.replace(/ changed$/, '')).join(', ');
  const text = stale.length ? `eval stale: ${what} changed since` : `evaluated ${age}: ${n} regression${n === 1 ? '' : 's'}`;
  return { createdAt: report.createdAt, age, regressions: n, verdict: report.verdict, stale, text };
}

