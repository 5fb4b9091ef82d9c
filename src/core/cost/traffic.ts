/**
 * Response-cache potential from a sample of real inputs ("many users ask similar things"): the
 * share of calls an exact response cache (after normalising case, whitespace and punctuation)
 * and a near-duplicate cache (MinHash over character shingles, Jaccard ≥ 0.9) would answer.
 * No installed library does MinHash, so it is written here: 64 hash functions, LSH in 8 bands of
 * 8 rows (a pair at Jaccard 0.9 shares a band with probability 1 − (1 − 0.9⁸)⁸ ≈ 98.9%), every
 * candidate pair confirmed with the exact Jaccard of its shingle sets (no false positives).
 */

export const NEAR_DUPLICATE_JACCARD = 0.9;
/** Characters per shingle: short enough for one-word edits to leave most shingles intact. */
export const SHINGLE_SIZE = 5;
const HASHES = 64;
const BANDS = 8;
const ROWS = HASHES / BANDS;
/** Exact checks per input at most, best candidates first, so thousands of look-alikes (templated questions) stay linear. */
const MAX_CANDIDATES_PER_INPUT = 12;
/** Candidates sharing a single band that are checked (the most recent), after those sharing several. */
const MAX_SINGLE_BAND_CANDIDATES = 4;
/** Members of one bucket looked at (the most recent), for the same reason. */
const MAX_BUCKET_SCAN = 256;
/**
 * Signature agreement below which a candidate is not worth the exact check: a pair at Jaccard 0.9
 * agrees on 57.6 of 64 rows on average (σ 2.4), so fewer than 50 means it is almost surely below.
 */
const MIN_AGREEING_ROWS = 50;

export interface TrafficParse {
  /** One text per line that held an input. */
  readonly inputs: readonly string[];
  /** 1-based lines that were not JSON or held no input. */
  readonly skippedLines: readonly number[];
}

function stableText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(stableText).join('\n');
  if (typeof value === 'object') {
    return Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${k}: ${stableText((value as Record<string, unknown>)[k])}`)
      .join('\n');
  }
  return '';
}

/**
 * Reads a traffic file: JSONL like the samples file (`{"input": {…}}` per line, other keys
 * ignored), or lines that are a JSON string or `{"text": "…"}`. Blank lines are skipped silently.
 */
export function parseTraffic(text: string): TrafficParse {
  const inputs: string[] = [];
  const skippedLines: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skippedLines.push(i + 1);
      return;
    }
    const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    const input = record ? (record.input ?? record.text ?? record.vars) : value;
    const textValue = stableText(input);
    if (textValue.trim()) inputs.push(textValue);
    else skippedLines.push(i + 1);
  });
  return { inputs, skippedLines };
}

/** Case, whitespace and punctuation folded away: "Where's my ORDER?" → "wheres my order". */
export function normalizeTrafficInput(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, '').replace(/\s+/g, ' ').trim();
}

/** 32-bit FNV-1a of a shingle. */
function fnv1a(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The distinct shingle hashes of a normalised text (a short text is one shingle). */
export function shingles(text: string, size: number = SHINGLE_SIZE): Uint32Array {
  if (text.length <= size) return Uint32Array.of(fnv1a(text, 0, text.length));
  // Hash every window, sort, drop repeats in place: no Set per input (most of the time at 100k inputs).
  const all = new Uint32Array(text.length - size + 1);
  for (let i = 0; i + size <= text.length; i++) all[i] = fnv1a(text, i, i + size);
  all.sort();
  let n = 1;
  for (let i = 1; i < all.length; i++) if (all[i] !== all[n - 1]) all[n++] = all[i] as number;
  return all.subarray(0, n);
}

/** Exact Jaccard similarity of two sorted shingle sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - common;
  return union === 0 ? 1 : common / union;
}

/** Seeds of the hash family: fixed, so results are reproducible. */
const SEEDS = (() => {
  const seeds = new Uint32Array(HASHES);
  let x = 0x9e3779b9;
  for (let i = 0; i < HASHES; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    seeds[i] = x >>> 0;
  }
  return seeds;
})();

/** Murmur3's finaliser: a good 32-bit mix, so `mix(shingle ^ seed)` acts as a random permutation. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The MinHash signature of a shingle set. Shingles are already mixed (FNV-1a + murmur finaliser),
 * so each of the 64 functions only needs a cheap seeded multiply-xorshift to act as an
 * independent permutation; this keeps 100,000 inputs within seconds.
 */
export function minHashSignature(shingleSet: Uint32Array): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff);
  for (let s = 0; s < shingleSet.length; s++) {
    const x = mix(shingleSet[s] as number);
    for (let i = 0; i < HASHES; i++) {
      let h = Math.imul(x ^ (SEEDS[i] as number), 0x9e3779b1);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < (signature[i] as number)) signature[i] = h;
    }
  }
  return signature;
}

/** Rows on which two signatures agree, stopping as soon as `MIN_AGREEING_ROWS` is out of reach. */
function agreement(a: Uint32Array, b: Uint32Array): number {
  let differ = 0;
  for (let i = 0; i < HASHES; i++) {
    if (a[i] !== b[i] && ++differ > HASHES - MIN_AGREEING_ROWS) return 0;
  }
  return HASHES - differ;
}

/** One number per LSH band (its rows mixed together); collisions only add candidates, which the exact check filters. */
function bandKey(signature: Uint32Array, band: number): number {
  let h = band + 1;
  for (let r = 0; r < ROWS; r++) h = mix(h ^ Math.imul(signature[band * ROWS + r] as number, 0xcc9e2d51));
  return h;
}

export interface RepeatedInput {
  /** The first occurrence as written, shortened to ~120 characters. */
  readonly example: string;
  /** Occurrences, exact (normalised) and near duplicates together. */
  readonly count: number;
}

export interface ResponseCacheAnalysis {
  readonly inputs: number;
  readonly distinctNormalized: number;
  /** Calls an exact cache keyed by the normalised input would answer (every repeat after the first). */
  readonly exactDuplicateCalls: number;
  readonly exactDuplicateShare: number;
  /** Calls whose input is a repeat or has an earlier input at Jaccard ≥ 0.9 (a near-duplicate cache). */
  readonly nearDuplicateCalls: number;
  readonly nearDuplicateShare: number;
  readonly jaccardThreshold: number;
  /** The most repeated inputs, most first (at most `top`). */
  readonly mostRepeated: readonly RepeatedInput[];
}

function shorten(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * The earlier inputs to check, as [input, shared bands]: those sharing several bands first (most
 * first, then the most recent), then the most recent few sharing one band. Only the first
 * `MAX_SINGLE_BAND_CANDIDATES` single-band ones are ever checked, so only they are picked out,
 * without sorting the (often long) list of background look-alikes.
 */
function rankCandidates(touched: readonly number[], sharedBands: Uint8Array): [number, number][] {
  const several: number[] = [];
  const single: number[] = [];
  for (const other of touched) {
    if ((sharedBands[other] as number) > 1) several.push(other);
    else {
      // Keep the most recent MAX_SINGLE_BAND_CANDIDATES, highest index first.
      let i = single.length;
      while (i > 0 && (single[i - 1] as number) < other) i--;
      if (i < MAX_SINGLE_BAND_CANDIDATES) {
        single.splice(i, 0, other);
        if (single.length > MAX_SINGLE_BAND_CANDIDATES) single.pop();
      }
    }
  }
  several.sort((a, b) => (sharedBands[b] as number) - (sharedBands[a] as number) || b - a);
  return [...several, ...single].map((other) => [other, sharedBands[other] as number]);
}

/**
 * Which inputs a response cache would answer, in the order the inputs came: an input hits the
 * exact cache when its normalised text came before, the near-duplicate cache when it came before
 * or an earlier distinct input is at least `threshold` similar (shingle Jaccard).
 */
export function analyzeResponseCache(inputs: readonly string[], options: { threshold?: number; top?: number } = {}): ResponseCacheAnalysis {
  const threshold = options.threshold ?? NEAR_DUPLICATE_JACCARD;
  const top = options.top ?? 10;
  // Distinct normalised inputs in order of first occurrence, with their counts.
  const index = new Map<string, number>();
  const distinct: { normalized: string; example: string; count: number }[] = [];
  for (const input of inputs) {
    const normalized = normalizeTrafficInput(input);
    const at = index.get(normalized);
    if (at !== undefined) (distinct[at] as { count: number }).count++;
    else {
      index.set(normalized, distinct.length);
      distinct.push({ normalized, example: input, count: 1 });
    }
  }
  const exactDuplicateCalls = inputs.length - distinct.length;

  // Near duplicates: each distinct input looks for an earlier one in its LSH buckets.
  const shingleSets: Uint32Array[] = [];
  const signatures: Uint32Array[] = [];
  // One map per band: eight small maps look up faster than one map of every band's keys.
  const buckets = Array.from({ length: BANDS }, () => new Map<number, number[]>());
  /** For each distinct input, the earlier distinct input it is a near duplicate of (its cluster head), or -1. */
  const nearOf = new Int32Array(distinct.length).fill(-1);
  // Shared-band counts per earlier input, reset after each input (a typed array: a Map per input was most of the time).
  const sharedBands = new Uint8Array(distinct.length);
  const touched: number[] = [];
  for (let d = 0; d < distinct.length; d++) {
    const set = shingles((distinct[d] as { normalized: string }).normalized);
    shingleSets.push(set);
    const signature = minHashSignature(set);
    signatures.push(signature);
    // Earlier inputs sharing a band with this one, by how many bands they share: a pair at 0.9
    // shares ~3.4 of 8 on average, the look-alikes of templated traffic (0.6–0.8) mostly 1, so
    // the true match comes first and the exact checks stay few.
    const keys: number[] = [];
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(signature, band);
      keys.push(key);
      const bucket = (buckets[band] as Map<number, number[]>).get(key);
      if (!bucket) continue;
      for (let k = bucket.length - 1; k >= Math.max(0, bucket.length - MAX_BUCKET_SCAN); k--) {
        const other = bucket[k] as number;
        if ((sharedBands[other] as number) === 0) touched.push(other);
        sharedBands[other] = (sharedBands[other] as number) + 1;
      }
    }
    const candidates = rankCandidates(touched, sharedBands);
    for (const other of touched) sharedBands[other] = 0;
    touched.length = 0;
    let singleBand = 0;
    for (let c = 0; c < candidates.length && c < MAX_CANDIDATES_PER_INPUT; c++) {
      const [other, bands] = candidates[c] as [number, number];
      // One shared band is what background look-alikes have; a true pair rarely shares only one (7% at 0.9, 0.3% at 0.95).
      if (bands === 1 && ++singleBand > MAX_SINGLE_BAND_CANDIDATES) break;
      if (agreement(signature, signatures[other] as Uint32Array) < MIN_AGREEING_ROWS) continue;
      if (jaccard(set, shingleSets[other] as Uint32Array) >= threshold) {
        const head = nearOf[other] as number;
        nearOf[d] = head === -1 ? other : head;
        break;
      }
    }
    keys.forEach((key, band) => {
      const map = buckets[band] as Map<number, number[]>;
      const bucket = map.get(key);
      if (bucket) bucket.push(d);
      else map.set(key, [d]);
    });
  }
  let nearDuplicateCalls = exactDuplicateCalls;
  const clusterCounts = new Map<number, number>();
  for (let d = 0; d < distinct.length; d++) {
    const entry = distinct[d] as { count: number };
    const head = nearOf[d] as number;
    if (head !== -1) nearDuplicateCalls++; // its first occurrence; the repeats are already counted
    const cluster = head === -1 ? d : head;
    clusterCounts.set(cluster, (clusterCounts.get(cluster) ?? 0) + entry.count);
  }
  const mostRepeated = [...clusterCounts.entries()]
    .filter(([, count]) => count > 1)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, top)
    .map(([d, count]) => ({ example: shorten((distinct[d] as { example: string }).example), count }));
  const share = (n: number): number => (inputs.length ? n / inputs.length : 0);
  return {
    inputs: inputs.length,
    distinctNormalized: distinct.length,
    exactDuplicateCalls,
    exactDuplicateShare: share(exactDuplicateCalls),
    nearDuplicateCalls,
    nearDuplicateShare: share(nearDuplicateCalls),
    jaccardThreshold: threshold,
    mostRepeated,
  };
}
