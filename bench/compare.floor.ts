/**
 * The floor for the compare benchmark: no framework, just the official `openai` SDK in a loop
 * with a fixed pool of `--concurrency` requests in flight, streaming each reply (as `promptscope
 * compare` does) and keeping its text and usage.
 *   node compare.floor.cjs --base-url URL --samples FILE --model M [--model M2 …] [--concurrency 4]
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';

const argv = process.argv.slice(2);
const value = (flag: string): string | undefined => argv[argv.indexOf(flag) + 1];
const models = argv.flatMap((a, i) => (a === '--model' ? [argv[i + 1] as string] : []));
const concurrency = Number(value('--concurrency') ?? 4);
const questions = readFileSync(value('--samples') as string, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { input: { question: string } }).input.question);

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, baseURL: value('--base-url'), maxRetries: 0 });
const jobs = models.flatMap((model) => questions.map((question) => ({ model, question })));
const results: { text: string; outputTokens: number }[] = [];

async function worker(): Promise<void> {
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    const stream = await client.chat.completions.create({
      model: job.model,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: job.question },
      ],
      max_tokens: 200,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let outputTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) outputTokens = chunk.usage.completion_tokens;
    }
    results.push({ text, outputTokens });
  }
}

void Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  process.stdout.write(`${results.length} replies\n`);
});
