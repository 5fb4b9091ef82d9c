// Markdown → blocks and inline spans, as plain data (no DOM): markdown.ts turns them into safe
// nodes. Kept pure so it is unit-tested in Node.

export type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; text: string; lang: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' }
  | { kind: 'paragraph'; text: string };

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

/** Splits Markdown into blocks (pure: no DOM, so it is unit-tested in Node). */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    const fence = /^\s{0,3}(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] as string).trimStart().startsWith(fence[1] as string)) body.push(lines[i++] as string);
      i++; // closing fence (or end of a still-streaming output)
      blocks.push({ kind: 'code', text: body.join('\n'), lang: fence[2] ?? '' });
      continue;
    }
    if (!line.trim()) { i++; continue; }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) { blocks.push({ kind: 'heading', level: (heading[1] as string).length, text: heading[2] ?? '' }); i++; continue; }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) { blocks.push({ kind: 'rule' }); i++; continue; }
    if (/^\s{0,3}>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i] as string)) quoted.push((lines[i++] as string).replace(/^\s{0,3}>\s?/, ''));
      blocks.push({ kind: 'quote', text: quoted.join('\n') });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const items: string[] = [];
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i] as string);
        if (m && (m[2] !== undefined) === ordered) { items.push(m[3] ?? ''); i++; continue; }
        // A continuation line (indented, not blank) belongs to the previous item.
        if (items.length && /^\s{2,}\S/.test(lines[i] as string) && !LIST_ITEM.test(lines[i] as string)) { items[items.length - 1] += ` ${(lines[i++] as string).trim()}`; continue; }
        break;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && (lines[i] as string).trim() && !/^\s{0,3}(```|~~~|#{1,6}\s|>)/.test(lines[i] as string) && !LIST_ITEM.test(lines[i] as string)) paragraph.push((lines[i++] as string).trim());
    blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
  }
  return blocks;
}

const INLINE = /(`+)([\s\S]*?)\1|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

export type Inline =
  | { kind: 'text' | 'code' | 'strong' | 'em'; text: string }
  | { kind: 'link'; text: string; href: string };

/** Splits a block's text into inline spans (pure). */
export function parseInline(text: string): Inline[] {
  const spans: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) spans.push({ kind: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) spans.push({ kind: 'code', text: m[2] ?? '' });
    else if (m[3] !== undefined || m[4] !== undefined) spans.push({ kind: 'strong', text: m[3] ?? m[4] ?? '' });
    else if (m[5] !== undefined) spans.push({ kind: 'em', text: m[5] });
    else if (m[6] !== undefined) spans.push({ kind: 'link', text: m[6], href: m[7] ?? '' });
    last = at + m[0].length;
  }
  if (last < text.length) spans.push({ kind: 'text', text: text.slice(last) });
  return spans;
}

