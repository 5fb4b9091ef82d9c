import type { TextRange } from '../text';

/** Assertion types that also exist negated with a `not-` prefix (promptfoo's convention). */
const NEGATABLE_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'regex',
  'starts-with',
  'ends-with',
  'is-json',
  'json-schema',
] as const;
type NegatableType = (typeof NEGATABLE_TYPES)[number];

/** Assertion types the samples format defines (src/core/compare/assertions.ts evaluates them, with promptfoo's semantics). */
export const ASSERTION_TYPES = [
  ...NEGATABLE_TYPES,
  ...NEGATABLE_TYPES.map((t) => `not-${t}` as const),
  'min-length',
  'max-length',
  'cost',
  'latency',
  'rubric',
  'llm-rubric',
] as const;
export type AssertionType = NegatableType | `not-${NegatableType}` | 'min-length' | 'max-length' | 'cost' | 'latency' | 'rubric' | 'llm-rubric';

export interface SampleAssertion {
  readonly type: AssertionType;
  /**
   * Text for string assertions (or a JSON value for `equals`), a pattern (`"re"` or `"/re/flags"`)
   * for regex, a list of strings for `contains-any`/`-all`, a JSON Schema for `json-schema` (and
   * optionally `is-json`), the rubric for `rubric`, a number for lengths and thresholds.
   */
  readonly value?: unknown;
  /** `cost` (USD), `latency` (ms), lengths: the limit; `value` works too. */
  readonly threshold?: number;
  /** `min-length` / `max-length`: count characters (default) or tokens. */
  readonly unit?: 'chars' | 'tokens';
}

export interface SampleCase {
  /** The `id` as written, or `line-N` (1-based) when absent. */
  readonly id: string;
  /** 1-based line in the JSONL file. */
  readonly line: number;
  readonly input: Readonly<Record<string, unknown>>;
  readonly assert: readonly SampleAssertion[];
  /** The line's range in the JSONL text. */
  readonly range: TextRange;
}

export interface SampleProblem {
  /** 1-based line. */
  readonly line: number;
  readonly range: TextRange;
  readonly message: string;
}

export interface ParsedSamples {
  readonly cases: readonly SampleCase[];
  readonly problems: readonly SampleProblem[];
}

const TYPES = new Set<string>(ASSERTION_TYPES);

/** Compiles a regex assertion value: `"pattern"` or `"/pattern/flags"`. Returns an error message when invalid. */
export function compileAssertionRegex(value: string): RegExp | string {
  try {
    const slashed = /^\/(.*)\/([a-z]*)$/s.exec(value);
    return slashed ? new RegExp(slashed[1] as string, slashed[2]) : new RegExp(value);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Parses a samples JSONL file: one JSON object per non-blank line. Never throws. */
export function parseSamples(text: string): ParsedSamples {
  const cases: SampleCase[] = [];
  const problems: SampleProblem[] = [];
  const ids = new Set<string>();
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  while (start <= text.length) {
    lineNo++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const contentEnd = text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const range = { start, end: contentEnd };
    const line = text.slice(start, contentEnd);
    const problem = (message: string): void => void problems.push({ line: lineNo, range, message });
    if (line.trim()) {
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(line);
      } catch (e) {
        parsed = false;
        problem(`Invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (parsed) {
        const c = readCase(value, lineNo, range, problem);
        if (c) {
          if (ids.has(c.id)) problem(`Duplicate id "${c.id}".`);
          ids.add(c.id);
          cases.push(c);
        }
      }
    }
    if (end >= text.length) break;
    start = end + 1;
  }
  return { cases, problems };
}

function readCase(value: unknown, line: number, range: TextRange, problem: (m: string) => void): SampleCase | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problem('Each line must be a JSON object like {"input": {...}, "assert": [...]}.');
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!['id', 'input', 'assert', 'description'].includes(key)) problem(`Unknown field "${key}" (expected id, input, assert, description).`);
  let id = `line-${line}`;
  if (obj.id !== undefined) {
    if (typeof obj.id === 'string' || typeof obj.id === 'number') id = String(obj.id);
    else problem('"id" must be a string.');
  }
  let input: Record<string, unknown> = {};
  if (obj.input !== undefined) {
    if (obj.input && typeof obj.input === 'object' && !Array.isArray(obj.input)) input = obj.input as Record<string, unknown>;
    else problem('"input" must be an object of variable values.');
  }
  const assertions: SampleAssertion[] = [];
  if (obj.assert !== undefined) {
    if (!Array.isArray(obj.assert)) problem('"assert" must be a list of {"type": …, "value": …}.');
    else
      obj.assert.forEach((a: unknown, i) => {
        const assertion = readAssertion(a, (m) => problem(`assert[${i}]: ${m}`));
        if (assertion) assertions.push(assertion);
      });
  }
  return { id, line, input, assert: assertions, range };
}

/** `["a","b"]`, or promptfoo's comma-separated string form. */
export function assertionStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}

function readAssertion(a: unknown, problem: (m: string) => void): SampleAssertion | undefined {
  if (!a || typeof a !== 'object' || Array.isArray(a)) {
    problem('must be an object {"type": …, "value": …}.');
    return undefined;
  }
  const { type, value, threshold, unit } = a as { type?: unknown; value?: unknown; threshold?: unknown; unit?: unknown };
  if (typeof type !== 'string' || !TYPES.has(type)) {
    problem(`unknown type ${JSON.stringify(type)}; expected one of ${ASSERTION_TYPES.join(', ')}.`);
    return undefined;
  }
  const t = type as AssertionType;
  const base = t.startsWith('not-') ? t.slice(4) : t;
  if (base === 'is-json') {
    if (value !== undefined && (typeof value !== 'object' || value === null)) {
      problem(`"${t}" takes an optional JSON Schema object as value.`);
      return undefined;
    }
    return value === undefined ? { type: t } : { type: t, value };
  }
  if (base === 'json-schema') {
    if (typeof value !== 'boolean' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      problem(`"${t}" needs a JSON Schema object as value.`);
      return undefined;
    }
    return { type: t, value };
  }
  if (t === 'min-length' || t === 'max-length' || t === 'cost' || t === 'latency') {
    const limit = threshold ?? value;
    const integer = t === 'min-length' || t === 'max-length';
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || (integer && !Number.isInteger(limit))) {
      problem(`"${t}" needs a non-negative ${integer ? 'integer' : 'number'} (value or threshold).`);
      return undefined;
    }
    if (unit !== undefined && (!integer || (unit !== 'chars' && unit !== 'tokens'))) {
      problem(integer ? '"unit" must be "chars" or "tokens".' : `"${t}" takes no unit.`);
      return undefined;
    }
    return { type: t, threshold: limit, ...(unit !== undefined ? { unit: unit as 'chars' | 'tokens' } : {}) };
  }
  if (base.endsWith('-any') || base.endsWith('-all')) {
    const list = assertionStringList(value);
    if (!list || list.length === 0) {
      problem(`"${t}" needs a list of strings (or a comma-separated string).`);
      return undefined;
    }
    return { type: t, value: list };
  }
  if (base === 'equals' && value !== undefined && typeof value !== 'string') return { type: t, value };
  if (typeof value !== 'string' || ((t === 'rubric' || t === 'llm-rubric') && !value.trim())) {
    problem(`"${t}" needs a string value.`);
    return undefined;
  }
  if (base === 'regex') {
    const compiled = compileAssertionRegex(value);
    if (typeof compiled === 'string') {
      problem(`invalid regular expression: ${compiled}`);
      return undefined;
    }
  }
  return { type: t, value };
}
