import type { TextRange } from '../text';

export interface ProtectedRangeOptions {
  /** The frontmatter block (the prompt adapter knows where it is for .prompt files). */
  readonly frontmatter?: TextRange;
}

export interface ProtectedScan {
  /** Fenced code blocks, fences included. */
  readonly fencedBlocks: TextRange[];
  /** Protected spans other than fenced blocks (also those inside the blocks), unmerged. */
  readonly inline: TextRange[];
  /** Every protected span, sorted by start and merged. */
  readonly all: TextRange[];
}

const FENCE_OPEN = /^[ \t]{0,3}(`{3,}|~{3,})[^\n]*$/gm;
// Template syntaxes seen in prompt files: Handlebars/Dotprompt, Jinja/Prompty, f-string and JS placeholders.
const TEMPLATE = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]{0,2000}?\}\}\}|\{\{[\s\S]{0,2000}?\}\}|\{%[\s\S]{0,2000}?%\}|\{#[\s\S]{0,2000}?#\}|\$\{[^{}\n]{1,200}\}|\{[A-Za-z_][\w.]{0,80}\}/g;
const INLINE_CODE = /``[^\n]+?``|`[^`\n]+`/g;
const QUOTED = /"[^"\n]{1,400}"|“[^”\n]{1,400}”|«[^»\n]{1,400}»/g;
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
  add(QUOTED, false, /["“«]/);
  add(URL, true, /:\/\/|www\./i);
  add(EMAIL, true, /@/);
  add(NUMBER, false, /\d/);
  add(JSON_KEY, false, /"/);
  add(XML_TAG, false, /</);
  return { fencedBlocks, inline: ranges, all: mergeRanges([...ranges, ...fencedBlocks, ...extra]) };
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
