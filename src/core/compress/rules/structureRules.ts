import type { TextEdit, TextRange } from '../../text';
import { countNegations } from '../guards';
import { extractPreservables } from '../preservation';
import { contentWords, lineEndOf, lineStartOf, splitSections } from '../segment';
import type { LocalFinding, RuleContext, StructureRule } from '../types';

/** Above this many sentences the pairwise analyses stop (a prompt that long needs splitting first). */
const MAX_SENTENCES = 4000;
/** A word in more sentences than this is too common to find near-duplicates with. */
const MAX_POSTING = 64;

interface SentenceInfo {
  readonly range: TextRange;
  readonly text: string;
  readonly words: readonly string[];
  readonly normalised: string;
  readonly negative: boolean;
  readonly limiter: boolean;
  readonly inExample: boolean;
}

interface Example {
  readonly range: TextRange;
  readonly shape: string;
}

interface Analysis {
  readonly sentences: readonly SentenceInfo[];
  readonly index: ReadonlyMap<string, readonly number[]>;
  readonly examples: readonly Example[];
}

const analyses = new WeakMap<RuleContext, Analysis>();

function analyse(ctx: RuleContext): Analysis {
  const cached = analyses.get(ctx);
  if (cached) return cached;
  const examples = findExamples(ctx.text);
  const inExample = (r: TextRange) => examples.some((e) => r.start >= e.range.start && r.start < e.range.end);
  const sentences = ctx.sentences.slice(0, MAX_SENTENCES).map((range) => {
    const text = ctx.text.slice(range.start, range.end);
    return {
      range,
      text,
      words: [...new Set(contentWords(text))],
      normalised: text.toLowerCase().replace(/[\s*_`]+/g, ' ').replace(/[.!?:;,\s]+$/, '').trim(),
      negative: countNegations(text) > 0,
      limiter: /\b(?:only|except|unless)\b/i.test(text),
      inExample: inExample(range),
    };
  });
  const index = new Map<string, number[]>();
  sentences.forEach((s, i) => {
    for (const w of s.words) {
      const list = index.get(w);
      if (list) list.push(i);
      else index.set(w, [i]);
    }
  });
  const result = { sentences, index, examples };
  analyses.set(ctx, result);
  return result;
}

/** Earlier sentences sharing words with `words`, with the number shared; common words are skipped. */
function overlaps(a: Analysis, words: readonly string[], before: number): Map<number, number> {
  const shared = new Map<number, number>();
  for (const w of words) {
    const list = a.index.get(w);
    if (!list || list.length > MAX_POSTING) continue;
    for (const j of list) {
      if (j >= before) break;
      shared.set(j, (shared.get(j) ?? 0) + 1);
    }
  }
  return shared;
}

function snippet(s: string, max = 60): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Removes a sentence with its trailing space, or its whole line when nothing else is on it. */
function removeSentenceEdit(text: string, range: TextRange): TextEdit {
  const lineStart = lineStartOf(text, range.start);
  const lineEnd = lineEndOf(text, range.end);
  if (/^[ \t]*(?:[-*+•][ \t]+|\d{1,3}[.)][ \t]+)?$/.test(text.slice(lineStart, range.start)) && text.slice(range.end, lineEnd).trim() === '') {
    return { range: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' };
  }
  let end = range.end;
  while (end < lineEnd && (text[end] === ' ' || text[end] === '\t')) end++;
  return { range: { start: range.start, end }, newText: '' };
}

/** True when every fact of `span` (numbers, URLs, names, quotes, variables) also exists outside it. */
function factsKeptElsewhere(text: string, spans: readonly TextRange[]): boolean {
  return factsOnlyIn(text, spans).length === 0;
}

function factsOnlyIn(text: string, spans: readonly TextRange[]): string[] {
  let rest = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) rest = rest.slice(0, s.start) + '\n' + rest.slice(s.end);
  const facts = new Set<string>();
  for (const s of spans) {
    const p = extractPreservables(text.slice(s.start, s.end));
    for (const item of [...p.numbers, ...p.urls, ...p.quotedStrings, ...p.templateVariables, ...p.namedEntities]) {
      if (!rest.includes(item)) facts.add(item);
    }
  }
  return [...facts];
}

export const duplicateSentence: StructureRule = {
  kind: 'structure',
  id: 'duplicate-sentence',
  title: 'Duplicate sentence',
  description: 'The same sentence appears twice (ignoring case, spacing and markup). The fix removes the later copy; review it, since a late repeat is sometimes deliberate.',
  category: 'structure',
  defaultSeverity: 'info',
  tier: 'review',
  examples: [{ before: 'Cite the article ID.\nBe brief.\nCite the article ID.', after: 'Cite the article ID.\nBe brief.\n' }],
  analyze(ctx) {
    const a = analyse(ctx);
    const first = new Map<string, SentenceInfo>();
    const out: LocalFinding[] = [];
    for (const s of a.sentences) {
      if (s.inExample || s.normalised.split(' ').length < 3) continue;
      const earlier = first.get(s.normalised);
      if (!earlier) {
        first.set(s.normalised, s);
        continue;
      }
      out.push({
        range: s.range,
        message: `Duplicate sentence: "${snippet(s.text)}" already appears earlier`,
        tokensSaved: ctx.countTokens(s.text),
        edits: [removeSentenceEdit(ctx.text, s.range)],
        tier: 'review',
        relatedRanges: [earlier.range],
        fixTitle: 'Remove the repeated sentence',
      });
    }
    return out;
  },
};

const NAME_TOKEN = /\b(?:[A-Z][A-Z0-9_-]+|\d+(?:[.,]\d+)*)\b/g;

function namesIn(text: string): Set<string> {
  return new Set(text.match(NAME_TOKEN) ?? []);
}

/**
 * "Create a section called OVERT GOALS…" / "…called COVERT GOALS…": parallel items that differ in
 * a name or a number are a list, not a repetition.
 */
function parallelNamedItems(na: ReadonlySet<string>, nb: ReadonlySet<string>): boolean {
  return [...na].some((n) => !nb.has(n)) && [...nb].some((n) => !na.has(n));
}

export const nearDuplicate: StructureRule = {
  kind: 'structure',
  id: 'near-duplicate',
  title: 'Near-duplicate sentence',
  description: 'Two sentences with almost the same content words (Jaccard ≥ 0.75 by default) and the same polarity. Reported with both ranges; merge them by hand.',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'hint',
  examples: [
    {
      before: 'Always verify the customer email before sharing order details.\nBefore sharing any order details, always verify the email of the customer.',
      after: 'Always verify the customer email before sharing order details.',
      autoFix: false,
    },
  ],
  analyze(ctx) {
    const a = analyse(ctx);
    const threshold = ctx.options.nearDuplicateThreshold;
    const out: LocalFinding[] = [];
    // Names per sentence, computed once and only for sentences that reach the threshold.
    const names = new Map<number, Set<string>>();
    const namesOf = (k: number): Set<string> => {
      let n = names.get(k);
      if (!n) names.set(k, (n = namesIn(a.sentences[k]?.text ?? '')));
      return n;
    };
    a.sentences.forEach((s, i) => {
      if (s.inExample || s.words.length < 4) return;
      let best: { j: number; score: number } | undefined;
      for (const [j, shared] of overlaps(a, s.words, i)) {
        const o = a.sentences[j];
        if (!o || o.inExample || o.words.length < 4) continue;
        if (o.normalised === s.normalised || o.negative !== s.negative || o.limiter !== s.limiter) continue;
        const score = shared / (s.words.length + o.words.length - shared);
        // The name check only for pairs that would be reported: it runs two regexes.
        if (score >= threshold && (!best || score > best.score) && !parallelNamedItems(namesOf(i), namesOf(j))) best = { j, score };
      }
      const o = best && a.sentences[best.j];
      if (!best || !o) return;
      out.push({
        range: s.range,
        message: `Near-duplicate (${Math.round(best.score * 100)}% same words) of "${snippet(o.text)}": merge them`,
        tokensSaved: ctx.countTokens(s.text),
        relatedRanges: [o.range],
      });
    });
    return out;
  },
};

interface Concept {
  readonly label: string;
  readonly pattern: RegExp;
}

/** Instructions prompts tend to repeat in other words. */
const CONCEPTS: readonly Concept[] = [
  { label: 'concise', pattern: /\b(?:concise(?:ly|ness)?|brief(?:ly)?|brevity|succinct(?:ly)?|short|to the point|terse(?:ly)?|not too long)\b/gi },
  { label: 'accurate', pattern: /\b(?:accura(?:te|tely|cy)|factual(?:ly)?|correct information|precise(?:ly)?)\b/gi },
  { label: 'no made-up facts', pattern: /\b(?:make (?:things |anything |something |information |facts )?up|made[- ]up|fabricat\w*|invent\w*|hallucinat\w*)\b/gi },
  { label: 'polite', pattern: /\b(?:polite(?:ly|ness)?|courteous(?:ly)?|respectful(?:ly)?|friendly|kind(?:ly)?|warm)\b/gi },
  { label: 'professional', pattern: /\bprofessional(?:ly|ism)?\b/gi },
  { label: 'clear', pattern: /\b(?:clear(?:ly)?|easy to (?:understand|read|follow)|understandable|plain language|simple language)\b/gi },
  { label: 'empathetic', pattern: /\b(?:empath\w*|compassion\w*|sympathetic)\b/gi },
  { label: 'step by step', pattern: /\bstep[- ]by[- ]step\b/gi },
];

export const conceptRepeated: StructureRule = {
  kind: 'structure',
  id: 'concept-repeated',
  title: 'Same instruction in other words',
  description: 'One idea ("concise": brief, short, to the point…) stated in several sentences across the prompt. Reported with every mention; say it once.',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'hint',
  examples: [
    {
      before: 'Be concise.\nKeep answers brief.\nUse short sentences and get to the point.',
      after: 'Be concise; use short sentences.',
      autoFix: false,
    },
  ],
  analyze(ctx) {
    const a = analyse(ctx);
    const out: LocalFinding[] = [];
    for (const concept of CONCEPTS) {
      const mentions: { range: TextRange; phrase: string }[] = [];
      for (const s of a.sentences) {
        if (s.inExample) continue;
        concept.pattern.lastIndex = 0;
        const m = concept.pattern.exec(s.text);
        if (!m) continue;
        const start = s.range.start + m.index;
        if (ctx.isProtected(start, start + m[0].length)) continue;
        mentions.push({ range: { start, end: start + m[0].length }, phrase: m[0] });
      }
      if (mentions.length < ctx.options.conceptRepeatThreshold) continue;
      const phrases = [...new Set(mentions.map((m) => m.phrase.toLowerCase()))];
      const first = mentions[0];
      if (!first) continue;
      out.push({
        range: first.range,
        message: `'${concept.label}' expressed ${mentions.length} times (${phrases.join(', ')}): say it once`,
        tokensSaved: mentions.slice(1).reduce((n, m) => n + ctx.countTokens(` ${m.phrase}`), 0),
        relatedRanges: mentions.map((m) => m.range),
      });
    }
    return out;
  },
};

const EXAMPLE_HEADING = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(?:example|sample)\b[^\n]{0,60}$/gim;
const EXAMPLE_TAG = /<(example|sample|shot)\b[^>]*>([\s\S]*?)<\/\1>/gi;
const LINE_LABEL = /^[ \t]*(?:[-*][ \t]*)?(?:\*\*)?([A-Za-z][A-Za-z ]{0,18}?)(?:\*\*)?:(?:\*\*)?(?:[ \t]|$)/;
const DIALOGUE_LABELS = /^(?:user|assistant|customer|agent|human|ai|bot|q|a|question|answer|input|output|query|response|reply|ticket|text|label|category|sentiment)$/i;

function shapeOf(block: string): string {
  const labels: string[] = [];
  for (const line of block.split('\n')) {
    const tag = /^[ \t]*<([A-Za-z_][\w-]*)>/.exec(line);
    const label = LINE_LABEL.exec(line);
    if (tag?.[1]) labels.push(`<${tag[1].toLowerCase()}>`);
    else if (label?.[1]) labels.push(label[1].toLowerCase());
  }
  return labels.join('/') || 'text';
}

/** Examples as tagged blocks, "Example N" sections, or runs of labelled dialogue turns. */
function findExamples(text: string): Example[] {
  const examples: Example[] = [];
  EXAMPLE_TAG.lastIndex = 0;
  for (let m = EXAMPLE_TAG.exec(text); m; m = EXAMPLE_TAG.exec(text)) {
    examples.push({ range: { start: m.index, end: m.index + m[0].length }, shape: shapeOf(m[2] ?? '') });
  }
  const starts: number[] = [];
  EXAMPLE_HEADING.lastIndex = 0;
  for (let m = EXAMPLE_HEADING.exec(text); m; m = EXAMPLE_HEADING.exec(text)) {
    if (!examples.some((e) => m.index >= e.range.start && m.index < e.range.end) && !/examples?\s*:?\s*$/i.test(m[0]) || /\d/.test(m[0])) starts.push(m.index);
  }
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] ?? 0;
    const bodyStart = lineEndOf(text, start) + 1;
    let end = starts[i + 1] ?? text.length;
    const heading = /^#{1,6}[ \t]|^\n\n\n/m.exec(text.slice(bodyStart, end));
    if (heading) end = bodyStart + heading.index;
    const body = text.slice(Math.min(bodyStart, end), end);
    if (examples.some((e) => start >= e.range.start && start < e.range.end)) continue;
    examples.push({ range: { start, end: start + (end - start) - (body.length - body.trimEnd().length) }, shape: shapeOf(body) });
  }
  if (examples.length === 0) examples.push(...dialogueExamples(text));
  return examples.sort((a, b) => a.range.start - b.range.start);
}

/** "User: … / Assistant: …" pairs: each occurrence of the run's first label starts one example. */
function dialogueExamples(text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let run: { label: string; start: number; end: number; labels: string[] }[] = [];
  const flush = () => {
    const firstLabel = run[0]?.label;
    if (firstLabel && new Set(run.map((r) => r.label)).size >= 2) {
      let current: { start: number; end: number; labels: string[] } | undefined;
      for (const turn of run) {
        if (turn.label === firstLabel) {
          if (current) out.push({ range: { start: current.start, end: current.end }, shape: current.labels.join('/') });
          current = { start: turn.start, end: turn.end, labels: [] };
        }
        if (current) {
          current.end = turn.end;
          current.labels.push(turn.label);
        }
      }
      if (current) out.push({ range: { start: current.start, end: current.end }, shape: current.labels.join('/') });
    }
    run = [];
  };
  for (const line of lines) {
    const label = LINE_LABEL.exec(line)?.[1]?.toLowerCase();
    if (label && DIALOGUE_LABELS.test(label)) run.push({ label, start: offset, end: offset + line.length, labels: [] });
    else if (line.trim() !== '' && run.length > 0) {
      const last = run[run.length - 1];
      // A continuation line of the previous turn; a heading ends the run.
      if (last && !/^#/.test(line.trim())) last.end = offset + line.length;
      else flush();
    }
    offset += line.length + 1;
  }
  flush();
  return out;
}

export const repetitiveExamples: StructureRule = {
  kind: 'structure',
  id: 'repetitive-examples',
  title: 'Many same-shape examples',
  description: 'Three or more examples with the same structure: one or two usually teach the format. Reports the saving and the facts (numbers, names, URLs) that exist only in the examples that would go. No fix.',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'hint',
  examples: [
    {
      before: 'User: Where is order 1?\nAssistant: It ships today.\nUser: Where is order 2?\nAssistant: It shipped.\nUser: Where is order 3?\nAssistant: It arrives Monday.',
      after: 'User: Where is order 1?\nAssistant: It ships today.',
      autoFix: false,
    },
  ],
  analyze(ctx) {
    const a = analyse(ctx);
    const groups = new Map<string, Example[]>();
    for (const e of a.examples) {
      const list = groups.get(e.shape);
      if (list) list.push(e);
      else groups.set(e.shape, [e]);
    }
    const out: LocalFinding[] = [];
    for (const [shape, examples] of groups) {
      if (examples.length < ctx.options.exampleRepeatThreshold) continue;
      const dropped = examples.slice(2);
      const first = dropped[0];
      const last = dropped[dropped.length - 1];
      if (!first || !last) continue;
      const tokens = dropped.reduce((n, e) => n + ctx.countTokens(ctx.text.slice(e.range.start, e.range.end)), 0);
      const facts = factsOnlyIn(ctx.text, dropped.map((e) => e.range));
      const factList = facts.length === 0 ? 'no facts exist only in them' : `only in them: ${facts.slice(0, 8).join(', ')}${facts.length > 8 ? ` (+${facts.length - 8} more)` : ''}`;
      out.push({
        range: { start: first.range.start, end: last.range.end },
        message: `${examples.length} examples with the same shape (${shape}): keeping 2 would save ~${tokens} tokens; ${factList}`,
        tokensSaved: tokens,
        relatedRanges: examples.map((e) => e.range),
      });
    }
    return out;
  },
};

function estimateTokens(text: string, start: number, end: number): number {
  let ascii = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) < 128) ascii++;
  return ascii / 3 + (end - start - ascii);
}

export const longSection: StructureRule = {
  kind: 'structure',
  id: 'long-section',
  title: 'Very long section',
  description: 'A section (between headings) longer than the configured token budget (800 by default). Long undifferentiated blocks are where repetition hides; split or trim.',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'hint',
  examples: [
    {
      before: '## Policies\nRefunds take 5 days. Shipping is free over $50. Returns need a receipt. Exchanges are free.',
      after: '## Refunds\nRefunds take 5 days.\n## Shipping\nShipping is free over $50.',
      autoFix: false,
      options: { longSectionTokens: 10 },
    },
  ],
  analyze(ctx) {
    const limit = ctx.options.longSectionTokens;
    const out: LocalFinding[] = [];
    for (const section of splitSections(ctx.text, ctx.fencedBlocks)) {
      const { start, end } = section.range;
      // Tokenizing is the expensive part: skip sections whose cheap estimate (≈3 ASCII chars or 1 other char per
      // token, an over-estimate for prose) is clearly under budget.
      if (estimateTokens(ctx.text, start, end) < limit) continue;
      const tokens = ctx.countTokens(ctx.text.slice(start, end));
      if (tokens <= limit) continue;
      const headingRange = section.heading ?? { start, end: Math.max(start + 1, lineEndOf(ctx.text, start)) };
      const name = section.heading ? `"${snippet(ctx.text.slice(section.heading.start, section.heading.end), 40)}"` : 'without a heading';
      out.push({
        range: headingRange,
        message: `Section ${name} is ${tokens} tokens (budget ${limit}): split or trim it`,
        tokensSaved: 0,
        relatedRanges: [section.range],
      });
    }
    return out;
  },
};

// A heading ("## Final reminders", "Remember:") or an inline lead-in ("To summarize: …", "In summary, …").
const RECAP_HEADER = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(final reminders?|key reminders?|important reminders?|reminders?|to summari[sz]e|in summary|summary|to recap|recap|key (?:points|takeaways|rules)(?: to remember)?|remember)(?:\*\*)?[ \t]*(?:(?::|(?<=summari[sz]e|summary|recap),)(?:\*\*)?[ \t]*(.*)|[!.]?(?:\*\*)?[ \t]*)$/gim;
const LIST_ITEM = /^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+(.+)$/;

export const recapBlock: StructureRule = {
  kind: 'structure',
  id: 'recap-block',
  title: 'Recap block',
  description: '"Final reminders" / "To summarize" blocks repeating earlier instructions. Reported with how many items repeat; when every item repeats an earlier sentence and no fact lives only there, a fix removes the block — never in bulk, because a closing recap is sometimes deliberate (recency).',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'review',
  examples: [
    {
      before: 'Keep answers concise.\nNever guess tracking numbers.\n\nFinal reminders:\n- Be concise.\n- Never guess tracking numbers.',
      after: 'Keep answers concise.\nNever guess tracking numbers.\n\n',
    },
  ],
  analyze(ctx) {
    const a = analyse(ctx);
    const text = ctx.text;
    const out: LocalFinding[] = [];
    RECAP_HEADER.lastIndex = 0;
    for (let m = RECAP_HEADER.exec(text); m; m = RECAP_HEADER.exec(text)) {
      if (ctx.fencedBlocks.some((b) => m.index >= b.start && m.index < b.end)) continue;
      const headerStart = m.index + (m[0].length - m[0].trimStart().length);
      const items: { range: TextRange; text: string }[] = [];
      const inline = m[2]?.trim() ?? '';
      const headerEnd = m.index + m[0].length;
      if (inline) {
        const inlineStart = headerEnd - (m[2] ?? '').length;
        for (const part of splitItems(text.slice(inlineStart, headerEnd))) items.push({ range: { start: inlineStart + part.start, end: inlineStart + part.end }, text: part.text });
      }
      let end = headerEnd;
      let pos = headerEnd + 1;
      while (pos < text.length) {
        const lineEnd = lineEndOf(text, pos);
        const line = text.slice(pos, lineEnd);
        const item = LIST_ITEM.exec(line);
        if (item?.[1]) {
          items.push({ range: { start: pos + line.indexOf(item[1]), end: lineEnd }, text: item[1] });
          end = lineEnd;
        } else if (line.trim() === '' && items.length === 0 && !inline) {
          // allow one blank line between header and list
        } else if (line.trim() !== '' && !inline && items.length === 0 && !/^#/.test(line.trim())) {
          items.push({ range: { start: pos, end: lineEnd }, text: line });
          end = lineEnd;
        } else break;
        pos = lineEnd + 1;
      }
      if (items.length === 0) continue;
      const earlierCount = a.sentences.findIndex((s) => s.range.start >= headerStart);
      const limit = earlierCount < 0 ? a.sentences.length : earlierCount;
      const repeated = items.filter((item) => repeatsEarlier(a, item.text, limit));
      if (repeated.length === 0) continue;
      const blockRange = { start: headerStart, end };
      const tokens = ctx.countTokens(text.slice(blockRange.start, blockRange.end));
      const all = repeated.length === items.length;
      // The header's own words ("Final Reminders") are not facts; the items must not hold any fact found nowhere else.
      const removable = all && factsKeptElsewhere(text, items.map((i) => i.range)) && !ctx.isProtected(blockRange.start, blockRange.end);
      out.push({
        range: { start: headerStart, end: headerEnd },
        message: `Recap block: ${repeated.length} of ${items.length} items repeat earlier instructions${all ? '' : '; trim the repeated ones'}`,
        tokensSaved: all ? tokens : repeated.reduce((n, r) => n + ctx.countTokens(r.text), 0),
        relatedRanges: [blockRange, ...repeated.map((r) => r.range)],
        ...(removable
          ? { edits: [{ range: { start: headerStart, end: Math.min(text.length, end + 1) }, newText: '' }], tier: 'review', fixTitle: 'Remove the recap block' }
          : {}),
      });
    }
    return out;
  },
};

function splitItems(s: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  const re = /[^,;.]+/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const raw = m[0].replace(/^\s*(?:and|or)\s+/i, '');
    if (raw.trim()) out.push({ start: m.index + (m[0].length - raw.length), end: m.index + m[0].length, text: raw.trim() });
  }
  return out;
}

/** An item repeats an earlier sentence when most of its content words are there with the same polarity. */
function repeatsEarlier(a: Analysis, item: string, before: number): boolean {
  const words = [...new Set(contentWords(item))];
  if (words.length === 0) return false;
  const negative = countNegations(item) > 0;
  const limiter = /\b(?:only|except|unless)\b/i.test(item);
  for (const [j, shared] of overlaps(a, words, before)) {
    const o = a.sentences[j];
    if (!o || o.negative !== negative || o.limiter !== limiter) continue;
    if (shared / words.length >= 0.6) return true;
  }
  return false;
}

const IDENTITY = /^(?:you are|you['’]re|act as|your role is)\b/i;
const RESTATED = /^(?:remember|as a reminder|again|once again|don['’]t forget|never forget|always remember|keep in mind)(?:,|:)?\s+(?:that\s+)?(?:you are|you['’]re)\b/i;

export const roleRestated: StructureRule = {
  kind: 'structure',
  id: 'role-restated',
  title: 'Role restated',
  description: '"Remember, you are a helpful …" near the end when the identity was already set at the start. The fix removes it (for review) unless it carries a fact found nowhere else.',
  category: 'structure',
  defaultSeverity: 'hint',
  tier: 'review',
  examples: [
    {
      before: 'You are the support agent for Acme.\nAnswer billing questions.\nRemember, you are a helpful support agent for Acme.',
      after: 'You are the support agent for Acme.\nAnswer billing questions.\n',
    },
  ],
  analyze(ctx) {
    const a = analyse(ctx);
    const head = a.sentences.slice(0, 3);
    const identity = head.find((s) => IDENTITY.test(s.text));
    if (!identity) return [];
    const out: LocalFinding[] = [];
    for (const s of a.sentences) {
      if (s.range.start <= identity.range.start || !RESTATED.test(s.text)) continue;
      const removable = factsKeptElsewhere(ctx.text, [s.range]);
      out.push({
        range: s.range,
        message: `Role restated: the identity is already set at the start ("${snippet(identity.text, 50)}")`,
        tokensSaved: ctx.countTokens(s.text),
        relatedRanges: [identity.range],
        ...(removable ? { edits: [removeSentenceEdit(ctx.text, s.range)], tier: 'review', fixTitle: 'Remove the restated role' } : {}),
      });
    }
    return out;
  },
};
