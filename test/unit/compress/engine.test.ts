import { describe, expect, it } from 'vitest';
import { applySafeFixes, COMPRESS_SOURCE, findCompressions, protectedRangesOf, savingMessage, toDiagnostic } from '../../../src/core/compress';
import type { CompressionFinding } from '../../../src/core/compress';
import { countTokens } from './helpers';

const slices = (text: string, ranges: readonly { start: number; end: number }[]) => ranges.map((r) => text.slice(r.start, r.end));

describe('protectedRangesOf', () => {
  it('covers template expressions, code, quotes, URLs, numbers, JSON keys and the frontmatter', () => {
    const text = '---\nmodel: x\n---\nHi {{name}} and {% if a %}, run `npm i`, say "in order to", “curly”, see https://a.io/x?y=1. Pay $14.99 {"key": 1}\n```\nin order to\n```\n';
    const ranges = protectedRangesOf(text, { frontmatter: { start: 0, end: 16 } });
    const covered = (s: string) => {
      const at = text.indexOf(s);
      return ranges.some((r) => r.start <= at && r.end >= at + s.length);
    };
    for (const s of ['---\nmodel: x\n---', '{{name}}', '{% if a %}', '`npm i`', '"in order to"', '“curly”', 'https://a.io/x?y=1', '$14.99', '"key"', '```\nin order to\n```']) expect(covered(s), s).toBe(true);
    expect(slices(text, ranges)).not.toContain('https://a.io/x?y=1.');
  });

  it('returns sorted, merged ranges', () => {
    const ranges = protectedRangesOf('"a {{b}} c" 12 13');
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.start).toBeGreaterThan(ranges[i - 1]!.end);
  });
});

describe('findCompressions', () => {
  it('never edits caller-protected ranges', () => {
    const text = 'Please make sure to always check. In order to help, be kind.';
    const all = findCompressions(text, { protectedRanges: [], countTokens });
    const guarded = findCompressions(text, { protectedRanges: [{ start: 0, end: 33 }], countTokens });
    expect(all.some((f) => f.range.start < 33)).toBe(true);
    expect(guarded.every((f) => f.range.start >= 33 && (f.edits ?? []).every((e) => e.range.start >= 33))).toBe(true);
  });

  it('adds baseOffset to every range and takes protected ranges in file offsets', () => {
    const body = 'Refunds take 5 days due to the fact that banks are slow.';
    const base = 100;
    const [finding] = findCompressions(body, { protectedRanges: [], countTokens, baseOffset: base });
    const file = ' '.repeat(base) + body;
    expect(finding?.range.start).toBe(base + body.indexOf('due to'));
    expect(applySafeFixes(file, finding ? [finding] : []).text.trim()).toBe('Refunds take 5 days because banks are slow.');
    expect(findCompressions(body, { protectedRanges: [{ start: base + 20, end: base + 30 }], countTokens, baseOffset: base })).toEqual([]);
  });

  it('honours enabledRules: off, false and severity overrides', () => {
    const text = 'In order to help, note the time.';
    expect(findCompressions(text, { protectedRanges: [], countTokens, enabledRules: { 'in-order-to': 'off' } }).some((f) => f.ruleId === 'in-order-to')).toBe(false);
    expect(findCompressions(text, { protectedRanges: [], countTokens, enabledRules: { 'in-order-to': false } }).some((f) => f.ruleId === 'in-order-to')).toBe(false);
    const [f] = findCompressions(text, { protectedRanges: [], countTokens, enabledRules: { 'in-order-to': 'warning' } });
    expect(f?.severity).toBe('warning');
  });

  it('counts tokensSaved on the affected sentence only', () => {
    const long = 'Background sentence number one is here. '.repeat(200);
    const text = `${long}Escalate due to the fact that refunds need approval.`;
    const f = findCompressions(text, { protectedRanges: [], countTokens }).find((x) => x.ruleId === 'wordy-causal');
    expect(f?.tokensSaved).toBe(countTokens('Escalate due to the fact that refunds need approval.') - countTokens('Escalate because refunds need approval.'));
  });

  it('lets the more specific rule win when fixes overlap', () => {
    const findings = findCompressions('Please make sure to always check the date.', { protectedRanges: [], countTokens });
    expect(findings.map((f) => f.ruleId)).toEqual(['filler-opener']);
    // Insistence is review-tier: "Apply All Safe" leaves it.
    expect(applySafeFixes('Please make sure to always check the date.', findings).text).toBe('Please make sure to always check the date.');
  });

  it('keeps every negation across a negation-heavy text', () => {
    const text = [
      'You should not make up prices.',
      'You must not ever share keys.',
      'It is important that you do not guess.',
      'Make sure you never promise dates.',
      'Don’t be very verbose.',
      'Please do not reply in order to argue.',
      'Under no circumstances should you reveal {{secret}}.',
      'You must always make sure that you don’t log tokens.',
    ].join('\n');
    const result = applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens }));
    const negations = (s: string) => (s.match(/\b(?:not|no|never|cannot)\b|n['’]t\b/gi) ?? []).length;
    expect(negations(result.text)).toBe(negations(text));
    expect(result.text).toContain('You should not make up prices.');
    expect(result.text).toContain('Don’t be very verbose.');
    expect(result.text).toContain('You must always make sure that you don’t log tokens.');
    // Emphasis rewrites are review-tier: the bulk path leaves them.
    expect(result.text).toContain('Under no circumstances should you reveal {{secret}}.');
  });

  it('handles an empty text and a text of only protected spans', () => {
    expect(findCompressions('', { protectedRanges: [], countTokens })).toEqual([]);
    expect(findCompressions('```\nin order to\n```', { protectedRanges: [], countTokens })).toEqual([]);
  });

  it('fixes CRLF text without breaking line endings', () => {
    const text = 'Refunds are slow due to the fact that banks are slow.\r\nIn order to help, be kind.\r\n';
    const out = applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text;
    expect(out).toBe('Refunds are slow because banks are slow.\r\nTo help, be kind.\r\n');
  });
});

describe('applySafeFixes', () => {
  const finding = (start: number, end: number, newText: string, safe = true, tokensSaved = 1): CompressionFinding => ({
    ruleId: 't',
    range: { start, end },
    severity: 'info',
    message: 'm',
    tokensSaved,
    edits: [{ range: { start, end }, newText }],
    safe,
    tier: safe ? 'safe' : 'review',
  });

  it('applies non-overlapping safe edits end to start, skips unsafe and overlapping ones', () => {
    const text = 'abcdefghij';
    const result = applySafeFixes(text, [finding(0, 2, 'X', true, 3), finding(1, 3, 'Y', true, 1), finding(5, 6, 'Z'), finding(8, 9, 'W', false)]);
    expect(result).toEqual({ text: 'XcdeZghij', applied: 2, tokensSaved: 4 });
  });

  it('respects baseOffset', () => {
    expect(applySafeFixes('abc', [finding(11, 12, 'B')], 10).text).toBe('aBc');
  });
});

describe('savingMessage and toDiagnostic', () => {
  it('formats tokens and price', () => {
    expect(savingMessage(7)).toBe('−7 tokens');
    expect(savingMessage(1)).toBe('−1 token');
    expect(savingMessage(7, 0.5)).toBe('−7 tokens (−$0.0000035/call · −$0.0035/1k calls)');
    expect(savingMessage(2, 0.01)).toBe('−2 tokens (−$0.00000002/call · −$0.00002/1k calls)');
    expect(savingMessage(100, 15)).toBe('−100 tokens (−$0.0015/call · −$1.50/1k calls)');
  });

  it('converts a finding into a PromptDiagnostic with a safe fix', () => {
    const [f] = findCompressions('In order to help, be kind.', { protectedRanges: [], countTokens });
    expect(f).toBeDefined();
    const d = toDiagnostic(f!, 0.5);
    expect(d.source).toBe(COMPRESS_SOURCE);
    expect(d.code).toBe('in-order-to');
    expect(d.message).toMatch(/−2 tokens \(−\$0\.000001\/call · −\$0\.001\/1k calls\)$/);
    expect(d.fixes?.[0]?.safe).toBe(true);
    expect(d.fixes?.[0]?.edits).toEqual(f!.edits);
  });

  it('gives report-only findings no fixes', () => {
    const [f] = findCompressions('Try to never promise refunds.', { protectedRanges: [], countTokens });
    expect(toDiagnostic(f!).fixes).toBeUndefined();
  });
});

// Speed is measured in `npm run bench` (bench/audit.bench.mjs), never asserted here: shared machines are noisy.
describe('large input', () => {
  it('handles a large pasted text and keeps its findings bounded', () => {
    const big = 'Please note that in order to help, you should always try to be brief. '.repeat(5000);
    const findings = findCompressions(big, { protectedRanges: [], countTokens });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.length).toBeLessThan(50_000);
    for (const f of findings) expect(f.range.end).toBeLessThanOrEqual(big.length);
  });
});
