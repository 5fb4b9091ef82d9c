export * from './types';
export { startCompare, openRun, cellId } from './engine';
export { inputsFromSamples, defaultCompareInput } from './inputs';
export { describeCellRequest } from './showRequest';
export { createFileCacheStore, defaultCliCacheDir, requestCacheKey, type FileCacheOptions } from './cache';
export { systemClock, abortableSleep } from './clock';
export { Scheduler, EndpointLimiter, retryDelayMs, DEFAULT_CONCURRENCY, type RetryNotice } from './scheduler';
export { evaluateAssertions, parseJsonOutput, parseRubricVerdict, RUBRIC_SYSTEM_PROMPT, rubricUserMessage, type AssertionContext, type RubricVerdict } from './assertions';
export { validateJsonSchema } from './jsonSchema';
export { summarizeCells, percentile } from './summary';
export { describeRequest, resolveModelTarget, providerConfig, endpointSettingsFromEnv, apiKeyFromEnv, type EndpointSettings } from '../providers';
export {
  RUNS_DIR,
  serializeRun,
  parseRun,
  runFileName,
  writeRunFile,
  readRunFile,
  listRunFiles,
  runToMarkdown,
  runToPromptfooConfig,
  compareJson,
  latencyLabel,
  formatMs,
  columnRender,
  columnConfig,
  columnTitle,
  changedColumnPrompts,
  assertionFromRating,
  sampleLineFromCell,
  appendSampleLine,
  appendSampleFromCell,
  type RunListing,
  type CompareJson,
  type CompareJsonCell,
  type SampleFromCell,
} from '../runs';
