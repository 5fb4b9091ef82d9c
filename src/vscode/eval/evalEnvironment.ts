import * as vscode from 'vscode';
import { createFileCacheStore, type CompareEnvironment } from '../../core/compare';
import { createProvider } from '../../core/providers';
import { providerConfig, resolveModelTarget } from '../modelTargets';
import type { Services } from '../services';

/**
 * The comparison engine's I/O in the editor: endpoints from settings, keys from SecretStorage
 * (added only when the provider is created), prices from the shared catalog, the response cache
 * in the extension's global storage (never the workspace).
 */
export function editorCompareEnvironment(services: Services, signal: AbortSignal): CompareEnvironment {
  const cacheDir = vscode.Uri.joinPath(services.context.globalStorageUri, 'compare-cache').fsPath;
  return {
    resolveTarget: (id) => resolveModelTarget(id, services.config),
    createProvider: async (target, overrides) => createProvider({ ...providerConfig(target, await services.keys.get(target.providerName)), ...overrides }),
    prices: (id) => services.engine.catalog.lookupModel(id),
    cache: createFileCacheStore(cacheDir),
    signal,
  };
}

/** The keys the models need that SecretStorage lacks (OpenAI-compatible endpoints may run without one). */
export async function missingKeys(services: Services, models: readonly string[]): Promise<string[]> {
  const missing = new Set<string>();
  for (const model of models) {
    const target = resolveModelTarget(model, services.config);
    if (typeof target === 'string') throw new Error(`${model}: ${target}`);
    if (target.kind === 'openai-compatible') continue;
    if (!(await services.keys.get(target.providerName))) missing.add(target.providerName);
  }
  return [...missing];
}
