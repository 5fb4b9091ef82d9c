import * as vscode from 'vscode';
import { DOTPROMPT_LANGUAGE } from '../languageIds';
import type { Feature } from '../services';
import { registerEvalCommands } from '../eval/evalFeature';
import { registerVariantCommands } from './variantCommands';
import { VariantIndex } from './variantIndex';
import { VariantLensProvider } from './variantLens';
import { VARIANTS_VIEW, VariantsTreeProvider } from './variantsTree';

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
    vscode.languages.registerCodeLensProvider({ language: DOTPROMPT_LANGUAGE, scheme: 'file' }, new VariantLensProvider(services, index)),
    ...registerVariantCommands(services, index),
    ...registerEvalCommands(services, index),
  ];
};
