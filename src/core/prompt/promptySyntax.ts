import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { TextRange } from '../text';
import type { InputField, MessageRole, ModelConfig, PathReference, TemplateExpression } from './types';
import { nodeRange } from './frontmatter';

/** `system:` / `user:` / `assistant:` on a line of its own (Prompty also allows `# user:` and `user[name="x"]:`). */
export const PROMPTY_ROLE_LINE = /^[ \t]*#?[ \t]*(system|user|assistant)(\[[^\]\r\n]*\])?[ \t]*:[ \t]*$/i;

export interface RoleLine {
  readonly role: MessageRole;
  /** The line without its line break. */
  readonly range: TextRange;
  /** Start of the next line. */
  readonly next: number;
}

export function findRoleLines(text: string, start: number, end: number): RoleLine[] {
  const out: RoleLine[] = [];
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = lineStart;
    while (lineEnd < end && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    const next = text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? lineEnd + 2 : lineEnd + 1;
    // Cheap pre-filter: role lines are short and end with a colon.
    if (lineEnd - lineStart < 64) {
      const match = PROMPTY_ROLE_LINE.exec(text.slice(lineStart, lineEnd));
      if (match) out.push({ role: (match[1] as string).toLowerCase() as MessageRole, range: { start: lineStart, end: lineEnd }, next: Math.min(next, end) });
    }
    lineStart = next;
  }
  return out;
}

const JINJA_WORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'endif', 'for', 'endfor', 'true', 'false', 'none', 'True', 'False', 'None',
  'loop', 'set', 'endset', 'with', 'endwith', 'block', 'endblock', 'macro', 'endmacro', 'raw', 'endraw', 'include', 'import', 'from',
  'defined', 'undefined', 'recursive',
]);

function identifiers(text: string, base: number, locals: ReadonlySet<string>): PathReference[] {
  const out: PathReference[] = [];
  // Drop string literals so their words are not taken for variables.
  const masked = text.replace(/"[^"]*"|'[^']*'/g, (m) => ' '.repeat(m.length));
  const pipe = masked.indexOf('|');
  const expr = pipe >= 0 ? masked.slice(0, pipe) : masked;
  const re = /[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/g;
  for (let m = re.exec(expr); m; m = re.exec(expr)) {
    const before = expr[m.index - 1];
    const after = expr.slice(m.index + m[0].length).trimStart()[0];
    const head = m[0].split('.')[0] as string;
    if (before === '.' || after === '(' || JINJA_WORDS.has(head) || locals.has(head)) continue;
    out.push({ path: m[0], range: { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return out;
}

/** Scans a Jinja2 / Mustache body for `{{ x }}`, `{% … %}`, `{# … #}` and Mustache sections. */
export function scanPromptyTemplate(text: string, start: number, end: number): TemplateExpression[] {
  const out: TemplateExpression[] = [];
  const locals = new Set<string>();
  const re = /\{\{|\{%|\{#/g;
  re.lastIndex = start;
  for (let m = re.exec(text); m && m.index < end - 1; m = re.exec(text)) {
    const open = m.index;
    const opener = m[0];
    const closer = opener === '{{' ? '}}' : opener === '{%' ? '%}' : '#}';
    let close = text.indexOf(closer, open + 2);
    const unterminated = close < 0 || close + 2 > end;
    if (unterminated) close = Math.min(end, lineEndOf(text, open, end));
    const tagEnd = unterminated ? close : close + 2;
    let innerStart = open + 2;
    let innerEnd = close;
    if (text[innerStart] === '-' || text[innerStart] === '+') innerStart++;
    if (text[innerEnd - 1] === '-' || text[innerEnd - 1] === '+') innerEnd--;
    const inner = text.slice(innerStart, Math.max(innerStart, innerEnd));
    const range = { start: open, end: tagEnd };
    const base = { range, params: [], blockParams: [], unterminated } as const;
    if (opener === '{#' || inner.startsWith('!')) {
      out.push({ ...base, kind: 'comment', name: '', nameRange: { start: open, end: open }, paths: [], text: inner.replace(/^!(--)?|(--)?$/g, '').trim() });
    } else if (opener === '{%') {
      const lead = inner.length - inner.trimStart().length;
      const word = /^\w+/.exec(inner.trimStart())?.[0] ?? '';
      const nameRange = { start: innerStart + lead, end: innerStart + lead + word.length };
      let paths: PathReference[] = [];
      const forMatch = /^\s*for\s+([\w\s,]+?)\s+in\s+/.exec(inner);
      if (forMatch) {
        for (const v of (forMatch[1] as string).split(',')) locals.add(v.trim());
        paths = identifiers(inner.slice(forMatch[0].length), innerStart + forMatch[0].length, locals);
      } else {
        const setMatch = /^\s*set\s+(\w+)/.exec(inner);
        if (setMatch) locals.add(setMatch[1] as string);
        paths = identifiers(inner.slice(lead + word.length), nameRange.end, locals).filter(() => !setMatch);
      }
      out.push({ ...base, kind: 'statement', name: word, nameRange, paths });
    } else {
      const sigil = /^\s*([#^/&{])/.exec(inner)?.[1];
      const bodyOffset = sigil ? inner.indexOf(sigil) + 1 : 0;
      const expr = inner.slice(bodyOffset).replace(/\}$/, '');
      const lead = expr.length - expr.trimStart().length;
      const nameStart = innerStart + bodyOffset + lead;
      const name = /^[\w.]+/.exec(expr.trimStart())?.[0] ?? expr.trim();
      const nameRange = { start: nameStart, end: nameStart + name.length };
      const kind = sigil === '#' || sigil === '^' ? 'blockOpen' : sigil === '/' ? 'blockClose' : 'variable';
      const paths = kind === 'blockClose' ? [] : identifiers(expr, innerStart + bodyOffset, locals);
      out.push({ ...base, kind, name, nameRange, paths });
    }
    re.lastIndex = Math.max(tagEnd, open + 2);
  }
  return out;
}

function lineEndOf(text: string, from: number, end: number): number {
  for (let j = from; j < end; j++) if (text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13) return j;
  return end;
}

export interface PromptyMeta {
  readonly version: 1 | 2 | undefined;
  readonly model: string | undefined;
  readonly config: ModelConfig;
  readonly inputFields: InputField[];
  readonly defaults: Record<string, unknown>;
  readonly hasInputSchema: boolean;
  readonly templateFormat: string | undefined;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Maps a Prompty provider / v1 configuration type to a Promptscope provider name. */
export function promptyProviderToPromptscope(provider: string | undefined): string {
  const p = (provider ?? 'openai').toLowerCase();
  if (p === 'azure' || p === 'azure_openai' || p === 'azureopenai') return 'azure';
  if (p === 'openai') return 'openai';
  if (p === 'anthropic') return 'anthropic';
  return p.replace(/[^a-z0-9_-]/g, '') || 'openai';
}

export function detectPromptyVersion(data: Record<string, unknown>): 1 | 2 | undefined {
  const model = asRecord(data.model);
  if (Array.isArray(data.inputs) || model?.id !== undefined || model?.options !== undefined || model?.provider !== undefined || asRecord(data.template)) return 2;
  if (model?.configuration !== undefined || model?.parameters !== undefined || asRecord(data.inputs) || data.sample !== undefined || data.authors !== undefined || typeof data.template === 'string') return 1;
  return undefined;
}

export function promptyModelId(data: Record<string, unknown>): string | undefined {
  const model = data.model;
  if (typeof model === 'string') return model.includes('/') ? model : `openai/${model}`;
  const m = asRecord(model);
  if (!m) return undefined;
  if (typeof m.id === 'string' && m.id) return `${promptyProviderToPromptscope(typeof m.provider === 'string' ? m.provider : undefined)}/${m.id}`;
  const conf = asRecord(m.configuration);
  if (conf) {
    const name = [conf.azure_deployment, conf.model, conf.name].find((v) => typeof v === 'string' && v) as string | undefined;
    if (name) return `${promptyProviderToPromptscope(typeof conf.type === 'string' ? conf.type : undefined)}/${name}`;
  }
  return undefined;
}

export function promptyConfig(data: Record<string, unknown>): ModelConfig {
  const m = asRecord(data.model);
  const raw = asRecord(m?.options) ?? asRecord(m?.parameters) ?? {};
  const num = (...keys: string[]): number | undefined => {
    for (const k of keys) if (typeof raw[k] === 'number') return raw[k] as number;
    return undefined;
  };
  const temperature = num('temperature');
  const maxOutputTokens = num('maxOutputTokens', 'max_tokens', 'max_completion_tokens', 'maxTokens');
  const topP = num('topP', 'top_p');
  return {
    raw,
    ...(temperature !== undefined ? { temperature } : {}),
    ...(maxOutputTokens !== undefined && Number.isInteger(maxOutputTokens) && maxOutputTokens > 0 ? { maxOutputTokens } : {}),
    ...(topP !== undefined ? { topP } : {}),
  };
}

function mapGet(map: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items as Pair<Node, Node>[]) if (isScalar(pair.key) && pair.key.value === key) return pair.value ?? undefined;
  return undefined;
}

const PROMPTY_KINDS = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'any']);

/** Reads `inputs` (v2 list or v1 map) with key ranges, plus defaults (and v1 `sample` values as fallbacks). */
export function promptyMeta(data: Record<string, unknown>, document: Document | undefined, offset: number): PromptyMeta {
  const fields: InputField[] = [];
  const defaults: Record<string, unknown> = {};
  const inputsNode = mapGet(document?.contents as Node | undefined, 'inputs');
  if (isSeq(inputsNode)) {
    for (const item of inputsNode.items as Node[]) {
      const obj = asRecord(isMap(item) ? item.toJSON() : undefined);
      if (!obj || typeof obj.name !== 'string') continue;
      const keyRange = nodeRange(mapGet(item, 'name'), offset);
      const kind = typeof obj.kind === 'string' ? obj.kind : typeof obj.type === 'string' ? obj.type : 'any';
      fields.push({
        path: obj.name,
        name: obj.name,
        depth: 0,
        type: kind,
        optional: obj.required !== true,
        ...(typeof obj.description === 'string' ? { description: obj.description } : {}),
        ...('default' in obj ? { default: obj.default } : {}),
        ...(keyRange ? { keyRange } : {}),
      });
      if ('default' in obj) defaults[obj.name] = obj.default;
    }
  } else if (isMap(inputsNode)) {
    for (const pair of inputsNode.items as Pair<Node, Node>[]) {
      if (!isScalar(pair.key)) continue;
      const name = String(pair.key.value);
      const value: unknown = pair.value ? pair.value.toJSON() : undefined;
      const spec = asRecord(value);
      const keyRange = nodeRange(pair.key, offset);
      const scalarType = typeof value === 'string' && PROMPTY_KINDS.has(value) ? value : undefined;
      const type = typeof spec?.type === 'string' ? spec.type : typeof spec?.kind === 'string' ? spec.kind : (scalarType ?? 'any');
      const hasDefault = spec ? 'default' in spec : value !== undefined && value !== null && !scalarType;
      const def = spec ? spec.default : value;
      fields.push({
        path: name,
        name,
        depth: 0,
        type,
        optional: spec?.required !== true,
        ...(typeof spec?.description === 'string' ? { description: spec.description } : {}),
        ...(hasDefault ? { default: def } : {}),
        ...(keyRange ? { keyRange } : {}),
      });
      if (hasDefault) defaults[name] = def;
    }
  }
  const sample = asRecord(data.sample);
  if (sample) for (const [k, v] of Object.entries(sample)) if (!(k in defaults)) defaults[k] = v;
  const template = data.template;
  const templateFormat = typeof template === 'string' ? template : typeof asRecord(template)?.format === 'string' ? (asRecord(template)?.format as string) : undefined;
  return {
    version: detectPromptyVersion(data),
    model: promptyModelId(data),
    config: promptyConfig(data),
    inputFields: fields,
    defaults,
    hasInputSchema: inputsNode !== undefined,
    templateFormat,
  };
}
