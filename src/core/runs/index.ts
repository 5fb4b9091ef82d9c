export * from './types';
export { RUNS_DIR, serializeRun, parseRun, runFileName, writeRunFile, readRunFile, listRunFiles, type RunListing } from './runFile';
export { runToMarkdown, runToPromptfooConfig, compareJson, latencyLabel, type CompareJson, type CompareJsonCell } from './export';
export { assertionFromRating, sampleLineFromCell, appendSampleLine, appendSampleFromCell, type SampleFromCell } from './flywheel';
