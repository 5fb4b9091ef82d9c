import * as vscode from 'vscode';
import { createFileCacheStore } from '../../core/compare';
import type { CompareEnvironment, CompareEvent } from '../../core/compare/types';
import { createProvider } from '../../core/providers';
import { providerConfig, resolveModelTarget } from '../../core/providers/targets';
import type { CompareSettings } from '../config';
import { canSendRequests, type Services } from '../services';

/** `promptscope.compare.*`, read through Config. */
export function compareSettings(services: Services): CompareSettings {
  return services.config.compare;
}

/** The response cache lives in the extension's global storage, never in the workspace. */
export function compareCacheDir(services: Services): string {
  return vscode.Uri.joinPath(services.context.globalStorageUri, 'compare-cache').fsPath;
}

/**
 * The comparison engine's I/O in the editor, for the compare panel and the migration evaluation
 * alike: endpoints from user settings, keys from SecretStorage (added only when a provider is
 * created), no request when the workspace is untrusted, prices from the shared catalog, the
 * response cache as the settings say.
 */
export function editorCompareEnvironment(services: Services, signal: AbortSignal, onEvent?: (event: CompareEvent) => void): CompareEnvironment {
  const settings = compareSettings(services);
  const cache = settings.cacheEnabled ? createFileCacheStore(compareCacheDir(services), { ttlMs: settings.cacheTtlMs }) : undefined;
  return {
    resolveTarget: (modelId) => resolveModelTarget(modelId, services.config),
    createProvider: async (target, overrides) => {
      if (!canSendRequests()) throw new Error('the workspace is not trusted, so no request is sent');
      const apiKey = await services.keys.get(target.providerName);
      // Local endpoints (Ollama…) often need no key; OpenAI, Anthropic and Gemini always do.
      const ownEndpoint = services.config.endpoints.some((e) => e.name === target.providerName);
      if (!apiKey && !ownEndpoint) throw new Error(`no API key for ${target.providerName}: run "Promptscope: Set API Key…"`);
      return createProvider({ ...providerConfig(target, apiKey), ...overrides });
    },
    prices: (modelId) => services.engine.catalog.lookupModel(modelId),
    // In the tokenizer worker, with the model's own tokenizer: tiktoken never loads on this thread.
    countTokens: (modelId, text) => services.engine.tokens.settled(() => services.engine.tokens.countText(text, modelId).tokens),
    ...(cache ? { cache } : {}),
    signal,
    ...(onEvent ? { onEvent } : {}),
  };
}
