import type { ColumnSummary, RunCell } from '../runs/types';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

/** Pass rate, cost, latency percentiles and throughput of one column's cells. */
export function summarizeCells(cells: readonly RunCell[]): ColumnSummary {
  const done = cells.filter((c) => c.status === 'done');
  const failed = cells.filter((c) => c.status === 'failed').length;
  const passed = done.filter((c) => c.pass).length;
  const finished = done.length + failed;
  const costs = done.map((c) => c.costUsd).filter((c): c is number => c !== undefined);
  const totalCost = costs.length > 0 ? costs.reduce((a, b) => a + b, 0) : null;
  const latencies = done
    .map((c) => c.latencyMs)
    .filter((l): l is number => l !== undefined)
    .sort((a, b) => a - b);
  let outputTokens = 0;
  let generationMs = 0;
  for (const c of done) {
    if (!c.usage?.reported || c.latencyMs === undefined) continue;
    const ms = c.latencyMs - (c.ttftMs ?? 0);
    if (ms <= 0) continue;
    outputTokens += c.usage.outputTokens;
    generationMs += ms;
  }
  return {
    cells: cells.length,
    done: done.length,
    failed,
    passed,
    passRate: finished > 0 ? passed / finished : null,
    totalCostUsd: totalCost,
    meanCostUsd: totalCost !== null ? totalCost / costs.length : null,
    p50LatencyMs: percentile(latencies, 50),
    p95LatencyMs: percentile(latencies, 95),
    tokensPerSecond: generationMs > 0 ? outputTokens / (generationMs / 1000) : null,
  };
}
