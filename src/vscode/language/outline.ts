import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from '../languageIds';
import { documentOutline, type OutlineSymbol, type OutlineSymbolKind } from '../../core/prompt';
import { toRange } from '../convert';
import type { Feature, Services } from '../services';

const KIND: Record<OutlineSymbolKind, vscode.SymbolKind> = {
  frontmatter: vscode.SymbolKind.Namespace,
  key: vscode.SymbolKind.Property,
  section: vscode.SymbolKind.Module,
  partial: vscode.SymbolKind.File,
  block: vscode.SymbolKind.Struct,
  heading: vscode.SymbolKind.String,
  examples: vscode.SymbolKind.Array,
};

function toSymbol(doc: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = toRange(doc, s.range);
  const selection = toRange(doc, s.selectionRange);
  const symbol = new vscode.DocumentSymbol(s.name || '(unnamed)', s.detail ?? '', KIND[s.kind], range, range.contains(selection) ? selection : range);
  symbol.children = s.children.map((c) => toSymbol(doc, c));
  return symbol;
}

function flatten(symbols: readonly OutlineSymbol[]): OutlineSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

/** Outline, breadcrumbs and folding per frontmatter, role section, block and examples. */
export const outlineFeature: Feature = (services: Services) => [
  vscode.languages.registerDocumentSymbolProvider(PROMPT_SELECTOR, {
    provideDocumentSymbols(doc) {
      const file = services.documents.get(doc);
      return file ? documentOutline(file).map((s) => toSymbol(doc, s)) : [];
    },
  }, { label: 'Promptscope' }),
  vscode.languages.registerFoldingRangeProvider(PROMPT_SELECTOR, {
    provideFoldingRanges(doc) {
      const file = services.documents.get(doc);
      if (!file) return [];
      const ranges: vscode.FoldingRange[] = [];
      for (const s of flatten(documentOutline(file))) {
        const start = doc.positionAt(s.range.start).line;
        // Stop before a trailing newline so the next section's header stays visible.
        let end = doc.positionAt(s.range.end).line;
        if (end > start && doc.positionAt(s.range.end).character === 0) end--;
        if (end > start) ranges.push(new vscode.FoldingRange(start, end, s.kind === 'frontmatter' ? vscode.FoldingRangeKind.Region : undefined));
      }
      return ranges;
    },
  }),
];
