import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { memoryWorkspace } from '../../../src/core/analysis';
import type { AuditDeps, AuditInputFile } from '../../../src/core/audit';
import { PriceCatalog, type PriceCatalogOptions } from '../../../src/core/pricing';
import { TokenService } from '../../../src/core/tokens';

export const ROOT = resolve(__dirname, '../../..');
export const EXAMPLES = join(ROOT, 'examples');
export { DEFAULT_TARGETS } from '../../../src/core/modelId';
/** A fixed date so reports compare equal. */
export const NOW = new Date('2025-01-15T12:00:00.000Z');

export function deps(options: PriceCatalogOptions = {}): AuditDeps {
  return { tokens: new TokenService(), catalog: new PriceCatalog(options) };
}

/** The example prompts as audit input (partial included), as the CLI would collect them. */
export function exampleFiles(): AuditInputFile[] {
  return readdirSync(EXAMPLES)
    .filter((name) => /\.(prompt|prompty|md|txt)$/.test(name))
    .sort()
    .map((name) => ({ path: join(EXAMPLES, name), relativePath: `examples/${name}`, text: readFileSync(join(EXAMPLES, name), 'utf8'), modifiedAt: Date.UTC(2025, 0, 1) }));
}

/** In-memory files under /mem: the audit input and a workspace that serves them (for partials). */
export function memoryFiles(files: Record<string, string>): { files: AuditInputFile[]; workspace: ReturnType<typeof memoryWorkspace> } {
  const byPath = Object.fromEntries(Object.entries(files).map(([name, text]) => [`/mem/${name}`, text]));
  return {
    files: Object.entries(files).map(([name, text]) => ({ path: `/mem/${name}`, relativePath: name, text })),
    workspace: memoryWorkspace(byPath),
  };
}
