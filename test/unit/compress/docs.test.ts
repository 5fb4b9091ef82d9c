import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPRESSION_RULES } from '../../../src/core/compress';
import type { CompressionRule, CountTokens } from '../../../src/core/compress';
import { countTokens } from './helpers';

/** "−N" for a rule whose first example is fixed (o200k), "~−N" for report-only examples. */
export function exampleSaving(rule: CompressionRule, count: CountTokens): string {
  const ex = rule.examples[0];
  if (!ex) return '';
  const saved = count(ex.before) - count(ex.after);
  return ex.autoFix === false ? `~−${saved}` : `−${saved}`;
}

describe('docs/compression-rules.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'compression-rules.md'), 'utf8');

  it('has a row for every rule with its measured example saving', () => {
    for (const rule of COMPRESSION_RULES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`));
      expect(row, `row for ${rule.id}`).toBeDefined();
      expect(row, `saving for ${rule.id}`).toContain(`| ${exampleSaving(rule, countTokens)} |`);
    }
  });

  it('lists no rule that does not exist', () => {
    const ids = new Set(COMPRESSION_RULES.map((r) => r.id));
    for (const m of doc.matchAll(/^\| `([a-z-]+)` \|/gm)) expect(ids, m[1]).toContain(m[1]);
  });
});
