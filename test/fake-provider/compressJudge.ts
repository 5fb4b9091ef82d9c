/**
 * Deterministic stand-ins for a "compressor" and a "judge" model, used by the fake provider
 * (server.ts documents the rules; this file implements them). Nothing here is smart: the point is
 * that tests can predict every reply exactly.
 *
 * Wire format they understand (what src/core/compress/llm sends):
 *   - Compressor: the prompt to compress sits between a line `<prompt_to_compress>` (the tag name
 *     may carry a suffix, e.g. `<prompt_to_compress_2>`, when the text itself contains the tag)
 *     and the matching closing tag line. Without the tags the whole last user message is used.
 *   - Judge: `<compressed_prompt…>` … `</compressed_prompt…>` holds the compressed prompt and
 *     `<constraints…>` … `</constraints…>` a JSON array `[{ "id", "text" }]`.
 */

/** Whole words deleted by every "compress" model (case-insensitive). */
export const FAKE_FILLER_WORDS = ['please', 'kindly', 'really', 'very', 'basically', 'actually', 'just', 'simply', 'quite', 'certainly', 'definitely'] as const;
/** Phrases deleted first (case-insensitive, whitespace-flexible). */
export const FAKE_FILLER_PHRASES = ['it is important that', 'make sure to', 'in order'] as const;

const TEMPLATE = /\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;
const PLACEHOLDER = /\uE000([\uE100-\uEFFF])\uE001/g;

/** The text between `<tag…>` and `</tag…>` lines, when present. */
export function taggedBlock(message: string, tag: string): string | undefined {
  const re = new RegExp(`<(${tag}[\\w-]*)>\\n([\\s\\S]*?)\\n</\\1>`);
  return re.exec(message)?.[2];
}

/** Replaces `{{…}}` by placeholders without letters, digits or whitespace, so the edits below cannot touch them. */
function shieldTemplates(text: string): { text: string; restore: (s: string) => string } {
  const saved: string[] = [];
  const shielded = text.replace(TEMPLATE, (m) => {
    saved.push(m);
    return `\uE000${String.fromCharCode(0xe100 + saved.length - 1)}\uE001`;
  });
  return { text: shielded, restore: (s) => s.replace(PLACEHOLDER, (_m, c: string) => saved[c.charCodeAt(0) - 0xe100] ?? '') };
}

/** Tidies the holes left by deletions: runs of spaces, spaces before punctuation, trailing spaces. */
function tidy(text: string): string {
  return text
    .replace(/(?<=\S)[ \t]{2,}/g, ' ')
    .replace(/ +([.,;:!?])/g, '$1')
    .replace(/[ \t]+$/gm, '');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deletes the filler phrases and words, keeping everything else in order (a subsequence of the input). */
export function fakeExtractiveCompress(text: string): string {
  const { text: shielded, restore } = shieldTemplates(text);
  let out = shielded;
  for (const phrase of FAKE_FILLER_PHRASES) {
    out = out.replace(new RegExp(`\\b${phrase.split(' ').map(escapeRegExp).join('[ \\t]+')}\\b[ \\t]*`, 'gi'), '');
  }
  out = out.replace(new RegExp(`\\b(?:${FAKE_FILLER_WORDS.join('|')})\\b,?[ \\t]*`, 'gi'), '');
  return restore(tidy(out));
}

/**
 * fakeExtractiveCompress, then also deletes the first sentence containing "never", the first URL
 * and the first number (in that order). Still a subsequence; the preservation report must block.
 */
export function fakeBadCompress(text: string): string {
  return fakeLossyEdits(fakeExtractiveCompress(text));
}

/** Deletes the first sentence containing "never", the first URL and the first number (outside `{{…}}`). */
export function fakeLossyEdits(text: string): string {
  const { text: shielded, restore } = shieldTemplates(text);
  let out = shielded.replace(/[^.!?\n]*\bnever\b[^.!?\n]*[.!?]?[ \t]*/i, '');
  out = out.replace(/https?:\/\/[^\s)]+[ \t]?/, '');
  out = out.replace(/\b\d+(?:[.,]\d+)*\b[ \t]?/, '');
  return restore(tidy(out));
}

/** fakeExtractiveCompress with its last word moved to the front: the subsequence check must fail. */
export function fakeReorderCompress(text: string): string {
  const compressed = fakeExtractiveCompress(text);
  const m = /(\S+)\s*$/.exec(compressed);
  if (!m) return compressed;
  const rest = compressed.slice(0, m.index).trimEnd();
  return `${m[1]} ${rest}`;
}

/** The reply of a model whose name contains "compress". */
export function fakeCompressReply(model: string, lastUser: string): string {
  const lower = model.toLowerCase();
  const text = taggedBlock(lastUser, 'prompt_to_compress') ?? lastUser;
  let out: string;
  if (lower.includes('compress-bad')) out = fakeBadCompress(text);
  else if (lower.includes('compress-reorder')) out = fakeReorderCompress(text);
  else out = fakeExtractiveCompress(text);
  if (lower.includes('fenced')) out = `Here is the compressed prompt:\n\n\`\`\`text\n${out}\n\`\`\``;
  return out;
}

// ------------------------------------------------------------------------------------ adjust

/** The fixed restructuring an "adjust" model applies for each family named in `Target model family: …`. */
export function fakeAdjustForFamily(text: string, familyLine: string): string {
  const family = familyLine.toLowerCase();
  if (family.includes('claude')) return `<instructions>\n${text}\n</instructions>`;
  if (family.includes('gemini')) return `Task:\n${text}`;
  return `# Instructions\n\n${text}`;
}

/** The reply of a model whose name contains "adjust" (rules in server.ts). */
export function fakeAdjustReply(model: string, lastUser: string): string {
  const text = (taggedBlock(lastUser, 'prompt_to_adjust') ?? lastUser).trim();
  const familyLine = /^Target model family: (.*)$/m.exec(lastUser)?.[1] ?? '';
  const body = model.toLowerCase().includes('adjust-bad') ? fakeLossyEdits(text) : text;
  return fakeAdjustForFamily(body, familyLine);
}

// ------------------------------------------------------------------------------------- judge

const JUDGE_STOPWORDS = new Set(['a', 'an', 'the', 'to', 'of', 'and', 'or', 'in', 'on', 'for', 'with', 'you', 'your', 'is', 'are', 'be', 'it', 'this', 'that', 'do', 'under', 'at', 'any', 'all']);
/** Words that carry a constraint's strength; losing one while the rest stays means "weakened". */
export const FAKE_STRENGTH_WORDS = new Set(['never', 'must', 'always', 'only', 'not', 'no', 'dont', 'cannot']);

function judgeWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).map((w) => w.replace(/['’]/g, ''));
}

export interface FakeVerdict {
  id: number | string;
  status: 'kept' | 'weakened' | 'missing';
  evidence: string;
}

/**
 * Per constraint: 'missing' when one of its content words (not a stopword, not a strength word)
 * is absent from the compressed prompt; otherwise 'weakened' when one of its strength words
 * (never/must/always/only/not/no/don't/cannot) is absent; otherwise 'kept'.
 */
export function fakeJudgeVerdicts(compressed: string, constraints: readonly { id: number | string; text: string }[]): FakeVerdict[] {
  const present = new Set(judgeWords(compressed));
  return constraints.map(({ id, text }) => {
    const words = [...new Set(judgeWords(text))];
    const content = words.filter((w) => !JUDGE_STOPWORDS.has(w) && !FAKE_STRENGTH_WORDS.has(w));
    const lostContent = content.filter((w) => !present.has(w));
    if (lostContent.length > 0) return { id, status: 'missing', evidence: `lost: ${lostContent.join(', ')}` };
    const lostStrength = words.filter((w) => FAKE_STRENGTH_WORDS.has(w) && !present.has(w));
    if (lostStrength.length > 0) return { id, status: 'weakened', evidence: `lost: ${lostStrength.join(', ')}` };
    return { id, status: 'kept', evidence: 'all words present' };
  });
}

/** The reply of a model whose name contains "judge". */
export function fakeJudgeReply(model: string, lastUser: string): string {
  const lower = model.toLowerCase();
  if (lower.includes('garbage')) return 'Looks fine to me overall; the compressed prompt keeps the spirit of the original.';
  const compressed = taggedBlock(lastUser, 'compressed_prompt') ?? '';
  let constraints: { id: number | string; text: string }[] = [];
  try {
    const parsed: unknown = JSON.parse(taggedBlock(lastUser, 'constraints') ?? '[]');
    if (Array.isArray(parsed)) {
      constraints = parsed.filter(
        (c): c is { id: number | string; text: string } => typeof c === 'object' && c !== null && typeof (c as { text?: unknown }).text === 'string',
      );
    }
  } catch {
    // No constraints block: no verdicts.
  }
  const json = JSON.stringify({ verdicts: fakeJudgeVerdicts(compressed, constraints) });
  return lower.includes('fenced') ? `Here are my verdicts:\n\`\`\`json\n${json}\n\`\`\`\nLet me know if you need more.` : json;
}
