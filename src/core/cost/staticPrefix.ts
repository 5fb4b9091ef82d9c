import { parsePromptFile, type PromptFile, type TemplateBlock, type TemplateExpression } from '../prompt';

/** Helpers whose output never depends on the input or the clock. */
const STATIC_HELPERS = new Set(['role', 'section', 'log']);
/** Block helpers that only define or mark things (`{{#*inline}}`, the block form of `role`). */
const STATIC_BLOCKS = new Set(['inline', 'role']);

export type VaryingKind = 'variable' | 'helper' | 'block' | 'partial' | 'history' | 'statement';

/** The first template part whose output can differ between calls: where the cacheable prefix ends. */
export interface VaryingPart {
  readonly kind: VaryingKind;
  /** The tag as written, shortened: `{{language}}`, `{{#if vip}}`, `{{> facts}}`. */
  readonly tag: string;
  /** Offset of the tag in the file. */
  readonly offset: number;
  /** End of the tag. */
  readonly end: number;
  /** 0-based line of the tag. */
  readonly line: number;
  /** Index of the role section the tag is in (`file.sections`), or -1. */
  readonly sectionIndex: number;
}

function shortTag(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}…}}` : oneLine;
}

/**
 * Whether a partial's template can render differently between calls (it reads a variable, calls
 * a non-static helper, or includes such a partial). Unknown or missing partials count as static:
 * they render as empty text.
 */
function partialVaries(name: string, sources: ReadonlyMap<string, string>, seen: Set<string>): boolean {
  if (seen.has(name)) return false;
  seen.add(name);
  const source = sources.get(name);
  if (source === undefined) return false;
  const file = parsePromptFile(source, { fileName: `_${name}.prompt` });
  return file.expressions.some((e) => expressionVaries(e, sources, seen) !== undefined);
}

function expressionVaries(e: TemplateExpression, partials: ReadonlyMap<string, string>, seen: Set<string>): VaryingKind | undefined {
  switch (e.kind) {
    case 'variable':
      return 'variable';
    case 'helper':
      if (e.name === 'history') return 'history';
      // Any other helper is either fed from the input (`json`, `media`, `lookup`) or custom,
      // which may read the clock (a date helper) or anything else.
      return STATIC_HELPERS.has(e.name) ? undefined : 'helper';
    case 'blockOpen':
      return STATIC_BLOCKS.has(e.name.replace(/^\*/, '')) && e.paths.length === 0 ? undefined : 'block';
    case 'partial':
    case 'partialBlockOpen':
      if (e.paths.length > 0 || e.params.some((p) => p.kind === 'hash' || p.kind === 'subexpression')) return 'partial';
      return partialVaries(e.name, partials, seen) ? 'partial' : undefined;
    case 'statement':
      return 'statement';
    default:
      return undefined;
  }
}

function sectionIndexAt(file: PromptFile, offset: number): number {
  return file.sections.findIndex((s) => offset >= s.contentRange.start && offset <= s.contentRange.end);
}

/** Every part of the template that varies between calls, in order (inside a varying block only the block counts). */
export function varyingParts(file: PromptFile, partials: ReadonlyMap<string, string> = new Map()): VaryingPart[] {
  const parts: VaryingPart[] = [];
  let skipUntil = -1;
  const blockEnds = new Map<number, number>();
  const walk = (blocks: readonly TemplateBlock[]): void => {
    for (const b of blocks) {
      blockEnds.set(b.open.range.start, b.range.end);
      walk(b.children);
    }
  };
  walk(file.blocks);
  for (const e of file.expressions) {
    if (e.range.start < skipUntil) continue;
    const kind = expressionVaries(e, partials, new Set());
    if (!kind) continue;
    parts.push({
      kind,
      tag: shortTag(file.text.slice(e.range.start, e.range.end)),
      offset: e.range.start,
      end: e.range.end,
      line: file.lines.positionAt(e.range.start).line,
      sectionIndex: sectionIndexAt(file, e.range.start),
    });
    if (kind === 'block') skipUntil = blockEnds.get(e.range.start) ?? e.range.end;
  }
  return parts;
}

/** The file cut just before `offset` (a prefix of the template, rendered like the whole). */
export function truncatedFile(file: PromptFile, offset: number): PromptFile {
  return parsePromptFile(file.text.slice(0, offset), { fileName: file.fileName });
}

export interface MovedVariables {
  /** The file text with the varying lines of the section moved to its end. */
  readonly text: string;
  /** 0-based lines (in the original text) that were moved. */
  readonly movedLines: readonly number[];
  /** The section the lines moved within. */
  readonly sectionIndex: number;
}

/**
 * The suggestion "move late-binding variables after the static text", as a text: every line of
 * the first varying part's section that holds a varying part (a whole block when the block
 * varies) moves, in order, to the end of that section. Nothing is rewritten inside a line, so
 * the result may need rewording ("answer in {{language}}" reads oddly alone): it is shown for
 * review, never applied silently. Undefined when nothing would move (the varying lines already
 * end the section, or the part is not inside a role section).
 */
export function moveVaryingLinesToSectionEnd(file: PromptFile, parts: readonly VaryingPart[]): MovedVariables | undefined {
  const first = parts[0];
  if (!first || first.sectionIndex < 0) return undefined;
  const section = file.sections[first.sectionIndex];
  if (!section) return undefined;
  const lines = file.lines;
  const sectionFirstLine = lines.positionAt(section.contentRange.start).line;
  // The section's last line holding content (trailing blank lines stay where they are).
  const trimmedEnd = section.contentRange.start + file.text.slice(section.contentRange.start, section.contentRange.end).trimEnd().length;
  const sectionLastLine = lines.positionAt(Math.max(section.contentRange.start, trimmedEnd - 1)).line;
  const moved = new Set<number>();
  const blockEnds = new Map<number, number>();
  const walk = (blocks: readonly TemplateBlock[]): void => {
    for (const b of blocks) {
      blockEnds.set(b.open.range.start, b.range.end);
      walk(b.children);
    }
  };
  walk(file.blocks);
  for (const p of parts) {
    if (p.sectionIndex !== first.sectionIndex) continue;
    const endOffset = p.kind === 'block' ? (blockEnds.get(p.offset) ?? p.offset) : p.offset;
    const lastLine = Math.min(lines.positionAt(Math.max(p.offset, endOffset - 1)).line, sectionLastLine);
    for (let l = Math.max(p.line, sectionFirstLine); l <= lastLine; l++) moved.add(l);
  }
  // Lines already at the end of the section need not move.
  let tail = sectionLastLine;
  while (tail >= sectionFirstLine && moved.has(tail)) {
    moved.delete(tail);
    tail--;
  }
  if (moved.size === 0) return undefined;
  const lineText = (l: number): string => {
    const start = lines.offsetAt({ line: l, character: 0 });
    const end = l + 1 < lines.lineCount ? lines.offsetAt({ line: l + 1, character: 0 }) : file.text.length;
    return file.text.slice(start, end);
  };
  const kept: string[] = [];
  const movedText: string[] = [];
  for (let l = sectionFirstLine; l <= sectionLastLine; l++) (moved.has(l) ? movedText : kept).push(lineText(l));
  const before = file.text.slice(0, lines.offsetAt({ line: sectionFirstLine, character: 0 }));
  const afterStart = sectionLastLine + 1 < lines.lineCount ? lines.offsetAt({ line: sectionLastLine + 1, character: 0 }) : file.text.length;
  const after = file.text.slice(afterStart);
  const withBreak = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);
  let middle = kept.map(withBreak).join('') + movedText.map(withBreak).join('');
  // Keep the section's last line ending as it was (no line break added at the end of the file).
  if (!lineText(sectionLastLine).endsWith('\n')) middle = middle.replace(/\r?\n$/, '');
  return { text: before + middle + after, movedLines: [...moved].sort((a, b) => a - b), sectionIndex: first.sectionIndex };
}
