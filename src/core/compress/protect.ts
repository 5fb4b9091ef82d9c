import type { TextRange } from '../text';

export interface ProtectedRangeOptions {
  /** The frontmatter block (the prompt adapter knows where it is for .prompt files). */
  readonly frontmatter?: TextRange;
}

export interface ProtectedScan {
  /** Fenced code blocks, fences included. */
  readonly fencedBlocks: TextRange[];
  /** Protected spans other than fenced blocks and structured blocks (also those inside the blocks), unmerged. */
  readonly inline: TextRange[];
  /** Unfenced JSON, YAML and tool/function definitions: literal, but whitespace between their tokens may go. */
  readonly structuredBlocks: TextRange[];
  /** Every protected span, sorted by start and merged. */
  readonly all: TextRange[];
}

const FENCE_OPEN = /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$/gm;
// Template syntaxes seen in prompt files: Handlebars/Dotprompt, Jinja/Prompty, f-string and JS placeholders.
const TEMPLATE = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]{0,2000}?\}\}\}|\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\}|\{#[\s\S]{0,2000}?#\}|\$\{[^{}\n]{1,200}\}|\{[A-Za-z_][\w.]{0,80}\}/g;
const INLINE_CODE = /``[^\n]+?``|`[^`\n]+`/g;
const QUOTED = /"[^"\n]{1,400}"|“[^”\n]{1,400}”|«[^»\n]{1,400}»|‘[^‘\n]{1,400}?’(?![\p{L}\p{N}])|(?<![\p{L}\p{N}'’])'(?=[^\s'])[^'\n]{1,400}?(?<=\S)'(?![\p{L}\p{N}])/gu;
/** Transcript turns: "User: …", "**Assistant:** …", "Q: …", "Human 2: …" — the whole line is literal. */
const TRANSCRIPT_LINE = /^[ \t]*(?:[-*+>][ \t]*)?(?:\*\*|__)?(?:user|assistant|human|ai|q|a|customer|agent|bot|chatbot|system|client|support|model|question|answer|input|output|me|you|interviewer|candidate|patient|doctor|student|teacher|tutor|caller|operator|person [a-z0-9]|speaker ?[a-z0-9]{0,3})(?:[ \t]*\d{1,3})?(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?:[ \t][^\n]*)?$/gim;
/** Any "Name: text" line; a run that alternates between two names is a dialogue. */
const LABEL_LINE = /^[ \t]*(?:[-*+][ \t]*)?(?:\*\*|__)?([A-Z][\w.'’-]{0,20}(?: [A-Z][\w.'’-]{0,20})?)(?:\*\*|__)?:(?:\*\*|__)?[ \t]+\S[^\n]*$/gm;
const BLOCK_QUOTE = /^[ \t]{0,3}>[^\n]*$/gm;
/** Tags whose content is data or an example, never instructions. */
const LITERAL_TAG = /<((?:[\w-]*(?:example|sample|transcript|conversation|dialog|chat|quote|document|doc|excerpt|input|output|tool|function|schema|json|yaml|xml|code|data|context|article|email|ticket|log|message|reply|response|answer|snippet|template|query|shot)[\w-]*))(?:\s[^<>\n]{0,200})?>/gi;
const CLOSING_TAG = /<\/([\w-]+)>/g;
const EXAMPLE_HEADING = /^(#{1,6})[ \t]+[^\n]*\b(?:examples?|samples?|few[- ]shots?|demonstrations?)\b[^\n]*$/gim;
const EXAMPLE_LABEL = /^[ \t]*(?:[-*+][ \t]*)?(?:\*\*|__)?(?:examples?|samples?|sample (?:input|output|response|answer)s?|example (?:input|output|response|answer|conversation|dialog(?:ue)?)s?|few[- ]shots?)(?:[ \t]*#?\d{1,3})?(?:[ \t]*\([^)\n]{0,40}\))?(?:\*\*|__)?[ \t]*:?(?:\*\*|__)?([^\n]*)$/gim;
const ANY_HEADING = /^(?:#{1,6}[ \t]+\S[^\n]*|[A-Z][A-Z0-9 &/()-]{2,60}:?[ \t]*|(?:\*\*|__)[^*_\n]{1,60}(?:\*\*|__):?[ \t]*|<\/?[A-Za-z_][\w-]*>[ \t]*)$/gm;
const INLINE_EXAMPLE = /\b(?:for example|for instance|e\.g\.)[,:]?[ \t]/gi;
const CODE_DEFINITION = /^[ \t]*(?:namespace|type|interface|function|def|class|declare|export)\b[^\n]*$/gm;
const YAML_LINE = /^([ \t]*)(?:- )?[\w.-]{1,40}:(?:[ \t]+[^\n]*)?$/;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`\])}]+/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Digits with their separators, units and currency signs: "$14.99", "24/7", "9:00", "30%", "2024-05-01".
const NUMBER = /[$€£¥]?\d+(?:[.,:/-]\d+)*%?/g;
const JSON_KEY = /"[^"\n]{1,200}"(?=\s*:)/g;
const XML_TAG = /<\/?[A-Za-z_][\w.:-]{0,60}(?:\s[^<>\n]{0,200})?\/?>/g;

/** Spans of plain prompt text that compression must never change. */
export function protectedRangesOf(text: string, options: ProtectedRangeOptions = {}): TextRange[] {
  return scanProtected(text, options.frontmatter ? [options.frontmatter] : []).all;
}

export function scanProtected(text: string, extra: readonly TextRange[] = []): ProtectedScan {
  const fencedBlocks = findFencedBlocks(text);
  const ranges: TextRange[] = [];
  const add = (re: RegExp, trimTrailingPunctuation = false, needle?: RegExp) => {
    // Most texts lack most syntaxes; a cheap presence test skips the full scan.
    if (needle && !needle.test(text)) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let end = m.index + m[0].length;
      if (trimTrailingPunctuation) while (end > m.index && /[.,;:!?]/.test(text[end - 1] ?? '')) end--;
      ranges.push({ start: m.index, end });
    }
  };
  add(TEMPLATE, false, /[{]/);
  add(INLINE_CODE, false, /`/);
  add(QUOTED, false, /["“«‘']/);
  add(URL, true, /:\/\/|www\./i);
  add(EMAIL, true, /@/);
  add(NUMBER, false, /\d/);
  add(JSON_KEY, false, /"/);
  add(XML_TAG, false, /</);
  add(TRANSCRIPT_LINE, false, /:/);
  if (/:/.test(text)) pushAll(ranges, transcriptRuns(text));
  if (/example/i.test(text)) pushAll(ranges, markedExamples(text));
  if (/^[ \t]*(?:SYSTEM|USER|ASSISTANT|HUMAN|AI|BOT|AGENT|CUSTOMER)[ \t]*$/m.test(text)) pushAll(ranges, bareSpeakerTurns(text));
  add(TIMESTAMP_LINE, false, /\d:\d\d/);
  add(LEGAL_LINE, false, /shall|definition/i);
  if (/\[\d{1,3}\]/.test(text)) pushAll(ranges, citedSections(text));
  if (/START|BEGIN/.test(text)) pushAll(ranges, delimitedMaterial(text));
  if (/^#/m.test(text)) pushAll(ranges, referenceSections(text));

  add(BLOCK_QUOTE, false, />/);
  if (/:/.test(text)) pushAll(ranges, dialogueLines(text));
  if (/</.test(text)) pushAll(ranges, literalTagContents(text));
  if (/example|sample|shot|demonstration/i.test(text)) pushAll(ranges, exampleSections(text));
  if (/for example|for instance|e\.g\./i.test(text)) pushAll(ranges, inlineExamples(text));
  const structuredBlocks = [...jsonBlocks(text, fencedBlocks), ...codeDefinitions(text), ...yamlBlocks(text), ...(/\n {4}|\n\t/.test(text) ? indentedLiteralLines(text) : [])];
  return { fencedBlocks, inline: ranges, structuredBlocks, all: mergeRanges([...ranges, ...structuredBlocks, ...fencedBlocks, ...extra]) };
}

/** `target.push(...items)` without the argument-count limit (a hostile text yields hundreds of thousands of spans). */
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The index of the first value in ascending `sorted` greater than `after` (`sorted.length` when none). */
function indexAfter(sorted: readonly number[], after: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first value in ascending `sorted` greater than `after`; undefined when none. */
function firstAfter(sorted: readonly number[], after: number): number | undefined {
  return sorted[indexAfter(sorted, after)];
}

/**
 * "Where does the section starting at `from` end": the next heading of level ≤ `level` (1–7; 7 stands for
 * non-markdown headings). One sorted list per level keeps every lookup a binary search, so a text with
 * thousands of headings and example labels stays linear.
 */
function headingIndex(headings: readonly { start: number; level: number }[], textLength: number): (from: number, level: number) => number {
  const byLevel: number[][] = [];
  for (let level = 1; level <= 7; level++) byLevel.push(headings.filter((h) => h.level <= level).map((h) => h.start));
  return (from, level) => firstAfter(byLevel[Math.min(7, Math.max(1, level)) - 1] ?? [], from) ?? textLength;
}

function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * A transcript: two or more speakers' turns within a few lines of each other. Everything from the first turn to
 * the end of the paragraph of the last one is literal, so multi-line turns keep their continuation lines.
 */
function transcriptRuns(text: string): TextRange[] {
  const out: TextRange[] = [];
  const turns = matchesOf(TRANSCRIPT_LINE, text);
  let run: RegExpExecArray[] = [];
  const flush = () => {
    const speakers = new Set(run.map((m) => /^[^:]*/.exec(m[0].trim().replace(/[*_]/g, ''))?.[0]?.toLowerCase() ?? ''));
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last && run.length >= 2 && speakers.size >= 2) {
      const blank = text.indexOf('\n\n', last.index + last[0].length);
      out.push({ start: first.index, end: blank < 0 ? text.length : blank });
    }
    run = [];
  };
  for (const m of turns) {
    const prev = run[run.length - 1];
    if (prev && text.slice(prev.index, m.index).split('\n').length - 1 > 40) flush();
    run.push(m);
  }
  flush();
  return out;
}

const EXAMPLE_START = /^[ \t]*[-=*#_ ]*(?:start|begin(?:ning)?) of (?:the )?(?:example|sample|demonstration)s?\b[^\n]*$/gim;
const EXAMPLE_CAPS_HEADING = /^[ \t]*(?:[A-Z0-9]+ )*(?:EXAMPLES?|SAMPLES?)(?: [A-Z0-9]+)*:?[ \t]*$/gm;
const EXAMPLE_END = /^[ \t]*[-=*#_ ]*end(?: of)? (?:the )?[^\n]{0,40}\b(?:example|sample|demonstration)s?\b[^\n]*$/gim;
const NEXT_HEADING = /^(?:#{1,6}[ \t]+\S|[A-Z][A-Z0-9 &/()-]{2,60}:?[ \t]*$)/gm;
/** Subtitle and transcript lines that start with a timestamp ("[02:17:55.040 --> …]", "00:01:02 …"). */
const TIMESTAMP_LINE = /^[ \t]*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?[^\n]*$/gm;
/** Definitions and statutory text ("Definition of novelty: …", "… shall be held to …") are quoted law, not instructions. */
const LEGAL_LINE = /^[ \t]*(?:[-*+][ \t]*)?definition(?: of [^:\n]{1,60})?:[^\n]*$|^[^\n]*\bshall\b[^\n]*\bshall\b[^\n]*$/gim;
const BARE_SPEAKER = /^[ \t]*(?:SYSTEM|USER|ASSISTANT|HUMAN|AI|BOT|AGENT|CUSTOMER)[ \t]*$/gm;

const CITATION = /\[\d{1,3}\](?!\()/g;
const MARKDOWN_HEADING = /^#{1,6}[ \t]+\S[^\n]*$/gm;

/**
 * Reference text pasted from an encyclopedia or paper ("… an event taking place.[43]"): a section (between
 * markdown headings) where three or more lines carry citation markers is quoted material, not instructions.
 */
function citedSections(text: string): TextRange[] {
  const bounds = [0, ...matchesOf(MARKDOWN_HEADING, text).map((m) => m.index), text.length];
  const out: TextRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i] ?? 0;
    const end = bounds[i + 1] ?? text.length;
    if (end <= start) continue;
    const lines = new Set<number>();
    CITATION.lastIndex = start;
    for (let m = CITATION.exec(text); m && m.index < end; m = CITATION.exec(text)) lines.add(text.lastIndexOf('\n', m.index));
    if (lines.size >= 3) {
      // The heading line itself stays editable; the body is quoted material.
      const bodyStart = /^#/.test(text.slice(start, start + 1)) ? text.indexOf('\n', start) + 1 || end : start;
      out.push({ start: bodyStart, end });
    }
  }
  return out;
}

const MATERIAL_START = /^[ \t]*[-=*#_ ]*(?:START|BEGIN)(?: OF)?(?: THE)? ([A-Z][A-Z0-9 _/&-]{2,60}?)[ \t]*[-=*#_ ]*$/gm;
const MATERIAL_END = /^[ \t]*[-=*#_ ]*END(?: OF)?(?: THE)? ([A-Z][A-Z0-9 _/&-]{2,60}?)[ \t]*[-=*#_ ]*$/gm;

/** "START PROMPT WRITING KNOWLEDGE … END PROMPT WRITING KNOWLEDGE": embedded material, delimited by its author. */
function delimitedMaterial(text: string): TextRange[] {
  const out: TextRange[] = [];
  const normal = (name: string) => name.trim().replace(/[ _]+/g, ' ');
  // Every END line once, by name: each START is then one binary search, never a scan of the rest.
  const ends = new Map<string, { ats: number[]; ends: number[] }>();
  for (const e of matchesOf(MATERIAL_END, text)) {
    const entry = ends.get(normal(e[1] ?? '')) ?? { ats: [], ends: [] };
    entry.ats.push(e.index);
    entry.ends.push(e.index + e[0].length);
    ends.set(normal(e[1] ?? ''), entry);
  }
  let covered = -1;
  for (const m of matchesOf(MATERIAL_START, text)) {
    if (m.index < covered) continue;
    const entry = ends.get(normal(m[1] ?? ''));
    const end = entry ? entry.ends[indexAfter(entry.ats, m.index)] : undefined;
    if (end === undefined) continue;
    out.push({ start: m.index, end });
    covered = end;
  }
  return out;
}

/** Headings of sections that hold reference material rather than instructions. */
const REFERENCE_HEADING = /^(#{1,6})[ \t]+[^\n]*\b(?:background|references?|knowledge|concepts?|definitions?|glossary|theory|sources?|citations?|documentation|excerpts?|appendix|articles?)\b[^\n]*$/gim;

/** The body of a section headed "Background", "Definitions", "… Concept", "Reference" …: quoted material, not instructions. */
function referenceSections(text: string): TextRange[] {
  const nextHeading = headingIndex(matchesOf(MARKDOWN_HEADING, text).map((m) => ({ start: m.index, level: /^#+/.exec(m[0])?.[0].length ?? 6 })), text.length);
  const out: TextRange[] = [];
  for (const m of matchesOf(REFERENCE_HEADING, text)) out.push({ start: m.index + m[0].length, end: nextHeading(m.index, (m[1] ?? '#').length) });
  return out;
}

/** "USER" / "SYSTEM" alone on a line (the OpenAI guide's style): the turn runs to the next speaker or heading. */
function bareSpeakerTurns(text: string): TextRange[] {
  const out: TextRange[] = [];
  const labels = matchesOf(BARE_SPEAKER, text);
  const headings = matchesOf(NEXT_HEADING, text).map((h) => h.index);
  labels.forEach((m, i) => {
    const next = labels[i + 1];
    const heading = firstAfter(headings, m.index + m[0].length);
    const end = Math.min(next ? next.index : text.length, heading ?? text.length, m.index + 4000);
    out.push({ start: m.index, end });
  });
  return out;
}

/** "--- START OF EXAMPLE --- … --- END OF EXAMPLE ---" */
function markedExamples(text: string): TextRange[] {
  const out: TextRange[] = [];
  const starts = [...matchesOf(EXAMPLE_START, text), ...matchesOf(EXAMPLE_CAPS_HEADING, text)].sort((a, b) => a.index - b.index);
  const ends = matchesOf(EXAMPLE_END, text).map((e) => ({ at: e.index, end: e.index + e[0].length }));
  const endStarts = ends.map((e) => e.at);
  const headings = matchesOf(NEXT_HEADING, text).map((h) => h.index);
  let covered = -1;
  for (const m of starts) {
    if (m.index < covered) continue; // inside a block already protected
    const end = ends[indexAfter(endStarts, m.index + m[0].length - 1)]?.end;
    // An "EXAMPLE …" heading without an end marker runs to the next heading.
    const stop = end ?? firstAfter(headings, m.index + m[0].length) ?? text.length;
    out.push({ start: m.index, end: stop });
    covered = stop;
  }
  return out;
}

const INDENTED_LINE = /^(?: {4,}|\t+)(?![-*+•] |\d{1,3}[.)] |[a-z][.)] )[^\n]*$/gm;

/** Lines indented like a code block (four spaces or a tab, not a list item): help output, code, data. */
function indentedLiteralLines(text: string): TextRange[] {
  const out: TextRange[] = [];
  for (const m of matchesOf(INDENTED_LINE, text)) {
    // A continuation line of an indented list item is prose; the line before tells.
    const prevStart = text.lastIndexOf('\n', m.index - 2) + 1;
    const prev = text.slice(prevStart, Math.max(prevStart, m.index - 1));
    if (/^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]/.test(prev) && !/^(?: {8,}|\t{2,})/.test(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Runs of "Name: text" lines that alternate between two or more names (X, Y, X): a dialogue. */
function dialogueLines(text: string): TextRange[] {
  const out: TextRange[] = [];
  const lines = matchesOf(LABEL_LINE, text);
  let run: RegExpExecArray[] = [];
  const flush = () => {
    const names = run.map((m) => (m[1] ?? '').toLowerCase());
    const alternates = names.some((n, i) => i >= 2 && names[i - 2] === n && names[i - 1] !== n);
    if (alternates) for (const m of run) out.push({ start: m.index, end: m.index + m[0].length });
    run = [];
  };
  for (const m of lines) {
    const prev = run[run.length - 1];
    // Consecutive label lines, allowing blank or continuation lines (up to 3) between turns.
    if (prev && text.slice(prev.index + prev[0].length, m.index).split('\n').length - 1 > 4) flush();
    run.push(m);
  }
  flush();
  return out;
}

/** `<example>…</example>`, `<document>…</document>`, `<tool_definition>…`: the whole element. */
function literalTagContents(text: string): TextRange[] {
  const out: TextRange[] = [];
  // Every closing tag once, by name: each opening tag is then one binary search.
  const closes = new Map<string, number[]>();
  for (const c of matchesOf(CLOSING_TAG, text)) {
    const name = (c[1] ?? '').toLowerCase();
    const list = closes.get(name) ?? [];
    list.push(c.index);
    closes.set(name, list);
  }
  let covered = -1;
  for (const m of matchesOf(LITERAL_TAG, text)) {
    if (m.index < covered) continue;
    const name = m[1] ?? '';
    const close = firstAfter(closes.get(name.toLowerCase()) ?? [], m.index + m[0].length - 1);
    if (close === undefined) continue;
    out.push({ start: m.index, end: close + name.length + 3 });
    covered = close + name.length + 3;
  }
  return out;
}

/** Sections headed "Example(s)" (markdown headings and label lines), up to the next heading of the same or a higher level. */
function exampleSections(text: string): TextRange[] {
  const out: TextRange[] = [];
  const nextHeading = headingIndex(matchesOf(ANY_HEADING, text).map((m) => ({ start: m.index, level: /^#+/.exec(m[0])?.[0].length ?? 7 })), text.length);
  for (const m of matchesOf(EXAMPLE_HEADING, text)) out.push({ start: m.index, end: nextHeading(m.index, (m[1] ?? '#').length) });
  for (const m of matchesOf(EXAMPLE_LABEL, text)) {
    const rest = (m[1] ?? '').trim();
    // "Example: User: hi" holds its example on the line; a bare "Examples:" label runs to the next heading.
    out.push({ start: m.index, end: rest.length > 0 && !/^[*_]*$/.test(rest) ? m.index + m[0].length : nextHeading(m.index, 7) });
  }
  return out;
}

/** "for example …" / "e.g. …" to the end of its sentence: the example is the author's literal wording. */
function inlineExamples(text: string): TextRange[] {
  const out: TextRange[] = [];
  for (const m of matchesOf(INLINE_EXAMPLE, text)) {
    const from = m.index;
    const limit = Math.min(text.length, from + 600);
    let end = limit;
    for (let i = from + m[0].length; i < limit; i++) {
      const ch = text[i];
      if (ch === '\n' || ((ch === '.' || ch === '!' || ch === '?' || ch === ')') && /\s/.test(text[i + 1] ?? ' '))) {
        end = i;
        break;
      }
    }
    out.push({ start: from, end });
  }
  return out;
}

/** Finds the end of a JSON-like value starting at `start`, string-aware; -1 when unbalanced within `limit`. */
export function balancedEnd(text: string, start: number, limit: number): number {
  let depth = 0;
  let inString = false;
  const stop = Math.min(text.length, start + limit);
  for (let i = start; i < stop; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

const JSON_START = /^[ \t]*[[{][ \t]*(?:$|["{[])/gm;

/** Multi-line JSON values outside fences (tool and function definitions, schemas, sample payloads). */
function jsonBlocks(text: string, fenced: readonly TextRange[]): TextRange[] {
  if (!/[{[]/.test(text)) return [];
  const out: TextRange[] = [];
  JSON_START.lastIndex = 0;
  for (let m = JSON_START.exec(text); m; m = JSON_START.exec(text)) {
    const start = m.index + m[0].search(/[[{]/);
    if (fenced.some((b) => start >= b.start && start < b.end)) continue;
    const end = balancedEnd(text, start, 200_000);
    if (end < 0) {
      JSON_START.lastIndex = start + 1;
      continue;
    }
    if (text.slice(start, end).includes('\n') || /"\s*:/.test(text.slice(start, end))) out.push({ start, end });
    JSON_START.lastIndex = end;
  }
  return out;
}

/** `namespace functions { … }`, `type lookup = (_: { … }) => any;`, `def f(…):` lines and their bodies. */
function codeDefinitions(text: string): TextRange[] {
  if (!/\b(?:namespace|type|interface|function|def|class|declare|export)\b/.test(text)) return [];
  const out: TextRange[] = [];
  for (const m of matchesOf(CODE_DEFINITION, text)) {
    // Only lines that look like code: brackets, "=", "=>" or a trailing ":" after parentheses.
    if (!/[{}()=;]|=>/.test(m[0])) continue;
    const open = m[0].indexOf('{');
    let end = m.index + m[0].length;
    if (open >= 0) {
      const close = balancedEnd(text, m.index + open, 200_000);
      if (close > end) end = close;
    }
    out.push({ start: m.index, end });
  }
  return out;
}

/** Three or more `key: value` lines with at least one nested (indented) key: a YAML block. */
function yamlBlocks(text: string): TextRange[] {
  if (!/:\s*\n[ \t]+/.test(text)) return [];
  const out: TextRange[] = [];
  let runStart = -1;
  let runEnd = 0;
  let lines = 0;
  let nested = false;
  let offset = 0;
  const flush = () => {
    if (runStart >= 0 && lines >= 3 && nested) out.push({ start: runStart, end: runEnd });
    runStart = -1;
    lines = 0;
    nested = false;
  };
  while (offset <= text.length) {
    let nl = text.indexOf('\n', offset);
    if (nl < 0) nl = text.length;
    const line = text.slice(offset, nl);
    const m = line.length <= 300 ? YAML_LINE.exec(line) : null;
    if (m && !/^[ \t]*(?:[-*+][ \t]+)?[A-Z][a-z]+ [a-z]/.test(line)) {
      if (runStart < 0) runStart = offset;
      runEnd = nl;
      lines++;
      if ((m[1] ?? '').length > 0 && lines > 1) nested = true;
    } else if (!(runStart >= 0 && /^[ \t]+- \S/.test(line))) flush();
    else runEnd = nl;
    offset = nl + 1;
  }
  flush();
  return out;
}

function findFencedBlocks(text: string): TextRange[] {
  const blocks: TextRange[] = [];
  FENCE_OPEN.lastIndex = 0;
  for (let m = FENCE_OPEN.exec(text); m; m = FENCE_OPEN.exec(text)) {
    const fence = m[1] ?? '```';
    const start = m.index;
    const close = new RegExp(`^[ \\t]{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`, 'gm');
    close.lastIndex = start + m[0].length + 1;
    const c = close.exec(text);
    const end = c ? c.index + c[0].length : text.length;
    blocks.push({ start, end });
    FENCE_OPEN.lastIndex = end + 1;
    if (!c) break;
  }
  return blocks;
}

export function mergeRanges(ranges: readonly TextRange[]): TextRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      if (r.end > last.end) merged[merged.length - 1] = { start: last.start, end: r.end };
    } else merged.push({ start: r.start, end: r.end });
  }
  return merged;
}

/** Sorted, merged ranges with O(log n) overlap queries. */
export class RangeSet {
  readonly ranges: TextRange[];

  constructor(ranges: readonly TextRange[]) {
    this.ranges = mergeRanges(ranges);
  }

  /** Index of the first range whose end is after `offset`. */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ranges[mid]?.end ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Does [start, end) share a character with a range? An empty span counts when strictly inside one. */
  overlaps(start: number, end: number): boolean {
    const r = this.ranges[this.firstEndingAfter(start)];
    if (!r) return false;
    return end > start ? r.start < end : r.start < start;
  }

  containing(offset: number): TextRange | undefined {
    const r = this.ranges[this.firstEndingAfter(offset)];
    return r && r.start <= offset ? r : undefined;
  }
}
