import { diffArrays } from 'diff';
import { wordsOf } from '../preservation';

/**
 * Word-level checks for extractive compression. Words are whitespace-separated tokens compared the
 * way preservation.ts's isSubsequence compares them (lowercased, surrounding punctuation ignored);
 * tokens that are only punctuation ("-", "—", "**") are not words and never count.
 */
export interface WordToken {
  /** The token as written. */
  readonly raw: string;
  /** Normalised form; '' for punctuation-only tokens. */
  readonly norm: string;
  readonly start: number;
  readonly end: number;
}

export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  // Dashes join words without spaces ("notes—the"); they are word boundaries, as in wordsOf.
  for (const m of text.matchAll(/[^\s—–]+/g)) {
    tokens.push({ raw: m[0], norm: wordsOf(m[0])[0] ?? '', start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** Where a candidate stops being a subsequence of the original. */
export interface SubsequenceViolation {
  /** 0-based index among the candidate's words (punctuation-only tokens not counted). */
  readonly wordIndex: number;
  /** The offending word as the model wrote it. */
  readonly word: string;
  /** Its UTF-16 offset in the candidate text. */
  readonly offset: number;
}

/**
 * The first candidate word that cannot be matched after the previous ones, matching each word at
 * its earliest possible position (which is optimal: the longest prefix that is a subsequence).
 * Undefined when the whole candidate is a subsequence of the original.
 */
export function findSubsequenceViolation(original: string, candidate: string): SubsequenceViolation | undefined {
  const source = wordTokens(original).filter((t) => t.norm);
  let i = 0;
  let wordIndex = 0;
  for (const token of wordTokens(candidate)) {
    if (!token.norm) continue;
    while (i < source.length && source[i]?.norm !== token.norm) i++;
    if (i >= source.length) return { wordIndex, word: token.raw, offset: token.start };
    i++;
    wordIndex++;
  }
  return undefined;
}

export interface SubsequenceRepair {
  /** The original with every word outside the longest common subsequence deleted. */
  readonly text: string;
  /** Candidate words that had to be dropped (added or moved by the model). */
  readonly droppedWords: string[];
  /** How many of the candidate's words survived. */
  readonly keptWordCount: number;
}

/**
 * The longest common word subsequence of original and candidate (Myers diff), rendered from the
 * original so that its layout (line breaks, indentation, list markers) survives. Undefined when
 * the diff gives up after `timeoutMs` (huge, very different texts).
 */
export function repairToSubsequence(original: string, candidate: string, timeoutMs = 2000): SubsequenceRepair | undefined {
  const source = wordTokens(original);
  const sourceWords = source.filter((t) => t.norm);
  const target = wordTokens(candidate).filter((t) => t.norm);
  const changes = diffArrays(
    sourceWords.map((t) => t.norm),
    target.map((t) => t.norm),
    { timeout: timeoutMs },
  );
  if (!changes) return undefined;
  const kept = new Set<WordToken>();
  const droppedWords: string[] = [];
  let si = 0;
  let ti = 0;
  for (const change of changes) {
    const count = change.count;
    if (change.added) {
      for (let k = 0; k < count; k++) droppedWords.push(target[ti + k]?.raw ?? '');
      ti += count;
    } else if (change.removed) {
      si += count;
    } else {
      for (let k = 0; k < count; k++) {
        const token = sourceWords[si + k];
        if (token) kept.add(token);
      }
      si += count;
      ti += count;
    }
  }
  return { text: renderKept(original, source, kept), droppedWords, keptWordCount: kept.size };
}

/**
 * Rebuilds the original keeping only `kept` words (and punctuation-only tokens on lines that keep
 * a word). Lines without words (blank lines, rules) stay as they are; lines that lose all their
 * words disappear; surviving tokens of a line are joined by single spaces after its indentation.
 */
function renderKept(original: string, tokens: readonly WordToken[], kept: ReadonlySet<WordToken>): string {
  const out: string[] = [];
  let lineStart = 0;
  let t = 0;
  while (lineStart <= original.length) {
    let lineEnd = original.indexOf('\n', lineStart);
    const last = lineEnd < 0;
    if (last) lineEnd = original.length;
    const lineTokens: WordToken[] = [];
    while (t < tokens.length && (tokens[t]?.start ?? Infinity) < lineEnd) lineTokens.push(tokens[t++] as WordToken);
    const line = original.slice(lineStart, lineEnd);
    if (!lineTokens.some((tok) => tok.norm)) {
      out.push(line);
    } else if (lineTokens.some((tok) => kept.has(tok))) {
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      const trailingCr = line.endsWith('\r') ? '\r' : '';
      out.push(indent + lineTokens.filter((tok) => !tok.norm || kept.has(tok)).map((tok) => tok.raw).join(' ') + trailingCr);
    }
    if (last) break;
    lineStart = lineEnd + 1;
  }
  return out.join('\n');
}
