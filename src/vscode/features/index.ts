import type { Feature } from '../services';
import { apiKeysFeature } from './apiKeys';
import { showLogFeature } from './showLog';
import { checksFeature } from '../language/checks';
import { codeActionsFeature } from '../language/codeActions';
import { outlineFeature } from '../language/outline';
import { completionFeature } from '../language/completion';
import { hoverFeature } from '../language/hover';
import { languageCommandsFeature } from '../language/commands';
import { tokenFeature } from '../tokens/tokenFeature';
import { compressionHintsFeature } from '../compressionHints';
import { llmCompressFeature } from '../compress';
import { auditFeature } from '../audit/auditFeature';
import { variantsFeature } from '../variants';
import { formatFeature } from '../language/format';
import { cachingHintsFeature } from '../audit/cachingHints';
import { compareFeature } from '../compare/compareFeature';

/** Every feature of the extension, registered in this order by `activate`. */
export const features: readonly Feature[] = [
  showLogFeature,
  apiKeysFeature,
  checksFeature,
  codeActionsFeature,
  outlineFeature,
  completionFeature,
  hoverFeature,
  languageCommandsFeature,
  tokenFeature,
  compressionHintsFeature,
  llmCompressFeature,
  auditFeature,
  variantsFeature,
  formatFeature,
  cachingHintsFeature,
  compareFeature,
];
