/**
 * Monthly cost against volume (users × calls per user), per model and for the workspace, with
 * the self-hosting band (what dedicated GPU capacity costs per month) and the volume at which
 * each series enters and leaves it.
 */

import type { CostCurve, CostCurveSeries } from './types';

export type { CostCurve, CostCurveSeries } from './types';

export const DEFAULT_CURVE_USERS: readonly number[] = [100, 1_000, 10_000, 100_000];
/** One call of each prompt per user per working day. */
export const DEFAULT_CALLS_PER_USER = 20;
export const DEFAULT_SELF_HOSTING_BAND: readonly [number, number] = [5_000, 20_000];

export interface CurvePrompt {
  /** Input USD per call on each target (null: no price). */
  readonly targets: readonly { readonly modelId: string; readonly costPerCall: number | null }[];
  /** Expected USD per call on the primary target with the levers (caching, batch) at a monthly volume of calls of this prompt. */
  readonly leveredCostPerCall?: (callsPerMonth: number) => number | null;
}

const MAX_USERS = 1e9;

/** The smallest whole number of users at which `cost(users)` reaches `threshold` (cost grows with users), or null. */
export function usersToReach(cost: (users: number) => number, threshold: number): number | null {
  if (!(threshold > 0)) return null;
  if (cost(MAX_USERS) < threshold) return null;
  let lo = 0;
  let hi = MAX_USERS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (cost(mid) >= threshold) hi = mid;
    else lo = mid;
  }
  return hi;
}

function series(id: string, label: string, cost: (users: number) => number, users: readonly number[], band: CostCurve['band']): CostCurveSeries {
  return {
    id,
    label,
    monthlyCost: users.map(cost),
    crossesLowAtUsers: usersToReach(cost, band.lowUsd),
    crossesHighAtUsers: usersToReach(cost, band.highUsd),
  };
}

/**
 * Each user calls every prompt `callsPerUser` times a month. Per model: the prompts that target
 * it; `total`: each prompt on its primary target at list price; `total-with-levers`: the same
 * with prompt caching (whose hit rate grows with volume) and batch pricing where they apply.
 */
export function costCurve(
  prompts: readonly CurvePrompt[],
  options: { users?: readonly number[]; callsPerUser?: number; band?: readonly [number, number] } = {},
): CostCurve {
  const users = [...(options.users?.length ? options.users : DEFAULT_CURVE_USERS)].sort((a, b) => a - b);
  const callsPerUser = options.callsPerUser !== undefined && options.callsPerUser > 0 ? options.callsPerUser : DEFAULT_CALLS_PER_USER;
  const [low, high] = options.band ?? DEFAULT_SELF_HOSTING_BAND;
  const band = { lowUsd: Math.min(low, high), highUsd: Math.max(low, high) };
  const perModel = new Map<string, number>();
  let totalPerCallSet = 0;
  for (const p of prompts) {
    p.targets.forEach((t, i) => {
      if (t.costPerCall === null) return;
      perModel.set(t.modelId, (perModel.get(t.modelId) ?? 0) + t.costPerCall);
      if (i === 0) totalPerCallSet += t.costPerCall;
    });
  }
  const linear = (perCallSet: number) => (u: number): number => u * callsPerUser * perCallSet;
  const levered = (u: number): number => prompts.reduce((sum, p) => {
    const calls = u * callsPerUser;
    const perCall = p.leveredCostPerCall?.(calls) ?? p.targets[0]?.costPerCall ?? null;
    return perCall === null ? sum : sum + perCall * calls;
  }, 0);
  const out: CostCurveSeries[] = [
    series('total', 'All prompts (list price)', linear(totalPerCallSet), users, band),
    series('total-with-levers', 'All prompts with caching and batch', levered, users, band),
    ...[...perModel.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([modelId, perCallSet]) => series(modelId, modelId, linear(perCallSet), users, band)),
  ];
  return { users, callsPerUser, band, series: out };
}
