import { findCompressions, toDiagnostic, type CompressionFinding, type RuleSetting } from '../compress';
import type { PromptDiagnostic } from '../diagnostics';
import type { PriceCatalog } from '../pricing/catalog';
import type { PromptFile } from '../prompt';
import type { TokenService } from '../tokens/tokenService';

export interface PromptCompressionOptions {
  readonly tokens: TokenService;
  readonly catalog: PriceCatalog;
  /** Targets when the file names none; the first target prices the savings. */
  readonly defaultTargets: readonly string[];
  readonly enabledRules?: Readonly<Record<string, RuleSetting>>;
}

export interface PromptCompression {
  /** The model whose tokenizer and input price the savings are stated in. */
  readonly primaryTarget: string;
  readonly findings: readonly CompressionFinding[];
  /** The findings as diagnostics: "… −7 tokens (−$0.35 per 100k calls)", with fixes. */
  readonly diagnostics: readonly PromptDiagnostic[];
}

/**
 * Compression findings for a prompt file's body (the frontmatter is never touched), counted and
 * priced on the file's first target. One function for the editor, `audit` and `--fix`.
 */
export function compressPromptFile(file: PromptFile, options: PromptCompressionOptions): PromptCompression {
  const primaryTarget = file.targets[0] ?? options.defaultTargets[0] ?? 'openai/gpt-4o';
  const body = file.bodyRange;
  const findings = findCompressions(file.text.slice(body.start, body.end), {
    baseOffset: body.start,
    protectedRanges: [],
    countTokens: (text) => options.tokens.countText(text, primaryTarget).tokens,
    ...(options.enabledRules ? { enabledRules: options.enabledRules } : {}),
  });
  const price = options.catalog.lookupModel(primaryTarget)?.inputPerMTok;
  const diagnostics = findings.map((f) => {
    const d = toDiagnostic(f, price);
    return f.relatedRanges?.length ? { ...d, related: f.relatedRanges.map((range) => ({ range, message: 'also here' })) } : d;
  });
  return { primaryTarget, findings, diagnostics };
}
