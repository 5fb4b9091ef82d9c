import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../command';
import { DEFAULT_CALLS_PER_USER, DEFAULT_CURVE_USERS, DEFAULT_SELF_HOSTING_BAND } from '../../core/cost';
import type { AuditOptions } from '../../core/audit';

/** The cost-lever options of `promptscope audit` (caching, batch, traffic, cost curve). */
export const AUDIT_COST_USAGE = [
  `  --users N,N,…                Cost-curve volumes in users (default ${DEFAULT_CURVE_USERS.join(',')}).`,
  `  --calls-per-user N           Calls of each prompt per user per month for the curve (default ${DEFAULT_CALLS_PER_USER}).`,
  `  --self-hosting-band LOW-HIGH Monthly USD of dedicated GPU capacity drawn on the curve (default`,
  `                               ${DEFAULT_SELF_HOSTING_BAND.join('-')}); the report gives the users at which each model crosses it.`,
  '  --traffic FILE               Real inputs (JSONL like the samples file) for prompts whose frontmatter',
  '                               names no `traffic` file: exact and near duplicates (Jaccard ≥ 0.9), the',
  '                               calls and $ a response cache would save, the most repeated inputs.',
  '  --batch                      Price every prompt as offline batch work (else only `batch: true` ones).',
  '',
  'JSON fields per prompt and target (targets[]): cacheablePrefixTokens, cacheMinimumTokens,',
  'cachedTokensPerCall, cachedCostPerCall, cacheHitRate, cachingSavingsPerMonth, batchCostPerCall,',
  'batchSavingsPerMonth, worstCaseOutputTokens, worstCaseCostPerCall; per prompt: cachePrefixEnd',
  '{tag,line,kind}, batch, cachingSavingsPerMonth, batchSavingsPerMonth, worstCaseMonthlyCost,',
  'responseCache {inputs, exactDuplicateShare, nearDuplicateShare, callsSavedPerMonth, savingsPerMonth,',
  'mostRepeated}; totals: cachingSavingsPerMonth, batchSavingsPerMonth, responseCacheSavingsPerMonth,',
  'worstCaseMonthlyCostWithoutLimit; costCurve {users, callsPerUser, band {lowUsd, highUsd}, series[]',
  '{id, label, monthlyCost[], crossesLowAtUsers, crossesHighAtUsers}}.',
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type AuditCostOptions = Mutable<Pick<AuditOptions, 'users' | 'callsPerUser' | 'selfHostingBandUsd' | 'trafficPath' | 'batch'>>;

function positive(name: string, raw: string): number {
  const n = Number(raw.trim().replace(/^\$/, '').replace(/[,_]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** Handles one cost option into `into`; false when `name` is not one of them. */
export function parseAuditCostOption(name: string, value: () => string, into: AuditCostOptions, cwd: string): boolean {
  switch (name) {
    case '--users': {
      const raw = value();
      const users = raw.split(',').filter((s) => s.trim()).map((s) => positive('--users', s.replace(/_/g, '')));
      if (users.length === 0) throw new UsageError('--users needs volumes, e.g. --users 100,1000,10000,100000');
      into.users = users;
      return true;
    }
    case '--calls-per-user':
      into.callsPerUser = positive(name, value());
      return true;
    case '--self-hosting-band': {
      const raw = value();
      const match = /^\s*\$?([\d,_.]+)\s*(?:-|–|\.\.)\s*\$?([\d,_.]+)\s*$/.exec(raw);
      if (!match) throw new UsageError(`--self-hosting-band must be LOW-HIGH in USD per month, e.g. 5000-20000, got "${raw}"`);
      into.selfHostingBandUsd = [positive(name, match[1] as string), positive(name, match[2] as string)];
      return true;
    }
    case '--traffic': {
      const path = resolve(cwd, value());
      if (!existsSync(path)) throw new UsageError(`--traffic: no such file ${path}`);
      into.trafficPath = path;
      return true;
    }
    case '--batch':
      into.batch = true;
      return true;
    default:
      return false;
  }
}
