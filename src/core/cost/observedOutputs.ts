import type { Fix } from '../diagnostics';
import type { PromptFile } from '../prompt';
import type { ObservedOutput } from './types';

export type { ObservedOutput } from './types';

/**
 * Observed reply lengths from comparison runs (`.promptscope/runs/*.json`, written by
 * `promptscope compare` and the Compare panel) and the output limit they suggest. Only the run
 * file fields this needs are read (`promptPath`, `columns[].model`, `columns[].prompt.path`, `cells[]` with `status`,
 * `cached`, `usage.outputTokens`, `usage.reported`), each checked, so a run of another version
 * or a damaged file is skipped rather than trusted.
 */

/** Percentile margin: the suggestion is the observed p99 plus this share, rounded up to 16 tokens. */
export const OUTPUT_LIMIT_MARGIN = 0.2;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const slash = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** True when a run's `promptPath` names this prompt (either may be relative to a different folder). */
export function samePromptPath(runPath: string, promptPath: string): boolean {
  const a = slash(runPath);
  const b = slash(promptPath);
  return a === b || b.endsWith(`/${a}`) || a.endsWith(`/${b}`);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export function suggestedOutputLimit(p99: number): number {
  return Math.max(16, Math.ceil((p99 * (1 + OUTPUT_LIMIT_MARGIN)) / 16) * 16);
}

/** Output tokens per model for one prompt across the given run files (parsed JSON), longest models first. */
export function observedOutputs(runs: readonly unknown[], promptPath: string): ObservedOutput[] {
  const byModel = new Map<string, number[]>();
  for (const run of runs) {
    if (!isRecord(run) || typeof run.promptPath !== 'string') continue;
    if (!Array.isArray(run.columns) || !Array.isArray(run.cells)) continue;
    const runPath = run.promptPath;
    // A column that ran its own prompt (a variant, run file version 2) counts for that prompt only.
    const columnPath = (c: Record<string, unknown>): string => (isRecord(c.prompt) && typeof c.prompt.path === 'string' ? c.prompt.path : runPath);
    const models = run.columns.map((c) => (isRecord(c) && typeof c.model === 'string' && samePromptPath(columnPath(c), promptPath) ? c.model : undefined));
    if (models.every((m) => m === undefined)) continue;
    for (const cell of run.cells) {
      if (!isRecord(cell) || cell.status !== 'done' || cell.cached === true || typeof cell.column !== 'number') continue;
      const usage = cell.usage;
      if (!isRecord(usage) || usage.reported !== true || typeof usage.outputTokens !== 'number' || !(usage.outputTokens >= 0)) continue;
      const model = models[cell.column];
      if (!model) continue;
      let list = byModel.get(model);
      if (!list) byModel.set(model, (list = []));
      list.push(usage.outputTokens);
    }
  }
  return [...byModel.entries()].map(([modelId, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    return {
      modelId,
      samples: sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99,
      max: sorted[sorted.length - 1] as number,
      suggestedMaxOutputTokens: suggestedOutputLimit(p99),
    };
  }).sort((a, b) => b.p99 - a.p99 || a.modelId.localeCompare(b.modelId));
}

/**
 * The frontmatter edit that sets `config.maxOutputTokens` in a `.prompt` file: a new line under an
 * existing block `config:` mapping (with its indentation), or a new `config:` block at the end
 * of the frontmatter. Undefined for other kinds, unclosed or unparsable frontmatter, a flow-style
 * `config`, or a limit already set.
 */
export function setMaxOutputTokensFix(file: PromptFile, limit: number): Fix | undefined {
  const fm = file.frontmatter;
  if (file.kind !== 'prompt' || !fm || !fm.closed || fm.errors.length > 0 || file.config.maxOutputTokens !== undefined) return undefined;
  const title = `Set maxOutputTokens: ${limit} (observed p99 + ${Math.round(OUTPUT_LIMIT_MARGIN * 100)}%)`;
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const config = fm.keys.find((k) => k.key === 'config');
  if (!config) {
    // At the start of the closing `---` line.
    let at = fm.yamlRange.end;
    if (file.text.startsWith('\r\n', at)) at += 2;
    else if (file.text[at] === '\n') at += 1;
    const needsBreak = at > 0 && file.text[at - 1] !== '\n';
    return { title, edits: [{ range: { start: at, end: at }, newText: `${needsBreak ? eol : ''}config:${eol}  maxOutputTokens: ${limit}${eol}` }] };
  }
  const value = file.text.slice(config.valueRange.start, config.valueRange.end);
  if (value.trim().startsWith('{') || value.trim().startsWith('[')) return undefined;
  const keyLine = file.lines.positionAt(config.keyRange.start).line;
  const nextLineStart = file.lines.offsetAt({ line: keyLine + 1, character: 0 });
  if (value.trim() === '') {
    // `config:` with nothing under it.
    return { title, edits: [{ range: { start: nextLineStart, end: nextLineStart }, newText: `  maxOutputTokens: ${limit}${eol}` }] };
  }
  const childIndent = /^[ \t]+/.exec(file.text.slice(nextLineStart))?.[0] ?? '  ';
  return { title, edits: [{ range: { start: nextLineStart, end: nextLineStart }, newText: `${childIndent}maxOutputTokens: ${limit}${eol}` }] };
}
