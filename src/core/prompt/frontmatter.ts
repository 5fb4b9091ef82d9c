import { isMap, isScalar, parseDocument, type Document, type Node } from 'yaml';
import type { TextRange } from '../text';
import type { Frontmatter, FrontmatterKey, YamlProblem } from './types';

export interface FrontmatterRead {
  readonly frontmatter: Frontmatter | undefined;
  /** The parsed YAML document, for callers that need node ranges (schema fields). */
  readonly document: Document | undefined;
  readonly bodyStart: number;
}

/** A line that is `---` plus optional trailing blanks. */
function isDelimiterLine(text: string, start: number, end: number): boolean {
  if (!text.startsWith('---', start)) return false;
  for (let j = start + 3; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** End of the line starting at `start` (before the line break) and the start of the next line. */
function lineBounds(text: string, start: number): { end: number; next: number } {
  for (let j = start; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) return { end: j, next: j + 1 };
    if (c === 13) return { end: j, next: text.charCodeAt(j + 1) === 10 ? j + 2 : j + 1 };
  }
  return { end: text.length, next: text.length };
}

/**
 * Splits off YAML frontmatter: an opening `---` line at the very start (after a BOM), up to the
 * next `---` line. Mirrors Dotprompt's own split, but tolerates a closing `---` at end of file.
 */
export function readFrontmatter(text: string, start: number): FrontmatterRead {
  const first = lineBounds(text, start);
  if (!isDelimiterLine(text, start, first.end) || first.end === text.length) {
    return { frontmatter: undefined, document: undefined, bodyStart: start };
  }
  const yamlStart = first.next;
  let lineStart = yamlStart;
  while (lineStart < text.length) {
    const line = lineBounds(text, lineStart);
    if (isDelimiterLine(text, lineStart, line.end)) {
      // The YAML excludes the line break before the closing `---`, as in Dotprompt.
      const yamlEnd = Math.max(yamlStart, previousLineEnd(text, lineStart));
      return finish(text, { start, end: line.next }, { start: yamlStart, end: yamlEnd }, true, line.next);
    }
    lineStart = line.next;
  }
  return finish(text, { start, end: text.length }, { start: yamlStart, end: text.length }, false, text.length);
}

function previousLineEnd(text: string, lineStart: number): number {
  if (text.charCodeAt(lineStart - 1) === 10 && text.charCodeAt(lineStart - 2) === 13) return lineStart - 2;
  return lineStart - 1;
}

/**
 * Recent parses by frontmatter text and position: typing in the body leaves the frontmatter as it
 * was, and the YAML parse is most of a parse (a 1,000-item `input.default` list takes ~30 ms).
 * The results are shared between versions, so nothing may mutate them (nothing does).
 */
const recentFrontmatter = new Map<string, FrontmatterRead>();
const RECENT_FRONTMATTER_ENTRIES = 16;

function finish(text: string, range: TextRange, yamlRange: TextRange, closed: boolean, bodyStart: number): FrontmatterRead {
  const key = `${range.start}:${range.end}:${yamlRange.start}:${String(closed)}:${bodyStart}\u0000${text.slice(yamlRange.start, yamlRange.end)}`;
  const cached = recentFrontmatter.get(key);
  if (cached) return cached;
  const read = parseFrontmatter(text, range, yamlRange, closed, bodyStart);
  recentFrontmatter.set(key, read);
  if (recentFrontmatter.size > RECENT_FRONTMATTER_ENTRIES) recentFrontmatter.delete(recentFrontmatter.keys().next().value as string);
  return read;
}

function parseFrontmatter(text: string, range: TextRange, yamlRange: TextRange, closed: boolean, bodyStart: number): FrontmatterRead {
  const yamlText = text.slice(yamlRange.start, yamlRange.end);
  const offset = yamlRange.start;
  const errors: YamlProblem[] = [];
  let document: Document | undefined;
  try {
    document = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (e) {
    errors.push({ message: e instanceof Error ? e.message : String(e), range: yamlRange, code: 'YAML_EXCEPTION' });
  }
  for (const e of document?.errors ?? []) {
    const [s, en] = e.pos;
    errors.push({
      message: firstLine(e.message),
      code: e.code,
      range: { start: offset + Math.min(s, yamlText.length), end: offset + Math.min(Math.max(en, s), yamlText.length) },
    });
  }
  const keys: FrontmatterKey[] = [];
  const contents = document?.contents;
  if (isMap(contents)) {
    for (const pair of contents.items) {
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || !keyNode.range) continue;
      const keyRange = { start: offset + keyNode.range[0], end: offset + keyNode.range[1] };
      const valueNode = pair.value as Node | null;
      const valueRange = valueNode?.range && valueNode.range[1] > valueNode.range[0]
        ? { start: offset + valueNode.range[0], end: offset + valueNode.range[1] }
        : { start: keyRange.end, end: keyRange.end };
      keys.push({
        key: String(keyNode.value),
        keyRange,
        valueRange,
        entryRange: { start: keyRange.start, end: Math.max(keyRange.end, valueRange.end) },
      });
    }
  } else if (contents && errors.length === 0 && !(isScalar(contents) && contents.value === null)) {
    errors.push({ message: 'Frontmatter must be a YAML mapping (`key: value` lines).', code: 'NOT_A_MAPPING', range: yamlRange });
  }
  let data: Record<string, unknown> | undefined;
  if (document && errors.length === 0) {
    try {
      const js: unknown = document.toJS({ maxAliasCount: 100 });
      data = js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
    } catch (e) {
      errors.push({ message: e instanceof Error ? e.message : String(e), range: yamlRange, code: 'YAML_EXCEPTION' });
    }
  }
  return { frontmatter: { range, yamlRange, closed, data, errors, keys, document }, document, bodyStart };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** The node at a path inside the frontmatter document, with its range converted to file offsets. */
export function nodeRange(node: Node | null | undefined, offset: number): TextRange | undefined {
  return node?.range ? { start: offset + node.range[0], end: offset + node.range[1] } : undefined;
}
