// Parse + diagnose of the ~2,000-token example, warm (goal < 5 ms). Peer in the same run: the
// dotprompt package's own parse of the same text (frontmatter + template only, no checks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dotprompt } from 'dotprompt';
import { checkPromptFile, parsePromptFile } from '../src/core/prompt';

const root = process.cwd();
const text = readFileSync(join(root, 'examples/support-agent.prompt'), 'utf8');
const fileName = join(root, 'examples/support-agent.prompt');
const partial = readFileSync(join(root, 'examples/_company-facts.prompt'), 'utf8');
const env = { partialExists: () => true, loadPartial: () => partial, knownModel: () => true, sampleFile: () => ({ exists: true, text: '' }) };

function timeIt(fn: () => void, rounds: number): { p50: number; p95: number } {
  for (let i = 0; i < 50; i++) fn(); // warm
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(rounds * 0.5)] ?? NaN, p95: samples[Math.floor(rounds * 0.95)] ?? NaN };
}

const ours = timeIt(() => { checkPromptFile(parsePromptFile(text, { fileName }), env); }, 300);
const parseOnly = timeIt(() => { parsePromptFile(text, { fileName }); }, 300);
const dotprompt = new Dotprompt();
const peer = timeIt(() => { dotprompt.parse(text); }, 300);
const fmt = (n: number) => `${n.toFixed(2)} ms`;
console.log('prompt language (examples/support-agent.prompt, warm, 300 rounds)');
console.log(`  parse + all checks           p50 ${fmt(ours.p50)}  p95 ${fmt(ours.p95)}   goal < 5 ms: ${ours.p50 < 5 ? 'met' : 'MISSED'}`);
console.log(`  parse only (ranges, blocks)  p50 ${fmt(parseOnly.p50)}  p95 ${fmt(parseOnly.p95)}`);
console.log(`  peer: dotprompt.parse        p50 ${fmt(peer.p50)}  p95 ${fmt(peer.p95)}   ratio parse+checks / peer ${(ours.p50 / peer.p50).toFixed(2)}`);
