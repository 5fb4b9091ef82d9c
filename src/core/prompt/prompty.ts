import { isScalar, stringify, visit } from 'yaml';
import { parsePromptFile } from './parse';
import { PROMPTSCOPE_KEYS } from './frontmatterKeys';
import { promptyModelId } from './promptySyntax';
import type { PromptFile, RoleSection, TemplateExpression } from './types';

/**
 * Conversion between Microsoft Prompty (`.prompty`, v1 and v2) and Dotprompt (`.prompt`).
 * Anything without an exact equivalent is kept (as a namespaced `prompty.*` frontmatter key, in
 * `metadata.dotprompt`, or in a template comment) and listed in `unmapped` — never dropped silently.
 */
export interface ConversionResult {
  readonly text: string;
  /** Human-readable notes, one per item that could not be mapped exactly. */
  readonly unmapped: readonly string[];
}

export { promptyConfig, promptyModelId, detectPromptyVersion, findRoleLines, PROMPTY_ROLE_LINE } from './promptySyntax';

/** Parses a `.prompty` file (v1 or v2) into the shared `PromptFile` model. */
export function parsePrompty(text: string, fileName = 'prompt.prompty'): PromptFile {
  return parsePromptFile(text, { fileName: fileName.toLowerCase().endsWith('.prompty') ? fileName : `${fileName}.prompty` });
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function yamlText(data: Record<string, unknown>): string {
  // `binary`: a `!!binary` value is written back as `!!binary`, not as a Buffer object.
  return Object.keys(data).length ? stringify(data, { lineWidth: 0, customTags: ['binary'] }) : '';
}

/** Scalars of a frontmatter that plain JS values would change, to write back as written. */
interface ExactScalars {
  /** An integer beyond 2^53 as parsed (a rounded double) → its digits. */
  readonly bigIntegers: Map<number, bigint>;
  /** A `!!binary` value, as the JSON form a copy of it takes (`{"type":"Buffer","data":[…]}`) → the bytes. */
  readonly binaries: Map<string, Uint8Array>;
}

/**
 * Finds the scalars a conversion through plain values would change: integers beyond 2^53 (they
 * would become `1.2345678901234568e+29`) and `!!binary` values (they would become objects). A
 * number that cannot be written back as written either way (more digits than a double holds) is
 * listed in `unmapped`.
 */
function exactScalars(file: PromptFile, unmapped: string[]): ExactScalars {
  const found: ExactScalars = { bigIntegers: new Map(), binaries: new Map() };
  const document = file.frontmatter?.data ? file.frontmatter.document : undefined;
  if (!document) return found;
  visit(document, {
    Scalar(_key, node) {
      if (!isScalar(node)) return;
      if (node.value instanceof Uint8Array) {
        found.binaries.set(JSON.stringify({ type: 'Buffer', data: [...node.value] }), node.value);
        return;
      }
      if (typeof node.value !== 'number') return;
      const source = (node as { source?: string }).source;
      if (source === undefined) return;
      const digits = source.replace(/_/g, '');
      if (/^[-+]?\d+$/.test(digits) && !Number.isSafeInteger(node.value)) found.bigIntegers.set(node.value, BigInt(digits));
      else if (/^[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?$/.test(digits) && digits.replace(/[-+.]|[eE].*$/g, '').replace(/^0+/, '').replace(/0+$/, '').length > 17) {
        unmapped.push(`${source}: more digits than a number holds; written as ${String(node.value)}`);
      }
    },
  });
  return found;
}

/** Puts the exact scalars back into the converted values (see `exactScalars`). */
function restoreExactScalars(value: unknown, exact: ExactScalars): unknown {
  if (typeof value === 'number') return exact.bigIntegers.get(value) ?? value;
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => restoreExactScalars(v, exact));
  const record = value as Record<string, unknown>;
  if (record.type === 'Buffer' && Array.isArray(record.data) && exact.binaries.size) {
    const bytes = exact.binaries.get(JSON.stringify(record));
    if (bytes) return bytes;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = restoreExactScalars(v, exact);
  return out;
}

/** CRLF in, CRLF out: the converted file keeps the source's line endings. */
function withLineEndingsOf(source: string, converted: string): string {
  const crlf = (source.match(/\r\n/g) ?? []).length;
  const lf = (source.match(/\n/g) ?? []).length - crlf;
  return crlf > lf ? converted.replace(/\r?\n/g, '\r\n') : converted;
}

/** Comment text must not close the Handlebars comment early. */
function hbsComment(text: string): string {
  return `{{!-- ${text.replace(/--\}\}/g, '-- }}')} --}}`;
}

function jinjaComment(text: string): string {
  return `{# ${text.replace(/#\}/g, '# }')} #}`;
}

/** A lookup table keyed by user text (Prompty option and kind names): no prototype, so `constructor` is not a hit. */
function lookupTable(entries: Record<string, string>): Readonly<Record<string, string>> {
  return Object.assign(Object.create(null) as Record<string, string>, entries);
}

const SIMPLE_PATH = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const NL = '\n';

// ---------------------------------------------------------------------------------------------
// Prompty → Dotprompt

const PROMPTY_OPTION_TO_CONFIG: Readonly<Record<string, string>> = lookupTable({
  temperature: 'temperature',
  maxOutputTokens: 'maxOutputTokens',
  max_tokens: 'maxOutputTokens',
  max_completion_tokens: 'maxOutputTokens',
  maxTokens: 'maxOutputTokens',
  topP: 'topP',
  top_p: 'topP',
  topK: 'topK',
  top_k: 'topK',
  stopSequences: 'stopSequences',
  stop: 'stopSequences',
});

const PROMPTY_KIND_TO_PICO: Readonly<Record<string, string>> = lookupTable({ string: 'string', number: 'number', integer: 'integer', boolean: 'boolean', float: 'number', int: 'integer', bool: 'boolean', str: 'string', any: 'any' });

export function promptyToPrompt(text: string): ConversionResult {
  const unmapped: string[] = [];
  const file = parsePrompty(text);
  const fm = file.frontmatter;
  const out: Record<string, unknown> = {};
  const ext: Record<string, unknown> = {};
  let leadingComment = '';
  if (fm && !fm.data) {
    unmapped.push('frontmatter: invalid YAML, kept verbatim in a comment');
    leadingComment = hbsComment(`prompty frontmatter (invalid YAML):\n${text.slice(fm.yamlRange.start, fm.yamlRange.end)}`) + NL;
  }
  const data = fm?.data ?? {};
  const exact = exactScalars(file, unmapped);
  const keep = (key: string, value: unknown, why: string): void => {
    ext[`prompty.${key}`] = value;
    unmapped.push(`${key}: ${why} (kept as \`prompty.${key}\`)`);
  };
  for (const key of ['name', 'description', 'version']) if (key in data) out[key] = data[key];
  const metadata: Record<string, unknown> = { ...(asRecord(data.metadata) ?? {}) };
  if ('metadata' in data && !asRecord(data.metadata)) keep('metadata', data.metadata, 'not a mapping');
  for (const key of ['authors', 'tags']) if (key in data) metadata[key] = data[key];
  // `metadata.dotprompt` holds what an earlier Dotprompt → Prompty conversion could not map: restore it.
  const restored = asRecord(metadata.dotprompt) ?? {};
  delete metadata.dotprompt;
  if (Object.keys(metadata).length) out.metadata = metadata;

  // Model.
  const model = data.model;
  const modelRecord = asRecord(model);
  const id = promptyModelId(data);
  if (id) out.model = id;
  if (modelRecord) {
    if (modelRecord.id !== undefined && modelRecord.provider === undefined) unmapped.push('model.provider: missing, assumed `openai`');
    const conf = asRecord(modelRecord.configuration);
    if (conf) {
      const rest = Object.fromEntries(Object.entries(conf).filter(([k]) => !['type', 'azure_deployment', 'model', 'name'].includes(k)));
      if (Object.keys(rest).length) keep('connection', rest, 'v1 connection settings have no Dotprompt equivalent');
    }
    if (modelRecord.connection !== undefined) keep('connection', modelRecord.connection, 'connection settings have no Dotprompt equivalent');
    if (modelRecord.api !== undefined && modelRecord.api !== 'chat') keep('api', modelRecord.api, 'non-chat API');
    if (modelRecord.apiType !== undefined && modelRecord.apiType !== 'chat') keep('apiType', modelRecord.apiType, 'non-chat API type');
    const options = asRecord(modelRecord.options) ?? asRecord(modelRecord.parameters) ?? {};
    const config: Record<string, unknown> = {};
    const leftover: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(options)) {
      const target = PROMPTY_OPTION_TO_CONFIG[k];
      if (target) config[target] = k === 'stop' && typeof v === 'string' ? [v] : v;
      else if (k === 'response_format' && asRecord(v)?.type === 'json_object') out.output = { format: 'json' };
      else leftover[k] = v;
    }
    if (Object.keys(config).length) out.config = config;
    if (Object.keys(leftover).length) keep('options', leftover, `model options without a common Dotprompt config key: ${Object.keys(leftover).join(', ')}`);
    const known = new Set(['id', 'provider', 'apiType', 'api', 'connection', 'options', 'configuration', 'parameters']);
    for (const [k, v] of Object.entries(modelRecord)) if (!known.has(k)) keep(`model.${k}`, v, 'unknown model setting');
  } else if (model !== undefined && typeof model !== 'string') {
    keep('model', model, 'unrecognised model shape');
  }
  for (const [k, v] of Object.entries(restored)) if (k.startsWith('config.')) out.config = { ...(asRecord(out.config) ?? {}), [k.slice('config.'.length)]: v };
  if (Array.isArray(data.targets)) out.targets = data.targets;

  // Inputs.
  const schema: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  for (const field of file.inputFields) {
    const kind = field.type.toLowerCase();
    let key = field.optional ? `${field.name}?` : field.name;
    let value: unknown;
    if (PROMPTY_KIND_TO_PICO[kind]) value = PROMPTY_KIND_TO_PICO[kind];
    else if (kind === 'array' || kind === 'list') {
      key += '(array)';
      value = 'any';
    } else if (kind === 'object' || kind === 'dict') {
      key += '(object)';
      value = { '(*)': 'any' };
    } else {
      value = 'any';
      unmapped.push(`inputs.${field.name}: kind \`${field.type}\` has no Picoschema type, declared as \`any\``);
    }
    if (field.description) {
      if (typeof value === 'string') value = `${value}, ${field.description}`;
      else key = key.replace(/\)$/, `, ${field.description})`);
    }
    schema[key] = value;
    if (field.default !== undefined) defaults[field.name] = field.default;
  }
  if (asRecord(data.sample)) keep('sample', data.sample, 'sample values belong in a samples JSONL file');
  const restoredSchema = restored['input.schema'];
  if (restoredSchema !== undefined || Object.keys(schema).length || Object.keys(defaults).length) {
    const finalSchema = restoredSchema ?? (Object.keys(schema).length ? schema : undefined);
    out.input = { ...(finalSchema !== undefined ? { schema: finalSchema } : {}), ...(Object.keys(defaults).length ? { default: defaults } : {}) };
  }
  for (const [k, v] of Object.entries(restored)) if (!k.startsWith('config.') && k !== 'input.schema') out[k] = v;
  if (data.outputs !== undefined) keep('outputs', data.outputs, 'output declarations are not converted to output.schema');

  // Template format: Dotprompt always uses Handlebars.
  const template = data.template;
  const format = typeof template === 'string' ? template : asRecord(template)?.format;
  if (template !== undefined) {
    const recordTemplate = asRecord(template);
    const extra = recordTemplate ? Object.keys(recordTemplate).filter((k) => !['format', 'parser'].includes(k) || (k === 'parser' && recordTemplate[k] !== 'prompty')) : [];
    if ((format !== undefined && format !== 'jinja2' && format !== 'mustache') || extra.length) keep('template', template, 'unsupported template settings');
    else ext['prompty.template'] = template;
  }
  for (const key of ['tools', 'base', 'id', 'kind']) if (key in data) keep(key, data[key], key === 'tools' ? 'Dotprompt `tools` are names registered in the runtime' : 'no Dotprompt equivalent');
  for (const key of ['samples', 'budget']) if (key in data) out[key] = data[key];
  const handled = new Set(['name', 'description', 'version', 'metadata', 'authors', 'tags', 'model', 'inputs', 'outputs', 'sample', 'template', 'tools', 'base', 'id', 'kind', 'targets', 'samples', 'budget']);
  for (const key of Object.keys(data)) if (!handled.has(key)) keep(key, data[key], 'unknown Prompty key');
  Object.assign(out, ext);

  const body = convertPromptyBody(file, unmapped);
  const frontmatter = yamlText(restoreExactScalars(out, exact) as Record<string, unknown>);
  return { text: withLineEndingsOf(text, `---${NL}${frontmatter}---${NL}${leadingComment}${body}`), unmapped };
}

function convertPromptyBody(file: PromptFile, unmapped: string[]): string {
  const text = file.text;
  const parts: string[] = [];
  const opened: string[] = [];
  for (const section of file.sections) {
    const role = section.role === 'assistant' ? 'model' : section.role;
    if (section.markerRange) {
      const line = text.slice(section.markerRange.start, section.markerRange.end);
      if (line.includes('[')) unmapped.push(`role line \`${line.trim()}\`: attributes are not supported by Dotprompt`);
    }
    parts.push(`{{role "${role}"}}${NL}`);
    parts.push(convertPromptySection(file, section, opened, unmapped));
  }
  return parts.join('');
}

function convertPromptySection(file: PromptFile, section: RoleSection, opened: string[], unmapped: string[]): string {
  const { start, end } = section.contentRange;
  const text = file.text;
  let out = '';
  let cursor = start;
  for (const e of file.expressions) {
    if (e.range.start < start || e.range.end > end) continue;
    out += normalizeNewlines(text.slice(cursor, e.range.start));
    out += convertPromptyExpression(text.slice(e.range.start, e.range.end), e, opened, unmapped);
    cursor = e.range.end;
  }
  return out + normalizeNewlines(text.slice(cursor, end)).replace(/\r\n/g, NL);
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n/g, NL);
}

function convertPromptyExpression(raw: string, e: TemplateExpression, opened: string[], unmapped: string[]): string {
  const inner = raw.slice(2, -2).replace(/^[-+]|[-+]$/g, '').trim();
  const notExact = (what: string): string => {
    unmapped.push(`${what} \`${raw}\` has no exact Handlebars equivalent (kept in a comment)`);
    return hbsComment(`prompty: ${raw}`);
  };
  if (e.unterminated) return notExact('unterminated tag');
  if (e.kind === 'comment') {
    const kept = /^dotprompt: ([\s\S]*)$/.exec(e.text ?? '');
    return kept ? (kept[1] as string).replace(/# \}/g, '#}') : hbsComment(e.text ?? '');
  }
  if (raw.startsWith('{{')) {
    // Mustache: variables and sections behave the same in Handlebars (and Dotprompt never HTML-escapes).
    const body = inner.replace(/^[{&]\s*/, '').replace(/\s*\}$/, '');
    if (SIMPLE_PATH.test(body)) return `{{${body}}}`;
    if (/^[#^/]\s*[A-Za-z_][\w.]*$/.test(inner)) return `{{${inner[0]}${inner.slice(1).trim()}}}`;
    return notExact('expression');
  }
  // Jinja2 statements.
  const statement = inner;
  let m: RegExpExecArray | null;
  if ((m = /^if\s+(not\s+)?([A-Za-z_][\w.]*)$/.exec(statement))) {
    const helper = m[1] ? 'unless' : 'if';
    opened.push(helper);
    return `{{#${helper} ${m[2]}}}`;
  }
  if (statement === 'else' && opened.length) return '{{else}}';
  if (statement === 'endif' && (opened[opened.length - 1] === 'if' || opened[opened.length - 1] === 'unless')) return `{{/${opened.pop()}}}`;
  if ((m = /^for\s+([A-Za-z_]\w*)\s+in\s+([A-Za-z_][\w.]*)$/.exec(statement))) {
    opened.push('each');
    return `{{#each ${m[2]} as |${m[1]}|}}`;
  }
  if (statement === 'endfor' && opened[opened.length - 1] === 'each') {
    opened.pop();
    return '{{/each}}';
  }
  return notExact('statement');
}

// ---------------------------------------------------------------------------------------------
// Dotprompt → Prompty

const CONFIG_TO_PROMPTY_OPTION: Readonly<Record<string, string>> = lookupTable({
  temperature: 'temperature',
  maxOutputTokens: 'maxOutputTokens',
  topP: 'topP',
  topK: 'topK',
  stopSequences: 'stopSequences',
});

export function promptToPrompty(text: string): ConversionResult {
  const unmapped: string[] = [];
  const file = parsePromptFile(text, { fileName: 'prompt.prompt' });
  const fm = file.frontmatter;
  const out: Record<string, unknown> = {};
  let leadingComment = '';
  if (fm && !fm.data) {
    unmapped.push('frontmatter: invalid YAML, kept verbatim in a comment');
    leadingComment = jinjaComment(`dotprompt frontmatter (invalid YAML):\n${text.slice(fm.yamlRange.start, fm.yamlRange.end)}`) + NL;
  }
  const data = fm?.data ?? {};
  const exact = exactScalars(file, unmapped);
  const dotprompt: Record<string, unknown> = {};
  const keep = (key: string, value: unknown, why: string): void => {
    dotprompt[key] = value;
    unmapped.push(`${key}: ${why} (kept under \`metadata.dotprompt.${key}\`)`);
  };
  // `prompty.*` extension keys come from an earlier conversion: restore them.
  const restored: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (k.startsWith('prompty.')) restored[k.slice('prompty.'.length)] = v;

  for (const key of ['name', 'description', 'version']) if (key in data) out[key] = data[key];
  const metadata: Record<string, unknown> = { ...(asRecord(data.metadata) ?? {}) };

  // Model.
  const modelId = typeof data.model === 'string' ? data.model : undefined;
  const model: Record<string, unknown> = {};
  if (modelId) {
    const slash = modelId.indexOf('/');
    if (slash > 0) {
      model.id = modelId.slice(slash + 1);
      model.provider = modelId.slice(0, slash);
    } else {
      model.id = modelId;
      unmapped.push(`model: \`${modelId}\` has no provider; set model.provider`);
    }
  }
  if (restored.apiType !== undefined) model.apiType = restored.apiType;
  if (restored.connection !== undefined) model.connection = restored.connection;
  const options: Record<string, unknown> = { ...(asRecord(restored.options) ?? {}) };
  for (const [k, v] of Object.entries(asRecord(data.config) ?? {})) {
    const target = CONFIG_TO_PROMPTY_OPTION[k];
    if (target) options[target] = v;
    else keep(`config.${k}`, v, 'model-specific config without a Prompty option');
  }
  if (Object.keys(options).length) model.options = options;
  for (const [k, v] of Object.entries(restored)) if (k.startsWith('model.')) model[k.slice(6)] = v;
  if (Object.keys(model).length) out.model = model;

  // Inputs.
  const inputs: Record<string, unknown>[] = [];
  for (const field of file.inputFields) {
    if (field.depth > 0) continue;
    const kind = field.type.startsWith('array') ? 'array' : ['string', 'number', 'integer', 'boolean', 'object', 'array'].includes(field.type) ? field.type : undefined;
    if (!kind) unmapped.push(`input.schema.${field.name}: type \`${field.type}\` has no Prompty kind, declared as \`string\``);
    const nested = file.inputFields.some((f) => f.depth > 0 && (f.path.startsWith(`${field.name}.`) || f.path.startsWith(`${field.name}[]`)));
    if (nested) unmapped.push(`input.schema.${field.name}: nested fields are not described in Prompty inputs`);
    inputs.push({
      name: field.name,
      kind: kind ?? 'string',
      ...(field.description ? { description: field.description } : {}),
      ...(field.optional ? {} : { required: true }),
      ...(field.default !== undefined ? { default: field.default } : {}),
    });
  }
  const schemaNotExact = unmapped.some((u) => u.startsWith('input.schema.'));
  if (schemaNotExact) keep('input.schema', asRecord(data.input)?.schema, 'the original schema, for a lossless conversion back');
  for (const [k, v] of Object.entries(file.inputDefaults)) if (!file.inputFields.some((f) => f.name === k)) inputs.push({ name: k, kind: typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : 'string', default: v });
  if (inputs.length) out.inputs = inputs;
  if (restored.outputs !== undefined) out.outputs = restored.outputs;
  if (restored.sample !== undefined) out.sample = restored.sample;
  const templateFormat = asRecord(restored.template)?.format === 'mustache' || restored.template === 'mustache' ? 'mustache' : 'jinja2';
  out.template = restored.template ?? { format: 'jinja2', parser: 'prompty' };
  for (const key of ['tools', 'base', 'id', 'kind']) if (restored[key] !== undefined) out[key] = restored[key];

  if ('variant' in data) keep('variant', data.variant, 'Prompty has no variants');
  if (data.output !== undefined) keep('output', data.output, 'output format/schema has no exact Prompty equivalent');
  if (data.tools !== undefined) keep('tools', data.tools, 'Dotprompt tool names are resolved by the runtime');
  if (data.toolDefs !== undefined) keep('toolDefs', data.toolDefs, 'tool definitions are not converted');
  const handledRestored = new Set(['apiType', 'connection', 'options', 'outputs', 'sample', 'template', 'tools', 'base', 'id', 'kind', 'metadata', 'api']);
  for (const [k, v] of Object.entries(restored)) if (!handledRestored.has(k) && !k.startsWith('model.')) out[k] = v;
  for (const key of PROMPTSCOPE_KEYS.map((k) => k.key)) if (key in data) out[key] = data[key];
  const handled = new Set(['name', 'description', 'version', 'metadata', 'model', 'config', 'input', 'output', 'variant', 'tools', 'toolDefs', ...PROMPTSCOPE_KEYS.map((k) => k.key)]);
  for (const [k, v] of Object.entries(data)) if (!handled.has(k) && !k.startsWith('prompty.')) keep(k, v, k.includes('.') ? 'extension field' : 'unknown key');
  if (Object.keys(dotprompt).length) metadata.dotprompt = dotprompt;
  if (Object.keys(metadata).length) out.metadata = metadata;

  const body = convertPromptBody(file, templateFormat, unmapped);
  const frontmatter = yamlText(restoreExactScalars(orderPromptyKeys(out), exact) as Record<string, unknown>);
  return { text: withLineEndingsOf(text, `---${NL}${frontmatter}---${NL}${leadingComment}${body}`), unmapped };
}

function orderPromptyKeys(data: Record<string, unknown>): Record<string, unknown> {
  const order = ['id', 'kind', 'name', 'description', 'version', 'metadata', 'model', 'inputs', 'outputs', 'sample', 'template', 'tools', 'base', 'targets', 'samples', 'budget'];
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in data) out[k] = data[k];
  for (const [k, v] of Object.entries(data)) if (!(k in out)) out[k] = v;
  return out;
}

function convertPromptBody(file: PromptFile, format: 'jinja2' | 'mustache', unmapped: string[]): string {
  const text = file.text;
  const parts: string[] = [];
  const opened: string[] = [];
  for (const section of file.sections) {
    const role = section.role === 'model' ? 'assistant' : section.role;
    parts.push(`${role}:${NL}`);
    const { start, end } = section.contentRange;
    let cursor = start;
    let chunk = '';
    for (const e of file.expressions) {
      if (e.range.start < start || e.range.end > end) continue;
      chunk += text.slice(cursor, e.range.start);
      chunk += convertHandlebarsExpression(text.slice(e.range.start, e.range.end), e, format, opened, unmapped);
      cursor = e.range.end;
    }
    chunk += text.slice(cursor, end);
    // A role marker usually sits on its own line; drop the line break it leaves behind.
    parts.push(chunk.replace(/\r\n/g, NL).replace(/^[ \t]*\n/, ''));
  }
  if (file.expressions.some((e) => e.kind === 'helper' && e.name === 'history')) unmapped.push('{{history}}: Prompty has no history marker');
  return parts.join('');
}

function convertHandlebarsExpression(raw: string, e: TemplateExpression, format: 'jinja2' | 'mustache', opened: string[], unmapped: string[]): string {
  const notExact = (what: string): string => {
    unmapped.push(`${what} \`${raw}\` has no exact ${format === 'jinja2' ? 'Jinja2' : 'Mustache'} equivalent (kept in a comment)`);
    return format === 'jinja2' ? jinjaComment(`dotprompt: ${raw}`) : `{{! dotprompt: ${raw.replace(/\}\}/g, '} }')} }}`;
  };
  const comment = (t: string): string => (format === 'jinja2' ? jinjaComment(t) : `{{! ${t.replace(/\}\}/g, '} }')} }}`);
  if (e.unterminated) return notExact('unterminated tag');
  switch (e.kind) {
    case 'role':
      return '';
    case 'comment': {
      const kept = /^prompty: ([\s\S]*)$/.exec(e.text ?? '');
      return kept ? (kept[1] as string).replace(/-- \}\}/g, '--}}') : comment(e.text ?? '');
    }
    case 'variable':
      if (SIMPLE_PATH.test(e.name) && e.name !== 'this') return `{{${e.name}}}`;
      return notExact('variable');
    case 'blockOpen': {
      const param = e.params[0];
      const simple = e.params.length === 1 && param?.kind === 'path' && SIMPLE_PATH.test(param.text);
      if (format === 'jinja2' && simple && (e.name === 'if' || e.name === 'unless')) {
        opened.push(e.name);
        return `{% if ${e.name === 'unless' ? 'not ' : ''}${param.text} %}`;
      }
      if (format === 'jinja2' && simple && e.name === 'each' && e.blockParams.length === 1) {
        opened.push('each');
        return `{% for ${e.blockParams[0]} in ${param.text} %}`;
      }
      if (format === 'mustache' && e.params.length === 0 && SIMPLE_PATH.test(e.name)) {
        opened.push('section');
        return raw.replace(/~/g, '');
      }
      opened.push('unmapped');
      return notExact('block');
    }
    case 'else': {
      const top = opened[opened.length - 1];
      if (format === 'jinja2' && (top === 'if' || top === 'unless') && e.params.length === 0) return '{% else %}';
      return notExact('else');
    }
    case 'blockClose': {
      const top = opened.pop();
      if (top === 'if' || top === 'unless') return '{% endif %}';
      if (top === 'each') return '{% endfor %}';
      if (top === 'section') return raw.replace(/~/g, '');
      return notExact('block close');
    }
    default:
      return notExact(e.kind === 'partial' || e.kind === 'partialBlockOpen' ? 'partial' : 'helper');
  }
}
