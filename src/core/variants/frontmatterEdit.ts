import { stringify } from 'yaml';
import { readFrontmatter } from '../prompt/frontmatter';
import type { TextRange } from '../text';

/** One replacement in a file's text; the editor applies it as an undoable edit, the CLI as a write. */
export interface TextEdit {
  readonly range: TextRange;
  readonly newText: string;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  }
  return out;
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** `key: value` as block YAML (no trailing line break), in the file's line-break style. */
function yamlEntry(key: string, value: unknown, eol: string): string {
  return stringify({ [key]: value }, { lineWidth: 0 }).replace(/\n$/, '').split('\n').join(eol);
}

/**
 * Sets (or, with `undefined`, removes) a top-level frontmatter key, touching only that entry:
 * comments and the other keys keep their text. Creates the frontmatter when the file has none.
 * `comment` lines (without `#`) are written just above the entry.
 */
export function setFrontmatterKey(text: string, key: string, value: unknown, comment: readonly string[] = []): TextEdit {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const eol = lineBreakOf(text);
  const commentText = comment.map((line) => `# ${line}${eol}`).join('');
  const { frontmatter } = readFrontmatter(text, bom);
  if (!frontmatter || !frontmatter.closed) {
    if (value === undefined) return { range: { start: bom, end: bom }, newText: '' };
    return { range: { start: bom, end: bom }, newText: `---${eol}${commentText}${yamlEntry(key, value, eol)}${eol}---${eol}` };
  }
  const existing = frontmatter.keys.find((k) => k.key === key);
  if (existing) {
    // Whole lines: from the entry's line start to the end of its last line (line break included).
    const start = text.lastIndexOf('\n', existing.entryRange.start - 1) + 1;
    let end = Math.min(existing.entryRange.end, frontmatter.yamlRange.end);
    if (text.charCodeAt(end - 1) !== 10) {
      const nl = text.indexOf('\n', end);
      end = nl < 0 || nl >= frontmatter.yamlRange.end ? frontmatter.yamlRange.end : nl + 1;
    }
    const trailing = end === frontmatter.yamlRange.end ? '' : eol;
    if (value === undefined && trailing === '' && start > frontmatter.yamlRange.start) {
      // The last entry: drop the line break before it instead, so no blank line is left.
      const before = text.charCodeAt(start - 2) === 13 ? start - 2 : start - 1;
      return { range: { start: before, end }, newText: '' };
    }
    return { range: { start, end }, newText: value === undefined ? '' : `${commentText}${yamlEntry(key, value, eol)}${trailing}` };
  }
  if (value === undefined) return { range: { start: frontmatter.yamlRange.end, end: frontmatter.yamlRange.end }, newText: '' };
  const at = frontmatter.yamlRange.end;
  const empty = frontmatter.yamlRange.start === frontmatter.yamlRange.end;
  return { range: { start: at, end: at }, newText: `${empty ? '' : eol}${commentText}${yamlEntry(key, value, eol)}` };
}
