import type { ParsedSamples } from '../prompt/samples';
import type { CompareInput } from './types';

/** One row per sample: its `id` when written, else its 1-based line number. */
export function inputsFromSamples(parsed: ParsedSamples): CompareInput[] {
  return parsed.cases.map((c) => ({
    sample: c.id === `line-${c.line}` ? String(c.line) : c.id,
    input: c.input,
    assert: c.assert,
    line: c.line,
  }));
}

/** The single row used when no samples are chosen: the file's defaults (merged by the renderer), or an explicit input. */
export function defaultCompareInput(input: Readonly<Record<string, unknown>> = {}, sample = 'default'): CompareInput {
  return { sample, input };
}
