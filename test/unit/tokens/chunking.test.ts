import { describe, expect, it } from 'vitest';
import { countTokens as gptTokenizerCountO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { chunkBoundaries, splitIntoChunks } from '../../../src/core/tokens/chunking';
import { ChunkedTokenCounter } from '../../../src/core/tokens/chunkedCounter';
import { countWithTiktoken } from '../../../src/core/tokens/tiktokenEncoders';
import type { EncodingName } from '../../../src/core/tokens/encodings';
import { seededRandom } from '../../support/seededRandom';
import { randomProse, randomText } from './randomText';

const ENCODINGS: EncodingName[] = ['o200k_base', 'cl100k_base'];

function chunkedSum(encoding: EncodingName, text: string): number {
  return splitIntoChunks(text).reduce((sum, chunk) => sum + countWithTiktoken(encoding, chunk), 0);
}

describe('chunk boundaries', () => {
  it('cut at line starts that begin with a non-space character, and never elsewhere in short lines', () => {
    expect(splitIntoChunks('a\nb\n\nc\n  d\n/e')).toEqual(['a\n', 'b\n\n', 'c\n  d\n/e']);
  });

  it('join back to the original text', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const text = randomText(random, 300);
      expect(splitIntoChunks(text).join('')).toBe(text);
    }
  });

  it('cut long lines inside the line', () => {
    const line = randomProse(seededRandom(3), 600);
    expect(chunkBoundaries(line).length).toBeGreaterThan(5);
  });

  it('give empty text no chunks', () => {
    expect(chunkBoundaries('')).toEqual([]);
  });
});

describe('chunked counts equal whole-text counts', () => {
  for (const encoding of ENCODINGS) {
    it(`on random text that stresses the cut rules (${encoding})`, () => {
      const random = seededRandom(encoding === 'o200k_base' ? 11 : 12);
      for (let i = 0; i < 300; i++) {
        const text = randomText(random, 20 + Math.floor(random() * 400));
        expect(chunkedSum(encoding, text), JSON.stringify(text)).toBe(countWithTiktoken(encoding, text));
      }
    });

    it(`on long prose lines cut in the middle (${encoding})`, () => {
      const random = seededRandom(5);
      for (let i = 0; i < 20; i++) {
        const text = `${randomProse(random, 400)}\n${randomProse(random, 900)}`;
        expect(splitIntoChunks(text).length).toBeGreaterThan(3);
        expect(chunkedSum(encoding, text)).toBe(countWithTiktoken(encoding, text));
      }
    });
  }

  it('over many seeded single-character edits, through the cache', () => {
    const random = seededRandom(99);
    const counter = new ChunkedTokenCounter((chunk) => countWithTiktoken('o200k_base', chunk));
    let text = randomText(random, 2000);
    const alphabet = ['a', 'Z', ' ', '\n', '/', '.', "'", '\t', 'é', '7', '\u00a0', '😀'];
    for (let i = 0; i < 400; i++) {
      const at = Math.floor(random() * (text.length + 1));
      text = random() < 0.6 || text.length === 0
        ? text.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)] + text.slice(at)
        : text.slice(0, at) + text.slice(at + 1);
      expect(counter.count(text)).toBe(countWithTiktoken('o200k_base', text));
    }
    // gpt-tokenizer's JS regex treats U+0085 as non-space where OpenAI's Rust regex does not,
    // so compare the libraries only on text without it.
    const withoutNel = text.replaceAll('\u0085', ' ');
    expect(counter.count(withoutNel)).toBe(gptTokenizerCountO200k(withoutNel, { disallowedSpecial: new Set() }));
  });
});
