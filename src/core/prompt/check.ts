import Handlebars from 'handlebars';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Fix, PromptDiagnostic, Severity } from '../diagnostics';
import { parseModelId } from '../modelId';
import { LineIndex, type TextEdit, type TextRange } from '../text';
import { nodeRange } from './frontmatter';
import { frontmatterKeysFor } from './frontmatterKeys';
import { DOTPROMPT_ROLES, KNOWN_HELPERS, isKnownHelper } from './helpers';
import { parseSamples } from './samples';
import { closestMatch } from './suggest';
import type { PromptFile, TemplateExpression } from './types';
import { handlebarsUses, inputVariableUses } from './variables';
import { scanHandlebars } from './handlebarsScanner';

/** What the checker may ask about the outside world. Every member is optional: a missing one skips its check. */
export interface CheckEnvironment {
  /** True when a `provider/model` id is known (the price catalog, configured endpoints). */
  readonly knownModel?: (id: string) => boolean;
  /** Known ids, for "did you mean" suggestions on unknown models. */
  readonly modelIds?: () => readonly string[];
  /** The `provider/model` ids the catalog knows a bare model name under (`gemini-2.5-flash` → `google/gemini-2.5-flash`). */
  readonly idsForModelName?: (model: string) => readonly string[];
  /** True when `_name.prompt` exists next to the prompt (or wherever the runtime loads partials from). */
  readonly partialExists?: (name: string) => boolean;
  /** A partial's source; lets the unused-input check see variables that partials read. */
  readonly loadPartial?: (name: string) => string | undefined;
  /** Reads the samples file named in the frontmatter (path as written, relative to the prompt). */
  readonly sampleFile?: (path: string) => { readonly exists: boolean; readonly text?: string; /** Why an existing file was not read (a device, too large, outside the workspace). */ readonly problem?: string };
  /** Helpers your runtime registers on top of Dotprompt's (e.g. with Genkit's `defineHelper`); not reported as unknown. */
  readonly extraHelpers?: readonly string[];
}

/** Diagnostic codes `checkPromptFile` emits; stable, so settings and CI can refer to them. */
export const PROMPT_DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'frontmatter-unclosed',
  'unknown-key',
  'invalid-value',
  'invalid-model-id',
  'unknown-model',
  'undeclared-variable',
  'unused-input',
  'missing-partial',
  'unknown-helper',
  'unknown-role',
  'unclosed-block',
  'unmatched-close',
  'mismatched-close',
  'stray-else',
  'unterminated-expression',
  'unterminated-comment',
  'template-syntax',
  'samples-missing',
  'samples-invalid',
  'empty-prompt',
  'dropped-by-runtime',
] as const;
export type PromptDiagnosticCode = (typeof PROMPT_DIAGNOSTIC_CODES)[number];

const SOURCE = 'promptscope';

function diag(code: PromptDiagnosticCode, severity: Severity, range: TextRange, message: string, fixes?: Fix[]): PromptDiagnostic {
  return { code, severity, range, message, source: SOURCE, ...(fixes && fixes.length ? { fixes } : {}) };
}

/** Reports everything wrong with a prompt file, with exact ranges. Never throws. */
export function checkPromptFile(file: PromptFile, env: CheckEnvironment = {}): PromptDiagnostic[] {
  const out: PromptDiagnostic[] = [];
  if (file.kind === 'text') return out;
  const guard = (name: string, fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      // A checker bug must not take the editor's diagnostics down with it; report it instead.
      out.push(diag('template-syntax', 'hint', { start: file.bodyRange.start, end: file.bodyRange.start }, `Internal error in the ${name} check: ${e instanceof Error ? e.message : String(e)}`));
    }
  };
  guard('frontmatter', () => checkFrontmatter(file, env, out));
  if (file.kind === 'prompt') {
    guard('template', () => checkHandlebars(file, env, out));
  }
  guard('variable', () => checkVariables(file, env, out));
  if (!file.partialName && file.sections.length === 0 && !(file.frontmatter && !file.frontmatter.closed)) {
    out.push(diag('empty-prompt', 'info', { start: file.bodyRange.start, end: file.bodyRange.end }, 'The prompt has no text: it renders no messages.'));
  }
  return out.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function keyNodes(file: PromptFile): { root: YAMLMap | undefined; offset: number } {
  const contents = file.frontmatter?.document?.contents;
  return { root: isMap(contents) ? (contents as YAMLMap) : undefined, offset: file.frontmatter?.yamlRange.start ?? 0 };
}

function child(map: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  for (const pair of map.items as Pair<Node, Node>[]) if (isScalar(pair.key) && pair.key.value === key) return pair.value ?? undefined;
  return undefined;
}

function checkFrontmatter(file: PromptFile, env: CheckEnvironment, out: PromptDiagnostic[]): void {
  const fm = file.frontmatter;
  if (!fm) return;
  if (!fm.closed) {
    const openLineEnd = file.text.indexOf('\n', fm.range.start);
    const end = openLineEnd < 0 ? fm.range.start + 3 : file.text.charCodeAt(openLineEnd - 1) === 13 ? openLineEnd - 1 : openLineEnd;
    out.push(diag('frontmatter-unclosed', 'error', { start: fm.range.start, end }, 'Frontmatter is never closed with a `---` line: runtimes will treat the whole file as template text.'));
  }
  for (const e of fm.errors) out.push(diag('yaml-syntax', 'error', e.range, `YAML: ${e.message}`));
  const known = frontmatterKeysFor(file.kind).map((k) => k.key);
  for (const key of fm.keys) {
    if (known.includes(key.key)) continue;
    // Dotprompt gathers `namespace.key` entries into `ext`: they are the sanctioned place for custom keys.
    if (file.kind === 'prompt' && key.key.includes('.')) continue;
    const suggestion = closestMatch(key.key, known);
    const special = file.kind === 'prompt' && (key.key === 'ext' || key.key === 'raw')
      ? ` Dotprompt computes \`${key.key}\` itself and ignores this one; use namespaced keys such as \`myapp.${key.key === 'ext' ? 'setting' : 'value'}: …\`.`
      : '';
    const message = `Unknown frontmatter key \`${key.key}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}${special}`;
    const fixes = suggestion ? [{ title: `Rename to \`${suggestion}\``, edits: [{ range: key.keyRange, newText: suggestion }], isPreferred: true, safe: false }] : undefined;
    out.push(diag('unknown-key', 'warning', key.keyRange, message, fixes));
  }
  const data = fm.data;
  if (!data) return;
  const { root, offset } = keyNodes(file);
  const rangeOf = (node: Node | undefined): TextRange | undefined => nodeRange(node, offset);
  const keyRange = (name: string): TextRange => fm.keys.find((k) => k.key === name)?.valueRange ?? fm.yamlRange;

  // Model ids: `model` (Dotprompt) / `model.id` (Prompty) and each `targets` entry.
  const ids: { id: string; range: TextRange }[] = [];
  if (file.kind === 'prompt' && 'model' in data) {
    if (typeof data.model === 'string') ids.push({ id: data.model, range: keyRange('model') });
    else out.push(diag('invalid-value', 'warning', keyRange('model'), '`model` must be a `provider/model` string.'));
  } else if (file.kind === 'prompty' && file.model) {
    const modelNode = child(root, 'model');
    const idNode = isMap(modelNode) ? (child(modelNode, 'id') ?? child(child(modelNode, 'configuration'), 'azure_deployment') ?? child(child(modelNode, 'configuration'), 'name')) : modelNode;
    ids.push({ id: file.model, range: rangeOf(idNode) ?? keyRange('model') });
  }
  if ('targets' in data) {
    const node = child(root, 'targets');
    if (!isSeq(node)) out.push(diag('invalid-value', 'warning', keyRange('targets'), '`targets` must be a list of `provider/model` ids.'));
    else
      for (const item of node.items as Node[]) {
        const range = rangeOf(item) ?? keyRange('targets');
        if (isScalar(item) && typeof item.value === 'string') ids.push({ id: item.value, range });
        else out.push(diag('invalid-value', 'warning', range, 'Each target must be a `provider/model` string.'));
      }
  }
  for (const { id, range } of ids) checkModelId(id, range, env, out);

  if ('budget' in data && !(typeof data.budget === 'number' && Number.isInteger(data.budget) && data.budget > 0)) {
    out.push(diag('invalid-value', 'warning', keyRange('budget'), '`budget` must be a positive whole number of input tokens.'));
  }
  if ('samples' in data) {
    if (typeof data.samples !== 'string' || !data.samples.trim()) out.push(diag('invalid-value', 'warning', keyRange('samples'), '`samples` must be a path to a JSONL file.'));
    else if (env.sampleFile) checkSamples(data.samples, keyRange('samples'), env.sampleFile, out);
  }
  if (file.kind === 'prompt') {
    const config = child(root, 'config');
    if ('config' in data && data.config !== null && !isMap(config)) out.push(diag('invalid-value', 'warning', keyRange('config'), '`config` must be a mapping, e.g. `temperature: 0.2`.'));
    const temperature = child(config, 'temperature');
    if (temperature && !(isScalar(temperature) && typeof temperature.value === 'number' && temperature.value >= 0 && temperature.value <= 2)) {
      out.push(diag('invalid-value', 'warning', rangeOf(temperature) ?? keyRange('config'), '`temperature` should be a number between 0 and 2.'));
    }
    const maxOut = child(config, 'maxOutputTokens');
    if (maxOut && !(isScalar(maxOut) && typeof maxOut.value === 'number' && Number.isInteger(maxOut.value) && maxOut.value > 0)) {
      out.push(diag('invalid-value', 'warning', rangeOf(maxOut) ?? keyRange('config'), '`maxOutputTokens` must be a positive whole number.'));
    }
    if ('input' in data && data.input !== null && !isMap(child(root, 'input'))) out.push(diag('invalid-value', 'warning', keyRange('input'), '`input` must be a mapping with `schema` and/or `default`.'));
    const defaults = child(child(root, 'input'), 'default');
    if (defaults && !isMap(defaults) && !(isScalar(defaults) && defaults.value === null)) out.push(diag('invalid-value', 'warning', rangeOf(defaults) ?? keyRange('input'), '`input.default` must be a mapping of variable values.'));
  }
}

function checkModelId(id: string, range: TextRange, env: CheckEnvironment, out: PromptDiagnostic[]): void {
  if (!parseModelId(id)) {
    // Genkit resolves a bare name (`gemini-2.5-flash`) through the app's default plugin: fine
    // when we know the model. Otherwise suggest only providers the catalog lists it under.
    if (id.trim() && env.knownModel?.(id)) return;
    const known = id.trim() && env.idsForModelName ? env.idsForModelName(id.trim()) : [];
    out.push(diag(
      'invalid-model-id',
      'warning',
      range,
      `\`${id}\` is not a model id: write \`provider/model\`${known.length ? `, e.g. \`${known[0]}\`` : ' (e.g. `openai/gpt-4o`, `anthropic/claude-sonnet-4-5`, `googleai/gemini-2.5-flash`)'}.`,
      known.map((k, i) => ({ title: `Replace with \`${k}\``, edits: [{ range, newText: k }], ...(i === 0 && known.length === 1 ? { isPreferred: true } : {}) })),
    ));
    return;
  }
  if (!env.knownModel || env.knownModel(id)) return;
  const suggestion = env.modelIds ? closestMatch(id, env.modelIds()) : undefined;
  out.push(
    diag(
      'unknown-model',
      'warning',
      range,
      `Unknown model \`${id}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ' Check the id, or configure the endpoint in settings.'}`,
      suggestion ? [{ title: `Replace with \`${suggestion}\``, edits: [{ range, newText: suggestion }], isPreferred: true }] : undefined,
    ),
  );
}

function checkSamples(path: string, range: TextRange, read: NonNullable<CheckEnvironment['sampleFile']>, out: PromptDiagnostic[]): void {
  const file = read(path);
  if (file.problem !== undefined) {
    out.push(diag('samples-missing', 'warning', range, `Samples file \`${path}\` ${file.problem}; it was not read.`));
    return;
  }
  if (!file.exists) {
    out.push(diag('samples-missing', 'warning', range, `Samples file \`${path}\` does not exist.`));
    return;
  }
  const { problems, cases } = parseSamples(file.text ?? '');
  const shown = problems.slice(0, 20);
  for (const p of shown) out.push(diag('samples-invalid', 'warning', range, `${path}:${p.line}: ${p.message}`));
  if (problems.length > shown.length) out.push(diag('samples-invalid', 'warning', range, `${path}: ${problems.length - shown.length} more problems.`));
  if (!problems.length && cases.length === 0) out.push(diag('samples-invalid', 'info', range, `${path} has no cases yet.`));
}

function checkHandlebars(file: PromptFile, env: CheckEnvironment, out: PromptDiagnostic[]): void {
  for (const p of file.structureProblems) {
    const fixes: Fix[] = [];
    if (p.code === 'mismatched-close' && p.expected) {
      const close = file.expressions.find((e) => e.kind === 'blockClose' && e.range.start === p.range.start);
      if (close) fixes.push({ title: `Change to \`{{/${p.expected}}}\``, edits: [{ range: close.nameRange, newText: p.expected }], isPreferred: true });
    }
    if (p.code === 'unclosed-block') {
      const open = file.expressions.find((e) => e.range.start === p.range.start);
      if (open) fixes.push({ title: `Add \`{{/${open.name}}}\` at the end`, edits: [{ range: { start: file.text.length, end: file.text.length }, newText: `${endsWithNewline(file.text) ? '' : eol(file.text)}{{/${open.name}}}${eol(file.text)}` }] });
    }
    out.push(diag(p.code, 'error', p.range, p.message, fixes));
  }
  const inlinePartials = new Set(
    file.expressions.filter((e) => e.kind === 'blockOpen' && e.name === 'inline').map((e) => e.params[0]?.text ?? ''),
  );
  for (const e of file.expressions) {
    if (e.kind === 'partial' || e.kind === 'partialBlockOpen') checkPartial(file, e, inlinePartials, env, out);
    else if (e.kind === 'role') checkRole(e, out);
    else if ((e.kind === 'helper' || (e.kind === 'blockOpen' && e.params.length > 0)) && !isKnownHelper(e.name) && !env.extraHelpers?.includes(e.name) && !e.unterminated) {
      const suggestion = closestMatch(e.name, KNOWN_HELPERS.map((h) => h.name));
      // A warning, not an error: Genkit apps register their own helpers in code, which we cannot see.
      out.push(
        diag(
          'unknown-helper',
          'warning',
          e.nameRange,
          `Unknown helper \`${e.name}\`: not one of Dotprompt's built-in helpers (${KNOWN_HELPERS.map((h) => h.name).join(', ')}).` +
            `${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} If your app registers it (e.g. Genkit's \`defineHelper\`), declare it in \`promptscope.helpers\` (CLI: \`--helper ${e.name}\`).`,
          [
            ...(suggestion ? [{ title: `Change to \`${suggestion}\``, edits: [{ range: e.nameRange, newText: suggestion }] }] : []),
            { title: `Declare \`${e.name}\` as a custom helper`, edits: [], declareHelper: e.name },
          ],
        ),
      );
    }
  }
  checkBlockFormMarkers(file, out);
  // Handlebars' generated parser slows down quadratically with nesting; the scanner has already
  // checked the block structure, so past a depth no real prompt reaches, skip the second opinion.
  if (file.structureProblems.length === 0 && maxBlockDepth(file.blocks) <= MAX_DEPTH_FOR_HANDLEBARS_PARSE) handlebarsParseErrors(file, out);
}

const MAX_DEPTH_FOR_HANDLEBARS_PARSE = 64;

function maxBlockDepth(blocks: PromptFile['blocks']): number {
  let max = 0;
  const stack: [PromptFile['blocks'][number], number][] = blocks.map((b) => [b, 1]);
  while (stack.length) {
    const [block, depth] = stack.pop() as [PromptFile['blocks'][number], number];
    max = Math.max(max, depth);
    for (const c of block.children) stack.push([c, depth + 1]);
  }
  return max;
}

/** Dotprompt's markers that the JS runtime only understands as `{{name …}}`, not as blocks. */
const MARKER_HELPERS: Readonly<Record<string, string>> = {
  role: 'renders to no messages at all',
  history: 'drops everything inside it',
  section: 'drops everything inside it',
};

function allBlocks(blocks: PromptFile['blocks']): PromptFile['blocks'][number][] {
  const out: PromptFile['blocks'][number][] = [];
  const stack = [...blocks];
  while (stack.length) {
    const b = stack.pop() as PromptFile['blocks'][number];
    out.push(b);
    stack.push(...b.children);
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** The tag as a marker (`{{#role "system"}}` → `{{role "system"}}`) and the close tag removed with its line when it stands alone. */
function markerEdits(file: PromptFile, block: PromptFile['blocks'][number]): TextEdit[] {
  const open = block.open;
  const openText = file.text.slice(open.range.start, open.range.end);
  const edits: TextEdit[] = [{ range: open.range, newText: openText.replace(/^\{\{(~?)\s*#\s*/, '{{$1') }];
  const close = block.close;
  if (close) {
    const lineStart = file.text.lastIndexOf('\n', close.range.start - 1) + 1;
    const nl = file.text.indexOf('\n', close.range.end);
    const lineEnd = nl < 0 ? file.text.length : nl + 1;
    const alone = file.text.slice(lineStart, close.range.start).trim() === '' && file.text.slice(close.range.end, nl < 0 ? file.text.length : nl).trim() === '';
    edits.push({ range: alone ? { start: lineStart, end: lineEnd } : close.range, newText: '' });
  }
  return edits;
}

/**
 * Google's examples write `{{#role "system"}}…{{/role}}`, but the `dotprompt` JS runtime renders
 * block-form markers to nothing: the prompt silently loses its text. The fix turns them into the
 * marker form the runtime does understand (the text then follows the marker).
 */
function checkBlockFormMarkers(file: PromptFile, out: PromptDiagnostic[]): void {
  if (file.kind !== 'prompt') return;
  const blocks = allBlocks(file.blocks).filter((b) => b.open.kind === 'blockOpen' && b.name in MARKER_HELPERS && !b.open.unterminated);
  const convertAll: Fix | undefined = blocks.length > 1
    ? { title: `Convert all ${blocks.length} block-form markers to marker form`, edits: blocks.flatMap((b) => markerEdits(file, b)) }
    : undefined;
  for (const block of blocks) {
    const open = block.open;
    const params = open.params.map((p) => (p.kind === 'string' ? `"${p.text}"` : p.text)).join(' ');
    const marker = `{{${block.name}${params ? ` ${params}` : ''}}}`;
    out.push(diag(
      'dropped-by-runtime',
      'warning',
      open.range,
      `The Dotprompt runtime ${MARKER_HELPERS[block.name] ?? 'drops this block'} for a block-form \`{{#${block.name}}}…{{/${block.name}}}\`: ` +
        `the text inside is never sent. Write the marker \`${marker}\` before the text instead.`,
      [
        { title: `Convert to the marker \`${marker}\``, edits: markerEdits(file, block), isPreferred: true },
        ...(convertAll ? [convertAll] : []),
      ],
    ));
  }
}

function checkPartial(file: PromptFile, e: TemplateExpression, inline: ReadonlySet<string>, env: CheckEnvironment, out: PromptDiagnostic[]): void {
  if (!env.partialExists || !e.name || e.name.startsWith('@') || e.name.startsWith('(') || inline.has(e.name) || e.unterminated) return;
  if (env.partialExists(e.name)) return;
  const slash = e.name.lastIndexOf('/');
  const relativePath = slash >= 0 ? `${e.name.slice(0, slash)}/_${e.name.slice(slash + 1)}.prompt` : `_${e.name}.prompt`;
  out.push(
    diag('missing-partial', 'error', e.nameRange, `Partial \`${e.name}\` not found: expected \`${relativePath}\` next to this prompt.`, [
      {
        title: `Create \`${relativePath}\``,
        edits: [],
        createFile: { relativePath, content: `{{!-- Partial "${e.name}": shared text included by ${file.baseName}. --}}\n` },
        isPreferred: true,
      },
    ]),
  );
}

function checkRole(e: TemplateExpression, out: PromptDiagnostic[]): void {
  const param = e.params[0];
  if (!param || param.kind !== 'string') {
    out.push(diag('unknown-role', 'warning', e.range, 'Write the role as a string: `{{role "system"}}`, `{{role "user"}}` or `{{role "model"}}`.'));
    return;
  }
  if (DOTPROMPT_ROLES.includes(param.text)) return;
  const lower = param.text.toLowerCase();
  const suggestion = lower === 'assistant' ? 'model' : DOTPROMPT_ROLES.includes(lower) ? lower : closestMatch(param.text, DOTPROMPT_ROLES);
  const why = /^[a-z]+$/.test(param.text) ? 'model plugins only understand system, user and model' : 'Dotprompt only recognises lower-case role names, so this marker would end up as literal text';
  out.push(
    diag(
      'unknown-role',
      'warning',
      param.range,
      `Unknown role \`${param.text}\`: ${why}.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
      suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ range: param.range, newText: `"${suggestion}"` }], isPreferred: true, safe: true }] : undefined,
    ),
  );
}

interface JisonHash {
  readonly text?: string;
  readonly token?: string | null;
  readonly line?: number;
  readonly loc?: { first_line: number; last_line: number; first_column: number; last_column: number };
  readonly expected?: string[];
}

type ParserWithErrorHook = { parseError: (message: string, hash: JisonHash) => never };

/** Runs Handlebars' own parser to catch what the scanner does not (bad hash syntax, stray characters), mapped to file offsets. */
function handlebarsParseErrors(file: PromptFile, out: PromptDiagnostic[]): void {
  const body = file.text.slice(file.bodyRange.start, file.bodyRange.end);
  if (!body.includes('{{')) return;
  const parser = (Handlebars as unknown as { Parser: ParserWithErrorHook }).Parser;
  const original = parser.parseError;
  let hash: JisonHash | undefined;
  // Synchronous, and restored in `finally`: the hook only exists to capture the error's location.
  parser.parseError = (message: string, h: JisonHash): never => {
    hash = h;
    throw new Error(message);
  };
  try {
    Handlebars.parse(body);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const bodyLines = new LineIndex(body);
    let start = 0;
    let length = 1;
    if (hash?.loc) {
      start = bodyLines.offsetAt({ line: hash.loc.last_line - 1, character: hash.loc.last_column });
      length = Math.max(1, hash.text?.length ?? 1);
    } else if (hash?.line !== undefined) {
      start = bodyLines.offsetAt({ line: hash.line, character: 0 });
    } else {
      const ex = e as { lineNumber?: number; column?: number };
      if (typeof ex.lineNumber === 'number') start = bodyLines.offsetAt({ line: ex.lineNumber - 1, character: ex.column ?? 0 });
    }
    const from = file.bodyRange.start + Math.min(start, body.length);
    const to = Math.min(file.bodyRange.end, from + length);
    const lastLine = message.split('\n').pop() ?? message;
    const summary = hash?.expected ? `${lastLine.replace(/^Expecting /, 'expected ')}` : message.split('\n')[0];
    out.push(diag('template-syntax', 'error', { start: from, end: Math.max(from, to) }, `Template syntax error: ${summary}`));
  } finally {
    parser.parseError = original;
  }
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function endsWithNewline(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r') || text.length === 0;
}

function checkVariables(file: PromptFile, env: CheckEnvironment, out: PromptDiagnostic[]): void {
  if (file.partialName) return;
  const declared = new Set<string>([...file.inputFields.filter((f) => f.depth === 0).map((f) => f.name), ...Object.keys(file.inputDefaults)]);
  const uses = inputVariableUses(file);
  const usedNames = new Set(uses.map((u) => u.name));
  const reported = new Set<string>();
  const declaresInput = file.hasInputSchema || declared.size > 0;
  for (const use of uses) {
    if (declared.has(use.name) || reported.has(use.name)) continue;
    reported.add(use.name);
    // While the YAML is broken the schema edit could not be placed reliably: no add-to-schema fix then.
    const fix = file.kind === 'prompt' && !file.frontmatterRecovered ? addToSchemaFix(file, use.name) : undefined;
    const where = file.kind === 'prompty' ? '`inputs`' : '`input.schema`';
    // Very short names are one edit from almost anything: no guess for them.
    const suggestion = use.name.length >= 4 ? closestMatch(use.name, declared) : undefined;
    const rename: Fix | undefined = suggestion
      ? { title: `Change to \`${suggestion}\``, edits: uses.filter((u) => u.name === use.name).map((u) => ({ range: u.range, newText: suggestion })), isPreferred: true }
      : undefined;
    out.push(
      diag(
        'undeclared-variable',
        declaresInput ? 'warning' : 'info',
        use.range,
        `\`${use.name}\` is used but not declared in ${where}${declaresInput ? '' : ' (this prompt declares no inputs)'}.` +
          `${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
        [...(rename ? [rename] : []), ...(fix ? [fix] : [])],
      ),
    );
  }
  // Partials may read inputs too; without their text the check would be guesswork.
  const partialNames = file.expressions.filter((e) => e.kind === 'partial' || e.kind === 'partialBlockOpen').map((e) => e.name);
  if (partialNames.length && !env.loadPartial) return;
  if (env.loadPartial) for (const name of partialUsedVariables(partialNames, env.loadPartial)) usedNames.add(name);
  for (const field of file.inputFields) {
    if (field.depth !== 0 || usedNames.has(field.name) || !field.keyRange) continue;
    out.push(diag('unused-input', 'info', field.keyRange, `Input \`${field.name}\` is declared but never used in the template.`));
  }
}

function partialUsedVariables(names: readonly string[], load: (name: string) => string | undefined): Set<string> {
  const used = new Set<string>();
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length && seen.size < 50) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const text = load(name);
    if (text === undefined) continue;
    const scan = scanHandlebars(text, 0, text.length);
    for (const use of handlebarsUses(scan.expressions)) used.add(use.name);
    for (const e of scan.expressions) if (e.kind === 'partial' || e.kind === 'partialBlockOpen') queue.push(e.name);
  }
  return used;
}

/** An edit adding `name: string` to the Picoschema (or JSON Schema `properties`), creating `input.schema` when needed. */
function addToSchemaFix(file: PromptFile, name: string): Fix | undefined {
  const fm = file.frontmatter;
  const nl = eol(file.text);
  const title = `Declare \`${name}\` in input.schema`;
  const make = (edit: TextEdit): Fix => ({ title, edits: [edit], isPreferred: true });
  if (!fm) {
    return make({ range: { start: file.bodyRange.start, end: file.bodyRange.start }, newText: `---${nl}input:${nl}  schema:${nl}    ${name}: string${nl}---${nl}` });
  }
  if (!fm.closed || fm.errors.length) return undefined;
  const { root, offset } = keyNodes(file);
  const indentAt = (node: Node): string => ' '.repeat(file.lines.positionAt(offset + (node.range?.[0] ?? 0)).character);
  const input = child(root, 'input');
  if (!input || (isScalar(input) && input.value === null)) {
    if (input) return undefined;
    const at = fm.yamlRange.end;
    const lead = at > fm.yamlRange.start ? nl : '';
    return make({ range: { start: at, end: at }, newText: `${lead}input:${nl}  schema:${nl}    ${name}: string` });
  }
  if (!isMap(input) || input.flow) return undefined;
  const schema = child(input, 'schema');
  if (!schema) {
    const first = (input.items[0] as Pair<Node, Node> | undefined)?.key;
    if (!first) return undefined;
    const indent = indentAt(first);
    const at = offset + (input.range?.[1] ?? 0);
    return make({ range: { start: at, end: at }, newText: `${nl}${indent}schema:${nl}${indent}  ${name}: string` });
  }
  if (!isMap(schema) || schema.flow) return undefined;
  const properties = child(schema, 'properties');
  const target = isMap(properties) && !properties.flow ? properties : schema;
  const first = (target.items[0] as Pair<Node, Node> | undefined)?.key;
  if (!first) return undefined;
  const indent = indentAt(first);
  const at = offset + (target.range?.[1] ?? 0);
  const entry = target === properties ? `${name}:${nl}${indent}  type: string` : `${name}: string`;
  return make({ range: { start: at, end: at }, newText: `${nl}${indent}${entry}` });
}
