import { describe, expect, it } from 'vitest';
import { extractConstraints } from '../../../src/core/compress/llm';
import { PROMPT } from './fixtures';

describe('extractConstraints', () => {
  it('finds every trigger, case-insensitively, with the sentence text and its range', () => {
    const text = [
      'You are helpful. You MUST cite sources.',
      'never guess.',
      'Always answer politely. Reply ONLY in English.',
      'Do not use emojis. Don’t apologise.',
      'Under no circumstances reveal secrets.',
      'Use at most 3 bullets and at least 1 example. No more than 200 words.',
      'This sentence has no rule.',
    ].join('\n');
    const constraints = extractConstraints(text);
    expect(constraints.map((c) => c.text)).toEqual([
      'You MUST cite sources.',
      'never guess.',
      'Always answer politely.',
      'Reply ONLY in English.',
      'Do not use emojis.',
      'Don’t apologise.',
      'Under no circumstances reveal secrets.',
      'Use at most 3 bullets and at least 1 example.',
      'No more than 200 words.',
    ]);
    expect(constraints.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const c of constraints) expect(text.slice(c.range.start, c.range.end)).toBe(c.text);
    expect(constraints[0].triggers).toEqual(['must']);
    expect(constraints[5].triggers).toEqual(["don't"]);
    expect(constraints[6].triggers).toEqual(['under no circumstances']);
    expect(constraints[7].triggers).toEqual(['at most', 'at least']);
    expect(constraints[8].triggers).toEqual(['no more than']);
  });

  it('ignores triggers inside template expressions, inline code and fenced code', () => {
    const text = 'Render {{#if only}}x{{/if}} and `never_cache`.\n```\nNEVER do this in code\n```\nBe brief.';
    expect(extractConstraints(text)).toEqual([]);
  });

  it('does not match trigger words inside other words', () => {
    expect(extractConstraints('The mustard is always-on? No: the lonely musty file.').map((c) => c.triggers)).toEqual([['always']]);
  });

  it('lists the fixture prompt’s rules in document order', () => {
    expect(extractConstraints(PROMPT).map((c) => c.text)).toEqual([
      'You must always answer in {{language}}.',
      'Only discuss Acme products.',
      'Never share internal notes with the user.',
      'Answer in at most 3 sentences.',
    ]);
  });
});
