/**
 * The `promptscope.*` settings: every key, its default and how a value is validated, in one place.
 * No `vscode` import, so the defaults can be checked against package.json in a unit test;
 * `Config` (config.ts) is the only reader of the settings and validates through here.
 */
import { DEFAULT_CALLS_PER_MONTH } from '../core/audit/types';
import { DEFAULT_CONCURRENCY } from '../core/compare/scheduler';
import { DEFAULT_CACHE_TTL_MS } from '../core/compare/types';
import { DEFAULT_CALLS_PER_USER, DEFAULT_CURVE_USERS, DEFAULT_SELF_HOSTING_BAND } from '../core/cost/costCurve';
import { DEFAULT_TARGETS } from '../core/modelId';

export interface EndpointSetting {
  readonly name: string;
  readonly baseURL: string;
  readonly tokenizer?: 'o200k_base' | 'cl100k_base' | 'estimate';
  readonly exactTokenizer?: boolean;
}

export interface PriceOverrideSetting {
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly context?: number;
  readonly maxOutput?: number;
}

export type RuleSetting = boolean | 'off' | 'error' | 'warning' | 'info' | 'hint';

interface SettingSpec<T> {
  readonly default: T;
  /** The value when valid, else undefined (the default is used). */
  readonly valid: (raw: unknown) => T | undefined;
}

const spec = <T>(defaultValue: T, valid: (raw: unknown) => T | undefined): SettingSpec<T> => ({ default: defaultValue, valid });

const boolean = (raw: unknown): boolean | undefined => (typeof raw === 'boolean' ? raw : undefined);
const positive = (raw: unknown): number | undefined => (typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : undefined);
const positiveOrNull = (raw: unknown): number | null | undefined => (raw === null ? null : positive(raw));
const string = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw.trim() : undefined);
const plainObject = <T>(raw: unknown): Record<string, T> | undefined =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, T>) : undefined;
/** A list of strings, blanks dropped and the rest trimmed (an empty list is a valid choice). */
const strings = (raw: unknown): string[] | undefined =>
  Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : undefined;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Keys relative to `promptscope.`; defaults must equal package.json's (a unit test compares them). */
export const SETTINGS = {
  defaultTargets: spec<string[]>([...DEFAULT_TARGETS], strings),
  textPromptGlobs: spec<string[]>([], strings),
  'codeLens.enabled': spec(true, boolean),
  'codeLens.sections': spec(true, boolean),
  budget: spec<number | null>(null, positiveOrNull),
  'pricing.overrides': spec<Record<string, PriceOverrideSetting>>({}, plainObject),
  endpoints: spec<EndpointSetting[]>([], (raw) =>
    Array.isArray(raw) ? raw.filter((e): e is EndpointSetting => typeof e?.name === 'string' && typeof e?.baseURL === 'string') : undefined),
  'openai.baseURL': spec('', string),
  'anthropic.baseURL': spec('', string),
  'anthropic.countExactlyOnSave': spec(false, boolean),
  'diagnostics.debounceMs': spec(250, (raw) => (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0 ? raw : undefined)),
  'compression.enabled': spec(true, boolean),
  'compression.rules': spec<Record<string, RuleSetting>>({}, plainObject),
  'audit.callsPerMonth': spec(DEFAULT_CALLS_PER_MONTH, positive),
  'audit.selfHostingThresholdUsd': spec<number | null>(null, positiveOrNull),
  'gemini.baseURL': spec('', string),
  helpers: spec<string[]>([], strings),
  partialDirs: spec<string[]>([], strings),
  'cost.cachingHints': spec(true, boolean),
  'cost.batch': spec(false, boolean),
  'cost.trafficFile': spec<string | null>(null, (raw) => (raw === null ? null : typeof raw === 'string' && raw.trim() ? raw.trim() : undefined)),
  'cost.users': spec<number[]>([...DEFAULT_CURVE_USERS], (raw) => {
    const valid = Array.isArray(raw) ? raw.map(positive).filter((n): n is number => n !== undefined) : [];
    return valid.length ? valid : undefined;
  }),
  'cost.callsPerUser': spec(DEFAULT_CALLS_PER_USER, positive),
  'cost.selfHostingBandUsd': spec<[number, number]>([...DEFAULT_SELF_HOSTING_BAND], (raw) => {
    const [low, high] = Array.isArray(raw) && raw.length === 2 ? raw.map(positive) : [];
    return low !== undefined && high !== undefined ? [low, high] : undefined;
  }),
  'compare.concurrency': spec(DEFAULT_CONCURRENCY, (raw) => (Number.isInteger(raw) && (raw as number) > 0 ? (raw as number) : undefined)),
  'compare.cache.enabled': spec(true, boolean),
  'compare.cache.ttlDays': spec(DEFAULT_CACHE_TTL_MS / DAY_MS, positive),
  'compare.judgeModel': spec('', string),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'];

/** A raw settings value validated: the value when it fits the setting, else the setting's default (a fresh copy). */
export function settingValue<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const setting = SETTINGS[key] as SettingSpec<SettingValue<K>>;
  const value = raw === undefined ? undefined : setting.valid(raw);
  return value !== undefined ? value : structuredClone(setting.default);
}
