/**
 * The cost levers beyond compression: prompt caching (static prefix, provider rules, cached price,
 * monthly saving), response-cache potential from real traffic, output limits, batch pricing and
 * the cost curve against volume. Pure: callers supply analyses, catalogs and text.
 */
export { CACHING_RULES_AS_OF, MINUTES_PER_MONTH, cacheHitRate, cachedTokensFor, cachingPolicyFor, type CachingPolicy } from './cachingPolicy';
export { moveVaryingLinesToSectionEnd, truncatedFile, varyingParts, type MovedVariables, type VaryingKind, type VaryingPart } from './staticPrefix';
export { cachingSuggestion, priceCaching, promptCaching, type CachingDeps, type CachingSuggestion, type PromptCaching, type TargetCaching } from './promptCaching';
export {
  NEAR_DUPLICATE_JACCARD,
  SHINGLE_SIZE,
  analyzeResponseCache,
  jaccard,
  minHashSignature,
  normalizeTrafficInput,
  parseTraffic,
  shingles,
  type RepeatedInput,
  type ResponseCacheAnalysis,
  type TrafficParse,
} from './traffic';
export { BATCH_RULES_AS_OF, batchPolicyFor, isBatchPrompt, type BatchPolicy } from './batch';
export {
  DEFAULT_CALLS_PER_USER,
  DEFAULT_CURVE_USERS,
  DEFAULT_SELF_HOSTING_BAND,
  costCurve,
  usersToReach,
  type CostCurve,
  type CostCurveSeries,
  type CurvePrompt,
} from './costCurve';
export { CACHE_PREFIX_DIAGNOSTIC, OBSERVED_OUTPUT_DIAGNOSTIC, observedOutputDiagnostic, cachingDiagnostic, cachingHoverMarkdown, prefixDetail, prefixSummary, suggestionGain } from './hints';
export { OUTPUT_LIMIT_MARGIN, observedOutputs, percentile, samePromptPath, setMaxOutputTokensFix, suggestedOutputLimit, type ObservedOutput } from './observedOutputs';
