import { Dotprompt, type Message, type ParsedPrompt, type PromptFunction } from 'dotprompt';
import type { TextRange } from '../text';
import { readFrontmatter } from './frontmatter';
import { scanHandlebars } from './handlebarsScanner';
import type { MessageRole, PromptFile, TemplateExpression } from './types';

export interface RenderedMessage {
  readonly role: MessageRole;
  readonly text: string;
}

export interface RenderOptions {
  /** Input values; merged over the file's defaults (`input.default`, Prompty `inputs[].default` / `sample`). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** A partial's source by name (`{{> company-facts}}` → the text of `_company-facts.prompt`), or undefined when missing. */
  readonly loadPartial?: (name: string) => string | undefined;
  /**
   * Custom helpers the app registers (`promptscope.helpers`, `--helper`). Their code is not ours
   * to run, so each renders as a stand-in: a block helper its content, another its first argument.
   */
  readonly helpers?: readonly string[];
  /** Limits on the work one render may do (default `DEFAULT_RENDER_BUDGET`). */
  readonly budget?: RenderBudget;
}

/**
 * How much one render may produce and how long it may run. Nested `{{#each}}` over large default
 * arrays or partials that fan out grow the output exponentially; the render stops with a
 * `render-budget` error instead of running until memory runs out.
 */
export interface RenderBudget {
  /** Characters of output (counted at every block and partial, so nested output counts more than once). */
  readonly maxOutputChars: number;
  readonly maxMs: number;
  /**
   * Handlebars tags in the template and its partials, and block nesting: Handlebars' own parser
   * is recursive and slow on thousands of tags or levels, before any budget check could run.
   */
  readonly maxTags: number;
  readonly maxNesting: number;
}

/** The CLI's budget: far above any real prompt (a 1M-token context is ~4 MB of text). */
export const DEFAULT_RENDER_BUDGET: RenderBudget = { maxOutputChars: 32 * 1024 * 1024, maxMs: 2_000, maxTags: 10_000, maxNesting: 200 };
/** The editor's budget: a render on the way to a lens must stay well under a frame of the extension host. */
export const EDITOR_RENDER_BUDGET: RenderBudget = { maxOutputChars: 4 * 1024 * 1024, maxMs: 10, maxTags: 2_000, maxNesting: 100 };

/** Thrown inside Handlebars when a render exceeds its budget; reported as the render error. */
class RenderBudgetExceeded extends Error {}

function formatMegabytes(chars: number): string {
  const mb = chars / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Math.round(mb * 10) / 10} MB`;
}

export interface RenderResult {
  readonly messages: readonly RenderedMessage[];
  /** Partials the template includes that `loadPartial` could not provide (rendered as empty text). */
  readonly missingPartials: readonly string[];
  /** Set when the template could not be rendered; `messages` is then empty. */
  readonly error?: { readonly message: string; readonly range?: TextRange; /** The render was stopped by its budget. */ readonly budgetExceeded?: boolean };
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
    return await renderDotprompt(file, input, options.loadPartial, options.budget ?? DEFAULT_RENDER_BUDGET, options.helpers ?? []);
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

type TemplateFn = (context: unknown, options?: unknown) => string;
type HelperOptions = { fn?: TemplateFn; inverse?: TemplateFn };
type HandlebarsEnv = {
  partials: Record<string, unknown>;
  helpers: Record<string, (...args: unknown[]) => unknown>;
  registerHelper(name: string, helper: (...args: unknown[]) => unknown): void;
  unregisterHelper(name: string): void;
  registerPartial(name: string, source: string | TemplateFn): void;
  unregisterPartial(name: string): void;
  compile(source: string, options: Record<string, unknown>): TemplateFn;
};

/**
 * Counts the output of every block (`options.fn`/`inverse` of each helper, `{{#each}}` included)
 * and every partial, and the time, throwing `RenderBudgetExceeded` past the budget. Returns what
 * undoes it (the Handlebars environment is shared).
 */
function installBudget(env: HandlebarsEnv, budget: RenderBudget): { uninstall: () => void; guard: (fn: TemplateFn) => TemplateFn } {
  // The clock starts with the template's own (synchronous) execution, at its first helper or
  // partial: the runtime awaits its metadata first, and other tasks that run in those awaits
  // (another file's count, a file read) are not this render's time.
  let started: number | undefined;
  let produced = 0;
  const account = (out: unknown): void => {
    if (typeof out === 'string') produced += out.length;
    const now = Date.now();
    started ??= now;
    const elapsed = now - started;
    if (produced > budget.maxOutputChars || elapsed > budget.maxMs) {
      throw new RenderBudgetExceeded(`render stopped at ${formatMegabytes(produced)} / ${elapsed} ms (render budget ${formatMegabytes(budget.maxOutputChars)} / ${budget.maxMs} ms): ` +
        'nested {{#each}} over large lists or partials that include each other many times multiply the output');
    }
  };
  const guard = (fn: TemplateFn): TemplateFn => (context, options) => {
    const out = fn(context, options);
    account(out);
    return out;
  };
  const original = { ...env.helpers };
  for (const [name, helper] of Object.entries(original)) {
    env.helpers[name] = function guardedHelper(this: unknown, ...args: unknown[]): unknown {
      account(undefined);
      const options = args[args.length - 1] as HelperOptions | undefined;
      if (options && typeof options === 'object' && (typeof options.fn === 'function' || typeof options.inverse === 'function')) {
        const guarded: HelperOptions = { ...options };
        if (options.fn) guarded.fn = guard(options.fn);
        if (options.inverse) guarded.inverse = guard(options.inverse);
        args[args.length - 1] = guarded;
      }
      return helper.apply(this, args);
    };
  }
  const uninstall = (): void => {
    for (const name of Object.keys(env.helpers)) delete env.helpers[name];
    Object.assign(env.helpers, original);
  };
  return { uninstall, guard };
}

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

/** Tags and deepest block nesting of a scanned template (linear; our scanner never recurses). */
function templateShape(expressions: readonly TemplateExpression[]): { tags: number; nesting: number } {
  let depth = 0;
  let nesting = 0;
  for (const e of expressions) {
    if (e.kind === 'blockOpen' || e.kind === 'partialBlockOpen') nesting = Math.max(nesting, ++depth);
    else if (e.kind === 'blockClose') depth = Math.max(0, depth - 1);
  }
  return { tags: expressions.length, nesting };
}

/** Resolves every partial reachable from the template (partials may include partials), and the tags and nesting of them all. */
function collectPartials(template: string, load: ((name: string) => string | undefined) | undefined): { found: Map<string, string>; missing: string[]; tags: number; nesting: number } {
  const found = new Map<string, string>();
  const missing: string[] = [];
  let tags = 0;
  let nesting = 0;
  const queue = [template];
  const seen = new Set<string>();
  while (queue.length && seen.size < 200) {
    const source = queue.shift() as string;
    const scan = scanHandlebars(source, 0, source.length);
    const shape = templateShape(scan.expressions);
    tags += shape.tags;
    nesting = Math.max(nesting, shape.nesting);
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
  return { found, missing, tags, nesting };
}

type CompiledRender = PromptFunction;
interface CompiledTemplate { readonly env: HandlebarsEnv; readonly knownHelpers: Record<string, boolean>; readonly render: CompiledRender }

/**
 * Compiling is most of a render's cost (a comparison renders one template for every input), so
 * the last few compiled templates are kept, keyed by the template and its partials' sources.
 */
const compiledCache = new Map<string, Promise<CompiledTemplate>>();
const COMPILED_CACHE_SIZE = 16;

function compiledTemplate(template: string, partials: readonly (readonly [string, string])[], helpers: readonly string[]): Promise<CompiledTemplate> {
  const key = JSON.stringify([template, partials, helpers]);
  const entry = compiledCache.get(key);
  if (entry) {
    // Most recently used last.
    compiledCache.delete(key);
    compiledCache.set(key, entry);
    return entry;
  }
  const dotprompt = new Dotprompt();
  const env = (dotprompt as unknown as { handlebars: HandlebarsEnv }).handlebars;
  const knownHelpers = (dotprompt as unknown as { knownHelpers: Record<string, boolean> }).knownHelpers;
  // Dotprompt compiles with knownHelpersOnly: declared custom helpers must be known to compile.
  for (const name of helpers) knownHelpers[name] = true;
  // A pre-parsed prompt skips Dotprompt's own frontmatter split (already done) and schema
  // resolution (a schema naming an unregistered type would throw and is not needed to render).
  const parsed: ParsedPrompt = { template, config: {}, ext: {}, metadata: {} } as ParsedPrompt;
  const compiling = dotprompt.compile(parsed).then((render): CompiledTemplate => ({ env, knownHelpers, render: render as CompiledRender }));
  // A template that fails to compile is not kept: the next render reports the error afresh.
  compiling.catch(() => compiledCache.delete(key));
  compiledCache.set(key, compiling);
  if (compiledCache.size > COMPILED_CACHE_SIZE) compiledCache.delete(compiledCache.keys().next().value as string);
  return compiling;
}

/** What a declared custom helper renders as (see `RenderOptions.helpers`). */
function standInHelper(this: unknown, ...args: unknown[]): string {
  const options = args[args.length - 1] as { fn?: (context: unknown) => string } | undefined;
  if (typeof options?.fn === 'function') return options.fn(this);
  const first = args.length > 1 ? args[0] : undefined;
  return first === undefined || first === null ? '' : typeof first === 'object' ? JSON.stringify(first) : String(first);
}

async function renderDotprompt(file: PromptFile, input: Record<string, unknown>, load: RenderOptions['loadPartial'], budget: RenderBudget, helpers: readonly string[]): Promise<RenderResult> {
  const template = dotpromptTemplate(file);
  const { found, missing, tags, nesting } = collectPartials(template, load);
  if (tags > budget.maxTags || nesting > budget.maxNesting) {
    const what = tags > budget.maxTags ? `${tags.toLocaleString('en-US')} tags (limit ${budget.maxTags.toLocaleString('en-US')})` : `blocks nested ${nesting} deep (limit ${budget.maxNesting})`;
    return { messages: [], missingPartials: missing, error: { message: `render stopped at 0 MB / 0 ms: the template and its partials have ${what}, more than the renderer handles in bounded time`, budgetExceeded: true } };
  }
  return serialized(async () => {
    const registered = [...found.entries(), ...missing.map((name) => [name, ''] as [string, string])];
    const compiled = await compiledTemplate(template, registered, helpers);
    const env = compiled.env;
    const previous = new Map(registered.map(([name]) => [name, env.partials[name]]));
    // Only names the runtime does not already define: a declared `json` must not replace Dotprompt's.
    const custom = helpers.filter((name) => env.helpers[name] === undefined);
    for (const name of custom) env.registerHelper(name, standInHelper);
    const knownHelpers = compiled.knownHelpers;
    const { uninstall, guard } = installBudget(env, budget);
    try {
      // Partials are compiled here (as Dotprompt compiles templates) so each inclusion is counted.
      for (const [name, source] of registered) {
        let compiledPartial: TemplateFn | undefined;
        env.registerPartial(name, guard((context, options) => {
          compiledPartial ??= env.compile(source, { knownHelpers, knownHelpersOnly: true, noEscape: true });
          return compiledPartial(context, options);
        }));
      }
      const rendered = await compiled.render({ input });
      return { messages: rendered.messages.map(toRenderedMessage), missingPartials: missing };
    } catch (e) {
      if (e instanceof RenderBudgetExceeded) return { messages: [], missingPartials: missing, error: { message: e.message, budgetExceeded: true } };
      return { messages: [], missingPartials: missing, error: { message: e instanceof Error ? e.message : String(e) } };
    } finally {
      uninstall();
      for (const [name, before] of previous) {
        if (before === undefined) env.unregisterPartial(name);
        else env.partials[name] = before;
      }
      for (const name of custom) env.unregisterHelper(name);
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
