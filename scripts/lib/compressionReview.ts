/**
 * Writes every safe-tier compression edit of a corpus as a blind review item (JSONL): id, file, the sentence
 * before and after the edit, and a little context. No rule names or tiers appear in the items; a separate key
 * file (id → rule) lets the author map the reviewer's classes back to rules.
 *   node scripts/compression-review.mjs <corpus dir> <out.jsonl> [--key <key.jsonl>] [--model gpt-4o]
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { get_encoding } from 'tiktoken';
import { applyEdits, findCompressions } from '../../src/core/compress';
import type { CompressionFinding } from '../../src/core/compress';

export interface ReviewItem {
  readonly id: string;
  readonly file: string;
  readonly contextBefore: string;
  readonly before: string;
  readonly after: string;
  readonly contextAfter: string;
}

const MAX_SENTENCE = 500;
const MAX_CONTEXT = 200;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (!/\.(?:py|mjs|json)$/.test(name) && name !== 'SOURCES.md') out.push(path);
  }
  return out;
}

/** The span shown to the reviewer: the edit's line, cut to the sentence(s) around the edit when the line is long. */
function shownSpan(text: string, start: number, end: number): { start: number; end: number } {
  let s = text.lastIndexOf('\n', start - 1) + 1;
  let e = text.indexOf('\n', end);
  if (e < 0) e = text.length;
  if (e - s > MAX_SENTENCE) {
    const before = text.slice(Math.max(s, start - MAX_SENTENCE / 2), start);
    const cut = before.search(/[.!?]\s+[^.!?]*$/);
    s = cut >= 0 ? start - before.length + cut + 2 : Math.max(s, start - MAX_SENTENCE / 2);
    const after = text.slice(end, Math.min(e, end + MAX_SENTENCE / 2));
    const stop = after.search(/[.!?](?:\s|$)/);
    e = stop >= 0 ? end + stop + 1 : Math.min(e, end + MAX_SENTENCE / 2);
  }
  return { start: s, end: e };
}

function neighbourLine(text: string, from: number, direction: -1 | 1): string {
  if (direction < 0) {
    const lines = text.slice(0, from).split('\n').map((l) => l.trim()).filter(Boolean);
    return (lines[lines.length - 1] ?? '').slice(-MAX_CONTEXT);
  }
  const lines = text.slice(from).split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines[0] ?? '').slice(0, MAX_CONTEXT);
}

export function reviewItems(corpus: string, countTokens: (s: string) => number): { items: ReviewItem[]; key: { id: string; ruleId: string; tokensSaved: number }[]; files: number; tokens: number; saved: number } {
  const items: ReviewItem[] = [];
  const key: { id: string; ruleId: string; tokensSaved: number }[] = [];
  let tokens = 0;
  let saved = 0;
  const files = filesUnder(corpus);
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    tokens += countTokens(text);
    const findings: CompressionFinding[] = findCompressions(text, { protectedRanges: [], countTokens }).filter((f) => f.safe && f.edits);
    for (const f of findings) {
      const edits = f.edits ?? [];
      const start = Math.min(...edits.map((e) => e.range.start));
      const end = Math.max(...edits.map((e) => e.range.end));
      const span = shownSpan(text, start, end);
      const local = edits.map((e) => ({ range: { start: e.range.start - span.start, end: e.range.end - span.start }, newText: e.newText }));
      const before = text.slice(span.start, span.end);
      const id = `e${String(items.length + 1).padStart(4, '0')}`;
      items.push({ id, file: relative(corpus, path), contextBefore: neighbourLine(text, span.start, -1), before, after: applyEdits(before, local), contextAfter: neighbourLine(text, span.end, 1) });
      key.push({ id, ruleId: f.ruleId, tokensSaved: f.tokensSaved });
      saved += f.tokensSaved;
    }
  }
  return { items, key, files: files.length, tokens, saved };
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { key: { type: 'string' } } });
  const [corpus, out] = positionals;
  if (!corpus || !out) {
    console.error('usage: node scripts/compression-review.mjs <corpus dir> <out.jsonl> [--key <key.jsonl>]');
    process.exit(2);
  }
  const encoding = get_encoding('o200k_base');
  const result = reviewItems(corpus, (s) => encoding.encode(s).length);
  writeFileSync(out, result.items.map((i) => JSON.stringify(i)).join('\n') + (result.items.length ? '\n' : ''));
  if (values.key) writeFileSync(values.key, result.key.map((k) => JSON.stringify(k)).join('\n') + '\n');
  console.log(`${result.files} files, ${result.tokens} tokens (o200k); ${result.items.length} safe edits saving ${result.saved} tokens → ${out}`);
}

main();
