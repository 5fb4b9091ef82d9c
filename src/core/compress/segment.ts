import type { TextRange } from '../text';

/** List markers, headings, blockquotes and bold labels that may precede a sentence on its line. */
const LINE_LEAD = /^[ \t]*(?:(?:[-*+•>][ \t]+|\d{1,3}[.)][ \t]+|[A-Za-z][.)][ \t]+|#{1,6}[ \t]+|\*\*[^*\n]{1,40}\*\*:?[ \t]*|[A-Z][A-Z ]{1,30}:[ \t]+)[ \t]*)*/;
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'no', 'approx', 'fig', 'cf', 'st']);

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndOf(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

/**
 * How far the per-match helpers look for a line boundary. A line longer than this (a pasted blob, a hostile
 * 5 MB line) is seen through a window of this size, so each match costs O(window), never O(line): the rules
 * stay linear in the text, which the editor runs on every keystroke.
 */
export const LINE_WINDOW = 2_000;

/** `lineStartOf`, but no further back than `LINE_WINDOW`. */
export function lineStartNear(text: string, offset: number): number {
  const from = Math.max(0, offset - LINE_WINDOW);
  for (let i = offset - 1; i >= from; i--) if (text.charCodeAt(i) === 10) return i + 1;
  return from;
}

/** `lineEndOf`, but no further ahead than `LINE_WINDOW`. */
export function lineEndNear(text: string, offset: number): number {
  const limit = Math.min(text.length, offset + LINE_WINDOW);
  for (let i = offset; i < limit; i++) if (text.charCodeAt(i) === 10) return i;
  return limit;
}

/** True when `offset` is where a sentence or a list item's text begins. */
export function isSentenceStart(text: string, offset: number): boolean {
  const lineStart = lineStartNear(text, offset);
  const prefix = text.slice(lineStart, offset);
  const lead = LINE_LEAD.exec(prefix);
  if (lead && lead[0].length === prefix.length) return true;
  let i = offset - 1;
  while (i >= lineStart && (text[i] === ' ' || text[i] === '\t')) i--;
  if (i < lineStart) return true;
  let ch = text[i] ?? '';
  // A closing quote or bracket after the full stop: `… "done".` or `(see above).`
  while (i > lineStart && /["”')\]*_]/.test(ch)) ch = text[--i] ?? '';
  return ch === '.' || ch === '!' || ch === '?' || ch === ':';
}

/**
 * Splits prose into sentences: at line breaks and after ., ! or ? followed by a capital, digit, quote or
 * markup. Ranges skip list markers and surrounding whitespace; `skip` (fenced code) is left out.
 */
export function splitSentences(text: string, skip: readonly TextRange[]): TextRange[] {
  const sentences: TextRange[] = [];
  let skipIndex = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    while (skipIndex < skip.length && (skip[skipIndex]?.end ?? 0) <= lineStart) skipIndex++;
    const block = skip[skipIndex];
    if (block && block.start < lineEnd && block.end > lineStart) {
      lineStart = block.end + 1;
      continue;
    }
    splitLine(text, lineStart, lineEnd, sentences);
    lineStart = lineEnd + 1;
  }
  return sentences;
}

const SENTENCE_END = /[.!?]+["”')\]*_]*[ \t]+(?=["“'(*_{`]?[A-Z0-9])/g;

function splitLine(text: string, lineStart: number, lineEnd: number, out: TextRange[]): void {
  const line = text.slice(lineStart, lineEnd);
  const lead = LINE_LEAD.exec(line);
  let start = lineStart + (lead ? lead[0].length : 0);
  SENTENCE_END.lastIndex = start - lineStart;
  for (let m = SENTENCE_END.exec(line); m; m = SENTENCE_END.exec(line)) {
    const wordBefore = /([\w.]+)$/.exec(line.slice(Math.max(0, m.index - 8), m.index))?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(wordBefore.replace(/\.$/, ''))) continue;
    const punctEnd = lineStart + m.index + m[0].trimEnd().length;
    pushTrimmed(text, start, punctEnd, out);
    start = lineStart + m.index + m[0].length;
  }
  pushTrimmed(text, start, lineEnd, out);
}

function pushTrimmed(text: string, start: number, end: number, out: TextRange[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end > start) out.push({ start, end });
}

/** Binary search for the sentence containing `offset` (or the one starting right there). */
export function findSentence(sentences: readonly TextRange[], offset: number): TextRange | undefined {
  let lo = 0;
  let hi = sentences.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sentences[mid];
    if (!s) break;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** How far `wordBefore` and `wordAfter` look. */
const WORD_WINDOW = 40;

/** A letter or digit in any script (ASCII answered without a regex: these run for every candidate). */
function isLetterOrDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text[i] ?? '');
}

/** Letters, digits and apostrophes make a word ("don't", "'quoted'"). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 39 || c === 0x2019 || isLetterOrDigit(text, i);
}

/**
 * The word just before `offset` on the same line (lowercased), skipping spaces and punctuation:
 * the run of letters, digits and apostrophes around the last letter or digit within 40 characters.
 */
export function wordBefore(text: string, offset: number): string {
  const from = Math.max(0, offset - WORD_WINDOW);
  let last = offset - 1;
  while (last >= from && text.charCodeAt(last) !== 10 && !isLetterOrDigit(text, last)) last--;
  if (last < from || text.charCodeAt(last) === 10) return apostrophesOnly(text, last + 1, offset, 'first');
  let start = last;
  while (start > from && isWordChar(text, start - 1)) start--;
  let end = last + 1;
  while (end < offset && isWordChar(text, end)) end++;
  return text.slice(start, end).toLowerCase();
}

/**
 * With no letter or digit in reach, a run of apostrophes still counts as the word (as the
 * patterns these scans replaced had it): before an offset the first run, after it the last one.
 */
function apostrophesOnly(text: string, from: number, to: number, which: 'first' | 'last'): string {
  const isApostrophe = (i: number): boolean => text.charCodeAt(i) === 39 || text.charCodeAt(i) === 0x2019;
  if (which === 'last') {
    for (let i = to - 1; i >= from; i--) if (isApostrophe(i)) return text[i] ?? '';
    return '';
  }
  for (let i = from; i < to; i++) {
    if (!isApostrophe(i)) continue;
    let end = i + 1;
    while (end < to && isApostrophe(end)) end++;
    return text.slice(i, end);
  }
  return '';
}

/** The word just after `offset` on the same line (lowercased), skipping spaces and punctuation (apostrophes too), within 40 characters. */
export function wordAfter(text: string, offset: number): string {
  const to = Math.min(text.length, offset + WORD_WINDOW);
  let first = offset;
  while (first < to && text.charCodeAt(first) !== 10 && !isLetterOrDigit(text, first)) first++;
  if (first >= to || text.charCodeAt(first) === 10) return apostrophesOnly(text, offset, first, 'last');
  let end = first + 1;
  while (end < to && isWordChar(text, end)) end++;
  return text.slice(first, end).toLowerCase();
}

/** Where the clause holding `offset` starts: after the last , ; : ( or sentence start. */
export function clauseStart(text: string, offset: number, sentenceStart: number): number {
  const from = Math.max(sentenceStart, offset - LINE_WINDOW);
  for (let i = offset - 1; i >= from; i--) {
    const ch = text[i];
    if (ch === ',' || ch === ';' || ch === ':' || ch === '(' || ch === '\n') return i + 1;
  }
  return from;
}

export interface Section {
  /** The heading line, when the section has one. */
  readonly heading?: TextRange;
  readonly range: TextRange;
}

const HEADING_LINE = /^(?:#{1,6}[ \t]+\S.*|[A-Z][A-Z0-9 &/-]{2,40}:?[ \t]*|<[A-Za-z_][\w-]*>[ \t]*)$/gm;

/** Splits at markdown headings, ALL-CAPS heading lines and opening XML tags on their own line. */
export function splitSections(text: string, skip: readonly TextRange[]): Section[] {
  const sections: Section[] = [];
  let current: { heading?: TextRange; start: number } = { start: 0 };
  HEADING_LINE.lastIndex = 0;
  for (let m = HEADING_LINE.exec(text); m; m = HEADING_LINE.exec(text)) {
    const at = m.index;
    if (skip.some((r) => at >= r.start && at < r.end)) continue;
    if (at > current.start) sections.push({ ...(current.heading ? { heading: current.heading } : {}), range: { start: current.start, end: at } });
    current = { heading: { start: at, end: at + m[0].length }, start: at };
  }
  if (text.length > current.start) sections.push({ ...(current.heading ? { heading: current.heading } : {}), range: { start: current.start, end: text.length } });
  return sections;
}

const STOPWORDS = new Set(
  ('a an the and or of to in on at for with by from as is are be been being was were it its this that these those ' +
    'you your yours we our i me my he she they them their there here what which who whom whose when where how ' +
    'do does did so than then if into about over under up out very really just also any all each some such can could ' +
    'would should will shall may might please make sure ensure mind note important').split(' '),
);

/** Lowercased content words with light stemming; negations and limiters are kept because they carry meaning. */
export function contentWords(sentence: string): string[] {
  const words: string[] = [];
  for (const raw of sentence.toLowerCase().match(WORD) ?? []) {
    const w = raw.includes("'") || raw.includes('’') ? raw.replace(/['’]/g, '') : raw;
    if (STOPWORDS.has(w)) continue;
    words.push(stem(w));
  }
  return words;
}

const WORD = /[a-z0-9\u00C0-\uFFFF]+(?:['’][a-z\u00C0-\uFFFF]+)?/g;
const SUFFIXES = ['ations', 'ation', 'ments', 'ment', 'ness', 'edly', 'ing', 'ies', 'ed', 'ly', 'es', 's'];

/** Crude suffix stripping so "explanation"/"explanations", "refunds"/"refund" compare equal. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of SUFFIXES) if (word.endsWith(suffix)) return word.slice(0, -suffix.length) || word;
  return word;
}
