import { resolveFromPrompt, type PromptAnalysis, type PromptWorkspace } from '../analysis';
import {
  analyzeResponseCache,
  batchPolicyFor,
  isBatchPrompt,
  observedOutputs,
  parseTraffic,
  priceCaching,
  promptCaching,
  type CachingDeps,
  type CurvePrompt,
  type PromptCaching,
  type ResponseCacheAnalysis,
} from '../cost';
import type { AuditPrompt, AuditResponseCache, AuditTarget } from './report';

/** The per-target fields the cost levers add to an audit row (documented on `AuditTarget`). */
export type TargetLevers = Pick<AuditTarget,
  | 'cacheablePrefixTokens' | 'cacheMinimumTokens' | 'cachedTokensPerCall' | 'cachedCostPerCall' | 'cacheHitRate'
  | 'cachingSavingsPerMonth' | 'batchCostPerCall' | 'batchSavingsPerMonth' | 'worstCaseOutputTokens' | 'worstCaseCostPerCall'>;

/** The prompt-level fields the cost levers add to an audit row (documented on `AuditPrompt`), with the per-target ones and the curve input. */
export type PromptLevers = Pick<AuditPrompt,
  | 'cachePrefixEnd' | 'batch' | 'cachingSavingsPerMonth' | 'batchSavingsPerMonth' | 'worstCaseMonthlyCost'
  | 'responseCache' | 'observedOutputs' | 'suggestedMaxOutputTokens'> & {
  readonly targets: readonly TargetLevers[];
  /** For the cost curve: expected USD per call on the primary target at a volume, with caching and batch. */
  readonly curve: CurvePrompt;
};

export interface LeverOptions {
  readonly callsPerMonth: number;
  /** Every prompt is batch work (`promptscope.cost.batch`, `--batch`). */
  readonly batchAll: boolean;
  /** Traffic file for prompts whose frontmatter names none (`--traffic`, a setting). */
  readonly trafficPath?: string;
  readonly workspace: PromptWorkspace;
  /** Traffic analyses by resolved path: one file often serves several prompts. */
  readonly runs: readonly unknown[];
  readonly trafficCache: Map<string, Promise<{ analysis: ResponseCacheAnalysis; skipped: number } | { error: string }>>;
}

function trafficSource(analysis: PromptAnalysis, fallback: string | undefined): { source: string; path: string } | undefined {
  const own = analysis.file.frontmatter?.data?.traffic;
  if (typeof own === 'string' && own.trim()) return { source: own, path: resolveFromPrompt(analysis.file.fileName, own.trim()) };
  return fallback ? { source: fallback, path: fallback } : undefined;
}

async function readTraffic(path: string, options: LeverOptions): Promise<{ analysis: ResponseCacheAnalysis; skipped: number } | { error: string }> {
  let pending = options.trafficCache.get(path);
  if (!pending) {
    pending = options.workspace.readText(path).then((text) => {
      if (text === undefined) return { error: `cannot read the traffic file ${path}` };
      const parsed = parseTraffic(text);
      if (parsed.inputs.length === 0) return { error: `no inputs in the traffic file ${path} (expected JSONL: {"input": {…}} per line)` };
      return { analysis: analyzeResponseCache(parsed.inputs), skipped: parsed.skippedLines.length };
    });
    options.trafficCache.set(path, pending);
  }
  return pending;
}

/**
 * Prompt caching, batch pricing, worst-case output and response-cache potential for one analysed
 * prompt, priced on each target at the audit volume.
 */
export async function promptLevers(analysis: PromptAnalysis, deps: CachingDeps, options: LeverOptions): Promise<PromptLevers> {
  const calls = options.callsPerMonth;
  const caching: PromptCaching | undefined = await promptCaching(analysis, deps, calls);
  const batch = options.batchAll || isBatchPrompt(analysis.file.frontmatter?.data);
  const noLimit = analysis.maxOutputTokens === undefined;
  const targets = analysis.report.models.map((m, i): TargetLevers => {
    const c = caching?.targets[i];
    const batchPolicy = batch ? batchPolicyFor(m.modelId) : undefined;
    const batchCost = batchPolicy && m.costPerCall !== undefined ? m.costPerCall * batchPolicy.priceFactor : null;
    return {
      cacheablePrefixTokens: c?.cacheablePrefixTokens ?? null,
      cacheMinimumTokens: c?.policy?.minimumTokens ?? null,
      cachedTokensPerCall: c?.policy ? c.cachedTokensPerCall : null,
      cachedCostPerCall: c?.cachedCostPerCall ?? null,
      cacheHitRate: c?.policy ? c.cacheHitRate : null,
      cachingSavingsPerMonth: c?.cachingSavingsPerMonth ?? null,
      batchCostPerCall: batchCost,
      batchSavingsPerMonth: batchCost !== null && m.costPerCall !== undefined ? (m.costPerCall - batchCost) * calls : null,
      worstCaseOutputTokens: noLimit && m.worstCase ? m.worstCase.outputTokens : null,
      worstCaseCostPerCall: noLimit && m.worstCase ? m.worstCase.cost : null,
    };
  });
  const primary = targets[0];
  const primaryModel = analysis.report.models[0];
  const end = caching?.prefixEnd;

  let responseCache: AuditResponseCache | null = null;
  const traffic = trafficSource(analysis, options.trafficPath);
  if (traffic) {
    const result = await readTraffic(traffic.path, options);
    const perCall = primaryModel?.costPerCall;
    responseCache = 'error' in result
      ? { source: traffic.source, inputs: 0, skippedLines: 0, exactDuplicateShare: 0, nearDuplicateShare: 0, jaccardThreshold: 0, callsSavedPerMonth: 0, savingsPerMonth: null, exactSavingsPerMonth: null, mostRepeated: [], error: result.error }
      : {
        source: traffic.source,
        inputs: result.analysis.inputs,
        skippedLines: result.skipped,
        exactDuplicateShare: result.analysis.exactDuplicateShare,
        nearDuplicateShare: result.analysis.nearDuplicateShare,
        jaccardThreshold: result.analysis.jaccardThreshold,
        callsSavedPerMonth: result.analysis.nearDuplicateShare * calls,
        savingsPerMonth: perCall !== undefined ? result.analysis.nearDuplicateShare * calls * perCall : null,
        exactSavingsPerMonth: perCall !== undefined ? result.analysis.exactDuplicateShare * calls * perCall : null,
        mostRepeated: result.analysis.mostRepeated,
        error: null,
      };
  }

  const observed = options.runs.length ? observedOutputs(options.runs, analysis.file.fileName) : [];
  const suggested = noLimit && observed.length ? Math.max(...observed.map((o) => o.suggestedMaxOutputTokens)) : null;
  const batchFactor = batch && primaryModel ? (batchPolicyFor(primaryModel.modelId)?.priceFactor ?? 1) : 1;
  const primaryCaching = caching?.targets[0];
  return {
    targets,
    cachePrefixEnd: end ? { tag: end.tag, line: end.line + 1, kind: end.kind } : null,
    batch,
    cachingSavingsPerMonth: primary?.cachingSavingsPerMonth != null ? Math.max(0, primary.cachingSavingsPerMonth) : null,
    batchSavingsPerMonth: primary?.batchSavingsPerMonth ?? null,
    worstCaseMonthlyCost: primary?.worstCaseCostPerCall != null ? primary.worstCaseCostPerCall * calls : null,
    responseCache,
    observedOutputs: observed,
    suggestedMaxOutputTokens: suggested,
    curve: {
      targets: analysis.report.models.map((m) => ({ modelId: m.modelId, costPerCall: m.costPerCall ?? null })),
      leveredCostPerCall: (volume) => {
        if (!primaryModel || primaryModel.costPerCall === undefined) return null;
        let perCall = primaryModel.costPerCall;
        if (primaryCaching) {
          const priced = priceCaching(primaryModel.modelId, primaryCaching.totalTokens, primaryCaching.cacheablePrefixTokens, primaryModel.price, volume);
          // Caching only where it pays: an explicit (Anthropic) cache is left off when writes cost more.
          if (priced.cachingSavingsPerMonth !== null && priced.cachingSavingsPerMonth > 0 && volume > 0) perCall -= priced.cachingSavingsPerMonth / volume;
        }
        return perCall * batchFactor;
      },
    },
  };
}
