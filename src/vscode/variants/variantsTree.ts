import * as vscode from 'vscode';
import { formatTokenCount, formatUsd } from '../../core/pricing';
import { fallbackReadiness, fallbackReadinessText, sharedNames, type FallbackEvaluation, type LogicalPrompt, type LogicalPromptOverview, type VariantRow } from '../../core/variants';
import { folderLabel, uriOfPath, type VariantIndex } from './variantIndex';

export const VARIANTS_VIEW = 'promptscope.variants';

export type VariantsNode =
  | { readonly kind: 'prompt'; readonly prompt: LogicalPrompt }
  | { readonly kind: 'variant'; readonly prompt: LogicalPrompt; readonly row: VariantRow };

/** `gpt-4o-mini · 1,234 tok · $0.0012/call` */
export function rowSummary(row: VariantRow): string {
  const parts = [row.model ? row.model.slice(row.model.indexOf('/') + 1) + (row.modelInherited ? ' (base)' : '') : 'no model'];
  if (row.tokens !== undefined) parts.push(`${row.exactTokens ? '' : '≈'}${formatTokenCount(row.tokens)} tok`);
  if (row.costPerCall !== undefined) parts.push(`${formatUsd(row.costPerCall)}/call`);
  return parts.join(' · ');
}

/** "Prompt Variants": logical prompts → their variants, each on its own model, with the production marker and the last verdict. */
export class VariantsTreeProvider implements vscode.TreeDataProvider<VariantsNode> {
  private readonly emitter = new vscode.EventEmitter<VariantsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly index: VariantIndex) {
    index.onDidChange(() => this.emitter.fire(undefined));
  }

  async getChildren(node?: VariantsNode): Promise<VariantsNode[]> {
    if (!node) return (await this.index.logicalPrompts()).map((prompt) => ({ kind: 'prompt', prompt }));
    if (node.kind === 'variant') return [];
    const overview = await this.index.overview(node.prompt);
    return overview.rows.map((row) => ({ kind: 'variant', prompt: node.prompt, row }));
  }

  async getTreeItem(node: VariantsNode): Promise<vscode.TreeItem> {
    if (node.kind === 'prompt') {
      const overview = await this.index.overview(node.prompt);
      // Two rows both named "triage" (two workspace folders, two directories) lead with their folder.
      const shared = sharedNames(await this.index.logicalPrompts()).has(node.prompt.name);
      return this.promptItem(node.prompt, overview, await this.fallbackText(node.prompt, overview), shared);
    }
    return this.variantItem(node.prompt, node.row);
  }

  getParent(node: VariantsNode): VariantsNode | undefined {
    return node.kind === 'variant' ? { kind: 'prompt', prompt: node.prompt } : undefined;
  }

  /** Whether a variant on another provider was measured as a fallback for production (undefined when there is none). */
  private async fallbackText(prompt: LogicalPrompt, overview: LogicalPromptOverview): Promise<string | undefined> {
    const evaluations = new Map<string, FallbackEvaluation>();
    for (const row of overview.rows) {
      const evaluated = await this.index.evaluationOf(prompt, row.label);
      if (evaluated) evaluations.set(row.label, { baseline: evaluated.evaluation.report.baseline.variant, regressions: evaluated.status.regressions, stale: evaluated.status.stale.length > 0 });
    }
    const readiness = fallbackReadiness(overview.rows, overview.production, (label) => evaluations.get(label));
    return readiness && fallbackReadinessText(readiness);
  }

  private promptItem(prompt: LogicalPrompt, overview: LogicalPromptOverview, fallback: string | undefined, nameShared: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(prompt.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `prompt:${prompt.key}`;
    const folder = folderLabel(prompt.folder);
    // Flagged once the prompt has variants: a lone file on one provider is the ordinary case, not a finding.
    const single = overview.fallback.singleProvider && prompt.variants.length > 0;
    const variants = prompt.variants.length;
    item.description = `${nameShared ? `${folder} · ` : ''}${variants} variant${variants === 1 ? '' : 's'} · production: ${overview.production}${single ? ` · no fallback if ${overview.fallback.provider} is down` : fallback ? ` · ${fallback}` : ''}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${prompt.name}** in \`${folder}\``,
        `Production: \`${overview.production}\``,
        `Providers: ${overview.fallback.providers.join(', ') || 'none'}`,
        single ? `$(warning) Every variant runs on **${overview.fallback.provider}**: no fallback if it is down. Use "Create Fallback Variant…".` : '',
        fallback ? `Provider fallback: ${fallback} (measured by "Evaluate Migration…" with production as the baseline).` : '',
        prompt.base ? '' : `$(warning) No base file \`${prompt.name}.prompt\`.`,
      ].filter(Boolean).join('\n\n'),
      true,
    );
    item.iconPath = new vscode.ThemeIcon(single ? 'warning' : 'symbol-namespace');
    item.contextValue = `promptscope.logicalPrompt${single ? '.singleProvider' : ''}${prompt.base ? '.hasBase' : ''}`;
    if (prompt.base) item.resourceUri = uriOfPath(prompt.base.path);
    return item;
  }

  private async variantItem(prompt: LogicalPrompt, row: VariantRow): Promise<vscode.TreeItem> {
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `variant:${row.path}`;
    const evaluated = row.variant !== undefined || prompt.variants.length > 0 ? await this.index.evaluationOf(prompt, row.label) : undefined;
    const parts = [rowSummary(row)];
    if (row.production) parts.push('production');
    if (evaluated) parts.push(evaluated.status.text);
    item.description = parts.join(' · ');
    const lines = [`**${row.label}** — \`${row.model ?? 'no model'}\`${row.modelInherited ? ' (from the base file)' : ''}`];
    if (row.tokens !== undefined) lines.push(`${row.exactTokens ? '' : '≈'}${formatTokenCount(row.tokens)} input tokens (default input) on its own model`);
    if (row.costPerCall !== undefined) lines.push(`${formatUsd(row.costPerCall)} per call (input)`);
    if (row.problem) lines.push(`$(warning) ${row.problem}`);
    if (row.production) lines.push('$(star-full) In production');
    if (evaluated) lines.push(`Last evaluation (${evaluated.status.age}): ${evaluated.status.verdict}`, evaluated.status.stale.length ? `$(warning) Stale: ${evaluated.status.stale.join(', ')}` : '');
    item.tooltip = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'), true);
    item.iconPath = new vscode.ThemeIcon(row.production ? 'star-full' : row.problem ? 'warning' : 'file');
    item.resourceUri = uriOfPath(row.path);
    item.contextValue = row.variant === undefined ? 'promptscope.variant.base' : `promptscope.variant${row.production ? '.production' : ''}`;
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uriOfPath(row.path)] };
    return item;
  }
}
