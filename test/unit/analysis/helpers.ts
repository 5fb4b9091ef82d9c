import { join, resolve } from 'node:path';
import { PriceCatalog } from '../../../src/core/pricing';
import { TokenService } from '../../../src/core/tokens';
import type { CountReportDeps } from '../../../src/core/tokens';

export const EXAMPLES = resolve(__dirname, '../../../examples');
export const example = (name: string): string => join(EXAMPLES, name);
export { DEFAULT_TARGETS } from '../../../src/core/modelId';

/** Fresh services; `overrides` adds test-only models (tiny context windows and the like). */
export function deps(overrides: ConstructorParameters<typeof PriceCatalog>[0] = {}): CountReportDeps {
  return { tokens: new TokenService(), catalog: new PriceCatalog(overrides) };
}
