// A small Markdown renderer for model outputs that builds DOM nodes from text only: nothing a
// model writes is ever parsed as HTML (no innerHTML), so an output cannot inject markup or script.
// Covers what chat models produce: headings, paragraphs, lists, fenced code, quotes, rules,
// **bold**, *italic*, `code`, [links](…) (shown as text with the URL as a tooltip, never followed).

import { parseBlocks, parseInline } from './markdownParse';

/** Appends inline Markdown as text nodes and safe elements. */
function appendInline(parent: HTMLElement, text: string): void {
  for (const span of parseInline(text)) {
    if (span.kind === 'text') appendText(parent, span.text);
    else if (span.kind === 'link') {
      // Shown, never followed: a model's link is not something to click blindly.
      const link = element('span', span.text);
      link.className = 'md-link';
      link.title = span.href;
      parent.append(link);
    } else parent.append(element(span.kind, span.text));
  }
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
