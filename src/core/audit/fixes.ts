import { applySafeFixes, checkPreservation } from '../compress';
import { compressionCounter, compressionFindingsOf } from '../analysis/compression';
import { parsePromptFile, type PromptFile } from '../prompt';
import type { TokenService } from '../tokens';
import { VIOLATION_CATEGORIES, type AuditFixResult } from './types';
import { FALLBACK_MODEL } from '../modelId';

/** How many times `applyAuditFixes` re-runs the safe fixes on their own output (a fix can expose another). */
export const MAX_FIX_PASSES = 3;

export { compressionCounter, compressionFindingsOf, fileProtectedRanges } from '../analysis/compression';

export interface AuditFixOptions {
  /** The tokenizer to measure with; default the file's first target, else the first default target, else gpt-4o. */
  readonly modelId?: string;
  readonly defaultTargets?: readonly string[];
}

function bodyOf(file: PromptFile): string {
  return file.text.slice(file.bodyRange.start, file.bodyRange.end);
}

/**
 * The file with every safe compression fix applied, repeated until nothing changes (at most
 * `MAX_FIX_PASSES` passes), and what the fix lost by `checkPreservation` on the body. The
 * frontmatter and role markers are left byte for byte. Used by `promptscope audit --fix`.
 */
export function applyAuditFixes(text: string, fileName: string, deps: { readonly tokens: TokenService }, options: AuditFixOptions = {}): AuditFixResult {
  const original = parsePromptFile(text, { fileName });
  const modelId = options.modelId ?? original.targets[0] ?? options.defaultTargets?.[0] ?? FALLBACK_MODEL;
  const countTokens = compressionCounter(deps.tokens, modelId);
  const measure = (s: string): number => deps.tokens.countText(s, modelId).tokens;
  let current = text;
  let file = original;
  let passes = 0;
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixed = applySafeFixes(current, compressionFindingsOf(file, countTokens));
    if (fixed.applied === 0 || fixed.text === current) break;
    current = fixed.text;
    file = parsePromptFile(current, { fileName });
    passes++;
    applied += fixed.applied;
  }
  const before = bodyOf(original);
  const after = bodyOf(file);
  const missing = current === text ? [] : checkPreservation(before, after);
  return {
    text: current,
    changed: current !== text,
    passes,
    applied,
    modelId,
    tokensBefore: measure(before),
    tokensAfter: current === text ? measure(before) : measure(after),
    violations: missing.filter((m) => VIOLATION_CATEGORIES.includes(m.category)),
    otherMissing: missing.filter((m) => !VIOLATION_CATEGORIES.includes(m.category)),
  };
}
