import * as vscode from 'vscode';
import { formatTokenCount, formatUsd } from '../../core/pricing';
import type { ModelInfo } from '../../core/pricing';

/** One line for completion details: `in $2.50 · out $10 /1M · 128,000 ctx`. */
export function modelDetail(info: ModelInfo): string {
  const ctx = info.contextWindow ? ` · ${formatTokenCount(info.contextWindow)} ctx` : '';
  return `in ${formatUsd(info.inputPerMTok)} · out ${formatUsd(info.outputPerMTok)} /1M${ctx}`;
}

export function modelMarkdown(info: ModelInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${info.id}**${info.name ? ` — ${info.name}` : ''}\n\n`);
  md.appendMarkdown('| | |\n|---|---|\n');
  if (info.contextWindow) md.appendMarkdown(`| Context window | ${formatTokenCount(info.contextWindow)} tokens |\n`);
  if (info.maxOutputTokens) md.appendMarkdown(`| Max output | ${formatTokenCount(info.maxOutputTokens)} tokens |\n`);
  md.appendMarkdown(`| Input | ${formatUsd(info.inputPerMTok)} per 1M tokens |\n`);
  md.appendMarkdown(`| Output | ${formatUsd(info.outputPerMTok)} per 1M tokens |\n`);
  if (info.cacheReadPerMTok !== undefined) md.appendMarkdown(`| Cached input | ${formatUsd(info.cacheReadPerMTok)} per 1M tokens |\n`);
  md.appendMarkdown(`| Tokenizer | ${info.tokenizer} |\n`);
  md.appendMarkdown(`\nPrice source: ${info.source}${info.asOf ? `, as of ${info.asOf}` : ''}${info.sourceUrl ? ` ([source](${info.sourceUrl}))` : ''}${info.matchedBy === 'alias' ? ` — matched as ${info.matchedId}` : ''}`);
  return md;
}
