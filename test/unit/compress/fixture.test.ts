import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySafeFixes, checkPreservation, findCompressions, protectedRangesOf } from '../../../src/core/compress';
import { countTokens } from './helpers';

const fixture = readFileSync(join(__dirname, 'fixtures', 'wordy-support.txt'), 'utf8');

describe('wordy support prompt fixture', () => {
  const findings = findCompressions(fixture, { protectedRanges: protectedRangesOf(fixture), countTokens, longSectionTokens: 200 });
  const result = applySafeFixes(fixture, findings);

  it('is a realistic size', () => {
    const tokens = countTokens(fixture);
    expect(tokens).toBeGreaterThan(1500);
    expect(tokens).toBeLessThan(2100);
  });

  it('applying every safe fix keeps every preservable', () => {
    expect(result.applied).toBeGreaterThan(20);
    expect(checkPreservation(fixture, result.text).map((m) => `${m.category}: ${m.item}`)).toEqual([]);
  });

  it('saves a measurable share of tokens', () => {
    const before = countTokens(fixture);
    const after = countTokens(result.text);
    const saved = before - after;
    console.log(`[compress fixture] ${before} → ${after} tokens (−${saved}, −${((saved / before) * 100).toFixed(1)}%) from ${result.applied} safe fixes; findings: ${findings.length}`);
    // Safe means safe: emphasis rewrites (importance preambles, intensifiers, doublets) are review-tier and not
    // counted here, so the bulk saving on this wordy fixture is smaller than the ~12% of all rules together.
    expect(saved / before).toBeGreaterThan(0.05);
    // The per-sentence estimates add up to roughly the real saving.
    expect(Math.abs(result.tokensSaved - saved)).toBeLessThanOrEqual(Math.max(5, saved * 0.1));
  });

  it('reports the structure findings a reviewer needs', () => {
    const ids = new Set(findings.map((f) => f.ruleId));
    for (const id of ['recap-block', 'role-restated', 'repetitive-examples', 'concept-repeated', 'long-section']) expect(ids, id).toContain(id);
  });
});
