/**
 * The CLI's I/O for the comparison core (also used by `eval` and `route`): model ids routed by
 * the environment's base-URL variables, keys from the environment only, prices from the catalog,
 * the response cache in the user's cache folder (never the working directory).
 */
import { createFileCacheStore, defaultCliCacheDir, type CompareEnvironment, type CompareEvent } from '../core/compare';
import type { PriceCatalog } from '../core/pricing';
import { apiKeyFromEnv, createProvider, endpointSettingsFromEnv, providerConfig, resolveModelTarget } from '../core/providers';
import { resolveModelRef } from '../core/tokens/modelRef';
import type { CliIO } from './command';

const BUILTIN_KEY_VARS: Readonly<Record<string, string>> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY', gemini: 'GEMINI_API_KEY' };

export interface CliCompareOptions {
  readonly useCache: boolean;
  readonly prices?: PriceCatalog;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: CompareEvent) => void;
  /** Cache folder; default `$XDG_CACHE_HOME/promptscope` or `~/.cache/promptscope`. */
  readonly cacheDir?: string;
}

/** Every key-like value of the environment: what run files and messages must never contain. */
export function cliSecrets(env: CliIO['env']): string[] {
  return Object.entries(env)
    .filter(([name, value]) => /_API_KEY$/.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

export function cliCompareEnvironment(io: CliIO, options: CliCompareOptions): CompareEnvironment {
  const settings = endpointSettingsFromEnv(io.env);
  const prices = options.prices;
  return {
    // A bare name (`gpt-4o`, `claude-…`) is routed like everywhere else in the CLI.
    resolveTarget: (id) => resolveModelTarget(id.includes('/') ? id : resolveModelRef(id).id, settings),
    createProvider: (target, overrides) => {
      const key = apiKeyFromEnv(target, io.env);
      // Built-in endpoints need a key; say which variable before any request is made.
      if (!key && BUILTIN_KEY_VARS[target.providerName]) {
        throw new Error(`${BUILTIN_KEY_VARS[target.providerName]} is not set: export it to run ${target.id} (keys are read from the environment only).`);
      }
      return createProvider({ ...providerConfig(target, key), ...overrides });
    },
    prices: (id) => prices?.lookupModel(id.includes('/') ? id : resolveModelRef(id).id),
    ...(options.useCache ? { cache: createFileCacheStore(options.cacheDir ?? defaultCliCacheDir(io.env)) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  };
}
