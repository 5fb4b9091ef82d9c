import { Dotprompt, type Message, type ParsedPrompt, type PromptFunction } from 'dotprompt';
import type { TextRange } from '../text';
import { readFrontmatter } from './frontmatter';
import { scanHandlebars } from './handlebarsScanner';
import type { MessageRole, PromptFile } from './types';

export interface RenderedMessage {
  readonly role: MessageRole;
  readonly text: string;
}

export interface RenderOptions {
  /** Input values; merged over the file's defaults (`input.default`, Prompty `inputs[].default` / `sample`). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** A partial's source by name (`{{> company-facts}}` → the text of `_company-facts.prompt`), or undefined when missing. */
  readonly loadPartial?: (name: string) => string | undefined;
}

export interface RenderResult {
  readonly messages: readonly RenderedMessage[];
  /** Partials the template includes that `loadPartial` could not provide (rendered as empty text). */
  readonly missingPartials: readonly string[];
  /** Set when the template could not be rendered; `messages` is then empty. */
  readonly error?: { readonly message: string; readonly range?: TextRange };
}

/**
 * Renders a prompt file to messages. `.prompt` goes through the `dotprompt` package itself (so the
 * result matches what a Dotprompt runtime sends); `.prompty` is split at role lines with simple
 * `{{var}}` substitution; plain text is one system message. Never throws.
 */
export async function renderPromptFile(file: PromptFile, options: RenderOptions = {}): Promise<RenderResult> {
  const input = { ...file.inputDefaults, ...(options.input ?? {}) };
  try {
    if (file.kind === 'text') {
      const text = file.text.slice(file.bodyRange.start);
      return { messages: text.trim() ? [{ role: 'system', text }] : [], missingPartials: [] };
    }
    if (file.kind === 'prompty') return renderPrompty(file, input);
    return await renderDotprompt(file, input, options.loadPartial);
  } catch (e) {
    return { messages: [], missingPartials: [], error: { message: e instanceof Error ? e.message : String(e) } };
  }
}

// ---------------------------------------------------------------------------------------------
// Dotprompt

/**
 * All `Dotprompt` instances share one Handlebars environment (it uses the global instance), so
 * partials registered for one render would leak into the next, and concurrent renders could see
 * each other's partials. Renders therefore run one at a time and unregister what they registered.
 */
let queue: Promise<unknown> = Promise.resolve();

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

type HandlebarsEnv = {
  partials: Record<string, unknown>;
  registerPartial(name: string, source: string): void;
  unregisterPartial(name: string): void;
};

/** The template text Dotprompt would render: the body, trimmed when there is frontmatter (as Dotprompt does). */
function dotpromptTemplate(file: PromptFile): string {
  const body = file.text.slice(file.bodyRange.start, file.bodyRange.end);
  return file.frontmatter ? body.trim() : body;
}

/** A partial file's template: its body without frontmatter. */
export function partialTemplate(source: string): string {
  const bom = source.charCodeAt(0) === 0xfeff ? 1 : 0;
  const { frontmatter, bodyStart } = readFrontmatter(source, bom);
  const body = source.slice(bodyStart);
  return frontmatter ? body.trim() : body;
}

/** Resolves every partial reachable from the template (partials may include partials). */
function collectPartials(template: string, load: ((name: string) => string | undefined) | undefined): { found: Map<string, string>; missing: string[] } {
  const found = new Map<string, string>();
  const missing: string[] = [];
  const queue = [template];
  const seen = new Set<string>();
  while (queue.length && seen.size < 200) {
    const source = queue.shift() as string;
    const scan = scanHandlebars(source, 0, source.length);
    const inline = new Set(scan.expressions.filter((e) => e.kind === 'blockOpen' && e.name === 'inline').map((e) => e.params[0]?.text));
    for (const e of scan.expressions) {
      if ((e.kind !== 'partial' && e.kind !== 'partialBlockOpen') || !e.name || e.name.startsWith('@') || e.name.startsWith('(') || inline.has(e.name)) continue;
      if (seen.has(e.name)) continue;
      seen.add(e.name);
      const text = load?.(e.name);
      if (text === undefined) {
        missing.push(e.name);
        continue;
      }
      const partial = partialTemplate(text);
      found.set(e.name, partial);
      queue.push(partial);
    }
  }
  return { found, missing };
}

type CompiledRender = PromptFunction;

/**
 * Compiling is most of a render's cost (a comparison renders one template for every input), so
 * the last few compiled templates are kept, keyed by the template and its partials' sources.
 */
const compiledCache = new Map<string, Promise<{ env: HandlebarsEnv; render: CompiledRender }>>();
const COMPILED_CACHE_SIZE = 16;

function compiledTemplate(template: string, partials: readonly (readonly [string, string])[]): Promise<{ env: HandlebarsEnv; render: CompiledRender }> {
  const key = JSON.stringify([template, partials]);
  const entry = compiledCache.get(key);
  if (entry) {
    // Most recently used last.
    compiledCache.delete(key);
    compiledCache.set(key, entry);
    return entry;
  }
  const dotprompt = new Dotprompt();
  const env = (dotprompt as unknown as { handlebars: HandlebarsEnv }).handlebars;
  // A pre-parsed prompt skips Dotprompt's own frontmatter split (already done) and schema
  // resolution (a schema naming an unregistered type would throw and is not needed to render).
  const parsed: ParsedPrompt = { template, config: {}, ext: {}, metadata: {} } as ParsedPrompt;
  const compiling = dotprompt.compile(parsed).then((render): { env: HandlebarsEnv; render: CompiledRender } => ({ env, render: render as CompiledRender }));
  // A template that fails to compile is not kept: the next render reports the error afresh.
  compiling.catch(() => compiledCache.delete(key));
  compiledCache.set(key, compiling);
  if (compiledCache.size > COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  return compiling;
}

async function renderDotprompt(file: PromptFile, input: Record<string, unknown>, load: RenderOptions['loadPartial']): Promise<RenderResult> {
  const template = dotpromptTemplate(file);
  const { found, missing } = collectPartials(template, load);
  return serialized(async () => {
    const registered = [...found.entries(), ...missing.map((name) => [name, ''] as [string, string])];
    const compiled = await compiledTemplate(template, registered);
    const env = compiled.env;
    const previous = new Map(registered.map(([name]) => [name, env.partials[name]]));
    try {
      for (const [name, source] of registered) env.registerPartial(name, source);
      const rendered = await compiled.render({ input });
      return { messages: rendered.messages.map(toRenderedMessage), missingPartials: missing };
    } catch (e) {
      return { messages: [], missingPartials: missing, error: { message: e instanceof Error ? e.message : String(e) } };
    } finally {
      for (const [name, before] of previous) {
        if (before === undefined) env.unregisterPartial(name);
        else env.partials[name] = before;
      }
    }
  });
}

function toRenderedMessage(message: Message): RenderedMessage {
  const text = message.content
    .map((part) => {
      if (typeof part.text === 'string') return part.text;
      if (part.media) return `[media: ${part.media.url}]`;
      return '';
    })
    .join('');
  const role: MessageRole = message.role === 'system' || message.role === 'model' ? message.role : 'user';
  return { role, text };
}

// ---------------------------------------------------------------------------------------------
// Prompty

function lookupPath(input: Record<string, unknown>, path: string): unknown {
  let value: unknown = input;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `{{ var }}` / `{{var.path}}` substitution; other Jinja2/Mustache constructs are left as written. */
export function substituteSimpleVariables(text: string, input: Record<string, unknown>): string {
  return text.replace(/\{\{\{?\s*([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)\s*\}?\}\}/g, (_m, path: string) => stringify(lookupPath(input, path)));
}

function renderPrompty(file: PromptFile, input: Record<string, unknown>): RenderResult {
  const messages: RenderedMessage[] = [];
  for (const section of file.sections) {
    const raw = file.text.slice(section.contentRange.start, section.contentRange.end);
    const text = substituteSimpleVariables(raw, input).trim();
    if (text) messages.push({ role: section.role, text });
  }
  return { messages, missingPartials: [] };
}
