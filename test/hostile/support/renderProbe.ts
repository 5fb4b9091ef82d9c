/**
 * Child-process probe for the render property test: renders random nested templates (each,
 * with, if, partials fanning out, over random default lists) under a render budget and prints
 * one JSON line per template. Run bounded by `renderBudget.test.ts`.
 */
import { parsePromptFile, renderPromptFile, type RenderBudget } from '../../../src/core/prompt';
import { pick, seededRandom } from '../../support/seededRandom';

const [seedArg, countArg, maxMsArg] = process.argv.slice(2);
const random = seededRandom(Number(seedArg ?? 1));
const count = Number(countArg ?? 50);
const budget: RenderBudget = { maxOutputChars: 2 * 1024 * 1024, maxMs: Number(maxMsArg ?? 150), maxTags: 10_000, maxNesting: 200 };

function randomBody(depth: number, partials: readonly string[]): string {
  if (depth === 0) return pick(random, ['x', '{{this}}', '{{name}} ', 'text ', '{{@index}}']);
  const inner = (): string => randomBody(depth - 1, partials);
  const parts: string[] = [];
  const n = 1 + Math.floor(random() * 3);
  for (let i = 0; i < n; i++) {
    parts.push(pick(random, [
      () => `{{#each list}}${inner()}{{/each}}`,
      () => `{{#each ../list}}${inner()}{{/each}}`,
      () => `{{#with obj}}${inner()}{{/with}}`,
      () => `{{#if flag}}${inner()}{{else}}${inner()}{{/if}}`,
      () => (partials.length ? `{{> ${pick(random, partials)}}}`.repeat(1 + Math.floor(random() * 12)) : inner()),
      () => `{{#list}}${inner()}{{/list}}`,
    ])());
  }
  return parts.join('');
}

async function main(): Promise<void> {
  for (let t = 0; t < count; t++) {
    const listLength = pick(random, [0, 3, 50, 400, 2000]);
    const list = Array.from({ length: listLength }, (_, i) => i);
    const partialCount = Math.floor(random() * 6);
    const partialNames = Array.from({ length: partialCount }, (_, i) => `p${i}`);
    const sources = new Map<string, string>();
    // Partial i includes later partials only: fan-out without cycles.
    partialNames.forEach((name, i) => sources.set(name, randomBody(1 + Math.floor(random() * 3), partialNames.slice(i + 1))));
    const body = randomBody(1 + Math.floor(random() * 5), partialNames);
    const text = `---\nmodel: openai/gpt-4o\ninput:\n  default:\n    flag: true\n    name: Ada\n    obj: { list: [1, 2, 3] }\n    list: ${JSON.stringify(list)}\n---\n${body}\n`;
    const file = parsePromptFile(text, { fileName: `t${t}.prompt` });
    const started = Date.now();
    const result = await renderPromptFile(file, { loadPartial: (name) => sources.get(name), budget });
    const ms = Date.now() - started;
    const chars = result.messages.reduce((sum, m) => sum + m.text.length, 0);
    process.stdout.write(`${JSON.stringify({ t, ms, chars, stopped: result.error?.budgetExceeded === true, error: result.error?.message.slice(0, 120) ?? null, heapMb: Math.round(process.memoryUsage().heapUsed / 1048576) })}\n`);
  }
}

void main();
