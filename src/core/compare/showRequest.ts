import { describeRequest, type RequestDescription } from '../providers/describe';
import { columnConfig, columnRender } from '../runs/columns';
import type { RunFile } from '../runs/types';
import type { TargetResolver } from './types';

/**
 * "Show Request" for one cell of a run: the exact body its model gets (what the column's prompt
 * rendered for the row, that prompt's config translated for that API), the key redacted, with what was dropped
 * or renamed. A string says why there is none (unknown model, render failure).
 */
export function describeCellRequest(run: RunFile, cellId: string, resolveTarget: TargetResolver): RequestDescription | string {
  const cell = run.cells.find((c) => c.id === cellId);
  if (!cell) return `No cell ${cellId} in this run.`;
  const column = run.columns[cell.column];
  const row = run.rows[cell.row];
  if (!column || !row) return `The run has no column ${cell.column} or row ${cell.row}.`;
  const rendered = columnRender(row, cell.column);
  if (rendered.renderError) return rendered.renderError;
  const target = resolveTarget(column.model);
  if (typeof target === 'string') return target;
  return describeRequest(target, rendered.messages, columnConfig(run, column));
}
