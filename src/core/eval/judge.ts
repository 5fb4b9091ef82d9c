import type { CompareEnvironment } from '../compare/types';
import type { ChatMessage } from '../providers/types';
import type { RunFile, RunMessage } from '../runs/types';
import type { JudgePreference } from './types';

/**
 * Pairwise preference by a judge model the user named: for each input, which of the two outputs
 * answers the request better, with a one-sentence reason. The two outputs swap places on every
 * other input so a judge's bias for the first (or second) answer does not favour one side.
 */
export const PREFERENCE_SYSTEM_PROMPT =
  'You compare two responses to the same request. Judge which one fulfils the request better: correctness, following the instructions, completeness, then concision. ' +
  'Answer with JSON only: {"winner": "A" | "B" | "tie", "reason": "<one sentence>"}.';

const JUDGE_CONCURRENCY = 4;

function requestText(messages: readonly RunMessage[]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}

export function preferenceMessages(messages: readonly RunMessage[], a: string, b: string): ChatMessage[] {
  return [
    { role: 'system', content: PREFERENCE_SYSTEM_PROMPT },
    { role: 'user', content: `<request>\n${requestText(messages)}\n</request>\n\n<response_a>\n${a}\n</response_a>\n\n<response_b>\n${b}\n</response_b>` },
  ];
}

/** Reads the judge's answer (JSON, possibly fenced or wrapped in prose); `unknown` with the raw text when it cannot. */
export function parsePreference(reply: string, baselineIsA: boolean): JudgePreference {
  const match = /\{[\s\S]*\}/.exec(reply);
  if (match) {
    try {
      const value = JSON.parse(match[0]) as { winner?: unknown; reason?: unknown };
      const winner = typeof value.winner === 'string' ? value.winner.trim().toUpperCase() : '';
      const reason = typeof value.reason === 'string' ? value.reason : '';
      if (winner === 'TIE') return { winner: 'tie', reason };
      if (winner === 'A' || winner === 'B') return { winner: (winner === 'A') === baselineIsA ? 'baseline' : 'candidate', reason };
    } catch {
      // Falls through to "not understood".
    }
  }
  return { winner: 'unknown', reason: `the judge's answer was not understood: ${reply.slice(0, 200)}` };
}

/** Asks the judge about every input both sides answered (first repeat); failures become `unknown` with the error. */
export async function judgePreferences(
  judgeModel: string,
  baselineRun: RunFile,
  candidateRun: RunFile,
  env: Pick<CompareEnvironment, 'resolveTarget' | 'createProvider' | 'signal'> & { onProgress?: (p: { phase: 'judge'; finished: number; total: number }) => void },
): Promise<Map<string, JudgePreference>> {
  const target = env.resolveTarget(judgeModel);
  if (typeof target === 'string') throw new Error(`judge model ${judgeModel}: ${target}`);
  const provider = await env.createProvider(target, { maxRetries: 2 });
  const candidateRows = new Map(candidateRun.rows.map((r) => [r.sample, r.index]));
  const jobs: { sample: string; messages: readonly RunMessage[]; baseline: string; candidate: string }[] = [];
  for (const row of baselineRun.rows) {
    const b = baselineRun.cells.find((c) => c.row === row.index && c.repeat === 0 && c.status === 'done');
    const cRow = candidateRows.get(row.sample);
    const c = candidateRun.cells.find((x) => x.row === cRow && x.repeat === 0 && x.status === 'done');
    if (b && c) jobs.push({ sample: row.sample, messages: row.messages, baseline: b.output, candidate: c.output });
  }
  const results = new Map<string, JudgePreference>();
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length && !env.signal?.aborted) {
      const index = next++;
      const job = jobs[index] as (typeof jobs)[number];
      const baselineIsA = index % 2 === 0;
      const [a, b] = baselineIsA ? [job.baseline, job.candidate] : [job.candidate, job.baseline];
      try {
        const reply = await provider.complete({ model: target.model, messages: preferenceMessages(job.messages, a, b), maxOutputTokens: 300, ...(env.signal ? { signal: env.signal } : {}) });
        results.set(job.sample, parsePreference(reply.text, baselineIsA));
      } catch (e) {
        results.set(job.sample, { winner: 'unknown', reason: `the judge failed: ${e instanceof Error ? e.message : String(e)}` });
      }
      env.onProgress?.({ phase: 'judge', finished: ++finished, total: jobs.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(JUDGE_CONCURRENCY, jobs.length) }, worker));
  return results;
}
