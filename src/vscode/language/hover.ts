import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from '../languageIds';
import { findExpressionAt, KNOWN_HELPERS, type PromptFile } from '../../core/prompt';
import { formatTokenCount, approxPrefix } from '../../core/pricing';
import { toRange } from '../convert';
import type { Feature, Services } from '../services';
import { expectsModelId } from './completion';
import { modelMarkdown } from './modelInfo';

export function targetsOf(file: PromptFile, services: Services): string[] {
  return file.targets.length > 0 ? [...file.targets] : services.config.defaultTargets;
}

class PromptHover implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | Promise<vscode.Hover | undefined> | undefined {
    const file = this.services.documents.get(doc);
    if (!file) return undefined;
    const offset = doc.offsetAt(position);
    const fm = file.frontmatter;
    if (fm && offset >= fm.yamlRange.start && offset <= fm.yamlRange.end) return this.modelHover(doc, position, file);
    // On a role marker ({{role "system"}} or a Prompty `system:` line): the section's tokens per target.
    const marker = file.sections.find((s) => s.markerRange !== undefined && offset >= s.markerRange.start && offset <= s.markerRange.end)?.markerRange;
    if (marker) return this.sectionHover(doc, file, offset, toRange(doc, marker));
    const expression = findExpressionAt(file, offset);
    if (expression && (expression.kind === 'variable' || expression.kind === 'helper' || expression.kind === 'blockOpen')) {
      const path = expression.paths.find((p) => offset >= p.range.start && offset <= p.range.end);
      if (path) return this.variableHover(file, path.path, toRange(doc, path.range));
      const helper = KNOWN_HELPERS.find((h) => h.name === expression.name);
      if (helper) return new vscode.Hover(new vscode.MarkdownString(`\`${helper.signature}\`\n\n${helper.description}`), toRange(doc, expression.nameRange));
    }
    return undefined;
  }

  private modelHover(doc: vscode.TextDocument, position: vscode.Position, file: PromptFile): vscode.Hover | undefined {
    const range = doc.getWordRangeAtPosition(position, /[\w.:-]+\/[\w./:-]+/);
    if (!range) return undefined;
    const end = new vscode.Position(range.end.line, range.end.character);
    if (!expectsModelId(doc, end, file)) return undefined;
    const id = doc.getText(range);
    const info = this.services.engine.catalog.lookupModel(id);
    if (info) return new vscode.Hover(modelMarkdown(info), range);
    const endpoint = this.services.config.endpoints.find((e) => id.startsWith(`${e.name}/`));
    if (endpoint) return new vscode.Hover(new vscode.MarkdownString(`**${id}** — OpenAI-compatible endpoint \`${endpoint.name}\` (${endpoint.baseURL}); tokens counted with ${endpoint.tokenizer ?? 'estimate'}.`), range);
    const suggestion = this.services.engine.catalog.suggestModel(id);
    return new vscode.Hover(new vscode.MarkdownString(`No price or context data for **${id}**.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''} Add one in \`promptscope.pricing.overrides\`.`), range);
  }

  private variableHover(file: PromptFile, path: string, range: vscode.Range): vscode.Hover | undefined {
    const field = file.inputFields.find((f) => f.path === path) ?? file.inputFields.find((f) => f.path === path.split('.')[0]);
    const md = new vscode.MarkdownString();
    if (!field) {
      md.appendMarkdown(`**${path}** — not declared in \`input.schema\``);
      return new vscode.Hover(md, range);
    }
    md.appendMarkdown(`**${field.path}**: \`${field.type}\`${field.optional ? ' (optional)' : ''}`);
    if (field.description) md.appendMarkdown(`\n\n${field.description}`);
    const fallback = field.default ?? file.inputDefaults[field.path];
    if (fallback !== undefined) md.appendMarkdown(`\n\nDefault: \`${JSON.stringify(fallback)}\``);
    return new vscode.Hover(md, range);
  }

  /** On a role marker: the section's tokens on every target. */
  private async sectionHover(doc: vscode.TextDocument, file: PromptFile, offset: number, range: vscode.Range): Promise<vscode.Hover | undefined> {
    const section = file.sections.find((s) => s.markerRange !== undefined && offset >= s.markerRange.start && offset <= s.markerRange.end);
    if (!section) return undefined;
    // The section lens's numbers when the lens has counted this version: the rendered message, with its input.
    const analysis = this.services.analyses.latest(doc);
    const index = file.sections.indexOf(section);
    if (analysis && analysis.sections.length === file.sections.length && index >= 0) {
      const counted = analysis.sectionsFrom === 'rendered' ? `rendered with ${analysis.input.label}` : 'template text';
      const rows = analysis.report.models.map((m) => `| ${m.modelId} | ${approxPrefix(m.exact)}${formatTokenCount(m.sections[index]?.tokens ?? 0)} | ${m.method} |`);
      return new vscode.Hover(new vscode.MarkdownString(`**${section.role}** section (${counted})\n\n| target | tokens | method |\n|---|---:|---|\n${rows.join('\n')}`), range);
    }
    const text = doc.getText(toRange(doc, section.contentRange));
    const tokens = this.services.engine.tokens;
    // Exact counts: what the tokenizer worker has not counted yet is waited for (milliseconds).
    const lines = await tokens.settled(() => targetsOf(file, this.services).map((target) => {
      const count = tokens.countText(text, target);
      return `| ${target} | ${approxPrefix(count.exact)}${formatTokenCount(count.tokens)} | ${count.method} |`;
    }));
    const md = new vscode.MarkdownString(`**${section.role}** section (template text)\n\n| target | tokens | method |\n|---|---:|---|\n${lines.join('\n')}`);
    return new vscode.Hover(md, range);
  }
}

export const hoverFeature: Feature = (services) => [
  vscode.languages.registerHoverProvider(PROMPT_SELECTOR, new PromptHover(services)),
];
