import { describe, expect, it } from 'vitest';
import { cachedInputCost, contextPercent, costPerCall, costPerThousandCalls, worstCaseCost } from '../../../src/core/pricing/cost';
import { formatCountSummary, formatPercent, formatTokenCount, formatUsd } from '../../../src/core/pricing/format';

const gpt4o = { inputPerMTok: 2.5, outputPerMTok: 10, cacheReadPerMTok: 1.25, contextWindow: 128_000, maxOutputTokens: 16_384 };

describe('costs', () => {
  it('per call, per 1,000 calls and cached', () => {
    expect(costPerCall(1931, gpt4o)).toBeCloseTo(0.0048275, 10);
    expect(costPerThousandCalls(1931, gpt4o)).toBeCloseTo(4.8275, 8);
    expect(cachedInputCost(1931, gpt4o)).toBeCloseTo(0.00241375, 10);
    expect(cachedInputCost(2000, gpt4o, 1000)).toBeCloseTo((1000 * 1.25 + 1000 * 2.5) / 1e6, 10);
    expect(cachedInputCost(1931, { inputPerMTok: 1, outputPerMTok: 1 })).toBeUndefined();
  });

  it('worst case adds the largest billable output, capped by the context window', () => {
    expect(worstCaseCost(1931, gpt4o)).toEqual({ outputTokens: 16_384, cost: costPerCall(1931, gpt4o) + 0.16384 });
    expect(worstCaseCost(1931, gpt4o, 500)?.outputTokens).toBe(500);
    expect(worstCaseCost(120_000, gpt4o)?.outputTokens).toBe(8_000);
    expect(worstCaseCost(1931, { inputPerMTok: 1, outputPerMTok: 1 })).toBeUndefined();
  });

  it('share of the context window', () => {
    expect(contextPercent(1931, gpt4o)).toBeCloseTo(1.5086, 3);
    expect(contextPercent(1931, {})).toBeUndefined();
  });
});

describe('formatting', () => {
  it.each([
    [0.0048275, '$0.0048'],
    [4.8275, '$4.83'],
    [4.8, '$4.80'],
    [0.48, '$0.48'],
    [0.05, '$0.05'],
    [0.000012, '$0.000012'],
    [0.00999, '$0.01'],
    [0.996, '$1.00'],
    [1234.5, '$1,234.50'],
    [0, '$0.00'],
  ])('money %d → %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });

  it('tokens and percentages', () => {
    expect(formatTokenCount(1931)).toBe('1,931');
    expect(formatTokenCount(1_048_576)).toBe('1,048,576');
    expect(formatPercent(1.5086)).toBe('1.5%');
    expect(formatPercent(0.04)).toBe('<0.1%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(104.2)).toBe('104.2%');
  });

  it('one summary line, with ≈ on estimates', () => {
    expect(formatCountSummary({ label: 'gpt-4o', tokens: 1931, exact: true, costPerCall: 0.0048275, contextPercent: 1.5086 }))
      .toBe('gpt-4o 1,931 tok · $0.0048/call · 1.5% ctx');
    expect(formatCountSummary({ label: 'claude-sonnet-4-5', tokens: 2318, exact: false, costPerCall: 0.006954, contextPercent: 1.159 }))
      .toBe('claude-sonnet-4-5 ≈2,318 tok · ≈$0.007/call · 1.2% ctx');
    expect(formatCountSummary({ label: 'llama3.2', tokens: 12, exact: false })).toBe('llama3.2 ≈12 tok');
    expect(formatCountSummary({ label: 'gpt-4o', tokens: 1931, exact: true, costPerCall: 0.0048275, costPerThousandCalls: 4.8275, contextPercent: 1.5086 }))
      .toBe('gpt-4o 1,931 tok · $0.0048/call · $4.83/1k · 1.5% ctx');
    expect(formatCountSummary({ label: 'my-model', tokens: 12, exact: true, noPrice: true })).toBe('my-model 12 tok · no price');
  });
});
