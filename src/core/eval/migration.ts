import { loadPartials } from '../analysis/partials';
import { resolveFromPrompt, type PromptWorkspace } from '../analysis/workspace';
import { inputsFromSamples, startCompare } from '../compare';
import type { CompareColumn, CompareEnvironment, CompareEvent, CompareInput, CompareSetup, PerColumnSetup, SinglePromptSetup } from '../compare/types';
import { parseModelId } from '../modelId';
import { parsePromptFile } from '../prompt/parse';
import { parseSamples } from '../prompt/samples';
import type { PromptFile } from '../prompt/types';
import type { RunFile } from '../runs/types';
import { groupLogicalPrompts, logicalPromptOf, type LogicalPrompt } from '../variants/discovery';
import { BASE_VARIANT_LABEL, readProductionVariant } from '../variants/production';
import { textHash } from '../variants/staleness';
import { analyseMigration } from './analyse';
import { judgePreferences } from './judge';
import { latestEvaluation } from './reportFile';
import { analyseRouting, sidesAsOneRun, type RoutingReport } from './routing';
import type { EvalReport, EvalSide, JudgePreference } from './types';

/** Bad arguments or input (unknown variant, no samples, no model): the CLI exits 2. */
export class EvalInputError extends Error {}
/** The caller's signal aborted the evaluation; no report was produced. */
export class EvalCancelledError extends Error {
  constructor() {
    super('evaluation cancelled');
  }
}

export interface EvalProgress {
  readonly phase: 'baseline' | 'candidate' | 'models' | 'judge';
  readonly finished: number;
  readonly total: number;
}

/** What the editor and the CLI both provide: file access, the comparison engine's I/O, progress. */
export interface EvalEnvironment extends Omit<CompareEnvironment, 'onEvent'> {
  readonly workspace: PromptWorkspace;
  /** How a path is written in reports and run files (workspace- or cwd-relative, `/`-separated). */
  readonly displayPath: (path: string) => string;
  readonly onProgress?: (progress: EvalProgress) => void;
  /** Every comparison event of both sides (for live views). */
  readonly onCompareEvent?: (side: EvalProgress['phase'], event: CompareEvent) => void;
  /** ISO time; defaults to the clock's or the system's. */
  readonly now?: () => string;
}

export interface MigrationRequest {
  /** Any file of the logical prompt: its base file or one of its variants. */
  readonly promptPath: string;
  /** The `.prompt` files in that folder (variant discovery). */
  readonly folderFiles: readonly string[];
  /** `base`, a variant name, or a model id (then the production variant runs on that model). Default: the production variant. */
  readonly baseline?: string;
  readonly candidate: string;
  /** Default: the base file's `samples`. */
  readonly samplesPath?: string;
  readonly repeat?: number;
  readonly callsPerMonth?: number;
  /** A judge model named explicitly: pairwise preference with reasons. None: no judge. */
  readonly judgeModel?: string;
  readonly useCache?: boolean;
  /** Saved evaluations; the latest one of the same prompt and sides is compared against. */
  readonly previous?: readonly EvalReport[];
}

/** One side resolved to a file and a model. */
export interface ResolvedSide extends EvalSide {
  readonly path: string;
  readonly text: string;
  readonly file: PromptFile;
}

export interface MigrationResult {
  readonly report: EvalReport;
  /** Per input, the cheaper side that passes it (and tier rules) over the same runs. */
  readonly routing: RoutingReport;
  readonly baselineRun: RunFile;
  readonly candidateRun: RunFile;
}

async function readOrThrow(workspace: PromptWorkspace, path: string, what: string): Promise<string> {
  const text = await workspace.readText(path);
  if (text === undefined) throw new EvalInputError(`cannot read ${what} ${path}`);
  return text;
}

/** The logical prompt of a path, from the files of its folder. */
export function logicalPromptFor(promptPath: string, folderFiles: readonly string[]): LogicalPrompt {
  const groups = groupLogicalPrompts(folderFiles.includes(promptPath) ? folderFiles : [...folderFiles, promptPath]);
  const prompt = logicalPromptOf(groups, promptPath);
  if (!prompt) throw new EvalInputError(`${promptPath} is not a .prompt file (partials cannot be evaluated)`);
  return prompt;
}

/**
 * `base`, a variant name, or a model id (the production variant on that model). The model of a
 * variant is its own `model`, else the base file's.
 */
export async function resolveSide(spec: string | undefined, prompt: LogicalPrompt, workspace: PromptWorkspace): Promise<ResolvedSide> {
  const baseText = prompt.base ? await readOrThrow(workspace, prompt.base.path, 'the base prompt') : undefined;
  const baseFile = baseText !== undefined && prompt.base ? parsePromptFile(baseText, { fileName: prompt.base.path }) : undefined;
  const production = baseText !== undefined ? readProductionVariant(baseText) : undefined;
  const names = [...(prompt.base ? [BASE_VARIANT_LABEL] : []), ...prompt.variants.map((v) => v.variant as string)];
  const byName = (name: string | undefined): { path: string; variant: string | undefined } | undefined => {
    if (name === undefined || name === BASE_VARIANT_LABEL) return prompt.base;
    return prompt.variants.find((v) => v.variant === name);
  };
  let file: { path: string; variant: string | undefined } | undefined;
  let model: string | undefined;
  if (spec === undefined || spec === BASE_VARIANT_LABEL || prompt.variants.some((v) => v.variant === spec)) {
    file = byName(spec ?? production);
    if (!file) throw new EvalInputError(spec === undefined ? `the production variant "${production}" has no file` : `${prompt.name} has no base file ${prompt.name}.prompt`);
  } else if (parseModelId(spec)) {
    file = byName(production) ?? prompt.base ?? prompt.variants[0];
    model = spec;
  } else {
    throw new EvalInputError(`"${spec}" is neither a variant of ${prompt.name} (${names.join(', ')}) nor a model id (provider/model)`);
  }
  if (!file) throw new EvalInputError(`${prompt.name} has no files`);
  const text = file.variant === undefined && baseText !== undefined ? baseText : await readOrThrow(workspace, file.path, 'the variant');
  const parsed = parsePromptFile(text, { fileName: file.path });
  model ??= parsed.model ?? baseFile?.model;
  if (!model) throw new EvalInputError(`${file.path} names no model (set \`model\` in it, or pass a model id)`);
  return { variant: file.variant ?? BASE_VARIANT_LABEL, promptPath: file.path, model, path: file.path, text, file: parsed };
}

/** Samples as comparison inputs; a missing, empty or malformed file is an input error (nothing is evaluated on a silent subset). */
export async function loadSamples(workspace: PromptWorkspace, samplesPath: string): Promise<{ text: string; inputs: CompareInput[] }> {
  const text = await readOrThrow(workspace, samplesPath, 'the samples file');
  const parsed = parseSamples(text);
  if (parsed.problems.length) {
    const first = parsed.problems.slice(0, 3).map((p) => `line ${p.line}: ${p.message}`);
    throw new EvalInputError(`${samplesPath} has ${parsed.problems.length} problem${parsed.problems.length === 1 ? '' : 's'}: ${first.join('; ')}`);
  }
  if (parsed.cases.length === 0) throw new EvalInputError(`${samplesPath} has no samples`);
  return { text, inputs: inputsFromSamples(parsed) };
}

async function partialLoader(file: PromptFile, workspace: PromptWorkspace): Promise<(name: string) => string | undefined> {
  const partials = await loadPartials(file, workspace);
  return (name) => partials.load(name);
}

/** Runs one prompt on models over the inputs through the comparison engine; resolves when every cell finished. */
async function runComparison(
  setup: Omit<SinglePromptSetup, 'loadPartial' | 'prompt'> & { readonly file: PromptFile },
  env: EvalEnvironment,
  phase: EvalProgress['phase'],
): Promise<RunFile> {
  if (env.signal?.aborted) throw new EvalCancelledError();
  const { file, ...rest } = setup;
  const loadPartial = await partialLoader(file, env.workspace);
  return runSetup({ ...rest, prompt: file, loadPartial }, env, phase);
}

/** Runs a comparison setup to the end, reporting progress and events under `phase`. */
async function runSetup(setup: CompareSetup, env: EvalEnvironment, phase: EvalProgress['phase']): Promise<RunFile> {
  if (env.signal?.aborted) throw new EvalCancelledError();
  const session = startCompare(setup, {
    ...env,
    onEvent: (event) => {
      env.onCompareEvent?.(phase, event);
      if (event.type === 'progress') env.onProgress?.({ phase, finished: event.finished, total: event.total });
    },
  });
  const run = await session.idle();
  if (env.signal?.aborted) throw new EvalCancelledError();
  return run;
}

function samplesPathFor(request: { samplesPath?: string }, prompt: LogicalPrompt, sides: readonly ResolvedSide[]): string {
  if (request.samplesPath !== undefined) return request.samplesPath;
  const withSamples = [...sides.filter((s) => s.variant === BASE_VARIANT_LABEL), ...sides].find((s) => s.file.samples);
  if (withSamples?.file.samples) return resolveFromPrompt(withSamples.path, withSamples.file.samples);
  throw new EvalInputError(`no samples file: pass one, or set \`samples\` in ${prompt.name}.prompt`);
}

/**
 * Evaluates a migration: the baseline (variant, model) and the candidate (variant, model) each run
 * over the same samples `repeat` times through the comparison engine, then the paired results
 * are analysed (see analyseMigration) and, when a judge model is named, each input's two outputs
 * are compared by it.
 */
export async function evaluateMigration(request: MigrationRequest, env: EvalEnvironment): Promise<MigrationResult> {
  const repeat = request.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new EvalInputError('repeat must be a whole number ≥ 1');
  const prompt = logicalPromptFor(request.promptPath, request.folderFiles);
  const baseline = await resolveSide(request.baseline, prompt, env.workspace);
  const candidate = await resolveSide(request.candidate, prompt, env.workspace);
  if (baseline.path === candidate.path && baseline.model === candidate.model) throw new EvalInputError(`baseline and candidate are the same (${baseline.variant} on ${baseline.model})`);
  const samplesPath = samplesPathFor(request, prompt, [baseline, candidate]);
  const samples = await loadSamples(env.workspace, samplesPath);
  const common = { inputs: samples.inputs, repeat, samplesPath: env.displayPath(samplesPath), useCache: request.useCache ?? true, ...(request.judgeModel ? { judgeModel: request.judgeModel } : {}) };
  const baselineRun = await runComparison({ ...common, file: baseline.file, promptPath: env.displayPath(baseline.path), models: [baseline.model] }, env, 'baseline');
  const candidateRun = await runComparison({ ...common, file: candidate.file, promptPath: env.displayPath(candidate.path), models: [candidate.model] }, env, 'candidate');
  let preferences: { judgeModel: string; bySample: ReadonlyMap<string, JudgePreference> } | undefined;
  if (request.judgeModel) {
    const bySample = await judgePreferences(request.judgeModel, baselineRun, candidateRun, env);
    if (env.signal?.aborted) throw new EvalCancelledError();
    preferences = { judgeModel: request.judgeModel, bySample };
  }
  const basePath = env.displayPath(prompt.base?.path ?? request.promptPath);
  const side = (s: ResolvedSide): EvalSide => ({ variant: s.variant, promptPath: env.displayPath(s.path), model: s.model });
  const previous = request.previous ? latestEvaluation(request.previous, basePath, candidate.variant, baseline.variant) : undefined;
  const report = analyseMigration({
    baseline: side(baseline),
    candidate: side(candidate),
    baselineRun,
    candidateRun,
    fingerprint: {
      baseline: { promptHash: textHash(baseline.text), model: baseline.model },
      candidate: { promptHash: textHash(candidate.text), model: candidate.model },
      samplesHash: textHash(samples.text),
    },
    createdAt: env.now?.() ?? env.clock?.isoNow() ?? new Date().toISOString(),
    promptPath: basePath,
    samplesPath: env.displayPath(samplesPath),
    ...(request.callsPerMonth !== undefined ? { callsPerMonth: request.callsPerMonth } : {}),
    ...(preferences ? { preferences } : {}),
    ...(previous ? { previous } : {}),
  });
  const routing = analyseRouting(sidesAsOneRun({ label: `${baseline.variant} · ${baseline.model}`, run: baselineRun }, { label: `${candidate.variant} · ${candidate.model}`, run: candidateRun }));
  return { report, routing, baselineRun, candidateRun };
}

export interface RoutingRequest {
  readonly promptPath: string;
  readonly models: readonly string[];
  readonly samplesPath?: string;
  readonly repeat?: number;
  readonly useCache?: boolean;
}

/** Runs one prompt on several models over the samples and builds the routing table. */
export async function evaluateRouting(request: RoutingRequest, env: EvalEnvironment): Promise<{ routing: RoutingReport; run: RunFile }> {
  if (request.models.length < 2) throw new EvalInputError('routing needs at least two models');
  const text = await readOrThrow(env.workspace, request.promptPath, 'the prompt');
  const file = parsePromptFile(text, { fileName: request.promptPath });
  const samplesPath = request.samplesPath ?? (file.samples ? resolveFromPrompt(request.promptPath, file.samples) : undefined);
  if (samplesPath === undefined) throw new EvalInputError(`no samples file: pass one, or set \`samples\` in ${request.promptPath}`);
  const samples = await loadSamples(env.workspace, samplesPath);
  const run = await runComparison(
    { file, promptPath: env.displayPath(request.promptPath), inputs: samples.inputs, models: request.models, repeat: request.repeat ?? 1, samplesPath: env.displayPath(samplesPath), useCache: request.useCache ?? true },
    env,
    'models',
  );
  return { routing: analyseRouting(run), run };
}

export interface VariantComparisonRequest {
  /** Any file of the logical prompt. */
  readonly promptPath: string;
  readonly folderFiles: readonly string[];
  readonly samplesPath?: string;
  readonly repeat?: number;
  readonly useCache?: boolean;
  /** Grades `rubric` assertions of the samples. */
  readonly judgeModel?: string;
}

export interface VariantComparison {
  /** One column per variant (the base file first), each its own prompt on its own model, over the same samples. */
  readonly setup: PerColumnSetup;
  readonly variants: readonly EvalSide[];
  /** The samples file as read (a workspace path, not a display path). */
  readonly samplesFile: string;
}

/** A column's label: the variant's file name without `.prompt` (`support-agent.claude`, `support-agent` for the base). */
export function variantColumnLabel(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).replace(/\.prompt$/i, '');
}

/**
 * "Compare Variants": every variant of a logical prompt as a column running its own prompt (and
 * partials) on its own model, over the same samples, as one comparison setup. The editor streams
 * it into the comparison panel, `promptscope compare --variants` into the terminal.
 */
export async function variantComparisonSetup(request: VariantComparisonRequest, env: Pick<EvalEnvironment, 'workspace' | 'displayPath'>): Promise<VariantComparison> {
  const prompt = logicalPromptFor(request.promptPath, request.folderFiles);
  const labels = [...(prompt.base ? [BASE_VARIANT_LABEL] : []), ...prompt.variants.map((v) => v.variant as string)];
  if (labels.length < 2) throw new EvalInputError(`${prompt.name} has no variant to compare yet: create one with "Create Variant for Model…" (name.<variant>.prompt)`);
  const repeat = request.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new EvalInputError('repeat must be a whole number ≥ 1');
  const sides: ResolvedSide[] = [];
  for (const label of labels) sides.push(await resolveSide(label, prompt, env.workspace));
  const samplesFile = samplesPathFor(request, prompt, sides);
  const samples = await loadSamples(env.workspace, samplesFile);
  const columns: CompareColumn[] = [];
  for (const side of sides) {
    columns.push({ model: side.model, prompt: side.file, promptPath: env.displayPath(side.path), label: variantColumnLabel(side.path), loadPartial: await partialLoader(side.file, env.workspace) });
  }
  return {
    setup: {
      promptPath: env.displayPath(prompt.base?.path ?? request.promptPath),
      columns,
      inputs: samples.inputs,
      repeat,
      samplesPath: env.displayPath(samplesFile),
      useCache: request.useCache ?? true,
      ...(request.judgeModel ? { judgeModel: request.judgeModel } : {}),
    },
    variants: sides.map((side) => ({ variant: side.variant, promptPath: env.displayPath(side.path), model: side.model })),
    samplesFile,
  };
}
