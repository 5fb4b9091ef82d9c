import * as vscode from 'vscode';
import { formatTokenCount, formatUsd } from '../../core/pricing';
import { deltaAgainstBase } from '../../core/variants';
import { promptNameParts } from '../../core/prompt';
import type { Services } from '../services';
import { VARIANT_COMMANDS } from './variantCommands';
import { pathOf, type VariantIndex } from './variantIndex';

export const EVAL_COMMANDS = {
  evaluate: 'promptscope.variants.evaluateMigration',
  openReport: 'promptscope.variants.openEvaluation',
  compare: 'promptscope.variants.compareVariants',
  route: 'promptscope.variants.routeModels',
} as const;

function signed(n: number, text: string): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${text}`;
}

/** The lens line about a variant's size and price against its base: `vs base: −120 tok (−8%) · −$0.0012/call`. */
export function deltaLensText(delta: { tokens?: number; tokensPercent?: number; costPerCall?: number }): string {
  const parts: string[] = [];
  if (delta.tokens !== undefined) {
    const pct = delta.tokensPercent !== undefined ? ` (${signed(delta.tokensPercent, `${Math.abs(Math.round(delta.tokensPercent * 100))}%`)})` : '';
    parts.push(`${signed(delta.tokens, formatTokenCount(Math.abs(delta.tokens)))} tok${pct}`);
  }
  if (delta.costPerCall !== undefined) parts.push(`${signed(delta.costPerCall, formatUsd(Math.abs(delta.costPerCall)))}/call`);
  return parts.length ? `vs base: ${parts.join(' · ')}` : 'vs base: not comparable (a model has no price or count)';
}

/** On a variant file: its delta in tokens and $ against the base, and its evaluation status. */
export class VariantLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;
  /** Whether VS Code has asked for lenses yet: before that, an index refresh has nothing to update. */
  private asked = false;

  constructor(private readonly services: Services, private readonly index: VariantIndex) {
    // Every refresh restarts VS Code's lens debounce for the open editor (for every provider): the
    // index's first build at startup must not hold back the token lenses of the prompt being opened.
    this.onDidChangeCodeLenses = (listener, thisArg, disposables) =>
      index.onDidChange(() => { if (this.asked) listener.call(thisArg); }, undefined, disposables);
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    this.asked = true;
    if (doc.uri.scheme !== 'file' || !this.services.config.codeLensEnabled) return [];
    // A base file (`name.prompt`) is no variant: answer before the index is even built.
    if (promptNameParts(pathOf(doc.uri)).variant === undefined) return [];
    const prompt = await this.index.promptOf(pathOf(doc.uri));
    // Only variants have these lenses. VS Code shows a file's lenses once every provider has
    // answered, so the base must not wait for its logical prompt's overview (each variant rendered
    // and counted on its own model) before the token lenses appear.
    if (!prompt || !prompt.variants.some((v) => v.path === pathOf(doc.uri))) return [];
    const overview = await this.index.overview(prompt);
    const row = overview.rows.find((r) => r.path === pathOf(doc.uri));
    if (!row || row.variant === undefined) return [];
    const base = overview.rows.find((r) => r.variant === undefined);
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    if (base) {
      lenses.push(new vscode.CodeLens(range, { title: deltaLensText(deltaAgainstBase(row, base)), tooltip: `${row.label} on ${row.model ?? '?'} vs base on ${base.model ?? '?'} (default input)`, command: VARIANT_COMMANDS.diffWithBase, arguments: [doc.uri] }));
    }
    const evaluated = await this.index.evaluationOf(prompt, row.label);
    if (evaluated) {
      lenses.push(new vscode.CodeLens(range, { title: evaluated.status.text, tooltip: evaluated.status.verdict, command: EVAL_COMMANDS.openReport, arguments: [evaluated.evaluation.uri] }));
      if (evaluated.status.stale.length) lenses.push(new vscode.CodeLens(range, { title: 'Re-evaluate…', command: EVAL_COMMANDS.evaluate, arguments: [doc.uri] }));
    } else {
      lenses.push(new vscode.CodeLens(range, { title: 'not evaluated: Evaluate Migration…', command: EVAL_COMMANDS.evaluate, arguments: [doc.uri] }));
    }
    lenses.push(new vscode.CodeLens(range, { title: 'Compare Variants', tooltip: `Every variant of ${prompt.name} side by side, each on its own model, over the samples`, command: EVAL_COMMANDS.compare, arguments: [doc.uri] }));
    return lenses;
  }
}
