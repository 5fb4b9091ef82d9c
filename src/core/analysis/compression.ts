import { findCompressions, findCompressionsInSlices, toDiagnostic, type CompressionFinding, type CompressionOptions, type CountTokens, type RuleSetting } from '../compress';
import type { TextRange } from '../text';
import { countWithTiktoken, estimateAnthropicTokens } from '../tokens';
import type { PromptDiagnostic } from '../diagnostics';
import type { PriceCatalog } from '../pricing/catalog';
import type { PromptFile } from '../prompt';
import type { TokenService } from '../tokens/tokenService';
import { FALLBACK_MODEL } from '../modelId';

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
  /** The findings as diagnostics: "… −7 tokens (−$0.0035/call · −$3.50/1k calls)", with fixes. */
  readonly diagnostics: readonly PromptDiagnostic[];
}

/** What compression must never touch in a prompt file: the frontmatter and the role markers (`system:` lines). */
export function fileProtectedRanges(file: PromptFile): TextRange[] {
  const ranges: TextRange[] = [];
  if (file.frontmatter) ranges.push(file.frontmatter.range);
  for (const s of file.sections) if (s.markerRange) ranges.push(s.markerRange);
  return ranges;
}

/** Compression findings of a prompt file's body (whole-file offsets); the frontmatter is never looked at. */
export function compressionFindingsOf(file: PromptFile, countTokens: CountTokens, enabledRules?: Readonly<Record<string, RuleSetting>>): CompressionFinding[] {
  const body = bodyToCompress(file, countTokens, enabledRules);
  return body ? findCompressions(body.text, body.options) : [];
}

function bodyToCompress(file: PromptFile, countTokens: CountTokens, enabledRules?: Readonly<Record<string, RuleSetting>>): { text: string; options: CompressionOptions } | undefined {
  const { start, end } = file.bodyRange;
  if (end <= start) return undefined;
  return {
    text: file.text.slice(start, end),
    options: { protectedRanges: fileProtectedRanges(file), countTokens, baseOffset: start, ...(enabledRules ? { enabledRules } : {}) },
  };
}

/** Above this length compression's counts go through the token service (its chunk cache pays off). */
const DIRECT_COUNT_CHARS = 4_000;
/** Memo entries per counter before it starts over (sentences repeat across prompts: boilerplate, policies). */
const MEMO_ENTRIES = 50_000;

/**
 * The tokenizer compression measures its savings with: the model's own encoding (Claude: the
 * o200k-based estimate), called directly and memoised for the short sentence-sized strings the
 * engine counts, which skips the chunk cache's bookkeeping. Same numbers as `tokens.countText`.
 * When the service counts off this thread (the editor), everything goes through it, and a count
 * still estimated is not memoised (`tokens.settled` computes again once it is exact).
 */
export function compressionCounter(tokens: TokenService, modelId: string): CountTokens {
  const plan = tokens.plan(modelId);
  let memo = new Map<string, number>();
  return (text) => {
    if (text.length > DIRECT_COUNT_CHARS) return tokens.countText(text, modelId).tokens;
    let n = memo.get(text);
    if (n === undefined) {
      if (tokens.countsOffThread) {
        const deferrals = tokens.deferrals;
        n = tokens.countText(text, modelId).tokens;
        if (tokens.deferrals !== deferrals) return n;
      } else {
        const raw = countWithTiktoken(plan.encoding, text);
        n = plan.family === 'anthropic' ? estimateAnthropicTokens(raw) : raw;
      }
      if (memo.size >= MEMO_ENTRIES) memo = new Map();
      memo.set(text, n);
    }
    return n;
  };
}

/**
 * Compression findings for a prompt file's body (the frontmatter is never touched), counted and
 * priced on the file's first target. One function for the editor, `audit` and `--fix`.
 */
export function compressPromptFile(file: PromptFile, options: PromptCompressionOptions): PromptCompression {
  const primaryTarget = primaryTargetOf(file, options);
  return withDiagnostics(primaryTarget, compressionFindingsOf(file, compressionCounter(options.tokens, primaryTarget), options.enabledRules), options);
}

/** `compressPromptFile` in slices of about `sliceMs` that let other tasks run between them (the editor's thread). */
export async function compressPromptFileInSlices(file: PromptFile, options: PromptCompressionOptions, sliceMs?: number): Promise<PromptCompression> {
  const primaryTarget = primaryTargetOf(file, options);
  const body = bodyToCompress(file, compressionCounter(options.tokens, primaryTarget), options.enabledRules);
  return withDiagnostics(primaryTarget, body ? await findCompressionsInSlices(body.text, body.options, sliceMs) : [], options);
}

function primaryTargetOf(file: PromptFile, options: PromptCompressionOptions): string {
  return file.targets[0] ?? options.defaultTargets[0] ?? FALLBACK_MODEL;
}

function withDiagnostics(primaryTarget: string, findings: CompressionFinding[], options: PromptCompressionOptions): PromptCompression {
  const price = options.catalog.lookupModel(primaryTarget)?.inputPerMTok;
  const diagnostics = findings.map((f) => {
    const d = toDiagnostic(f, price);
    return f.relatedRanges?.length ? { ...d, related: f.relatedRanges.map((range) => ({ range, message: 'also here' })) } : d;
  });
  return { primaryTarget, findings, diagnostics };
}
