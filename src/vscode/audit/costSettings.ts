import * as vscode from 'vscode';
import { DEFAULT_CALLS_PER_MONTH } from '../../core/audit';
import { DEFAULT_CALLS_PER_USER, DEFAULT_CURVE_USERS, DEFAULT_SELF_HOSTING_BAND } from '../../core/cost';

/** The cost-lever settings (`promptscope.cost.*`) and the audit volume they are priced at. */
export interface CostSettings {
  readonly callsPerMonth: number;
  readonly cachingHints: boolean;
  readonly batch: boolean;
  /** Workspace-relative traffic file for prompts whose frontmatter names none. */
  readonly trafficFile: string | undefined;
  readonly users: readonly number[];
  readonly callsPerUser: number;
  readonly selfHostingBandUsd: readonly [number, number];
}

const positive = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined);

export function costSettings(): CostSettings {
  const section = vscode.workspace.getConfiguration('promptscope');
  const users = section.get<unknown>('cost.users');
  const band = section.get<unknown>('cost.selfHostingBandUsd');
  const traffic = section.get<unknown>('cost.trafficFile');
  const validUsers = Array.isArray(users) ? users.map(positive).filter((n): n is number => n !== undefined) : [];
  const validBand = Array.isArray(band) && band.length === 2 ? band.map(positive) : [];
  return {
    callsPerMonth: positive(section.get<number>('audit.callsPerMonth')) ?? DEFAULT_CALLS_PER_MONTH,
    cachingHints: section.get<boolean>('cost.cachingHints', true) !== false,
    batch: section.get<boolean>('cost.batch', false) === true,
    trafficFile: typeof traffic === 'string' && traffic.trim() ? traffic.trim() : undefined,
    users: validUsers.length ? validUsers : DEFAULT_CURVE_USERS,
    callsPerUser: positive(section.get<number>('cost.callsPerUser')) ?? DEFAULT_CALLS_PER_USER,
    selfHostingBandUsd: validBand[0] !== undefined && validBand[1] !== undefined ? [validBand[0], validBand[1]] : DEFAULT_SELF_HOSTING_BAND,
  };
}
