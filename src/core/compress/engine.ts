import type { PromptDiagnostic, Severity } from '../diagnostics';
import { formatUsd } from '../pricing/format';
import type { TextEdit, TextRange } from '../text';
import { lowerTier } from './grammar';
import { hasNegation, isNegationWord, meaningChange } from './guards';
import { compilePhraseRule, expandReplacement } from './phrase';
import { RangeSet, scanProtected } from './protect';
import { COMPRESSION_RULES } from './rules';
import { clauseStart, findSentence, isSentenceStart, LINE_WINDOW, lineEndNear, lineStartNear, splitSentences, wordAfter, wordBefore } from './segment';
import type {
  Candidate,
  CompressionFinding,
  CompressionOptions,
  CompressionRule,
  LocalFinding,
  MatcherRule,
  PhraseRule,
  RuleContext,
  Tier,
} from './types';

export const COMPRESS_SOURCE = 'promptscope.compress';

/** Above this size the structure analyses skip (a pasted book is not a prompt); phrase rules still run. */
const MAX_STRUCTURE_CHARS = 400_000;
const MAX_FINDINGS_PER_RULE = 500;

interface EngineContext extends RuleContext {
  /** Protected spans except fenced code, for whitespace-only edits inside code fences (JSON compaction). */
  readonly protectedOutsideFences: RangeSet;
  countCached(s: string): number;
}

function buildContext(text: string, options: CompressionOptions): EngineContext {
  const base = options.baseOffset ?? 0;
  const callerRanges = options.protectedRanges.map((r) => ({ start: r.start - base, end: r.end - base }));
  const scan = scanProtected(text);
  const all = new RangeSet([...scan.all, ...callerRanges]);
  const callerOutsideFences = callerRanges.flatMap((r) => subtract(r, scan.fencedBlocks));
  const protectedOutsideFences = new RangeSet([...scan.inline, ...callerOutsideFences, ...fenceLines(text, scan.fencedBlocks)]);
  const sentences = splitSentences(text, scan.fencedBlocks);
  const cache = new Map<string, number>();
  const countCached = (s: string): number => {
    let n = cache.get(s);
    if (n === undefined) {
      n = s.length === 0 ? 0 : options.countTokens(s);
      cache.set(s, n);
    }
    return n;
  };
  return {
    text,
    countTokens: countCached,
    countCached,
    isProtected: (start, end) => all.overlaps(start, end),
    protectedOutsideFences,
    fencedBlocks: scan.fencedBlocks,
    options: {
      longSectionTokens: options.longSectionTokens ?? 800,
      nearDuplicateThreshold: options.nearDuplicateThreshold ?? 0.75,
      conceptRepeatThreshold: options.conceptRepeatThreshold ?? 3,
      exampleRepeatThreshold: options.exampleRepeatThreshold ?? 3,
    },
    sentences,
    sentenceAt: (offset) => findSentence(sentences, offset),
    words: new Set(text.toLowerCase().split(/[^a-z]+/)),
  };
}

/** The fence lines themselves (```json … ```) stay untouched even by whitespace-only edits. */
function fenceLines(text: string, blocks: readonly TextRange[]): TextRange[] {
  const out: TextRange[] = [];
  for (const b of blocks) {
    const firstNl = text.indexOf('\n', b.start);
    const bodyStart = firstNl < 0 || firstNl >= b.end ? b.end : firstNl + 1;
    out.push({ start: b.start, end: bodyStart });
    const closeLine = text.lastIndexOf('\n', b.end - 1);
    if (closeLine >= bodyStart) out.push({ start: closeLine, end: b.end });
  }
  return out;
}

function subtract(r: TextRange, holes: readonly TextRange[]): TextRange[] {
  let parts: TextRange[] = [r];
  for (const h of holes) {
    if (h.end <= r.start || h.start >= r.end) continue;
    parts = parts.flatMap((p) => {
      const out: TextRange[] = [];
      if (h.start > p.start) out.push({ start: p.start, end: Math.min(h.start, p.end) });
      if (h.end < p.end) out.push({ start: Math.max(h.end, p.start), end: p.end });
      return out;
    });
  }
  return parts;
}

function resolveSeverity(rule: CompressionRule, options: CompressionOptions): Severity | undefined {
  const setting = options.enabledRules?.[rule.id];
  if (setting === false || setting === 'off') return undefined;
  if (setting === undefined || setting === true) return rule.defaultSeverity;
  return setting;
}

interface Pending {
  readonly priority: number;
  readonly finding: LocalFinding & { ruleId: string; severity: Severity };
  /** The span this finding claims (match plus its edits) for overlap resolution between rules. */
  readonly claim: TextRange;
}

/**
 * Finds compressible text. Ranges in the result are whole-file offsets (`baseOffset` added); token savings are
 * counted on the affected sentence only, with the caller's tokenizer.
 */
export function findCompressions(text: string, options: CompressionOptions): CompressionFinding[] {
  const steps = compressionSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Candidates a rule may turn into findings between two chances for the caller to pause. */
const CANDIDATES_PER_STEP = 64;

/**
 * `findCompressions` in slices of about `sliceMs`, letting other tasks run between them: on the
 * editor's thread a whole pass over a long prompt is one task of 100 ms or more when cold.
 */
export async function findCompressionsInSlices(text: string, options: CompressionOptions, sliceMs = 10): Promise<CompressionFinding[]> {
  const steps = compressionSteps(text, options);
  let sliceStart = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      sliceStart = Date.now();
    }
  }
}

/** The one implementation of both: yields after each rule (and every CANDIDATES_PER_STEP candidates), where a caller may pause. */
function* compressionSteps(text: string, options: CompressionOptions): Generator<void, CompressionFinding[]> {
  const ctx = buildContext(text, options);
  yield;
  const pending: Pending[] = [];
  const structural: (LocalFinding & { ruleId: string; severity: Severity })[] = [];
  for (const [priority, rule] of COMPRESSION_RULES.entries()) {
    const severity = resolveSeverity(rule, options);
    if (!severity) continue;
    if (rule.kind === 'structure') {
      if (text.length > MAX_STRUCTURE_CHARS) continue;
      for (const f of rule.analyze(ctx).slice(0, MAX_FINDINGS_PER_RULE)) structural.push({ ...f, ruleId: rule.id, severity });
      yield;
      continue;
    }
    if (rule.kind === 'matcher' && rule.triggerWords && !rule.triggerWords.some((w) => ctx.words.has(w))) continue;
    let produced = 0;
    let seen = 0;
    for (const candidate of candidatesOf(rule, ctx)) {
      if (++seen % CANDIDATES_PER_STEP === 0) yield;
      const finding = materialize(candidate, rule, ctx);
      if (!finding) continue;
      pending.push({ priority, finding: { ...finding, ruleId: rule.id, severity }, claim: claimOf(finding) });
      if (++produced >= MAX_FINDINGS_PER_RULE) break;
    }
    yield;
  }
  const accepted = resolveOverlaps(pending);
  const base = options.baseOffset ?? 0;
  return [...accepted, ...structural]
    .sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)
    .map((f) => shift(f, base));
}

function* candidatesOf(rule: PhraseRule | MatcherRule, ctx: EngineContext): Generator<Candidate> {
  const { text } = ctx;
  if (rule.kind === 'phrase') {
    const { regex, slots, keyWords } = compilePhraseRule(rule);
    if (keyWords && !keyWords.some((w) => ctx.words.has(w))) return;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      const slot = slots.find((s) => m[s.group] !== undefined);
      if (!slot) continue;
      if ((rule.sentenceStartOnly || slot.entry.atSentenceStart) && !isSentenceStart(text, m.index)) continue;
      yield {
        start: m.index,
        end: m.index + m[0].length,
        replacement: expandReplacement(m, slot.group, slot.entry.replace),
        ...(slot.entry.tier !== undefined ? { tier: slot.entry.tier } : {}),
        ...(slot.entry.guards ? { guards: slot.entry.guards } : {}),
      };
    }
    return;
  }
  rule.pattern.lastIndex = 0;
  for (let m = rule.pattern.exec(text); m; m = rule.pattern.exec(text)) {
    if (m[0].length === 0) rule.pattern.lastIndex++;
    const candidate = rule.match(m, ctx);
    if (candidate) yield candidate;
  }
}

function claimOf(f: LocalFinding): TextRange {
  let start = f.range.start;
  let end = f.range.end;
  for (const e of f.edits ?? []) {
    start = Math.min(start, e.range.start);
    end = Math.max(end, e.range.end);
  }
  return { start, end };
}

/** Earlier rules in the catalog are more specific; a later rule's finding that overlaps one already taken is dropped. */
function resolveOverlaps(pending: Pending[]): (LocalFinding & { ruleId: string; severity: Severity })[] {
  pending.sort((a, b) => a.priority - b.priority || a.claim.start - b.claim.start);
  const taken: TextRange[] = [];
  const out: (LocalFinding & { ruleId: string; severity: Severity })[] = [];
  for (const p of pending) {
    let lo = 0;
    let hi = taken.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((taken[mid]?.start ?? 0) < p.claim.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = taken[lo - 1];
    const next = taken[lo];
    if ((prev && prev.end > p.claim.start) || (next && next.start < p.claim.end)) continue;
    taken.splice(lo, 0, p.claim);
    out.push(p.finding);
  }
  return out;
}

function shift(f: LocalFinding & { ruleId: string; severity: Severity }, base: number): CompressionFinding {
  const move = (r: TextRange): TextRange => ({ start: r.start + base, end: r.end + base });
  const edits = f.edits?.map((e) => ({ range: move(e.range), newText: e.newText }));
  return {
    ruleId: f.ruleId,
    range: move(f.range),
    severity: f.severity,
    message: f.message,
    tokensSaved: f.tokensSaved,
    ...(edits && edits.length > 0 ? { edits, fixTitle: f.fixTitle ?? 'Compress' } : {}),
    tier: edits && edits.length > 0 ? f.tier ?? 'review' : 'hint',
    safe: Boolean(edits && edits.length > 0 && f.tier === 'safe'),
    ...(f.relatedRanges ? { relatedRanges: f.relatedRanges.map(move) } : {}),
  };
}

const PLAIN_LOWER_WORD = /^[a-z][a-z'’-]*(?![\w])/;

/** Turns a rule's candidate into a checked finding, or drops it (protected, no saving). */
function materialize(c: Candidate, rule: PhraseRule | MatcherRule, ctx: EngineContext): LocalFinding | undefined {
  const { text } = ctx;
  const matched = text.slice(c.start, c.end);
  if (c.edits) return materializeEdits(c, rule, ctx);
  if (ctx.isProtected(c.start, c.end) || matched.includes('\n\n')) return undefined;
  let tier: Tier = lowerTier(rule.tier, c.tier);
  let guardNote: string | undefined;
  const guardInput = { text, start: c.start, end: c.end, wordBefore: wordBefore(text, c.start), wordAfter: wordAfter(text, c.end), ctx };
  for (const guard of [...(rule.guards ?? []), ...(c.guards ?? [])]) {
    if (!guard.blocks(guardInput)) continue;
    if (guard.onBlock === 'drop') return undefined;
    if (tier === 'safe') {
      tier = 'review';
      guardNote = `review: ${guard.reason}`;
    }
  }
  const replacement = c.replacement ?? '';
  let edit: TextEdit;
  if (replacement === '') edit = removalEdit(text, c.start, c.end, matched, ctx);
  else edit = { range: { start: c.start, end: c.end }, newText: applyCase(matched, replacement) };

  let note = c.note ?? guardNote;
  let reportOnly = c.reportOnly ?? false;
  const oldText = text.slice(edit.range.start, edit.range.end);
  const change = reportOnly ? undefined : meaningChange(oldText, edit.newText, { allowDroppingConditions: rule.id === 'hedge' });
  if (change) {
    reportOnly = true;
    note = `review by hand: ${change}`;
  } else if (!reportOnly && replacement === '' && /\bthat$/i.test(matched) && parallelThatFollows(ctx, c.end)) {
    reportOnly = true;
    note = 'review by hand: a parallel "and that" follows';
  } else if (!reportOnly && rule.negationGuard !== 'none' && nearNegation(rule.negationGuard ?? 'adjacent', ctx, c.start, c.end)) {
    reportOnly = true;
    note = 'review by hand: it sits next to a negation';
  }

  const tokensSaved = savingOf(ctx, [edit]);
  if (tokensSaved <= 0) return undefined;
  const shown = matched.replace(/\s+/g, ' ').trim();
  const what = replacement === '' ? `remove "${shown}"` : `"${shown}" → "${edit.newText.trim() || applyCase(matched, replacement)}"`;
  const message = `${c.message ?? rule.title}: ${what}${note ? ` (${note})` : ''}`;
  return {
    range: { start: c.start, end: c.end },
    message,
    tokensSaved,
    ...(reportOnly ? {} : { edits: [edit], tier, fixTitle: replacement === '' ? `Remove "${shown}"` : `Replace with "${applyCase(matched, replacement)}"` }),
  };
}

/** Whitespace-only edits (JSON compaction) may go inside code fences, never into other protected spans. */
function materializeEdits(c: Candidate, rule: PhraseRule | MatcherRule, ctx: EngineContext): LocalFinding | undefined {
  const edits = c.edits ?? [];
  for (const e of edits) {
    const removed = ctx.text.slice(e.range.start, e.range.end);
    const whitespaceOnly = e.newText === '' && /^\s+$/.test(removed);
    const blocked = whitespaceOnly ? ctx.protectedOutsideFences.overlaps(e.range.start, e.range.end) : ctx.isProtected(e.range.start, e.range.end);
    if (blocked) return undefined;
  }
  const tokensSaved = savingOf(ctx, edits);
  if (tokensSaved <= 0) return undefined;
  return {
    range: { start: c.start, end: c.end },
    message: c.message ?? rule.title,
    tokensSaved,
    ...(c.reportOnly ? {} : { edits, tier: lowerTier(rule.tier, c.tier), fixTitle: rule.title }),
  };
}

/** "Remember that A, and that B": dropping the first "that" would orphan the second. */
function parallelThatFollows(ctx: EngineContext, from: number): boolean {
  const sentence = ctx.sentenceAt(from);
  const end = Math.min(sentence ? sentence.end : lineEndNear(ctx.text, from), from + LINE_WINDOW);
  return /\b(?:and|or|but) that\b/i.test(ctx.text.slice(from, end));
}

function nearNegation(guard: 'adjacent' | 'strict' | 'clause', ctx: EngineContext, start: number, end: number): boolean {
  const { text } = ctx;
  const after = wordAfter(text, end);
  if (isNegationWord(wordBefore(text, start))) return true;
  if (guard === 'adjacent') return after === 'not';
  if (guard === 'strict') return isNegationWord(after);
  const sentence = ctx.sentenceAt(start);
  const from = clauseStart(text, start, sentence?.start ?? lineStartNear(text, start));
  return hasNegation(text.slice(from, start));
}

/** Removes a phrase with the whitespace it leaves behind, capitalising the next word at a sentence start. */
function removalEdit(text: string, start: number, end: number, matched: string, ctx: EngineContext): TextEdit {
  let s = start;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  const nextChar = text[e] ?? '';
  if (e >= text.length || nextChar === '\n' || nextChar === '\r' || /[.,;:!?)\]]/.test(nextChar)) {
    // Nothing word-like follows: take the spaces before instead, or the whole line when it becomes empty.
    e = end;
    const lineStart = lineStartNear(text, start);
    const lineEnd = lineEndNear(text, end);
    const rest = text.slice(end, lineEnd);
    if (/^\s*$/.test(rest) && /^[ \t]*(?:[-*+•][ \t]*)?$/.test(text.slice(lineStart, start))) {
      return { range: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' };
    }
    while (s > lineStart && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
    return { range: { start: s, end: e }, newText: '' };
  }
  const startsUpper = /^\P{L}*\p{Lu}/u.test(matched);
  if (startsUpper && isSentenceStart(text, start) && PLAIN_LOWER_WORD.test(text.slice(e, e + 40)) && !ctx.isProtected(e, e + 1)) {
    return { range: { start: s, end: e + 1 }, newText: nextChar.toUpperCase() };
  }
  return { range: { start: s, end: e }, newText: '' };
}

export function applyCase(matched: string, replacement: string): string {
  const letters = matched.replace(/\P{L}/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase()) return replacement.toUpperCase();
  if (/^\P{L}*\p{Lu}/u.test(matched)) return replacement.replace(/\p{L}/u, (ch) => ch.toUpperCase());
  return replacement;
}

/** Tokens saved by `edits`, counted on the sentence(s) they touch rather than on the whole file. */
function savingOf(ctx: EngineContext, edits: readonly TextEdit[]): number {
  if (edits.length === 0) return 0;
  const { text } = ctx;
  let start = Math.min(...edits.map((e) => e.range.start));
  let end = Math.max(...edits.map((e) => e.range.end));
  const first = ctx.sentenceAt(start);
  const last = ctx.sentenceAt(Math.max(start, end - 1));
  const editStart = start;
  const editEnd = end;
  if (first) start = Math.min(start, first.start);
  if (last) end = Math.max(end, last.end);
  if (!first && !last) {
    start = lineStartNear(text, start);
    end = Math.max(end, lineEndNear(text, end));
  }
  // A sentence without an end (a long line, a pasted blob) is measured on a window around the edit, cut at
  // whitespace: tokenizers split at spaces, so the difference is the same and the cost stays bounded.
  if (editStart - start > MEASURE_MARGIN) start = whitespaceAfter(text, editStart - MEASURE_MARGIN, editStart);
  if (end - editEnd > MEASURE_MARGIN) end = whitespaceBefore(text, editEnd + MEASURE_MARGIN, editEnd);
  const before = text.slice(start, end);
  const after = applyEdits(before, edits.map((e) => ({ range: { start: e.range.start - start, end: e.range.end - start }, newText: e.newText })));
  return ctx.countCached(before) - ctx.countCached(after);
}

const MEASURE_MARGIN = 300;

/** The first whitespace at or after `from` (but not past `limit`), else `from`. */
function whitespaceAfter(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (/\s/.test(text[i] ?? '')) return i;
  return from;
}

/** The last whitespace at or before `from` (but not before `limit`), else `from`. */
function whitespaceBefore(text: string, from: number, limit: number): number {
  for (let i = from; i > limit; i--) if (/\s/.test(text[i] ?? '')) return i;
  return from;
}

/** Applies non-overlapping edits (any order given) end-to-start. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

export interface AppliedFixes {
  readonly text: string;
  readonly applied: number;
  readonly tokensSaved: number;
}

/**
 * Applies every safe fix whose edits do not overlap an earlier-chosen fix, end to start, as one result.
 * `baseOffset` is the offset of `text` in the file the findings' ranges refer to (0 for the whole file).
 */
/** The safe fixes that can be applied together (biggest savings first, no overlaps), with offsets relative to `text`. */
export function selectSafeFixes(text: string, findings: readonly CompressionFinding[], baseOffset = 0): { edits: TextEdit[]; applied: number; tokensSaved: number } {
  const chosen: TextEdit[] = [];
  const spans: TextRange[] = [];
  let applied = 0;
  let tokensSaved = 0;
  // Only the safe tier: review-tier fixes are applied one by one after reading, hints never.
  const safe = findings.filter((f) => f.tier === 'safe' && f.edits && f.edits.length > 0);
  safe.sort((a, b) => b.tokensSaved - a.tokensSaved || a.range.start - b.range.start);
  for (const f of safe) {
    const local = (f.edits ?? []).map((e) => ({ range: { start: e.range.start - baseOffset, end: e.range.end - baseOffset }, newText: e.newText }));
    if (local.some((e) => e.range.start < 0 || e.range.end > text.length)) continue;
    const clash = local.some((e) => spans.some((s) => touches(s, e.range)) || local.some((o) => o !== e && touches(o.range, e.range)));
    if (clash) continue;
    chosen.push(...local);
    spans.push(...local.map((e) => e.range));
    applied++;
    tokensSaved += f.tokensSaved;
  }
  return { edits: chosen, applied, tokensSaved };
}

export function applySafeFixes(text: string, findings: readonly CompressionFinding[], baseOffset = 0): AppliedFixes {
  const { edits, applied, tokensSaved } = selectSafeFixes(text, findings, baseOffset);
  return { text: applyEdits(text, edits), applied, tokensSaved };
}

/** Overlap, or two insertions/edits at the same point (their order would be ambiguous). */
function touches(a: TextRange, b: TextRange): boolean {
  return a.start < b.end && b.start < a.end || a.start === b.start || (a.start === a.end && a.start === b.end) || (b.start === b.end && b.start === a.end);
}

/**
 * "−7 tokens (−$0.0035/call · −$3.50/1k calls)": the cost units every lens, report and the CLI
 * use. Without a price just the tokens. Price is USD per million input tokens.
 */
export function savingMessage(tokensSaved: number, pricePerMTokInput?: number): string {
  const tokens = `−${tokensSaved} token${tokensSaved === 1 ? '' : 's'}`;
  if (pricePerMTokInput === undefined || !(pricePerMTokInput > 0)) return tokens;
  const perCall = (tokensSaved * pricePerMTokInput) / 1_000_000;
  return `${tokens} (−${formatUsd(perCall)}/call · −${formatUsd(perCall * 1000)}/1k calls)`;
}

export function toDiagnostic(finding: CompressionFinding, pricePerMTokInput?: number): PromptDiagnostic {
  const saving = finding.tokensSaved > 0 ? ` ${finding.edits ? '' : '~'}${savingMessage(finding.tokensSaved, pricePerMTokInput)}` : '';
  return {
    range: finding.range,
    severity: finding.severity,
    source: COMPRESS_SOURCE,
    code: finding.ruleId,
    message: `${finding.message}${saving}`,
    ...(finding.edits
      ? { fixes: [{ title: finding.fixTitle ?? 'Compress', edits: finding.edits, safe: finding.safe, isPreferred: finding.safe }] }
      : {}),
  };
}
