/**
 * Evaluates sample assertions on one cell, with promptfoo's semantics for the shared types (a
 * `not-` prefix inverts; `contains-any`/`-all` take a list or a comma-separated string;
 * `cost`/`latency` pass at or below the threshold) and this project's documented ones
 * (docs/format.md: `equals` compares trimmed text, `is-json` accepts a surrounding code fence).
 * `rubric` is graded by the judge the caller names; there is no hidden default grader.
 */
import { assertionStringList, compileAssertionRegex } from '../prompt/samples';
import type { AssertionResult, RunAssertion } from '../runs/types';
import { validateJsonSchema } from './jsonSchema';

export interface RubricVerdict {
  readonly pass: boolean;
  readonly reason: string;
}

export interface AssertionContext {
  readonly output: string;
  readonly latencyMs?: number;
  readonly costUsd?: number;
  /** For `max-length`/`min-length` with unit `tokens` (the editor counts in its tokenizer worker, hence a promise). */
  readonly countTokens: (text: string) => number | Promise<number>;
  /** Grades a rubric; undefined when no judge model was chosen. */
  readonly judge?: (rubric: string, output: string) => Promise<RubricVerdict>;
}

const JSON_FENCE = /^\s*```[a-zA-Z]*\s*\n([\s\S]*?)\n?```\s*$/;

/** The answer as JSON (a surrounding ```json fence is allowed), or undefined. */
export function parseJsonOutput(output: string): { value: unknown } | undefined {
  const text = JSON_FENCE.exec(output)?.[1] ?? output;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function quote(text: string, max = 60): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(short);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** [pass, reason when it passes, reason when it fails] for the positive form. */
type Outcome = { pass: boolean; yes: string; no: string };

function positive(type: string, a: RunAssertion, ctx: AssertionContext): Outcome | Promise<Outcome> {
  const output = ctx.output;
  const text = typeof a.value === 'string' ? a.value : '';
  switch (type) {
    case 'equals': {
      if (a.value !== undefined && typeof a.value !== 'string') {
        const parsed = parseJsonOutput(output);
        const pass = parsed !== undefined && JSON.stringify(parsed.value) === JSON.stringify(a.value);
        return { pass, yes: 'equals the expected JSON', no: parsed ? 'is JSON but not the expected value' : 'is not JSON' };
      }
      return { pass: output.trim() === text.trim(), yes: `equals ${quote(text)}`, no: `does not equal ${quote(text)}` };
    }
    case 'contains':
      return { pass: output.includes(text), yes: `contains ${quote(text)}`, no: `does not contain ${quote(text)}` };
    case 'icontains':
      return { pass: output.toLowerCase().includes(text.toLowerCase()), yes: `contains ${quote(text)} (any case)`, no: `does not contain ${quote(text)} (any case)` };
    case 'contains-any':
    case 'icontains-any':
    case 'contains-all':
    case 'icontains-all': {
      const fold = type.startsWith('i') ? (s: string): string => s.toLowerCase() : (s: string): string => s;
      const list = assertionStringList(a.value) ?? [];
      const found = list.filter((v) => fold(output).includes(fold(v)));
      const missing = list.filter((v) => !found.includes(v));
      if (type.endsWith('-any')) return { pass: found.length > 0, yes: `contains ${quote(found[0] ?? '')}`, no: `contains none of ${list.map((v) => quote(v, 30)).join(', ')}` };
      return { pass: missing.length === 0, yes: `contains all ${list.length}`, no: `is missing ${missing.map((v) => quote(v, 30)).join(', ')}` };
    }
    case 'regex': {
      const re = compileAssertionRegex(text);
      if (typeof re === 'string') return { pass: false, yes: '', no: `invalid regular expression: ${re}` };
      return { pass: re.test(output), yes: `matches ${re}`, no: `does not match ${re}` };
    }
    case 'starts-with':
      return { pass: output.startsWith(text), yes: `starts with ${quote(text)}`, no: `does not start with ${quote(text)}` };
    case 'ends-with':
      return { pass: output.endsWith(text), yes: `ends with ${quote(text)}`, no: `does not end with ${quote(text)}` };
    case 'is-json':
    case 'json-schema': {
      const parsed = parseJsonOutput(output);
      if (!parsed) return { pass: false, yes: '', no: 'is not valid JSON' };
      if (a.value === undefined) return { pass: true, yes: 'is valid JSON', no: '' };
      const problems = validateJsonSchema(parsed.value, a.value);
      return { pass: problems.length === 0, yes: 'matches the JSON Schema', no: `does not match the schema: ${problems.join('; ')}` };
    }
    default:
      return { pass: false, yes: '', no: `unknown assertion type "${type}"` };
  }
}

async function evaluateOne(a: RunAssertion, index: number, ctx: AssertionContext): Promise<AssertionResult> {
  const type = a.type;
  const result = (pass: boolean, reason: string): AssertionResult => ({ type, pass, reason, index });
  const limit = typeof a.threshold === 'number' ? a.threshold : typeof a.value === 'number' ? a.value : undefined;
  switch (type) {
    case 'min-length':
    case 'max-length': {
      if (limit === undefined) return result(false, `"${type}" has no limit`);
      const tokens = a.unit === 'tokens';
      const length = tokens ? await ctx.countTokens(ctx.output) : [...ctx.output].length;
      const unit = tokens ? 'tokens' : 'characters';
      const pass = type === 'min-length' ? length >= limit : length <= limit;
      return result(pass, `${length} ${unit} (${type === 'min-length' ? 'min' : 'max'} ${limit})`);
    }
    case 'cost':
      if (limit === undefined) return result(false, '"cost" has no threshold');
      if (ctx.costUsd === undefined) return result(false, 'cost unknown (no price for this model, or no usage reported)');
      return result(ctx.costUsd <= limit, `$${ctx.costUsd.toPrecision(3)} (max $${limit})`);
    case 'latency':
      if (limit === undefined) return result(false, '"latency" has no threshold');
      if (ctx.latencyMs === undefined) return result(false, 'latency unknown');
      return result(ctx.latencyMs <= limit, `${formatMs(ctx.latencyMs)} (max ${formatMs(limit)})`);
    case 'rubric':
    case 'llm-rubric': {
      if (!ctx.judge) return result(false, 'no judge model chosen: pick one to grade rubric assertions');
      const rubric = typeof a.value === 'string' ? a.value : '';
      try {
        const verdict = await ctx.judge(rubric, ctx.output);
        return result(verdict.pass, verdict.reason);
      } catch (error) {
        return result(false, `the judge failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    default: {
      const negated = type.startsWith('not-');
      const outcome = await positive(negated ? type.slice(4) : type, a, ctx);
      const pass = negated ? !outcome.pass : outcome.pass;
      // The negated form's failure reason is the positive form's success reason.
      return result(pass, pass ? (negated ? outcome.no : outcome.yes) : negated ? outcome.yes : outcome.no);
    }
  }
}

/** Every assertion of a row, in order (rubric judgements run in parallel). */
export function evaluateAssertions(assertions: readonly RunAssertion[], ctx: AssertionContext): Promise<AssertionResult[]> {
  return Promise.all(assertions.map((a, i) => evaluateOne(a, i, ctx)));
}

/** The judge's instructions; it must answer with one JSON object. */
export const RUBRIC_SYSTEM_PROMPT =
  'You grade an AI assistant\'s output against a rubric. Reply with one JSON object and nothing else: {"pass": true or false, "reason": "<one short sentence>"}.';

export function rubricUserMessage(rubric: string, output: string): string {
  return `<rubric>\n${rubric}\n</rubric>\n<output>\n${output}\n</output>`;
}

/** Reads the judge's reply (fenced or surrounded by prose is tolerated). */
export function parseRubricVerdict(reply: string): RubricVerdict | string {
  const start = reply.indexOf('{');
  const end = reply.lastIndexOf('}');
  if (start < 0 || end < start) return 'the judge did not answer with JSON';
  try {
    const value = JSON.parse(reply.slice(start, end + 1)) as { pass?: unknown; reason?: unknown };
    if (typeof value.pass !== 'boolean') return 'the judge\'s JSON has no boolean "pass"';
    return { pass: value.pass, reason: typeof value.reason === 'string' && value.reason.trim() ? value.reason.trim() : value.pass ? 'meets the rubric' : 'does not meet the rubric' };
  } catch {
    return 'the judge did not answer with valid JSON';
  }
}
