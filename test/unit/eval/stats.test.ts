import { describe, expect, it } from 'vitest';
import { binomialHalfCdf, exactMcNemar, passHatK, percentile, wilsonInterval } from '../../../src/core/eval/stats';

describe('Wilson 95% interval', () => {
  it('matches hand-computed values', () => {
    // 45/50: p̂ = 0.9, z² = 3.8415; centre = (0.9 + 0.038415) / 1.07683 = 0.871462;
    // margin = 1.96·√(0.0018 + 0.00038415) / 1.07683 = 0.085020 → [0.7864, 0.9565]
    const i = wilsonInterval(45, 50);
    expect(i.low).toBeCloseTo(0.7864, 3);
    expect(i.high).toBeCloseTo(0.9565, 3);
  });

  it('stays inside [0, 1] at the extremes and is not degenerate', () => {
    const all = wilsonInterval(20, 20);
    expect(all.high).toBe(1);
    // 20/20: low = 1 / (1 + z²/20) = 0.8389
    expect(all.low).toBeCloseTo(0.8389, 3);
    const none = wilsonInterval(0, 20);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.1611, 3);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('exact McNemar', () => {
  it('matches hand-computed p-values', () => {
    // b = 5, c = 0: 2 · (½)^5 = 0.0625
    expect(exactMcNemar(5, 0).p).toBeCloseTo(0.0625, 10);
    // b = 3, c = 0: 2 · (1/8) = 0.25
    expect(exactMcNemar(3, 0).p).toBeCloseTo(0.25, 10);
    // b = 10, c = 2: 2 · (1 + 12 + 66) / 4096 = 158 / 4096 = 0.038574…
    expect(exactMcNemar(10, 2).p).toBeCloseTo(158 / 4096, 10);
    // b = 1, c = 1: 2 · P(X ≤ 1 | n = 2) = 2 · 3/4 → capped at 1
    expect(exactMcNemar(1, 1).p).toBe(1);
    expect(exactMcNemar(0, 0).p).toBe(1);
    // symmetric
    expect(exactMcNemar(2, 10).p).toBeCloseTo(exactMcNemar(10, 2).p, 12);
  });

  it('binomial CDF sums to 1 and handles large n', () => {
    expect(binomialHalfCdf(4, 4)).toBe(1);
    expect(binomialHalfCdf(-1, 4)).toBe(0);
    expect(binomialHalfCdf(50, 100)).toBeCloseTo(0.5397946, 6);
  });
});

describe('pass^k', () => {
  it('is C(c,k)/C(n,k)', () => {
    expect(passHatK(3, 3)).toBe(1);
    expect(passHatK(2, 3)).toBe(0);
    expect(passHatK(2, 3, 1)).toBeCloseTo(2 / 3, 12);
    expect(passHatK(3, 4, 2)).toBeCloseTo(3 / 6, 12);
    expect(passHatK(1, 2, 3)).toBeNaN();
  });
});

describe('percentile', () => {
  it('uses nearest rank', () => {
    const values = [100, 20, 30, 40, 50, 60, 70, 80, 90, 10];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});
