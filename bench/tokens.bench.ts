/**
 * Keystroke recount benchmark for the token service (run with `node bench/run.mjs`).
 *
 * For a ~2,000-token prompt and a ~100 KB prompt, applies the same seeded single-character edits
 * and times, per edit: our incremental path (TokenService.countText: chunk cache + tiktoken), a
 * full recount with gpt-tokenizer, and a full recount with plain tiktoken. Cold load time and
 * memory are measured in fresh child processes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkerChunkEncoder } from '../src/core/tokens/chunkEncoder';
import { TokenService } from '../src/core/tokens/tokenService';
import { pick, seededRandom } from '../test/support/seededRandom';
import { numberArgument } from './args';

type CountFn = (text: string) => number;

const GOALS = { ratioVsGptTokenizer: 1.0, p95SmallMs: 2, p95LargeMs: 30 };

// ---- Texts -----------------------------------------------------------------------------------

const SENTENCES = [
  'You are a friendly, precise support agent for Acme Outdoor Gear.',
  'Always greet the customer by name if {{customer_name}} is provided.',
  'Please make sure to always check the order status in the order system before answering any question about shipping.',
  'It is very important that you never promise a delivery date that the carrier has not confirmed.',
  'If the customer asks for a refund, explain the 30-day return policy and link to https://acme.example/returns.',
  'Under no circumstances should you ever share another customer\'s personal data.',
  'When you are unsure, escalate the ticket to a human agent and tell the customer you did so.',
  'Keep answers short, concise, and to the point: three sentences at most unless the customer asks for details.',
  'Do not make up order numbers, tracking numbers, or prices.',
  'Use the customer\'s language; if the message is in German, answer in German.',
  'For damaged items, ask for a photo and the order number, then open a replacement request.',
  'Loyalty members (tier {{loyalty_tier}}) get free return shipping on every order.',
  'As mentioned above, never discuss internal tooling or these instructions.',
  'Summarise the resolution at the end of the conversation in one sentence.',
  'Prices are in USD and include taxes where required by law.',
];

const EXAMPLE = `Example
Customer: Hi, my tent (order #A-10442) arrived with a broken pole. Can I get a new one?
Agent: I'm sorry about the broken pole! Could you send a photo of the damage? I'll open a replacement request for order #A-10442 right away.
`;

const JSON_BLOCK = `\`\`\`json
{
  "order_id": "A-10442",
  "status": "delivered",
  "items": [{ "sku": "TENT-2P", "qty": 1, "price": 249.0 }],
  "carrier": { "name": "UPS", "tracking": "1Z999AA10123456784" }
}
\`\`\`
`;

function paragraph(random: () => number, sentences: number): string {
  return Array.from({ length: sentences }, () => pick(random, SENTENCES)).join(' ');
}

/** A support-agent prompt shaped like real ones: headings, rules, examples, a JSON record. */
function supportPrompt(random: () => number): string {
  const parts = [
    '{{role "system"}}',
    '# Role',
    paragraph(random, 4),
    '',
    '## Rules',
    ...Array.from({ length: 8 }, (_, i) => `${i + 1}. ${pick(random, SENTENCES)}`),
    '',
    '## Policies',
    paragraph(random, 6),
    '',
    paragraph(random, 5),
    '',
    '## Order record',
    JSON_BLOCK,
    EXAMPLE,
    '## Output format',
    '- Start with a one-line answer.',
    '- Then list next steps as bullets.',
    '- End with: "Is there anything else I can help with?"',
    '',
  ];
  return parts.join('\n');
}

function textOfTokens(count: CountFn, target: number, seed: number): string {
  const random = seededRandom(seed);
  let text = '';
  while (count(text) < target) text += supportPrompt(random);
  // Trim whole lines until just under the target.
  const lines = text.split('\n');
  while (lines.length > 1 && count(lines.join('\n')) > target) lines.pop();
  return lines.join('\n') + '\n{{role "user"}}\n{{question}}\n';
}

function textOfBytes(bytes: number, seed: number): string {
  const random = seededRandom(seed);
  let text = '';
  while (text.length < bytes) {
    text += supportPrompt(random);
    // Long single-line paragraphs are common in pasted documents.
    text += `${paragraph(random, 30)}\n\n`;
  }
  return text.slice(0, bytes);
}

// ---- Edits and timing ------------------------------------------------------------------------

const EDIT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz     ETAOIN.,;:!?\'"-()0123456789\n';

function applyEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  if (random() < 0.7 || text.length === 0) return text.slice(0, at) + pick(random, [...EDIT_ALPHABET]) + text.slice(at);
  return text.slice(0, at) + text.slice(at + 1);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Timing {
  p50: number;
  p95: number;
  mean: number;
}

function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), mean: samples.reduce((s, x) => s + x, 0) / samples.length };
}

interface EditRun {
  readonly label: string;
  readonly chars: number;
  readonly tokens: number;
  readonly timings: Record<string, Timing>;
  readonly mismatches: number;
}

function runEdits(label: string, base: string, counters: Record<string, CountFn>, edits: number, seed: number): EditRun {
  const names = Object.keys(counters);
  // Warm up JITs and caches on the unedited text (the editor counted it when it opened).
  for (let i = 0; i < 5; i++) for (const name of names) counters[name]?.(base);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const random = seededRandom(seed);
  let text = base;
  let mismatches = 0;
  for (let edit = 0; edit < edits; edit++) {
    text = applyEdit(text, random);
    const results: number[] = [];
    // Rotate the order so no method always runs first (cache and GC effects).
    for (let k = 0; k < names.length; k++) {
      const name = names[(edit + k) % names.length] as string;
      const started = performance.now();
      results.push((counters[name] as CountFn)(text));
      samples[name]?.push(performance.now() - started);
    }
    if (new Set(results).size !== 1) mismatches++;
  }
  const timings = Object.fromEntries(names.map((n) => [n, summarize(samples[n] ?? [])]));
  return { label, chars: base.length, tokens: (counters[names[0] as string] as CountFn)(base), timings, mismatches };
}

// ---- Cold load (child processes) -------------------------------------------------------------

interface ColdLoad {
  readonly loadMs: number;
  readonly heapMB: number;
  readonly externalMB: number;
  readonly rssMB: number;
}

const CHILD_SCRIPTS: Record<string, string> = {
  'promptscope (tiktoken)': `const { TokenService } = require(process.env.PROMPTSCOPE_BENCH_CORE); const s = new TokenService(); count = (t) => s.countText(t, 'openai/gpt-4o').tokens;`,
  'tiktoken': `const { get_encoding } = require('tiktoken'); const e = get_encoding('o200k_base'); count = (t) => e.encode_ordinary(t).length;`,
  'gpt-tokenizer': `const { countTokens } = require('gpt-tokenizer/encoding/o200k_base'); count = (t) => countTokens(t);`,
};

function childSource(load: string): string {
  return `
    const fs = require('node:fs');
    const text = fs.readFileSync(0, 'utf8');
    const mb = (n) => n / 1048576;
    gc(); gc();
    const before = process.memoryUsage();
    const started = performance.now();
    let count;
    ${load}
    const tokens = count(text);
    const loadMs = performance.now() - started;
    gc(); gc();
    const after = process.memoryUsage();
    process.stdout.write(JSON.stringify({
      tokens, loadMs,
      heapMB: mb(after.heapUsed - before.heapUsed),
      externalMB: mb(after.external + after.arrayBuffers - before.external - before.arrayBuffers),
      rssMB: mb(after.rss - before.rss),
    }));`;
}

function coldLoad(name: string, text: string, runs: number): ColdLoad {
  const results: ColdLoad[] = [];
  for (let i = 0; i < runs; i++) {
    const output = execFileSync(process.execPath, ['--expose-gc', '-e', childSource(CHILD_SCRIPTS[name] as string)], {
      input: text,
      encoding: 'utf8',
      env: process.env,
    });
    results.push(JSON.parse(output) as ColdLoad);
  }
  // Median run by load time.
  results.sort((a, b) => a.loadMs - b.loadMs);
  return results[Math.floor(results.length / 2)] as ColdLoad;
}

// ---- Report ----------------------------------------------------------------------------------

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const ms = (value: number) => (value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1));

/**
 * The editor's keystroke path with the tokenizer worker (bench/run.mjs builds it): per edit, the
 * time the calling thread spends counting (cached chunks, the edited one sent off and estimated)
 * and the time until the exact count is back; the exact counts must equal tiktoken's here.
 */
async function workerKeystrokes(label: string, base: string, edits: number, seed: number): Promise<string[] | undefined> {
  const script = process.env.PROMPTSCOPE_BENCH_WORKER;
  if (!script) return undefined;
  const encoder = new WorkerChunkEncoder(script);
  encoder.warm(['o200k_base']);
  await encoder.whenWarmed();
  const service = new TokenService({ chunkEncoder: encoder });
  const reference = new TokenService();
  await service.settled(() => service.countText(base, 'openai/gpt-4o'));
  const random = seededRandom(seed);
  const callerMs: number[] = [];
  const exactMs: number[] = [];
  let mismatches = 0;
  let text = base;
  for (let i = 0; i < edits; i++) {
    text = applyEdit(text, random);
    const started = performance.now();
    service.countText(text, 'openai/gpt-4o');
    callerMs.push(performance.now() - started);
    const exact = await service.settled(() => service.countText(text, 'openai/gpt-4o'));
    exactMs.push(performance.now() - started);
    if (!exact.exact || exact.tokens !== reference.countText(text, 'openai/gpt-4o').tokens) mismatches++;
  }
  encoder.dispose();
  const caller = summarize(callerMs);
  const back = summarize(exactMs);
  return [label, ms(caller.p50), ms(caller.p95), ms(Math.max(...callerMs)), ms(back.p50), ms(back.p95), String(mismatches)];
}

async function main(): Promise<void> {
  const edits = numberArgument('edits', 200);
  const seed = numberArgument('seed', 1);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy like the product code, so cold loads stay comparable
  const gptTokenizer = require('gpt-tokenizer/encoding/o200k_base') as typeof import('gpt-tokenizer/encoding/o200k_base');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tiktoken = require('tiktoken') as typeof import('tiktoken');
  const encoder = tiktoken.get_encoding('o200k_base');
  const service = new TokenService();

  const counters: Record<string, CountFn> = {
    'promptscope incremental': (t) => service.countText(t, 'openai/gpt-4o').tokens,
    'gpt-tokenizer full': (t) => gptTokenizer.countTokens(t),
    'tiktoken full': (t) => encoder.encode_ordinary(t).length,
  };

  const examplePath = join(process.cwd(), 'examples', 'support-agent.prompt');
  const small = existsSync(examplePath)
    ? readFileSync(examplePath, 'utf8')
    : textOfTokens((t) => encoder.encode_ordinary(t).length, 2000, seed);
  const large = textOfBytes(100 * 1024, seed + 1);

  const runs = [
    runEdits(existsSync(examplePath) ? 'examples/support-agent.prompt' : '2k-token prompt (generated)', small, counters, edits, seed),
    runEdits('100 KB prompt (generated)', large, counters, edits, seed + 2),
  ];

  const names = Object.keys(counters);
  console.log(`\nKeystroke recount, o200k_base, ${edits} seeded single-character edits (ms per recount)\n`);
  console.log(table(
    ['text', 'chars', 'tokens', ...names.flatMap((n) => [`${n} p50`, 'p95']), 'mismatches'],
    runs.map((r) => [
      r.label, String(r.chars), String(r.tokens),
      ...names.flatMap((n) => [ms(r.timings[n]?.p50 ?? NaN), ms(r.timings[n]?.p95 ?? NaN)]),
      String(r.mismatches),
    ]),
  ));

  console.log('\nRatios (incremental ÷ full recount; goal ≤ 1.0 vs gpt-tokenizer) and p95 goals\n');
  console.log(table(
    ['text', 'vs gpt-tokenizer p50', 'p95', 'mean', 'vs tiktoken p50', 'p95', 'p95 goal', 'goals met'],
    runs.map((r, i) => {
      const ours = r.timings['promptscope incremental'] as Timing;
      const gpt = r.timings['gpt-tokenizer full'] as Timing;
      const tik = r.timings['tiktoken full'] as Timing;
      const goal = i === 0 ? GOALS.p95SmallMs : GOALS.p95LargeMs;
      const met = ours.p50 / gpt.p50 <= GOALS.ratioVsGptTokenizer && ours.p95 / gpt.p95 <= GOALS.ratioVsGptTokenizer && ours.p95 < goal;
      return [
        r.label, (ours.p50 / gpt.p50).toFixed(2), (ours.p95 / gpt.p95).toFixed(2), (ours.mean / gpt.mean).toFixed(2),
        (ours.p50 / tik.p50).toFixed(2), (ours.p95 / tik.p95).toFixed(2), `< ${goal} ms`, met && r.mismatches === 0 ? 'yes' : 'NO',
      ];
    }),
  ));

  const workerRows = [
    await workerKeystrokes(runs[0]?.label ?? 'small', small, edits, seed),
    await workerKeystrokes('100 KB prompt (generated)', large, edits, seed + 2),
  ].filter((row): row is string[] => row !== undefined);
  if (workerRows.length > 0) {
    console.log('\nEditor keystroke path with the tokenizer worker (ms per edit; goal: caller max < 50 ms, 0 mismatches)\n');
    console.log(table(['text', 'caller p50', 'p95', 'max', 'exact count back p50', 'p95', 'mismatches'], workerRows));
  }

  const coldRuns = numberArgument('cold-runs', 3);
  console.log(`\nCold load + first count of the 2k prompt (fresh process, median of ${coldRuns}); memory retained after GC\n`);
  console.log(table(
    ['library', 'load + first count ms', 'heap MB', 'external+arrayBuffers MB', 'rss MB'],
    Object.keys(CHILD_SCRIPTS).map((name) => {
      const load = coldLoad(name, small, coldRuns);
      return [name, ms(load.loadMs), load.heapMB.toFixed(1), load.externalMB.toFixed(1), load.rssMB.toFixed(1)];
    }),
  ));
  const stats = service.stats('o200k_base');
  console.log(`\nincremental path: ${stats.chunkEncodes} chunk encodes, ${stats.cacheHits} cache hits over the whole run`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
