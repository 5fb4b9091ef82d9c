import { describe, expect, it } from 'vitest';
import { evaluateAssertions, parseRubricVerdict, validateJsonSchema, type RunAssertion } from '../../../src/core/compare';
import { parseSamples } from '../../../src/core/prompt';

async function check(output: string, assertion: RunAssertion, extra: { latencyMs?: number; costUsd?: number } = {}): Promise<[boolean, string]> {
  const [result] = await evaluateAssertions([assertion], { output, countTokens: (t) => t.split(/\s+/).filter(Boolean).length, ...extra });
  return [result!.pass, result!.reason];
}

describe('assertions (promptfoo semantics for the shared types)', () => {
  it.each<[string, RunAssertion, boolean]>([
    ['Paris', { type: 'equals', value: 'Paris' }, true],
    [' Paris\n', { type: 'equals', value: 'Paris' }, true],
    ['paris', { type: 'equals', value: 'Paris' }, false],
    ['{"a": 1}', { type: 'equals', value: { a: 1 } }, true],
    ['The capital is Paris.', { type: 'contains', value: 'Paris' }, true],
    ['The capital is paris.', { type: 'contains', value: 'Paris' }, false],
    ['The capital is paris.', { type: 'icontains', value: 'PARIS' }, true],
    ['The capital is Paris.', { type: 'not-contains', value: 'Berlin' }, true],
    ['The capital is Paris.', { type: 'not-icontains', value: 'paris' }, false],
    ['red and blue', { type: 'contains-any', value: ['green', 'blue'] }, true],
    ['red and blue', { type: 'contains-any', value: 'green, yellow' }, false],
    ['red and blue', { type: 'contains-all', value: ['red', 'blue'] }, true],
    ['red and blue', { type: 'contains-all', value: ['red', 'green'] }, false],
    ['RED and BLUE', { type: 'icontains-all', value: ['red', 'blue'] }, true],
    ['red and blue', { type: 'not-contains-any', value: ['green'] }, true],
    ['order 12345', { type: 'regex', value: '\\d{5}' }, true],
    ['ORDER', { type: 'regex', value: '/order/i' }, true],
    ['ORDER', { type: 'not-regex', value: '/order/i' }, false],
    ['Hello there', { type: 'starts-with', value: 'Hello' }, true],
    ['Hello there', { type: 'not-starts-with', value: 'Hello' }, false],
    ['Hello there', { type: 'ends-with', value: 'there' }, true],
    ['{"a": [1, 2]}', { type: 'is-json' }, true],
    ['```json\n{"a": 1}\n```', { type: 'is-json' }, true],
    ['not json', { type: 'is-json' }, false],
    ['not json', { type: 'not-is-json' }, true],
    ['{"name": "Ada", "age": 36}', { type: 'json-schema', value: { type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } } } }, true],
    ['{"name": "Ada"}', { type: 'json-schema', value: { type: 'object', required: ['age'] } }, false],
    ['{"name": 5}', { type: 'is-json', value: { type: 'object', properties: { name: { type: 'string' } } } }, false],
    ['12345', { type: 'max-length', threshold: 5 }, true],
    ['123456', { type: 'max-length', threshold: 5 }, false],
    ['one two three', { type: 'max-length', threshold: 3, unit: 'tokens' }, true],
    ['one two three four', { type: 'max-length', value: 3, unit: 'tokens' }, false],
    ['abc', { type: 'min-length', threshold: 4 }, false],
  ])('%j %j → %s', async (output, assertion, pass) => {
    const [actual, reason] = await check(output, assertion);
    expect(actual).toBe(pass);
    expect(reason.length).toBeGreaterThan(0);
  });

  it('awaits a token counter that answers later (the editor counts in its tokenizer worker)', async () => {
    const later = (t: string): Promise<number> => new Promise((resolve) => setTimeout(() => resolve(t.split(/\s+/).filter(Boolean).length), 5));
    const [over] = await evaluateAssertions([{ type: 'max-length', threshold: 3, unit: 'tokens' }], { output: 'one two three four', countTokens: later });
    expect(over).toMatchObject({ pass: false, reason: '4 tokens (max 3)' });
    const [under] = await evaluateAssertions([{ type: 'min-length', threshold: 2, unit: 'tokens' }], { output: 'one two', countTokens: later });
    expect(under).toMatchObject({ pass: true, reason: '2 tokens (min 2)' });
  });

  it('explains failures with the failing part', async () => {
    expect(await check('red', { type: 'contains-all', value: ['red', 'green', 'blue'] })).toEqual([false, 'is missing "green", "blue"']);
    expect(await check('{"name": "Ada"}', { type: 'json-schema', value: { type: 'object', required: ['age'] } })).toEqual([false, 'does not match the schema: $ is missing required property "age"']);
    expect(await check('Paris', { type: 'not-contains', value: 'Paris' })).toEqual([false, 'contains "Paris"']);
  });

  it('cost and latency pass at or below the threshold; unknown values fail with a reason', async () => {
    expect(await check('x', { type: 'latency', threshold: 1000 }, { latencyMs: 1000 })).toEqual([true, '1.00 s (max 1.00 s)']);
    expect((await check('x', { type: 'latency', threshold: 500 }, { latencyMs: 800 }))[0]).toBe(false);
    expect((await check('x', { type: 'cost', threshold: 0.01 }, { costUsd: 0.002 }))[0]).toBe(true);
    expect(await check('x', { type: 'cost', threshold: 0.01 })).toEqual([false, 'cost unknown (no price for this model, or no usage reported)']);
  });

  it('rubric needs an explicit judge; the judge\'s reason is kept, its failure explained', async () => {
    expect(await check('x', { type: 'rubric', value: 'polite' })).toEqual([false, 'no judge model chosen: pick one to grade rubric assertions']);
    const [judged] = await evaluateAssertions([{ type: 'rubric', value: 'polite' }], { output: 'x', countTokens: () => 0, judge: () => Promise.resolve({ pass: true, reason: 'It is polite.' }) });
    expect(judged).toMatchObject({ pass: true, reason: 'It is polite.' });
    const [broken] = await evaluateAssertions([{ type: 'llm-rubric', value: 'polite' }], { output: 'x', countTokens: () => 0, judge: () => Promise.reject(new Error('down')) });
    expect(broken).toMatchObject({ pass: false, reason: 'the judge failed: down' });
    expect(parseRubricVerdict('Sure! ```json\n{"pass": false, "reason": "Rude."}\n```')).toEqual({ pass: false, reason: 'Rude.' });
    expect(parseRubricVerdict('no idea')).toBe('the judge did not answer with JSON');
  });

  it('the JSON Schema subset covers the common keywords', () => {
    const schema = { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, properties: { tag: { enum: ['a', 'b'] }, n: { type: 'number', exclusiveMaximum: 10 } } } };
    expect(validateJsonSchema([{ tag: 'a', n: 9.5 }], schema)).toEqual([]);
    expect(validateJsonSchema([{ tag: 'c', n: 10, extra: 1 }], schema)).toEqual(['$[0].tag should be one of ["a","b"]', '$[0].n should be < 10', '$[0] has unexpected property "extra"']);
    expect(validateJsonSchema('x', { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^x$' }] })).toEqual([]);
    expect(validateJsonSchema(3, { oneOf: [{ type: 'number' }, { type: 'integer' }] })).toEqual(['$ should match exactly one of oneOf']);
  });

  it('the samples reader accepts the new types and rejects malformed ones with the line', () => {
    const text = [
      JSON.stringify({ id: 'a', input: {}, assert: [{ type: 'contains-any', value: ['x', 'y'] }, { type: 'json-schema', value: { type: 'object' } }, { type: 'cost', threshold: 0.01 }, { type: 'latency', value: 2000 }, { type: 'rubric', value: 'Is polite' }, { type: 'max-length', threshold: 50, unit: 'tokens' }, { type: 'not-equals', value: 'x' }] }),
      JSON.stringify({ id: 'b', assert: [{ type: 'contains-all', value: [] }, { type: 'max-length', threshold: 5, unit: 'words' }, { type: 'json-schema', value: 'x' }, { type: 'latency' }, { type: 'rubric', value: ' ' }] }),
    ].join('\n');
    const { cases, problems } = parseSamples(text);
    expect(cases[0]!.assert.map((a) => a.type)).toEqual(['contains-any', 'json-schema', 'cost', 'latency', 'rubric', 'max-length', 'not-equals']);
    expect(cases[0]!.assert[3]).toEqual({ type: 'latency', threshold: 2000 });
    expect(problems.map((p) => [p.line, p.message.split(':')[0]])).toEqual([
      [2, 'assert[0]'],
      [2, 'assert[1]'],
      [2, 'assert[2]'],
      [2, 'assert[3]'],
      [2, 'assert[4]'],
    ]);
  });
});
