import type { PhraseEntry, PhraseRule } from './types';

export interface CompiledPhraseRule {
  readonly regex: RegExp;
  /** For each entry: the index of its wrapping group and its number of inner groups. */
  readonly slots: readonly { readonly group: number; readonly entry: PhraseEntry }[];
  /** One word per entry that every match of the entry contains; undefined when some entry has none. */
  readonly keyWords?: readonly string[];
}

/**
 * Per top-level alternative, the longest literal word outside groups: every match contains one of them, so a
 * text without any cannot match and the regex need not run. E.g. "(?:due to|owing to) the fact that" → ["fact"].
 */
export function keyWordsOf(source: string): string[] | undefined {
  const alternatives: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      alternatives.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alternatives.push(source.slice(from));
  const words = alternatives.map(keyWordOf);
  return words.every((w): w is string => w !== undefined) ? words : undefined;
}

/** The key word of a source without top-level alternation. */
function keyWordOf(source: string): string | undefined {
  let depth = 0;
  let best: string | undefined;
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    // A group holding one plain word and no quantifier ("(always) …") is as required as a bare word.
    const single = depth === 0 && ch === '(' ? /^\((?:\?:)?([a-z]+)\)(?![?*{])/i.exec(source.slice(i)) : null;
    if (single?.[1]) {
      if (single[1].length > (best?.length ?? 0)) best = single[1].toLowerCase();
      i += single[0].length;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[a-z]/i.test(ch) && !/[a-z]/i.test(source[i - 1] ?? '')) {
      let j = i;
      while (/[a-z]/i.test(source[j] ?? '')) j++;
      const word = source.slice(i, j).toLowerCase();
      const next = source[j] ?? '';
      const wholeWord = next === '' || next === ' ' || next === '(' || next === ')' || next === ',' || next === ':' || next === '/';
      if (wholeWord && word.length > (best?.length ?? 0)) best = word;
      i = j;
      continue;
    }
    i++;
  }
  return best;
}

const compiled = new WeakMap<PhraseRule, CompiledPhraseRule>();

function groupCount(source: string): number {
  return (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
}

/** One alternation per rule, compiled once: a rule costs one pass over the text whatever its table size. */
export function compilePhraseRule(rule: PhraseRule): CompiledPhraseRule {
  const cached = compiled.get(rule);
  if (cached) return cached;
  const parts: string[] = [];
  const slots: { group: number; entry: PhraseEntry }[] = [];
  let group = 1;
  for (const entry of rule.phrases) {
    // Plain `\s+` and ASCII `\b` keep V8 on its fast regex paths; matches spanning a blank line are dropped later.
    const source = entry.match.replace(/ /g, '\\s+');
    const lead = /^[A-Za-z(]/.test(entry.match) ? '\\b' : '';
    const trail = /[A-Za-z)?]$/.test(entry.match) ? '(?![\\w\\u00C0-\\uFFFF])' : '';
    parts.push(`${lead}(${source})${trail}`);
    slots.push({ group, entry });
    group += 1 + groupCount(source);
  }
  const keys = rule.phrases.map((e) => keyWordsOf(e.match));
  const keyWords = keys.every((k): k is string[] => k !== undefined) ? [...new Set(keys.flat())] : undefined;
  const result = { regex: new RegExp(parts.join('|'), 'gi'), slots, ...(keyWords ? { keyWords } : {}) };
  compiled.set(rule, result);
  return result;
}

/** Expands `$1`… in the entry's replacement with the entry's own groups. */
export function expandReplacement(m: RegExpExecArray, group: number, replace: string): string {
  return replace.replace(/\$(\d)/g, (_, d: string) => m[group + Number(d)] ?? '');
}
