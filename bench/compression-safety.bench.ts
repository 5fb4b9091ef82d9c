/**
 * Safety-net benchmark (bundled and run by `node bench/compression-safety.bench.mjs`, part of `npm run bench`).
 *
 * The preservation report must catch what a compression loses. Here the "compressions" are faithful ones —
 * the fake extractive compressor of the test suite (deletes filler words only) and the safe-tier rule fixes —
 * of real prompts (bench/corpus, MIT) and of examples/; then one known loss at a time is injected into each:
 * a dropped negation, number, URL, template variable or MUST/NEVER/ALWAYS constraint, or a reordered
 * condition. Reported: recall per class (goal 100 % for these mechanical classes) and the false-alarm rate on
 * the faithful compressions themselves (goal ≤ 5 %). The detector is what the editor and the CLI block on
 * without a judge: `checkPreservation` plus, for extractive output, the word-subsequence check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get_encoding } from 'tiktoken';
import { applySafeFixes, checkPreservation, findCompressions, isSubsequence, protectedRangesOf, wordsOf } from '../src/core/compress';
import { parsePromptFile } from '../src/core/prompt';
import { fakeExtractiveCompress } from '../test/fake-provider/compressJudge';

const root = join(__dirname, '..', '..');
const encoding = get_encoding('o200k_base');
const countTokens = (s: string): number => encoding.encode(s).length;

function corpus(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const benchDir = join(root, 'bench', 'corpus');
  for (const f of readdirSync(benchDir).filter((n) => n.endsWith('.md') && n !== 'SOURCES.md').sort()) {
    out.push({ name: `bench/corpus/${f}`, text: readFileSync(join(benchDir, f), 'utf8').replace(/^<!--[^\n]*-->\n/, '') });
  }
  const examples = join(root, 'examples');
  for (const f of readdirSync(examples).filter((n) => /\.(?:prompt|prompty|md)$/.test(n)).sort()) {
    const text = readFileSync(join(examples, f), 'utf8');
    const file = parsePromptFile(text, { fileName: f });
    out.push({ name: `examples/${f}`, text: text.slice(file.bodyRange.start, file.bodyRange.end) });
  }
  return out;
}

type LossClass = 'negation' | 'number' | 'url' | 'variable' | 'constraint' | 'reordered condition';
/** `reordered condition` is injected into extractive compressions only (see below). */
const CLASSES: readonly LossClass[] = ['negation', 'number', 'url', 'variable', 'constraint', 'reordered condition'];

/** Removes the first match of `re` (and a following space); undefined when there is none. */
function dropFirst(text: string, re: RegExp): string | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  return text.slice(0, m.index) + text.slice(m.index + m[0].length).replace(/^ /, '');
}

/** Every sentence-sized line of prose (outside code fences) with its offset. */
function proseLines(text: string): { start: number; line: string }[] {
  const out: { start: number; line: string }[] = [];
  let inFence = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (/^\s*(?:```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence) out.push({ start: offset, line });
    offset += line.length + 1;
  }
  return out;
}

function inject(kind: LossClass, text: string): string | undefined {
  switch (kind) {
    case 'negation':
      return dropFirst(text, /\b(?:not|never|no)\b|n['’]t\b/i);
    case 'number':
      return dropFirst(text, /(?<![\w.])\d+(?:[.,]\d+)?%?(?![\w.])/);
    case 'url':
      return dropFirst(text, /\bhttps?:\/\/[^\s)<>"']+/);
    case 'variable':
      return dropFirst(text, /\{\{[^{}#/>!][^{}]*\}\}/);
    case 'constraint': {
      const hit = proseLines(text).find((l) => /\b(?:MUST|NEVER|ALWAYS|must|never|always|only)\b/.test(l.line) && l.line.trim().length > 20);
      return hit ? text.slice(0, hit.start) + text.slice(hit.start + hit.line.length + 1) : undefined;
    }
    case 'reordered condition': {
      // "If A, B." → "B, if A.": the same words in another order, which flips what depends on what.
      for (const { start, line } of proseLines(text)) {
        const m = /\b(If|When|Unless)\b([^,.\n]{3,80}),\s*([^.\n]{3,120})([.!]?)/i.exec(line);
        if (!m) continue;
        const [whole, word = '', cond = '', action = '', end = ''] = m;
        const swapped = `${action.charAt(0).toUpperCase()}${action.slice(1)}, ${word.toLowerCase()}${cond}${end}`;
        return text.slice(0, start + m.index) + swapped + text.slice(start + m.index + whole.length);
      }
      return undefined;
    }
  }
}

/** What blocks a one-click accept without a judge: a missing preservable, or an extractive reply that is not a subsequence. */
function detects(original: string, compressed: string, extractive: boolean): boolean {
  return checkPreservation(original, compressed).length > 0 || (extractive && !isSubsequence(wordsOf(original), wordsOf(compressed)));
}

/** The fake model's deletions, but never inside literal text (quotes, examples, code): what a faithful model does. */
function faithfulExtractive(text: string): string {
  // Each unprotected stretch keeps its own edge whitespace, so neighbouring literal spans stay separate words.
  const deleteFiller = (segment: string): string => {
    const lead = /^\s*/.exec(segment)?.[0] ?? '';
    const trail = segment.length > lead.length ? /\s*$/.exec(segment)?.[0] ?? '' : '';
    const core = segment.slice(lead.length, segment.length - trail.length);
    const compressed = core ? fakeExtractiveCompress(core) : '';
    return lead + compressed + (compressed || !lead ? trail : '');
  };
  let out = '';
  let at = 0;
  for (const r of protectedRangesOf(text)) {
    out += deleteFiller(text.slice(at, r.start)) + text.slice(r.start, r.end);
    at = r.end;
  }
  return out + deleteFiller(text.slice(at));
}

/** Faithful compressors; `extractive` ones only delete words, so the subsequence check applies to them. */
const faithfulCompressors: Record<string, { extractive: boolean; compress: (text: string) => string }> = {
  'fake extractive model': { extractive: true, compress: faithfulExtractive },
  'safe-tier rules': { extractive: false, compress: (text) => applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text },
};

const texts = corpus();
let faithful = 0;
let falseAlarms = 0;
const alarms: string[] = [];
const hits = new Map<LossClass, { cases: number; caught: number; missed: string[] }>(CLASSES.map((c) => [c, { cases: 0, caught: 0, missed: [] }]));
for (const { name, text } of texts) {
  for (const [compressorName, { extractive, compress }] of Object.entries(faithfulCompressors)) {
    const compressed = compress(text);
    if (compressed === text && compressorName !== 'fake extractive model') continue;
    faithful++;
    if (detects(text, compressed, extractive)) {
      falseAlarms++;
      alarms.push(`${name} (${compressorName}): ${checkPreservation(text, compressed).map((m) => `${m.category} ${m.item}`).slice(0, 3).join('; ') || 'not a subsequence'}`);
    }
    for (const kind of CLASSES) {
      // Word order is only checked mechanically for extractive output; in rewrite mode it is the judge's job.
      if (kind === 'reordered condition' && !extractive) continue;
      const lossy = inject(kind, compressed);
      if (lossy === undefined || lossy === compressed) continue;
      const entry = hits.get(kind)!;
      entry.cases++;
      if (detects(text, lossy, extractive)) entry.caught++;
      else entry.missed.push(`${name} (${compressorName})`);
    }
  }
}

console.log(`Safety net: ${texts.length} prompts × ${Object.keys(faithfulCompressors).length} faithful compressors = ${faithful} faithful compressions`);
console.log('');
console.log('| injected loss | cases | caught | recall | goal |');
console.log('| --- | --- | --- | --- | --- |');
let allMet = true;
for (const kind of CLASSES) {
  const { cases, caught } = hits.get(kind)!;
  const recall = cases > 0 ? caught / cases : 1;
  if (recall < 1) allMet = false;
  console.log(`| ${kind} | ${cases} | ${caught} | ${(recall * 100).toFixed(1)} % | 100 % |`);
}
const falseAlarmRate = faithful > 0 ? falseAlarms / faithful : 0;
console.log(`| (none: faithful) | ${faithful} | ${falseAlarms} false alarms | ${(falseAlarmRate * 100).toFixed(1)} % false-alarm rate | ≤ 5 % |`);
for (const kind of CLASSES) for (const m of hits.get(kind)!.missed.slice(0, 3)) console.log(`  missed ${kind}: ${m}`);
for (const a of alarms.slice(0, 5)) console.log(`  false alarm: ${a}`);
const ok = allMet && falseAlarmRate <= 0.05;
console.log(ok ? 'Goals met.' : 'Goals NOT met.');
process.exitCode = ok ? 0 : 1;
