/**
 * Splits text into chunks whose token counts add up to the count of the whole text, so each
 * chunk can be counted (and cached) on its own.
 *
 * Why the sum is exact: o200k_base and cl100k_base first split text into pieces with a regex
 * and run BPE inside each piece only. A cut is safe when it falls on a piece boundary that the
 * regex finds whether or not the text continues, i.e. no piece and no lookahead spans it. We cut
 * only at two such places:
 *
 * 1. After a `\n` whose next character is not whitespace and not `/`. Word and number pieces
 *    cannot contain `\n`; whitespace pieces cannot contain the non-space character; the only
 *    piece that runs from a newline into the next character is o200k's punctuation piece
 *    ` ?[^\s\p{L}\p{N}]+[\r\n/]*` (".\n/"), hence the `/` exclusion.
 * 2. Inside a long line, before a space that sits between two letters ("word| word"): the left
 *    word piece ends at the space, and the right piece starts with it. These cuts are chosen by
 *    content (a hash of the surrounding characters), so an edit only moves cuts near it.
 *
 * The unit tests check chunked == whole counts on random text that stresses these rules.
 */

/**
 * A run of letters, or of punctuation, longer than this is cut every this many characters:
 * the tokenizers merge inside one such piece in quadratic time (100k `x` took 8 s; 1 MB trapped
 * tiktoken's WASM). Such a cut is not exact: the count is then marked `≈`. Real words and
 * separators are far shorter, so ordinary text keeps exact counts.
 */
export const MAX_PIECE_CHARS = 1_000;

/**
 * A chunk with no safe cut (a long line of base64 or minified JSON) is cut at this length anyway,
 * so an edit re-encodes a few KB, not the whole line (such a cut is counted as forced: `≈`).
 */
export const MAX_CHUNK_CHARS = 2_000;

/** Lines longer than this are cut inside the line as well. */
const LONG_CHUNK_CHARS = 256;
/** Among safe in-line cuts, take roughly one in this many (content-defined), ~6–8 words apart. */
const INLINE_CUT_MODULUS = 8;

function isWhitespaceCode(code: number): boolean {
  // JS `\s` misses U+0085 (NEL), which the tokenizers' Unicode `\s` includes.
  return code === 0x85 || /\s/.test(String.fromCharCode(code));
}

function isAsciiWhitespaceOrNonAscii(code: number): boolean {
  return code <= 0x20 || code >= 0x7f;
}

function isLetterCode(code: number): boolean {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return true;
  if (code < 0x80) return false;
  return /\p{L}/u.test(String.fromCharCode(code));
}

/** Cut after a newline when the next character cannot join a piece with it. */
function isSafeLineStart(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code === 0x2f /* / */) return false;
  // Fast path: printable ASCII is never whitespace.
  if (!isAsciiWhitespaceOrNonAscii(code)) return true;
  return !isWhitespaceCode(code);
}

/** 1 letter, 2 punctuation (not space, letter or digit), 0 anything else: the runs that form one tokenizer piece. */
function runKind(code: number): 0 | 1 | 2 {
  if (isLetterCode(code)) return 1;
  if (code >= 0x30 && code <= 0x39) return 0;
  if (!isAsciiWhitespaceOrNonAscii(code)) return 2;
  if (code < 0x80) return 0;
  if (isWhitespaceCode(code) || /[\p{N}\p{M}]/u.test(String.fromCharCode(code))) return 0;
  return 2;
}

/** What `chunkBoundaries` reports besides the cuts. */
export interface ChunkingInfo {
  /** Cuts inside one long piece (see MAX_PIECE_CHARS): the sum of the chunk counts is then approximate. */
  forcedCuts: number;
}

/**
 * Chunk end offsets (exclusive), ascending; the last is `text.length`. Empty text has no chunks.
 * Counts the cuts inside over-long pieces in `info` (they make the sum approximate).
 */
export function chunkBoundaries(text: string, info?: ChunkingInfo): number[] {
  const ends: number[] = [];
  const length = text.length;
  let chunkStart = 0;
  let run: 0 | 1 | 2 = 0;
  let runLength = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const kind = runKind(code);
    if (i - chunkStart >= MAX_CHUNK_CHARS) {
      ends.push(i);
      chunkStart = i;
      if (info) info.forcedCuts++;
    }
    if (kind !== 0 && kind === run) {
      runLength++;
      if (runLength > MAX_PIECE_CHARS) {
        ends.push(i);
        chunkStart = i;
        runLength = 1;
        if (info) info.forcedCuts++;
        continue;
      }
    } else {
      run = kind;
      runLength = 1;
    }
    if (code === 0x0a /* \n */) {
      const next = i + 1;
      if (next < length && isSafeLineStart(text, next)) {
        ends.push(next);
        chunkStart = next;
      }
    } else if (
      code === 0x20 &&
      i - chunkStart >= LONG_CHUNK_CHARS &&
      i + 1 < length &&
      isLetterCode(text.charCodeAt(i - 1)) &&
      isLetterCode(text.charCodeAt(i + 1)) &&
      (text.charCodeAt(i - 1) * 31 + text.charCodeAt(i + 1)) % INLINE_CUT_MODULUS === 0
    ) {
      ends.push(i);
      chunkStart = i;
    }
  }
  if (length > 0) ends.push(length);
  return ends;
}

/** The chunks themselves (tests and debugging; the counter hashes ranges without slicing). */
export function splitIntoChunks(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  for (const end of chunkBoundaries(text)) {
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/**
 * 53-bit hash of `text[start, end)` (cyrb53), seeded with the length; the cache also stores and
 * checks the length. With at most 20,000 cached chunks, the chance that a new chunk's hash hits
 * a different cached chunk is ~2e-12 per lookup: hashing beats keeping the chunk strings as keys,
 * which would pin whole old document versions in memory (V8 substrings reference their parent).
 */
export function hashRange(text: string, start: number, end: number): number {
  const seed = end - start;
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
