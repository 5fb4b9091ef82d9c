import { describe, expect, it } from 'vitest';
import { analyzeResponseCache, jaccard, normalizeTrafficInput, parseTraffic, shingles } from '../../../src/core/cost';

describe('traffic file', () => {
  it('reads samples-like JSONL, strings and {text}, and reports lines it cannot use', () => {
    const parsed = parseTraffic('{"id":"a","input":{"question":"Hi","lang":"en"}}\n"plain string"\n\n{"text":"from logs"}\nnot json\n{"input":{}}\n');
    expect(parsed.inputs).toEqual(['lang: en\nquestion: Hi', 'plain string', 'from logs']);
    expect(parsed.skippedLines).toEqual([5, 6]);
  });
});

describe('response-cache potential', () => {
  it('folds case, whitespace and punctuation before comparing', () => {
    expect(normalizeTrafficInput("  Where's my ORDER?!\n")).toBe('wheres my order');
    const r = analyzeResponseCache(['Where is my order?', 'where is my order', 'WHERE  IS MY ORDER!!', 'Cancel my plan']);
    expect(r.exactDuplicateCalls).toBe(2);
    expect(r.exactDuplicateShare).toBe(0.5);
    expect(r.distinctNormalized).toBe(2);
    expect(r.mostRepeated).toEqual([{ example: 'Where is my order?', count: 3 }]);
  });

  it('computes shingle Jaccard exactly', () => {
    // "abcdef" has shingles abcde, bcdef; "abcdeg" has abcde, bcdeg: 1 common of 3.
    expect(jaccard(shingles('abcdef'), shingles('abcdeg'))).toBeCloseTo(1 / 3, 12);
    expect(jaccard(shingles('same text'), shingles('same text'))).toBe(1);
  });

  it('finds near duplicates at Jaccard ≥ 0.9 and only those', () => {
    const base = 'I ordered a blue jacket in size medium three weeks ago and it still has not arrived at my address';
    const typo = base.replace('three', 'thre'); // one letter: 4 of ~95 shingles change
    const other = 'Please explain how the refund process works for a damaged item that I bought at the store';
    const j = jaccard(shingles(normalizeTrafficInput(base)), shingles(normalizeTrafficInput(typo)));
    expect(j).toBeGreaterThanOrEqual(0.9);
    const r = analyzeResponseCache([base, other, typo, base]);
    expect(r.exactDuplicateCalls).toBe(1);
    expect(r.nearDuplicateCalls).toBe(2); // the exact repeat and the typo
    expect(r.nearDuplicateShare).toBe(0.5);
    expect(r.mostRepeated[0]).toEqual({ example: base, count: 3 });
    // A pair just below the threshold is not merged.
    const far = base.replace('blue jacket in size medium', 'red coat in size large');
    expect(jaccard(shingles(normalizeTrafficInput(base)), shingles(normalizeTrafficInput(far)))).toBeLessThan(0.9);
    expect(analyzeResponseCache([base, far]).nearDuplicateCalls).toBe(0);
  });

  it('finds (almost) every pair above the threshold through LSH (recall ≥ 95% over 300 pairs)', () => {
    const words = 'order refund shipping account password invoice delivery jacket size colour store receipt warranty address'.split(' ');
    const inputs: string[] = [];
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 300; i++) {
      const sentence = Array.from({ length: 30 }, () => words[rand(words.length)]).join(' ') + ` ticket ${i}`;
      inputs.push(sentence, `${sentence}!`.replace(/ticket (\d+)/, 'ticket $1x'));
    }
    const r = analyzeResponseCache(inputs);
    const truePairs = inputs.filter((_, i) => i % 2 === 1 && jaccard(shingles(normalizeTrafficInput(inputs[i - 1]!)), shingles(normalizeTrafficInput(inputs[i]!))) >= 0.9).length;
    expect(truePairs).toBeGreaterThan(250);
    expect(r.nearDuplicateCalls).toBeGreaterThanOrEqual(Math.floor(truePairs * 0.95));
  });

  it('keeps that recall on templated traffic, where many inputs look alike (Jaccard 0.6–0.8) without being near duplicates', () => {
    let seed = 3;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const asks = ['Where is my order number', 'How do I return the item from order number', 'Can I change the delivery address of order number'];
    const inputs: string[] = [];
    for (let i = 0; i < 600; i++) {
      if (i > 50 && rand(4) === 0) {
        const earlier = inputs[rand(inputs.length)]!;
        const at = rand(earlier.length);
        inputs.push(earlier.slice(0, at) + earlier.slice(at + 1)); // one character dropped
      } else {
        inputs.push(`${asks[rand(asks.length)]} ${100000 + rand(900000)} please, it was a gift for my sister and I need it before the weekend`);
      }
    }
    // Ground truth by brute force: inputs with an earlier input at Jaccard ≥ 0.9.
    const sets = inputs.map((x) => shingles(normalizeTrafficInput(x)));
    const expected = sets.filter((a, i) => sets.slice(0, i).some((b) => jaccard(a, b) >= 0.9)).length;
    const found = analyzeResponseCache(inputs).nearDuplicateCalls;
    expect(expected).toBeGreaterThan(100);
    expect(found).toBeLessThanOrEqual(expected);
    expect(found).toBeGreaterThanOrEqual(Math.floor(expected * 0.95));
  });
});

