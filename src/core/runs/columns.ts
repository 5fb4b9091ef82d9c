/**
 * Reading a run column by column: what a column's prompt rendered for an input and which config it
 * runs with, whether the run has one prompt for every column (version 1 and "Compare Models") or
 * one per column ("Compare Variants"). Type imports only, so the webview can bundle it.
 */
import type { RunColumn, RunFile, RunRender, RunRow } from './types';

/** The messages (or render error) a column sends for a row. */
export function columnRender(row: RunRow, column: number): RunRender {
  const own = row.byColumn?.[column];
  if (own) return own;
  return { messages: row.messages, ...(row.renderError !== undefined ? { renderError: row.renderError } : {}) };
}

/** The generation config a column runs with: its own prompt's, else the run's. */
export function columnConfig(run: Pick<RunFile, 'config'>, column: Pick<RunColumn, 'prompt'> | undefined): Readonly<Record<string, unknown>> {
  return column?.prompt?.config ?? run.config ?? {};
}

/** How a column is named in headers, exports and lists: `support.claude · anthropic/claude-x`, or the model alone. */
export function columnTitle(column: Pick<RunColumn, 'model' | 'prompt'>): string {
  return column.prompt ? `${column.prompt.label} · ${column.model}` : column.model;
}
