import { describe, expect, it } from 'vitest';
import { COMPRESSION_RULES } from '../../../src/core/compress';
import { applyAll, countTokens, findWith } from './helpers';

describe('every rule’s own examples', () => {
  it('has at least 22 rules with unique ids and complete metadata', () => {
    expect(COMPRESSION_RULES.length).toBeGreaterThanOrEqual(22);
    expect(new Set(COMPRESSION_RULES.map((r) => r.id)).size).toBe(COMPRESSION_RULES.length);
    for (const rule of COMPRESSION_RULES) {
      expect(rule.id).toMatch(/^[a-z][a-z-]+$/);
      expect(rule.title.length).toBeGreaterThan(2);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(['info', 'hint']).toContain(rule.defaultSeverity);
      expect(rule.examples.length).toBeGreaterThan(0);
    }
  });

  for (const rule of COMPRESSION_RULES) {
    describe(rule.id, () => {
      rule.examples.forEach((example, i) => {
        it(`example ${i + 1}: ${JSON.stringify(example.before).slice(0, 60)}`, () => {
          const findings = findWith(example.before, rule.id, example.options ?? {});
          expect(findings.length, 'the rule reports its own example').toBeGreaterThan(0);
          for (const f of findings) {
            expect(f.ruleId).toBe(rule.id);
            expect(f.tokensSaved).toBeGreaterThanOrEqual(0);
          }
          if (example.autoFix === false) {
            expect(findings.every((f) => !f.edits)).toBe(true);
            return;
          }
          expect(applyAll(example.before, findings)).toBe(example.after);
          if (rule.kind !== 'structure') {
            expect(countTokens(example.after)).toBeLessThan(countTokens(example.before));
            expect(findings.every((f) => !f.safe || rule.tier === 'safe')).toBe(true);
          }
        });
      });
    });
  }
});
