/**
 * Response-cache potential benchmark (bundled and run by `node bench/traffic.bench.mjs`, part of
 * `npm run bench`): 100,000 generated support questions (seeded; ~20% exact repeats after
 * normalisation, ~15% near duplicates with a typo or an extra word, the rest distinct), analysed by
 * `analyzeResponseCache` (normalise, MinHash, LSH, exact Jaccard check) 3 times; p50 against the
 * goal of a few seconds. The floor measured in the same run: normalising and counting exact
 * duplicates only (a Map), which any duplicate analysis must do.
 */
import { performance } from 'node:perf_hooks';
import { analyzeResponseCache, normalizeTrafficInput } from '../src/core/cost';
import { pick as pickFrom, seededRandom } from '../test/support/seededRandom';
import { numberArgument } from './args';

const GOAL_MS = 5_000;
const INPUTS = numberArgument('inputs', 100_000);
const SEED = numberArgument('seed', 11);
const RUNS = 3;

const random = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => pickFrom(random, items);
const ASKS = ['Where is my order', 'How do I return', 'Can I change the size of', 'Why was I charged twice for', 'Is there a warranty on', 'When will you restock', 'Can you ship internationally', 'How do I cancel'];
const ITEMS = ['the blue jacket', 'my hiking boots', 'the 2-person tent', 'order #', 'the trail running shoes', 'a gift card', 'the rain poncho', 'my subscription'];
const TAILS = ['I bought it last week', 'it was a birthday present', 'the tracking page shows nothing', 'I need it before Friday', 'please help', 'thanks in advance', ''];

function generate(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.2 && out.length > 0) {
      const earlier = out[Math.floor(random() * out.length)] as string;
      out.push(random() < 0.5 ? earlier.toUpperCase() : `  ${earlier}!`);
    } else if (r < 0.35 && out.length > 0) {
      const earlier = out[Math.floor(random() * out.length)] as string;
      const at = Math.floor(random() * earlier.length);
      out.push(earlier.slice(0, at) + earlier.slice(at + 1));
    } else {
      const item = pick(ITEMS);
      out.push(`${pick(ASKS)} ${item}${item.endsWith('#') ? Math.floor(random() * 1e6) : ''}? ${pick(TAILS)} (customer ${Math.floor(random() * 1e7)})`);
    }
  }
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const inputs = generate(INPUTS);
const floor: number[] = [];
const full: number[] = [];
let last: ReturnType<typeof analyzeResponseCache> | undefined;
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  const seen = new Map<string, number>();
  for (const input of inputs) {
    const key = normalizeTrafficInput(input);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  floor.push(performance.now() - t);
  t = performance.now();
  last = analyzeResponseCache(inputs);
  full.push(performance.now() - t);
}
const p50 = median(full);
const floorP50 = median(floor);
console.log(`traffic: ${INPUTS.toLocaleString('en-US')} inputs, seed ${SEED}`);
console.log(`  analyzeResponseCache p50 ${p50.toFixed(0)} ms (runs ${full.map((x) => x.toFixed(0)).join(', ')}) · goal ≤ ${GOAL_MS} ms · ${p50 <= GOAL_MS ? 'OK' : 'SLOW'}`);
console.log(`  floor (normalise + exact Map) p50 ${floorP50.toFixed(0)} ms · ratio ${(p50 / floorP50).toFixed(1)}×`);
if (last) {
  console.log(`  exact duplicates ${(last.exactDuplicateShare * 100).toFixed(1)}% · with near duplicates ${(last.nearDuplicateShare * 100).toFixed(1)}% · distinct ${last.distinctNormalized.toLocaleString('en-US')}`);
}
process.exitCode = p50 <= GOAL_MS ? 0 : 1;
