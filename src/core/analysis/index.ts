/**
 * From "a prompt file on disk or in an editor" to "counts per target": input selection, partial
 * loading, rendering, token counts and cost, budget and context-window checks. Pure: the caller
 * supplies file access (`PromptWorkspace`) and the token/price services. Used by the CLI
 * (`promptscope count`) and the extension (CodeLens, hovers, diagnostics).
 *
 *   const analysis = await analyzePrompt({ fileName, text, workspace, defaultTargets, deps: { tokens, catalog } });
 *   analysis.report.models[0].summary;   // "gpt-4o 1,931 tok · $0.0048/call · 1.5% ctx"
 *   analysis.budgetDiagnostics;          // over-budget / exceeds-context
 */
export {
  analyzePrompt,
  exactApisFor,
  sectionNames,
  targetsFor,
  type AnalyzeOptions,
  type AnalyzedSection,
  type PromptAnalysis,
} from './analyze';
export {
  budgetDiagnostics,
  firstLineRange,
  limitChecks,
  type BudgetSetting,
  type ModelLimitCheck,
} from './budget';
export { analysisDiagnostics, frontmatterErrorDiagnostics } from './diagnostics';
export {
  isPartialFileName,
  isSkippedFolder,
  PROMPT_FILE_EXTENSIONS,
  promptFilesGlob,
  promptFileMatcher,
  SKIPPED_FOLDERS,
  SKIPPED_FOLDERS_GLOB,
  type PromptFileFilter,
} from './discovery';
export { defaultInput, InputError, resolveInput, type InputChoice, type ResolvedInput } from './input';
export {
  DEFAULT_MAX_PARTIAL_DEPTH,
  loadPartials,
  partialReferences,
  type LoadPartialsOptions,
  type MissingPartial,
  type PartialResolution,
} from './partials';
export {
  dirnameOf,
  isAbsolutePath,
  joinPath,
  memoryWorkspace,
  normalizePath,
  partialPathFor,
  MAX_SIDE_FILE_BYTES,
  readPromptSideFile,
  partialPathsFor,
  resolveFromPrompt,
  type FileRead,
  type FileReadProblem,
  type PromptWorkspace,
} from './workspace';
export { compressPromptFile, compressPromptFileInSlices, type PromptCompression, type PromptCompressionOptions } from './compression';
export { analyzeSavings, headlineTokens, savingsCountLabel, tokenSavings, type PromptTokenSaving, type PromptTokenSavings } from './savings';
export { parseProjectSettings, PROJECT_SETTINGS_PATH, promptFilterFor, stripJsonc, type ProjectSettings } from './projectSettings';
