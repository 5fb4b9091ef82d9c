import type { PromptDiagnostic } from '../diagnostics';
import { isKnownHelper, parsePromptFile, renderPromptFile, type MessageRole, type PromptFile, type RenderBudget, type RenderedMessage, type RenderResult } from '../prompt';
import type { TextRange } from '../text';
import { planTokenizer } from '../tokens/tokenizerPlan';
import { buildCountReport, buildCountReportExact, type CountReport, type CountReportDeps } from '../tokens/report';
import { budgetDiagnostics, limitChecks, type BudgetSetting, type ModelLimitCheck } from './budget';
import { droppedContentDiagnostics } from './dropped';
import { defaultInput, InputError, resolveInput, type InputChoice, type ResolvedInput } from './input';
import { loadPartials, type PartialResolution } from './partials';
import type { PromptWorkspace } from './workspace';

export interface AnalyzeOptions {
  /** The prompt's path (its extension decides the kind; partials and samples resolve next to it). */
  readonly fileName: string;
  /** The current text (an editor buffer may differ from the disk). */
  readonly text: string;
  /** `text` already parsed (the editor caches it per version); parsed here when absent or stale. */
  readonly parsed?: PromptFile;
  readonly workspace: PromptWorkspace;
  /** Default: `{ kind: 'default' }`. */
  readonly input?: InputChoice;
  /** Overrides the file's targets (`--model`); empty or undefined: the file's own. */
  readonly targets?: readonly string[];
  /** Used when the file names no `model`/`targets` (`promptscope.defaultTargets`). */
  readonly defaultTargets: readonly string[];
  /** Fallback budget when the file sets none (`promptscope.budget`, `--budget`). */
  readonly budget?: number;
  readonly deps: CountReportDeps;
  /** Count Claude models with Anthropic's count_tokens (through `deps.tokens`' counter). */
  readonly exact?: boolean;
  readonly maxPartialDepth?: number;
  /** Limits on rendering (default: the CLI's `DEFAULT_RENDER_BUDGET`); the editor passes a small one. */
  readonly renderBudget?: RenderBudget;
  /** Extra partial folders (absolute), searched after the prompt's own folder. */
  readonly partialDirs?: readonly string[];
  /** Custom helpers the app registers; rendered as stand-ins (see `RenderOptions.helpers`). */
  readonly helpers?: readonly string[];
}

/** A role section as counted separately; see `PromptAnalysis.sectionsFrom`. */
export interface AnalyzedSection {
  /** `system`, `user`, `user #2`: the role, numbered from its second occurrence. */
  readonly name: string;
  readonly role: MessageRole;
  /** The section's range in the file (its content, after the role marker). */
  readonly range: TextRange;
  readonly headerLine: number;
  /** The text that was counted (rendered message or raw template, per `sectionsFrom`). */
  readonly text: string;
}

export interface PromptAnalysis {
  readonly file: PromptFile;
  /** The input rendered with (the default input when the requested one failed; see `inputError`). */
  readonly input: ResolvedInput;
  /** Why the requested input could not be used. */
  readonly inputError?: string;
  readonly partials: PartialResolution;
  /** Partials the template includes that could not be loaded (rendered as empty text). */
  readonly missingPartials: readonly string[];
  /** The rendered request; empty when rendering failed. */
  readonly messages: readonly RenderedMessage[];
  /** Set when the template could not be rendered. The counts then come from the raw template (see `countedFrom`). */
  readonly renderError?: RenderResult['error'];
  /** `rendered` normally; `template` when rendering failed and the raw role sections were counted instead. */
  readonly countedFrom: 'rendered' | 'template';
  readonly targets: readonly string[];
  readonly targetsSource: 'override' | 'file' | 'default';
  readonly budget?: BudgetSetting;
  /** The prompt's `config.maxOutputTokens`, if set. */
  readonly maxOutputTokens?: number;
  /**
   * Sections counted per model (in `report.models[].sections`). When the role sections and the
   * rendered messages correspond one-to-one (same count, same roles in order) each section is
   * its rendered message — variables and partials filled in, what is really sent. Otherwise
   * (`{{history}}`, a section that renders empty, a render error) each is its raw template text,
   * so every section still gets a number.
   */
  readonly sections: readonly AnalyzedSection[];
  readonly sectionsFrom: 'rendered' | 'template';
  readonly report: CountReport;
  readonly checks: readonly ModelLimitCheck[];
  /** `over-budget` warnings and `exceeds-context` errors; none when rendering failed. */
  readonly budgetDiagnostics: readonly PromptDiagnostic[];
  /** `content-dropped`: rendering sent less than half of the template's own text. */
  readonly renderDiagnostics: readonly PromptDiagnostic[];
}

/** The targets a file is counted for: the override, else the file's `model` + `targets`, else the defaults. */
export function targetsFor(
  file: PromptFile,
  override: readonly string[] | undefined,
  defaults: readonly string[],
): { targets: string[]; source: PromptAnalysis['targetsSource'] } {
  const dedupe = (ids: readonly string[]): string[] => [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
  if (override && dedupe(override).length) return { targets: dedupe(override), source: 'override' };
  if (file.targets.length) return { targets: dedupe(file.targets), source: 'file' };
  return { targets: dedupe(defaults), source: 'default' };
}

/** Helpers the template calls that Dotprompt does not define (an app registers them in code). */
function customHelperNames(file: PromptFile): string[] {
  if (file.kind !== 'prompt') return [];
  return file.expressions
    .filter((e) => (e.kind === 'helper' || (e.kind === 'blockOpen' && e.params.length > 0)) && !isKnownHelper(e.name) && !e.unterminated && /^[A-Za-z_][\w-]*$/.test(e.name))
    .map((e) => e.name);
}

/** The provider APIs that give the targets an exact count on demand (Anthropic count_tokens, Gemini countTokens). */
export function exactApisFor(targets: readonly string[]): Set<'anthropic' | 'gemini'> {
  const apis = new Set<'anthropic' | 'gemini'>();
  for (const id of targets) {
    const api = planTokenizer(id).exactApi;
    if (api) apis.add(api);
  }
  return apis;
}

/** Names sections by role, numbering repeats: `system`, `user`, `model`, `user #2`. */
export function sectionNames(roles: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return roles.map((role) => {
    const n = (seen.get(role) ?? 0) + 1;
    seen.set(role, n);
    return n === 1 ? role : `${role} #${n}`;
  });
}

/** Dotprompt says `model`, Prompty says `assistant`: the same thing for correspondence. */
function sameRole(a: string, b: string): boolean {
  const norm = (r: string): string => (r === 'assistant' ? 'model' : r);
  return norm(a) === norm(b);
}

function rawSectionText(file: PromptFile, range: TextRange): string {
  return file.text.slice(range.start, range.end).trim();
}

/**
 * Each rendered message's section: messages are matched in order to the next section of the same
 * role, so a section that renders empty (a false `{{#if}}`) simply gets no text. Undefined when a
 * message fits no section (e.g. it came from `{{history}}` or a partial's role marker).
 */
function messagesBySection(file: PromptFile, messages: readonly RenderedMessage[]): string[] | undefined {
  const texts = file.sections.map(() => '');
  let next = 0;
  for (const message of messages) {
    let i = next;
    while (i < file.sections.length && !sameRole((file.sections[i] as PromptFile['sections'][number]).role, message.role)) i++;
    if (i >= file.sections.length) return undefined;
    texts[i] = message.text;
    next = i + 1;
  }
  return texts;
}

function analyzedSections(file: PromptFile, messages: readonly RenderedMessage[], rendered: boolean): { sections: AnalyzedSection[]; from: 'rendered' | 'template' } {
  const names = sectionNames(file.sections.map((s) => s.role));
  // Sections count what is sent, so the role lenses add up to the total (plus chat framing).
  const renderedTexts = rendered && messages.length > 0 ? messagesBySection(file, messages) : undefined;
  const sections = file.sections.map((s, i) => ({
    name: names[i] as string,
    role: s.role,
    range: s.contentRange,
    headerLine: s.headerLine,
    text: renderedTexts ? (renderedTexts[i] as string) : rawSectionText(file, s.contentRange),
  }));
  return { sections, from: renderedTexts ? 'rendered' : 'template' };
}

/**
 * From a prompt file's text to counts per target: resolves the input and the partials, renders,
 * counts (offline, or with exact Claude counts), and checks the budget and context windows.
 * Never throws for problems in the file or its input: they are reported in the result. (It only
 * rejects if the workspace or token service itself throws unexpectedly.)
 */
export async function analyzePrompt(options: AnalyzeOptions): Promise<PromptAnalysis> {
  const file = options.parsed?.text === options.text ? options.parsed : parsePromptFile(options.text, { fileName: options.fileName });
  const workspace = options.workspace;

  let input: ResolvedInput;
  let inputError: string | undefined;
  try {
    input = await resolveInput(file, options.input ?? { kind: 'default' }, workspace);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    input = defaultInput(file);
    inputError = e.message;
  }

  const partials = await loadPartials(file, workspace, {
    ...(options.maxPartialDepth !== undefined ? { maxDepth: options.maxPartialDepth } : {}),
    ...(options.partialDirs ? { partialDirs: options.partialDirs } : {}),
  });
  // Helpers the app registers in code (declared or not: the checker reports undeclared ones) render
  // as stand-ins, so an app's own helper never turns the whole count into a template-text guess.
  const helpers = [...new Set([...(options.helpers ?? []), ...customHelperNames(file)])];
  const render = await renderPromptFile(file, { input: input.values, loadPartial: partials.load, helpers, ...(options.renderBudget ? { budget: options.renderBudget } : {}) });
  const rendered = render.error === undefined;
  const { sections, from } = analyzedSections(file, render.messages, rendered);
  const counted = rendered
    ? render.messages
    : sections.filter((s) => s.text).map((s) => ({ role: s.role, text: s.text }));

  const { targets, source: targetsSource } = targetsFor(file, options.targets, options.defaultTargets);
  const maxOutputTokens = file.config.maxOutputTokens;
  const reportInput = {
    messages: counted,
    templateText: file.text.slice(file.bodyRange.start, file.bodyRange.end),
    sections: sections.map((s) => ({ name: s.name, text: s.text })),
    models: targets,
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
  };
  const report = options.exact ? await buildCountReportExact(reportInput, options.deps) : buildCountReport(reportInput, options.deps);

  const budgetTokens = file.budget ?? options.budget;
  const budget: BudgetSetting | undefined = budgetTokens !== undefined && budgetTokens > 0
    ? { tokens: budgetTokens, source: file.budget !== undefined ? 'file' : 'setting' }
    : undefined;
  const checks = limitChecks(report, budget, maxOutputTokens);
  const missingPartials = [...new Set([...partials.missing.map((m) => m.name), ...partials.tooDeep, ...render.missingPartials])];

  return {
    file,
    input,
    ...(inputError !== undefined ? { inputError } : {}),
    partials,
    missingPartials,
    messages: render.messages,
    ...(render.error ? { renderError: render.error } : {}),
    countedFrom: rendered ? 'rendered' : 'template',
    targets,
    targetsSource,
    ...(budget ? { budget } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    sections,
    sectionsFrom: from,
    report,
    checks,
    budgetDiagnostics: rendered ? budgetDiagnostics(file, checks, budget) : [],
    renderDiagnostics: rendered ? droppedContentDiagnostics(file, render.messages) : [],
  };
}
