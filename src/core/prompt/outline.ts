import type { TextRange } from '../text';
import type { PromptFile, TemplateBlock, TemplateExpression } from './types';

export type OutlineSymbolKind = 'frontmatter' | 'key' | 'section' | 'partial' | 'block' | 'heading' | 'examples';

export interface OutlineSymbol {
  readonly name: string;
  /** Extra text shown next to the name (the role's message size, a block's parameter, …). */
  readonly detail?: string;
  readonly kind: OutlineSymbolKind;
  /** The whole extent (used for folding and "reveal"). */
  readonly range: TextRange;
  /** The part to highlight when the symbol is selected; inside `range`. */
  readonly selectionRange: TextRange;
  readonly children: readonly OutlineSymbol[];
}

/** The innermost template tag containing `offset` (start inclusive, end inclusive so a cursor after `}}` still hits). */
export function findExpressionAt(file: PromptFile, offset: number): TemplateExpression | undefined {
  let lo = 0;
  let hi = file.expressions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = file.expressions[mid] as TemplateExpression;
    if (offset < e.range.start) hi = mid - 1;
    else if (offset > e.range.end) lo = mid + 1;
    else return e;
  }
  return undefined;
}

const EXAMPLE_WORDS = /example|few[- ]?shot|demonstration/i;

/**
 * Symbols for the outline view and breadcrumbs: the frontmatter (with its keys), each role
 * section (with headings, partials, blocks and examples blocks inside it).
 */
export function documentOutline(file: PromptFile): OutlineSymbol[] {
  const symbols: OutlineSymbol[] = [];
  const fm = file.frontmatter;
  if (fm) {
    symbols.push({
      name: 'frontmatter',
      kind: 'frontmatter',
      range: fm.range,
      selectionRange: { start: fm.range.start, end: Math.min(fm.range.end, fm.range.start + 3) },
      children: fm.keys.map((k) => ({ name: k.key, kind: 'key', range: k.entryRange, selectionRange: k.keyRange, children: [] })),
    });
  }
  const headings = markdownHeadings(file);
  const xmlBlocks = exampleTags(file);
  for (const section of file.sections) {
    const start = section.markerRange?.start ?? section.contentRange.start;
    const range = { start, end: section.contentRange.end };
    const inside = (r: TextRange): boolean => r.start >= range.start && r.end <= range.end;
    const children: OutlineSymbol[] = [
      ...headings.filter((h) => inside(h.range)),
      ...xmlBlocks.filter((x) => inside(x.range)),
      ...file.expressions
        .filter((e) => (e.kind === 'partial' || e.kind === 'partialBlockOpen') && inside(e.range))
        .map((e): OutlineSymbol => ({ name: `> ${e.name}`, kind: 'partial', range: e.range, selectionRange: e.nameRange, children: [] })),
      ...file.blocks.filter((b) => b.range.start >= range.start && b.range.start < range.end).map(blockSymbol),
    ].sort((a, b) => a.range.start - b.range.start);
    const chars = section.contentRange.end - section.contentRange.start;
    symbols.push({
      name: section.role,
      detail: section.implicit ? `(no marker) ${chars} chars` : `${chars} chars`,
      kind: 'section',
      range,
      selectionRange: section.markerRange ?? { start: section.contentRange.start, end: section.contentRange.start },
      children,
    });
  }
  return symbols;
}

function blockSymbol(block: TemplateBlock): OutlineSymbol {
  const param = block.open.params.map((p) => p.text).join(' ');
  const isExamples = EXAMPLE_WORDS.test(param) || EXAMPLE_WORDS.test(block.name);
  return {
    name: `#${block.name}${param ? ` ${param}` : ''}`,
    kind: isExamples ? 'examples' : 'block',
    range: block.range,
    selectionRange: block.open.range,
    children: block.children.map(blockSymbol),
  };
}

function markdownHeadings(file: PromptFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const re = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/gm;
  const body = file.text.slice(file.bodyRange.start, file.bodyRange.end);
  let inFence = false;
  const fence = /^(```|~~~)/gm;
  const fences: number[] = [];
  for (let m = fence.exec(body); m; m = fence.exec(body)) fences.push(m.index);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    inFence = fences.filter((f) => f < (m as RegExpExecArray).index).length % 2 === 1;
    if (inFence) continue;
    const start = file.bodyRange.start + m.index;
    const title = (m[2] as string).replace(/\r$/, '');
    out.push({
      name: title,
      detail: m[1],
      kind: EXAMPLE_WORDS.test(title) ? 'examples' : 'heading',
      range: { start, end: start + m[0].length },
      selectionRange: { start, end: start + m[0].replace(/\r$/, '').length },
      children: [],
    });
  }
  // A heading's range runs to the next heading of the same or a higher level, so folding works.
  return out.map((h, i) => {
    const level = (h.detail ?? '#').length;
    const next = out.slice(i + 1).find((n) => (n.detail ?? '#').length <= level);
    return { ...h, range: { start: h.range.start, end: next ? trimEnd(file.text, next.range.start) : file.bodyRange.end } };
  });
}

function trimEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1] as string)) e--;
  return e;
}

/** `<example>…</example>` / `<examples>…</examples>` blocks, a common way to mark few-shot examples. */
function exampleTags(file: PromptFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const body = file.text.slice(file.bodyRange.start, file.bodyRange.end);
  const re = /<(examples?|few[-_]?shots?)(\s[^>]*)?>/gi;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const close = body.indexOf(`</${m[1]}>`, m.index + m[0].length);
    const start = file.bodyRange.start + m.index;
    const end = close < 0 ? start + m[0].length : file.bodyRange.start + close + (m[1] as string).length + 3;
    out.push({ name: `<${m[1]}>`, kind: 'examples', range: { start, end }, selectionRange: { start, end: start + m[0].length }, children: [] });
    if (close >= 0 && (m[1] as string).toLowerCase() === 'examples') re.lastIndex = close;
  }
  return out;
}
