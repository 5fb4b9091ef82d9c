import type { TextRange } from '../../text';
import { checkPreservation, extractPreservables, type PreservableCategory } from '../preservation';
import type { CountTokens } from '../types';
import type { CompressWithModelResult } from './compressWithModel';
import { extractConstraints } from './constraints';
import { mechanicalCheck, type ConstraintStatus, type JudgedConstraint } from './judge';

export type ReportCategory = 'numbers' | 'urls' | 'variables' | 'quoted' | 'code' | 'entities' | 'negations';

export const REPORT_CATEGORIES: readonly ReportCategory[] = ['numbers', 'urls', 'variables', 'quoted', 'code', 'entities', 'negations'];

const CATEGORY_OF: Partial<Record<PreservableCategory, ReportCategory>> = {
  numbers: 'numbers',
  urls: 'urls',
  templateVariables: 'variables',
  quotedStrings: 'quoted',
  codeSpans: 'code',
  namedEntities: 'entities',
  negations: 'negations',
  // 'constraints' is left to the judge (see JudgedConstraint.mechanical for the word check).
};

const CATEGORY_LABEL: Record<ReportCategory, string> = {
  numbers: 'numbers',
  urls: 'URLs',
  variables: 'template variables',
  quoted: 'quoted strings',
  code: 'code spans',
  entities: 'names',
  negations: 'negations',
};

export interface MissingEntry {
  readonly item: string;
  /** Where the item occurs in the original, for highlighting. */
  readonly ranges: TextRange[];
  /** Negations: how often the word occurs in the original and in the compressed text. */
  readonly expected?: number;
  readonly found?: number;
}

export interface ReportHighlight {
  /** A range of the original text. */
  readonly range: TextRange;
  readonly kind: ReportCategory | 'constraint';
  readonly message: string;
}

export interface TokenComparison {
  /**
   * What the numbers count, for the label: `rendered with default input on gpt-4o` (the prompt as
   * sent, as the lens counts it) or `template text on gpt-4o` (the text itself, variables unfilled).
   */
  readonly counts: string;
  readonly before: number;
  readonly after: number;
  readonly saved: number;
  /** Share of tokens saved, 0–100, rounded to one decimal. */
  readonly savedPercent: number;
}

export interface PreservationReport {
  /** What the compressed text lost, per category (empty arrays when nothing). */
  readonly missing: Record<ReportCategory, MissingEntry[]>;
  readonly missingCount: number;
  /** Every constraint of the original with its status, in document order. */
  readonly constraints: JudgedConstraint[];
  readonly constraintCounts: Record<ConstraintStatus, number>;
  /** True when a one-click accept must not be offered; `blockingReasons` says why. */
  readonly blocking: boolean;
  readonly blockingReasons: string[];
  /** Worth showing but not blocking (e.g. the judge and the word check disagree). */
  readonly warnings: string[];
  /** Ranges of the original to highlight: missing items and constraints not kept. */
  readonly highlights: ReportHighlight[];
  /** Lines for display, most important first. */
  readonly summary: string[];
  /** Present when `tokens` or `countTokens` was given. */
  readonly tokens?: TokenComparison;
}

/** Tokens of the whole prompt before and after, measured by the caller (see `CompressFlowOptions.measureTokens`). */
export interface MeasuredTokens {
  readonly before: number;
  readonly after: number;
  /** What was counted, e.g. `rendered with default input on gpt-4o`. */
  readonly counts: string;
}

export interface BuildPreservationReportOptions {
  readonly original: string;
  readonly compressed: string;
  /** judgeConstraints(...).judged. Constraints of the original missing here are reported 'unjudged'. */
  readonly judged: readonly JudgedConstraint[];
  /** The prompt's tokens before and after (the headline); wins over `countTokens`. */
  readonly tokens?: MeasuredTokens;
  /** Counts the original and the compressed text themselves (labelled `template text`) when `tokens` is absent. */
  readonly countTokens?: CountTokens;
  /** The compression result, for the extractive check and protected spans. */
  readonly compression?: Pick<CompressWithModelResult, 'mode' | 'subsequenceOk' | 'violation' | 'repair' | 'missingProtected'>;
}

function occurrences(text: string, item: string, wholeWord: boolean): TextRange[] {
  const ranges: TextRange[] = [];
  if (!item) return ranges;
  if (wholeWord) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'giu');
    for (const m of text.matchAll(re)) ranges.push({ start: m.index, end: m.index + m[0].length });
    return ranges;
  }
  for (let i = text.indexOf(item); i >= 0; i = text.indexOf(item, i + item.length)) ranges.push({ start: i, end: i + item.length });
  return ranges;
}

function numberPattern(number: string): RegExp {
  return new RegExp(`(?<![\\d.,])${number.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d]|[.,]\\d)`, 'g');
}

function containsNumber(text: string, number: string): boolean {
  return numberPattern(number).test(text);
}

function numberRanges(text: string, number: string): TextRange[] {
  return [...text.matchAll(numberPattern(number))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function negationRanges(text: string, word: string): TextRange[] {
  if (word === 'not') {
    return [...text.matchAll(/\b(?:not|cannot)\b|\w+n['’]t\b/gi)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  }
  return occurrences(text, word, true);
}

function shorten(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const STATUS_MARK: Record<ConstraintStatus, string> = { kept: '✓', weakened: '!', missing: '✗', contradicted: '✗', unjudged: '?' };

/**
 * The preservation report shown before the user accepts a model's compression. Blocking when any
 * number, URL, template variable, quoted string, code span, name or negation of the original is
 * missing; when any constraint is not 'kept' (weakened, missing, contradicted or unjudged); when an
 * extractive reply failed the subsequence check (and was repaired); or when a protected span is
 * missing. A judge/word-check disagreement on a 'kept' constraint is a warning, not a block: the
 * judge has the last word on constraints.
 */
export function buildPreservationReport(options: BuildPreservationReportOptions): PreservationReport {
  const { original, compressed, compression } = options;
  const missing = Object.fromEntries(REPORT_CATEGORIES.map((c) => [c, [] as MissingEntry[]])) as Record<ReportCategory, MissingEntry[]>;
  for (const item of checkPreservation(original, compressed)) {
    const category = CATEGORY_OF[item.category];
    if (!category) continue;
    const ranges =
      category === 'negations' ? negationRanges(original, item.item)
      : category === 'numbers' ? numberRanges(original, item.item)
      : occurrences(original, item.item, category === 'entities');
    missing[category].push({
      item: item.item,
      ranges,
      ...(item.expected !== undefined ? { expected: item.expected } : {}),
      ...(item.found !== undefined ? { found: item.found } : {}),
    });
  }
  // checkPreservation matches numbers as substrings ("3" is "present" in "1234"); require digit boundaries.
  const flaggedNumbers = new Set(missing.numbers.map((e) => e.item));
  for (const number of extractPreservables(original).numbers) {
    if (flaggedNumbers.has(number) || containsNumber(compressed, number)) continue;
    missing.numbers.push({ item: number, ranges: numberRanges(original, number) });
  }
  const missingCount = REPORT_CATEGORIES.reduce((n, c) => n + missing[c].length, 0);

  const constraints = completeConstraintList(original, compressed, options.judged);
  const constraintCounts: Record<ConstraintStatus, number> = { kept: 0, weakened: 0, missing: 0, contradicted: 0, unjudged: 0 };
  for (const c of constraints) constraintCounts[c.status]++;

  const highlights: ReportHighlight[] = [];
  for (const category of REPORT_CATEGORIES) {
    for (const entry of missing[category]) {
      for (const range of entry.ranges) highlights.push({ range, kind: category, message: `Missing from the compressed text: ${entry.item}` });
    }
  }
  for (const c of constraints) {
    if (c.status === 'kept') continue;
    const why = c.status === 'unjudged' ? (c.reason ?? 'not judged') : (c.evidence ?? '');
    highlights.push({ range: c.constraint.range, kind: 'constraint', message: `Constraint ${c.status}${why ? `: ${why}` : ''}` });
  }
  highlights.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);

  const blockingReasons: string[] = [];
  const warnings: string[] = [];
  const summary: string[] = [];

  let tokens: TokenComparison | undefined;
  const measured = options.tokens ?? (options.countTokens
    ? { before: options.countTokens(original), after: options.countTokens(compressed), counts: 'template text' }
    : undefined);
  if (measured) {
    const { before, after, counts } = measured;
    const saved = before - after;
    tokens = { counts, before, after, saved, savedPercent: before > 0 ? Math.round((saved / before) * 1000) / 10 : 0 };
    summary.push(`Tokens (${counts}): ${before} → ${after} (${saved >= 0 ? '−' : '+'}${Math.abs(saved)}, ${saved >= 0 ? '−' : '+'}${Math.abs(tokens.savedPercent)}%)`);
  }

  if (compression?.mode === 'extractive') {
    if (compression.subsequenceOk) {
      summary.push('Extractive check passed: the result only deletes words.');
    } else {
      const at = compression.violation ? ` at word ${compression.violation.wordIndex + 1} ("${compression.violation.word}")` : '';
      const repaired = compression.repair
        ? `; repaired to the longest valid subsequence (${plural(compression.repair.droppedWords.length, 'word')} of the reply dropped)`
        : '';
      const line = `Extractive check failed: the model added or reordered words${at}${repaired}.`;
      summary.push(line);
      blockingReasons.push(line);
    }
  }
  if (compression && compression.missingProtected.length > 0) {
    const line = `Protected text missing: ${compression.missingProtected.map((s) => shorten(s, 40)).join(', ')}`;
    blockingReasons.push(line);
    summary.push(line);
  }

  if (missingCount === 0) {
    summary.push('All numbers, URLs, template variables, quoted strings, code spans, names and negations are present.');
  } else {
    for (const category of REPORT_CATEGORIES) {
      const entries = missing[category];
      if (entries.length === 0) continue;
      const items = entries.map((e) => (e.expected !== undefined ? `${e.item} (${e.expected} → ${e.found ?? 0})` : shorten(e.item, 60)));
      const line = `Missing ${CATEGORY_LABEL[category]}: ${items.join(', ')}`;
      summary.push(line);
      blockingReasons.push(line);
    }
  }

  if (constraints.length > 0) {
    const counts = (['kept', 'weakened', 'missing', 'contradicted', 'unjudged'] as const)
      .filter((s) => constraintCounts[s] > 0 || s === 'kept')
      .map((s) => `${constraintCounts[s]} ${s}`);
    summary.push(`Constraints: ${counts.join(', ')} (of ${constraints.length})`);
    for (const c of constraints) {
      if (c.status !== 'kept') {
        const detail = c.status === 'unjudged' ? c.reason : c.evidence;
        const line = `${STATUS_MARK[c.status]} ${c.status}: "${shorten(c.constraint.text)}"${detail ? ` — ${shorten(detail, 120)}` : ''}`;
        summary.push(line);
        blockingReasons.push(`Constraint ${c.status}: "${shorten(c.constraint.text)}"`);
      } else if (c.disagreement) {
        const line = `? kept (judge) but its words are gone: "${shorten(c.constraint.text)}"`;
        summary.push(line);
        warnings.push(`${c.disagreement} Constraint: "${shorten(c.constraint.text)}"`);
      }
    }
  } else {
    summary.push('Constraints: none found in the original.');
  }

  const blocking = blockingReasons.length > 0;
  summary.push(blocking ? 'Review needed: resolve or accept the highlighted items explicitly.' : 'Nothing was lost: safe to accept.');
  return {
    missing,
    missingCount,
    constraints,
    constraintCounts,
    blocking,
    blockingReasons,
    warnings,
    highlights,
    summary,
    ...(tokens ? { tokens } : {}),
  };
}

/**
 * The judged list plus an 'unjudged' entry for every constraint of the original the judge did not
 * cover (e.g. no judge ran), in document order.
 */
function completeConstraintList(original: string, compressed: string, judged: readonly JudgedConstraint[]): JudgedConstraint[] {
  const key = (start: number, text: string) => `${start}:${text}`;
  const seen = new Set(judged.map((j) => key(j.constraint.range.start, j.constraint.text)));
  const extra: JudgedConstraint[] = extractConstraints(original)
    .filter((c) => !seen.has(key(c.range.start, c.text)))
    .map((constraint) => ({
      constraint,
      status: 'unjudged',
      reason: 'No judge verdict for this constraint.',
      mechanical: mechanicalCheck(constraint, compressed),
    }));
  return [...judged, ...extra].sort((a, b) => a.constraint.range.start - b.constraint.range.start);
}
