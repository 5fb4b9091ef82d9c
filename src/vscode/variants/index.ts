import * as vscode from 'vscode';
import type { Feature } from '../services';
import { registerEvalCommands } from '../eval/evalFeature';
import { registerVariantCommands } from './variantCommands';
import { VariantIndex } from './variantIndex';
import { VariantLensProvider } from './variantLens';
import { VARIANTS_VIEW, VariantsTreeProvider, type VariantsNode } from './variantsTree';

export const TREE_SNAPSHOT_COMMAND = 'promptscope.variants.treeSnapshot';

export interface TreeSnapshotRow {
  readonly label: string;
  readonly description: string;
}

export interface TreeSnapshotPrompt extends TreeSnapshotRow {
  readonly key: string;
  readonly variants: readonly (TreeSnapshotRow & { readonly path: string; readonly model: string | null; readonly tokens: number | null; readonly costPerCall: number | null; readonly production: boolean })[];
}

async function treeSnapshot(tree: VariantsTreeProvider): Promise<TreeSnapshotPrompt[]> {
  const text = (v: string | boolean | undefined): string => (typeof v === 'string' ? v : '');
  const out: TreeSnapshotPrompt[] = [];
  for (const node of await tree.getChildren()) {
    if (node.kind !== 'prompt') continue;
    const item = await tree.getTreeItem(node);
    const children = (await tree.getChildren(node)).filter((c): c is Extract<VariantsNode, { kind: 'variant' }> => c.kind === 'variant');
    const variants = [];
    for (const child of children) {
      const childItem = await tree.getTreeItem(child);
      variants.push({ label: text(childItem.label as string), description: text(childItem.description), path: child.row.path, model: child.row.model ?? null, tokens: child.row.tokens ?? null, costPerCall: child.row.costPerCall ?? null, production: child.row.production });
    }
    out.push({ key: node.prompt.key, label: text(item.label as string), description: text(item.description), variants });
  }
  return out;
}

/**
 * Prompt variants and migrations: the "Prompt Variants" view, the variant commands, the lenses on
 * variant files, and "Evaluate Migration…" with its report panel.
 */
export const variantsFeature: Feature = (services) => {
  const index = new VariantIndex(services);
  const tree = new VariantsTreeProvider(index);
  const view = vscode.window.createTreeView(VARIANTS_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  return [
    index,
    view,
    // What the view shows, as data: for extension-host tests and other extensions (not in the palette).
    vscode.commands.registerCommand(TREE_SNAPSHOT_COMMAND, () => treeSnapshot(tree)),
    services.codeLenses.variants.attach(new VariantLensProvider(services, index)),
    ...registerVariantCommands(services, index),
    ...registerEvalCommands(services, index),
  ];
};
