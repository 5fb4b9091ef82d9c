import type { TextRange } from '../text';

/** Assertion types the samples format defines (the evaluator implements them). */
export const ASSERTION_TYPES = [
  'contains',
  'not-contains',
  'icontains',
  'not-icontains',
  'regex',
  'not-regex',
  'equals',
  'starts-with',
  'ends-with',
  'min-length',
  'max-length',
  'is-json',
] as const;
export type AssertionType = (typeof ASSERTION_TYPES)[number];

export interface SampleAssertion {
  readonly type: AssertionType;
  /** Text for string assertions, a pattern (`"re"` or `"/re/flags"`) for regex, a number for lengths; absent for `is-json`. */
  readonly value?: string | number;
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

function readAssertion(a: unknown, problem: (m: string) => void): SampleAssertion | undefined {
  if (!a || typeof a !== 'object' || Array.isArray(a)) {
    problem('must be an object {"type": …, "value": …}.');
    return undefined;
  }
  const { type, value } = a as { type?: unknown; value?: unknown };
  if (typeof type !== 'string' || !TYPES.has(type)) {
    problem(`unknown type ${JSON.stringify(type)}; expected one of ${ASSERTION_TYPES.join(', ')}.`);
    return undefined;
  }
  const t = type as AssertionType;
  if (t === 'is-json') return { type: t };
  if (t === 'min-length' || t === 'max-length') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      problem(`"${t}" needs a non-negative integer value.`);
      return undefined;
    }
    return { type: t, value };
  }
  if (typeof value !== 'string') {
    problem(`"${t}" needs a string value.`);
    return undefined;
  }
  if (t === 'regex' || t === 'not-regex') {
    const compiled = compileAssertionRegex(value);
    if (typeof compiled === 'string') {
      problem(`invalid regular expression: ${compiled}`);
      return undefined;
    }
  }
  return { type: t, value };
}
