import { analyzePrompt, partialPathFor } from '../analysis';
import { applySafeFixes, type CompressionFinding, type CountTokens } from '../compress';
import { parsePromptFile, promptNameParts, type PromptFile } from '../prompt';
import { costCurve, type CurvePrompt } from '../cost';
import { findDuplicatedPassages, type PassageSource } from './duplicates';
import { promptLevers, type LeverOptions } from './levers';
import { compressionCounter, compressionFindingsOf } from './fixes';
import { FALLBACK_MODEL } from '../modelId';
import {
  AUDIT_REPORT_VERSION,
  AuditCancelledError,
  DEFAULT_CALLS_PER_MONTH,
  type AuditOptions,
  type AuditPartial,
  type AuditPrompt,
  type AuditReport,
  type AuditRuleFindings,
  type AuditTarget,
  type AuditTotals,
  type SelfHostingPrompt,
  type SelfHostingReport,
} from './types';

/** Time the audit may hold the thread before it yields to the event loop (editor responsiveness, cancellation). */
const SLICE_MS = 30;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

interface CompressedText {
  readonly findings: CompressionFinding[];
  readonly safeTokens: number;
  readonly file: PromptFile;
}

function iso(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

function byRule(parts: readonly { readonly path: string; readonly compressed: CompressedText }[]): AuditRuleFindings[] {
  const rules = new Map<string, { ruleId: string; count: number; safe: number; tokensSaved: number; path: string; firstLine: number }>();
  for (const { path, compressed } of parts) {
    for (const f of compressed.findings) {
      const entry = rules.get(f.ruleId);
      if (entry) {
        entry.count++;
        if (f.safe) entry.safe++;
        entry.tokensSaved += f.tokensSaved;
      } else {
        rules.set(f.ruleId, {
          ruleId: f.ruleId,
          count: 1,
          safe: f.safe ? 1 : 0,
          tokensSaved: f.tokensSaved,
          path,
          firstLine: compressed.file.lines.positionAt(f.range.start).line + 1,
        });
      }
    }
  }
  return [...rules.values()].sort((a, b) => b.tokensSaved - a.tokensSaved || b.count - a.count || a.ruleId.localeCompare(b.ruleId));
}

function positiveOrUndefined(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * The prompt audit: every prompt's tokens and input cost per target at a monthly volume, the
 * tokens and dollars its safe compression fixes would save, its findings by rule, passages
 * duplicated across prompts, budget and output-limit flags, and (with a threshold) which prompts
 * cost more per month than dedicated GPU capacity. Partials (`_name.prompt`) are not prompts: their
 * text counts in each prompt that includes them (tokens, findings, savings).
 *
 * Files are processed one at a time, yielding to the event loop every few milliseconds so an
 * editor stays responsive; `signal` stops the audit at the next file (rejects with `AuditCancelledError`).
 * Costs are input tokens only: what sending the prompt costs, before any reply.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const { deps, workspace, signal } = options;
  const callsPerMonth = positiveOrUndefined(options.callsPerMonth) ?? DEFAULT_CALLS_PER_MONTH;
  const budget = positiveOrUndefined(options.budget);
  const threshold = positiveOrUndefined(options.selfHostingThresholdUsd);
  const override = options.targets && options.targets.length > 0 ? [...options.targets] : undefined;
  const total = options.files.length;
  const throwIfCancelled = (): void => {
    if (signal?.aborted) throw new AuditCancelledError();
  };
  throwIfCancelled();

  const countersByModel = new Map<string, CountTokens>();
  const counterFor = (modelId: string): CountTokens => {
    let c = countersByModel.get(modelId);
    if (!c) countersByModel.set(modelId, (c = compressionCounter(deps.tokens, modelId)));
    return c;
  };
  const compressedCache = new Map<string, CompressedText>();
  const compress = (path: string, text: string, modelId: string, parsed?: PromptFile): CompressedText => {
    const key = `${modelId}\u0000${path}\u0000${text.length}`;
    const cached = compressedCache.get(key);
    if (cached && cached.file.text === text) return cached;
    const file = parsed && parsed.text === text ? parsed : parsePromptFile(text, { fileName: path });
    const findings = compressionFindingsOf(file, counterFor(modelId));
    const result = { findings, safeTokens: applySafeFixes(text, findings).tokensSaved, file };
    compressedCache.set(key, result);
    return result;
  };

  const leverOptions: LeverOptions = {
    callsPerMonth,
    batchAll: options.batch === true,
    ...(options.trafficPath ? { trafficPath: options.trafficPath } : {}),
    workspace,
    runs: options.runs ?? [],
    trafficCache: new Map(),
  };
  const curvePrompts: CurvePrompt[] = [];
  const prompts: AuditPrompt[] = [];
  const passageSources: PassageSource[] = [];
  /** Partial path → what the report says about it. */
  const partials = new Map<string, { path: string; relativePath: string; text: string; includedBy: Set<string>; modifiedAt: number | undefined; compressed?: CompressedText }>();
  const promptFiles: { relativePath: string; file: PromptFile }[] = [];

  let sliceStart = Date.now();
  for (let index = 0; index < total; index++) {
    throwIfCancelled();
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      throwIfCancelled();
      sliceStart = Date.now();
    }
    const input = options.files[index];
    if (!input) continue;
    if (promptNameParts(input.path).partialName !== undefined) {
      const existing = partials.get(input.path);
      partials.set(input.path, {
        path: input.path,
        relativePath: input.relativePath,
        text: input.text,
        includedBy: existing?.includedBy ?? new Set(),
        modifiedAt: input.modifiedAt,
        ...(existing?.compressed ? { compressed: existing.compressed } : {}),
      });
      options.onProgress?.(index + 1, total);
      continue;
    }

    const analysis = await analyzePrompt({
      fileName: input.path,
      text: input.text,
      workspace,
      defaultTargets: options.defaultTargets,
      ...(override ? { targets: override } : {}),
      ...(budget !== undefined ? { budget } : {}),
      deps,
    });
    throwIfCancelled();
    const primaryModelId = analysis.targets[0] ?? options.defaultTargets[0] ?? FALLBACK_MODEL;
    const own = compress(input.path, input.text, primaryModelId, analysis.file);

    // The partials this prompt renders: their findings and savings are part of every call.
    const partialParts: { path: string; compressed: CompressedText }[] = [];
    for (const [name, path] of analysis.partials.paths) {
      const text = analysis.partials.sources.get(name);
      if (text === undefined) continue;
      let entry = partials.get(path);
      if (!entry) {
        entry = { path, relativePath: partialPathFor(input.relativePath, name), text, includedBy: new Set(), modifiedAt: undefined };
        partials.set(path, entry);
      }
      entry.includedBy.add(input.path);
      const compressed = compress(path, text, primaryModelId);
      entry.compressed ??= compressed;
      partialParts.push({ path, compressed });
    }

    const savingsTokens = own.safeTokens + partialParts.reduce((sum, p) => sum + p.compressed.safeTokens, 0);
    const findings = byRule([{ path: input.path, compressed: own }, ...partialParts]);
    const levers = await promptLevers(analysis, deps, leverOptions);
    throwIfCancelled();
    curvePrompts.push(levers.curve);
    const targets: AuditTarget[] = analysis.report.models.map((m, i) => {
      const check = analysis.checks[i];
      const monthlyCost = m.costPerCall !== undefined ? m.costPerCall * callsPerMonth : null;
      const savingPerCall = m.price ? (savingsTokens * m.price.inputPerMTok) / 1_000_000 : null;
      return {
        modelId: m.modelId,
        label: m.label,
        tokens: m.renderedTokens,
        exact: m.exact,
        costPerCall: m.costPerCall ?? null,
        monthlyCost,
        monthlySavings: savingPerCall !== null ? savingPerCall * callsPerMonth : null,
        overBudgetBy: check?.overBudgetBy ?? null,
        exceedsContext: check?.exceedsContext ?? m.exceedsContext,
        ...(levers.targets[i] as (typeof levers.targets)[number]),
      };
    });
    const primaryPrice = analysis.report.models[0]?.price;
    const savingPerCall = primaryPrice ? (savingsTokens * primaryPrice.inputPerMTok) / 1_000_000 : null;
    const firstOwn = own.findings[0];
    prompts.push({
      path: input.path,
      relativePath: input.relativePath,
      kind: analysis.file.kind,
      primaryModelId,
      targets,
      targetsSource: analysis.targetsSource,
      safeSavings: {
        tokens: savingsTokens,
        costPerCall: savingPerCall,
        monthly: savingPerCall !== null ? savingPerCall * callsPerMonth : null,
      },
      findings,
      findingCount: own.findings.length + partialParts.reduce((sum, p) => sum + p.compressed.findings.length, 0),
      firstFindingLine: firstOwn ? own.file.lines.positionAt(firstOwn.range.start).line + 1 : null,
      budget: analysis.budget ? { tokens: analysis.budget.tokens, source: analysis.budget.source } : null,
      overBudget: targets.some((t) => t.overBudgetBy !== null),
      exceedsContext: targets.some((t) => t.exceedsContext),
      noOutputLimit: analysis.maxOutputTokens === undefined,
      maxOutputTokens: analysis.maxOutputTokens ?? null,
      partials: [...analysis.partials.paths.values()],
      missingPartials: analysis.missingPartials,
      renderError: analysis.renderError?.message ?? null,
      modifiedAt: iso(input.modifiedAt),
      cachePrefixEnd: levers.cachePrefixEnd,
      batch: levers.batch,
      cachingSavingsPerMonth: levers.cachingSavingsPerMonth,
      batchSavingsPerMonth: levers.batchSavingsPerMonth,
      worstCaseMonthlyCost: levers.worstCaseMonthlyCost,
      responseCache: levers.responseCache,
      observedOutputs: levers.observedOutputs,
      suggestedMaxOutputTokens: levers.suggestedMaxOutputTokens,
    });
    promptFiles.push({ relativePath: input.relativePath, file: analysis.file });
    options.onProgress?.(index + 1, total);
  }
  throwIfCancelled();

  // Partials no prompt includes (or listed before any prompt) still get their findings.
  const passageCounter = counterFor(options.targets?.[0] ?? options.defaultTargets[0] ?? FALLBACK_MODEL);
  const partialReports: AuditPartial[] = [];
  for (const { file, relativePath } of promptFiles) passageSources.push(passageSource(file.fileName, relativePath, file));
  for (const p of partials.values()) {
    const compressed = p.compressed ?? compress(p.path, p.text, options.targets?.[0] ?? options.defaultTargets[0] ?? FALLBACK_MODEL);
    partialReports.push({
      path: p.path,
      relativePath: p.relativePath,
      includedBy: [...p.includedBy],
      findings: byRule([{ path: p.path, compressed }]),
      safeSavingsTokens: compressed.safeTokens,
      modifiedAt: iso(p.modifiedAt),
    });
    passageSources.push(passageSource(p.path, p.relativePath, compressed.file));
  }
  await yieldToEventLoop();
  throwIfCancelled();
  const duplicatedPassages = findDuplicatedPassages(passageSources, {
    countTokens: passageCounter,
    ...(options.minPassageWords !== undefined ? { minWords: options.minPassageWords } : {}),
  });

  prompts.sort((a, b) => (b.targets[0]?.monthlyCost ?? -1) - (a.targets[0]?.monthlyCost ?? -1) || a.relativePath.localeCompare(b.relativePath));
  partialReports.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  const totals = auditTotals(prompts, partialReports.length);
  return {
    version: AUDIT_REPORT_VERSION,
    generatedAt: (options.now ?? new Date()).toISOString(),
    settings: {
      callsPerMonth,
      budget: budget ?? null,
      selfHostingThresholdUsd: threshold ?? null,
      batch: options.batch === true,
      defaultTargets: [...options.defaultTargets],
      targetsOverride: override ?? null,
    },
    totals,
    prompts,
    partials: partialReports,
    duplicatedPassages,
    selfHosting: threshold !== undefined ? selfHostingReport(prompts, threshold, callsPerMonth) : null,
    costCurve: costCurve(curvePrompts, {
      ...(options.users ? { users: options.users } : {}),
      ...(options.callsPerUser !== undefined ? { callsPerUser: options.callsPerUser } : {}),
      ...(options.selfHostingBandUsd ? { band: options.selfHostingBandUsd } : {}),
    }),
  };
}

function passageSource(path: string, relativePath: string, file: PromptFile): PassageSource {
  return { path, relativePath, text: file.text, range: file.bodyRange, lineAt: (offset) => file.lines.positionAt(offset).line };
}

function auditTotals(prompts: readonly AuditPrompt[], partialCount: number): AuditTotals {
  const byTarget = new Map<string, { modelId: string; prompts: number; monthlyCost: number; monthlySavings: number }>();
  let monthlyCost = 0;
  let monthlySavings = 0;
  let savingsTokens = 0;
  let unpriced = 0;
  for (const p of prompts) {
    const primary = p.targets[0];
    if (primary?.monthlyCost != null) monthlyCost += primary.monthlyCost;
    else unpriced++;
    if (p.safeSavings.monthly !== null) monthlySavings += p.safeSavings.monthly;
    savingsTokens += p.safeSavings.tokens;
    for (const t of p.targets) {
      const entry = byTarget.get(t.modelId) ?? { modelId: t.modelId, prompts: 0, monthlyCost: 0, monthlySavings: 0 };
      entry.prompts++;
      entry.monthlyCost += t.monthlyCost ?? 0;
      entry.monthlySavings += t.monthlySavings ?? 0;
      byTarget.set(t.modelId, entry);
    }
  }
  return {
    prompts: prompts.length,
    partials: partialCount,
    monthlyCost,
    monthlySavings,
    savingsTokensPerCallSet: savingsTokens,
    byTarget: [...byTarget.values()].sort((a, b) => b.monthlyCost - a.monthlyCost || a.modelId.localeCompare(b.modelId)),
    overBudget: prompts.filter((p) => p.overBudget).length,
    exceedsContext: prompts.filter((p) => p.exceedsContext).length,
    noOutputLimit: prompts.filter((p) => p.noOutputLimit).length,
    renderErrors: prompts.filter((p) => p.renderError !== null).length,
    findings: prompts.reduce((sum, p) => sum + p.findingCount, 0),
    unpriced,
    cachingSavingsPerMonth: prompts.reduce((sum, p) => sum + (p.cachingSavingsPerMonth ?? 0), 0),
    batchSavingsPerMonth: prompts.reduce((sum, p) => sum + (p.batchSavingsPerMonth ?? 0), 0),
    responseCacheSavingsPerMonth: prompts.reduce((sum, p) => sum + (p.responseCache?.savingsPerMonth ?? 0), 0),
    worstCaseMonthlyCostWithoutLimit: prompts.reduce((sum, p) => sum + (p.noOutputLimit ? (p.worstCaseMonthlyCost ?? 0) : 0), 0),
  };
}

/**
 * Which prompts cost more per month than the threshold (dedicated GPU capacity) at the configured
 * volume, and from what volume each would: `threshold / costPerCall` calls per month.
 */
export function selfHostingReport(prompts: readonly AuditPrompt[], thresholdUsd: number, callsPerMonth: number): SelfHostingReport {
  const priced: SelfHostingPrompt[] = [];
  for (const p of prompts) {
    const primary = p.targets[0];
    if (!primary || primary.costPerCall === null || primary.costPerCall <= 0) continue;
    const monthlyCost = primary.costPerCall * callsPerMonth;
    priced.push({
      path: p.path,
      relativePath: p.relativePath,
      modelId: primary.modelId,
      costPerCall: primary.costPerCall,
      monthlyCost,
      crosses: monthlyCost >= thresholdUsd,
      breakEvenCallsPerMonth: Math.ceil(thresholdUsd / primary.costPerCall),
    });
  }
  priced.sort((a, b) => a.breakEvenCallsPerMonth - b.breakEvenCallsPerMonth || a.relativePath.localeCompare(b.relativePath));
  const perCallSet = priced.reduce((sum, p) => sum + p.costPerCall, 0);
  const totalMonthlyCost = perCallSet * callsPerMonth;
  return {
    thresholdUsd,
    callsPerMonth,
    totalMonthlyCost,
    totalCrosses: priced.length > 0 && totalMonthlyCost >= thresholdUsd,
    totalBreakEvenCallsPerMonth: perCallSet > 0 ? Math.ceil(thresholdUsd / perCallSet) : null,
    crossing: priced.filter((p) => p.crosses),
    prompts: priced,
  };
}
