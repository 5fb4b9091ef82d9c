export { applyCase, applyEdits, applySafeFixes, COMPRESS_SOURCE, selectSafeFixes, findCompressions, findCompressionsInSlices, savingMessage, toDiagnostic } from './engine';
export type { AppliedFixes } from './engine';
export { mergeRanges, protectedRangesOf, RangeSet } from './protect';
export type { ProtectedRangeOptions } from './protect';
export { checkPreservation, extractPreservables, isSubsequence, wordsOf } from './preservation';
export type { MissingItem, PreservableCategory, Preservables } from './preservation';
export { COMPRESSION_RULES } from './rules';
export type * from './types';
