import { readFrontmatter } from '../prompt/frontmatter';
import { setFrontmatterKey, type TextEdit } from './frontmatterEdit';

/**
 * The variant in production is recorded in the BASE file's frontmatter as `production: <variant>`
 * (a Promptscope key other runtimes ignore). Absent, or `base`, means the base file itself.
 */
export const PRODUCTION_KEY = 'production';
export const BASE_VARIANT_LABEL = 'base';

/** The production variant named in a base file's text; undefined means the base file. */
export function readProductionVariant(baseText: string): string | undefined {
  const bom = baseText.charCodeAt(0) === 0xfeff ? 1 : 0;
  const value = readFrontmatter(baseText, bom).frontmatter?.data?.[PRODUCTION_KEY];
  if (typeof value !== 'string' || !value.trim() || value.trim() === BASE_VARIANT_LABEL) return undefined;
  return value.trim();
}

/** The edit to the base file that makes `variant` (undefined: the base) the production variant. */
export function productionEdit(baseText: string, variant: string | undefined): TextEdit {
  return setFrontmatterKey(baseText, PRODUCTION_KEY, variant);
}
