import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { InputField } from './types';
import { nodeRange } from './frontmatter';

const JSON_SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array', 'any']);

/**
 * Flattens an input schema into declared fields. Accepts Picoschema (`name?: string, description`,
 * `items(array): string`, `tier(enum): [free, pro]`) and JSON Schema (`type: object` / `properties`),
 * as Dotprompt does. Works on YAML nodes so every field keeps its key range.
 */
export function inputFieldsFromSchema(schema: Node | null | undefined, offset: number, defaults: Readonly<Record<string, unknown>>): InputField[] {
  const fields: InputField[] = [];
  if (!schema) return fields;
  if (isMap(schema)) {
    if (isJsonSchema(schema)) jsonSchemaFields(schema, '', 0, offset, fields, new Set(requiredList(schema)));
    else picoFields(schema, '', 0, offset, fields);
  }
  return fields.map((f) => (f.depth === 0 && Object.prototype.hasOwnProperty.call(defaults, f.name) ? { ...f, default: defaults[f.name] } : f));
}

function mapGet(map: Node, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items as Pair<Node, Node>[]) if (isScalar(pair.key) && pair.key.value === key) return pair.value ?? undefined;
  return undefined;
}

function scalarString(node: Node | undefined): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function isJsonSchema(map: Node): boolean {
  const type = scalarString(mapGet(map, 'type'));
  return (type !== undefined && JSON_SCHEMA_TYPES.has(type)) || isMap(mapGet(map, 'properties'));
}

function requiredList(map: Node): string[] {
  const req = mapGet(map, 'required');
  return isSeq(req) ? req.items.map((n) => scalarString(n as Node)).filter((s): s is string => s !== undefined) : [];
}

/** Splits `type, description` as Picoschema does (first comma). */
function splitDescription(value: string): [string, string | undefined] {
  const comma = value.indexOf(',');
  if (comma < 0) return [value.trim(), undefined];
  return [value.slice(0, comma).trim(), value.slice(comma + 1).trim() || undefined];
}

function picoFields(map: Node, prefix: string, depth: number, offset: number, out: InputField[]): void {
  if (!isMap(map) || depth > 16) return;
  for (const pair of map.items as Pair<Node, Node>[]) {
    if (!isScalar(pair.key)) continue;
    const rawKey = String(pair.key.value);
    if (rawKey === '(*)') continue;
    const paren = rawKey.indexOf('(');
    const namePart = (paren >= 0 ? rawKey.slice(0, paren) : rawKey).trim();
    const optional = namePart.endsWith('?');
    const name = optional ? namePart.slice(0, -1) : namePart;
    const path = prefix ? `${prefix}.${name}` : name;
    const keyRange = nodeRange(pair.key, offset);
    const value = pair.value ?? undefined;
    let type = 'any';
    let description: string | undefined;
    let nested: Node | undefined;
    let nestedPath = path;
    if (paren >= 0) {
      const close = rawKey.lastIndexOf(')');
      const [parenType, parenDescription] = splitDescription(rawKey.slice(paren + 1, close > paren ? close : undefined));
      type = parenType;
      description = parenDescription;
      if (type === 'array') {
        nestedPath = `${path}[]`;
        if (isMap(value)) nested = value;
        else if (scalarString(value)) type = `array<${splitDescription(scalarString(value) as string)[0]}>`;
      } else if (type === 'object') {
        nested = value;
      }
    } else if (isMap(value)) {
      type = 'object';
      nested = value;
    } else {
      const text = scalarString(value);
      if (text !== undefined) [type, description] = splitDescription(text);
    }
    out.push({ path, name, depth, type, optional, ...(description ? { description } : {}), ...(keyRange ? { keyRange } : {}) });
    if (nested) {
      if (isJsonSchema(nested)) jsonSchemaFields(nested, nestedPath, depth + 1, offset, out, new Set(requiredList(nested)));
      else picoFields(nested, nestedPath, depth + 1, offset, out);
    }
  }
}

function jsonSchemaFields(map: Node, prefix: string, depth: number, offset: number, out: InputField[], required: Set<string>): void {
  const props = mapGet(map, 'properties');
  if (!isMap(props) || depth > 16) return;
  for (const pair of props.items as Pair<Node, Node>[]) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const path = prefix ? `${prefix}.${name}` : name;
    const value = pair.value ?? undefined;
    const typeNode = value ? mapGet(value, 'type') : undefined;
    const type = isSeq(typeNode)
      ? typeNode.items.map((n) => scalarString(n as Node)).filter((s) => s && s !== 'null').join('|') || 'any'
      : (scalarString(typeNode) ?? (value && mapGet(value, 'enum') ? 'enum' : 'any'));
    const description = value ? scalarString(mapGet(value, 'description')) : undefined;
    const defaultNode = value ? mapGet(value, 'default') : undefined;
    const keyRange = nodeRange(pair.key, offset);
    out.push({
      path,
      name,
      depth,
      type,
      optional: !required.has(name),
      ...(description ? { description } : {}),
      ...(defaultNode ? { default: defaultNode.toJSON() as unknown } : {}),
      ...(keyRange ? { keyRange } : {}),
    });
    if (value && isMap(value)) {
      jsonSchemaFields(value, path, depth + 1, offset, out, new Set(requiredList(value)));
      const items = mapGet(value, 'items');
      if (items && isMap(items)) jsonSchemaFields(items, `${path}[]`, depth + 1, offset, out, new Set(requiredList(items)));
    }
  }
}
