import type { TextRange } from '../../text';
import { scanProtected } from '../protect';
import { splitSentences } from '../segment';

/** A sentence of the original that states a hard rule. */
export interface Constraint {
  /** 1-based, in document order; what the judge refers to. */
  readonly id: number;
  /** The sentence as written. */
  readonly text: string;
  /** Where the sentence is in the text the constraints were extracted from. */
  readonly range: TextRange;
  /** The trigger phrases found, lowercased and normalised ("don’t" → "don't"), in order. */
  readonly triggers: string[];
}

/**
 * Trigger phrases, case-insensitive, whole words: MUST, NEVER, ALWAYS, ONLY, DO NOT, DON'T,
 * "under no circumstances", "at most", "at least", "no more than", and the close relatives
 * "no fewer than", "no less than", "cannot", "may not", "shall" / "shall not".
 */
const TRIGGER = /\b(?:under no circumstances|no more than|no fewer than|no less than|at most|at least|do not|don['’]t|may not|shall(?: not)?|must|never|always|only|cannot)\b/gi;

/** Template expressions and inline code: trigger words inside them are not the prompt's own rules. */
const MASKED = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|``[^\n]+?``|`[^`\n]+`/g;

function mask(text: string): string {
  return text.replace(MASKED, (m) => m.replace(/[^\n]/g, ' '));
}

/**
 * Every sentence (outside fenced code blocks) holding a constraint trigger, in document order.
 * Purely mechanical: no model involved.
 */
export function extractConstraints(text: string): Constraint[] {
  const masked = mask(text);
  const sentences = splitSentences(text, scanProtected(text).fencedBlocks);
  const constraints: Constraint[] = [];
  for (const range of sentences) {
    const triggers = [...masked.slice(range.start, range.end).matchAll(TRIGGER)].map((m) => m[0].toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' '));
    if (triggers.length === 0) continue;
    constraints.push({ id: constraints.length + 1, text: text.slice(range.start, range.end), range: { start: range.start, end: range.end }, triggers });
  }
  return constraints;
}
