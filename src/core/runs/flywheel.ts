/**
 * The data flywheel: a rated cell becomes a samples line, so a judgement becomes a regression
 * test. A good output gives an `equals` (short answers) or a `contains` of its first line; a bad
 * one gives a `rubric` from the rater's note (a bad rating without a note says nothing testable).
 */
import { parseSamples } from '../prompt/samples';
import { columnTitle } from './columns';
import type { RunAssertion, RunFile } from './types';

/** Outputs up to this long are pinned exactly; longer ones by their first line. */
const EQUALS_MAX_CHARS = 200;
const CONTAINS_MAX_CHARS = 120;

export interface SampleFromCell {
  /** The JSONL line, without a newline. */
  readonly line: string;
  readonly id: string;
  readonly assertion: RunAssertion;
}

/** The assertion a rating stands for, or why there is none. */
export function assertionFromRating(output: string, verdict: 'up' | 'down', note: string | undefined): RunAssertion | string {
  if (verdict === 'down') {
    const text = note?.trim();
    if (!text) return 'Add a note saying what is wrong with this output: the saved sample checks for it.';
    return { type: 'rubric', value: `The output must not have this problem, seen in an earlier answer: ${text}` };
  }
  const trimmed = output.trim();
  if (!trimmed) return 'The output is empty: there is nothing to check for.';
  if (trimmed.length <= EQUALS_MAX_CHARS) return { type: 'equals', value: trimmed };
  const firstLine = (trimmed.split(/\r?\n/).find((l) => l.trim()) ?? trimmed).trim();
  return { type: 'contains', value: firstLine.length > CONTAINS_MAX_CHARS ? firstLine.slice(0, CONTAINS_MAX_CHARS) : firstLine };
}

/**
 * The samples line for a rated cell: its row's input, and the assertion from its rating. `takenIds`
 * are the ids already in the samples file; the new id avoids them.
 */
export function sampleLineFromCell(run: RunFile, cellId: string, takenIds: ReadonlySet<string> = new Set()): SampleFromCell | string {
  const cell = run.cells.find((c) => c.id === cellId);
  if (!cell) return `No cell ${cellId} in this run.`;
  if (!cell.rating) return 'Rate the cell (up or down) before saving it as a sample.';
  if (cell.status !== 'done') return 'Only a finished cell can be saved as a sample.';
  const row = run.rows[cell.row];
  if (!row) return `The run has no row ${cell.row}.`;
  const assertion = assertionFromRating(cell.output, cell.rating.verdict, cell.rating.note);
  if (typeof assertion === 'string') return assertion;
  const base = `${row.sample}-${cell.rating.verdict === 'up' ? 'good' : 'bad'}`;
  let id = base;
  for (let n = 2; takenIds.has(id); n++) id = `${base}-${n}`;
  const column = run.columns[cell.column];
  // "of support.claude · anthropic/…" when the column ran a variant.
  const source = column ? columnTitle(column) : undefined;
  const line = JSON.stringify({ id, input: row.input, assert: [assertion], ...(source ? { description: `Saved from a ${cell.rating.verdict === 'up' ? 'good' : 'bad'} answer of ${source}` } : {}) });
  return { line, id, assertion };
}

/** The samples text with one more line; every existing line is kept as is (a missing final newline is added first). */
export function appendSampleLine(existing: string, line: string): string {
  if (existing.length === 0) return `${line}\n`;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const separator = existing.endsWith('\n') ? '' : eol;
  return `${existing}${separator}${line}${eol}`;
}

/** Both steps: the new samples text (ids in `existing` are avoided), or why the cell cannot be saved. */
export function appendSampleFromCell(existing: string, run: RunFile, cellId: string): { text: string; sample: SampleFromCell } | string {
  const taken = new Set(parseSamples(existing).cases.map((c) => c.id));
  const sample = sampleLineFromCell(run, cellId, taken);
  if (typeof sample === 'string') return sample;
  return { text: appendSampleLine(existing, sample.line), sample };
}
