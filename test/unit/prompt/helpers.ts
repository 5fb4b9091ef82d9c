import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextRange } from '../../../src/core/text';

export const EXAMPLES = join(__dirname, '../../../examples');

export function example(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}

/** The range of the n-th (0-based) occurrence of `needle` in `text`; throws when absent so tests fail loudly. */
export function rangeOf(text: string, needle: string, occurrence = 0): TextRange {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${occurrence}) not found`);
  }
  return { start: at, end: at + needle.length };
}

export function slice(text: string, range: TextRange): string {
  return text.slice(range.start, range.end);
}
