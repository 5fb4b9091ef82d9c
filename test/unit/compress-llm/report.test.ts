import { describe, expect, it } from 'vitest';
import {
  buildPreservationReport,
  compressWithModel,
  extractConstraints,
  judgeConstraints,
  type PreservationReport,
} from '../../../src/core/compress/llm';
import { useFakeProvider } from '../providers/helpers';
import { API_KEY, countWords, PROMPT, PROTOCOLS, providerFor, type ProtocolName } from './fixtures';

const server = useFakeProvider({ apiKey: API_KEY });

/** The whole "Compress with Model…" flow: compressor on one protocol, judge on the other. */
async function runFlow(compressModel: string, judgeModel: string, protocol: ProtocolName, mode: 'extractive' | 'rewrite' = 'extractive'): Promise<PreservationReport> {
  const other: ProtocolName = protocol === 'openai' ? 'anthropic' : 'openai';
  const compression = await compressWithModel({ provider: providerFor(server, protocol), model: compressModel, text: PROMPT, mode });
  const { judged } = await judgeConstraints({
    provider: providerFor(server, other), model: judgeModel, original: PROMPT, compressed: compression.compressed, constraints: extractConstraints(PROMPT),
  });
  return buildPreservationReport({ original: PROMPT, compressed: compression.compressed, judged, countTokens: countWords, compression });
}

describe.each(PROTOCOLS)('preservation report, compressing over %s', (protocol) => {
  it('does not block a faithful extractive compression', async () => {
    const report = await runFlow('fake-compress', 'fake-judge', protocol);
    expect(report.blocking).toBe(false);
    expect(report.blockingReasons).toEqual([]);
    expect(report.missingCount).toBe(0);
    expect(report.constraintCounts).toEqual({ kept: 4, weakened: 0, missing: 0, contradicted: 0, unjudged: 0 });
    expect(report.highlights).toEqual([]);
    expect(report.tokens).toEqual({ counts: 'template text', before: countWords(PROMPT), after: expect.any(Number) as unknown, saved: expect.any(Number) as unknown, savedPercent: expect.any(Number) as unknown });
    expect(report.tokens?.saved).toBeGreaterThan(0);
    expect(report.summary[0]).toMatch(/^Tokens \(template text\): \d+ → \d+ \(−\d+, −[\d.]+%\)$/);
    expect(report.summary).toContain('Extractive check passed: the result only deletes words.');
    expect(report.summary).toContain('Constraints: 4 kept (of 4)');
    expect(report.summary[report.summary.length - 1]).toBe('Nothing was lost: safe to accept.');
  });

  it('blocks a bad compression and lists the missing number, URL and constraint', async () => {
    const report = await runFlow('fake-compress-bad', 'fake-judge', protocol);
    expect(report.blocking).toBe(true);
    expect(report.missing.numbers.map((e) => e.item)).toEqual(['3']);
    expect(report.missing.urls.map((e) => e.item)).toEqual(['https://acme.example/help']);
    expect(report.missing.negations).toEqual([{ item: 'never', ranges: [{ start: PROMPT.indexOf('Never share'), end: PROMPT.indexOf('Never share') + 5 }], expected: 1, found: 0 }]);
    expect(report.constraints.filter((c) => c.status === 'missing').map((c) => c.constraint.text)).toEqual([
      'Never share internal notes with the user.',
      'Answer in at most 3 sentences.',
    ]);
    // Highlights point at the original text.
    const url = report.highlights.find((h) => h.kind === 'urls');
    expect(url && PROMPT.slice(url.range.start, url.range.end)).toBe('https://acme.example/help');
    const number = report.highlights.find((h) => h.kind === 'numbers');
    expect(number && PROMPT.slice(number.range.start, number.range.end)).toBe('3');
    expect(number && PROMPT.slice(number.range.start - 8, number.range.end)).toBe('at most 3');
    const constraint = report.highlights.find((h) => h.kind === 'constraint');
    expect(constraint && PROMPT.slice(constraint.range.start, constraint.range.end)).toBe('Never share internal notes with the user.');
    expect(report.summary).toEqual(expect.arrayContaining([
      'Missing numbers: 3',
      'Missing URLs: https://acme.example/help',
      'Missing negations: never (1 → 0)',
      'Constraints: 2 kept, 2 missing (of 4)',
      '✗ missing: "Never share internal notes with the user." — lost: share, internal, notes',
    ]));
    expect(report.blockingReasons).toContain('Constraint missing: "Answer in at most 3 sentences."');
  });

  it('blocks when the judge answers garbage: every constraint is unjudged', async () => {
    const report = await runFlow('fake-compress', 'fake-judge-garbage', protocol);
    expect(report.missingCount).toBe(0);
    expect(report.blocking).toBe(true);
    expect(report.constraintCounts.unjudged).toBe(4);
    expect(report.summary.some((l) => l.startsWith('? unjudged: "Only discuss Acme products." — The judge reply was not valid JSON'))).toBe(true);
  });

  it('blocks a repaired (reordered) extractive reply', async () => {
    const report = await runFlow('fake-compress-reorder', 'fake-judge', protocol);
    expect(report.blocking).toBe(true);
    expect(report.blockingReasons[0]).toBe(
      'Extractive check failed: the model added or reordered words at word 2 ("Role"); repaired to the longest valid subsequence (1 word of the reply dropped).',
    );
  });
});

describe('buildPreservationReport without models', () => {
  it('reports constraints no judge covered as unjudged (there is no hidden default judge)', () => {
    const report = buildPreservationReport({ original: 'Never lie. Be brief.', compressed: 'Never lie. Brief.', judged: [] });
    expect(report.constraints.map((c) => [c.constraint.text, c.status, c.mechanical.verdict])).toEqual([['Never lie.', 'unjudged', 'present']]);
    expect(report.blocking).toBe(true);
  });

  it('flags weakened and contradicted verdicts and every category of lost item', () => {
    const original = 'Call "Bob" at 555-0100 about `make build` and {{ticket}} with Zephyr Corp. Never skip tests. You must log in.';
    const compressed = 'Call about it. Skip tests. You log in.';
    const [never, must] = extractConstraints(original);
    const report = buildPreservationReport({
      original,
      compressed,
      judged: [
        { constraint: never, status: 'contradicted', evidence: '"Skip tests."', mechanical: { verdict: 'partial', keptWords: [], lostWords: [], lostTriggers: ['never'] } },
        { constraint: must, status: 'weakened', mechanical: { verdict: 'present', keptWords: [], lostWords: [], lostTriggers: ['must'] } },
      ],
    });
    expect(report.missing.quoted.map((e) => e.item)).toEqual(['"Bob"']);
    expect(report.missing.numbers.map((e) => e.item)).toEqual(['555-0100']);
    expect(report.missing.code.map((e) => e.item)).toEqual(['`make build`']);
    expect(report.missing.variables.map((e) => e.item)).toEqual(['{{ticket}}']);
    expect(report.missing.entities.map((e) => e.item)).toEqual(expect.arrayContaining(['Zephyr', 'Corp']));
    expect(report.constraintCounts).toMatchObject({ contradicted: 1, weakened: 1 });
    expect(report.summary).toContain('✗ contradicted: "Never skip tests." — "Skip tests."');
    expect(report.summary).toContain('! weakened: "You must log in."');
    expect(report.blocking).toBe(true);
    expect(report.tokens).toBeUndefined();
    // Highlights are sorted and all inside the original.
    const starts = report.highlights.map((h) => h.range.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('checks numbers with digit boundaries ("3" is not kept by "1234")', () => {
    const report = buildPreservationReport({ original: 'Use 3 tries. Ticket 1234.', compressed: 'Use tries. Ticket 1234.', judged: [] });
    expect(report.missing.numbers.map((e) => e.item)).toEqual(['3']);
  });

  it('warns, without blocking, when the judge says kept but the words are gone', () => {
    const original = 'Never share notes.';
    const [c] = extractConstraints(original);
    const report = buildPreservationReport({
      original,
      compressed: 'Never share notes.',
      judged: [{ constraint: c, status: 'kept', mechanical: { verdict: 'absent', keptWords: [], lostWords: ['share'], lostTriggers: [] }, disagreement: 'The judge says kept, but…' }],
    });
    expect(report.blocking).toBe(false);
    expect(report.warnings).toEqual(['The judge says kept, but… Constraint: "Never share notes."']);
  });
});

describe('the name check (issue 10)', () => {
  it('does not report "Please" or other capitalised openers as lost names, but still reports a lost name', async () => {
    const { checkPreservation } = await import('../../../src/core/compress/preservation');
    const original = 'Answer briefly (in English). Please cite Acme docs — Please check the order. Kindly ask Maria.';
    const compressed = 'Answer briefly (in English). Cite Acme docs — check the order. Ask.';
    const names = checkPreservation(original, compressed).filter((m) => m.category === 'namedEntities').map((m) => m.item);
    expect(names).toEqual(['Maria']);
  });
});

describe('counted preservables (the safety-net bench found set-based checks missed these)', () => {
  it('reports one of two equal numbers, URLs or variables dropped', async () => {
    const { checkPreservation } = await import('../../../src/core/compress/preservation');
    const original = 'Refund up to $50 online and up to $50 in store. See https://a.example/x and https://a.example/x again. Hi {{name}}, bye {{name}}.';
    const compressed = 'Refund up to $50 online and in store. See https://a.example/x again. Hi {{name}}, bye.';
    const lost = checkPreservation(original, compressed).map((m) => `${m.category} ${m.item} ${m.expected ?? ''}→${m.found ?? ''}`);
    expect(lost).toEqual(['numbers $50 2→1', 'urls https://a.example/x 2→1', 'templateVariables {{name}} 2→1']);
  });

  it('does not count a number inside a longer one, and treats dashes as word boundaries for the extractive check', async () => {
    const { checkPreservation, isSubsequence, wordsOf } = await import('../../../src/core/compress/preservation');
    expect(checkPreservation('Use 5 or 50 or 5.5.', 'Use 5 or 50 or 5.5.')).toEqual([]);
    expect(isSubsequence(wordsOf('keep notes—simply the sections'), wordsOf('keep notes—the sections'))).toBe(true);
  });
});
