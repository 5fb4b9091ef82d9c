import { get_encoding } from 'tiktoken';
import { applyEdits, COMPRESSION_RULES, findCompressions } from '../../../src/core/compress';
import type { CompressionFinding, CompressionOptions } from '../../../src/core/compress';

const encoding = get_encoding('o200k_base');
export const countTokens = (text: string): number => encoding.encode(text).length;

export function onlyRule(id: string): Record<string, boolean> {
  return Object.fromEntries(COMPRESSION_RULES.map((r) => [r.id, r.id === id]));
}

export function findWith(text: string, ruleId?: string, options: Partial<CompressionOptions> = {}): CompressionFinding[] {
  return findCompressions(text, { protectedRanges: [], countTokens, ...(ruleId ? { enabledRules: onlyRule(ruleId) } : {}), ...options });
}

/** Applies every fix (safe or not) of the findings; they never overlap within one rule's output. */
export function applyAll(text: string, findings: readonly CompressionFinding[]): string {
  return applyEdits(text, findings.flatMap((f) => f.edits ?? []));
}
