import type { PromptDiagnostic } from '../diagnostics';
import { approxPrefix, formatTokenCount } from '../pricing/format';
import type { PromptFile } from '../prompt';
import type { TextRange } from '../text';
import type { CountReport } from '../tokens/report';

export interface BudgetSetting {
  readonly tokens: number;
  /** `file`: the frontmatter's `budget`; `setting`: the caller's fallback (`promptscope.budget`, `--budget`). */
  readonly source: 'file' | 'setting';
}

/** Per target: how the rendered prompt compares with the budget and the context window. */
export interface ModelLimitCheck {
  readonly modelId: string;
  readonly label: string;
  readonly tokens: number;
  readonly exact: boolean;
  /** Tokens over the budget (> 0), when there is a budget and it is exceeded. */
  readonly overBudgetBy?: number;
  readonly contextWindow?: number;
  /**
   * Output tokens reserved for the reply: only the prompt's own output limit. Without one the
   * reply is as long as the model decides, so reserving the model's maximum would turn every
   * prompt on a model whose max output equals its window (gpt-4: 8k/8k) into a false error.
   */
  readonly outputReserve?: { readonly tokens: number; readonly source: 'prompt' };
  /** Input plus the output reserve. */
  readonly contextNeeded: number;
  /** The input alone, or the input plus a configured output limit, does not fit the window. */
  readonly exceedsContext: boolean;
  /**
   * No output limit is set and the model's maximum reply would not fit after the input: the
   * reply may be cut short. Reported as an info that suggests setting `config.maxOutputTokens`.
   */
  readonly modelMaxOutputOverflows?: { readonly maxOutputTokens: number; readonly room: number };
}

/** The first line of the file (after a BOM): where file-wide findings go. */
export function firstLineRange(file: PromptFile): TextRange {
  const start = file.bomLength;
  const rest = file.text.slice(start);
  const nl = rest.search(/\r|\n/);
  return { start, end: nl < 0 ? file.text.length : start + nl };
}

function keyRange(file: PromptFile, key: string): TextRange | undefined {
  return file.frontmatter?.keys.find((k) => k.key === key)?.keyRange;
}

export function limitChecks(report: CountReport, budget: BudgetSetting | undefined, maxOutputTokens: number | undefined): ModelLimitCheck[] {
  return report.models.map((m) => {
    const modelMax = m.price?.maxOutputTokens;
    const outputReserve = maxOutputTokens !== undefined ? { tokens: maxOutputTokens, source: 'prompt' as const } : undefined;
    const contextWindow = m.price?.contextWindow;
    const contextNeeded = m.renderedTokens + (outputReserve?.tokens ?? 0);
    const exceedsContext = contextWindow !== undefined && contextNeeded > contextWindow;
    const overBy = budget ? m.renderedTokens - budget.tokens : 0;
    const room = contextWindow !== undefined ? contextWindow - m.renderedTokens : undefined;
    const modelMaxOverflows = !outputReserve && !exceedsContext && modelMax !== undefined && room !== undefined && modelMax > room;
    return {
      modelId: m.modelId,
      label: m.label,
      tokens: m.renderedTokens,
      exact: m.exact,
      ...(overBy > 0 ? { overBudgetBy: overBy } : {}),
      ...(contextWindow !== undefined ? { contextWindow } : {}),
      ...(outputReserve ? { outputReserve } : {}),
      contextNeeded,
      exceedsContext,
      ...(modelMaxOverflows && modelMax !== undefined && room !== undefined ? { modelMaxOutputOverflows: { maxOutputTokens: modelMax, room } } : {}),
    };
  });
}

/**
 * One warning per target over the budget (on the `budget` key when the file sets it, else the
 * first line); one error per target whose context window cannot hold the rendered prompt (plus
 * the configured output limit, when there is one), on the `model`/`targets` key naming it, else
 * the first line; one info per target whose maximum reply would not fit after the prompt when no
 * output limit is set.
 */
export function budgetDiagnostics(file: PromptFile, checks: readonly ModelLimitCheck[], budget: BudgetSetting | undefined): PromptDiagnostic[] {
  const out: PromptDiagnostic[] = [];
  const firstLine = firstLineRange(file);
  const budgetRange = (budget?.source === 'file' ? keyRange(file, 'budget') : undefined) ?? firstLine;
  for (const c of checks) {
    const approx = approxPrefix(c.exact);
    if (budget && c.overBudgetBy !== undefined) {
      out.push({
        range: budgetRange,
        severity: 'warning',
        source: 'promptscope',
        code: 'over-budget',
        message:
          `Rendered prompt is ${approx}${formatTokenCount(c.tokens)} tokens on ${c.label}, over the budget of ` +
          `${formatTokenCount(budget.tokens)} (+${formatTokenCount(c.overBudgetBy)})`,
      });
    }
    const range = (file.model === c.modelId ? keyRange(file, 'model') : undefined) ?? keyRange(file, 'targets') ?? keyRange(file, 'model') ?? firstLine;
    if (c.exceedsContext && c.contextWindow !== undefined) {
      const reserve = c.outputReserve;
      const over = `over the ${formatTokenCount(c.contextWindow)}-token context window of ${c.label} (+${formatTokenCount(c.contextNeeded - c.contextWindow)})`;
      out.push({
        range,
        severity: 'error',
        source: 'promptscope',
        code: 'exceeds-context',
        message: reserve
          ? `Rendered prompt is ${approx}${formatTokenCount(c.tokens)} tokens on ${c.label}; with up to ` +
            `${formatTokenCount(reserve.tokens)} output tokens (config.maxOutputTokens) ` +
            `it needs ${approx}${formatTokenCount(c.contextNeeded)}, ${over}`
          : `Rendered prompt is ${approx}${formatTokenCount(c.tokens)} tokens on ${c.label}, ${over}`,
      });
    }
    if (c.modelMaxOutputOverflows && c.contextWindow !== undefined) {
      const { maxOutputTokens, room } = c.modelMaxOutputOverflows;
      out.push({
        range,
        severity: 'info',
        source: 'promptscope',
        code: 'output-may-not-fit',
        message:
          `No output limit set: after this ${approx}${formatTokenCount(c.tokens)}-token prompt, ${c.label} has room for ${approx}${formatTokenCount(room)} ` +
          `of its up to ${formatTokenCount(maxOutputTokens)} output tokens. Set config.maxOutputTokens to bound the reply (and its cost).`,
      });
    }
  }
  return out;
}
