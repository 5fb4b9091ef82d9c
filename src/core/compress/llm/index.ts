/**
 * "Compress with Model…": LLM-assisted compression with a mechanical and model-judged preservation
 * report. Pure core (no VS Code): the command in src/vscode wires providers, pickers and progress.
 *
 *   const { compression, report, notes } = await runCompressFlow({ text, mode: 'extractive', provider, model, judgeProvider, judgeModel, countTokens, signal, onProgress });
 *   if (report.blocking) … highlight report.highlights, no one-click accept …
 *
 * runCompressFlow is the one orchestration (compress → constraints → judge → report) the editor and
 * `promptscope compress` share; the steps are exported for tests and finer control.
 */
export {
  compressWithModel,
  defaultMaxOutputTokens,
  protectedStringsOf,
  type CompressProgress,
  type CompressProgressStage,
  type CompressWithModelOptions,
  type CompressWithModelResult,
  type ExtractiveViolationPolicy,
  type SubsequenceRepairInfo,
} from './compressWithModel';
export {
  adjustSystemPrompt,
  buildAdjustMessages,
  FAMILY_GUIDANCE,
  familyOfModel,
  isModelFamily,
  MODEL_FAMILIES,
  type AdjustTarget,
  type FamilyGuidance,
  type ModelFamily,
} from './adjust';
export { extractConstraints, type Constraint } from './constraints';
export { CompressFlowCancelled, isCancellation, runAdjustFlow, runCompressFlow, type AdjustFlowOptions, type CompressFlowOptions, type CompressFlowProgress, type CompressFlowResult } from './flow';
export { LlmCompressError, type LlmCompressErrorKind } from './errors';
export {
  judgeConstraints,
  mechanicalCheck,
  normaliseStatus,
  parseJudgeReply,
  type ConstraintStatus,
  type JudgeConstraintsOptions,
  type JudgeConstraintsResult,
  type JudgedConstraint,
  type JudgedStatus,
  type MechanicalCheck,
  type ParsedVerdict,
} from './judge';
export { cleanModelOutput } from './output';
export {
  buildCompressMessages,
  buildJudgeMessages,
  EXTRACTIVE_SYSTEM_PROMPT,
  protectedListing,
  JUDGE_SYSTEM_PROMPT,
  REWRITE_SYSTEM_PROMPT,
  type CompressMode,
} from './prompts';
export {
  buildPreservationReport,
  REPORT_CATEGORIES,
  type BuildPreservationReportOptions,
  type MissingEntry,
  type PreservationReport,
  type ReportCategory,
  type ReportHighlight,
  type MeasuredTokens,
  type TokenComparison,
} from './report';
export { findSubsequenceViolation, repairToSubsequence, wordTokens, type SubsequenceRepair, type SubsequenceViolation, type WordToken } from './subsequence';
