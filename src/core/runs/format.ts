/**
 * Cell and summary formatting shared by the CLI, the Markdown export and the comparison panel.
 * Dependency-free (type imports only), so the webview can bundle it.
 */
import type { RunCell } from './types';

/** `850 ms`, `1.20 s`; `—` when unknown. */
export function formatMs(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Latency text with the cache label: "cached (original 1.20 s)". */
export function latencyLabel(cell: Pick<RunCell, 'cached' | 'latencyMs'>): string {
  return cell.cached ? `cached (original ${formatMs(cell.latencyMs)})` : formatMs(cell.latencyMs);
}
