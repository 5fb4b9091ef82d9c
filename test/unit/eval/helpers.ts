import type { RunCell, RunFile } from '../../../src/core/runs/types';

export interface CellSpec {
  pass: boolean;
  cost?: number;
  latencyMs?: number;
  ttftMs?: number;
  output?: string;
  failed?: boolean;
  inputTokens?: number;
  outputTokens?: number;
}

/** A finished run: `cells[column][row][repeat]`. */
export function runOf(models: string[], samples: string[], cells: CellSpec[][][], repeat = 1): RunFile {
  const list: RunCell[] = [];
  cells.forEach((col, c) =>
    col.forEach((row, r) =>
      row.forEach((spec, k) => {
        list.push({
          id: `c${c}-r${r}-k${k}`,
          column: c,
          row: r,
          repeat: k,
          status: spec.failed ? 'failed' : 'done',
          output: spec.output ?? `out ${c}/${r}/${k}`,
          latencyMs: spec.latencyMs ?? 100,
          ...(spec.ttftMs !== undefined ? { ttftMs: spec.ttftMs } : {}),
          usage: { inputTokens: spec.inputTokens ?? 10, outputTokens: spec.outputTokens ?? 5, reported: true },
          ...(spec.cost !== undefined ? { costUsd: spec.cost } : {}),
          cached: false,
          attempts: 1,
          assertions: spec.pass ? [{ type: 'contains', pass: true, reason: 'ok', index: 0 }] : [{ type: 'contains', pass: false, reason: 'missing "x"', index: 0 }],
          pass: spec.pass && !spec.failed,
          ...(spec.failed ? { error: { kind: 'server' as const, message: 'HTTP 500' } } : {}),
        });
      }),
    ),
  );
  return {
    version: 1,
    id: 'run',
    createdAt: '2026-01-01T00:00:00Z',
    promptPath: 'p.prompt',
    promptHash: 'h',
    repeat,
    columns: models.map((model, index) => ({
      index,
      model,
      params: {},
      paramNotes: [],
      summary: { cells: 0, done: 0, failed: 0, passed: 0, passRate: null, totalCostUsd: null, meanCostUsd: null, p50LatencyMs: null, p95LatencyMs: null, tokensPerSecond: null },
    })),
    rows: samples.map((sample, index) => ({ index, sample, input: {}, assert: [], messages: [] })),
    cells: list,
  };
}
