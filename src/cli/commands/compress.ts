import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isCancellation, LlmCompressError, REPORT_CATEGORIES, runCompressFlow, type CompressFlowResult } from '../../core/compress/llm';
import { DEFAULT_TARGETS, parseModelId } from '../../core/modelId';
import { parsePromptFile } from '../../core/prompt';
import { apiKeyFromEnv, createProvider, endpointEnvName, endpointSettingsFromEnv, providerConfig, ProviderError, resolveModelTarget, type ProviderConfig } from '../../core/providers';
import { TokenService } from '../../core/tokens';
import { analyzeSavings, headlineTokens, type PromptTokenSavings } from '../../core/analysis';
import { PriceCatalog } from '../../core/pricing';
import { nodeWorkspace } from '../nodeWorkspace';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';

const USAGE = [
  'Usage: promptscope compress <file> --model <provider/model> [--judge <provider/model>]',
  '                            [--mode extractive|rewrite] [--out <file>] [--json]',
  '',
  'Compresses a prompt with a model, has a judge model check every MUST/NEVER constraint, and',
  'reports what the compression lost (numbers, URLs, template variables, quoted strings, code,',
  'names, negations, constraints). The frontmatter of .prompt/.prompty files is never sent or changed.',
  '  --model <id>   The compressing model: openai/<model>, anthropic/<model>, googleai/<model> or <endpoint>/<model>.',
  '  --judge <id>   The judge of the constraints (default: the compressing model; a different one is',
  '                 a more independent check).',
  '  --mode <m>     extractive (default: only deletes words, checked mechanically) or rewrite.',
  '  --out <file>   Write the compressed file there (never the input itself). Without it the input is',
  '                 left alone and the compressed text goes to stdout.',
  '  --json         Print the report as JSON (the compressed text included) instead of text.',
  'Tokens are counted as `count` counts them: the whole prompt rendered with its default input, on each',
  'of its targets, before and after (JSON: "tokens" for the first target, "savings" for all).',
  '',
  'Endpoints and keys come from the environment: OPENAI_API_KEY / OPENAI_BASE_URL,',
  'ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL, GEMINI_API_KEY / GEMINI_BASE_URL (googleai/…, vertexai/…,',
  'gemini/…), and for <endpoint>/<model> PROMPTSCOPE_ENDPOINT_<ENDPOINT>_BASE_URL (+ optional',
  'PROMPTSCOPE_ENDPOINT_<ENDPOINT>_API_KEY).',
  'Exit codes: 0 nothing lost, 1 the report found a loss (or could not verify: judge failed,',
  'extractive check failed), 2 usage, input or provider error.',
].join('\n');

/**
 * The provider for a `provider/model` id, from the environment only: the core's model id → endpoint
 * mapping (as `compare`, `eval` and `route`), so Gemini ids (`googleai/…`) work here too.
 */
export function providerFromEnv(id: string, env: Readonly<Record<string, string | undefined>>): { config: ProviderConfig; model: string } {
  const target = resolveModelTarget(id, endpointSettingsFromEnv(env));
  if (typeof target === 'string') {
    const ref = parseModelId(id);
    // An unknown prefix is most often a local server whose base URL is not exported yet.
    throw new UsageError(ref ? `${target} For an OpenAI-compatible server set PROMPTSCOPE_ENDPOINT_${endpointEnvName(ref.provider)}_BASE_URL.` : target);
  }
  const apiKey = apiKeyFromEnv(target, env);
  const builtinKeyVar = target.kind === 'openai-compatible' && target.providerName !== 'gemini' ? undefined : `${target.providerName.toUpperCase()}_API_KEY`;
  if (!apiKey && builtinKeyVar) throw new UsageError(`${id} needs an API key in ${builtinKeyVar}`);
  return { config: providerConfig(target, apiKey), model: target.model };
}

interface LostItem {
  readonly category: string;
  readonly item: string;
  readonly status?: string;
}

/** Every loss the report found, named: missing preservables, then constraints not kept. */
function lostItems(flow: CompressFlowResult): LostItem[] {
  const lost: LostItem[] = [];
  for (const category of REPORT_CATEGORIES) for (const entry of flow.report.missing[category]) lost.push({ category, item: entry.item });
  for (const c of flow.report.constraints) if (c.status !== 'kept') lost.push({ category: 'constraint', item: c.constraint.text, status: c.status });
  return lost;
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  return real(a) === real(b);
}

export const compressCommand: CliCommand = {
  name: 'compress',
  summary: 'Compress a prompt with a model and report what it lost',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<ExitCode> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          model: { type: 'string' },
          judge: { type: 'string' },
          mode: { type: 'string' },
          out: { type: 'string', short: 'o' },
          json: { type: 'boolean' },
        },
      });
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('give exactly one prompt file');
    if (!values.model) throw new UsageError('--model is required (there is no default model), e.g. --model openai/gpt-4o-mini');
    const mode = values.mode ?? 'extractive';
    if (mode !== 'extractive' && mode !== 'rewrite') throw new UsageError(`--mode must be extractive or rewrite, not "${mode}"`);
    const input = resolve(io.cwd, positionals[0] as string);
    if (!existsSync(input)) throw new UsageError(`no such file: ${positionals[0]}`);
    const out = values.out !== undefined ? resolve(io.cwd, values.out) : undefined;
    if (out !== undefined && samePath(out, input)) throw new UsageError('--out is the input file; the original is never overwritten — choose another file');

    const compressor = providerFromEnv(values.model, io.env);
    const judgeId = values.judge ?? values.model;
    const judge = providerFromEnv(judgeId, io.env);
    if (!values.json && values.judge === undefined) io.err('note: the compressing model also judges the constraints; pass --judge for a more independent check\n');

    const text = readFileSync(input, 'utf8');
    const file = parsePromptFile(text, { fileName: input });
    const isPrompt = /\.(?:prompt|prompty)$/.test(input);
    const body = isPrompt ? file.bodyRange : { start: 0, end: text.length };
    const bodyText = text.slice(body.start, body.end);
    if (!bodyText.trim()) throw new UsageError('the prompt body is empty; there is nothing to compress');
    const tokens = new TokenService();
    const analyzeOptions = { fileName: input, text, parsed: file, workspace: nodeWorkspace(io.cwd), defaultTargets: DEFAULT_TARGETS, deps: { tokens, catalog: new PriceCatalog() } };
    const withBody = (compressedBody: string): string => text.slice(0, body.start) + compressedBody + text.slice(body.end);
    // The headline is `count`'s number: the whole prompt rendered with its default input, before and after.
    let savings: PromptTokenSavings | undefined;

    let flow: CompressFlowResult;
    try {
      flow = await runCompressFlow({
        text: bodyText,
        mode,
        provider: createProvider(compressor.config),
        model: compressor.model,
        judgeProvider: createProvider(judge.config),
        judgeModel: judge.model,
        measureTokens: async (compressed) => {
          savings = await analyzeSavings(analyzeOptions, withBody(compressed));
          return headlineTokens(savings);
        },
        onProgress: (p) => {
          if (!values.json && p.step !== 'compress') io.err(`${p.message}\n`);
        },
      });
    } catch (e) {
      if (isCancellation(e)) throw new UsageError('cancelled');
      if (e instanceof ProviderError || e instanceof LlmCompressError) {
        io.err(`promptscope compress: ${e.message}\n`);
        return ExitCode.Usage;
      }
      throw e;
    }

    const compressedFile = withBody(flow.compression.compressed);
    if (out !== undefined) writeFileSync(out, compressedFile, 'utf8');
    const lost = lostItems(flow);
    const failed = flow.report.blocking;
    if (values.json) {
      io.out(`${JSON.stringify({
        version: 1,
        file: relative(io.cwd, input),
        model: values.model,
        judge: judgeId,
        mode,
        lossy: failed,
        lost,
        blockingReasons: flow.report.blockingReasons,
        warnings: flow.report.warnings,
        notes: flow.notes,
        constraints: flow.report.constraints.map((c) => ({ text: c.constraint.text, status: c.status })),
        tokens: flow.report.tokens && savings?.savings[0] ? { model: savings.savings[0].modelId, ...flow.report.tokens } : null,
        savings: savings ? { counts: savings.counts, input: savings.inputLabel, models: savings.savings } : null,
        extractive: flow.compression.subsequenceOk,
        out: out !== undefined ? relative(io.cwd, out) : null,
        compressed: compressedFile,
      }, null, 2)}\n`);
    } else {
      if (out === undefined) io.out(compressedFile);
      for (const line of flow.report.summary) io.err(`${line}\n`);
      for (const note of flow.notes) io.err(`note: ${note}\n`);
      if (out !== undefined) io.err(`Wrote ${relative(io.cwd, out)}${failed ? ' (with the losses above: review before using it)' : ''}\n`);
      if (failed) io.err(`promptscope compress: the compression lost ${lost.length} item${lost.length === 1 ? '' : 's'} or could not be verified; exit 1\n`);
    }
    return failed ? ExitCode.Findings : ExitCode.Ok;
  },
};
