import { recoverFrontmatter, type RecoveredFrontmatter } from './recover';
import type { Document, Node } from 'yaml';
import { LineIndex, type TextRange } from '../text';
import { readFrontmatter } from './frontmatter';
import { scanHandlebars } from './handlebarsScanner';
import { inputFieldsFromSchema } from './inputSchema';
import { findRoleLines, promptyMeta, scanPromptyTemplate } from './promptySyntax';
import type { InputField, MessageRole, ModelConfig, PromptFile, PromptKind, RoleSection, TemplateExpression } from './types';

export interface ParseOptions {
  /** File name or path; its extension decides the kind (`.prompt`, `.prompty`, anything else is plain text). */
  readonly fileName: string;
}

export function promptKindOf(fileName: string): PromptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.prompty')) return 'prompty';
  if (lower.endsWith('.prompt')) return 'prompt';
  return 'text';
}

interface NameParts {
  readonly baseName: string;
  readonly variant: string | undefined;
  readonly partialName: string | undefined;
}

/** `dir/support-agent.claude.prompt` → base `support-agent`, variant `claude`; `_facts.prompt` → partial `facts`. */
export function promptNameParts(fileName: string, kind: PromptKind = promptKindOf(fileName)): NameParts {
  const file = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = file.lastIndexOf('.');
  let stem = dot > 0 ? file.slice(0, dot) : file;
  let variant: string | undefined;
  if (kind === 'prompt') {
    const variantDot = stem.lastIndexOf('.');
    if (variantDot > 0) {
      variant = stem.slice(variantDot + 1);
      stem = stem.slice(0, variantDot);
    }
  }
  const isPartial = kind === 'prompt' && stem.startsWith('_') && stem.length > 1;
  const baseName = isPartial ? stem.slice(1) : stem;
  return { baseName, variant, partialName: isPartial ? baseName : undefined };
}

const EMPTY_CONFIG: ModelConfig = { raw: {} };

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function getNode(document: Document | undefined, path: string[]): Node | undefined {
  try {
    return (document?.getIn(path, true) as Node | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a prompt file into a model with exact ranges. Never throws: broken YAML, broken templates
 * and binary junk all produce a model (with errors recorded) that `checkPromptFile` reports on.
 */
export function parsePromptFile(text: string, options: ParseOptions): PromptFile {
  const kind = promptKindOf(options.fileName);
  const names = promptNameParts(options.fileName, kind);
  const bomLength = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = new LineIndex(text);
  const base = { fileName: options.fileName, kind, text, bomLength, lines, ...names };

  if (kind === 'text') {
    const bodyRange = { start: bomLength, end: text.length };
    const sections: RoleSection[] = text.slice(bomLength).trim()
      ? [{ role: 'system', markerRange: undefined, contentRange: bodyRange, headerLine: 0, implicit: true }]
      : [];
    return {
      ...base,
      frontmatter: undefined,
      bodyRange,
      sections,
      expressions: [],
      blocks: [],
      structureProblems: [],
      model: undefined,
      targets: [],
      budget: undefined,
      samples: undefined,
      config: EMPTY_CONFIG,
      inputFields: [],
      inputDefaults: {},
      hasInputSchema: false,
      promptyVersion: undefined,
    };
  }

  const { frontmatter, document, bodyStart } = readFrontmatter(text, bomLength);
  const bodyRange = { start: bodyStart, end: text.length };
  const data = frontmatter?.data ?? {};
  const offset = frontmatter?.yamlRange.start ?? 0;

  let expressions: TemplateExpression[];
  let blocks: PromptFile['blocks'] = [];
  let structureProblems: PromptFile['structureProblems'] = [];
  let sections: RoleSection[];
  let model: string | undefined;
  let config: ModelConfig;
  let inputFields: InputField[];
  let inputDefaults: Record<string, unknown>;
  let hasInputSchema: boolean;
  let promptyVersion: 1 | 2 | undefined;
  let recovered: RecoveredFrontmatter | undefined;

  if (kind === 'prompty') {
    expressions = scanPromptyTemplate(text, bodyRange.start, bodyRange.end);
    sections = promptySections(text, bodyRange, lines);
    const meta = promptyMeta(data, document, offset);
    model = meta.model;
    config = meta.config;
    inputFields = meta.inputFields;
    inputDefaults = meta.defaults;
    hasInputSchema = meta.hasInputSchema;
    promptyVersion = meta.version;
  } else {
    const scan = scanHandlebars(text, bodyRange.start, bodyRange.end);
    expressions = scan.expressions;
    blocks = scan.blocks;
    structureProblems = scan.problems;
    sections = dotpromptSections(text, bodyRange, expressions, lines);
    model = typeof data.model === 'string' ? data.model : undefined;
    const rawConfig = asRecord(data.config) ?? {};
    config = {
      raw: rawConfig,
      ...(typeof rawConfig.temperature === 'number' ? { temperature: rawConfig.temperature } : {}),
      // Only a usable limit: a negative or fractional one is reported by the checker, never priced.
      ...(typeof rawConfig.maxOutputTokens === 'number' && Number.isInteger(rawConfig.maxOutputTokens) && rawConfig.maxOutputTokens > 0 ? { maxOutputTokens: rawConfig.maxOutputTokens } : {}),
      ...(typeof rawConfig.topP === 'number' ? { topP: rawConfig.topP } : {}),
    };
    const input = asRecord(data.input);
    inputDefaults = asRecord(input?.default) ?? {};
    const schemaNode = getNode(document, ['input', 'schema']);
    hasInputSchema = input !== undefined && 'schema' in input;
    inputFields = frontmatter?.data ? inputFieldsFromSchema(schemaNode, offset, inputDefaults) : [];
    promptyVersion = undefined;
    if (frontmatter && !frontmatter.data && frontmatter.errors.length > 0) {
      // Broken YAML: keep what a line-based reading can recover, so the rest still makes sense.
      recovered = recoverFrontmatter(text.slice(frontmatter.yamlRange.start, frontmatter.yamlRange.end), frontmatter.yamlRange.start);
      model = recovered.model;
      inputFields = [...recovered.inputFields];
      hasInputSchema = recovered.hasInputSchema;
    }
  }

  const targets: string[] = [];
  const addTarget = (t: unknown): void => {
    if (typeof t === 'string' && t.trim() && !targets.includes(t.trim())) targets.push(t.trim());
  };
  addTarget(model);
  if (Array.isArray(data.targets)) data.targets.forEach(addTarget);
  recovered?.targets.forEach(addTarget);

  return {
    ...base,
    frontmatter,
    bodyRange,
    sections,
    expressions,
    blocks,
    structureProblems,
    model,
    targets,
    budget: typeof data.budget === 'number' && Number.isFinite(data.budget) ? data.budget : undefined,
    samples: typeof data.samples === 'string' ? data.samples : undefined,
    config,
    inputFields,
    inputDefaults,
    hasInputSchema,
    promptyVersion,
    ...(recovered ? { frontmatterRecovered: true } : {}),
  };
}

function hasVisibleText(text: string, start: number, end: number, comments: readonly TemplateExpression[]): boolean {
  let cursor = start;
  for (const c of comments) {
    if (c.range.end <= start || c.range.start >= end) continue;
    if (text.slice(cursor, c.range.start).trim()) return true;
    cursor = Math.max(cursor, c.range.end);
  }
  return text.slice(cursor, end).trim().length > 0;
}

const SECTION_ROLES = new Set<MessageRole>(['system', 'user', 'model', 'assistant']);

/**
 * Splits a Dotprompt body at `{{role}}` / `{{history}}`, matching Dotprompt's rendering: text before
 * the first marker is a `user` message, and text after `{{history}}` is a `model` message.
 */
function dotpromptSections(text: string, body: TextRange, expressions: readonly TemplateExpression[], lines: LineIndex): RoleSection[] {
  const markers = expressions.filter((e) => e.kind === 'role' || (e.kind === 'helper' && e.name === 'history' && e.params.length === 0));
  const comments = expressions.filter((e) => e.kind === 'comment');
  const sections: RoleSection[] = [];
  const firstStart = markers[0]?.range.start ?? body.end;
  if (hasVisibleText(text, body.start, firstStart, comments)) {
    const contentStart = skipLeadingBlankLines(text, body.start, firstStart);
    sections.push({
      role: 'user',
      markerRange: undefined,
      contentRange: { start: body.start, end: firstStart },
      headerLine: lines.positionAt(contentStart).line,
      implicit: true,
    });
  }
  markers.forEach((marker, index) => {
    const next = markers[index + 1]?.range.start ?? body.end;
    let role: MessageRole = 'model';
    if (marker.kind === 'role') {
      const param = marker.params[0];
      const named = param?.kind === 'string' ? (param.text as MessageRole) : 'user';
      role = SECTION_ROLES.has(named) ? named : 'user';
    }
    sections.push({
      role,
      markerRange: marker.range,
      contentRange: { start: marker.range.end, end: next },
      headerLine: lines.positionAt(marker.range.start).line,
      implicit: false,
    });
  });
  return sections;
}

function skipLeadingBlankLines(text: string, start: number, end: number): number {
  let j = start;
  while (j < end && /\s/.test(text[j] as string)) j++;
  return j;
}

/** Splits a Prompty body at role lines; text before the first one is a system message, as in Prompty. */
function promptySections(text: string, body: TextRange, lines: LineIndex): RoleSection[] {
  const roleLines = findRoleLines(text, body.start, body.end);
  const sections: RoleSection[] = [];
  const firstStart = roleLines[0]?.range.start ?? body.end;
  if (text.slice(body.start, firstStart).trim()) {
    sections.push({
      role: 'system',
      markerRange: undefined,
      contentRange: { start: body.start, end: firstStart },
      headerLine: lines.positionAt(skipLeadingBlankLines(text, body.start, firstStart)).line,
      implicit: true,
    });
  }
  roleLines.forEach((line, index) => {
    sections.push({
      role: line.role,
      markerRange: line.range,
      contentRange: { start: line.next, end: roleLines[index + 1]?.range.start ?? body.end },
      headerLine: lines.positionAt(line.range.start).line,
      implicit: false,
    });
  });
  return sections;
}
