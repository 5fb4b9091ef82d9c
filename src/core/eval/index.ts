export * from './stats';
export * from './types';
export { analyseMigration, type AnalyseOptions } from './analyse';
export { verdictLine, formatP, costChange } from './verdict';
export { buildRolloutPlan, ROLLOUT_STEPS } from './rollout';
export { analyseRouting, sidesAsOneRun, type RoutingReport, type RoutingRow, type TierRule, type RoutingModelSummary } from './routing';
export {
  EVALS_FOLDER,
  evalReportBaseName,
  serializeEvalReport,
  parseEvalReport,
  latestEvaluation,
  evalReportToMarkdown,
  routingToMarkdown,
  outputDiff,
  type SavedEvalReport,
} from './reportFile';
export {
  evaluateMigration,
  evaluateRouting,
  variantComparisonSetup,
  variantColumnLabel,
  resolveSide,
  loadSamples,
  logicalPromptFor,
  EvalInputError,
  EvalCancelledError,
  type EvalEnvironment,
  type EvalProgress,
  type MigrationRequest,
  type MigrationResult,
  type RoutingRequest,
  type VariantComparisonRequest,
  type VariantComparison,
  type ResolvedSide,
} from './migration';
export { judgePreferences, parsePreference, preferenceMessages, PREFERENCE_SYSTEM_PROMPT } from './judge';
