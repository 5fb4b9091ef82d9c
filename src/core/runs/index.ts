export * from './types';
export { RUNS_DIR, serializeRun, parseRun, runFileName, writeRunFile, readRunFile, listRunFiles, type RunListing } from './runFile';
export { formatMs, latencyLabel } from './format';
export { columnRender, columnConfig, columnTitle } from './columns';
export { changedColumnPrompts } from './columnPrompts';
export { runToMarkdown, runToPromptfooConfig, compareJson, type CompareJson, type CompareJsonCell } from './export';
export { assertionFromRating, sampleLineFromCell, appendSampleLine, appendSampleFromCell, type SampleFromCell } from './flywheel';
