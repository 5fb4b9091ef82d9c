import type { CountTokens } from '../compress';
import { scanProtected } from '../compress/protect';
import { splitSentences } from '../compress/segment';
import type { TextRange } from '../text';
import type { DuplicatedPassage, PassageOccurrence } from './types';

/** Fewer words than this is a phrase, not a passage worth a partial. */
export const DEFAULT_MIN_PASSAGE_WORDS = 12;
/** The report lists at most this many passages (the biggest first). */
export const MAX_DUPLICATED_PASSAGES = 200;
const EXCERPT_CHARS = 160;

export interface PassageSource {
  readonly path: string;
  readonly relativePath: string;
  /** The whole file text; only `range` (the body) is scanned. */
  readonly text: string;
  readonly range: TextRange;
  /** 0-based line of a whole-text offset. */
  lineAt(offset: number): number;
}

interface Unit {
  readonly source: number;
  readonly start: number;
  readonly end: number;
  readonly kind: 'paragraph' | 'sentence';
}

interface Group {
  readonly key: string;
  readonly words: number;
  readonly units: Unit[];
}

/**
 * Lowercased words of a passage, markup and punctuation dropped, so the same sentence matches
 * whatever its list marker, emphasis or line wrapping. Template tags stay (`{{name}}` counts).
 */
export function normalizePassage(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    // Letters and digits (non-ASCII outside the General Punctuation block counts as a letter: cheaper than \p{L}, same for prose).
    .replace(/[^a-z0-9{}'$%\u00c0-\u1fff\u2070-\uffff]+/g, ' ')
    .trim();
}

function paragraphs(text: string, range: TextRange): TextRange[] {
  const out: TextRange[] = [];
  const body = text.slice(range.start, range.end);
  const blank = /\n[ \t]*(?:\r?\n[ \t]*)+/g;
  let from = 0;
  const push = (s: number, e: number): void => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(body[a] ?? '')) a++;
    while (b > a && /\s/.test(body[b - 1] ?? '')) b--;
    if (b > a) out.push({ start: range.start + a, end: range.start + b });
  };
  for (let m = blank.exec(body); m; m = blank.exec(body)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, body.length);
  return out;
}

/**
 * Sentences and paragraphs of at least `minWords` words that appear in two or more files:
 * candidates for a shared partial. A sentence already inside a reported paragraph is not listed again.
 */
export function findDuplicatedPassages(
  sources: readonly PassageSource[],
  options: { readonly countTokens: CountTokens; readonly minWords?: number; readonly max?: number },
): DuplicatedPassage[] {
  const minWords = options.minWords ?? DEFAULT_MIN_PASSAGE_WORDS;
  const groups = new Map<string, Group>();
  const add = (source: number, r: TextRange, kind: Unit['kind']): void => {
    const src = sources[source] as PassageSource;
    const key = normalizePassage(src.text.slice(r.start, r.end));
    if (!key) return;
    let words = 1;
    for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) words++;
    if (words < minWords) return;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, words, units: [] }));
    group.units.push({ source, start: r.start, end: r.end, kind });
  };

  sources.forEach((src, i) => {
    const body = src.text.slice(src.range.start, src.range.end);
    for (const p of paragraphs(src.text, src.range)) add(i, p, 'paragraph');
    const fenced = scanProtected(body).fencedBlocks;
    for (const s of splitSentences(body, fenced)) add(i, { start: src.range.start + s.start, end: src.range.start + s.end }, 'sentence');
  });

  const shared = [...groups.values()].filter((g) => new Set(g.units.map((u) => (sources[u.source] as PassageSource).path)).size >= 2);
  // Biggest first, so a sentence inside a reported paragraph can be recognised and skipped.
  shared.sort((a, b) => b.key.length - a.key.length);
  const taken = new Map<number, TextRange[]>();
  const covered = (u: Unit): boolean => (taken.get(u.source) ?? []).some((r) => r.start <= u.start && u.end <= r.end);
  const out: { passage: DuplicatedPassage; weight: number }[] = [];
  for (const g of shared) {
    const units = dedupe(g.units, sources);
    if (units.every(covered)) continue;
    for (const u of units) {
      const list = taken.get(u.source) ?? [];
      list.push({ start: u.start, end: u.end });
      taken.set(u.source, list);
    }
    const first = units[0] as Unit;
    const firstText = (sources[first.source] as PassageSource).text.slice(first.start, first.end);
    const tokens = options.countTokens(firstText);
    const occurrences: PassageOccurrence[] = units.map((u) => {
      const src = sources[u.source] as PassageSource;
      return { path: src.path, relativePath: src.relativePath, line: src.lineAt(u.start) + 1 };
    });
    out.push({
      passage: {
        excerpt: excerpt(firstText),
        kind: first.kind,
        words: g.words,
        tokens,
        occurrences,
      },
      weight: tokens * (occurrences.length - 1),
    });
  }
  out.sort((a, b) => b.weight - a.weight || a.passage.excerpt.localeCompare(b.passage.excerpt));
  return out.slice(0, options.max ?? MAX_DUPLICATED_PASSAGES).map((o) => o.passage);
}

/** One occurrence per file and line (a one-sentence paragraph is found both ways), in source order. */
function dedupe(units: readonly Unit[], sources: readonly PassageSource[]): Unit[] {
  const seen = new Map<string, Unit>();
  for (const u of units) {
    const src = sources[u.source] as PassageSource;
    const key = `${u.source}:${src.lineAt(u.start)}`;
    const prior = seen.get(key);
    // Prefer the paragraph (wider range) so containment checks cover its sentences.
    if (!prior || u.end - u.start > prior.end - prior.start) seen.set(key, u);
  }
  return [...seen.values()].sort((a, b) => a.source - b.source || a.start - b.start);
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}
