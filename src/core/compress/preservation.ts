import { scanProtected } from './protect';
import { contentWords, isSentenceStart, splitSentences } from './segment';

/** What a compressed prompt must still contain: the facts and constraints of the original. */
export interface Preservables {
  readonly numbers: string[];
  readonly urls: string[];
  readonly templateVariables: string[];
  readonly quotedStrings: string[];
  readonly codeSpans: string[];
  /** Negation words with their counts ("n't" and "cannot" count as "not"). */
  readonly negations: Record<string, number>;
  readonly negationTotal: number;
  /** Sentences holding a MUST/NEVER/ALWAYS/ONLY-style constraint. */
  readonly constraints: string[];
  /** Capitalised names and acronyms that are not just sentence-initial words. */
  readonly namedEntities: string[];
}

export type PreservableCategory =
  | 'numbers'
  | 'urls'
  | 'templateVariables'
  | 'quotedStrings'
  | 'codeSpans'
  | 'negations'
  | 'constraints'
  | 'namedEntities';

export interface MissingItem {
  readonly category: PreservableCategory;
  readonly item: string;
  /** For counted categories (negations): the original and compressed counts. */
  readonly expected?: number;
  readonly found?: number;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`\])}]+/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const NUMBER = /[$€£¥]?\d+(?:[.,:/-]\d+)*%?/g;
const LIST_MARKER_NUMBER = /^[ \t]*\d{1,3}[.)](?=[ \t])/gm;
const TEMPLATE = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]{0,2000}?\}\}\}|\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\}|\$\{[^{}\n]{1,200}\}|\{[A-Za-z_][\w.]{0,80}\}/g;
const QUOTED = /"[^"\n]{1,400}"|“[^”\n]{1,400}”/g;
const INLINE_CODE = /``[^\n]+?``|`[^`\n]+`/g;
const NEGATION_WORDS = /\b(not|no|never|none|nothing|nobody|nowhere|neither|nor|cannot)\b|n['’]t\b/gi;
const CONSTRAINT = /\b(?:must|never|always|only|cannot|required|forbidden)\b|\bdo not\b|\bdon['’]t\b|\bmay not\b/i;
const CAPITALISED = /(?<![\p{L}\p{N}_'’])(?:\p{Lu}[\p{L}\p{N}&'’-]*|[A-Z]{2,}[\w-]*)/gu;
/** Shouting used for emphasis, not names. */
const NOT_ENTITIES = new Set(['I', 'IMPORTANT', 'NOTE', 'CRITICAL', 'NEVER', 'ALWAYS', 'MUST', 'ONLY', 'NOT', 'DO', 'DON’T', "DON'T", 'NO', 'YES', 'WARNING', 'REMEMBER', 'OK']);
/**
 * Capitalised words that are never names, whatever their position: politeness, openers and pronouns that a
 * compression may rightly drop ("Please" was once reported as a lost name).
 */
const NEVER_NAMES = new Set(['please', 'kindly', 'thanks', 'thank', 'note', 'remember', 'important', 'you', 'your', 'we', 'our', 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'it', 'if', 'when', 'then', 'also', 'always', 'never', 'do', 'don’t', "don't", 'make', 'ensure', 'be', 'keep', 'use', 'hello', 'hi', 'yes', 'no', 'ok', 'okay', 'sure', 'first', 'finally', 'otherwise', 'however', 'instead']);

function all(re: RegExp, text: string): string[] {
  re.lastIndex = 0;
  return text.match(re) ?? [];
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

export function extractPreservables(text: string): Preservables {
  const scan = scanProtected(text);
  const urls = unique([...all(URL, text).map((u) => u.replace(/[.,;:!?]+$/, '')), ...all(EMAIL, text)]);
  const listMarkers = new Set<number>();
  LIST_MARKER_NUMBER.lastIndex = 0;
  for (let m = LIST_MARKER_NUMBER.exec(text); m; m = LIST_MARKER_NUMBER.exec(text)) listMarkers.add(m.index + m[0].search(/\d/));
  const numbers: string[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(text); m; m = NUMBER.exec(text)) if (!listMarkers.has(m.index)) numbers.push(m[0]);

  const negations: Record<string, number> = {};
  let negationTotal = 0;
  for (const raw of all(NEGATION_WORDS, text)) {
    const word = /n['’]t$/i.test(raw) || /^cannot$/i.test(raw) ? 'not' : raw.toLowerCase();
    negations[word] = (negations[word] ?? 0) + 1;
    negationTotal++;
  }

  const sentences = splitSentences(text, scan.fencedBlocks).map((r) => text.slice(r.start, r.end));
  const constraints = sentences.filter((s) => CONSTRAINT.test(s));

  const entities: string[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m; m = CAPITALISED.exec(text)) {
    const word = m[0].replace(/['’-]+$/, '');
    if (NOT_ENTITIES.has(word.toUpperCase()) && word === word.toUpperCase()) continue;
    if (NEVER_NAMES.has(word.toLowerCase())) continue;
    if (word.length < 2 || isSentenceStart(text, m.index)) continue;
    entities.push(word);
  }

  return {
    numbers: unique(numbers),
    urls,
    templateVariables: unique(all(TEMPLATE, text)),
    quotedStrings: unique(all(QUOTED, text)),
    codeSpans: unique([...all(INLINE_CODE, text), ...scan.fencedBlocks.map((b) => text.slice(b.start, b.end))]),
    negations,
    negationTotal,
    constraints,
    namedEntities: unique(entities),
  };
}

type Polarity = 'negative' | 'positive' | 'limiter';

function polarities(sentence: string): Set<Polarity> {
  const out = new Set<Polarity>();
  if (/\b(?:never|not|no|cannot|forbidden)\b|n['’]t\b/i.test(sentence)) out.add('negative');
  // "must never"/"must not" is one negative constraint: "Never offer credit" keeps "You must never offer credit".
  if (/\b(?:must|always|required|shall)\b(?! (?:never|not)\b)/i.test(sentence)) out.add('positive');
  if (/\b(?:only|except|unless)\b/i.test(sentence)) out.add('limiter');
  return out;
}

/** Share of a constraint's content words a compressed sentence must keep to count as the same constraint. */
const CONSTRAINT_COVERAGE = 0.6;

/** How often `item` occurs in `text` as a whole token (not inside a longer number, word or URL). */
function occurrences(text: string, item: string): number {
  let n = 0;
  for (let at = text.indexOf(item); at >= 0; at = text.indexOf(item, at + item.length)) {
    const before = text[at - 1] ?? '';
    const after = text[at + item.length] ?? '';
    const continues = /[\p{L}\p{N}_/]/u.test(after) || (/[.,]/.test(after) && /\d/.test(text[at + item.length + 1] ?? ''));
    if (!/[\p{L}\p{N}_]/u.test(before) && !continues) n++;
  }
  return n;
}

/** Everything of `original`'s preservables that `compressed` lost, per category. */
export function checkPreservation(original: string, compressed: string): MissingItem[] {
  const before = extractPreservables(original);
  const missing: MissingItem[] = [];
  const contains = (item: string) => compressed.includes(item);
  const literal: readonly PreservableCategory[] = ['numbers', 'urls', 'templateVariables', 'quotedStrings', 'codeSpans'];
  for (const category of literal) {
    for (const item of before[category] as string[]) {
      if (!contains(item)) {
        missing.push({ category, item });
        continue;
      }
      // Counted, not just found: dropping one of two "$50"s or URLs is a loss too.
      if (category === 'numbers' || category === 'urls' || category === 'templateVariables') {
        const expected = occurrences(original, item);
        const found = occurrences(compressed, item);
        // expected 0: the item only occurs glued to other characters ("P1"); presence was checked above.
        if (expected > 0 && found < expected) missing.push(found === 0 ? { category, item } : { category, item, expected, found });
      }
    }
  }
  for (const entity of before.namedEntities) {
    if (!new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(entity)}(?![\\p{L}\\p{N}])`, 'u').test(compressed)) missing.push({ category: 'namedEntities', item: entity });
  }
  const after = extractPreservables(compressed);
  if (after.negationTotal < before.negationTotal) {
    for (const [word, count] of Object.entries(before.negations)) {
      const found = after.negations[word] ?? 0;
      if (found < count) missing.push({ category: 'negations', item: word, expected: count, found });
    }
    if (!missing.some((m) => m.category === 'negations')) {
      missing.push({ category: 'negations', item: 'negations', expected: before.negationTotal, found: after.negationTotal });
    }
  }
  missing.push(...missingConstraints(before.constraints, compressed));
  return missing;
}

function missingConstraints(constraints: readonly string[], compressed: string): MissingItem[] {
  if (constraints.length === 0) return [];
  const candidates = splitSentences(compressed, scanProtected(compressed).fencedBlocks).map((r) => {
    const sentence = compressed.slice(r.start, r.end);
    return { polarity: polarities(sentence), words: new Set(contentWords(sentence)) };
  });
  const index = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    for (const w of c.words) {
      const list = index.get(w);
      if (list) list.push(i);
      else index.set(w, [i]);
    }
  });
  const missing: MissingItem[] = [];
  for (const constraint of constraints) {
    const words = [...new Set(contentWords(constraint))];
    const needed = polarities(constraint);
    const hits = new Map<number, number>();
    for (const w of words) for (const i of index.get(w) ?? []) hits.set(i, (hits.get(i) ?? 0) + 1);
    const kept = [...hits].some(([i, shared]) => {
      const c = candidates[i];
      if (!c || shared < Math.ceil(words.length * CONSTRAINT_COVERAGE)) return false;
      for (const p of needed) if (!c.polarity.has(p)) return false;
      return true;
    });
    if (!kept && words.length > 0) missing.push({ category: 'constraints', item: constraint });
  }
  return missing;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Words for extractive comparison: lowercased, surrounding punctuation stripped. */
export function wordsOf(text: string): string[] {
  return text
    .split(/[\s—–]+/)
    .map(normaliseWord)
    .filter((w) => w.length > 0);
}

function normaliseWord(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}{$]+|[^\p{L}\p{N}}%]+$/gu, '');
}

/** True when `compressedWords` appear in `originalWords` in order (extractive compression adds nothing). */
export function isSubsequence(originalWords: readonly string[], compressedWords: readonly string[]): boolean {
  let i = 0;
  for (const raw of compressedWords) {
    const word = normaliseWord(raw);
    if (!word) continue;
    while (i < originalWords.length && normaliseWord(originalWords[i] ?? '') !== word) i++;
    if (i === originalWords.length) return false;
    i++;
  }
  return true;
}
