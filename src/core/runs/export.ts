/** A run as Markdown, as a promptfoo config, and as the CLI's stable `--json` shape. */
import { stringify } from 'yaml';
import type { ModelTarget } from '../providers/targets';
import { columnRender, columnTitle } from './columns';
import { formatMs, latencyLabel } from './format';
import type { AssertionResult, RunAssertion, RunCell, RunColumn, RunFile } from './types';

export { formatMs, latencyLabel };


function formatUsd(usd: number | undefined | null): string {
  if (usd === undefined || usd === null) return '—';
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toPrecision(2)}` : `$${usd.toFixed(4)}`;
}

function cellText(text: string): string {
  return text.trim().replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function verdict(cell: RunCell): string {
  if (cell.status === 'failed') return `error: ${cell.error?.message ?? 'failed'}`;
  if (cell.status === 'cancelled') return 'cancelled';
  if (cell.status !== 'done') return cell.status;
  const failed = cell.assertions.filter((a) => !a.pass);
  if (cell.assertions.length === 0) return '—';
  return failed.length === 0 ? `pass (${cell.assertions.length})` : `FAIL: ${failed.map((a) => `${a.type}: ${a.reason}`).join('; ')}`;
}

export function runToMarkdown(run: RunFile): string {
  const lines: string[] = [];
  lines.push(`# Comparison: ${run.promptPath}`, '');
  lines.push(`Run \`${run.id}\` · ${run.createdAt} · prompt sha256 \`${run.promptHash.slice(0, 12)}\`${run.repeat > 1 ? ` · repeat ${run.repeat}` : ''}${run.judgeModel ? ` · judge ${run.judgeModel}` : ''}`, '');
  const variants = run.columns.some((c) => c.prompt !== undefined);
  if (variants) {
    lines.push('Each column ran its own prompt (a variant) on its own model:', '');
    for (const c of run.columns) if (c.prompt) lines.push(`- \`${c.prompt.label}\` (${c.prompt.path}, sha256 \`${c.prompt.hash.slice(0, 12)}\`) on ${c.model}`);
    lines.push('');
  }
  lines.push(`| ${variants ? 'Variant · model' : 'Model'} | Pass rate | Total cost | Mean cost | p50 latency | p95 latency | Tokens/s | Errors |`, '|---|---|---|---|---|---|---|---|');
  for (const c of run.columns) {
    const s = c.summary;
    const rate = s.passRate === null ? '—' : `${Math.round(s.passRate * 100)}% (${s.passed}/${s.done + s.failed})`;
    lines.push(`| ${columnTitle(c)} | ${rate} | ${formatUsd(s.totalCostUsd)} | ${formatUsd(s.meanCostUsd)} | ${formatMs(s.p50LatencyMs)} | ${formatMs(s.p95LatencyMs)} | ${s.tokensPerSecond === null ? '—' : s.tokensPerSecond.toFixed(1)} | ${c.configError ? cellText(c.configError) : s.failed} |`);
  }
  for (const row of run.rows) {
    lines.push('', `## ${row.sample}`, '');
    if (Object.keys(row.input).length > 0) lines.push(`Input: \`${JSON.stringify(row.input).replace(/`/g, '\\`')}\``, '');
    lines.push(`| ${variants ? 'Variant · model' : 'Model'} | Output | Result | Latency | Tokens in/out | Cost |`, '|---|---|---|---|---|---|');
    for (const cell of run.cells.filter((c) => c.row === row.index)) {
      const column = run.columns[cell.column];
      const model = column ? columnTitle(column) : '?';
      const label = run.repeat > 1 ? `${model} #${cell.repeat + 1}` : model;
      const tokens = cell.usage ? `${cell.usage.inputTokens}/${cell.usage.outputTokens}` : '—';
      const rating = cell.rating ? ` ${cell.rating.verdict === 'up' ? '👍' : '👎'}${cell.rating.note ? ` ${cell.rating.note}` : ''}` : '';
      lines.push(`| ${label} | ${cellText(cell.output)} | ${cellText(verdict(cell) + rating)} | ${latencyLabel(cell)} | ${tokens} | ${formatUsd(cell.costUsd)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// promptfoo

type PromptfooAssert = Record<string, unknown>;

function jsString(text: string): string {
  return JSON.stringify(text);
}

/** One of our assertions as promptfoo's, or a reason it has no equivalent. */
function toPromptfooAssert(a: RunAssertion, judgeProvider: Record<string, unknown> | undefined): PromptfooAssert | string {
  const limit = a.threshold ?? (typeof a.value === 'number' ? a.value : undefined);
  switch (a.type) {
    case 'rubric':
    case 'llm-rubric':
      return { type: 'llm-rubric', value: a.value, ...(judgeProvider ? { provider: judgeProvider } : {}) };
    case 'cost':
    case 'latency':
      return { type: a.type, threshold: limit };
    case 'json-schema':
      return { type: 'is-json', value: a.value };
    case 'not-json-schema':
      return { type: 'not-is-json', value: a.value };
    case 'min-length':
    case 'max-length':
      if (a.unit === 'tokens') return `${a.type} in tokens has no promptfoo equivalent`;
      return { type: 'javascript', value: `output.length ${a.type === 'min-length' ? '>=' : '<='} ${limit}` };
    case 'equals':
    case 'not-equals':
      // Ours compares trimmed text (docs/format.md); promptfoo's equals is exact.
      if (typeof a.value !== 'string') return { type: a.type, value: a.value };
      return { type: 'javascript', value: `output.trim() ${a.type === 'equals' ? '===' : '!=='} ${jsString(a.value.trim())}` };
    case 'ends-with':
    case 'not-ends-with':
      return { type: 'javascript', value: `${a.type === 'ends-with' ? '' : '!'}output.endsWith(${jsString(String(a.value))})` };
    default:
      return { type: a.type, ...(a.value !== undefined ? { value: a.value } : {}) };
  }
}

/** Our model id as a promptfoo provider (Gemini and custom endpoints through its OpenAI provider). */
function toPromptfooProvider(modelId: string, params: Readonly<Record<string, unknown>>, endpoint: string | undefined, target: ModelTarget | undefined, label = modelId, prompts?: readonly string[]): Record<string, unknown> {
  const config: Record<string, unknown> = Object.fromEntries(Object.entries(params).filter(([key]) => key !== 'model'));
  const model = typeof params.model === 'string' ? params.model : (target?.model ?? modelId.slice(modelId.indexOf('/') + 1));
  if (target?.baseURL) config.apiBaseUrl = target.baseURL;
  // A variant's provider runs only its own prompt (promptfoo pairs them by prompt label).
  const pairing = prompts ? { prompts: [...prompts] } : {};
  if ((target?.kind ?? (endpoint === 'anthropic' ? 'anthropic' : 'openai')) === 'anthropic') return { id: `anthropic:messages:${model}`, label, ...pairing, config };
  const name = target?.providerName ?? endpoint;
  if (name && name !== 'openai') config.apiKeyEnvar = name === 'gemini' ? 'GEMINI_API_KEY' : `PROMPTSCOPE_ENDPOINT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
  return { id: `openai:chat:${model}`, label, ...pairing, config };
}

/**
 * The comparison's setup as a `promptfooconfig.yaml`: the same models with the parameters as
 * sent, and one test per input whose `messages` var holds the exact rendered messages (the
 * prompt `{{ messages | dump }}` sends them as a chat), with the assertions translated. When the
 * columns ran variants, each column is a prompt of its own (var `messages_<column>`) paired with
 * its provider only.
 */
export function runToPromptfooConfig(run: RunFile, resolveTarget?: (modelId: string) => ModelTarget | string): string {
  const skipped: string[] = [];
  const resolved = (id: string): ModelTarget | undefined => {
    const target = resolveTarget?.(id);
    return typeof target === 'object' ? target : undefined;
  };
  const judgeProvider = run.judgeModel === undefined ? undefined : toPromptfooProvider(run.judgeModel, {}, undefined, resolved(run.judgeModel));
  const variants = run.columns.some((c) => c.prompt !== undefined);
  // Two columns can run one variant (on two models): one prompt per distinct label.
  const promptLabel = (column: RunColumn): string => column.prompt?.label ?? run.promptPath;
  const messagesVar = (column: RunColumn): string => `messages_${run.columns.findIndex((c) => promptLabel(c) === promptLabel(column))}`;
  const prompts = variants
    ? [...new Map(run.columns.map((c) => [promptLabel(c), { label: promptLabel(c), raw: `{{ ${messagesVar(c)} | dump }}` }])).values()]
    : [{ label: run.promptPath, raw: '{{ messages | dump }}' }];
  const messageVars = (row: RunFile['rows'][number]): Record<string, unknown> =>
    variants ? Object.fromEntries(run.columns.map((c) => [messagesVar(c), columnRender(row, c.index).messages])) : { messages: row.messages };
  const config: Record<string, unknown> = {
    description: `Promptscope comparison of ${run.promptPath} (run ${run.id})`,
    prompts,
    providers: run.columns.map((column) => toPromptfooProvider(column.model, column.params, column.endpoint, resolved(column.model), columnTitle(column), variants ? [promptLabel(column)] : undefined)),
    tests: run.rows.map((row) => {
      const asserts: PromptfooAssert[] = [];
      for (const a of row.assert) {
        const mapped = toPromptfooAssert(a, judgeProvider);
        if (typeof mapped === 'string') skipped.push(`${row.sample}: ${mapped}`);
        else asserts.push(mapped);
      }
      return { description: row.sample, vars: { ...messageVars(row), ...(Object.keys(row.input).length > 0 ? { input: row.input } : {}) }, ...(asserts.length > 0 ? { assert: asserts } : {}) };
    }),
  };
  if (run.repeat > 1) config.evaluateOptions = { repeat: run.repeat };
  const header = [
    `# Exported by Promptscope from ${run.promptPath} (run ${run.id}).`,
    '# Run with: npx promptfoo eval -c promptfooconfig.yaml',
    ...skipped.map((s) => `# Not exported (no promptfoo equivalent): ${s}`),
  ];
  return `${header.join('\n')}\n${stringify(config, { lineWidth: 0 })}`;
}

// ---------------------------------------------------------------------------------------------
// The CLI's --json

export interface CompareJsonCell {
  readonly model: string;
  /** The column's variant label when the columns ran their own prompts; null otherwise. */
  readonly variant: string | null;
  readonly sample: string;
  readonly repeat: number;
  readonly status: RunCell['status'];
  readonly output: string;
  readonly pass: boolean;
  readonly assertions: readonly Pick<AssertionResult, 'type' | 'pass' | 'reason'>[];
  readonly latencyMs: number | null;
  readonly ttftMs: number | null;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number } | null;
  readonly costUsd: number | null;
  readonly cached: boolean;
  readonly finishReason: string | null;
  readonly error: string | null;
}

export interface CompareJson {
  readonly runId: string;
  readonly prompt: string;
  readonly runFile: string | null;
  readonly pass: boolean;
  readonly cells: readonly CompareJsonCell[];
  readonly columns: readonly ({ readonly model: string; readonly variant: string | null; readonly promptPath: string | null; readonly endpoint: string | null; readonly error: string | null } & RunColumn['summary'])[];
}

/** The documented, stable `promptscope compare --json` shape (see README). */
export function compareJson(run: RunFile, runFile?: string): CompareJson {
  const cells = run.cells.map((cell): CompareJsonCell => {
    const row = run.rows[cell.row];
    return {
      model: run.columns[cell.column]?.model ?? '',
      variant: run.columns[cell.column]?.prompt?.label ?? null,
      sample: row?.sample ?? String(cell.row + 1),
      repeat: cell.repeat,
      status: cell.status,
      output: cell.output,
      pass: cell.pass,
      assertions: cell.assertions.map((a) => ({ type: a.type, pass: a.pass, reason: a.reason })),
      latencyMs: cell.latencyMs ?? null,
      ttftMs: cell.ttftMs ?? null,
      usage: cell.usage ? { inputTokens: cell.usage.inputTokens, outputTokens: cell.usage.outputTokens } : null,
      costUsd: cell.costUsd ?? null,
      cached: cell.cached,
      finishReason: cell.finishReason ?? null,
      error: cell.error?.message ?? null,
    };
  });
  return {
    runId: run.id,
    prompt: run.promptPath,
    runFile: runFile ?? null,
    pass: cells.every((c) => c.pass),
    cells,
    columns: run.columns.map((c) => ({ model: c.model, variant: c.prompt?.label ?? null, promptPath: c.prompt?.path ?? null, endpoint: c.endpoint ?? null, error: c.configError ?? null, ...c.summary })),
  };
}
