import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  'Comparison runs in .promptscope/runs/*.json (promptscope compare) give each prompt its observed output',
  'tokens per model (p50/p95/max) and, without maxOutputTokens, a suggested limit (observed p99 + 20%).',
  '',
  'JSON fields per prompt and target (targets[]): cacheablePrefixTokens, cacheMinimumTokens,',
  'cachedTokensPerCall, cachedCostPerCall, cacheHitRate, cachingSavingsPerMonth, batchCostPerCall,',
  'batchSavingsPerMonth, worstCaseOutputTokens, worstCaseCostPerCall; per prompt: cachePrefixEnd',
  '{tag,line,kind}, batch, cachingSavingsPerMonth, batchSavingsPerMonth, worstCaseMonthlyCost,',
  'responseCache {inputs, exactDuplicateShare, nearDuplicateShare, callsSavedPerMonth, savingsPerMonth,',
  'mostRepeated}; totals: cachingSavingsPerMonth, batchSavingsPerMonth, responseCacheSavingsPerMonth,',
  'worstCaseMonthlyCostWithoutLimit; costCurve {users, callsPerUser, band {lowUsd, highUsd}, series[]',
  '{id, label, monthlyCost[], crossesLowAtUsers, crossesHighAtUsers}}; per prompt observedOutputs[]',
  '{modelId, samples, p50, p95, p99, max, suggestedMaxOutputTokens} and suggestedMaxOutputTokens.',
];

/** Where comparison runs are saved, relative to the folder the CLI runs in. */
export const RUNS_DIR = '.promptscope/runs';

/** The parsed JSON of every run file under `cwd/.promptscope/runs` (unreadable or non-JSON files are skipped). */
export function readRunFiles(cwd: string): unknown[] {
  const dir = join(cwd, RUNS_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const runs: unknown[] = [];
  for (const name of names.sort()) {
    try {
      runs.push(JSON.parse(readFileSync(join(dir, name), 'utf8')));
    } catch {
      // A damaged run file says nothing about output lengths: skip it.
    }
  }
  return runs;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type AuditCostOptions = Mutable<Pick<AuditOptions, 'users' | 'callsPerUser' | 'selfHostingBandUsd' | 'trafficPath' | 'batch'>>;

function positive(name: string, raw: string): number {
  const n = Number(raw.trim().replace(/^\$/, '').replace(/[,_]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/** The `util.parseArgs` options of the cost levers. */
export const AUDIT_COST_OPTIONS = {
  users: { type: 'string' },
  'calls-per-user': { type: 'string' },
  'self-hosting-band': { type: 'string' },
  traffic: { type: 'string' },
  batch: { type: 'boolean' },
} as const;

type CostValues = { users?: string | undefined; 'calls-per-user'?: string | undefined; 'self-hosting-band'?: string | undefined; traffic?: string | undefined; batch?: boolean | undefined };

/** The cost-lever options from parsed values (paths resolved against `cwd`). */
export function auditCostOptionsFrom(values: CostValues, cwd: string): AuditCostOptions {
  const into: AuditCostOptions = {};
  if (values.users !== undefined) {
    const users = values.users.split(',').filter((s) => s.trim()).map((s) => positive('--users', s.replace(/_/g, '')));
    if (users.length === 0) throw new UsageError('--users needs volumes, e.g. --users 100,1000,10000,100000');
    into.users = users;
  }
  if (values['calls-per-user'] !== undefined) into.callsPerUser = positive('--calls-per-user', values['calls-per-user']);
  const band = values['self-hosting-band'];
  if (band !== undefined) {
    const match = /^\s*\$?([\d,_.]+)\s*(?:-|–|\.\.)\s*\$?([\d,_.]+)\s*$/.exec(band);
    if (!match) throw new UsageError(`--self-hosting-band must be LOW-HIGH in USD per month, e.g. 5000-20000, got "${band}"`);
    into.selfHostingBandUsd = [positive('--self-hosting-band', match[1] as string), positive('--self-hosting-band', match[2] as string)];
  }
  if (values.traffic !== undefined) {
    const path = resolve(cwd, values.traffic);
    if (!existsSync(path)) throw new UsageError(`--traffic: no such file ${path}`);
    into.trafficPath = path;
  }
  if (values.batch === true) into.batch = true;
  return into;
}
