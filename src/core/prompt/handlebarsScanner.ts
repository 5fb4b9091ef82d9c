import type { TextRange } from '../text';
import type {
  ExpressionKind,
  ExpressionParam,
  PathReference,
  StructureProblem,
  TemplateBlock,
  TemplateExpression,
} from './types';
import { isKnownHelper } from './helpers';

export interface TemplateScan {
  readonly expressions: TemplateExpression[];
  readonly blocks: TemplateBlock[];
  readonly problems: StructureProblem[];
}

/**
 * Finds every Handlebars tag in `text[start, end)` with exact ranges, and checks block balance.
 * A hand-written scanner instead of `Handlebars.parse` because it must keep going on broken
 * templates (the editor shows a half-typed file) and report ranges for every tag.
 */
export function scanHandlebars(text: string, start: number, end: number): TemplateScan {
  const expressions: TemplateExpression[] = [];
  const problems: StructureProblem[] = [];
  let i = start;
  while (i < end - 1) {
    const open = text.indexOf('{{', i);
    if (open < 0 || open >= end - 1) break;
    // `\{{` is an escaped (literal) mustache; `\\{{` is a literal backslash followed by a real one.
    if (open > start && text.charCodeAt(open - 1) === 92 && !(open - 1 > start && text.charCodeAt(open - 2) === 92)) {
      const literalEnd = text.indexOf('}}', open + 2);
      i = literalEnd < 0 || literalEnd >= end ? open + 2 : literalEnd + 2;
      continue;
    }
    if (text.startsWith('{{{{', open)) {
      i = skipRawBlock(text, open, end);
      continue;
    }
    const afterTilde = text.charCodeAt(open + 2) === 126 /* ~ */ ? open + 3 : open + 2;
    if (text.charCodeAt(afterTilde) === 33 /* ! */ && afterTilde < end) {
      const comment = scanComment(text, open, afterTilde, end, problems);
      expressions.push(comment);
      i = comment.range.end;
      continue;
    }
    const tag = scanTag(text, open, end, problems);
    expressions.push(tag);
    i = Math.max(tag.range.end, open + 2);
  }
  const blocks = buildBlocks(expressions, end, problems);
  return { expressions, blocks, problems };
}

function skipRawBlock(text: string, open: number, end: number): number {
  const openerEnd = text.indexOf('}}}}', open + 4);
  if (openerEnd < 0 || openerEnd >= end) return open + 4;
  const name = text.slice(open + 4, openerEnd).trim().split(/\s+/)[0] ?? '';
  const closer = `{{{{/${name}}}}}`;
  const close = text.indexOf(closer, openerEnd + 4);
  return close < 0 || close >= end ? end : close + closer.length;
}

function scanComment(text: string, open: number, bang: number, end: number, problems: StructureProblem[]): TemplateExpression {
  const long = text.startsWith('!--', bang);
  let close = -1;
  let closeLength = 2;
  if (long) {
    const m = /--~?\}\}/g;
    m.lastIndex = bang + 3;
    const found = m.exec(text);
    if (found && found.index + found[0].length <= end) {
      close = found.index;
      closeLength = found[0].length;
    }
  } else {
    const c = text.indexOf('}}', bang + 1);
    if (c >= 0 && c + 2 <= end) close = c;
  }
  const unterminated = close < 0;
  const tagEnd = unterminated ? lineEnd(text, open, end) : close + closeLength;
  const contentStart = long ? bang + 3 : bang + 1;
  const contentEnd = unterminated ? tagEnd : text.charCodeAt(close - 1) === 126 && !long ? close - 1 : close;
  if (unterminated) {
    problems.push({
      code: 'unterminated-comment',
      message: long ? 'Comment `{{!--` is never closed with `--}}`.' : 'Comment `{{!` is never closed with `}}`.',
      range: { start: open, end: tagEnd },
    });
  }
  return {
    kind: 'comment',
    range: { start: open, end: tagEnd },
    name: '',
    nameRange: { start: open, end: open },
    params: [],
    paths: [],
    blockParams: [],
    unterminated,
    text: text.slice(contentStart, Math.max(contentStart, contentEnd)).trim(),
  };
}

function lineEnd(text: string, from: number, end: number): number {
  for (let j = from; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return j;
  }
  return end;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

/**
 * Finds the closing `}}` of a tag; stops at the next `{{` (outside strings), which means the tag
 * is unterminated. Never looks past that next `{{` (strings containing a mustache are not strings
 * either), so scanning a whole template stays linear even with thousands of unclosed tags.
 */
function findTagClose(text: string, from: number, end: number): { close: number; unterminatedAt?: number } {
  const nextOpen = text.indexOf('{{', from);
  const limit = nextOpen < 0 || nextOpen > end ? end : nextOpen;
  let j = from;
  while (j < limit) {
    const c = text.charCodeAt(j);
    if ((c === 34 || c === 39) && (j === from || isSpace(text.charCodeAt(j - 1)) || text[j - 1] === '=' || text[j - 1] === '(')) {
      let q = j + 1;
      while (q < limit && text.charCodeAt(q) !== c) q++;
      // A string containing `}}` (or running into a mustache) is more likely a stray quote than a real string.
      if (q < limit && !text.slice(j, q).includes('}}')) {
        j = q + 1;
        continue;
      }
    }
    if (c === 125 /* } */ && text.charCodeAt(j + 1) === 125 && j + 1 < end) return { close: j };
    j++;
  }
  return { close: -1, unterminatedAt: limit };
}

function scanTag(text: string, open: number, end: number, problems: StructureProblem[]): TemplateExpression {
  let p = open + 2;
  const triple = text.charCodeAt(p) === 123;
  if (triple) p++;
  if (text.charCodeAt(p) === 126) p++;
  let sigil = '';
  for (const s of ['#>', '#*', '#', '/', '^', '>', '&']) {
    if (text.startsWith(s, p)) {
      sigil = s;
      break;
    }
  }
  const innerStart = p + sigil.length;
  const found = findTagClose(text, innerStart, end);
  let unterminated = false;
  let innerEnd: number;
  let tagEnd: number;
  if (found.close < 0) {
    unterminated = true;
    const stop = lineEnd(text, open, found.unterminatedAt ?? end);
    innerEnd = stop;
    tagEnd = stop;
    let trimmed = tagEnd;
    while (trimmed > open + 2 && isSpace(text.charCodeAt(trimmed - 1))) trimmed--;
    tagEnd = Math.max(trimmed, open + 2);
    innerEnd = tagEnd;
    problems.push({ code: 'unterminated-expression', message: 'Expression `{{` is never closed with `}}`.', range: { start: open, end: tagEnd } });
  } else {
    innerEnd = found.close;
    if (text.charCodeAt(innerEnd - 1) === 126 && innerEnd - 1 >= innerStart) innerEnd--;
    tagEnd = found.close + 2;
    if (triple && text.charCodeAt(tagEnd) === 125) tagEnd++;
  }
  const tokens = tokenize(text, innerStart, innerEnd);
  return classify(open, tagEnd, sigil, tokens, unterminated);
}

interface Token {
  readonly kind: 'path' | 'string' | 'number' | 'literal' | 'hash' | 'subexpression' | 'as' | 'blockParams';
  readonly text: string;
  readonly range: TextRange;
  /** For hash pairs: the value token. */
  readonly value?: Token;
  /** For subexpressions: their inner tokens. */
  readonly inner?: Token[];
}

const LITERALS = new Set(['true', 'false', 'null', 'undefined']);

function tokenize(text: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  let j = start;
  while (j < end) {
    const c = text.charCodeAt(j);
    if (isSpace(c)) {
      j++;
      continue;
    }
    const token = readToken(text, j, end);
    if (!token) {
      j++;
      continue;
    }
    tokens.push(token);
    j = Math.max(token.range.end, j + 1);
  }
  return tokens;
}

function readToken(text: string, j: number, end: number): Token | undefined {
  const ch = text[j] as string;
  if (ch === '"' || ch === "'") {
    let q = text.indexOf(ch, j + 1);
    if (q < 0 || q >= end) q = end - 1;
    return { kind: 'string', text: text.slice(j + 1, Math.max(j + 1, q)), range: { start: j, end: Math.min(q + 1, end) } };
  }
  if (ch === '(') {
    let depth = 0;
    let k = j;
    for (; k < end; k++) {
      if (text[k] === '(') depth++;
      else if (text[k] === ')' && --depth === 0) break;
    }
    const close = Math.min(k, end);
    return {
      kind: 'subexpression',
      text: text.slice(j, Math.min(close + 1, end)),
      range: { start: j, end: Math.min(close + 1, end) },
      inner: tokenize(text, j + 1, close),
    };
  }
  if (ch === '|') {
    const close = text.indexOf('|', j + 1);
    const stop = close < 0 || close >= end ? end : close + 1;
    return { kind: 'blockParams', text: text.slice(j + 1, close < 0 || close >= end ? end : close).trim(), range: { start: j, end: stop } };
  }
  if (ch === ')' || ch === '=') return undefined;
  let k = j;
  while (k < end) {
    const c = text.charCodeAt(k);
    if (isSpace(c) || c === 40 || c === 41 || c === 61 || c === 124) break;
    if (c === 91 /* [ */) {
      // `[segment literal]` may contain spaces.
      const close = text.indexOf(']', k + 1);
      if (close > 0 && close < end) {
        k = close + 1;
        continue;
      }
    }
    k++;
  }
  const word = text.slice(j, k);
  if (text[k] === '=' && k < end) {
    let v = k + 1;
    while (v < end && isSpace(text.charCodeAt(v))) v++;
    const value = v < end ? readToken(text, v, end) : undefined;
    return { kind: 'hash', text: text.slice(j, value ? value.range.end : k + 1), range: { start: j, end: value ? value.range.end : k + 1 }, ...(value ? { value } : {}) };
  }
  if (word === 'as') return { kind: 'as', text: word, range: { start: j, end: k } };
  if (/^-?\d+(\.\d+)?$/.test(word)) return { kind: 'number', text: word, range: { start: j, end: k } };
  if (LITERALS.has(word)) return { kind: 'literal', text: word, range: { start: j, end: k } };
  return { kind: 'path', text: word, range: { start: j, end: k } };
}

function collectPaths(tokens: readonly Token[], out: PathReference[]): void {
  for (const t of tokens) {
    if (t.kind === 'path') out.push({ path: t.text, range: t.range });
    else if (t.kind === 'hash' && t.value) collectPaths([t.value], out);
    // The first token of a subexpression is the helper name, not a variable.
    else if (t.kind === 'subexpression' && t.inner) collectPaths(t.inner.slice(1), out);
  }
}

function toParam(t: Token): ExpressionParam {
  return { kind: t.kind === 'as' || t.kind === 'blockParams' ? 'literal' : t.kind, text: t.text, range: t.range };
}

function classify(open: number, tagEnd: number, sigil: string, tokens: Token[], unterminated: boolean): TemplateExpression {
  const range = { start: open, end: tagEnd };
  const asIndex = tokens.findIndex((t) => t.kind === 'as');
  const blockParamToken = asIndex >= 0 ? tokens[asIndex + 1] : undefined;
  const blockParams = blockParamToken?.kind === 'blockParams' ? blockParamToken.text.split(/\s+/).filter(Boolean) : [];
  const main = asIndex >= 0 ? tokens.slice(0, asIndex) : tokens;
  const head = main[0];
  const rest = main.slice(1);
  const nameRange = head ? head.range : { start: open + 2, end: open + 2 };
  const name = head ? head.text : '';
  const paths: PathReference[] = [];
  let kind: ExpressionKind;
  switch (sigil) {
    case '/':
      kind = 'blockClose';
      break;
    case '#>':
      kind = 'partialBlockOpen';
      collectPaths(rest, paths);
      break;
    case '>':
      kind = 'partial';
      if (head?.kind === 'subexpression') collectPaths([head], paths);
      collectPaths(rest, paths);
      break;
    case '^':
      if (!head) kind = 'else';
      else {
        kind = 'blockOpen';
        collectPaths(isKnownHelper(name) ? rest : main, paths);
      }
      break;
    case '#':
    case '#*':
      kind = 'blockOpen';
      // `{{#items}}` without a helper is a section over the variable `items`.
      collectPaths(isKnownHelper(name) || rest.length > 0 || sigil === '#*' ? rest : main, paths);
      break;
    default:
      if (name === 'else' && head?.kind === 'path') {
        kind = 'else';
        collectPaths(rest.slice(1), paths);
      } else if (name === 'role' && head?.kind === 'path') {
        kind = 'role';
      } else if (head?.kind === 'path' && rest.length === 0 && !isKnownHelper(name)) {
        kind = 'variable';
        paths.push({ path: head.text, range: head.range });
      } else {
        kind = 'helper';
        collectPaths(head?.kind === 'path' ? rest : main, paths);
      }
  }
  const partialName = (kind === 'partial' || kind === 'partialBlockOpen') && head?.kind === 'string' ? head.text : name;
  return {
    kind,
    range,
    name: partialName,
    nameRange,
    params: rest.map(toParam),
    paths,
    blockParams,
    unterminated,
  };
}

interface OpenBlock {
  readonly open: TemplateExpression;
  readonly elses: TemplateExpression[];
  readonly children: TemplateBlock[];
}

function blockName(e: TemplateExpression): string {
  return e.name;
}

function buildBlocks(expressions: readonly TemplateExpression[], bodyEnd: number, problems: StructureProblem[]): TemplateBlock[] {
  const root: TemplateBlock[] = [];
  const stack: OpenBlock[] = [];
  const finish = (entry: OpenBlock, close: TemplateExpression | undefined): void => {
    const block: TemplateBlock = {
      name: blockName(entry.open),
      open: entry.open,
      close,
      elses: entry.elses,
      range: { start: entry.open.range.start, end: close ? close.range.end : bodyEnd },
      children: entry.children,
    };
    (stack.length ? (stack[stack.length - 1] as OpenBlock).children : root).push(block);
  };
  const reportUnclosed = (entry: OpenBlock): void => {
    problems.push({
      code: 'unclosed-block',
      message: `Block \`{{#${blockName(entry.open)}}}\` is never closed with \`{{/${blockName(entry.open)}}}\`.`,
      range: entry.open.range,
    });
  };
  for (const e of expressions) {
    if (e.kind === 'blockOpen' || e.kind === 'partialBlockOpen') {
      stack.push({ open: e, elses: [], children: [] });
    } else if (e.kind === 'else') {
      const top = stack[stack.length - 1];
      if (top) top.elses.push(e);
      else problems.push({ code: 'stray-else', message: '`{{else}}` outside of a block.', range: e.range });
    } else if (e.kind === 'blockClose') {
      const depth = findOpen(stack, e.name);
      if (stack.length === 0) {
        problems.push({ code: 'unmatched-close', message: `\`{{/${e.name}}}\` closes a block that was never opened.`, range: e.range });
      } else if (depth === stack.length - 1) {
        finish(stack.pop() as OpenBlock, e);
      } else if (depth >= 0) {
        while (stack.length - 1 > depth) {
          const inner = stack.pop() as OpenBlock;
          reportUnclosed(inner);
          finish(inner, undefined);
        }
        finish(stack.pop() as OpenBlock, e);
      } else {
        // Most likely a typo in the close tag: treat it as closing the innermost block.
        const top = stack.pop() as OpenBlock;
        problems.push({
          code: 'mismatched-close',
          message: `\`{{/${e.name}}}\` does not match the open block \`{{#${blockName(top.open)}}}\`.`,
          range: e.range,
          expected: blockName(top.open),
        });
        finish(top, e);
      }
    }
  }
  while (stack.length) {
    const entry = stack.pop() as OpenBlock;
    reportUnclosed(entry);
    finish(entry, undefined);
  }
  // Blocks are pushed when they close, so children come before parents at the same level; restore source order.
  sortBlocks(root);
  return root;
}

/** Iterative: blocks may nest thousands deep (a recursion would overflow the stack). */
function sortBlocks(blocks: TemplateBlock[]): void {
  const pending: TemplateBlock[][] = [blocks];
  for (let list = pending.pop(); list; list = pending.pop()) {
    list.sort((a, b) => a.range.start - b.range.start);
    for (const b of list) if (b.children.length) pending.push(b.children as TemplateBlock[]);
  }
}

function findOpen(stack: readonly OpenBlock[], name: string): number {
  for (let k = stack.length - 1; k >= 0; k--) if (blockName((stack[k] as OpenBlock).open) === name) return k;
  return -1;
}
