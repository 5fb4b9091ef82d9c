import type { PromptDiagnostic } from '../diagnostics';
import type { PromptFile, RenderedMessage } from '../prompt';
import { firstLineRange } from './budget';

/** Below this much literal template text a "dropped" warning is noise. */
const MIN_TEMPLATE_CHARS = 60;
/** "Most of the text": less than this share of the literal template text reaches the messages. */
const KEPT_SHARE = 0.5;

const nonSpaceLength = (text: string): number => text.replace(/\s+/g, '').length;

/** The template's own text: the body without `{{…}}` tags (variables, helpers, comments). */
export function literalTemplateText(file: PromptFile): string {
  let text = '';
  let at = file.bodyRange.start;
  for (const e of [...file.expressions].sort((a, b) => a.range.start - b.range.start)) {
    if (e.range.start < at) continue;
    text += file.text.slice(at, e.range.start);
    at = e.range.end;
  }
  return text + file.text.slice(at, file.bodyRange.end);
}

/**
 * A warning when rendering (with the chosen input) sends less than half of the template's own
 * text: the numbers would otherwise look fine while the model never sees the prompt. Names the
 * cause when it is a construct the `dotprompt` runtime is known to drop (block-form `role`,
 * `history`, `section`); the checker offers the fix on each of those tags.
 */
export function droppedContentDiagnostics(file: PromptFile, messages: readonly RenderedMessage[]): PromptDiagnostic[] {
  if (file.kind !== 'prompt') return [];
  const template = nonSpaceLength(literalTemplateText(file));
  if (template < MIN_TEMPLATE_CHARS) return [];
  const sent = messages.reduce((n, m) => n + nonSpaceLength(m.text), 0);
  if (sent >= template * KEPT_SHARE) return [];
  const blockForms = file.expressions.filter((e) => e.kind === 'blockOpen' && (e.name === 'role' || e.name === 'history' || e.name === 'section'));
  const share = Math.round((sent / template) * 100);
  const where = (i: number): number => file.lines.positionAt(i).line + 1;
  const cause = blockForms.length > 0
    ? `Cause: block-form ${[...new Set(blockForms.map((e) => `\`{{#${e.name}}}…{{/${e.name}}}\``))].join(', ')} (line ${blockForms.map((e) => where(e.range.start)).join(', ')}), ` +
      'whose text the Dotprompt runtime drops; use the quick fix to write `{{role "…"}}` markers instead.'
    : 'Check the conditions (`{{#if}}`) and loops (`{{#each}}`) against this input in the rendered preview.';
  const first = blockForms[0];
  return [{
    range: first ? first.range : firstLineRange(file),
    severity: 'warning',
    source: 'promptscope',
    code: 'content-dropped',
    message: `Rendering drops most of the template text: only ${share}% of it reaches the messages with this input. ${cause}`,
  }];
}
