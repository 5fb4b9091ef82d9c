export * from './stats';
export * from './types';
export { analyseMigration, type AnalyseOptions } from './analyse';
export { verdictLine, formatP, costChange } from './verdict';
export { buildRolloutPlan, ROLLOUT_STEPS } from './rollout';
export { analyseRouting, type RoutingReport, type RoutingRow, type TierRule, type RoutingModelSummary } from './routing';
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
