import type { TextEdit } from '../../text';
import { isSentenceStart, LINE_WINDOW, lineEndNear as lineEndOf, lineStartNear as lineStartOf, wordAfter, wordBefore } from '../segment';
import type { Candidate, MatcherRule, RuleContext } from '../types';
import { balancedEnd } from '../protect';

/** Words after which an intensifier only adds emphasis, never degree: dropping it keeps the instruction. */
const EMPHASIS_ONLY = new Set([
  'important', 'essential', 'critical', 'crucial', 'necessary', 'vital', 'imperative', 'key', 'sure', 'certain',
  'careful', 'carefully', 'strict', 'strictly', 'never', 'always', 'must', 'not', 'no', 'required', 'mandatory',
  'forbidden', 'prohibited', 'helpful', 'accurate', 'correct', 'polite', 'professional', 'clear', 'clearly',
]);
/** Idioms in which the intensifier is part of the meaning ("very few", "the very first"). */
const KEEP_INTENSIFIER_BEFORE = new Set([
  'much', 'many', 'few', 'little', 'well', 'same', 'first', 'last', 'least', 'most', 'own', 'end', 'beginning', 'start',
  'best', 'top', 'bottom', 'next', 'thing', 'moment', 'beginning', 'idea', 'good', 'bad', 'long', 'large', 'small', 'high', 'low',
]);

export const intensifier: MatcherRule = {
  kind: 'matcher',
  id: 'intensifier',
  title: 'Intensifier',
  description: '"very", "really", "extremely", "absolutely"… Before importance words ("VERY IMPORTANT", "absolutely never") it is the author’s emphasis; elsewhere it changes the degree ("absolutely necessary" is a higher bar than "necessary"). Offered for review only.',
  category: 'emphasis',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'clause',
  examples: [
    { before: 'It is very important to be accurate.', after: 'It is important to be accurate.' },
    { before: 'You must absolutely never share card numbers.', after: 'You must never share card numbers.' },
    { before: 'Be extremely careful with refunds.', after: 'Be careful with refunds.' },
  ],
  triggerWords: ['very', 'really', 'extremely', 'absolutely', 'truly', 'incredibly', 'super', 'exceptionally'],
  pattern: /(?<![\w'’-])(very|really|extremely|absolutely|truly|incredibly|super|exceptionally)(?=[ \t]+[a-z])/gi,
  match(m, ctx) {
    const next = wordAfter(ctx.text, m.index + m[0].length);
    if (!/^[a-z]/i.test(next) || KEEP_INTENSIFIER_BEFORE.has(next)) return null;
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'very' && /^(?:the|this|that|its|your|their|his|her|our|a)$/.test(wordBefore(ctx.text, m.index))) return null;
    const emphasisOnly = EMPHASIS_ONLY.has(next);
    if (word === 'super' && !emphasisOnly) return null;
    return {
      start: m.index,
      end: m.index + m[0].length,
      replacement: '',
      note: emphasisOnly ? 'review: it weakens the emphasis' : `review: "${m[0]} ${next}" → "${next}" changes the degree`,
    };
  },
};

export const fillerAdverb: MatcherRule = {
  kind: 'matcher',
  id: 'filler-adverb',
  title: 'Filler adverb',
  description: '"Of course," opening a sentence is safe to drop; "Basically,"/"Essentially," (they can hedge a claim), "Simply …" (it can mean "only"), "Actually,", "Certainly," and mid-sentence adverbs are offered for review.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'adjacent',
  examples: [
    { before: 'Of course, stay polite.', after: 'Stay polite.' },
    { before: 'Basically, you route tickets.', after: 'You route tickets.' },
    { before: 'Simply return the JSON.', after: 'Return the JSON.' },
  ],
  triggerWords: ['basically', 'essentially', 'actually', 'literally', 'simply', 'definitely', 'certainly', 'obviously', 'course'],
  pattern: /(?<![\w'’-])(basically|essentially|actually|literally|simply|definitely|certainly|obviously|of course)(,?)(?=[ \t]+[a-z])/gi,
  match(m, ctx) {
    const atStart = isSentenceStart(ctx.text, m.index);
    const word = (m[1] ?? '').toLowerCase();
    // "simply" mid-sentence is often manner ("explain it simply"); "certainly"/"definitely" can carry a promise.
    if (!atStart && (word === 'simply' || word === 'of course')) return null;
    // Labels and scales ("A (Definitely True)", "Certainly Not") name a value; they are not filler.
    const next = /^,?[ \t]+(\S)/.exec(ctx.text.slice(m.index + (m[1] ?? '').length))?.[1] ?? '';
    if (ctx.text[m.index - 1] === '(' || /\p{Lu}/u.test(next)) return null;
    // "Basically,"/"Essentially," can hedge a claim ("Essentially, all marketing is …"): review.
    const safe = atStart && m[2] === ',' && word === 'of course';
    return { start: m.index, end: m.index + m[0].length, replacement: '', ...(safe ? {} : { tier: 'review' as const, note: 'review: may carry meaning here' }) };
  },
};

/** Moves `offset` back over spaces and one comma when a comma precedes them. */
function withLeadingComma(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return text[i - 1] === ',' ? i - 1 : offset;
}

const FIRM_RULE = /\b(?:must|never|always|only|not|required|forbidden)\b|n['’]t\b/i;

export const hedge: MatcherRule = {
  kind: 'matcher',
  id: 'hedge',
  title: 'Hedge',
  description: '"try to", "if possible", "as much as possible" soften an instruction. Dropping one makes it stricter, so the fix is never applied in bulk; next to a firm rule it is only reported (decide which one you mean).',
  category: 'filler',
  defaultSeverity: 'hint',
  tier: 'review',
  negationGuard: 'adjacent',
  examples: [
    { before: 'Try to keep answers under 100 words.', after: 'Keep answers under 100 words.' },
    { before: 'Answer in English if possible.', after: 'Answer in English.' },
    { before: 'Try to never promise refunds.', after: 'Never promise refunds.', autoFix: false },
  ],
  triggerWords: ['try', 'attempt', 'best', 'possible', 'can', 'appropriate', 'ability'],
  pattern: /\b(?:(?:try (?:your best |hard )?to|do your best to|attempt to)(?=[ \t]+[a-z])|(if possible|where possible|whenever possible|when possible|as much as possible|if you can|where appropriate|as best (?:as )?you can|to the best of your ability)\b)/gi,
  match(found, ctx) {
    // A trailing hedge takes its comma and spaces with it: "Keep it short, if possible." → "Keep it short."
    const start = found[1] ? withLeadingComma(ctx.text, found.index) : found.index;
    const m = Object.assign([ctx.text.slice(start, found.index + found[0].length)], { index: start, input: found.input }) as RegExpExecArray;
    const sentence = ctx.sentenceAt(m.index + (m[0].length - m[0].trimStart().length)) ?? { start: lineStartOf(ctx.text, m.index), end: lineEndOf(ctx.text, m.index) };
    const rest = ctx.text.slice(Math.max(sentence.start, m.index - LINE_WINDOW), Math.min(sentence.end, m.index + m[0].length + LINE_WINDOW)).replace(m[0], ' ');
    const firm = FIRM_RULE.exec(rest);
    if (firm) return { start: m.index, end: m.index + m[0].length, replacement: '', reportOnly: true, note: `the hedge weakens "${firm[0]}" in the same sentence: decide which you mean` };
    return { start: m.index, end: m.index + m[0].length, replacement: '' };
  },
};

export const ordinalInList: MatcherRule = {
  kind: 'matcher',
  id: 'ordinal-in-list',
  title: 'Ordinal word in a numbered list',
  description: '"1. First, …", "4. Finally, …": the number already gives the order (bullets do not, so they are left alone). "Then,", "Next," and "After that," can carry a condition from the item before, so those are offered for review.',
  category: 'redundancy',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: '1. First, read the ticket.\n2. Then, check the order.', after: '1. Read the ticket.\n2. Check the order.' },
    { before: '3. Finally, close the ticket.', after: '3. Close the ticket.' },
  ],
  triggerWords: ['first', 'firstly', 'second', 'secondly', 'third', 'thirdly', 'fourth', 'fourthly', 'fifth', 'fifthly', 'next', 'then', 'after', 'afterwards', 'finally', 'lastly', 'last'],
  pattern: /^([ \t]*(?:\d{1,3}[.)]|step \d{1,3}[:.)]?)[ \t]+)(first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|next|then|after that|afterwards|finally|lastly|last),/gimu,
  match(m) {
    const start = m.index + (m[1] ?? '').length;
    // "Then," / "Next," / "After that," can carry a condition from the previous item ("If X, stop. 2. Then, …").
    const connective = /^(?:next|then|after that|afterwards)$/i.test(m[2] ?? '');
    return { start, end: m.index + m[0].length, replacement: '', ...(connective ? { tier: 'review' as const, note: 'review: it may carry a condition from the previous item' } : {}) };
  },
};

export const emphasisLabel: MatcherRule = {
  kind: 'matcher',
  id: 'emphasis-label',
  title: 'Emphasis label',
  description: '"**IMPORTANT:**", "NOTE:", "CRITICAL:" in front of an instruction. The label is the author’s deliberate signal, so the fix is offered for review only.',
  category: 'markup',
  defaultSeverity: 'hint',
  tier: 'review',
  negationGuard: 'none',
  examples: [
    { before: '**IMPORTANT:** Never share card numbers.', after: 'Never share card numbers.' },
    { before: 'NOTE: Refunds take 5 days.', after: 'Refunds take 5 days.' },
  ],
  triggerWords: ['important', 'note', 'critical', 'crucial', 'remember', 'warning', 'attention', 'reminder'],
  pattern: /(\*\*|__)?\b(IMPORTANT|NOTE|CRITICAL|CRUCIAL|REMEMBER|WARNING|ATTENTION|REMINDER|Important|Note|Critical|Remember|Reminder)(!*)(?:(\*\*|__):|:(\*\*|__)?)[ \t]+(?=\S)/g,
  match(m, ctx) {
    const open = m[1];
    const close = m[4] ?? m[5];
    if ((open ?? '') !== (close ?? '')) return null;
    if (!isSentenceStart(ctx.text, m.index)) return null;
    return { start: m.index, end: m.index + m[0].trimEnd().length, replacement: '' };
  },
};

export const boldEmphasis: MatcherRule = {
  kind: 'matcher',
  id: 'bold-emphasis',
  title: 'Bold inside an instruction',
  description: '"You must **never** …": the asterisks cost ~2 tokens per pair and the word already carries the rule. Offered for review (emphasis is deliberate).',
  category: 'markup',
  defaultSeverity: 'hint',
  tier: 'review',
  negationGuard: 'none',
  examples: [{ before: 'You must **never** share card numbers.', after: 'You must never share card numbers.' }],
  pattern: /\*\*([^*\n:]{1,40})\*\*/g,
  match(m, ctx) {
    const inner = m[1] ?? '';
    if (inner.trim() !== inner || inner.split(/\s+/).length > 4) return null;
    const lineStart = lineStartOf(ctx.text, m.index);
    // Headings and "**Label:**"-style list heads structure the prompt; leave them.
    if (/^[ \t]*(?:#+|[-*+]|\d+[.)])?\s*$/.test(ctx.text.slice(lineStart, m.index))) return null;
    if (ctx.text[m.index + m[0].length] === ':') return null;
    // Bold names of sections or groups the output must contain ("a section titled **Ingredients**",
    // "under **New**, **Improved** and **Fixed**") are formatting instructions, not emphasis.
    if (/\b(?:titled|called|named|headed|labell?ed|under|section|heading|header|group|column)\s+(?:\*\*[^*\n]*\*\*\s*(?:,|and|or)\s*)*$/i.test(ctx.text.slice(lineStart, m.index))) return null;
    if (/^\s*(?:,|and\b|or\b)\s*\*\*|^\s*\*\*/.test(ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 8)) || /\*\*\s*(?:,|and|or)\s*$/.test(ctx.text.slice(Math.max(lineStart, m.index - 8), m.index))) return null;
    return {
      start: m.index,
      end: m.index + m[0].length,
      edits: [
        { range: { start: m.index, end: m.index + 2 }, newText: '' },
        { range: { start: m.index + m[0].length - 2, end: m.index + m[0].length }, newText: '' },
      ],
    };
  },
};

/** Symbols that carry meaning in instructions ("❌ Share passwords" means don't). */
const MEANINGFUL_EMOJI = /[❌✅✔✓✗✘⛔🚫⚠👍👎➡⬅⬆⬇→←]/u;
const EMOJI_INSTRUCTION_WORDS = /\b(?:emoji|emojis|icon|icons|symbol|symbols|react|prefix|begin|start|output|format|reply with|respond with|mark|label|use|add|include|send)\b/i;

export const emoji: MatcherRule = {
  kind: 'matcher',
  id: 'emoji',
  title: 'Decorative emoji',
  description: 'Emoji decorating headings and list items cost 1–3 tokens each, but a model mirrors the style it is shown, so the fix is offered for review. Only line-leading/trailing decoration is fixed; meaningful symbols (❌ ✅ ⚠️) and emoji that the instruction talks about are left alone.',
  category: 'markup',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'none',
  examples: [
    { before: '## 📋 Rules', after: '## Rules' },
    { before: '- Be friendly 😊', after: '- Be friendly' },
    { before: 'Reply with 👍 when done.', after: 'Reply with 👍 when done.', autoFix: false },
  ],
  pattern: /(?:\p{Extended_Pictographic}(?:\u{FE0F}|\u{200D}\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*)+/gu,
  match(m, ctx) {
    const text = ctx.text;
    const start = m.index;
    const end = start + m[0].length;
    if (/^[©®™‼⁉]+$/u.test(m[0])) return null;
    const lineStart = lineStartOf(text, start);
    const lineEnd = lineEndOf(text, end);
    const leading = isSentenceStart(text, start) && /^[ \t]+\S/.test(text.slice(end, lineEnd));
    const trailing = /^[ \t.!]*$/.test(text.slice(end, lineEnd)) && text.slice(lineStart, start).trim().length > 0;
    const line = text.slice(lineStart, lineEnd);
    if (MEANINGFUL_EMOJI.test(m[0]) || EMOJI_INSTRUCTION_WORDS.test(line) || !(leading || trailing)) {
      return { start, end, replacement: '', reportOnly: true, note: 'it may be part of the instruction' };
    }
    return { start, end, replacement: '' };
  },
};

export const politeness: MatcherRule = {
  kind: 'matcher',
  id: 'politeness',
  title: 'Politeness filler',
  description: '"Please" opening an instruction and "Thank you for your help!" sentences. Models follow instructions without them. A mid-sentence "please" may be the only clause boundary ("If unsure please ask"), so it is offered for review.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Please respond in English.', after: 'Respond in English.' },
    { before: 'Escalate to billing, please.', after: 'Escalate to billing.' },
    { before: 'Be kind. Thank you for your help!', after: 'Be kind.' },
  ],
  triggerWords: ['please', 'thank', 'thanks', 'appreciate'],
  pattern: /(?<![\w'’-])(?:(?:thank you|thanks)(?: (?:so|very) much)?(?: in advance)?(?: for (?:your|all your|the) (?:help|assistance|cooperation|time|attention|hard work|effort|understanding))?[.!]*|i (?:really )?appreciate (?:your|the|all your) (?:help|assistance|effort)[.!]*|please(?![\w]),?)/gi,
  match(m, ctx) {
    const text = ctx.text;
    // ", please." at the end of a sentence takes its comma with it.
    const start = /^please/i.test(m[0]) ? withLeadingComma(text, m.index) : m.index;
    const matched = text.slice(start, m.index + m[0].length);
    const end = start + matched.length;
    if (/please/i.test(matched)) {
      const core = start + matched.search(/please/i);
      const after = text.slice(end, lineEndOf(text, end));
      if (/^[ \t]*[.!]/.test(after)) return matched.startsWith(',') ? { start, end: core + 6, replacement: '' } : null;
      if (!/^[ \t]+[\p{Ll}]/u.test(after) || matched.startsWith(',')) return null;
      // Mid-sentence "please" may be the only clause boundary ("If unsure please ask").
      if (!isSentenceStart(text, core)) return { start: core, end, replacement: '', tier: 'review', note: 'review: mid-sentence it may mark a clause boundary' };
      return { start: core, end, replacement: '' };
    }
    // A thank-you is filler only as a whole sentence: "Thank you for your help!" — not "thank the customer".
    if (!isSentenceStart(text, start)) return null;
    if (!/^[ \t]*(?:$|\n|[A-Z*#-])/.test(text.slice(end, end + 2) || '')) return null;
    if (/^[ \t]*[\p{L}]/u.test(text.slice(end, lineEndOf(text, end))) && !/[.!]$/.test(matched)) return null;
    return { start, end, replacement: '' };
  },
};

export const genericIdentity: MatcherRule = {
  kind: 'matcher',
  id: 'generic-identity',
  title: 'Generic identity',
  description: '"You are a helpful, harmless and honest AI assistant." tells the model what it already is. Name the role and domain instead (reported, not fixed).',
  category: 'redundancy',
  defaultSeverity: 'hint',
  tier: 'hint',
  negationGuard: 'none',
  examples: [
    { before: 'You are a helpful, harmless and honest AI assistant.', after: 'You are Acme’s billing support agent.', autoFix: false },
  ],
  triggerWords: ['you'],
  pattern: /(?<![\p{L}])you are (?:an? )?(?:(?:very |really |extremely )?(?:helpful|harmless|honest|friendly|smart|intelligent|useful|knowledgeable|capable|powerful|advanced|brilliant|kind|polite|reliable|large|general[- ]purpose)(?:,? (?:and )?|,? )?)+(?:ai |artificial intelligence |virtual |digital |chat |language )?(?:assistant|model|chatbot|bot|ai|helper)(?![\p{L}])\.?/giu,
  match(m, ctx) {
    const end = m.index + m[0].length;
    // "…assistant for Acme Bank" names a domain: not generic.
    if (!/^[ \t]*(?:$|\n|[A-Z])/.test(ctx.text.slice(end, end + 2))) return null;
    return { start: m.index, end, replacement: '', reportOnly: true, note: 'name the role and domain instead, or drop it' };
  },
};


function whitespaceOutsideStrings(text: string, start: number, end: number): TextEdit[] {
  const edits: TextEdit[] = [];
  let inString = false;
  for (let i = start; i < end; i++) {
    const ch = text[i] ?? '';
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    if (/\s/.test(ch)) {
      let j = i + 1;
      while (j < end && /\s/.test(text[j] ?? '')) j++;
      edits.push({ range: { start: i, end: j }, newText: '' });
      i = j - 1;
    }
  }
  return edits;
}

function insideTemplateExpression(text: string, offset: number): boolean {
  const open = Math.max(text.lastIndexOf('{{', offset), text.lastIndexOf('{%', offset));
  const close = Math.max(text.lastIndexOf('}}', offset), text.lastIndexOf('%}', offset));
  return open > close;
}

function fenceLanguage(ctx: RuleContext, offset: number): string | undefined {
  const block = ctx.fencedBlocks.find((b) => b.start <= offset && offset < b.end);
  if (!block) return undefined;
  return /^[ \t]*(?:`{3,}|~{3,})[ \t]*([\w+-]*)/.exec(ctx.text.slice(block.start, lineEndOf(ctx.text, block.start)))?.[1]?.toLowerCase() ?? '';
}

export const jsonCompact: MatcherRule = {
  kind: 'matcher',
  id: 'json-compact',
  title: 'Pretty-printed JSON',
  description: 'Indented JSON costs about twice the tokens of compact JSON. Only valid JSON outside template expressions is compacted, and only whitespace between tokens is removed (keys, strings and numbers stay byte-identical). Not applied in bulk: a model tends to mirror the layout of JSON it is shown.',
  category: 'format',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'none',
  examples: [{ before: 'Reply as:\n{\n  "status": "ok",\n  "items": [\n    1,\n    2\n  ]\n}', after: 'Reply as:\n{"status":"ok","items":[1,2]}' }],
  pattern: /^[ \t]*[[{]/gm,
  match(m, ctx): Candidate | null {
    const text = ctx.text;
    const start = m.index + m[0].length - 1;
    const language = fenceLanguage(ctx, start);
    if (language !== undefined && !['', 'json', 'jsonc'].includes(language)) return null;
    if (insideTemplateExpression(text, start)) return null;
    const end = balancedEnd(text, start, 100_000);
    if (end < 0) return null;
    const source = text.slice(start, end);
    if (!source.includes('\n')) return null;
    try {
      const value: unknown = JSON.parse(source);
      if (typeof value !== 'object' || value === null) return null;
    } catch {
      return null;
    }
    const edits = whitespaceOutsideStrings(text, start, end);
    if (edits.length === 0) return null;
    const lines = source.split('\n').length;
    // Nested objects on their own lines would match again; continue after this value.
    jsonCompact.pattern.lastIndex = end;
    return { start, end, edits, message: `Pretty-printed JSON (${lines} lines): compact it` };
  },
};
