import Handlebars from 'handlebars';
import { parseDocument } from 'yaml';
import { parsePromptFile } from './parse';
import type { PromptFile, TemplateExpression } from './types';

/**
 * Formats a `.prompt` file without changing what it renders:
 * - frontmatter re-serialised through the `yaml` Document API (comments and key order kept,
 *   2-space indentation, no line folding); left alone when it does not parse;
 * - whitespace inside template tags tidied (`{{  name }}` → `{{name}}`, `{{>  p}}` → `{{> p}}`),
 *   only when the template is well-formed;
 * - with frontmatter, the body without leading/trailing blank lines (Dotprompt trims the body
 *   of a file with frontmatter) and the file ending in exactly one line break.
 * Text inside the template is never touched: every other space and line break is part of what is
 * sent. The file's line-break style is kept. Idempotent. Other kinds are returned unchanged.
 */
export function formatPromptText(text: string, fileName = 'a.prompt'): string {
  const file = parsePromptFile(text, { fileName });
  if (file.kind !== 'prompt') return text;
  const fm = file.frontmatter;
  if (fm && !fm.closed) return text;
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const bom = text.slice(0, file.bomLength);

  let head = '';
  if (fm) {
    const yamlText = text.slice(fm.yamlRange.start, fm.yamlRange.end);
    head = `---${eol}${formatYaml(yamlText, eol)}---${eol}`;
  }
  const body = tidyTags(file);
  // Without frontmatter the body is sent as it is, edges included: only the tags are tidied.
  if (!fm) return `${bom}${body}`;
  const trimmedBody = body.trim();
  return `${bom}${head}${trimmedBody}${trimmedBody ? eol : ''}`;
}

function formatYaml(yamlText: string, eol: string): string {
  if (!yamlText.trim()) return yamlText ? `${yamlText.replace(/\r?\n?$/, '')}${eol}` : '';
  const doc = parseDocument(yamlText, { keepSourceTokens: false });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return `${yamlText}${eol}`;
  const out = doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: 2, indentSeq: true });
  // Round trip guard: if the normalised YAML would not read back as the same data, keep the original.
  const again = parseDocument(out);
  if (again.errors.length > 0 || JSON.stringify(again.toJS()) !== JSON.stringify(doc.toJS())) return `${yamlText}${eol}`;
  return out.replace(/\r?\n/g, eol);
}

const TIDY_KINDS = new Set<TemplateExpression['kind']>(['variable', 'helper', 'role', 'blockOpen', 'blockClose', 'else', 'partial', 'partialBlockOpen']);

/** The body with whitespace inside well-formed tags normalised. */
function tidyTags(file: PromptFile): string {
  const body = file.text.slice(file.bodyRange.start, file.bodyRange.end);
  if (file.structureProblems.length > 0 || /\{\{\{\{/.test(body) || !handlebarsParses(body)) return body;
  let out = '';
  let at = file.bodyRange.start;
  for (const e of file.expressions) {
    if (!TIDY_KINDS.has(e.kind) || e.unterminated || e.range.start < at) continue;
    out += file.text.slice(at, e.range.start);
    out += tidyTag(file.text.slice(e.range.start, e.range.end));
    at = e.range.end;
  }
  return out + file.text.slice(at, file.bodyRange.end);
}

function handlebarsParses(template: string): boolean {
  try {
    Handlebars.parse(template);
    return true;
  } catch {
    return false;
  }
}

/** `{{~#  if   x ~}}` → `{{~#if x~}}`; quoted strings kept as they are. */
export function tidyTag(tag: string): string {
  const match = /^(\{\{\{?)(~?)([\s\S]*?)(~?)(\}\}\}?)$/.exec(tag);
  if (!match) return tag;
  const [, open, leftTilde, inner, rightTilde, close] = match as unknown as [string, string, string, string, string, string];
  if ((open.length === 3) !== (close.length === 3)) return tag;
  let content = inner.trim();
  let sigil = '';
  const sigilMatch = /^([#/^&>]|#>|#\*)\s*/.exec(content);
  if (sigilMatch && open.length === 2) {
    sigil = sigilMatch[1] as string;
    content = content.slice(sigilMatch[0].length);
  }
  const collapsed = collapseOutsideQuotes(content);
  if (!collapsed) return tag;
  const space = sigil === '>' || sigil === '#>' ? ' ' : '';
  return `${open}${leftTilde}${sigil}${space}${collapsed}${rightTilde}${close}`;
}

function collapseOutsideQuotes(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      out += c;
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (/\s/.test(c)) {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      out += c;
    }
  }
  return quote ? text : out.trim();
}
