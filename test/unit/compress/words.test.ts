import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordAfter, wordBefore } from '../../../src/core/compress/segment';
import { seededRandom } from '../../support/seededRandom';

// What the two scans mean, as the patterns they replaced said it (the scans run for every candidate
// of every rule, and these patterns were a tenth of an audit's compression time).
const WORD_BEFORE = /([\p{L}\p{N}'’]+)[^\p{L}\p{N}\n]*$/u;
const WORD_AFTER = /^[^\p{L}\p{N}\n]*([\p{L}\p{N}'’]+)/u;
function patternBefore(text: string, offset: number): string {
  const window = text.slice(Math.max(0, offset - 40), offset);
  return WORD_BEFORE.exec(window.slice(window.lastIndexOf('\n') + 1))?.[1]?.toLowerCase() ?? '';
}
function patternAfter(text: string, offset: number): string {
  const window = text.slice(offset, Math.min(text.length, offset + 40));
  const nl = window.indexOf('\n');
  return WORD_AFTER.exec(nl < 0 ? window : window.slice(0, nl))?.[1]?.toLowerCase() ?? '';
}

describe('wordBefore / wordAfter', () => {
  it('find the neighbouring word on the line, skipping punctuation, in any script', () => {
    expect(wordBefore('You must not, ever', 14)).toBe('not');
    expect(wordBefore("Don't! ", 7)).toBe("don't");
    expect(wordBefore('first line\n  second', 13)).toBe('');
    expect(wordBefore('Café — ', 7)).toBe('café');
    expect(wordAfter('x — Ünïcode words', 1)).toBe('ünïcode');
    expect(wordAfter('end\nnext', 3)).toBe('');
    expect(wordAfter("  'quoted' word", 0)).toBe("quoted'");
  });

  it('agree with their defining patterns at every offset of real prompts and of random junk', () => {
    const corpus = join(__dirname, '../../../bench/corpus');
    const texts = readdirSync(corpus).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(corpus, f), 'utf8'));
    const random = seededRandom(11);
    const alphabet = ['a', 'B', '7', "'", '’', ' ', '\n', '.', ',', 'é', '日', '😀', '-', '_', '*', '\t', 'Ω', '٣'];
    for (let i = 0; i < 2000; i++) texts.push(Array.from({ length: 1 + Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    let mismatches = 0;
    for (const text of texts) {
      for (let offset = 0; offset <= text.length; offset++) {
        if (wordBefore(text, offset) !== patternBefore(text, offset) || wordAfter(text, offset) !== patternAfter(text, offset)) mismatches++;
      }
    }
    expect(texts.length).toBeGreaterThan(2010);
    expect(mismatches).toBe(0);
  });
});
