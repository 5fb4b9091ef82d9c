/**
 * A JSON Schema validator for the subset sample assertions use (draft-07/2020-12 keywords):
 * type, enum, const, properties, required, additionalProperties, items, min/maxItems,
 * min/maxLength, pattern, minimum/maximum, exclusiveMinimum/Maximum, allOf/anyOf/oneOf/not.
 * Unknown keywords are ignored, as validators do. Returns the first problems found, with paths.
 */
type Schema = boolean | Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const MAX_PROBLEMS = 5;

export function validateJsonSchema(value: unknown, schema: unknown): string[] {
  const problems: string[] = [];
  check(value, schema as Schema, '$', problems);
  return problems.slice(0, MAX_PROBLEMS);
}

function check(value: unknown, schema: Schema, path: string, problems: string[]): void {
  if (problems.length >= MAX_PROBLEMS) return;
  if (schema === true || schema === undefined) return;
  if (schema === false) {
    problems.push(`${path} is not allowed`);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema;
  const fail = (message: string): void => void problems.push(`${path} ${message}`);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(value, t))) {
      fail(`should be ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) fail(`should be one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && !deepEqual(s.const, value)) fail(`should be ${JSON.stringify(s.const)}`);

  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && [...value].length < s.minLength) fail(`should have at least ${s.minLength} characters`);
    if (typeof s.maxLength === 'number' && [...value].length > s.maxLength) fail(`should have at most ${s.maxLength} characters`);
    if (typeof s.pattern === 'string') {
      try {
        if (!new RegExp(s.pattern, 'u').test(value)) fail(`should match /${s.pattern}/`);
      } catch {
        fail(`has an invalid pattern in the schema: ${s.pattern}`);
      }
    }
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`should be ≥ ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`should be ≤ ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) fail(`should be > ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) fail(`should be < ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail(`should have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail(`should have at most ${s.maxItems} items`);
    if (s.items !== undefined && !Array.isArray(s.items)) value.forEach((item, i) => check(item, s.items as Schema, `${path}[${i}]`, problems));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (typeof s.properties === 'object' && s.properties !== null ? s.properties : {}) as Record<string, Schema>;
    if (Array.isArray(s.required)) for (const key of s.required as string[]) if (!(key in obj)) fail(`is missing required property "${key}"`);
    for (const [key, child] of Object.entries(obj)) {
      if (key in properties) check(child, properties[key] as Schema, `${path}.${key}`, problems);
      else if (s.additionalProperties === false) fail(`has unexpected property "${key}"`);
      else if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) check(child, s.additionalProperties as Schema, `${path}.${key}`, problems);
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(value, sub, path, problems);
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => validateJsonSchema(value, sub).length === 0)) fail('matches none of anyOf');
  if (Array.isArray(s.oneOf) && (s.oneOf as Schema[]).filter((sub) => validateJsonSchema(value, sub).length === 0).length !== 1) fail('should match exactly one of oneOf');
  if (s.not !== undefined && validateJsonSchema(value, s.not).length === 0) fail('should not match the "not" schema');
}
