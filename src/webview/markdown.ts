// A small Markdown renderer for model outputs that builds DOM nodes from text only: nothing a
// model writes is ever parsed as HTML (no innerHTML), so an output cannot inject markup or script.
// Covers what chat models produce: headings, paragraphs, lists, fenced code, quotes, rules,
// **bold**, *italic*, `code`, [links](…) (shown as text with the URL as a tooltip, never followed).

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; text: string; lang: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; text: string }
  | { kind: 'rule' }
  | { kind: 'paragraph'; text: string };

const LIST_ITEM = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/;

function parseBlocks(source: string): Block[] {
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

/** Appends inline Markdown as text nodes and safe elements. */
function appendInline(parent: HTMLElement, text: string): void {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) appendText(parent, text.slice(last, at));
    if (m[1] !== undefined) parent.append(element('code', m[2] ?? ''));
    else if (m[3] !== undefined || m[4] !== undefined) parent.append(element('strong', m[3] ?? m[4] ?? ''));
    else if (m[5] !== undefined) parent.append(element('em', m[5]));
    else if (m[6] !== undefined) {
      const link = element('span', m[6]);
      link.className = 'md-link';
      link.title = m[7] ?? '';
      parent.append(link);
    }
    last = at + m[0].length;
  }
  if (last < text.length) appendText(parent, text.slice(last));
}

/** Line breaks inside a paragraph stay line breaks (models format with them). */
function appendText(parent: HTMLElement, text: string): void {
  const parts = text.split('\n');
  parts.forEach((part, i) => {
    if (i > 0) parent.append(document.createElement('br'));
    if (part) parent.append(document.createTextNode(part));
  });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

/** Renders Markdown into a fragment of safe nodes. */
export function renderMarkdown(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const block of parseBlocks(source)) {
    switch (block.kind) {
      case 'heading': {
        const h = document.createElement(`h${Math.min(6, block.level + 2)}` as 'h3');
        appendInline(h, block.text);
        fragment.append(h);
        break;
      }
      case 'code': {
        const pre = document.createElement('pre');
        const code = element('code', block.text);
        if (block.lang) code.dataset.lang = block.lang;
        pre.append(code);
        fragment.append(pre);
        break;
      }
      case 'list': {
        const list = document.createElement(block.ordered ? 'ol' : 'ul');
        for (const item of block.items) {
          const li = document.createElement('li');
          appendInline(li, item);
          list.append(li);
        }
        fragment.append(list);
        break;
      }
      case 'quote': {
        const quote = document.createElement('blockquote');
        appendInline(quote, block.text);
        fragment.append(quote);
        break;
      }
      case 'rule':
        fragment.append(document.createElement('hr'));
        break;
      case 'paragraph': {
        const p = document.createElement('p');
        appendInline(p, block.text);
        fragment.append(p);
        break;
      }
    }
  }
  return fragment;
}
