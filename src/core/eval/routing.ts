import type { RunCell, RunFile } from '../runs/types';
import { mean } from './stats';

/**
 * Tiered routing from one comparison of several models over the samples: for each input the
 * cheapest model that passes it, what that would save against sending everything to one model,
 * and simple tier rules ("inputs under N tokens → A, else B") evaluated on the same data.
 */

export interface RoutingModelSummary {
  readonly model: string;
  readonly passed: number;
  readonly passRate: number;
  /** Sum over inputs of the mean $ per call; null when a cell has no price. */
  readonly totalCostUsd: number | null;
}

export interface RoutingRow {
  readonly sample: string;
  /** Input tokens of the request, as the first model's provider reported them. */
  readonly inputTokens: number | null;
  /** Models that passed this input on every repeat. */
  readonly passing: readonly string[];
  /** The cheapest passing model; undefined when none passed. */
  readonly cheapest?: string;
  readonly cheapestCostUsd?: number;
}

export interface TierRule {
  /** Inputs under `thresholdTokens` input tokens go to `small`, the rest to `large`. */
  readonly thresholdTokens: number;
  readonly small: string;
  readonly large: string;
  readonly description: string;
  readonly passed: number;
  readonly passRate: number;
  readonly totalCostUsd: number | null;
  /** Saving against the reference model (fraction, 0.38 = 38% cheaper); null without prices. */
  readonly saving: number | null;
}

export interface RoutingReport {
  readonly inputs: number;
  readonly models: readonly RoutingModelSummary[];
  readonly rows: readonly RoutingRow[];
  /** The single model routing is measured against: highest pass rate, then cheapest. */
  readonly reference: string | undefined;
  /** Every input to its cheapest passing model; inputs no model passes go to the reference. */
  readonly oracle: { readonly passed: number; readonly passRate: number; readonly totalCostUsd: number | null; readonly saving: number | null };
  /** The best rule per (small, large) pair, best first; at most `maxRules`. */
  readonly rules: readonly TierRule[];
}

interface CellStats {
  readonly pass: boolean;
  readonly cost: number | null;
}

function statsOf(cells: readonly RunCell[]): CellStats | undefined {
  if (cells.length === 0 || cells.some((c) => c.status !== 'done' && c.status !== 'failed')) return undefined;
  const costs = cells.map((c) => c.costUsd);
  const cost = costs.every((c): c is number => c !== undefined) ? (mean(costs) ?? null) : null;
  return { pass: cells.every((c) => c.pass), cost };
}

const sumOrNull = (values: readonly (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v as number), 0);

const savingOf = (cost: number | null, referenceCost: number | null): number | null =>
  cost === null || referenceCost === null || referenceCost === 0 ? null : 1 - cost / referenceCost;

export function analyseRouting(run: RunFile, maxRules = 5): RoutingReport {
  const models = run.columns.map((c) => c.model);
  // Only inputs every model finished are comparable.
  const grid: { sample: string; inputTokens: number | null; stats: CellStats[] }[] = [];
  for (const row of run.rows) {
    const stats = run.columns.map((col) => statsOf(run.cells.filter((c) => c.column === col.index && c.row === row.index)));
    if (stats.some((s) => s === undefined)) continue;
    const first = run.cells.find((c) => c.column === 0 && c.row === row.index && c.usage?.reported);
    grid.push({ sample: row.sample, inputTokens: first?.usage?.inputTokens ?? null, stats: stats as CellStats[] });
  }
  const n = grid.length;
  const summaries: RoutingModelSummary[] = models.map((model, i) => {
    const passed = grid.filter((g) => g.stats[i]?.pass).length;
    return { model, passed, passRate: n ? passed / n : 0, totalCostUsd: sumOrNull(grid.map((g) => g.stats[i]?.cost ?? null)) };
  });
  const referenceIndex = summaries.reduce<number | undefined>((best, s, i) => {
    if (best === undefined) return i;
    const b = summaries[best] as RoutingModelSummary;
    if (s.passed !== b.passed) return s.passed > b.passed ? i : best;
    return (s.totalCostUsd ?? Infinity) < (b.totalCostUsd ?? Infinity) ? i : best;
  }, undefined);
  const reference = referenceIndex === undefined ? undefined : models[referenceIndex];
  const referenceCost = referenceIndex === undefined ? null : (summaries[referenceIndex]?.totalCostUsd ?? null);

  const rows: RoutingRow[] = grid.map((g) => {
    const passing = models.filter((_, i) => g.stats[i]?.pass);
    let cheapest: number | undefined;
    g.stats.forEach((s, i) => {
      if (!s.pass) return;
      if (cheapest === undefined || (s.cost ?? Infinity) < (g.stats[cheapest]?.cost ?? Infinity)) cheapest = i;
    });
    const cost = cheapest === undefined ? undefined : g.stats[cheapest]?.cost;
    return {
      sample: g.sample,
      inputTokens: g.inputTokens,
      passing,
      ...(cheapest !== undefined ? { cheapest: models[cheapest] } : {}),
      ...(cost !== undefined && cost !== null ? { cheapestCostUsd: cost } : {}),
    };
  });
  const oracleCosts = grid.map((g, r) => {
    const row = rows[r] as RoutingRow;
    const i = row.cheapest !== undefined ? models.indexOf(row.cheapest) : (referenceIndex ?? 0);
    return g.stats[i]?.cost ?? null;
  });
  const oraclePassed = rows.filter((r) => r.cheapest !== undefined).length;
  const oracleCost = sumOrNull(oracleCosts);
  const oracle = { passed: oraclePassed, passRate: n ? oraclePassed / n : 0, totalCostUsd: oracleCost, saving: savingOf(oracleCost, referenceCost) };

  const rules: TierRule[] = [];
  const thresholds = [...new Set(grid.map((g) => g.inputTokens).filter((t): t is number => t !== null))].sort((a, b) => a - b).slice(1);
  for (let s = 0; s < models.length; s++) {
    for (let l = 0; l < models.length; l++) {
      if (s === l) continue;
      let best: TierRule | undefined;
      for (const threshold of thresholds) {
        const pick = (g: (typeof grid)[number]): CellStats => g.stats[g.inputTokens !== null && g.inputTokens < threshold ? s : l] as CellStats;
        const passed = grid.filter((g) => pick(g).pass).length;
        const cost = sumOrNull(grid.map((g) => pick(g).cost));
        const candidate: TierRule = {
          thresholdTokens: threshold,
          small: models[s] as string,
          large: models[l] as string,
          description: `inputs under ${threshold.toLocaleString('en-US')} tokens → ${models[s]}, else ${models[l]}`,
          passed,
          passRate: n ? passed / n : 0,
          totalCostUsd: cost,
          saving: savingOf(cost, referenceCost),
        };
        if (!best || candidate.passed > best.passed || (candidate.passed === best.passed && (candidate.totalCostUsd ?? Infinity) < (best.totalCostUsd ?? Infinity))) best = candidate;
      }
      if (best) rules.push(best);
    }
  }
  rules.sort((a, b) => b.passed - a.passed || (a.totalCostUsd ?? Infinity) - (b.totalCostUsd ?? Infinity));
  return { inputs: n, models: summaries, rows, reference, oracle, rules: rules.slice(0, maxRules) };
}

/**
 * The two sides of a migration as one two-column run (same samples, each side its own prompt and
 * model), so routing can say per input whether the cheaper side suffices. Columns are labelled
 * `variant · model`.
 */
export function sidesAsOneRun(baseline: { label: string; run: RunFile }, candidate: { label: string; run: RunFile }): RunFile {
  const rows = baseline.run.rows;
  const candidateRow = new Map(candidate.run.rows.map((r) => [r.sample, r.index]));
  const cells = [
    ...baseline.run.cells.filter((c) => c.column === 0).map((c) => ({ ...c, column: 0, id: `c0-r${c.row}-k${c.repeat}` })),
    ...candidate.run.cells
      .filter((c) => c.column === 0)
      .flatMap((c) => {
        const sample = candidate.run.rows[c.row]?.sample;
        const row = rows.find((r) => r.sample === sample)?.index;
        return row === undefined || candidateRow.get(sample as string) === undefined ? [] : [{ ...c, column: 1, row, id: `c1-r${row}-k${c.repeat}` }];
      }),
  ];
  const column = (index: number, label: string, from: RunFile): RunFile['columns'][number] => ({ ...(from.columns[0] as RunFile['columns'][number]), index, model: label });
  return { ...baseline.run, columns: [column(0, baseline.label, baseline.run), column(1, candidate.label, candidate.run)], cells };
}
