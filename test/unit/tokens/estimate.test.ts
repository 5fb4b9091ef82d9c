import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChunkedTokenCounter } from '../../../src/core/tokens/chunkedCounter';
import { estimateTokens } from '../../../src/core/tokens/estimate';
import { countWithTiktoken } from '../../../src/core/tokens/tiktokenEncoders';

// Public prompts from other projects (bench/corpus/SOURCES.md), not written for this estimate.
const corpusDir = join(__dirname, '../../../bench/corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').map((f) => ({ name: f, text: readFileSync(join(corpusDir, f), 'utf8') }));
const whole = (text: string): Array<[number, number]> => [[0, text.length]];

describe('estimateTokens (the ≈ before a tokenizer has answered)', () => {
  it('is within 10% of o200k and cl100k on every corpus prompt, where four characters a token is not', () => {
    expect(corpus.length).toBeGreaterThan(15);
    let charsOffBy = 0;
    for (const { name, text } of corpus) {
      for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
        const exact = countWithTiktoken(encoding, text);
        const error = Math.abs(estimateTokens(text, whole(text)) / exact - 1);
        expect(error, `${name} on ${encoding}`).toBeLessThan(0.1);
        charsOffBy = Math.max(charsOffBy, Math.abs(Math.ceil(text.length / 4) / exact - 1));
      }
    }
    expect(charsOffBy).toBeGreaterThan(0.15);
  });

  it('estimates several ranges together, and a long text from a sample of its start', () => {
    const text = corpus.map((c) => c.text).join('\n');
    const half = Math.floor(text.length / 2);
    const split = estimateTokens(text, [[0, half], [half, text.length]]);
    expect(Math.abs(split / estimateTokens(text, whole(text)) - 1)).toBeLessThan(0.01);
    const long = text.repeat(20); // ~1 MB: estimated from its first 32 KB, extrapolated
    const exact = countWithTiktoken('o200k_base', long);
    expect(Math.abs(estimateTokens(long, whole(long)) / exact - 1)).toBeLessThan(0.1);
    expect(estimateTokens('', whole(''))).toBe(0);
  });

  it("is what a counter shows for a text none of whose chunks it could count yet", () => {
    const text = corpus[0]!.text;
    const deferAll = new ChunkedTokenCounter(() => 0, 100, undefined, () => true);
    const { tokens, exact, deferred } = deferAll.countWithExactness(text);
    expect({ exact, deferred }).toEqual({ exact: false, deferred: true });
    // Counted chunk by chunk (pieces split differently at chunk boundaries): within 3%.
    expect(Math.abs(tokens / estimateTokens(text, whole(text)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(tokens / countWithTiktoken('o200k_base', text) - 1)).toBeLessThan(0.1);
  });
});
