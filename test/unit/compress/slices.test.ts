import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCompressions, findCompressionsInSlices } from '../../../src/core/compress';
import { countTokens } from './helpers';

const examples = join(__dirname, '../../../examples');
const prompts = readdirSync(examples).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(examples, f), 'utf8'));
// Real prompts from public sources (bench/corpus/SOURCES.md), not ours.
const corpusDir = join(__dirname, '../../../bench/corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.md') && f !== 'SOURCES.md').map((f) => readFileSync(join(corpusDir, f), 'utf8'));

describe('compression in slices (the editor’s pass)', () => {
  it('finds exactly what the one-task pass finds, on every example and corpus prompt', async () => {
    expect(prompts.length).toBeGreaterThan(3);
    expect(corpus.length).toBeGreaterThan(20);
    for (const text of [...prompts, ...corpus]) {
      const options = { protectedRanges: [], countTokens, baseOffset: 7 };
      expect(await findCompressionsInSlices(text, options, 0)).toEqual(findCompressions(text, options));
    }
  });

  it('lets other tasks run between its slices, and none while a slice still has time', async () => {
    const text = prompts.join('\n\n').repeat(3);
    const options = { protectedRanges: [], countTokens };
    let ticks = 0;
    const ticker = setInterval(() => { ticks++; }, 0);
    try {
      await findCompressionsInSlices(text, options, 0);
      const interleaved = ticks;
      ticks = 0;
      await findCompressionsInSlices(text, options, 60_000);
      expect(interleaved, 'a timer ran between slices').toBeGreaterThan(3);
      expect(ticks, 'one slice: no timer could run until the end').toBe(0);
    } finally {
      clearInterval(ticker);
    }
  });
});
