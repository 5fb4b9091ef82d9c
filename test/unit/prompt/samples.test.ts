import { describe, expect, it } from 'vitest';
import { ASSERTION_TYPES, compileAssertionRegex, parseSamples } from '../../../src/core/prompt';
import { example } from './helpers';

describe('parseSamples', () => {
  it('parses the example samples: 60 cases, no problems, every case has assertions', () => {
    const { cases, problems } = parseSamples(example('support-agent.samples.jsonl'));
    expect(problems).toEqual([]);
    expect(cases).toHaveLength(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(60);
    expect(cases.every((c) => c.assert.length > 0 && typeof c.input.message === 'string')).toBe(true);
    const types = new Set(cases.flatMap((c) => c.assert.map((a) => a.type)));
    for (const t of ['contains', 'not-contains', 'icontains', 'not-icontains', 'regex', 'not-regex', 'is-json', 'max-length']) expect(types.has(t as (typeof ASSERTION_TYPES)[number])).toBe(true);
  });

  it('reports per-line problems with 1-based line numbers and line ranges (CRLF, BOM)', () => {
    const text = '\uFEFF{"id": "a", "input": {"x": 1}}\r\n{bad\r\n\r\n{"id": "a"}\r\n{"assert": [{"type": "max-length", "value": "x"}]}';
    const { cases, problems } = parseSamples(text);
    expect(cases.map((c) => [c.id, c.line])).toEqual([['a', 1], ['a', 4], ['line-5', 5]]);
    expect(problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([[2, 'Invalid JSON'], [4, 'Duplicate id "a".'], [5, 'assert[0]']]);
    expect(text.slice(problems[0]!.range.start, problems[0]!.range.end)).toBe('{bad');
  });

  it('compiles regex assertions in both forms', () => {
    expect(compileAssertionRegex('/hello/i')).toBeInstanceOf(RegExp);
    expect((compileAssertionRegex('/hello/i') as RegExp).test('HELLO')).toBe(true);
    expect(typeof compileAssertionRegex('(')).toBe('string');
  });
});
