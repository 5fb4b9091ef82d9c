/**
 * The audit report's data types: plain JSON, no imports beyond other plain types, so the webview
 * (DOM-only TypeScript) can use them as well as the host.
 */

import type { CostCurve, ObservedOutput } from '../cost/types';

export type { CostCurve, CostCurveSeries, ObservedOutput } from '../cost/types';

/** Report format version; bumped on incompatible changes. */
export const AUDIT_REPORT_VERSION = 1;

/** How a file is interpreted (as `PromptKind` in src/core/prompt). */
export type AuditPromptKind = 'prompt' | 'prompty' | 'text';

export interface AuditTarget {
  readonly modelId: string;
  readonly label: string;
  /** Input tokens of the rendered prompt, chat framing included. */
  readonly tokens: number;
  readonly exact: boolean;
  /** Input USD per call; null when the model has no price. */
  readonly costPerCall: number | null;
  /** `costPerCall × callsPerMonth`. */
  readonly monthlyCost: number | null;
  /** What the safe fixes would save per month on this model. */
  readonly monthlySavings: number | null;
  readonly overBudgetBy: number | null;
  readonly exceedsContext: boolean;
  /** Prompt caching: tokens before the first part that varies between calls; null when the prompt did not render. */
  readonly cacheablePrefixTokens: number | null;
  /** The provider's minimum cacheable prefix; null when its caching rules are unknown. */
  readonly cacheMinimumTokens: number | null;
  /** Tokens billed as cache reads on a warm call (0 below the minimum; OpenAI: 128-token steps). */
  readonly cachedTokensPerCall: number | null;
  /** Input USD of a call that finds the prefix cached. */
  readonly cachedCostPerCall: number | null;
  /** Expected share of calls that hit the cache at the monthly volume. */
  readonly cacheHitRate: number | null;
  /** What prompt caching saves per month at the volume (negative: Anthropic's cache writes would cost more than the hits save). */
  readonly cachingSavingsPerMonth: number | null;
  /** Input USD per call through the provider's batch API, when the prompt is marked `batch`. */
  readonly batchCostPerCall: number | null;
  readonly batchSavingsPerMonth: number | null;
  /** Without an output limit: the most output tokens the model may bill per call (its maximum, capped by the context left). */
  readonly worstCaseOutputTokens: number | null;
  /** Input plus that worst-case output, USD per call. */
  readonly worstCaseCostPerCall: number | null;
}

/** Where a prompt's static prefix ends (1-based line). */
export interface AuditPrefixEnd {
  readonly tag: string;
  readonly line: number;
  readonly kind: string;
}

/** What a response cache would save, from a sample of real inputs (`traffic`). */
export interface AuditResponseCache {
  /** The traffic file as given. */
  readonly source: string;
  readonly inputs: number;
  readonly skippedLines: number;
  readonly exactDuplicateShare: number;
  readonly nearDuplicateShare: number;
  readonly jaccardThreshold: number;
  /** Calls per month a near-duplicate cache would answer at the audit volume. */
  readonly callsSavedPerMonth: number;
  /** Input USD per month those calls cost on the primary target (their output comes on top). */
  readonly savingsPerMonth: number | null;
  /** Same for an exact cache (normalised case, whitespace and punctuation). */
  readonly exactSavingsPerMonth: number | null;
  readonly mostRepeated: readonly { readonly example: string; readonly count: number }[];
  /** Set when the file could not be read: the rest of the prompt's report is unaffected. */
  readonly error: string | null;
}

export interface AuditRuleFindings {
  readonly ruleId: string;
  readonly count: number;
  /** How many of them have a safe fix (applied by `--fix`). */
  readonly safe: number;
  /** Sum of the findings' savings (estimates for report-only findings). */
  readonly tokensSaved: number;
  /** Where the first one is: the prompt itself or a partial it includes. */
  readonly path: string;
  /** 1-based. */
  readonly firstLine: number;
}

export interface AuditSavings {
  /** Tokens the safe fixes remove from one rendered call (the prompt's own text plus its partials'). */
  readonly tokens: number;
  /** USD per call on the primary target; null without a price. */
  readonly costPerCall: number | null;
  readonly monthly: number | null;
}

export interface AuditPrompt {
  readonly path: string;
  readonly relativePath: string;
  readonly kind: AuditPromptKind;
  /** The first target: the one the totals and savings are priced on. */
  readonly primaryModelId: string;
  readonly targets: readonly AuditTarget[];
  readonly targetsSource: 'override' | 'file' | 'default';
  readonly safeSavings: AuditSavings;
  readonly findings: readonly AuditRuleFindings[];
  readonly findingCount: number;
  /** 1-based line of the prompt's own first finding; null when it has none. */
  readonly firstFindingLine: number | null;
  readonly budget: { readonly tokens: number; readonly source: 'file' | 'setting' } | null;
  readonly overBudget: boolean;
  readonly exceedsContext: boolean;
  /** No `config.maxOutputTokens` (Prompty: `model.options.max_tokens`…): replies are unbounded. */
  readonly noOutputLimit: boolean;
  readonly maxOutputTokens: number | null;
  readonly partials: readonly string[];
  readonly missingPartials: readonly string[];
  readonly renderError: string | null;
  /** ISO 8601; null when unknown. */
  readonly modifiedAt: string | null;
  /** The first part that varies between calls (it ends the cacheable prefix); null when nothing varies or rendering failed. */
  readonly cachePrefixEnd: AuditPrefixEnd | null;
  /** Priced as offline work (`batch: true` in the frontmatter or the batch setting). */
  readonly batch: boolean;
  /** Prompt caching savings per month on the primary target (never below 0: a loss means leave caching off). */
  readonly cachingSavingsPerMonth: number | null;
  readonly batchSavingsPerMonth: number | null;
  /** Without an output limit: input + worst-case output per month on the primary target. */
  readonly worstCaseMonthlyCost: number | null;
  readonly responseCache: AuditResponseCache | null;
  /** Output tokens per model in this prompt's comparison runs (`.promptscope/runs`), longest first; empty without runs. */
  readonly observedOutputs: readonly ObservedOutput[];
  /** For a prompt without an output limit and with runs: the largest per-model suggestion (observed p99 + 20%). */
  readonly suggestedMaxOutputTokens: number | null;
}

/** A `_name.prompt` partial: no calls of its own; its savings count in the prompts that include it. */
export interface AuditPartial {
  readonly path: string;
  readonly relativePath: string;
  readonly includedBy: readonly string[];
  readonly findings: readonly AuditRuleFindings[];
  readonly safeSavingsTokens: number;
  readonly modifiedAt: string | null;
}

export interface PassageOccurrence {
  readonly path: string;
  readonly relativePath: string;
  /** 1-based. */
  readonly line: number;
}

export interface DuplicatedPassage {
  /** The first occurrence, shortened to ~160 characters. */
  readonly excerpt: string;
  readonly kind: 'paragraph' | 'sentence';
  readonly words: number;
  /** Tokens of one occurrence (first default target's tokenizer). */
  readonly tokens: number;
  readonly occurrences: readonly PassageOccurrence[];
}

export interface SelfHostingPrompt {
  readonly path: string;
  readonly relativePath: string;
  readonly modelId: string;
  readonly costPerCall: number;
  readonly monthlyCost: number;
  readonly crosses: boolean;
  /** Calls per month from which this prompt alone costs more than the threshold. */
  readonly breakEvenCallsPerMonth: number;
}

export interface SelfHostingReport {
  readonly thresholdUsd: number;
  readonly callsPerMonth: number;
  /** Every priced prompt on its primary target. */
  readonly totalMonthlyCost: number;
  readonly totalCrosses: boolean;
  /** Calls per month per prompt (every prompt at the same volume) from which the total crosses; null when nothing is priced. */
  readonly totalBreakEvenCallsPerMonth: number | null;
  /** Prompts whose own monthly cost crosses the threshold at the configured volume. */
  readonly crossing: readonly SelfHostingPrompt[];
  /** Every priced prompt, cheapest break-even volume first. */
  readonly prompts: readonly SelfHostingPrompt[];
}

export interface AuditTotals {
  readonly prompts: number;
  readonly partials: number;
  /** Each prompt on its primary target. */
  readonly monthlyCost: number;
  readonly monthlySavings: number;
  readonly savingsTokensPerCallSet: number;
  /** Per model: the prompts that target it, all at the configured volume. */
  readonly byTarget: readonly { readonly modelId: string; readonly prompts: number; readonly monthlyCost: number; readonly monthlySavings: number }[];
  readonly overBudget: number;
  readonly exceedsContext: number;
  readonly noOutputLimit: number;
  readonly renderErrors: number;
  readonly findings: number;
  /** Prompts whose primary target has no price (left out of the costs). */
  readonly unpriced: number;
  /** Prompt caching on the primary targets, per month. */
  readonly cachingSavingsPerMonth: number;
  /** Batch pricing of the prompts marked `batch`, per month. */
  readonly batchSavingsPerMonth: number;
  /** Response caches of the prompts with traffic samples (near duplicates), per month. */
  readonly responseCacheSavingsPerMonth: number;
  /** Worst-case monthly cost (input + maximum output) of the prompts without an output limit. */
  readonly worstCaseMonthlyCostWithoutLimit: number;
}

export interface AuditSettings {
  readonly callsPerMonth: number;
  readonly budget: number | null;
  readonly selfHostingThresholdUsd: number | null;
  /** Prompts priced as batch work regardless of their frontmatter. */
  readonly batch: boolean;
  readonly defaultTargets: readonly string[];
  readonly targetsOverride: readonly string[] | null;
}

export interface AuditReport {
  readonly version: typeof AUDIT_REPORT_VERSION;
  readonly generatedAt: string;
  readonly settings: AuditSettings;
  readonly totals: AuditTotals;
  /** Most expensive first (monthly cost on the primary target). */
  readonly prompts: readonly AuditPrompt[];
  readonly partials: readonly AuditPartial[];
  /** Most tokens × occurrences first. */
  readonly duplicatedPassages: readonly DuplicatedPassage[];
  readonly selfHosting: SelfHostingReport | null;
  /** Monthly cost against users, per model and in total, with the self-hosting band. */
  readonly costCurve: CostCurve;
}

